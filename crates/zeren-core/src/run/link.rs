//! The run link: a run in the address of the app,
//! `#run=ID&seed=S&steps=STEPS[&set=NAME:VALUE,…][&label=NAME]`.
//!
//! Steps are option ids, `~` for a timeout and `!` with the hex of UTF-8 for an instructor's
//! reason, joined by `.`. `set` lists the parameters and readings that differ from the defaults
//! (`handling_deadline:90,a1:both`); `label` is the group's or trainee's name, percent-encoded.
//! A scenario file's text is not in the link: replaying one needs the file.

use super::{Run, RunError, ScenarioFile, resolve};
use crate::engine::{EngineError, Event};
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
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "run" => id = Some(value),
                "seed" => seed = Some(value.parse::<u64>().map_err(|_| corrupt("seed", value))?),
                "steps" => steps = percent_decode(value).ok_or_else(|| corrupt("steps", value))?,
                "set" => settings = decode_settings(value)?,
                "label" => label = Some(percent_decode(value).ok_or_else(|| corrupt("label", value))?),
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
            } else {
                run.choose(step)
            };
            result.map_err(|e| RunError::Replay(n, e))?;
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
            (Some(_), _) => value.parse::<u64>().is_ok_and(|v| s.params.set(name, v)),
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
