//! Reading user-written TOML by hand, so that every problem is found in one pass and each one
//! points at the offending text: unknown keys with a "did you mean", wrong types, numbers out of
//! range, unknown names. Serde would stop at the first problem.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::lang::{Text, text};
use crate::limits::{MAX_DIAGNOSTICS, MAX_FILE_BYTES, SUGGEST_MAX_CHARS, SYNTAX_ERRORS_PER_LINE};

/// Diagnostic codes of the TOML layer, shared by every file format built on it.
pub mod code {
    /// The text is not valid TOML.
    pub const SYNTAX: &str = "T0001";
    /// A key that the format does not know.
    pub const UNKNOWN_KEY: &str = "T0002";
    /// A value of the wrong type.
    pub const WRONG_TYPE: &str = "T0003";
    /// A required key is missing.
    pub const MISSING_KEY: &str = "T0004";
    /// A number outside its allowed range.
    pub const OUT_OF_RANGE: &str = "T0005";
    /// A word that is not one of the allowed choices.
    pub const UNKNOWN_CHOICE: &str = "T0006";
    /// The file is larger than [`crate::limits::MAX_FILE_BYTES`].
    pub const TOO_LARGE: &str = "T0007";
    /// More problems than [`crate::limits::MAX_DIAGNOSTICS`]: the rest are counted, not listed.
    pub const MORE: &str = "T0008";
}

/// What a table or a value is called in messages, in both languages; the Chinese writes TOML
/// names in backticks, as in "`[[unit]]` 表".
#[derive(Clone, Copy, Debug)]
pub struct Noun {
    /// Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

/// A [`Noun`].
pub const fn noun(zh: &'static str, en: &'static str) -> Noun {
    Noun { zh, en }
}

/// Keys or choices as a list: plain in English, each in backticks in Chinese.
pub(crate) fn listed<'c>(words: impl Iterator<Item = &'c str>) -> (String, String) {
    let words: Vec<&str> = words.collect();
    let zh: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    (zh.join("、"), words.join(", "))
}

/// The "did you mean" hint.
pub fn did_you_mean_hint(s: &str) -> Text {
    text!("是不是要写 `{s}`？", "did you mean `{s}`?")
}

