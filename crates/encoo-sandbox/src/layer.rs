//! What wraps the Encoo routes inside the kit's record and faults: path case folding (real
//! consoles ignore case), and saving the state after a change the console carried out.

use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::Response;

use crate::Sandbox;

/// Lowercases the path (not the query) so routes match whatever the caller's casing.
pub(crate) fn lowercase_path(mut req: Request) -> Request {
    let uri = req.uri();
    let lowered = uri.path().to_ascii_lowercase();
    if lowered != uri.path() {
        let rebuilt = match uri.query() {
            Some(q) => format!("{lowered}?{q}"),
            None => lowered,
        };
        if let Ok(path_and_query) = rebuilt.parse() {
            let mut parts = uri.clone().into_parts();
            parts.path_and_query = Some(path_and_query);
            if let Ok(new) = Uri::from_parts(parts) {
                *req.uri_mut() = new;
            }
        }
    }
    req
}

/// Writes the state to the data file after a change the console carried out (whatever a fault
/// then did to its answer): the layer sits inside the faults, so it sees the console's own
/// answer, and nothing of a request a fault kept from the console.
pub(crate) async fn save_after_change(
    State(sb): State<Sandbox>,
    req: Request,
    next: Next,
) -> Response {
    let changes = req.method() != Method::GET;
    let response = next.run(req).await;
    if changes && response.status().is_success() {
        if let Err(e) = sb.save() {
            tracing::error!(error = %e, "cannot save the sandbox state");
        }
    }
    response
}
