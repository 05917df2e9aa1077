//! The client: a signed-in session plus the project (`X-Tenant-Id`) every business call acts
//! in. Cheap to clone; clones share the session, so a refresh made by one serves all. Every
//! resource call goes through the few private helpers here ([`Req`], [`Client::send`]).

use std::sync::Arc;
use std::time::Duration;

use console_core::{Answer, Call, Downloaded, Error, Http, KeyCase, Resend, Session};

use crate::engine::{engine_dialect, engine_outcome};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::watch;

use crate::config::ClientConfig;
use crate::session::{CookieSession, User};
use crate::Result;

const TENANT: HeaderName = HeaderName::from_static("x-tenant-id");

/// A signed-in FlexModel server, acting in one project or none.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    project: Option<(String, Option<HeaderValue>)>,
}

/// Shows where the client points and its project; never a token or the cookie.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("address", &self.inner.config.address)
            .field("project", &self.project())
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) http: Http,
    pub(crate) config: ClientConfig,
    pub(crate) api_url: String,
    pub(crate) session: Session<CookieSession>,
    user: User,
}

/// How a call is sent: whether it may be resent, and what to check when its answer is lost.
/// Said by the resource method that sends it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sending {
    pub resend: Resend,
    pub advice: &'static str,
}

/// The sending rules the resources use, by what they say to check.
pub(crate) mod sending {
    use super::Sending;
    use console_core::Resend;

    /// Changes nothing (GETs, checks sent as POST).
    pub const READ: Sending = Sending {
        resend: Resend::Read,
        advice: console_core::DEFAULT_ADVICE,
    };
    /// PUT, PATCH, DELETE: the same again has the same effect.
    pub const SET: Sending = Sending {
        resend: Resend::Idempotent,
        advice: console_core::DEFAULT_ADVICE,
    };
    /// Sent once, with what to check when the answer is lost.
    pub const fn once(advice: &'static str) -> Sending {
        Sending {
            resend: Resend::Never,
            advice,
        }
    }
}

/// One call as a resource method describes it.
pub(crate) struct Req {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    json: Option<Value>,
    sending: Sending,
    tenant: bool,
    graphql: bool,
}

impl Req {
    /// A read in the project.
    pub fn get(path: impl Into<String>) -> Req {
        Req::new(Method::GET, path, sending::READ)
    }

    pub fn new(method: Method, path: impl Into<String>, sending: Sending) -> Req {
        Req {
            method,
            path: path.into(),
            query: Vec::new(),
            json: None,
            sending,
            tenant: true,
            graphql: false,
        }
    }

    /// Adds `name=value` to the query string when there is a value.
    pub fn query<V: ToString>(mut self, name: &'static str, value: Option<V>) -> Req {
        if let Some(v) = value {
            self.query.push((name, v.to_string()));
        }
        self
    }

    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Req> {
        let value = serde_json::to_value(body).map_err(|e| Error::InvalidInput {
            message: format!("the request cannot be written as JSON: {e}"),
            field: None,
        })?;
        self.json = Some(value);
        Ok(self)
    }

    /// Outside any project: no `X-Tenant-Id` (auth, projects, the global profile).
    pub fn platform(mut self) -> Req {
        self.tenant = false;
        self
    }

    /// A GraphQL call: a 200 may still carry `errors`.
    pub fn graphql(mut self) -> Req {
        self.graphql = true;
        self
    }
}

impl Client {
    /// Signs in with a username and password (the password is not kept) at the server whose
    /// address `config` holds. No project is chosen: see [`Client::with_project`].
    pub async fn sign_in(config: ClientConfig, username: &str, password: &str) -> Result<Client> {
        if username.trim().is_empty() {
            return Err(Error::invalid("username", "enter a username"));
        }
        let (http, auth) = Self::parts(&config)?;
        let (grant, user) = auth.login(&http, username, password).await?;
        Ok(Self::assemble(config, http, auth, grant, user))
    }

