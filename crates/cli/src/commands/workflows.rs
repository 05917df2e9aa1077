//! Workflows: deploy a package version onto a robot group, change, run, and manage the robots
//! a workflow may use. Create and execute fill what the console needs from what it already
//! knows (package name and version, the workflow's own arguments).

use encoo_api::{
    compare_arguments, Argument, ArgumentChanges, Client, Direction, ExecuteRequest, ListQuery,
    PackageVersion, Workflow, WorkflowCreate, WorkflowUpdate,
};

use crate::args::{WorkflowSettings, WorkflowsCmd};
use crate::commands::list_query;
use crate::commands::preview::change_lines;
use crate::error::{CliError, CliResult};
use crate::output::{
    arguments, aside, details, emit, jobs, note, opt, page, robot_row, table, tags, ROBOT_HEADER,
};

pub async fn run(client: &Client, cmd: WorkflowsCmd, json: bool) -> CliResult {
    let workflows = client.workflows();
    match cmd {
        WorkflowsCmd::List {
            queue,
            package,
            version_id,
            list,
        } => {
            let query = ListQuery {
                associated_queue_id: queue,
                package_id: package,
                package_version_id: version_id,
                ..list_query(&list)
            };
            let answer = workflows.list(&query).await?;
            emit(json, &answer, |p| {
                page(
                    p,
                    &[
                        "Id", "Name", "Package", "Version", "Queue Id", "Priority", "Retries",
                    ],
                    |w| {
                        vec![
                            w.id.clone(),
                            w.name.clone(),
                            opt(&w.package_name),
                            opt(&w.package_version),
                            opt(&w.associated_queue_id),
                            w.priority.to_string(),
                            w.max_retry_count.to_string(),
                        ]
                    },
                )
            })
        }
        WorkflowsCmd::Get { id } => emit(json, &workflows.get(&id).await?, show),
        WorkflowsCmd::Create {
            name,
            package,
            version_id,
            queue,
            settings,
        } => {
            let (package_name, version) = package_version(client, &package, &version_id).await?;
            let create = WorkflowCreate {
                arguments: Some(version.arguments),
                package_name: Some(package_name),
                package_version_id: version.id,
                package_version: Some(version.version),
                ..create_request(name, package, version_id, queue, settings)
            };
            emit(json, &workflows.create(&create).await?, show)
        }
        WorkflowsCmd::Update {
            id,
            name,
            version_id,
            queue,
            settings,
        } => {
            let mut update = update_request(name, None, queue, settings);
            if let Some(version_id) = version_id {
                let current = workflows.get(&id).await?;
                let package = current.package_id.clone().unwrap_or_default();
                let (package_name, version) =
                    package_version(client, &package, &version_id).await?;
                let changes = compare_arguments(&current.arguments, &version.arguments);
                tell_changes(&changes, &version.version, json);
                update.arguments = Some(changes.arguments);
                update.package_name = Some(package_name);
                update.package_version_id = Some(version.id);
                update.package_version = Some(version.version);
            }
            emit(json, &workflows.update(&id, &update).await?, show)
        }
        WorkflowsCmd::Delete { id } => {
            workflows.delete(&id).await?;
            note(json, format!("deleted workflow {id}"));
            Ok(())
        }
        WorkflowsCmd::Execute {
            id,
            args,
            priority,
            retries,
            video,
        } => {
            let overrides = parse_overrides(&args)?;
            let mut request = ExecuteRequest {
                priority,
                max_retry_count: retries,
                video_record_mode: video,
                ..Default::default()
            };
            if !overrides.is_empty() {
                let workflow = workflows.get(&id).await?;
                request.arguments = Some(apply_overrides(workflow.arguments, &overrides)?);
            }
            let created = workflows.execute(&id, &request).await?;
            emit(json, &created, |j| jobs(j))
        }
        WorkflowsCmd::Robots { id } => {
            let answer = workflows.robots(&id).await?;
            emit(json, &answer, |p| page(p, ROBOT_HEADER, robot_row))
        }
        WorkflowsCmd::AddRobots { id, robot_ids } => {
            let links = workflows.add_robots(&id, &robot_ids).await?;
            emit(json, &links, |links| {
                table(
                    &["Robot Id", "Result"],
                    links.iter().map(|l| {
                        let result = l.error_message.clone().unwrap_or_else(|| "added".into());
                        vec![l.robot_id.clone(), result]
                    }),
                )
            })?;
            let refused = links.iter().filter(|l| l.error_message.is_some()).count();
            match refused {
                0 => Ok(()),
                n => Err(CliError::Failed(format!(
                    "{n} of {} robots were not added",
                    links.len()
                ))),
            }
        }
        WorkflowsCmd::RemoveRobot { id, robot_id } => {
            workflows.remove_robot(&id, &robot_id).await?;
            note(json, format!("removed robot {robot_id} from workflow {id}"));
            Ok(())
        }
        WorkflowsCmd::Upgrade { ids, yes, dry_run } => {
            super::upgrade::workflows(client, ids, yes, dry_run, json).await
        }
    }
}

fn show(w: &Workflow) {
    details(&[
        ("Id", w.id.clone()),
        ("Name", w.name.clone()),
        ("Description", opt(&w.description)),
        ("Package", opt(&w.package_name)),
        ("Package id", opt(&w.package_id)),
        ("Version", opt(&w.package_version)),
        ("Version id", opt(&w.package_version_id)),
        ("Queue id", opt(&w.associated_queue_id)),
        ("Priority", w.priority.to_string()),
        ("Retries", w.max_retry_count.to_string()),
        ("Video", opt(&w.video_record_mode)),
        ("Trigger policy", opt(&w.trigger_policy)),
        ("Tags", tags(&w.tags)),
        ("Runs", w.triggered_count.to_string()),
        ("Last run", opt(&w.last_triggered_at)),
    ]);
    arguments(&w.arguments);
}

