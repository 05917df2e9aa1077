//! What the command line can be told is wrong before signing in: a proxy that cannot be used,
//! ids that are not GUIDs, names, tags and descriptions the console refuses, numbers out of
//! range, files that are not packages, a time range that ends before it starts, an empty ETag. Such a command sends
//! nothing at all, and fails with the client's own refusal (or, for what only the command
//! line says, a usage error). Times and the doc's enums are already read by clap.

use encoo_api::rules::guid;
use encoo_api::{
    Error, ExecuteRequest, ListQuery, PackageQuery, PackageUpdate, QueueCreate, QueueUpdate,
};

use crate::args::{
    EncooCmd, Global, LayoutsCmd, ListArgs, PackagesCmd, QueuesCmd, RobotsCmd, WorkflowsCmd,
};
use crate::commands::list_query;
use crate::commands::workflows::{create_request, update_request};
use crate::error::{CliError, CliResult};
use crate::times::Time;

/// Checks `command` (and the scope and proxy options) without the console.
pub fn command(global: &Global, command: &EncooCmd) -> CliResult {
    crate::connect::proxy_choice(global)?;
    if let Some(company) = &global.company {
        guid("CompanyId", company).map_err(Error::from)?;
    }
    if let Some(department) = &global.department {
        guid("DepartmentId", department).map_err(Error::from)?;
    }
    match command {
        EncooCmd::Packages(cmd) => packages(cmd),
        EncooCmd::Queues(cmd) => queues(cmd),
        EncooCmd::Robots(RobotsCmd::List {
            queue,
            package,
            version_id,
            list,
        }) => Ok(ListQuery {
            associated_queue_id: queue.clone(),
            package_id: package.clone(),
            package_version_id: version_id.clone(),
            ..list_query(list)
        }
        .validate()?),
        EncooCmd::Robots(RobotsCmd::Get { id }) => ids(&[("robotId", id)]),
        EncooCmd::Workflows(cmd) => workflows(cmd),
        EncooCmd::Layouts(LayoutsCmd::List(list)) => Ok(list_query(list).validate()?),
        EncooCmd::Layouts(LayoutsCmd::Get { id } | LayoutsCmd::Execute { id }) => {
            ids(&[("workflowlayoutId", id)])
        }
        EncooCmd::Companies(_) | EncooCmd::Departments(_) | EncooCmd::Me | EncooCmd::Sandbox(_) => {
            Ok(())
        }
    }
}

fn ids(pairs: &[(&str, &String)]) -> CliResult {
    for (field, id) in pairs {
        guid(field, id).map_err(Error::from)?;
    }
    Ok(())
}

fn page(list: &ListArgs) -> CliResult {
    Ok(PackageQuery {
        page_size: list.page_size,
        ..Default::default()
    }
    .validate()?)
}

/// `--since` no later than `--until`.
fn time_range(since: &Option<Time>, until: &Option<Time>) -> CliResult {
    match (since, until) {
        (Some(since), Some(until)) if since.is_after(until) => Err(CliError::usage(format!(
            "--since {} is after --until {}: no package could match",
            since.text, until.text
        ))),
        _ => Ok(()),
    }
}

fn packages(cmd: &PackagesCmd) -> CliResult {
    match cmd {
        PackagesCmd::List {
            since, until, list, ..
        } => {
            time_range(since, until)?;
            page(list)
        }
        PackagesCmd::Get { id } | PackagesCmd::Delete { id } => ids(&[("packageId", id)]),
        PackagesCmd::Update {
            id,
            tags,
            description,
            etag,
        } => {
            ids(&[("packageId", id)])?;
            if tags.is_none() && description.is_none() {
                return Err(CliError::usage(
                    "nothing to change: give --description and/or --tags",
                ));
            }
            if etag.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(CliError::usage(
                    "--etag is empty: give the ETag `packages get ID --json` shows, or leave \
                     --etag out to use the package's current one",
                ));
            }
            let update = PackageUpdate {
                etag: None,
                description: description.clone(),
                tags: tags.clone(),
            };
            Ok(update.validate()?)
        }
        PackagesCmd::Upload { file, .. } => {
            encoo_api::dgs::read_manifest(file).map_err(|source| Error::Package {
                path: file.display().to_string(),
                source: source.into(),
            })?;
            Ok(())
        }
        // Publishing checks each of its files itself, reporting every bad one.
        PackagesCmd::Publish(_) => Ok(()),
    }
}

fn queues(cmd: &QueuesCmd) -> CliResult {
    match cmd {
        QueuesCmd::List {
            package,
            version_id,
            list,
        } => Ok(ListQuery {
            package_id: package.clone(),
            package_version_id: version_id.clone(),
            ..list_query(list)
        }
        .validate()?),
        QueuesCmd::Get { id } | QueuesCmd::Delete { id } => ids(&[("queueId", id)]),
        QueuesCmd::Create {
            name,
            description,
            tags,
        } => Ok(QueueCreate {
            name: name.clone(),
            description: description.clone(),
            tags: tags.clone(),
            ..Default::default()
        }
        .validate()?),
        QueuesCmd::Update {
            id,
            name,
            description,
            tags,
        } => {
            ids(&[("queueId", id)])?;
            Ok(QueueUpdate {
                name: name.clone(),
                description: description.clone(),
                tags: tags.clone(),
            }
            .validate()?)
        }
    }
}

fn workflows(cmd: &WorkflowsCmd) -> CliResult {
    match cmd {
        WorkflowsCmd::List {
            queue,
            package,
            version_id,
            list,
        } => Ok(ListQuery {
            associated_queue_id: queue.clone(),
            package_id: package.clone(),
            package_version_id: version_id.clone(),
            ..list_query(list)
        }
        .validate()?),
        WorkflowsCmd::Get { id } | WorkflowsCmd::Delete { id } | WorkflowsCmd::Robots { id } => {
            ids(&[("workflowId", id)])
        }
        WorkflowsCmd::Create {
            name,
            package,
            version_id,
            queue,
            settings,
        } => {
            let create = create_request(
                name.clone(),
                package.clone(),
                version_id.clone(),
                queue.clone(),
                settings.clone(),
            );
            Ok(create.validate()?)
        }
        WorkflowsCmd::Update {
            id,
            name,
            version_id,
            queue,
            settings,
        } => {
            ids(&[("workflowId", id)])?;
            let update = update_request(
                name.clone(),
                version_id.clone(),
                queue.clone(),
                settings.clone(),
            );
            Ok(update.validate()?)
        }
        WorkflowsCmd::Execute {
            id,
            args,
            priority,
            retries,
            video,
        } => {
            ids(&[("workflowId", id)])?;
            super::workflows::parse_overrides(args)?;
            let request = ExecuteRequest {
                priority: *priority,
                max_retry_count: *retries,
                video_record_mode: video.clone(),
                ..Default::default()
            };
            Ok(request.validate()?)
        }
        WorkflowsCmd::AddRobots { id, robot_ids } => {
            ids(&[("workflowId", id)])?;
            robot_ids.iter().try_for_each(|r| ids(&[("RobotIds", r)]))
        }
        WorkflowsCmd::RemoveRobot { id, robot_id } => {
            ids(&[("workflowId", id), ("robotId", robot_id)])
        }
        WorkflowsCmd::Upgrade { ids: list, .. } => {
            list.iter().try_for_each(|w| ids(&[("WorkflowIds", w)]))
        }
    }
}
