//! Interface words in Chinese and English, and small helpers shared by the screens.

use zeren_core::Lang;
use zeren_core::verdict::Text;

/// The words for `lang`.
pub fn t(lang: Lang, zh: &str, en: &str) -> String {
    Text::new(zh, en).get(lang).to_owned()
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
