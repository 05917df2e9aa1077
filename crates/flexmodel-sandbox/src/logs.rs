//! The API log: every admin call but `/f/logs*` written as the server writes it (its
//! `LogFilter`), and every call to a user-defined API as its API runtime writes it (`path` =
//! `"GET /api/default/Student/list"`, in the path's project), the log's pages and its statistics (`flexmodel-server.md`, "API definitions
//! and logs").
//!
//! A row is `{id,url,httpMethod,path,requestBody,requestHeaders,statusCode,responseTime,
//! clientIp,createdAt,isSuccess,errorMessage}` with `path` = `"GET /f/metrics/all"`, the
//! headers as the server's multi-map (`{"name":["value"]}`), `clientIp` the first
//! `X-Forwarded-For` entry or else the host the request was sent to (as the server does), and
//! `errorMessage` the answer's `message` when the status is 400 or more. The rows live in a
//! table of their own in the metadata database (`Meta::api_log`), scoped by `X-Tenant-Id`.
//!
//! Where the sandbox differs, and why:
//! - The server writes only while the setting `log.consoleLoggingEnabled` is on (off in a new
//!   install); the sandbox always writes, so that the log screen has something to show.
//! - The row is written before the answer leaves (the server writes it later on its event
//!   bus), so a client that reads the log right after a call finds it.
//! - Secrets are never kept: no `Authorization`, `Cookie` or `Proxy-Authorization` header, and
//!   any `password` member of a JSON body is written as `******` (the server keeps the login
//!   body as sent). Bodies are kept up to [`BODY_CAP`] bytes.
//! - Old rows are bounded by the setting `log.maxDays` (7 by default): rows older than that are
//!   deleted whenever the log is read (list or stat) and every [`PURGE_EVERY`] written rows
//!   (the server purges on a schedule).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, HOST, PROXY_AUTHORIZATION};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Duration, NaiveDateTime};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter};
use serde_json::{json, Map, Value};

mod stat;

use crate::auth::{Caller, Project};
use crate::error::{ApiError, ApiResult};
use crate::{meta, Sandbox};

/// The most of a request body a row keeps.
pub(crate) const BODY_CAP: usize = 16 * 1024;
/// Old rows are purged every this many written rows (and on every read).
pub(crate) const PURGE_EVERY: u64 = 256;
/// How `createdAt` is written and compared.
const ISO: &str = "%Y-%m-%dT%H:%M:%S";

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/logs", get(logs_list))
        .route("/logs/stat", get(stat::logs_stat))
}

/// Writes the call to the API log once it is answered.
pub(crate) async fn write_log(State(sb): State<Sandbox>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(rel) = path.strip_prefix("/api") else {
        return next.run(req).await;
    };
    // A call to a user-defined API (`/api/{project}/…`) is logged in its project with its
    // whole path, as the server's API runtime logs it.
    let user_api = (!rel.starts_with("/f/"))
        .then(|| rel[1..].split_once('/'))
        .flatten();
    if rel.starts_with("/f/logs") || (!rel.starts_with("/f/") && user_api.is_none()) {
        return next.run(req).await;
    }
    let logged_path = match user_api {
        Some(_) => path.clone(),
        None => rel.to_owned(),
    };
    let user_project = user_api.map(|(p, _)| p.to_owned());
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            return ApiError::status(
                axum::http::StatusCode::BAD_REQUEST,
                format!("reading the request body: {e}"),
            )
            .into_response()
        }
    };
    let method = parts.method.to_string();
    let host = header(&parts.headers, HOST.as_str()).unwrap_or_default();
    let url = if parts.uri.scheme().is_some() {
        parts.uri.to_string()
    } else {
        format!("http://{host}{}", parts.uri)
    };
    let client_ip = header(&parts.headers, "x-forwarded-for")
        .and_then(|v| v.split(',').next().map(|ip| ip.trim().to_owned()))
        .unwrap_or_else(|| host_name(&host));
    let project = user_project
        .or_else(|| header(&parts.headers, "x-tenant-id"))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let headers = kept_headers(&parts.headers);
    let request_body = stored_body(&bytes);

    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;

    let status = response.status().as_u16();
    let (response, error_message) = if status >= 400 {
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        let message = error_message(&bytes);
        (Response::from_parts(parts, Body::from(bytes)), message)
    } else {
        (response, None)
    };
    let row = json!({
        "id": meta::new_id(),
        "url": url,
        "httpMethod": method,
        "path": format!("{method} {logged_path}"),
        "requestBody": request_body,
        "requestHeaders": headers,
        "statusCode": status,
        "responseTime": started.elapsed().as_millis() as u64,
        "clientIp": client_ip,
        "createdAt": meta::now(),
        "isSuccess": status < 400,
        "errorMessage": error_message,
    });
    if let Err(e) = insert(&sb, &project, &row) {
        tracing::warn!(error = %e, "the API log could not be written");
    }
    let n = sb.inner.counters.requests.fetch_add(1, Ordering::Relaxed) + 1;
    if n % PURGE_EVERY == 0 {
        if let Err(e) = purge(&sb) {
            tracing::warn!(error = ?e, "old API log rows could not be purged");
        }
    }
    response
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `127.0.0.1` from `127.0.0.1:8080`, `::1` from `[::1]:8080`.
fn host_name(host: &str) -> String {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest).to_owned();
    }
    host.rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or(host)
        .to_owned()
}

