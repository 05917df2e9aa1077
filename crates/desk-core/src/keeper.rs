//! Keeps a session's refresh secret (an Encoo refresh token, a FlexModel refresh cookie) in
//! the keyring while it rotates, and only while that session is still the profile's own: a
//! sign-in, a sign-out or a removal of the profile ends the follower of the session before, so
//! a late write of an old session can never land over the next session's secret or bring back
//! one the user signed out of.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::error::Result;
use crate::secrets::{SecretKind, Secrets};

/// Which follower of each profile's secret is the live one.
#[derive(Default, Clone)]
pub(crate) struct Keepers(Arc<Mutex<HashMap<String, u64>>>);

impl Keepers {
    /// Ends the profile's follower, if any, and runs `f` before any other can start or write.
    pub fn end<T>(&self, id: &str, f: impl FnOnce() -> T) -> T {
        let mut live = self.0.lock().unwrap();
        *live.entry(id.to_owned()).or_default() += 1;
        f()
    }

    /// Follows `rx` into the keyring for profile `id`, ending the follower before. The first
    /// value is written before this returns; the later ones as they come, by the task whose
    /// handle is returned (none when this follower was ended before its first write).
    pub async fn follow(
        &self,
        secrets: &Secrets,
        id: &str,
        mut rx: watch::Receiver<Option<String>>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        let mine = {
            let mut live = self.0.lock().unwrap();
            let generation = live.entry(id.to_owned()).or_default();
            *generation += 1;
            *generation
        };
        let keep = Keep {
            keepers: self.clone(),
            secrets: secrets.clone(),
            id: id.to_owned(),
            mine,
        };
        let first = rx.borrow_and_update().clone();
        if !keep.store(first).await {
            return None;
        }
        Some(tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let value = rx.borrow_and_update().clone();
                if !keep.store(value).await {
                    break;
                }
            }
        }))
    }
}

struct Keep {
    keepers: Keepers,
    secrets: Secrets,
    id: String,
    mine: u64,
}

impl Keep {
    /// Writes (or, for `None`, deletes) the secret while this follower is the live one;
    /// false once it is not.
    async fn store(&self, value: Option<String>) -> bool {
        let (keepers, secrets, id, mine) = (
            self.keepers.clone(),
            self.secrets.clone(),
            self.id.clone(),
            self.mine,
        );
        let done = tokio::task::spawn_blocking(move || -> Option<Result<()>> {
            let live = keepers.0.lock().unwrap();
            if live.get(&id) != Some(&mine) {
                return None;
            }
            Some(match value {
                Some(v) => secrets.set(&id, SecretKind::RefreshToken, &v),
                None => secrets.delete(&id, SecretKind::RefreshToken),
            })
        })
        .await;
        match done {
            Ok(Some(Ok(()))) => true,
            Ok(Some(Err(e))) => {
                tracing::warn!("cannot keep the session in the keyring: {e}");
                true
            }
            Ok(None) | Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets::new(format!("ConsoleDesk-test-{}", uuid::Uuid::new_v4()))
    }

    #[tokio::test]
    async fn an_ended_follower_never_writes_over_the_next_sessions_secret() {
        let (keepers, s) = (Keepers::default(), secrets());
        let (old_tx, old_rx) = watch::channel(Some("old-1".to_owned()));
        let old = keepers.follow(&s, "p", old_rx).await.expect("following");
        assert_eq!(
            s.get("p", SecretKind::RefreshToken).unwrap().as_deref(),
            Some("old-1")
        );
        // Signed in again: the new session's secret is kept, and the old one's rotation (and
        // its end) is not.
        let (new_tx, new_rx) = watch::channel(Some("new-1".to_owned()));
        let new = keepers.follow(&s, "p", new_rx).await.expect("following");
        old_tx.send(Some("old-2".into())).unwrap();
        old_tx.send(None).unwrap();
        drop(old_tx);
        old.await.unwrap();
        assert_eq!(
            s.get("p", SecretKind::RefreshToken).unwrap().as_deref(),
            Some("new-1")
        );
        // The live follower still follows.
        new_tx.send(Some("new-2".into())).unwrap();
        drop(new_tx);
        new.await.unwrap();
        assert_eq!(
            s.get("p", SecretKind::RefreshToken).unwrap().as_deref(),
            Some("new-2")
        );
        // Signed out: the secret goes, and a late rotation does not bring it back.
        let (tx, rx) = watch::channel(Some("third".to_owned()));
        let third = keepers.follow(&s, "p", rx).await.expect("following");
        keepers
            .end("p", || s.delete("p", SecretKind::RefreshToken))
            .unwrap();
        tx.send(Some("late".into())).unwrap();
        drop(tx);
        third.await.unwrap();
        assert_eq!(s.get("p", SecretKind::RefreshToken).unwrap(), None);
        s.delete_all("p").unwrap();
    }
}