/// The package's name and the version `version_id` of it, as the console knows them.
async fn package_version(
    client: &Client,
    package_id: &str,
    version_id: &str,
) -> CliResult<(String, PackageVersion)> {
    let package = client.packages().get(package_id).await?;
    let versions = package.versions.unwrap_or_default();
    let wanted = version_id.trim();
    let found = versions
        .iter()
        .find(|v| v.id.eq_ignore_ascii_case(wanted))
        .cloned();
    match found {
        Some(version) => Ok((package.name, version)),
        None => {
            let known: Vec<String> = versions
                .iter()
                .map(|v| format!("{} ({})", v.version, v.id))
                .collect();
            Err(encoo_api::Error::InvalidInput {
                message: format!(
                    "package \"{}\" has no version with id {wanted}; its versions: {}",
                    package.name,
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                ),
                field: Some("PackageVersionId".into()),
            }
            .into())
        }
    }
}

/// What moving to `version` does to the workflow's arguments: the values kept, the arguments
/// new to it (with their defaults), those dropped (with the value lost), those changed.
fn tell_changes(changes: &ArgumentChanges, version: &str, json: bool) {
    aside(json, format!("arguments on {version}:"));
    if !changes.kept.is_empty() {
        aside(
            json,
            format!("  kept the values of {}", changes.kept.join(", ")),
        );
    }
    for line in change_lines(changes) {
        aside(json, format!("  {line}"));
    }
}

/// The create request the command line asks for, before the package's name, version and
/// arguments are looked up on the console (the precheck validates this much).
pub(super) fn create_request(
    name: String,
    package: String,
    version_id: String,
    queue: String,
    settings: WorkflowSettings,
) -> WorkflowCreate {
    WorkflowCreate {
        name,
        description: settings.description,
        tags: settings.tags,
        video_record_mode: settings.video,
        package_id: package,
        package_version_id: version_id,
        associated_queue_id: queue,
        priority: settings.priority,
        max_retry_count: settings.retries,
        trigger_policy: settings.trigger_policy,
        ..Default::default()
    }
}

/// The update request the command line asks for, before a new version is looked up.
pub(super) fn update_request(
    name: Option<String>,
    version_id: Option<String>,
    queue: Option<String>,
    settings: WorkflowSettings,
) -> WorkflowUpdate {
    WorkflowUpdate {
        name,
        description: settings.description,
        tags: settings.tags,
        video_record_mode: settings.video,
        trigger_policy: settings.trigger_policy,
        package_version_id: version_id,
        associated_queue_id: queue,
        priority: settings.priority,
        max_retry_count: settings.retries,
        ..Default::default()
    }
}

/// `NAME=VALUE` pairs, in order.
pub(super) fn parse_overrides(args: &[String]) -> CliResult<Vec<(String, String)>> {
    args.iter()
        .map(|a| match a.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.to_owned()))
            }
            _ => Err(CliError::usage(format!(
                "--arg takes NAME=VALUE, got \"{a}\""
            ))),
        })
        .collect()
}

/// The workflow's arguments with the named inputs set; a name that is not an input of the
/// workflow is a usage error naming the inputs there are.
fn apply_overrides(
    mut args: Vec<Argument>,
    overrides: &[(String, String)],
) -> CliResult<Vec<Argument>> {
    let is_input = |a: &Argument| {
        matches!(
            a.direction,
            None | Some(Direction::In) | Some(Direction::InOut)
        )
    };
    for (name, value) in overrides {
        let found = args.iter().position(|a| &a.name == name);
        match found {
            Some(i) if is_input(&args[i]) => args[i].default_value = Some(value.clone()),
            _ => {
                let inputs: Vec<&str> = args
                    .iter()
                    .filter(|a| is_input(a))
                    .map(|a| a.name.as_str())
                    .collect();
                let what = if found.is_some() {
                    "is an output, not an input,"
                } else {
                    "is not an argument"
                };
                return Err(CliError::usage(format!(
                    "--arg {name}: \"{name}\" {what} of this workflow; its inputs: {}",
                    if inputs.is_empty() {
                        "none".into()
                    } else {
                        inputs.join(", ")
                    }
                )));
            }
        }
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(name: &str, direction: Direction, value: &str) -> Argument {
        Argument {
            name: name.into(),
            arg_type: "String".into(),
            direction: Some(direction),
            default_value: Some(value.into()),
            asset_content: None,
        }
    }

    #[test]
    fn overrides_set_inputs_and_refuse_outputs_and_unknown_names() {
        let args = vec![arg("a", Direction::In, "1"), arg("b", Direction::Out, "")];
        let set = apply_overrides(args.clone(), &[("a".into(), "2".into())]).unwrap();
        assert_eq!(set[0].default_value.as_deref(), Some("2"));
        let out = apply_overrides(args.clone(), &[("b".into(), "x".into())]).unwrap_err();
        assert!(out.to_string().contains("output"), "{out}");
        let unknown = apply_overrides(args, &[("zz".into(), "x".into())]).unwrap_err();
        assert_eq!(unknown.exit_code(), 2);
        assert!(unknown.to_string().contains("inputs: a"), "{unknown}");
    }

    #[test]
    fn overrides_need_an_equals_sign() {
        assert!(parse_overrides(&["x".into()]).is_err());
        assert_eq!(
            parse_overrides(&["k=v=w".into()]).unwrap(),
            [("k".to_string(), "v=w".to_string())]
        );
    }
}
