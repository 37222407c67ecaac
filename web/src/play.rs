//! Playing: the scenario clock, the inject feed, the decision with its options and countdown,
//! the instructor's controls, and beside them the live Article 8 and accountability panels.

use std::rc::Rc;
use std::sync::Arc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use zeren_core::engine::{At, EntryKind, Event, State};
use zeren_core::scenario::{COUNTDOWN_SECONDS_PER_MINUTE, Decider, Scenario};
use zeren_core::{Lang, text};

use crate::article8::Article8;
use crate::model::{Action, Ctx, Screen, dispatch};
use crate::orgchart::{OrgChart, colour};
use crate::storage;
use crate::words::{BLIND_NOTE, person_name, t};

/// How long a new decision ignores input after it appears, so that a key pressed twice cannot
/// answer a decision nobody has read.
const SETTLE_MS: u32 = 400;

/// The play screen.
#[component]
pub fn Play() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let Some(run) = model.run.clone() else {
        return html! {};
    };
    let lang = model.lang;
    let s = run.shared().clone();
    let state = run.state();
    let live = run.live();
    let clock = s.time_of_day(state.minute);
    let fired: Vec<String> = live
        .verdict
        .fired
        .iter()
        .map(|id| text::item_title(id).get(lang).to_owned())
        .collect();
    let verdict_now = if fired.is_empty() {
        t(lang, "目前没有触发任何情形。", "No item has fired so far.")
    } else {
        format!("{}{}", t(lang, "目前已触发：", "Fired so far: "), fired.join("；"))
    };
    // Blind play: the run computes everything, but the verdict waits for the debrief.
    let blind = model.blind();
    html! {
        <section class={classes!("play", blind.then_some("blind"))} id="play">
            <h1 class="sr-only">{ s.title.get(lang).to_owned() }</h1>
            if !blind {
                <p class="sr-only" id="verdict-live" aria-live="polite">{ verdict_now }</p>
            }
            <div class="left">
                <div class="clock" id="clock">
                    <span class="time">{ clock }</span>
                    <span class="since">{ t(lang, "发现后第 ", "minute ") }{ state.minute }{ t(lang, " 分钟", " after discovery") }</span>
                </div>
                <Feed scenario={s.clone()} state={state.clone()} lang={lang} />
                <Decision />
                if model.instructor() {
                    <Instructor />
                } else {
                    <p><button id="leave" onclick={dispatch(&model, || Action::Leave)}>{ t(lang, "结束并返回场景库", "Leave to the library") }</button></p>
                }
            </div>
            if blind {
                <p class="blind-note" id="blind-note">{ t(lang, BLIND_NOTE.0, BLIND_NOTE.1) }</p>
            } else {
            <div class="right">
                <Article8 verdict={live.verdict.clone()} at_risk={live.at_risk.clone()} lang={lang} />
                <section class="accountability" id="accountability">
                    <h2>{ t(lang, "问责（按目前事实）", "Accountability (facts so far)") }</h2>
                    <OrgChart case={Rc::new(s.base.clone())} rows={live.verdict.accountable.clone()} lang={lang} />
                    <ul class="rows">
                        { for live.verdict.accountable.iter().map(|r| html! {
                            <li style={format!("border-left-color:{}", colour(r.kind))} data-person={r.person.clone()}>
                                <b>{ person_name(&state.case, &r.person, lang) }</b>{ " — " }
                                { text::position(r.role).get(lang).to_owned() }{ " — " }
                                { text::kind(r.kind).get(lang).to_owned() }{ " （" }{ r.basis.join(", ") }{ "）" }
                            </li>
                        }) }
                    </ul>
                </section>
            </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FeedProps {
    scenario: Arc<Scenario>,
    state: State,
    lang: Lang,
}

/// The messages and choices so far, newest last.
#[component]
fn Feed(props: &FeedProps) -> Html {
    let lang = props.lang;
    let s = &props.scenario;
    let entries = props.state.transcript.iter().map(|e| {
        let time = s.time_of_day(e.minute);
        match &e.what {
            EntryKind::Inject { from, text, .. } => html! {
                <li class="inject"><time>{ time }</time><b>{ from.get(lang).to_owned() }</b><span>{ text.get(lang).to_owned() }</span></li>
            },
            EntryKind::Decision { decision, label, timed_out, .. } => {
                let by = match s.decision(decision).map(|d| &d.by) {
                    Some(Decider::Person(id)) => person_name(&s.base, id, lang),
                    _ => t(lang, "领导班子", "The team"),
                };
                let late = if *timed_out { t(lang, "（超时，按默认处理）", " (time ran out)") } else { String::new() };
                html! {
                    <li class="choice"><time>{ time }</time><b>{ "▶ " }{ by }{ late }</b><span>{ label.get(lang).to_owned() }</span></li>
                }
            }
            EntryKind::Outcome { text } => html! { <li class="outcome"><span>{ "→ " }{ text.get(lang).to_owned() }</span></li> },
            EntryKind::Instructor { reason } => html! {
                <li class="instructor"><time>{ time }</time><b>{ t(lang, "教员认定第（七）项", "Instructor: item (7)") }</b><span>{ reason.clone() }</span></li>
            },
            EntryKind::Ending { title, .. } => html! {
                <li class="ending"><time>{ time }</time><b>{ "■ " }{ title.get(lang).to_owned() }</b></li>
            },
        }
    });
    // The newest message is at the bottom: keep it in view.
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.state.transcript.len(), move |_| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    html! {
        <ol class="feed" id="feed" ref={list} aria-live="polite" aria-relevant="additions"
            aria-label={t(lang, "消息", "Messages")} tabindex="0">{ for entries }</ol>
    }
}

/// The decision pending, its options, and the countdown when it has a time limit.
#[component]
fn Decision() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let Some(run) = model.run.clone() else {
        return html! {};
    };
    let lang = model.lang;
    let At::Decision(id) = run.state().at.clone() else {
        return html! {
            <button class="primary" onclick={dispatch(&model, || Action::Show(Screen::Debrief))}>{ t(lang, "查看复盘", "See the debrief") }</button>
        };
    };
    let Some(point) = run.scenario().decision(&id).cloned() else {
        return html! {};
    };
    // A new decision takes the focus (its prompt) and ignores input for a moment.
    let step = run.events().len();
    let prompt = use_node_ref();
    let settled = use_state(|| false);
    let locked = use_mut_ref(|| true);
    {
        let (prompt, settled, locked) = (prompt.clone(), settled.clone(), locked.clone());
        use_effect_with((id.clone(), step), move |_| {
            *locked.borrow_mut() = true;
            settled.set(false);
            if let Some(h) = prompt.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
            let timer = Timeout::new(SETTLE_MS, move || {
                *locked.borrow_mut() = false;
                settled.set(true);
            });
            move || drop(timer)
        });
    }
    let options = run.state().options(run.scenario()).into_iter().map(|c| {
        let event = Event::choose(id.clone(), c.id.clone());
        let (model, locked) = (model.clone(), locked.clone());
        let onclick = Callback::from(move |_| {
            // Only the first answer counts, and none before the decision has settled.
            if !std::mem::replace(&mut *locked.borrow_mut(), true) {
                model.dispatch(Action::Event(event.clone()));
            }
        });
        html! {
            <button class="option" data-option={c.id.clone()} {onclick}>
                { c.label.get(lang).to_owned() }
            </button>
        }
    });
    let by = match &point.by {
        Decider::Person(p) => person_name(&run.scenario().base, p, lang),
        Decider::Team => t(lang, "领导班子会议", "Leadership-team meeting"),
    };
    html! {
        <section class={classes!("decision", settled.then_some("settled"))} id="decision" data-decision={id.clone()}
                 aria-labelledby="prompt">
            <p class="by">{ t(lang, "决策人：", "Decides: ") }{ by }</p>
            <h2 id="prompt" ref={prompt} tabindex="-1">{ point.prompt.get(lang).to_owned() }</h2>
            { point.time_limit.map(|limit| html! {
                <Countdown key={format!("{id}-{step}")} decision={id.clone()} step={step} limit={limit} />
            }).unwrap_or_default() }
            <div class="options">{ for options }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CountdownProps {
    decision: String,
    /// The number of events before this decision (which visit of it this is).
    step: usize,
    limit: u64,
}

/// Seconds left before the default option is taken; the instructor can pause it. The seconds
/// left are saved with the run, so leaving for the settings or reloading does not restart it.
#[component]
fn Countdown(props: &CountdownProps) -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let (scenario, seed) = model
        .run
        .as_ref()
        .map(|r| (r.scenario().id.clone(), r.seed()))
        .unwrap_or_default();
    let total = u32::try_from(props.limit.saturating_mul(COUNTDOWN_SECONDS_PER_MINUTE)).unwrap_or(u32::MAX);
    let saved = {
        let (scenario, decision, step) = (scenario.clone(), props.decision.clone(), props.step);
        move || {
            storage::load_countdown()
                .filter(|c| c.scenario == scenario && c.seed == seed && c.step == step && c.decision == decision)
                .map(|c| (c.left.min(total), c.paused))
        }
    };
    let left = use_state({
        let saved = saved.clone();
        move || saved().map_or(total, |(left, _)| left)
    });
    let paused = use_state(move || saved().is_some_and(|(_, paused)| paused));
    {
        let (left, paused, model, decision, step) = (
            left.clone(),
            paused.clone(),
            model.clone(),
            props.decision.clone(),
            props.step,
        );
        use_effect_with((*left, *paused), move |(now, paused)| {
            storage::save_countdown(&storage::Countdown {
                scenario,
                seed,
                step,
                decision: decision.clone(),
                left: *now,
                paused: *paused,
            });
            let ticker = (!*paused).then(|| {
                let now = *now;
                Timeout::new(1000, move || {
                    if now <= 1 {
                        model.dispatch(Action::Event(Event::Timeout {
                            decision: decision.clone(),
                        }));
                    } else {
                        left.set(now - 1);
                    }
                })
            });
            move || drop(ticker)
        });
    }
    let lang = model.lang;
    let toggle = {
        let paused = paused.clone();
        Callback::from(move |_| paused.set(!*paused))
    };
    html! {
        <p class="countdown" id="countdown">
            { t(lang, "限时：场景时间 ", "Time limit: ") }{ props.limit }{ t(lang, " 分钟，剩余 ", " scenario minutes; ") }
            <b id="seconds-left">{ *left }</b>{ t(lang, " 秒", " s left") }
            <button onclick={toggle}>{ if *paused { t(lang, "继续计时", "Resume") } else { t(lang, "暂停", "Pause") } }</button>
        </p>
    }
}

/// The instructor's controls: undo the last decision, fire (七) with a reason.
#[component]
fn Instructor() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let reason = use_state(String::new);
    let oninput = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            reason.set(input.value());
        })
    };
    let fire = {
        let (model, reason) = (model.clone(), reason.clone());
        Callback::from(move |_| {
            let why = reason.trim().to_owned();
            if !why.is_empty() {
                model.dispatch(Action::Event(Event::Instructor { reason: why }));
                reason.set(String::new());
            }
        })
    };
    let can_undo = model.run.as_ref().is_some_and(|r| !r.events().is_empty());
    html! {
        <details class="instructor-tools" id="instructor">
            <summary>{ t(lang, "教员操作", "Instructor") }</summary>
            <button id="undo" disabled={!can_undo} onclick={dispatch(&model, || Action::Undo)}>{ t(lang, "撤销上一步", "Undo last step") }</button>
            <label>{ t(lang, "认定第（七）项“其他严重危害网络安全行为”，理由：", "Fire item (7) 'other serious acts', reason: ") }
                <input id="item7-reason" maxlength={zeren_core::limits::MAX_REASON_CHARS.to_string()} value={(*reason).clone()} {oninput} />
            </label>
            <button id="item7-fire" onclick={fire}>{ t(lang, "认定", "Fire (7)") }</button>
            <button onclick={dispatch(&model, || Action::Leave)}>{ t(lang, "结束并返回场景库", "Leave to the library") }</button>
        </details>
    }
}
