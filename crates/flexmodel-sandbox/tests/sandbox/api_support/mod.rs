//! What the flow and trigger tests share: a client of the served sandbox's `/api/f`, signed
//! in as the demo user and acting in one project.
#![allow(dead_code)] // each test binary uses part of it

use flexmodel_sandbox::SandboxServer;
use reqwest::Method;
use serde_json::{json, Value};

pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
    pub project: String,
}

impl Api {
    pub async fn login(server: &SandboxServer, project: &str) -> Api {
        let http = reqwest::Client::new();
        let base = format!("{}/api/f", server.url());
        let login: Value = http
            .post(format!("{base}/auth/login"))
            .json(&json!({"username": "admin", "password": "admin123"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Api {
            token: login["token"].as_str().unwrap().to_owned(),
            http,
            base,
            project: project.to_owned(),
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("X-Tenant-Id", &self.project);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, value)
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PUT, path, Some(body)).await
    }

    /// A 200 answer, or the test fails showing what came instead.
    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.call(method, path, body).await;
        assert_eq!(status, 200, "{path}: {value}");
        value
    }
}
