//! The API log: every admin call but `/f/logs*` written as the server writes it, its list and
//! its statistics. Being written (issue 12).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;

use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}

/// Writes the call to the API log once it is answered.
pub(crate) async fn write_log(State(_sb): State<Sandbox>, req: Request, next: Next) -> Response {
    next.run(req).await
}
