//! The FlexModel console's commands (`console-desk-cli flexmodel …`): one subcommand per area
//! of its admin API in the console's own vocabulary (data sources, models, records, flows,
//! instances, triggers, API definitions…), and the sandbox that emulates the server. JSON
//! options are read and checked here, so a malformed one is a usage error (exit 2) before
//! anything is sent.

mod data;
mod platform;
mod workflow;

use clap::{Args, Subcommand};
use flexmodel_api::Sort;
use serde_json::Value;

pub use data::{DatasourcesCmd, ModelsCmd, RecordsCmd};
pub use platform::{ApiLogsCmd, ApisCmd, CodegenCmd, MetricsView};
pub use workflow::{FlowsCmd, InstancesCmd, JobLogsCmd, TriggersCmd};

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
    /// The project (tenant) to act in (default: the profile's last one, else `default`).
    #[arg(long, global = true, value_name = "ID")]
    pub project: Option<String>,
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
