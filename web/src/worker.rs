//! The editor's side of the analysis worker (web/worker.js): start an analysis off the main
//! thread, hear its progress and its report, and stop it by dropping the handle.

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;
use zeren_core::Settings;
use zeren_core::analysis::Analysis;

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

#[derive(Serialize)]
struct Request<'a> {
    text: &'a str,
    settings: &'a Settings,
}

/// Starts analysing a scenario file's text in a worker. `progress` hears the share done;
/// `done` the analysis and the milliseconds it took, or what went wrong.
pub fn start(
    text: &str,
    settings: &Settings,
    progress: Callback<f64>,
    done: Callback<Result<(Analysis, f64), String>>,
) -> Result<Running, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("worker.js", &options).map_err(|e| format!("{e:?}"))?;
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

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
