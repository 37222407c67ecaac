//! The app shell: the reducer, start-up (run link, saved run), autosave, the header with the
//! language switch, the problem banner, and the screen of the moment.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::verdict::Text;
use zeren_core::{Lang, text};

use crate::model::{Action, Ctx, Model, Run, Screen, dispatch};
use crate::words::t;
use crate::{briefing, handover, library, play, route, settings, storage};
#[cfg(feature = "instructor")]
use crate::{cohort, debrief, editor, presenter};

/// The root component.
#[component]
pub fn App() -> Html {
    let model = use_reducer(|| {
        let handoff = handover::take_handoff();
        // A live class handed over by the console (its hotwash) replaces the class held before.
        #[cfg(feature = "instructor")]
        let class = {
            let saved = storage::load_class();
            storage::take_handed_class(saved.as_ref()).or(saved).map(Rc::new)
        };
        Model {
            lang: storage::load_lang(),
            settings: storage::load_settings(),
            room: storage::load_room(),
            #[cfg(feature = "instructor")]
            class,
            #[cfg(feature = "instructor")]
            editor: storage::load_editor().unwrap_or_else(|| crate::editor::TEMPLATE.to_owned()),
            seed: handoff.as_ref().map_or_else(crate::library::random_seed, |h| h.seed),
            unlocked: handoff.as_ref().is_some_and(|h| h.unlocked),
            back: handoff.and_then(|h| h.back).unwrap_or(Screen::Library),
            ..Model::default()
        }
    });
    let damaged = use_state(|| None::<Text>);
    let pending = use_state(|| None::<Rc<Run>>);
    // Whether start-up has chosen the screen: until then the address is left as it was opened.
    let started = use_state(|| false);
    {
        let (model, damaged, pending, started) = (model.clone(), damaged.clone(), pending.clone(), started.clone());
        use_effect_with((), move |_| {
            start_up(&model, &damaged, &pending);
            started.set(true);
            let back = model.dispatcher();
            route::on_history(move |screen| back.dispatch(Action::Show(screen.unwrap_or(Screen::Library))));
            mark_ready();
        });
    }
    // The run is saved after every change; a run that ends, or one replaced by another, is kept
    // in the history.
    let previous = use_mut_ref(|| None::<Run>);
    let kept = model.dispatcher();
    use_effect_with(model.run.clone(), move |run| {
        storage::save_run(run.as_ref());
        if keep_in_history(previous.borrow_mut().take(), run.as_ref()) {
            kept.dispatch(Action::Kept);
        }
        *previous.borrow_mut() = run.clone();
    });
    {
        // The address follows the screen (a new history entry) and the run (in place), from the
        // screen start-up chose (written in place of the address the page was opened at).
        let shown = use_mut_ref(|| None::<Screen>);
        let link = model.run.as_ref().and_then(crate::model::shown_link);
        use_effect_with((*started, model.screen, link), move |(started, screen, link)| {
            if !started {
                return;
            }
            let new_entry = shown.borrow().is_some_and(|s| s != *screen);
            *shown.borrow_mut() = Some(*screen);
            route::write(&route::address(*screen, link.as_deref()), new_entry);
        });
    }
    use_effect_with(model.settings.clone(), storage::save_settings);
    use_effect_with(model.room.clone(), storage::save_room);
    use_instructor_saves(&model);
    use_whole_app_prefetch(model.screen);
    use_effect_with(model.lang, |lang| {
        storage::save_lang(*lang);
        set_document_lang(*lang);
    });
    {
        // On navigation, focus goes to the new screen's heading (not on the first load).
        let first = use_mut_ref(|| true);
        use_effect_with(model.screen, move |screen| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                focus_heading(*screen);
            }
        });
    }

    let lang = model.lang;
    let screen = match model.screen {
        Screen::Library => html! { <library::Library /> },
        Screen::Briefing => html! { <briefing::Briefing /> },
        Screen::Play => html! { <play::Play /> },
        Screen::Settings | Screen::Presenter | Screen::Cohort if !model.instructor() => html! { <settings::Locked /> },
        #[cfg(feature = "instructor")]
        Screen::Debrief => html! { <debrief::Debrief /> },
        #[cfg(feature = "instructor")]
        Screen::Settings => html! { <crate::settings_page::SettingsPage /> },
        #[cfg(not(feature = "instructor"))]
        Screen::Debrief => html! { <WholeApp loading={Text::new("正在载入复盘…", "Loading the debrief…")} /> },
        #[cfg(not(feature = "instructor"))]
        Screen::Settings => html! { <WholeApp loading={Text::new("正在载入参数与读法…", "Loading the settings…")} /> },
        #[cfg(feature = "instructor")]
        Screen::Editor => html! { <editor::Editor /> },
        #[cfg(feature = "instructor")]
        Screen::Presenter => html! { <presenter::Presenter /> },
        #[cfg(feature = "instructor")]
        Screen::Cohort => html! { <cohort::Cohort /> },
        #[cfg(not(feature = "instructor"))]
        Screen::Editor | Screen::Presenter | Screen::Cohort => html! { <WholeApp loading={instructors_module()} /> },
    };
    let home = {
        let model = model.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            model.dispatch(Action::Show(Screen::Library));
        })
    };
    html! {
        <ContextProvider<Ctx> context={model.clone()}>
            <header class="top">
                <a class="brand" href="./" onclick={home}>{ "责任 Zeren" }</a>
                <span class="tagline">{ t(lang, "网络安全工作责任制桌面推演", "Cybersecurity responsibility tabletop exercise") }</span>
                <nav>
                    <button id="nav-editor" onclick={dispatch(&model, || Action::Show(Screen::Editor))}>
                        { t(lang, "场景编辑器", "Scenario editor") }
                    </button>
                    if model.instructor() {
                        <button id="nav-presenter" onclick={dispatch(&model, || Action::Show(Screen::Presenter))}>
                            { t(lang, "投影视图", "Presenter") }
                        </button>
                        <button id="nav-cohort" onclick={dispatch(&model, || Action::Show(Screen::Cohort))}>
                            { t(lang, "全班对比", "Class") }
                        </button>
                        <button id="nav-settings" onclick={dispatch(&model, || Action::OpenSettings)}>
                            { t(lang, "参数与读法", "Settings") }
                        </button>
                    }
                    <settings::Lock />
                    <button id="lang-switch" onclick={dispatch(&model, move || Action::Lang(if lang == Lang::Zh { Lang::En } else { Lang::Zh }))}>
                        { if lang == Lang::Zh { "English" } else { "中文" } }
                    </button>
                </nav>
            </header>
            { damaged_banner(&model, &damaged) }
            { link_question(&model, &pending) }
            { problem_banner(&model) }
            <main>{ screen }</main>
            <footer class="disclaimer">
                <p>{ text::disclaimer().get(lang).to_owned() }</p>
                <p>{ t(lang, "进度只保存在本机浏览器中，不会上传。", "Progress is stored only in this browser on this device; nothing is uploaded.") }</p>
            </footer>
        </ContextProvider<Ctx>>
    }
}

