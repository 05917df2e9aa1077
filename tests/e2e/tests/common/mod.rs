//! A console outside the app for the tests that must also look at it directly: a sandbox on
//! loopback, a client signed in to it, and the app opened on a profile pointing at it.

#![allow(dead_code)]

use console_desk_e2e::{write_profile_as, App};
use encoo_api::{Client, ClientConfig, ListQuery, Workflow, WorkflowUpdate};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};

pub struct Console {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    pub client: Client,
}

impl Console {
    /// A seeded sandbox; `prepare` may add to it (bulk items, say) before it serves.
    pub async fn start(prepare: impl FnOnce(&Sandbox)) -> Console {
        let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
        prepare(&sandbox);
        let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
        let client = Client::sign_in(ClientConfig::single(server.url()), "admin", "admin")
            .await
            .unwrap()
            .with_default_scope()
            .await
            .unwrap();
        Console {
            sandbox,
            server,
            client,
        }
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
        let suffix = suffix.to_ascii_lowercase();
        self.sandbox
            .request_log()
            .iter()
            .filter(|r| r.method == method && r.path.to_ascii_lowercase().ends_with(&suffix))
            .count()
    }
}
