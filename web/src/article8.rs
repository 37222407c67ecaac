//! The Article 8 panel: the seven items, each not triggered, at risk or triggered, expandable to
//! its conditions with the facts that met them and the regulation's own words.

use yew::prelude::*;
use zeren_core::verdict::{Status, Verdict};
use zeren_core::{Lang, text};

use crate::words::t;

/// What the panel shows.
#[derive(Properties, PartialEq)]
pub struct Article8Props {
    /// The verdict on the facts so far.
    pub verdict: Verdict,
    /// Items that fire within the hour if nothing is done.
    #[prop_or_default]
    pub at_risk: Vec<&'static str>,
    /// Interface language.
    pub lang: Lang,
}

/// The panel.
#[component]
pub fn Article8(props: &Article8Props) -> Html {
    let lang = props.lang;
    let items = props.verdict.items.iter().map(|item| {
        let (class, word) = match item.status {
            Status::Fired => ("fired", t(lang, "已触发", "triggered")),
            _ if props.at_risk.contains(&item.id) => ("at-risk", t(lang, "有风险", "at risk")),
            Status::NotFired => ("quiet", t(lang, "未触发", "not triggered")),
            Status::NotApplicable => ("na", t(lang, "不适用", "not applicable")),
        };
        let conditions = item.conditions.iter().map(|c| {
            let mark = if c.met { "✔" } else { "✘" };
            html! {
                <li class={if c.met { "met" } else { "unmet" }} data-condition={c.name}>
                    <span class="mark">{ mark }</span>
                    <b>{ text::condition(c.name).get(lang).to_owned() }</b>
                    { " — " }{ c.because.get(lang).to_owned() }
                    <q class="quote" title={c.clause}>{ c.quote }</q>
                </li>
            }
        });
        html! {
            <details class={classes!("item", class)} id={format!("item-{}", item.id)} open={item.status == Status::Fired}>
                <summary>
                    <span class="badge">{ word }</span>
                    { text::item_title(item.id).get(lang).to_owned() }
                </summary>
                <ul class="conditions">{ for conditions }</ul>
            </details>
        }
    });
    html! {
        <section class="article8" id="article8">
            <h2>{ t(lang, "第八条第二款 七种情形", "Article 8 ¶2: the seven items") }</h2>
            { for items }
        </section>
    }
}
