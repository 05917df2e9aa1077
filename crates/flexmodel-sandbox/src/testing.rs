//! Fixtures and looks inside, for tests only (feature `testing`).

pub use sandbox_kit::testing::{start, Background};
pub use sandbox_kit::RequestRecord;

use crate::{Sandbox, SandboxConfig, SandboxServer};

/// A seeded sandbox served on a loopback port of its own.
pub async fn served() -> (Sandbox, SandboxServer) {
    served_with(SandboxConfig::default()).await
}

pub async fn served_with(config: SandboxConfig) -> (Sandbox, SandboxServer) {
    let sandbox = Sandbox::new(config).expect("a sandbox");
    let server = start(sandbox.router()).await;
    (sandbox, server)
}

impl Sandbox {
    /// Every request answered so far, in order.
    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.inner.record.requests()
    }

    /// The next `count` requests are answered `status` without being handled.
    pub fn fail_next(&self, count: u32, status: u16) {
        self.inner.faults.fail_next(count, status);
    }

    /// Ends every access token: the next call is a 401 and the client must refresh.
    pub fn revoke_access_tokens(&self) {
        self.inner.tokens.revoke_access();
    }

    /// Ends the refresh cookie too: the next refresh is a 401 with an empty body.
    pub fn revoke_refresh(&self) {
        self.inner.tokens.revoke_refresh();
    }

    /// What the token endpoints did.
    pub fn token_grants(&self) -> sandbox_kit::Grants {
        self.inner.tokens.grants()
    }
}
