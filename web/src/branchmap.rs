//! The branch map: decision points, options, random branches and endings as an SVG graph, each
//! ending marked with the Article 8 items that fire on it. Clicking a node shows it in the text.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;
use zeren_core::scenario::{Next, RandomKind, Scenario};
use zeren_core::{Lang, text};

use crate::words::t;

/// What the map shows.
#[derive(Properties, PartialEq)]
pub struct BranchMapProps {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Items that fire on some path to each ending, once an analysis has run.
    #[prop_or_default]
    pub ending_items: Option<BTreeMap<String, Vec<&'static str>>>,
    /// Called with a node's id when it is clicked.
    pub onselect: Callback<String>,
    /// Interface language.
    pub lang: Lang,
}

const COL: i32 = 240;
const ROW: i32 = 64;
const BOX_W: i32 = 150;
const BOX_H: i32 = 40;

/// The map.
#[component]
pub fn BranchMap(props: &BranchMapProps) -> Html {
    let s = &props.scenario;
    let lang = props.lang;
    // Columns by distance from the start; endings after the deepest decision.
    let mut depth: BTreeMap<String, i32> = BTreeMap::new();
    let mut queue = vec![(s.start.clone(), 0)];
    while let Some((id, d)) = queue.pop() {
        if depth.get(&id).is_some_and(|old| *old <= d) || s.decision(&id).is_none() {
            continue;
        }
        depth.insert(id.clone(), d);
        for n in targets(s, &id) {
            if let Next::Decision(next) = n {
                queue.push((next, d + 1));
            }
        }
    }
    let last = depth.values().max().copied().unwrap_or(0) + 1;
    let mut rows: BTreeMap<i32, i32> = BTreeMap::new();
    let mut at: BTreeMap<String, (i32, i32)> = BTreeMap::new();
    let mut place = |key: String, col: i32| {
        let row = rows.entry(col).or_insert(0);
        at.insert(key, (10 + col * COL, 30 + *row * ROW));
        *row += 1;
    };
    for d in &s.decisions {
        // A decision nothing reaches goes in a column of its own, after the endings.
        place(format!("d:{}", d.id), depth.get(&d.id).copied().unwrap_or(last + 1));
    }
    for e in &s.endings {
        place(format!("e:{}", e.id), last);
    }
    // One edge per (from, to, kind), labelled with every option that takes it.
    let mut links: BTreeMap<(String, String, bool), Vec<String>> = BTreeMap::new();
    for d in &s.decisions {
        for c in &d.options {
            links
                .entry((format!("d:{}", d.id), key(&c.next), false))
                .or_default()
                .push(c.id.clone());
            for b in &c.branches {
                if let Some(n) = &b.next {
                    let label = format!("{} · {}", c.id, chance_label(s, &b.when.text));
                    links
                        .entry((format!("d:{}", d.id), key(n), true))
                        .or_default()
                        .push(label);
                }
            }
        }
    }
    let edges = links.iter().filter_map(|((from, to, dashed), labels)| {
        let (&(x1, y1), &(x2, y2)) = (at.get(from)?, at.get(to)?);
        let (ax, ay, bx, by) = (x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2);
        Some(html! {
            <g class={classes!("edge", dashed.then_some("branch"))}>
                <path d={format!("M{ax},{ay} C{},{ay} {},{by} {bx},{by}", ax + 30, bx - 30)} />
                <text x={((ax + bx) / 2 - 20).to_string()} y={((ay + by) / 2 - 4).to_string()}>{ labels.join(" / ") }</text>
            </g>
        })
    });
    let nodes = at.iter().map(|(key, &(x, y))| {
        let (kind, id) = key.split_once(':').unwrap_or(("d", key));
        let (title, sub) = if kind == "d" {
            let prompt = s.decision(id).map(|d| d.prompt.get(lang).chars().take(12).collect::<String>()).unwrap_or_default();
            (id.to_owned(), prompt)
        } else {
            let items = props
                .ending_items
                .as_ref()
                .and_then(|m| m.get(id))
                .map(|items| items.iter().map(|i| short(i)).collect::<Vec<_>>().join(""))
                .unwrap_or_default();
            let title = s.ending(id).map(|e| e.title.get(lang).to_owned()).unwrap_or_default();
            (format!("■ {id}"), if items.is_empty() { title } else { format!("{title} {items}") })
        };
        let onclick = {
            let (cb, id) = (props.onselect.clone(), id.to_owned());
            Callback::from(move |_| cb.emit(id.clone()))
        };
        html! {
            <g class={classes!("node", if kind == "d" { "decision" } else { "ending" })} data-node={id.to_owned()} {onclick}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="5" />
                <text x={(x + 6).to_string()} y={(y + 16).to_string()} class="id">{ title }</text>
                <text x={(x + 6).to_string()} y={(y + 32).to_string()} class="sub">{ sub }</text>
            </g>
        }
    });
    let width = at.values().map(|(x, _)| x + BOX_W + 20).max().unwrap_or(400);
    let height = at.values().map(|(_, y)| y + BOX_H + 20).max().unwrap_or(200);
    html! {
        <div class="branchmap-wrap">
            <svg class="branchmap" id="branch-map" width={width.to_string()} height={height.to_string()}
                 viewBox={format!("0 0 {width} {height}")} role="img" aria-label={t(lang, "分支图", "Branch map")}>
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

/// The node key of a destination.
fn key(next: &Next) -> String {
    match next {
        Next::Decision(id) => format!("d:{id}"),
        Next::Ending(id) => format!("e:{id}"),
    }
}

/// Where a decision's options and branches lead.
fn targets(s: &Scenario, id: &str) -> Vec<Next> {
    let Some(d) = s.decision(id) else { return Vec::new() };
    d.options
        .iter()
        .flat_map(|c| std::iter::once(c.next.clone()).chain(c.branches.iter().filter_map(|b| b.next.clone())))
        .collect()
}

/// A branch condition as a short label, with the probability of a chance it reads.
fn chance_label(s: &Scenario, condition: &str) -> String {
    let p = s.randoms.iter().find_map(|r| match r.kind {
        RandomKind::Chance(p) if condition.contains(&format!("random.{}", r.id)) => Some(p),
        _ => None,
    });
    match p {
        Some(p) => format!("{condition} (p={p})"),
        None => condition.to_owned(),
    }
}

/// The short mark of an item: （一） … （七）.
fn short(item: &str) -> String {
    let title = text::item_title(item).zh;
    title.chars().take(3).collect()
}
