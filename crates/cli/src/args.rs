//! The command line as clap sees it: global connection options and one subcommand per
//! resource, in the console's own vocabulary (queues are robot groups, layouts 流程编排).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use encoo_api::{TriggerPolicy, VideoRecordMode};

use crate::sandbox::SandboxArgs;
use crate::times::{self, Time};

#[derive(Debug, Parser)]
#[command(
    name = "console-desk-cli",
    version,
    about = "Command-line client for Encoo RPA consoles, and the sandbox console server",
    after_help = "The password comes from CONSOLE_DESK_PASSWORD or a prompt, never a flag; the\n\
                  proxy's from CONSOLE_DESK_PROXY_PASSWORD or a prompt.\n\
                  Exit status: 0 success, 1 an API or network error, 2 a usage error,\n\
                  3 an unknown outcome (the answer to a change was lost: check the console)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the console is, who signs in, and how to print.
#[derive(Debug, Args)]
pub struct Global {
    /// One address serving both SSO and API (as the sandbox does).
    #[arg(long, global = true, env = "CONSOLE_DESK_CONSOLE", value_name = "URL")]
    pub console: Option<String>,
    /// The SSO address (with --api-url, for consoles whose SSO and API differ).
    #[arg(long, global = true, value_name = "URL")]
    pub sso_url: Option<String>,
    /// The API gateway address (with --sso-url).
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// The user to sign in as.
    #[arg(
        long,
        global = true,
        env = "CONSOLE_DESK_USERNAME",
        value_name = "NAME"
    )]
    pub username: Option<String>,
    /// Company to act in (default: the user's first company).
    #[arg(long, global = true, value_name = "ID")]
    pub company: Option<String>,
    /// Department to act in (default: the one the console opens for the user: their assigned
    /// department when they may visit it, else the root).
    #[arg(long, global = true, value_name = "ID")]
    pub department: Option<String>,
    /// The proxy: system (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the OS settings), none, or
    /// http(s)://[USER@]HOST:PORT. A console on loopback is always reached directly.
    #[arg(
        long,
        global = true,
        env = "CONSOLE_DESK_PROXY",
        hide_env_values = true,
        value_name = "system|none|URL",
        default_value = "system"
    )]
    pub proxy: String,
    /// Extra certificate authority to trust (PEM file), for private deployments.
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Print the API's answer as JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Companies the user belongs to.
    #[command(subcommand)]
    Companies(CompaniesCmd),
    /// The company's department tree.
    #[command(subcommand)]
    Departments(DepartmentsCmd),
    /// The signed-in user.
    Me,
    /// Process packages (.dgs).
    #[command(subcommand)]
    Packages(PackagesCmd),
    /// Robot groups (queues).
    #[command(subcommand)]
    Queues(QueuesCmd),
    /// Robots.
    #[command(subcommand)]
    Robots(RobotsCmd),
    /// Workflows (process deployments).
    #[command(subcommand)]
    Workflows(WorkflowsCmd),
    /// Workflow layouts (chains of workflows run as one job group).
    #[command(subcommand)]
    Layouts(LayoutsCmd),
    /// Serve a sandbox console (no sign-in needed).
    Sandbox(SandboxArgs),
}

