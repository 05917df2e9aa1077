//! The client against a real sandbox on an ephemeral loopback port: every operation's
//! contract, and the session, reader, error, retry and upload behaviours; and, inside a
//! private network namespace, through a forward proxy. One test binary.

mod bad_inputs;
mod behind;
mod common;
mod contract;
mod default_scope;
mod errors;
mod faults;
mod forward_proxy;
mod inspection;
mod properties;
mod proxy;
mod retries;
mod rule_agreement;
mod session;
mod tls;
mod upgrade_preview;
mod upload;
