//! What the data tests share: a seeded sandbox served on loopback, a signed-in HTTP client
//! on its `/api/f`, and a look straight into a datasource's SQLite file.

#![allow(dead_code)] // Each test file uses its own part.

use flexmodel_sandbox::testing::served_with;
use flexmodel_sandbox::{Sandbox, SandboxConfig, SandboxServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct Console {
    pub sandbox: Sandbox,
    pub server: SandboxServer,
    pub http: reqwest::Client,
    pub api: String,
    pub token: String,
    pub project: String,
}

pub async fn console() -> Console {
    console_with(SandboxConfig::default()).await
}

pub async fn console_with(config: SandboxConfig) -> Console {
    let (sandbox, server) = served_with(config).await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Console {
        sandbox,
        server,
        http,
        api,
        token: login["token"].as_str().unwrap().to_owned(),
        project: "default".into(),
    }
}

impl Console {
    /// Sends a call; answers (status, body as JSON or `Value::Null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.api))
            .bearer_auth(&self.token)
            .header("X-Tenant-Id", &self.project);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None).await
    }

    /// GET answering 200, its body.
    pub async fn ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    /// A record list of `model` in `system` with these query parameters.
    pub async fn records(&self, model: &str, params: &[(&str, String)]) -> (StatusCode, Value) {
        let resp = self
            .http
            .get(format!(
                "{}/datasources/system/models/{model}/records",
                self.api
            ))
            .query(params)
            .bearer_auth(&self.token)
            .header("X-Tenant-Id", &self.project)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap())
    }

    /// The path of a datasource's SQLite file as the sandbox keeps it.
    pub fn file(&self, project: &str, ds: &str) -> std::path::PathBuf {
        self.sandbox
            .data_dir()
            .join("datasources")
            .join(project)
            .join(format!("{ds}.sqlite3"))
    }

    /// The `system` database of `default`, opened read-only beside the sandbox.
    pub fn system_db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.file("default", "system"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }
}

/// (name, declared type, not null, pk) of each column of `table`.
pub fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<(String, String, bool, i64)> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info(\"{table}\")"))
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(5)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The names of `table`'s indexes that were made by CREATE INDEX, with whether each is unique.
pub fn indexes(conn: &rusqlite::Connection, table: &str) -> Vec<(String, bool)> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA index_list(\"{table}\")"))
        .unwrap();
    let mut list: Vec<(String, bool)> = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, _, origin)| origin == "c")
        .map(|(n, u, _)| (n, u))
        .collect();
    list.sort();
    list
}
