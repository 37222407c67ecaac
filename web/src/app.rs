//! The app shell: the reducer, start-up (run link, saved run), autosave, the header with the
//! language switch, the problem banner, and the screen of the moment.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::engine::Session;
use zeren_core::{Lang, builtin, text};

use crate::model::{Action, Model, Run, Screen, Source};
use crate::words::t;
use crate::{briefing, debrief, editor, library, play, settings, storage};

/// The context every screen reads and dispatches to.
pub type Ctx = UseReducerHandle<Model>;

/// The root component.
#[component]
pub fn App() -> Html {
    let model = use_reducer(|| Model {
        lang: storage::load_lang(),
        settings: storage::load_settings(),
        editor: storage::load_editor().unwrap_or_else(|| crate::editor::TEMPLATE.to_owned()),
        ..Model::default()
    });
    let damaged = use_state(|| None::<String>);
    {
        let (model, damaged) = (model.clone(), damaged.clone());
        use_effect_with((), move |_| {
            start_up(&model, &damaged);
            mark_ready();
        });
    }
    {
        let blocked = damaged.is_some();
        use_effect_with((model.run.clone(), blocked), |(run, blocked)| {
            // A damaged save is kept until the user agrees to discard it.
            if !blocked {
                storage::save_run(run.as_ref());
            }
            set_hash(run.as_ref().and_then(Run::link).unwrap_or_default());
        });
    }
    use_effect_with(model.settings.clone(), storage::save_settings);
    use_effect_with(model.lang, |lang| storage::save_lang(*lang));
    use_effect_with(model.editor.clone(), |text| storage::save_editor(text));

    let lang = model.lang;
    let screen = match model.screen {
        Screen::Library => html! { <library::Library /> },
        Screen::Briefing => html! { <briefing::Briefing /> },
        Screen::Play => html! { <play::Play /> },
        Screen::Debrief => html! { <debrief::Debrief /> },
        Screen::Settings => html! { <settings::SettingsPage /> },
        Screen::Editor => html! { <editor::Editor /> },
    };
    html! {
        <ContextProvider<Ctx> context={model.clone()}>
            <header class="top">
                <span class="brand" onclick={dispatch(&model, || Action::Show(Screen::Library))}>{ "责任 Zeren" }</span>
                <span class="tagline">{ t(lang, "网络安全工作责任制桌面推演", "Cybersecurity responsibility tabletop exercise") }</span>
                <nav>
                    <button id="nav-editor" onclick={dispatch(&model, || Action::Show(Screen::Editor))}>
                        { t(lang, "场景编辑器", "Scenario editor") }
                    </button>
                    <button id="nav-settings" onclick={dispatch(&model, || Action::OpenSettings)}>
                        { t(lang, "参数与读法", "Settings") }
                    </button>
                    <button id="lang-switch" onclick={dispatch(&model, move || Action::Lang(if lang == Lang::Zh { Lang::En } else { Lang::Zh }))}>
                        { if lang == Lang::Zh { "English" } else { "中文" } }
                    </button>
                </nav>
            </header>
            { damaged_banner(&model, &damaged) }
            { problem_banner(&model) }
            <main>{ screen }</main>
            <footer class="disclaimer">
                <p>{ text::disclaimer().get(lang).to_owned() }</p>
                <p>{ t(lang, "进度只保存在本机浏览器中，不会上传。", "Progress is stored only in this browser on this device; nothing is uploaded.") }</p>
            </footer>
        </ContextProvider<Ctx>>
    }
}

/// A click handler that dispatches the action `make` builds.
pub fn dispatch<E>(model: &Ctx, make: impl Fn() -> Action + 'static) -> Callback<E> {
    let model = model.clone();
    Callback::from(move |_| model.dispatch(make()))
}

/// A run link in the address wins; otherwise the saved run is resumed; a damaged save is
/// reported and kept until the user decides.
fn start_up(model: &Ctx, damaged: &UseStateHandle<Option<String>>) {
    if let Some((id, seed, steps)) = read_hash() {
        match builtin::scenario(&id) {
            Some(scenario) => {
                let scenario = Rc::new(scenario);
                match Session::from_steps(&scenario, seed, &steps) {
                    Ok(session) => {
                        let events = session.events().to_vec();
                        if let Ok(run) = Run::replay(scenario.clone(), Source::Builtin(id), seed, &events) {
                            model.dispatch(Action::Start(Box::new(run)));
                            return;
                        }
                    }
                    Err((n, e)) => model.dispatch(Action::Problem(Some(format!("run link, step {}: {e}", n + 1)))),
                }
            }
            None => model.dispatch(Action::Problem(Some(format!("run link: no scenario `{id}`")))),
        }
    }
    match storage::load_run() {
        Ok(Some(run)) => model.dispatch(Action::Start(Box::new(run))),
        Ok(None) => {}
        Err(e) => damaged.set(Some(e)),
    }
}

fn damaged_banner(model: &Ctx, damaged: &UseStateHandle<Option<String>>) -> Html {
    let Some(why) = (**damaged).clone() else {
        return html! {};
    };
    let lang = model.lang;
    let discard = {
        let damaged = damaged.clone();
        Callback::from(move |_| {
            storage::discard_run();
            damaged.set(None);
        })
    };
    let keep = {
        let damaged = damaged.clone();
        Callback::from(move |_| damaged.set(None))
    };
    html! {
        <div class="banner warn" id="damaged-save">
            <p>{ t(lang, "上次保存的推演进度已损坏，无法恢复：", "The saved exercise is damaged and cannot be resumed: ") }{ why }</p>
            <button id="discard-save" onclick={discard}>{ t(lang, "丢弃损坏的存档", "Discard the damaged save") }</button>
            <button onclick={keep}>{ t(lang, "暂时保留", "Keep it for now") }</button>
        </div>
    }
}

fn problem_banner(model: &Ctx) -> Html {
    let Some(p) = model.problem.clone() else {
        return html! {};
    };
    html! {
        <div class="banner" id="problem">
            <p>{ p }</p>
            <button onclick={dispatch(model, || Action::Problem(None))}>{ "×" }</button>
        </div>
    }
}

/// `#run=ID&seed=N&steps=a.b.c` from the address.
fn read_hash() -> Option<(String, u64, String)> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let mut id = None;
    let mut seed = None;
    let mut steps = String::new();
    for part in hash.trim_start_matches('#').split('&') {
        let (k, v) = part.split_once('=')?;
        let v = js_sys::decode_uri_component(v).ok()?.as_string()?;
        match k {
            "run" => id = Some(v),
            "seed" => seed = v.parse().ok(),
            "steps" => steps = v,
            _ => {}
        }
    }
    Some((id?, seed?, steps))
}

/// Shows the run link in the address without adding to the history.
fn set_hash(hash: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = if hash.is_empty() { path } else { format!("{path}{hash}") };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Records when the app first became interactive (`window.zerenReady`, in ms since navigation),
/// for the size and speed report.
fn mark_ready() {
    let Some(window) = web_sys::window() else { return };
    let now = window.performance().map_or(0.0, |p| p.now());
    let _ = js_sys::Reflect::set(&window, &"zerenReady".into(), &now.into());
}
