//! `packages publish FILE...`: checks every file first with the client's inspection (a bad
//! one is reported and skipped), says what the console has of each package, then uploads the
//! rest one at a time with progress, optionally upgrades the workflows using each package
//! (saying first what that changes; see `upgrade.rs`), and ends with a summary. Ctrl-C
//! cancels the upload in flight and stops.

use std::path::Path;

use encoo_api::{CancellationToken, Candidate, Client, UploadOptions, UploadRoute};
use serde::Serialize;

use crate::args::{Global, PublishArgs};
use crate::commands::upgrade::{self, UpgradeReport};
use crate::commands::CtrlC;
use crate::connect;
use crate::error::{CliError, CliResult};
use crate::output::{note, opt, print_json};
use crate::progress::{Meter, Style};

/// One file's outcome. `--json` prints an array of these, one per file in the order given:
///
/// ```json
/// [{ "file": "a.dgs", "ok": true, "package": "Finance.InvoiceReader", "version": "1.3.0",
///    "route": "direct", "size": 65890, "packageId": "…", "packageVersionId": "…",
///    "upgrade": { "upgraded": 1, "failed": 0, "workflows": [
///      { "id": "…", "name": "…", "ok": true, "from": "1.1.0", "to": "1.3.0" }] } },
///  { "file": "notes.dgs", "ok": false, "error": "not a .dgs package: …" }]
/// ```
///
/// `package` and `version` come from the file's manifest when it could be read;
/// `existingVersion` is the package's latest version on the console before the upload, when
/// it had the package; `route`, `size`, the ids and `latest` (the package's latest version)
/// only once the console took the file; `error` says why `ok` is false;
/// `upgrade` (with `--upgrade-workflows`, for published files) is [`UpgradeReport`].
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    file: String,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    package: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<UploadRoute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    package_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    package_version_id: Option<String>,
    /// The package's latest version after the upload, as the console answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    latest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upgrade: Option<UpgradeReport>,
}

/// What happened to the files as a whole.
struct Run {
    reports: Vec<FileReport>,
    cancelled: bool,
}

pub async fn run(global: &Global, args: PublishArgs) -> CliResult {
    let json = global.json;
    let PublishArgs {
        files,
        upgrade_workflows,
        yes,
        channel,
    } = args;
    let mut run = Run {
        reports: files.iter().map(|f| FileReport::new(f)).collect(),
        cancelled: false,
    };
    let mut candidates = Vec::with_capacity(files.len());
    for file in &files {
        candidates.push(Candidate::read(file).await);
    }
    let ready = check_all(&candidates, &mut run.reports, json);
    if !ready.is_empty() {
        let client = connect::sign_in(global).await?;
        let client = connect::scope(client, global).await?;
        say_what_the_console_has(&client, &mut candidates, &ready, &mut run.reports, json).await;
        let ctrl_c = CtrlC::listen();
        let style = progress_style();
        for i in ready {
            if ctrl_c.token.is_cancelled() {
                run.cancelled = true;
                break;
            }
            let report = &mut run.reports[i];
            publish_one(
                &client,
                &files[i],
                channel,
                style,
                &ctrl_c.token,
                json,
                report,
            )
            .await;
            if upgrade_workflows && report.ok {
                let published = Published::of(report);
                report.upgrade =
                    Some(upgrade::users(&client, &published, yes, &ctrl_c.token, json).await);
            }
            run.cancelled |= ctrl_c.token.is_cancelled();
            if run.cancelled {
                break;
            }
        }
    }
    finish(run, upgrade_workflows, json)
}

impl FileReport {
    fn new(file: &Path) -> FileReport {
        FileReport {
            file: file.display().to_string(),
            ..Default::default()
        }
    }
}

/// What the upgrade step needs to know of a published file.
pub struct Published {
    pub package_id: String,
    pub version_id: String,
    pub version: String,
}

impl Published {
    fn of(report: &FileReport) -> Published {
        Published {
            package_id: report.package_id.clone().unwrap_or_default(),
            version_id: report.package_version_id.clone().unwrap_or_default(),
            version: report.version.clone().unwrap_or_default(),
        }
    }
}

/// Reports the files that cannot be published (as the client's inspection found them) and
/// answers the indexes of the rest.
fn check_all(candidates: &[Candidate], reports: &mut [FileReport], json: bool) -> Vec<usize> {
    let mut ready = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        if c.is_ready() {
            reports[i].package = c.package.clone();
            reports[i].version = c.version.clone();
            ready.push(i);
            continue;
        }
        // A folder given on a command line is worded as a command line's mistake.
        let reason = match c.folder {
            true => "a folder, not a .dgs file".to_owned(),
            false => c.problem.clone().unwrap_or_default(),
        };
        note(json, format!("✗ {}: {reason}", c.path.display()));
        reports[i].error = Some(reason);
    }
    ready
}

/// One line per usable file: its package and version, and what the console has of that
/// package (`Finance.InvoiceReader 1.3.0 (the console has 1.2.0)`, or a new package). When
/// the console cannot be asked, the lines say only what the files are.
async fn say_what_the_console_has(
    client: &Client,
    candidates: &mut [Candidate],
    ready: &[usize],
    reports: &mut [FileReport],
    json: bool,
) {
    let looked_up = match client.packages().look_up(candidates).await {
        Ok(()) => true,
        Err(e) => {
            let e = CliError::from(e);
            eprintln!("warning: cannot tell which packages the console has: {e}");
            false
        }
    };
    for &i in ready {
        let c = &candidates[i];
        let has = match (&c.existing_id, &c.existing_version) {
            _ if !looked_up => String::new(),
            (Some(_), Some(version)) => format!(" (the console has {version})"),
            (Some(_), None) => " (the console has the package, with no version)".to_owned(),
            (None, _) => " (new package)".to_owned(),
        };
        let (package, version) = (opt(&c.package), opt(&c.version));
        note(
            json,
            format!("{}: {package} {version}{has}", c.path.display()),
        );
        reports[i].existing_version = c.existing_version.clone();
    }
}

