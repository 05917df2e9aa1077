//! Error answers in the shapes the real server sends (`flexmodel-server.md`, "Errors and status
//! codes"): a business 400 `{code:400,message,success:false}`; a validation 400 with `code -1`
//! and `errors` a map of field to message; an unknown route or bad JSON with that status and
//! `code -1`; anything else a 500 with `code -1` and `errors` a list of stack frames (here one
//! line naming the sandbox module, so that a client that shows frames is caught by its tests).
//! A 401 for a bad token has a body; a refused refresh is a 401 with none.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub body: Option<Value>,
}

impl ApiError {
    /// A business error: 400 `{code:400, message, success:false}`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: Some(json!({"code": 400, "message": message.into(), "success": false})),
        }
    }

    /// A validation error: 400, `code -1`, the messages joined, and `errors` field → message.
    pub fn validation(errors: &[(&str, &str)]) -> Self {
        let message = errors
            .iter()
            .map(|(field, msg)| format!("{field} {msg}"))
            .collect::<Vec<_>>()
            .join(", ");
        let map: Map<String, Value> = errors
            .iter()
            .map(|(f, m)| ((*f).to_owned(), Value::String((*m).to_owned())))
            .collect();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: Some(json!({"code": -1, "message": message, "errors": map, "success": false})),
        }
    }

    /// Anything the server does not catch: 500, `code -1`, and stack frames.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: Some(json!({
                "code": -1,
                "message": message.into(),
                "success": false,
                "errors": ["at dev.consoledesk.flexmodel_sandbox (a stack frame the client must not show)"],
            })),
        }
    }

    /// A bad or expired token: 401 with a body.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: Some(json!({"code": 401, "message": message.into(), "success": false})),
        }
    }

    /// A refused refresh: 401 with an empty body.
    pub fn unauthorized_empty() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: None,
        }
    }

    /// An unknown route, a bad JSON body: that status, `code -1`.
    pub fn status(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Some(json!({"code": -1, "message": message.into(), "success": false})),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        }
    }
}

/// A refusal of the FlexModel rules (`flexmodel-rules`, which the app's forms ask too): a
/// validation is the 400 naming its field, anything else the server's 500.
impl From<flexmodel_rules::Refusal> for ApiError {
    fn from(r: flexmodel_rules::Refusal) -> Self {
        match r.validation {
            true => ApiError::validation(&[(&r.field, &r.message)]),
            false => ApiError::internal(r.message),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(e.to_string())
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

pub(crate) async fn no_route(uri: axum::http::Uri) -> ApiError {
    ApiError::status(
        StatusCode::NOT_FOUND,
        format!("RESTEASY003210: Could not find resource for full path: {uri}"),
    )
}
