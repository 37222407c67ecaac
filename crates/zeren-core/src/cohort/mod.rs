//! A room's runs side by side (issue 10 §3): the cohort matrix (who fired which items, who was
//! held accountable with what kind of responsibility), how the room chose at each decision and
//! what each choice led to, and where two groups' paths first diverge. Pure: the browser renders
//! it, the CLI and the class server reuse it. Exports are in [`export`], the after-action
//! report and the class file in [`report`].

pub mod export;
pub mod import;
pub mod report;

use serde::Serialize;

use crate::engine::{At, Event, State};
use crate::judge::ITEM_IDS;
use crate::lang::{Text, text};
use crate::run::{Run, Source};
use crate::settings::Settings;
use crate::verdict::{Cause, Kind, Position};

/// Runs in one class at most (C0001): a room of 40 trainees playing alone, with room to spare.
pub const MAX_CLASS_RUNS: usize = 200;

/// One run brought into a class, with the name it came under (a file's name, "link 3").
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Where it came from, for messages.
    pub origin: String,
    /// The run.
    pub run: Run,
}

/// The class of a room: the runs of one scenario under one set of settings, compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohort {
    /// The scenario's id.
    pub scenario: String,
    /// The settings all runs were judged under.
    pub settings: Settings,
    /// One row per group, in the order given.
    pub groups: Vec<Group>,
    /// The posts held accountable in at least one group: the matrix's last columns.
    pub posts: Vec<Post>,
    /// How the room chose, decision by decision, in the scenario's order.
    pub decisions: Vec<Decision>,
}

/// A group's row of the matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// The group's name (its run's label, else where it came from; made unique).
    pub label: String,
    /// The run's seed.
    pub seed: u64,
    /// The ending reached, if the run ended.
    pub ending: Option<String>,
    /// The scenario minute the run stands at.
    pub minute: u64,
    /// The seven items, in order.
    pub items: Vec<ItemCell>,
    /// The kind of responsibility of each post of [`Cohort::posts`], if held accountable.
    pub posts: Vec<Option<Kind>>,
    /// The choices made, in order.
    pub path: Vec<Step>,
}

/// One item for one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemCell {
    /// The item's id.
    pub item: &'static str,
    /// Whether it fired.
    pub fired: bool,
    /// The kinds of responsibility borne for it, most serious first (empty when not fired).
    pub kinds: Vec<Kind>,
}

/// A column of posts: a person held accountable in some group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Post {
    /// The person's id.
    pub person: String,
    /// Their place in the chain.
    pub role: Position,
}

/// One choice on a group's path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The decision.
    pub decision: String,
    /// The option taken.
    pub option: String,
    /// Taken because time ran out.
    pub timed_out: bool,
    /// The scenario minute the decision was put.
    pub minute: u64,
    /// Scenario minutes until the next decision or the ending.
    pub minutes: u64,
    /// Items that had not fired when the choice was made and had fired by the run's end.
    pub fired_later: Vec<&'static str>,
}

/// How the room chose at one decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The decision's id.
    pub decision: String,
    /// Groups that reached it.
    pub reached: usize,
    /// Its options, in the scenario's order, with those nobody chose.
    pub options: Vec<Share>,
}

/// One option's share of the groups at a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    /// The option's id.
    pub option: String,
    /// The groups (indices into [`Cohort::groups`]) that took it.
    pub groups: Vec<usize>,
    /// Of those, the groups whose time ran out.
    pub timed_out: usize,
    /// Per cent of the groups that reached the decision, rounded.
    pub percent: u32,
    /// Mean scenario minutes to the next decision after it (rounded down).
    pub minutes: u64,
    /// Items fired later, with how many of these groups they fired for, in item order.
    pub fired_later: Vec<(&'static str, usize)>,
}

/// Where two groups' paths first part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// How many choices they made alike before parting.
    pub common: usize,
    /// The first group's choice there and what followed (none when its path ended first).
    pub a: Option<Step>,
    /// The second group's.
    pub b: Option<Step>,
}

/// Why runs cannot be compared in one class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CohortError {
    /// No runs.
    Empty,
    /// More than [`MAX_CLASS_RUNS`] runs.
    TooMany(usize),
    /// A run of another scenario, or under other settings, than the first: its origin.
    Mixed(String),
}

