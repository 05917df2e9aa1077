//! The client: a signed-in session plus the company and department every business call is
//! scoped to. Cheap to clone; clones share the session, so a refresh made by one serves all.

use std::sync::Arc;

use console_core::{Answer, Call, Error, Http, Resend, Result, Session};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::watch;

use crate::config::ClientConfig;
use crate::de;
use crate::resources::departments::Department;
use crate::session::SignIn;

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
    /// The scope as header values, made once per scope rather than once per call (none for
    /// a value that cannot be sent in a header: refused when a call needs it).
    scope_values: Option<(Option<HeaderValue>, Option<HeaderValue>)>,
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
    pub(crate) http: Http,
    pub(crate) config: ClientConfig,
    session: Session<SignIn>,
}

const COMPANY_ID: HeaderName = HeaderName::from_static("companyid");
const DEPARTMENT_ID: HeaderName = HeaderName::from_static("departmentid");

/// How a change is sent: whether it may be resent, and what to check when its answer is
/// lost. Said by the resource method that sends it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sending {
    pub resend: Resend,
    pub advice: &'static str,
}

/// Changes sent once (`Resend::Never`), by what their advice says to check.
pub(crate) mod once {
    use super::Sending;
    use console_core::Resend;

    /// Executes of workflows and layouts.
    pub const RUN: Sending = Sending {
        resend: Resend::Never,
        advice: "Check the jobs list to see whether it ran before running it again.",
    };
    /// Uploads, direct or by channel.
    pub const UPLOAD: Sending = Sending {
        resend: Resend::Never,
        advice: "Check the package's versions on the console before uploading again.",
    };
    /// Every other change.
    pub const CHANGE: Sending = Sending {
        resend: Resend::Never,
        advice: console_core::DEFAULT_ADVICE,
    };
}

/// How a client signs in.
enum Credentials<'a> {
    Password {
        username: &'a str,
        password: &'a str,
    },
    Refresh(&'a str),
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
        Self::start(config, Credentials::Password { username, password }).await
    }

    /// Resumes a session from a stored refresh token (spent by this call; watch
    /// [`Client::watch_refresh_token`] for its successor).
    pub async fn resume(config: ClientConfig, refresh_token: &str) -> Result<Client> {
        Self::start(config, Credentials::Refresh(refresh_token)).await
    }

    async fn start(config: ClientConfig, credentials: Credentials<'_>) -> Result<Client> {
        let http = Http::new(config.http.clone(), &config.api_url)?;
        let sign_in = SignIn::new(&config.sso_url);
        let margin = config.refresh_margin;
        let session = match credentials {
            Credentials::Password { username, password } => {
                let grant = sign_in.password(&http, username, password).await?;
                Session::new(sign_in, grant, margin)
            }
            Credentials::Refresh(token) => Session::resume(sign_in, &http, token, margin).await?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                config,
                session,
            }),
            scope: None,
            scope_values: None,
        })
    }

    /// The same session acting in another company and department.
    pub fn with_scope(
        &self,
        company_id: impl Into<String>,
        department_id: impl Into<String>,
    ) -> Client {
        let scope = Scope {
            company_id: company_id.into(),
            department_id: department_id.into(),
        };
        let value = |v: &str| HeaderValue::from_str(v).ok();
        let values = (value(&scope.company_id), value(&scope.department_id));
        Client {
            inner: self.inner.clone(),
            scope: Some(scope),
            scope_values: Some(values),
        }
    }

    /// Scopes to the first company of the user and a department of it, as a console does
    /// after sign-in when nothing was chosen before: see [`Client::in_company`].
    pub async fn with_default_scope(&self) -> Result<Client> {
        let companies = self.companies().list(None).await?;
        let company = companies
            .into_iter()
            .next()
            .ok_or_else(|| Error::InvalidInput {
                message: "this user belongs to no company".into(),
                field: None,
            })?;
        self.in_company(&company.id).await
    }

    /// Scopes to `company_id` and the department the console opens for this user there: see
    /// [`default_department`] for which. A console that will not say who the user is (404,
    /// 403) leaves the tree to decide. The one rule for "a company, then which department",
    /// used after sign-in, by the window's company picker and by the CLI's `--company`.
    pub async fn in_company(&self, company_id: &str) -> Result<Client> {
        let probe = self.with_scope(company_id, String::new());
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
        Ok(self.with_scope(company_id, department.id.clone()))
    }

    pub fn scope(&self) -> Option<&Scope> {
        self.scope.as_ref()
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The current refresh token, for the OS keyring.
    pub async fn refresh_token(&self) -> Option<String> {
        self.inner.session.refresh_secret().await
    }

    /// Sees each new refresh token (refresh tokens work once, so the stored one must follow).
    pub fn watch_refresh_token(&self) -> watch::Receiver<Option<String>> {
        self.inner.session.watch_refresh_secret()
    }

    /// Makes the next call refresh the access token first.
    pub async fn expire_access_token(&self) {
        self.inner.session.expire_now().await
    }

    // ---- the private helpers every resource call goes through ----

    /// A read: retried after passing failures (`Resend::Read`).
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        scoping: Scoping,
    ) -> Result<T> {
        let call = Call::get(&self.inner.config.api_url, path).query(&query);
        let answer = self.send_call(&self.scoped(call, scoping)?).await?;
        de::decode(&answer.body)
    }

    /// A change in the full scope, sent as `sending` says.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        json: Option<&serde_json::Value>,
        sending: Sending,
    ) -> Result<T> {
        let answer = self.change(method, path, json, sending).await?;
        de::decode(&answer.body)
    }

    pub(crate) async fn send_no_content(
        &self,
        method: Method,
        path: &str,
        sending: Sending,
    ) -> Result<()> {
        self.change(method, path, None, sending).await.map(drop)
    }

    async fn change(
        &self,
        method: Method,
        path: &str,
        json: Option<&serde_json::Value>,
        sending: Sending,
    ) -> Result<Answer> {
        let base = &self.inner.config.api_url;
        let mut call = Call::new(method, base, path, sending.resend).advice(sending.advice);
        if let Some(body) = json {
            call = call.json(body)?;
        }
        self.send_call(&self.scoped(call, Scoping::Full)?).await
    }

    /// Any call, with the session's bearer token (one refresh and resend after a 401).
    pub(crate) async fn send_call(&self, call: &Call<'_>) -> Result<Answer> {
        self.inner.session.send(&self.inner.http, call).await
    }

    /// Sends an unauthenticated call (the upload channel's storage) through the same loop.
    pub(crate) async fn send_unauthenticated(&self, call: &Call<'_>) -> Result<Answer> {
        self.inner.http.send(call, None).await
    }

    /// Adds the scope headers `scoping` asks for (`CompanyId`, `DepartmentId`).
    pub(crate) fn scoped<'a>(&self, call: Call<'a>, scoping: Scoping) -> Result<Call<'a>> {
        if scoping == Scoping::None {
            return Ok(call);
        }
        let (Some(scope), Some((company, department))) = (&self.scope, &self.scope_values) else {
            return Err(Error::InvalidInput {
                message: "choose a company and a department first".into(),
                field: Some("CompanyId".into()),
            });
        };
        let sendable = |value: &Option<HeaderValue>, field: &str| {
            value.clone().ok_or_else(|| {
                Error::invalid(field, format!("{field} cannot be sent in a request header"))
            })
        };
        let mut call = call.header(COMPANY_ID, sendable(company, "CompanyId")?);
        if scoping == Scoping::Full || !scope.department_id.is_empty() {
            call = call.header(DEPARTMENT_ID, sendable(department, "DepartmentId")?);
        }
        Ok(call)
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
