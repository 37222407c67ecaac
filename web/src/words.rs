//! Interface words in Chinese and English, and small helpers shared by the screens.

use zeren_core::Lang;
use zeren_core::verdict::Text;

/// The words for `lang`.
pub fn t(lang: Lang, zh: &str, en: &str) -> String {
    Text::new(zh, en).get(lang).to_owned()
}

/// Moves the keyboard focus to the element with this id.
#[cfg(not(feature = "class"))]
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// What blind play hides and when it shows it (solo play and a blind live class alike).
pub const BLIND_NOTE: (&str, &str) = (
    "盲推演：第八条各项情形和问责结论将在复盘时揭晓。",
    "Blind play: the items of Article 8 and who is held accountable are revealed in the debrief.",
);

/// A person's name in `lang`.
#[cfg(not(feature = "class"))]
pub fn person_name(case: &zeren_core::Case, id: &str, lang: Lang) -> String {
    case.person(id)
        .map_or_else(|| id.to_owned(), |p| zeren_core::transcript::name(p, lang))
}
