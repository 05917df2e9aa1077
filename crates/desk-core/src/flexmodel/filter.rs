//! The records screen's filter builder and its raw JSON box, kept in step by one
//! implementation: rows of (field, operator, value) joined by AND or OR become the server's
//! filter JSON through flexmodel-api's [`Filter`] builder ([`build`]), and JSON text becomes
//! rows again ([`parse`]) when the builder can show it. JSON the builder cannot show (a group
//! inside a group, an object as a value) is kept as written, with the reason; JSON the server
//! would refuse (not JSON, an unknown `_x`, `_between` without two values…) is an error in the
//! server's own words, so that nothing is sent.

use flexmodel_api::{FieldFilter, Filter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{DeskError, Result};

/// How deep `_and`/`_or` and relation paths may nest (the server's limit).
const MAX_DEPTH: usize = 32;

/// How the builder's rows are joined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// Every row (`_and`).
    #[default]
    And,
    /// Any row (`_or`).
    Or,
}

/// An operator, in the server's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "_eq")]
    Eq,
    #[serde(rename = "_ne")]
    Ne,
    #[serde(rename = "_gt")]
    Gt,
    #[serde(rename = "_gte")]
    Gte,
    #[serde(rename = "_lt")]
    Lt,
    #[serde(rename = "_lte")]
    Lte,
    #[serde(rename = "_contains")]
    Contains,
    #[serde(rename = "_not_contains")]
    NotContains,
    #[serde(rename = "_starts_with")]
    StartsWith,
    #[serde(rename = "_ends_with")]
    EndsWith,
    #[serde(rename = "_in")]
    In,
    #[serde(rename = "_nin")]
    Nin,
    #[serde(rename = "_between")]
    Between,
}

impl Op {
    fn parse(key: &str) -> Option<Op> {
        Some(match key {
            "_eq" => Op::Eq,
            "_ne" => Op::Ne,
            "_gt" => Op::Gt,
            "_gte" => Op::Gte,
            "_lt" => Op::Lt,
            "_lte" => Op::Lte,
            "_contains" => Op::Contains,
            "_not_contains" => Op::NotContains,
            "_starts_with" => Op::StartsWith,
            "_ends_with" => Op::EndsWith,
            "_in" => Op::In,
            "_nin" => Op::Nin,
            "_between" => Op::Between,
            _ => return None,
        })
    }

    fn is_text(self) -> bool {
        matches!(
            self,
            Op::Contains | Op::NotContains | Op::StartsWith | Op::EndsWith
        )
    }
}

/// One row of the builder: a field (a dotted path through relations), an operator, a value
/// (a list for `_in`/`_nin`, two values for `_between`; `null` with `_eq`/`_ne` means empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    #[serde(default)]
    pub value: Value,
}

/// Why the builder cannot show a filter (it stays as its JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unshown {
    /// A group inside a group, or an OR beside other conditions.
    Group,
    /// A value the builder's inputs cannot hold (an object, a list where one value goes).
    Value,
}

/// The builder's rows, joined by `combine`; `unshown` when the JSON is beyond the builder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterRows {
    pub combine: Combine,
    pub conditions: Vec<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unshown: Option<Unshown>,
}

/// The filter JSON of `rows`, as the server reads it; empty text for no rows (no filter).
pub fn build(rows: &FilterRows) -> Result<String> {
    let mut filters = Vec::with_capacity(rows.conditions.len());
    for (i, c) in rows.conditions.iter().enumerate() {
        filters.push(condition(i, c)?);
    }
    Ok(match (filters.len(), rows.combine) {
        (0, _) => String::new(),
        (1, _) => filters.remove(0).to_json(),
        (_, Combine::And) => Filter::all(filters).to_json(),
        (_, Combine::Or) => Filter::any(filters).to_json(),
    })
}

