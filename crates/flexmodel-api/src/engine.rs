//! The FlexModel server's own ways of saying something failed, beyond console-core's common
//! dialects (which already read `{code, message, errors}` and leave a 500's stack frames out):
//! the flow engine's `errCode`/`errMsg`, which comes even with status 200.

use console_core::{Error, ErrorKind, ErrorText};
use serde_json::Value;

use crate::Result;

/// The engine's verdict in a success answer: an `errCode` outside 1000..2000 is an error
/// carrying `errMsg`. An answer without `errCode` is taken as it is.
pub(crate) fn engine_outcome(status: u16, value: &Value, body: &[u8]) -> Result<()> {
    let Some(code) = value.get("errCode").and_then(Value::as_i64) else {
        return Ok(());
    };
    if (1000..2000).contains(&code) {
        return Ok(());
    }
    let message = value
        .get("errMsg")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map_or_else(
            || format!("the flow engine refused it (errCode {code})"),
            |m| format!("{m} (errCode {code})"),
        );
    Err(Error::Api {
        kind: ErrorKind::InvalidInput,
        status,
        message,
        field: None,
        body: String::from_utf8_lossy(body).chars().take(4096).collect(),
    })
}

/// The flow engine's error bodies (`errMsg`), read before the common dialects (which already
/// read the server's `{code, message, errors}` and leave stack frames out).
pub(crate) fn engine_dialect(v: &Value) -> ErrorText {
    ErrorText {
        message: v
            .get("errMsg")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
        field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_codes_outside_1000_to_2000_are_refusals() {
        let ok = serde_json::json!({"errCode": 1000, "errMsg": "success"});
        assert!(engine_outcome(200, &ok, b"").is_ok());
        assert!(engine_outcome(200, &serde_json::json!({"list": []}), b"").is_ok());
        let refused = serde_json::json!({"errCode": 4001, "errMsg": "flow is offline"});
        let err = engine_outcome(200, &refused, b"{}").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.to_string(), "flow is offline (errCode 4001)");
    }

    #[test]
    fn the_servers_error_shapes_map_onto_the_shared_kinds() {
        let read = |status, body: &str| {
            Error::from_response_with(
                status,
                Some("application/json"),
                body.as_bytes(),
                Some(engine_dialect),
            )
        };
        let e = read(
            400,
            r#"{"code":400,"message":"Cron表达式不能为空","success":false}"#,
        );
        assert_eq!(
            (e.kind(), e.to_string().as_str()),
            (ErrorKind::InvalidInput, "Cron表达式不能为空")
        );
        let e = read(
            400,
            r#"{"code":-1,"message":"name must not be blank, type must not be null","errors":{"name":"must not be blank","type":"must not be null"},"success":false}"#,
        );
        assert_eq!(
            (e.field(), e.to_string().as_str()),
            (Some("name"), "must not be blank")
        );
        let e = read(
            500,
            r#"{"code":-1,"message":"Model not found: Student","success":false,"errors":["tech.wetech.flexmodel.X.y(X.java:10)","a.b(C.java:2)"]}"#,
        );
        assert_eq!((e.kind(), e.field()), (ErrorKind::Server, None));
        assert_eq!(e.to_string(), "Model not found: Student");
        let e = read(500, r#"{"errCode":3001,"errMsg":"flow not found"}"#);
        assert_eq!(e.to_string(), "flow not found");
        let e = Error::from_response_with(401, None, b"", Some(engine_dialect));
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
    }
}