/// A TOML parser message in Chinese, as far as it is known; empty when it is not.
fn syntax_zh(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("duplicate key", "键重复"),
        ("invalid key-value pair", "键值对写法不对"),
        ("invalid unquoted key", "不加引号的键写法不对"),
        ("unquoted keys cannot be empty", "不加引号的键不能为空"),
        ("invalid key", "键写法不对"),
        ("invalid value", "值写法不对"),
        ("invalid table", "表头写法不对"),
        ("invalid inline table element", "内联表中的项写法不对"),
        ("unclosed array table", "表数组的表头没有闭合"),
        ("unclosed inline table", "内联表没有闭合"),
        ("unclosed table", "表头没有闭合"),
        ("unclosed array", "数组没有闭合"),
        ("invalid multi-line basic string", "多行字符串写法不对"),
        ("invalid multi-line literal string", "多行字面字符串写法不对"),
        ("invalid basic string", "字符串写法不对"),
        ("invalid literal string", "字面字符串写法不对"),
        ("invalid string", "字符串写法不对"),
        ("missing escaped value", "转义符 `\\` 后缺少内容"),
        ("invalid integer number", "整数写法不对"),
        ("invalid hexadecimal number", "十六进制数写法不对"),
        ("invalid octal number", "八进制数写法不对"),
        ("invalid binary number", "二进制数写法不对"),
        ("invalid float", "小数写法不对"),
        ("invalid fraction", "小数部分写法不对"),
        ("invalid exponent", "指数写法不对"),
        ("invalid mantissa", "尾数写法不对"),
        ("invalid date-time", "日期时间写法不对"),
        ("invalid boolean", "布尔值写法不对"),
        ("invalid comment character", "注释中有不允许的字符"),
        ("`_` may only go between digits", "`_` 只能写在数字之间"),
        ("cannot recurse further; max recursion depth met", "嵌套层数过多"),
        ("recursion limit", "嵌套层数过多"),
        ("carriage return must be followed by newline", "回车符后面必须是换行符"),
        ("extra `=`", "多了一个 `=`"),
        ("extra assignment between key-value pairs", "键值对之间多了赋值"),
        ("extra comma in array", "数组中多了逗号"),
        ("extra comma in inline table", "内联表中多了逗号"),
        ("integers with a radix cannot be signed", "带进制前缀的整数不能带正负号"),
        ("key with no value", "键没有值"),
        ("keys cannot be multi-line basic strings", "键不能是多行字符串"),
        ("keys cannot be multi-line literal strings", "键不能是多行字面字符串"),
        ("missing array opening", "缺少数组开头的 `[`"),
        ("missing assignment between key-value pairs", "键和值之间缺少 `=`"),
        ("missing comma between array elements", "数组元素之间缺少逗号"),
        ("missing comma between key-value pairs", "键值对之间缺少逗号"),
        ("missing comment start", "注释缺少开头的 `#`"),
        ("missing inline table opening", "缺少内联表开头的 `{`"),
        ("missing key for inline table element", "内联表中的项缺少键"),
        ("missing opening quote", "缺少开头的引号"),
        ("missing table open", "缺少表头开头的 `[`"),
        ("missing value", "缺少值"),
        ("missing value for key", "键缺少值"),
        ("radix must be lowercase", "进制前缀必须小写"),
        ("redundant integer number prefix", "整数前缀多余"),
        ("redundant numeric sign", "数字的正负号多余"),
        ("string values must be quoted", "字符串值必须加引号"),
        ("too few unicode value digits", "`\\u` 转义的位数不够"),
        ("unexpected `=` in array", "数组中不应出现 `=`"),
        ("unexpected content", "此处有多余的内容"),
        (
            "unexpected content between comment and newline",
            "注释与换行之间有多余的内容",
        ),
        ("unexpected key or value", "此处不应出现键或值"),
        ("unexpected leading zero", "数字不能以 0 开头"),
        ("unexpected sign", "此处不应出现正负号"),
    ];
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let Some((_, zh)) = KNOWN.iter().find(|(en, _)| what == *en) else {
        return String::new();
    };
    // "expected `\"`" is kept when it names only characters in backticks.
    let quoted = !expected.is_empty()
        && expected
            .split(", ")
            .flat_map(|p| p.split(" or "))
            .all(|p| p.len() >= 2 && p.starts_with('`') && p.ends_with('`'));
    if quoted {
        format!(
            "：{zh}，此处应为 {}",
            expected.replace(", ", "、").replace(" or ", " 或 ")
        )
    } else {
        format!("：{zh}")
    }
}

