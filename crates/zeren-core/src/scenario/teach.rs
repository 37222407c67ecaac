//! Reading a scenario's teaching content (format 2): learning objectives tied to clauses, the
//! facilitator guide, role cards, notes and discussion questions at decision points and
//! injects, and an ending's lessons conditioned on the items that fired.

use std::ops::Range;

use toml::Spanned;

use super::read::{ScenarioReader, code};
use super::{Facilitation, Guide, Lesson, Objective, Phase, RoleCard, Tr};
use crate::case::Case;
use crate::case::read::Reader;
use crate::diagnostic::Diagnostic;
use crate::lang::text;
use crate::limits::{MAX_TEACHING_CHARS, QUESTIONS_PER_POINT};
use crate::regulation::Regulation;
use crate::toml_reader::{Table, did_you_mean, did_you_mean_hint, noun};

pub(crate) const OBJECTIVE_KEYS: &[&str] = &["id", "text", "text_en", "clauses"];
pub(crate) const GUIDE_KEYS: &[&str] = &["text", "text_en", "emphasis", "emphasis_en", "phase"];
pub(crate) const PHASE_KEYS: &[&str] = &["minutes", "title", "title_en", "text", "text_en"];
pub(crate) const ROLE_CARD_KEYS: &[&str] = &["id", "post", "post_en", "person", "briefing", "briefing_en"];
pub(crate) const LESSON_KEYS: &[&str] = &["when_fired", "when_not_fired", "when_clean", "text", "text_en"];

/// The keys that carry teaching content in decision points and injects.
const FACILITATION_KEYS: &[&str] = &["notes", "notes_en", "questions", "questions_en"];

