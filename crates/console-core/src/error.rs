//! One error type for every failure of every console, with a short stable `kind` the UI turns
//! into a sentence and the server's own message kept beside it; and the one serializable shape
//! (`{kind, message, status?, field?}`) in which it crosses to the window and the CLI.

use serde::Serialize;

use crate::error_text::{describe_status, read_error_body, truncate, ErrorDialect};

/// A short stable word for what went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Unauthorized,
    /// Signed in, but not allowed to do this here (403).
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
    /// The console answered with an error status (or, for a GraphQL call, with `errors`).
    #[error("{message}")]
    Api {
        kind: ErrorKind,
        status: u16,
        message: String,
        field: Option<String>,
        /// The raw body, cut to a few KiB, for the JSON view and bug reports.
        body: String,
    },
    /// The refresh secret was refused or is gone: the user must sign in again.
    #[error("the session has expired, sign in again ({0})")]
    SessionExpired(String),
    /// Refused by the client before anything was sent.
    #[error("{message}")]
    InvalidInput {
        message: String,
        field: Option<String>,
    },
    /// A local file is not what the console takes (checked before sending).
    #[error("{path}: {source}")]
    Package {
        path: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
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
        /// What to check before trying again, said by the call that was made.
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

    /// A refusal the client makes before sending, naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }

    /// The local file at `path` is not what the console takes.
    pub fn package(
        path: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Package {
            path: path.into(),
            source: source.into(),
        }
    }

    /// `operation` (`METHOD /path`) was sent and its answer lost for `cause`; `advice` says
    /// what to check before trying again.
    pub fn unknown_outcome(
        operation: impl Into<String>,
        cause: impl Into<String>,
        status: Option<u16>,
        advice: impl Into<String>,
    ) -> Self {
        Error::UnknownOutcome {
            operation: operation.into(),
            cause: cause.into(),
            status,
            advice: advice.into(),
        }
    }

    /// Builds the error for a non-success answer from its status and body, reading the
    /// message and field in any of the common JSON dialects.
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Self {
        Self::from_response_with(status, content_type, body, None)
    }

    /// As [`Error::from_response`], trying a console's own `dialect` first.
    pub fn from_response_with(
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
        dialect: Option<ErrorDialect>,
    ) -> Self {
        let text = String::from_utf8_lossy(body);
        let said = read_error_body(body, dialect);
        let kind = match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 | 412 => ErrorKind::Conflict,
            400 | 405 | 413 | 415 | 422 => ErrorKind::InvalidInput,
            408 | 504 => ErrorKind::Timeout,
            _ => ErrorKind::Server,
        };
        let message = match said.message {
            Some(m) => m,
            None => describe_status(status, content_type, &text),
        };
        Error::Api {
            kind,
            status,
            message,
            field: said.field,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_keeps_its_snake_case_name() {
        let names: Vec<String> = [
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::SessionExpired,
            ErrorKind::NotFound,
            ErrorKind::InvalidInput,
            ErrorKind::Conflict,
            ErrorKind::Network,
            ErrorKind::Timeout,
            ErrorKind::Server,
            ErrorKind::Decode,
            ErrorKind::Cancelled,
            ErrorKind::Io,
            ErrorKind::UnknownOutcome,
        ]
        .iter()
        .map(|k| {
            serde_json::to_value(k)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(
            names,
            [
                "unauthorized",
                "forbidden",
                "session_expired",
                "not_found",
                "invalid_input",
                "conflict",
                "network",
                "timeout",
                "server",
                "decode",
                "cancelled",
                "io",
                "unknown_outcome"
            ]
        );
    }

    #[test]
    fn serializes_to_the_ui_shape() {
        let e = Error::from_response(404, None, br#"{"Message":"workflow not found"}"#);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind":"not_found","message":"workflow not found","status":404})
        );
        let e = Error::invalid("Name", "enter a name");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind":"invalid_input","message":"enter a name","field":"Name"})
        );
    }

    #[test]
    fn an_unknown_outcome_says_the_operation_and_the_callers_advice() {
        let e = Error::unknown_outcome(
            "POST /x/execute",
            "its answer was lost",
            Some(502),
            "Check the runs.",
        );
        assert_eq!(
            e.to_string(),
            "its answer was lost, so the console may or may not have carried out POST /x/execute. Check the runs."
        );
        assert_eq!(
            (e.kind(), e.status()),
            (ErrorKind::UnknownOutcome, Some(502))
        );
    }

    #[test]
    fn a_package_error_keeps_the_path_and_the_reason() {
        let e = Error::package("/tmp/a.dgs", "the file is empty");
        assert_eq!(e.to_string(), "/tmp/a.dgs: the file is empty");
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
}
