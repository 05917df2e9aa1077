//! A console outside the app for the tests that must also look at it directly: the shared
//! fixture (a sandbox on loopback and a client signed in to it), and the app opened on a
//! profile pointing at it.

#![allow(dead_code)]

use std::ops::Deref;

use console_desk_e2e::{write_profile_as, App};
use encoo_api::{ListQuery, Workflow, WorkflowUpdate};
use encoo_sandbox::testing::{signed_in, SignedIn};
use encoo_sandbox::Sandbox;

/// The shared fixture's `sandbox`, `server` and `client`, with what these tests do with them.
pub struct Console(SignedIn);

impl Deref for Console {
    type Target = SignedIn;

    fn deref(&self) -> &SignedIn {
        &self.0
    }
}

impl Console {
    /// A seeded sandbox; `prepare` may add to it (bulk items, say) before the app sees it.
    pub async fn start(prepare: impl FnOnce(&Sandbox)) -> Console {
        let console = signed_in().await;
        prepare(&console.sandbox);
        Console(console)
    }

    /// The app on a profile for this console, signed in as `user`.
    pub async fn open_app(&self, name: &str, user: &str, password: &str) -> App {
        let url = self.server.url();
        let app = App::launch(name, |dir| {
            write_profile_as(dir, "ops", "Ops console", &url, user)
        })
        .await;
        app.fill("dialog.modal input[type=password]", password)
            .await;
        app.click("dialog.modal button[type=submit]").await;
        app.wait_script("return !document.querySelector('dialog.modal') && document.getElementById('content').dataset.screen")
            .await;
        app
    }

    /// The seeded workflow whose name contains `name`, as the console has it now.
    pub async fn workflow(&self, name: &str) -> Workflow {
        let page = self
            .client
            .workflows()
            .list(&ListQuery::search(name))
            .await
            .unwrap();
        let id = page.list.first().expect("seeded workflow").id.clone();
        self.client.workflows().get(&id).await.unwrap()
    }

    /// Sets, on the console, the value of the workflow's argument `name`, as a colleague in
    /// the web console would; answers the workflow as it was before.
    pub async fn set_argument(&self, workflow: &str, name: &str, value: &str) -> Workflow {
        let before = self.workflow(workflow).await;
        let mut args = before.arguments.clone();
        let arg = args.iter_mut().find(|a| a.name == name).expect("argument");
        arg.default_value = Some(value.into());
        let update = WorkflowUpdate {
            arguments: Some(args),
            ..Default::default()
        };
        self.client
            .workflows()
            .update(&before.id, &update)
            .await
            .unwrap();
        before
    }

    /// How many requests the console saw for `method` on a path ending with `suffix`.
    pub fn requests(&self, method: &str, suffix: &str) -> usize {
        self.requests_to(method, suffix).len()
    }
}
