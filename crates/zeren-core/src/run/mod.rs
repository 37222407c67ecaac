//! A run on its own: a shared scenario, where it came from, the instructor's settings, the group
//! or trainee who plays it, and the session (seed and events). It travels as a run file
//! ([`mod@file`]) or a run link ([`mod@link`]); both carry the settings and the label, so a run replays
//! to the same verdict anywhere — the browser's exports resume in the CLI and back.

pub mod file;
pub mod link;

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::builtin;
use crate::engine::{EngineError, Event, Live, Session};
use crate::lang::{Text, text};
use crate::limits::{MAX_EVENTS, MAX_LABEL_CHARS, MAX_SAVE_BYTES};
use crate::scenario::Scenario;
use crate::settings::Settings;

pub use file::ScenarioFile;

/// Where a run's scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in scenario, by id.
    Builtin(String),
    /// A scenario file, with its text (a run file carries it, so the run is self-contained).
    File(ScenarioFile),
}

/// A run: a session on a shared scenario, with its source, settings and label. It derefs to its
/// [`Session`] for playing (`choose`, `undo`, `state` …).
#[derive(Clone, Debug)]
pub struct Run {
    session: Session<Arc<Scenario>>,
    /// Where the scenario came from.
    pub source: Source,
    /// The instructor's settings the run is judged under.
    pub settings: Settings,
    /// The group or trainee who plays it, entered at the start of play.
    pub label: Option<String>,
}

impl Run {
    /// A run at the start of `scenario`.
    pub fn new(scenario: Arc<Scenario>, source: Source, seed: u64, settings: Settings) -> Run {
        Run {
            session: Session::new(scenario, seed),
            source,
            settings,
            label: None,
        }
    }

    /// A run of a built-in scenario, or `None` for an unknown id.
    pub fn builtin(id: &str, seed: u64, settings: Settings) -> Option<Run> {
        let scenario = builtin::shared(id)?;
        Some(Run::new(scenario, Source::Builtin(id.to_owned()), seed, settings))
    }

    /// This run with `label`, refused when it is too long.
    pub fn labelled(mut self, label: Option<String>) -> Result<Run, RunError> {
        self.label = check_label(label)?;
        Ok(self)
    }

    /// Replays `events` on a fresh run; the first that no longer applies is reported.
    pub fn replay(fresh: Run, events: &[Event]) -> Result<Run, RunError> {
        if events.len() > MAX_EVENTS {
            return Err(RunError::TooLarge(too_many_events(events.len())));
        }
        let mut run = fresh;
        for (n, e) in events.iter().enumerate() {
            run.session.apply(e.clone()).map_err(|err| RunError::Replay(n, err))?;
        }
        Ok(run)
    }

    /// The scenario, shared.
    pub fn shared(&self) -> &Arc<Scenario> {
        self.session.held()
    }

    /// This run with one more event, or why it cannot be applied (the run is unchanged).
    pub fn with(&self, event: Event) -> Result<Run, EngineError> {
        let mut next = self.clone();
        next.session.apply(event)?;
        Ok(next)
    }

    /// The live verdict under the run's settings.
    pub fn live(&self) -> Live {
        self.state().live(self.scenario(), &self.settings)
    }

    /// True when `self` is the play of `earlier` taken further (or the same): the same source
    /// and seed, and `earlier`'s events are the first of `self`'s. Settings and label may differ
    /// (they are how the play is judged and named, not the play).
    pub fn continues(&self, earlier: &Run) -> bool {
        self.source == earlier.source && self.seed() == earlier.seed() && self.events().starts_with(earlier.events())
    }
}

impl Deref for Run {
    type Target = Session<Arc<Scenario>>;
    fn deref(&self) -> &Self::Target {
        &self.session
    }
}

impl DerefMut for Run {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.session
    }
}

/// Two runs are equal when they would replay alike: same source, seed, settings, label and events.
impl PartialEq for Run {
    fn eq(&self, other: &Run) -> bool {
        self.continues(other)
            && self.events().len() == other.events().len()
            && self.settings == other.settings
            && self.label == other.label
    }
}

