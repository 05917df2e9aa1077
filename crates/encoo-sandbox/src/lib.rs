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

mod access;
mod auth;
mod body;
mod bulk;
mod error;
mod faults;
mod inject;
mod layer;
mod layouts;
mod org;
mod packages;
mod query;
mod queues;
mod rules;
mod seed;
mod store;
mod tls;
mod uploads;
mod workflow_robots;
mod workflows;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post, put};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

pub use auth::TokenGrants;
pub use faults::{Fault, FaultRecord, FaultSpecError, Faults, Moment, ResetStage, STALL_LIMIT};
pub use layer::RequestRecord;

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
    /// Faults to inject from the start (`faults.rs`; change them with `Sandbox::set_faults`).
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
    pub tokens: Mutex<auth::Tokens>,
    pub log: Mutex<Vec<RequestRecord>>,
    pub failures: Mutex<Option<(u32, u16)>>,
    pub faults: Mutex<inject::FaultState>,
    /// Stalled bodies still held open.
    pub stalls: Arc<std::sync::atomic::AtomicUsize>,
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
        let sandbox = Sandbox {
            inner: Arc::new(Shared {
                store: Mutex::new(store),
                tokens: Mutex::new(auth::Tokens::default()),
                log: Mutex::new(Vec::new()),
                failures: Mutex::new(None),
                faults: Mutex::new(inject::FaultState::new(config.faults.clone())),
                stalls: Arc::default(),
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
    /// regard to case.
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
                layer::record_and_inject,
            ))
    }

    /// Serves the console on `addr` (port 0 picks one) until the returned handle drops.
    pub async fn serve(&self, addr: SocketAddr) -> std::io::Result<SandboxServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        Ok(self.spawn(listener, addr, "http", Default::default()))
    }

    /// Serves the router on `listener` in a task until the returned handle drops.
    pub(crate) fn spawn<L>(
        &self,
        listener: L,
        addr: SocketAddr,
        scheme: &'static str,
        refused_handshakes: Arc<std::sync::atomic::AtomicUsize>,
    ) -> SandboxServer
    where
        L: axum::serve::Listener,
        L::Addr: std::fmt::Debug,
    {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = self.router();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(error = %e, scheme, "sandbox server stopped");
            }
        });
        SandboxServer {
            addr,
            scheme,
            refused_handshakes,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Every request answered so far, in order.
    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.inner.log.lock().unwrap().clone()
    }

    /// How many grants the token endpoint gave and refused.
    pub fn token_grants(&self) -> TokenGrants {
        self.inner.tokens.lock().unwrap().grants
    }

    /// Invalidates every access token handed out so far (the next call answers 401).
    pub fn revoke_access_tokens(&self) {
        self.inner.tokens.lock().unwrap().access.clear();
    }

    /// Invalidates every refresh token handed out so far.
    pub fn revoke_refresh_tokens(&self) {
        self.inner.tokens.lock().unwrap().refresh.clear();
    }

    /// The next `count` requests, whatever they are, answer `status` with an HTML page, as a
    /// proxy in front of a console does.
    pub fn fail_next(&self, count: u32, status: u16) {
        *self.inner.failures.lock().unwrap() = (count > 0).then_some((count, status));
    }

    /// Every job created so far, as the API shows them.
    pub fn jobs(&self) -> Vec<Value> {
        self.inner.store.lock().unwrap().jobs.clone()
    }

    /// Adds `count` plain packages (`Bulk.Package00000`…) to the first company's root
    /// department: a big list for benchmarks and tests. Each is a minute older than the one
    /// before, so in the default newest-first order the highest index comes last.
    pub fn add_bulk_packages(&self, count: usize) {
        bulk::packages(&mut self.inner.store.lock().unwrap(), count);
    }

    /// Adds `count` empty robot groups (`Bulk.Group00000`…) to the first company's root
    /// department, each a minute older than the one before (as [`Sandbox::add_bulk_packages`]).
    pub fn add_bulk_queues(&self, count: usize) {
        bulk::queues(&mut self.inner.store.lock().unwrap(), count);
    }

    /// Versions of the package named `name` (any company), newest first.
    pub fn package_versions(&self, name: &str) -> Vec<String> {
        let store = self.inner.store.lock().unwrap();
        store
            .packages
            .iter()
            .filter(|p| store::text(p, "Name") == name)
            .flat_map(|p| p["Versions"].as_array().cloned().unwrap_or_default())
            .map(|v| store::text(&v, "Version").to_owned())
            .collect()
    }

    /// Writes the state to `data_file`, if there is one.
    pub fn save(&self) -> std::io::Result<()> {
        match &self.inner.config.data_file {
            Some(path) => self.inner.store.lock().unwrap().save(path),
            None => Ok(()),
        }
    }
}

/// A running sandbox server; it stops when dropped.
pub struct SandboxServer {
    addr: SocketAddr,
    /// `http`, or `https` when started by [`Sandbox::serve_tls`].
    scheme: &'static str,
    /// TLS handshakes that failed (a client that does not trust the certificate), for https.
    refused_handshakes: Arc<std::sync::atomic::AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SandboxServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many TLS handshakes failed (always 0 over http).
    pub fn refused_handshakes(&self) -> usize {
        self.refused_handshakes
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// `http://127.0.0.1:PORT` (`https://` over TLS): both the SSO and the API base URL.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Runs until the server task ends (for a standalone server: until the process stops).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