/// Parses TOML text, recovering past syntax errors, which are returned as diagnostics: the
/// first on each line (`read_file` caps them with the rest at [`MAX_DIAGNOSTICS`]). A file
/// larger than [`MAX_FILE_BYTES`] is not parsed at all.
pub fn parse(source: &str) -> (Spanned<DeTable<'_>>, Vec<Diagnostic>) {
    if source.len() > MAX_FILE_BYTES {
        let (empty, _) = DeTable::parse_recoverable("");
        let too_large = Diagnostic::error(code::TOO_LARGE, 0..0, {
            let (size, max) = (source.len() / 1024, MAX_FILE_BYTES / 1024);
            text!(
                "文件大小为 {size} KB，超过了单个文件 {max} KB 的上限",
                "the file is {size} KB, larger than the {max} KB a file may be"
            )
        })
        .with_hint(text!(
            "请拆分文件，或删去用不到的内容",
            "split it, or remove what it does not need"
        ));
        return (empty, vec![too_large]);
    }
    let (table, mut errors) = DeTable::parse_recoverable(source);
    errors.sort_by_key(|e| e.span().map(|s| s.start));
    let newlines: Vec<usize> = source.match_indices('\n').map(|(i, _)| i).collect();
    let mut diagnostics = Vec::new();
    let mut last_line = None;
    let mut per_line = 0;
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let line = newlines.partition_point(|n| *n < span.start);
        if last_line == Some(line) {
            per_line += 1;
            if per_line >= SYNTAX_ERRORS_PER_LINE {
                continue;
            }
        } else {
            (last_line, per_line) = (Some(line), 0);
        }
        let message = e.message().trim().trim_end_matches('.').to_lowercase();
        let zh = syntax_zh(&message);
        diagnostics.push(
            Diagnostic::error(
                code::SYNTAX,
                span,
                text!("TOML 语法错误{zh}", "invalid TOML: {message}"),
            )
            .with_hint(text!(
                "请检查这一行的引号、括号和 `=`",
                "check quotes, brackets and `=` on this line"
            )),
        );
    }
    (table, diagnostics)
}

/// Keeps the first [`MAX_DIAGNOSTICS`] diagnostics and counts the rest in one closing line, as
/// severe as the worst of them.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_DIAGNOSTICS {
        return;
    }
    let rest = diagnostics.split_off(MAX_DIAGNOSTICS);
    let at = rest[0].span.start;
    let n = rest.len();
    let message = text!("另有 {n} 个问题未列出", "{n} more problems are not shown");
    let hint = text!(
        "请先改正以上问题，再检查一遍文件",
        "fix the ones above and check the file again"
    );
    diagnostics.push(if crate::diagnostic::has_errors(&rest) {
        Diagnostic::error(code::MORE, at..at, message).with_hint(hint)
    } else {
        Diagnostic::warning(code::MORE, at..at, message).with_hint(hint)
    });
}

/// Reads a whole file: parses it, opens its top table (called `name`, with `keys`) and hands it
/// to `read`. The value comes back only when there are no errors; the diagnostics hold every
/// problem found, in the order they stand in the file.
pub fn read_file<T>(
    source: &str,
    name: Noun,
    keys: &[&str],
    read: impl FnOnce(&Table<'_, '_>, &mut Vec<Diagnostic>) -> T,
) -> (Option<T>, Vec<Diagnostic>) {
    let (doc, syntax) = parse(source);
    let span = doc.span();
    let mut diags = Vec::new();
    let top = Table::new(doc.get_ref(), &span, name, keys, &mut diags);
    let value = read(&top, &mut diags);
    if !syntax.is_empty() {
        // The recovered rest of the file is still read, so its other problems show at once;
        // but what stands on a broken line, "missing" keys and findings about the whole file
        // (perhaps lost to the syntax error) are not trusted.
        let broken: Vec<usize> = syntax.iter().map(|d| line_of(source, d.span.start)).collect();
        let whole_file = |d: &Diagnostic| d.span == (0..0);
        diags.retain(|d| {
            d.code != code::MISSING_KEY && !whole_file(d) && !broken.contains(&line_of(source, d.span.start))
        });
        diags.extend(syntax);
    }
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    cap(&mut diags);
    if crate::diagnostic::has_errors(&diags) {
        (None, diags)
    } else {
        (Some(value), diags)
    }
}

/// The line (from 0) of a byte offset.
fn line_of(source: &str, at: usize) -> usize {
    source
        .get(..at.min(source.len()))
        .map_or(0, |s| s.matches('\n').count())
}

/// One TOML table being read; reports unknown keys when created.
#[derive(Clone, Copy)]
pub struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: &'a Range<usize>,
    name: Noun,
}

