//! desk-core's tests in one test binary (linking one binary instead of ten keeps CI's link time
//! down): the desk against sandboxes and the Secret Service, its files, proxies, TLS, publish,
//! requests and runs, and the workspace's layering. `scripts/test-session` runs them one at a
//! time. `tests/leaks.rs` stays a binary of its own: it owns its process's tracing subscriber.
//! This one is named to run after it, as the files ran before. (Run after all of these, in
//! the same keyring, `leaks` once failed 2 runs in 6: a signed-out session's late keyring write
//! landed over the next session's refresh token. `src/keeper.rs` now ends a session's keyring
//! follower at every sign-in, sign-out and removal, and tests that.)

mod bad_files;
mod desk;
mod flexmodel;
mod layering;
mod profiles_v1;
mod proxy;
mod publish;
mod requests;
mod runs;
mod runs_outcomes;
mod tls;
