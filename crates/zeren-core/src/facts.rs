//! The facts of a case addressed by path, such as `incident.reposts` or `conduct.concealed`:
//! what scenario effects write and scenario conditions read.

use serde_json::Value;

use crate::case::Case;

/// The type of a fact, for checking what a scenario writes into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactType {
    /// A whole number ≥ 0.
    Count,
    /// A whole number of minutes that may be absent (not yet happened); `"now"` sets the clock.
    Moment,
    /// True or false.
    Bool,
    /// One word from a list (e.g. the attack kind).
    Word,
    /// A list of words (e.g. supervisory failures).
    Words,
    /// Free text (the instructor's reason for (七)).
    Text,
}

/// Every fact a scenario can read or write, with its type.
pub const FACTS: &[(&str, FactType)] = &[
    ("incident.attack", FactType::Word),
    ("incident.tampered", FactType::Bool),
    ("incident.harmful_content", FactType::Bool),
    ("incident.reposts", FactType::Count),
    ("incident.views", FactType::Count),
    ("incident.homepage_minutes", FactType::Count),
    ("incident.outage_minutes", FactType::Count),
    ("incident.chosen_outage_minutes", FactType::Count),
    ("incident.report_minutes", FactType::Moment),
    ("incident.handling_minutes", FactType::Moment),
    ("incident.state_secret", FactType::Bool),
    ("incident.personal_records", FactType::Count),
    ("incident.sensitive_records", FactType::Count),
    ("incident.basic_data_records", FactType::Count),
    ("incident.people_affected", FactType::Count),
    ("incident.prefecture_share_percent", FactType::Count),
    ("incident.direct_loss_yuan", FactType::Count),
    ("incident.serious_social_impact", FactType::Bool),
    ("conduct.concealed", FactType::Bool),
    ("conduct.refused_investigation", FactType::Bool),
    ("conduct.notified_risk_unfixed", FactType::Bool),
    ("conduct.serious_consequences", FactType::Bool),
    ("conduct.obstructed_security_organs", FactType::Bool),
    ("conduct.refused_security_support", FactType::Bool),
    ("conduct.regulator_failures", FactType::Words),
    ("conduct.coordinator_failures", FactType::Words),
    ("conduct.instructor_fired", FactType::Text),
];

