//! The served sandbox and a signed-in client, shared by the tests.

use flexmodel_api::{Client, ClientConfig};
use flexmodel_sandbox::testing::served;
use flexmodel_sandbox::{Sandbox, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};

pub struct Fixture {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    pub client: Client,
}

impl Fixture {
    pub fn config(&self) -> ClientConfig {
        config(&self.server)
    }
}

/// The profile address of `server`, as a user types it (no `/api`).
pub fn config(server: &SandboxServer) -> ClientConfig {
    let mut config = ClientConfig::new(server.url());
    config.max_tries = 1;
    config
}

pub async fn signed_in() -> Fixture {
    let (sandbox, server) = served().await;
    let client = Client::sign_in(config(&server), DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .expect("the demo account signs in");
    Fixture {
        sandbox,
        server,
        client,
    }
}
