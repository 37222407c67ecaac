//! The after-action report (issue 10 §4): what the instructor types (exercise, date, class,
//! observations, the improvement plan), the findings derived from what fired, and the class
//! file — the report and every run in one JSON file that reopens exactly:
//!
//! ```json
//! {"zeren_class": 1, "report": {"exercise": "…", "plan": [{"action": "…", …}], …},
//!  "runs": [{"zeren_run": 2, "scenario": "defacement", …}, …]}
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Cohort, MAX_CLASS_RUNS, Member};
use crate::counterfactual::Search;
use crate::judge::ITEM_IDS;
use crate::lang::{Text, text};
use crate::limits::MAX_SAVE_BYTES;
use crate::run::Run;
use crate::scenario::Scenario;

/// The class file format written now.
pub const FORMAT: u64 = 1;

/// The largest class file read, in bytes (C0002).
pub const MAX_CLASS_BYTES: usize = 4 * MAX_SAVE_BYTES;

/// What the instructor writes in the after-action report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// The exercise's name.
    pub exercise: String,
    /// The date it was held (as typed).
    pub date: String,
    /// The instructor.
    pub instructor: String,
    /// The class.
    pub class: String,
    /// The instructor's observations.
    pub observations: String,
    /// The improvement plan.
    pub plan: Vec<PlanRow>,
}

/// One action of the improvement plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanRow {
    /// What is to be done.
    pub action: String,
    /// The post that owns it.
    pub owner: String,
    /// By when.
    pub due: String,
    /// The clause it answers.
    pub clause: String,
}

#[derive(Serialize, Deserialize)]
struct ClassFile {
    zeren_class: u64,
    #[serde(default)]
    report: Report,
    runs: Vec<Value>,
}