/// The type of the fact at `path`, if there is one.
pub fn fact_type(path: &str) -> Option<FactType> {
    FACTS.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// The value of a fact as JSON (`null` for a moment that has not happened).
pub fn get(case: &Case, path: &str) -> Option<Value> {
    let c = &case.conduct;
    match fact_type(path)? {
        FactType::Count => read_slot(case, path)?.map(|n| Value::from(n as u64)),
        FactType::Moment => Some(read_slot(case, path)?.map_or(Value::Null, |m| Value::from(m as u64))),
        FactType::Bool => read_slot(case, path)?.map(|b| Value::Bool(b != 0.0)),
        _ => match path {
            "incident.attack" => serde_json::to_value(case.incident.attack).ok(),
            "conduct.regulator_failures" => serde_json::to_value(&c.regulator_failures).ok(),
            "conduct.coordinator_failures" => serde_json::to_value(&c.coordinator_failures).ok(),
            "conduct.instructor_fired" => Some(Value::from(c.instructor_fired.clone())),
            _ => None,
        },
    }
}

/// The fact as a number: counts and moments as themselves, booleans as 1 or 0, an absent
/// moment as `None`. Counts, moments and booleans are read directly: this is the engine's hot path.
pub fn number(case: &Case, path: &str) -> Option<f64> {
    match read_slot(case, path) {
        Some(v) => v,
        None => as_number(&get(case, path)?),
    }
}

/// Adds to a count fact directly, clamping at zero; false when `path` is not a count.
pub fn add(case: &mut Case, path: &str, amount: f64) -> bool {
    let Some(n) = count_mut(case, path) else {
        return false;
    };
    // Counts are whole numbers; the sum is rounded and clamped at zero.
    *n = (*n as f64 + amount).max(0.0).round() as u64;
    true
}

fn read_slot(case: &Case, path: &str) -> Option<Option<f64>> {
    let i = &case.incident;
    let c = &case.conduct;
    let b = |v: bool| Some(Some(f64::from(u8::from(v))));
    let n = |v: u64| Some(Some(v as f64));
    match path {
        "incident.tampered" => b(i.tampered),
        "incident.harmful_content" => b(i.harmful_content),
        "incident.reposts" => n(i.reposts),
        "incident.views" => n(i.views),
        "incident.homepage_minutes" => n(i.homepage_minutes),
        "incident.outage_minutes" => n(i.outage_minutes),
        "incident.chosen_outage_minutes" => n(i.chosen_outage_minutes),
        "incident.report_minutes" => Some(i.report_minutes.map(|m| m as f64)),
        "incident.handling_minutes" => Some(i.handling_minutes.map(|m| m as f64)),
        "incident.state_secret" => b(i.state_secret),
        "incident.personal_records" => n(i.personal_records),
        "incident.sensitive_records" => n(i.sensitive_records),
        "incident.basic_data_records" => n(i.basic_data_records),
        "incident.people_affected" => n(i.people_affected),
        "incident.prefecture_share_percent" => n(i.prefecture_share_percent),
        "incident.direct_loss_yuan" => n(i.direct_loss_yuan),
        "incident.serious_social_impact" => b(i.serious_social_impact),
        "conduct.concealed" => b(c.concealed),
        "conduct.refused_investigation" => b(c.refused_investigation),
        "conduct.notified_risk_unfixed" => b(c.notified_risk_unfixed),
        "conduct.serious_consequences" => b(c.serious_consequences),
        "conduct.obstructed_security_organs" => b(c.obstructed_security_organs),
        "conduct.refused_security_support" => b(c.refused_security_support),
        _ => None,
    }
}

fn count_mut<'c>(case: &'c mut Case, path: &str) -> Option<&'c mut u64> {
    let i = &mut case.incident;
    Some(match path {
        "incident.reposts" => &mut i.reposts,
        "incident.views" => &mut i.views,
        "incident.homepage_minutes" => &mut i.homepage_minutes,
        "incident.outage_minutes" => &mut i.outage_minutes,
        "incident.chosen_outage_minutes" => &mut i.chosen_outage_minutes,
        "incident.personal_records" => &mut i.personal_records,
        "incident.sensitive_records" => &mut i.sensitive_records,
        "incident.basic_data_records" => &mut i.basic_data_records,
        "incident.people_affected" => &mut i.people_affected,
        "incident.prefecture_share_percent" => &mut i.prefecture_share_percent,
        "incident.direct_loss_yuan" => &mut i.direct_loss_yuan,
        _ => return None,
    })
}

/// Writes a count, a moment or a boolean directly; false when `path` is none of these or the
/// value does not fit (the JSON path then says why).
fn set_slot(case: &mut Case, path: &str, value: &Value) -> bool {
    if let Some(n) = count_mut(case, path) {
        return value.as_u64().map(|v| *n = v).is_some();
    }
    let i = &mut case.incident;
    let c = &mut case.conduct;
    let moment = match path {
        "incident.report_minutes" => Some(&mut i.report_minutes),
        "incident.handling_minutes" => Some(&mut i.handling_minutes),
        _ => None,
    };
    if let Some(m) = moment {
        return match value {
            Value::Null => {
                *m = None;
                true
            }
            v => v.as_u64().map(|v| *m = Some(v)).is_some(),
        };
    }
    let flag = match path {
        "incident.tampered" => &mut i.tampered,
        "incident.harmful_content" => &mut i.harmful_content,
        "incident.state_secret" => &mut i.state_secret,
        "incident.serious_social_impact" => &mut i.serious_social_impact,
        "conduct.concealed" => &mut c.concealed,
        "conduct.refused_investigation" => &mut c.refused_investigation,
        "conduct.notified_risk_unfixed" => &mut c.notified_risk_unfixed,
        "conduct.serious_consequences" => &mut c.serious_consequences,
        "conduct.obstructed_security_organs" => &mut c.obstructed_security_organs,
        "conduct.refused_security_support" => &mut c.refused_security_support,
        _ => return false,
    };
    value.as_bool().map(|v| *flag = v).is_some()
}

