//! Process packages: list, get, update (PATCH, with an optional `ETag` check), delete, and
//! filing an uploaded `.dgs` as a new version.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::ApiError;
use crate::query::ListParams;
use crate::store::{etag, find, find_mut, guid, new_id, text, Scope, Store};
use crate::Sandbox;

/// Sets `LastVersion`/`LastVersionId` from the newest version (the first).
pub(crate) fn refresh_last_version(doc: &mut Value) {
    let newest = doc["Versions"]
        .as_array()
        .and_then(|v| v.first())
        .map(|v| (v["Version"].clone(), v["Id"].clone()));
    let (version, id) = newest.unwrap_or((Value::Null, Value::Null));
    doc["LastVersion"] = version;
    doc["LastVersionId"] = id;
}

fn without_versions(doc: &Value) -> Value {
    let mut out = doc.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.remove("Versions");
    }
    out
}

/// `GET /openapi/packages`.
pub(crate) async fn packages_list(
    State(sb): State<Sandbox>,
    scope: Scope,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(&q)?;
    let store = sb.inner.store.lock().unwrap();
    let docs = store
        .packages
        .iter()
        .filter(|p| scope.holds(p) && params.matches(p))
        .collect();
    Ok(Json(params.page(docs, |p| {
        if params.include_versions {
            p.clone()
        } else {
            without_versions(p)
        }
    })))
}

/// `GET /openapi/packages/{id}`: with its versions, newest first.
pub(crate) async fn packages_get(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = guid("packageId", &id)?;
    let store = sb.inner.store.lock().unwrap();
    Ok(Json(find(&store.packages, &scope, &id, "package")?.clone()))
}

/// `PATCH /openapi/packages/{id}`: `Description` and `Tags`; a stale `ETag` is a conflict.
pub(crate) async fn packages_update(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let id = guid("packageId", &id)?;
    let mut store = sb.inner.store.lock().unwrap();
    let doc = find_mut(&mut store.packages, &scope, &id, "package")?;
    if let Some(tag) = body.get("ETag").and_then(Value::as_str) {
        if tag != text(doc, "ETag") {
            return Err(ApiError::conflict(
                "the package was changed by someone else since you read it; reload and try again",
            ));
        }
    }
    for (field, value) in crate::rules::changes(&body, &["Description", "Tags"])? {
        doc[field.as_str()] = value;
    }
    doc["ETag"] = json!(etag());
    scope.touch(doc);
    Ok(Json(doc.clone()))
}

/// `DELETE /openapi/packages/{id}`: refused while a workflow uses the package.
pub(crate) async fn packages_delete(
    State(sb): State<Sandbox>,
    scope: Scope,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = guid("packageId", &id)?;
    let mut store = sb.inner.store.lock().unwrap();
    find(&store.packages, &scope, &id, "package")?;
    if let Some(w) = store.workflows.iter().find(|w| text(w, "PackageId") == id) {
        return Err(ApiError::refused(format!(
            "the package is used by workflow \"{}\" ({}); delete or move that workflow first",
            text(w, "Name"),
            text(w, "Id")
        )));
    }
    store.packages.retain(|p| text(p, "Id") != id);
    Ok(StatusCode::NO_CONTENT)
}

/// A package's own list of arguments: objects with a `Name` each, kept as declared.
fn declared_arguments(list: &Value) -> Result<Value, ApiError> {
    let named = list.as_array().is_some_and(|items| {
        items
            .iter()
            .all(|a| a["Name"].as_str().is_some_and(|n| !n.trim().is_empty()))
    });
    if !named {
        return Err(ApiError::invalid(
            "file",
            "every argument the package declares needs a Name",
        ));
    }
    Ok(list.clone())
}

/// Files an uploaded package as a new version; answers `{PackageId, PackageVersionId,
/// PackageName, LastVersion}`. The same version twice is refused.
pub(crate) fn add_version(
    store: &mut Store,
    scope: &Scope,
    upload: &crate::uploads::Upload,
) -> Result<Value, ApiError> {
    let manifest = &upload.manifest;
    let existing = store
        .packages
        .iter()
        .position(|p| scope.holds(p) && text(p, "Name").eq_ignore_ascii_case(&manifest.id));
    let index = match existing {
        Some(i) => i,
        None => {
            let mut doc = json!({
                "Id": new_id(), "Name": manifest.id, "Description": manifest.description,
                "Tags": [], "TotalDownloads": 0, "ETag": etag(), "IconUrl": null, "Versions": [],
            });
            scope.stamp(&mut doc);
            store.packages.push(doc);
            store.packages.len() - 1
        }
    };
    let package = &mut store.packages[index];
    let taken = package["Versions"]
        .as_array()
        .is_some_and(|vs| vs.iter().any(|v| text(v, "Version") == manifest.version));
    if taken {
        return Err(ApiError::invalid(
            "Version",
            format!(
                "version {} of {} already exists; raise the version in the package and upload again",
                manifest.version, manifest.id
            ),
        ));
    }
    // The package's own declarations when it carries them; else the newest version's.
    let arguments = match &upload.arguments {
        Some(declared) => declared_arguments(declared)?,
        None => package["Versions"]
            .as_array()
            .and_then(|v| v.first())
            .map(|v| v["Arguments"].clone())
            .unwrap_or_else(|| json!([])),
    };
    let package_id = text(package, "Id").to_owned();
    let mut version = json!({
        "Id": new_id(), "PackageId": package_id, "Version": manifest.version,
        "Description": manifest.description, "Arguments": arguments, "ETag": etag(),
        "UploadTime": crate::store::now(), "TotalDownloads": 0,
    });
    scope.stamp(&mut version);
    let version_id = text(&version, "Id").to_owned();
    package["Versions"]
        .as_array_mut()
        .expect("versions are a list")
        .insert(0, version);
    refresh_last_version(package);
    package["ETag"] = json!(etag());
    scope.touch(package);
    Ok(json!({
        "PackageId": package_id,
        "PackageVersionId": version_id,
        "PackageName": text(package, "Name"),
        "LastVersion": manifest.version,
    }))
}
