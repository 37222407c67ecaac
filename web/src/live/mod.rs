//! The live class in the browser, against `zeren serve` (docs/class-protocol.md): the join
//! screen and a group's play (`group`), the instructor's console (`console`), and the links to
//! them that the library shows only when a class server answers. The static app without a
//! server never sees any of it.

#[cfg(any(feature = "class", feature = "instructor"))]
mod clock;
#[cfg(any(feature = "class", feature = "instructor"))]
mod conn;
#[cfg(feature = "instructor")]
mod console;
#[cfg(feature = "class")]
mod group;
#[cfg(any(feature = "class", feature = "instructor"))]
mod vote;

use yew::prelude::*;

/// Which class screen the address asks for: `?console[=KEY]` or `?join[=CODE]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The instructor's console, with the key when given.
    Console(String),
    /// The join screen, with the code when given.
    Join(String),
}

/// The class screen the page's address asks for, if any.
pub fn route() -> Option<Route> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    if params.has("console") {
        return Some(Route::Console(params.get("console").unwrap_or_default()));
    }
    if params.has("join") {
        return Some(Route::Join(params.get("join").unwrap_or_default()));
    }
    None
}

/// Chinese first, English after, both always shown (a room may mix both).
pub fn bi(zh: &str, en: &str) -> Html {
    html! { <>{ zh.to_owned() }<span class="en">{ format!(" / {en}") }</span></> }
}

/// A scenario's text in both languages (Chinese alone when it has no English).
#[cfg(feature = "class")]
pub fn tr(t: &zeren_core::scenario::Tr) -> Html {
    let (zh, en) = (t.get(zeren_core::Lang::Zh), t.get(zeren_core::Lang::En));
    if en.is_empty() || en == zh {
        html! { { zh.to_owned() } }
    } else {
        bi(zh, en)
    }
}

/// The root of the class pages.
#[derive(Properties, PartialEq)]
pub struct ClassProps {
    /// The screen.
    pub route: Route,
}

/// The class pages: the console or the join screen.
#[component]
pub fn ClassApp(props: &ClassProps) -> Html {
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            let now = w.performance().map_or(0.0, |p| p.now());
            let _ = js_sys::Reflect::set(&w, &"zerenReady".into(), &now.into());
        }
    });
    html! {
        <main class="class-page">
            <header class="class-top">
                <a href="./">{ bi("责任 · 返回首页", "Zeren · home") }</a>
            </header>
            {
                match &props.route {
                    #[cfg(feature = "instructor")]
                    Route::Console(key) => html! { <console::Console key_param={key.clone()} /> },
                    #[cfg(not(any(feature = "instructor", feature = "class")))]
                    Route::Console(_) => html! { <crate::app::WholeApp loading={crate::app::instructors_module()} /> },
                    // web/boot.js loads the whole app for `?console`.
                    #[cfg(feature = "class")]
                    Route::Console(key) => html! {
                        <p><a href={format!("?console={key}")}>{ bi("打开教员控制台", "Open the instructor console") }</a></p>
                    },
                    #[cfg(feature = "class")]
                    Route::Join(code) => html! { <group::Join code={code.clone()} /> },
                    // The class module serves `?join` (web/boot.js); another module (`?whole`, a
                    // stale page) links to it.
                    #[cfg(not(feature = "class"))]
                    Route::Join(code) => html! {
                        <p><a href={format!("?join={code}")}>{ bi("打开加入课堂页面", "Open the join page") }</a></p>
                    },
                }
            }
        </main>
    }
}

/// The class server's `/api/info` as text, when one answers.
#[cfg(not(feature = "class"))]
async fn server_info_text() -> Option<String> {
    let response = gloo_net::http::Request::get("/api/info").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// Whether a class server answers (`/api/info`), and its join addresses.
#[cfg(feature = "instructor")]
pub async fn server_info() -> Option<serde_json::Value> {
    serde_json::from_str(&server_info_text().await?).ok()
}

/// Links to the class pages, shown only when a class server answers.
#[cfg(not(feature = "class"))]
#[component]
pub fn ServerLinks() -> Html {
    let answers = use_state(|| false);
    {
        let answers = answers.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // The browser's own parser: the trainee's module reads no other JSON as text.
                let info = server_info_text().await;
                answers.set(info.is_some_and(|text| js_sys::JSON::parse(&text).is_ok()));
            });
        });
    }
    if !*answers {
        return html! {};
    }
    html! {
        <nav class="class-links" id="class-links">
            <a class="button" id="join-class" href="?join">{ bi("加入课堂", "Join a class") }</a>
            <a class="button" id="open-console" href="?console">{ bi("教员控制台", "Instructor console") }</a>
        </nav>
    }
}
