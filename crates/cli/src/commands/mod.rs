//! Runs a parsed command: signs in (except for the sandbox), then hands the scoped client to
//! the resource's module. Each module prints its answer through `output`. The FlexModel group
//! is `flexmodel`'s own.

mod flexmodel;
mod layouts;
mod org;
mod packages;
mod precheck;
mod preview;
mod publish;
mod queues;
mod upgrade;
mod workflows;

use encoo_api::{CancellationToken, ListQuery};

use crate::args::{Cli, CompaniesCmd, EncooCmd, Group, ListArgs, PackagesCmd, ProfilesCmd};
use crate::connect;
use crate::error::{CliError, CliResult};
use crate::output::Format;

/// `completions SHELL`: the shell's completion script for this command line, on stdout.
fn completions(shell: clap_complete::Shell) -> CliResult {
    let mut command = crate::args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "console-desk-cli", &mut script);
    crate::out!("{}", String::from_utf8_lossy(&script).trim_end());
    Ok(())
}

pub async fn run(cli: Cli) -> CliResult {
    let Cli {
        mut global,
        command,
    } = cli;
    let format = global.format().map_err(CliError::Usage)?;
    crate::output::set_format(format);
    // Everything below reads `json` for "the answer is one JSON document".
    global.json = format == Format::Json;
    if global.debug {
        console_core::wire_log::print_to_stderr();
    }
    // `encoo packages list` and `packages list` are one command.
    let command = match command.group() {
        Group::Encoo(command) => command,
        Group::Flexmodel(flexmodel) => return flexmodel::run(&mut global, *flexmodel).await,
        Group::Profiles(ProfilesCmd::List) => return crate::profile::list(global.json),
        Group::Completions(shell) => return completions(shell),
    };
    let json = global.json;
    if let EncooCmd::Sandbox(args) = command {
        return crate::sandbox::serve(args).await;
    }
    crate::profile::apply(&mut global, desk_core::ConsoleKind::Encoo, None, None)?;
    // What can be told wrong without the console is refused before signing in.
    precheck::command(&global, &command)?;
    // Publishing checks its files before signing in: nothing is sent when none is usable.
    if let EncooCmd::Packages(PackagesCmd::Publish(args)) = command {
        return publish::run(&global, args).await;
    }
    let client = connect::sign_in(&global).await?;
    if let EncooCmd::Companies(CompaniesCmd::List { name }) = &command {
        return org::companies(&client, name.as_deref(), json).await;
    }
    let client = connect::scope(client, &global).await?;
    match command {
        EncooCmd::Departments(cmd) => org::departments(&client, cmd, json).await,
        EncooCmd::Me => org::me(&client, json).await,
        EncooCmd::Packages(cmd) => packages::run(&client, cmd, json).await,
        EncooCmd::Queues(cmd) => queues::run(&client, cmd, json).await,
        EncooCmd::Robots(cmd) => queues::robots(&client, cmd, json).await,
        EncooCmd::Workflows(cmd) => workflows::run(&client, cmd, json).await,
        EncooCmd::Layouts(cmd) => layouts::run(&client, cmd, json).await,
        EncooCmd::Companies(_) | EncooCmd::Sandbox(_) => unreachable!("handled above"),
    }
}

/// The shared list options as the API's list query.
fn list_query(list: &ListArgs) -> ListQuery {
    ListQuery {
        search_string: list.search.clone(),
        page_index: list.page,
        page_size: list.page_size,
        ..Default::default()
    }
}

/// A cancellation token that Ctrl-C cancels, for as long as this lives. Once listening, Ctrl-C
/// no longer kills the process: the command stops at its next step.
struct CtrlC {
    token: CancellationToken,
    listener: tokio::task::JoinHandle<()>,
}

impl CtrlC {
    fn listen() -> CtrlC {
        let token = CancellationToken::new();
        let cancel = token.clone();
        let listener = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        });
        CtrlC { token, listener }
    }
}

impl Drop for CtrlC {
    fn drop(&mut self) {
        self.listener.abort();
    }
}
