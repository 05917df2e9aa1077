//! A sandbox Encoo console: every documented operation over HTTP with in-memory state, so the
//! app has a console to show with no account and every test has one to run against.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use encoo_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::new(SandboxConfig::default())?;
//! let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await?;
//! println!("sign in as admin/admin at {}", server.url());
//! # Ok(()) }
//! ```
//!
//! It behaves as real consoles do where the doc is silent (DESIGN.md): case-insensitive paths,
//! refresh tokens that work once, a pre-signed upload URI that refuses an Authorization header.
//! What every sandbox shares (faults, the request record, tokens, TLS, serving) comes from
//! `sandbox-kit`; this crate is the Encoo console's routes, store, seed, rules and answers.
//! The calls that exist only for tests to look inside it, and the [`testing`] fixtures, are
//! behind the `testing` feature.

mod access;
mod auth;
mod body;
#[cfg(feature = "testing")]
mod bulk;
mod error;
mod layer;
mod layouts;
#[cfg(feature = "testing")]
mod oracle;
mod org;
mod packages;
mod query;
mod queues;
mod rules;
mod seed;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod uploads;
mod workflow_robots;
mod workflows;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post, put};
use axum::Router;
use sandbox_kit::{FaultInjector, Record, TokenRules, Tokens};
use tower::ServiceExt;

#[cfg(feature = "testing")]
pub use oracle::{RequestRecord, TokenGrants};
pub use sandbox_kit::{
    Fault, FaultRecord, FaultSpecError, Faults, Moment, ResetStage, STALL_LIMIT,
};

/// A running sandbox server; it stops when dropped.
pub type SandboxServer = sandbox_kit::Server;

/// The demo account every sandbox accepts: a member of every company, with permission in
/// every department.
pub const DEMO_USERNAME: &str = "admin";
pub const DEMO_PASSWORD: &str = "admin";

/// A second account, a member of the first (demo) company only, assigned its Finance
/// department and with permission only there and below it.
pub const OPERATOR_USERNAME: &str = "operator";
pub const OPERATOR_PASSWORD: &str = "operator";

/// How the token endpoint spells its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenStyle {
    /// The doc's: `Access_token`, `Expires_in` as a string.
    #[default]
    Doc,
    /// OAuth's: `access_token`, `expires_in` as a number.
    OAuth,
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Lifetime of an access token.
    pub token_ttl: Duration,
    /// Keep state in this JSON file across restarts (read at start, written after each change).
    pub data_file: Option<PathBuf>,
    pub token_style: TokenStyle,
    /// Start with the demo data (ignored when `data_file` exists).
    pub seed: bool,
    /// Read upload bodies no faster than this many bytes a second, as a slow link would
    /// (for demos and tests of progress and cancel).
    pub upload_rate: Option<u64>,
    /// Faults to inject from the start (the spec is `sandbox_kit::faults`; change them with
    /// `Sandbox::set_faults`).
    pub faults: Faults,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            token_ttl: Duration::from_secs(3600),
            data_file: None,
            token_style: TokenStyle::Doc,
            seed: true,
            upload_rate: None,
            faults: Faults::default(),
        }
    }
}

/// The sandbox's state; cheap to clone, every clone sees the same console.
#[derive(Clone)]
pub struct Sandbox {
    pub(crate) inner: Arc<Shared>,
}

pub(crate) struct Shared {
    pub config: SandboxConfig,
    pub store: Mutex<store::Store>,
    /// Access and refresh tokens: single-use refresh tokens, as the console's SSO hands out.
    pub tokens: Tokens,
    /// The password the token endpoint accepts for the demo user, when not the demo one.
    pub password: Mutex<Option<String>>,
    pub record: Record,
    pub faults: FaultInjector,
    pub uploads: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with the seed data, or with the state kept in `config.data_file`.
    pub fn new(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let store = match &config.data_file {
            Some(path) if path.exists() => store::Store::load(path)?,
            _ if config.seed => seed::store(),
            _ => store::Store::default(),
        };
        let tokens = Tokens::new(TokenRules {
            access_ttl: config.token_ttl,
            ..TokenRules::default()
        });
        let sandbox = Sandbox {
            inner: Arc::new(Shared {
                store: Mutex::new(store),
                faults: FaultInjector::revoking(config.faults.clone(), &tokens),
                tokens,
                password: Mutex::new(None),
                record: Record::new(),
                uploads: tempfile::Builder::new()
                    .prefix("encoo-sandbox-uploads")
                    .tempdir()?,
                config,
            }),
        };
        sandbox.save()?;
        Ok(sandbox)
    }

