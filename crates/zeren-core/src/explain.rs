//! Sentences about a scenario's analysis, a why-trace and a counterfactual, in Chinese and
//! English: one source for `zeren explore`, the editor's analysis panel and the debrief.

use crate::analysis::{Analysis, Fallback, LOOP_CODE};
use crate::counterfactual::{Counterfactual, Search};
use crate::debrief::Trace;
use crate::engine::{Ballot, Event, State};
use crate::lang::{Text, text};
use crate::limits::MAX_PATH_DEPTH;
use crate::scenario::Scenario;
use crate::text::{condition, item_title};
use crate::verdict::{Lang, Status, Verdict};

/// How far the analysis went: every path, or a sample with the reason and its margin.
pub fn scope(a: &Analysis) -> Text {
    let Some(n) = a.sample_size else {
        let paths = a.paths;
        return text!("已穷举全部路径：{paths} 条", "Every path walked: {paths}");
    };
    let why = match a.fallback {
        Some(Fallback::Forks) => Text::new(
            "某一步读取的随机事件分支过多",
            "one step forks too many ways on random events",
        ),
        Some(Fallback::States) => Text::new("展开的状态过多", "too many states"),
        Some(Fallback::Time) => Text::new(
            "时间预算内走不完全部路径",
            "every path would not fit in the time budget",
        ),
        _ => Text::new("路径过多", "too many paths"),
    };
    let code = a.fallback.map_or("A0001", Fallback::code);
    // The 95 % margin of a share estimated from n samples is at most 1.96·√(¼/n).
    let margin = 1.96 * (0.25 / n.max(1) as f64).sqrt() * 100.0;
    let (zh, en) = (why.zh, why.en);
    text!(
        "{zh} [{code}]，改为随机抽样，样本数：{n}（95% 置信区间约 ±{margin:.1} 个百分点）",
        "{en} [{code}]; a seeded random sample of {n} paths (95 % margin about ±{margin:.1} points)"
    )
}

/// What the probabilities assume.
pub fn odds() -> Text {
    Text::new(
        "概率按每个决策各选项等可能、随机事件按其概率计算；数值型随机事件取最小、中间、最大三个值。",
        "Probabilities assume uniformly random choices and the random events' own odds; number events are explored at their minimum, middle and maximum.",
    )
}

/// The shortest path on which nothing fires, or that there is none.
pub fn clean_path(a: &Analysis) -> Text {
    match &a.clean_path {
        Some(p) => {
            let p = p.join(" → ");
            text!(
                "无任何情形触发的最短路径：{p}",
                "Shortest path on which nothing fires: {p}"
            )
        }
        None => Text::new("没有一条路径能避免所有情形。", "No path avoids every item."),
    }
}

/// The scenario's flaws the analysis found, each as a title and its list (empty lists left out).
pub fn flaws(a: &Analysis) -> Vec<(Text, Vec<String>)> {
    let lists = [
        (
            Text::new("没有路径到达的决策点：", "Decision points no path reaches: "),
            a.unreached_decisions.clone(),
        ),
        (
            Text::new("没有路径到达的结局：", "Endings no path reaches: "),
            a.unreached_endings.clone(),
        ),
        (
            text!(
                "循环（路径在 {MAX_PATH_DEPTH} 个决策后截断）[{LOOP_CODE}]：",
                "Loops (paths cut after {MAX_PATH_DEPTH} decisions) [{LOOP_CODE}]: "
            ),
            a.loops
                .iter()
                .map(|p| p[..p.len().min(6)].join(" → ") + " → …")
                .collect(),
        ),
        (
            Text::new("死路（无可选项）：", "Dead ends (no option offered): "),
            a.dead_ends.iter().map(|p| p.join(" → ")).collect(),
        ),
        (
            Text::new("不改变任何事实的选项：", "Options that change nothing: "),
            a.idle_options.iter().map(|(d, o)| format!("{d}.{o}")).collect(),
        ),
    ];
    lists.into_iter().filter(|(_, list)| !list.is_empty()).collect()
}

