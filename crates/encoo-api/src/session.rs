//! The signed-in session: the access token (kept only here, in memory), the refresh token
//! (which works once), and the single-flight refresh that many concurrent callers share.

use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::{watch, Mutex};

use crate::config::ClientConfig;
use crate::de::{self, lenient_num};
use crate::error::{Error, ErrorKind, Result};
use crate::http;

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

/// The longest token lifetime taken as given (a year): a console answering `expires_in` of
/// u64::MAX seconds once made the refresh time overflow `Instant` and panic.
const MAX_LIFETIME_SECS: u64 = 365 * 24 * 3600;

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

struct Tokens {
    access: String,
    refresh: Option<String>,
    refresh_at: Instant,
}

pub(crate) struct Session {
    tokens: Mutex<Tokens>,
    refresh_tx: watch::Sender<Option<String>>,
}

pub(crate) enum Grant<'a> {
    Password {
        username: &'a str,
        password: &'a str,
    },
    Refresh(&'a str),
}

impl Session {
    pub(crate) async fn start(
        http: &reqwest::Client,
        config: &ClientConfig,
        grant: Grant<'_>,
    ) -> Result<Session> {
        let tokens = exchange(http, config, grant).await?;
        let (refresh_tx, _) = watch::channel(tokens.refresh.clone());
        Ok(Session {
            tokens: Mutex::new(tokens),
            refresh_tx,
        })
    }

    /// A valid access token, refreshing first when it is about to expire. Callers that arrive
    /// during a refresh wait on the lock and then find the new token: one refresh for all.
    pub(crate) async fn bearer(
        &self,
        http: &reqwest::Client,
        config: &ClientConfig,
    ) -> Result<String> {
        let mut tokens = self.tokens.lock().await;
        if Instant::now() >= tokens.refresh_at {
            self.refresh_locked(&mut tokens, http, config).await?;
        }
        Ok(tokens.access.clone())
    }

    /// After a 401 with `stale`: refresh unless another caller already replaced that token.
    pub(crate) async fn refresh_after_401(
        &self,
        stale: &str,
        http: &reqwest::Client,
        config: &ClientConfig,
    ) -> Result<String> {
        let mut tokens = self.tokens.lock().await;
        if tokens.access == stale {
            self.refresh_locked(&mut tokens, http, config).await?;
        }
        Ok(tokens.access.clone())
    }

    async fn refresh_locked(
        &self,
        tokens: &mut Tokens,
        http: &reqwest::Client,
        config: &ClientConfig,
    ) -> Result<()> {
        let Some(refresh) = tokens.refresh.take() else {
            return Err(Error::SessionExpired(
                "no refresh token is left for this session".into(),
            ));
        };
        match exchange(http, config, Grant::Refresh(&refresh)).await {
            Ok(new) => {
                *tokens = new;
                self.refresh_tx.send_replace(tokens.refresh.clone());
                tracing::debug!("access token refreshed");
                Ok(())
            }
            // The token was not spent: the console was never reached.
            Err(e @ (Error::Network { .. } | Error::Timeout(_))) => {
                tokens.refresh = Some(refresh);
                Err(e)
            }
            Err(e @ Error::SessionExpired(_)) => {
                self.refresh_tx.send_replace(None);
                Err(e)
            }
            Err(e) => {
                self.refresh_tx.send_replace(None);
                Err(Error::SessionExpired(e.to_string()))
            }
        }
    }

    pub(crate) async fn refresh_token(&self) -> Option<String> {
        self.tokens.lock().await.refresh.clone()
    }

    pub(crate) fn watch_refresh_token(&self) -> watch::Receiver<Option<String>> {
        self.refresh_tx.subscribe()
    }

    /// Forces the next call to refresh first (used by tests and by "reconnect").
    pub(crate) async fn expire_now(&self) {
        self.tokens.lock().await.refresh_at = Instant::now();
    }
}

/// One call to `/connect/token`. A password grant changes nothing on the console, so it is
/// retried like a GET (connect errors, cut connections, 502/503/504). A refresh grant spends
/// its token and is never retried: when its answer is lost after sending, the token may be
/// spent, and the session holds no password to fall back on, so the session has expired.
async fn exchange(
    http: &reqwest::Client,
    config: &ClientConfig,
    grant: Grant<'_>,
) -> Result<Tokens> {
    let url = format!("{}/connect/token", config.sso_url);
    let (form, retry, is_refresh): (Vec<(&str, &str)>, bool, bool) = match grant {
        Grant::Password { username, password } => (
            vec![
                ("client_id", CLIENT_ID),
                ("grant_type", "password"),
                ("username", username),
                ("password", password),
            ],
            true,
            false,
        ),
        Grant::Refresh(token) => (
            vec![
                ("client_id", CLIENT_ID),
                ("grant_type", "refresh_token"),
                ("refresh_token", token),
            ],
            false,
            true,
        ),
    };
    let started = Instant::now();
    let answer = http::send_with_retries(config, retry, || http.post(&url).form(&form)).await;
    let (status, content_type, body) = match answer {
        Ok(answer) => answer,
        Err(t) if is_refresh && t.maybe_delivered() => {
            return Err(Error::SessionExpired(format!(
                "the answer to the token refresh was lost ({}) and a refresh token works only once",
                t.error
            )))
        }
        Err(t) => return Err(t.error),
    };
    if !(200..300).contains(&status) {
        let mut err = Error::from_response(status, content_type.as_deref(), &body);
        if let Error::Api { kind, message, .. } = &mut err {
            if status == 400 && !is_refresh && message.contains("invalid_grant") {
                *message = "wrong username or password".into();
            }
            if status == 400 && !is_refresh {
                *kind = ErrorKind::Unauthorized;
            }
        }
        return Err(err);
    }
    let (access, expires_in, refresh) = parse_token_answer(&body)?;
    let lifetime = Duration::from_secs(expires_in.min(MAX_LIFETIME_SECS));
    let margin = config.refresh_margin.min(lifetime / 2);
    Ok(Tokens {
        access,
        refresh,
        refresh_at: started + lifetime - margin,
    })
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
