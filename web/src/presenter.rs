//! The presenter view for the projector: one decision at a time in large type, its options and
//! discussion questions, and a discussion clock the facilitator starts, pauses and sets.

use std::sync::Arc;

use gloo::timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zeren_core::engine::At;
use zeren_core::scenario::{Decider, DecisionPoint, Scenario, Tr};
use zeren_core::{Lang, builtin};

use crate::model::{Action, Ctx, Screen, dispatch};
use crate::words::{person_name, t};

/// Minutes on the discussion clock when the view opens.
const DEFAULT_MINUTES: u32 = 8;

/// The presenter view.
#[component]
pub fn Presenter() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    // The scenario on the projector: the run's, else the one chosen here.
    let chosen = use_state(|| None::<Arc<Scenario>>);
    let scenario = match (&*chosen, &model.run) {
        (Some(s), _) => s.clone(),
        (None, Some(run)) => run.shared().clone(),
        (None, None) => match builtin::all().first().cloned() {
            Some(s) => s,
            None => return html! {},
        },
    };
    let start = model
        .run
        .as_ref()
        .filter(|r| r.scenario().id == scenario.id)
        .and_then(|r| match &r.state().at {
            At::Decision(id) => scenario.decisions.iter().position(|d| &d.id == id),
            At::Ending(_) => None,
        })
        .unwrap_or(0);
    let index = use_state(move || start);
    let count = scenario.decisions.len();
    let at = (*index).min(count.saturating_sub(1));
    let Some(point) = scenario.decisions.get(at) else {
        return html! { <section class="presenter" id="presenter"><p>{ t(lang, "这个场景没有决策点。", "This scenario has no decisions.") }</p></section> };
    };
    let go = |to: usize| {
        let index = index.clone();
        Callback::from(move |_: MouseEvent| index.set(to))
    };
    let onkeydown = {
        let index = index.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowRight" | "PageDown" if at + 1 < count => index.set(at + 1),
            "ArrowLeft" | "PageUp" if at > 0 => index.set(at - 1),
            _ => {}
        })
    };
    let pick = {
        let (chosen, index) = (chosen.clone(), index.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(builtin::shared(&select.value()));
            index.set(0);
        })
    };
    let by = match &point.by {
        Decider::Person(p) => person_name(&scenario.base, p, lang),
        Decider::Team => t(lang, "领导班子会议", "Leadership-team meeting"),
    };
    let options = point.options.iter().enumerate().map(|(i, c)| {
        let letter = char::from(b'A' + (i % 26) as u8);
        html! { <li data-option={c.id.clone()}><b>{ letter }</b>{ c.label.get(lang).to_owned() }</li> }
    });
    let questions = questions(point);
    let picker = builtin::all().into_iter().map(|s| {
        html! { <option value={s.id.clone()} selected={s.id == scenario.id}>{ s.title.get(lang).to_owned() }</option> }
    });
    html! {
        <section class="presenter" id="presenter" tabindex="0" {onkeydown} data-decision={point.id.clone()}>
            <div class="presenter-bar no-print">
                <select id="presenter-scenario" aria-label={t(lang, "场景", "Scenario")} onchange={pick}>{ for picker }</select>
                <span class="step" id="presenter-step">{ t(lang, "决策 ", "Decision ") }{ at + 1 }{ " / " }{ count }</span>
                <button id="presenter-prev" disabled={at == 0} onclick={go(at.saturating_sub(1))}>{ t(lang, "◀ 上一个", "◀ Previous") }</button>
                <button id="presenter-next" disabled={at + 1 >= count} onclick={go(at + 1)}>{ t(lang, "下一个 ▶", "Next ▶") }</button>
                <button id="presenter-close" onclick={dispatch(&model, || Action::Show(Screen::Library))}>{ t(lang, "退出投影", "Close") }</button>
            </div>
            <div class="presenter-main">
                <div class="presenter-decision">
                    <p class="scenario">{ scenario.title.get(lang).to_owned() }</p>
                    <p class="by">{ t(lang, "决策人：", "Decides: ") }{ by }
                        { point.time_limit.map(|m| format!("{}{m}{}", t(lang, " · 限时 ", " · time limit "), t(lang, " 分钟", " min"))).unwrap_or_default() }
                    </p>
                    <h1 id="presenter-prompt">{ point.prompt.get(lang).to_owned() }</h1>
                    <ol class="presenter-options">{ for options }</ol>
                </div>
                <aside class="presenter-side">
                    <Clock key={format!("{}-{}", scenario.id, point.id)} lang={lang} />
                    <h2>{ t(lang, "讨论问题", "Discussion questions") }</h2>
                    {
                        if questions.is_empty() {
                            html! { <p class="none" id="presenter-questions">{ t(lang, "这个决策点没有写讨论问题。", "No discussion questions are written for this decision.") }</p> }
                        } else {
                            html! { <ol class="questions" id="presenter-questions">{ for questions.iter().map(|q| html! { <li>{ q.get(lang).to_owned() }</li> }) }</ol> }
                        }
                    }
                    <crate::cohort::Shares decision={point.id.clone()} scenario={scenario.id.clone()} />
                </aside>
            </div>
        </section>
    }
}

/// The discussion questions the scenario's author wrote for a decision (format 2).
fn questions(point: &DecisionPoint) -> Vec<Tr> {
    point.facilitation.questions.clone()
}

#[derive(Properties, PartialEq)]
struct ClockProps {
    lang: Lang,
}

/// The facilitator's discussion clock: set the minutes, start, pause, reset.
#[component]
fn Clock(props: &ClockProps) -> Html {
    let lang = props.lang;
    let minutes = use_state(|| DEFAULT_MINUTES);
    let left = use_state(|| DEFAULT_MINUTES * 60);
    let running = use_state(|| false);
    {
        let (left, running) = (left.clone(), running.clone());
        use_effect_with((*left, *running), move |(now, on)| {
            let now = *now;
            let ticker = (*on && now > 0).then(|| {
                Timeout::new(1000, move || {
                    left.set(now - 1);
                    if now <= 1 {
                        running.set(false);
                    }
                })
            });
            move || drop(ticker)
        });
    }
    let set_minutes = {
        let (minutes, left, running) = (minutes.clone(), left.clone(), running.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(m) = input.value().trim().parse::<u32>() {
                let m = m.min(180);
                minutes.set(m);
                left.set(m * 60);
                running.set(false);
            }
        })
    };
    let toggle = {
        let running = running.clone();
        Callback::from(move |_| running.set(!*running))
    };
    let reset = {
        let (minutes, left, running) = (minutes.clone(), left.clone(), running.clone());
        Callback::from(move |_| {
            left.set(*minutes * 60);
            running.set(false);
        })
    };
    let (m, s) = (*left / 60, *left % 60);
    html! {
        <div class={classes!("facilitator-clock", (*left == 0).then_some("over"))} id="facilitator-clock">
            <div class="time" id="clock-left" role="timer" aria-live="off">{ format!("{m:02}:{s:02}") }</div>
            <div class="controls no-print">
                <button class="primary" id="clock-toggle" onclick={toggle}>
                    { if *running { t(lang, "暂停", "Pause") } else { t(lang, "开始", "Start") } }
                </button>
                <button id="clock-reset" onclick={reset}>{ t(lang, "重置", "Reset") }</button>
                <label>
                    <input id="clock-minutes" type="number" min="0" max="180" value={minutes.to_string()} oninput={set_minutes} />
                    { t(lang, " 分钟", " min") }
                </label>
            </div>
        </div>
    }
}
