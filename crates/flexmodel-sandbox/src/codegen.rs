//! Code generation: the templates and a zip of generated code. Being written (issue 12).

use axum::Router;

use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}
