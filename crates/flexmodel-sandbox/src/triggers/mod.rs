//! Triggers (cron, interval, event), their scheduler, execute-now and job logs. Being
//! written (issue 12).

use axum::Router;

use crate::error::ApiResult;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}

pub(crate) fn seed(_sb: &Sandbox) -> ApiResult<()> {
    Ok(())
}

/// Starts firing the enabled triggers on the sandbox's clock and on record changes.
pub(crate) fn start(_sb: &Sandbox) {}

/// (triggers, successful jobs, failed jobs) of a project, for `metrics/fm`.
pub(crate) fn counts(_sb: &Sandbox, _project: &str) -> ApiResult<(usize, usize, usize)> {
    Ok((0, 0, 0))
}
