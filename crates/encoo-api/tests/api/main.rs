//! The client against a real sandbox on an ephemeral loopback port: every operation's
//! contract, and the session, reader, error, retry and upload behaviours. One test binary.

mod common;
mod contract;
mod errors;
mod retries;
mod session;
mod upload;
