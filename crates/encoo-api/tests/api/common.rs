//! The shared fixture (`encoo_sandbox::testing`: a sandbox on 127.0.0.1:0 and a client signed
//! in to it) with the short retry backoff these tests use, plain reqwest beside the client,
//! and `.dgs` files.

use std::path::{Path, PathBuf};

use encoo_api::{dgs, ClientConfig};
use encoo_sandbox::testing::{signed_in_with, SignedIn};
use encoo_sandbox::{SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

pub type Env = SignedIn;

pub async fn start() -> Env {
    start_with(SandboxConfig::default(), |_| {}).await
}

pub async fn start_with(config: SandboxConfig, tune: impl FnOnce(&mut ClientConfig)) -> Env {
    signed_in_with(config, |cfg| {
        cfg.retry_backoff = std::time::Duration::from_millis(20);
        tune(cfg);
    })
    .await
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

/// A [`Raw`] with its own token from the sandbox's password grant.
pub async fn raw(env: &Env) -> Raw {
    let http = reqwest::Client::new();
    let base = env.server.url();
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
    let scope = env.client.scope().unwrap().clone();
    Raw {
        http,
        base,
        token,
        company: scope.company_id,
        department: scope.department_id,
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
