//! The FlexModel console's commands (`console-desk-cli flexmodel …`): one subcommand per area
//! of its admin API in the console's own vocabulary (data sources, models, records, flows,
//! instances, triggers, API definitions…), and the sandbox that emulates the server. JSON
//! options are read and checked here, so a malformed one is a usage error (exit 2) before
//! anything is sent.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use flexmodel_api::Sort;
use serde_json::Value;

/// `flexmodel [--url URL] [--project ID] COMMAND`.
#[derive(Debug, Args)]
pub struct FlexmodelArgs {
    /// The server's address, `http://HOST:8080` (the client adds `/api`).
    #[arg(
        long,
        global = true,
        env = "CONSOLE_DESK_FLEXMODEL_URL",
        value_name = "URL"
    )]
    pub url: Option<String>,
    /// The project (tenant) to act in.
    #[arg(long, global = true, default_value = "default", value_name = "ID")]
    pub project: String,
    #[command(subcommand)]
    pub command: FmCmd,
}

#[derive(Debug, Subcommand)]
pub enum FmCmd {
    /// The projects (tenants) the server has.
    Projects,
    /// The signed-in user.
    Whoami,
    /// Data sources.
    #[command(subcommand)]
    Datasources(DatasourcesCmd),
    /// A data source's models (entities, enums, native queries).
    #[command(subcommand)]
    Models(ModelsCmd),
    /// A model's records.
    #[command(subcommand)]
    Records(RecordsCmd),
    /// Run a native SQL statement on a data source (`${name}` parameters from --param).
    Query {
        /// The data source.
        datasource: String,
        #[arg(long, value_name = "SQL")]
        statement: String,
        /// A parameter, `name=value` (the value read as JSON when it is JSON, else as text);
        /// repeat for more.
        #[arg(long = "param", value_name = "k=v", value_parser = param)]
        params: Vec<(String, Value)>,
    },
    /// Run a GraphQL document (exit 1 when the answer has errors).
    Graphql {
        #[arg(long, value_name = "Q")]
        query: String,
        /// The variables, a JSON object.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        variables: Option<Value>,
        /// Which operation of the document to run.
        #[arg(long, value_name = "NAME")]
        operation: Option<String>,
    },
    /// Flow modules.
    #[command(subcommand)]
    Flows(FlowsCmd),
    /// Flow instances.
    #[command(subcommand)]
    Instances(InstancesCmd),
    /// Triggers that start flows on a schedule or on record changes.
    #[command(subcommand)]
    Triggers(TriggersCmd),
    /// The runs of triggers' jobs.
    #[command(subcommand, name = "job-logs")]
    JobLogs(JobLogsCmd),
    /// API definitions.
    #[command(subcommand)]
    Apis(ApisCmd),
    /// The API request log.
    #[command(subcommand, name = "api-logs")]
    ApiLogs(ApiLogsCmd),
    /// The server's metrics.
    Metrics {
        #[arg(value_enum)]
        view: MetricsView,
    },
    /// Code generation from a data source's models.
    #[command(subcommand)]
    Codegen(CodegenCmd),
    /// Serve a sandbox FlexModel server (no sign-in needed to start it).
    Sandbox(crate::flexmodel_sandbox::FmSandboxArgs),
}

/// Which page of a list (`--page` counts from 1 as the server does).
#[derive(Debug, Args, Clone, Default)]
pub struct PageArgs {
    /// Page number, from 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,
    /// Items per page.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub size: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum DatasourcesCmd {
    /// List the data sources.
    List,
    /// Test a data source's connection.
    Validate { name: String },
    /// The tables of a data source's database.
    Tables { name: String },
    /// Make models of a data source's tables.
    Sync {
        name: String,
        /// The tables, comma separated.
        #[arg(long, value_delimiter = ',', required = true, value_name = "a,b")]
        tables: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelsCmd {
    /// List a data source's models.
    List { datasource: String },
    /// Show one model: its fields and indexes, or elements, or statement.
    Get { datasource: String, model: String },
    /// Create models from an IDL file.
    Idl {
        datasource: String,
        #[arg(long, value_name = "F")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordsCmd {
    /// List a model's records.
    List {
        datasource: String,
        model: String,
        /// A filter in the server's language, a JSON object: '{"age":{"_gt":18}}'.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        filter: Option<Value>,
        /// Sort keys, a JSON array: '[{"field":"age","order":"DESC"}]'.
        #[arg(long, value_name = "JSON", value_parser = sort)]
        sort: Option<SortKeys>,
        #[command(flatten)]
        page: PageArgs,
        /// Fill relation fields with their records.
        #[arg(long)]
        nested: bool,
    },
    /// Show one record.
    Get {
        datasource: String,
        model: String,
        id: String,
    },
    /// Create a record.
    Create {
        datasource: String,
        model: String,
        /// The record, a JSON object.
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Replace a record (PUT: fields not given are cleared).
    Update {
        datasource: String,
        model: String,
        id: String,
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Change some fields of a record (PATCH).
    Patch {
        datasource: String,
        model: String,
        id: String,
        #[arg(long, value_name = "JSON", value_parser = json_object)]
        data: Value,
    },
    /// Delete a record (asks first; --yes in scripts).
    Delete {
        datasource: String,
        model: String,
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
}

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

fn json_object(text: &str) -> Result<Value, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err("must be a JSON object ({...})".into()),
        Err(e) => Err(format!("not valid JSON: {e}")),
    }
}

/// `--sort`'s keys (a type of their own: clap reads an `Option<Vec<_>>` as a repeated option).
#[derive(Debug, Clone, PartialEq)]
pub struct SortKeys(pub Vec<Sort>);

fn sort(text: &str) -> Result<SortKeys, String> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    // `asc`/`desc` are taken in any case.
    if let Value::Array(keys) = &mut value {
        for key in keys {
            if let Some(Value::String(order)) = key.get_mut("order") {
                *order = order.to_ascii_uppercase();
            }
        }
    }
    serde_json::from_value(value)
        .map(SortKeys)
        .map_err(|e| format!("must be [{{\"field\":NAME,\"order\":\"ASC\"|\"DESC\"}},…]: {e}"))
}

fn param(text: &str) -> Result<(String, Value), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or("must be name=value".to_owned())?;
    if name.trim().is_empty() {
        return Err("the name before = is empty".into());
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
    Ok((name.trim().to_owned(), value))
}

fn instance_status(text: &str) -> Result<flexmodel_api::FlowInstanceStatus, String> {
    use flexmodel_api::FlowInstanceStatus as S;
    if let Ok(code) = text.parse::<i64>() {
        return Ok(S::from_code(code));
    }
    [
        S::Completed,
        S::Running,
        S::Terminated,
        S::Ended,
        S::Default,
    ]
    .into_iter()
    .find(|s| s.label().eq_ignore_ascii_case(text))
    .ok_or_else(|| "one of completed, running, terminated, ended, or a code".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_json_when_they_can_be() {
        assert_eq!(param("age=18").unwrap(), ("age".into(), Value::from(18)));
        assert_eq!(
            param("name=Ann Lee").unwrap(),
            ("name".into(), Value::from("Ann Lee"))
        );
        assert!(param("age").is_err());
    }

    #[test]
    fn sort_orders_in_any_case() {
        let keys = sort(r#"[{"field":"age","order":"desc"}]"#).unwrap();
        assert_eq!(keys, SortKeys(vec![Sort::desc("age")]));
        assert!(sort(r#"{"field":"age"}"#).is_err());
    }
}