/// The class file: the report and every run's file.
pub fn to_file(report: &Report, runs: &[&Run]) -> String {
    let runs = runs
        .iter()
        .filter_map(|r| serde_json::from_str(&r.to_file()).ok())
        .collect();
    let file = ClassFile {
        zeren_class: FORMAT,
        report: report.clone(),
        runs,
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// A class file read back: the report, the runs that replay, and the runs that do not (by
/// position, "run 3", with why).
pub type Opened = (Report, Vec<Member>, Vec<(String, Text)>);

/// Reads a class file; a damaged run inside is reported and the rest are kept.
pub fn from_file(text: &str) -> Result<Opened, Text> {
    if text.len() > MAX_CLASS_BYTES {
        let (kb, max) = (text.len() / 1024, MAX_CLASS_BYTES / 1024);
        return Err(text!(
            "[C0002] 班级文件有 {kb} KB，超过上限 {max} KB",
            "[C0002] the class file is {kb} KB, more than the {max} KB allowed"
        ));
    }
    let file: ClassFile = serde_json::from_str(text).map_err(|e| {
        text!(
            "这不是可读取的 Zeren 班级文件（读取器的技术说明：{e}）",
            "not a readable Zeren class file: {e}"
        )
    })?;
    if file.zeren_class > FORMAT {
        let n = file.zeren_class;
        return Err(text!(
            "班级文件格式 {n} 比本程序新",
            "class file format {n} is newer than this Zeren reads ({FORMAT})"
        ));
    }
    if file.runs.len() > MAX_CLASS_RUNS {
        return Err(super::CohortError::TooMany(file.runs.len()).text());
    }
    let (mut members, mut damaged) = (Vec::new(), Vec::new());
    for (n, value) in file.runs.iter().enumerate() {
        let origin = format!("#{}", n + 1);
        match Run::from_file(&value.to_string(), None) {
            Ok(run) => members.push(Member { origin, run }),
            Err(e) => damaged.push((origin, e.text())),
        }
    }
    Ok((file.report, members, damaged))
}

/// A strength or an area for improvement, derived from what fired.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// A strength (true) or an area for improvement.
    pub strength: bool,
    /// The item it is about, if one.
    pub item: Option<&'static str>,
    /// What was found.
    pub text: Text,
}

/// Strengths and areas for improvement: every item that fired, in how many groups and after
/// which choice most often; every decision where most groups chose an option after which
/// nothing more fired; the groups that finished with nothing fired.
pub fn findings(cohort: &Cohort, scenario: &Scenario) -> Vec<Finding> {
    let n = cohort.groups.len();
    let mut out = Vec::new();
    let clean = cohort
        .groups
        .iter()
        .filter(|g| g.ending.is_some() && g.items.iter().all(|i| !i.fired))
        .count();
    if clean > 0 {
        out.push(Finding {
            strength: true,
            item: None,
            text: text!(
                "{n} 个组中有 {clean} 个组走完全程，未触发第八条所列任何情形",
                "{clean} of {n} groups played to the end without firing any item of Article 8"
            ),
        });
    }
    for d in &cohort.decisions {
        let Some(point) = scenario.decision(&d.decision) else {
            continue;
        };
        for o in &d.options {
            if d.reached >= 2 && o.groups.len() * 2 > d.reached && o.fired_later.is_empty() {
                let label = option_label(scenario, &d.decision, &o.option);
                let (k, r) = (o.groups.len(), d.reached);
                let (zh, en) = (point.prompt.get(crate::Lang::Zh), point.prompt.get(crate::Lang::En));
                let (lzh, len) = (&label.zh, &label.en);
                out.push(Finding {
                    strength: true,
                    item: None,
                    text: text!(
                        "「{zh}」：{r} 个组中有 {k} 个选择了「{lzh}」，此后没有再触发任何情形",
                        "“{en}”: {k} of {r} groups chose “{len}”, after which nothing more fired"
                    ),
                });
            }
        }
    }
    for (i, id) in ITEM_IDS.iter().enumerate() {
        let fired = cohort
            .groups
            .iter()
            .filter(|g| g.items.get(i).is_some_and(|c| c.fired))
            .count();
        if fired == 0 {
            continue;
        }
        let title = crate::text::item_title(id);
        // The choice after which it fired for the most groups.
        let worst = cohort
            .decisions
            .iter()
            .flat_map(|d| d.options.iter().map(move |o| (d, o)))
            .filter_map(|(d, o)| o.fired_later.iter().find(|(x, _)| x == id).map(|(_, k)| (*k, d, o)))
            .max_by_key(|(k, _, _)| *k);
        let after = match worst {
            Some((k, d, o)) => {
                let label = option_label(scenario, &d.decision, &o.option);
                let (lzh, len) = (&label.zh, &label.en);
                text!(
                    "；其中 {k} 个组此前选择了「{lzh}」",
                    "; for {k} of them it followed the choice “{len}”"
                )
            }
            None => text!("", ""),
        };
        out.push(Finding {
            strength: false,
            item: Some(id),
            text: {
                let (tzh, ten, azh, aen) = (&title.zh, &title.en, &after.zh, &after.en);
                text!(
                    "{tzh}：{n} 个组中有 {fired} 个组触发{azh}",
                    "{ten}: fired for {fired} of {n} groups{aen}"
                )
            },
        });
    }
    out
}

/// How the room did on one learning objective of the scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveResult {
    /// The objective's id.
    pub id: String,
    /// The objective.
    pub objective: Text,
    /// Groups that met it and groups in all, when the items can tell: a group meets an
    /// objective when none of the items of Art 8 ¶2 among its clauses fired for it.
    pub met: Option<(usize, usize)>,
    /// What was found, in a sentence.
    pub text: Text,
}

