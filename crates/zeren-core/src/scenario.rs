//! A scenario: what trainees play. An organisation and a system (as in case files), a clock,
//! injects, decision points whose options change the facts, random events, endings. The judge
//! reads the facts so far at every moment, so no verdict is ever written by hand.
//! docs/scenario-format.md is its reference page.

pub mod cond;
#[cfg(feature = "read")]
mod read;
#[cfg(feature = "read")]
mod schema;
#[cfg(feature = "read")]
mod teach;
#[cfg(feature = "read")]
mod upgrade;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::case::{Case, FactKey};
use crate::verdict::Lang;

pub use cond::Cond;
#[cfg(feature = "read")]
pub use read::{code, parse_scenario};
#[cfg(feature = "read")]
pub use schema::schema;
#[cfg(feature = "read")]
pub use upgrade::{Upgrade, upgrade};

/// The word for letting the clock run out at a timed decision, where steps are written as words.
pub const TIMEOUT: &str = "timeout";

/// The newest scenario format version this build reads (and writes with `zeren upgrade`).
/// Format 2 adds the teaching content: objectives, the facilitator guide, role cards, notes and
/// discussion questions, and an ending's lessons; format 1 files are read unchanged.
pub const FORMAT: u64 = 2;

/// The oldest scenario format version this build still reads.
pub const FORMAT_OLDEST: u64 = 1;

/// Chinese text with its English translation, which may be missing (a warning, not an error).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tr {
    /// Chinese, the primary text.
    pub zh: String,
    /// English, if translated.
    pub en: Option<String>,
}

impl Tr {
    /// The text in `lang`, falling back to Chinese.
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.zh,
        }
    }
}

/// A whole scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Format version.
    pub format: u64,
    /// Stable id, e.g. `defacement`.
    pub id: String,
    /// Title.
    pub title: Tr,
    /// A paragraph for the library and the briefing.
    pub summary: Tr,
    /// Who the exercise is for.
    pub audience: Tr,
    /// The part the trainee plays.
    pub role: Tr,
    /// Expected duration in real minutes.
    pub duration_minutes: u64,
    /// The time of day at scenario minute 0, in minutes after midnight, for display.
    pub clock_start: u64,
    /// The first decision point.
    pub start: String,
    /// The organisation, system, initial facts and settings.
    pub base: Case,
    /// The scenario's own state variables and their initial values (booleans or numbers).
    pub vars: BTreeMap<String, Value>,
    /// Random events.
    pub randoms: Vec<Random>,
    /// Facts that grow with the clock.
    pub rates: Vec<Rate>,
    /// Messages that arrive.
    pub injects: Vec<Inject>,
    /// Decision points.
    pub decisions: Vec<DecisionPoint>,
    /// Endings.
    pub endings: Vec<Ending>,
    /// The author's own tests: paths and what they must give (`zeren test`).
    pub tests: Vec<ScenarioTest>,
    /// What the exercise teaches (format 2).
    pub objectives: Vec<Objective>,
    /// How to run the session (format 2).
    pub guide: Option<Guide>,
    /// The posts a group's members play, each with a private briefing (format 2).
    pub role_cards: Vec<RoleCard>,
}

/// A learning objective, tied to the provisions it teaches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// Id, unique among the objectives (for reports that say which were met).
    pub id: String,
    /// What trainees should be able to do or explain afterwards.
    pub text: Tr,
    /// Provision ids of the regulation it teaches, e.g. `art5`, `art8.2.3`.
    pub clauses: Vec<String>,
}

impl Objective {
    /// The items of Article 8 ¶2 among its clauses (`art8.2.1` … `art8.2.7`).
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.clauses
            .iter()
            .map(String::as_str)
            .filter(|c| crate::judge::ITEM_IDS.contains(c))
    }

    /// Whether a run in which the items `fired` fired met the objective: yes when none of its
    /// items fired, no when one did, and `None` when it names no item (a matter for the
    /// discussion, not for the verdict).
    pub fn met<S: AsRef<str>>(&self, fired: &[S]) -> Option<bool> {
        let mut items = self.items().peekable();
        items.peek()?;
        Some(!items.any(|i| fired.iter().any(|f| f.as_ref() == i)))
    }
}

/// The facilitator guide: how to run the session, what to emphasise, and its timing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// How to run it.
    pub text: Tr,
    /// What to emphasise.
    pub emphasis: Option<Tr>,
    /// The session's phases in order, each with its real minutes.
    pub phases: Vec<Phase>,
}

impl Guide {
    /// Real minutes of all phases.
    pub fn minutes(&self) -> u64 {
        self.phases.iter().map(|p| p.minutes).sum()
    }
}

/// One phase of a session: briefing, play, hotwash …
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Real minutes.
    pub minutes: u64,
    /// Its name.
    pub title: Tr,
    /// What happens in it.
    pub text: Option<Tr>,
}

