//! The API log as the window sees it: a row keeps the request's headers and body as the
//! console logged them, and a console may log the caller's `Authorization` header (a session's
//! token) or a login's password. Those values are replaced here, in Rust, before a row reaches
//! the window; the rest of the row is the console's.

use flexmodel_api::{ApiLog, ApiLogQuery, Page};
use serde_json::Value;

use crate::desk::Desk;
use crate::error::Result;

/// What stands for a value the window must not see.
pub const HIDDEN: &str = "******";

/// Headers that carry credentials.
const SECRET_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-auth-token",
];

/// JSON members that carry credentials, at any depth of a logged body.
const SECRET_MEMBERS: [&str; 5] = ["password", "token", "accesstoken", "refreshtoken", "secret"];

fn hide_headers(headers: &mut Value) {
    let Some(map) = headers.as_object_mut() else {
        return;
    };
    for (name, value) in map.iter_mut() {
        if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            *value = match value {
                // The server's multi-map: `{"name": ["value", …]}`.
                Value::Array(values) => {
                    Value::Array(values.iter().map(|_| HIDDEN.into()).collect())
                }
                _ => HIDDEN.into(),
            };
        }
    }
}

fn hide_members(body: &mut Value) {
    match body {
        Value::Object(map) => {
            for (name, value) in map.iter_mut() {
                let key = name.to_ascii_lowercase().replace(['_', '-'], "");
                if SECRET_MEMBERS.contains(&key.as_str()) && !value.is_null() {
                    *value = HIDDEN.into();
                } else {
                    hide_members(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(hide_members),
        // A body logged as JSON text.
        Value::String(text) => {
            if let Ok(mut parsed @ (Value::Object(_) | Value::Array(_))) =
                serde_json::from_str::<Value>(text)
            {
                let before = parsed.clone();
                hide_members(&mut parsed);
                if parsed != before {
                    *text = parsed.to_string();
                }
            }
        }
        _ => {}
    }
}

/// A log row with its credentials hidden.
pub fn shown(mut row: ApiLog) -> ApiLog {
    hide_headers(&mut row.request_headers);
    hide_members(&mut row.request_body);
    row
}

impl Desk {
    /// A page of the API log, credentials hidden.
    pub async fn flexmodel_api_logs(&self, query: &ApiLogQuery) -> Result<Page<ApiLog>> {
        let mut page = self.flexmodel()?.api_logs().list(query).await?;
        page.list = page.list.into_iter().map(shown).collect();
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_cookies_and_passwords_are_hidden_and_the_rest_kept() {
        let row = ApiLog {
            request_headers: json!({
                "Authorization": ["Bearer eyJ.secret"],
                "cookie": "fm_refresh=abc",
                "Content-Type": ["application/json"],
            }),
            request_body: json!(
                r#"{"username":"admin","password":"admin123","nested":{"refresh_token":"rt"}}"#
            ),
            path: Some("POST /f/auth/login".into()),
            ..Default::default()
        };
        let shown = shown(row);
        let text = serde_json::to_string(&shown).unwrap();
        for secret in ["eyJ.secret", "fm_refresh=abc", "admin123", "\\\"rt\\\""] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(shown.request_headers["Authorization"], json!([HIDDEN]));
        assert_eq!(shown.request_headers["cookie"], json!(HIDDEN));
        assert_eq!(
            shown.request_headers["Content-Type"],
            json!(["application/json"])
        );
        let body: Value = serde_json::from_str(shown.request_body.as_str().unwrap()).unwrap();
        assert_eq!(body["username"], "admin");
        assert_eq!(body["password"], HIDDEN);
        assert_eq!(body["nested"]["refresh_token"], HIDDEN);
        assert_eq!(shown.path.as_deref(), Some("POST /f/auth/login"));
        // A body that is no JSON stays as logged.
        let plain = super::shown(ApiLog {
            request_body: json!("name=x"),
            ..Default::default()
        });
        assert_eq!(plain.request_body, json!("name=x"));
    }
}
