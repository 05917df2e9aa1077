//! ConsoleDesk's app logic, kept free of Tauri so it is tested fast and directly: profiles,
//! secrets in the OS keyring, sessions, the embedded sandbox consoles (Encoo and FlexModel),
//! publishing packages, the journal of the runs started from the app, and what the FlexModel
//! screens need besides the client (exports, API history diffs, trying an API).

mod desk;
mod encoo;
mod error;
mod flexmodel;
mod keeper;
pub mod places;
mod profiles;
mod requests;
mod runs;
mod secrets;
mod session;
pub mod settings;

pub use desk::Desk;
pub use encoo::{
    inspect as inspect_packages, presets, sandbox_profile, Candidate, PresetInfo, PublishEvent,
    Publisher, PARALLEL_UPLOADS,
};
pub use error::{DeskError, Result};
pub use flexmodel::apis::{api_diff, ApiDiff, Change as DiffChange, DiffLine, DiffRow};
pub use flexmodel::filter as flexmodel_filter;
pub use flexmodel::sandbox_profile as flexmodel_sandbox_profile;
pub use profiles::{
    ConsoleKind, ConsoleProfile, EncooProfile, FlexmodelProfile, Preset, Profile, ProfileStore,
    ProxySetting, SetAside, FLEXMODEL_SANDBOX_PROFILE_ID, PROFILES_VERSION, SANDBOX_PROFILE_ID,
};
pub use requests::Requests;
pub use runs::{
    RunFilter, RunKind, RunLog, RunPage, RunRecord, RUNS_PAGE_SIZE, RUNS_PAGE_SIZE_MAX,
    RUNS_SCHEMA_VERSION, UNKNOWN_STATE,
};
pub use secrets::{SecretKind, Secrets};
pub use session::{Scope, SessionInfo};
