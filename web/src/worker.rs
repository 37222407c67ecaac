//! The editor's side of the analysis worker (web/worker.js): start an analysis off the main
//! thread, hear its progress and its report, and stop it by dropping the handle.

#[cfg(feature = "instructor")]
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;
#[cfg(feature = "instructor")]
use zeren_core::Settings;
#[cfg(feature = "instructor")]
use zeren_core::analysis::Analysis;
use zeren_core::verdict::Text;

/// An analysis under way; dropping it terminates the worker.
pub struct Running {
    worker: Worker,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

#[cfg(feature = "instructor")]
#[derive(Serialize)]
struct Request<'a> {
    text: &'a str,
    settings: &'a Settings,
}

/// A new worker, loading the module at once: the editor keeps one ready, so an analysis does
/// not wait for the module to load.
pub fn spawn() -> Result<Worker, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options("worker.js", &options).map_err(|e| format!("{e:?}"))
}

/// Starts analysing a scenario file's text in `worker`. `progress` hears the share done;
/// `done` the analysis and the milliseconds it took, or what went wrong.
#[cfg(feature = "instructor")]
pub fn start(
    worker: Worker,
    text: &str,
    settings: &Settings,
    progress: Callback<f64>,
    done: Callback<Result<(Analysis, f64), String>>,
) -> Result<Running, String> {
    let started = now();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if let Some(share) = field("progress").as_f64() {
            progress.emit(share);
        } else if !field("report").is_undefined() {
            let ms = now() - started;
            done.emit(
                serde_wasm_bindgen::from_value(field("report"))
                    .map(|a| (a, ms))
                    .map_err(|e| e.to_string()),
            );
        } else {
            done.emit(Err(format!("{:?}", field("error"))));
        }
    });
    worker.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    let request = Request { text, settings };
    let message = request
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .map_err(|e| e.to_string())?;
    worker.post_message(&message).map_err(|e| format!("{e:?}"))?;
    Ok(Running {
        worker,
        _listener: listener,
    })
}

/// Starts the counterfactual search of a run (its run file's text) in `worker`; `done` hears
/// the debrief's sentences, or what went wrong.
pub fn counterfactuals(
    worker: Worker,
    run: &str,
    done: Callback<Result<Vec<Text>, String>>,
) -> Result<Running, String> {
    ask(worker, "run", &run.into(), done)
}

/// Starts the counterfactual search of a room's runs (their run files' texts) in `worker`;
/// `done` hears the report's sentences.
#[cfg(feature = "instructor")]
pub fn room(worker: Worker, runs: &[String], done: Callback<Result<Vec<Text>, String>>) -> Result<Running, String> {
    let list: js_sys::Array = runs.iter().map(|r| JsValue::from_str(r)).collect();
    ask(worker, "runs", &list, done)
}

/// Posts `{ key: value }` to the worker; its `{ sentences }` answer goes to `done`.
fn ask(
    worker: Worker,
    key: &str,
    value: &JsValue,
    done: Callback<Result<Vec<Text>, String>>,
) -> Result<Running, String> {
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        match js_sys::Reflect::get(&data, &"sentences".into()) {
            Ok(list) if !list.is_undefined() => {
                done.emit(serde_wasm_bindgen::from_value(list).map_err(|e| e.to_string()))
            }
            _ => done.emit(Err(format!("{data:?}"))),
        }
    });
    worker.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &key.into(), value);
    worker.post_message(&message).map_err(|e| format!("{e:?}"))?;
    Ok(Running {
        worker,
        _listener: listener,
    })
}

/// Milliseconds on the page's clock.
#[cfg(feature = "instructor")]
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
