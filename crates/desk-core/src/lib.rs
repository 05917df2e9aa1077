//! ConsoleDesk's app logic, kept free of Tauri so it is tested fast and directly: profiles,
//! secrets in the OS keyring, sessions, the embedded sandbox console, publishing packages, and
//! the journal of the runs started from the app.

mod desk;
mod error;
mod execute;
mod profiles;
mod publish;
mod requests;
mod runs;
mod secrets;

pub use desk::{Desk, SessionInfo};
pub use error::{DeskError, Result};
pub use profiles::{ConsoleKind, Preset, Profile, ProfileStore, SANDBOX_PROFILE_ID};
pub use publish::{
    inspect as inspect_packages, Candidate, PublishEvent, Publisher, PARALLEL_UPLOADS,
};
pub use requests::Requests;
pub use runs::{
    RunFilter, RunKind, RunLog, RunPage, RunRecord, RUNS_PAGE_SIZE, RUNS_PAGE_SIZE_MAX,
    RUNS_SCHEMA_VERSION, UNKNOWN_STATE,
};
pub use secrets::{SecretKind, Secrets};