/// Why an item fired: the choice, what it set, and the condition it met.
pub fn trace(s: &Scenario, tr: &Trace) -> Text {
    let at = s.time_of_day(tr.minute);
    both(|lang| {
        let (label, because) = (tr.label.get(lang), tr.because.get(lang));
        let (item, met) = (item_title(tr.item), condition(tr.condition));
        match lang {
            Lang::Zh => format!(
                "你在 {at} 的选择「{label}」 → {because} → {}：{} 条件成立",
                item.zh, met.zh
            ),
            Lang::En => format!(
                "Your choice at {at} — “{label}” → {because} → {}: {} met",
                item.en, met.en
            ),
        }
    })
}

/// What would have avoided an item (same seed), or why no change of decisions does.
pub fn counterfactual(s: &Scenario, cf: &Counterfactual) -> Text {
    let title = item_title(cf.item);
    let (zh, en) = (title.zh.clone(), title.en.clone());
    match cf.search {
        Search::Instructor => {
            return text!(
                "{zh}：由教员认定，与你的决定无关。",
                "{en}: the instructor found it; no decision of yours changes that."
            );
        }
        Search::Impossible => {
            return text!(
                "{zh}：在同样的运气下，所有走法都试过了，改变你的决定也无法避免。",
                "{en}: with the same luck, every way through was tried: no change of your decisions avoids it."
            );
        }
        Search::Unfinished => {
            return text!(
                "{zh}：在搜索范围内没有找到能避免它的改变。",
                "{en}: no change that avoids it was found within the search."
            );
        }
        Search::Found => {}
    }
    let n = cf.changes.len();
    both(|lang| {
        let changes: Vec<String> = cf
            .changes
            .iter()
            .map(|c| {
                let (at, instead, chosen) = (
                    s.time_of_day(c.minute),
                    c.instead_label.get(lang),
                    c.chosen_label.get(lang),
                );
                match lang {
                    Lang::Zh => format!("把 {at} 的选择「{chosen}」改为「{instead}」"),
                    Lang::En => format!("changed your choice at {at} from “{chosen}” to “{instead}”"),
                }
            })
            .collect();
        let (many_zh, many_en) = match n {
            1 => (String::new(), String::new()),
            n => (format!("（需要改变 {n} 个决定）"), format!(" (it takes {n} changes)")),
        };
        match lang {
            Lang::Zh => format!("如果你{}，{} 就不会触发{many_zh}。", changes.join("，并"), title.zh),
            Lang::En => format!(
                "Had you {}, {} would not fire{many_en}.",
                changes.join(", and "),
                title.en
            ),
        }
    })
}

/// What the trainee did right, item by item: for each item that did not fire, the condition
/// that kept it from firing and the choices that set its facts ("(一) did not fire: reported
/// 40 min after discovery; deadline 240 min — your choice at 23:40 «report at once»"). Items
/// the trainee's choices had no part in are left out.
pub fn kept_clear(s: &Scenario, state: &State, verdict: &Verdict) -> Vec<Text> {
    let mut out = Vec::new();
    for item in verdict.items.iter().filter(|i| i.status == Status::NotFired) {
        // The first group (ANDed) none of whose conditions (ORed) held keeps the item clear.
        let mut groups: Vec<u8> = item
            .conditions
            .iter()
            .filter(|c| !c.scope)
            .filter_map(|c| c.group)
            .collect();
        crate::sort::sort(&mut groups);
        groups.dedup();
        let Some(group) = groups
            .into_iter()
            .find(|g| !item.conditions.iter().any(|c| c.group == Some(*g) && c.met))
        else {
            continue;
        };
        for c in item.conditions.iter().filter(|c| c.group == Some(group)) {
            let choices: Vec<&(String, String, u64)> = c.path.into_iter().flat_map(|p| state.writers(p)).collect();
            if choices.is_empty() {
                continue;
            }
            let (title, name) = (item_title(item.id), condition(c.name));
            out.push(both(|lang| {
                let made: Vec<String> = choices
                    .iter()
                    .map(|(decision, option, minute)| {
                        let label = s
                            .decision(decision)
                            .and_then(|d| d.options.iter().find(|o| &o.id == option))
                            .map_or(option.as_str(), |o| o.label.get(lang));
                        let at = s.time_of_day(*minute);
                        match lang {
                            Lang::Zh => format!("你在 {at} 的选择「{label}」"),
                            Lang::En => format!("your choice at {at}, “{label}”"),
                        }
                    })
                    .collect();
                match lang {
                    Lang::Zh => format!(
                        "{}未触发：{}不成立（{}）——{}",
                        title.zh,
                        name.zh,
                        c.because.zh,
                        made.join("、")
                    ),
                    Lang::En => format!(
                        "{} did not fire: {} did not hold ({}) — {}",
                        title.en,
                        name.en,
                        c.because.en,
                        made.join("; ")
                    ),
                }
            }));
        }
    }
    out
}

