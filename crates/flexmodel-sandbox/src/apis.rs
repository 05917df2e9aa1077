//! API definitions (a tree of folders and APIs), their histories, restore and generate.
//! Being written (issue 12).

use axum::Router;

use crate::error::ApiResult;
use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}

pub(crate) fn seed(_sb: &Sandbox) -> ApiResult<()> {
    Ok(())
}
