//! One module per group of the API, each with its types beside its handle.

pub mod api_call;
pub mod apis;
pub mod codegen;
pub mod datasources;
pub mod flows;
pub mod graphql;
pub mod instances;
pub mod metrics;
pub mod models;
pub mod platform;
pub mod records;
pub mod schema;
pub mod triggers;