/// What a screen of the whole app says while it loads.
#[cfg(not(feature = "instructor"))]
#[derive(Properties, PartialEq)]
pub struct WholeAppProps {
    /// "Loading the debrief…".
    pub loading: Text,
}

/// The note of an instructor's screen loading.
#[cfg(not(feature = "instructor"))]
pub fn instructors_module() -> Text {
    Text::new("正在载入教员模块…", "Loading the instructor's module…")
}

/// In the trainee's module, a screen of the whole app's (the debrief, the settings, the
/// instructor's screens): the tab loads the whole app at the same address (web/boot.js); the
/// address already names the screen, and everything the app holds is saved in this browser
/// first, so nothing is lost. During play the whole app is fetched in the background
/// (`zerenPrefetchWhole`, web/boot.js), so the debrief follows the last decision at once.
#[cfg(not(feature = "instructor"))]
#[component]
pub fn WholeApp(props: &WholeAppProps) -> Html {
    let model = use_context::<Ctx>();
    let lang = model.as_ref().map_or(Lang::Zh, |m| m.lang);
    use_effect_with((), move |_| {
        // The screen asked for, whether or not the app has written its address yet.
        let address = model.as_ref().map(|m| route::address(m.screen, None));
        if let Some(m) = model {
            handover::hand_off(&handover::of(&m));
        }
        // After the app's own effects (the saves) have run.
        gloo::timers::callback::Timeout::new(0, move || route::load_whole_app(address.as_deref())).forget();
    });
    html! { <p class="loading" id="loading-whole">{ props.loading.get(lang).to_owned() }</p> }
}

