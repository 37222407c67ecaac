//! A scenario's teaching content (format 2) in the single-trainee app: on the briefing the
//! learning objectives with their clauses named readably, the facilitator guide and the role
//! cards, each private briefing behind its own disclosure so a group can pass the laptop round;
//! in the debrief what went right and wrong (the ending's lessons, selected by the items that
//! fired) and the discussion questions of the decisions this run met.

use yew::prelude::*;
use zeren_core::scenario::Tr;
use zeren_core::{Lang, Scenario, sentences};

use crate::words::t;

fn say(tr: &Tr, lang: Lang) -> String {
    tr.get(lang).to_owned()
}

/// The objectives, each with the provisions it teaches by name (第八条第二款第（三）项 / Art 8 ¶2 (3)).
pub fn objectives(s: &Scenario, lang: Lang) -> Html {
    if s.objectives.is_empty() {
        return html! {};
    }
    let items = s.objectives.iter().map(|o| {
        let ids: Vec<&str> = o.clauses.iter().map(String::as_str).collect();
        html! {
            <li>
                { say(&o.text, lang) }
                <span class="clauses">{ t(lang, "（", " (") }{ sentences::basis(&ids).get(lang).to_owned() }{ t(lang, "）", ")") }</span>
            </li>
        }
    });
    html! {
        <>
            <h2>{ t(lang, "学习目标", "Learning objectives") }</h2>
            <ol class="objectives" id="objectives">{ for items }</ol>
        </>
    }
}

/// The facilitator guide, folded away: the room does not need it, the instructor does.
pub fn guide(s: &Scenario, lang: Lang) -> Html {
    let Some(g) = &s.guide else {
        return html! {};
    };
    let phases = g.phases.iter().map(|p| {
        html! {
            <li>
                <b>{ say(&p.title, lang) }</b>{ format!(" · {} ", p.minutes) }{ t(lang, "分钟", "min") }
                { p.text.as_ref().map(|x| html! { <div>{ say(x, lang) }</div> }).unwrap_or_default() }
            </li>
        }
    });
    html! {
        <details class="guide" id="guide">
            <summary>{ t(lang, "主持人指南", "Facilitator guide") }{ format!(" · {} ", g.minutes()) }{ t(lang, "分钟", "min") }</summary>
            <p>{ say(&g.text, lang) }</p>
            { g.emphasis.as_ref().map(|e| html! { <p><b>{ t(lang, "要点：", "Emphasise: ") }</b>{ say(e, lang) }</p> }).unwrap_or_default() }
            <ol class="phases">{ for phases }</ol>
        </details>
    }
}

/// The role cards: the post and who holds it on the card, the private briefing inside.
pub fn role_cards(s: &Scenario, lang: Lang) -> Html {
    if s.role_cards.is_empty() {
        return html! {};
    }
    let cards = s.role_cards.iter().map(|r| {
        let who = r.person.as_deref().map(|p| {
            let name = sentences::person(&s.base, p).get(lang).to_owned();
            format!("{}{name}{}", t(lang, "（", " ("), t(lang, "）", ")"))
        });
        html! {
            <li>
                <details class="role-card">
                    <summary>{ say(&r.post, lang) }{ who.unwrap_or_default() }</summary>
                    <p>{ say(&r.briefing, lang) }</p>
                </details>
            </li>
        }
    });
    html! {
        <>
            <h2>{ t(lang, "角色卡", "Role cards") }</h2>
            <p class="hint">{ t(lang, "每人只打开自己的角色卡，读完收起，再把电脑传给下一位。", "Each member opens only their own card, closes it after reading and passes the computer on.") }</p>
            <ul class="role-cards" id="role-cards">{ for cards }</ul>
        </>
    }
}

/// What went right and what went wrong, for a run that ended at `ending` with `fired`.
#[cfg(feature = "instructor")]
pub fn lessons(ending: &zeren_core::scenario::Ending, fired: &[&str], lang: Lang) -> Html {
    let (right, wrong) = ending.lessons(fired);
    if right.is_empty() && wrong.is_empty() {
        return html! {};
    }
    let list = |id: &'static str, texts: Vec<&Tr>| {
        let items = texts.into_iter().map(|x| html! { <li>{ say(x, lang) }</li> });
        html! { <ul id={id}>{ for items }</ul> }
    };
    html! {
        <div class="lessons">
            { if right.is_empty() { html! {} } else { html! { <><h3>{ t(lang, "做对了什么", "What went right") }</h3>{ list("lessons-right", right) }</> } } }
            { if wrong.is_empty() { html! {} } else { html! { <><h3>{ t(lang, "哪里出了问题", "What went wrong") }</h3>{ list("lessons-wrong", wrong) }</> } } }
        </div>
    }
}

/// The discussion questions of the decisions this run met, in the order met.
#[cfg(feature = "instructor")]
pub fn discussion(s: &Scenario, chosen: &[(String, String, u64)], lang: Lang) -> Html {
    let mut seen: Vec<&str> = Vec::new();
    let points = chosen.iter().filter_map(|(d, _, _)| {
        if seen.contains(&d.as_str()) {
            return None;
        }
        seen.push(d);
        let point = s.decision(d)?;
        if point.facilitation.questions.is_empty() {
            return None;
        }
        let questions = point
            .facilitation
            .questions
            .iter()
            .map(|q| html! { <li>{ say(q, lang) }</li> });
        Some(html! {
            <li>
                <b>{ say(&point.prompt, lang) }</b>
                <ul>{ for questions }</ul>
            </li>
        })
    });
    let points: Vec<Html> = points.collect();
    if points.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h2>{ t(lang, "讨论问题", "Discussion questions") }</h2>
            <ol class="discussion" id="discussion">{ for points }</ol>
        </>
    }
}
