//! ConsoleDesk's app logic, kept free of Tauri so it is tested fast and directly: profiles,
//! secrets in the OS keyring, sessions, and the embedded sandbox console.

mod desk;
mod error;
mod profiles;
mod secrets;

pub use desk::{Desk, SessionInfo};
pub use error::{DeskError, Result};
pub use profiles::{ConsoleKind, Preset, Profile, ProfileStore, SANDBOX_PROFILE_ID};
pub use secrets::{SecretKind, Secrets};
