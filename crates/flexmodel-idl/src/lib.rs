//! FlexModel's model language (IDL): `model Name { field : Type @…, @index(…), }` and
//! `enum Name { A, B, }`, parsed by a pest grammar (`idl.pest`) into the server's model JSON,
//! and printed back in the form the server prints.
//!
//! The grammar takes what the server's own parser takes (`//` and `/* */` comments, commas
//! optional after members and allowed after the last one, bare `true`/`false` or quoted,
//! numbers bare or quoted, `fields: [a, b: (sort: "desc")]`) and, beyond it, escapes in strings
//! (`\"`, `\\`, `\n`, `\uXXXX`) and a trailing comma inside annotation arguments.
//!
//! Where it differs from the server (which ignores what it does not understand), this crate
//! refuses, naming the part: see `convert` for the list. The parsed JSON has no `idl` key;
//! who stores a model adds it with [`print`].

mod args;
mod convert;
mod defaults;
mod print;
mod syntax;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Why a text is not IDL: the line and column (from 1, columns in characters), and what was
/// expected there or what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IDL格式有误: line {line}, column {column}: {message}")]
pub struct Error {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The models and enums that already exist in the datasource, which a text may name as field
/// types without defining them.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Entity names, with their field names when known (to check `foreignField`).
    pub(crate) entities: BTreeMap<String, Option<Vec<String>>>,
    pub(crate) enums: BTreeSet<String>,
}

impl Known {
    /// No models at all: what [`parse`] uses.
    pub fn new() -> Known {
        Known::default()
    }

    /// An existing entity, its fields unknown.
    pub fn entity(mut self, name: impl Into<String>) -> Known {
        self.entities.insert(name.into(), None);
        self
    }

    /// An existing enum.
    pub fn enumeration(mut self, name: impl Into<String>) -> Known {
        self.enums.insert(name.into());
        self
    }

    /// The entities (with their fields) and enums among `models`, in the server's model JSON;
    /// other types (native queries) are skipped.
    pub fn from_models<'a>(models: impl IntoIterator<Item = &'a Value>) -> Known {
        let mut known = Known::new();
        for m in models {
            let Some(name) = m.get("name").and_then(Value::as_str) else {
                continue;
            };
            match m.get("type").and_then(Value::as_str) {
                Some("entity") => {
                    let fields = m.get("fields").and_then(Value::as_array).map(|fields| {
                        fields
                            .iter()
                            .filter_map(|f| f.get("name").and_then(Value::as_str))
                            .map(str::to_string)
                            .collect()
                    });
                    known.entities.insert(name.to_string(), fields);
                }
                Some("enum") => {
                    known.enums.insert(name.to_string());
                }
                _ => {}
            }
        }
        known
    }
}

/// The models (entities and enums) of `text`, in the server's model JSON, in the order written.
/// Field types must name a built-in type or an enum or model of the same text.
pub fn parse(text: &str) -> Result<Vec<Value>, Error> {
    parse_with(text, &Known::new())
}

/// As [`parse`], where field types may also name the models and enums in `known` (those of
/// the datasource the text is for).
pub fn parse_with(text: &str, known: &Known) -> Result<Vec<Value>, Error> {
    let decls = syntax::parse(text)?;
    convert::convert(decls, known)
}

/// `model` (an entity or an enum in the server's JSON) in the IDL the server prints, without a
/// final newline; empty for a model type that has no IDL (a native query).
pub fn print(model: &Value) -> String {
    print::print(model)
}

/// `models` printed one after another, separated by a blank line (native queries left out).
pub fn print_all<'a>(models: impl IntoIterator<Item = &'a Value>) -> String {
    models
        .into_iter()
        .map(print)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
