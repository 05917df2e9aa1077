//! The core against tiny servers on loopback port 0: the retry classes and the gateway rule,
//! the generic session (with a FlexModel-style sign-in written here as a test double), both
//! paging shapes, key case, GraphQL errors on 200, a file body through the same loop, and a
//! loopback console never reached through a proxy.
//! One test binary.

mod decoding;
mod fixture;
mod graphql;
mod paging;
mod proxy;
mod retries;
mod session;
mod upload;
