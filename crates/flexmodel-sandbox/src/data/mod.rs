//! The data core: datasources, models (entities, enums, native queries), fields, indexes and
//! records, on real SQLite databases (one per datasource, see [`store`]). Models are kept in
//! the metadata store as the server shows them (kind `model:{ds}`, see [`models`]); an
//! entity's records are the rows of its table.
//!
//! Besides the HTTP routes, this module is the Rust API the other modules (GraphQL, the API
//! runtime, code generation, metrics) use: [`datasource_names`], [`models`], [`model`],
//! [`identity_of`], [`list_records`], [`find_one`], [`get_record`], [`create_record`],
//! [`update_records`], [`write_record`], [`delete_records`], [`aggregate`], [`counts`]. Their
//! errors are already the server's answers (`ApiError`). Filters are JSON values in the
//! server's filter language ([`filter`]); every change publishes a `RecordEvent`.
//!
//! Also here: native queries run on the datasource's database ([`native`]), models made from
//! IDL ([`idl`]) and imports of models and rows ([`import`]).

mod datasources;
mod fields;
mod filter;
mod idl;
mod import;
mod models;
mod native;
mod record_routes;
mod records;
mod schema;
mod seed;
mod store;
#[cfg(test)]
mod tests;
mod writes;

use axum::Router;

use crate::error::ApiResult;
use crate::Sandbox;

#[allow(unused_imports)] // The Rust API of the data core; GraphQL and others use it.
pub(crate) use datasources::{create_datasource, datasource_names};
#[allow(unused_imports)]
pub(crate) use models::{create_model, delete_model, model, models};
#[allow(unused_imports)]
pub(crate) use native::{native_query, run_model as run_native_model};
#[allow(unused_imports)]
pub(crate) use records::{aggregate, find_one, get_record, list_records, Aggregate, Query};
pub(crate) use seed::seed;
pub(crate) use store::Data;
#[allow(unused_imports)]
pub(crate) use writes::{create_record, delete_records, update_records, write_record};

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .merge(datasources::routes())
        .merge(models::routes())
        .merge(fields::routes())
        .merge(record_routes::routes())
        .merge(native::routes())
        .merge(idl::routes())
        .merge(import::routes())
}

/// The name of an entity model's identity field (for `…_by_id` operations and `{id}` paths),
/// read from the model's JSON as [`models`] answers it.
#[allow(dead_code)] // GraphQL's `_by_id` forms.
pub(crate) fn identity_of(model: &serde_json::Value) -> Option<&str> {
    model["fields"]
        .as_array()?
        .iter()
        .find(|f| f["identity"] == true)
        .and_then(|f| f["name"].as_str())
}

/// (datasources, models) of a project, for `metrics/fm`.
pub(crate) fn counts(sb: &Sandbox, project: &str) -> ApiResult<(usize, usize)> {
    let names = sb
        .inner
        .meta
        .list(project, store::DS_KIND)?
        .into_iter()
        .filter_map(|d| d["name"].as_str().map(str::to_owned))
        .collect::<Vec<_>>();
    let mut models = 0;
    for ds in &names {
        models += sb.inner.meta.count(project, &store::model_kind(ds))?;
    }
    Ok((names.len(), models))
}
