//! The client: a signed-in session plus the company and department every business call is
//! scoped to. Cheap to clone; clones share the session, so a refresh made by one serves all.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::watch;

use crate::config::ClientConfig;
use crate::de;
use crate::error::{Error, Result};
use crate::http;
use crate::resources::departments::Department;
use crate::session::{Grant, Session};

/// The company and department business calls act in (`CompanyId` / `DepartmentId` headers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Scope {
    pub company_id: String,
    pub department_id: String,
}

#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    scope: Option<Scope>,
}

/// Shows where the client points and its scope; never a token.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("sso_url", &self.inner.config.sso_url)
            .field("api_url", &self.inner.config.api_url)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) config: ClientConfig,
    session: Session,
}

/// Which scope headers a call needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scoping {
    /// Only the bearer token (companies list).
    None,
    /// `CompanyId`, and `DepartmentId` when one is chosen (department tree, current user).
    Company,
    /// Both headers (every other business call).
    Full,
}

impl Client {
    /// Signs in with a username and password (the password is not kept).
    pub async fn sign_in(config: ClientConfig, username: &str, password: &str) -> Result<Client> {
        if username.trim().is_empty() {
            return Err(Error::invalid("Username", "enter a username"));
        }
        Self::start(config, Grant::Password { username, password }).await
    }

    /// Resumes a session from a stored refresh token (spent by this call; watch
    /// [`Client::watch_refresh_token`] for its successor).
    pub async fn resume(config: ClientConfig, refresh_token: &str) -> Result<Client> {
        Self::start(config, Grant::Refresh(refresh_token)).await
    }

    async fn start(config: ClientConfig, grant: Grant<'_>) -> Result<Client> {
        let http = http::build_client(&config)?;
        let session = Session::start(&http, &config, grant).await?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                config,
                session,
            }),
            scope: None,
        })
    }

    /// The same session acting in another company and department.
    pub fn with_scope(
        &self,
        company_id: impl Into<String>,
        department_id: impl Into<String>,
    ) -> Client {
        Client {
            inner: self.inner.clone(),
            scope: Some(Scope {
                company_id: company_id.into(),
                department_id: department_id.into(),
            }),
        }
    }

    /// Scopes to the first company of the user and a department of it, as a console does
    /// after sign-in when nothing was chosen before: see [`default_department`] for which.
    /// A console that will not say who the user is (404, 403) leaves the tree to decide.
    pub async fn with_default_scope(&self) -> Result<Client> {
        let companies = self.companies().list(None).await?;
        let company = companies
            .into_iter()
            .next()
            .ok_or_else(|| Error::InvalidInput {
                message: "this user belongs to no company".into(),
                field: None,
            })?;
        let probe = self.with_scope(company.id.clone(), String::new());
        let assigned = match probe.users().me().await {
            Ok(me) => me.assigned_department_id,
            Err(Error::Api {
                status: 403 | 404, ..
            }) => None,
            Err(e) => return Err(e),
        };
        let tree = probe.departments().tree().await?;
        let root = tree.root_department.ok_or_else(|| Error::Decode {
            path: "RootDepartment".into(),
            message: "the company has no root department".into(),
        })?;
        let department = default_department(&root, assigned.as_deref());
        Ok(self.with_scope(company.id, department.id.clone()))
    }

    pub fn scope(&self) -> Option<&Scope> {
        self.scope.as_ref()
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The current refresh token, for the OS keyring.
    pub async fn refresh_token(&self) -> Option<String> {
        self.inner.session.refresh_token().await
    }

    /// Sees each new refresh token (refresh tokens work once, so the stored one must follow).
    pub fn watch_refresh_token(&self) -> watch::Receiver<Option<String>> {
        self.inner.session.watch_refresh_token()
    }

    /// Makes the next call refresh the access token first.
    pub async fn expire_access_token(&self) {
        self.inner.session.expire_now().await
    }

    // ---- the private helpers every resource call goes through ----

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        scoping: Scoping,
    ) -> Result<T> {
        let body = self
            .call(Method::GET, path, &query, None, scoping, true)
            .await?;
        de::decode(&body)
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        json: Option<&serde_json::Value>,
    ) -> Result<T> {
        let body = self
            .call(method, path, &[], json, Scoping::Full, false)
            .await?;
        de::decode(&body)
    }

    pub(crate) async fn send_no_content(&self, method: Method, path: &str) -> Result<()> {
        self.call(method, path, &[], None, Scoping::Full, false)
            .await
            .map(drop)
    }

    /// One business call: bearer token and scope headers; a 401 leads to one refresh and one
    /// resend (the console refused it unseen, so even `execute` is safe to resend); GETs also
    /// follow the transient-failure retry rule. A change whose answer was lost after it was
    /// sent (a cut, a timeout, a proxy's 5xx page) is an unknown outcome, never resent.
    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&'static str, String)],
        json: Option<&serde_json::Value>,
        scoping: Scoping,
        idempotent: bool,
    ) -> Result<Bytes> {
        let inner = &*self.inner;
        let headers = self.scope_headers(scoping)?;
        let url = format!("{}{}", inner.config.api_url, path);
        let mut token = inner.session.bearer(&inner.http, &inner.config).await?;
        let mut refreshed = false;
        loop {
            let started = std::time::Instant::now();
            let build = || {
                let mut rb = inner.http.request(method.clone(), &url).bearer_auth(&token);
                for (name, value) in &headers {
                    rb = rb.header(*name, value);
                }
                if !query.is_empty() {
                    rb = rb.query(query);
                }
                match json {
                    Some(body) => rb.json(body),
                    None => rb,
                }
            };
            let (status, content_type, body) =
                match http::send_with_retries(&inner.config, idempotent, build).await {
                    Ok(answer) => answer,
                    Err(t) if !idempotent && t.maybe_delivered() => {
                        let cause = format!("its answer was lost ({})", t.error);
                        return Err(Error::unknown_outcome(method.as_str(), path, cause, None));
                    }
                    Err(t) => return Err(t.error),
                };
            tracing::debug!(%method, path, status, ms = started.elapsed().as_millis() as u64, "console call");
            if status == 401 && !refreshed {
                refreshed = true;
                token = inner
                    .session
                    .refresh_after_401(&token, &inner.http, &inner.config)
                    .await?;
                continue;
            }
            if (200..300).contains(&status) {
                return Ok(body);
            }
            let err = Error::from_response(status, content_type.as_deref(), &body);
            if !idempotent && Error::is_proxy_page(status, content_type.as_deref(), &body) {
                let cause = format!("a proxy answered in its place ({err})");
                return Err(Error::unknown_outcome(
                    method.as_str(),
                    path,
                    cause,
                    Some(status),
                ));
            }
            return Err(err);
        }
    }

    pub(crate) fn scope_headers(&self, scoping: Scoping) -> Result<Vec<(&'static str, String)>> {
        if scoping == Scoping::None {
            return Ok(Vec::new());
        }
        let scope = self.scope.as_ref().ok_or_else(|| Error::InvalidInput {
            message: "choose a company and a department first".into(),
            field: Some("CompanyId".into()),
        })?;
        let mut headers = vec![("CompanyId", scope.company_id.clone())];
        if scoping == Scoping::Full || !scope.department_id.is_empty() {
            headers.push(("DepartmentId", scope.department_id.clone()));
        }
        Ok(headers)
    }

    pub(crate) async fn bearer(&self) -> Result<String> {
        self.inner
            .session
            .bearer(&self.inner.http, &self.inner.config)
            .await
    }

    pub(crate) async fn refresh_after_401(&self, stale: &str) -> Result<String> {
        self.inner
            .session
            .refresh_after_401(stale, &self.inner.http, &self.inner.config)
            .await
    }
}

