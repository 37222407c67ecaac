//! Reading case and scenario files (or built-in scenarios) and printing their diagnostics.

use std::path::Path;
use std::process::ExitCode;

use zeren_core::diagnostic::{self, Diagnostic, has_errors};
use zeren_core::run::{ScenarioFile, Source};
use zeren_core::scenario::{FORMAT, Upgrade, upgrade as upgrade_text};
use zeren_core::{Case, Lang, Scenario, builtin, parse_case, parse_scenario};

/// Reads a file; an unreadable file is a usage error: exit 2 at once.
fn read(path: &Path, lang: Lang) -> String {
    match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            match lang {
                Lang::Zh => {
                    let why = match e.kind() {
                        std::io::ErrorKind::NotFound => "文件不存在".to_owned(),
                        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
                        std::io::ErrorKind::InvalidData => "不是 UTF-8 编码的文本".to_owned(),
                        _ => e.to_string(),
                    };
                    eprintln!("错误：无法读取 {}：{why}", path.display());
                }
                Lang::En => eprintln!("error: cannot read {}: {e}", path.display()),
            }
            std::process::exit(2);
        }
    }
}

/// Prints diagnostics on standard error in `lang`, and as JSON (in both languages) on standard
/// output with `json`.
fn report(name: &str, source: &str, diags: &[Diagnostic], json: bool, lang: Lang) {
    if !diags.is_empty() {
        eprint!("{}", diagnostic::render(name, source, diags, lang));
    }
    if json {
        let list = diagnostic::located(name, source, diags);
        println!(
            "{}",
            serde_json::json!({ "ok": !has_errors(diags), "diagnostics": list })
        );
    }
}

/// Reads a case file; `None` (diagnostics printed) when it has errors.
pub fn case(path: &Path, json: bool, lang: Lang) -> Option<Case> {
    let source = read(path, lang);
    let (case, diags) = parse_case(&source);
    report(&path.display().to_string(), &source, &diags, json, lang);
    case
}

/// A built-in scenario by id, or a scenario file; `None` (diagnostics printed) when invalid.
pub fn scenario(name: &str, json: bool, lang: Lang) -> Option<Scenario> {
    sourced(name, json, lang).map(|(scenario, _)| scenario)
}

/// A scenario as [`scenario`] reads it, with where it came from (a file's text travels in the
/// run files written from it).
pub fn sourced(name: &str, json: bool, lang: Lang) -> Option<(Scenario, Source)> {
    if let Some((id, file, source)) = builtin::SOURCES.iter().find(|(id, _, _)| *id == name) {
        let (scenario, diags) = parse_scenario(source);
        report(file, source, &diags, json, lang);
        return Some((scenario?, Source::Builtin((*id).to_owned())));
    }
    let text = read(Path::new(name), lang);
    let (scenario, diags) = parse_scenario(&text);
    report(name, &text, &diags, json, lang);
    let file = ScenarioFile {
        name: file_name(name),
        text,
    };
    Some((scenario?, Source::File(file)))
}

/// A scenario file for resolving a run link or run file, if `name` is given.
pub fn given(name: Option<&Path>, lang: Lang) -> Option<ScenarioFile> {
    let path = name?;
    Some(ScenarioFile {
        name: file_name(&path.display().to_string()),
        text: read(path, lang),
    })
}

/// A run file's text, read (an unreadable file is a usage error).
pub fn text(path: &Path, lang: Lang) -> String {
    read(path, lang)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// Checks a case file, a scenario file or a built-in scenario; true when it has no errors.
pub fn check(name: &str, json: bool, lang: Lang) -> bool {
    let is_builtin = builtin::SOURCES.iter().any(|(id, _, _)| *id == name);
    if is_builtin || zeren_core::scenario::is_scenario(&read(Path::new(name), lang)) {
        scenario(name, json, lang).is_some()
    } else {
        case(Path::new(name), json, lang).is_some()
    }
}

/// `zeren upgrade`: the file's text in the newest format on standard output, or written back
/// with `write`; a note on standard error says what changed.
pub fn upgrade(path: &Path, write: bool, lang: Lang) -> ExitCode {
    let source = read(path, lang);
    let name = path.display().to_string();
    let say = |zh: String, en: String| eprintln!("{}", if lang == Lang::Zh { zh } else { en });
    match upgrade_text(&source) {
        Err(diags) => {
            report(&name, &source, &diags, false, lang);
            say(
                format!("{name}：文件有错误，未升级"),
                format!("{name}: not upgraded, the file has errors"),
            );
            ExitCode::from(1)
        }
        Ok(Upgrade::Current) => {
            if !write {
                print!("{source}");
            }
            say(
                format!("{name}：已是格式 {FORMAT}，无需升级"),
                format!("{name}: already format {FORMAT}; nothing to upgrade"),
            );
            ExitCode::SUCCESS
        }
        Ok(Upgrade::Upgraded { text, from }) => {
            let from = from.map_or_else(|| "?".to_owned(), |f| f.to_string());
            if write {
                if let Err(e) = std::fs::write(path, &text) {
                    say(
                        format!("错误：无法写入 {name}：{e}"),
                        format!("error: cannot write {name}: {e}"),
                    );
                    return ExitCode::from(2);
                }
                say(
                    format!("{name}：已从格式 {from} 升级为格式 {FORMAT}（已写回文件）"),
                    format!("{name}: upgraded from format {from} to format {FORMAT} (written)"),
                );
            } else {
                print!("{text}");
                say(
                    format!("{name}：已从格式 {from} 升级为格式 {FORMAT}；加 --write 可直接改写文件"),
                    format!("{name}: upgraded from format {from} to format {FORMAT}; --write rewrites the file"),
                );
            }
            ExitCode::SUCCESS
        }
    }
}
