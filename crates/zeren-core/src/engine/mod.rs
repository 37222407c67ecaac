//! Playing a scenario. A session is a scenario, a seed and the list of events so far; its state
//! is a pure fold of `apply` over the events. That gives undo, replay, save and resume.
//!
//! Randomness: each random event's draw comes from its own ChaCha8 stream seeded by the session
//! seed and the event's id, so it is identical on every platform, and does not depend on the
//! order in which events are read.

use serde::{Deserialize, Serialize};

use crate::lang::{Text, text};
use crate::limits::{MAX_EVENTS, MAX_LINK_BYTES, MAX_REASON_CHARS};
use crate::scenario::Tr;

impl Event {
    /// Choosing `option` at `decision`, with no vote.
    pub fn choose(decision: impl Into<String>, option: impl Into<String>) -> Event {
        Event::Choose {
            decision: decision.into(),
            option: option.into(),
            vote: None,
        }
    }
}

/// Something that happens in a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// The trainee (or the team) chose an option at the current decision point.
    Choose {
        /// The decision point.
        decision: String,
        /// The option.
        option: String,
        /// How the team voted on it, when a group decided it by vote (left out otherwise).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vote: Option<Vote>,
    },
    /// Time ran out at the current decision point; its `on_timeout` option is taken.
    Timeout {
        /// The decision point.
        decision: String,
    },
    /// The instructor fires (七) with a reason.
    Instructor {
        /// Why.
        reason: String,
    },
}

/// Why an event cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    /// The session has ended.
    Ended,
    /// The event names a decision point other than the current one.
    NotCurrent {
        /// The current decision point.
        current: String,
    },
    /// The option does not exist or is not offered now.
    NotOffered {
        /// The option.
        option: String,
    },
    /// The decision point has no time limit.
    NoTimeout,
    /// The scenario is broken (an option leads nowhere known): what is missing.
    Broken(Text),
    /// The run already holds [`MAX_EVENTS`] events (E0001).
    TooManyEvents,
    /// An instructor's reason longer than [`MAX_REASON_CHARS`] characters (E0002).
    ReasonTooLong,
    /// A run link longer than [`MAX_LINK_BYTES`] bytes (E0003).
    LinkTooLong(usize),
    /// A vote names a role the scenario does not have.
    BadVote(Text),
}

/// The codes of the limits a run meets, as listed in docs/scenario-format.md.
pub mod code {
    /// Too many events in one run.
    pub const TOO_MANY_EVENTS: &str = "E0001";
    /// An instructor's reason too long.
    pub const REASON_TOO_LONG: &str = "E0002";
    /// A save or run link too large to read.
    pub const TOO_LARGE: &str = "E0003";
    /// A group or trainee name too long.
    pub const LABEL_TOO_LONG: &str = "E0004";
}

impl EngineError {
    /// What went wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            EngineError::Ended => text!("推演已经结束", "the exercise has ended"),
            EngineError::NotCurrent { current } => {
                text!("当前的决策点是 `{current}`", "the current decision is `{current}`")
            }
            EngineError::NotOffered { option } => {
                text!("此时不能选择选项 `{option}`", "option `{option}` is not offered now")
            }
            EngineError::NoTimeout => text!("这个决策点没有时限", "this decision has no time limit"),
            EngineError::Broken(why) => {
                let (zh, en) = (&why.zh, &why.en);
                text!("场景有缺陷：{zh}", "the scenario is broken: {en}")
            }
            EngineError::TooManyEvents => {
                let c = code::TOO_MANY_EVENTS;
                text!(
                    "[{c}] 一次推演最多 {MAX_EVENTS} 步，这次推演已满",
                    "[{c}] a run holds at most {MAX_EVENTS} events; this one is full"
                )
            }
            EngineError::ReasonTooLong => {
                let c = code::REASON_TOO_LONG;
                text!(
                    "[{c}] 理由最多 {MAX_REASON_CHARS} 个字",
                    "[{c}] a reason may be at most {MAX_REASON_CHARS} characters"
                )
            }
            EngineError::BadVote(why) => {
                let (zh, en) = (&why.zh, &why.en);
                text!("表决记录有误：{zh}", "the vote is wrong: {en}")
            }
            EngineError::LinkTooLong(n) => {
                let c = code::TOO_LARGE;
                text!(
                    "[{c}] 推演链接有 {n} 字节，超过上限 {MAX_LINK_BYTES} 字节",
                    "[{c}] the run link is {n} bytes, more than the {MAX_LINK_BYTES} a link may be"
                )
            }
        }
    }
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for EngineError {}

/// Where the session stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum At {
    /// Waiting for a decision.
    Decision(String),
    /// Over, at this ending.
    Ending(String),
}

/// One line of the transcript.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Scenario minute.
    pub minute: u64,
    /// What happened.
    pub what: EntryKind,
}

/// What a transcript line records.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryKind {
    /// A message arrived.
    Inject {
        /// Inject id.
        id: String,
        /// From whom.
        from: Tr,
        /// The text with facts filled in.
        text: Tr,
    },
    /// A decision was made.
    Decision {
        /// Decision point.
        decision: String,
        /// Option chosen.
        option: String,
        /// Its label.
        label: Tr,
        /// True when time ran out and the default was taken.
        timed_out: bool,
    },
    /// What followed from a choice.
    Outcome {
        /// The text.
        text: Tr,
    },
    /// The instructor fired (七).
    Instructor {
        /// Why.
        reason: String,
    },
    /// The session ended.
    Ending {
        /// Ending id.
        id: String,
        /// Its title.
        title: Tr,
    },
}

mod session;
mod state;
pub mod vote;

pub use crate::scenario::TIMEOUT;
pub use session::Session;
pub use state::{Live, RISK_HORIZON, State};
pub use vote::{Ballot, Vote};
