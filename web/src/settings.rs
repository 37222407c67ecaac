//! The settings in force, as the briefing and every debrief show them, and the instructor's PIN
//! in the header; the screen that edits them is the whole app's (settings_page.rs).

use web_sys::HtmlInputElement;
use yew::prelude::*;
use zeren_core::params::{PARAMS, READINGS};
use zeren_core::text;

use crate::model::{Action, Ctx, dispatch};
use crate::words::t;

/// The readings and parameters in force, for the briefing and the debrief.
#[component]
pub fn SettingsSummary() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let settings = match &model.run {
        Some(run) => run.settings.for_case(&run.scenario().base),
        None => model.settings.clone(),
    };
    html! { <SettingsList {settings} /> }
}

/// Props of [`SettingsList`].
#[derive(Properties, PartialEq)]
pub struct SettingsListProps {
    /// The settings to list.
    pub settings: zeren_core::Settings,
}

/// A list of readings and parameters (the debrief's, the after-action report's).
#[component]
pub fn SettingsList(props: &SettingsListProps) -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let settings = &props.settings;
    html! {
        <section class="settings-summary" id="settings-summary">
            <h2>{ t(lang, "本次推演采用的读法和参数", "Readings and parameters in force") }</h2>
            <ul>
                { for READINGS.iter().map(|r| html! { <li>{ text::reading(r.id, settings.readings.get(r.id)).get(lang).to_owned() }</li> }) }
            </ul>
            <ul class="params">
                { for PARAMS.iter().map(|p| html! {
                    <li>{ text::param(p.name).get(lang).to_owned() }{ " " }{ (p.get)(&settings.params) }</li>
                }) }
            </ul>
        </section>
    }
}

/// In the header: with a PIN set, a field to unlock the instructor's controls, or a button to
/// lock them again.
#[component]
pub fn Lock() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let typed = use_state(String::new);
    if model.room.pin.is_none() {
        return html! {};
    }
    if model.unlocked {
        return html! {
            <button id="lock" onclick={dispatch(&model, || Action::Lock)}>{ t(lang, "锁定教员操作", "Lock instructor controls") }</button>
        };
    }
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            typed.set(input.value());
        })
    };
    let onsubmit = {
        let (model, typed) = (model.clone(), typed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            model.dispatch(Action::Unlock((*typed).clone()));
            typed.set(String::new());
        })
    };
    html! {
        <form class="unlock" id="unlock" {onsubmit}>
            <input id="pin" type="password" inputmode="numeric" autocomplete="off" size="6"
                   aria-label={t(lang, "教员 PIN", "Instructor PIN")} placeholder="PIN" value={(*typed).clone()} {oninput} />
            <button type="submit" id="unlock-button">{ t(lang, "教员解锁", "Unlock") }</button>
        </form>
    }
}

/// Shown instead of an instructor's screen while the controls are locked.
#[component]
pub fn Locked() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    html! {
        <section class="settings" id="locked">
            <h1>{ t(lang, "需要教员 PIN", "Instructor PIN needed") }</h1>
            <p>{ t(lang, "此页面仅供教员使用：请在页面顶部输入 PIN。", "This page is for the instructor: enter the PIN at the top of the page.") }</p>
        </section>
    }
}
