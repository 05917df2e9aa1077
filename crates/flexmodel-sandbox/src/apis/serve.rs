//! The user-defined APIs themselves: every API definition of a project answers at
//! `/api/{project}{path}` (outside `/f`), as the server's API runtime serves them. A request
//! is matched by its method and the definition's path, whose `{name}` segments take any one
//! segment (the fit with the fewest parameters wins: `/Student/list` before `/Student/{id}`,
//! where the server takes the first in its store's order); then the API's rate limit, its auth, and its execution: the definition's GraphQL
//! query run on the project's schema (the same run as `POST /f/graphql`) with these
//! variables, each later source over the earlier: the definition's `execution.variables`,
//! the query string (GET) or the JSON body's members (any other method), then the path's
//! parameters (and `projectId`). A variable the query declares `Int`, `Float` or `Long` that
//! came as text (a query string's, a path's) is read as a number, as the server's input
//! interceptor does. The answer is 200 `{"data": …}`.
//!
//! Where the sandbox differs from the server, and why:
//! - A GraphQL error is kept in the answer (`errors`, beside `data`); the server drops it and
//!   answers only `{"data": null}`, which leaves the caller nothing to go on.
//! - A disabled API answers 404 saying so; the server serves it all the same, so that
//!   disabling one would change nothing.
//! - A script execution (`executionType: script`, and pre or post scripts) is refused with a
//!   400 naming it: the sandbox runs no JavaScript.
//! - Auth takes the sandbox's own session tokens whatever the identity provider named (the
//!   sandbox has no identity providers); a missing or refused token is a 401.
//! - A rate limit refused is a 429 (the server answers 200 with its refusal in the body).
//! - Errors carry `message` (the server spells that key `messasge` on these routes).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use async_graphql::parser::types::{BaseType, DocumentOperations, OperationDefinition};
use axum::extract::{Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::KIND;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

/// The largest request body an API takes.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Answers a request no admin route took: a defined API's, or the server's 404.
pub(crate) async fn serve(State(sb): State<Sandbox>, req: Request) -> Response {
    let uri = req.uri().clone();
    match run(&sb, req).await {
        Ok(Some(answer)) => answer,
        Ok(None) => crate::error::no_route(uri).await.into_response(),
        Err(e) => e.into_response(),
    }
}

/// `/api/{project}/rest…` as (project, `/rest…`), both percent-decoded.
fn split(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/api/")?;
    let (project, tail) = rest.split_once('/')?;
    let project = decode(project)?;
    (!project.is_empty() && !tail.is_empty()).then(|| (project, format!("/{tail}")))
}

fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The path's parameters when `path` (as requested) fits `template` (as defined).
pub(crate) fn matches(template: &str, path: &str) -> Option<Map<String, Value>> {
    let want: Vec<&str> = template.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    if want.len() != got.len() {
        return None;
    }
    let mut params = Map::new();
    for (w, g) in want.iter().zip(&got) {
        match w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            Some(name) if !g.is_empty() => {
                params.insert(name.to_owned(), Value::String(decode(g)?));
            }
            Some(_) => return None,
            None if decode(g).as_deref() == Some(*w) => {}
            None => return None,
        }
    }
    Some(params)
}

async fn run(sb: &Sandbox, req: Request) -> ApiResult<Option<Response>> {
    let Some((project, path)) = split(req.uri().path()) else {
        return Ok(None);
    };
    let method = req.method().as_str().to_owned();
    let nodes = sb.inner.meta.list(&project, KIND)?;
    let mut found: Vec<(Value, Map<String, Value>)> = nodes
        .into_iter()
        .filter(|n| n["type"] == "API" && n["method"] == method.as_str())
        .filter_map(|n| {
            let params = matches(n["path"].as_str()?, &path)?;
            Some((n, params))
        })
        .collect();
    // The most literal fit first: `/Student/list` before `/Student/{id}`.
    found.sort_by_key(|(_, params)| params.len());
    let Some((node, mut params)) = found.into_iter().next() else {
        return Ok(None);
    };
    let name = node["name"].as_str().unwrap_or_default();
    if node["enabled"] == false {
        return Err(ApiError::status(
            StatusCode::NOT_FOUND,
            format!("the API \"{name}\" ({method} {path}) is disabled"),
        ));
    }
    let meta = &node["meta"];
    rate_limit(sb, &project, &node)?;
    if meta["auth"] == true {
        check_token(sb, req.headers())?;
    }
    let execution = &meta["execution"];
    for script in ["preScript", "postScript"] {
        if execution[script]
            .as_str()
            .is_some_and(|s| !s.trim().is_empty())
        {
            return Err(ApiError::bad_request(format!(
                "the sandbox does not run scripts: the API \"{name}\" has a {script}"
            )));
        }
    }
    match execution["executionType"].as_str().unwrap_or("graphql") {
        "graphql" => {}
        "script" => {
            return Err(ApiError::bad_request(format!(
                "the sandbox does not run scripts: the API \"{name}\" executes a script"
            )))
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "unsupported execution type {other:?} of the API \"{name}\""
            )))
        }
    }
    let Some(query) = execution["query"].as_str().filter(|q| !q.trim().is_empty()) else {
        return Err(ApiError::bad_request(format!(
            "the API \"{name}\" has no GraphQL query"
        )));
    };
    let operation = execution["operationName"]
        .as_str()
        .filter(|o| !o.is_empty());

    let mut variables = match &execution["variables"] {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    if req.method() == Method::GET {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(req.uri())
            .map_err(|e| ApiError::status(StatusCode::BAD_REQUEST, e.to_string()))?;
        variables.extend(pairs.into_iter().map(|(k, v)| (k, Value::String(v))));
    } else {
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|e| ApiError::status(StatusCode::BAD_REQUEST, e.to_string()))?;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(body)) => variables.extend(body),
                Ok(Value::Null) => {}
                Ok(_) => {
                    return Err(ApiError::status(
                        StatusCode::BAD_REQUEST,
                        "bad JSON: the body of an API request is an object",
                    ))
                }
                Err(e) => {
                    return Err(ApiError::status(
                        StatusCode::BAD_REQUEST,
                        format!("bad JSON: {e}"),
                    ))
                }
            }
        }
    }
    params.insert("projectId".into(), Value::String(project.clone()));
    variables.extend(params);
    numbers_where_declared(query, operation, &mut variables);

    let answer =
        crate::graphql::execute(sb, &project, operation, query, Value::Object(variables)).await;
    let mut body = json!({"data": answer["data"]});
    if answer["errors"].as_array().is_some_and(|e| !e.is_empty()) {
        body["errors"] = answer["errors"].clone();
    }
    Ok(Some(Json(body).into_response()))
}

