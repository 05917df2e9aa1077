//! The SSO token endpoint (password and refresh grants, form-encoded, answered in the doc's or
//! OAuth's spelling) and the extractors that check a request's bearer token and its
//! `CompanyId`/`DepartmentId` scope. The tokens themselves are the kit's: single-use refresh
//! tokens, access tokens with the configured lifetime.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sandbox_kit::TokenRefusal;
use serde_json::json;

use crate::access::{membership, Membership};
use crate::error::ApiError;
use crate::store::{guid, text, Scope};
use crate::{
    Sandbox, TokenStyle, DEMO_PASSWORD, DEMO_USERNAME, OPERATOR_PASSWORD, OPERATOR_USERNAME,
};

#[derive(Default)]
struct TokenForm {
    client_id: Option<String>,
    grant_type: Option<String>,
    username: Option<String>,
    password: Option<String>,
    refresh_token: Option<String>,
}

impl TokenForm {
    fn parse(body: &[u8]) -> TokenForm {
        let mut form = TokenForm::default();
        for (key, value) in url::form_urlencoded::parse(body) {
            let slot = match key.as_ref() {
                "client_id" => &mut form.client_id,
                "grant_type" => &mut form.grant_type,
                "username" => &mut form.username,
                "password" => &mut form.password,
                "refresh_token" => &mut form.refresh_token,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        form
    }
}

fn oauth_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// `POST /connect/token`.
pub(crate) async fn token(State(sb): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return oauth_error(
            "invalid_request",
            "the token endpoint takes an application/x-www-form-urlencoded body",
        );
    }
    let form = TokenForm::parse(&body);
    if form.client_id.as_deref() != Some(crate::auth::CLIENT_ID) {
        return oauth_error("invalid_client", "unknown client_id");
    }
    let tokens = &sb.inner.tokens;
    let grant = match form.grant_type.as_deref() {
        Some("password") => {
            // The demo user's password, unless a test gave it another (`set_password`).
            let demo = sb.inner.password.lock().unwrap().clone();
            let expected = match form.username.as_deref() {
                Some(DEMO_USERNAME) => Some(demo.as_deref().unwrap_or(DEMO_PASSWORD)),
                Some(OPERATOR_USERNAME) => Some(OPERATOR_PASSWORD),
                _ => None,
            };
            let ok = expected.is_some_and(|p| form.password.as_deref() == Some(p));
            match form.username {
                Some(user) if ok => tokens.sign_in(&user),
                _ => {
                    tokens.refuse_sign_in();
                    return oauth_error("invalid_grant", "invalid username or password");
                }
            }
        }
        Some("refresh_token") => {
            let given = form.refresh_token.unwrap_or_default();
            match tokens.refresh(&given) {
                Some(grant) => grant,
                None => {
                    return oauth_error(
                        "invalid_grant",
                        "the refresh token is invalid, expired or was already used",
                    );
                }
            }
        }
        _ => {
            return oauth_error(
                "unsupported_grant_type",
                "grant_type must be password or refresh_token",
            )
        }
    };
    let (access, refresh) = (grant.access, grant.refresh);
    let seconds = grant.expires_in.as_secs();
    let body = match sb.inner.config.token_style {
        TokenStyle::Doc => json!({
            "Access_token": access, "Expires_in": seconds.to_string(), "Token_type": "Bearer",
            "Refresh_token": refresh, "Scope": "openapi offline_access",
        }),
        TokenStyle::OAuth => json!({
            "access_token": access, "expires_in": seconds, "token_type": "Bearer",
            "refresh_token": refresh, "scope": "openapi offline_access",
        }),
    };
    Json(body).into_response()
}

pub(crate) const CLIENT_ID: &str = "thirdpartyservice";

/// A request with a valid bearer token; no scope needed.
pub(crate) struct Authed {
    pub user_name: String,
}

impl FromRequestParts<Sandbox> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sb: &Sandbox) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| ApiError::unauthorized("an Authorization: Bearer token is required"))?;
        match sb.inner.tokens.check(bearer) {
            Ok(user_name) => Ok(Authed { user_name }),
            Err(TokenRefusal::Expired) => {
                Err(ApiError::unauthorized("the access token has expired"))
            }
            Err(TokenRefusal::Unknown) => {
                Err(ApiError::unauthorized("the access token is not valid"))
            }
        }
    }
}

fn header_guid(parts: &Parts, name: &str) -> Result<String, ApiError> {
    let value = parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid(name, format!("the {name} header is required")))?;
    guid(name, value)
}

/// A signed-in request with its company (the department may be absent), by a member of it.
pub(crate) struct CompanyScope {
    pub company_id: String,
    pub user_name: String,
    pub member: Membership,
}

impl FromRequestParts<Sandbox> for CompanyScope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sb: &Sandbox) -> Result<Self, ApiError> {
        let authed = Authed::from_request_parts(parts, sb).await?;
        let company_id = header_guid(parts, "CompanyId")?;
        let store = sb.inner.store.lock().unwrap();
        let member = store
            .companies
            .iter()
            .any(|c| text(c, "Id") == company_id)
            .then(|| membership(&store, &company_id, &authed.user_name))
            .flatten()
            .ok_or_else(|| {
                ApiError::invalid(
                    "CompanyId",
                    format!("company {company_id} does not exist or you are not a member"),
                )
            })?;
        Ok(CompanyScope {
            company_id,
            user_name: authed.user_name,
            member,
        })
    }
}

impl FromRequestParts<Sandbox> for Scope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sb: &Sandbox) -> Result<Self, ApiError> {
        let company = CompanyScope::from_request_parts(parts, sb).await?;
        let department_id = header_guid(parts, "DepartmentId")?;
        let store = sb.inner.store.lock().unwrap();
        let department = store
            .departments
            .iter()
            .find(|d| text(d, "Id") == department_id && text(d, "CompanyId") == company.company_id)
            .ok_or_else(|| {
                ApiError::invalid(
                    "DepartmentId",
                    format!(
                        "department {department_id} is not in company {}",
                        company.company_id
                    ),
                )
            })?;
        if !company.member.permits(&store, &department_id) {
            let covered = company
                .member
                .assigned
                .as_deref()
                .and_then(|a| store.departments.iter().find(|d| text(d, "Id") == a))
                .map(|d| {
                    format!(
                        "; it covers \"{}\" and the departments below it",
                        text(d, "Name")
                    )
                })
                .unwrap_or_default();
            return Err(ApiError::forbidden(format!(
                "{} has no permission in department \"{}\" ({department_id}){covered}",
                company.user_name,
                text(department, "Name"),
            )));
        }
        Ok(Scope {
            company_id: company.company_id,
            department_id,
            user_name: company.user_name,
            user_id: company.member.user_id,
        })
    }
}