/// Each learning objective, and how many groups met it: an objective tied to items of Art 8 ¶2
/// is met by the groups for which none of them fired; one tied to no item is left to the
/// instructor's judgement.
pub fn objectives(cohort: &Cohort, scenario: &Scenario) -> Vec<ObjectiveResult> {
    let n = cohort.groups.len();
    scenario
        .objectives
        .iter()
        .map(|o| {
            let items: Vec<usize> = ITEM_IDS
                .iter()
                .enumerate()
                .filter(|(_, id)| o.clauses.iter().any(|c| c == *id))
                .map(|(i, _)| i)
                .collect();
            let objective = Text::new(o.text.get(crate::Lang::Zh), o.text.get(crate::Lang::En));
            if items.is_empty() {
                return ObjectiveResult {
                    id: o.id.clone(),
                    objective,
                    met: None,
                    text: text!(
                        "不对应第八条第二款的某一项，由教员根据讨论判断",
                        "tied to no item of Art 8 ¶2: the instructor judges it from the discussion"
                    ),
                };
            }
            let met = cohort
                .groups
                .iter()
                .filter(|g| items.iter().all(|i| g.items.get(*i).is_some_and(|c| !c.fired)))
                .count();
            let marks: Vec<Text> = items
                .iter()
                .filter_map(|i| ITEM_IDS.get(*i))
                .map(|id| crate::text::item_title(id))
                .collect();
            let zh: Vec<&str> = marks.iter().map(|m| m.zh.as_str()).collect();
            let en: Vec<&str> = marks.iter().map(|m| m.en.as_str()).collect();
            let (zh, en) = (zh.join("、"), en.join("; "));
            ObjectiveResult {
                id: o.id.clone(),
                objective,
                met: Some((met, n)),
                text: text!(
                    "{n} 个组中有 {met} 个组达成（未触发{zh}）",
                    "met by {met} of {n} groups (they did not fire {en})"
                ),
            }
        })
        .collect()
}

/// For one item over a room: the groups where it fired, the single changes that would have spared
/// some (decision, their option, the other), how many needed more changes, how many none could.
#[derive(Clone, Default)]
struct Spared {
    fired: usize,
    ones: Vec<(String, String, String)>,
    more: usize,
    none: usize,
}

/// Areas for improvement from the counterfactuals: for each item that fired in some group, how
/// many of those groups one change of decisions would have spared (and the change that would
/// have done it most often), how many needed more, and for how many no decision could have
/// (the seed's luck). The search is the debrief's; over a room it takes a while, so the browser
/// runs it in its worker.
pub fn avoidable(runs: &[&Run]) -> Vec<Text> {
    let mut tally: Vec<Spared> = vec![Spared::default(); ITEM_IDS.len()];
    let mut scenario = None;
    for run in runs {
        let s = run.scenario();
        scenario.get_or_insert_with(|| run.shared().clone());
        for cf in crate::counterfactual::counterfactuals(s, run.seed(), run.events(), &run.settings) {
            let Some(t) = ITEM_IDS
                .iter()
                .position(|id| *id == cf.item)
                .and_then(|i| tally.get_mut(i))
            else {
                continue;
            };
            t.fired += 1;
            match (cf.search, cf.changes.as_slice()) {
                (Search::Found, [one]) => t
                    .ones
                    .push((one.decision.clone(), one.chosen.clone(), one.instead.clone())),
                (Search::Found, _) => t.more += 1,
                (Search::Impossible, _) => t.none += 1,
                _ => {}
            }
        }
    }
    let Some(scenario) = scenario else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (
        id,
        Spared {
            fired,
            ones,
            more,
            none,
        },
    ) in ITEM_IDS.iter().zip(tally)
    {
        if fired == 0 {
            continue;
        }
        let title = crate::text::item_title(id);
        let (tzh, ten, one) = (&title.zh, &title.en, ones.len());
        let mut zh = format!("{tzh}：在触发的 {fired} 个组中，{one} 个组改变一个决定即可避免");
        let mut en =
            format!("{ten}: of the {fired} groups where it fired, one change of decision would have spared {one}");
        // The single change most groups would have needed (the first of the most frequent).
        let common = ones.iter().max_by_key(|c| {
            (
                ones.iter().filter(|o| o == c).count(),
                std::cmp::Reverse(ones.iter().position(|o| o == *c)),
            )
        });
        if let Some((decision, chosen, instead)) = common {
            let prompt = scenario
                .decision(decision)
                .map(|d| Text::new(d.prompt.get(crate::Lang::Zh), d.prompt.get(crate::Lang::En)));
            let prompt = prompt.unwrap_or_else(|| Text::new(decision.as_str(), decision.as_str()));
            let (a, b) = (
                option_label(&scenario, decision, instead),
                option_label(&scenario, decision, chosen),
            );
            zh.push_str(&format!(
                "，最常见的是在「{}」时选择「{}」而不是「{}」",
                prompt.zh, a.zh, b.zh
            ));
            en.push_str(&format!(
                ", most often by choosing “{}” instead of “{}” at “{}”",
                a.en, b.en, prompt.en
            ));
        }
        if more > 0 {
            zh.push_str(&format!("；{more} 个组需要改变两个以上决定"));
            en.push_str(&format!("; {more} needed more than one change"));
        }
        if none > 0 {
            zh.push_str(&format!("；{none} 个组无论怎样决定都无法避免（随机种子的运气）"));
            en.push_str(&format!("; for {none} no decision could have (the luck of the seed)"));
        }
        out.push(Text::new(zh, en));
    }
    out
}

