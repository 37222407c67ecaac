//! The regulation itself as embedded data: all 14 articles, Chinese as published, a working
//! English translation, and the stable clause ids that every verdict cites.

#[cfg(feature = "read")]
use std::sync::OnceLock;

use serde::Serialize;

/// The published text, news preface and closing note included, exactly as distributed.
pub const PUBLISHED_TEXT: &str = include_str!("regulation/source-article-2021.txt");

#[cfg(feature = "read")]
const ARTICLES_TOML: &str = include_str!("regulation/articles.toml");

/// The whole regulation.
#[derive(Clone, Debug, Serialize)]
pub struct Regulation {
    /// The title as published.
    pub title_zh: String,
    /// The title in the working translation.
    pub title_en: String,
    /// The date of approval and entry into force.
    pub approved: String,
    /// Articles 1 to 14 in order.
    pub articles: Vec<Article>,
}

/// One article: its heading, its own text outside numbered clauses, and its clauses.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    /// Stable id such as `art8`.
    pub id: String,
    /// The heading as published, such as 第八条.
    pub heading: String,
    /// Text of the article outside its clauses (a lead-in, or the whole article).
    pub zh: String,
    /// Working translation of `zh`.
    pub en: String,
    /// A typo in the published text, kept as published and flagged here.
    pub typo: Option<String>,
    /// Numbered paragraphs and items.
    pub clauses: Vec<Clause>,
}

/// A paragraph or item with its own stable id, such as `art8.2.1` for Article 8 ¶2 item (一).
#[derive(Clone, Debug, Serialize)]
pub struct Clause {
    /// Stable id.
    pub id: String,
    /// Chinese text exactly as published.
    pub zh: String,
    /// Working English translation.
    pub en: String,
}

/// A piece of text with a stable id: an article or one of its clauses.
#[derive(Clone, Copy, Debug)]
pub struct Provision<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Chinese text (for an article: its text outside clauses).
    pub zh: &'a str,
    /// Working English translation.
    pub en: &'a str,
}

impl Regulation {
    /// The embedded regulation, parsed once. Only the readers (which check clause ids) and the
    /// tests use it: without the `read` feature nothing needs it.
    #[cfg(feature = "read")]
    pub fn get() -> &'static Regulation {
        static REGULATION: OnceLock<Regulation> = OnceLock::new();
        REGULATION.get_or_init(|| read(ARTICLES_TOML))
    }

    /// Every provision with an id: articles and clauses, in document order.
    pub fn provisions(&self) -> impl Iterator<Item = Provision<'_>> {
        self.articles.iter().flat_map(|a| {
            std::iter::once(Provision {
                id: &a.id,
                zh: &a.zh,
                en: &a.en,
            })
            .chain(a.clauses.iter().map(|c| Provision {
                id: &c.id,
                zh: &c.zh,
                en: &c.en,
            }))
        })
    }

    /// The provision with this stable id.
    pub fn provision(&self, id: &str) -> Option<Provision<'_>> {
        self.provisions().find(|p| p.id == id)
    }

    /// The article text rebuilt from its parts, as it stands in the published text.
    pub fn article_text(article: &Article) -> String {
        let mut parts = vec![article.heading.as_str()];
        parts.extend(Some(article.zh.as_str()).filter(|s| !s.is_empty()));
        parts.extend(article.clauses.iter().map(|c| c.zh.as_str()));
        parts.join(" ")
    }
}

#[cfg(feature = "read")]
/// Reads the embedded data with the same TOML reader as user files (serde's TOML deserializer
/// would add weight to the browser bundle). The file is tested; a missing field reads as empty.
fn read(source: &str) -> Regulation {
    let (doc, _) = crate::toml_reader::parse(source);
    let top = doc.get_ref();
    let text = |t: &toml::de::DeTable<'_>, key: &str| -> String {
        t.get(key)
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Regulation {
        title_zh: text(top, "title_zh"),
        title_en: text(top, "title_en"),
        approved: text(top, "approved"),
        articles: top
            .get("article")
            .and_then(|v| v.get_ref().as_array())
            .into_iter()
            .flat_map(|a| a.iter())
            .filter_map(|v| v.get_ref().as_table())
            .map(|a| Article {
                id: text(a, "id"),
                heading: text(a, "heading"),
                zh: text(a, "zh"),
                en: text(a, "en"),
                typo: a.get("typo").and_then(|v| v.get_ref().as_str()).map(str::to_owned),
                clauses: a
                    .get("clause")
                    .and_then(|v| v.get_ref().as_array())
                    .into_iter()
                    .flat_map(|c| c.iter())
                    .filter_map(|v| v.get_ref().as_table())
                    .map(|c| Clause {
                        id: text(c, "id"),
                        zh: text(c, "zh"),
                        en: text(c, "en"),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// True when `id` names a provision of the regulation.
#[cfg(feature = "read")]
pub fn exists(id: &str) -> bool {
    Regulation::get().provision(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_article_is_the_published_text() {
        let reg = Regulation::get();
        assert_eq!(reg.articles.len(), 14);
        for (n, article) in reg.articles.iter().enumerate() {
            assert_eq!(article.id, format!("art{}", n + 1));
            let text = Regulation::article_text(article);
            assert!(PUBLISHED_TEXT.contains(&text), "{} differs from the source", article.id);
        }
        assert!(PUBLISHED_TEXT.contains(&reg.title_zh));
    }

    #[test]
    fn ids_are_unique_and_every_provision_is_translated() {
        let reg = Regulation::get();
        let mut ids: Vec<_> = reg.provisions().map(|p| p.id).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
        for p in reg.provisions() {
            assert_eq!(p.zh.is_empty(), p.en.is_empty(), "{} translation", p.id);
        }
    }

    #[test]
    fn the_article_6_typo_is_kept_and_flagged() {
        let reg = Regulation::get();
        let art6 = &reg.articles[5];
        assert!(art6.clauses[0].zh.contains("涉及网安全"));
        assert!(art6.typo.as_deref().is_some_and(|t| t.contains("涉及网安全")));
    }

    #[test]
    fn the_stable_ids_of_the_rules_model_exist() {
        for id in [
            "art2", "art3.1", "art3.4", "art3.5", "art4.1", "art4.2", "art8.1", "art8.2", "art8.2.1", "art8.2.7",
            "art9.1", "art9.2", "art12", "art14",
        ] {
            assert!(exists(id), "{id}");
        }
    }
}
