//! The two languages of the interface, and a sentence in both.

use serde::{Deserialize, Serialize};

/// The same sentence in Chinese and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A sentence in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The sentence in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

/// A [`Text`] from two format strings, Chinese first, each with its own inline arguments:
/// `text!("没有 `{id}`", "no `{id}`")`.
macro_rules! text {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::lang::Text::new(format!($zh), format!($en))
    };
}
pub(crate) use text;
