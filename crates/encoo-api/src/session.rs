//! How an Encoo console signs in and refreshes: form grants at the SSO's `/connect/token`,
//! answered in OAuth's spelling or the doc's, with a refresh token that works once. The
//! session around it (single-flight refresh, 401 → refresh → resend) is `console_core`'s.

use std::time::{Duration, Instant};

use console_core::{Authority, Call, Error, ErrorKind, Grant, Http, Resend, Result};
use reqwest::Method;
use serde::Deserialize;

use crate::de::{self, lenient_num};

/// `client_id` the doc fixes for third-party callers.
pub const CLIENT_ID: &str = "thirdpartyservice";

/// The token endpoint's answer, in either spelling (`access_token` or the doc's `Access_token`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TokenAnswer {
    #[serde(rename = "Access_token", alias = "AccessToken")]
    pub access_token: String,
    #[serde(
        rename = "Expires_in",
        alias = "ExpiresIn",
        deserialize_with = "lenient_num::deserialize",
        default = "default_lifetime"
    )]
    pub expires_in: u64,
    #[serde(rename = "Refresh_token", alias = "RefreshToken", default)]
    pub refresh_token: Option<String>,
}

fn default_lifetime() -> u64 {
    3600
}

/// Parses a token answer body (exposed for fuzzing and tests).
pub fn parse_token_answer(body: &[u8]) -> Result<(String, u64, Option<String>)> {
    let t: TokenAnswer = de::decode(body)?;
    if t.access_token.trim().is_empty() {
        return Err(Error::Decode {
            path: "Access_token".into(),
            message: "empty access token".into(),
        });
    }
    Ok((t.access_token, t.expires_in, t.refresh_token))
}

/// The SSO service of one console: where grants go.
pub(crate) struct SignIn {
    sso_url: String,
}

impl SignIn {
    pub(crate) fn new(sso_url: &str) -> Self {
        SignIn {
            sso_url: sso_url.to_owned(),
        }
    }

    /// The password grant. It changes nothing on the console, so it is a read: retried on
    /// connect errors, cut connections and gateway failures. A 400 is a refused sign-in.
    pub(crate) async fn password(
        &self,
        http: &Http,
        username: &str,
        password: &str,
    ) -> Result<Grant> {
        let form = [
            ("client_id", CLIENT_ID),
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ];
        match self.exchange(http, &form, Resend::Read).await {
            Err(Error::Api {
                status: 400,
                mut message,
                field,
                body,
                ..
            }) => {
                if message.contains("invalid_grant") {
                    message = "wrong username or password".into();
                }
                Err(Error::Api {
                    kind: ErrorKind::Unauthorized,
                    status: 400,
                    message,
                    field,
                    body,
                })
            }
            other => other,
        }
    }

    /// One call to `/connect/token`, timed from before it is sent.
    async fn exchange(&self, http: &Http, form: &[(&str, &str)], resend: Resend) -> Result<Grant> {
        let call = Call::new(Method::POST, &self.sso_url, "/connect/token", resend).form(form);
        let asked_at = Instant::now();
        let answer = http.send(&call, None).await?;
        let (access, expires_in, refresh) = parse_token_answer(&answer.body)?;
        Ok(Grant {
            access,
            refresh,
            lifetime: Some(Duration::from_secs(expires_in)),
            asked_at,
        })
    }
}

/// The refresh grant spends its token, so it is never sent twice: when its answer is lost
/// after sending, the token may be spent and the session holds no password to fall back on,
/// so the session has expired.
impl Authority for SignIn {
    async fn refresh(&self, http: &Http, secret: &str) -> Result<Grant> {
        let form = [
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", secret),
        ];
        match self.exchange(http, &form, Resend::Never).await {
            Err(Error::UnknownOutcome { cause, .. }) => Err(Error::SessionExpired(format!(
                "the token refresh was sent but {cause}, and a refresh token works only once"
            ))),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_answer_in_the_docs_spelling_with_string_lifetime() {
        let body = br#"{"Access_token":"a","Expires_in":"120","Token_type":"Bearer","Refresh_token":"r","Scope":"s"}"#;
        assert_eq!(
            parse_token_answer(body).unwrap(),
            ("a".into(), 120, Some("r".into()))
        );
    }

    #[test]
    fn token_answer_in_oauth_spelling_with_number_lifetime() {
        let body =
            br#"{"access_token":"a","expires_in":3600,"token_type":"Bearer","refresh_token":"r"}"#;
        assert_eq!(
            parse_token_answer(body).unwrap(),
            ("a".into(), 3600, Some("r".into()))
        );
    }

    #[test]
    fn token_answer_without_access_token_is_a_decode_error() {
        let err = parse_token_answer(br#"{"expires_in":1}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
    }
}
