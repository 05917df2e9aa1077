//! Process packages: list, get, update (never over someone else's change), delete, and
//! publishing a `.dgs` with progress on a terminal and Ctrl-C cancelling the upload.

use std::path::Path;

use encoo_api::{Client, Package, PackageQuery, PackageUpdate, UploadOptions, UploadRoute};

use crate::args::PackagesCmd;
use crate::commands::CtrlC;
use crate::error::{CliError, CliResult};
use crate::output::{details, emit, note, opt, page, table, tags};
use crate::progress::{Meter, Style};

pub async fn run(client: &Client, cmd: PackagesCmd, json: bool) -> CliResult {
    let packages = client.packages();
    match cmd {
        PackagesCmd::List {
            name,
            since,
            until,
            list,
        } => {
            let query = PackageQuery {
                search_string: list.search,
                name,
                start_time: since.map(|t| t.text),
                end_time: until.map(|t| t.text),
                page_index: list.page,
                page_size: list.page_size,
                ..Default::default()
            };
            let answer = packages.list(&query).await?;
            emit(json, &answer, |p| {
                page(
                    p,
                    &["Id", "Name", "Latest", "Downloads", "Tags", "Modified"],
                    |p| {
                        vec![
                            p.id.clone(),
                            p.name.clone(),
                            opt(&p.last_version),
                            p.total_downloads.to_string(),
                            tags(&p.tags),
                            opt(&p.modified_at),
                        ]
                    },
                )
            })
        }
        PackagesCmd::Get { id } => {
            let package = packages.get(&id).await?;
            emit(json, &package, show)
        }
        PackagesCmd::Update {
            id,
            tags,
            description,
            etag,
        } => {
            // The tag read now, unless the caller read one earlier: either way the console
            // refuses the update if someone changed the package since.
            let given = etag.is_some();
            let etag = match etag {
                Some(tag) => Some(tag),
                None => packages.get(&id).await?.etag,
            };
            let update = PackageUpdate {
                etag,
                description,
                tags,
            };
            let package = packages
                .update(&id, &update)
                .await
                .map_err(|e| changed_since_read(e, &id, given))?;
            emit(json, &package, show)
        }
        PackagesCmd::Delete { id } => {
            packages.delete(&id).await?;
            note(json, format!("deleted package {id}"));
            Ok(())
        }
        PackagesCmd::Upload { file, channel } => upload(client, &file, channel, json).await,
        PackagesCmd::Publish(_) => unreachable!("publish signs in on its own"),
    }
}

/// A refused stale edit (409, the console's conflict) as what to do about it.
fn changed_since_read(e: encoo_api::Error, id: &str, etag_given: bool) -> CliError {
    if e.kind() != encoo_api::ErrorKind::Conflict {
        return e.into();
    }
    let read = if etag_given {
        "since the --etag given was read"
    } else {
        "between reading it and writing"
    };
    CliError::Failed(format!(
        "package {id} changed {read} (someone else edited it), so nothing was updated: read it \
         again (`packages get {id} --json` shows its ETag) and make the change on that ({e})"
    ))
}

fn show(p: &Package) {
    details(&[
        ("Id", p.id.clone()),
        ("Name", p.name.clone()),
        ("Description", opt(&p.description)),
        ("Latest version", opt(&p.last_version)),
        ("Latest version id", opt(&p.last_version_id)),
        ("Downloads", p.total_downloads.to_string()),
        ("Tags", tags(&p.tags)),
        ("Created", opt(&p.created_at)),
        ("Modified", opt(&p.modified_at)),
    ]);
    if let Some(versions) = p.versions.as_ref().filter(|v| !v.is_empty()) {
        crate::output::heading("Versions:");
        table(
            &["Version Id", "Version", "Uploaded", "Arguments"],
            versions.iter().map(|v| {
                vec![
                    v.id.clone(),
                    v.version.clone(),
                    opt(&v.upload_time),
                    v.arguments
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            }),
        );
    }
}

async fn upload(client: &Client, file: &Path, force_channel: bool, json: bool) -> CliResult {
    let ctrl_c = CtrlC::listen();
    // A bar on stderr when it is a terminal; nothing otherwise (stdout is the answer).
    let meter = Meter::new(file.display().to_string(), Style::choose(false));
    let options = UploadOptions {
        force_channel,
        progress: meter.callback(),
        cancel: ctrl_c.token.clone(),
    };
    let result = client.packages().upload(file, &options).await;
    drop(ctrl_c);
    meter.finish();
    let uploaded = result?;
    emit(json, &uploaded, |u| {
        let route = match u.route {
            UploadRoute::Direct => "direct",
            UploadRoute::Channel => "channel",
        };
        details(&[
            ("Package", u.result.package_name.clone()),
            ("Version", u.manifest.version.clone()),
            ("Route", route.to_owned()),
            ("Package id", u.result.package_id.clone()),
            ("Version id", u.result.package_version_id.clone()),
            ("Size", format!("{} bytes", u.size)),
        ])
    })
}
