//! A sandbox FlexModel console: the platform's admin API (`/api/f/...`) over HTTP, with the
//! same statuses and bodies as the real server (`flexmodel-server.md`), on real embedded
//! databases: the platform's own metadata in one SQLite file, and each datasource an SQLite
//! database of its own whose models are tables and whose records are rows.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use flexmodel_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::new(SandboxConfig::default())?;
//! let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await?;
//! println!("sign in as admin/admin123 at {}/api", server.url());
//! # Ok(()) }
//! ```
//!
//! What every sandbox shares (faults, the request record, tokens, serving) comes from
//! `sandbox-kit`. Each module owns its routes and its kinds of document in the metadata
//! store: `auth` (session, projects, settings), `data` (datasources, models, fields, indexes,
//! records, native queries, IDL), `graphql`, `flows`, `triggers` (and job logs), `apis` (API
//! definitions and histories), `logs` (the API log), `metrics`, `codegen`. What the sandbox
//! does not support it refuses with a 400 naming the unsupported part, never a made-up answer.

mod apis;
mod auth;
mod body;
mod codegen;
mod data;
mod error;
mod events;
mod flows;
mod graphql;
mod logs;
mod meta;
mod metrics;
#[cfg(feature = "testing")]
pub mod testing;
mod triggers;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use axum::Router;
use sandbox_kit::{FaultInjector, Record, RefreshRule, TokenRules, Tokens};

pub use sandbox_kit::{Fault, FaultRecord, FaultSpecError, Faults};

/// A running sandbox server; it stops when dropped.
pub type SandboxServer = sandbox_kit::Server;

/// The demo account, as the real server's.
pub const DEMO_USERNAME: &str = "admin";
pub const DEMO_PASSWORD: &str = "admin123";

/// The projects the real server seeds.
pub const SEED_PROJECTS: [&str; 2] = ["default", "dev_test"];

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Lifetime of an access token (the answer's `expiresIn` says 300000 whatever this is).
    pub token_ttl: Duration,
    /// Keep the metadata and the datasources' databases in this directory across restarts;
    /// a temporary directory, removed when the sandbox goes, when `None`.
    pub data_dir: Option<PathBuf>,
    /// Start a new data directory with the demo data.
    pub seed: bool,
    /// Records in the seed's big model beyond the few every seed has (for benchmarks:
    /// 100,000).
    pub bulk_records: usize,
    pub username: String,
    pub password: String,
    pub projects: Vec<String>,
    /// Faults to inject from the start (the spec is `sandbox_kit::faults`).
    pub faults: Faults,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            token_ttl: Duration::from_secs(3600),
            data_dir: None,
            seed: true,
            bulk_records: 0,
            username: DEMO_USERNAME.into(),
            password: DEMO_PASSWORD.into(),
            projects: SEED_PROJECTS.iter().map(|p| (*p).to_owned()).collect(),
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
    /// Where the metadata and the datasources' databases live.
    pub dir: PathBuf,
    /// Kept so that a temporary directory lives as long as the sandbox.
    _temp: Option<tempfile::TempDir>,
    pub meta: meta::Meta,
    pub data: data::Data,
    /// Access tokens and the refresh cookie, which is not rotated.
    pub tokens: Tokens,
    pub record: Record,
    pub faults: FaultInjector,
    /// Record changes, for event triggers.
    pub events: events::Events,
    pub counters: Counters,
    pub started: Instant,
    /// The trigger scheduler starts with the first router (it needs a runtime).
    scheduler: Once,
}

/// The platform counters `metrics/fm` reports that are not counts of stored things.
#[derive(Default)]
pub(crate) struct Counters {
    pub requests: AtomicU64,
    pub queries: AtomicU64,
    pub mutations: AtomicU64,
    pub subscriptions: AtomicU64,
}

impl Sandbox {
    /// A sandbox on `config.data_dir` (seeded when new and `config.seed`), or on a temporary
    /// directory.
    pub fn new(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let (dir, temp) = match &config.data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                (dir.clone(), None)
            }
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("flexmodel-sandbox")
                    .tempdir()?;
                (temp.path().to_owned(), Some(temp))
            }
        };
        let io = |e: rusqlite::Error| std::io::Error::other(e.to_string());
        let meta = meta::Meta::open(&dir.join("flexmodel.sqlite3")).map_err(io)?;
        let fresh = meta.is_empty().map_err(io)?;
        let tokens = Tokens::new(TokenRules {
            access_ttl: config.token_ttl,
            refresh_ttl: Some(Duration::from_secs(604_800)),
            refresh: RefreshRule::Reusable,
        });
        let sandbox = Sandbox {
            inner: Arc::new(Shared {
                data: data::Data::new(&dir),
                faults: FaultInjector::revoking(config.faults.clone(), &tokens),
                tokens,
                record: Record::new(),
                events: events::Events::new(),
                counters: Counters::default(),
                started: Instant::now(),
                scheduler: Once::new(),
                meta,
                dir,
                _temp: temp,
                config,
            }),
        };
        if fresh && sandbox.inner.config.seed {
            sandbox
                .seed()
                .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
        }
        Ok(sandbox)
    }

    /// The demo data, module by module: data first (the others refer to its models), then
    /// API definitions, flows, and the triggers that run them.
    fn seed(&self) -> error::ApiResult<()> {
        data::seed(self)?;
        apis::seed(self)?;
        flows::seed(self)?;
        triggers::seed(self)?;
        Ok(())
    }

    /// The whole server as a router: the admin API under `/api/f` and the user-defined APIs
    /// at `/api/{project}{path}`, behind the API log, the faults and the request record. Starts the trigger scheduler the first time (so it must
    /// be called inside a Tokio runtime).
    pub fn router(&self) -> Router {
        self.inner.scheduler.call_once(|| triggers::start(self));
        let admin = Router::new()
            .merge(auth::routes())
            .merge(data::routes())
            .merge(graphql::routes())
            .merge(flows::routes())
            .merge(triggers::routes())
            .merge(apis::routes())
            .merge(logs::routes())
            .merge(metrics::routes())
            .merge(codegen::routes());
        Router::new()
            .nest("/api/f", admin)
            .fallback(apis::serve)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                logs::write_log,
            ))
            .with_state(self.clone())
            .layer(self.inner.faults.clone())
            .layer(self.inner.record.clone())
    }

    /// Serves the console on `addr` (port 0 picks one) until the returned handle drops. Its
    /// REST root is `{url}/api`.
    pub async fn serve(&self, addr: SocketAddr) -> std::io::Result<SandboxServer> {
        sandbox_kit::serve(self.router(), addr).await
    }

    /// Replaces the faults in effect (what they did is kept); `Faults::default()` stops them.
    pub fn set_faults(&self, faults: Faults) {
        self.inner.faults.set(faults);
    }

    /// The faults in effect.
    pub fn faults(&self) -> Faults {
        self.inner.faults.faults()
    }

    /// Where the metadata and the datasources' SQLite files are.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.dir
    }
}
