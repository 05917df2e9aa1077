//! What every console's sandbox shares, so that a sandbox is only its console's routes, store
//! and rules: faults on demand and their record, the request record, token issue and
//! revocation, https with a company-style CA, and a server that stops when its handle drops.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use axum::{routing::get, Router};
//! use sandbox_kit::{FaultInjector, Record, Tokens};
//! let tokens = Tokens::default();
//! let faults = FaultInjector::revoking("error=0.1,seed=7".parse().unwrap(), &tokens);
//! let record = Record::new();
//! let router = Router::new()
//!     .route("/ping", get(|| async { "pong" }))
//!     .layer(faults) // inside the record: the record shows what the faults made of an answer
//!     .layer(record);
//! let server = sandbox_kit::serve(router, "127.0.0.1:0".parse().unwrap()).await?;
//! println!("a flaky console at {}", server.url());
//! # Ok(()) }
//! ```
//!
//! The calls that exist only for tests to look inside a sandbox or poke it (the records, the
//! grant counters, revocation, `fail_next`), certificate generation and the fixtures in
//! [`testing`] are behind the `testing` feature, which only test builds enable.

mod cuts;
pub mod faults;
mod inject;
mod record;
mod serve;
pub mod tls;
mod tokens;

#[cfg(feature = "testing")]
pub mod testing;

pub use cuts::proxy_page;
pub use faults::{Fault, FaultRecord, FaultSpecError, Faults, Moment, ResetStage, STALL_LIMIT};
pub use inject::{FaultInjector, Faulty};
pub use record::{Record, Recorded, RequestRecord};
pub use serve::{serve, Server};
pub use tls::serve_tls;
pub use tokens::{Grant, Grants, RefreshRule, TokenRefusal, TokenRules, Tokens};
