//! What every ConsoleDesk console client shares, so that a console's own crate is only what is
//! truly its own (addresses, sign-in, resources, models).
//!
//! - [`HttpConfig`] and [`Http`]: TLS trust, timeouts, the retry budget, the proxy choice
//!   ([`Proxy`]: the system's, none, or a URL; never for loopback), and THE sending loop
//!   with its retry rule, which each [`Call`] steers by saying whether it may be sent again
//!   ([`Resend`]) and what to check when its answer is lost.
//! - [`Session`]: the token session with single-flight refresh, generic over how a console
//!   refreshes ([`Authority`]).
//! - [`Error`], [`ErrorKind`], [`ErrorBody`]: one error for every console and the one shape
//!   in which it reaches the window and the CLI.
//! - [`Http::download`]: a read whose answer is streamed to a file through the same loop
//!   (`.part` first, renamed when whole; nothing left on failure).
//! - [`walk_pages`]: every page of a list, given how a console pages ([`Paging`], [`ListPage`]).
//! - [`wire_log`]: every try of every call logged (method, URL, status, time, headers; secrets
//!   redacted, no bodies) when a program turns it on (the CLI's `--debug`).
//! - [`de`]: the tolerant decoder, with key-case rewriting a console's choice ([`KeyCase`]).
//!
//! ```no_run
//! # async fn demo() -> console_core::Result<()> {
//! use console_core::{Call, Http, HttpConfig, Resend};
//! let http = Http::new(HttpConfig::default(), "http://console.example:8080")?;
//! let call = Call::new(reqwest::Method::POST, "http://console.example:8080/api", "/f/graphql", Resend::Read)
//!     .json(&serde_json::json!({"query": "{ ds_list_Student { id } }"}))?
//!     .errors_in_200();
//! let answer = http.send(&call, Some("token")).await?;
//! let rows: serde_json::Value = console_core::de::decode(&answer.body, console_core::KeyCase::Exact)?;
//! # Ok(()) }
//! ```

mod call;
mod config;
pub mod de;
mod download;
mod error;
mod error_text;
mod http;
mod paging;
mod proxy;
mod session;
mod transport;
mod upload;
pub mod wire_log;

pub use call::{Body, Call, Resend, DEFAULT_ADVICE};
pub use config::HttpConfig;
pub use de::KeyCase;
pub use download::Downloaded;
pub use error::{Error, ErrorBody, ErrorKind, Result};
pub use error_text::{is_gateway_page, read_error_json, ErrorDialect, ErrorText};
pub use http::Http;
pub use paging::{walk_pages, ListPage, Paging};
pub use proxy::{is_loopback_url, Proxy};
pub use session::{Authority, Grant, Session, MAX_LIFETIME};
pub use transport::Answer;
pub use upload::{FileBody, Progress, ProgressFn};

/// Re-exported for callers: cancels a file body's upload.
pub use tokio_util::sync::CancellationToken;

/// What [`api_enum!`] expands to needs, reachable from any crate.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
