//! The Encoo console's commands: one subcommand per resource (queues are robot groups,
//! layouts 流程编排), and the sandbox that emulates the console.

use clap::{Args, Subcommand};

use super::packages::PackagesCmd;
use super::workflows::WorkflowsCmd;
use crate::sandbox::SandboxArgs;

#[derive(Debug, Subcommand)]
pub enum EncooCmd {
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

#[derive(Debug, Subcommand)]
pub enum LayoutsCmd {
    /// List workflow layouts.
    List(ListArgs),
    /// Show one layout and its nodes.
    Get { id: String },
    /// Run a layout: one job per node.
    Execute { id: String },
}
