//! The broken answers the faults send: a proxy's error page, a connection cut before the
//! answer, part way through the request body or part way through the answer, and a body that
//! never comes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::faults::STALL_LIMIT;
use crate::record::AnswerLost;

/// An nginx-style error page, as a proxy in front of a console sends.
pub fn proxy_page(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let reason = code.canonical_reason().unwrap_or("Error");
    let html = format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    let mut response = (code, Body::from(html)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// Reads what the client sends, as a proxy would before answering, and drops it.
pub(crate) async fn drain(req: Request) {
    let mut body = req.into_body().into_data_stream();
    while let Some(Ok(_)) = body.next().await {}
}

/// Whether the request carries a file (`application/octet-stream`).
pub(crate) fn carries_file(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/octet-stream"))
}

fn cut_error() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "the sandbox cut the connection (reset fault)",
    )
}

/// Marks the answer as one that does not reach the caller whole.
fn lost(mut response: Response) -> Response {
    response.extensions_mut().insert(AnswerLost);
    response
}

/// An answer whose body fails before a byte is written: hyper drops the connection with the
/// head still unsent, so the caller sees the connection close with no answer at all.
pub(crate) fn cut_now() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, _>(cut_error())
    }));
    lost(Response::new(body))
}

/// The request body passes until half its announced length (at most 1 MiB, and 64 KiB when
/// unannounced), then fails as a connection cut mid-upload does: the handler sees a broken body
/// and keeps nothing.
pub(crate) fn cut_request_body(req: Request) -> Request {
    let limit = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(64 * 1024, |len| (len / 2).min(1024 * 1024));
    let (parts, body) = req.into_parts();
    let stream = futures_util::stream::unfold(
        (body.into_data_stream(), 0u64, false),
        move |(mut inner, seen, done)| async move {
            if done {
                return None;
            }
            if seen >= limit {
                return Some((Err(cut_error()), (inner, seen, true)));
            }
            match inner.next().await {
                Some(Ok(chunk)) => {
                    let seen = seen + chunk.len() as u64;
                    Some((Ok(chunk), (inner, seen, false)))
                }
                Some(Err(e)) => Some((Err(std::io::Error::other(e)), (inner, seen, true))),
                None => None,
            }
        },
    );
    Request::from_parts(parts, Body::from_stream(stream))
}

/// The same head, with its full `Content-Length`, then half the body, then the cut.
pub(crate) async fn cut_midway(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) if !bytes.is_empty() => bytes,
        _ => return cut_now(),
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, bytes.len().into());
    let half = bytes.slice(..bytes.len() / 2);
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(half)]).chain(
        futures_util::stream::once(async {
            // Let the head and the first half go out before the cut.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            Err(cut_error())
        }),
    );
    lost(Response::from_parts(parts, Body::from_stream(stream)))
}

/// Counts a held stall until the body is dropped (the client went away or the limit passed).
struct StallGuard(Arc<AtomicUsize>);

impl Drop for StallGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The same head, then a body that never comes; `held` counts it while it is held open.
pub(crate) fn stall(response: Response, held: &Arc<AtomicUsize>) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    held.fetch_add(1, Ordering::SeqCst);
    let guard = StallGuard(held.clone());
    let body = futures_util::stream::once(async move {
        let _held = guard;
        tokio::time::sleep(STALL_LIMIT).await;
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the stalled body was given up",
        ))
    });
    lost(Response::from_parts(parts, Body::from_stream(body)))
}
