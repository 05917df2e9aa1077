//! A call as the resource method that makes it describes it: where it goes, what it carries,
//! and what the method knows and the sending loop cannot guess from the HTTP method: whether
//! it may be sent again ([`Resend`]), what to check when its answer is lost, and whether a 200
//! may still carry errors (GraphQL).

use std::borrow::Cow;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::upload::FileBody;

/// Whether a call may be sent again on its own after a passing failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resend {
    /// Changes nothing: safe to send again (a GET, a GraphQL query, a sign-in).
    Read,
    /// A change that may be repeated with the same effect (a PUT that sets a whole thing).
    Idempotent,
    /// A change that must never be sent twice (execute, create, upload, a GraphQL mutation).
    /// When its answer is lost it is an unknown outcome, with the call's advice.
    Never,
}

impl Resend {
    /// Whether the sending loop may try again after a passing failure.
    pub fn may_resend(self) -> bool {
        !matches!(self, Resend::Never)
    }
}

/// What to check when no call-specific advice was given.
pub const DEFAULT_ADVICE: &str =
    "Check the console to see whether it happened before trying again.";

/// What a call carries.
#[derive(Clone, Default)]
pub enum Body<'a> {
    #[default]
    Empty,
    /// JSON, serialised once, sent as `application/json`.
    Json(Bytes),
    /// An HTML form (`application/x-www-form-urlencoded`).
    Form(&'a [(&'a str, &'a str)]),
    /// A file streamed from disk with progress, a stall timeout and cancellation.
    File(&'a FileBody),
}

/// One call to a console.
#[derive(Clone)]
pub struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// Where the path starts in `url`, for messages that must not name the host or query.
    path_at: usize,
    pub(crate) resend: Resend,
    advice: Option<Cow<'static, str>>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: &'a [(&'a str, String)],
    pub(crate) body: Body<'a>,
    pub(crate) errors_in_200: bool,
    /// Every status is the answer (a console's user-defined API tried as is).
    pub(crate) every_status: bool,
}

impl<'a> Call<'a> {
    /// `method` to `base` + `path` (`path` starts with `/`).
    pub fn new(method: Method, base: &str, path: &str, resend: Resend) -> Self {
        let mut url = String::with_capacity(base.len() + path.len());
        url.push_str(base);
        url.push_str(path);
        Self::build(method, url, base.len(), resend)
    }

    /// A GET of `base` + `path`: a read.
    pub fn get(base: &str, path: &str) -> Self {
        Self::new(Method::GET, base, path, Resend::Read)
    }

    /// `method` to a whole URL (a pre-signed storage address, say).
    pub fn to_url(method: Method, url: &str, resend: Resend) -> Self {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let path_at = url[after_scheme..]
            .find('/')
            .map_or(url.len(), |i| after_scheme + i);
        Self::build(method, url.to_owned(), path_at, resend)
    }

    fn build(method: Method, url: String, path_at: usize, resend: Resend) -> Self {
        Call {
            method,
            url,
            path_at,
            resend,
            advice: None,
            headers: Vec::new(),
            query: &[],
            body: Body::Empty,
            errors_in_200: false,
            every_status: false,
        }
    }

    /// What to check before trying again when the answer to this call is lost.
    pub fn advice(mut self, advice: impl Into<Cow<'static, str>>) -> Self {
        self.advice = Some(advice.into());
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// A header whose value comes from the user or the console: refused, naming `field`,
    /// when it cannot be sent.
    pub fn try_header(self, name: HeaderName, value: &str, field: &str) -> Result<Self> {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid(field, format!("{field} cannot be sent in a request header"))
        })?;
        Ok(self.header(name, value))
    }

    pub fn query(mut self, pairs: &'a [(&'a str, String)]) -> Self {
        self.query = pairs;
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidInput {
            message: format!("the request cannot be written as JSON: {e}"),
            field: None,
        })?;
        self.body = Body::Json(bytes.into());
        Ok(self)
    }

    pub fn form(mut self, fields: &'a [(&'a str, &'a str)]) -> Self {
        self.body = Body::Form(fields);
        self
    }

    /// A file body. It is sent at most once per call whatever the call's [`Resend`]: sending
    /// a large file again is the caller's choice (and progress must never run backwards).
    pub fn file(mut self, file: &'a FileBody) -> Self {
        self.body = Body::File(file);
        self
    }

    /// The answer may say it failed with status 200 (GraphQL's `errors`): read it for that.
    pub fn errors_in_200(mut self) -> Self {
        self.errors_in_200 = true;
        self
    }

    /// Any status is the answer, not an error: for a request whose caller shows the answer as
    /// it came (trying an API). A 502-504 of a call that may be resent is still tried again.
    pub fn every_status(mut self) -> Self {
        self.every_status = true;
        self
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn resend(&self) -> Resend {
        self.resend
    }

    /// The path, without host or query string.
    pub fn path(&self) -> &str {
        let path = &self.url[self.path_at..];
        path.split('?').next().unwrap_or_default()
    }

    /// `METHOD /path`, as messages name the call.
    pub fn operation(&self) -> String {
        format!("{} {}", self.method, self.path())
    }

    /// The unknown outcome of this call, lost for `cause`.
    pub(crate) fn unknown(&self, cause: String, status: Option<u16>) -> Error {
        let advice = self.advice.clone().unwrap_or(Cow::Borrowed(DEFAULT_ADVICE));
        Error::unknown_outcome(self.operation(), cause, status, advice)
    }

    /// The request for one try, with the bearer token when one is given.
    pub(crate) fn request(
        &self,
        http: &reqwest::Client,
        bearer: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut rb = http.request(self.method.clone(), &self.url);
        if let Some(token) = bearer {
            rb = rb.bearer_auth(token);
        }
        for (name, value) in &self.headers {
            rb = rb.header(name.clone(), value.clone());
        }
        if !self.query.is_empty() {
            rb = rb.query(self.query);
        }
        match &self.body {
            Body::Empty | Body::File(_) => rb,
            Body::Json(bytes) => rb
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes.clone()),
            Body::Form(fields) => rb.form(fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_leaves_out_host_and_query() {
        let c = Call::new(Method::POST, "http://h:8080/api", "/f/x?a=1", Resend::Never);
        assert_eq!(c.path(), "/f/x");
        assert_eq!(c.operation(), "POST /f/x");
        let c = Call::to_url(
            Method::PUT,
            "https://s.example/b/c?sig=secret",
            Resend::Idempotent,
        );
        assert_eq!(c.path(), "/b/c");
        let c = Call::to_url(Method::PUT, "https://s.example", Resend::Idempotent);
        assert_eq!(c.path(), "");
    }

    #[test]
    fn only_never_forbids_resending() {
        assert!(Resend::Read.may_resend());
        assert!(Resend::Idempotent.may_resend());
        assert!(!Resend::Never.may_resend());
    }

    #[test]
    fn an_unknown_outcome_takes_the_calls_advice_or_the_default() {
        let c = Call::new(Method::POST, "http://h", "/x", Resend::Never);
        let e = c.unknown("lost".into(), None);
        assert!(e.to_string().ends_with(DEFAULT_ADVICE), "{e}");
        let e = c.advice("Check the runs.").unknown("lost".into(), None);
        assert!(e.to_string().ends_with("Check the runs."), "{e}");
    }

    #[test]
    fn a_header_that_cannot_be_sent_is_refused_naming_the_field() {
        let c = Call::get("http://h", "/x");
        let err = c
            .try_header(HeaderName::from_static("companyid"), "a\nb", "CompanyId")
            .err()
            .unwrap();
        assert_eq!(err.field(), Some("CompanyId"));
    }
}
