//! The flow commands: flow modules, their instances (start, user tasks committed or rolled
//! back, terminate), the triggers that start them and the job logs their runs write.

use flexmodel_api::{
    Client, FlowInstance, FlowQuery, InstanceQuery, JobLog, JobLogQuery, RunResult, Trigger,
    TriggerConfig, TriggerQuery,
};
use serde_json::Value;

use super::{cell, opt, page_request, print_page, Input};
use crate::args::flexmodel::{FlowsCmd, InstancesCmd, JobLogsCmd, TriggersCmd};
use crate::error::CliResult;
use crate::output::{details, emit, table};

pub async fn flows(client: &Client, cmd: FlowsCmd, json: bool) -> CliResult {
    let api = client.flows();
    match cmd {
        FlowsCmd::List { name, key, page } => {
            let query = FlowQuery {
                flow_name: name,
                flow_key: key,
                page: page_request(&page),
                ..FlowQuery::default()
            };
            let page = api.list(&query).await?;
            emit(json, &page, |page| {
                print_page(
                    page,
                    &["Id", "Key", "Name", "Status", "Modified", "Remark"],
                    |f| {
                        vec![
                            f.flow_module_id.clone(),
                            opt(&f.flow_key),
                            opt(&f.flow_name),
                            status(f.status.map(|s| s.label())),
                            opt(&f.modify_time),
                            opt(&f.remark),
                        ]
                    },
                )
            })
        }
        FlowsCmd::Get { id, deploy_id } => {
            let flow = api.get(&id, deploy_id.as_deref()).await?;
            emit(json, &flow, |f| {
                details(&[
                    ("Id", f.flow_module_id.clone()),
                    ("Deploy id", opt(&f.flow_deploy_id)),
                    ("Key", opt(&f.flow_key)),
                    ("Name", opt(&f.flow_name)),
                    ("Status", status(f.status.map(|s| s.label()))),
                    ("Remark", opt(&f.remark)),
                    ("Modified", opt(&f.modify_time)),
                ]);
                let elements = f
                    .model()
                    .and_then(|m| m.get("flowElementList").cloned())
                    .and_then(|l| l.as_array().cloned())
                    .unwrap_or_default();
                if !elements.is_empty() {
                    crate::output::heading("Elements:");
                    table(
                        &["Key", "Type", "Name", "Next"],
                        elements.iter().map(|e| {
                            vec![
                                cell(&e["key"]),
                                element_type(&e["type"]),
                                cell(&e["properties"]["name"]),
                                e["outgoing"]
                                    .as_array()
                                    .map(|o| o.iter().map(cell).collect::<Vec<_>>().join(","))
                                    .unwrap_or_default(),
                            ]
                        }),
                    );
                }
            })
        }
        FlowsCmd::Deploy { id } => {
            let deployed = api.deploy(&id).await?;
            emit(json, &deployed, |d| {
                details(&[
                    ("Flow", d.flow_module_id.clone()),
                    ("Deploy id", d.flow_deploy_id.clone()),
                ])
            })
        }
    }
}

/// The engine's element types by their numbers.
fn element_type(kind: &Value) -> String {
    match kind.as_i64() {
        Some(1) => "sequence flow".into(),
        Some(2) => "start".into(),
        Some(3) => "end".into(),
        Some(4) => "user task".into(),
        Some(5) => "service task".into(),
        Some(6) => "exclusive gateway".into(),
        Some(8) => "call activity".into(),
        Some(9) => "parallel gateway".into(),
        Some(10) => "inclusive gateway".into(),
        _ => cell(kind),
    }
}

fn status(label: Option<String>) -> String {
    label.unwrap_or_default()
}

