//! Know before you upgrade: what moving each workflow to its package's latest version (what
//! `batch/upgrade` does) would change in its arguments, read from the console without changing
//! anything.

use std::collections::HashMap;

use console_core::{ErrorKind, Result};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::arguments::{compare_arguments, ArgumentChanges};
use crate::client::guid;
use crate::resources::packages::{Package, Packages};
use crate::resources::workflows::{Workflow, Workflows};

/// How many workflows and packages are read at once.
const READS_AT_ONCE: usize = 6;

/// One workflow's upgrade, as it would happen now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradePreview {
    pub workflow_id: String,
    pub workflow_name: String,
    pub package_id: Option<String>,
    pub package_name: Option<String>,
    pub from_version: Option<String>,
    pub from_version_id: Option<String>,
    pub to_version: Option<String>,
    pub to_version_id: Option<String>,
    /// Already on the latest version: the upgrade leaves it as it is.
    pub up_to_date: bool,
    pub changes: ArgumentChanges,
    /// Why the upgrade cannot be foreseen (the workflow or its package is gone).
    pub error: Option<String>,
}

impl Workflows<'_> {
    /// What `upgrade(ids)` would do to each workflow's arguments, in the order given.
    pub async fn upgrade_preview(&self, ids: &[String]) -> Result<Vec<UpgradePreview>> {
        for id in ids {
            guid("WorkflowIds", id)?;
        }
        // Futures made by named functions, not closures: the command that awaits this must be
        // `Send` for every lifetime, which async closures over borrowed ids are not.
        let reads: Vec<_> = ids.iter().map(|id| read_workflow(self, id)).collect();
        let workflows: Vec<Found<Workflow>> = stream::iter(reads)
            .buffered(READS_AT_ONCE)
            .try_collect()
            .await?;
        let mut package_ids: Vec<String> = workflows
            .iter()
            .filter_map(|w| w.as_ref()?.package_id.clone())
            .collect();
        package_ids.sort_unstable();
        package_ids.dedup();
        let packages = self.0.packages();
        let reads: Vec<_> = package_ids
            .iter()
            .map(|id| read_package(&packages, id))
            .collect();
        let found: Vec<Found<Package>> = stream::iter(reads)
            .buffered(READS_AT_ONCE)
            .try_collect()
            .await?;
        let packages: HashMap<&str, Option<Package>> =
            package_ids.iter().map(String::as_str).zip(found).collect();
        Ok(ids
            .iter()
            .zip(&workflows)
            .map(|(id, w)| match w {
                Some(w) => preview(
                    w,
                    w.package_id.as_deref().and_then(|p| packages[p].as_ref()),
                ),
                None => UpgradePreview {
                    workflow_id: id.clone(),
                    workflow_name: id.clone(),
                    error: Some(format!("workflow {id} no longer exists")),
                    ..Default::default()
                },
            })
            .collect())
    }
}

/// An object read by id, or none when the console no longer has it.
type Found<T> = Option<T>;

fn gone<T>(answer: Result<T>) -> Result<Found<T>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

async fn read_workflow(workflows: &Workflows<'_>, id: &str) -> Result<Found<Workflow>> {
    gone(workflows.get(id).await)
}

async fn read_package(packages: &Packages<'_>, id: &str) -> Result<Found<Package>> {
    gone(packages.get(id).await)
}

fn preview(w: &Workflow, package: Option<&Package>) -> UpgradePreview {
    let mut out = UpgradePreview {
        workflow_id: w.id.clone(),
        workflow_name: w.name.clone(),
        package_id: w.package_id.clone(),
        package_name: w.package_name.clone(),
        from_version: w.package_version.clone(),
        from_version_id: w.package_version_id.clone(),
        ..Default::default()
    };
    let Some(package) = package else {
        out.error = Some("its package no longer exists".into());
        return out;
    };
    out.package_name = Some(package.name.clone());
    let versions = package.versions.as_deref().unwrap_or_default();
    let latest = package
        .last_version_id
        .as_deref()
        .and_then(|id| versions.iter().find(|v| v.id.eq_ignore_ascii_case(id)))
        .or_else(|| versions.first());
    let Some(latest) = latest else {
        out.error = Some(format!("package \"{}\" has no version", package.name));
        return out;
    };
    out.to_version = Some(latest.version.clone());
    out.to_version_id = Some(latest.id.clone());
    out.up_to_date = w
        .package_version_id
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case(&latest.id));
    if !out.up_to_date {
        out.changes = compare_arguments(&w.arguments, &latest.arguments);
    }
    out
}