/// The team decisions of a run that a group took by vote, one sentence each, in order: the
/// step, who proposed which option, and each role's ballot, a vote against that was recorded as
/// a dissent (docs/rules-model.md §4) saying so. `me` is the reader's role card id, named as
/// 「你」/ "you". Empty when no step was voted on.
pub fn team_decisions(s: &Scenario, state: &State, events: &[Event], me: Option<&str>) -> Vec<Text> {
    let mut out = Vec::new();
    let mut place = 0;
    for e in events {
        let (decision, option, vote) = match e {
            Event::Choose { decision, option, vote } => (decision, option, vote),
            Event::Timeout { .. } => {
                place += 1;
                continue;
            }
            Event::Instructor { .. } => continue,
        };
        place += 1;
        let Some(vote) = vote else { continue };
        let label = s
            .decision(decision)
            .and_then(|d| d.options.iter().find(|c| &c.id == option))
            .map(|c| c.label.clone());
        let dissenters: Vec<&str> = state
            .voted_dissent
            .iter()
            .filter(|(p, _)| *p + 1 == place)
            .map(|(_, who)| who.as_str())
            .collect();
        out.push(both(|lang| {
            let who = |role: &str| {
                let post = s.role_cards.iter().find(|r| r.id == role).map(|r| r.post.get(lang));
                let post = post.unwrap_or(role);
                match (lang, me == Some(role)) {
                    (Lang::Zh, true) => format!("你（{post}）"),
                    (Lang::Zh, false) => post.to_owned(),
                    (Lang::En, true) => format!("you, as {post},"),
                    (Lang::En, false) => format!("the {post}"),
                }
            };
            let label = label.as_ref().map_or(option.as_str(), |l| l.get(lang));
            let ballots: Vec<String> = vote
                .ballots
                .iter()
                .map(|(role, ballot)| {
                    let person = s
                        .role_cards
                        .iter()
                        .find(|r| &r.id == role)
                        .and_then(|r| r.person.as_deref());
                    let dissent = person.is_some_and(|p| dissenters.contains(&p));
                    let who = who(role);
                    match (lang, ballot, dissent) {
                        (Lang::Zh, Ballot::For, _) => format!("{who}投了赞成票"),
                        (Lang::Zh, Ballot::Against, false) => format!("{who}投了反对票"),
                        (Lang::Zh, Ballot::Against, true) => format!("{who}投了反对票，记为保留意见"),
                        (Lang::Zh, Ballot::Abstain, _) => format!("{who}弃权"),
                        (Lang::En, Ballot::For, _) => format!("{} voted for it", who),
                        (Lang::En, Ballot::Against, false) => format!("{} voted against", who),
                        (Lang::En, Ballot::Against, true) => {
                            format!("{} voted against, recorded as a dissent", who)
                        }
                        (Lang::En, Ballot::Abstain, _) => format!("{} abstained", who),
                    }
                })
                .collect();
            let proposer = who(&vote.proposed_by);
            match lang {
                Lang::Zh => {
                    let ballots = if ballots.is_empty() {
                        String::new()
                    } else {
                        format!("；{}", ballots.join("；"))
                    };
                    format!("第{place}个决策：{proposer}提议「{label}」{ballots}。")
                }
                Lang::En => {
                    let ballots = if ballots.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", ballots.join("; "))
                    };
                    let proposer = capitalise(&proposer);
                    format!("Decision {place}: {proposer} proposed “{label}”{ballots}.")
                }
            }
        }));
    }
    out
}

