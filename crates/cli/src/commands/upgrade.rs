//! Moving workflows to their package's latest version (the console's batch upgrade) after
//! saying what that does to their arguments: `workflows upgrade IDS…`, and after a publish the
//! workflows that use the package, one line per workflow.

use std::future::Future;

use encoo_api::{
    BatchUpgradeResult, CancellationToken, Client, ErrorKind, ListQuery, UpgradePreview, Workflow,
};
use serde::Serialize;

use crate::commands::preview::{decide, preview_lines, Go};
use crate::commands::publish::Published;
use crate::error::{CliError, CliResult};
use crate::output::{aside, details, emit, note, opt, print_json, table};

/// `workflows upgrade IDS…`: says what each upgrade changes, then, as [`decide`] rules, has
/// the console upgrade them all and prints its answer (`--json`: that answer alone on stdout,
/// the preview on stderr). A declined question upgrades nothing and exits 0; `dry_run` stops
/// after the preview (`--json`: the previews as JSON).
pub async fn workflows(
    client: &Client,
    ids: Vec<String>,
    yes: bool,
    dry_run: bool,
    json: bool,
) -> CliResult {
    let workflows = client.workflows();
    let previews = match workflows.upgrade_preview(&ids).await {
        Ok(previews) => previews,
        Err(e) if yes && !dry_run => {
            let e = CliError::from(e);
            eprintln!(
                "warning: cannot tell what the upgrade does ({e}); upgrading anyway, as --yes asks"
            );
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    if dry_run {
        if json {
            return print_json(&previews);
        }
        previews
            .iter()
            .flat_map(preview_lines)
            .for_each(|l| crate::out!("{l}"));
        let moving = previews.iter().filter(|p| moves(p)).count();
        crate::out!(
            "dry run: {moving} of {} would move; nothing was upgraded",
            previews.len()
        );
        return Ok(());
    }
    previews
        .iter()
        .flat_map(preview_lines)
        .for_each(|l| aside(json, l));
    match decide(&previews, yes, &CancellationToken::new()).await {
        Go::Ahead => {}
        Go::Declined => {
            eprintln!("nothing upgraded");
            return Ok(());
        }
        Go::HeldBack(losses) => {
            return Err(CliError::NeedsYes(format!(
                "nothing upgraded: these upgrades would lose what the workflows set:\n  {}\n\
                 pass --yes to upgrade anyway",
                losses.join("\n  ")
            )))
        }
    }
    let result = workflows.upgrade(&ids).await?;
    emit(json, &result, show_upgrade)?;
    let not_done = result.failure_count + result.missing_count;
    if not_done > 0 {
        return Err(CliError::Failed(format!(
            "{not_done} of {} workflows were not upgraded ({} failed, {} missing)",
            result.total, result.failure_count, result.missing_count
        )));
    }
    Ok(())
}

/// Whether the upgrade would move the workflow (it is known, and not on the latest yet).
fn moves(p: &UpgradePreview) -> bool {
    p.error.is_none() && !p.up_to_date
}

fn show_upgrade(r: &BatchUpgradeResult) {
    details(&[
        ("Total", r.total.to_string()),
        ("Success", r.success_count.to_string()),
        ("Failure", r.failure_count.to_string()),
        ("Missing", r.missing_count.to_string()),
    ]);
    for (title, items) in [("Failed:", &r.failed_list), ("Warnings:", &r.warning_list)] {
        if !items.is_empty() {
            crate::output::heading(title);
            table(
                &["Id", "Name", "Message"],
                items
                    .iter()
                    .map(|i| vec![i.id.clone(), opt(&i.name), opt(&i.message)]),
            );
        }
    }
}

/// The upgrade of one package's workflows, as `--json` shows it: how many moved and how many
/// did not, each workflow's outcome, a `note` when there was nothing to do (or the upgrade
/// was declined or held back), and `error` when the console could not be asked at all
/// (counted as one failure).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeReport {
    pub upgraded: u64,
    pub failed: u64,
    /// Workflows left as they were because upgrading them would lose argument values and
    /// there was neither --yes nor a terminal to ask on (absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    pub held_back: u64,
    /// When held back: the ids to upgrade, and what each workflow that loses would lose.
    #[serde(skip)]
    pub held_ids: Vec<String>,
    #[serde(skip)]
    pub losses: Vec<String>,
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

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Upgrades the workflows using `published`'s package that are not on it yet (as the client's
/// `behind` finds them), after saying what that changes (as [`decide`] rules, `yes` meaning
/// --yes), printing `  ↑ NAME: OLD → NEW` or `  ✗ NAME: message` for each.
pub async fn users(
    client: &Client,
    published: &Published,
    yes: bool,
    cancel: &CancellationToken,
    json: bool,
) -> UpgradeReport {
    let mut report = UpgradeReport::default();
    if let Err(e) = upgrade_into(client, published, yes, cancel, json, &mut report).await {
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
    yes: bool,
    cancel: &CancellationToken,
    json: bool,
    report: &mut UpgradeReport,
) -> encoo_api::Result<()> {
    let workflows = client.workflows();
    // Which workflows are behind, and whether the batch upgrade (to the package's latest
    // version) would bring them to the one published, is the client's rule.
    let behind = unless_cancelled(
        cancel,
        workflows.behind(&published.package_id, &published.version_id),
    )
    .await?;
    if behind.users == 0 {
        leave(report, json, "no workflows use it".into());
        return Ok(());
    }
    if let Some(latest) = &behind.latest_is_other {
        leave(
            report,
            json,
            format!(
                "workflows left as they are: the package's latest version is {latest}, not {}",
                published.version
            ),
        );
        return Ok(());
    }
    let targets = behind.to_upgrade();
    if targets.is_empty() {
        leave(
            report,
            json,
            format!("its workflows are already on {}", published.version),
        );
        return Ok(());
    }
    let ids = behind.ids();
    let previews = match unless_cancelled(cancel, workflows.upgrade_preview(&ids)).await {
        Ok(previews) => previews,
        Err(e) if yes && e.kind() != ErrorKind::Cancelled => {
            let e = CliError::from(e);
            aside(
                json,
                format!(
                    "  (cannot tell what the upgrade does: {e}; upgrading anyway, as --yes asks)"
                ),
            );
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    for line in previews.iter().flat_map(preview_lines) {
        aside(json, format!("  {line}"));
    }
    match decide(&previews, yes, cancel).await {
        Go::Ahead => {}
        Go::Declined => {
            leave(
                report,
                json,
                "workflows left as they are: the upgrade was declined".into(),
            );
            return Ok(());
        }
        Go::HeldBack(losses) => {
            report.held_back = ids.len() as u64;
            report.held_ids = ids;
            report.losses = losses;
            let line = "workflows left as they are: upgrading would lose argument values \
                        (pass --yes to upgrade anyway)";
            leave(report, json, line.into());
            return Ok(());
        }
    }
    let result = unless_cancelled(cancel, workflows.upgrade(&ids)).await?;
    // Where each workflow is now, as the console says; if that cannot be read, the batch
    // answer alone decides.
    let query = ListQuery {
        package_id: Some(published.package_id.clone()),
        ..Default::default()
    };
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

/// `  (line)` in table mode, and the report's note.
fn leave(report: &mut UpgradeReport, json: bool, line: String) {
    note(json, format!("  ({line})"));
    report.note = Some(line);
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
