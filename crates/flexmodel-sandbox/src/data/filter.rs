//! The server's filter language (record lists, GraphQL `where`) compiled to an SQLite `WHERE`
//! clause. Values are only ever bound as parameters (`?N`), never written into the SQL;
//! identifiers only come from the model's known fields, quoted.
//!
//! A filter is a JSON object whose entries are ANDed; `_and`/`_or` take arrays of such objects
//! (an empty `_and` matches everything, an empty `_or` nothing). A field maps to a bare value
//! (`_eq`) or to an object of operators, ANDed: `_eq _ne _gt _gte _lt _lte _in _nin _between
//! _contains _not_contains _starts_with _ends_with`. `_eq`/`_ne` with `null` are `IS NULL` /
//! `IS NOT NULL`; otherwise comparisons follow SQL (a NULL column matches no comparison). An
//! empty `_in` matches nothing, an empty `_nin` everything; `_between` takes exactly two values;
//! `_contains` and its kin are `LIKE` with `%`, `_` and `\` escaped (so, as in SQLite, ASCII
//! letters match regardless of case). A relation field maps to a filter on the related model:
//! `{"studentClass":{"className":{"_contains":"A"}}}` is an `EXISTS` subquery. Any other `_x`
//! is the server's 500 "Unsupported operator: _x"; an unknown field a 500 naming it.

use rusqlite::types::Value as Sql;
use serde_json::Value;

use super::schema::{quote, Entity, Field, Schema};
use crate::error::{ApiError, ApiResult};

/// How deep `_and`/`_or` and relation paths may nest.
const MAX_DEPTH: usize = 32;

/// The condition of no filter at all.
pub(crate) const MATCH_ALL: &str = "1 = 1";

/// A compiled filter: the `WHERE` condition and its parameters (`?1`, `?2`…).
#[derive(Debug, Default)]
pub(crate) struct Where {
    pub sql: String,
    pub params: Vec<Sql>,
}

/// Compiles `filter` (a JSON object or null) on `entity`, whose table is aliased `alias`.
/// Parameters are numbered from `?1`.
pub(crate) fn compile(
    schema: &Schema,
    entity: &Entity,
    filter: Option<&Value>,
    alias: &str,
) -> ApiResult<Where> {
    let mut c = Compiler {
        schema,
        params: Vec::new(),
        aliases: 0,
    };
    let sql = match filter {
        None | Some(Value::Null) => MATCH_ALL.to_owned(),
        Some(f) => c.object(entity, f, alias, 0)?,
    };
    Ok(Where {
        sql,
        params: c.params,
    })
}

struct Compiler<'a> {
    schema: &'a Schema,
    params: Vec<Sql>,
    aliases: usize,
}

fn err(message: String) -> ApiError {
    ApiError::internal(message)
}

