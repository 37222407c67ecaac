//! "How the room chose": for one decision, a bar per option — the share of groups that took it
//! and what it led to (items fired later, minutes to the next decision) — drawn as SVG in Yew's
//! own markup; and where two groups' paths first parted, side by side.

use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;
use zeren_core::cohort::{Cohort, Decision, Step, diverge};
use zeren_core::scenario::Scenario;
use zeren_core::{Lang, text};

use crate::words::t;

/// The short mark of an item: （一） or (1).
pub fn numeral(id: &str, lang: Lang) -> String {
    let title = text::item_title(id).get(lang).to_owned();
    let end = title
        .find(['）', ')'])
        .map_or(title.len(), |i| i + title[i..].chars().next().map_or(1, char::len_utf8));
    title[..end].to_owned()
}

fn option_label(scenario: &Scenario, decision: &str, option: &str, lang: Lang) -> String {
    scenario
        .decision(decision)
        .and_then(|d| d.options.iter().find(|o| o.id == option))
        .map_or_else(|| option.to_owned(), |o| o.label.get(lang).to_owned())
}

/// Props of [`DecisionChart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The decision's shares.
    pub decision: Rc<Decision>,
    /// Groups in the class.
    pub groups: usize,
    /// Language.
    pub lang: Lang,
    /// Options named by letter (A, B, C …) in large type, for the projector.
    #[prop_or_default]
    pub letters: bool,
}

const WIDTH: u32 = 720;
const BAR: u32 = 420;

/// One decision's bars.
#[component]
pub fn DecisionChart(props: &ChartProps) -> Html {
    let lang = props.lang;
    let d = &props.decision;
    // Rows are taller with the projector's larger type.
    let (row, line) = if props.letters { (84, 24) } else { (58, 14) };
    let height = row * d.options.len() as u32 + 8;
    let rows = d.options.iter().enumerate().map(|(n, o)| {
        let y = row * n as u32 + 4;
        let w = BAR * o.percent / 100;
        let label = if props.letters {
            char::from(b'A' + (n % 26) as u8).to_string()
        } else {
            option_label(&props.scenario, &d.decision, &o.option, lang)
        };
        let later: Vec<String> = o
            .fired_later
            .iter()
            .map(|(id, k)| format!("{}×{k}", numeral(id, lang)))
            .collect();
        let led = if o.groups.is_empty() {
            String::new()
        } else if later.is_empty() {
            format!(
                "{}{}{}",
                t(lang, "此后未触发 · 到下一步平均 ", "nothing fired later · "),
                o.minutes,
                t(lang, " 分钟", " min to next")
            )
        } else {
            format!(
                "{}{}{}{}{}",
                t(lang, "→ 此后触发 ", "→ fired later "),
                later.join(" "),
                t(lang, " · 到下一步平均 ", " · "),
                o.minutes,
                t(lang, " 分钟", " min to next")
            )
        };
        let timed = if o.timed_out > 0 {
            format!(
                "{}{}{}",
                t(lang, "（其中 ", " ("),
                o.timed_out,
                t(lang, " 组超时）", " timed out)")
            )
        } else {
            String::new()
        };
        html! {
            <g class={classes!("bar", (!o.fired_later.is_empty()).then_some("fired"))} data-option={o.option.clone()}>
                <text class="label" x="0" y={(y + line).to_string()}>{ label }</text>
                <rect class="track" x="0" y={(y + line + 6).to_string()} width={BAR.to_string()} height={(line + 2).to_string()} />
                <rect class="share" x="0" y={(y + line + 6).to_string()} width={w.to_string()} height={(line + 2).to_string()} />
                <text class="count" x={(BAR + 8).to_string()} y={(y + 2 * line + 4).to_string()}>
                    { format!("{}/{} · {}%{timed}", o.groups.len(), d.reached, o.percent) }
                </text>
                <text class="led" x="0" y={(y + 3 * line + 10).to_string()}>{ led }</text>
            </g>
        }
    });
    html! {
        <svg class={classes!("shares-chart", props.letters.then_some("big"))} viewBox={format!("0 0 {WIDTH} {height}")} role="img"
             aria-label={t(lang, "各选项的选择比例和后果", "Share of groups per option and what followed")}>
            { for rows }
        </svg>
    }
}

