//! The branch map: decision points, options, random branches and endings as an SVG graph, each
//! ending marked with the Article 8 items that fire on it. Clicking a node shows it in the text.
//! It reads from the top down (one row per step from the start, endings in the last row), fits
//! the width of the page, and can be shown at full size to pan.

use std::collections::BTreeMap;
use std::sync::Arc;

use yew::prelude::*;
use zeren_core::scenario::{Next, RandomKind, Scenario};
use zeren_core::{Lang, text};

use crate::words::t;

/// What the map shows.
#[derive(Properties, PartialEq)]
pub struct BranchMapProps {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// Items that fire on some path to each ending, once an analysis has run.
    #[prop_or_default]
    pub ending_items: Option<BTreeMap<String, Vec<String>>>,
    /// Called with a node's id when it is clicked.
    pub onselect: Callback<String>,
    /// Interface language.
    pub lang: Lang,
}

const COL: i32 = 190;
const ROW: i32 = 96;
const BOX_W: i32 = 166;
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
    // Rows by depth; each row's nodes side by side, the rows centred on the widest.
    let mut rows: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for d in &s.decisions {
        // A decision nothing reaches goes in a row of its own, after the endings.
        rows.entry(depth.get(&d.id).copied().unwrap_or(last + 1))
            .or_default()
            .push(format!("d:{}", d.id));
    }
    for e in &s.endings {
        rows.entry(last).or_default().push(format!("e:{}", e.id));
    }
    let widest = rows.values().map(Vec::len).max().unwrap_or(1) as i32;
    let mut at: BTreeMap<String, (i32, i32)> = BTreeMap::new();
    for (n, (_, keys)) in rows.iter().enumerate() {
        let left = 10 + (widest - keys.len() as i32) * COL / 2;
        for (i, key) in keys.iter().enumerate() {
            at.insert(key.clone(), (left + i as i32 * COL, 14 + n as i32 * ROW));
        }
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
    // Labels sit beside their edge, a third of the way down, and go to the next free line when
    // another label is already there (a 12 px line of text stands about 16 px tall).
    const LINE: i32 = 16;
    let mut taken: Vec<(i32, i32, i32)> = Vec::new();
    let edges = links
        .iter()
        .filter_map(|((from, to, dashed), labels)| {
            let (&(x1, y1), &(x2, y2)) = (at.get(from)?, at.get(to)?);
            let (ax, ay, bx, by) = (x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2);
            let path = if by > ay {
                format!("M{ax},{ay} C{ax},{} {bx},{} {bx},{by}", ay + 30, by - 30)
            } else {
                // Back up (a later row to an earlier one): round the right-hand side.
                let side = x1.max(x2) + BOX_W + 20;
                format!(
                    "M{},{} C{side},{} {side},{} {},{}",
                    x1 + BOX_W,
                    y1 + BOX_H / 2,
                    y1 + BOX_H / 2,
                    y2 + BOX_H / 2,
                    x2 + BOX_W,
                    y2 + BOX_H / 2
                )
            };
            let full = labels.join(" / ");
            let text = fit(&full, 40);
            let chars = text.chars().count() as i32;
            let width = chars * 7 + 6;
            // An edge that goes left is labelled on its left, one that goes right or down on its
            // right; `left` is where the label's box starts.
            let leftwards = bx < ax - 10;
            let anchor_x = ax + (bx - ax) / 3 + if leftwards { -4 } else { 4 };
            let left = if leftwards { anchor_x - width } else { anchor_x };
            let mut ly = ay + (by - ay).abs().min(ROW) / 3 + 4;
            while taken
                .iter()
                .any(|(x, y, w)| (ly - y).abs() < LINE && left < x + w && *x < left + width)
            {
                ly += LINE;
            }
            taken.push((left, ly, width));
            Some(html! {
                <g class={classes!("edge", dashed.then_some("branch"))}>
                    <path d={path} />
                    <text x={anchor_x.to_string()} y={ly.to_string()} text-anchor={if leftwards { "end" } else { "start" }}>
                        { text }<title>{ full }</title>
                    </text>
                </g>
            })
        })
        .collect::<Vec<_>>();
    let nodes = at.iter().map(|(key, &(x, y))| {
        let (kind, id) = key.split_once(':').unwrap_or(("d", key));
        // An ending has a third line: the items that fire on some path to it.
        let (title, sub, items) = if kind == "d" {
            let prompt = s.decision(id).map(|d| fit(d.prompt.get(lang), 28)).unwrap_or_default();
            (fit(id, 24), prompt, None)
        } else {
            let items = props
                .ending_items
                .as_ref()
                .and_then(|m| m.get(id))
                .map(|items| items.iter().map(|i| short(i)).collect::<Vec<_>>().join(""));
            let title = s.ending(id).map(|e| e.title.get(lang).to_owned()).unwrap_or_default();
            (fit(&format!("■ {id}"), 24), fit(&title, 28), Some(items.unwrap_or_default()))
        };
        let h = if items.is_some() { BOX_H + 16 } else { BOX_H };
        let onclick = {
            let (cb, id) = (props.onselect.clone(), id.to_owned());
            Callback::from(move |_| cb.emit(id.clone()))
        };
        html! {
            <g class={classes!("node", if kind == "d" { "decision" } else { "ending" })} data-node={id.to_owned()} {onclick}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={h.to_string()} rx="5" />
                <title>{ key.split_once(':').map_or(key.as_str(), |(_, id)| id).to_owned() }</title>
                <text x={(x + 6).to_string()} y={(y + 16).to_string()} class="id">{ title }</text>
                <text x={(x + 6).to_string()} y={(y + 32).to_string()} class="sub">{ sub }</text>
                { items.map(|i| html! { <text x={(x + 6).to_string()} y={(y + 48).to_string()} class="items">{ i }</text> }).unwrap_or_default() }
            </g>
        }
    });
    let width = at
        .values()
        .map(|(x, _)| x + BOX_W + 40)
        .chain(taken.iter().map(|(x, _, w)| x + w + 10))
        .max()
        .unwrap_or(400);
    let height = at.values().map(|(_, y)| y + BOX_H + 36).max().unwrap_or(200);
    let full = use_state(|| false);
    let toggle = {
        let full = full.clone();
        Callback::from(move |_| full.set(!*full))
    };
    html! {
        <div class={classes!("branchmap-wrap", full.then_some("full"))}>
            <button class="zoom" id="branch-map-zoom" onclick={toggle} aria-pressed={full.to_string()}>
                { if *full { t(lang, "适应宽度", "Fit the width") } else { t(lang, "原始大小（可拖动滚动）", "Full size (scroll to pan)") } }
            </button>
            <svg class="branchmap" id="branch-map" width={width.to_string()} height={height.to_string()}
                 style={format!("max-width:{width}px")}
                 viewBox={format!("0 0 {width} {height}")} role="img" aria-label={t(lang, "分支图", "Branch map")}>
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

/// `text` cut to about `units` half-width characters (a Chinese character counts two), with an
/// ellipsis when cut: what fits in a node box.
pub(crate) fn fit(text: &str, units: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        used += if c.is_ascii() { 1 } else { 2 };
        if used > units {
            out.pop();
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
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