/// Reads as numbers the text values of variables the operation declares `Int`, `Float` or
/// `Long` (a query string's and a path's values are text).
fn numbers_where_declared(query: &str, operation: Option<&str>, vars: &mut Map<String, Value>) {
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return;
    };
    let op: Option<&OperationDefinition> = match (&doc.operations, operation) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| &op.node),
        (DocumentOperations::Multiple(ops), None) => ops.values().next().map(|op| &op.node),
    };
    let Some(op) = op else { return };
    for def in &op.variable_definitions {
        let BaseType::Named(kind) = &def.node.var_type.node.base else {
            continue;
        };
        if !matches!(kind.as_str(), "Int" | "Float" | "Long") {
            continue;
        }
        let name = def.node.name.node.as_str();
        if let Some(Value::String(text)) = vars.get(name) {
            let text = text.trim();
            let number = text
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| text.parse::<f64>().map(Value::from));
            if let Ok(n) = number {
                vars.insert(name.to_owned(), n);
            }
        }
    }
}

fn check_token(sb: &Sandbox, headers: &HeaderMap) -> ApiResult<()> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start_matches("Bearer").trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::unauthorized("Token is missing: this API needs auth"))?;
    match sb.inner.tokens.check(token) {
        Ok(_) => Ok(()),
        Err(sandbox_kit::TokenRefusal::Expired) => Err(ApiError::unauthorized("Token is expired")),
        Err(sandbox_kit::TokenRefusal::Unknown) => Err(ApiError::unauthorized("Token is invalid")),
    }
}

/// Windows of requests by (data directory, project, `METHOD:path`): when it began, how many.
type Windows = HashMap<(std::path::PathBuf, String, String), (Instant, u64)>;

fn windows() -> &'static Mutex<Windows> {
    static WINDOWS: OnceLock<Mutex<Windows>> = OnceLock::new();
    WINDOWS.get_or_init(Default::default)
}

/// The API's own rate limit: at most `maxRequestCount` requests in each window of
/// `intervalInSeconds` (counted from the first request of the window).
fn rate_limit(sb: &Sandbox, project: &str, node: &Value) -> ApiResult<()> {
    let meta = &node["meta"];
    if meta["rateLimitingEnabled"] != true {
        return Ok(());
    }
    let max = meta["maxRequestCount"].as_u64().unwrap_or(0).max(1);
    let interval = Duration::from_secs(meta["intervalInSeconds"].as_u64().unwrap_or(1).max(1));
    let key = (
        sb.data_dir().to_owned(),
        project.to_owned(),
        format!(
            "{}:{}",
            node["method"].as_str().unwrap_or_default(),
            node["path"].as_str().unwrap_or_default()
        ),
    );
    let mut windows = windows().lock().unwrap();
    let now = Instant::now();
    let window = windows.entry(key).or_insert((now, 0));
    if now.duration_since(window.0) >= interval {
        *window = (now, 0);
    }
    window.1 += 1;
    if window.1 > max {
        return Err(ApiError::status(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_fits_a_template_segment_by_segment() {
        let p = matches("/Student/{id}", "/Student/12").unwrap();
        assert_eq!(p["id"], "12");
        assert_eq!(matches("/Student/list", "/Student/list").unwrap().len(), 0);
        assert!(matches("/Student/{id}", "/Student/").is_none());
        assert!(matches("/Student/{id}", "/Student/1/x").is_none());
        assert!(matches("/Student/list", "/Student/page").is_none());
        let p = matches("/学生/{name}", "/%E5%AD%A6%E7%94%9F/a%20b").unwrap();
        assert_eq!(p["name"], "a b");
    }

    #[test]
    fn the_project_is_the_first_segment_after_api() {
        assert_eq!(
            split("/api/default/Student/list"),
            Some(("default".into(), "/Student/list".into()))
        );
        assert_eq!(split("/api/default"), None);
        assert_eq!(split("/other/default/x"), None);
    }

    #[test]
    fn text_values_of_declared_numbers_become_numbers() {
        let q = "query Q($id: Int, $name: String, $page: Int = 1, $f: Float!) { x }";
        let mut vars = Map::new();
        for (k, v) in [("id", "7"), ("name", "8"), ("page", "x"), ("f", "1.5")] {
            vars.insert(k.into(), json!(v));
        }
        numbers_where_declared(q, Some("Q"), &mut vars);
        assert_eq!(
            Value::Object(vars),
            json!({"id": 7, "name": "8", "page": "x", "f": 1.5})
        );
    }
}
