//! JSON text read with the browser's own parser and serde-wasm-bindgen: saved runs, run files,
//! what this app keeps in storage, the fetched built-ins. The trainee's module then carries no
//! JSON reader of its own (serde_json's derived readers weigh as much as the TOML reader).
//!
//! A whole number beyond 2^53 (a seed may be one) is read exactly, as a BigInt, from its source
//! text; a browser that does not give the source text refuses it rather than read it wrong.

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

type Reviver = dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_with(text: &str, reviver: &Closure<Reviver>) -> Result<JsValue, JsValue>;
}

/// Reads `text` as a `T`; the error says what is wrong.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let exact = Closure::<Reviver>::new(|_key, value: JsValue, context: JsValue| match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() > MAX_SAFE => {
            let source = js_sys::Reflect::get(&context, &"source".into()).ok();
            match source.and_then(|s| s.as_string()) {
                // Written as a whole number: exactly that number. Written as a float (`2e16`,
                // `9100000000000000.0`): the float it is.
                Some(s) if is_integer(&s) => js_sys::BigInt::new(&s.into()).map(JsValue::from).map_err(JsValue::from),
                Some(_) => Ok(value),
                None => Err(js_sys::Error::new(&format!("{n} is too large for this browser")).into()),
            }
        }
        _ => Ok(value),
    });
    let value = parse_with(text, &exact).map_err(|e| String::from(js_sys::Error::from(e).message()))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Whether JSON number text is a whole number, written without a fraction or an exponent.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The largest whole number a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// What `storage` holds under `key`, read as a `T`; `None` when absent or unreadable.
#[cfg(not(feature = "class"))]
pub fn stored<T: DeserializeOwned>(storage: &web_sys::Storage, key: &str) -> Option<T> {
    read(&storage.get_item(key).ok()??).ok()
}