/// Props of [`Divergence`].
#[derive(Properties, PartialEq)]
pub struct DivergenceProps {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The comparison.
    pub cohort: Rc<Cohort>,
    /// Language.
    pub lang: Lang,
}

/// Two groups chosen by the instructor, and where their paths first part, side by side.
#[component]
pub fn Divergence(props: &DivergenceProps) -> Html {
    let lang = props.lang;
    let k = &props.cohort;
    let a = use_state(|| 0usize);
    let b = use_state(|| 1usize);
    let pick = |which: &UseStateHandle<usize>| {
        let which = which.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            which.set(select.value().parse().unwrap_or_default());
        })
    };
    let select = |id: &str, now: usize, onchange: Callback<Event>| {
        html! {
            <select id={id.to_owned()} {onchange}>
                { for k.groups.iter().enumerate().map(|(n, g)| html! { <option value={n.to_string()} selected={n == now}>{ g.label.clone() }</option> }) }
            </select>
        }
    };
    let s = &props.scenario;
    let prompt = |step: &Step| {
        s.decision(&step.decision)
            .map_or_else(|| step.decision.clone(), |d| d.prompt.get(lang).to_owned())
    };
    let side = |n: usize, start: usize| {
        let Some(g) = k.groups.get(n) else { return html! {} };
        let fired: Vec<String> = g
            .items
            .iter()
            .filter(|i| i.fired)
            .map(|i| numeral(i.item, lang))
            .collect();
        let ending = g
            .ending
            .as_deref()
            .and_then(|e| s.ending(e))
            .map_or_else(|| t(lang, "未结束", "not ended"), |e| e.title.get(lang).to_owned());
        html! {
            <div class="side">
                <h4>{ g.label.clone() }</h4>
                <ol start={(start + 1).to_string()}>
                    { for g.path.iter().skip(start).map(|x| html! {
                        <li>{ option_label(s, &x.decision, &x.option, lang) }
                            if !x.fired_later.is_empty() {
                                <span class="later">{ " → " }{ x.fired_later.iter().map(|i| numeral(i, lang)).collect::<Vec<_>>().join("") }</span>
                            }
                        </li>
                    }) }
                </ol>
                <p>{ t(lang, "结局：", "Ending: ") }{ ending }{ t(lang, "；触发：", "; fired: ") }
                    { if fired.is_empty() { t(lang, "无", "none") } else { fired.join("") } }</p>
            </div>
        }
    };
    let body = match diverge(k, *a, *b) {
        Some(d) => {
            let at = d.a.as_ref().or(d.b.as_ref()).map(&prompt).unwrap_or_default();
            html! {
                <>
                    <p id="divergence-at">{ t(lang, "前 ", "Alike for the first ") }{ d.common }{ t(lang, " 个决策相同，分歧出现在：", " decisions; they part at: ") }<b>{ at }</b></p>
                    <div class="sides">{ side(*a, d.common) }{ side(*b, d.common) }</div>
                </>
            }
        }
        None => {
            html! { <p id="divergence-at">{ t(lang, "这两组的路径没有分歧（一组的路径是另一组的开头）。", "These paths do not part (one is the other's beginning).") }</p> }
        }
    };
    html! {
        <section class="divergence" id="divergence">
            <h3>{ t(lang, "两组路径的分歧", "Where two groups parted") }</h3>
            <p class="no-print">{ select("diverge-a", *a, pick(&a)) }{ " ↔ " }{ select("diverge-b", *b, pick(&b)) }</p>
            { body }
        </section>
    }
}
