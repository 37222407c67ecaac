//! The address: every screen has one (`#/library`, `#/editor`, `#/settings`), and a screen of a
//! built-in run carries its run link (`#/play/run=defacement&seed=6&steps=…`), so Back and
//! Forward move between screens and a screen can be bookmarked or reopened. A plain run link
//! (`#run=…`) still opens its run. A small hand-made router rather than yew-router: the routes
//! are one flat list, the run link must keep its form, and every kilobyte of the bundle counts.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::model::Screen;

/// The address of `screen`, with the run link (`#run=…`) of the run it shows, if any.
pub fn address(screen: Screen, link: Option<&str>) -> String {
    match link.and_then(|l| l.strip_prefix('#')).filter(|_| screen.shows_run()) {
        Some(run) => format!("#/{}/{run}", screen.slug()),
        None => format!("#/{}", screen.slug()),
    }
}

/// The screen an address names, if it names one.
pub fn screen_in(hash: &str) -> Option<Screen> {
    let path = hash.strip_prefix("#/")?;
    Screen::from_slug(path.split('/').next().unwrap_or_default())
}

/// The current address's hash.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Writes the address: a new history entry when `new_entry` (another screen, so that Back
/// returns to this one), else in place (the same screen, one more step). A screen the address
/// already names is written in place too: Back or Forward showed it, and a new entry would
/// wipe the screens after it, which Forward returns to.
pub fn write(address: &str, new_entry: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let current = hash();
    if current == address {
        return;
    }
    // The query stays: `?whole` says which build the tab runs (web/boot.js).
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let url = format!("{path}{search}{address}");
    let _ = match new_entry && screen_in(&current) != screen_in(address) {
        true => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        false => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// Whether `hash` is a plain run link (`#run=…`), as pasted into the address bar: the page
/// loads again with it (web/boot.js), so it opens as if the page were opened with it.
fn is_run_link(hash: &str) -> bool {
    hash.starts_with("#run=")
}

/// Calls `go` with the screen of the address whenever the user goes Back or Forward, for the
/// page's lifetime. A run link put into the address of the open tab is left as it is: the page
/// loads again with it (web/boot.js), and start-up opens it (or asks first, app.rs).
pub fn on_history(go: impl Fn(Option<Screen>) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(move || {
        let hash = hash();
        if !is_run_link(&hash) {
            go(screen_in(&hash));
        }
    });
    let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    // The app lives as long as the page: the listener does too.
    listener.forget();
}

/// Fetches the whole app into the browser's cache in the background (web/boot.js,
/// `zerenPrefetchWhole`), so that the debrief it shows opens at once when the run ends.
#[cfg(not(feature = "instructor"))]
pub fn prefetch_whole_app() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let prefetch = js_sys::Reflect::get(&window, &"zerenPrefetchWhole".into()).unwrap_or_default();
    if let Some(f) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&prefetch) {
        let _ = f.call0(&window);
    }
}

/// Loads the whole app (web/boot.js reads `?whole`) at `address` (`#/editor` …), or at this
/// page's own when none, in place of this history entry.
#[cfg(not(feature = "instructor"))]
pub fn load_whole_app(address: Option<&str>) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else {
        return;
    };
    params.set("whole", "");
    let path = location.pathname().unwrap_or_default();
    let hash = address.map_or_else(|| location.hash().unwrap_or_default(), str::to_owned);
    let query: String = params.to_string().into();
    let _ = location.replace(&format!("{path}?{query}{hash}"));
}
