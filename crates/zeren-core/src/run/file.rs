//! The run file: one JSON object holding everything needed to replay a run (format 2):
//!
//! ```json
//! {"zeren_run": 2, "scenario": "defacement", "seed": 6, "settings": {…}, "label": "第一组",
//!  "events": [{"kind": "choose", "decision": "verify", "option": "escalate"}, …],
//!  "file": {"name": "my.toml", "text": "…"}}
//! ```
//!
//! `settings` (default: the defaults), `label` and `file` (the scenario's text, for a scenario
//! that is not built in) may be left out. Older files are still read: the browser's format 1
//! (`{"save": {…}, "file": [name, text]}`) and the bare save (`{"zeren_save": 1, …}`), both
//! under the default settings.

use serde::{Deserialize, Serialize};

use super::{Run, RunError, Source, check_label, resolve, too_large};
use crate::engine::Event;
use crate::limits::MAX_SAVE_BYTES;
use crate::settings::Settings;

/// The run file format written now.
pub const FORMAT: u64 = 2;

/// A scenario file carried with a run: its name and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioFile {
    /// The file's name.
    pub name: String,
    /// Its text.
    pub text: String,
}

#[derive(Serialize)]
struct RunFile {
    zeren_run: u64,
    scenario: String,
    seed: u64,
    #[serde(default)]
    settings: Settings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<ScenarioFile>,
}

/// The bare save of format 1.
#[derive(Deserialize)]
struct Save {
    zeren_save: u64,
    scenario: String,
    seed: u64,
    events: Vec<Event>,
}

/// A run file of any of the formats, as read: which one it is shows in the fields present.
#[derive(Deserialize)]
pub struct Record {
    zeren_class: Option<serde::de::IgnoredAny>,
    zeren_run: Option<u64>,
    zeren_save: Option<u64>,
    save: Option<Save>,
    scenario: Option<String>,
    seed: Option<u64>,
    #[serde(default)]
    settings: Settings,
    label: Option<String>,
    events: Option<Vec<Event>>,
    file: Option<FileField>,
}

/// The scenario file a run file carries: `{"name", "text"}`, or `[name, text]` in format 1.
/// (serde-wasm-bindgen, unlike serde_json, reads a struct from an object only.)
struct FileField(ScenarioFile);

impl<'de> Deserialize<'de> for FileField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = ScenarioFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scenario file: {\"name\", \"text\"} or [name, text]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ScenarioFile, A::Error> {
                let name = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let text = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(1, &self))?;
                Ok(ScenarioFile { name, text })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScenarioFile, A::Error> {
                ScenarioFile::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_any(Either).map(FileField)
    }
}

impl Run {
    /// The run file's text.
    pub fn to_file(&self) -> String {
        let file = match &self.source {
            Source::Builtin(_) => None,
            Source::File(f) => Some(f.clone()),
        };
        let record = RunFile {
            zeren_run: FORMAT,
            scenario: self.scenario().id.clone(),
            seed: self.seed(),
            settings: self.settings.clone(),
            label: self.label.clone(),
            events: self.events().to_vec(),
            file,
        };
        serde_json::to_string(&record).unwrap_or_default()
    }

    /// Reads a run file and replays it. The scenario is the one the file carries, else the
    /// built-in of that id, else `given` when its id matches.
    pub fn from_file(text: &str, given: Option<&super::ScenarioFile>) -> Result<Run, RunError> {
        Run::from_file_with(text, given, |t| serde_json::from_str(t).map_err(|e| e.to_string()))
    }

    /// [`Run::from_file`] with the JSON reader given: the browser's modules use the browser's.
    pub fn from_file_with(
        text: &str,
        given: Option<&super::ScenarioFile>,
        json: impl FnOnce(&str) -> Result<Record, String>,
    ) -> Result<Run, RunError> {
        if text.len() > MAX_SAVE_BYTES {
            return Err(RunError::TooLarge(too_large(text.len())));
        }
        let record = check(json(text).map_err(RunError::Corrupt)?)?;
        let (scenario, source) = resolve(&record.scenario, record.file, given)?;
        let fresh = Run::new(scenario, source, record.seed, record.settings).labelled(record.label)?;
        Run::replay(fresh, &record.events)
    }
}

/// Which format a record is in, and whether it has what that format needs.
fn check(r: Record) -> Result<RunFile, RunError> {
    let missing = |field: &str| RunError::Corrupt(format!("missing field `{field}`"));
    let record = if let Some(format) = r.zeren_run {
        RunFile {
            zeren_run: format,
            scenario: r.scenario.ok_or_else(|| missing("scenario"))?,
            seed: r.seed.ok_or_else(|| missing("seed"))?,
            settings: r.settings,
            label: r.label,
            events: r.events.ok_or_else(|| missing("events"))?,
            file: r.file.map(|f| f.0),
        }
    } else if let Some(save) = r.save {
        from_save(save, r.file.map(|f| f.0))?
    } else if let Some(version) = r.zeren_save {
        let save = Save {
            zeren_save: version,
            scenario: r.scenario.ok_or_else(|| missing("scenario"))?,
            seed: r.seed.ok_or_else(|| missing("seed"))?,
            events: r.events.ok_or_else(|| missing("events"))?,
        };
        from_save(save, None)?
    } else if r.zeren_class.is_some() {
        return Err(RunError::ClassFile);
    } else {
        return Err(RunError::Corrupt("no `zeren_run` field".into()));
    };
    if record.zeren_run > FORMAT {
        return Err(RunError::Newer(record.zeren_run));
    }
    if let Some(name) = record.settings.params.above_bound() {
        let most = crate::params::MAX_VALUE;
        return Err(RunError::Corrupt(format!("the parameter `{name}` is above {most}")));
    }
    check_label(record.label.clone())?;
    Ok(record)
}

