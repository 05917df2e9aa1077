//! A field's `@default(…)`: a generator call (`uuid()`, `ulid()`, `autoIncrement()`, `now()`)
//! or a fixed value, read as the field's type (as the server's converter does: Int and Float
//! become numbers, Boolean a boolean, dates are checked and kept as text).
//!
//! Differs from the server: a Long default is a number here (the server keeps its text), and a
//! generator that cannot fill the field's type (`now()` on an Int) is an error, not stored.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{json, Value};

use crate::syntax::AValue;

/// The generators the server knows, with the field types each can fill.
pub(crate) const GENERATORS: [(&str, &[&str]); 4] = [
    ("uuid", &["String"]),
    ("ulid", &["String"]),
    ("autoIncrement", &["Int", "Long"]),
    ("now", &["DateTime", "Date", "Time"]),
];

/// `defaultValue` for a field of JSON type `ty`, or why `value` cannot be one.
pub(crate) fn default_value(ty: &str, value: &AValue) -> Result<Value, String> {
    let text = match value {
        AValue::Call(name) => return generated(ty, name),
        AValue::Str(s) | AValue::Num(s) | AValue::Ident(s) => s.clone(),
        AValue::Bool(b) => b.to_string(),
        AValue::Array(_) => return Err("expected a value or a generator such as now()".into()),
    };
    fixed(ty, &text).map(|v| json!({"type": "fixed", "value": v}))
}

fn generated(ty: &str, name: &str) -> Result<Value, String> {
    let Some((_, types)) = GENERATORS.iter().find(|(g, _)| *g == name) else {
        return Err(format!(
            "unknown generator {name}(); expected uuid(), ulid(), autoIncrement() or now()"
        ));
    };
    if !types.contains(&ty) {
        return Err(format!("{name}() cannot fill a {ty} field"));
    }
    Ok(json!({"type": "generated", "name": name}))
}

/// `text` as a fixed value of type `ty`.
pub(crate) fn fixed(ty: &str, text: &str) -> Result<Value, String> {
    let bad = || format!("`{text}` is not a {ty} value");
    Ok(match ty {
        "Int" => json!(text.trim().parse::<i32>().map_err(|_| bad())?),
        "Long" => json!(text.trim().parse::<i64>().map_err(|_| bad())?),
        "Float" => {
            let f = text.trim().parse::<f64>().map_err(|_| bad())?;
            if !f.is_finite() {
                return Err(bad());
            }
            json!(f)
        }
        "Boolean" => match text.trim().to_ascii_lowercase().as_str() {
            "true" => json!(true),
            "false" => json!(false),
            _ => return Err(bad()),
        },
        "Date" => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
            json!(text)
        }
        "DateTime" => {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                .map_err(|_| bad())?;
            json!(text)
        }
        "Time" => {
            NaiveTime::parse_from_str(text, "%H:%M:%S%.f")
                .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
                .map_err(|_| bad())?;
            json!(text)
        }
        "Relation" => return Err("a relation field takes no default".into()),
        _ => json!(text),
    })
}
