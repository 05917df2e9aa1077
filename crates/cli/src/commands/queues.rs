//! Robot groups (queues in the API) and the robots in them.

use encoo_api::{Client, ListQuery, Queue, QueueCreate, QueueUpdate, Robot};

use crate::args::{QueuesCmd, RobotsCmd};
use crate::commands::list_query;
use crate::error::CliResult;
use crate::output::{details, emit, note, opt, page, robot_row, tags, ROBOT_HEADER};

pub async fn run(client: &Client, cmd: QueuesCmd, json: bool) -> CliResult {
    let queues = client.queues();
    match cmd {
        QueuesCmd::List {
            package,
            version_id,
            list,
        } => {
            let query = ListQuery {
                package_id: package,
                package_version_id: version_id,
                ..list_query(&list)
            };
            let answer = queues.list(&query).await?;
            emit(json, &answer, |p| {
                page(p, &["Id", "Name", "Robots", "Tags", "Description"], |q| {
                    vec![
                        q.id.clone(),
                        q.name.clone(),
                        q.robot_count.to_string(),
                        tags(&q.tags),
                        opt(&q.description),
                    ]
                })
            })
        }
        QueuesCmd::Get { id } => emit(json, &queues.get(&id).await?, show),
        QueuesCmd::Create {
            name,
            description,
            tags,
        } => {
            let create = QueueCreate {
                name,
                description,
                tags,
                ..Default::default()
            };
            emit(json, &queues.create(&create).await?, show)
        }
        QueuesCmd::Update {
            id,
            name,
            description,
            tags,
        } => {
            let update = QueueUpdate {
                name,
                description,
                tags,
            };
            emit(json, &queues.update(&id, &update).await?, show)
        }
        QueuesCmd::Delete { id } => {
            queues.delete(&id).await?;
            note(json, format!("deleted robot group {id}"));
            Ok(())
        }
    }
}

fn show(q: &Queue) {
    details(&[
        ("Id", q.id.clone()),
        ("Name", q.name.clone()),
        ("Description", opt(&q.description)),
        ("Tags", tags(&q.tags)),
        ("Robots", q.robot_count.to_string()),
        ("Created", opt(&q.created_at)),
        ("Modified", opt(&q.modified_at)),
    ])
}

pub async fn robots(client: &Client, cmd: RobotsCmd, json: bool) -> CliResult {
    match cmd {
        RobotsCmd::List {
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
            let answer = client.robots().list(&query).await?;
            emit(json, &answer, |p| page(p, ROBOT_HEADER, robot_row))
        }
        RobotsCmd::Get { id } => emit(json, &client.robots().get(&id).await?, show_robot),
    }
}

fn show_robot(r: &Robot) {
    details(&[
        ("Id", r.id.clone()),
        ("Name", r.name.clone()),
        ("Description", opt(&r.description)),
        ("Status", opt(&r.status)),
        ("License", opt(&r.license_status)),
        ("Version", opt(&r.version)),
        ("SDK version", opt(&r.sdk_version)),
        ("Can upgrade", r.can_upgrade.to_string()),
        ("Device", opt(&r.current_device_id)),
        ("Last heartbeat", opt(&r.last_heartbeat_time)),
    ])
}
