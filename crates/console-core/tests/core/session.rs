//! The generic session with a second way of signing in, written here only as a test double
//! to prove the `Authority` trait fits more than Encoo's form grants: a FlexModel-style
//! server (a JSON login answering a token and an httpOnly `refreshToken` cookie, refresh by
//! POSTing with the cookie, an `expiresIn` that means nothing, 401 with an empty body for a
//! bad cookie) and its authority.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use console_core::de::decode;
use console_core::{Authority, Call, ErrorKind, Grant, Http, KeyCase, Resend, Result, Session};
use futures_util::future::join_all;
use reqwest::header::{HeaderValue, COOKIE, SET_COOKIE};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use crate::fixture::{http, serve, Server};

// ---- the server double ----

#[derive(Default)]
struct Books {
    access: Vec<String>,
    cookies: Vec<String>,
    issued: usize,
    refreshes: usize,
    refused_refreshes: usize,
    /// Calls to `/f/projects`, by status answered.
    statuses: Vec<u16>,
    /// A new cookie on each refresh (as a console whose refresh secret works once would).
    rotate: bool,
    /// `expiresIn` in ms (FlexModel always says 300000, whatever the truth).
    expires_in: u64,
    /// Refuse every token, even fresh ones.
    refuse_all: bool,
}

type Flex = Arc<Mutex<Books>>;

fn mint(books: &mut Books, what: &str) -> String {
    books.issued += 1;
    format!("{what}-{}", books.issued)
}

fn token_answer(books: &mut Books, cookie: Option<String>) -> Response {
    let token = mint(books, "access");
    books.access.push(token.clone());
    let body = json!({"token": token, "expiresIn": books.expires_in, "user": {"id": "1", "username": "admin"}, "permissions": ["*"]});
    let mut answer = Json(body).into_response();
    if let Some(cookie) = cookie {
        let set = format!("refreshToken={cookie}; Path=/; Max-Age=604800; HttpOnly");
        answer
            .headers_mut()
            .insert(header::SET_COOKIE, set.parse().unwrap());
    }
    answer
}

async fn auth_login(State(flex): State<Flex>, Json(body): Json<serde_json::Value>) -> Response {
    if body["username"] != "admin" || body["password"] != "admin123" {
        let refusal =
            json!({"code": 400, "message": "Wrong username or password", "success": false});
        return (StatusCode::BAD_REQUEST, Json(refusal)).into_response();
    }
    let mut books = flex.lock().unwrap();
    let cookie = mint(&mut books, "cookie");
    books.cookies.push(cookie.clone());
    token_answer(&mut books, Some(cookie))
}

async fn auth_refresh(State(flex): State<Flex>, headers: HeaderMap) -> Response {
    // Many callers at once would each refresh if the client let them: make that visible.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let mut books = flex.lock().unwrap();
    books.refreshes += 1;
    let cookie = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|p| p.trim().strip_prefix("refreshToken="))
        })
        .map(str::to_owned);
    match cookie {
        Some(c) if books.cookies.contains(&c) => {
            let rotated = books.rotate.then(|| {
                let new = mint(&mut books, "cookie");
                books.cookies = vec![new.clone()];
                new
            });
            token_answer(&mut books, rotated)
        }
        _ => {
            books.refused_refreshes += 1;
            StatusCode::UNAUTHORIZED.into_response()
        }
    }
}

async fn projects(State(flex): State<Flex>, headers: HeaderMap) -> Response {
    let mut books = flex.lock().unwrap();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let (status, body) = match bearer {
        None => (
            400,
            json!({"code": 400, "message": "Token is missing", "success": false}),
        ),
        Some(t) if books.refuse_all || !books.access.iter().any(|a| a == t) => (
            401,
            json!({"code": 401, "message": "Token expired", "success": false}),
        ),
        Some(_) => (200, json!([{"id": "default", "enabled": true}])),
    };
    books.statuses.push(status);
    (StatusCode::from_u16(status).unwrap(), Json(body)).into_response()
}

