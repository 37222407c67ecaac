//! Reading a scenario file: every problem at once, each pointing at its text.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde_json::Value;
use toml::Spanned;

use super::cond::{Cond, Names};
use super::*;
use crate::case::read::{Reader, dissent_absent, duplicate_id, not_a_duty};
use crate::diagnostic::Diagnostic;
use crate::facts::{self, FactType};
use crate::lang::text;
use crate::toml_reader::{self, Noun, SubTable, Table, did_you_mean, did_you_mean_hint, noun};

/// Diagnostic codes of scenario files (listed in docs/scenario-format.md).
pub mod code {
    /// `format` is missing, unknown or newer than this build.
    pub const FORMAT: &str = "S0001";
    /// Two things of one kind share an id.
    pub const DUPLICATE_ID: &str = "S0101";
    /// A reference to a decision, option, ending, inject or random event that does not exist.
    pub const UNKNOWN_ID: &str = "S0102";
    /// A condition that cannot be read.
    pub const CONDITION: &str = "S0201";
    /// A fact or variable that effects cannot write, or a value that does not fit it.
    pub const BAD_EFFECT: &str = "S0202";
    /// A probability outside 0–1 or a range whose minimum exceeds its maximum.
    pub const PROBABILITY: &str = "S0203";
    /// A decision point with a time limit but no option for when it runs out, or too few options.
    pub const DECISION_SHAPE: &str = "S0204";
    /// Chinese text without its English translation.
    pub const MISSING_TRANSLATION: &str = "S0301";
    /// An option that changes nothing.
    pub const NO_EFFECT: &str = "S0302";
    /// A decision point that nothing leads to.
    pub const UNREACHED_DECISION: &str = "S0303";
    /// An ending that nothing leads to.
    pub const UNREACHED_ENDING: &str = "S0304";
    /// A decision point whose options can lead back to it: a loop.
    pub const LOOP: &str = "S0305";
    /// Teaching content (objectives, guide, role cards, notes, questions, lessons) in a file
    /// that declares format 1.
    pub const NEEDS_FORMAT_2: &str = "S0002";
    /// A clause id that is not a provision of the regulation, or an item id that is not one of
    /// Article 8's seven items.
    pub const UNKNOWN_CLAUSE: &str = "S0103";
    /// Teaching content that does not fit together: questions and their translations differ in
    /// number, a lesson both clean and conditioned on an item that fired, a text too long.
    pub const TEACHING_SHAPE: &str = "S0206";
    /// A decision point or inject with fewer than 2 or more than 4 discussion questions.
    pub const QUESTIONS: &str = "S0306";
}

/// The largest number a number event may draw: the largest count a case file takes, and far
/// inside the range where every whole number is exact as an `f64`.
pub const MAX_DRAWN: u64 = 10_000_000_000;

pub(crate) const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "audience",
    "audience_en",
    "role",
    "role_en",
    "duration_minutes",
    "clock_start",
    "start",
    "organisation",
    "unit",
    "person",
    "system",
    "incident",
    "conduct",
    "params",
    "readings",
    "vars",
    "random",
    "rate",
    "inject",
    "decision",
    "ending",
    "test",
    "objective",
    "guide",
    "role_card",
];
pub(crate) const RANDOM_KEYS: &[&str] = &["id", "p", "min", "max", "label", "label_en"];
pub(crate) const TEST_KEYS: &[&str] = &["name", "seed", "choose", "fires", "accountable", "ending"];
pub(crate) const RATE_KEYS: &[&str] = &["fact", "per_hour", "when"];
pub(crate) const INJECT_KEYS: &[&str] = &[
    "id",
    "at",
    "when",
    "from",
    "from_en",
    "text",
    "text_en",
    "notes",
    "notes_en",
    "questions",
    "questions_en",
];
pub(crate) const DECISION_KEYS: &[&str] = &[
    "id",
    "prompt",
    "prompt_en",
    "by",
    "time_limit",
    "on_timeout",
    "option",
    "notes",
    "notes_en",
    "questions",
    "questions_en",
];
pub(crate) const EFFECT_KEYS: &[&str] = &[
    "set",
    "add",
    "chance",
    "act",
    "meeting",
    "breach",
    "outcome",
    "outcome_en",
    "inject",
    "advance",
    "set_after",
    "next",
    "end",
];
pub(crate) const OPTION_EXTRA: &[&str] = &["id", "label", "label_en", "when", "branch"];
pub(crate) const ACT_KEYS: &[&str] = &["person", "caused", "note", "note_en", "instructed_by", "carries_out"];
pub(crate) const MEETING_KEYS: &[&str] = &["subject", "subject_en", "caused", "attended", "dissent"];
pub(crate) const BREACH_KEYS: &[&str] = &["clause", "note", "note_en"];
pub(crate) const ENDING_KEYS: &[&str] = &["id", "title", "title_en", "debrief", "debrief_en", "right", "wrong"];
pub(crate) use super::teach::{GUIDE_KEYS, LESSON_KEYS, OBJECTIVE_KEYS, PHASE_KEYS, ROLE_CARD_KEYS};

/// The keys each table of a scenario file takes, for the JSON Schema.
pub(crate) mod keys {
    pub(crate) use super::{
        ACT_KEYS as ACT, BREACH_KEYS as BREACH, DECISION_KEYS as DECISION, EFFECT_KEYS as EFFECT,
        ENDING_KEYS as ENDING, GUIDE_KEYS as GUIDE, INJECT_KEYS as INJECT, LESSON_KEYS as LESSON,
        MEETING_KEYS as MEETING, OBJECTIVE_KEYS as OBJECTIVE, OPTION_EXTRA, PHASE_KEYS as PHASE, RANDOM_KEYS as RANDOM,
        RATE_KEYS as RATE, ROLE_CARD_KEYS as ROLE_CARD, TEST_KEYS as TEST, TOP_KEYS as TOP,
    };
}

