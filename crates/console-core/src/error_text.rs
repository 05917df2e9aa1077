//! Reading what an answer says went wrong: the message and field from the JSON error dialects
//! consoles send (a console may add its own), a sentence for bodies that say nothing (HTML
//! pages, empty bodies), whether a failure page came from a gateway rather than the console,
//! and the `errors` of a GraphQL answer that came with status 200.

use serde_json::Value;

use crate::error::{Error, ErrorKind};

/// What an error body says, when it says it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorText {
    pub message: Option<String>,
    pub field: Option<String>,
}

/// A console's own reading of its error bodies, tried before the common dialects; what it
/// leaves out is filled from them.
pub type ErrorDialect = fn(&Value) -> ErrorText;

pub(crate) fn read_error_body(body: &[u8], dialect: Option<ErrorDialect>) -> ErrorText {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return ErrorText::default();
    };
    let common = read_error_json(&json);
    match dialect.map(|d| d(&json)) {
        Some(own) => ErrorText {
            message: own.message.or(common.message),
            field: own.field.or(common.field),
        },
        None => common,
    }
}

/// Message and field from the JSON error dialects seen in the wild: `{Message, Field}` (ABP,
/// the Encoo sandbox), `{code, message, errors: {field: message}}` (FlexModel), OAuth's
/// `{error, error_description}`, ASP.NET's problem details `{title, errors: {Field: [..]}}`,
/// and `{error: {message, validationErrors}}`. Keys are matched whatever their case.
pub fn read_error_json(v: &Value) -> ErrorText {
    let obj = match v {
        Value::Object(o) => o,
        Value::String(s) if !s.trim().is_empty() => {
            return ErrorText {
                message: Some(s.clone()),
                field: None,
            }
        }
        _ => return ErrorText::default(),
    };
    let get = |name: &str| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let mut message = text(get("Message"))
        .or_else(|| text(get("error_description")))
        .or_else(|| text(get("detail")))
        .or_else(|| text(get("title")));
    let mut field = text(get("Field")).or_else(|| text(get("ParamName")));
    // A map of field to message(s); a list (a server's stack frames) says nothing shown.
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
        Some(inner @ Value::Object(fields)) => {
            let said = read_error_json(inner);
            message = message.or(said.message);
            field = field.or(said.field).or_else(|| {
                fields
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
    ErrorText { message, field }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Whether a failure answer is a gateway's page standing in for the console's: a 500, 502,
/// 503 or 504 whose body is not JSON (an nginx HTML page, an empty or plain-text body). The
/// consoles' own errors are JSON, even their 500s.
pub fn is_gateway_page(status: u16, content_type: Option<&str>, body: &[u8]) -> bool {
    matches!(status, 500 | 502..=504) && !is_console_body(content_type, body)
}

fn is_console_body(content_type: Option<&str>, body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() || trimmed.starts_with(b"<") || content_type.is_some_and(is_html) {
        return false;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(trimmed).is_ok()
}

fn is_html(content_type: &str) -> bool {
    content_type.contains("html")
}

/// The error a 2xx GraphQL answer carries when its `errors` member is a non-empty list (or
/// any other non-null value): the first message, how many more there were, and the `path`
/// of the first as the field.
pub(crate) fn graphql_errors(status: u16, body: &[u8]) -> Option<Error> {
    let answer: Value = serde_json::from_slice(body).ok()?;
    let errors = answer.as_object()?.get("errors")?;
    let list: Vec<&Value> = match errors {
        Value::Null => return None,
        Value::Array(items) if items.is_empty() => return None,
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let first = list[0];
    let mut message = first
        .get("message")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
        .or_else(|| first.as_str().map(str::to_owned))
        .unwrap_or_else(|| "the console answered with errors".to_owned());
    if list.len() > 1 {
        message.push_str(&format!(" (and {} more)", list.len() - 1));
    }
    let field = first.get("path").and_then(Value::as_array).map(|steps| {
        steps
            .iter()
            .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(".")
    });
    let classification = first
        .pointer("/extensions/classification")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = match classification {
        "ValidationError" | "InvalidSyntax" | "OperationNotSupported" | "BAD_REQUEST" => {
            ErrorKind::InvalidInput
        }
        "UNAUTHORIZED" => ErrorKind::Unauthorized,
        "FORBIDDEN" => ErrorKind::Forbidden,
        "NOT_FOUND" => ErrorKind::NotFound,
        _ => ErrorKind::Server,
    };
    Some(Error::Api {
        kind,
        status,
        message,
        field,
        body: truncate(&String::from_utf8_lossy(body), 4096),
    })
}

pub(crate) fn describe_status(status: u16, content_type: Option<&str>, text: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let html = content_type.is_some_and(is_html) || text.trim_start().starts_with('<');
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

pub(crate) fn truncate(s: &str, max: usize) -> String {
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
        assert_eq!((e.kind(), e.status()), (ErrorKind::Server, Some(502)));
        let msg = e.to_string();
        assert!(
            msg.contains("502 Bad Gateway") && msg.contains("HTML page"),
            "{msg}"
        );
        assert!(!msg.contains("<html>"), "{msg}");
    }

    #[test]
    fn pascal_case_400_keeps_message_and_field() {
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
    fn a_map_of_field_to_message_names_the_field() {
        let e = api(
            400,
            "application/json",
            r#"{"code":-1,"message":"name must not be blank, ","errors":{"name":"must not be blank"},"success":false}"#,
        );
        assert_eq!(
            (e.field(), e.to_string().as_str()),
            (Some("name"), "must not be blank")
        );
    }

    #[test]
    fn a_500_with_stack_frames_shows_the_message_not_the_frames() {
        let e = api(
            500,
            "application/json",
            r#"{"code":-1,"message":"Model not found: Student","success":false,"errors":["a.B.c(B.java:1)"]}"#,
        );
        assert_eq!((e.kind(), e.field()), (ErrorKind::Server, None));
        assert_eq!(e.to_string(), "Model not found: Student");
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
    fn empty_body_still_says_the_status() {
        let e = Error::from_response(500, None, b"");
        assert_eq!(
            e.to_string(),
            "the console answered 500 Internal Server Error"
        );
    }

    #[test]
    fn a_consoles_own_dialect_is_read_first_and_the_rest_filled_in() {
        fn own(v: &Value) -> ErrorText {
            ErrorText {
                message: v["errMsg"].as_str().map(str::to_owned),
                field: None,
            }
        }
        let body = br#"{"errCode":4001,"errMsg":"flow is offline","Field":"flowModuleId"}"#;
        let e = Error::from_response_with(400, None, body, Some(own));
        assert_eq!(e.to_string(), "flow is offline");
        assert_eq!(e.field(), Some("flowModuleId"));
    }

    #[test]
    fn gateway_pages_are_html_empty_or_plain_text_but_never_json() {
        let html = b"<html><body>nginx</body></html>".as_slice();
        assert!(is_gateway_page(500, Some("text/html"), html));
        assert!(is_gateway_page(500, None, html));
        assert!(is_gateway_page(503, None, b""));
        assert!(is_gateway_page(502, Some("text/plain"), b"Bad Gateway"));
        let own = br#"{"code":-1,"message":"Model not found","success":false}"#.as_slice();
        assert!(!is_gateway_page(500, Some("application/json"), own));
        assert!(!is_gateway_page(404, None, b""));
        assert!(!is_gateway_page(501, None, b""));
    }

    #[test]
    fn graphql_errors_in_a_200_name_the_first_message_and_its_path() {
        let body = br#"{"errors":[{"message":"Validation error: field 'nme' undefined","path":["ds_list_Student",0,"nme"],"extensions":{"classification":"ValidationError"}},{"message":"second"}],"data":null,"extensions":null,"dataPresent":false}"#;
        let e = graphql_errors(200, body).unwrap();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.status(), Some(200));
        assert_eq!(
            e.to_string(),
            "Validation error: field 'nme' undefined (and 1 more)"
        );
        assert_eq!(e.field(), Some("ds_list_Student.0.nme"));
    }

    #[test]
    fn graphql_answers_without_errors_are_not_errors() {
        for body in [
            br#"{"errors":[],"data":{"x":1}}"#.as_slice(),
            br#"{"errors":null,"data":{"x":1}}"#,
            br#"{"data":{"x":1}}"#,
            br#"[1,2]"#,
            b"not json",
        ] {
            assert!(graphql_errors(200, body).is_none(), "{body:?}");
        }
    }
}