impl CohortError {
    /// What went wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            CohortError::Empty => text!("没有可对比的推演记录", "no runs to compare"),
            CohortError::TooMany(n) => text!(
                "[C0001] 共 {n} 份推演记录，一个班最多 {MAX_CLASS_RUNS} 份",
                "[C0001] {n} runs; a class holds at most {MAX_CLASS_RUNS}"
            ),
            CohortError::Mixed(origin) => text!(
                "{origin}：场景或参数与其他推演记录不同，不能放在一起对比",
                "{origin}: another scenario or other settings than the other runs; they cannot be compared together"
            ),
        }
    }
}

/// Whether two runs can sit in one class: the same scenario (the same built-in, or the same
/// scenario file's text) under the same settings.
pub fn comparable(a: &Run, b: &Run) -> bool {
    a.scenario().id == b.scenario().id && same_source(&a.source, &b.source) && a.settings == b.settings
}

fn same_source(a: &Source, b: &Source) -> bool {
    match (a, b) {
        (Source::Builtin(x), Source::Builtin(y)) => x == y,
        (Source::File(x), Source::File(y)) => x.text == y.text,
        _ => false,
    }
}

/// Sorts runs into classes of comparable runs: the indices of each class, the largest first
/// (ties: the one met first), each in the order given.
pub fn partition(runs: &[&Run]) -> Vec<Vec<usize>> {
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (n, run) in runs.iter().enumerate() {
        match classes.iter_mut().find(|c| comparable(runs[c[0]], run)) {
            Some(class) => class.push(n),
            None => classes.push(vec![n]),
        }
    }
    crate::sort::sort_by_key(&mut classes, |c| std::cmp::Reverse(c.len()));
    classes
}

/// Compares the runs of a class; refuses an empty class, too many runs, or runs that are not
/// comparable (see [`partition`] to sort them first).
pub fn cohort(members: &[Member]) -> Result<Cohort, CohortError> {
    let first = members.first().ok_or(CohortError::Empty)?;
    if members.len() > MAX_CLASS_RUNS {
        return Err(CohortError::TooMany(members.len()));
    }
    if let Some(other) = members.iter().find(|m| !comparable(&first.run, &m.run)) {
        return Err(CohortError::Mixed(other.origin.clone()));
    }
    let scenario = first.run.scenario();
    let labels = unique_labels(members);
    let mut groups: Vec<Group> = members
        .iter()
        .zip(labels)
        .map(|(m, label)| group(&m.run, label))
        .collect();
    let posts = posts(&groups, members);
    for (g, m) in groups.iter_mut().zip(members) {
        let rows = m.run.live().verdict.accountable;
        g.posts = posts
            .iter()
            .map(|p| rows.iter().find(|r| r.person == p.person).map(|r| r.kind))
            .collect();
    }
    let decisions = scenario
        .decisions
        .iter()
        .map(|d| {
            let options = d
                .options
                .iter()
                .map(|o| share(&groups, &d.id, &o.id))
                .collect::<Vec<_>>();
            let reached = options.iter().map(|o| o.groups.len()).sum::<usize>();
            let options = options
                .into_iter()
                .map(|mut o| {
                    o.percent = percent(o.groups.len(), reached);
                    o
                })
                .collect();
            Decision {
                decision: d.id.clone(),
                reached,
                options,
            }
        })
        .collect();
    Ok(Cohort {
        scenario: scenario.id.clone(),
        settings: first.run.settings.clone(),
        groups,
        posts,
        decisions,
    })
}

/// Where the paths of groups `a` and `b` first part; `None` when one path is the other's
/// beginning (or they are the same).
pub fn diverge(cohort: &Cohort, a: usize, b: usize) -> Option<Divergence> {
    let (pa, pb) = (&cohort.groups.get(a)?.path, &cohort.groups.get(b)?.path);
    let same = |x: &Step, y: &Step| x.decision == y.decision && x.option == y.option;
    let common = pa.iter().zip(pb).take_while(|(x, y)| same(x, y)).count();
    let (sa, sb) = (pa.get(common).cloned(), pb.get(common).cloned());
    (sa.is_some() && sb.is_some()).then_some(Divergence { common, a: sa, b: sb })
}

