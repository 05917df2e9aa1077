//! Field rules the console applies to write bodies: names, tags, descriptions, enums, ranges,
//! GUIDs, and process arguments checked against a package version's declarations.

use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::store::{guid, text};

/// A required name: 1 to 100 characters, no control characters.
pub(crate) fn name(field: &str, v: Option<&Value>) -> Result<String, ApiError> {
    let s = v.and_then(Value::as_str).map(str::trim).unwrap_or_default();
    if s.is_empty() {
        return Err(ApiError::invalid(field, format!("{field} is required")));
    }
    if s.chars().count() > 100 {
        return Err(ApiError::invalid(
            field,
            format!("{field} is longer than 100 characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            format!("{field} contains control characters"),
        ));
    }
    Ok(s.to_owned())
}

/// Tags: a list of 1–50 character strings without commas or control characters.
pub(crate) fn tags(v: &Value) -> Result<Vec<String>, ApiError> {
    let list = v
        .as_array()
        .ok_or_else(|| ApiError::invalid("Tags", "Tags must be a list of strings"))?;
    list.iter()
        .map(|t| {
            let t = t
                .as_str()
                .ok_or_else(|| ApiError::invalid("Tags", "Tags must be a list of strings"))?;
            if t.trim().is_empty() || t.chars().count() > 50 {
                return Err(ApiError::invalid(
                    "Tags",
                    format!("tag \"{t}\" must be 1 to 50 characters"),
                ));
            }
            if t.contains(',') || t.chars().any(char::is_control) {
                return Err(ApiError::invalid(
                    "Tags",
                    format!(
                        "tag \"{}\" contains a comma or a control character",
                        t.escape_debug()
                    ),
                ));
            }
            Ok(t.to_owned())
        })
        .collect()
}

/// The common fields of a PATCH body, each checked, among `fields` ("Name", "Description",
/// "Tags"); absent and null fields are left out, so they do not change.
pub(crate) fn changes(
    body: &Map<String, Value>,
    fields: &[&str],
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    let given = |f: &str| fields.contains(&f) && body.get(f).is_some_and(|v| !v.is_null());
    if given("Name") {
        out.insert("Name".into(), json!(name("Name", body.get("Name"))?));
    }
    if given("Description") {
        out.insert(
            "Description".into(),
            json!(description(body.get("Description"))?),
        );
    }
    if given("Tags") {
        out.insert("Tags".into(), json!(tags(&body["Tags"])?));
    }
    Ok(out)
}

/// Optional text of at most 500 characters.
pub(crate) fn description(v: Option<&Value>) -> Result<Option<String>, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= 500 => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(
            "Description",
            "Description must be text of at most 500 characters",
        )),
    }
}

pub(crate) const VIDEO_MODES: &[&str] = &[
    "NeverRecord",
    "ReportOnlyWhenSucceeded",
    "ReportOnlyWhenFailed",
    "AlwaysRecord",
    "AlwaysReport",
];
pub(crate) const TRIGGER_POLICIES: &[&str] = &["SkipWhenNoResource", "AnyTime"];
const DIRECTIONS: &[&str] = &["In", "Out", "InOut"];

/// An optional enum field: absent, null, or one of `allowed`.
pub(crate) fn one_of(
    body: &Map<String, Value>,
    field: &str,
    allowed: &[&str],
) -> Result<Option<Value>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(json!(s))),
        Some(v) => Err(ApiError::invalid(
            field,
            format!("{field} must be one of {}, got {v}", allowed.join(", ")),
        )),
    }
}

/// An optional integer field within `min..=max`.
pub(crate) fn int_in(
    body: &Map<String, Value>,
    field: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>, ApiError> {
    let n = match body.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(ApiError::invalid(
            field,
            format!(
                "{field} must be a whole number from {min} to {max}, got {}",
                body[field]
            ),
        )),
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Checks a value against an argument's declared type.
fn check_type(arg: &str, ty: &str, value: &str) -> Result<(), ApiError> {
    let ok = match ty {
        "Int32" => value.trim().parse::<i32>().is_ok(),
        "Int64" => value.trim().parse::<i64>().is_ok(),
        "Double" | "Decimal" => value.trim().parse::<f64>().is_ok(),
        "Boolean" => matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "false"),
        "DateTime" => chrono::DateTime::parse_from_rfc3339(value.trim()).is_ok(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "Arguments",
            format!("argument {arg} is {ty}, and \"{value}\" is not a valid {ty}"),
        ))
    }
}

/// The declared arguments with the given values laid over them (by name). An unknown name, a
/// bad direction or a value of the wrong type is refused.
pub(crate) fn merge_arguments(
    declared: &[Value],
    given: Option<&Value>,
) -> Result<Vec<Value>, ApiError> {
    let given = match given {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(_) => return Err(ApiError::invalid("Arguments", "Arguments must be a list")),
    };
    let mut out: Vec<Value> = declared.to_vec();
    for g in given {
        let arg_name = text(&g, "Name");
        let slot = out
            .iter_mut()
            .find(|d| text(d, "Name") == arg_name)
            .ok_or_else(|| {
                ApiError::invalid(
                    "Arguments",
                    format!("the package version has no argument named \"{arg_name}\""),
                )
            })?;
        if let Some(d) = g.get("Direction").filter(|d| !d.is_null()) {
            if !d.as_str().is_some_and(|d| DIRECTIONS.contains(&d)) {
                return Err(ApiError::invalid(
                    "Arguments",
                    format!("argument {arg_name} has an unknown Direction {d}"),
                ));
            }
        }
        let value = g.get("DefaultValue").and_then(value_text);
        if let Some(v) = &value {
            if slot.get("AssetContent").is_none_or(Value::is_null) {
                check_type(arg_name, text(slot, "Type"), v)?;
            }
        }
        slot["DefaultValue"] = json!(value);
    }
    Ok(out)
}

pub(crate) fn body_guid(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => guid(field, s).map(Some),
        Some(v) => Err(ApiError::invalid(
            field,
            format!("{field} must be a GUID, got {v}"),
        )),
    }
}