/// The request's headers as the server's multi-map, without the secrets.
fn kept_headers(headers: &HeaderMap) -> Value {
    let mut map = Map::new();
    for (name, value) in headers {
        if name == AUTHORIZATION || name == COOKIE || name == PROXY_AUTHORIZATION {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match map
            .entry(name.as_str().to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(values) => values.push(Value::String(value)),
            _ => unreachable!("every header entry is an array"),
        }
    }
    Value::Object(map)
}

/// The body as a row keeps it: text (a JSON body with its passwords masked), capped; `null`
/// when empty.
fn stored_body(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    let masked = serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|mut json| mask_passwords(&mut json).then(|| json.to_string()));
    let text = masked.unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
    if text.len() <= BODY_CAP {
        return Value::String(text);
    }
    let mut end = BODY_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Value::String(format!("{}… ({} bytes in all)", &text[..end], bytes.len()))
}

/// Masks every `password` member; whether there was one.
fn mask_passwords(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut masked = false;
            for (key, member) in map.iter_mut() {
                if key.eq_ignore_ascii_case("password") {
                    *member = Value::String("******".into());
                    masked = true;
                } else {
                    masked |= mask_passwords(member);
                }
            }
            masked
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |masked, item| mask_passwords(item) | masked),
        _ => false,
    }
}

/// The `message` of an error answer, or its text; `None` for an empty one.
fn error_message(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => match map.get("message") {
            Some(Value::String(message)) => Some(message.clone()),
            _ => Some(String::from_utf8_lossy(bytes).into_owned()),
        },
        _ => Some(String::from_utf8_lossy(bytes).into_owned()),
    }
}

fn insert(sb: &Sandbox, project: &str, row: &Value) -> rusqlite::Result<()> {
    sb.inner.meta.api_log(|conn| {
        conn.prepare_cached(
            "INSERT INTO api_log (project, created_at, path, is_success, request_body, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            project,
            row["createdAt"].as_str(),
            row["path"].as_str(),
            row["isSuccess"].as_bool(),
            row["requestBody"].as_str(),
            row.to_string(),
        ])?;
        Ok(())
    })
}

/// Deletes the rows older than the setting `log.maxDays`.
fn purge(sb: &Sandbox) -> ApiResult<usize> {
    let settings = crate::auth::settings(sb)?;
    let max_days = settings["log"]["maxDays"].as_i64().unwrap_or(7).max(0);
    let before = (chrono::Local::now().naive_local() - Duration::days(max_days))
        .format(ISO)
        .to_string();
    Ok(sb
        .inner
        .meta
        .api_log(|conn| conn.execute("DELETE FROM api_log WHERE created_at <= ?1", [before]))?)
}

