//! `…/datasources/{ds}/models/{model}/records[/{id}]`: the records of an entity over HTTP, as
//! the server answers them: a page `{list,total}`, one record (204 with no body when there is
//! none), create, replace (PUT), merge (PATCH), delete (204).
//!
//! A PUT or PATCH of a record that does not exist is a 500 naming it (the server's answer is
//! not documented). Relation fields sent back with a PUT or PATCH (the web console's form
//! echoes what it read) are ignored.

use axum::extract::{Path, Query as QueryString, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::filter::parse_sort;
use super::records::{self, Query};
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/datasources/{ds}/models/{model}/records",
            get(records_list).post(records_create),
        )
        .route(
            "/datasources/{ds}/models/{model}/records/{id}",
            get(records_get)
                .put(records_put)
                .patch(records_patch)
                .delete(records_delete),
        )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    page: Option<String>,
    size: Option<String>,
    filter: Option<String>,
    sort: Option<String>,
    nested_query: Option<String>,
}

fn number(v: Option<&str>, name: &str, default: u64) -> ApiResult<u64> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            ApiError::status(
                StatusCode::BAD_REQUEST,
                format!(
                    "Unable to extract parameter from http request: {name}={v} is not a number"
                ),
            )
        }),
    }
}

fn json_param(v: Option<&str>, name: &str) -> ApiResult<Option<Value>> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| ApiError::internal(format!("Cannot parse {name} '{text}': {e}"))),
    }
}

async fn records_list(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model)): Path<(String, String)>,
    QueryString(p): QueryString<ListParams>,
) -> ApiResult<Json<Value>> {
    let page = number(p.page.as_deref(), "page", 1)?;
    let size = number(p.size.as_deref(), "size", 15)?;
    let sort = match json_param(p.sort.as_deref(), "sort")? {
        Some(s) => parse_sort(&s)?,
        None => Vec::new(),
    };
    let q = Query {
        filter: json_param(p.filter.as_deref(), "filter")?,
        sort,
        page: Some((page, size)),
        nested: p
            .nested_query
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
    };
    let (list, total) = records::list_records(&sb, &project, &ds, &model, &q)?;
    Ok(Json(json!({"list": list, "total": total})))
}

async fn records_get(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model, id)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    Ok(
        match records::get_record(&sb, &project, &ds, &model, &id)? {
            Some(r) => Json(r).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

async fn records_create(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model)): Path<(String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(super::writes::create_record(
        &sb, &project, &ds, &model, body,
    )?))
}

async fn write(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    model: &str,
    id: &str,
    body: &Value,
    merge: bool,
) -> ApiResult<Json<Value>> {
    super::writes::write_record(sb, project, ds, model, id, body, merge)?
        .map(Json)
        .ok_or_else(|| ApiError::internal(format!("Record not found: {model} {id}")))
}

async fn records_put(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    write(&sb, &project, &ds, &model, &id, &body, false).await
}

async fn records_patch(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    write(&sb, &project, &ds, &model, &id, &body, true).await
}

async fn records_delete(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path((ds, model, id)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let t = records::Target::load(&sb, &project, &ds, &model)?;
    if let Some(filter) = records::id_filter(t.entity(), &id) {
        drop(t);
        super::writes::delete_records(&sb, &project, &ds, &model, &filter)?;
    }
    Ok(StatusCode::NO_CONTENT)
}
