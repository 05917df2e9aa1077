//! The signed-in session, whatever the console: the access token (kept only here, in memory),
//! the refresh secret, and the single-flight refresh that many concurrent callers share. How
//! a console refreshes is its own ([`Authority`]); when to refresh, who waits, what a refused
//! refresh means and who hears of a new secret is said once, here.

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use tokio::sync::{watch, Mutex};

use crate::call::Call;
use crate::download::Downloaded;
use crate::error::{Error, Result};
use crate::http::Http;
use crate::transport::Answer;

/// The longest token lifetime taken as given (a year): a console answering a lifetime of
/// u64::MAX seconds once made the refresh time overflow `Instant` and panic.
pub const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

/// What a sign-in or a refresh gives.
#[derive(Clone)]
pub struct Grant {
    /// The bearer token for calls.
    pub access: String,
    /// The secret the next refresh needs (a refresh token, a refresh cookie's value); none
    /// when the console gave none, and then the session cannot refresh again.
    pub refresh: Option<String>,
    /// How long the access token lives, when the console's word can be trusted; none to
    /// refresh only when a call is refused with 401.
    pub lifetime: Option<Duration>,
    /// When the sign-in or refresh was asked for: the lifetime counts from here.
    pub asked_at: Instant,
}

/// Never shows a token.
impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grant")
            .field("has_refresh", &self.refresh.is_some())
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

/// How a console refreshes a session: the one thing about sessions that differs between
/// consoles. (Signing in differs too, but happens before a session exists: the console's
/// client does it and hands the session its first [`Grant`].)
pub trait Authority: Send + Sync {
    /// Trades the refresh `secret` for a fresh grant. Called under the session's lock, so one
    /// at a time however many callers wait. A [`Error::Network`] or [`Error::Timeout`] means
    /// the console was not reached and the secret is kept; any other error ends the session.
    fn refresh(&self, http: &Http, secret: &str) -> impl Future<Output = Result<Grant>> + Send;
}

struct Tokens {
    access: String,
    refresh: Option<String>,
    /// When to refresh before calling; never when the lifetime is not known.
    refresh_at: Option<Instant>,
}

/// A signed-in session of a console whose refreshes `A` makes.
pub struct Session<A> {
    authority: A,
    margin: Duration,
    tokens: Mutex<Tokens>,
    secret_tx: watch::Sender<Option<String>>,
}

impl<A: Authority> Session<A> {
    /// A session from a first grant. It refreshes `margin` before the token expires (at most
    /// half the token's lifetime before).
    pub fn new(authority: A, grant: Grant, margin: Duration) -> Self {
        let tokens = Tokens::from_grant(grant, margin);
        let (secret_tx, _) = watch::channel(tokens.refresh.clone());
        Session {
            authority,
            margin,
            tokens: Mutex::new(tokens),
            secret_tx,
        }
    }

    /// A session resumed from a stored refresh secret (which the authority may spend).
    pub async fn resume(authority: A, http: &Http, secret: &str, margin: Duration) -> Result<Self> {
        let grant = authority.refresh(http, secret).await?;
        Ok(Self::new(authority, grant, margin))
    }

    pub fn authority(&self) -> &A {
        &self.authority
    }

    /// Sends `call` with the bearer token. A 401 leads to one refresh and one resend: the
    /// console refused the call unseen, so even a [`crate::Resend::Never`] call is safe to
    /// send again. A second 401 is the call's answer.
    pub async fn send(&self, http: &Http, call: &Call<'_>) -> Result<Answer> {
        let mut token = self.bearer(http).await?;
        let mut refreshed = false;
        loop {
            match http.send(call, Some(&token)).await {
                Err(Error::Api { status: 401, .. }) if !refreshed => {
                    refreshed = true;
                    token = self.refresh_after_401(&token, http).await?;
                }
                answer => return answer,
            }
        }
    }

    /// Downloads `call`'s answer to the file `to` ([`Http::download`]) with the bearer token,
    /// refreshing once after a 401 as [`Session::send`] does.
    pub async fn download(&self, http: &Http, call: &Call<'_>, to: &Path) -> Result<Downloaded> {
        let mut token = self.bearer(http).await?;
        let mut refreshed = false;
        loop {
            match http.download(call, Some(&token), to).await {
                Err(Error::Api { status: 401, .. }) if !refreshed => {
                    refreshed = true;
                    token = self.refresh_after_401(&token, http).await?;
                }
                answer => return answer,
            }
        }
    }

    /// A valid access token, refreshing first when it is about to expire. Callers that arrive
    /// during a refresh wait on the lock and then find the new token: one refresh for all.
    pub async fn bearer(&self, http: &Http) -> Result<String> {
        let mut tokens = self.tokens.lock().await;
        if tokens.refresh_at.is_some_and(|at| Instant::now() >= at) {
            self.refresh_locked(&mut tokens, http).await?;
        }
        Ok(tokens.access.clone())
    }

    /// After a 401 with `stale`: refresh unless another caller already replaced that token.
    pub async fn refresh_after_401(&self, stale: &str, http: &Http) -> Result<String> {
        let mut tokens = self.tokens.lock().await;
        if tokens.access == stale {
            self.refresh_locked(&mut tokens, http).await?;
        }
        Ok(tokens.access.clone())
    }

    async fn refresh_locked(&self, tokens: &mut Tokens, http: &Http) -> Result<()> {
        // Cloned, not taken: a caller dropped mid-refresh leaves the secret where it was.
        let Some(secret) = tokens.refresh.clone() else {
            return Err(Error::SessionExpired(
                "no refresh token is left for this session".into(),
            ));
        };
        match self.authority.refresh(http, &secret).await {
            Ok(grant) => {
                *tokens = Tokens::from_grant(grant, self.margin);
                self.announce(tokens.refresh.clone());
                tracing::debug!("access token refreshed");
                Ok(())
            }
            // The console was never reached: the secret is still good.
            Err(e @ (Error::Network { .. } | Error::Timeout(_))) => Err(e),
            Err(e) => {
                tokens.refresh = None;
                self.announce(None);
                Err(match e {
                    e @ Error::SessionExpired(_) => e,
                    other => Error::SessionExpired(other.to_string()),
                })
            }
        }
    }

    fn announce(&self, secret: Option<String>) {
        self.secret_tx.send_if_modified(|current| {
            let changed = *current != secret;
            *current = secret;
            changed
        });
    }

    /// The current refresh secret, for the OS keyring.
    pub async fn refresh_secret(&self) -> Option<String> {
        self.tokens.lock().await.refresh.clone()
    }

    /// Sees each new refresh secret (a secret that works once must be followed by the stored
    /// copy); `None` once the session has ended. Told only when the secret really changes.
    pub fn watch_refresh_secret(&self) -> watch::Receiver<Option<String>> {
        self.secret_tx.subscribe()
    }

    /// Makes the next call refresh first (tests, and "reconnect").
    pub async fn expire_now(&self) {
        self.tokens.lock().await.refresh_at = Some(Instant::now());
    }
}

impl Tokens {
    fn from_grant(grant: Grant, margin: Duration) -> Tokens {
        let refresh_at = grant.lifetime.map(|lifetime| {
            let lifetime = lifetime.min(MAX_LIFETIME);
            grant.asked_at + lifetime - margin.min(lifetime / 2)
        });
        Tokens {
            access: grant.access,
            refresh: grant.refresh,
            refresh_at,
        }
    }
}