/// Saves the room's class and the editor's text as they change.
#[cfg(feature = "instructor")]
#[hook]
fn use_instructor_saves(model: &Ctx) {
    use_effect_with(model.class.clone(), storage::save_class);
    use_effect_with(model.editor.clone(), |text| storage::save_editor(text));
}

/// The whole app holds the debrief itself.
#[cfg(feature = "instructor")]
#[hook]
fn use_whole_app_prefetch(_screen: Screen) {}

/// While a run is played, the trainee's module fetches the whole app, which shows its debrief.
#[cfg(not(feature = "instructor"))]
#[hook]
fn use_whole_app_prefetch(screen: Screen) {
    use_effect_with(screen == Screen::Play, |playing| {
        if *playing {
            route::prefetch_whole_app();
        }
    });
}

/// The trainee's module neither reads nor holds them: it leaves them as saved.
#[cfg(not(feature = "instructor"))]
#[hook]
fn use_instructor_saves(_model: &Ctx) {}

/// A run link in the address wins, unless it would replace a different run in progress: then the
/// user is asked first. Otherwise the saved run is resumed; a damaged save is reported and kept
/// until the user decides.
fn start_up(model: &Ctx, damaged: &UseStateHandle<Option<Text>>, pending: &UseStateHandle<Option<Rc<Run>>>) {
    let (saved, broken) = storage::load_run();
    if broken.is_some() {
        damaged.set(broken);
    }
    if let Some(link) = link_run(model) {
        match saved {
            Some(own) if !own.events().is_empty() && !link.continues(&own) => {
                if own.state().ended() {
                    storage::remember(&own);
                    model.dispatch(Action::Kept);
                } else {
                    model.dispatch(Action::Start(Box::new(own)));
                    pending.set(Some(Rc::new(link)));
                    return;
                }
            }
            _ => {}
        }
        model.dispatch(Action::Start(Box::new(link)));
        return;
    }
    if let Some(run) = saved {
        model.dispatch(Action::Start(Box::new(run)));
    }
    // A run the trainee's module handed over (one of a scenario file) replaces the saved one,
    // which goes to the history.
    #[cfg(feature = "instructor")]
    if let Some(text) = handover::take_run() {
        match storage::from_text(&text) {
            Ok(run) => model.dispatch(Action::Start(Box::new(run))),
            Err(e) => model.dispatch(Action::Problem(Some(e))),
        }
        return;
    }
    // A bookmarked screen that needs no run (`#/editor`, `#/settings`, `#/library`).
    if let Some(screen) = route::screen_in(&route::hash()).filter(|s| !s.shows_run()) {
        model.dispatch(Action::Show(screen));
    }
}

/// The run of the run link in the address, if there is one; a link that does not apply is
/// reported.
fn link_run(model: &Ctx) -> Option<Run> {
    let hash = web_sys::window()?.location().hash().ok()?;
    if !hash.contains("run=") {
        return None;
    }
    match Run::from_link(&hash, None) {
        Ok(run) => Some(run),
        Err(e) => {
            let e = e.text();
            model.dispatch(Action::Problem(Some(Text::new(
                format!("推演链接：{}", e.zh),
                format!("run link: {}", e.en),
            ))));
            None
        }
    }
}

/// Keeps in the history a run that ended, and one that was replaced by a run it is not part of;
/// `true` when the history changed.
fn keep_in_history(previous: Option<Run>, now: Option<&Run>) -> bool {
    let mut changed = false;
    if let Some(run) = now.filter(|r| r.state().ended()) {
        changed |= storage::remember(run);
    }
    if let Some(old) = previous {
        let related = now.is_some_and(|r| r.continues(&old) || old.continues(r));
        if !related {
            changed |= storage::remember(&old);
        }
    }
    changed
}