/// A group's row, without its posts (they need every group's verdict first).
fn group(run: &Run, label: String) -> Group {
    let scenario = run.scenario();
    let live = run.live();
    let fired = &live.verdict.fired;
    let items = ITEM_IDS
        .iter()
        .map(|id| {
            let mut kinds: Vec<Kind> = live
                .verdict
                .accountable
                .iter()
                .filter(|r| r.causes.iter().any(|c| matches!(c, Cause::Item { id: i } if i == id)))
                .map(|r| r.kind)
                .collect();
            crate::sort::sort_by_key(&mut kinds, |k| seriousness(*k));
            kinds.dedup();
            ItemCell {
                item: id,
                fired: fired.contains(id),
                kinds,
            }
        })
        .collect();
    // Fold the events again, one by one, noting each choice and what had fired before it.
    let mut state = State::start(scenario, run.seed());
    let mut path: Vec<Step> = Vec::new();
    for event in run.events() {
        let before = state.minute;
        let fired_before = match event {
            Event::Instructor { .. } => Vec::new(),
            _ => state.live(scenario, &run.settings).verdict.fired,
        };
        let Ok(next) = state.apply(scenario, event) else {
            break;
        };
        if let Some(last) = path.last_mut()
            && last.minutes == u64::MAX
        {
            last.minutes = before.saturating_sub(last.minute);
        }
        if let (Event::Choose { decision, .. } | Event::Timeout { decision }, Some((_, option, _))) =
            (event, next.chosen.last())
        {
            path.push(Step {
                decision: decision.clone(),
                option: option.clone(),
                timed_out: matches!(event, Event::Timeout { .. }),
                minute: before,
                minutes: u64::MAX,
                fired_later: fired.iter().filter(|i| !fired_before.contains(i)).copied().collect(),
            });
        }
        state = next;
    }
    if let Some(last) = path.last_mut()
        && last.minutes == u64::MAX
    {
        last.minutes = state.minute.saturating_sub(last.minute);
    }
    Group {
        label,
        seed: run.seed(),
        ending: match &state.at {
            At::Ending(id) => Some(id.clone()),
            At::Decision(_) => None,
        },
        minute: state.minute,
        items,
        posts: Vec::new(),
        path,
    }
}

/// The most serious kind first: collective main leadership, important leadership, the chain's
/// leadership, the 当事人's direct responsibility, then 协调监管不力.
fn seriousness(k: Kind) -> u8 {
    match k {
        Kind::MainLeadership => 0,
        Kind::ImportantLeadership => 1,
        Kind::Leadership => 2,
        Kind::Direct => 3,
        Kind::Coordination => 4,
    }
}

/// Every person held accountable in some group, in the chain's order, then by id.
fn posts(_groups: &[Group], members: &[Member]) -> Vec<Post> {
    let mut posts: Vec<Post> = Vec::new();
    for m in members {
        for r in m.run.live().verdict.accountable {
            if !posts.iter().any(|p| p.person == r.person) {
                posts.push(Post {
                    person: r.person.clone(),
                    role: r.role,
                });
            }
        }
    }
    crate::sort::sort_by(&mut posts, |a, b| (a.role, &a.person).cmp(&(b.role, &b.person)));
    posts
}

fn share(groups: &[Group], decision: &str, option: &str) -> Share {
    let mut taken = Vec::new();
    let (mut timed_out, mut minutes) = (0, 0);
    let mut later = [0usize; 7];
    for (n, g) in groups.iter().enumerate() {
        // A decision may come back (a loop): each visit counts once per group, the first.
        let Some(step) = g.path.iter().find(|s| s.decision == decision) else {
            continue;
        };
        if step.option != option {
            continue;
        }
        taken.push(n);
        timed_out += usize::from(step.timed_out);
        minutes += step.minutes;
        for (i, id) in ITEM_IDS.iter().enumerate() {
            later[i] += usize::from(step.fired_later.contains(id));
        }
    }
    let count = taken.len() as u64;
    Share {
        option: option.to_owned(),
        timed_out,
        percent: 0,
        minutes: minutes.checked_div(count).unwrap_or_default(),
        fired_later: ITEM_IDS
            .iter()
            .zip(later)
            .filter(|(_, n)| *n > 0)
            .map(|(id, n)| (*id, n))
            .collect(),
        groups: taken,
    }
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    ((part * 100 + whole / 2) / whole) as u32
}

