//! The sandbox's tests through its HTTP API, one test binary (linking one binary instead of
//! eighteen keeps CI's link time down): auth, data (datasources, models, records, filters,
//! IDL, imports, native queries), GraphQL, API definitions and their code, flows, triggers,
//! logs and metrics; with the helpers they share.

mod api_support;
mod data_support;

mod apis;
mod apis_serve;
mod auth;
mod codegen;
mod data_datasources;
mod data_filter;
mod data_idl;
mod data_import;
mod data_models;
mod data_native;
mod data_records;
mod data_rules;
mod flows;
mod graphql;
mod graphql_mutations;
mod graphql_schema;
mod logs;
mod metrics;
mod triggers;
mod triggers_schedule;
