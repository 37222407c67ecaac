//! Zeren in the browser: a thin Yew front end over zeren-core. Screens are components; the
//! state is one reducer (model.rs); storage is an adapter (storage.rs).
//!
//! Three builds (web/boot.js): the trainee's module (no feature), the whole app (`instructor`),
//! and the class module (`class`): a group's page in a live class alone, without the solo app.

#[cfg(all(feature = "class", feature = "instructor"))]
compile_error!("the class module is built without the instructor's parts (scripts/build-web)");

#[cfg(feature = "instructor")]
mod aar;
#[cfg(feature = "instructor")]
mod api;
#[cfg(not(feature = "class"))]
mod app;
mod article8;
#[cfg(feature = "instructor")]
mod branchmap;
#[cfg(not(feature = "class"))]
mod briefing;
mod builtins;
#[cfg(feature = "instructor")]
mod chart;
#[cfg(feature = "instructor")]
mod class;
#[cfg(feature = "instructor")]
mod cohort;
// The debrief is the whole app's: the trainee's module hands a finished run to it (app.rs,
// `WholeApp`), having fetched it in the background during play.
#[cfg(feature = "instructor")]
mod debrief;
#[cfg(feature = "instructor")]
mod editor;
#[cfg(not(feature = "class"))]
mod files;
#[cfg(not(feature = "class"))]
mod handover;
#[cfg(not(feature = "class"))]
mod history;
mod json;
#[cfg(not(feature = "class"))]
mod library;
mod live;
#[cfg(feature = "instructor")]
mod matrix;
#[cfg(not(feature = "class"))]
mod model;
#[cfg(not(feature = "class"))]
mod orgchart;
#[cfg(not(feature = "class"))]
mod play;
#[cfg(feature = "instructor")]
mod presenter;
#[cfg(not(feature = "class"))]
mod route;
#[cfg(not(feature = "class"))]
mod settings;
#[cfg(feature = "instructor")]
mod settings_page;
#[cfg(not(feature = "class"))]
mod storage;
#[cfg(not(feature = "class"))]
mod teaching;
#[cfg(feature = "instructor")]
mod timeline;
mod words;
#[cfg(feature = "instructor")]
mod worker;

fn main() {
    std::panic::set_hook(Box::new(show_panic));
}

/// Mounts the app (web/boot.js calls it). The module alone, as the analysis worker and other
/// pages use it through the JavaScript API (api.rs), shows nothing.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() {
    // The trainee's module fetches the library's index first, and the built-ins when this tab
    // already needs them (builtins.rs).
    #[cfg(not(any(feature = "instructor", feature = "class")))]
    wasm_bindgen_futures::spawn_local(async {
        // A saved run of a scenario file needs the scenario reader: the whole app resumes it.
        if storage::saved_run_needs_reader() {
            return route::load_whole_app(None);
        }
        let hash = route::hash();
        let runs = hash.contains("run=") || route::screen_in(&hash).is_some_and(|s| s.shows_run());
        let all = runs || storage::holds_runs();
        match builtins::load_at_start(all).await {
            Ok(()) => mount(),
            Err(why) => cannot_start(&why),
        }
    });
    // The class module fetches the class's scenario when the group joins (live/group.rs).
    #[cfg(any(feature = "instructor", feature = "class"))]
    mount();
}

/// `?join` and `?console` open the live class's pages (served by `zeren serve`); any other
/// address, the app.
#[cfg(not(feature = "class"))]
fn mount() {
    loaded();
    match live::route() {
        Some(route) => {
            yew::Renderer::<live::ClassApp>::with_props(live::ClassProps { route }).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// The class module is loaded for `?join` (web/boot.js); it shows the class pages alone.
#[cfg(feature = "class")]
fn mount() {
    loaded();
    let route = live::route().unwrap_or(live::Route::Join(String::new()));
    yew::Renderer::<live::ClassApp>::with_props(live::ClassProps { route }).render();
}

/// Removes the loading note of index.html: the app is about to show.
fn loaded() {
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(note) = document.and_then(|d| d.get_element_by_id("loading")) {
        note.remove();
    }
}

/// The trainee's module could not fetch the built-ins this tab's runs need: it says so and
/// touches nothing (the saved run, the history and the address stay as they are).
#[cfg(not(any(feature = "instructor", feature = "class")))]
fn cannot_start(why: &str) {
    let loading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loading"));
    if let Some(loading) = loading {
        loading.set_text_content(Some(&format!(
            "无法载入内置场景，请检查网络后重新载入本页；你的推演记录保存在本机，没有丢失。Cannot load the built-in exercises: check the network and reload this page; your runs are kept in this browser. ({why})"
        )));
    }
}

/// An unexpected panic (a bug: no input should cause one) is shown at the top of the page, as
/// text, instead of leaving a blank or frozen page; the release build then stops.
fn show_panic(info: &std::panic::PanicHookInfo<'_>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(note), Some(body)) = (doc.create_element("p"), doc.body()) else {
        return;
    };
    note.set_id("panic");
    note.set_class_name("banner warn");
    note.set_text_content(Some(&format!(
        "出现意外错误，请重新载入页面并报告此问题。An unexpected error occurred: please reload the page and report it. ({info})"
    )));
    let _ = body.insert_before(&note, body.first_child().as_ref());
}
