//! The request record: every request a sandbox answered, as it arrived (path as sent, every
//! header) and with the status the caller got, so tests can check what a client really sent
//! and what became of it. A tower layer; put it outermost, outside the faults and any path
//! rewriting, so it sees the request as the client sent it and the answer as the client got it.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

/// One answered request, as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    /// The path as sent (before any case folding).
    pub path: String,
    pub query: Option<String>,
    /// The status the caller got; 0 when no whole answer reached it (a `reset` or `stall`
    /// fault: the fault record says which).
    pub status: u16,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// Every header, names in lowercase.
    pub headers: Vec<(String, String)>,
}

impl RequestRecord {
    /// The first value of header `name` (lowercase), when it is visible ASCII text (as
    /// `HeaderValue::to_str` reads it).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| v.bytes().all(|b| b == b'\t' || (32..127).contains(&b)))
    }

    fn of(req: &Request) -> RequestRecord {
        let text = |name| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        RequestRecord {
            method: req.method().to_string(),
            path: req.uri().path().to_owned(),
            query: req.uri().query().map(str::to_owned),
            status: 0,
            authorization: text("authorization"),
            content_type: text("content-type"),
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
        }
    }
}

/// Marks an answer that will not reach the caller whole (its connection is cut or its body
/// stalls): the record shows it with status 0.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnswerLost;

/// The record of one sandbox, and the layer that writes it; cheap to clone, every clone sees
/// the same record.
#[derive(Clone, Default)]
pub struct Record {
    requests: Arc<Mutex<Vec<RequestRecord>>>,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }
}

#[cfg(feature = "testing")]
impl Record {
    /// Every request answered so far, in order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests.lock().unwrap().clone()
    }
}

impl<S> Layer<S> for Record {
    type Service = Recorded<S>;

    fn layer(&self, inner: S) -> Recorded<S> {
        Recorded {
            inner,
            record: self.clone(),
        }
    }
}

/// A service whose requests go into a [`Record`].
#[derive(Clone)]
pub struct Recorded<S> {
    inner: S,
    record: Record,
}

impl<S> Service<Request> for Recorded<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone takes the place of the service that was polled ready, which serves this call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let record = self.record.clone();
        Box::pin(async move {
            let mut entry = RequestRecord::of(&req);
            let response = inner.call(req).await?;
            entry.status = match response.extensions().get::<AnswerLost>() {
                Some(AnswerLost) => 0,
                None => response.status().as_u16(),
            };
            tracing::debug!(method = %entry.method, path = %entry.path, status = entry.status, "answered");
            record.requests.lock().unwrap().push(entry);
            Ok(response)
        })
    }
}