impl<'a, 'i> Table<'a, 'i> {
    /// Starts reading `table` (called `name` in messages), which may only hold `allowed` keys.
    pub fn new(
        table: &'a DeTable<'i>,
        span: &'a Range<usize>,
        name: Noun,
        allowed: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        for key in table.keys() {
            if !allowed.contains(&&**key.get_ref()) {
                let (k, Noun { zh, en }) = (key.get_ref(), name);
                let mut d = Diagnostic::error(
                    code::UNKNOWN_KEY,
                    key.span(),
                    text!("{zh}中没有 `{k}` 这个键", "unknown key `{k}` in {en}"),
                );
                d = match did_you_mean(key.get_ref(), allowed.iter().copied()) {
                    Some(s) => d.with_hint(did_you_mean_hint(s)),
                    None => {
                        let (keys_zh, keys_en) = listed(allowed.iter().copied());
                        d.with_hint(text!("{zh}可用的键：{keys_zh}", "{en} takes: {keys_en}"))
                    }
                };
                diags.push(d);
            }
        }
        Self { table, span, name }
    }

    /// The span of the whole table, for problems about a missing key.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// True when the table has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Where `key` itself stands, when the table has it.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.table.get_key_value(key).map(|(k, _)| k.span())
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn wrong_type(&self, key: &str, value: &Spanned<DeValue<'_>>, expected: Noun) -> Diagnostic {
        let (Noun { zh, en }, found) = (self.name, value.get_ref().type_str());
        let (want_zh, want_en, found_zh) = (expected.zh, expected.en, type_zh(found));
        Diagnostic::error(
            code::WRONG_TYPE,
            value.span(),
            text!(
                "{zh}中的 `{key}` 应为{want_zh}，而不是{found_zh}",
                "`{key}` in {en} must be {want_en}, not {found}"
            ),
        )
    }

    /// Reports a missing required key.
    pub fn missing(&self, key: &str, diags: &mut Vec<Diagnostic>) {
        diags.push({
            let Noun { zh, en } = self.name;
            Diagnostic::error(
                code::MISSING_KEY,
                self.span(),
                text!("{zh}缺少 `{key}`", "{en} is missing `{key}`"),
            )
            .with_hint(text!("请在{zh}中加上 `{key} = …`", "add `{key} = …` to {en}"))
        });
    }

    /// Reports a missing required table.
    pub fn missing_table(&self, key: &str, diags: &mut Vec<Diagnostic>) {
        diags.push({
            let Noun { zh, en } = self.name;
            Diagnostic::error(
                code::MISSING_KEY,
                self.span(),
                text!("{zh}缺少 `[{key}]` 表", "{en} has no [{key}] table"),
            )
            .with_hint(text!(
                "请加上 `[{key}]` 表，写法见 docs/case-format.md",
                "add a [{key}] table; see docs/case-format.md"
            ))
        });
    }

