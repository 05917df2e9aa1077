//! Metrics from the sandbox's own process and machine, in the server's shapes. Being written
//! (issue 12).

use axum::Router;

use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}