/// Finds the scenario of a run file or link: the file it carries, else `given` (a scenario file
/// the caller has, e.g. `zeren replay --scenario FILE`) when its id matches, else the built-in
/// with that id.
fn resolve(
    id: &str,
    carried: Option<ScenarioFile>,
    given: Option<&ScenarioFile>,
) -> Result<(Arc<Scenario>, Source), RunError> {
    if let Some(file) = carried {
        let scenario = parse_file(&file)?;
        if scenario.id != id {
            return Err(RunError::OtherScenario(scenario.id));
        }
        return Ok((Arc::new(scenario), Source::File(file)));
    }
    if let Some(file) = given {
        let scenario = parse_file(file)?;
        if scenario.id == id {
            return Ok((Arc::new(scenario), Source::File(file.clone())));
        }
    }
    match builtin::shared(id) {
        Some(scenario) => Ok((scenario, Source::Builtin(id.to_owned()))),
        None if given.is_some() => Err(RunError::OtherScenario(id.to_owned())),
        None => Err(RunError::UnknownScenario(id.to_owned())),
    }
}

#[cfg(feature = "read")]
fn parse_file(file: &ScenarioFile) -> Result<Scenario, RunError> {
    crate::scenario::parse_scenario(&file.text)
        .0
        .ok_or_else(|| RunError::ScenarioErrors(file.name.clone()))
}

/// Without the reader (the trainee's browser module), a run of a scenario file is refused with
/// [`RunError::NeedsReader`]; the caller opens it where the reader is.
#[cfg(not(feature = "read"))]
fn parse_file(file: &ScenarioFile) -> Result<Scenario, RunError> {
    Err(RunError::NeedsReader(file.name.clone()))
}

fn check_label(label: Option<String>) -> Result<Option<String>, RunError> {
    let label = label.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
    match label {
        Some(l) if l.chars().count() > MAX_LABEL_CHARS => {
            let c = crate::engine::code::LABEL_TOO_LONG;
            Err(RunError::TooLarge(text!(
                "[{c}] 组名或姓名超过 {MAX_LABEL_CHARS} 个字",
                "[{c}] the group or trainee name is longer than {MAX_LABEL_CHARS} characters"
            )))
        }
        other => Ok(other),
    }
}

fn too_many_events(n: usize) -> Text {
    let c = crate::engine::code::TOO_MANY_EVENTS;
    text!(
        "[{c}] 有 {n} 步，超过一次推演的上限 {MAX_EVENTS} 步",
        "[{c}] it holds {n} events, more than the {MAX_EVENTS} a run may hold"
    )
}

fn too_large(bytes: usize) -> Text {
    let (c, kb, max) = (crate::engine::code::TOO_LARGE, bytes / 1024, MAX_SAVE_BYTES / 1024);
    text!(
        "[{c}] 有 {kb} KB，超过上限 {max} KB",
        "[{c}] it is {kb} KB, more than the {max} KB a run file may be"
    )
}

/// Why a run file or run link cannot be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The text is not a run file or run link.
    Corrupt(String),
    /// The run file is of a newer format than this build reads.
    Newer(u64),
    /// The file is a class file (the hotwash's or a live class's), not a run file.
    ClassFile,
    /// The text, the events or the label exceed the limits.
    TooLarge(Text),
    /// No built-in scenario has this id, and no scenario file was given.
    UnknownScenario(String),
    /// The run belongs to another scenario than the one given.
    OtherScenario(String),
    /// The scenario file in the run (or the one given) has errors.
    ScenarioErrors(String),
    /// The run's scenario file cannot be read in this build (the trainee's browser module has no
    /// scenario reader).
    NeedsReader(String),
    /// A setting in a run link is unknown or has an impossible value.
    BadSetting(String),
    /// An event no longer applies (the scenario changed since).
    Replay(usize, EngineError),
}

