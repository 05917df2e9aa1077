//! The kit's pieces, each through the public API as a console's sandbox uses them: faults
//! applied and recorded, the request record, tokens, https with a generated CA, and serving.

mod faults;
mod record;
mod serve;
mod tls;
mod tokens;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;

/// A console of two routes that counts the requests it handled: `GET /ping` answers `pong`,
/// `POST /upload` reads its whole body and answers 201, or 400 when the body broke.
#[derive(Clone, Default)]
struct Console {
    handled: Arc<AtomicUsize>,
    broken_bodies: Arc<AtomicUsize>,
}

impl Console {
    fn router(&self) -> Router {
        let (handled, broken) = (self.handled.clone(), self.broken_bodies.clone());
        let ping = {
            let handled = handled.clone();
            move || async move {
                handled.fetch_add(1, Ordering::SeqCst);
                "pong"
            }
        };
        let upload = move |body: Body| async move {
            handled.fetch_add(1, Ordering::SeqCst);
            match to_bytes(body, usize::MAX).await {
                Ok(_) => StatusCode::CREATED,
                Err(_) => {
                    broken.fetch_add(1, Ordering::SeqCst);
                    StatusCode::BAD_REQUEST
                }
            }
        };
        Router::new()
            .route("/ping", get(ping))
            .route("/upload", post(upload))
    }

    fn handled(&self) -> usize {
        self.handled.load(Ordering::SeqCst)
    }

    fn broken_bodies(&self) -> usize {
        self.broken_bodies.load(Ordering::SeqCst)
    }
}

fn get_ping() -> Request<Body> {
    Request::get("/ping").body(Body::empty()).unwrap()
}

/// A plain https-capable client that uses no proxy from the environment.
fn http_client() -> reqwest::ClientBuilder {
    reqwest::Client::builder().no_proxy()
}