fn condition(i: usize, c: &Condition) -> Result<Filter> {
    let invalid = |what: &str, message: String| {
        DeskError::invalid(&format!("conditions.{i}.{what}"), message)
    };
    let path: Vec<&str> = c.field.split('.').map(str::trim).collect();
    if path.iter().any(|step| step.is_empty()) {
        return Err(invalid("field", "choose a field".into()));
    }
    let field: FieldFilter = Filter::path(path);
    let value = c.value.clone();
    let one = |v: Value| -> Result<Value> {
        match v {
            Value::Array(_) | Value::Object(_) => Err(invalid(
                "value",
                format!("{} takes one value, not {v}", key(c.op)),
            )),
            Value::Null if c.op != Op::Eq && c.op != Op::Ne => {
                Err(invalid("value", format!("{} takes a value", key(c.op))))
            }
            v => Ok(v),
        }
    };
    let scalars = |v: Value| -> Result<Vec<Value>> {
        match v {
            Value::Array(items) if items.iter().all(is_scalar) => Ok(items),
            v => Err(invalid(
                "value",
                format!("{} takes a list of values, not {v}", key(c.op)),
            )),
        }
    };
    Ok(match c.op {
        Op::Eq => field.eq(one(value)?),
        Op::Ne => field.ne(one(value)?),
        Op::Gt => field.gt(one(value)?),
        Op::Gte => field.gte(one(value)?),
        Op::Lt => field.lt(one(value)?),
        Op::Lte => field.lte(one(value)?),
        Op::Contains => field.contains(text(one(value)?)),
        Op::NotContains => field.not_contains(text(one(value)?)),
        Op::StartsWith => field.starts_with(text(one(value)?)),
        Op::EndsWith => field.ends_with(text(one(value)?)),
        Op::In => field.is_in(scalars(value)?),
        Op::Nin => field.not_in(scalars(value)?),
        Op::Between => match scalars(value)?.as_slice() {
            [low, high] => field.between(low.clone(), high.clone()),
            other => {
                return Err(invalid(
                    "value",
                    format!("_between takes exactly two values, not {}", other.len()),
                ))
            }
        },
    })
}

fn key(op: Op) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// The builder's rows for filter JSON `text` (blank: no rows). An error, in the server's
/// words, for what the server would refuse; `unshown` for what the builder cannot show.
pub fn parse(text: &str) -> Result<FilterRows> {
    if text.trim().is_empty() {
        return Ok(FilterRows::default());
    }
    let filter = Filter::raw(text)?;
    let map = filter.as_json();
    check_object(map, 0)?;
    Ok(rows_of(map).unwrap_or_else(|reason| FilterRows {
        unshown: Some(reason),
        ..FilterRows::default()
    }))
}

fn refused(message: String) -> DeskError {
    DeskError::invalid("filter", message)
}

/// What the server refuses wherever it is in the filter, in its words.
fn check_object(map: &Map<String, Value>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(refused(format!(
            "The filter nests deeper than {MAX_DEPTH} levels"
        )));
    }
    for (k, v) in map {
        match k.as_str() {
            "_and" | "_or" => check_group(k, v, depth)?,
            k if k.starts_with('_') => return Err(refused(format!("Unsupported operator: {k}"))),
            _ => check_field(v, depth)?,
        }
    }
    Ok(())
}

fn check_group(key: &str, v: &Value, depth: usize) -> Result<()> {
    let items = v
        .as_array()
        .ok_or_else(|| refused(format!("{key} takes an array of filters, not {v}")))?;
    for item in items {
        let map = item
            .as_object()
            .ok_or_else(|| refused(format!("A filter is a JSON object, not {item}")))?;
        check_object(map, depth + 1)?;
    }
    Ok(())
}

/// A field's value: a bare value, an object of operators, or (through a relation) a filter
/// on the related model, whose `_and`/`_or` are groups again.
fn check_field(v: &Value, depth: usize) -> Result<()> {
    let Some(map) = v.as_object() else {
        return Ok(());
    };
    if depth > MAX_DEPTH {
        return Err(refused(format!(
            "The filter nests deeper than {MAX_DEPTH} levels"
        )));
    }
    for (k, arg) in map {
        match k.as_str() {
            "_and" | "_or" => check_group(k, arg, depth + 1)?,
            k if k.starts_with('_') => match Op::parse(k) {
                Some(op) => check_op(op, k, arg)?,
                None => return Err(refused(format!("Unsupported operator: {k}"))),
            },
            _ => check_field(arg, depth + 1)?,
        }
    }
    Ok(())
}

