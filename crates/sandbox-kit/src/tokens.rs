//! The tokens a sandbox hands out and checks, whatever the console's grant shapes: access
//! tokens with a lifetime, refresh secrets that work once (an OAuth refresh token) or until
//! revoked (a refresh cookie that is not rotated), and counters of what was granted. The
//! console's own token endpoint decides who may sign in and how the answer is spelled.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a refresh secret may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefreshRule {
    /// It works once: a refresh spends it and hands out a new one with the new access token.
    #[default]
    SingleUse,
    /// It works until it expires or is revoked: a refresh hands out a new access token and the
    /// same secret (a refresh cookie the console does not rotate).
    Reusable,
}

/// Lifetimes and the refresh rule of a sandbox's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRules {
    /// Lifetime of an access token.
    pub access_ttl: Duration,
    /// Lifetime of a refresh secret; `None`: until used (single use) or revoked.
    pub refresh_ttl: Option<Duration>,
    pub refresh: RefreshRule,
}

impl Default for TokenRules {
    fn default() -> Self {
        TokenRules {
            access_ttl: Duration::from_secs(3600),
            refresh_ttl: None,
            refresh: RefreshRule::SingleUse,
        }
    }
}

/// What a sign-in or a refresh hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Who the tokens belong to (the user name the console signed in).
    pub subject: String,
    pub access: String,
    /// The refresh secret: new after a sign-in, and after each refresh under
    /// [`RefreshRule::SingleUse`]; the same one under [`RefreshRule::Reusable`].
    pub refresh: String,
    /// The access token's lifetime.
    pub expires_in: Duration,
}

/// Why an access token is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// It was handed out, but its lifetime is over.
    Expired,
    /// It was never handed out, or it was revoked.
    Unknown,
}

/// Counts of what the token endpoint did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Grants {
    pub sign_in: u32,
    pub refresh: u32,
    pub sign_in_refused: u32,
    pub refresh_refused: u32,
}

/// The token store of one sandbox; cheap to clone, every clone sees the same tokens.
#[derive(Clone, Default)]
pub struct Tokens {
    rules: TokenRules,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// Access token → (subject, expiry).
    access: HashMap<String, (String, Instant)>,
    /// Refresh secret → (subject, expiry).
    refresh: HashMap<String, (String, Option<Instant>)>,
    grants: Grants,
    /// Every access token and refresh secret handed out, in order.
    issued: Vec<String>,
}

impl Tokens {
    pub fn new(rules: TokenRules) -> Tokens {
        Tokens {
            rules,
            state: Arc::default(),
        }
    }

    pub fn rules(&self) -> TokenRules {
        self.rules
    }

    /// A sign-in the console accepted: a new access token and a new refresh secret.
    pub fn sign_in(&self, subject: &str) -> Grant {
        let mut state = self.state.lock().unwrap();
        state.grants.sign_in += 1;
        let access = self.mint_access(&mut state, subject);
        let refresh = self.mint_refresh(&mut state, subject);
        state.issued.extend([access.clone(), refresh.clone()]);
        self.grant(subject, access, refresh)
    }

    /// Counts a sign-in the console refused (wrong password, unknown user).
    pub fn refuse_sign_in(&self) {
        self.state.lock().unwrap().grants.sign_in_refused += 1;
    }

    /// A refresh with `secret`: a new access token (and refresh secret, by the rule), or none
    /// when the secret is unknown, spent, expired or revoked. Counted either way.
    pub fn refresh(&self, secret: &str) -> Option<Grant> {
        let mut state = self.state.lock().unwrap();
        let now = Instant::now();
        let subject = match state.refresh.get(secret) {
            Some((subject, expiry)) if expiry.is_none_or(|e| now < e) => subject.clone(),
            _ => {
                state.grants.refresh_refused += 1;
                return None;
            }
        };
        state.grants.refresh += 1;
        let access = self.mint_access(&mut state, &subject);
        let refresh = match self.rules.refresh {
            RefreshRule::SingleUse => {
                state.refresh.remove(secret);
                let refresh = self.mint_refresh(&mut state, &subject);
                state.issued.extend([access.clone(), refresh.clone()]);
                refresh
            }
            RefreshRule::Reusable => {
                state.issued.push(access.clone());
                secret.to_owned()
            }
        };
        Some(self.grant(&subject, access, refresh))
    }

    /// Who `access` belongs to, if it is a live access token.
    pub fn check(&self, access: &str) -> Result<String, TokenRefusal> {
        let state = self.state.lock().unwrap();
        match state.access.get(access) {
            Some((subject, expiry)) if Instant::now() < *expiry => Ok(subject.clone()),
            Some(_) => Err(TokenRefusal::Expired),
            None => Err(TokenRefusal::Unknown),
        }
    }

    /// Invalidates every access token handed out so far (the `revoke` fault, and tests).
    pub(crate) fn revoke_access_now(&self) {
        self.state.lock().unwrap().access.clear();
    }

    fn mint_access(&self, state: &mut State, subject: &str) -> String {
        let access = format!("sbx-at-{}", uuid::Uuid::new_v4().simple());
        let expiry = Instant::now() + self.rules.access_ttl;
        state
            .access
            .insert(access.clone(), (subject.to_owned(), expiry));
        access
    }

    fn mint_refresh(&self, state: &mut State, subject: &str) -> String {
        let secret = format!("sbx-rt-{}", uuid::Uuid::new_v4().simple());
        let expiry = self.rules.refresh_ttl.map(|ttl| Instant::now() + ttl);
        state
            .refresh
            .insert(secret.clone(), (subject.to_owned(), expiry));
        secret
    }

    fn grant(&self, subject: &str, access: String, refresh: String) -> Grant {
        Grant {
            subject: subject.to_owned(),
            access,
            refresh,
            expires_in: self.rules.access_ttl,
        }
    }
}

/// What only tests may do: look at the grants and revoke tokens behind a client's back.
#[cfg(feature = "testing")]
impl Tokens {
    /// Invalidates every access token handed out so far (the next call answers 401).
    pub fn revoke_access(&self) {
        self.revoke_access_now();
    }

    /// Invalidates every refresh secret handed out so far.
    pub fn revoke_refresh(&self) {
        self.state.lock().unwrap().refresh.clear();
    }

    /// How many sign-ins and refreshes were granted and refused.
    pub fn grants(&self) -> Grants {
        self.state.lock().unwrap().grants
    }

    /// Every access token and refresh secret handed out, in order, revoked and spent ones
    /// included: what must never turn up in a log, a file or a webview.
    pub fn issued(&self) -> Vec<String> {
        self.state.lock().unwrap().issued.clone()
    }
}