    /// Resumes a session from a stored refresh cookie (see [`Client::refresh_cookie`]): one
    /// refresh. A cookie the server refuses is a `session_expired` error.
    pub async fn resume(config: ClientConfig, cookie: &str) -> Result<Client> {
        if cookie.trim().is_empty() {
            return Err(Error::SessionExpired("no refresh cookie is stored".into()));
        }
        let (http, auth) = Self::parts(&config)?;
        let (grant, user) = auth.refresh_with_user(&http, cookie.trim()).await?;
        Ok(Self::assemble(config, http, auth, grant, user))
    }

    fn parts(config: &ClientConfig) -> Result<(Http, CookieSession)> {
        let api_url = config.api_url();
        let http = Http::new(config.http.clone(), &api_url)?.with_error_dialect(engine_dialect);
        Ok((http, CookieSession::new(&api_url)))
    }

    fn assemble(
        config: ClientConfig,
        http: Http,
        auth: CookieSession,
        grant: console_core::Grant,
        user: User,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                http,
                api_url: config.api_url(),
                config,
                // The lifetime is never known, so the margin never applies.
                session: Session::new(auth, grant, Duration::ZERO),
                user,
            }),
            project: None,
        }
    }

    /// The same session acting in project `id`: `X-Tenant-Id: id` on every call but the
    /// session's, the projects list and the global profile.
    pub fn with_project(&self, id: impl Into<String>) -> Client {
        let id = id.into();
        let header = HeaderValue::from_str(&id).ok();
        Client {
            inner: self.inner.clone(),
            project: Some((id, header)),
        }
    }

    /// The same session in no project (the server then acts in `default`).
    pub fn without_project(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            project: None,
        }
    }

    pub fn project(&self) -> Option<&str> {
        self.project.as_ref().map(|(id, _)| id.as_str())
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The user the sign-in (or resume) named.
    pub fn user(&self) -> &User {
        &self.inner.user
    }

    /// The refresh cookie's value, for the OS keyring. The client itself never writes it
    /// anywhere.
    pub async fn refresh_cookie(&self) -> Option<String> {
        self.inner.session.refresh_secret().await
    }

    /// Sees a new cookie value (the server does not rotate it today) and `None` once the
    /// session has ended.
    pub fn watch_refresh_cookie(&self) -> watch::Receiver<Option<String>> {
        self.inner.session.watch_refresh_secret()
    }

    /// Makes the next call refresh the access token first ("reconnect").
    pub async fn expire_access_token(&self) {
        self.inner.session.expire_now().await
    }

    /// `GET /f/auth/whoami`: the user the token belongs to.
    pub async fn whoami(&self) -> Result<User> {
        self.fetch(Req::get("/f/auth/whoami").platform()).await
    }

    // ---- the private helpers every resource call goes through ----

    /// Sends `req` with the bearer token (one refresh and resend after a 401) and the
    /// project header when it needs one.
    pub(crate) async fn send(&self, req: Req) -> Result<Answer> {
        let call = self.call(&req)?;
        self.inner.session.send(&self.inner.http, &call).await
    }

    /// Sends `req` (a read) as [`Client::send`] does and streams its answer to the file `to`
    /// (console-core's download: `.part` first, renamed when whole, nothing left on failure).
    pub(crate) async fn download(&self, req: Req, to: &std::path::Path) -> Result<Downloaded> {
        let call = self.call(&req)?;
        self.inner
            .session
            .download(&self.inner.http, &call, to)
            .await
    }

    /// The call `req` describes, with the project header when it needs one.
    fn call<'q>(&self, req: &'q Req) -> Result<Call<'q>> {
        let mut call = Call::new(
            req.method.clone(),
            &self.inner.api_url,
            &req.path,
            req.sending.resend,
        )
        .advice(req.sending.advice)
        .query(&req.query);
        if let Some(body) = &req.json {
            call = call.json(body)?;
        }
        if req.graphql {
            call = call.errors_in_200();
        }
        if req.tenant {
            if let Some((id, header)) = &self.project {
                let value = header.clone().ok_or_else(|| {
                    Error::invalid(
                        "X-Tenant-Id",
                        format!("the project id {id:?} cannot be sent in a request header"),
                    )
                })?;
                call = call.header(TENANT, value);
            }
        }
        Ok(call)
    }

    /// Sends and decodes the answer, keys exactly as sent.
    pub(crate) async fn fetch<T: DeserializeOwned>(&self, req: Req) -> Result<T> {
        let answer = self.send(req).await?;
        console_core::de::decode(&answer.body, KeyCase::Exact)
    }

    /// As [`Client::fetch`], a 204 or an empty body being `None` (a missing record).
    pub(crate) async fn fetch_opt<T: DeserializeOwned>(&self, req: Req) -> Result<Option<T>> {
        let answer = self.send(req).await?;
        if answer.status == 204 || answer.body.trim_ascii().is_empty() {
            return Ok(None);
        }
        console_core::de::decode(&answer.body, KeyCase::Exact).map(Some)
    }

    /// As [`Client::fetch`] for a GET of one thing whose absence the server answers with
    /// `null` (a 204 with no body): that is a not-found error saying there is no `what`.
    pub(crate) async fn fetch_found<T: DeserializeOwned>(&self, req: Req, what: &str) -> Result<T> {
        self.fetch_opt(req).await?.ok_or_else(|| not_found(what))
    }

    /// As [`Client::engine`] for a GET of one thing whose absence is a 204 with no body.
    pub(crate) async fn engine_found<T: DeserializeOwned>(
        &self,
        req: Req,
        what: &str,
    ) -> Result<T> {
        let answer = self.send(req).await?;
        if answer.status == 204 || answer.body.trim_ascii().is_empty() {
            return Err(not_found(what));
        }
        Self::engine_answer(answer)
    }

    /// Sends a call whose answer is nothing (204).
    pub(crate) async fn done(&self, req: Req) -> Result<()> {
        self.send(req).await.map(drop)
    }

    /// Sends a call to the flow engine, whose answers say `errCode`/`errMsg` even with 200:
    /// success is `1000 ≤ errCode < 2000`; anything else is the engine's refusal.
    pub(crate) async fn engine<T: DeserializeOwned>(&self, req: Req) -> Result<T> {
        Self::engine_answer(self.send(req).await?)
    }

    fn engine_answer<T: DeserializeOwned>(answer: Answer) -> Result<T> {
        let value: Value = console_core::de::decode(&answer.body, KeyCase::Exact)?;
        engine_outcome(answer.status, &value, &answer.body)?;
        console_core::de::decode_value(value, KeyCase::Exact)
    }
}

/// The server answered `null` (204) for the one thing asked for.
fn not_found(what: &str) -> Error {
    Error::Api {
        kind: console_core::ErrorKind::NotFound,
        status: 204,
        message: format!("there is no {what}"),
        field: None,
        body: String::new(),
    }
}

/// Characters escaped in a path segment (a datasource, model, field or record id).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// `value` as one path segment; a blank one is refused naming `field`, and so are `.` and
/// `..`, which a URL resolves into the path above (escaped as `%2E` they resolve the same).
pub(crate) fn seg(field: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, format!("enter a {field}")));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(
            field,
            format!("{value:?} cannot be a {field}: it would name another path"),
        ));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_and_blank_ones_refused() {
        assert_eq!(seg("id", "a/b c?").unwrap(), "a%2Fb%20c%3F");
        assert_eq!(seg("model", "学生").unwrap(), "%E5%AD%A6%E7%94%9F");
        assert_eq!(seg("model", " ").unwrap_err().field(), Some("model"));
        assert_eq!(seg("id", "..").unwrap_err().field(), Some("id"));
        assert_eq!(seg("id", ".").unwrap_err().field(), Some("id"));
        assert_eq!(seg("id", "...").unwrap(), "...");
    }
}