fn from_save(save: Save, file: Option<ScenarioFile>) -> Result<RunFile, RunError> {
    if save.zeren_save != 1 {
        return Err(RunError::Corrupt(format!("unknown save version {}", save.zeren_save)));
    }
    Ok(RunFile {
        zeren_run: 1,
        scenario: save.scenario,
        seed: save.seed,
        settings: Settings::default(),
        label: None,
        events: save.events,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::A1;

    fn played() -> Run {
        let mut settings = Settings::default();
        settings.readings.a1 = A1::Both;
        settings.params.handling_deadline = 90;
        let Some(run) = Run::builtin("defacement", 6, settings) else {
            panic!("no defacement")
        };
        let Ok(mut run) = run.labelled(Some("第一组".into())) else {
            panic!()
        };
        for word in ["escalate", "maintenance"] {
            assert!(run.take(word).is_ok(), "{word}");
        }
        run
    }

    #[test]
    fn a_run_file_round_trips_with_settings_and_label() {
        let run = played();
        let back = Run::from_file(&run.to_file(), None);
        assert_eq!(back.as_ref().ok(), Some(&run));
        assert_eq!(back.map(|b| b.state().clone()).ok(), Some(run.state().clone()));
    }

    #[test]
    fn a_scenario_file_travels_inside_the_run() {
        let text = crate::builtin::SOURCES[0]
            .2
            .replace("id = \"defacement\"", "id = \"mine\"");
        let file = ScenarioFile {
            name: "mine.toml".into(),
            text,
        };
        let Some(scenario) = crate::parse_scenario(&file.text).0 else {
            panic!("the renamed built-in should read")
        };
        let run = Run::new(
            std::sync::Arc::new(scenario),
            Source::File(file.clone()),
            3,
            Settings::default(),
        );
        let back = Run::from_file(&run.to_file(), None);
        assert_eq!(back.ok(), Some(run.clone()));
        // A bare save of a file scenario needs the file given.
        let bare = r#"{"zeren_save":1,"scenario":"mine","seed":3,"events":[]}"#;
        assert_eq!(
            Run::from_file(bare, None),
            Err(RunError::UnknownScenario("mine".into()))
        );
        assert_eq!(Run::from_file(bare, Some(&file)).ok(), Some(run.clone()));
        // The browser's format 1 carried the file as `[name, text]`.
        let pair = serde_json::json!([file.name, file.text]);
        let browser = format!(r#"{{"save":{bare},"file":{pair}}}"#);
        assert_eq!(Run::from_file(&browser, None).ok(), Some(run));
    }

    #[test]
    fn older_formats_still_read() {
        let events = r#"[{"kind":"choose","decision":"verify","option":"escalate"}]"#;
        let save = format!(r#"{{"zeren_save":1,"scenario":"defacement","seed":6,"events":{events}}}"#);
        let browser = format!(r#"{{"save":{save},"file":null}}"#);
        for text in [save, browser] {
            let run = Run::from_file(&text, None);
            assert_eq!(run.map(|r| r.events().len()).ok(), Some(1), "{text}");
        }
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        let cases = [
            ("", "EOF"),
            ("{}", "zeren_run"),
            (
                r#"{"zeren_run":2,"scenario":"defacement","seed":1,"events":[{"kind":"fly"}]}"#,
                "fly",
            ),
        ];
        for (text, why) in cases {
            let Err(RunError::Corrupt(e)) = Run::from_file(text, None) else {
                panic!("{text} should be refused")
            };
            assert!(e.contains(why), "{e}");
            assert!(RunError::Corrupt(e.clone()).text().zh.contains(&e), "{e}");
        }
        // A newer format says so in both languages (Chinese too, not only the reader's words).
        let newer = r#"{"zeren_run":9,"scenario":"defacement","seed":1,"events":[]}"#;
        let said = Run::from_file(newer, None).map(|_| ()).map_err(|e| e.text());
        let Err(said) = said else {
            panic!("a newer format should be refused")
        };
        assert!(said.zh.contains("格式 9") && said.zh.contains("新版"), "{}", said.zh);
        assert!(said.en.contains("format 9 is newer"), "{}", said.en);
        let long = format!(
            r#"{{"zeren_run":2,"scenario":"defacement","seed":1,"label":"{}","events":[]}}"#,
            "组".repeat(41)
        );
        assert!(matches!(Run::from_file(&long, None), Err(RunError::TooLarge(_))));
        let huge = r#"{"zeren_run":2,"scenario":"defacement","seed":1,"settings":{"params":{"handling_deadline":10000000000001}},"events":[]}"#;
        assert!(matches!(Run::from_file(huge, None), Err(RunError::Corrupt(e)) if e.contains("handling_deadline")));
        let class = r#"{"zeren_class":1,"runs":[]}"#;
        assert_eq!(Run::from_file(class, None), Err(RunError::ClassFile));
        let gone = r#"{"zeren_run":2,"scenario":"defacement","seed":1,"events":[{"kind":"choose","decision":"verify","option":"gone"}]}"#;
        assert!(matches!(Run::from_file(gone, None), Err(RunError::Replay(0, _))));
    }
}
