//! The instructor's settings: every parameter and reading of the training model, editable, and a
//! summary shown in the briefing and every debrief.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zeren_core::params::{PARAMS, READINGS};
use zeren_core::text;

use crate::model::{Action, Ctx, dispatch};
use crate::words::t;

/// The settings screen.
#[component]
pub fn SettingsPage() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let params = PARAMS.iter().map(|spec| {
        let (name, value) = (spec.name, (spec.get)(&model.settings.params));
        let oninput = {
            let model = model.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if let Ok(v) = input.value().trim().parse::<u64>() {
                    let mut s = model.settings.clone();
                    s.params.set(name, v);
                    model.dispatch(Action::Settings(s));
                }
            })
        };
        html! {
            <label class="param">
                <span>{ text::param(name).get(lang).to_owned() }</span>
                <input type="number" min="0" id={format!("param-{name}")} value={value.to_string()} {oninput} />
            </label>
        }
    });
    let readings = READINGS.iter().map(|spec| {
        let (id, values) = (spec.id, &spec.values);
        let current = model.settings.readings.get(id);
        let onchange = {
            let model = model.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                let mut s = model.settings.clone();
                s.readings.set(id, &select.value());
                model.dispatch(Action::Settings(s));
            })
        };
        let options = values.iter().map(|v| {
            html! { <option value={*v} selected={*v == current}>{ text::reading(id, v).get(lang).to_owned() }</option> }
        });
        html! {
            <label class="reading">
                <span>{ id.to_uppercase() }</span>
                <select id={format!("reading-{id}")} {onchange}>{ for options }</select>
            </label>
        }
    });
    let back = model.back;
    html! {
        <section class="settings" id="settings">
            <h1>{ t(lang, "参数与读法", "Parameters and readings") }</h1>
            <p>{ t(lang,
                "这些是训练模型的取值，不是法律标准。案例或场景文件自带的设置优先。每次复盘都会列出生效的取值。",
                "These are the training model's values, not legal standards. A case or scenario file's own settings win. Every debrief lists the values in force.") }</p>
            <h2>{ t(lang, "读法（条文有歧义之处）", "Readings of ambiguous text") }</h2>
            { for readings }
            <h2>{ t(lang, "参数", "Parameters") }</h2>
            { for params }
            <p>
                <button onclick={dispatch(&model, || Action::Settings(Default::default()))}>{ t(lang, "恢复默认", "Restore defaults") }</button>
                <button class="primary" id="settings-done" onclick={dispatch(&model, move || Action::Show(back))}>{ t(lang, "完成", "Done") }</button>
            </p>
        </section>
    }
}

/// The readings and parameters in force, for the briefing and the debrief.
#[component]
pub fn SettingsSummary() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let settings = match &model.run {
        Some(run) => run.settings.for_case(&run.scenario().base),
        None => model.settings.clone(),
    };
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