async fn flexmodel(books: Books) -> (Flex, Server) {
    let expires_in = if books.expires_in == 0 {
        300_000
    } else {
        books.expires_in
    };
    let flex: Flex = Arc::new(Mutex::new(Books {
        expires_in,
        ..books
    }));
    let router = Router::new()
        .route("/api/f/auth/login", post(auth_login))
        .route("/api/f/auth/refresh", post(auth_refresh))
        .route("/api/f/projects", get(projects))
        .with_state(flex.clone());
    (flex, serve(router).await)
}

// ---- the authority double: how such a console signs in and refreshes ----

struct CookieAuth {
    root: String,
    /// Whether `expiresIn` is believed (FlexModel's is not).
    trust_lifetime: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginAnswer {
    token: String,
    expires_in: u64,
}

impl CookieAuth {
    fn new(server: &Server) -> Self {
        CookieAuth {
            root: format!("{}/api", server.url()),
            trust_lifetime: false,
        }
    }

    async fn login(&self, http: &Http, username: &str, password: &str) -> Result<Grant> {
        let call = Call::new(Method::POST, &self.root, "/f/auth/login", Resend::Read)
            .json(&json!({"username": username, "password": password}))?;
        self.grant(http, &call, None).await
    }

    async fn grant(&self, http: &Http, call: &Call<'_>, kept: Option<&str>) -> Result<Grant> {
        let asked_at = Instant::now();
        let answer = http.send(call, None).await?;
        let login: LoginAnswer = decode(&answer.body, KeyCase::Exact)?;
        let set = answer
            .headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.split(';').next()?.trim().strip_prefix("refreshToken="))
            .map(str::to_owned);
        Ok(Grant {
            access: login.token,
            // The cookie is not rotated: the one held stays good.
            refresh: set.or_else(|| kept.map(str::to_owned)),
            lifetime: self
                .trust_lifetime
                .then(|| Duration::from_millis(login.expires_in)),
            asked_at,
        })
    }
}

impl Authority for CookieAuth {
    async fn refresh(&self, http: &Http, secret: &str) -> Result<Grant> {
        let cookie = HeaderValue::from_str(&format!("refreshToken={secret}")).unwrap();
        // The cookie is not spent by a refresh, so sending it again is harmless.
        let call = Call::new(Method::POST, &self.root, "/f/auth/refresh", Resend::Read)
            .header(COOKIE, cookie);
        self.grant(http, &call, Some(secret)).await
    }
}

async fn signed_in(server: &Server, http: &Http) -> Session<CookieAuth> {
    let auth = CookieAuth::new(server);
    let grant = auth.login(http, "admin", "admin123").await.unwrap();
    Session::new(auth, grant, Duration::from_secs(60))
}

fn projects_call(server: &Server) -> Call<'static> {
    Call::get(&format!("{}/api", server.url()), "/f/projects")
}

// ---- the tests ----

#[tokio::test]
async fn a_json_login_with_a_refresh_cookie_fits_the_session_unchanged() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    assert_eq!(session.refresh_secret().await.as_deref(), Some("cookie-1"));
    let answer = session.send(&http, &projects_call(&server)).await.unwrap();
    let projects: serde_json::Value = decode(&answer.body, KeyCase::Exact).unwrap();
    assert_eq!(projects, json!([{"id": "default", "enabled": true}]));
    let seen = flex.lock().unwrap().access.clone();
    assert_eq!(seen, ["access-2"], "the login's token, the only one issued");
    let books = flex.lock().unwrap();
    assert_eq!((books.statuses.clone(), books.refreshes), (vec![200], 0));
}

#[tokio::test]
async fn a_refused_login_is_the_consoles_400_message() {
    let (_flex, server) = flexmodel(Books::default()).await;
    let err = CookieAuth::new(&server)
        .login(&http(), "admin", "nope")
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::InvalidInput, Some(400))
    );
    assert_eq!(err.to_string(), "Wrong username or password");
}

#[tokio::test]
async fn a_meaningless_lifetime_means_refresh_only_on_a_401_then_one_resend() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    session.send(&http, &projects_call(&server)).await.unwrap();
    flex.lock().unwrap().access.clear();
    session.send(&http, &projects_call(&server)).await.unwrap();
    let books = flex.lock().unwrap();
    assert_eq!(books.statuses, [200, 401, 200]);
    assert_eq!(books.refreshes, 1);
}