#[derive(Debug, Subcommand)]
pub enum CompaniesCmd {
    /// List the user's companies.
    List {
        /// Only companies whose name contains this.
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DepartmentsCmd {
    /// Show the whole department tree.
    Tree,
}

/// Paging and search shared by the lists.
#[derive(Debug, Args, Clone, Default)]
pub struct ListArgs {
    /// Fuzzy search text.
    #[arg(long, value_name = "S")]
    pub search: Option<String>,
    /// Page index, counted from 0 as the API does.
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Items per page.
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum PackagesCmd {
    /// List packages.
    List {
        /// Only packages whose name contains this (--search also looks at descriptions and
        /// tags).
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Only packages uploaded at or after this time: RFC 3339 (2024-07-29T12:13:49Z) or a
        /// date (2024-07-29, from the start of that day in UTC).
        #[arg(long, value_name = "TIME", value_parser = since)]
        since: Option<Time>,
        /// Only packages uploaded at or before this time: RFC 3339, or a date (to the end of
        /// that day in UTC).
        #[arg(long, value_name = "TIME", value_parser = until)]
        until: Option<Time>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one package and its versions.
    Get { id: String },
    /// Change a package's tags or description; only the ones given are sent. Refused if the
    /// package changed since it was read (just before, or when --etag was).
    Update {
        id: String,
        /// Tags, comma separated (replaces the current ones).
        #[arg(long, value_delimiter = ',', value_name = "a,b")]
        tags: Option<Vec<String>>,
        #[arg(long, value_name = "D")]
        description: Option<String>,
        /// The package's ETag as you read it earlier (`packages get ID --json`): the update
        /// is refused if the package changed since.
        #[arg(long, value_name = "TAG")]
        etag: Option<String>,
    },
    /// Delete a package and all its versions.
    Delete { id: String },
    /// Publish a .dgs file as a new version.
    Upload {
        file: PathBuf,
        /// Go through the upload channel whatever the size.
        #[arg(long)]
        channel: bool,
    },
    /// Publish .dgs files one at a time, with progress, optionally upgrading the workflows
    /// that use each package. Exits 1 if any file or upgrade failed; the others still land.
    Publish(PublishArgs),
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The packages, checked first, then sent in this order.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Then move the workflows that use each package to the version just published (what
    /// that changes in their arguments is shown first).
    #[arg(long)]
    pub upgrade_workflows: bool,
    /// Upgrade the workflows without asking, even when that loses argument values.
    #[arg(long, requires = "upgrade_workflows")]
    pub yes: bool,
    /// Go through the upload channel whatever the size.
    #[arg(long)]
    pub channel: bool,
}

#[derive(Debug, Subcommand)]
pub enum QueuesCmd {
    /// List robot groups.
    List {
        /// Only robot groups running a workflow of this package.
        #[arg(long, value_name = "ID")]
        package: Option<String>,
        /// Only robot groups running a workflow of this package version.
        #[arg(long, value_name = "ID")]
        version_id: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one robot group.
    Get { id: String },
    /// Create a robot group.
    Create {
        #[arg(long, value_name = "N")]
        name: String,
        #[arg(long, value_name = "D")]
        description: Option<String>,
        /// Tags, comma separated.
        #[arg(long, value_delimiter = ',', value_name = "a,b")]
        tags: Option<Vec<String>>,
    },
    /// Change a robot group.
    Update {
        id: String,
        #[arg(long, value_name = "N")]
        name: Option<String>,
        #[arg(long, value_name = "D")]
        description: Option<String>,
        /// Tags, comma separated (replaces the current ones).
        #[arg(long, value_delimiter = ',', value_name = "a,b")]
        tags: Option<Vec<String>>,
    },
    /// Delete a robot group.
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum RobotsCmd {
    /// List robots.
    List {
        /// Only robots of this robot group.
        #[arg(long, value_name = "ID")]
        queue: Option<String>,
        /// Only robots in a robot group running a workflow of this package.
        #[arg(long, value_name = "ID")]
        package: Option<String>,
        /// Only robots in a robot group running a workflow of this package version.
        #[arg(long, value_name = "ID")]
        version_id: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one robot.
    Get { id: String },
}

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

#[derive(Debug, Subcommand)]
pub enum LayoutsCmd {
    /// List workflow layouts.
    List(ListArgs),
    /// Show one layout and its nodes.
    Get { id: String },
    /// Run a layout: one job per node.
    Execute { id: String },
}

fn since(text: &str) -> Result<Time, String> {
    times::parse(text, times::Edge::Start)
}

fn until(text: &str) -> Result<Time, String> {
    times::parse(text, times::Edge::End)
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
