//! JSON request bodies as the console takes them: `Content-Type: application/json`, an object,
//! and an empty body answered with 415 (the doc's table: send `{}` at least).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// A JSON object body.
pub(crate) struct JsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("application/json"));
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::invalid("body", format!("cannot read the body: {e}")))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::unsupported_media(
                "this operation needs a JSON body; send {} when there is nothing to say",
            ));
        }
        if !json {
            return Err(ApiError::unsupported_media(
                "the body must be sent as Content-Type: application/json",
            ));
        }
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonBody(map)),
            Ok(_) => Err(ApiError::invalid("body", "the body must be a JSON object")),
            Err(e) => Err(ApiError::invalid(
                "body",
                format!("the body is not valid JSON: {e}"),
            )),
        }
    }
}
