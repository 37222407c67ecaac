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
    let (table, field) = path.split_once('.')?;
    fact_type(path)?;
    let value = match table {
        "incident" => serde_json::to_value(&case.incident).ok()?,
        _ => serde_json::to_value(&case.conduct).ok()?,
    };
    value.get(field).cloned()
}

/// The fact as a number: counts and moments as themselves, booleans as 1 or 0, an absent
/// moment as `None`.
pub fn number(case: &Case, path: &str) -> Option<f64> {
    as_number(&get(case, path)?)
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

/// Sets a fact; an error says why the value does not fit.
pub fn set(case: &mut Case, path: &str, value: Value) -> Result<(), String> {
    let Some((table, field)) = path.split_once('.').filter(|_| fact_type(path).is_some()) else {
        return Err(format!("`{path}` is not a fact"));
    };
    let fit = |e: serde_json::Error| format!("`{path}` cannot be {value}: {e}");
    if table == "incident" {
        let mut json = serde_json::to_value(&case.incident).map_err(|e| e.to_string())?;
        json[field] = value.clone();
        case.incident = serde_json::from_value(json).map_err(fit)?;
    } else {
        let mut json = serde_json::to_value(&case.conduct).map_err(|e| e.to_string())?;
        json[field] = value.clone();
        case.conduct = serde_json::from_value(json).map_err(fit)?;
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
    fn wrong_values_are_refused() {
        let mut case = Case::default();
        assert!(set(&mut case, "incident.reposts", serde_json::json!(-1)).is_err());
        assert!(set(&mut case, "incident.attack", serde_json::json!("ddoss")).is_err());
        assert!(set(&mut case, "incident.nothing", serde_json::json!(1)).is_err());
        assert_eq!(number(&case, "incident.report_minutes"), None);
        assert_eq!(number(&case, "incident.harmful_content"), Some(1.0));
    }
}