impl Compiler<'_> {
    fn bind(&mut self, v: Sql) -> String {
        self.params.push(v);
        format!("?{}", self.params.len())
    }

    fn object(
        &mut self,
        entity: &Entity,
        f: &Value,
        alias: &str,
        depth: usize,
    ) -> ApiResult<String> {
        if depth > MAX_DEPTH {
            return Err(err(format!(
                "The filter nests deeper than {MAX_DEPTH} levels"
            )));
        }
        let obj = f
            .as_object()
            .ok_or_else(|| err(format!("A filter is a JSON object, not {f}")))?;
        let mut parts = Vec::new();
        for (key, v) in obj {
            let part = match key.as_str() {
                "_and" | "_or" => {
                    let items = v
                        .as_array()
                        .ok_or_else(|| err(format!("{key} takes an array of filters, not {v}")))?;
                    let subs = items
                        .iter()
                        .map(|i| self.object(entity, i, alias, depth + 1))
                        .collect::<ApiResult<Vec<_>>>()?;
                    match (key.as_str(), subs.is_empty()) {
                        ("_and", true) => "1 = 1".to_owned(),
                        ("_or", true) => "0 = 1".to_owned(),
                        ("_and", false) => format!("({})", subs.join(" AND ")),
                        _ => format!("({})", subs.join(" OR ")),
                    }
                }
                k if k.starts_with('_') => return Err(err(format!("Unsupported operator: {k}"))),
                k => {
                    let field = entity.known(k)?;
                    self.field(entity, field, v, alias, depth)?
                }
            };
            parts.push(part);
        }
        Ok(if parts.is_empty() {
            "1 = 1".to_owned()
        } else {
            parts.join(" AND ")
        })
    }

    fn field(
        &mut self,
        entity: &Entity,
        field: &Field,
        v: &Value,
        alias: &str,
        depth: usize,
    ) -> ApiResult<String> {
        if field.is_relation() {
            let (target, local, foreign) = self.schema.relation(entity, field)?;
            if !v.is_object() {
                return Err(err(format!(
                    "Relation field '{}' takes a filter on {}, not {v}",
                    field.name, target.name
                )));
            }
            self.aliases += 1;
            let inner_alias = format!("r{}", self.aliases);
            let inner = self.object(target, v, &inner_alias, depth + 1)?;
            return Ok(format!(
                "EXISTS (SELECT 1 FROM {} AS {inner_alias} WHERE {inner_alias}.{} = {alias}.{} AND {inner})",
                quote(&target.name),
                quote(&foreign.name),
                quote(&local.name),
            ));
        }
        let col = format!("{alias}.{}", quote(&field.name));
        let Some(ops) = v.as_object() else {
            return self.op(field, &col, "_eq", v);
        };
        let mut parts = Vec::new();
        for (op, arg) in ops {
            if !op.starts_with('_') {
                return Err(err(format!(
                    "Field '{}' of model {} is not a relation: cannot filter on '{}.{op}'",
                    field.name, entity.name, field.name
                )));
            }
            parts.push(self.op(field, &col, op, arg)?);
        }
        Ok(if parts.is_empty() {
            "1 = 1".to_owned()
        } else {
            parts.join(" AND ")
        })
    }

    fn op(&mut self, field: &Field, col: &str, op: &str, arg: &Value) -> ApiResult<String> {
        let cmp = |c: &mut Self, sym: &str| -> ApiResult<String> {
            let p = c.bind(field.to_sql(arg)?);
            Ok(format!("{col} {sym} {p}"))
        };
        match op {
            "_eq" if arg.is_null() => Ok(format!("{col} IS NULL")),
            "_ne" if arg.is_null() => Ok(format!("{col} IS NOT NULL")),
            "_eq" => cmp(self, "="),
            "_ne" => cmp(self, "<>"),
            "_gt" => cmp(self, ">"),
            "_gte" => cmp(self, ">="),
            "_lt" => cmp(self, "<"),
            "_lte" => cmp(self, "<="),
            "_in" | "_nin" => {
                let items = arg
                    .as_array()
                    .ok_or_else(|| err(format!("{op} takes a list, not {arg}")))?;
                if items.is_empty() {
                    return Ok(if op == "_in" { "0 = 1" } else { "1 = 1" }.to_owned());
                }
                let mut ps = Vec::new();
                for i in items {
                    let v = field.to_sql(i)?;
                    ps.push(self.bind(v));
                }
                let not = if op == "_nin" { "NOT " } else { "" };
                Ok(format!("{col} {not}IN ({})", ps.join(", ")))
            }
            "_between" => match arg.as_array().map(Vec::as_slice) {
                Some([low, high]) => {
                    let low = self.bind(field.to_sql(low)?);
                    let high = self.bind(field.to_sql(high)?);
                    Ok(format!("{col} BETWEEN {low} AND {high}"))
                }
                _ => Err(err(format!("_between takes exactly two values, not {arg}"))),
            },
            "_contains" | "_not_contains" | "_starts_with" | "_ends_with" => {
                let text = match arg {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(err(format!("{op} takes a text, not {arg}"))),
                };
                let e = escape_like(&text);
                let (pattern, not) = match op {
                    "_contains" => (format!("%{e}%"), ""),
                    "_not_contains" => (format!("%{e}%"), "NOT "),
                    "_starts_with" => (format!("{e}%"), ""),
                    _ => (format!("%{e}"), ""),
                };
                let p = self.bind(Sql::Text(pattern));
                Ok(format!("{col} {not}LIKE {p} ESCAPE '\\'"))
            }
            other => Err(err(format!("Unsupported operator: {other}"))),
        }
    }
}

/// `text` with LIKE's wildcards and the escape character escaped by `\`.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The server's sort `[{"field","order":"ASC"|"DESC"}]` as (field, descending).
pub(crate) fn parse_sort(v: &Value) -> ApiResult<Vec<(String, bool)>> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => {
            return Err(err(format!(
                "A sort is an array of {{field, order}}, not {other}"
            )))
        }
    };
    items
        .iter()
        .map(|i| {
            let field = i
                .get("field")
                .and_then(Value::as_str)
                .ok_or_else(|| err(format!("A sort entry needs a field: {i}")))?;
            let desc = match i.get("order").and_then(Value::as_str) {
                None => false,
                Some(o) if o.eq_ignore_ascii_case("asc") => false,
                Some(o) if o.eq_ignore_ascii_case("desc") => true,
                Some(o) => return Err(err(format!("Sort order is ASC or DESC, not {o}"))),
            };
            Ok((field.to_owned(), desc))
        })
        .collect()
}

/// `ORDER BY` for `sort` on `entity` (fields checked), ending with the rowid so that pages
/// are stable.
pub(crate) fn order_by(entity: &Entity, sort: &[(String, bool)], alias: &str) -> ApiResult<String> {
    let mut parts = Vec::new();
    for (name, desc) in sort {
        let field = entity.known(name)?;
        if field.is_relation() {
            return Err(err(format!("Cannot sort on relation field '{name}'")));
        }
        let dir = if *desc { "DESC" } else { "ASC" };
        parts.push(format!("{alias}.{} {dir}", quote(name)));
    }
    parts.push(format!("{alias}.rowid ASC"));
    Ok(format!("ORDER BY {}", parts.join(", ")))
}
