//! The command line as clap sees it: global connection options, then one group per console
//! (`encoo …`, `flexmodel …`), each with one subcommand per resource in the console's own
//! vocabulary. The Encoo commands also stay at the top level,
//! hidden from the list, for scripts written before the groups existed.

mod encoo;
pub mod flexmodel;
mod packages;
mod workflows;

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::output::Format;

pub use encoo::{
    CompaniesCmd, DepartmentsCmd, EncooCmd, LayoutsCmd, ListArgs, QueuesCmd, RobotsCmd,
};
pub use packages::{PackagesCmd, PublishArgs};
pub use workflows::{WorkflowSettings, WorkflowsCmd};

#[derive(Debug, Parser)]
#[command(
    name = "console-desk-cli",
    version,
    about = "Command-line client for automation consoles (Encoo, FlexModel), and their sandbox \
             servers",
    after_help = "The top-level commands (companies, departments, me, packages, queues, robots,\n\
                  workflows, layouts, sandbox) are the Encoo ones, kept for scripts written\n\
                  before the `encoo` group: `console-desk-cli packages list` is\n\
                  `console-desk-cli encoo packages list`.\n\
                  \n\
                  The password comes from CONSOLE_DESK_PASSWORD or a prompt, never a flag; the\n\
                  proxy's from CONSOLE_DESK_PROXY_PASSWORD or a prompt. With --profile, a\n\
                  password the app remembers (in the OS keyring) comes first.\n\
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
    /// http(s)://[USER@]HOST:PORT (default: the profile's, else system). A console on loopback
    /// is always reached directly.
    #[arg(
        long,
        global = true,
        env = "CONSOLE_DESK_PROXY",
        hide_env_values = true,
        value_name = "system|none|URL"
    )]
    pub proxy: Option<String>,
    /// Extra certificate authority to trust (PEM file), for private deployments.
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Use a profile of the ConsoleDesk app (its console, user, proxy, and the password it
    /// remembers in the OS keyring), by name, else by id. Flags given beside it win.
    #[arg(long, global = true, env = "CONSOLE_DESK_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// How to print answers: tables, the API's JSON, or tab-separated values (one header row;
    /// tab, newline, carriage return and backslash in a value written as \t \n \r \\).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// The same as --output json.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print each HTTP request and answer to stderr: method, URL, status, time and headers,
    /// secrets redacted (no bodies).
    #[arg(long, global = true)]
    pub debug: bool,
    /// What `--profile` brought that has no flag (filled in once the command's console is
    /// known).
    #[arg(skip)]
    pub from_profile: Option<crate::profile::FromProfile>,
}

impl Global {
    /// The output format `--output` and `--json` ask for; a usage error when they disagree.
    pub fn format(&self) -> Result<Format, String> {
        match (self.json, self.output) {
            (true, Some(f)) if f != Format::Json => Err(format!(
                "--json is --output json: it cannot go with --output {}",
                f.to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_owned())
            )),
            (true, _) => Ok(Format::Json),
            (false, f) => Ok(f.unwrap_or_default()),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// An Encoo (云扩) RPA console: its packages, robot groups, robots, workflows and layouts,
    /// and its sandbox.
    #[command(subcommand)]
    Encoo(EncooCmd),
    /// A FlexModel low-code platform: its data sources, models, records, flows, triggers, APIs
    /// and metrics, and its sandbox (`flexmodel --url http://HOST:8080 --username NAME …`).
    Flexmodel(flexmodel::FlexmodelArgs),
    /// The ConsoleDesk app's profiles, as --profile can use them.
    #[command(subcommand)]
    Profiles(ProfilesCmd),
    /// Print a shell completion script (see the README for where each shell reads it).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The Encoo commands under their names from before the `encoo` group (hidden in --help).
    #[command(flatten)]
    Legacy(EncooCmd),
}

#[derive(Debug, Subcommand)]
pub enum ProfilesCmd {
    /// List the app's profiles: name, kind, console, user, whether a password is remembered.
    List,
}

/// What a parsed command line asks for: one console's commands, or the CLI's own.
// Made once per run and taken apart at once: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Group {
    Encoo(EncooCmd),
    Flexmodel(Box<flexmodel::FlexmodelArgs>),
    Profiles(ProfilesCmd),
    Completions(clap_complete::Shell),
}

impl Command {
    /// The command's group; an Encoo command whichever name it was given under.
    pub fn group(self) -> Group {
        match self {
            Command::Encoo(cmd) | Command::Legacy(cmd) => Group::Encoo(cmd),
            Command::Flexmodel(args) => Group::Flexmodel(Box::new(args)),
            Command::Profiles(cmd) => Group::Profiles(cmd),
            Command::Completions { shell } => Group::Completions(shell),
        }
    }
}

/// The names of the commands that are not Encoo ones under their old names.
const VISIBLE: &[&str] = &["encoo", "flexmodel", "profiles", "completions"];

/// The command line as clap knows it, the old top-level Encoo commands hidden from the list
/// (`after_help` names them).
pub fn command() -> clap::Command {
    let mut command = Cli::command();
    let legacy: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .filter(|name| !VISIBLE.contains(&name.as_str()))
        .collect();
    for name in legacy {
        command = command.mut_subcommand(name, |s| s.hide(true));
    }
    command
}

/// Parses the process's arguments (clap prints its own usage errors and exits 2, or 0 for
/// --help and --version). The top-level Encoo commands work but are left out of the list:
/// `after_help` names them.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
