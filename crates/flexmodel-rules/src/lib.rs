//! What the FlexModel console refuses of a model, a field, an index or an IDL text, and in
//! which words, in one place: the sandbox refuses with these functions, and the app's forms
//! ask them (the `flexmodel_rules_check` command) before sending anything, so a form says
//! under each input exactly what the console would answer.
//!
//! Two levels. The *shape* of a model, field or index is what every stored one must have
//! (a name, a known type, an index's fields among the entity's columns); the sandbox applies
//! it to whatever it stores, tables synced from a file and imports included. The full rules
//! add what a person's request is checked against: names a person types (letters, digits and
//! `_`, so the model prints as IDL and serves as GraphQL), names already taken, references
//! to the datasource's other models and fields, sizes, and defaults that fit their field.
//!
//! A refusal is either a validation (the console's 400 whose `errors` map names the field:
//! the message is the map's text) or a plain refusal (its 500: the message is the answer's
//! `message`). Either way `field` names the member of the body at fault (`fields[1].type`
//! inside a model).

pub mod cron;
mod field;
mod idl;
mod index;
mod model;
mod value;
mod window;

use std::collections::BTreeMap;

use serde_json::Value;

pub use field::{field, field_shape, Op, FIELD_TYPES, GENERATORS};
pub use idl::{check_idl, parse_idl, IdlCheck, IdlProblem};
pub use index::{index, index_shape};
pub use model::{model, model_shape, model_taken};
pub use value::{cannot_convert, stored, Stored};
pub use window::{check, refusals};

/// Why a body was refused: the member at fault and the console's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: String,
    pub message: String,
    /// A validation (400, `errors: {field: message}`) rather than a plain refusal (500).
    pub validation: bool,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// Every refusal of one body, in the order the console meets them: the console answers the
/// first ([`Refusals::first`]), a form shows them all ([`Refusals::by_field`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refusals(pub Vec<Refusal>);

impl Refusals {
    /// A plain refusal (the console's 500).
    pub(crate) fn refuse(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Refusal {
            field: field.to_owned(),
            message: message.into(),
            validation: false,
        });
    }

    /// A validation (the console's 400 naming the field).
    pub(crate) fn invalid(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Refusal {
            field: field.to_owned(),
            message: message.into(),
            validation: true,
        });
    }

    /// Those of a member's check, each field named under `prefix` (`fields[2].`).
    pub(crate) fn extend_under(&mut self, prefix: &str, inner: Refusals) {
        self.0.extend(inner.0.into_iter().map(|mut r| {
            r.field = format!("{prefix}{}", r.field);
            r
        }));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What the console answers: the first refusal, or nothing when all is well.
    pub fn first(self) -> Result<(), Refusal> {
        match self.0.into_iter().next() {
            Some(r) => Err(r),
            None => Ok(()),
        }
    }

    /// What a form shows: the first refusal of each field.
    pub fn by_field(self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for r in self.0 {
            out.entry(r.field).or_insert(r.message);
        }
        out
    }
}

/// The datasource a body is checked in: its name and its models, in the console's JSON (as
/// `GET …/models` answers them).
#[derive(Debug, Clone, Copy)]
pub struct Datasource<'a> {
    pub name: &'a str,
    pub models: &'a [Value],
}

impl<'a> Datasource<'a> {
    pub fn new(name: &'a str, models: &'a [Value]) -> Self {
        Datasource { name, models }
    }

    /// The model named, of any type.
    pub fn model(&self, name: &str) -> Option<&'a Value> {
        self.models.iter().find(|m| text(m, "name") == name)
    }

    /// The entity named.
    pub fn entity(&self, name: &str) -> Option<&'a Value> {
        self.model(name).filter(|m| kind(m) == "entity")
    }

    /// The enum named.
    pub fn enumeration(&self, name: &str) -> Option<&'a Value> {
        self.model(name).filter(|m| kind(m) == "enum")
    }
}

/// A model's `type` (an entity when it has none, as the console reads a body).
pub(crate) fn kind(model: &Value) -> &str {
    model
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("entity")
}

/// A member's text, empty when absent or not text.
pub(crate) fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A member's list, empty when absent or not a list.
pub(crate) fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// A name a person gives a model or a field: a letter or `_`, then letters, digits or `_`
/// (what the IDL reads as a name, and what GraphQL takes).
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The words for a name that is not one.
pub(crate) const NOT_IDENTIFIER: &str =
    "must start with a letter or _ and hold only letters, digits and _";

/// The words for a blank name.
pub(crate) const BLANK: &str = "must not be blank";

/// A value as the console's messages show it: text as it is, anything else as JSON.
pub(crate) fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
