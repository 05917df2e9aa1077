//! Flow modules, deploy, instances and their element graph. Being written (issue 12).

use axum::Router;

use crate::error::ApiResult;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}

pub(crate) fn seed(_sb: &Sandbox) -> ApiResult<()> {
    Ok(())
}

/// (flow definitions, flow executions) of a project, for `metrics/fm`.
pub(crate) fn counts(_sb: &Sandbox, _project: &str) -> ApiResult<(usize, usize)> {
    Ok((0, 0))
}