/// Reads a scenario file. The scenario comes back only when there are no errors; warnings
/// (a missing translation, an unreachable ending …) come with it.
pub fn parse_scenario(source: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    toml_reader::read_file(
        source,
        noun("情景文件", "the scenario file"),
        TOP_KEYS,
        |top, diags| {
            ScenarioReader {
                diags,
                source,
                format: FORMAT,
            }
            .scenario(top)
        },
    )
}

pub(super) struct ScenarioReader<'d> {
    pub(super) diags: &'d mut Vec<Diagnostic>,
    /// The file's text, to place problems inside strings (escapes move them).
    source: &'d str,
    /// The format the file declares.
    pub(super) format: u64,
}

/// Ids declared in the file, collected before anything refers to them.
struct Declared {
    vars: BTreeMap<String, Value>,
    randoms: Vec<String>,
    /// Random events that draw a number (a range), whose value `set` may use.
    ranges: Vec<String>,
    choices: Vec<(String, Vec<String>)>,
    injects: Vec<String>,
    endings: Vec<String>,
}

impl Declared {
    fn names(&self) -> Names<'_> {
        Names {
            vars: self.vars.keys().map(String::as_str).collect(),
            randoms: self.randoms.iter().map(String::as_str).collect(),
            choices: self
                .choices
                .iter()
                .map(|(d, os)| (d.as_str(), os.iter().map(String::as_str).collect()))
                .collect(),
        }
    }
}

