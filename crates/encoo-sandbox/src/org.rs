//! Companies, the department tree and the current user.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::{Authed, CompanyScope};
use crate::error::ApiError;
use crate::store::text;
use crate::Sandbox;

/// `GET /openapi/companies/companylist?Name=`.
pub(crate) async fn companies_list(
    State(sb): State<Sandbox>,
    _: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let name = q
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("name"))
        .map(|(_, v)| v.trim().to_lowercase())
        .filter(|v| !v.is_empty());
    let store = sb.inner.store.lock().unwrap();
    let companies: Vec<Value> = store
        .companies
        .iter()
        .filter(|c| {
            name.as_deref()
                .is_none_or(|n| text(c, "Name").to_lowercase().contains(n))
        })
        .cloned()
        .collect();
    Json(json!({ "Companies": companies }))
}

/// `GET /openapi/departments/tree`: the scoped company's whole tree.
pub(crate) async fn departments_tree(
    State(sb): State<Sandbox>,
    scope: CompanyScope,
) -> Result<Json<Value>, ApiError> {
    let store = sb.inner.store.lock().unwrap();
    let mine: Vec<&Value> = store
        .departments
        .iter()
        .filter(|d| text(d, "CompanyId") == scope.company_id)
        .collect();
    let root = mine
        .iter()
        .find(|d| d["ParentId"].is_null())
        .ok_or_else(|| ApiError::internal("the company has no root department"))?;
    fn build(d: &Value, all: &[&Value], path: &str) -> Value {
        let path = format!("{path}/{}", text(d, "Name"));
        let children: Vec<Value> = all
            .iter()
            .filter(|c| c["ParentId"].as_str() == Some(text(d, "Id")))
            .map(|c| build(c, all, &path))
            .collect();
        let mut node = d.clone();
        node["DepartmentPath"] = json!(path);
        node["Children"] = json!(children);
        node["VisitorHasAnyRole"] = json!(true);
        node["VisitorHasPermission"] = json!(true);
        node
    }
    Ok(Json(json!({
        "Count": mine.len(),
        "RootDepartment": build(root, &mine, ""),
    })))
}

/// `GET /openapi/companyusers/self`.
pub(crate) async fn users_self(
    State(sb): State<Sandbox>,
    scope: CompanyScope,
) -> Result<Json<Value>, ApiError> {
    let store = sb.inner.store.lock().unwrap();
    let root = store
        .departments
        .iter()
        .find(|d| text(d, "CompanyId") == scope.company_id && d["ParentId"].is_null())
        .map(|d| text(d, "Id").to_owned());
    let mut me = store
        .users
        .iter()
        .find(|u| {
            text(u, "CompanyId") == scope.company_id && text(u, "UserName") == scope.user_name
        })
        .cloned()
        .ok_or_else(|| ApiError::not_found("you are not a member of this company"))?;
    me["AssignedDepartmentId"] = json!(root);
    Ok(Json(me))
}