    /// An optional string.
    pub fn str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
        let value = self.get(key)?;
        match value.get_ref().as_str() {
            Some(s) => Some(Spanned::new(value.span(), s.to_owned())),
            None => {
                diags.push(self.wrong_type(key, value, noun("字符串", "a string")));
                None
            }
        }
    }

    /// A required string.
    pub fn req_str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
        if self.get(key).is_none() {
            self.missing(key, diags);
        }
        self.str(key, diags)
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let value = self.get(key)?;
        let b = value.get_ref().as_bool();
        if b.is_none() {
            diags.push(self.wrong_type(key, value, noun(" `true` 或 `false`", "true or false")));
        }
        b
    }

    /// An optional whole number in `0..=max`.
    pub fn uint(&self, key: &str, max: u64, diags: &mut Vec<Diagnostic>) -> Option<Spanned<u64>> {
        let value = self.get(key)?;
        let Some(int) = value.get_ref().as_integer() else {
            diags.push(self.wrong_type(key, value, noun("整数", "a whole number")));
            return None;
        };
        match i128::from_str_radix(int.as_str(), int.radix()) {
            Ok(n) if (0..=i128::from(max)).contains(&n) => Some(Spanned::new(value.span(), u64::try_from(n).ok()?)),
            _ => {
                diags.push({
                    let Noun { zh, en } = self.name;
                    Diagnostic::error(
                        code::OUT_OF_RANGE,
                        value.span(),
                        text!("{zh}中的 `{key}` 超出了允许的范围", "`{key}` in {en} is out of range"),
                    )
                    .with_hint(text!(
                        "请写 0 到 {max} 之间的整数",
                        "use a whole number from 0 to {max}"
                    ))
                });
                None
            }
        }
    }

    /// An optional word that must be one of `choices`.
    pub fn choice<T: Copy>(&self, key: &str, choices: &[(&str, T)], diags: &mut Vec<Diagnostic>) -> Option<Spanned<T>> {
        let word = self.str(key, diags)?;
        match choices.iter().find(|(w, _)| *w == word.get_ref()) {
            Some((_, t)) => Some(Spanned::new(word.span(), *t)),
            None => {
                let Noun { zh, en } = self.name;
                diags.push(unknown_choice(
                    &word,
                    &text!("{zh}中的 `{key}`", "`{key}` in {en}"),
                    choices.iter().map(|(w, _)| *w),
                ));
                None
            }
        }
    }

    /// An optional list of strings (missing means empty).
    pub fn str_list(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            diags.push(self.wrong_type(key, value, noun("字符串列表", "a list of strings")));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push(Spanned::new(item.span(), s.to_owned())),
                None => diags.push(self.wrong_type(key, item, noun("字符串列表", "a list of strings"))),
            }
        }
        out
    }

    /// An optional number, whole or not.
    pub fn number(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Spanned<f64>> {
        let value = self.get(key)?;
        match to_json(value.get_ref()).as_ref().and_then(serde_json::Value::as_f64) {
            Some(n) if value.get_ref().is_integer() || value.get_ref().is_float() => {
                Some(Spanned::new(value.span(), n))
            }
            _ => {
                diags.push(self.wrong_type(key, value, noun("数字", "a number")));
                None
            }
        }
    }

    /// The entries of an optional sub-table as dotted paths with JSON values, so that both
    /// `{ "incident.reposts" = 5 }` and `{ incident.reposts = 5 }` give `incident.reposts`.
    pub fn entries(
        &self,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Spanned<String>, Spanned<serde_json::Value>)> {
        let Some(sub) = self.table(key, diags) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        flatten(sub.table, "", &mut out);
        out
    }

    /// An optional sub-table, as `[name]`.
    pub fn table(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<SubTable<'a, 'i>> {
        let value = self.get(key)?;
        match value.get_ref().as_table() {
            Some(t) => Some(SubTable {
                table: t,
                span: value.span(),
            }),
            None => {
                diags.push(self.wrong_type(key, value, noun("表", "a table")));
                None
            }
        }
    }

    /// An optional array of tables, as `[[name]]` (missing means empty).
    pub fn tables(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<SubTable<'a, 'i>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            diags.push(self.wrong_type(
                key,
                value,
                noun("表数组（写作 `[[名称]]`）", "a list of tables, written [[name]]"),
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref().as_table() {
                Some(t) => out.push(SubTable {
                    table: t,
                    span: item.span(),
                }),
                None => diags.push(self.wrong_type(key, item, noun("表", "a table"))),
            }
        }
        out
    }
}

fn flatten(table: &DeTable<'_>, prefix: &str, out: &mut Vec<(Spanned<String>, Spanned<serde_json::Value>)>) {
    for (k, v) in table.iter() {
        let path = format!("{prefix}{}", k.get_ref());
        match v.get_ref().as_table() {
            Some(inner) => flatten(inner, &format!("{path}."), out),
            None => out.push((
                Spanned::new(k.span(), path),
                Spanned::new(v.span(), to_json(v.get_ref()).unwrap_or_default()),
            )),
        }
    }
}

/// A TOML value as JSON; dates have no JSON form and give `None`.
pub fn to_json(value: &DeValue<'_>) -> Option<serde_json::Value> {
    Some(match value {
        DeValue::String(s) => serde_json::Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let n = i64::from_str_radix(i.as_str(), i.radix()).ok()?;
            serde_json::Value::from(n)
        }
        DeValue::Float(f) => serde_json::Value::from(f.as_str().replace('_', "").parse::<f64>().ok()?),
        DeValue::Boolean(b) => serde_json::Value::Bool(*b),
        DeValue::Array(a) => serde_json::Value::Array(a.iter().filter_map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(t) => serde_json::Value::Object(
            t.iter()
                .filter_map(|(k, v)| Some((k.get_ref().to_string(), to_json(v.get_ref())?)))
                .collect(),
        ),
        DeValue::Datetime(_) => return None,
    })
}

/// Where each byte of a string's value stands in its source text: for the raw text of a TOML
/// string (`raw`, quotes included) and its value, the offset in `raw` of every byte of the
/// value, and one more for its end. Handles the four kinds of string, escapes, and a multi-line
/// string's trimmed first newline and line-ending backslashes; `None` when `raw` does not give
/// `value` (the caller then counts one byte per byte after the opening quote).
pub fn string_offsets(raw: &str, value: &str) -> Option<Vec<usize>> {
    let (open, literal) = [("\"\"\"", false), ("'''", true), ("\"", false), ("'", true)]
        .into_iter()
        .find(|(q, _)| raw.starts_with(q))?;
    let mut at = open.len();
    if open.len() == 3 {
        // A newline right after the opening quotes is not part of the value.
        if raw[at..].starts_with("\r\n") {
            at += 2;
        } else if raw[at..].starts_with('\n') {
            at += 1;
        }
    }
    let body = raw.get(at..raw.len().checked_sub(open.len())?)?;
    let mut out = Vec::with_capacity(value.len() + 1);
    let mut decoded = String::with_capacity(value.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let from = at + i;
        if c != '\\' || literal {
            decoded.push(c);
            out.extend(std::iter::repeat_n(from, c.len_utf8()));
            continue;
        }
        let (_, e) = chars.next()?;
        let mut hex = |n: usize| {
            let digits: String = (0..n).filter_map(|_| chars.next().map(|(_, d)| d)).collect();
            u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)
        };
        let ch = match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'u' => hex(4)?,
            'U' => hex(8)?,
            'x' => hex(2)?,
            w if w.is_whitespace() => {
                // A line-ending backslash: the whitespace and newlines after it are dropped.
                while chars.peek().is_some_and(|(_, w)| w.is_whitespace()) {
                    chars.next();
                }
                continue;
            }
            _ => return None,
        };
        decoded.push(ch);
        out.extend(std::iter::repeat_n(from, ch.len_utf8()));
    }
    out.push(raw.len() - open.len());
    (decoded == value).then_some(out)
}