/// A JSON value as a number, the way conditions compare it.
pub fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        Value::Array(a) => Some(a.len() as f64),
        Value::String(s) => Some(f64::from(u8::from(!s.is_empty()))),
        _ => None,
    }
}

/// Sets a fact; an error says why the value does not fit. Counts, moments and booleans are
/// written directly (the engine's hot path); other facts through their JSON form.
pub fn set(case: &mut Case, path: &str, value: Value) -> Result<(), String> {
    if set_slot(case, path, &value) {
        return Ok(());
    }
    let fit = |e: serde_json::Error| format!("`{path}` cannot be {value}: {e}");
    let c = &mut case.conduct;
    // The words and the text, each read on its own (the hot-path facts are done above).
    match path {
        "incident.attack" => case.incident.attack = serde_json::from_value(value.clone()).map_err(fit)?,
        "conduct.regulator_failures" => c.regulator_failures = serde_json::from_value(value.clone()).map_err(fit)?,
        "conduct.coordinator_failures" => {
            c.coordinator_failures = serde_json::from_value(value.clone()).map_err(fit)?
        }
        "conduct.instructor_fired" => c.instructor_fired = serde_json::from_value(value.clone()).map_err(fit)?,
        _ => {
            let expected = match fact_type(path) {
                Some(FactType::Count) => "a whole number ≥ 0",
                Some(FactType::Moment) => "a whole number of minutes, or null",
                Some(FactType::Bool) => "true or false",
                _ => return Err(format!("`{path}` is not a fact")),
            };
            return Err(format!("`{path}` cannot be {value}: expected {expected}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_can_be_read_and_written() {
        let mut case = Case::default();
        for (path, ty) in FACTS {
            assert!(get(&case, path).is_some(), "{path}");
            let value = match ty {
                FactType::Count | FactType::Moment => serde_json::json!(7),
                FactType::Bool => serde_json::json!(true),
                FactType::Word => serde_json::json!("ddos"),
                FactType::Words => serde_json::json!(["no_inspection"]),
                FactType::Text => serde_json::json!("理由"),
            };
            assert_eq!(set(&mut case, path, value.clone()), Ok(()), "{path}");
            assert_eq!(get(&case, path), Some(value), "{path}");
        }
    }

    #[test]
    fn the_direct_path_and_the_json_path_agree() {
        let values = [
            serde_json::json!(0),
            serde_json::json!(42),
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!(-3),
            serde_json::json!(1.5),
            serde_json::json!("x"),
        ];
        for (path, _) in FACTS {
            for v in &values {
                let mut direct = Case::default();
                let direct_result = set(&mut direct, path, v.clone()).is_ok();
                let mut json = Case::default();
                let (table, field) = path.split_once('.').unwrap_or_default();
                let json_result = if table == "incident" {
                    let mut j = serde_json::to_value(&json.incident).unwrap_or_default();
                    j[field] = v.clone();
                    serde_json::from_value(j).map(|x| json.incident = x).is_ok()
                } else {
                    let mut j = serde_json::to_value(&json.conduct).unwrap_or_default();
                    j[field] = v.clone();
                    serde_json::from_value(j).map(|x| json.conduct = x).is_ok()
                };
                assert_eq!(direct_result, json_result, "{path} = {v}");
                assert_eq!(direct, json, "{path} = {v}");
                let whole = match table {
                    "incident" => serde_json::to_value(&json.incident),
                    _ => serde_json::to_value(&json.conduct),
                };
                let field_value = whole.ok().and_then(|w| w.get(field).cloned());
                assert_eq!(get(&direct, path), field_value, "{path} = {v}");
            }
        }
    }

    #[test]
    fn wrong_values_are_refused() {
        let mut case = Case::default();
        let said = set(&mut case, "incident.reposts", serde_json::json!(-1));
        assert_eq!(
            said,
            Err("`incident.reposts` cannot be -1: expected a whole number ≥ 0".into())
        );
        assert!(set(&mut case, "incident.attack", serde_json::json!("ddoss")).is_err());
        assert!(set(&mut case, "incident.nothing", serde_json::json!(1)).is_err());
        assert_eq!(number(&case, "incident.report_minutes"), None);
        assert_eq!(number(&case, "incident.harmful_content"), Some(1.0));
    }
}