impl ScenarioReader<'_> {
    /// An error when a format-1 file uses `key`, a key of format 2.
    fn format_2_key(&mut self, t: &Table<'_, '_>, key: &str) {
        if self.format >= 2 {
            return;
        }
        if let Some(span) = t.key_span(key) {
            self.diags.push(
                Diagnostic::error(
                    code::NEEDS_FORMAT_2,
                    span,
                    text!(
                        "`{key}` 是格式 2 的教学内容，而本文件声明的是 `format = 1`",
                        "`{key}` is teaching content of format 2, but the file declares `format = 1`"
                    ),
                )
                .with_hint(text!(
                    "请把文件开头改为 `format = 2`（`zeren upgrade 文件` 会原样保留其余内容）",
                    "change the file to `format = 2` (`zeren upgrade FILE` keeps everything else as it is)"
                )),
            );
        }
    }

    /// Teaching text: as [`ScenarioReader::tr`], and no longer than [`MAX_TEACHING_CHARS`].
    fn teach_tr(&mut self, t: &Table<'_, '_>, key: &str, required: bool) -> Tr {
        for k in [key.to_owned(), format!("{key}_en")] {
            if let Some(s) = t.str(&k, &mut Vec::new()) {
                self.length(&k, s.get_ref(), s.span());
            }
        }
        self.tr(t, key, required)
    }

    fn length(&mut self, key: &str, s: &str, span: Range<usize>) {
        let n = s.chars().count();
        if n > MAX_TEACHING_CHARS {
            self.diags.push(
                Diagnostic::error(
                    code::TEACHING_SHAPE,
                    span,
                    text!(
                        "`{key}` 有 {n} 个字符，超过了 {MAX_TEACHING_CHARS} 个的上限",
                        "`{key}` has {n} characters, more than the limit of {MAX_TEACHING_CHARS}"
                    ),
                )
                .with_hint(text!(
                    "请精简，或分成几段写在不同的地方",
                    "shorten it, or split it across several places"
                )),
            );
        }
    }

    /// Notes and discussion questions of a decision point or an inject.
    pub(super) fn facilitation(&mut self, t: &Table<'_, '_>) -> Facilitation {
        for key in FACILITATION_KEYS {
            self.format_2_key(t, key);
        }
        let notes = t.has("notes").then(|| self.teach_tr(t, "notes", true));
        let zh = t.str_list("questions", self.diags);
        let en = t.str_list("questions_en", self.diags);
        for (key, list) in [("questions", &zh), ("questions_en", &en)] {
            for q in list {
                self.length(key, q.get_ref(), q.span());
            }
        }
        let at = t.key_span("questions").or_else(|| t.key_span("questions_en"));
        if let Some(span) = at.clone() {
            self.questions_shape(span, &zh, &en, t.has("questions_en"));
        }
        let questions = zh
            .iter()
            .enumerate()
            .map(|(i, q)| Tr {
                zh: q.get_ref().clone(),
                en: en.get(i).map(|e| e.get_ref().clone()),
            })
            .collect();
        Facilitation { notes, questions }
    }

    fn questions_shape(&mut self, span: Range<usize>, zh: &[Spanned<String>], en: &[Spanned<String>], has_en: bool) {
        let (n, m) = (zh.len(), en.len());
        if !has_en && n > 0 {
            self.diags.push(
                Diagnostic::warning(
                    code::MISSING_TRANSLATION,
                    span.clone(),
                    text!("`questions` 没有英文译文", "`questions` has no English translation"),
                )
                .with_hint(text!(
                    "请加上 `questions_en = [\"…\"]`，与中文逐条对应",
                    "add `questions_en = [\"…\"]`, one for each Chinese question"
                )),
            );
        } else if n != m {
            self.diags.push(
                Diagnostic::error(
                    code::TEACHING_SHAPE,
                    span.clone(),
                    text!(
                        "`questions` 有 {n} 个问题，`questions_en` 却有 {m} 个",
                        "`questions` has {n} questions but `questions_en` has {m}"
                    ),
                )
                .with_hint(text!(
                    "英文问题应与中文问题逐条对应、数量相同",
                    "give one English question for each Chinese one, in the same order"
                )),
            );
        }
        let (lo, hi) = (QUESTIONS_PER_POINT.start(), QUESTIONS_PER_POINT.end());
        if !QUESTIONS_PER_POINT.contains(&n) {
            self.diags.push(
                Diagnostic::warning(
                    code::QUESTIONS,
                    span,
                    text!(
                        "这里有 {n} 个讨论问题，建议 {lo} 至 {hi} 个",
                        "{n} discussion questions here; {lo}–{hi} work best"
                    ),
                )
                .with_hint(text!(
                    "问题太少讨论不起来，太多则讲不完；请留下最能引起争论的几个",
                    "too few and the room does not argue, too many and there is no time; keep the ones that start an argument"
                )),
            );
        }
    }

    pub(super) fn objectives(&mut self, top: &Table<'_, '_>) -> Vec<Objective> {
        self.format_2_key(top, "objective");
        let tables = top.tables("objective", self.diags);
        self.duplicates(&tables, noun("学习目标", "objective"));
        let mut out = Vec::new();
        for sub in &tables {
            let t = self.open(sub, noun("`[[objective]]` 表", "an [[objective]]"), OBJECTIVE_KEYS);
            let id = t.req_str("id", self.diags);
            let text = self.teach_tr(&t, "text", true);
            if !t.has("clauses") {
                t.missing("clauses", self.diags);
            }
            let clauses = t.str_list("clauses", self.diags);
            let provisions: Vec<&str> = Regulation::get().provisions().map(|p| p.id).collect();
            for c in &clauses {
                self.clause(
                    c,
                    provisions.iter().copied(),
                    noun("本办法的条款", "provision of the regulation"),
                );
            }
            if let Some(id) = id {
                out.push(Objective {
                    id: id.into_inner(),
                    text,
                    clauses: clauses.into_iter().map(Spanned::into_inner).collect(),
                });
            }
        }
        out
    }

    /// An error unless `id` is one of `candidates` (clause or item ids), with the nearest one.
    fn clause<'c>(
        &mut self,
        id: &Spanned<String>,
        candidates: impl Iterator<Item = &'c str> + Clone,
        what: crate::toml_reader::Noun,
    ) -> bool {
        if candidates.clone().any(|c| c == id.get_ref()) {
            return true;
        }
        let (i, zh, en) = (id.get_ref(), what.zh, what.en);
        let d = Diagnostic::error(
            code::UNKNOWN_CLAUSE,
            id.span(),
            text!("`{i}` 不是{zh}的 id", "`{i}` is not the id of a {en}"),
        );
        self.diags.push(match did_you_mean(id.get_ref(), candidates) {
            Some(s) => d.with_hint(did_you_mean_hint(s)),
            None => d.with_hint(text!(
                "条款 id 的写法如 `art5`、`art3.4`、`art8.2.3`（第八条第二款第（三）项）",
                "clause ids are written like art5, art3.4, art8.2.3 (Art 8 ¶2 (3))"
            )),
        });
        false
    }

    pub(super) fn guide(&mut self, top: &Table<'_, '_>) -> Option<Guide> {
        self.format_2_key(top, "guide");
        let sub = top.table("guide", self.diags)?;
        let t = self.open(&sub, noun("`[guide]` 表", "the [guide]"), GUIDE_KEYS);
        let text = self.teach_tr(&t, "text", true);
        let emphasis = t.has("emphasis").then(|| self.teach_tr(&t, "emphasis", true));
        let phases = t
            .tables("phase", self.diags)
            .iter()
            .map(|p| {
                let p = self.open(p, noun("`[[guide.phase]]` 表", "a [[guide.phase]]"), PHASE_KEYS);
                if !p.has("minutes") {
                    p.missing("minutes", self.diags);
                }
                Phase {
                    minutes: p.uint("minutes", 24 * 60, self.diags).map_or(0, Spanned::into_inner),
                    title: self.teach_tr(&p, "title", true),
                    text: p.has("text").then(|| self.teach_tr(&p, "text", true)),
                }
            })
            .collect();
        Some(Guide { text, emphasis, phases })
    }

    pub(super) fn role_cards(&mut self, top: &Table<'_, '_>, base: &Case) -> Vec<RoleCard> {
        self.format_2_key(top, "role_card");
        let tables = top.tables("role_card", self.diags);
        self.duplicates(&tables, noun("角色卡", "role card"));
        let mut out = Vec::new();
        for sub in &tables {
            let t = self.open(sub, noun("`[[role_card]]` 表", "a [[role_card]]"), ROLE_CARD_KEYS);
            let id = t.req_str("id", self.diags);
            let post = self.teach_tr(&t, "post", true);
            let person = t
                .str("person", self.diags)
                .filter(|p| Reader { diags: self.diags }.person_ref(base, p));
            let briefing = self.teach_tr(&t, "briefing", true);
            if let Some(id) = id {
                out.push(RoleCard {
                    id: id.into_inner(),
                    post,
                    person: person.map(Spanned::into_inner),
                    briefing,
                });
            }
        }
        out
    }

    /// An ending's `right` or `wrong` lessons.
    pub(super) fn lessons(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<Lesson> {
        self.format_2_key(t, key);
        let mut out = Vec::new();
        for sub in &t.tables(key, self.diags) {
            let l = self.open(
                sub,
                if key == "right" {
                    noun("`[[ending.right]]` 表", "an [[ending.right]]")
                } else {
                    noun("`[[ending.wrong]]` 表", "an [[ending.wrong]]")
                },
                LESSON_KEYS,
            );
            let items = || crate::judge::ITEM_IDS.iter().copied();
            let what = noun("第八条第二款所列情形", "item of Article 8 ¶2");
            let ids = |k: &str, this: &mut Self| -> Vec<String> {
                l.str_list(k, this.diags)
                    .into_iter()
                    .filter(|i| this.clause(i, items(), what))
                    .map(Spanned::into_inner)
                    .collect()
            };
            let when_fired = ids("when_fired", self);
            let when_not_fired = ids("when_not_fired", self);
            let when_clean = l.bool("when_clean", self.diags).unwrap_or(false);
            if when_clean && !when_fired.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        code::TEACHING_SHAPE,
                        l.key_span("when_clean").unwrap_or_else(|| l.span()),
                        text!(
                            "`when_clean` 要求一项也未触发，却又要求 `when_fired` 中的情形触发",
                            "`when_clean` asks that no item fired, yet `when_fired` asks that some did"
                        ),
                    )
                    .with_hint(text!(
                        "二者只留其一；要说“某项未触发”，请用 `when_not_fired`",
                        "keep one of them; to say an item did not fire, use `when_not_fired`"
                    )),
                );
            }
            if let Some(both) = when_fired.iter().find(|i| when_not_fired.contains(i)) {
                self.diags.push(Diagnostic::error(
                    code::TEACHING_SHAPE,
                    l.key_span("when_not_fired").unwrap_or_else(|| l.span()),
                    text!(
                        "`{both}` 既在 `when_fired` 中又在 `when_not_fired` 中，这段文字永远不会显示",
                        "`{both}` is in both `when_fired` and `when_not_fired`: the text can never show"
                    ),
                ));
            }
            out.push(Lesson {
                when_fired,
                when_not_fired,
                when_clean,
                text: self.teach_tr(&l, "text", true),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_scenario;
    use super::*;
    use crate::diagnostic::Severity;

    const BASE: &str = include_str!("../../../../tests/scenarios/valid/phishing-minimal.toml");

    /// The small test scenario in format 2, with teaching content; `extra` is appended.
    fn teaching(objective_clauses: &str, questions: &str, extra: &str) -> String {
        BASE.replacen("format = 1", "format = 2", 1)
            .replacen(
                "prompt_en = \"What do you do?\"\n",
                &format!("prompt_en = \"What do you do?\"\nnotes = \"先让各组说理由。\"\nnotes_en = \"Ask each group for its reasons first.\"\n{questions}\n"),
                1,
            )
            .replacen(
                "debrief_en = \"The scale of the leak decides item (3).\"\n",
                "debrief_en = \"The scale of the leak decides item (3).\"\n\n[[ending.right]]\nwhen_clean = true\ntext = \"及时断网并报告。\"\ntext_en = \"You cut it off and reported at once.\"\n\n[[ending.wrong]]\nwhen_fired = [\"art8.2.3\"]\ntext = \"泄露规模达到第（三）项。\"\ntext_en = \"The leak reached item (3).\"\n",
                1,
            )
            + &format!(
                "\n[[objective]]\nid = \"report\"\ntext = \"说明何时必须报告。\"\ntext_en = \"Say when a report is due.\"\nclauses = {objective_clauses}\n\n[guide]\ntext = \"分组推演。\"\ntext_en = \"Play in groups.\"\n\n[[guide.phase]]\nminutes = 10\ntitle = \"情况介绍\"\ntitle_en = \"Briefing\"\n\n[[role_card]]\nid = \"deputy\"\npost = \"主管网络安全的班子成员\"\npost_en = \"Leadership member in charge of cybersecurity\"\nperson = \"deputy\"\nbriefing = \"你分管网络安全。\"\nbriefing_en = \"You are in charge of cybersecurity.\"\n{extra}"
            )
    }

    const TWO: &str =
        "questions = [\"谁决定？\", \"何时报告？\"]\nquestions_en = [\"Who decides?\", \"When to report?\"]";

    fn codes(src: &str) -> Vec<(&'static str, Severity)> {
        let (_, diags) = parse_scenario(src);
        diags.iter().map(|d| (d.code, d.severity)).collect()
    }

    #[test]
    fn teaching_content_reads_into_the_model() {
        let (s, diags) = parse_scenario(&teaching("[\"art5\", \"art8.2.3\"]", TWO, ""));
        assert_eq!(diags, Vec::new());
        let s = s.expect("reads");
        assert_eq!(s.format, 2);
        assert_eq!(s.objectives[0].clauses, ["art5", "art8.2.3"]);
        assert_eq!(s.objectives[0].met(&["art8.2.3"]), Some(false));
        assert_eq!(s.objectives[0].met(&["art8.2.1"]), Some(true));
        let mut general = s.objectives[0].clone();
        general.clauses = vec!["art9.1".to_owned()];
        assert_eq!(general.met(&["art8.2.1"]), None);
        assert_eq!(s.guide.as_ref().map(Guide::minutes), Some(10));
        assert_eq!(s.role_cards[0].person.as_deref(), Some("deputy"));
        let first = &s.decisions[0].facilitation;
        assert_eq!(first.questions[1].en.as_deref(), Some("When to report?"));
        let done = s.ending("done").expect("ending");
        let none: [&str; 0] = [];
        assert_eq!(done.lessons(&none).0.len(), 1);
        assert_eq!(done.lessons(&none).1.len(), 0);
        let (right, wrong) = done.lessons(&["art8.2.3"]);
        assert_eq!((right.len(), wrong[0].zh.as_str()), (0, "泄露规模达到第（三）项。"));
    }

    #[test]
    fn an_unknown_clause_is_an_error_with_the_nearest_id() {
        let (s, diags) = parse_scenario(&teaching("[\"art8.2.33\"]", TWO, ""));
        assert!(s.is_none());
        let d = diags.iter().find(|d| d.code == code::UNKNOWN_CLAUSE).expect("S0103");
        assert!(d.hints.iter().any(|h| h.en.contains("art8.2.3")), "{d:?}");
    }

    #[test]
    fn one_question_is_a_warning_and_mismatched_translations_an_error() {
        let one = "questions = [\"谁决定？\"]\nquestions_en = [\"Who decides?\"]";
        assert_eq!(
            codes(&teaching("[\"art5\"]", one, "")),
            [(code::QUESTIONS, Severity::Warning)]
        );
        let odd = "questions = [\"谁决定？\", \"何时？\"]\nquestions_en = [\"Who decides?\"]";
        assert_eq!(
            codes(&teaching("[\"art5\"]", odd, "")),
            [(code::TEACHING_SHAPE, Severity::Error)]
        );
    }

    #[test]
    fn teaching_content_in_a_format_1_file_asks_for_format_2() {
        let src = teaching("[\"art5\"]", TWO, "").replacen("format = 2", "format = 1", 1);
        let c = codes(&src);
        // notes, notes_en, questions, questions_en, right, wrong, objective, guide, role_card.
        assert_eq!(c.iter().filter(|(c, _)| *c == code::NEEDS_FORMAT_2).count(), 9, "{c:?}");
    }

    #[test]
    fn contradictory_lessons_and_long_texts_are_errors() {
        let extra = "\n[[ending]]\nid = \"x\"\ntitle = \"x\"\ntitle_en = \"x\"\ndebrief = \"x\"\ndebrief_en = \"x\"\n\n[[ending.right]]\nwhen_clean = true\nwhen_fired = [\"art8.2.1\"]\nwhen_not_fired = [\"art8.2.1\", \"art8.2.9\"]\ntext = \"x\"\ntext_en = \"x\"\n";
        let c = codes(&teaching("[\"art5\"]", TWO, extra));
        assert_eq!(c.iter().filter(|(c, _)| *c == code::TEACHING_SHAPE).count(), 2, "{c:?}");
        assert_eq!(c.iter().filter(|(c, _)| *c == code::UNKNOWN_CLAUSE).count(), 1, "{c:?}");
        let long = format!("\"{}\"", "字".repeat(MAX_TEACHING_CHARS + 1));
        let src = teaching("[\"art5\"]", TWO, "").replacen("\"你分管网络安全。\"", &long, 1);
        assert_eq!(codes(&src), [(code::TEACHING_SHAPE, Severity::Error)]);
    }
}