impl RunError {
    /// What went wrong, in both languages. The reader's own words about a damaged file are
    /// technical and in English: the Chinese gives them as a technical note.
    pub fn text(&self) -> Text {
        match self {
            RunError::Corrupt(why) => text!(
                "这不是可读取的 Zeren 推演记录（读取器的技术说明：{why}）",
                "not a readable Zeren run: {why}"
            ),
            RunError::ClassFile => text!(
                "这是班级文件，不是单次推演记录：请在网页版的“全班对比”中导入",
                "this is a class file, not a run file: import it in the web app's Class screen"
            ),
            RunError::Newer(format) => {
                let ours = file::FORMAT;
                text!(
                    "推演记录的格式 {format} 比本程序能读取的格式 {ours} 新：请用新版 Zeren 打开",
                    "run file format {format} is newer than this Zeren reads ({ours}): open it with a newer Zeren"
                )
            }
            RunError::TooLarge(why) => {
                let (zh, en) = (&why.zh, &why.en);
                text!("推演记录过大：{zh}", "the run is too large: {en}")
            }
            RunError::UnknownScenario(id) => text!(
                "没有内置场景 `{id}`：请同时提供该场景文件",
                "no built-in scenario `{id}`: give its scenario file too"
            ),
            RunError::OtherScenario(id) => text!("这个推演记录属于场景 `{id}`", "the run belongs to scenario `{id}`"),
            RunError::ScenarioErrors(name) => {
                text!("场景文件 `{name}` 有错误", "the scenario file `{name}` has errors")
            }
            RunError::NeedsReader(name) => text!(
                "场景文件 `{name}` 需在完整版中打开",
                "the scenario file `{name}` opens in the full app"
            ),
            RunError::BadSetting(s) => text!(
                "推演链接中的设置 `{s}` 无法识别",
                "unknown setting `{s}` in the run link"
            ),
            RunError::Replay(n, e) => {
                let (n, zh, en) = (n + 1, e.text().zh, e.text().en);
                text!("第 {n} 步已不再适用：{zh}", "step {n} no longer applies: {en}")
            }
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for RunError {}

#[cfg(test)]
mod tests {
    use super::Run;
    use crate::engine::{Ballot, Event, Vote};
    use crate::settings::Settings;

    /// defacement up to its emergency meeting, then `cover_story` decided by a vote in which the
    /// member in charge (`li`, who attended) voted `ballot`.
    fn cover_story(ballot: Ballot) -> Run {
        let mut run = Run::builtin("defacement", 6, Settings::default()).expect("built in");
        run.choose("escalate").expect("offered");
        run.choose("maintenance").expect("offered");
        let vote = Vote {
            proposed_by: "main-leader".into(),
            ballots: [
                ("main-leader".to_owned(), Ballot::For),
                ("member-in-charge".to_owned(), ballot),
            ]
            .into(),
        };
        run.apply(Event::Choose {
            decision: "meeting".into(),
            option: "cover_story".into(),
            vote: Some(vote),
        })
        .expect("offered");
        run
    }

    fn li_accountable(run: &Run) -> bool {
        run.live().verdict.accountable.iter().any(|r| r.person == "li")
    }

    #[test]
    fn a_vote_against_at_a_meeting_is_a_dissent() {
        let (against, for_) = (cover_story(Ballot::Against), cover_story(Ballot::For));
        assert!(li_accountable(&for_));
        // A7 = excused by default: the dissenter is not accountable for the meeting's items.
        assert!(!li_accountable(&against));
        assert!(against.live().verdict.exempt.iter().any(|e| e.person == "li"));
        assert_eq!(against.state().voted_dissent, [(2, "li".to_owned())]);
        assert!(for_.state().voted_dissent.is_empty());
    }

    #[test]
    fn votes_travel_in_the_run_file_and_replay_alike() {
        let run = cover_story(Ballot::Against);
        let file = run.to_file();
        assert!(file.contains(r#""vote":{"proposed_by":"main-leader""#), "{file}");
        let back = Run::from_file(&file, None).expect("reads back");
        assert_eq!(back, run);
        assert_eq!(back.live(), run.live());
        // A step without a vote writes no `vote` field: old readers and old files agree.
        assert!(!file.contains(r#""option":"escalate","vote""#));
    }

    #[test]
    fn a_vote_naming_an_unknown_role_is_refused() {
        let mut run = Run::builtin("defacement", 6, Settings::default()).expect("built in");
        let e = run
            .apply(Event::Choose {
                decision: "verify".into(),
                option: "escalate".into(),
                vote: Some(Vote {
                    proposed_by: "boss".into(),
                    ballots: Default::default(),
                }),
            })
            .expect_err("refused");
        assert!(e.text().en.contains("`boss`"), "{e}");
        assert!(run.events().is_empty());
    }

    /// A run can move to another thread (the class server keeps runs across tasks).
    #[test]
    fn a_run_is_send_and_sync() {
        fn both<T: Send + Sync>() {}
        both::<super::Run>();
    }
}
