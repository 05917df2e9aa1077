//! Which JSON values a field of each type takes, and how the sandbox stores them: a record's
//! value, a filter's operand and a fixed default go through the same conversion, so a default
//! the form accepts is one a record could hold.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

/// A value as an SQL column holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

/// `v` as a field of type `ty` stores it (`multiple` for a list of enum elements), or `None`
/// when it is not a value of that type. `null` is always `Null`.
pub fn stored(ty: &str, multiple: bool, v: &Value) -> Option<Stored> {
    Some(match (ty, v) {
        (_, Value::Null) => Stored::Null,
        ("Int" | "Long", Value::Number(n)) => Stored::Integer(
            n.as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))?,
        ),
        ("Int" | "Long", Value::String(s)) => Stored::Integer(s.trim().parse().ok()?),
        ("Float", Value::Number(n)) => Stored::Real(n.as_f64()?),
        ("Float", Value::String(s)) => Stored::Real(s.trim().parse().ok()?),
        ("Boolean", Value::Bool(b)) => Stored::Integer(*b as i64),
        ("Boolean", Value::Number(n)) if matches!(n.as_i64(), Some(0 | 1)) => {
            Stored::Integer(n.as_i64().unwrap_or_default())
        }
        ("Boolean", Value::String(s)) if s == "true" || s == "false" => {
            Stored::Integer((s == "true") as i64)
        }
        ("DateTime", Value::String(s)) => Stored::Text(datetime(s)?),
        ("Date", Value::String(s)) => Stored::Text(date(s)?),
        ("Time", Value::String(s)) => Stored::Text(time(s)?),
        ("JSON", v) => Stored::Text(v.to_string()),
        ("EnumRef", Value::Array(_)) if multiple => Stored::Text(v.to_string()),
        ("EnumRef", Value::String(s)) if multiple => {
            Stored::Text(Value::Array(vec![Value::String(s.clone())]).to_string())
        }
        ("String" | "EnumRef", Value::String(s)) => Stored::Text(s.clone()),
        ("String", Value::Number(n)) => Stored::Text(n.to_string()),
        ("String", Value::Bool(b)) => Stored::Text(b.to_string()),
        _ => return None,
    })
}

/// The words for a value a field cannot hold.
pub fn cannot_convert(v: &Value, ty: &str, field: &str) -> String {
    format!("Cannot convert {v} to {ty} for field {field}")
}

fn datetime(s: &str) -> Option<String> {
    let s = s.trim();
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.naive_local().format("%Y-%m-%dT%H:%M:%S").to_string())
        .or_else(|| date(s).map(|d| format!("{d}T00:00:00")))
}

fn date(s: &str) -> Option<String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

fn time(s: &str) -> Option<String> {
    let s = s.trim();
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(s, f).ok())
        .map(|t| t.format("%H:%M:%S").to_string())
}