/// The English sentence with its first letter capitalised (ASCII only: the Unicode case tables
/// would weigh about 8 KB in the browser bundle for no sentence that needs them).
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| std::iter::once(f.to_ascii_uppercase()).chain(c).collect())
        .unwrap_or_default()
}

fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Zh), f(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Limits, analyse};
    use crate::settings::Settings;

    #[test]
    fn a_sampled_analysis_says_why_and_how_sure() {
        let Some(s) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let limits = Limits {
            max_paths: 3,
            samples: 100,
            max_states: 10_000,
        };
        let a = analyse(&s, &Settings::default(), &limits);
        let sampled = scope(&a);
        assert!(
            sampled.en.contains("[A0001]") && sampled.en.contains("±9.8"),
            "{}",
            sampled.en
        );
        assert!(sampled.zh.contains("样本数：100"), "{}", sampled.zh);
        let full = analyse(&s, &Settings::default(), &Limits::default());
        assert!(scope(&full).en.starts_with("Every path walked"));
    }

    #[test]
    fn a_clean_run_says_which_choices_kept_each_item_clear() {
        let Some(s) = crate::builtin::scenario("defacement") else {
            panic!()
        };
        let mut session = crate::engine::Session::new(&s, 1);
        for option in ["escalate", "maintenance", "report_now", "comply", "backup"] {
            assert!(session.choose(option).is_ok(), "{option}");
        }
        let verdict = session.state().live(&s, &Settings::default()).verdict;
        assert!(verdict.fired.is_empty());
        let right = kept_clear(&s, session.state(), &verdict);
        assert!(
            right
                .iter()
                .any(|t| t.en.starts_with("(1)") && t.en.contains("your choice at")),
            "{right:?}"
        );
        assert!(right.iter().all(|t| t.zh.contains("未触发")), "{right:?}");
    }

    #[test]
    fn a_voted_team_decision_names_the_proposer_and_the_dissent() {
        let Some(mut run) = crate::run::Run::builtin("defacement", 6, Settings::default()) else {
            panic!()
        };
        assert!(run.choose("escalate").is_ok() && run.choose("maintenance").is_ok());
        let vote = crate::engine::Vote {
            proposed_by: "main-leader".into(),
            ballots: [
                ("main-leader".to_owned(), Ballot::For),
                ("member-in-charge".to_owned(), Ballot::Against),
                ("security-officer".to_owned(), Ballot::Abstain),
            ]
            .into(),
        };
        let step = Event::Choose {
            decision: "meeting".into(),
            option: "restore_first".into(),
            vote: Some(vote),
        };
        assert!(run.apply(step).is_ok());
        let said = team_decisions(run.scenario(), run.state(), run.events(), Some("main-leader"));
        assert_eq!(said.len(), 1, "{said:?}");
        let t = &said[0];
        assert!(t.zh.starts_with("第3个决策：你（主要负责人）提议「"), "{}", t.zh);
        assert!(
            t.zh.contains("主管网络安全的领导班子成员投了反对票，记为保留意见"),
            "{}",
            t.zh
        );
        assert!(t.zh.contains("网络安全负责人弃权"), "{}", t.zh);
        assert!(
            t.en.starts_with("Decision 3: You, as Principal leader, proposed “"),
            "{}",
            t.en
        );
        assert!(t.en.contains("you, as Principal leader, voted for it"), "{}", t.en);
        assert!(t.en.contains("recorded as a dissent"), "{}", t.en);
        // Read by someone else: no 「你」.
        let other = team_decisions(run.scenario(), run.state(), run.events(), None);
        assert!(other[0].zh.starts_with("第3个决策：主要负责人提议"), "{}", other[0].zh);
        assert!(
            other[0].en.starts_with("Decision 3: The Principal leader proposed"),
            "{}",
            other[0].en
        );
    }
}
