//! The built-in exercises as the library lists them. The whole app carries them. The trainee's
//! module does not: at start it fetches the library's index, and a built-in's scenario only
//! when a run of it starts or is already here; the class module fetches the
//! class's scenario when the group joins. These are files read at build time (`zeren pre-read`,
//! scripts/build-web), so neither module carries a TOML reader or scenario text.

use zeren_core::pre_read::Entry;
#[cfg(not(any(feature = "instructor", feature = "class")))]
use zeren_core::pre_read::INDEX;
#[cfg(not(feature = "instructor"))]
use zeren_core::pre_read::scenario_file;
#[cfg(not(feature = "instructor"))]
use zeren_core::{Scenario, builtin};

/// The built-ins, in library order.
#[cfg(feature = "instructor")]
pub fn entries() -> Vec<Entry> {
    zeren_core::builtin::all().iter().map(|s| Entry::of(s)).collect()
}

/// The whole app has every built-in.
#[cfg(feature = "instructor")]
pub async fn ensure(_id: Option<&str>) -> Result<(), String> {
    Ok(())
}

#[cfg(not(feature = "instructor"))]
thread_local! {
    static INDEXED: std::cell::RefCell<Result<Vec<Entry>, String>> = const { std::cell::RefCell::new(Ok(Vec::new())) };
}

/// The built-ins, in library order, as the index lists them; or why the index could not be read.
#[cfg(not(feature = "instructor"))]
pub fn entries() -> Vec<Entry> {
    INDEXED.with(|i| i.borrow().clone().unwrap_or_default())
}

/// Why the library's index could not be fetched, if it could not.
#[cfg(not(any(feature = "instructor", feature = "class")))]
pub fn index_problem() -> Option<String> {
    INDEXED.with(|i| i.borrow().clone().err())
}

/// Fetches the library's index, and every built-in when this tab already needs them: a run in
/// progress, a history, or a run link or a run's screen in the address. When one of those cannot
/// be fetched, says why: the app must not start without them (it would take the saved run for
/// a damaged one).
#[cfg(not(any(feature = "instructor", feature = "class")))]
pub async fn load_at_start(all: bool) -> Result<(), String> {
    let index = fetch::<Vec<Entry>>(INDEX).await;
    let failed = index.as_ref().err().cloned();
    INDEXED.with(|i| *i.borrow_mut() = index);
    match failed {
        _ if !all => Ok(()),
        Some(why) => Err(why),
        None => ensure(None).await,
    }
}

/// Fetches the built-in `id` (every built-in when `None`) unless it is here already. Every one is
/// tried; the first problem is returned.
#[cfg(not(feature = "instructor"))]
pub async fn ensure(id: Option<&str>) -> Result<(), String> {
    let wanted: Vec<String> = match id {
        Some(id) => vec![id.to_owned()],
        None => entries().into_iter().map(|e| e.id).collect(),
    };
    let mut problem = Ok(());
    for id in wanted.iter().filter(|id| builtin::shared(id).is_none()) {
        match fetch::<Scenario>(&scenario_file(id)).await {
            Ok(scenario) => builtin::install(scenario),
            Err(e) => problem = problem.and(Err(e)),
        }
    }
    problem
}

/// Fetches `builtins/NAME` and reads it with the browser's JSON parser.
#[cfg(not(feature = "instructor"))]
async fn fetch<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, String> {
    let url = format!("builtins/{name}");
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    crate::json::read(&text).map_err(|e| format!("{url}: {e}"))
}