fn check_op(op: Op, k: &str, arg: &Value) -> Result<()> {
    match op {
        Op::In | Op::Nin if !arg.is_array() => Err(refused(format!("{k} takes a list, not {arg}"))),
        Op::Between if arg.as_array().is_none_or(|a| a.len() != 2) => Err(refused(format!(
            "_between takes exactly two values, not {arg}"
        ))),
        _ if op.is_text() && !is_scalar(arg) => {
            Err(refused(format!("{k} takes a text, not {arg}")))
        }
        _ => Ok(()),
    }
}

/// The rows of a checked filter, or why the builder cannot show it.
fn rows_of(map: &Map<String, Value>) -> std::result::Result<FilterRows, Unshown> {
    if let (1, Some(Value::Array(items))) = (map.len(), map.get("_or")) {
        if items.len() > 1 {
            let mut conditions = Vec::new();
            for item in items {
                let mut one = all_of(item.as_object().ok_or(Unshown::Group)?)?;
                if one.len() != 1 {
                    return Err(Unshown::Group);
                }
                conditions.append(&mut one);
            }
            return Ok(FilterRows {
                combine: Combine::Or,
                conditions,
                unshown: None,
            });
        }
    }
    Ok(FilterRows {
        combine: Combine::And,
        conditions: all_of(map)?,
        unshown: None,
    })
}

/// The conditions an object ANDs (groups of AND, and an OR of one, flattened into it).
fn all_of(map: &Map<String, Value>) -> std::result::Result<Vec<Condition>, Unshown> {
    let mut out = Vec::new();
    for (k, v) in map {
        match (k.as_str(), v) {
            ("_and", Value::Array(items)) => {
                for item in items {
                    out.append(&mut all_of(item.as_object().ok_or(Unshown::Group)?)?);
                }
            }
            // An OR of one is that one.
            ("_or", Value::Array(items)) if items.len() == 1 => {
                out.append(&mut all_of(items[0].as_object().ok_or(Unshown::Group)?)?);
            }
            ("_and" | "_or", _) => return Err(Unshown::Group),
            (name, v) => out.append(&mut of_field(name, v)?),
        }
    }
    Ok(out)
}

/// The conditions on field `path`: a bare value (`_eq`), operators, or relation steps.
fn of_field(path: &str, v: &Value) -> std::result::Result<Vec<Condition>, Unshown> {
    let Some(map) = v.as_object() else {
        return Ok(vec![Condition {
            field: path.to_owned(),
            op: Op::Eq,
            value: shown_value(Op::Eq, v)?,
        }]);
    };
    let mut out = Vec::new();
    for (k, arg) in map {
        match Op::parse(k) {
            Some(op) => out.push(Condition {
                field: path.to_owned(),
                op,
                value: shown_value(op, arg)?,
            }),
            None if k.starts_with('_') => return Err(Unshown::Group),
            None => out.append(&mut of_field(&format!("{path}.{k}"), arg)?),
        }
    }
    Ok(out)
}

/// `v` when the builder's inputs can hold it for `op`.
fn shown_value(op: Op, v: &Value) -> std::result::Result<Value, Unshown> {
    let ok = match op {
        Op::In | Op::Nin => v.as_array().is_some_and(|a| a.iter().all(is_scalar)),
        Op::Between => v
            .as_array()
            .is_some_and(|a| a.len() == 2 && a.iter().all(is_scalar)),
        Op::Eq | Op::Ne => is_scalar(v) || v.is_null(),
        _ => is_scalar(v),
    };
    if ok {
        Ok(v.clone())
    } else {
        Err(Unshown::Value)
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
