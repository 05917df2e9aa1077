//! `POST /f/graphql`: one schema per project built from its models. Being written (issue 12).

use axum::Router;

use crate::Sandbox;

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
}
