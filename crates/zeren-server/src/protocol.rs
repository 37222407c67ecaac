//! The messages of the class protocol (docs/class-protocol.md): JSON objects over one WebSocket,
//! each with a `type`. Everything a client sends is checked here or in the hub before it is
//! used; a bad message is answered with an [`Refusal`] and logged.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeren_core::lang::Text;

/// The largest message any client may send (an imported class file, a scenario file).
pub const MAX_MESSAGE_BYTES: usize = 4 << 20;
/// The largest message a connection that is not the instructor's may send.
pub const MAX_TRAINEE_MESSAGE_BYTES: usize = 4 * 1024;
/// The longest name of a trainee or a group, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The longest manual inject, in characters.
pub const MAX_INJECT_CHARS: usize = 1000;
/// The most groups in a class.
pub const MAX_GROUPS: usize = 60;
/// The most members of one group.
pub const MAX_MEMBERS: usize = 30;
/// Joins per group, those who left included (they stay on record).
pub const MAX_JOINS: usize = 4 * MAX_MEMBERS;
/// Wrong join codes or keys a connection may send before it is closed.
pub const MAX_WRONG_SECRETS: u32 = 10;

/// What a client sends.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum In {
    /// The instructor proves the key; the connection then receives every class's board.
    Auth { key: String },
    /// Create a class (instructor).
    CreateClass {
        /// A built-in scenario id, or absent with `source`.
        #[serde(default)]
        scenario: Option<String>,
        /// A scenario file's text.
        #[serde(default)]
        source: Option<String>,
        seed: u64,
        groups: Vec<String>,
        #[serde(default)]
        paced: Paced,
        /// The instructor's settings (zeren-core `Settings` as JSON); defaults when absent.
        #[serde(default)]
        settings: Option<Value>,
        /// Blind: a group sees no verdict before its run ends.
        #[serde(default)]
        blind: bool,
        /// The scenario's role cards in play (ids); all of them when absent, none when empty.
        #[serde(default)]
        roles: Option<Vec<String>>,
    },
    /// A control action on a class (instructor).
    Control {
        class: i64,
        action: Action,
        /// For `lock` and `unlock`: one group; all when absent.
        #[serde(default)]
        group: Option<i64>,
    },
    /// A manual inject to one group or all (instructor).
    Inject {
        class: i64,
        #[serde(default)]
        group: Option<i64>,
        text: String,
    },
    /// The class file (instructor).
    Export { class: i64 },
    /// A class file back in, as a new class with a new code (instructor).
    Import { file: Value },
    /// The groups of a class, by its join code (anyone).
    Lookup { code: String },
    /// Join a group, holding a role card when `role` is given.
    Join {
        code: String,
        name: String,
        group: i64,
        #[serde(default)]
        role: Option<String>,
    },
    /// Come back with the token `joined` gave, receiving the entries after `after`.
    Resume {
        token: String,
        #[serde(default)]
        after: u64,
    },
    /// The group's decision: the option at `decision`, which must be the group's open decision,
    /// the `at`-th (0-based) of its run (a `timeout` is refused: the server applies it).
    Decide {
        decision: String,
        option: String,
        at: usize,
    },
    /// Take a role card in one's group (`null`: give it up).
    TakeRole { role: Option<String> },
    /// Propose an option at the group's open decision, to be voted on by the role-holders.
    Propose {
        decision: String,
        option: String,
        at: usize,
    },
    /// A ballot on the group's open proposal at `at`: `for`, `against` or `abstain`.
    Vote {
        at: usize,
        ballot: zeren_core::engine::Ballot,
    },
    /// The proposer takes their open proposal back.
    Withdraw {},
    /// The member leaves their group for good: their card is freed, their token no longer good.
    Leave {},
    /// Free a role card in a group, whose holder has gone (instructor).
    FreeRole { class: i64, group: i64, role: String },
    /// Keeps a connection alive; answered with `pong`.
    Ping,
}

/// Who paces the class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paced {
    /// Each group decides at its own speed.
    #[default]
    #[serde(rename = "self")]
    SelfPaced,
    /// The instructor releases each decision to all groups.
    Instructor,
}

impl Paced {
    /// The word stored and sent.
    pub fn word(self) -> &'static str {
        match self {
            Paced::SelfPaced => "self",
            Paced::Instructor => "instructor",
        }
    }

    /// From the stored word.
    pub fn from_word(w: &str) -> Paced {
        if w == "instructor" {
            Paced::Instructor
        } else {
            Paced::SelfPaced
        }
    }
}

