//! `encoo workflows …`: deployments of a package version onto a robot group, their runs,
//! robots and upgrades; the doc's enums read as the console spells them.

use clap::{Args, Subcommand};
use encoo_api::{TriggerPolicy, VideoRecordMode};

use super::encoo::ListArgs;

/// Settings a workflow create and update share.
#[derive(Debug, Args, Clone, Default)]
pub struct WorkflowSettings {
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// Tags, comma separated.
    #[arg(long, value_delimiter = ',', value_name = "a,b")]
    pub tags: Option<Vec<String>>,
    /// Priority, 0 to 5000.
    #[arg(long, value_name = "N")]
    pub priority: Option<i64>,
    /// Retries after a failure, 0 to 10.
    #[arg(long, value_name = "N")]
    pub retries: Option<i64>,
    /// Video recording: NeverRecord, ReportOnlyWhenSucceeded, ReportOnlyWhenFailed,
    /// AlwaysRecord or AlwaysReport.
    #[arg(long, value_name = "MODE", value_parser = known::<VideoRecordMode>)]
    pub video: Option<VideoRecordMode>,
    /// When no robot is free: SkipWhenNoResource or AnyTime.
    #[arg(long, value_name = "POLICY", value_parser = known::<TriggerPolicy>)]
    pub trigger_policy: Option<TriggerPolicy>,
}

#[derive(Debug, Subcommand)]
pub enum WorkflowsCmd {
    /// List workflows.
    List {
        /// Only workflows on this robot group.
        #[arg(long, value_name = "ID")]
        queue: Option<String>,
        /// Only workflows of this package.
        #[arg(long, value_name = "ID")]
        package: Option<String>,
        /// Only workflows on this package version.
        #[arg(long, value_name = "ID")]
        version_id: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one workflow and its arguments.
    Get { id: String },
    /// Deploy a package version onto a robot group.
    Create {
        #[arg(long, value_name = "N")]
        name: String,
        /// The package id.
        #[arg(long, value_name = "ID")]
        package: String,
        /// The package version id.
        #[arg(long, value_name = "ID")]
        version_id: String,
        /// The robot group id.
        #[arg(long, value_name = "ID")]
        queue: String,
        #[command(flatten)]
        settings: WorkflowSettings,
    },
    /// Change a workflow.
    Update {
        id: String,
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// Move to another version of the workflow's package: values carry over to arguments
        /// of the same name and direction; what is kept, new and dropped is said.
        #[arg(long, value_name = "ID")]
        version_id: Option<String>,
        /// Move to another robot group.
        #[arg(long, value_name = "ID")]
        queue: Option<String>,
        #[command(flatten)]
        settings: WorkflowSettings,
    },
    /// Delete a workflow.
    Delete { id: String },
    /// Run a workflow once.
    Execute {
        id: String,
        /// Set an input argument for this run (repeatable).
        #[arg(long = "arg", value_name = "NAME=VALUE")]
        args: Vec<String>,
        /// Priority for this run, 0 to 5000.
        #[arg(long, value_name = "N")]
        priority: Option<i64>,
        /// Retries for this run, 0 to 10.
        #[arg(long, value_name = "N")]
        retries: Option<i64>,
        /// Video recording for this run: NeverRecord, ReportOnlyWhenSucceeded,
        /// ReportOnlyWhenFailed, AlwaysRecord or AlwaysReport.
        #[arg(long, value_name = "MODE", value_parser = known::<VideoRecordMode>)]
        video: Option<VideoRecordMode>,
    },
    /// Robots a workflow may run on.
    Robots { id: String },
    /// Let a workflow run on these robots.
    AddRobots {
        id: String,
        #[arg(required = true, value_name = "ROBOT_ID")]
        robot_ids: Vec<String>,
    },
    /// Stop a workflow running on a robot.
    RemoveRobot { id: String, robot_id: String },
    /// Move workflows to their package's latest version, saying first what that changes in
    /// their arguments. Without --yes: asks on a terminal; otherwise goes ahead only when no
    /// workflow would lose an argument value (else exits 2, upgrading nothing).
    Upgrade {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Upgrade without asking, even when that loses argument values.
        #[arg(long, conflicts_with = "dry_run")]
        yes: bool,
        /// Only say what the upgrade would change (`--json`: the previews as JSON).
        #[arg(long)]
        dry_run: bool,
    },
}

/// The doc's enums as the console spells them, refusing values it does not list.
trait Known: From<&'static str> + Clone + Send + Sync + 'static {
    const VALUES: &'static [&'static str];
}

impl Known for VideoRecordMode {
    const VALUES: &'static [&'static str] = VideoRecordMode::KNOWN;
}

impl Known for TriggerPolicy {
    const VALUES: &'static [&'static str] = TriggerPolicy::KNOWN;
}

fn known<T: Known>(s: &str) -> Result<T, String> {
    T::VALUES
        .iter()
        .find(|v| v.eq_ignore_ascii_case(s))
        .map(|v| T::from(v))
        .ok_or_else(|| format!("expected one of {}", T::VALUES.join(", ")))
}