pub async fn instances(client: &Client, cmd: InstancesCmd, json: bool) -> CliResult {
    let api = client.instances();
    match cmd {
        InstancesCmd::List { flow, status, page } => {
            let query = InstanceQuery {
                flow_module_id: flow,
                status,
                page: page_request(&page),
                ..InstanceQuery::default()
            };
            let page = api.list(&query).await?;
            emit(json, &page, |page| {
                print_page(
                    page,
                    &["Id", "Flow", "Status", "Created", "Caller"],
                    instance_row,
                )
            })
        }
        InstancesCmd::Get { id } => {
            let instance = api.get(&id).await?;
            if json {
                return crate::output::print_json(&instance);
            }
            show_instance(&instance);
            let elements = api.elements(&id).await?;
            if !elements.is_empty() {
                crate::output::heading("Nodes:");
                table(
                    &["Key", "Name", "Status", "Node instance"],
                    elements.iter().map(|e| {
                        vec![
                            e.key().unwrap_or_default().to_owned(),
                            opt(&e.name),
                            status(e.status.map(|s| s.label())),
                            opt(&e.node_instance_id),
                        ]
                    }),
                );
            }
            let tasks = api.user_tasks(&id).await?;
            if !tasks.is_empty() {
                crate::output::heading("User tasks:");
                table(
                    &["Task id", "Key", "Name", "Status"],
                    tasks.iter().map(|t| {
                        vec![
                            opt(&t.node_instance_id),
                            t.key().unwrap_or_default().to_owned(),
                            opt(&t.name),
                            status(t.status.map(|s| s.label())),
                        ]
                    }),
                );
            }
            Ok(())
        }
        InstancesCmd::Start { flow, vars } => {
            let result = api.start(&flow, None, &vars).await?;
            emit(json, &result, show_run)
        }
        InstancesCmd::Terminate { id, with_sub_flows } => {
            let result = api.terminate(&id, with_sub_flows).await?;
            emit(json, &result, show_run)
        }
        InstancesCmd::Commit { id, task, vars } => {
            let result = api.commit(&id, &task, &vars).await?;
            emit(json, &result, show_run)
        }
        InstancesCmd::Rollback { id, task } => {
            let result = api.rollback(&id, &task).await?;
            emit(json, &result, show_run)
        }
    }
}

/// The instance's flow: its name when the server sent it (the list does), else its module id.
fn flow_of(i: &FlowInstance) -> String {
    i.flow_name
        .clone()
        .unwrap_or_else(|| opt(&i.flow_module_id))
}

fn instance_row(i: &FlowInstance) -> Vec<String> {
    vec![
        i.flow_instance_id.clone(),
        flow_of(i),
        status(i.status.map(|s| s.label())),
        opt(&i.create_time),
        opt(&i.caller),
    ]
}

fn show_instance(i: &FlowInstance) {
    let mut rows = vec![("Id", i.flow_instance_id.clone()), ("Flow", flow_of(i))];
    if i.flow_name.is_some() {
        rows.push(("Flow id", opt(&i.flow_module_id)));
    }
    rows.extend([
        ("Deploy id", opt(&i.flow_deploy_id)),
        ("Status", status(i.status.map(|s| s.label()))),
        ("Parent", opt(&i.parent_flow_instance_id)),
        ("Caller", opt(&i.caller)),
        ("Created", opt(&i.create_time)),
        ("Modified", opt(&i.modify_time)),
    ]);
    details(&rows);
}

/// What start, commit, rollback and terminate answer: the instance, its status, and the user
/// task it now waits at (its id is what commit and rollback take).
fn show_run(r: &RunResult) {
    let task = r.active_task_instance.as_ref().filter(|t| !t.is_null());
    let task_key = task
        .map(|t| {
            cell(if t["key"].is_null() {
                &t["Key"]
            } else {
                &t["key"]
            })
        })
        .unwrap_or_default();
    details(&[
        ("Instance", opt(&r.flow_instance_id)),
        ("Status", status(r.status.map(|s| s.label()))),
        (
            "Engine",
            format!("{} {}", opt(&r.err_code), opt(&r.err_msg)),
        ),
        (
            "Waiting at",
            task.map(|t| format!("{task_key} {}", cell(&t["name"])))
                .unwrap_or_default(),
        ),
        (
            "Task id",
            task.map(|t| cell(&t["nodeInstanceId"])).unwrap_or_default(),
        ),
    ]);
}

