//! `flexmodel …`: signs in to a FlexModel server with `flexmodel_api` (the password from
//! CONSOLE_DESK_PASSWORD or a prompt, never a flag), acts in `--project`, and hands the
//! client to the area's module; `flexmodel sandbox` serves one instead. Tables by default,
//! the API's answer as JSON with `--json`, exit statuses as `error.rs` says.

mod data;
mod platform;
mod records;
mod workflow;

use std::io::IsTerminal;

use flexmodel_api::{Client, ClientConfig, Page, Trigger};
use serde_json::Value;

use crate::args::flexmodel::{FlexmodelArgs, FmCmd, ModelsCmd, PageArgs, RecordsCmd, TriggersCmd};
use crate::args::Global;
use crate::connect;
use crate::error::{CliError, CliResult};

/// The project acted in when neither `--project` nor the profile names one.
const DEFAULT_PROJECT: &str = "default";

pub async fn run(global: &mut Global, args: FlexmodelArgs) -> CliResult {
    let FlexmodelArgs {
        mut url,
        project,
        command,
    } = args;
    if let FmCmd::Sandbox(args) = command {
        return crate::flexmodel_sandbox::serve(args).await;
    }
    let mut project = project;
    crate::profile::apply(
        global,
        desk_core::ConsoleKind::Flexmodel,
        Some(&mut url),
        Some(&mut project),
    )?;
    let project = project.unwrap_or_else(|| DEFAULT_PROJECT.to_owned());
    let global = &*global;
    let json = global.json;
    // A file that cannot be read, or a deletion not confirmed, is settled before signing in.
    let input = Input::read(&command)?;
    if let FmCmd::Records(RecordsCmd::Delete {
        datasource,
        model,
        id,
        yes,
    }) = &command
    {
        let what = format!("record \"{id}\" of {datasource}/{model}");
        if !confirm(&what, *yes)? {
            crate::output::note(json, "nothing deleted");
            return Ok(());
        }
    }
    let client = sign_in(global, url.as_deref()).await?.with_project(project);
    match command {
        FmCmd::Projects => platform::projects(&client, json).await,
        FmCmd::Whoami => platform::whoami(&client, json).await,
        FmCmd::Datasources(cmd) => data::datasources(&client, cmd, json).await,
        FmCmd::Models(cmd) => data::models(&client, cmd, input, json).await,
        FmCmd::Records(cmd) => records::records(&client, cmd, json).await,
        FmCmd::Query {
            datasource,
            statement,
            params,
        } => records::query(&client, &datasource, &statement, params, json).await,
        FmCmd::Graphql {
            query,
            variables,
            operation,
        } => records::graphql(&client, query, variables, operation, json).await,
        FmCmd::Flows(cmd) => workflow::flows(&client, cmd, json).await,
        FmCmd::Instances(cmd) => workflow::instances(&client, cmd, json).await,
        FmCmd::Triggers(cmd) => workflow::triggers(&client, cmd, input, json).await,
        FmCmd::JobLogs(cmd) => workflow::job_logs(&client, cmd, json).await,
        FmCmd::Apis(cmd) => platform::apis(&client, cmd, json).await,
        FmCmd::ApiLogs(cmd) => platform::api_logs(&client, cmd, json).await,
        FmCmd::Metrics { view } => platform::metrics(&client, view, json).await,
        FmCmd::Codegen(cmd) => platform::codegen(&client, cmd, json).await,
        FmCmd::Sandbox(_) => unreachable!("handled above"),
    }
}

/// The client's configuration from `--url`, `--ca-cert` and `--proxy` (with the proxy's
/// password when it names a user).
fn config(global: &Global, url: Option<&str>) -> CliResult<ClientConfig> {
    let url = url
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            CliError::usage(
            "which FlexModel server? give --url http://HOST:8080 (or CONSOLE_DESK_FLEXMODEL_URL), \
             or --profile NAME",
        )
        })?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(CliError::usage(format!(
            "the server address \"{url}\" must start with http:// or https://"
        )));
    }
    let mut config = ClientConfig::new(url);
    if let Some(path) = &global.ca_cert {
        let pem = std::fs::read(path).map_err(|e| {
            CliError::usage(format!(
                "cannot read the CA certificate {}: {e}",
                path.display()
            ))
        })?;
        config.ca_certificate_pem = Some(pem);
    }
    config.proxy = connect::proxy(global)?;
    config.accept_invalid_certificates = connect::accepts_any_certificate(global);
    Ok(config)
}

async fn sign_in(global: &Global, url: Option<&str>) -> CliResult<Client> {
    let config = config(global, url)?;
    let (username, password) = connect::credentials(global)?;
    tracing::debug!(address = %config.address, proxy = %config.proxy, %username, "signing in to FlexModel");
    let client = Client::sign_in(config, &username, &password)
        .await
        .map_err(|source| CliError::SignIn { username, source })?;
    drop(password);
    Ok(client)
}

/// Whether to go ahead with deleting `what`: yes with `--yes`; on a terminal, the answer to
/// `Delete WHAT? [y/N]` (asked on stderr); otherwise held back (exit 2) naming --yes.
fn confirm(what: &str, yes: bool) -> CliResult<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NeedsYes(format!(
            "deleting {what} needs --yes when there is no terminal to ask on; nothing was sent"
        )));
    }
    eprint!("Delete {what}? [y/N] ");
    let mut answer = String::new();
    let read = std::io::stdin().read_line(&mut answer);
    Ok(read.is_ok() && matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// A JSON value as a table cell: text as it is, null as nothing, anything else as compact
/// JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    crate::output::opt(v)
}

/// A list page's rows, then how many there are in all when the page does not hold them.
fn print_page<T>(page: &Page<T>, header: &[&str], row: impl Fn(&T) -> Vec<String>) {
    let total = page.total.unwrap_or(page.list.len() as u64);
    crate::output::rows_of(&page.list, total, header, row);
}

/// `--page`/`--size` as the client's page request (the server's defaults fill what is not
/// given: page 1, size 15 where it has one).
fn page_request(page: &PageArgs) -> Option<flexmodel_api::PageRequest> {
    match (page.page, page.size) {
        (None, None) => None,
        (p, s) => Some(flexmodel_api::PageRequest::new(
            p.unwrap_or(1),
            s.unwrap_or(15),
        )),
    }
}

/// A file's text, or a usage error naming it.
fn read_file(path: &std::path::Path, what: &str) -> CliResult<String> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("cannot read the {what} {}: {e}", path.display())))
}

/// What a command reads from a file, read (and for a trigger, parsed) before signing in, so
/// that nothing is sent when the file cannot be used.
enum Input {
    None,
    Idl(String),
    Trigger(Box<Trigger>),
}

impl Input {
    fn read(command: &FmCmd) -> CliResult<Input> {
        match command {
            FmCmd::Models(ModelsCmd::Idl { file, .. }) => {
                Ok(Input::Idl(read_file(file, "IDL file")?))
            }
            FmCmd::Triggers(TriggersCmd::Create { file } | TriggersCmd::Update { file, .. }) => {
                let text = read_file(file, "trigger file")?;
                let trigger: Trigger = serde_json::from_str(&text).map_err(|e| {
                    CliError::usage(format!(
                        "the trigger file {} is not a trigger as the API shows one \
                         (name, type, config, jobId…): {e}",
                        file.display()
                    ))
                })?;
                Ok(Input::Trigger(Box::new(trigger)))
            }
            _ => Ok(Input::None),
        }
    }
}