/// Each member's name: its run's label, else its origin; a name met again gets " (2)", " (3)" …
fn unique_labels(members: &[Member]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in members {
        let base = m.run.label.clone().unwrap_or_else(|| m.origin.clone());
        let mut label = base.clone();
        let mut n = 1;
        while out.contains(&label) {
            n += 1;
            label = format!("{base} ({n})");
        }
        out.push(label);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A run of a built-in scenario along `choices` (`timeout` lets time run out).
    pub(crate) fn played(id: &str, seed: u64, choices: &[&str], label: Option<&str>) -> Run {
        let Some(mut run) = Run::builtin(id, seed, Settings::default()) else {
            panic!("no built-in `{id}`");
        };
        for c in choices {
            let r = if *c == "timeout" { run.time_out() } else { run.choose(c) };
            if let Err(e) = r {
                panic!("{id} seed {seed}: {c}: {e}");
            }
        }
        run.label = label.map(str::to_owned);
        run
    }

    pub(crate) fn room() -> Vec<Member> {
        let paths: [(&str, u64, &[&str]); 4] = [
            ("第一组", 1, &["wait", "maintenance", "report_now", "comply", "backup"]),
            (
                "第二组",
                1,
                &["escalate", "maintenance", "report_now", "comply", "backup"],
            ),
            (
                "第三组",
                6,
                &["escalate", "maintenance", "restore_first", "comply", "backup"],
            ),
            ("第一组", 2, &["wait", "maintenance"]),
        ];
        paths
            .iter()
            .enumerate()
            .map(|(n, (label, seed, choices))| Member {
                origin: format!("run-{n}.json"),
                run: played("defacement", *seed, choices, Some(label)),
            })
            .collect()
    }

    #[test]
    fn the_matrix_has_a_row_per_group_and_seven_items() {
        let c = cohort(&room()).unwrap_or_else(|e| panic!("{}", e.text().en));
        assert_eq!(c.groups.len(), 4);
        assert_eq!(c.groups[3].label, "第一组 (2)");
        assert!(
            c.groups
                .iter()
                .all(|g| g.items.len() == 7 && g.posts.len() == c.posts.len())
        );
        // The late-night wait fires (一); the clean path fires nothing.
        assert!(c.groups[0].items[0].fired && !c.groups[0].items[0].kinds.is_empty());
        assert!(c.groups[1].items.iter().all(|i| !i.fired));
        assert!(c.groups[1].posts.iter().all(Option::is_none));
        assert_eq!(c.groups[3].ending, None);
    }

    #[test]
    fn shares_add_up_and_say_what_each_choice_led_to() {
        let c = cohort(&room()).unwrap_or_else(|e| panic!("{}", e.text().en));
        let first = &c.decisions[0];
        assert_eq!(first.reached, 4);
        let wait = first.options.iter().find(|o| o.option == "wait");
        let Some(wait) = wait else { panic!("no `wait` option") };
        assert_eq!((wait.groups.clone(), wait.percent), (vec![0, 3], 50));
        assert!(wait.fired_later.contains(&("art8.2.1", 2)), "{:?}", wait.fired_later);
        let total: u32 = first.options.iter().map(|o| o.percent).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn paths_diverge_at_the_first_different_choice() {
        let c = cohort(&room()).unwrap_or_else(|e| panic!("{}", e.text().en));
        let d = diverge(&c, 0, 1).unwrap_or_else(|| panic!("no divergence"));
        assert_eq!(d.common, 0);
        assert_eq!(d.a.map(|s| s.option).as_deref(), Some("wait"));
        assert_eq!(d.b.map(|s| s.option).as_deref(), Some("escalate"));
        // Group 4 is group 1's beginning (another seed, the same first choices).
        assert_eq!(diverge(&c, 0, 3), None);
        assert_eq!(diverge(&c, 0, 99), None);
    }

    #[test]
    fn other_scenarios_and_settings_are_sorted_apart_and_refused_together() {
        let mut members = room();
        let mut strict = played("defacement", 3, &["escalate"], None);
        strict.settings.params.set("report_deadline_other", 30);
        members.push(Member {
            origin: "strict.json".into(),
            run: strict,
        });
        members.push(Member {
            origin: "water.json".into(),
            run: played("cii-water", 1, &[], None),
        });
        let runs: Vec<&Run> = members.iter().map(|m| &m.run).collect();
        assert_eq!(partition(&runs), vec![vec![0, 1, 2, 3], vec![4], vec![5]]);
        let err = cohort(&members).err();
        assert_eq!(err, Some(CohortError::Mixed("strict.json".into())));
        assert_eq!(cohort(&[]).err(), Some(CohortError::Empty));
    }
}
