//! Tokens: access tokens that expire, refresh secrets that work once or until revoked, and
//! counters of every grant.

use std::time::Duration;

use sandbox_kit::{Grants, RefreshRule, TokenRefusal, TokenRules, Tokens};

fn tokens(refresh: RefreshRule) -> Tokens {
    Tokens::new(TokenRules {
        refresh,
        ..TokenRules::default()
    })
}

#[test]
fn a_single_use_refresh_secret_works_once_and_is_replaced() {
    let tokens = tokens(RefreshRule::SingleUse);
    let first = tokens.sign_in("alice");
    assert_eq!(first.expires_in, Duration::from_secs(3600));
    let second = tokens.refresh(&first.refresh).expect("the first use works");
    assert_ne!(second.refresh, first.refresh);
    assert_ne!(second.access, first.access);
    assert_eq!(tokens.refresh(&first.refresh), None, "spent");
    assert_eq!(tokens.check(&second.access).as_deref(), Ok("alice"));
    assert_eq!(
        tokens.check(&first.access).as_deref(),
        Ok("alice"),
        "a refresh does not end the old access token"
    );
    assert!(tokens.refresh(&second.refresh).is_some());
    assert_eq!(
        tokens.grants(),
        Grants {
            sign_in: 1,
            refresh: 2,
            sign_in_refused: 0,
            refresh_refused: 1,
        }
    );
    let issued = tokens.issued();
    assert_eq!(issued.len(), 6);
    assert_eq!(
        issued[..4],
        [first.access, first.refresh, second.access, second.refresh]
    );
}

#[test]
fn a_reusable_refresh_secret_keeps_working_until_it_is_revoked() {
    let tokens = tokens(RefreshRule::Reusable);
    let signed_in = tokens.sign_in("bob");
    let again = tokens.refresh(&signed_in.refresh).unwrap();
    let and_again = tokens.refresh(&signed_in.refresh).unwrap();
    assert_eq!(
        (again.refresh.as_str(), and_again.refresh.as_str()),
        (signed_in.refresh.as_str(), signed_in.refresh.as_str())
    );
    assert_ne!(again.access, and_again.access);
    assert_eq!(tokens.issued().len(), 4, "one secret, three access tokens");
    tokens.revoke_refresh();
    assert_eq!(tokens.refresh(&signed_in.refresh), None);
    assert_eq!(
        tokens.check(&and_again.access).as_deref(),
        Ok("bob"),
        "revoking refresh secrets leaves access tokens alone"
    );
    assert_eq!(
        (tokens.grants().refresh, tokens.grants().refresh_refused),
        (2, 1)
    );
}

#[test]
fn revoking_access_tokens_leaves_the_refresh_secret_working() {
    let tokens = tokens(RefreshRule::SingleUse);
    let signed_in = tokens.sign_in("carol");
    tokens.revoke_access();
    assert_eq!(tokens.check(&signed_in.access), Err(TokenRefusal::Unknown));
    let refreshed = tokens.refresh(&signed_in.refresh).unwrap();
    assert_eq!(tokens.check(&refreshed.access).as_deref(), Ok("carol"));
}

#[test]
fn tokens_expire_after_their_lifetimes() {
    let tokens = Tokens::new(TokenRules {
        access_ttl: Duration::from_millis(50),
        refresh_ttl: Some(Duration::from_millis(50)),
        refresh: RefreshRule::Reusable,
    });
    let signed_in = tokens.sign_in("dave");
    assert_eq!(tokens.check(&signed_in.access).as_deref(), Ok("dave"));
    std::thread::sleep(Duration::from_millis(80));
    assert_eq!(tokens.check(&signed_in.access), Err(TokenRefusal::Expired));
    assert_eq!(tokens.check("sbx-at-forged"), Err(TokenRefusal::Unknown));
    assert_eq!(tokens.refresh(&signed_in.refresh), None);
}

#[test]
fn refused_sign_ins_are_counted_and_hand_out_nothing() {
    let tokens = Tokens::default();
    tokens.refuse_sign_in();
    tokens.refuse_sign_in();
    assert_eq!(
        tokens.grants(),
        Grants {
            sign_in_refused: 2,
            ..Grants::default()
        }
    );
    assert!(tokens.issued().is_empty());
}