impl ScenarioReader<'_> {
    fn scenario(&mut self, top: &Table<'_, '_>) -> Scenario {
        let format = self.format(top);
        self.format = format;
        let base = Reader { diags: self.diags }.setting(top);
        let id = top
            .req_str("id", self.diags)
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let title = self.tr(top, "title", true);
        let summary = self.tr(top, "summary", true);
        let audience = self.tr(top, "audience", false);
        let role = self.tr(top, "role", true);
        let duration_minutes = top
            .uint("duration_minutes", 24 * 60, self.diags)
            .map_or(45, Spanned::into_inner);
        let clock_start = self.clock_start(top);
        let vars = self.vars(top);
        let randoms = self.randoms(top);
        let decision_tables = top.tables("decision", self.diags);
        let inject_tables = top.tables("inject", self.diags);
        let ending_tables = top.tables("ending", self.diags);
        let declared = Declared {
            vars,
            randoms: randoms.iter().map(|r| r.id.clone()).collect(),
            ranges: randoms
                .iter()
                .filter(|r| matches!(r.kind, RandomKind::Range(..)))
                .map(|r| r.id.clone())
                .collect(),
            choices: decision_tables.iter().map(|t| Self::option_ids(t)).collect(),
            injects: Self::ids(&inject_tables),
            endings: Self::ids(&ending_tables),
        };
        self.duplicates(&decision_tables, noun("决策点", "decision point"));
        self.duplicates(&inject_tables, noun("注入事件", "inject"));
        self.duplicates(&ending_tables, noun("结局", "ending"));
        let rates = top
            .tables("rate", self.diags)
            .iter()
            .filter_map(|t| self.rate(t, &declared))
            .collect();
        let injects = inject_tables.iter().filter_map(|t| self.inject(t, &declared)).collect();
        let decisions: Vec<DecisionPoint> = decision_tables
            .iter()
            .filter_map(|t| self.decision(t, &declared, &base))
            .collect();
        let endings: Vec<Ending> = ending_tables.iter().filter_map(|t| self.ending(t)).collect();
        let objectives = self.objectives(top);
        let guide = self.guide(top);
        let role_cards = self.role_cards(top, &base);
        let tests = top
            .tables("test", self.diags)
            .iter()
            .map(|t| self.test(t, &declared, &base))
            .collect();
        let start = match top.str("start", self.diags) {
            Some(s) => {
                self.known(
                    &s,
                    noun("决策点", "decision point"),
                    declared.choices.iter().map(|(d, _)| d.as_str()),
                );
                s.into_inner()
            }
            None => decisions.first().map(|d| d.id.clone()).unwrap_or_default(),
        };
        if decisions.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    code::DECISION_SHAPE,
                    top.span().start..top.span().start,
                    text!("情景中没有 `[[decision]]`", "the scenario has no [[decision]]"),
                )
                .with_hint(text!(
                    "请至少加一个 `[[decision]]`，并在其中写 `[[decision.option]]`",
                    "add at least one [[decision]] with [[decision.option]] entries"
                )),
            );
        }
        let scenario = Scenario {
            format,
            id,
            title,
            summary,
            audience,
            role,
            duration_minutes,
            clock_start,
            start,
            vars: declared.vars,
            base,
            randoms,
            rates,
            injects,
            decisions,
            endings,
            tests,
            objectives,
            guide,
            role_cards,
        };
        self.reachability(&scenario, &decision_tables, &ending_tables);
        self.loops(&scenario, &decision_tables);
        scenario
    }

    fn format(&mut self, top: &Table<'_, '_>) -> u64 {
        match top.uint("format", u64::MAX, self.diags) {
            Some(v) if (FORMAT_OLDEST..=FORMAT).contains(v.get_ref()) => return *v.get_ref(),
            Some(v) => {
                let n = v.get_ref();
                self.diags.push(
                    Diagnostic::error(
                        code::FORMAT,
                        v.span(),
                        if *n > FORMAT {
                            text!(
                                "情景格式 {n} 比本版本能读的格式新",
                                "scenario format {n} is newer than this build reads"
                            )
                        } else {
                            text!("未知的情景格式 {n}", "unknown scenario format {n}")
                        },
                    )
                    .with_hint(text!(
                        "本版本读的是 `format = {FORMAT_OLDEST}` 到 `format = {FORMAT}`",
                        "this build reads `format = {FORMAT_OLDEST}` to `format = {FORMAT}`"
                    )),
                );
            }
            None => self.diags.push(
                Diagnostic::warning(
                    code::FORMAT,
                    0..0,
                    text!(
                        "情景文件没有写明格式，按格式 {FORMAT} 读取",
                        "the scenario file does not say its format; read as format {FORMAT}"
                    ),
                )
                .with_hint(text!(
                    "请在文件开头写 `format = {FORMAT}`",
                    "start the file with `format = {FORMAT}`"
                )),
            ),
        }
        FORMAT
    }

    pub(super) fn open<'a, 'i>(&mut self, t: &'a SubTable<'a, 'i>, name: Noun, keys: &[&str]) -> Table<'a, 'i> {
        Table::new(t.table, &t.span, name, keys, self.diags)
    }

    /// Chinese text under `key` and English under `key_en`; a missing translation is a warning.
    pub(super) fn tr(&mut self, t: &Table<'_, '_>, key: &str, required: bool) -> Tr {
        let zh = if required {
            t.req_str(key, self.diags)
        } else {
            t.str(key, self.diags)
        };
        let en_key = format!("{key}_en");
        let en = t.str(&en_key, self.diags).map(Spanned::into_inner);
        if let (Some(zh), None) = (&zh, &en) {
            self.diags.push(
                Diagnostic::warning(
                    code::MISSING_TRANSLATION,
                    zh.span(),
                    text!("`{key}` 没有英文译文", "`{key}` has no English translation"),
                )
                .with_hint(text!(
                    "请加上 `{en_key} = \"…\"`；在此之前，英文用户看到的是中文",
                    "add `{en_key} = \"…\"`; English users see the Chinese meanwhile"
                )),
            );
        }
        Tr {
            zh: zh.map(Spanned::into_inner).unwrap_or_default(),
            en,
        }
    }

    fn clock_start(&mut self, top: &Table<'_, '_>) -> u64 {
        let Some(s) = top.str("clock_start", self.diags) else {
            return 0;
        };
        let parsed = s.get_ref().split_once(':').and_then(|(h, m)| {
            let (h, m) = (h.parse::<u64>().ok()?, m.parse::<u64>().ok()?);
            // Checked before multiplying: an hour such as 999999999999999999 must not overflow.
            (h < 24 && m < 60).then(|| h * 60 + m)
        });
        parsed.unwrap_or_else(|| {
            self.diags.push(
                Diagnostic::error(
                    toml_reader::code::WRONG_TYPE,
                    s.span(),
                    text!("`clock_start` 应为一天中的时刻", "`clock_start` must be a time of day"),
                )
                .with_hint(text!(
                    "请写成“时:分”的形式，例如 `\"23:10\"`",
                    "write it as \"HH:MM\", e.g. \"23:10\""
                )),
            );
            0
        })
    }

    fn ids(tables: &[SubTable<'_, '_>]) -> Vec<String> {
        tables
            .iter()
            .filter_map(|t| t.table.get("id").and_then(|v| v.get_ref().as_str()).map(str::to_owned))
            .collect()
    }

    fn option_ids(t: &SubTable<'_, '_>) -> (String, Vec<String>) {
        let id = t
            .table
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or_default()
            .to_owned();
        let options = t
            .table
            .get("option")
            .and_then(|v| v.get_ref().as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.get_ref().as_table()?.get("id")?.get_ref().as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        (id, options)
    }

    pub(super) fn duplicates(&mut self, tables: &[SubTable<'_, '_>], what: Noun) {
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for t in tables {
            let Some(v) = t.table.get("id") else { continue };
            let Some(id) = v.get_ref().as_str() else {
                continue;
            };
            if let Some(first) = seen.get(id) {
                self.diags
                    .push(duplicate_id(code::DUPLICATE_ID, id, v.span(), first.clone(), what));
            } else {
                seen.insert(id.to_owned(), v.span());
            }
        }
    }

    pub(super) fn known<'c>(
        &mut self,
        id: &Spanned<String>,
        what: Noun,
        candidates: impl Iterator<Item = &'c str> + Clone,
    ) -> bool {
        if candidates.clone().any(|c| c == id.get_ref()) {
            return true;
        }
        let (i, zh, en) = (id.get_ref(), what.zh, what.en);
        let d = Diagnostic::error(
            code::UNKNOWN_ID,
            id.span(),
            text!("没有 id 为 `{i}` 的{zh}", "no {en} has the id `{i}`"),
        );
        self.diags.push(match did_you_mean(id.get_ref(), candidates) {
            Some(s) => d.with_hint(did_you_mean_hint(s)),
            None => d.with_hint(text!("请先声明这个{zh}", "declare the {en} first")),
        });
        false
    }

    fn cond(&mut self, t: &Table<'_, '_>, key: &str, declared: &Declared) -> Option<Cond> {
        let text = t.str(key, self.diags)?;
        match Cond::parse(text.get_ref(), &declared.names()) {
            Ok(c) => Some(c),
            Err(errors) => {
                let start = text.span().start;
                let raw = self.source.get(text.span()).unwrap_or_default();
                let offsets = toml_reader::string_offsets(raw, text.get_ref());
                // Without a map (cannot happen for text the parser read), one byte per byte.
                let at = |i: usize| start + offsets.as_ref().and_then(|o| o.get(i).copied()).unwrap_or(1 + i);
                for (span, message, hint) in errors {
                    let mut d = Diagnostic::error(code::CONDITION, at(span.start)..at(span.end), message);
                    if let Some(h) = hint {
                        d = d.with_hint(h);
                    }
                    self.diags.push(d);
                }
                None
            }
        }
    }

    fn vars(&mut self, top: &Table<'_, '_>) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (name, value) in top.entries("vars", self.diags) {
            if value.get_ref().is_boolean() || value.get_ref().is_u64() {
                out.insert(name.into_inner(), value.into_inner());
            } else {
                self.diags.push(
                    Diagnostic::error(code::BAD_EFFECT, value.span(), {
                        let n = name.get_ref();
                        text!(
                            "变量 `{n}` 的初始值应为 `true`、`false` 或整数",
                            "variable `{n}` must start as true, false or a whole number"
                        )
                    })
                    .with_hint(text!(
                        "变量只能存放“是/否”标志或计数",
                        "variables hold yes/no flags or counts"
                    )),
                );
            }
        }
        out
    }

    fn randoms(&mut self, top: &Table<'_, '_>) -> Vec<Random> {
        let tables = top.tables("random", self.diags);
        self.duplicates(&tables, noun("随机事件", "random event"));
        let mut out = Vec::new();
        for sub in &tables {
            let t = self.open(sub, noun("`[[random]]` 表", "a [[random]]"), RANDOM_KEYS);
            let id = t.req_str("id", self.diags);
            let label = self.tr(&t, "label", false);
            let p = t.number("p", self.diags);
            let min = t.uint("min", MAX_DRAWN, self.diags);
            let max = t.uint("max", MAX_DRAWN, self.diags);
            let kind = match (p, min, max) {
                (Some(p), None, None) => {
                    if !(0.0..=1.0).contains(p.get_ref()) {
                        self.probability(p.span(), *p.get_ref());
                    }
                    RandomKind::Chance(*p.get_ref())
                }
                (None, Some(lo), Some(hi)) => {
                    if lo.get_ref() > hi.get_ref() {
                        self.diags.push(Diagnostic::error(
                            code::PROBABILITY,
                            lo.span(),
                            text!("`min` 大于 `max`", "`min` is larger than `max`"),
                        ));
                    }
                    RandomKind::Range(*lo.get_ref(), *hi.get_ref())
                }
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            code::PROBABILITY,
                            t.span(),
                            text!(
                                "`[[random]]` 表要么写 `p`，要么同时写 `min` 和 `max`",
                                "a [[random]] needs either `p` or both `min` and `max`"
                            ),
                        )
                        .with_hint(text!(
                            "概率事件写 `p = 0.4`；随机数写 `min = 2000` 和 `max = 12000`",
                            "`p = 0.4` for a chance; `min = 2000` and `max = 12000` for a number"
                        )),
                    );
                    continue;
                }
            };
            if let Some(id) = id {
                out.push(Random {
                    id: id.into_inner(),
                    kind,
                    label,
                });
            }
        }
        out
    }

    fn probability(&mut self, span: Range<usize>, p: f64) {
        self.diags.push(
            Diagnostic::error(
                code::PROBABILITY,
                span,
                text!("概率 {p} 不在 0 到 1 之间", "probability {p} is outside 0–1"),
            )
            .with_hint(text!(
                "概率应写成 0 到 1 之间的数，例如 0.25",
                "write a probability as a number from 0 to 1, e.g. 0.25"
            )),
        );
    }

    fn rate(&mut self, sub: &SubTable<'_, '_>, declared: &Declared) -> Option<Rate> {
        let t = self.open(sub, noun("`[[rate]]` 表", "a [[rate]]"), RATE_KEYS);
        let fact = t.req_str("fact", self.diags)?;
        let numeric = match fact.get_ref().strip_prefix("vars.") {
            Some(v) => declared.vars.get(v).is_some_and(Value::is_u64),
            None => facts::fact_type(fact.get_ref()) == Some(FactType::Count),
        };
        if !numeric {
            self.diags.push(
                Diagnostic::error(code::BAD_EFFECT, fact.span(), {
                    let f = fact.get_ref();
                    text!("`{f}` 不是可以增长的计数", "`{f}` is not a count that can grow")
                })
                .with_hint(text!(
                    "增长率只能用于计数，例如 `incident.reposts`、`incident.outage_minutes` 或数值变量",
                    "rates grow counts such as incident.reposts, incident.outage_minutes or a number variable"
                )),
            );
        }
        let per_hour = match t.str("per_hour", &mut Vec::new()) {
            Some(r) => {
                let id = Spanned::new(r.span(), r.get_ref().trim_start_matches("random.").to_owned());
                self.known(
                    &id,
                    noun("随机事件", "random event"),
                    declared.randoms.iter().map(String::as_str),
                );
                Amount::Random(id.into_inner())
            }
            None => Amount::Fixed(t.number("per_hour", self.diags).map_or(0.0, Spanned::into_inner)),
        };
        Some(Rate {
            fact: fact.into_inner(),
            per_hour,
            when: self.cond(&t, "when", declared),
        })
    }

    fn inject(&mut self, sub: &SubTable<'_, '_>, declared: &Declared) -> Option<Inject> {
        let t = self.open(sub, noun("`[[inject]]` 表", "an [[inject]]"), INJECT_KEYS);
        let id = t.req_str("id", self.diags)?;
        Some(Inject {
            id: id.into_inner(),
            at: t.uint("at", 100_000, self.diags).map(Spanned::into_inner),
            when: self.cond(&t, "when", declared),
            from: self.tr(&t, "from", true),
            text: self.tr(&t, "text", true),
            facilitation: self.facilitation(&t),
        })
    }

    fn decision(&mut self, sub: &SubTable<'_, '_>, declared: &Declared, base: &Case) -> Option<DecisionPoint> {
        let t = self.open(sub, noun("`[[decision]]` 表", "a [[decision]]"), DECISION_KEYS);
        let id = t.req_str("id", self.diags)?;
        let prompt = self.tr(&t, "prompt", true);
        let by = match t.req_str("by", self.diags) {
            Some(b) if b.get_ref() == "team" => Decider::Team,
            Some(b) => {
                Reader { diags: self.diags }.person_ref(base, &b);
                Decider::Person(b.into_inner())
            }
            None => Decider::Team,
        };
        let time_limit = t.uint("time_limit", 100_000, self.diags);
        let on_timeout = t.str("on_timeout", self.diags);
        let options: Vec<Choice> = t
            .tables("option", self.diags)
            .iter()
            .filter_map(|o| self.option(o, declared, base))
            .collect();
        if options.len() < 2 {
            self.diags.push(
                Diagnostic::error(code::DECISION_SHAPE, id.span(), {
                    let i = id.get_ref();
                    text!(
                        "决策点 `{i}` 的选项少于两个",
                        "decision `{i}` has fewer than two options"
                    )
                })
                .with_hint(text!(
                    "每个决策点应有 2 至 4 个 `[[decision.option]]`",
                    "a decision offers 2–4 [[decision.option]] entries"
                )),
            );
        }
        match (&time_limit, &on_timeout) {
            (Some(limit), None) => self.diags.push(
                Diagnostic::error(
                    code::DECISION_SHAPE,
                    limit.span(),
                    text!("设了时限就要写 `on_timeout`", "a time limit needs `on_timeout`"),
                )
                .with_hint(text!(
                    "请写明超时后采取的选项：`on_timeout = \"…\"`",
                    "name the option taken when time runs out: `on_timeout = \"…\"`"
                )),
            ),
            (_, Some(o)) => {
                self.known(
                    o,
                    noun("本决策点的选项", "option of this decision"),
                    options.iter().map(|c| c.id.as_str()),
                );
            }
            _ => {}
        }
        Some(DecisionPoint {
            id: id.into_inner(),
            prompt,
            by,
            time_limit: time_limit.map(Spanned::into_inner),
            on_timeout: on_timeout.map(Spanned::into_inner),
            options,
            facilitation: self.facilitation(&t),
        })
    }

    fn option(&mut self, sub: &SubTable<'_, '_>, declared: &Declared, base: &Case) -> Option<Choice> {
        let keys: Vec<&str> = EFFECT_KEYS.iter().chain(OPTION_EXTRA).copied().collect();
        let t = self.open(sub, noun("`[[decision.option]]` 表", "a [[decision.option]]"), &keys);
        let id = t.req_str("id", self.diags)?;
        let label = self.tr(&t, "label", true);
        let when = self.cond(&t, "when", declared);
        let effects = self.effects(&t, declared, base);
        let next = self.next(&t, declared);
        let branches: Vec<Branch> = t
            .tables("branch", self.diags)
            .iter()
            .filter_map(|b| {
                let keys: Vec<&str> = EFFECT_KEYS.iter().chain(&["when"]).copied().collect();
                let bt = self.open(
                    b,
                    noun("`[[decision.option.branch]]` 表", "a [[decision.option.branch]]"),
                    &keys,
                );
                let when = match self.cond(&bt, "when", declared) {
                    Some(w) => w,
                    None => {
                        if bt.str("when", &mut Vec::new()).is_none() {
                            bt.missing("when", self.diags);
                        }
                        return None;
                    }
                };
                Some(Branch {
                    when,
                    effects: self.effects(&bt, declared, base),
                    next: self.next(&bt, declared),
                })
            })
            .collect();
        let next = match next {
            Some(n) => n,
            None => {
                t.missing("next", self.diags);
                Next::Ending(String::new())
            }
        };
        if effects.is_empty() && branches.iter().all(|b| b.effects.is_empty()) {
            self.diags.push(
                Diagnostic::warning(code::NO_EFFECT, id.span(), {
                    let i = id.get_ref();
                    text!("选项 `{i}` 什么也不改变", "option `{i}` changes nothing")
                })
                .with_hint(text!(
                    "请给它加上效果（`set`、`add`、`advance`、`act`、`meeting` 等），或与其他选项合并",
                    "give it an effect (set, add, advance, act, meeting …) or merge it with another option"
                )),
            );
        }
        Some(Choice {
            id: id.into_inner(),
            label,
            when,
            effects,
            next,
            branches,
        })
    }

    fn next(&mut self, t: &Table<'_, '_>, declared: &Declared) -> Option<Next> {
        if let Some(n) = t.str("next", self.diags) {
            self.known(
                &n,
                noun("决策点", "decision point"),
                declared.choices.iter().map(|(d, _)| d.as_str()),
            );
            return Some(Next::Decision(n.into_inner()));
        }
        let e = t.str("end", self.diags)?;
        self.known(&e, noun("结局", "ending"), declared.endings.iter().map(String::as_str));
        Some(Next::Ending(e.into_inner()))
    }

    fn effects(&mut self, t: &Table<'_, '_>, declared: &Declared, base: &Case) -> Effects {
        let set = self.sets(t, "set", declared, base);
        let set_after = self.sets(t, "set_after", declared, base);
        let mut add = Vec::new();
        for (path, value) in t.entries("add", self.diags) {
            let numeric = match path.get_ref().strip_prefix("vars.") {
                Some(v) => declared.vars.get(v).is_some_and(Value::is_u64),
                None => facts::fact_type(path.get_ref()) == Some(FactType::Count),
            };
            match value.get_ref().as_f64() {
                Some(n) if numeric => add.push((path.into_inner(), n)),
                _ => self.diags.push(
                    Diagnostic::error(code::BAD_EFFECT, path.span(), {
                        let (v, p) = (value.get_ref(), path.get_ref());
                        text!("不能给 `{p}` 加上 `{v}`", "cannot add {v} to `{p}`")
                    })
                    .with_hint(text!(
                        "`add` 只能把数字加到计数上，例如 `incident.reposts` 或数值变量",
                        "`add` takes a number and a count such as incident.reposts or a number variable"
                    )),
                ),
            }
        }
        let mut chance = Vec::new();
        for (id, p) in t.entries("chance", self.diags) {
            let is_chance = declared.randoms.contains(id.get_ref());
            self.known(
                &id,
                noun("随机事件", "random event"),
                declared.randoms.iter().map(String::as_str),
            );
            match p.get_ref().as_f64() {
                Some(v) if (0.0..=1.0).contains(&v) => {
                    if is_chance {
                        chance.push((id.into_inner(), v));
                    }
                }
                _ => self.probability(p.span(), p.get_ref().as_f64().unwrap_or(f64::NAN)),
            }
        }
        let inject = t
            .str_list("inject", self.diags)
            .into_iter()
            .filter(|i| {
                self.known(
                    i,
                    noun("注入事件", "inject"),
                    declared.injects.iter().map(String::as_str),
                )
            })
            .map(Spanned::into_inner)
            .collect();
        Effects {
            set,
            add,
            chance,
            act: self.act(t, base, declared),
            meeting: self.meeting(t, base),
            breach: self.breach(t),
            outcome: t.str("outcome", &mut Vec::new()).map(|_| self.tr(t, "outcome", false)),
            inject,
            advance: t.uint("advance", 100_000, self.diags).map_or(0, Spanned::into_inner),
            set_after,
        }
    }

    fn sets(&mut self, t: &Table<'_, '_>, key: &str, declared: &Declared, base: &Case) -> Vec<(String, Value)> {
        let mut scratch = base.clone();
        let mut out = Vec::new();
        for (path, value) in t.entries(key, self.diags) {
            if self.writable(&path, value.get_ref(), declared, &mut scratch) {
                out.push((path.into_inner(), value.into_inner()));
            }
        }
        out
    }

    /// Whether `value` may be written to `path`; reports why not.
    /// Whether `value` may be written to `path`; reports why not. `"random.ID"` of a number
    /// event stands for the number it draws, and `"now"` for the current minute.
    fn writable(&mut self, path: &Spanned<String>, value: &Value, declared: &Declared, scratch: &mut Case) -> bool {
        let drawn = value
            .as_str()
            .and_then(|w| w.strip_prefix("random."))
            .is_some_and(|id| declared.ranges.iter().any(|r| r == id));
        let problem = match path.get_ref().strip_prefix("vars.") {
            Some(var) => match declared.vars.get(var) {
                None => Some((
                    text!("没有名为 `{var}` 的变量", "no variable is called `{var}`"),
                    did_you_mean(var, declared.vars.keys().map(String::as_str))
                        .map_or(text!("请在 `[vars]` 下声明它", "declare it under [vars]"), |s| {
                            did_you_mean_hint(&format!("vars.{s}"))
                        }),
                )),
                Some(initial) => {
                    let fits = if initial.is_boolean() {
                        value.is_boolean()
                    } else {
                        value.is_u64() || drawn
                    };
                    (!fits).then(|| {
                        let p = path.get_ref();
                        (
                            text!("`{p}` 不能取值 `{value}`", "`{p}` cannot be {value}"),
                            text!("它的初始值是 `{initial}`", "it started as {initial}"),
                        )
                    })
                }
            },
            None => match facts::fact_type(path.get_ref()) {
                None => Some((
                    {
                        let p = path.get_ref();
                        text!("`{p}` 不是事实项", "`{p}` is not a fact")
                    },
                    did_you_mean(path.get_ref(), facts::FACTS.iter().map(|(p, _)| *p)).map_or(
                        text!(
                            "事实项一览见 docs/scenario-format.md",
                            "see the list of facts in docs/scenario-format.md"
                        ),
                        did_you_mean_hint,
                    ),
                )),
                Some(ty) => {
                    let number = matches!(ty, FactType::Count | FactType::Moment);
                    let trial = if (ty == FactType::Moment && value == "now") || (number && drawn) {
                        Value::from(0)
                    } else {
                        value.clone()
                    };
                    facts::set(scratch, path.get_ref(), trial).err().map(|e| {
                        let p = path.get_ref();
                        (
                            text!("`{p}` 不能取值 `{value}`", "{e}"),
                            text!(
                                "计数取数字，或数值随机事件的 `\"random.ID\"`；时刻还可取 `\"now\"`；是/否事实取 `true` 或 `false`",
                                "counts take a number or \"random.ID\" of a number event; moments also \"now\"; yes/no facts take true or false"
                            ),
                        )
                    })
                }
            },
        };
        match problem {
            None => true,
            Some((message, hint)) => {
                self.diags
                    .push(Diagnostic::error(code::BAD_EFFECT, path.span(), message).with_hint(hint));
                false
            }
        }
    }

    fn act(&mut self, t: &Table<'_, '_>, base: &Case, declared: &Declared) -> Option<ActSpec> {
        let sub = t.table("act", self.diags)?;
        let a = self.open(&sub, noun("`act` 表", "`act`"), ACT_KEYS);
        let mut r = Reader { diags: self.diags };
        let person = a.req_str("person", r.diags).filter(|p| r.person_ref(base, p));
        let caused = r.fact_keys(&a);
        let note = self.tr(&a, "note", false);
        let instructed_by = a.str("instructed_by", self.diags);
        let instructed_ok = instructed_by
            .as_ref()
            .is_none_or(|p| Reader { diags: self.diags }.person_ref(base, p));
        let decisions = declared.choices.iter().map(|(d, _)| d.as_str());
        let carries_out = a
            .str("carries_out", self.diags)
            .filter(|d| self.known(d, noun("决策", "decision"), decisions));
        Some(ActSpec {
            person: person?.into_inner(),
            caused,
            note,
            instructed_by: instructed_by.filter(|_| instructed_ok).map(Spanned::into_inner),
            carries_out: carries_out.map(Spanned::into_inner),
        })
    }

    fn meeting(&mut self, t: &Table<'_, '_>, base: &Case) -> Option<MeetingSpec> {
        let sub = t.table("meeting", self.diags)?;
        let m = self.open(&sub, noun("`meeting` 表", "`meeting`"), MEETING_KEYS);
        let mut r = Reader { diags: self.diags };
        let caused = r.fact_keys(&m);
        let attended = m.str_list("attended", r.diags);
        for p in &attended {
            r.on_team(base, &base.system.unit, p);
        }
        let dissent = m.str_list("dissent", r.diags);
        for p in dissent
            .iter()
            .filter(|p| !attended.iter().any(|a| a.get_ref() == p.get_ref()))
        {
            r.diags.push(dissent_absent(p));
        }
        Some(MeetingSpec {
            subject: self.tr(&m, "subject", false),
            caused,
            attended: attended.into_iter().map(Spanned::into_inner).collect(),
            dissent: dissent.into_iter().map(Spanned::into_inner).collect(),
        })
    }

    fn breach(&mut self, t: &Table<'_, '_>) -> Option<(String, Tr)> {
        let sub = t.table("breach", self.diags)?;
        let b = self.open(&sub, noun("`breach` 表", "`breach`"), BREACH_KEYS);
        let clause = b.req_str("clause", self.diags)?;
        let note = self.tr(&b, "note", false);
        if !crate::case::read::is_duty(clause.get_ref()) {
            self.diags.push(not_a_duty(&clause));
            return None;
        }
        Some((clause.into_inner(), note))
    }

    fn ending(&mut self, sub: &SubTable<'_, '_>) -> Option<Ending> {
        let t = self.open(sub, noun("`[[ending]]` 表", "an [[ending]]"), ENDING_KEYS);
        let id = t.req_str("id", self.diags)?;
        Some(Ending {
            id: id.into_inner(),
            title: self.tr(&t, "title", true),
            debrief: self.tr(&t, "debrief", true),
            right: self.lessons(&t, "right"),
            wrong: self.lessons(&t, "wrong"),
        })
    }

    fn test(&mut self, sub: &SubTable<'_, '_>, declared: &Declared, base: &Case) -> ScenarioTest {
        let t = self.open(sub, noun("`[[test]]` 表", "a [[test]]"), TEST_KEYS);
        let name = t
            .req_str("name", self.diags)
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let seed = t.uint("seed", u64::MAX, self.diags).map_or(1, Spanned::into_inner);
        let options: Vec<&str> = declared
            .choices
            .iter()
            .flat_map(|(_, os)| os.iter().map(String::as_str))
            .collect();
        let choose = t.str_list("choose", self.diags);
        for c in choose.iter().filter(|c| c.get_ref() != super::TIMEOUT) {
            self.known(c, noun("选项", "option"), options.iter().copied());
        }
        let fires = t.str_list("fires", self.diags);
        for f in &fires {
            self.known(
                f,
                noun("第八条第二款所列情形", "item of Article 8 ¶2"),
                crate::judge::ITEM_IDS.iter().copied(),
            );
        }
        let accountable = t.has("accountable").then(|| t.str_list("accountable", self.diags));
        for a in accountable.iter().flatten() {
            let (person, kind) = a.get_ref().split_once(':').unwrap_or((a.get_ref(), ""));
            let kinds = crate::verdict::KINDS.iter().map(|(_, w)| *w);
            if base.person(person).is_none() || !kinds.clone().any(|k| k == kind) {
                self.diags.push(
                    Diagnostic::error(code::UNKNOWN_ID, a.span(), {
                        let w = a.get_ref();
                        text!("`{w}` 不是 `人员:责任类型` 的形式", "`{w}` is not `person:kind`")
                    })
                    .with_hint({
                        let (zh, en) = toml_reader::listed(kinds);
                        text!("责任类型有 {zh}", "kinds are {en}")
                    }),
                );
            }
        }
        let ending = t.str("ending", self.diags);
        if let Some(e) = &ending {
            self.known(e, noun("结局", "ending"), declared.endings.iter().map(String::as_str));
        }
        if !t.has("choose") {
            t.missing("choose", self.diags);
        }
        ScenarioTest {
            name,
            seed,
            choose: choose.into_iter().map(Spanned::into_inner).collect(),
            fires: fires.into_iter().map(Spanned::into_inner).collect(),
            accountable: accountable.map(|a| a.into_iter().map(Spanned::into_inner).collect()),
            ending: ending.map(Spanned::into_inner),
        }
    }

    /// A warning for each decision point that its options can lead back to. A loop may be meant
    /// (a condition or a variable ends it), so it is not an error; the bounds that keep it from
    /// running forever are stated in the hint. The walk is iterative: a long chain of decisions
    /// cannot overflow the stack.
    fn loops(&mut self, s: &Scenario, tables: &[SubTable<'_, '_>]) {
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for (n, d) in s.decisions.iter().enumerate() {
            index.entry(d.id.as_str()).or_insert(n);
        }
        let edges: Vec<Vec<usize>> = s
            .decisions
            .iter()
            .map(|d| {
                let targets: BTreeSet<usize> = d
                    .options
                    .iter()
                    .flat_map(|c| std::iter::once(&c.next).chain(c.branches.iter().filter_map(|b| b.next.as_ref())))
                    .filter_map(|next| match next {
                        Next::Decision(id) => index.get(id.as_str()).copied(),
                        Next::Ending(_) => None,
                    })
                    .collect();
                targets.into_iter().collect()
            })
            .collect();
        // 0: not seen, 1: on the current path, 2: done.
        let mut color = vec![0_u8; edges.len()];
        let mut reported = BTreeSet::new();
        for root in 0..edges.len() {
            if color[root] != 0 {
                continue;
            }
            color[root] = 1;
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            while let Some((u, k)) = path.last().copied() {
                let Some(&v) = edges[u].get(k) else {
                    color[u] = 2;
                    path.pop();
                    continue;
                };
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                match color[v] {
                    0 => {
                        color[v] = 1;
                        path.push((v, 0));
                    }
                    1 if reported.insert(v) => {
                        let from = path.iter().position(|(n, _)| *n == v).unwrap_or(0);
                        let mut names: Vec<&str> =
                            path[from..].iter().map(|(n, _)| s.decisions[*n].id.as_str()).collect();
                        if names.len() > 8 {
                            names.truncate(8);
                            names.push("…");
                        }
                        names.push(&s.decisions[v].id);
                        self.loop_warning(&s.decisions[v].id, &names, tables);
                    }
                    _ => {}
                }
            }
        }
    }

    fn loop_warning(&mut self, id: &str, names: &[&str], tables: &[SubTable<'_, '_>]) {
        let cycle = names.join(" → ");
        let quoted: Vec<String> = names
            .iter()
            .map(|n| {
                if *n == "…" {
                    "…".to_owned()
                } else {
                    format!("`{n}`")
                }
            })
            .collect();
        let cycle_zh = quoted.join(" → ");
        let span = tables
            .iter()
            .filter_map(|t| t.table.get("id"))
            .find(|v| v.get_ref().as_str() == Some(id))
            .map_or(0..0, |v| v.span());
        self.diags.push(
            {
                let (depth, events) = (crate::limits::MAX_PATH_DEPTH, crate::limits::MAX_EVENTS);
                Diagnostic::warning(
                    code::LOOP,
                    span,
                    text!(
                        "决策点 `{id}` 可能绕回自身：{cycle_zh}",
                        "decision `{id}` can lead back to itself: {cycle}"
                    ),
                )
                .with_hint(text!(
                    "请确保有条件或变量能结束这个循环；分析在 {depth} 个决策后截断路径，运行在 {events} 个事件后停止",
                    "make sure a condition or a variable ends the loop; analysis cuts a path after {depth} decisions and a run stops at {events} events"
                ))
            },
        );
    }

    /// Warnings for decision points and endings that no option leads to.
    fn reachability(&mut self, s: &Scenario, decisions: &[SubTable<'_, '_>], endings: &[SubTable<'_, '_>]) {
        let mut targets: BTreeSet<&Next> = BTreeSet::new();
        for c in s.decisions.iter().flat_map(|d| &d.options) {
            targets.insert(&c.next);
            targets.extend(c.branches.iter().filter_map(|b| b.next.as_ref()));
        }
        let start = Next::Decision(s.start.clone());
        for (t, d) in decisions.iter().zip(&s.decisions) {
            let next = Next::Decision(d.id.clone());
            if next != start && !targets.contains(&next) {
                let span = t.table.get("id").map_or(t.span.clone(), |v| v.span());
                self.diags.push(
                    Diagnostic::warning(code::UNREACHED_DECISION, span, {
                        let i = &d.id;
                        text!("没有任何选项通向决策点 `{i}`", "nothing leads to decision `{i}`")
                    })
                    .with_hint(text!(
                        "请让某个选项的 `next` 指向它，或删掉它",
                        "point an option's `next` at it, or remove it"
                    )),
                );
            }
        }
        for (t, e) in endings.iter().zip(&s.endings) {
            if !targets.contains(&Next::Ending(e.id.clone())) {
                let span = t.table.get("id").map_or(t.span.clone(), |v| v.span());
                self.diags.push(
                    Diagnostic::warning(code::UNREACHED_ENDING, span, {
                        let i = &e.id;
                        text!("没有任何选项通向结局 `{i}`", "nothing leads to ending `{i}`")
                    })
                    .with_hint(text!(
                        "请让某个选项的 `end` 指向它，或删掉它",
                        "point an option's `end` at it, or remove it"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_code_is_documented() {
        let guide = include_str!("../../../../docs/scenario-format.md");
        let lists = [
            TOP_KEYS,
            RANDOM_KEYS,
            RATE_KEYS,
            INJECT_KEYS,
            DECISION_KEYS,
            EFFECT_KEYS,
            OPTION_EXTRA,
            ACT_KEYS,
            MEETING_KEYS,
            ENDING_KEYS,
            TEST_KEYS,
            OBJECTIVE_KEYS,
            GUIDE_KEYS,
            PHASE_KEYS,
            ROLE_CARD_KEYS,
            LESSON_KEYS,
        ];
        for key in lists.iter().flat_map(|l| l.iter()) {
            let plain = key.trim_end_matches("_en");
            assert!(
                guide.contains(&format!("`{plain}")),
                "`{key}` is not in docs/scenario-format.md"
            );
        }
        for c in [
            code::FORMAT,
            code::DUPLICATE_ID,
            code::UNKNOWN_ID,
            code::CONDITION,
            code::BAD_EFFECT,
            code::PROBABILITY,
            code::DECISION_SHAPE,
            code::MISSING_TRANSLATION,
            code::NO_EFFECT,
            code::UNREACHED_DECISION,
            code::UNREACHED_ENDING,
            code::LOOP,
            code::NEEDS_FORMAT_2,
            code::UNKNOWN_CLAUSE,
            code::TEACHING_SHAPE,
            code::QUESTIONS,
        ] {
            assert!(guide.contains(c), "{c} is not listed");
        }
    }
}