/// A post a group member plays, with a briefing only that member reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleCard {
    /// Id, unique among the role cards.
    pub id: String,
    /// The post: 主要负责人, 网络安全负责人, 新闻发言人 …
    pub post: Tr,
    /// The person of the scenario's organisation this post is, if any.
    pub person: Option<String>,
    /// The private briefing.
    pub briefing: Tr,
}

/// What a facilitator reads at a decision point or an inject: notes and discussion questions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facilitation {
    /// Notes for the facilitator.
    pub notes: Option<Tr>,
    /// Questions for the room (2–4).
    pub questions: Vec<Tr>,
}

impl Facilitation {
    /// True when there is nothing for the facilitator.
    pub fn is_empty(&self) -> bool {
        self.notes.is_none() && self.questions.is_empty()
    }
}

/// A text of an ending's debrief shown only when the items that fired meet its condition: what
/// went right or what went wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// Shown only when every one of these items fired (ids such as `art8.2.3`).
    pub when_fired: Vec<String>,
    /// Shown only when none of these items fired.
    pub when_not_fired: Vec<String>,
    /// Shown only when no item fired at all.
    pub when_clean: bool,
    /// The text.
    pub text: Tr,
}

impl Lesson {
    /// True when the lesson applies to a run in which exactly the items `fired` fired.
    pub fn applies<S: AsRef<str>>(&self, fired: &[S]) -> bool {
        let has = |id: &String| fired.iter().any(|f| f.as_ref() == id);
        (!self.when_clean || fired.is_empty())
            && self.when_fired.iter().all(has)
            && !self.when_not_fired.iter().any(has)
    }
}

/// A test written in a scenario file: play these choices with this seed and expect this.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScenarioTest {
    /// What the test is about.
    pub name: String,
    /// The seed.
    pub seed: u64,
    /// Option ids in order; `timeout` lets a timed decision run out.
    pub choose: Vec<String>,
    /// The items expected to fire, exactly (ids such as `art8.2.1`).
    pub fires: Vec<String>,
    /// The accountable people expected, exactly, as `person:kind`, when given.
    pub accountable: Option<Vec<String>>,
    /// The ending expected, when given.
    pub ending: Option<String>,
}

/// A random event drawn from the session's seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Random {
    /// Id, referred to as `random.ID`.
    pub id: String,
    /// Chance (true with probability p) or a whole number in a range.
    pub kind: RandomKind,
    /// What it stands for, e.g. 攻击者是否卷土重来.
    pub label: Tr,
}

/// The two kinds of random event.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RandomKind {
    /// True with this probability (options may change it before it is first read).
    Chance(f64),
    /// A whole number drawn uniformly from `min..=max`.
    Range(u64, u64),
}

/// A fact that grows by `per_hour` while `when` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// The fact, e.g. `incident.reposts` (or a number variable `vars.x`).
    pub fact: String,
    /// Growth per hour.
    pub per_hour: Amount,
    /// While this holds (always, if absent).
    pub when: Option<Cond>,
}

/// A number, given directly or drawn from a random range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// A fixed number.
    Fixed(f64),
    /// The value drawn for `random.ID`.
    Random(String),
}

/// A message that arrives: at a minute, when a condition first holds, or when an option sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inject {
    /// Id.
    pub id: String,
    /// Arrives at this scenario minute.
    pub at: Option<u64>,
    /// Arrives when this first holds.
    pub when: Option<Cond>,
    /// Who it is from: 监控平台, 网信办, 公安机关, 媒体, the regulator …
    pub from: Tr,
    /// The message; `{incident.reposts}` and the like are replaced by the facts at that moment.
    pub text: Tr,
    /// Notes and discussion questions for the facilitator (format 2).
    pub facilitation: Facilitation,
}

/// Who makes a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    /// One person (an id).
    Person(String),
    /// The leadership team in a meeting.
    Team,
}

/// Real seconds of countdown per scenario minute of a decision's `time_limit`, in solo play and
/// in a live class alike (a limit of 15 scenario minutes gives a minute of real time).
pub const COUNTDOWN_SECONDS_PER_MINUTE: u64 = 4;

/// A decision point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionPoint {
    /// Id.
    pub id: String,
    /// The question put to the trainee.
    pub prompt: Tr,
    /// Who decides.
    pub by: Decider,
    /// Scenario minutes allowed before the default option is taken.
    pub time_limit: Option<u64>,
    /// The option taken when time runs out.
    pub on_timeout: Option<String>,
    /// The options, at least two.
    pub options: Vec<Choice>,
    /// Notes and discussion questions for the facilitator (format 2).
    pub facilitation: Facilitation,
}

