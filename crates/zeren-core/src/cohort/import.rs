//! Bringing a room's runs in: many run files, pasted run links (one per line) and class files at
//! once. A damaged one is reported by its name and the rest are kept; runs of another scenario
//! or under other settings than the class are set aside, by group, with their names.

use super::report::{self, Report};
use super::{Member, comparable, partition};
use crate::lang::{Text, text};
use crate::run::Run;

/// What an import brought.
#[derive(Debug, Default)]
pub struct Import {
    /// The report of a class file among the inputs (the first one's).
    pub report: Option<Report>,
    /// Every run read.
    pub members: Vec<Member>,
    /// Every input that could not be read: its name and why.
    pub damaged: Vec<(String, Text)>,
}

/// Reads files (`(name, text)`): run files and class files.
pub fn files(inputs: &[(String, String)]) -> Import {
    let mut out = Import::default();
    for (name, text) in inputs {
        if text.trim_start().starts_with('{') && text.contains("\"zeren_class\"") {
            match report::from_file(text) {
                Ok((r, members, damaged)) => {
                    out.report.get_or_insert(r);
                    out.members.extend(members.into_iter().map(|m| Member {
                        origin: format!("{name} {}", m.origin),
                        run: m.run,
                    }));
                    out.damaged
                        .extend(damaged.into_iter().map(|(o, why)| (format!("{name} {o}"), why)));
                }
                Err(why) => out.damaged.push((name.clone(), why)),
            }
            continue;
        }
        match Run::from_file(text, None) {
            Ok(run) => out.members.push(Member {
                origin: name.clone(),
                run,
            }),
            Err(e) => out.damaged.push((name.clone(), e.text())),
        }
    }
    out
}

/// Reads pasted run links, one per line (blank lines skipped); a line is named by its number.
pub fn links(pasted: &str) -> Import {
    let mut out = Import::default();
    for (n, line) in pasted.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let line_no = n + 1;
        let origin = format!("第 {line_no} 行链接 / link on line {line_no}");
        match Run::from_link(line, None) {
            Ok(run) => out.members.push(Member { origin, run }),
            Err(e) => out.damaged.push((origin, e.text())),
        }
    }
    out
}

/// Runs set aside: another scenario or other settings than the class.
#[derive(Debug)]
pub struct Aside {
    /// The runs, comparable among themselves.
    pub members: Vec<Member>,
    /// Why, in a sentence naming them.
    pub why: Text,
}

/// Splits runs into the class (those comparable with `class`'s first run, or else the largest
/// group) and the groups set aside.
pub fn arrange(class: Vec<Member>, new: Vec<Member>) -> (Vec<Member>, Vec<Aside>) {
    let anchor = class.first().map(|m| m.run.clone());
    let mut all: Vec<Option<Member>> = class.into_iter().chain(new).map(Some).collect();
    let runs: Vec<Run> = all.iter().flatten().map(|m| m.run.clone()).collect();
    let refs: Vec<&Run> = runs.iter().collect();
    let mut groups = partition(&refs);
    if let Some(anchor) = &anchor
        && let Some(at) = groups.iter().position(|g| comparable(&runs[g[0]], anchor))
    {
        let g = groups.remove(at);
        groups.insert(0, g);
    }
    let mut take = |g: &[usize]| -> Vec<Member> { g.iter().filter_map(|n| all.get_mut(*n)?.take()).collect() };
    let mut groups = groups.into_iter();
    let kept = groups.next().map(|g| take(&g)).unwrap_or_default();
    let first = kept.first().map(|m| m.run.scenario().id.clone()).unwrap_or_default();
    let aside = groups
        .map(|g| {
            let members = take(&g);
            let names: Vec<&str> = members.iter().map(|m| m.origin.as_str()).collect();
            let names = names.join("、");
            let (n, id) = (
                members.len(),
                members.first().map(|m| m.run.scenario().id.clone()).unwrap_or_default(),
            );
            let why = if id == first {
                text!(
                    "{n} 份推演记录采用了不同的参数或读法，未放入本班对比：{names}",
                    "{n} runs were judged under other settings and are not in this comparison: {names}"
                )
            } else {
                text!(
                    "{n} 份推演记录属于另一个场景 `{id}`，未放入本班对比：{names}",
                    "{n} runs belong to another scenario, `{id}`, and are not in this comparison: {names}"
                )
            };
            Aside { members, why }
        })
        .collect();
    (kept, aside)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{played, room};
    use super::*;

    #[test]
    fn a_damaged_file_is_named_and_the_rest_are_read() {
        let good = played("defacement", 1, &["escalate"], Some("甲")).to_file();
        let read = files(&[
            ("a.json".into(), good.clone()),
            ("broken.json".into(), "{\"zeren_run\": 2, \"scen".into()),
            ("b.json".into(), good),
        ]);
        assert_eq!(read.members.len(), 2);
        assert_eq!(read.damaged.len(), 1);
        assert_eq!(read.damaged[0].0, "broken.json");
    }

    #[test]
    fn links_are_read_line_by_line() {
        let link = played("defacement", 4, &["escalate", "maintenance"], Some("乙")).link();
        let read = links(&format!("https://example.org/zeren/{link}\n\n#run=nowhere&seed=1\n"));
        assert_eq!(read.members.len(), 1);
        assert_eq!(read.members[0].run.label.as_deref(), Some("乙"));
        assert!(read.damaged[0].0.contains("line 3"), "{:?}", read.damaged);
    }

    #[test]
    fn other_scenarios_are_set_aside_with_their_names() {
        let water = Member {
            origin: "water.json".into(),
            run: played("cii-water", 1, &[], None),
        };
        let (kept, aside) = arrange(Vec::new(), room().into_iter().chain([water]).collect());
        assert_eq!(kept.len(), 4);
        assert_eq!(aside.len(), 1);
        assert!(aside[0].why.en.contains("water.json") && aside[0].why.en.contains("cii-water"));
        // The class keeps its scenario even when more runs of another come in.
        let more: Vec<Member> = (0..6)
            .map(|n| Member {
                origin: format!("w{n}"),
                run: played("cii-water", n, &[], None),
            })
            .collect();
        let (kept, aside) = arrange(room(), more);
        assert_eq!((kept.len(), aside[0].members.len()), (4, 6));
    }
}