pub async fn triggers(client: &Client, cmd: TriggersCmd, input: Input, json: bool) -> CliResult {
    let api = client.triggers();
    let from_file = || match input {
        Input::Trigger(t) => *t,
        _ => unreachable!("the trigger file is read before signing in"),
    };
    match cmd {
        TriggersCmd::List { name, flow, page } => {
            let query = TriggerQuery {
                name,
                job_id: flow,
                page: page_request(&page),
                ..TriggerQuery::default()
            };
            let page = api.list(&query).await?;
            emit(json, &page, |page| {
                print_page(
                    page,
                    &["Id", "Name", "Type", "When", "Flow", "Enabled"],
                    |t| {
                        vec![
                            opt(&t.id),
                            t.name.clone(),
                            t.kind.to_string(),
                            when(&t.config),
                            t.job_name.clone().unwrap_or_else(|| t.job_id.clone()),
                            t.state.to_string(),
                        ]
                    },
                )
            })
        }
        TriggersCmd::Get { id } => emit(json, &api.get(&id).await?, show_trigger),
        TriggersCmd::Create { .. } => emit(json, &api.create(&from_file()).await?, show_trigger),
        TriggersCmd::Update { id, .. } => {
            emit(json, &api.update(&id, &from_file()).await?, show_trigger)
        }
        TriggersCmd::Enable { id } => emit(json, &api.set_enabled(&id, true).await?, show_trigger),
        TriggersCmd::Disable { id } => {
            emit(json, &api.set_enabled(&id, false).await?, show_trigger)
        }
        TriggersCmd::Execute { id } => emit(json, &api.execute(&id).await?, |t| {
            crate::out!(
                "ran trigger \"{}\" (see `flexmodel job-logs list --trigger {id}`)",
                t.name
            )
        }),
    }
}

/// When a trigger fires, in a few words.
fn when(config: &Option<TriggerConfig>) -> String {
    match config {
        None => String::new(),
        Some(TriggerConfig::Cron { cron_expression }) => format!("cron {cron_expression}"),
        Some(TriggerConfig::Interval {
            interval,
            interval_unit,
            repeat_count,
        }) => {
            let times = match repeat_count {
                Some(n) if *n > 0 => format!(", {n} times"),
                _ => String::new(),
            };
            format!("every {interval} {interval_unit}{times}")
        }
        Some(TriggerConfig::Event {
            datasource_name,
            model_name,
            mutation_types,
            trigger_timing,
        }) => format!(
            "{} {} of {datasource_name}/{model_name}",
            trigger_timing.as_deref().unwrap_or("after"),
            mutation_types.join("/")
        ),
        Some(TriggerConfig::Other(v)) => cell(v),
    }
}

fn show_trigger(t: &Trigger) {
    details(&[
        ("Id", opt(&t.id)),
        ("Name", t.name.clone()),
        ("Description", opt(&t.description)),
        ("Type", t.kind.to_string()),
        ("When", when(&t.config)),
        ("Flow", t.job_id.clone()),
        ("Flow name", opt(&t.job_name)),
        ("Enabled", t.state.to_string()),
        ("Created", opt(&t.created_at)),
        ("Updated", opt(&t.updated_at)),
    ]);
}

pub async fn job_logs(client: &Client, cmd: JobLogsCmd, json: bool) -> CliResult {
    let JobLogsCmd::List {
        trigger,
        status,
        page,
    } = cmd;
    let query = JobLogQuery {
        trigger_id: trigger,
        status,
        page: page_request(&page),
        ..JobLogQuery::default()
    };
    let page = client.job_logs().list(&query).await?;
    emit(json, &page, |page| {
        print_page(
            page,
            &["Id", "Trigger", "Job", "Status", "Started", "ms", "Error"],
            |l: &JobLog| {
                vec![
                    l.id.clone(),
                    opt(&l.trigger_id),
                    opt(&l.job_name),
                    opt(&l.execution_status),
                    opt(&l.start_time),
                    opt(&l.execution_duration),
                    opt(&l.error_message),
                ]
            },
        )
    })
}
