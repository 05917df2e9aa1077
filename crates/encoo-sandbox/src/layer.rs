//! What wraps every request: path case folding (real consoles ignore case), the request log
//! tests read, injected proxy failures and faults (`inject.rs`), and saving the state after a
//! change.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::{inject, Sandbox};

/// One answered request, as the sandbox saw it.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub method: String,
    /// The path as sent (before case folding).
    pub path: String,
    pub query: Option<String>,
    /// The status the caller got; 0 when no whole answer reached it (a `reset` or `stall`
    /// fault: see `Sandbox::faults_applied` for which).
    pub status: u16,
    pub authorization: Option<String>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub content_type: Option<String>,
    /// Every header, names in lowercase.
    pub headers: Vec<(String, String)>,
}

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

pub(crate) async fn record_and_inject(
    State(sb): State<Sandbox>,
    req: Request,
    next: Next,
) -> Response {
    let mut record = RequestRecord {
        method: req.method().to_string(),
        path: req.uri().path().to_owned(),
        query: req.uri().query().map(str::to_owned),
        status: 0,
        authorization: header_text(&req, "authorization"),
        company_id: header_text(&req, "companyid"),
        department_id: header_text(&req, "departmentid"),
        content_type: header_text(&req, "content-type"),
        headers: req
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    };
    let injected = {
        let mut failures = sb.inner.failures.lock().unwrap();
        match *failures {
            Some((left, status)) => {
                *failures = (left > 1).then_some((left - 1, status));
                Some(status)
            }
            None => None,
        }
    };
    let changes = req.method() != Method::GET;
    let outcome = match injected {
        Some(status) => {
            // Read what the client sends, as a proxy would, before answering.
            let mut body = req.into_body().into_data_stream();
            while let Some(Ok(_)) = body.next().await {}
            inject::Outcome {
                response: proxy_page(status),
                console: None,
                logged: status,
            }
        }
        None => {
            let plan = inject::prepare(&sb, &record.method, &record.path).await;
            inject::handle(&sb, plan, &record.method, &record.path, req, next).await
        }
    };
    let inject::Outcome {
        response,
        console,
        logged,
    } = outcome;
    record.status = logged;
    if changes && console.is_some_and(|s| s.is_success()) {
        if let Err(e) = sb.save() {
            tracing::error!(error = %e, "cannot save the sandbox state");
        }
    }
    tracing::debug!(method = %record.method, path = %record.path, status = record.status, "answered");
    sb.inner.log.lock().unwrap().push(record);
    response
}

fn header_text(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// An nginx-style error page.
pub(crate) fn proxy_page(status: u16) -> Response {
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
