//! Datasources, models, fields, indexes, records, native queries, IDL, import, sync. Being
//! written (issue 12).

use std::path::{Path, PathBuf};

use axum::Router;

use crate::error::ApiResult;
use crate::Sandbox;

/// The datasources' databases: one SQLite file per (project, datasource) under the data
/// directory.
pub(crate) struct Data {
    #[allow(dead_code)]
    dir: PathBuf,
}

impl Data {
    pub fn new(dir: &Path) -> Data {
        Data {
            dir: dir.join("datasources"),
        }
    }
}

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}

pub(crate) fn seed(_sb: &Sandbox) -> ApiResult<()> {
    Ok(())
}

/// (datasources, models) of a project, for `metrics/fm`.
pub(crate) fn counts(_sb: &Sandbox, _project: &str) -> ApiResult<(usize, usize)> {
    Ok((0, 0))
}
