//! The client against a real FlexModel sandbox on an ephemeral loopback port (session, project
//! header, errors, settings), and the decoding of every typed answer from the API document's
//! samples. One test binary.

mod bad_input;
mod call_api;
mod common;
mod contract_apis;
mod contract_data;
mod contract_flows;
mod contract_graphql;
mod contract_platform;
mod contract_records;
mod contract_scripts;
mod contract_triggers;
mod decoding;
mod download;
mod errors;
mod faults;
mod filter;
mod graphql_kind;
mod operations;
mod queries;
mod resend;
mod session;
mod settings;
mod tenant;
