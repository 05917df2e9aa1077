//! `POST …/datasources/{ds}/native-query {"statement","parameters"}` → `{"time":ms,"result"}`:
//! one SQL statement run for real on the datasource's SQLite database. Each `${name}` becomes
//! a bound parameter (`?N`, the same number for the same name), never text pasted into the SQL,
//! so a value cannot change the statement. A statement whose columns are rows (SELECT, WITH …
//! SELECT, VALUES, … RETURNING) answers them as objects keyed by column name; a change
//! (INSERT, UPDATE, DELETE) answers its affected-row count; anything else is the server's 500
//! "Unsupported SQL statement: …".
//!
//! What a statement is, is what SQLite says while preparing it: an authorizer lets through
//! reading, functions, recursive CTEs and row changes, and nothing else (DDL, PRAGMA, ATTACH,
//! transactions, savepoints, ANALYZE, …); several statements, an EXPLAIN, or a statement with
//! no columns that changes no rows (VACUUM) are refused too.
//!
//! Where the sandbox differs from the server, and why: the server decides by the statement's
//! first word (`SELECT` → rows; `INSERT`/`UPDATE`/`DELETE`/`CREATE`/`ALTER` → a count), so it
//! runs CREATE and ALTER and refuses `WITH … SELECT`; the sandbox runs neither DDL (models
//! make tables, and a table made behind them would not be a model) and answers a WITH query.
//! A `${x}` with no value in `parameters` is a 400 naming it (the server's driver fails with
//! its own message); a `${x}` written inside a quoted SQL string is a 400 too (SQLite would
//! read `?1` there as text). Native changes publish no record events: the server's do not
//! either. Values are answered as SQLite holds them (a Boolean field 0/1, a JSON field its
//! text), as the server's SQLite driver reads them; a BLOB in base64, as its JSON mapper
//! writes bytes.
//!
//! A native-query model (`{type:"native_query",statement}`) is not called by this route (it
//! takes a statement, not a name, in the server's API too); [`run_model`] runs one by name for
//! the other modules (the engine's `findByNativeQuery`, which GraphQL uses).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{params_from_iter, Connection};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::store;
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route("/datasources/{ds}/native-query", post(native_query_route))
}

#[derive(Deserialize)]
struct NativeQueryBody {
    #[serde(default)]
    statement: Option<String>,
    #[serde(default)]
    parameters: Option<Map<String, Value>>,
}

async fn native_query_route(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(body): JsonBody<NativeQueryBody>,
) -> ApiResult<Json<Value>> {
    let statement = body.statement.unwrap_or_default();
    let parameters = body.parameters.unwrap_or_default();
    let started = Instant::now();
    let result = native_query(&sb, &project, &ds, &statement, &parameters)?;
    Ok(Json(
        json!({"time": started.elapsed().as_millis() as u64, "result": result}),
    ))
}