/// Asks before a run link replaces a different run in progress.
fn link_question(model: &Ctx, pending: &UseStateHandle<Option<Rc<Run>>>) -> Html {
    let (Some(link), Some(own)) = ((**pending).clone(), model.run.as_ref()) else {
        return html! {};
    };
    let lang = model.lang;
    let open = {
        let (model, pending, link) = (model.clone(), pending.clone(), link.clone());
        Callback::from(move |_| {
            model.dispatch(Action::Start(Box::new((*link).clone())));
            pending.set(None);
        })
    };
    let keep = {
        let pending = pending.clone();
        Callback::from(move |_| pending.set(None))
    };
    html! {
        <div class="banner warn" id="link-question" role="alertdialog" aria-labelledby="link-question-text">
            <p id="link-question-text">
                { t(lang, "这个推演链接会打开「", "This run link opens “") }{ link.scenario().title.get(lang).to_owned() }
                { t(lang, "」。你有一场进行中的推演「", "”. You have an exercise in progress, “") }{ own.scenario().title.get(lang).to_owned() }
                { t(lang, "」（已做 ", "” (") }{ own.events().len() }{ t(lang, " 步）。", " steps taken).") }
            </p>
            <button class="primary" id="open-link" onclick={open}>{ t(lang, "打开链接（我的推演存入历史记录）", "Open the link (keep mine in the history)") }</button>
            <button id="keep-mine" onclick={keep}>{ t(lang, "继续我的推演", "Continue my exercise") }</button>
        </div>
    }
}

fn damaged_banner(model: &Ctx, damaged: &UseStateHandle<Option<Text>>) -> Html {
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
    // Kept: the damaged text stays aside in this browser; the banner returns on the next visit.
    let keep = {
        let damaged = damaged.clone();
        Callback::from(move |_| damaged.set(None))
    };
    let save_copy = Callback::from(|_| {
        if let Some(text) = storage::damaged_text() {
            crate::files::download("zeren-damaged-save.json", &text);
        }
    });
    html! {
        <div class="banner warn" id="damaged-save" role="alert">
            <p>{ t(lang, "上次保存的推演进度已损坏，无法恢复：", "The saved exercise is damaged and cannot be resumed: ") }{ why.get(lang).to_owned() }</p>
            <button id="download-damaged" onclick={save_copy}>{ t(lang, "下载损坏的存档", "Download the damaged save") }</button>
            <button id="discard-save" onclick={discard}>{ t(lang, "丢弃损坏的存档", "Discard the damaged save") }</button>
            <button id="keep-save" onclick={keep}>{ t(lang, "暂时保留", "Keep it for now") }</button>
        </div>
    }
}

fn problem_banner(model: &Ctx) -> Html {
    let Some(p) = model.problem.clone() else {
        return html! {};
    };
    html! {
        <div class="banner" id="problem">
            <p>{ p.get(model.lang).to_owned() }</p>
            <button onclick={dispatch(model, || Action::Problem(None))}>{ "×" }</button>
        </div>
    }
}

/// `<html lang>` and the page title follow the interface language.
fn set_document_lang(lang: Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
    }
    document.set_title(&t(
        lang,
        "责任 Zeren — 网络安全工作责任制桌面推演",
        "Zeren — cybersecurity responsibility tabletop exercise",
    ));
}

/// Moves the keyboard focus to the heading of the screen just shown (on the play screen: the
/// decision's prompt), so that screen readers and keyboard users start there.
fn focus_heading(screen: Screen) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let wanted: &[&str] = if screen == Screen::Play {
        &["#prompt", "main h1"]
    } else {
        &["main h1"]
    };
    if let Some(h) = wanted
        .iter()
        .find_map(|css| document.query_selector(css).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        let _ = h.focus();
    }
}

/// Records when the app first became interactive (`window.zerenReady`, in ms since navigation),
/// for the size and speed report.
fn mark_ready() {
    let Some(window) = web_sys::window() else { return };
    let now = window.performance().map_or(0.0, |p| p.now());
    let _ = js_sys::Reflect::set(&window, &"zerenReady".into(), &now.into());
}
