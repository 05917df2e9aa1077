//! Record filters in the server's JSON language (`flexmodel-server.md`, "Records"): a small
//! typed builder, or raw JSON text as the official console's filter box takes it; and the sort
//! `[{field, order}]`.
//!
//! ```
//! use flexmodel_api::Filter;
//! let f = Filter::field("age").gt(10).and(Filter::field("name").contains("A"));
//! assert_eq!(f.to_json(), r#"{"_and":[{"age":{"_gt":10}},{"name":{"_contains":"A"}}]}"#);
//! ```

use console_core::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Result;

/// A filter: a JSON object whose entries the server ANDs.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Map<String, Value>);

/// A field (or a relation path to one) waiting for its operator.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldFilter {
    path: Vec<String>,
}

impl Filter {
    /// The field `name`; a dotted name is a relation path (`"studentClass.className"`).
    pub fn field(name: &str) -> FieldFilter {
        FieldFilter {
            path: name.split('.').map(str::to_owned).collect(),
        }
    }

    /// A relation path given step by step (for field names holding a dot).
    pub fn path<I, S>(steps: I) -> FieldFilter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        FieldFilter {
            path: steps.into_iter().map(Into::into).collect(),
        }
    }

    /// Raw JSON text, as typed in the console's filter box: it must be a JSON object.
    pub fn raw(text: &str) -> Result<Filter> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(Filter(map)),
            Ok(_) => Err(Error::invalid("filter", "the filter must be a JSON object")),
            Err(e) => Err(Error::invalid(
                "filter",
                format!("the filter is not valid JSON: {e}"),
            )),
        }
    }

    /// Every one of `filters` (`_and`).
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Filter {
        Self::group("_and", filters)
    }

    /// Any one of `filters` (`_or`).
    pub fn any(filters: impl IntoIterator<Item = Filter>) -> Filter {
        Self::group("_or", filters)
    }

    fn group(key: &str, filters: impl IntoIterator<Item = Filter>) -> Filter {
        let list = filters.into_iter().map(|f| Value::Object(f.0)).collect();
        let mut map = Map::new();
        map.insert(key.to_owned(), Value::Array(list));
        Filter(map)
    }

    /// This and `other`; chained `and`s gather into one `_and` list.
    pub fn and(self, other: Filter) -> Filter {
        self.join("_and", other)
    }

    /// This or `other`; chained `or`s gather into one `_or` list.
    pub fn or(self, other: Filter) -> Filter {
        self.join("_or", other)
    }

    fn join(mut self, key: &str, other: Filter) -> Filter {
        if self.0.len() == 1 {
            if let Some(Value::Array(list)) = self.0.get_mut(key) {
                list.push(Value::Object(other.0));
                return self;
            }
        }
        Self::group(key, [self, other])
    }

    pub fn as_json(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The JSON text sent as the `filter` query parameter.
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }
}

impl FieldFilter {
    fn op(self, op: &str, value: Value) -> Filter {
        let mut inner = Map::new();
        inner.insert(op.to_owned(), value);
        let mut value = Value::Object(inner);
        for step in self.path.into_iter().rev() {
            let mut outer = Map::new();
            outer.insert(step, value);
            value = Value::Object(outer);
        }
        match value {
            Value::Object(map) => Filter(map),
            _ => unreachable!("a path always wraps an object"),
        }
    }

    pub fn eq(self, v: impl Into<Value>) -> Filter {
        self.op("_eq", v.into())
    }
    pub fn ne(self, v: impl Into<Value>) -> Filter {
        self.op("_ne", v.into())
    }
    pub fn gt(self, v: impl Into<Value>) -> Filter {
        self.op("_gt", v.into())
    }
    pub fn gte(self, v: impl Into<Value>) -> Filter {
        self.op("_gte", v.into())
    }
    pub fn lt(self, v: impl Into<Value>) -> Filter {
        self.op("_lt", v.into())
    }
    pub fn lte(self, v: impl Into<Value>) -> Filter {
        self.op("_lte", v.into())
    }
    /// One of `values` (an empty list matches nothing).
    pub fn is_in<V: Into<Value>>(self, values: impl IntoIterator<Item = V>) -> Filter {
        self.op("_in", values.into_iter().map(Into::into).collect())
    }
    /// None of `values`.
    pub fn not_in<V: Into<Value>>(self, values: impl IntoIterator<Item = V>) -> Filter {
        self.op("_nin", values.into_iter().map(Into::into).collect())
    }
    /// From `low` to `high`, both included.
    pub fn between(self, low: impl Into<Value>, high: impl Into<Value>) -> Filter {
        self.op("_between", Value::Array(vec![low.into(), high.into()]))
    }
    /// A substring match.
    pub fn contains(self, text: impl Into<String>) -> Filter {
        self.op("_contains", Value::String(text.into()))
    }
    pub fn not_contains(self, text: impl Into<String>) -> Filter {
        self.op("_not_contains", Value::String(text.into()))
    }
    pub fn starts_with(self, text: impl Into<String>) -> Filter {
        self.op("_starts_with", Value::String(text.into()))
    }
    pub fn ends_with(self, text: impl Into<String>) -> Filter {
        self.op("_ends_with", Value::String(text.into()))
    }
}

/// Sort direction, in the server's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Order {
    Asc,
    Desc,
}

/// One sort key: `{"field","order"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub field: String,
    pub order: Order,
}

impl Sort {
    pub fn asc(field: impl Into<String>) -> Sort {
        Sort {
            field: field.into(),
            order: Order::Asc,
        }
    }
    pub fn desc(field: impl Into<String>) -> Sort {
        Sort {
            field: field.into(),
            order: Order::Desc,
        }
    }
}

/// The JSON text sent as the `sort` query parameter.
pub fn sort_json(sort: &[Sort]) -> String {
    serde_json::to_string(sort).unwrap_or_else(|_| "[]".into())
}
