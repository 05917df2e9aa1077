//! Servers for the tests: a scripted one (answers given in order, every request recorded), a
//! raw one that cuts connections, and an [`Http`] tuned for quick retries.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use console_core::{Http, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server bound to 127.0.0.1:0 that stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

pub async fn serve(router: Router) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .await
            .unwrap();
    });
    Server { addr, _stop: stop }
}

/// An [`Http`] with three tries and a 10 ms backoff.
pub fn http() -> Http {
    http_with(|_| {})
}

pub fn http_with(tune: impl FnOnce(&mut HttpConfig)) -> Http {
    let mut config = HttpConfig {
        retry_backoff: Duration::from_millis(10),
        ..Default::default()
    };
    tune(&mut config);
    Http::new(config, "http://127.0.0.1").unwrap()
}

/// One answer the scripted server gives.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: Some("application/json"),
            body: body.to_owned(),
        }
    }

    /// The page nginx sends for `status`.
    pub fn nginx(status: u16) -> Reply {
        Reply {
            status,
            content_type: Some("text/html"),
            body: format!(
                "<html>\r\n<head><title>{status}</title></head>\r\n<body><center>nginx</center></body>\r\n</html>\r\n"
            ),
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            body: String::new(),
        }
    }
}

/// A request as the scripted server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub headers: HeaderMap,
    pub body_len: usize,
}

/// Answers every request with the next reply of its script (the last one over and over) and
/// records what came.
#[derive(Clone, Default)]
pub struct Script {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Script {
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> (Script, Server) {
        let script = Script {
            replies: Arc::new(Mutex::new(replies.into_iter().collect())),
            seen: Default::default(),
        };
        let state = script.clone();
        let router = Router::new()
            .fallback(
                move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                    let state = state.clone();
                    async move { state.answer(method, uri, headers, body) }
                },
            )
            .layer(DefaultBodyLimit::disable());
        let server = serve(router).await;
        (script, server)
    }

    fn answer(&self, method: Method, _uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        self.seen.lock().unwrap().push(Seen {
            method: method.to_string(),
            headers,
            body_len: body.len(),
        });
        let mut replies = self.replies.lock().unwrap();
        let reply = if replies.len() > 1 {
            replies.pop_front().unwrap()
        } else {
            replies.front().cloned().expect("a script with a reply")
        };
        let status = StatusCode::from_u16(reply.status).unwrap();
        let mut response = (status, reply.body).into_response();
        if let Some(ct) = reply.content_type {
            response
                .headers_mut()
                .insert("content-type", ct.parse().unwrap());
        } else {
            response.headers_mut().remove("content-type");
        }
        response
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// A raw HTTP/1.1 server that reads each of the first `cuts` requests whole and then closes
/// the connection without a word (the request reached it; the answer is lost), and answers
/// later ones `200 {"ok":true}`. Answers the number of connections it took.
pub async fn cutting_server(cuts: usize) -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let taken = Arc::new(Mutex::new(0));
    let count = taken.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = {
                let mut c = count.lock().unwrap();
                *c += 1;
                *c
            };
            tokio::spawn(async move {
                read_request(&mut socket).await;
                if n > cuts {
                    let body = r#"{"ok":true}"#;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(answer.as_bytes()).await.ok();
                }
                // Dropped: the connection closes.
            });
        }
    });
    (url, taken)
}

/// Reads one request: its head, then as many body bytes as its content-length says.
async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return;
            }
        }
    }
}
