//! The run link: a run in the address of the app,
//! `#run=ID&seed=S&steps=STEPS[&set=NAME:VALUE,…][&label=NAME][&votes=VOTES]`.
//!
//! Steps are option ids, `~` for a timeout and `!` with the hex of UTF-8 for an instructor's
//! reason, joined by `.`. `set` lists the parameters and readings that differ from the defaults
//! (`handling_deadline:90,a1:both`); `label` is the group's or trainee's name, percent-encoded.
//! A scenario file's text is not in the link: replaying one needs the file. `votes` holds the
//! team votes of the steps decided by vote: `STEP:PROPOSER:ROLE*B:ROLE*B…`, joined by `,`, with
//! STEP the step's place (0-based), role ids percent-encoded, B `f`, `a` or `x` (for, against,
//! abstain).

use super::{Run, RunError, ScenarioFile, resolve};
use std::collections::BTreeMap;

use crate::engine::{At, Ballot, EngineError, Event, Vote};
use crate::limits::MAX_LINK_BYTES;
use crate::params::{PARAMS, READINGS, param, reading};
use crate::settings::Settings;

/// The compact form of a list of events used in run links.
pub fn encode_steps(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| match e {
            Event::Choose { option, .. } => option.clone(),
            Event::Timeout { .. } => "~".to_owned(),
            Event::Instructor { reason } => format!("!{}", hex(reason.as_bytes())),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn ballot_letter(b: Ballot) -> &'static str {
    match b {
        Ballot::For => "f",
        Ballot::Against => "a",
        Ballot::Abstain => "x",
    }
}

/// The votes of the steps decided by vote, as `STEP:PROPOSER:ROLE*B…` joined by `,`.
pub fn encode_votes(events: &[Event]) -> String {
    events
        .iter()
        .enumerate()
        .filter_map(|(n, e)| match e {
            Event::Choose { vote: Some(v), .. } => {
                let ballots = v
                    .ballots
                    .iter()
                    .map(|(role, b)| format!(":{}*{}", percent_encode(role), ballot_letter(*b)));
                Some(format!(
                    "{n}:{}{}",
                    percent_encode(&v.proposed_by),
                    ballots.collect::<String>()
                ))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_votes(list: &str) -> Result<BTreeMap<usize, Vote>, RunError> {
    let mut votes = BTreeMap::new();
    for item in list.split(',').filter(|i| !i.is_empty()) {
        let bad = || corrupt("votes", item);
        let mut parts = item.split(':');
        let step: usize = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let proposed_by = parts.next().and_then(percent_decode).ok_or_else(bad)?;
        let mut vote = Vote {
            proposed_by,
            ballots: BTreeMap::new(),
        };
        for b in parts {
            let (role, letter) = b.split_once('*').ok_or_else(bad)?;
            let ballot = match letter {
                "f" => Ballot::For,
                "a" => Ballot::Against,
                "x" => Ballot::Abstain,
                _ => return Err(bad()),
            };
            vote.ballots.insert(percent_decode(role).ok_or_else(bad)?, ballot);
        }
        votes.insert(step, vote);
    }
    Ok(votes)
}

/// The settings that differ from the defaults, as `NAME:VALUE` joined by `,`.
pub fn encode_settings(s: &Settings) -> String {
    let params = PARAMS
        .iter()
        .filter(|p| (p.get)(&s.params) != p.default)
        .map(|p| format!("{}:{}", p.name, (p.get)(&s.params)));
    let readings = READINGS
        .iter()
        .filter(|r| (r.get)(&s.readings) != 0)
        .map(|r| format!("{}:{}", r.id, r.values[1]));
    params.chain(readings).collect::<Vec<_>>().join(",")
}

impl Run {
    /// The run link's hash (`#run=…`).
    pub fn link(&self) -> String {
        let mut link = format!(
            "#run={}&seed={}&steps={}",
            self.scenario().id,
            self.seed(),
            encode_steps(self.events())
        );
        let set = encode_settings(&self.settings);
        if !set.is_empty() {
            link.push_str(&format!("&set={set}"));
        }
        if let Some(label) = &self.label {
            link.push_str(&format!("&label={}", percent_encode(label)));
        }
        let votes = encode_votes(self.events());
        if !votes.is_empty() {
            link.push_str(&format!("&votes={votes}"));
        }
        link
    }

    /// Replays a run link: the whole address or only its hash. A scenario that is not built
    /// in is taken from `given` when its id matches.
    pub fn from_link(link: &str, given: Option<&ScenarioFile>) -> Result<Run, RunError> {
        if link.len() > MAX_LINK_BYTES {
            return Err(RunError::TooLarge(EngineError::LinkTooLong(link.len()).text()));
        }
        let query = link.rsplit_once('#').map_or(link, |(_, hash)| hash);
        // The app's address puts the screen first: `#/debrief/run=…`.
        let query = match query.strip_prefix('/') {
            Some(path) => path.split_once('/').map_or("", |(_, q)| q),
            None => query,
        };
        let (mut id, mut seed, mut steps, mut settings, mut label) =
            (None, None, String::new(), Settings::default(), None);
        let mut votes = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "run" => id = Some(value),
                "seed" => seed = Some(value.parse::<u64>().map_err(|_| corrupt("seed", value))?),
                "steps" => steps = percent_decode(value).ok_or_else(|| corrupt("steps", value))?,
                "set" => settings = decode_settings(value)?,
                "label" => label = Some(percent_decode(value).ok_or_else(|| corrupt("label", value))?),
                "votes" => votes = decode_votes(value)?,
                // Keys of later versions are ignored, as unknown fields of a run file are.
                _ => {}
            }
        }
        let id = id.ok_or_else(|| RunError::Corrupt("no `run=` in the link".into()))?;
        let (scenario, source) = resolve(id, None, given)?;
        let mut run = Run::new(scenario, source, seed.unwrap_or(1), settings).labelled(label)?;
        for (n, step) in steps.split('.').filter(|s| !s.is_empty()).enumerate() {
            let result = if step == "~" {
                run.time_out()
            } else if let Some(hex) = step.strip_prefix('!') {
                let reason = unhex(hex).and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
                run.apply(Event::Instructor { reason })
            } else if let Some(vote) = votes.remove(&n) {
                match run.state().at.clone() {
                    At::Decision(decision) => run.apply(Event::Choose {
                        decision,
                        option: step.to_owned(),
                        vote: Some(vote),
                    }),
                    At::Ending(_) => Err(EngineError::Ended),
                }
            } else {
                run.choose(step)
            };
            result.map_err(|e| RunError::Replay(n, e))?;
        }
        // A vote for a step that is not a choice has nowhere to go.
        if let Some(n) = votes.keys().next() {
            return Err(RunError::Corrupt(format!(
                "`votes` names step {} that is not a choice",
                n + 1
            )));
        }
        Ok(run)
    }
}

fn corrupt(key: &str, value: &str) -> RunError {
    let value: String = value.chars().take(40).collect();
    RunError::Corrupt(format!("`{key}={value}` cannot be read"))
}

fn decode_settings(list: &str) -> Result<Settings, RunError> {
    let mut s = Settings::default();
    for item in list.split(',').filter(|i| !i.is_empty()) {
        let (name, value) = item.split_once(':').unwrap_or((item, ""));
        let known = match (param(name), reading(name)) {
            (Some(_), _) => crate::params::value_of(value).is_some_and(|v| s.params.set(name, v)),
            (None, Some(_)) => s.readings.set(name, value),
            (None, None) => false,
        };
        if !known {
            return Err(RunError::BadSetting(item.chars().take(60).collect()));
        }
    }
    Ok(s)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

/// Keeps ASCII letters, digits and `-_.~`; writes every other byte as `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let pair = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(pair, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::At;
    use crate::params::A7;

    #[test]
    fn a_run_link_carries_the_team_votes() {
        let Some(mut run) = Run::builtin("defacement", 6, Settings::default()) else {
            panic!()
        };
        let vote = Vote {
            proposed_by: "main-leader".into(),
            ballots: [
                ("main-leader".to_owned(), Ballot::For),
                ("member-in-charge".to_owned(), Ballot::Against),
                ("spokesperson".to_owned(), Ballot::Abstain),
            ]
            .into(),
        };
        assert!(run.choose("escalate").is_ok() && run.choose("maintenance").is_ok());
        let step = Event::Choose {
            decision: "meeting".into(),
            option: "cover_story".into(),
            vote: Some(vote),
        };
        assert!(run.apply(step).is_ok());
        let link = run.link();
        assert!(
            link.ends_with("&votes=2:main-leader:main-leader*f:member-in-charge*a:spokesperson*x"),
            "{link}"
        );
        let Ok(back) = Run::from_link(&link, None) else {
            panic!("{link}")
        };
        assert_eq!(back, run);
        assert_eq!(back.events(), run.events());
        assert_eq!(back.live(), run.live());
        // Damaged or misplaced votes are refused, not dropped.
        let base = link.split("&votes=").next().unwrap_or_default().to_owned();
        for bad in [
            "2:main-leader:x*q",
            "9:main-leader",
            "zz",
            "2:nobody",
            "2:main-leader:x",
        ] {
            assert!(Run::from_link(&format!("{base}&votes={bad}"), None).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_run_link_round_trips_with_settings_label_and_every_kind_of_step() {
        let mut settings = Settings::default();
        settings.readings.a7 = A7::Mitigation;
        settings.params.report_deadline_other = 45;
        let Some(Ok(mut run)) =
            Run::builtin("defacement", 4, settings).map(|r| r.labelled(Some("第 2 组 & co".into())))
        else {
            panic!()
        };
        assert!(
            run.apply(Event::Instructor {
                reason: "擅自外传. 数据".into()
            })
            .is_ok()
        );
        let At::Decision(d) = run.state().at.clone() else {
            panic!()
        };
        assert!(run.apply(Event::Timeout { decision: d }).is_ok());
        assert!(run.choose("maintenance").is_ok());
        let link = run.link();
        assert!(link.contains("&set=report_deadline_other:45,a7:mitigation"), "{link}");
        let back = Run::from_link(&format!("http://room.local:8080/index.html{link}"), None);
        assert_eq!(back.as_ref().ok(), Some(&run));
        // As the app's address carries it, after the screen's name.
        let address = format!("#/debrief/{}", &link[1..]);
        assert_eq!(Run::from_link(&address, None).ok().as_ref(), Some(&run));
        assert_eq!(back.map(|b| b.state().clone()).ok(), Some(run.state().clone()));
    }

    #[test]
    fn bad_links_are_refused_with_a_reason() {
        assert!(matches!(Run::from_link("#seed=1", None), Err(RunError::Corrupt(_))));
        assert!(matches!(
            Run::from_link("#run=nowhere", None),
            Err(RunError::UnknownScenario(_))
        ));
        assert!(matches!(
            Run::from_link("#run=defacement&seed=x", None),
            Err(RunError::Corrupt(_))
        ));
        assert!(matches!(
            Run::from_link("#run=defacement&set=a1:never", None),
            Err(RunError::BadSetting(_))
        ));
        // A parameter is bounded as in files and on the settings screen.
        assert!(matches!(
            Run::from_link("#run=defacement&set=handling_deadline:10000000000001", None),
            Err(RunError::BadSetting(_))
        ));
        assert!(matches!(
            Run::from_link("#run=defacement&label=%E4%", None),
            Err(RunError::Corrupt(_))
        ));
        assert!(matches!(
            Run::from_link("#run=defacement&steps=escalate.nonsense", None),
            Err(RunError::Replay(1, _))
        ));
        let long = format!("#run=defacement&steps={}", "a.".repeat(MAX_LINK_BYTES));
        assert!(matches!(Run::from_link(&long, None), Err(RunError::TooLarge(_))));
    }

    #[test]
    fn percent_encoding_round_trips() {
        for s in ["第一组", "a b&c=d%", "plain-1_2.3~"] {
            assert_eq!(percent_decode(&percent_encode(s)).as_deref(), Some(s));
        }
    }
}