/// The department a fresh session acts in: the user's assigned one when the tree has it and
/// says the user has permission there; else the root when permitted; else the first
/// department, in the tree's walk order, where the user has permission; else the root (and
/// the console will refuse what it must).
pub(crate) fn default_department<'t>(
    root: &'t Department,
    assigned: Option<&str>,
) -> &'t Department {
    let walk = root.walk();
    let permitted = |d: &&Department| d.visitor_has_permission;
    let assigned = assigned.and_then(|a| {
        walk.iter()
            .map(|(_, d)| *d)
            .find(|d| d.id.eq_ignore_ascii_case(a.trim()))
    });
    assigned
        .filter(permitted)
        .or_else(|| Some(root).filter(permitted))
        .or_else(|| walk.iter().map(|(_, d)| *d).find(permitted))
        .unwrap_or(root)
}

/// Checks an id is a GUID before it goes into a path, naming the field when it is not.
pub(crate) fn guid(field: &str, value: &str) -> Result<String> {
    crate::checks::guid(field, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: &str, permitted: bool, children: Vec<Department>) -> Department {
        Department {
            id: id.into(),
            visitor_has_permission: permitted,
            children,
            ..Default::default()
        }
    }

    /// root ─ a ─ a1
    ///      └ b
    fn tree(root: bool, a: bool, a1: bool, b: bool) -> Department {
        let a = dept("a", a, vec![dept("a1", a1, vec![])]);
        dept("root", root, vec![a, dept("b", b, vec![])])
    }

    fn pick(root: &Department, assigned: Option<&str>) -> String {
        default_department(root, assigned).id.clone()
    }

    #[test]
    fn the_assigned_department_wins_when_permitted() {
        assert_eq!(pick(&tree(true, true, true, true), Some("a1")), "a1");
        assert_eq!(pick(&tree(false, false, false, true), Some("B")), "b");
    }

    #[test]
    fn an_assigned_department_without_permission_or_absent_falls_back_to_the_root() {
        assert_eq!(pick(&tree(true, false, false, false), Some("a")), "root");
        assert_eq!(pick(&tree(true, true, true, true), Some("gone")), "root");
        assert_eq!(pick(&tree(true, true, true, true), None), "root");
    }

    #[test]
    fn without_the_root_the_first_permitted_in_walk_order_is_taken() {
        assert_eq!(pick(&tree(false, false, true, true), None), "a1");
        assert_eq!(pick(&tree(false, false, false, true), Some("a")), "b");
    }

    #[test]
    fn with_no_permission_anywhere_the_root_is_taken() {
        assert_eq!(pick(&tree(false, false, false, false), Some("a")), "root");
    }
}
