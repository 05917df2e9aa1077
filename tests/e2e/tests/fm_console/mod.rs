//! A FlexModel console outside the app, for the tests that must also look at it directly: a
//! seeded sandbox on loopback (its request record, its faults), a client signed in to it, and
//! the app opened on a private FlexModel profile pointing at it.

#![allow(dead_code)]

use console_desk_e2e::App;
use flexmodel_api::{Client, ClientConfig};
use flexmodel_sandbox::testing::served;
use flexmodel_sandbox::{Sandbox, SandboxServer};
use serde_json::json;

/// The sandbox's demo account.
pub const USER: &str = "admin";
pub const PASSWORD: &str = "admin123";

pub struct FmConsole {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    /// Signed in as the demo account, acting in the seeded project `default`.
    pub client: Client,
}

impl FmConsole {
    pub async fn start() -> FmConsole {
        let (sandbox, server) = served().await;
        let client = Client::sign_in(ClientConfig::new(server.url()), USER, PASSWORD)
            .await
            .expect("the demo account signs in")
            .with_project("default");
        FmConsole {
            sandbox,
            server,
            client,
        }
    }

    /// The app on a private FlexModel profile for this console (`production` as asked),
    /// signed in through the sign-in dialog, showing its first screen.
    pub async fn open_app(&self, name: &str, production: bool) -> App {
        let url = self.server.url();
        let app = App::launch(name, |dir| {
            let profiles = json!({
                "version": 2,
                "active": "fm",
                "profiles": [{
                    "id": "fm", "name": "FlexModel (test)", "username": USER, "remember": false,
                    "production": production,
                    "console": { "kind": "flexmodel", "preset": "private", "url": url }
                }]
            });
            std::fs::write(
                dir.join("profiles.json"),
                serde_json::to_vec_pretty(&profiles).unwrap(),
            )
            .unwrap();
        })
        .await;
        app.fill("dialog.modal input[type=password]", PASSWORD)
            .await;
        app.click("dialog.modal button[type=submit]").await;
        app.wait_script(
            "return !document.querySelector('dialog.modal') && document.getElementById('project-switch')?.value",
        )
        .await;
        app
    }

    /// How many requests so far had this method and a path ending in `suffix`.
    pub fn requests(&self, method: &str, suffix: &str) -> usize {
        self.sandbox
            .request_log()
            .iter()
            .filter(|r| r.method == method && r.path.ends_with(suffix))
            .count()
    }
}