/// An instructor's control action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Open the class: groups may decide (the first decision is released when instructor-paced).
    Start,
    /// Stop the shared clock: no decisions until `resume`.
    Pause,
    /// Restart the shared clock.
    Resume,
    /// Release the next decision to all groups (instructor-paced).
    Release,
    /// Stop one group (or all) from deciding.
    Lock,
    /// Let it decide again.
    Unlock,
    /// End the exercise.
    End,
}

/// A refusal: a stable code and the reason in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// Stable code (docs/class-protocol.md, "Errors").
    pub code: &'static str,
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Refusal {
    /// A refusal.
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A refusal whose words come from the core.
    pub fn text(code: &'static str, text: Text) -> Refusal {
        Refusal {
            code,
            zh: text.zh,
            en: text.en,
        }
    }

    /// The `error` message.
    pub fn message(&self) -> String {
        serde_json::json!({ "type": "error", "code": self.code, "zh": self.zh, "en": self.en }).to_string()
    }
}

/// Parses a client's message, refusing what is too big, not JSON, or not a known message.
pub fn parse(text: &str, limit: usize) -> Result<In, Refusal> {
    if text.len() > limit {
        return Err(Refusal::new(
            "too_large",
            format!("消息过大（{} 字节，上限 {limit}）", text.len()),
            format!("message too large ({} bytes, at most {limit})", text.len()),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        Refusal::new(
            "bad_message",
            format!("无法识别的消息：{e}"),
            format!("malformed message: {e}"),
        )
    })
}

/// A name checked: trimmed, 1 to [`MAX_NAME_CHARS`] characters, no control characters.
pub fn name(raw: &str, what_zh: &str, what_en: &str) -> Result<String, Refusal> {
    let n = raw.trim();
    let count = n.chars().count();
    if count == 0 || count > MAX_NAME_CHARS || n.chars().any(char::is_control) {
        return Err(Refusal::new(
            "bad_name",
            format!("{what_zh}须为 1–{MAX_NAME_CHARS} 个字符，且不含控制字符"),
            format!("the {what_en} must be 1–{MAX_NAME_CHARS} characters with no control characters"),
        ));
    }
    Ok(n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_malformed_messages_are_refused() {
        for bad in [
            "",
            "{",
            "[]",
            r#"{"type":"nope"}"#,
            r#"{"type":"decide","decision":"d"}"#,
        ] {
            let e = parse(bad, 100).err().map(|r| r.code);
            assert_eq!(e, Some("bad_message"), "{bad}");
        }
        assert_eq!(parse(&" ".repeat(101), 100).err().map(|r| r.code), Some("too_large"));
        assert!(matches!(parse(r#"{"type":"ping"}"#, 100), Ok(In::Ping)));
    }

    #[test]
    fn vote_messages_are_checked() {
        let bad = [
            r#"{"type":"vote","at":0,"ballot":"maybe"}"#,
            r#"{"type":"vote","at":-1,"ballot":"for"}"#,
            r#"{"type":"propose","decision":"d","option":"o"}"#,
            r#"{"type":"take_role","role":7}"#,
            r#"{"type":"free_role","class":1,"role":"r"}"#,
            r#"{"type":"withdraw","now":true}"#,
            r#"{"type":"leave","token":"t"}"#,
        ];
        for m in bad {
            assert_eq!(parse(m, 1000).err().map(|r| r.code), Some("bad_message"), "{m}");
        }
        assert!(matches!(
            parse(r#"{"type":"vote","at":2,"ballot":"abstain"}"#, 1000),
            Ok(In::Vote {
                at: 2,
                ballot: zeren_core::engine::Ballot::Abstain
            })
        ));
        assert!(matches!(
            parse(r#"{"type":"take_role"}"#, 1000),
            Ok(In::TakeRole { role: None })
        ));
        let join = parse(r#"{"type":"join","code":"A","name":"n","group":1}"#, 1000);
        assert!(matches!(join, Ok(In::Join { role: None, .. })));
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(name("  李四 ", "姓名", "name").ok().as_deref(), Some("李四"));
        assert!(name("", "姓名", "name").is_err());
        assert!(name("a\u{7}b", "姓名", "name").is_err());
        assert!(name(&"长".repeat(41), "姓名", "name").is_err());
    }
}
