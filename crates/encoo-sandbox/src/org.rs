//! Companies, the department tree and the current user, each as the signed-in user sees them
//! (their companies, their permission per department, their assigned department).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};

use crate::access::{company_user, membership};
use crate::auth::{Authed, CompanyScope};
use crate::error::ApiError;
use crate::store::text;
use crate::{Sandbox, DEMO_USERNAME};

/// `GET /openapi/companies/companylist?Name=`: the companies the user is a member of.
pub(crate) async fn companies_list(
    State(sb): State<Sandbox>,
    authed: Authed,
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
        .filter(|c| membership(&store, text(c, "Id"), &authed.user_name).is_some())
        .map(|c| {
            let mut c = c.clone();
            // The seeded companies carry the demo user's company-user fields; others get theirs.
            if authed.user_name != DEMO_USERNAME {
                if let Some(u) = company_user(&store, text(&c, "Id"), &authed.user_name) {
                    c["CompanyUserId"] = u["Id"].clone();
                    c["CompanyUserName"] = u["UserName"].clone();
                }
            }
            c
        })
        .collect();
    Json(json!({ "Companies": companies }))
}

/// `GET /openapi/departments/tree`: the scoped company's whole tree, each department saying
/// whether the user has permission (and so a role) in it.
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
    let permitted = |id: &str| scope.member.permits(&store, id);
    fn build(d: &Value, all: &[&Value], path: &str, permitted: &dyn Fn(&str) -> bool) -> Value {
        let path = format!("{path}/{}", text(d, "Name"));
        let children: Vec<Value> = all
            .iter()
            .filter(|c| c["ParentId"].as_str() == Some(text(d, "Id")))
            .map(|c| build(c, all, &path, permitted))
            .collect();
        let allowed = permitted(text(d, "Id"));
        let mut node = d.clone();
        node["DepartmentPath"] = json!(path);
        node["Children"] = json!(children);
        node["VisitorHasAnyRole"] = json!(allowed);
        node["VisitorHasPermission"] = json!(allowed);
        node
    }
    Ok(Json(json!({
        "Count": mine.len(),
        "RootDepartment": build(root, &mine, "", &permitted),
    })))
}

/// `GET /openapi/companyusers/self`.
pub(crate) async fn users_self(
    State(sb): State<Sandbox>,
    scope: CompanyScope,
) -> Result<Json<Value>, ApiError> {
    let store = sb.inner.store.lock().unwrap();
    let mut me = company_user(&store, &scope.company_id, &scope.user_name)
        .cloned()
        .ok_or_else(|| ApiError::not_found("you are not a member of this company"))?;
    me["AssignedDepartmentId"] = json!(scope.member.assigned);
    Ok(Json(me))
}
