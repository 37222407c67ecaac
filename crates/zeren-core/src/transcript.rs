//! A played session as readable text: what `zeren play` prints.

use std::fmt::Write;

use crate::engine::{At, EntryKind, State};
use crate::scenario::{Decider, Scenario};
use crate::verdict::{Lang, Text};

/// The transcript: each inject, decision and outcome at its time of day, then the ending's
/// debrief or the decision pending.
pub fn render(scenario: &Scenario, state: &State, lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut out = entries(scenario, state, 0, lang);
    match &state.at {
        At::Ending(id) => {
            if let Some(e) = scenario.ending(id) {
                let _ = writeln!(out, "\n{}", e.debrief.get(lang));
            }
        }
        At::Decision(id) => {
            if let Some(d) = scenario.decision(id) {
                let _ = writeln!(out, "\n{}{}", w("待决策：", "Decision pending: "), d.prompt.get(lang));
                for c in state.options(scenario) {
                    let _ = writeln!(out, "  [{}] {}", c.id, c.label.get(lang));
                }
            }
        }
    }
    out
}

/// What went right and what went wrong at the ending reached, for a run in which the items
/// `fired` fired (the ending's lessons, format 2); empty before an ending or without lessons.
pub fn lessons(scenario: &Scenario, state: &State, fired: &[&str], lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let At::Ending(id) = &state.at else {
        return String::new();
    };
    let Some(e) = scenario.ending(id) else {
        return String::new();
    };
    let (right, wrong) = e.lessons(fired);
    let mut out = String::new();
    for (heading, mark, texts) in [
        (w("做对了什么", "What went right"), "✓", right),
        (w("哪里出了问题", "What went wrong"), "✗", wrong),
    ] {
        if !texts.is_empty() {
            let _ = writeln!(out, "\n{heading}");
            for t in texts {
                let _ = writeln!(out, "  {mark} {}", t.get(lang));
            }
        }
    }
    out
}

/// The transcript entries from index `from` on, one or two lines each.
pub fn entries(scenario: &Scenario, state: &State, from: usize, lang: Lang) -> String {
    let w = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let colon = w("：", ": ");
    let mut out = String::new();
    for entry in state.transcript.iter().skip(from) {
        let time = scenario.time_of_day(entry.minute);
        let _ = match &entry.what {
            EntryKind::Inject { from, text, .. } => {
                writeln!(out, "[{time}] {}{colon}{}", from.get(lang), text.get(lang))
            }
            EntryKind::Decision {
                decision,
                label,
                timed_out,
                ..
            } => {
                let by = match scenario.decision(decision).map(|d| &d.by) {
                    Some(Decider::Person(id)) => scenario.base.person(id).map_or(id.clone(), |p| name(p, lang)),
                    _ => w("领导班子", "the leadership team"),
                };
                let late = if *timed_out {
                    w("（超时，按默认处理）", " (time ran out; default taken)")
                } else {
                    String::new()
                };
                writeln!(out, "[{time}] ▶ {by}{late}{colon}{}", label.get(lang))
            }
            EntryKind::Outcome { text } => writeln!(out, "        → {}", text.get(lang)),
            EntryKind::Instructor { reason } => writeln!(
                out,
                "[{time}] {}{reason}",
                w("教员认定第（七）项：", "Instructor fires item (7): ")
            ),
            EntryKind::Ending { title, .. } => {
                writeln!(out, "[{time}] ■ {}{}", w("结局：", "Ending: "), title.get(lang))
            }
        };
    }
    out
}

/// A person's name in `lang`.
pub fn name(p: &crate::case::Person, lang: Lang) -> String {
    match (lang, &p.name_en) {
        (Lang::En, Some(n)) => n.clone(),
        _ => p.name.clone(),
    }
}
