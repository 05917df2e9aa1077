//! After a publish: moves the workflows that use the package to the version just published
//! (the console's batch upgrade goes to the package's latest), one line per workflow.

use std::future::Future;

use encoo_api::{BatchUpgradeResult, CancellationToken, Client, ListQuery, Workflow};
use serde::Serialize;

use crate::commands::publish::Published;
use crate::error::CliError;
use crate::output::{note, opt};

/// The upgrade of one package's workflows, as `--json` shows it: how many moved and how many
/// did not, each workflow's outcome, a `note` when there was nothing to do, and `error` when
/// the console could not be asked at all (counted as one failure).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeReport {
    pub upgraded: u64,
    pub failed: u64,
    pub workflows: Vec<WorkflowReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One workflow: `from` the version it was on, `to` the one it is on now (when it moved),
/// `error` why it did not.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowReport {
    pub id: String,
    pub name: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Upgrades the workflows using `published`'s package that are not on it yet, printing
/// `  ↑ NAME: OLD → NEW` or `  ✗ NAME: message` for each.
pub async fn users(
    client: &Client,
    published: &Published,
    cancel: &CancellationToken,
    json: bool,
) -> UpgradeReport {
    let mut report = UpgradeReport::default();
    if let Err(e) = upgrade_into(client, published, cancel, json, &mut report).await {
        let message = CliError::from(e).to_string();
        note(json, format!("  ✗ cannot upgrade its workflows: {message}"));
        report.failed += 1;
        report.error = Some(message);
    }
    report
}

async fn upgrade_into(
    client: &Client,
    published: &Published,
    cancel: &CancellationToken,
    json: bool,
    report: &mut UpgradeReport,
) -> encoo_api::Result<()> {
    let workflows = client.workflows();
    let query = ListQuery {
        package_id: Some(published.package_id.clone()),
        ..Default::default()
    };
    let users = unless_cancelled(cancel, workflows.list_all(&query)).await?;
    let mut nothing_to_do = |line: String| {
        note(json, format!("  ({line})"));
        report.note = Some(line);
    };
    if users.is_empty() {
        nothing_to_do("no workflows use it".into());
        return Ok(());
    }
    // The batch upgrade goes to the package's latest version: if that is another one (an
    // older version was published), upgrading would move workflows somewhere not asked for.
    if let Some(latest) = published
        .latest
        .as_ref()
        .filter(|l| **l != published.version)
    {
        nothing_to_do(format!(
            "workflows left as they are: the package's latest version is {latest}, not {}",
            published.version
        ));
        return Ok(());
    }
    let targets: Vec<&Workflow> = users
        .iter()
        .filter(|w| {
            let on = w.package_version_id.as_deref().unwrap_or_default();
            !on.eq_ignore_ascii_case(&published.version_id)
        })
        .collect();
    if targets.is_empty() {
        nothing_to_do(format!(
            "its workflows are already on {}",
            published.version
        ));
        return Ok(());
    }
    let ids: Vec<String> = targets.iter().map(|w| w.id.clone()).collect();
    let result = unless_cancelled(cancel, workflows.upgrade(&ids)).await?;
    // Where each workflow is now, as the console says; if that cannot be read, the batch
    // answer alone decides.
    let after = unless_cancelled(cancel, workflows.list_all(&query))
        .await
        .ok();
    for w in targets {
        let outcome = outcome(w, &result, after.as_deref(), published);
        let mut line = WorkflowReport {
            id: w.id.clone(),
            name: w.name.clone(),
            from: w.package_version.clone(),
            ..Default::default()
        };
        match outcome {
            Ok(to) => {
                note(json, format!("  ↑ {}: {} → {to}", w.name, opt(&line.from)));
                report.upgraded += 1;
                line.ok = true;
                line.to = Some(to);
            }
            Err(message) => {
                note(json, format!("  ✗ {}: {message}", w.name));
                report.failed += 1;
                line.error = Some(message);
            }
        }
        report.workflows.push(line);
    }
    Ok(())
}

/// The version `w` moved to, or why it did not move.
fn outcome(
    w: &Workflow,
    result: &BatchUpgradeResult,
    after: Option<&[Workflow]>,
    published: &Published,
) -> Result<String, String> {
    let same = |id: &str| id.eq_ignore_ascii_case(&w.id);
    if let Some(f) = result.failed_list.iter().find(|f| same(&f.id)) {
        let message = f.message.clone().filter(|m| !m.trim().is_empty());
        return Err(message.unwrap_or_else(|| "the console refused the upgrade".into()));
    }
    let warning = result
        .warning_list
        .iter()
        .find(|i| same(&i.id))
        .and_then(|i| i.message.clone());
    let Some(after) = after else {
        return match warning {
            Some(message) => Err(message),
            None => Ok(published.version.clone()),
        };
    };
    match after.iter().find(|a| same(&a.id)) {
        None => Err("the workflow no longer exists".into()),
        Some(a) if a.package_version_id != w.package_version_id => {
            let moved_to_published = a
                .package_version_id
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(&published.version_id));
            Ok(a.package_version.clone().unwrap_or_else(|| {
                if moved_to_published {
                    published.version.clone()
                } else {
                    opt(&a.package_version_id)
                }
            }))
        }
        Some(_) => Err(warning.unwrap_or_else(|| "the console left it where it was".into())),
    }
}

/// `fut`, unless Ctrl-C comes first.
async fn unless_cancelled<T>(
    cancel: &CancellationToken,
    fut: impl Future<Output = encoo_api::Result<T>>,
) -> encoo_api::Result<T> {
    tokio::select! {
        answer = fut => answer,
        _ = cancel.cancelled() => Err(encoo_api::Error::Cancelled),
    }
}
