//! `encoo packages …`: the package list and its edits, and publishing `.dgs` files.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::encoo::ListArgs;
use crate::times::{self, Time};

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

fn since(text: &str) -> Result<Time, String> {
    times::parse(text, times::Edge::Start)
}

fn until(text: &str) -> Result<Time, String> {
    times::parse(text, times::Edge::End)
}
