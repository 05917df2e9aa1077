//! Field rules the console applies to write bodies: names, tags, descriptions, enums, ranges,
//! GUIDs (each from `encoo-rules`, which the client checks with too), and process arguments
//! checked against a package version's declarations.

use std::ops::RangeInclusive;

use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::store::{guid, text};

pub(crate) use encoo_rules::{
    DIRECTIONS, MAX_RETRY_COUNT, PRIORITY, TRIGGER_POLICIES, VIDEO_RECORD_MODES as VIDEO_MODES,
};

/// The rules themselves live in `encoo-rules`, shared with the client: the same limits and
/// the same words on both sides.
impl From<encoo_rules::Refusal> for ApiError {
    fn from(r: encoo_rules::Refusal) -> Self {
        ApiError::invalid(&r.field, r.message)
    }
}

/// A required name: 1 to 100 characters, no control characters.
pub(crate) fn name(field: &str, v: Option<&Value>) -> Result<String, ApiError> {
    Ok(encoo_rules::name(
        field,
        v.and_then(Value::as_str).unwrap_or_default(),
    )?)
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
            encoo_rules::tag(t)?;
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
        Some(Value::String(s)) => {
            encoo_rules::description(s)?;
            Ok(Some(s.clone()))
        }
        Some(_) => Err(ApiError::invalid(
            "Description",
            format!(
                "Description must be text of at most {} characters",
                encoo_rules::DESCRIPTION_MAX
            ),
        )),
    }
}

/// An optional enum field: absent, null, or one of `allowed`.
pub(crate) fn one_of(
    body: &Map<String, Value>,
    field: &str,
    allowed: &[&str],
) -> Result<Option<Value>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            encoo_rules::one_of(field, s, allowed)?;
            Ok(Some(json!(s)))
        }
        Some(v) => Err(ApiError::invalid(
            field,
            format!("{field} must be one of {}, got {v}", allowed.join(", ")),
        )),
    }
}

/// An optional integer field within `range`.
pub(crate) fn int_in(
    body: &Map<String, Value>,
    field: &str,
    range: RangeInclusive<i64>,
) -> Result<Option<i64>, ApiError> {
    let n = match body.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) => Ok(Some(encoo_rules::int_in(field, n, range)?)),
        None => Err(encoo_rules::out_of_range(field, &body[field].to_string(), range).into()),
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
