//! One error type for every failure, with a short stable `kind` the UI turns into a sentence
//! and the server's own message kept beside it. Also reads the many shapes of error body
//! consoles and proxies send (JSON of several dialects, HTML pages, nothing at all).

use serde::Serialize;
use serde_json::Value;

/// A short stable word for what went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Unauthorized,
    /// Signed in, but not allowed to do this here (403): a department the user may not visit.
    Forbidden,
    SessionExpired,
    NotFound,
    InvalidInput,
    Conflict,
    Network,
    Timeout,
    Server,
    Decode,
    Cancelled,
    Io,
    /// The request may have reached the console but its answer was lost.
    UnknownOutcome,
}

/// Everything that can go wrong talking to a console.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The console answered with an error status.
    #[error("{message}")]
    Api {
        kind: ErrorKind,
        status: u16,
        message: String,
        field: Option<String>,
        /// The raw body, cut to a few KiB, for the JSON view and bug reports.
        body: String,
    },
    /// The refresh token was refused: the user must sign in again.
    #[error("the session has expired, sign in again ({0})")]
    SessionExpired(String),
    /// Refused by the client before anything was sent.
    #[error("{message}")]
    InvalidInput {
        message: String,
        field: Option<String>,
    },
    /// The file is not a `.dgs` package (checked before upload).
    #[error("{path}: {source}")]
    Package {
        path: String,
        #[source]
        source: dgs::DgsError,
    },
    #[error("cannot reach {url}: {message}")]
    Network { url: String, message: String },
    #[error("{0}")]
    Timeout(String),
    /// A success answer that does not have the documented shape.
    #[error("unexpected answer from the console at `{path}`: {message}")]
    Decode { path: String, message: String },
    #[error("cancelled")]
    Cancelled,
    /// A change was sent but its answer was lost (cut, timed out, or replaced by a proxy's
    /// error page): the console may or may not have carried it out. Never retried on its own.
    #[error("{cause}, so the console may or may not have carried out {operation}. {advice}")]
    UnknownOutcome {
        operation: String,
        cause: String,
        /// The status of the proxy's error page, when one came.
        status: Option<u16>,
        advice: String,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api { kind, .. } => *kind,
            Error::SessionExpired(_) => ErrorKind::SessionExpired,
            Error::InvalidInput { .. } | Error::Package { .. } => ErrorKind::InvalidInput,
            Error::Network { .. } => ErrorKind::Network,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::UnknownOutcome { .. } => ErrorKind::UnknownOutcome,
        }
    }

    /// The HTTP status, when the console answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::UnknownOutcome { status, .. } => *status,
            _ => None,
        }
    }

    /// The field at fault, when the console or the client named one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Api { field, .. } | Error::InvalidInput { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }

    /// `method path` was sent and its answer lost for `cause`; the advice says what to check
    /// before trying again (the jobs list for an execute, the versions for an upload).
    pub(crate) fn unknown_outcome(
        method: &str,
        path: &str,
        cause: impl Into<String>,
        status: Option<u16>,
    ) -> Self {
        let path = path.split('?').next().unwrap_or_default();
        let lower = path.to_ascii_lowercase();
        let advice = if lower.ends_with("/execute") {
            "Check the jobs list to see whether it ran before running it again."
        } else if lower.contains("/packages") || lower.contains("/preloadedversionfiles") {
            "Check the package's versions on the console before uploading again."
        } else {
            "Check the console to see whether it happened before trying again."
        };
        Error::UnknownOutcome {
            operation: format!("{method} {path}"),
            cause: cause.into(),
            status,
            advice: advice.into(),
        }
    }

    /// Whether this answer is a proxy's page standing in for a lost answer: a 500/502/503/504
    /// that is not the console's own JSON error.
    pub(crate) fn is_proxy_page(status: u16, content_type: Option<&str>, body: &[u8]) -> bool {
        let html = content_type.is_some_and(|c| c.contains("html"))
            || body.trim_ascii_start().starts_with(b"<");
        matches!(status, 500 | 502..=504) && html
    }

    /// Builds the error for a non-success answer from its status and body.
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let (server_message, field) = json.as_ref().map(read_error_json).unwrap_or_default();
        let kind = match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 | 412 => ErrorKind::Conflict,
            400 | 405 | 413 | 415 | 422 => ErrorKind::InvalidInput,
            408 | 504 => ErrorKind::Timeout,
            _ => ErrorKind::Server,
        };
        let message = match server_message {
            Some(m) => m,
            None => describe_status(status, content_type, &text),
        };
        Error::Api {
            kind,
            status,
            message,
            field,
            body: truncate(&text, 4096),
        }
    }
}

