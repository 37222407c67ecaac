//! The cohort matrix: a row per group, a column per item (一)–(七) and per post held accountable,
//! cells coloured by the kind of responsibility; a click shows that group's why-trace.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::cohort::{Cohort, Member};
use zeren_core::debrief::traces;
use zeren_core::judge::ITEM_IDS;
use zeren_core::verdict::Kind;
use zeren_core::{Lang, explain, sentences, text};

use crate::chart::numeral;
use crate::orgchart::colour;
use crate::words::t;

/// Props of [`Matrix`].
#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// The comparison.
    pub cohort: Rc<Cohort>,
    /// The runs, in the same order as its groups.
    pub members: Rc<Vec<Member>>,
    /// Language.
    pub lang: Lang,
}

const KINDS: [Kind; 5] = [
    Kind::MainLeadership,
    Kind::ImportantLeadership,
    Kind::Leadership,
    Kind::Direct,
    Kind::Coordination,
];

/// The matrix and, below it, the why-trace of the cell clicked.
#[component]
pub fn Matrix(props: &MatrixProps) -> Html {
    let lang = props.lang;
    let k = &props.cohort;
    // The group and (for an item's cell) the item whose why-trace is shown.
    let picked = use_state(|| None::<(usize, Option<&'static str>)>);
    let Some(first) = props.members.first() else {
        return html! {};
    };
    let case = &first.run.scenario().base;
    let say = |x: zeren_core::verdict::Text| x.get(lang).to_owned();
    let pick = |n: usize, item: Option<&'static str>| {
        let picked = picked.clone();
        Callback::from(move |_: MouseEvent| picked.set(Some((n, item))))
    };
    let head_posts = k.posts.iter().map(|p| {
        html! { <th class="post" scope="col">{ say(sentences::person(case, &p.person)) }<div class="role">{ say(text::position(p.role)) }</div></th> }
    });
    let rows = k.groups.iter().enumerate().map(|(n, g)| {
        let items = g.items.iter().map(|c| {
            let kinds: Vec<String> = c.kinds.iter().map(|x| say(text::kind(*x))).collect();
            let style = c.kinds.first().filter(|_| c.fired).map(|x| format!("background:{};color:#fff", colour(*x)));
            html! {
                <td class={classes!("item", c.fired.then_some("fired"))} style={style}
                    title={kinds.join("、")} data-item={c.item}>
                    <button class="cell" onclick={pick(n, Some(c.item))}
                            aria-label={format!("{} {}", g.label, numeral(c.item, lang))}>
                        { if c.fired { "●" } else { "·" } }
                    </button>
                </td>
            }
        });
        let posts = g.posts.iter().map(|kind| match kind {
            Some(x) => html! {
                <td class="post held" style={format!("background:{};color:#fff", colour(*x))}>
                    <button class="cell" onclick={pick(n, None)}>{ say(text::kind(*x)) }</button>
                </td>
            },
            None => html! { <td class="post"></td> },
        });
        let ending = g
            .ending
            .as_deref()
            .and_then(|e| first.run.scenario().ending(e))
            .map_or_else(|| t(lang, "未结束", "not ended"), |e| e.title.get(lang).to_owned());
        html! {
            <tr data-group={n.to_string()}>
                <th scope="row"><button class="cell name" onclick={pick(n, None)}>{ g.label.clone() }</button><div class="ending">{ ending }</div></th>
                { for items }{ for posts }
            </tr>
        }
    });
    let legend = KINDS.iter().map(|x| {
        html! { <li><span class="swatch" style={format!("background:{}", colour(*x))}></span>{ say(text::kind(*x)) }</li> }
    });
    html! {
        <section class="matrix-section">
            <div class="matrix-wrap">
                <table class="matrix" id="cohort-matrix">
                    <thead><tr>
                        <th scope="col">{ t(lang, "小组", "Group") }</th>
                        { for ITEM_IDS.iter().map(|id| html! { <th scope="col" title={say(text::item_title(id))}>{ numeral(id, lang) }</th> }) }
                        { for head_posts }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <ul class="legend">{ for legend }<li>{ t(lang, "● 已触发（颜色为最重的责任类型） · 未触发", "● fired (colour: the most serious kind) · not fired") }</li></ul>
            { picked.map(|(n, item)| why(&props.members, k, n, item, lang)).unwrap_or_default() }
        </section>
    }
}

/// One group's why-trace (for one item, when an item's cell was clicked).
fn why(members: &[Member], k: &Cohort, n: usize, item: Option<&'static str>, lang: Lang) -> Html {
    let (Some(m), Some(g)) = (members.get(n), k.groups.get(n)) else {
        return html! {};
    };
    let s = m.run.scenario();
    let verdict = m.run.live().verdict;
    let lines: Vec<Html> = traces(s, m.run.state(), &verdict)
        .into_iter()
        .filter(|tr| item.is_none_or(|i| tr.item == i))
        .map(|tr| html! { <li>{ explain::trace(s, &tr).get(lang).to_owned() }</li> })
        .collect();
    let what = item.map_or_else(String::new, |i| format!(" · {}", text::item_title(i).get(lang)));
    html! {
        <div class="why-trace" id="why-trace">
            <h3>{ t(lang, "为什么：", "Why: ") }{ g.label.clone() }{ what }</h3>
            if lines.is_empty() {
                <p>{ t(lang, "没有由本组选择导致的触发条件。", "No condition was met by this group's choices.") }</p>
            } else {
                <ol class="why">{ for lines }</ol>
            }
        </div>
    }
}
