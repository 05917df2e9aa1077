//! The fixture every crate's tests of the Encoo console start from: a sandbox served on a
//! loopback port of its own and a client signed in to it as the demo user, in its default
//! scope (the first company, its root department). Dropping it stops the server. The kit's
//! generic fixtures and its certificate authority are here too, for tests that serve the
//! sandbox without a client or over https.

use encoo_api::{Client, ClientConfig, Workflow};

pub use sandbox_kit::testing::{start, Background};
/// A private CA for tests of the sandbox over https ([`Sandbox::serve_tls`]).
pub use sandbox_kit::tls::{Authority, Identity};

use crate::{RequestRecord, Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};

/// A served sandbox and a client signed in to it.
pub struct SignedIn {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    /// Signed in as the demo user, scoped to the first company's root department.
    pub client: Client,
}

/// A seeded sandbox and a demo-user client with `ClientConfig::single(url)` as it comes.
pub async fn signed_in() -> SignedIn {
    signed_in_with(SandboxConfig::default(), |_| {}).await
}

/// A sandbox started with `config`, and a demo-user client whose configuration `tune` changed
/// first (shorter backoff, a channel threshold, more tries…).
pub async fn signed_in_with(
    config: SandboxConfig,
    tune: impl FnOnce(&mut ClientConfig),
) -> SignedIn {
    let sandbox = Sandbox::new(config).expect("a sandbox");
    let server = start(sandbox.router()).await;
    let mut client = ClientConfig::single(server.url());
    tune(&mut client);
    let client = Client::sign_in(client, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .expect("the demo user signs in")
        .with_default_scope()
        .await
        .expect("the default scope");
    SignedIn {
        sandbox,
        server,
        client,
    }
}

impl SignedIn {
    /// Requests whose path ends with `suffix` (case-insensitive), in order.
    pub fn requests_to(&self, method: &str, suffix: &str) -> Vec<RequestRecord> {
        let suffix = suffix.to_ascii_lowercase();
        self.sandbox
            .request_log()
            .into_iter()
            .filter(|r| r.method == method && r.path.to_ascii_lowercase().ends_with(&suffix))
            .collect()
    }

    /// The first workflow the sandbox lists, as the client reads it.
    pub async fn first_workflow(&self) -> Workflow {
        let page = self.client.workflows().list(&Default::default()).await;
        page.expect("the workflow list").list.remove(0)
    }
}
