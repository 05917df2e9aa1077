//! A forward HTTP proxy the proxy tests run themselves, as a company proxy would stand
//! between a desk and its console: it takes plain-HTTP requests in absolute form
//! (`GET http://console.test:PORT/...`), knows a few host names of its own (nothing is ever
//! looked up), and records every request it forwards. No `CONNECT`: the consoles are http.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// A request the proxy forwarded, as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarded {
    pub method: String,
    /// The request target in absolute form: `http://console.test:PORT/connect/token`.
    pub target: String,
    /// The `Proxy-Authorization` header, if one came (it is not passed on).
    pub proxy_authorization: Option<String>,
}

#[derive(Clone)]
struct Shared {
    hosts: Arc<HashMap<String, IpAddr>>,
    record: Arc<Mutex<Vec<Forwarded>>>,
    upstream: reqwest::Client,
}

/// The proxy, serving until it drops.
pub struct ForwardProxy {
    addr: SocketAddr,
    shared: Shared,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl ForwardProxy {
    /// Serves on `addr`, sending requests for each named host to its address (same port).
    pub async fn start(addr: SocketAddr, hosts: &[(&str, IpAddr)]) -> ForwardProxy {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .unwrap_or_else(|e| panic!("the forward proxy cannot listen on {addr}: {e}"));
        let addr = listener.local_addr().unwrap();
        let shared = Shared {
            hosts: Arc::new(hosts.iter().map(|(n, ip)| (n.to_string(), *ip)).collect()),
            record: Arc::default(),
            upstream: reqwest::Client::builder().no_proxy().build().unwrap(),
        };
        let router = Router::new().fallback(forward).with_state(shared.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    stopped.await.ok();
                })
                .await
                .unwrap();
        });
        ForwardProxy {
            addr,
            shared,
            _stop: stop,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request forwarded so far, in order.
    pub fn record(&self) -> Vec<Forwarded> {
        self.shared.record.lock().unwrap().clone()
    }
}

/// Headers for one hop only: neither passed on nor sent back.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "proxy-connection",
    "keep-alive",
    "proxy-authorization",
    "proxy-authenticate",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

async fn forward(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let uri = parts.uri;
    let (Some(host), Some(authority)) = (uri.host(), uri.authority()) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "not a proxy request (no absolute URL)",
        );
    };
    if uri.scheme_str() != Some("http") {
        return refuse(StatusCode::BAD_REQUEST, "only http:// is forwarded");
    }
    let Some(ip) = shared.hosts.get(host).copied() else {
        return refuse(
            StatusCode::BAD_GATEWAY,
            "this proxy does not know that host",
        );
    };
    let proxy_authorization = parts
        .headers
        .get("proxy-authorization")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    shared.record.lock().unwrap().push(Forwarded {
        method: parts.method.to_string(),
        target: uri.to_string(),
        proxy_authorization,
    });
    let port = uri.port_u16().unwrap_or(80);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let target = format!("http://{}{path}", SocketAddr::new(ip, port));
    let Ok(body) = to_bytes(body, usize::MAX).await else {
        return refuse(StatusCode::BAD_REQUEST, "the request body was cut");
    };
    let mut headers = end_to_end(&parts.headers);
    // The console sees the name it was asked for, as behind a real proxy.
    headers.insert("host", authority.as_str().parse().unwrap());
    let sent = shared
        .upstream
        .request(parts.method, target)
        .headers(headers)
        .body(body)
        .send()
        .await;
    let answer = match sent {
        Ok(answer) => answer,
        Err(e) => return refuse(StatusCode::BAD_GATEWAY, &format!("upstream: {e}")),
    };
    let status = answer.status();
    let headers = end_to_end(answer.headers());
    let body = answer.bytes().await.unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut kept = headers.clone();
    for name in HOP_BY_HOP {
        kept.remove(HeaderName::from_static(name));
    }
    kept.remove("content-length");
    kept
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, format!("forward proxy: {why}\n")).into_response()
}