/// A table found inside another, with its span, not yet being read.
pub struct SubTable<'a, 'i> {
    /// The table.
    pub table: &'a DeTable<'i>,
    /// Where it stands in the file.
    pub span: Range<usize>,
}

/// The problem "`word` is not one of `choices`", with the closest choice as a hint.
pub fn unknown_choice<'c>(
    word: &Spanned<String>,
    what: &Text,
    choices: impl Iterator<Item = &'c str> + Clone,
) -> Diagnostic {
    let (w, zh, en) = (word.get_ref(), &what.zh, &what.en);
    let d = Diagnostic::error(
        code::UNKNOWN_CHOICE,
        word.span(),
        text!("{zh} 不能取 `{w}` 这个值", "unknown value `{w}` for {en}"),
    );
    match did_you_mean(word.get_ref(), choices.clone()) {
        Some(s) => d.with_hint(did_you_mean_hint(s)),
        None => {
            let (zh, en) = listed(choices);
            d.with_hint(text!("可选的值：{zh}", "expected one of: {en}"))
        }
    }
}

/// A TOML type, as `type_str` names it, in Chinese.
fn type_zh(type_str: &str) -> &'static str {
    match type_str {
        "string" => "字符串",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "布尔值",
        "datetime" => "日期时间",
        "array" => "数组",
        "table" | "inline table" => "表",
        _ => "其他类型的值",
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo. Words
/// longer than [`SUGGEST_MAX_CHARS`] get no suggestion, and candidates whose length alone rules
/// them out are not compared, so the cost stays small on any input.
pub fn did_you_mean<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let len = word.chars().count();
    if len > SUGGEST_MAX_CHARS {
        return None;
    }
    let limit = (len / 3).max(2);
    candidates
        .filter(|c| c.len() <= 4 * (len + limit) && c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let words = ["portal", "news", "platform", "other"];
        assert_eq!(did_you_mean("portl", words.iter().copied()), Some("portal"));
        assert_eq!(did_you_mean("plattform", words.iter().copied()), Some("platform"));
        assert_eq!(did_you_mean("website", words.iter().copied()), None);
    }

    #[test]
    fn reports_every_unknown_key_at_once() {
        let src = "a = 1\nbb = 2\ncc = 3\n";
        let (doc, errors) = parse(src);
        assert!(errors.is_empty());
        let mut diags = Vec::new();
        let span = doc.span();
        Table::new(doc.get_ref(), &span, noun("案例", "the case"), &["a", "b"], &mut diags);
        assert_eq!(diags.len(), 2);
        assert_eq!(&src[diags[0].span.clone()], "bb");
        assert_eq!(diags[0].hints, [text!("是不是要写 `b`？", "did you mean `b`?")]);
    }

    #[test]
    fn toml_syntax_messages_have_chinese() {
        assert_eq!(
            syntax_zh("missing comma between array elements, expected `,`"),
            "：数组元素之间缺少逗号，此处应为 `,`"
        );
        assert_eq!(syntax_zh("invalid key"), "：键写法不对");
        assert_eq!(syntax_zh("something new, expected a value"), "");
        let (_, diags) = parse("x = [1, 2\ny = 1.2.3\n\"a\" = = 1\n");
        assert!(!diags.is_empty());
        for d in &diags {
            assert!(
                d.message.zh.starts_with("TOML 语法错误："),
                "{} / {}",
                d.message.zh,
                d.message.en
            );
        }
    }

    #[test]
    fn numbers_out_of_range_point_at_the_value() {
        let src = "n = -5\n";
        let (doc, _) = parse(src);
        let mut diags = Vec::new();
        let span = doc.span();
        let t = Table::new(doc.get_ref(), &span, noun("案例", "the case"), &["n"], &mut diags);
        assert!(t.uint("n", 10, &mut diags).is_none());
        assert_eq!(&src[diags[0].span.clone()], "-5");
    }

    #[test]
    fn a_syntax_error_keeps_the_other_findings() {
        let src = "a = = 1\nbogus = 2\n= 3\nb = \"x\"\n";
        let (value, diags) = read_file(src, noun("文件", "the file"), &["a", "b", "c"], |t, diags| {
            if !t.has("c") {
                t.missing("c", diags);
            }
        });
        assert!(value.is_none());
        let found: Vec<(&str, &str)> = diags
            .iter()
            .map(|d| (d.code, &src[d.span.start..d.span.end.max(d.span.start)]))
            .collect();
        // One error for the stray `=`, the unknown key kept, nothing for the empty key of line 3
        // beyond its syntax error, and no "missing" guess.
        assert_eq!(
            diags.iter().map(|d| d.code).collect::<Vec<_>>(),
            [code::SYNTAX, code::UNKNOWN_KEY, code::SYNTAX],
            "{found:?}"
        );
        assert_eq!(&src[diags[1].span.clone()], "bogus");
    }
}