/// The serializable shape that crosses to the UI and the CLI's `--json` output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        ErrorBody {
            kind: e.kind(),
            message: e.to_string(),
            status: e.status(),
            field: e.field().map(str::to_owned),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorBody::from(self).serialize(s)
    }
}

/// Message and field from the JSON error dialects seen in the wild: the sandbox's and ABP's
/// `{Message, Field}`, OAuth's `{error, error_description}`, ASP.NET's problem details
/// `{title, errors: {Field: [..]}}`, and `{error: {message, validationErrors}}`.
fn read_error_json(v: &Value) -> (Option<String>, Option<String>) {
    let obj = match v {
        Value::Object(o) => o,
        Value::String(s) if !s.trim().is_empty() => return (Some(s.clone()), None),
        _ => return (None, None),
    };
    let get = |name: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let mut message = text(get("Message"))
        .or_else(|| text(get("error_description")))
        .or_else(|| text(get("detail")))
        .or_else(|| text(get("title")));
    let mut field = text(get("Field")).or_else(|| text(get("ParamName")));
    if let Some(Value::Object(errors)) = get("errors") {
        if let Some((name, msgs)) = errors.iter().next() {
            let name = name.trim_start_matches("$.").trim();
            field = field.or_else(|| (!name.is_empty()).then(|| name.to_owned()));
            let first = msgs.as_array().and_then(|a| a.first()).or(Some(msgs));
            if let Some(m) = text(first) {
                message = Some(m);
            }
        }
    }
    match get("error") {
        Some(Value::Object(inner)) => {
            let (m, f) = read_error_json(&Value::Object(inner.clone()));
            message = message.or(m);
            field = field.or(f).or_else(|| {
                inner
                    .get("validationErrors")
                    .and_then(|v| v.get(0))
                    .and_then(|v| v.get("members"))
                    .and_then(|v| v.get(0))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        }
        // A blank code says nothing: the status sentence is kept instead.
        Some(Value::String(code)) if message.is_none() && !code.trim().is_empty() => {
            message = Some(code.trim().to_owned())
        }
        _ => {}
    }
    (message, field)
}

fn describe_status(status: u16, content_type: Option<&str>, text: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let html =
        content_type.is_some_and(|c| c.contains("html")) || text.trim_start().starts_with('<');
    if html {
        format!("the console answered {status} {reason} with an HTML page (likely from a proxy or gateway in front of it)")
    } else if text.trim().is_empty() {
        format!("the console answered {status} {reason}")
    } else {
        format!(
            "the console answered {status} {reason}: {}",
            truncate(text.trim(), 200)
        )
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, ct: &str, body: &str) -> Error {
        Error::from_response(status, Some(ct), body.as_bytes())
    }

    #[test]
    fn nginx_502_page_is_a_server_error_with_status_not_html() {
        let e = api(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        );
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(e.status(), Some(502));
        let msg = e.to_string();
        assert!(
            msg.contains("502 Bad Gateway") && msg.contains("HTML page"),
            "{msg}"
        );
        assert!(!msg.contains("<html>"), "{msg}");
    }

    #[test]
    fn sandbox_style_400_keeps_message_and_field() {
        let e = api(
            400,
            "application/json",
            r#"{"Code":"InvalidArgument","Message":"Priority must be 0-5000","Field":"Priority"}"#,
        );
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.field(), Some("Priority"));
        assert_eq!(e.to_string(), "Priority must be 0-5000");
    }

    #[test]
    fn problem_details_errors_name_the_field() {
        let e = api(
            400,
            "application/problem+json",
            r#"{"title":"One or more validation errors occurred.","status":400,"errors":{"MaxRetryCount":["must be between 0 and 10"]}}"#,
        );
        assert_eq!(e.field(), Some("MaxRetryCount"));
        assert_eq!(e.to_string(), "must be between 0 and 10");
    }

    #[test]
    fn abp_style_nested_error_is_read() {
        let e = api(
            400,
            "application/json",
            r#"{"error":{"message":"Name is required","validationErrors":[{"message":"x","members":["name"]}]}}"#,
        );
        assert_eq!(e.to_string(), "Name is required");
        assert_eq!(e.field(), Some("name"));
    }

    #[test]
    fn oauth_error_uses_description() {
        let e = api(
            400,
            "application/json",
            r#"{"error":"invalid_grant","error_description":"invalid username or password"}"#,
        );
        assert_eq!(e.to_string(), "invalid username or password");
    }

    #[test]
    fn serializes_to_the_ui_shape() {
        let e = api(
            404,
            "application/json",
            r#"{"Message":"workflow not found"}"#,
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind":"not_found","message":"workflow not found","status":404})
        );
    }

    #[test]
    fn empty_body_still_says_the_status() {
        let e = Error::from_response(500, None, b"");
        assert_eq!(
            e.to_string(),
            "the console answered 500 Internal Server Error"
        );
    }
}
