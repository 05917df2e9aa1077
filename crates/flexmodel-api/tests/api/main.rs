//! The client against a real FlexModel sandbox on an ephemeral loopback port (session, project
//! header, errors, settings), and the decoding of every typed answer from the API document's
//! samples. One test binary.

mod common;
mod decoding;
mod errors;
mod filter;
mod graphql_kind;
mod operations;
mod queries;
mod resend;
mod session;
mod settings;
mod tenant;
