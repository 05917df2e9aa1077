//! Calling a user-defined API as a person trying it would (`client.call_api(&call)`): the
//! server serves each API definition at `/api/{project}{path}` (outside `/f`), so the call
//! goes to the client's address, in its project, with the method, query, headers and JSON
//! body given. Every status is the answer (a 400 or a 500 is what the user wants to see),
//! with its headers, body and the time it took. The session's bearer token goes only with a
//! call that asks for it (an API whose auth is on), and is never part of the answer.

use std::time::Instant;

use console_core::{Call, Error, Resend};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderName, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Client, Result};

/// A request to a user-defined API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiCall {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` or `OPTIONS`.
    pub method: String,
    /// The API's path with its parameters filled in (`/Student/1` for `/Student/{id}`).
    pub path: String,
    /// Query parameters, in order, as `[name, value]`.
    pub query: Vec<(String, String)>,
    /// Request headers, as `[name, value]`.
    pub headers: Vec<(String, String)>,
    /// A JSON body (checked before sending), or none.
    pub body: Option<String>,
    /// Send the session's bearer token (the API's auth is on), unless `headers` has an
    /// `Authorization` of its own.
    pub with_token: bool,
}

/// What the API answered, whatever its status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiAnswer {
    pub status: u16,
    /// The status's standard words (`Not Found`), empty for a status without any.
    pub reason: String,
    /// From sending to the whole answer, in milliseconds.
    pub elapsed_ms: u64,
    /// The answer's headers, in order, as `[name, value]`.
    pub headers: Vec<(String, String)>,
    /// The body as text (bytes that are not UTF-8 shown as replacement characters).
    pub body: String,
    /// The address called (the client's address, `/api/{project}` and the path).
    pub url: String,
}

/// What a path may hold as it is; anything else is escaped (`/` separates its segments).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

fn checked_path(path: &str) -> Result<String> {
    let path = path.trim();
    if !path.starts_with('/') {
        return Err(Error::invalid("path", "the path starts with /"));
    }
    if path.contains('{') || path.contains('}') {
        return Err(Error::invalid(
            "path",
            format!("fill in the path's parameters: {path}"),
        ));
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(Error::invalid(
            "path",
            "a path segment cannot be . or .. (it would name another path)",
        ));
    }
    Ok(utf8_percent_encode(path, PATH).to_string())
}

impl Client {
    /// Sends `call` to the user-defined API at `/api/{project}{path}` and answers what came
    /// back, whatever its status. A read (GET, HEAD, OPTIONS) rides out passing failures; any
    /// other method is sent once. With the token, a 401 refreshes the session once and sends
    /// again (refused unseen), as every call does.
    pub async fn call_api(&self, call: &ApiCall) -> Result<ApiAnswer> {
        let project = self
            .project()
            .ok_or_else(|| Error::invalid("project", "choose a project first"))?;
        let method_name = call.method.trim().to_ascii_uppercase();
        if !METHODS.contains(&method_name.as_str()) {
            return Err(Error::invalid(
                "method",
                format!("{method_name:?} is not an HTTP method (one of {METHODS:?})"),
            ));
        }
        let method = Method::from_bytes(method_name.as_bytes()).expect("a known method");
        let path = format!(
            "/{}{}",
            crate::client::seg("project", project)?,
            checked_path(&call.path)?
        );
        let resend = match method_name.as_str() {
            "GET" | "HEAD" | "OPTIONS" => Resend::Read,
            _ => Resend::Never,
        };
        let query: Vec<(&str, String)> = call
            .query
            .iter()
            .filter(|(k, _)| !k.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        let mut req = Call::new(method, &self.inner.api_url, &path, resend)
            .advice("Check what the API changes before trying it again.")
            .query(&query)
            .every_status();
        let mut own_auth = false;
        for (name, value) in call.headers.iter().filter(|(k, _)| !k.trim().is_empty()) {
            let name = HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| Error::invalid("headers", format!("{name:?} is not a header name")))?;
            own_auth |= name == AUTHORIZATION;
            if name == CONTENT_TYPE && call.body.is_some() {
                continue;
            }
            req = req.try_header(name, value, "headers")?;
        }
        if let Some(text) = call.body.as_deref().filter(|b| !b.trim().is_empty()) {
            let body: Value = serde_json::from_str(text)
                .map_err(|e| Error::invalid("body", format!("the body is not JSON: {e}")))?;
            req = req.json(&body)?;
        }
        let http = &self.inner.http;
        let started = Instant::now();
        let answer = if call.with_token && !own_auth {
            let token = self.inner.session.bearer(http).await?;
            let answer = http.send(&req, Some(&token)).await?;
            if answer.status == 401 {
                let token = self.inner.session.refresh_after_401(&token, http).await?;
                http.send(&req, Some(&token)).await?
            } else {
                answer
            }
        } else {
            http.send(&req, None).await?
        };
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let reason = reqwest::StatusCode::from_u16(answer.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or_default()
            .to_owned();
        let headers = answer
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok(ApiAnswer {
            status: answer.status,
            reason,
            elapsed_ms,
            headers,
            body: String::from_utf8_lossy(&answer.body).into_owned(),
            url: format!("{}{path}", self.inner.api_url),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_checked_and_escaped_keeping_its_slashes() {
        assert_eq!(checked_path("/Student/1").unwrap(), "/Student/1");
        assert_eq!(
            checked_path(" /学生/a b?").unwrap(),
            "/%E5%AD%A6%E7%94%9F/a%20b%3F"
        );
        assert_eq!(checked_path("Student").unwrap_err().field(), Some("path"));
        assert_eq!(
            checked_path("/Student/{id}").unwrap_err().field(),
            Some("path")
        );
        assert_eq!(
            checked_path("/a/../f/apis").unwrap_err().field(),
            Some("path")
        );
    }
}
