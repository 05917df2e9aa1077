//! `POST …/datasources/{ds}/models/idl/execute {"idl"}`: the models of an IDL text parsed
//! (`flexmodel_idl::parse_with`, names resolved against the datasource's existing entities and
//! enums) and created as `POST …/models` creates them (an entity's table and indexes made);
//! answers them as stored, each with its `idl`.
//!
//! As the server: a syntax or meaning error is a 500 whose message is the IDL crate's
//! (`IDL格式有误: line …, column …: …`); an enum that already exists is replaced; an entity
//! whose name is taken is a 500 naming it (the server registers the model, then fails on
//! `create table`). The text is read by `flexmodel_rules::parse_idl`, with which the app's IDL
//! editor checks a text before sending it (the same words, placed at their line). Where the
//! sandbox differs: it is all or nothing (see [`super::import::install`]); the server keeps
//! the models it created before the failing one, and keeps the failing entity's new
//! definition in its registry; and an index name another model's index has is refused here
//! (SQLite's index names are the database's).

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::import::{install, OnExisting};
use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route("/datasources/{ds}/models/idl/execute", post(execute_route))
}

#[derive(Deserialize)]
struct ExecuteBody {
    #[serde(default)]
    idl: Option<String>,
}

async fn execute_route(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Path(ds): Path<String>,
    JsonBody(body): JsonBody<ExecuteBody>,
) -> ApiResult<Json<Vec<Value>>> {
    Ok(Json(execute_idl(
        &sb,
        &project,
        &ds,
        &body.idl.unwrap_or_default(),
    )?))
}

/// Parses `idl` against the datasource's models and creates what it defines, all or nothing.
pub(crate) fn execute_idl(
    sb: &Sandbox,
    project: &str,
    ds: &str,
    idl: &str,
) -> ApiResult<Vec<Value>> {
    let existing = super::models(sb, project, ds)?;
    let models = flexmodel_rules::parse_idl(&flexmodel_rules::Datasource::new(ds, &existing), idl)
        .map_err(|p| ApiError::internal(p.server))?;
    install(sb, project, ds, &models, &[], OnExisting::Create)
}
