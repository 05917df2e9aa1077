//! A sandbox on 127.0.0.1:0 and a client signed in to it, per test.

use std::path::{Path, PathBuf};

use encoo_api::{dgs, Client, ClientConfig};
use encoo_sandbox::{
    RequestRecord, Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME,
};

pub struct Env {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    pub client: Client,
}

pub async fn start() -> Env {
    start_with(SandboxConfig::default(), |_| {}).await
}

pub async fn start_with(config: SandboxConfig, tune: impl FnOnce(&mut ClientConfig)) -> Env {
    let sandbox = Sandbox::new(config).expect("sandbox");
    let server = sandbox
        .serve("127.0.0.1:0".parse().unwrap())
        .await
        .expect("serve");
    let mut cfg = ClientConfig::single(server.url());
    cfg.retry_backoff = std::time::Duration::from_millis(20);
    tune(&mut cfg);
    let client = Client::sign_in(cfg, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .expect("sign in")
        .with_default_scope()
        .await
        .expect("default scope");
    Env {
        sandbox,
        server,
        client,
    }
}

/// Plain reqwest to the sandbox, signed in and scoped as the client is: for what the client
/// would refuse to send, or decodes for itself.
pub struct Raw {
    http: reqwest::Client,
    base: String,
    token: String,
    company: String,
    department: String,
}

impl Raw {
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("CompanyId", &self.company)
            .header("DepartmentId", &self.department)
    }
}

impl Env {
    /// A [`Raw`] with its own token from the sandbox's password grant.
    pub async fn raw(&self) -> Raw {
        let http = reqwest::Client::new();
        let base = self.server.url();
        let answer: serde_json::Value = http
            .post(format!("{base}/connect/token"))
            .form(&[
                ("client_id", encoo_api::CLIENT_ID),
                ("grant_type", "password"),
                ("username", DEMO_USERNAME),
                ("password", DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = answer["Access_token"].as_str().unwrap().to_owned();
        let scope = self.client.scope().unwrap().clone();
        Raw {
            http,
            base,
            token,
            company: scope.company_id,
            department: scope.department_id,
        }
    }

    /// The first workflow the sandbox lists.
    pub async fn first_workflow(&self) -> encoo_api::Workflow {
        let page = self.client.workflows().list(&Default::default()).await;
        page.unwrap().list.remove(0)
    }

    /// Requests whose path ends with `suffix` (case-insensitive), in order.
    pub fn requests_to(&self, method: &str, suffix: &str) -> Vec<RequestRecord> {
        let suffix = suffix.to_ascii_lowercase();
        self.sandbox
            .request_log()
            .into_iter()
            .filter(|r| r.method == method && r.path.to_ascii_lowercase().ends_with(&suffix))
            .collect()
    }
}

/// A temporary `.dgs` with the given name and version, padded with `pad` bytes of content.
pub fn package_file(dir: &Path, id: &str, version: &str, pad: usize) -> PathBuf {
    let path = dir.join(format!("{id}.{version}.dgs"));
    let file = std::fs::File::create(&path).unwrap();
    let manifest = dgs::Manifest {
        id: id.into(),
        version: version.into(),
        description: format!("{id} for tests"),
    };
    let content: Vec<u8> = (0..pad).map(|i| (i * 7919 % 251) as u8).collect();
    dgs::write_package(file, &manifest, &[("lib/content.bin", &content)]).unwrap();
    path
}