/// One option of a decision point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Id, unique within its decision point.
    pub id: String,
    /// What the trainee reads.
    pub label: Tr,
    /// Offered only while this holds.
    pub when: Option<Cond>,
    /// What choosing it does.
    pub effects: Effects,
    /// Where it leads.
    pub next: Next,
    /// Extra effects that apply when their condition holds (all that hold, in order); the first
    /// of them with a destination replaces `next`.
    pub branches: Vec<Branch>,
}

/// Effects and a destination that apply when a condition holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    /// The condition, evaluated before any effect of the option.
    pub when: Cond,
    /// Extra effects.
    pub effects: Effects,
    /// A destination that replaces the option's, if given.
    pub next: Option<Next>,
}

/// Where an option leads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// Another decision point.
    Decision(String),
    /// An ending.
    Ending(String),
}

/// What an option does, in this order: set, add, chance, act, meeting, outcome, inject, advance,
/// then `set_after` (facts set once the clock has moved on, e.g. a report made after hours).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Effects {
    /// Facts or variables set to a value (`"now"` sets a moment to the current minute).
    pub set: Vec<(String, Value)>,
    /// Numbers added to facts or variables.
    pub add: Vec<(String, f64)>,
    /// New probabilities for chance events not yet drawn.
    pub chance: Vec<(String, f64)>,
    /// Who did what.
    pub act: Option<ActSpec>,
    /// A leadership-team meeting and its vote.
    pub meeting: Option<MeetingSpec>,
    /// A plain breach of duty (Art 8 ¶1) the choice commits: (clause id, what happened).
    pub breach: Option<(String, Tr)>,
    /// Text shown after the choice.
    pub outcome: Option<Tr>,
    /// Injects sent now.
    pub inject: Vec<String>,
    /// Minutes the clock moves on.
    pub advance: u64,
    /// Facts or variables set after the clock has moved on.
    pub set_after: Vec<(String, Value)>,
}

impl Effects {
    /// True when the effects change nothing.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
            && self.add.is_empty()
            && self.chance.is_empty()
            && self.act.is_none()
            && self.meeting.is_none()
            && self.breach.is_none()
            && self.inject.is_empty()
            && self.advance == 0
            && self.set_after.is_empty()
    }
}

/// A recorded act: the 当事人 of some facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActSpec {
    /// Person id.
    pub person: String,
    /// Facts it causes.
    pub caused: Vec<FactKey>,
    /// What they did.
    pub note: Tr,
    /// Documented instruction from (person id).
    pub instructed_by: Option<String>,
    /// The decision point whose leadership-team meeting this act carries out.
    pub carries_out: Option<String>,
}

/// A recorded leadership-team meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingSpec {
    /// What was decided.
    pub subject: Tr,
    /// Facts it causes.
    pub caused: Vec<FactKey>,
    /// Who attended.
    pub attended: Vec<String>,
    /// Who dissented.
    pub dissent: Vec<String>,
}

/// An ending with its debrief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ending {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Tr,
    /// The debrief text for this ending.
    pub debrief: Tr,
    /// What went right, each shown when the items that fired meet its condition (format 2).
    pub right: Vec<Lesson>,
    /// What went wrong, likewise (format 2).
    pub wrong: Vec<Lesson>,
}

impl Ending {
    /// What went right and what went wrong in a run that ended here with the items `fired`.
    pub fn lessons<'e, S: AsRef<str>>(&'e self, fired: &[S]) -> (Vec<&'e Tr>, Vec<&'e Tr>) {
        let pick = |ls: &'e [Lesson]| ls.iter().filter(|l| l.applies(fired)).map(|l| &l.text).collect();
        (pick(&self.right), pick(&self.wrong))
    }
}

impl Scenario {
    /// The decision point with this id.
    pub fn decision(&self, id: &str) -> Option<&DecisionPoint> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// The ending with this id.
    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }

    /// The inject with this id.
    pub fn inject(&self, id: &str) -> Option<&Inject> {
        self.injects.iter().find(|i| i.id == id)
    }

    /// The random event with this id.
    pub fn random(&self, id: &str) -> Option<&Random> {
        self.randoms.iter().find(|r| r.id == id)
    }

    /// A scenario minute as a time of day, `HH:MM`, or `+Nd HH:MM` past midnight.
    pub fn time_of_day(&self, minute: u64) -> String {
        let t = self.clock_start.saturating_add(minute);
        let (day, h, m) = (t / 1440, (t % 1440) / 60, t % 60);
        if day == 0 {
            format!("{h:02}:{m:02}")
        } else {
            format!("+{day}d {h:02}:{m:02}")
        }
    }
}

#[cfg(feature = "read")]
/// True when a file's text is a scenario rather than a case: scenarios have a top-level `id`
/// or `[[ending]]` tables, case files have neither.
pub fn is_scenario(source: &str) -> bool {
    let (doc, _) = crate::toml_reader::parse(source);
    doc.get_ref().contains_key("id") || doc.get_ref().contains_key("ending")
}