/// Runs `statement` on a datasource's database with its `${name}` parameters bound from
/// `parameters`: the rows (an array of objects) of a query, or the count of rows a change
/// touched.
pub(crate) fn native_query(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    statement: &str,
    parameters: &Map<String, Value>,
) -> ApiResult<Value> {
    let (sql, names) = bind_placeholders(statement)?;
    let values = names
        .iter()
        .map(|name| match parameters.get(name) {
            Some(v) => Ok(to_sql(v)),
            None => Err(ApiError::bad_request(format!(
                "the statement names the parameter ${{{name}}} but \"parameters\" gives it no value"
            ))),
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let unsupported = || ApiError::internal(format!("Unsupported SQL statement: {statement}"));
    if sql.trim().is_empty() {
        return Err(unsupported());
    }
    let db = store::db(sb, project, ds)?;
    let mut conn = db.lock().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let log = seen.clone();
    conn.authorizer(Some(move |ctx: AuthContext<'_>| {
        let mut seen = log.lock().unwrap();
        match ctx.action {
            AuthAction::Insert { .. } | AuthAction::Update { .. } | AuthAction::Delete { .. } => {
                seen.change = true;
                Authorization::Allow
            }
            AuthAction::Select
            | AuthAction::Read { .. }
            | AuthAction::Function { .. }
            | AuthAction::Recursive => Authorization::Allow,
            _ => {
                seen.refused = true;
                Authorization::Deny
            }
        }
    }))?;
    let result = run(&conn, &sql, &values, &seen);
    conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
    let refused = seen.lock().unwrap().refused;
    match result {
        Err(Prepared::Unsupported) => Err(unsupported()),
        Err(Prepared::Sqlite(_)) if refused => Err(unsupported()),
        Err(Prepared::Sqlite(e)) => Err(e.into()),
        Ok(v) => Ok(v),
    }
}

/// What SQLite's authorizer saw while a statement was prepared.
#[derive(Default)]
struct Seen {
    /// An action a native statement may not take (DDL, PRAGMA, a transaction, …).
    refused: bool,
    /// A row change (INSERT, UPDATE, DELETE).
    change: bool,
}

/// Runs the native-query model `name` of a datasource with these parameters: its rows (a
/// native-query model is a query; a change through one is refused as the engine casts its
/// answer to rows).
#[allow(dead_code)] // The Rust API for GraphQL and the API runtime.
pub(crate) fn run_model(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    name: &str,
    parameters: &Map<String, Value>,
) -> ApiResult<Value> {
    let model = super::model(sb, project, ds, name)?;
    if model["type"] != "native_query" {
        return Err(ApiError::internal(format!(
            "Model {name} is not a native query"
        )));
    }
    let statement = model["statement"].as_str().unwrap_or_default();
    let result = native_query(sb, project, ds, statement, parameters)?;
    if !result.is_array() {
        return Err(ApiError::internal(format!(
            "Native query {name} changes rows: it answers no records"
        )));
    }
    Ok(result)
}

enum Prepared {
    Unsupported,
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Prepared {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::MultipleStatement | rusqlite::Error::Empty => Prepared::Unsupported,
            e => Prepared::Sqlite(e),
        }
    }
}

/// Prepares and runs one statement (the authorizer already set, telling `seen`).
fn run(
    conn: &Connection,
    sql: &str,
    values: &[Sql],
    seen: &Mutex<Seen>,
) -> Result<Value, Prepared> {
    let mut stmt = conn.prepare(sql)?;
    if stmt.is_explain() != 0 {
        return Err(Prepared::Unsupported);
    }
    let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    if columns.is_empty() {
        // Neither rows nor a row change (VACUUM has no authorizer action of its own).
        if stmt.readonly() || !seen.lock().unwrap().change {
            return Err(Prepared::Unsupported);
        }
        return Ok(json!(stmt.execute(params_from_iter(values.iter()))?));
    }
    let mut rows = stmt.query(params_from_iter(values.iter()))?;
    let mut list = Vec::new();
    while let Some(row) = rows.next()? {
        let mut obj = Map::new();
        for (i, name) in columns.iter().enumerate() {
            obj.insert(name.clone(), to_json(row.get_ref(i)?));
        }
        list.push(Value::Object(obj));
    }
    Ok(Value::Array(list))
}

