//! Fixtures for tests of any console: its sandbox's router served on a loopback port of its
//! own, for async tests ([`start`]) and for plain ones that run a process against it
//! ([`Background`]). Each stops when dropped.

use axum::Router;

use crate::Server;

/// Serves `router` over http on 127.0.0.1 and a free port; it stops when the handle drops.
pub async fn start(router: Router) -> Server {
    crate::serve(router, ([127, 0, 0, 1], 0).into())
        .await
        .expect("a loopback port to serve the sandbox on")
}

/// A router served on a runtime of its own, for tests that are not async (a test that runs
/// the CLI as a process, say); the server stops, then its runtime, when this drops.
pub struct Background {
    // Dropped in this order: the server stops before its runtime goes.
    server: Server,
    _runtime: tokio::runtime::Runtime,
}

impl Background {
    pub fn start(router: Router) -> Background {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let server = runtime.block_on(start(router));
        Background {
            server,
            _runtime: runtime,
        }
    }

    pub fn server(&self) -> &Server {
        &self.server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.url()
    }
}
