//! Session and tenant: JSON login setting an httpOnly `refreshToken` cookie that is not
//! rotated, refresh from the cookie only, whoami, the projects, the global profile and the
//! platform settings. The [`Caller`] and [`Project`] extractors give every other route the
//! signed-in user (or the server's 400 "Token is missing" / 401) and the `X-Tenant-Id`.

use axum::extract::{FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

/// What the real server answers as `expiresIn`, whatever the token's lifetime.
const EXPIRES_IN: u64 = 300_000;
/// The refresh cookie's lifetime, as the server sets it.
const COOKIE_MAX_AGE: u64 = 604_800;
/// The platform's own documents (settings) sit under this project in the meta store.
pub(crate) const PLATFORM: &str = "_platform";

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/whoami", get(whoami))
        .route("/projects", get(projects))
        .route("/tenants", get(projects))
        .route("/global/profile", get(global_profile))
        .route("/settings", get(settings_get).patch(settings_patch))
}

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

fn grant_answer(grant: &sandbox_kit::Grant) -> Response {
    let cookie = format!(
        "refreshToken={}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly",
        grant.refresh
    );
    let body = json!({
        "token": grant.access,
        "expiresIn": EXPIRES_IN,
        "user": {"id": user_id(&grant.subject), "username": grant.subject},
        "permissions": ["*"],
    });
    let mut response = Json(body).into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("a cookie of token characters"),
    );
    response
}

fn user_id(username: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, username.as_bytes()).to_string()
}

async fn login(
    State(sb): State<Sandbox>,
    JsonBody(body): JsonBody<Option<Login>>,
) -> ApiResult<Response> {
    let body = body.unwrap_or(Login {
        username: None,
        password: None,
    });
    let (Some(username), Some(password)) = (body.username, body.password) else {
        sb.inner.tokens.refuse_sign_in();
        return Err(ApiError::validation(&[("username", "must not be blank")]));
    };
    if username != sb.inner.config.username || password != sb.inner.config.password {
        sb.inner.tokens.refuse_sign_in();
        return Err(ApiError::bad_request("Wrong username or password"));
    }
    Ok(grant_answer(&sb.inner.tokens.sign_in(&username)))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

async fn refresh(State(sb): State<Sandbox>, headers: HeaderMap) -> ApiResult<Response> {
    let secret = cookie(&headers, "refreshToken").ok_or_else(ApiError::unauthorized_empty)?;
    let grant = sb
        .inner
        .tokens
        .refresh(&secret)
        .ok_or_else(ApiError::unauthorized_empty)?;
    Ok(grant_answer(&grant))
}

/// The signed-in user of a request: its bearer token checked.
pub(crate) struct Caller {
    pub username: String,
}

impl FromRequestParts<Sandbox> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sb: &Sandbox) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::bad_request("Token is missing"))?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .unwrap_or(header)
            .trim();
        match sb.inner.tokens.check(token) {
            Ok(username) => Ok(Caller { username }),
            Err(sandbox_kit::TokenRefusal::Expired) => {
                Err(ApiError::unauthorized("Token is expired"))
            }
            Err(sandbox_kit::TokenRefusal::Unknown) => {
                Err(ApiError::unauthorized("Token is invalid"))
            }
        }
    }
}

/// The project (tenant) a request acts in: its `X-Tenant-Id`, `default` without one. The
/// server does not check it; it only scopes the data.
pub(crate) struct Project(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Project {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let id = parts
            .headers
            .get("x-tenant-id")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or("default");
        Ok(Project(id.to_owned()))
    }
}

async fn whoami(caller: Caller) -> Json<Value> {
    Json(json!({
        "id": user_id(&caller.username),
        "username": caller.username,
        "permissions": ["*"],
    }))
}

async fn projects(State(sb): State<Sandbox>, _: Caller) -> Json<Value> {
    let list: Vec<Value> = sb
        .inner
        .config
        .projects
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "enabled": true,
                "createdAt": "2025-08-01T09:00:00",
                "updatedAt": "2025-08-01T09:00:00",
            })
        })
        .collect();
    Json(Value::Array(list))
}

fn default_settings() -> Value {
    json!({
        "appName": "FlexModel",
        "security": {"rateLimitingEnabled": false, "maxRequestCount": 500, "intervalInSeconds": 60},
        "log": {"maxDays": 7, "consoleLoggingEnabled": false},
        "graphqlEndpointPath": "/graphql",
    })
}

pub(crate) fn settings(sb: &Sandbox) -> ApiResult<Value> {
    Ok(sb
        .inner
        .meta
        .get(PLATFORM, "settings", "settings")?
        .unwrap_or_else(default_settings))
}

async fn global_profile(State(sb): State<Sandbox>) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"settings": settings(&sb)?, "apiRootPath": "/api"}),
    ))
}

async fn settings_get(State(sb): State<Sandbox>, _: Caller) -> ApiResult<Json<Value>> {
    Ok(Json(settings(&sb)?))
}

async fn settings_patch(
    State(sb): State<Sandbox>,
    _: Caller,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    if !body.is_object() {
        return Err(ApiError::bad_request("the settings are an object"));
    }
    sb.inner.meta.put(PLATFORM, "settings", "settings", &body)?;
    Ok(Json(body))
}