#[tokio::test]
async fn a_second_401_is_the_calls_answer_after_one_refresh() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    flex.lock().unwrap().refuse_all = true;
    let err = session
        .send(&http, &projects_call(&server))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Unauthorized, Some(401))
    );
    assert_eq!(err.to_string(), "Token expired");
    let books = flex.lock().unwrap();
    assert_eq!(
        (books.statuses.clone(), books.refreshes),
        (vec![401, 401], 1)
    );
}

#[tokio::test]
async fn refresh_is_single_flight_under_50_concurrent_callers() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    flex.lock().unwrap().access.clear();
    let call = projects_call(&server);
    let results = join_all((0..50).map(|_| session.send(&http, &call))).await;
    assert!(
        results.iter().all(|r| r.is_ok()),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let books = flex.lock().unwrap();
    assert_eq!(books.refreshes, 1);
    assert_eq!(books.statuses.iter().filter(|s| **s == 200).count(), 50);
}

#[tokio::test]
async fn a_refused_refresh_ends_the_session_and_is_not_tried_again() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    let mut watch = session.watch_refresh_secret();
    assert_eq!(watch.borrow_and_update().as_deref(), Some("cookie-1"));
    {
        let mut books = flex.lock().unwrap();
        books.access.clear();
        books.cookies.clear();
    }
    let err = session
        .send(&http, &projects_call(&server))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionExpired, "{err}");
    assert!(watch.has_changed().unwrap());
    assert_eq!(*watch.borrow_and_update(), None);
    assert_eq!(session.refresh_secret().await, None);
    let again = session
        .send(&http, &projects_call(&server))
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::SessionExpired);
    assert!(
        again.to_string().contains("no refresh token is left"),
        "{again}"
    );
    assert_eq!(flex.lock().unwrap().refused_refreshes, 1);
}

#[tokio::test]
async fn the_watch_hears_a_rotated_secret_but_not_an_unchanged_one() {
    let (flex, server) = flexmodel(Books::default()).await;
    let http = http();
    let session = signed_in(&server, &http).await;
    let mut watch = session.watch_refresh_secret();
    watch.borrow_and_update();
    session.expire_now().await;
    session.bearer(&http).await.unwrap();
    assert_eq!(flex.lock().unwrap().refreshes, 1);
    assert!(!watch.has_changed().unwrap(), "the cookie did not change");

    flex.lock().unwrap().rotate = true;
    session.expire_now().await;
    session.bearer(&http).await.unwrap();
    assert!(watch.has_changed().unwrap());
    let rotated = watch.borrow_and_update().clone();
    assert_eq!(rotated, session.refresh_secret().await);
    assert_ne!(rotated.as_deref(), Some("cookie-1"));
}

#[tokio::test]
async fn a_trusted_lifetime_refreshes_before_expiry_without_a_401() {
    let (flex, server) = flexmodel(Books {
        expires_in: 1_000,
        ..Default::default()
    })
    .await;
    let http = http();
    let auth = CookieAuth {
        trust_lifetime: true,
        ..CookieAuth::new(&server)
    };
    let grant = auth.login(&http, "admin", "admin123").await.unwrap();
    // A margin larger than the lifetime is capped at half of it: refresh after 0.5 s.
    let session = Session::new(auth, grant, Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(600)).await;
    session.send(&http, &projects_call(&server)).await.unwrap();
    let books = flex.lock().unwrap();
    assert_eq!((books.statuses.clone(), books.refreshes), (vec![200], 1));
}

#[tokio::test]
async fn a_refresh_that_never_reached_the_console_keeps_the_secret() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let auth = CookieAuth {
        root: format!("http://127.0.0.1:{port}/api"),
        trust_lifetime: false,
    };
    let grant = Grant {
        access: "a".into(),
        refresh: Some("kept".into()),
        lifetime: None,
        asked_at: Instant::now(),
    };
    let session = Session::new(auth, grant, Duration::from_secs(60));
    session.expire_now().await;
    let err = session.bearer(&http()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
    assert_eq!(session.refresh_secret().await.as_deref(), Some("kept"));
}
