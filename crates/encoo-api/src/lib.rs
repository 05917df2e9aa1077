//! A typed async client for the Encoo (云扩) RPA console OpenAPI.
//!
//! ```no_run
//! # async fn demo() -> encoo_api::Result<()> {
//! use encoo_api::{Client, ClientConfig, ListQuery};
//! let client = Client::sign_in(ClientConfig::saas(), "me", "secret").await?;
//! let client = client.with_default_scope().await?;
//! let workflows = client.workflows().list(&ListQuery::search("invoice")).await?;
//! # Ok(()) }
//! ```
//!
//! The reader is tolerant (PascalCase or camelCase, numbers as strings, unknown fields), the
//! writer strict (the doc's PascalCase). Reads retry passing failures; execute, create and
//! upload never retry on their own. What every console shares (the sending loop and its retry
//! rule, the session, the error, paging, the decoder) is `console_core`'s; this crate is what
//! is Encoo's own: its addresses, its sign-in, its resources and models.

#[doc(hidden)]
pub mod answers;
mod arguments;
mod checks;
mod client;
mod config;
mod de;
mod models;
mod resources;
mod session;

pub use arguments::{compare_arguments, ArgumentChange, ArgumentChanges};
pub use client::{Client, Scope};
pub use config::{ClientConfig, DEFAULT_CHANNEL_THRESHOLD};
/// The error every console client shares.
pub use console_core::{Error, ErrorBody, ErrorKind, Result};
pub use dgs;
/// The console's field rules, as the client checks them (and the sandbox enforces them).
pub use encoo_rules as rules;
pub use models::{
    collect_pages, Argument, AssetContent, Direction, Job, JobState, ListQuery, Page,
    TriggerPolicy, VideoRecordMode,
};
pub use resources::behind::Behind;
pub use resources::candidates::Candidate;
pub use resources::companies::{Companies, Company};
pub use resources::departments::{Department, DepartmentTree, Departments};
pub use resources::layouts::{JobGroup, LayoutNode, WorkflowLayout, WorkflowLayouts};
pub use resources::packages::{Package, PackageQuery, PackageUpdate, PackageVersion, Packages};
pub use resources::queues::{Queue, QueueCreate, QueueUpdate, Queues};
pub use resources::robots::{LicenseStatus, Robot, RobotStatus, Robots};
pub use resources::upgrade_preview::UpgradePreview;
pub use resources::uploads::{
    inspect, Channel, Progress, ProgressFn, UploadChannel, UploadOptions, UploadResult,
    UploadRoute, Uploaded,
};
pub use resources::users::{CurrentUser, Users};
pub use resources::workflows::{
    BatchItem, BatchUpgradeResult, ExecuteRequest, JobStateNotification, RobotLink, Workflow,
    WorkflowCreate, WorkflowUpdate, Workflows,
};
pub use session::{parse_token_answer, CLIENT_ID};
pub use tokio_util::sync::CancellationToken;

impl Client {
    pub fn companies(&self) -> Companies<'_> {
        Companies(self)
    }
    pub fn departments(&self) -> Departments<'_> {
        Departments(self)
    }
    pub fn users(&self) -> Users<'_> {
        Users(self)
    }
    pub fn packages(&self) -> Packages<'_> {
        Packages(self)
    }
    pub fn queues(&self) -> Queues<'_> {
        Queues(self)
    }
    pub fn robots(&self) -> Robots<'_> {
        Robots(self)
    }
    pub fn workflows(&self) -> Workflows<'_> {
        Workflows(self)
    }
    pub fn workflow_layouts(&self) -> WorkflowLayouts<'_> {
        WorkflowLayouts(self)
    }
}
