//! Conditions in scenario files: a small language an instructor can read aloud.
//!
//! ```text
//! condition := all (" or " all)*
//! all       := term (" and " term)*
//! term      := ["not "] subject [op number]        op: >= <= > < == !=
//! subject   := clock | incident.FIELD | conduct.FIELD | vars.NAME
//!            | random.ID | chose.DECISION.OPTION
//! ```
//!
//! A subject alone is true when it is non-zero (true, a moment that has happened, a drawn chance
//! that came up). `true` and `false` stand for 1 and 0.

#[cfg(feature = "read")]
use std::ops::Range;

use serde::{Deserialize, Serialize};

#[cfg(feature = "read")]
use crate::facts;
#[cfg(feature = "read")]
use crate::lang::{Text, text};
#[cfg(feature = "read")]
use crate::toml_reader::{did_you_mean, did_you_mean_hint, listed, noun};

/// A parsed condition: any of several all-of lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cond {
    /// The text as written, for display.
    pub text: String,
    /// OR of ANDs.
    pub any: Vec<Vec<Term>>,
}

/// One test in a condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// `not` in front.
    pub negated: bool,
    /// What is tested.
    pub subject: Subject,
    /// How; `None` means "is non-zero".
    pub compare: Option<(Op, f64)>,
}

/// What a condition reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The scenario clock in minutes.
    Clock,
    /// A fact path such as `incident.reposts`.
    Fact(String),
    /// A scenario variable.
    Var(String),
    /// A random event's outcome (1/0 for a chance, the number for a range).
    Random(String),
    /// Whether this option of this decision was chosen.
    Chose(String, String),
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

#[cfg(feature = "read")]
const OPS: [(&str, Op); 6] = [
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    (">", Op::Gt),
    ("<", Op::Lt),
];

#[cfg(feature = "read")]
/// The names a condition may use, for checking it when the file is read.
pub struct Names<'a> {
    /// Scenario variables.
    pub vars: Vec<&'a str>,
    /// Random events.
    pub randoms: Vec<&'a str>,
    /// Decision points with their options.
    pub choices: Vec<(&'a str, Vec<&'a str>)>,
}

#[cfg(feature = "read")]
/// A problem in a condition: the byte range within the condition text, a message, a hint.
pub type CondError = (Range<usize>, Text, Option<Text>);

/// Gives the current value of a subject; `None` when it has no value (a moment not yet reached).
pub trait Env {
    /// The value of `subject`.
    fn value(&self, subject: &Subject) -> Option<f64>;
}

impl Cond {
    #[cfg(feature = "read")]
    /// Parses `text`, checking every name against `names`.
    pub fn parse(text: &str, names: &Names<'_>) -> Result<Cond, Vec<CondError>> {
        let mut errors = Vec::new();
        let mut any = Vec::new();
        for (or_start, alternative) in split(text, 0, " or ") {
            let mut all = Vec::new();
            for (start, raw) in split(alternative, or_start, " and ") {
                match term(raw, start, names) {
                    Ok(t) => all.push(t),
                    Err(e) => errors.push(e),
                }
            }
            any.push(all);
        }
        if errors.is_empty() {
            Ok(Cond {
                text: text.to_owned(),
                any,
            })
        } else {
            Err(errors)
        }
    }

    /// Whether the condition holds.
    pub fn holds(&self, env: &dyn Env) -> bool {
        self.any.iter().any(|all| all.iter().all(|t| t.holds(env)))
    }
}

impl Term {
    fn holds(&self, env: &dyn Env) -> bool {
        let v = env.value(&self.subject);
        let result = match (v, self.compare) {
            (None, _) => false,
            (Some(v), None) => v != 0.0,
            (Some(v), Some((op, rhs))) => match op {
                Op::Ge => v >= rhs,
                Op::Le => v <= rhs,
                Op::Gt => v > rhs,
                Op::Lt => v < rhs,
                Op::Eq => v == rhs,
                Op::Ne => v != rhs,
            },
        };
        result != self.negated
    }
}

#[cfg(feature = "read")]
/// Splits `text` on `sep`, keeping each piece's offset (relative to the original string).
fn split<'t>(text: &'t str, base: usize, sep: &str) -> Vec<(usize, &'t str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(sep) {
        out.push((base + start, &text[start..i]));
        start = i + sep.len();
    }
    out.push((base + start, &text[start..]));
    out
}

#[cfg(feature = "read")]
fn term(raw: &str, start: usize, names: &Names<'_>) -> Result<Term, CondError> {
    let lead = raw.len() - raw.trim_start().len();
    let (mut start, mut text) = (start + lead, raw.trim());
    let negated = text.starts_with("not ");
    if negated {
        start += 4;
        text = text[4..].trim_start();
    }
    let (subject_text, compare) = match OPS.iter().find_map(|(s, op)| text.find(s).map(|i| (i, *s, *op))) {
        Some((i, s, op)) => {
            let rhs = text[i + s.len()..].trim();
            let number = match rhs {
                "true" => Some(1.0),
                "false" => Some(0.0),
                _ => rhs.parse::<f64>().ok(),
            };
            let Some(n) = number else {
                let at = start + i + s.len();
                return Err((
                    at..start + text.len(),
                    text!("`{rhs}` 不是数字", "`{rhs}` is not a number"),
                    Some(text!(
                        "请与数字、`true` 或 `false` 比较",
                        "compare with a number, `true` or `false`"
                    )),
                ));
            };
            (text[..i].trim(), Some((op, n)))
        }
        None => (text, None),
    };
    let span = start..start + subject_text.len();
    subject(subject_text, names)
        .map(|subject| Term {
            negated,
            subject,
            compare,
        })
        .map_err(|(msg, hint)| (span, msg, hint))
}

