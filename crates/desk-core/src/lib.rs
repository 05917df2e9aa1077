//! ConsoleDesk's app logic, kept free of Tauri so it is tested fast and directly: profiles,
//! secrets in the OS keyring, sessions, the embedded sandbox console, and publishing packages.

mod desk;
mod error;
mod profiles;
mod publish;
mod requests;
mod secrets;

pub use desk::{Desk, SessionInfo};
pub use error::{DeskError, Result};
pub use profiles::{ConsoleKind, Preset, Profile, ProfileStore, SANDBOX_PROFILE_ID};
pub use publish::{
    inspect as inspect_packages, Candidate, PublishEvent, Publisher, PARALLEL_UPLOADS,
};
pub use requests::Requests;
pub use secrets::{SecretKind, Secrets};
