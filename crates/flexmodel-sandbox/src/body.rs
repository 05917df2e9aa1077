//! A JSON body whose rejection (not JSON, wrong shape) is answered as the server answers it:
//! 400 with `code -1`. Unknown members are ignored, as the server ignores them.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

use crate::error::ApiError;

pub(crate) struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::status(StatusCode::BAD_REQUEST, e.to_string()))?;
        let text = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        serde_json::from_slice(text)
            .map(JsonBody)
            .map_err(|e| ApiError::status(StatusCode::BAD_REQUEST, format!("bad JSON: {e}")))
    }
}
