//! `flexmodel flows|instances|triggers|job-logs …`: the flow side's commands.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value;

use super::{instance_status, json_object, PageArgs};

#[derive(Debug, Subcommand)]
pub enum FlowsCmd {
    /// List flow modules.
    List {
        /// Only flows whose name contains this.
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one flow module and its model.
    Get {
        id: String,
        /// A deployed version instead of the one being edited.
        #[arg(long, value_name = "ID")]
        deploy_id: Option<String>,
    },
    /// Deploy a flow module's model.
    Deploy { id: String },
}

#[derive(Debug, Subcommand)]
pub enum InstancesCmd {
    /// List flow instances.
    List {
        /// Only instances of this flow module.
        #[arg(long, value_name = "ID")]
        flow: Option<String>,
        /// Only instances in this status: completed, running, terminated, ended (or its code).
        #[arg(long, value_name = "S", value_parser = instance_status)]
        status: Option<flexmodel_api::FlowInstanceStatus>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one instance, its nodes and user tasks.
    Get { id: String },
    /// Start the deployed version of a flow module.
    Start {
        /// The flow module id.
        flow: String,
        /// The start variables, a JSON object.
        #[arg(long, value_name = "JSON", value_parser = json_object, default_value = "{}")]
        vars: Value,
    },
    /// End an instance.
    Terminate {
        id: String,
        /// Its sub-flow instances too.
        #[arg(long)]
        with_sub_flows: bool,
    },
    /// Complete a user task of an instance.
    Commit {
        id: String,
        /// The task's node instance id (see `instances get`).
        #[arg(long, value_name = "ID")]
        task: String,
        #[arg(long, value_name = "JSON", value_parser = json_object, default_value = "{}")]
        vars: Value,
    },
    /// Take an instance back to a user task.
    Rollback {
        id: String,
        #[arg(long, value_name = "ID")]
        task: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TriggersCmd {
    /// List triggers.
    List {
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Only triggers of this flow module.
        #[arg(long, value_name = "ID")]
        flow: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one trigger.
    Get { id: String },
    /// Create a trigger from a JSON file (as `triggers get --json` shows one).
    Create {
        #[arg(long, value_name = "F")]
        file: PathBuf,
    },
    /// Replace a trigger with a JSON file.
    Update {
        id: String,
        #[arg(long, value_name = "F")]
        file: PathBuf,
    },
    /// Resume a trigger.
    Enable { id: String },
    /// Pause a trigger.
    Disable { id: String },
    /// Run a trigger's job now.
    Execute { id: String },
}

#[derive(Debug, Subcommand)]
pub enum JobLogsCmd {
    /// List job runs, newest first.
    List {
        #[arg(long, value_name = "ID")]
        trigger: Option<String>,
        /// RUNNING, SUCCESS or FAILED.
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
}