/// `statement` with each `${name}` outside quotes turned into `?N` (one number per distinct
/// name), and the names in number order. A `${name}` inside a quoted string or identifier is
/// refused; inside a comment it stays as written.
pub(crate) fn bind_placeholders(statement: &str) -> ApiResult<(String, Vec<String>)> {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(statement.len());
    let chars: Vec<char> = statement.chars().collect();
    let mut i = 0;
    // The closing text of the quote or comment we are in, if any.
    let mut inside: Option<&str> = None;
    while i < chars.len() {
        let c = chars[i];
        let rest = &chars[i..];
        let starts = |s: &str| rest.starts_with(&s.chars().collect::<Vec<_>>());
        if let Some(end) = inside {
            if rest.starts_with(&['$', '{']) && !end.starts_with('*') && end != "\n" {
                let name: String = rest[2..].iter().take_while(|c| **c != '}').collect();
                return Err(ApiError::bad_request(format!(
                    "${{{name}}} is inside a quoted SQL string or name, where it cannot be a \
                     bound value: write it outside the quotes (e.g. '%' || ${{{name}}} || '%')"
                )));
            }
            if starts(end) {
                out.push_str(end);
                i += end.chars().count();
                inside = None;
            } else {
                out.push(c);
                i += 1;
            }
            continue;
        }
        let open = match c {
            '\'' => Some("'"),
            '"' => Some("\""),
            '`' => Some("`"),
            '[' => Some("]"),
            '-' if starts("--") => Some("\n"),
            '/' if starts("/*") => Some("*/"),
            _ => None,
        };
        if let Some(end) = open {
            let opener = if end == "\n" || end == "*/" { 2 } else { 1 };
            out.extend(&chars[i..i + opener]);
            i += opener;
            inside = Some(end);
            continue;
        }
        if starts("${") {
            if let Some(len) = rest[2..].iter().position(|c| *c == '}') {
                let name: String = rest[2..2 + len].iter().collect::<String>().trim().into();
                if name.is_empty() {
                    return Err(ApiError::bad_request(
                        "the statement has a parameter with no name: ${}",
                    ));
                }
                let n = match names.iter().position(|n| *n == name) {
                    Some(p) => p + 1,
                    None => {
                        names.push(name);
                        names.len()
                    }
                };
                out.push_str(&format!("?{n}"));
                i += 3 + len;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Ok((out, names))
}

/// A parameter's JSON value as SQLite binds it (an array or object as its JSON text).
fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// A column value as JSON.
fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(base64(b)),
    }
}

/// Standard base64 with padding (how Jackson writes a `byte[]`).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_parameters() {
        let (sql, names) =
            bind_placeholders("select * from S where a > ${age} and b = ${ name } or a < ${age}")
                .unwrap();
        assert_eq!(sql, "select * from S where a > ?1 and b = ?2 or a < ?1");
        assert_eq!(names, ["age", "name"]);
    }

    #[test]
    fn placeholders_in_comments_stay_and_in_strings_are_refused() {
        let (sql, names) = bind_placeholders("select 1 -- ${x}\n, /* ${y} */ ${z}").unwrap();
        assert_eq!(sql, "select 1 -- ${x}\n, /* ${y} */ ?1");
        assert_eq!(names, ["z"]);
        let err = bind_placeholders("select * from S where n = '${name}'").unwrap_err();
        assert!(err.body.unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("${name}"));
        let (sql, _) = bind_placeholders("select 'it''s', \"a b\" from t").unwrap();
        assert_eq!(sql, "select 'it''s', \"a b\" from t");
    }

    #[test]
    fn base64_as_jackson_writes_bytes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}

#[cfg(test)]
mod model_tests {
    use serde_json::json;

    use crate::{Sandbox, SandboxConfig};

    #[test]
    fn a_native_query_model_runs_by_name_with_its_parameters() {
        let sb = Sandbox::new(SandboxConfig::default()).unwrap();
        let params = json!({"age": 17}).as_object().cloned().unwrap();
        let rows =
            super::run_model(&sb, "default", "system", "StudentsOlderThan", &params).unwrap();
        let direct = super::native_query(
            &sb,
            "default",
            "system",
            "select * from Student where age > 17",
            &Default::default(),
        )
        .unwrap();
        assert_eq!(rows, direct);
        assert_eq!(rows.as_array().unwrap().len(), 12);
        assert!(rows
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["age"].as_i64().unwrap() > 17));

        let err = super::run_model(&sb, "default", "system", "Student", &params).unwrap_err();
        assert_eq!(
            err.body.unwrap()["message"],
            "Model Student is not a native query"
        );
        let err = super::run_model(
            &sb,
            "default",
            "system",
            "StudentsOlderThan",
            &Default::default(),
        )
        .unwrap_err();
        assert_eq!(err.status, 400);
    }
}
