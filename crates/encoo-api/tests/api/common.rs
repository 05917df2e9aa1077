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

impl Env {
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