/// What `keyword`, `isSuccess` and `dateRange` select.
#[derive(Default)]
struct Filter {
    keyword: Option<String>,
    is_success: Option<bool>,
    range: Option<(NaiveDateTime, NaiveDateTime)>,
}

impl Filter {
    fn from_query(query: &HashMap<String, String>) -> Filter {
        Filter {
            keyword: query.get("keyword").cloned(),
            is_success: query.get("isSuccess").and_then(|v| match v.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }),
            range: query.get("dateRange").and_then(|r| date_range(r)),
        }
    }

    /// The WHERE clause (after the project) and its parameters.
    fn sql(&self, project: &str) -> (String, Vec<Sql>) {
        let mut clause = String::from("project = ?");
        let mut params = vec![Sql::Text(project.to_owned())];
        if let Some(keyword) = &self.keyword {
            clause.push_str(" AND instr(request_body, ?) > 0");
            params.push(Sql::Text(keyword.clone()));
        }
        if let Some(ok) = self.is_success {
            clause.push_str(" AND is_success = ?");
            params.push(Sql::Integer(ok as i64));
        }
        if let Some((start, end)) = &self.range {
            clause.push_str(" AND created_at BETWEEN ? AND ?");
            params.push(Sql::Text(start.format(ISO).to_string()));
            params.push(Sql::Text(end.format(ISO).to_string()));
        }
        (clause, params)
    }
}

/// `yyyy-MM-dd HH:mm:ss,yyyy-MM-dd HH:mm:ss`; anything else is no range, as the server reads it.
fn date_range(text: &str) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (start, end) = text.split_once(',')?;
    let parse = |t: &str| NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%d %H:%M:%S").ok();
    Some((parse(start)?, parse(end)?))
}

fn number(query: &HashMap<String, String>, name: &str, default: i64) -> ApiResult<i64> {
    match query.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| ApiError::bad_request(format!("{name} is not a number: {v}"))),
    }
}

async fn logs_list(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let page = number(&query, "page", 1)?.max(1);
    let size = number(&query, "size", 50)?.max(1);
    purge(&sb)?;
    let (clause, mut params) = Filter::from_query(&query).sql(&project);
    let (list, total) = sb.inner.meta.api_log(|conn| {
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM api_log WHERE {clause}"),
            params_from_iter(params.iter()),
            |r| r.get(0),
        )?;
        params.push(Sql::Integer(size));
        params.push(Sql::Integer((page - 1) * size));
        let mut stmt = conn.prepare(&format!(
            "SELECT body FROM api_log WHERE {clause} ORDER BY seq DESC LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| r.get::<_, String>(0))?;
        let list = rows
            .map(|b| b.map(|b| serde_json::from_str(&b).expect("the sandbox stored JSON")))
            .collect::<rusqlite::Result<Vec<Value>>>()?;
        Ok((list, total))
    })?;
    Ok(Json(json!({"list": list, "total": total})))
}

#[cfg(feature = "testing")]
impl Sandbox {
    /// Writes an API log row as if the call `method_path` (`"GET /f/apis"`) had been answered
    /// `status` at `created_at` (local time), for tests of the statistics and of the purge.
    pub fn seed_api_log(
        &self,
        project: &str,
        created_at: NaiveDateTime,
        method_path: &str,
        status: u16,
    ) {
        let method = method_path.split(' ').next().unwrap_or("GET");
        let row = json!({
            "id": meta::new_id(),
            "url": format!("http://127.0.0.1/api{}", method_path.split_once(' ').map(|(_, p)| p).unwrap_or("")),
            "httpMethod": method,
            "path": method_path,
            "requestBody": null,
            "requestHeaders": {},
            "statusCode": status,
            "responseTime": 1,
            "clientIp": "127.0.0.1",
            "createdAt": created_at.format(ISO).to_string(),
            "isSuccess": status < 400,
            "errorMessage": if status < 400 { Value::Null } else { json!("seeded failure") },
        });
        insert(self, project, &row).expect("an API log row");
    }
}
