//! The JSON Schema of scenario files, for editors. Built from the reader's own key lists, so a
//! key the reader takes is a key the schema offers (a test checks both ways).

use serde_json::{Map, Value, json};

use super::read::keys;

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn whole(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

fn list_of_strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn table(keys: &[&str], required: &[&str], describe: impl Fn(&str) -> Value) -> Value {
    let properties: Map<String, Value> = keys.iter().map(|k| ((*k).to_owned(), describe(k))).collect();
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
}

/// Text keys: `X` is Chinese, `X_en` its English translation.
fn text(key: &str) -> Value {
    match key.strip_suffix("_en") {
        Some(base) => string(&format!("English translation of `{base}`")),
        None => string(&format!("{key} (Chinese)")),
    }
}

/// The notes and discussion questions of a decision point or an inject (format 2).
fn facilitation(key: &str) -> Option<Value> {
    Some(match key {
        "notes" => string("facilitator notes (Chinese; format 2)"),
        "notes_en" => text(key),
        "questions" => json!({ "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 4,
            "description": "2–4 discussion questions (Chinese; format 2)" }),
        "questions_en" => list_of_strings("the questions in English, one for each Chinese question"),
        _ => return None,
    })
}

fn lesson() -> Value {
    json!({ "type": "array", "items": table(keys::LESSON, &["text"], |k| match k {
        "when_fired" => list_of_strings("shown only when every one of these items fired, e.g. art8.2.3"),
        "when_not_fired" => list_of_strings("shown only when none of these items fired"),
        "when_clean" => json!({ "type": "boolean", "description": "shown only when no item fired" }),
        _ => text(k),
    }) })
}

fn teaching(key: &str) -> Option<Value> {
    Some(match key {
        "objective" => json!({ "type": "array", "description": "learning objectives (format 2)",
            "items": table(keys::OBJECTIVE, &["id", "text", "clauses"], |k| match k {
                "clauses" => list_of_strings("provision ids it teaches, e.g. art5, art8.2.3"),
                "id" => string(k),
                _ => text(k),
            }) }),
        "guide" => {
            let phase = table(keys::PHASE, &["minutes", "title"], |k| match k {
                "minutes" => whole("real minutes"),
                _ => text(k),
            });
            let mut guide = table(keys::GUIDE, &["text"], |k| match k {
                "phase" => json!({ "type": "array", "items": phase.clone() }),
                _ => text(k),
            });
            guide["description"] = json!("the facilitator guide (format 2)");
            guide
        }
        "role_card" => json!({ "type": "array", "description": "posts a group's members play (format 2)",
            "items": table(keys::ROLE_CARD, &["id", "post", "briefing"], |k| match k {
                "id" => string(k),
                "person" => string("the person id of this post, if any"),
                _ => text(k),
            }) }),
        _ => return None,
    })
}

fn effects(key: &str) -> Option<Value> {
    Some(match key {
        "set" | "set_after" => json!({
            "type": "object",
            "description": "facts (incident.KEY, conduct.KEY) or variables (vars.NAME) to set; \"now\" is the current minute, \"random.ID\" a drawn number",
            "additionalProperties": { "type": ["integer", "boolean", "string", "array"] }
        }),
        "add" => {
            json!({ "type": "object", "description": "numbers to add to counts or number variables", "additionalProperties": { "type": "number" } })
        }
        "chance" => {
            json!({ "type": "object", "description": "new probabilities of chance events", "additionalProperties": { "type": "number", "minimum": 0, "maximum": 1 } })
        }
        "act" => table(keys::ACT, &["person", "caused"], |k| match k {
            "caused" => list_of_strings(
                "facts it caused: report, handling, leak, conceal, refuse_investigation, unfixed_risk, obstruct, refuse_support, other",
            ),
            _ => string(k),
        }),
        "meeting" => table(keys::MEETING, &["caused", "attended"], |k| match k {
            "subject" => string("what was decided"),
            "subject_en" => string("what was decided, in English"),
            _ => list_of_strings(k),
        }),
        "breach" => table(keys::BREACH, &["clause"], string),
        "outcome" | "outcome_en" => text(key),
        "inject" => list_of_strings("injects sent now"),
        "advance" => whole("minutes the clock moves on"),
        "next" => string("the next decision point"),
        "end" => string("an ending"),
        "when" => string("a condition, e.g. `incident.reposts >= 10000 and not vars.site_down`"),
        _ => return None,
    })
}

fn option_like(keys: &[&str], branch: Option<Value>) -> Value {
    table(keys, &[], move |k| match k {
        "id" => string("option id"),
        "label" | "label_en" => text(k),
        "branch" => branch.clone().unwrap_or(Value::Null),
        _ => effects(k).unwrap_or(Value::Null),
    })
}

/// The JSON Schema of the scenario format.
pub fn schema() -> Value {
    let case = crate::case::schema();
    let branch_keys: Vec<&str> = keys::EFFECT.iter().chain(&["when"]).copied().collect();
    let option_keys: Vec<&str> = keys::EFFECT.iter().chain(keys::OPTION_EXTRA).copied().collect();
    let branch = json!({ "type": "array", "items": option_like(&branch_keys, None) });
    let option = option_like(&option_keys, Some(branch));
    let mut top = table(
        keys::TOP,
        &["format", "id", "title", "summary", "role", "decision", "ending"],
        |k| match k {
            "format" => json!({ "enum": [1, 2], "description": "format version; 2 adds the teaching content" }),
            "id" => string("stable id, e.g. defacement"),
            "duration_minutes" => whole("expected real duration"),
            "clock_start" => {
                json!({ "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "description": "time of day at minute 0" })
            }
            "start" => string("the first decision point"),
            "vars" => json!({ "type": "object", "additionalProperties": { "type": ["boolean", "integer"] } }),
            "random" => json!({ "type": "array", "items": table(keys::RANDOM, &["id"], |k| match k {
            "p" => json!({ "type": "number", "minimum": 0, "maximum": 1 }),
            "min" | "max" => whole(k),
            "label" | "label_en" => text(k),
            _ => string(k),
        }) }),
            "rate" => json!({ "type": "array", "items": table(keys::RATE, &["fact", "per_hour"], |k| match k {
            "per_hour" => json!({ "type": ["number", "string"], "description": "a number, or random.ID" }),
            _ => effects(k).unwrap_or_else(|| string(k)),
        }) }),
            "inject" => json!({ "type": "array", "items": table(keys::INJECT, &["id", "from", "text"], |k| match k {
            "at" => whole("arrives at this minute"),
            "when" => effects(k).unwrap_or(Value::Null),
            "id" => string(k),
            _ => facilitation(k).unwrap_or_else(|| text(k)),
        }) }),
            "decision" => {
                json!({ "type": "array", "items": table(keys::DECISION, &["id", "by", "prompt", "option"], |k| match k {
            "time_limit" => whole("scenario minutes allowed"),
            "option" => json!({ "type": "array", "minItems": 2, "items": option.clone() }),
            "by" => string("a person id, or \"team\""),
            "prompt" | "prompt_en" => text(k),
            _ => facilitation(k).unwrap_or_else(|| string(k)),
        }) })
            }
            "ending" => {
                json!({ "type": "array", "items": table(keys::ENDING, &["id", "title", "debrief"], |k| match k {
            "id" => string(k),
            "right" | "wrong" => lesson(),
            _ => text(k),
        }) })
            }
            "test" => json!({ "type": "array", "items": table(keys::TEST, &["name", "choose"], |k| match k {
            "seed" => whole(k),
            "choose" | "fires" | "accountable" => list_of_strings(k),
            _ => string(k),
        }) }),
            k if k.ends_with("_en") || ["title", "summary", "audience", "role"].contains(&k) => text(k),
            k if teaching(k).is_some() => teaching(k).unwrap_or(Value::Null),
            k => case["properties"].get(k).cloned().unwrap_or(Value::Null),
        },
    );
    top["title"] = json!("Zeren scenario file");
    top["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    top["$defs"] = case["$defs"].clone();
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_nulls(v: &Value, path: &str) {
        match v {
            Value::Null => panic!("{path} has no schema"),
            // The case format's own definitions carry `default: null`; they are checked elsewhere.
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| *k != "$defs" && *k != "default")
                .for_each(|(k, v)| no_nulls(v, &format!("{path}.{k}"))),
            Value::Array(a) => a.iter().for_each(|v| no_nulls(v, path)),
            _ => {}
        }
    }

    #[test]
    fn every_key_the_reader_takes_has_a_schema() {
        let s = schema();
        no_nulls(&s, "scenario");
        let top: Vec<&String> = s["properties"]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(top.len(), keys::TOP.len());
    }
}