    /// The whole console as a router: SSO, API and the upload storage, paths matched without
    /// regard to case; in the request record, behind the faults, saved after each change.
    pub fn router(&self) -> Router {
        let api = Router::new()
            .route("/connect/token", post(auth::token))
            .route("/openapi/companies/companylist", get(org::companies_list))
            .route("/openapi/departments/tree", get(org::departments_tree))
            .route("/openapi/companyusers/self", get(org::users_self))
            .route(
                "/openapi/packages",
                get(packages::packages_list).put(uploads::packages_upload),
            )
            .route(
                "/openapi/packages/{id}",
                get(packages::packages_get)
                    .patch(packages::packages_update)
                    .delete(packages::packages_delete),
            )
            .route(
                "/openapi/preloadedversionfiles",
                post(uploads::channels_create),
            )
            .route(
                "/openapi/preloadedversionfiles/{id}",
                axum::routing::patch(uploads::channels_complete),
            )
            .route("/storage/uploads/{id}", put(uploads::storage_put))
            .route("/openapi/queues", get(queues::queues_list))
            .route(
                "/openapi/queues/{id}",
                get(queues::queues_get)
                    .post(queues::queues_create)
                    .patch(queues::queues_update)
                    .delete(queues::queues_delete),
            )
            .route("/openapi/robots", get(queues::robots_list))
            .route("/openapi/robots/{id}", get(queues::robots_get))
            .route(
                "/openapi/workflows",
                get(workflows::workflows_list).post(workflows::workflows_create),
            )
            .route(
                "/openapi/workflows/batch/upgrade",
                post(workflow_robots::workflows_upgrade),
            )
            .route(
                "/openapi/workflows/{id}",
                get(workflows::workflows_get)
                    .patch(workflows::workflows_update)
                    .delete(workflows::workflows_delete),
            )
            .route(
                "/openapi/workflows/{id}/execute",
                post(workflows::workflows_execute),
            )
            .route(
                "/openapi/workflows/{id}/robots",
                get(workflow_robots::workflow_robots_list)
                    .post(workflow_robots::workflow_robots_add),
            )
            .route(
                "/openapi/workflows/{id}/robots/{robot}",
                axum::routing::delete(workflow_robots::workflow_robots_remove),
            )
            .route("/openapi/workflowlayouts", get(layouts::layouts_list))
            .route("/openapi/workflowlayouts/{id}", get(layouts::layouts_get))
            .route(
                "/openapi/workflowlayouts/{id}/execute",
                post(layouts::layouts_execute),
            )
            .fallback(error::no_route)
            .with_state(self.clone());
        let lowered = api.map_request(layer::lowercase_path);
        Router::new()
            .fallback_service(lowered)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                layer::save_after_change,
            ))
            .layer(self.inner.faults.clone())
            .layer(self.inner.record.clone())
    }

    /// Serves the console on `addr` (port 0 picks one) until the returned handle drops.
    pub async fn serve(&self, addr: SocketAddr) -> std::io::Result<SandboxServer> {
        sandbox_kit::serve(self.router(), addr).await
    }

    /// Serves the console over https on `addr` (a loopback address; port 0 picks one) with
    /// `cert_chain_pem` (leaf first, then any intermediates) and its private key `key_pem`,
    /// until the returned handle drops. Its [`SandboxServer::url`] is `https://127.0.0.1:PORT`.
    pub async fn serve_tls(
        &self,
        addr: SocketAddr,
        cert_chain_pem: &[u8],
        key_pem: &[u8],
    ) -> std::io::Result<SandboxServer> {
        sandbox_kit::serve_tls(self.router(), addr, cert_chain_pem, key_pem).await
    }

    /// Replaces the faults in effect (what they did is kept); `Faults::default()` stops them.
    pub fn set_faults(&self, faults: Faults) {
        self.inner.faults.set(faults);
    }

    /// The faults in effect.
    pub fn faults(&self) -> Faults {
        self.inner.faults.faults()
    }

    /// Writes the state to `data_file`, if there is one.
    pub fn save(&self) -> std::io::Result<()> {
        match &self.inner.config.data_file {
            Some(path) => self.inner.store.lock().unwrap().save(path),
            None => Ok(()),
        }
    }
}