#[cfg(feature = "read")]
fn subject(text: &str, names: &Names<'_>) -> Result<Subject, (Text, Option<Text>)> {
    let unknown = |what: crate::toml_reader::Noun, word: &str, candidates: Vec<&str>| {
        let hint = did_you_mean(word, candidates.iter().copied())
            .map(did_you_mean_hint)
            .or_else(|| {
                (!candidates.is_empty()).then(|| {
                    let (zh, en) = listed(candidates.iter().copied());
                    text!("已有的：{zh}", "known: {en}")
                })
            });
        let (zh, en) = (what.zh, what.en);
        Err((text!("没有名为 `{word}` 的{zh}", "unknown {en} `{word}`"), hint))
    };
    let (head, rest) = text.split_once('.').unwrap_or((text, ""));
    match head {
        "clock" if rest.is_empty() => Ok(Subject::Clock),
        "incident" | "conduct" => {
            if facts::fact_type(text).is_some() {
                Ok(Subject::Fact(text.to_owned()))
            } else {
                unknown(
                    noun("事实", "fact"),
                    text,
                    facts::FACTS.iter().map(|(p, _)| *p).collect(),
                )
            }
        }
        "vars" => {
            if names.vars.contains(&rest) {
                Ok(Subject::Var(rest.to_owned()))
            } else {
                unknown(noun("变量", "variable"), rest, names.vars.clone())
            }
        }
        "random" => {
            if names.randoms.contains(&rest) {
                Ok(Subject::Random(rest.to_owned()))
            } else {
                unknown(noun("随机事件", "random event"), rest, names.randoms.clone())
            }
        }
        "chose" => {
            let (decision, option) = rest.split_once('.').unwrap_or((rest, ""));
            match names.choices.iter().find(|(d, _)| *d == decision) {
                Some((_, options)) if options.contains(&option) => {
                    Ok(Subject::Chose(decision.to_owned(), option.to_owned()))
                }
                Some((_, options)) => unknown(noun("选项", "option"), option, options.clone()),
                None => unknown(
                    noun("决策点", "decision"),
                    decision,
                    names.choices.iter().map(|(d, _)| *d).collect(),
                ),
            }
        }
        _ => Err((
            text!(
                "条件中不能读取 `{text}`",
                "`{text}` is not something a condition can read"
            ),
            Some(text!(
                "可读取 `clock`、`incident.…`、`conduct.…`、`vars.…`、`random.…` 或 `chose.决策点.选项`",
                "use clock, incident.…, conduct.…, vars.…, random.… or chose.DECISION.OPTION"
            )),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Env for Fixed {
        fn value(&self, s: &Subject) -> Option<f64> {
            match s {
                Subject::Clock => Some(90.0),
                Subject::Fact(p) if p == "incident.report_minutes" => None,
                Subject::Fact(_) => Some(12_000.0),
                Subject::Var(_) => Some(1.0),
                Subject::Random(_) => Some(0.0),
                Subject::Chose(_, o) => Some(f64::from(u8::from(o == "wait"))),
            }
        }
    }

    fn names() -> Names<'static> {
        Names {
            vars: vec!["site_down"],
            randoms: vec!["attacker_returns"],
            choices: vec![("verify", vec!["wait", "escalate"])],
        }
    }

    fn check(text: &str, expected: bool) {
        match Cond::parse(text, &names()) {
            Ok(c) => assert_eq!(c.holds(&Fixed), expected, "{text}"),
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    #[test]
    fn conditions_read_like_sentences() {
        check("clock >= 60", true);
        check("incident.reposts >= 10000 and vars.site_down", true);
        check("not incident.report_minutes", true);
        check("incident.report_minutes <= 240", false);
        check("random.attacker_returns or chose.verify.wait", true);
        check("chose.verify.escalate", false);
        check("vars.site_down == true and clock < 100", true);
    }

    #[test]
    fn unknown_names_point_at_themselves_with_a_hint() {
        let text = "clock > 5 and chose.verify.wiat";
        let errors = Cond::parse(text, &names()).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        let (span, message, hint) = &errors[0];
        assert_eq!(&text[span.clone()], "chose.verify.wiat");
        assert!(message.en.contains("wiat") && message.zh.contains("wiat"));
        assert_eq!(hint.as_ref().map(|h| h.en.as_str()), Some("did you mean `wait`?"));
        assert!(Cond::parse("incident.repost > 3", &names()).is_err());
        assert!(Cond::parse("clock > soon", &names()).is_err());
    }
}
