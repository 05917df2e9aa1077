//! `flexmodel apis|api-logs|metrics|codegen …`: the platform's commands.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::Value;

use super::{json_object, PageArgs};

#[derive(Debug, Subcommand)]
pub enum ApisCmd {
    /// The tree of folders and APIs.
    Tree,
    /// An API's saved versions, newest first.
    Histories { id: String },
    /// Restore an API to a saved version.
    Restore { id: String, history: String },
    /// Generate a folder of APIs for a model.
    Generate {
        #[arg(long, value_name = "DS")]
        datasource: String,
        #[arg(long, value_name = "MODEL")]
        model: String,
        /// The folder to create.
        #[arg(long, value_name = "NAME")]
        folder: String,
        /// The model's id field, used in the APIs' paths.
        #[arg(long, default_value = "id", value_name = "FIELD")]
        id_field: String,
        /// Which APIs: list, pagination, view, create, update, delete (comma separated).
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "list,pagination,view,create,update,delete",
            value_name = "a,b"
        )]
        apis: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiLogsCmd {
    /// List the logged requests.
    List {
        /// Searched in the request body.
        #[arg(long, value_name = "TEXT")]
        keyword: Option<String>,
        /// Only successes (true) or failures (false).
        #[arg(long, value_name = "BOOL")]
        success: Option<bool>,
        #[command(flatten)]
        range: RangeArgs,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Request counts by day and by API, and successes and failures over time.
    Stat {
        #[command(flatten)]
        range: RangeArgs,
    },
}

/// A time range, `yyyy-MM-dd HH:mm:ss` both ends.
#[derive(Debug, Args, Clone, Default)]
pub struct RangeArgs {
    /// From, `yyyy-MM-dd HH:mm:ss` (with --to).
    #[arg(long, value_name = "TIME", requires = "to")]
    pub from: Option<String>,
    /// To, `yyyy-MM-dd HH:mm:ss` (with --from).
    #[arg(long, value_name = "TIME", requires = "from")]
    pub to: Option<String>,
}

impl RangeArgs {
    pub fn range(&self) -> Option<(String, String)> {
        self.from.clone().zip(self.to.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsView {
    Summary,
    All,
    Fm,
    Cpu,
    Memory,
    Jvm,
    Threads,
    Disk,
    Network,
    Prometheus,
}

#[derive(Debug, Subcommand)]
pub enum CodegenCmd {
    /// The code templates.
    Templates,
    /// Generate a template's code for a data source into a zip file.
    Download {
        template: String,
        #[arg(long, value_name = "DS")]
        datasource: String,
        /// Where to write the zip.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The template's variables, a JSON object.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        variables: Option<Value>,
    },
}
