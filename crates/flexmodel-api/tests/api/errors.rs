//! The server's error shapes, as the sandbox sends them, on the shared error kinds. The shapes
//! the sandbox has no route for yet (a 500 with stack frames, an engine `errCode`, a GraphQL
//! 200 with `errors`) are checked in the crate's unit tests (`client.rs`) and in
//! `graphql_kind.rs`.

use console_core::{Call, ErrorKind, Http, HttpConfig};
use flexmodel_api::Client;
use reqwest::Method;
use serde_json::json;

use crate::common::{config, signed_in};

async fn raw(server_url: &str, call: Call<'_>) -> console_core::Error {
    let http = Http::new(HttpConfig::default(), server_url).unwrap();
    http.send(&call, None).await.unwrap_err()
}

#[tokio::test]
async fn an_unknown_route_is_not_found_with_the_servers_message() {
    let f = signed_in().await;
    let api = f.config().api_url();
    let err = raw(&api, Call::get(&api, "/f/nothing/here")).await;
    assert_eq!((err.kind(), err.status()), (ErrorKind::NotFound, Some(404)));
    assert!(
        err.to_string()
            .starts_with("RESTEASY003210: Could not find resource"),
        "{err}"
    );
}

#[tokio::test]
async fn a_validation_error_names_its_first_field() {
    let f = signed_in().await;
    let api = f.config().api_url();
    let call = Call::new(
        Method::POST,
        &api,
        "/f/auth/login",
        console_core::Resend::Read,
    )
    .json(&json!({"password": "x"}))
    .unwrap();
    let err = raw(&api, call).await;
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.field(), Some("username"));
    assert_eq!(err.to_string(), "must not be blank");
}

#[tokio::test]
async fn a_401_with_an_empty_body_on_refresh_is_a_session_expired() {
    let (_sandbox, server) = flexmodel_sandbox::testing::served().await;
    let err = Client::resume(config(&server), "spent").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired);
    assert!(
        err.to_string().contains("refused the refresh cookie"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_token_is_unauthorized_with_the_servers_message() {
    let f = signed_in().await;
    let api = f.config().api_url();
    let err = Http::new(HttpConfig::default(), &api)
        .unwrap()
        .send(&Call::get(&api, "/f/auth/whoami"), Some("forged"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Unauthorized, Some(401))
    );
    assert_eq!(err.to_string(), "Token is invalid");
    let serialized = serde_json::to_value(&err).unwrap();
    assert_eq!(
        serialized,
        json!({"kind": "unauthorized", "message": "Token is invalid", "status": 401})
    );
}