fn option_label(scenario: &Scenario, decision: &str, option: &str) -> Text {
    scenario
        .decision(decision)
        .and_then(|d| d.options.iter().find(|o| o.id == option))
        .map(|o| Text::new(o.label.get(crate::Lang::Zh), o.label.get(crate::Lang::En)))
        .unwrap_or_else(|| Text::new(option, option))
}

#[cfg(test)]
mod tests {
    use super::super::cohort;
    use super::super::tests::room;
    use super::*;

    #[test]
    fn a_class_file_reopens_exactly_and_a_damaged_run_is_reported() {
        let members = room();
        let report = Report {
            exercise: "网络安全责任制桌面推演".into(),
            date: "2026-11-28".into(),
            instructor: "王老师".into(),
            class: "处级干部进修班".into(),
            observations: "夜间值班薄弱".into(),
            plan: vec![PlanRow {
                action: "建立夜间值班制度".into(),
                owner: "网络安全负责人".into(),
                due: "2026-12-31".into(),
                clause: "art8.2.1".into(),
            }],
        };
        let runs: Vec<&Run> = members.iter().map(|m| &m.run).collect();
        let text = to_file(&report, &runs);
        let Ok((back, reopened, damaged)) = from_file(&text) else {
            panic!("not read back")
        };
        assert_eq!(back, report);
        assert!(damaged.is_empty());
        let again: Vec<&Run> = reopened.iter().map(|m| &m.run).collect();
        assert_eq!(to_file(&back, &again), text);
        // One run broken by hand: reported by position, the others kept.
        let broken = text.replacen("\"option\": \"maintenance\"", "\"option\": \"nonsense\"", 1);
        let Ok((_, kept, damaged)) = from_file(&broken) else {
            panic!("not read")
        };
        assert_eq!((kept.len(), damaged.len()), (3, 1));
        assert!(from_file("{").is_err());
    }

    #[test]
    fn objectives_tied_to_items_are_counted_and_the_rest_left_to_the_instructor() {
        let members = room();
        let c = cohort(&members).unwrap_or_else(|e| panic!("{}", e.text().en));
        let found = objectives(&c, members[0].run.scenario());
        assert!(!found.is_empty());
        let first = found
            .iter()
            .find(|o| o.id == "report-and-handle")
            .unwrap_or_else(|| panic!("{found:#?}"));
        // (一) fired for groups 1, 3 and 4 of the room.
        assert_eq!(first.met, Some((1, 4)), "{found:#?}");
        let collective = found
            .iter()
            .find(|o| o.id == "collective")
            .unwrap_or_else(|| panic!("{found:#?}"));
        assert_eq!(collective.met, None);
    }

    #[test]
    fn findings_name_what_fired_and_what_went_well() {
        let members = room();
        let c = cohort(&members).unwrap_or_else(|e| panic!("{}", e.text().en));
        let f = findings(&c, members[0].run.scenario());
        assert!(
            f.iter()
                .any(|f| f.strength && f.text.en.contains("without firing any item")),
            "{f:#?}"
        );
        let one = f
            .iter()
            .find(|f| f.item == Some("art8.2.1"))
            .unwrap_or_else(|| panic!("{f:#?}"));
        assert!(!one.strength && one.text.zh.contains("4 个组中有"), "{}", one.text.zh);
    }

    #[test]
    fn the_counterfactuals_say_which_change_would_have_spared_the_room() {
        let members = room();
        let runs: Vec<&Run> = members.iter().map(|m| &m.run).collect();
        let found = avoidable(&runs);
        assert!(!found.is_empty());
        for t in &found {
            assert!(
                t.zh.contains("个组中") && t.en.contains("groups where it fired"),
                "{t:?}"
            );
        }
        assert!(avoidable(&[]).is_empty());
    }
}