/// A bar on stderr when it is a terminal; else plain lines on stdout when it carries tables,
/// nothing when it carries only the JSON or TSV answer.
fn progress_style() -> Style {
    Style::choose(crate::output::format() == crate::output::Format::Table)
}

async fn publish_one(
    client: &Client,
    file: &Path,
    force_channel: bool,
    style: Style,
    cancel: &CancellationToken,
    json: bool,
    report: &mut FileReport,
) {
    let meter = Meter::new(file.display().to_string(), style);
    let options = UploadOptions {
        force_channel,
        progress: meter.callback(),
        cancel: cancel.clone(),
    };
    let result = client.packages().upload(file, &options).await;
    meter.finish();
    match result {
        Ok(u) => {
            let route = match u.route {
                UploadRoute::Direct => "direct",
                UploadRoute::Channel => "channel",
            };
            note(
                json,
                format!(
                    "✓ {} {} ({route}, {}) → package {}",
                    u.result.package_name,
                    u.manifest.version,
                    mib(u.size),
                    u.result.package_id
                ),
            );
            report.ok = true;
            report.package = Some(u.result.package_name);
            report.version = Some(u.manifest.version);
            report.route = Some(u.route);
            report.size = Some(u.size);
            report.package_id = Some(u.result.package_id);
            report.package_version_id = Some(u.result.package_version_id);
            report.latest = u.result.last_version;
        }
        Err(e) => {
            let message = CliError::from(e).to_string();
            note(json, format!("✗ {}: {message}", file.display()));
            report.error = Some(message);
        }
    }
}

/// A size in MiB, with one decimal below 10 MiB; in KiB below 1 MiB.
fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if bytes < 1 << 20 {
        format!("{} KiB", bytes.div_ceil(1024))
    } else if m < 10.0 {
        format!("{m:.1} MiB")
    } else {
        format!("{m:.0} MiB")
    }
}

/// The summary line, the JSON array, and the exit status: 1 when a file or an upgrade failed,
/// else 2 when upgrades were held back for want of --yes.
fn finish(mut run: Run, upgrade_workflows: bool, json: bool) -> CliResult {
    let total = run.reports.len();
    for r in run
        .reports
        .iter_mut()
        .filter(|r| !r.ok && r.error.is_none())
    {
        r.error = Some("not sent: cancelled".into());
    }
    let published = run.reports.iter().filter(|r| r.ok).count();
    let upgrades: Vec<&UpgradeReport> = run
        .reports
        .iter()
        .filter_map(|r| r.upgrade.as_ref())
        .collect();
    let count = |of: fn(&UpgradeReport) -> u64| upgrades.iter().map(|r| of(r)).sum::<u64>();
    let (upgraded, failed, held) = (
        count(|r| r.upgraded),
        count(|r| r.failed),
        count(|r| r.held_back),
    );
    let mut summary = format!("published {published} of {total} files");
    if upgrade_workflows {
        summary.push_str(&format!(", {upgraded} workflows upgraded, {failed} failed"));
    }
    if held > 0 {
        summary.push_str(&format!(", {held} held back"));
    }
    note(json, summary);
    if json {
        print_json(&run.reports)?;
    }
    if run.cancelled {
        return Err(encoo_api::Error::Cancelled.into());
    }
    let mut problems = Vec::new();
    if published < total {
        problems.push(format!(
            "{} of {total} files not published",
            total - published
        ));
    }
    if failed > 0 {
        let upgrades = if failed == 1 { "upgrade" } else { "upgrades" };
        problems.push(format!("{failed} workflow {upgrades} failed"));
    }
    if held > 0 {
        let noun = if held == 1 { "workflow" } else { "workflows" };
        problems.push(format!("{held} {noun} held back"));
    }
    if published < total || failed > 0 {
        return Err(CliError::Failed(problems.join(", ")));
    }
    if held == 0 {
        return Ok(());
    }
    let losses: Vec<&str> = upgrades
        .iter()
        .flat_map(|r| &r.losses)
        .map(String::as_str)
        .collect();
    let ids: Vec<&str> = upgrades
        .iter()
        .flat_map(|r| &r.held_ids)
        .map(String::as_str)
        .collect();
    Err(CliError::NeedsYes(format!(
        "{}: their upgrade would lose what the workflows set:\n  {}\n\
         The packages are published; to upgrade those workflows now, run \
         `console-desk-cli workflows upgrade --yes {}`. Next time, pass --yes to upgrade anyway",
        problems.join(", "),
        losses.join("\n  "),
        ids.join(" ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_mib() {
        assert_eq!(mib(1000), "1 KiB");
        assert_eq!(mib(64 * 1024), "64 KiB");
        assert_eq!(mib(3 << 20), "3.0 MiB");
        assert_eq!(mib(1 << 30), "1024 MiB");
    }

    #[test]
    fn the_json_report_uses_camel_case_and_leaves_out_what_is_unknown() {
        let mut r = FileReport::new(Path::new("a.dgs"));
        r.error = Some("the file is empty".into());
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"file": "a.dgs", "ok": false, "error": "the file is empty"})
        );
        r.package_version_id = Some("v".into());
        assert_eq!(serde_json::to_value(&r).unwrap()["packageVersionId"], "v");
    }
}
