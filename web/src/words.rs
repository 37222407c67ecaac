//! Interface words in Chinese and English, and small helpers shared by the screens.

use zeren_core::Lang;
use zeren_core::verdict::Text;

/// The words for `lang`.
pub fn t(lang: Lang, zh: &str, en: &str) -> String {
    Text::new(zh, en).get(lang).to_owned()
}

/// A person's name in `lang`.
pub fn person_name(case: &zeren_core::Case, id: &str, lang: Lang) -> String {
    case.person(id)
        .map_or_else(|| id.to_owned(), |p| zeren_core::transcript::name(p, lang))
}
