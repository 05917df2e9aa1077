//! How a FlexModel server signs in and refreshes: a JSON login whose answer carries the access
//! token and whose `Set-Cookie` carries the `refreshToken` cookie, and a refresh that sends
//! only that cookie. The cookie is not rotated, so a refresh may be sent again after a
//! passing failure. The answer's `expiresIn` is always 300000 whatever the token's real
//! lifetime, so it is ignored: the session refreshes only after a 401. The session around it
//! (single-flight refresh, 401 → refresh → resend) is `console_core`'s.

use std::time::Instant;

use console_core::{Answer, Authority, Call, Error, ErrorKind, Grant, Http, KeyCase, Resend};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::Result;

/// The refresh cookie's name.
pub const REFRESH_COOKIE: &str = "refreshToken";

/// The signed-in user, as the login answer and `whoami` give it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub username: String,
    /// `["*"]` for the administrator.
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub permissions: Vec<String>,
}

/// The login and refresh answer (`expiresIn` read but never trusted).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TokenAnswer {
    pub token: String,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub permissions: Vec<String>,
}

/// The value of the `refreshToken` cookie an answer sets, if it sets one.
pub(crate) fn refresh_cookie(answer: &Answer) -> Option<String> {
    answer
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFRESH_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn grant(answer: &Answer, asked_at: Instant, previous: Option<&str>) -> Result<(Grant, User)> {
    let parsed: TokenAnswer = console_core::de::decode(&answer.body, KeyCase::Exact)?;
    if parsed.token.trim().is_empty() {
        return Err(Error::Decode {
            path: "token".into(),
            message: "the answer holds no access token".into(),
        });
    }
    let mut user = parsed.user.unwrap_or_default();
    if user.permissions.is_empty() {
        user.permissions = parsed.permissions;
    }
    let refresh = refresh_cookie(answer).or_else(|| previous.map(str::to_owned));
    let grant = Grant {
        access: parsed.token,
        refresh,
        // `expiresIn` says 300000 whatever the truth: refresh on 401 only.
        lifetime: None,
        asked_at,
    };
    Ok((grant, user))
}

/// The server's session endpoints under one REST root.
pub(crate) struct CookieSession {
    api_url: String,
}

impl CookieSession {
    pub(crate) fn new(api_url: &str) -> Self {
        CookieSession {
            api_url: api_url.to_owned(),
        }
    }

    /// `POST /f/auth/login`. It changes nothing on the server, so it is a read (retried after
    /// passing failures). A refused password (400 "Wrong username or password") is an
    /// `unauthorized` error with the server's words.
    pub(crate) async fn login(
        &self,
        http: &Http,
        username: &str,
        password: &str,
    ) -> Result<(Grant, User)> {
        let body = serde_json::json!({"username": username, "password": password});
        let call =
            Call::new(Method::POST, &self.api_url, "/f/auth/login", Resend::Read).json(&body)?;
        let asked_at = Instant::now();
        match http.send(&call, None).await {
            Ok(answer) => {
                let (grant, user) = grant(&answer, asked_at, None)?;
                if grant.refresh.is_none() {
                    return Err(Error::Decode {
                        path: "Set-Cookie".into(),
                        message: format!("the login answer set no `{REFRESH_COOKIE}` cookie"),
                    });
                }
                Ok((grant, user))
            }
            Err(Error::Api {
                status: 400,
                message,
                field: None,
                body,
                ..
            }) => Err(Error::Api {
                kind: ErrorKind::Unauthorized,
                status: 400,
                message,
                field: None,
                body,
            }),
            Err(e) => Err(e),
        }
    }

    /// `POST /f/auth/refresh` with the cookie, keeping the user.
    pub(crate) async fn refresh_with_user(
        &self,
        http: &Http,
        cookie: &str,
    ) -> Result<(Grant, User)> {
        let call = Call::new(Method::POST, &self.api_url, "/f/auth/refresh", Resend::Read)
            .try_header(
                COOKIE,
                &format!("{REFRESH_COOKIE}={cookie}"),
                REFRESH_COOKIE,
            )?;
        let asked_at = Instant::now();
        match http.send(&call, None).await {
            Ok(answer) => grant(&answer, asked_at, Some(cookie)),
            Err(Error::Api { status: 401, .. }) => Err(Error::SessionExpired(
                "the server refused the refresh cookie".into(),
            )),
            Err(e) => Err(e),
        }
    }
}

/// The refresh cookie is not rotated and spends nothing, so the refresh is a read; a 401 (with
/// an empty body) ends the session.
impl Authority for CookieSession {
    async fn refresh(&self, http: &Http, secret: &str) -> Result<Grant> {
        self.refresh_with_user(http, secret).await.map(|(g, _)| g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn answer(cookies: &[&str], body: &str) -> Answer {
        let mut headers = HeaderMap::new();
        for c in cookies {
            headers.append(SET_COOKIE, HeaderValue::from_str(c).unwrap());
        }
        Answer {
            status: 200,
            headers,
            body: body.to_owned().into(),
        }
    }

    #[test]
    fn the_refresh_cookie_is_found_among_others() {
        let a = answer(
            &[
                "JSESSIONID=x; Path=/",
                "refreshToken=eyJ.a.b; Path=/; Max-Age=604800; HttpOnly",
            ],
            "{}",
        );
        assert_eq!(refresh_cookie(&a).as_deref(), Some("eyJ.a.b"));
        assert_eq!(
            refresh_cookie(&answer(&["refreshToken=; Path=/"], "{}")),
            None
        );
    }

    #[test]
    fn expires_in_is_never_a_lifetime_and_an_unset_cookie_keeps_the_old_one() {
        let body = r#"{"token":"t","expiresIn":300000,"user":{"id":"1","username":"admin"},"permissions":["*"]}"#;
        let (g, user) = grant(&answer(&[], body), Instant::now(), Some("old")).unwrap();
        assert_eq!(g.lifetime, None);
        assert_eq!(g.refresh.as_deref(), Some("old"));
        assert_eq!(
            (user.username.as_str(), user.permissions),
            ("admin", vec!["*".to_owned()])
        );
    }

    #[test]
    fn an_answer_without_token_is_a_decode_error() {
        let err = grant(&answer(&[], r#"{"token":" "}"#), Instant::now(), None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
    }
}
