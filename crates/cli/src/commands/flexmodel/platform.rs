//! The platform commands: projects, the signed-in user, API definitions and their histories,
//! the API log, metrics and code generation.

use flexmodel_api::{ApiLogQuery, Client, GenerateApis};
use serde_json::Value;

use super::{cell, opt, page_request, print_page};
use crate::args::flexmodel::{ApiLogsCmd, ApisCmd, CodegenCmd, MetricsView};
use crate::error::{CliError, CliResult};
use crate::output::{details, emit, note, print_json, table};

pub async fn projects(client: &Client, json: bool) -> CliResult {
    let projects = client.projects().list().await?;
    emit(json, &projects, |projects| {
        table(
            &["Id", "Enabled", "Created"],
            projects
                .iter()
                .map(|p| vec![p.id.clone(), p.enabled.to_string(), opt(&p.created_at)]),
        )
    })
}

pub async fn whoami(client: &Client, json: bool) -> CliResult {
    let user = client.whoami().await?;
    emit(json, &user, |u| {
        details(&[
            ("Id", u.id.clone()),
            ("Username", u.username.clone()),
            ("Permissions", u.permissions.join(",")),
        ])
    })
}

pub async fn apis(client: &Client, cmd: ApisCmd, json: bool) -> CliResult {
    let api = client.apis();
    match cmd {
        ApisCmd::Tree => {
            let tree = api.tree().await?;
            emit(json, &tree, |roots| {
                table(
                    &["Name", "Type", "Method", "Path", "Enabled", "Id"],
                    roots.iter().flat_map(|r| r.walk()).map(|(depth, node)| {
                        vec![
                            format!("{}{}", "  ".repeat(depth), node.name),
                            node.kind.to_string(),
                            opt(&node.method),
                            opt(&node.path),
                            node.enabled.to_string(),
                            opt(&node.id),
                        ]
                    }),
                )
            })
        }
        ApisCmd::Histories { id } => {
            let histories = api.histories(&id).await?;
            emit(json, &histories, |list| {
                if list.is_empty() {
                    crate::output::remark("(no saved versions)");
                    return;
                }
                table(
                    &["History id", "Name", "Method", "Path", "Enabled", "Saved"],
                    list.iter().map(|h| {
                        vec![
                            opt(&h.id),
                            h.name.clone(),
                            opt(&h.method),
                            opt(&h.path),
                            h.enabled.to_string(),
                            h.created_at
                                .clone()
                                .or(h.updated_at.clone())
                                .unwrap_or_default(),
                        ]
                    }),
                )
            })
        }
        ApisCmd::Restore { id, history } => {
            let restored = api.restore(&id, &history).await?;
            emit(json, &restored, |a| {
                details(&[
                    ("Id", opt(&a.id)),
                    ("Name", a.name.clone()),
                    ("Method", opt(&a.method)),
                    ("Path", opt(&a.path)),
                    ("Enabled", a.enabled.to_string()),
                ])
            })
        }
        ApisCmd::Generate {
            datasource,
            model,
            folder,
            id_field,
            apis,
        } => {
            let request = GenerateApis {
                datasource_name: datasource,
                model_name: model,
                api_folder: folder.clone(),
                id_field_of_path: id_field,
                generate_apis: apis,
            };
            api.generate(&request).await?;
            if json {
                // The server answers nothing: the folder as the tree now shows it.
                let tree = api.tree().await?;
                let made: Vec<_> = tree.into_iter().filter(|n| n.name == folder).collect();
                return print_json(&made);
            }
            note(
                json,
                format!("generated the folder \"{folder}\" (see `flexmodel apis tree`)"),
            );
            Ok(())
        }
    }
}

pub async fn api_logs(client: &Client, cmd: ApiLogsCmd, json: bool) -> CliResult {
    let logs = client.api_logs();
    match cmd {
        ApiLogsCmd::List {
            keyword,
            success,
            range,
            page,
        } => {
            let query = ApiLogQuery {
                keyword,
                is_success: success,
                date_range: range.range(),
                page: page_request(&page),
            };
            let page = logs.list(&query).await?;
            emit(json, &page, |page| {
                print_page(
                    page,
                    &["Time", "Method", "Path", "Status", "ms", "Client"],
                    |l| {
                        vec![
                            opt(&l.created_at),
                            opt(&l.http_method),
                            l.path.clone().or(l.url.clone()).unwrap_or_default(),
                            opt(&l.status_code),
                            opt(&l.response_time),
                            opt(&l.client_ip),
                        ]
                    },
                )
            })
        }
        ApiLogsCmd::Stat { range } => {
            let stat = logs.stat(range.range()).await?;
            emit(json, &stat, |s| {
                crate::output::heading("Requests by day:");
                table(
                    &["Date", "Requests"],
                    s.api_stat_list
                        .iter()
                        .map(|d| vec![d.date.clone(), d.total.to_string()]),
                );
                crate::output::heading("Most requested:");
                table(
                    &["API", "Requests"],
                    s.api_ranking_list
                        .iter()
                        .map(|n| vec![n.name.clone(), n.total.to_string()]),
                );
                let chart = &s.api_chart;
                crate::output::heading("Successes and failures:");
                table(
                    &["When", "Successes", "Failures"],
                    chart.date_list.iter().enumerate().map(|(i, d)| {
                        vec![
                            d.clone(),
                            chart.success_data.get(i).copied().unwrap_or(0).to_string(),
                            chart.fail_data.get(i).copied().unwrap_or(0).to_string(),
                        ]
                    }),
                );
            })
        }
    }
}

pub async fn metrics(client: &Client, view: MetricsView, json: bool) -> CliResult {
    let m = client.metrics();
    match view {
        MetricsView::Fm => emit(json, &m.fm().await?, |f| {
            details(&[
                ("Data sources", f.data_source_count.to_string()),
                ("Models", f.model_count.to_string()),
                ("Custom APIs", f.custom_api_count.to_string()),
                ("Requests", f.request_count.to_string()),
                ("Queries", f.query_count.to_string()),
                ("Mutations", f.mutation_count.to_string()),
                ("Subscriptions", f.subscribe_count.to_string()),
                ("Flows", f.flow_def_count.to_string()),
                ("Flow runs", f.flow_exec_count.to_string()),
                ("Triggers", f.trigger_total_count.to_string()),
                ("Jobs succeeded", f.job_success_count.to_string()),
                ("Jobs failed", f.job_failure_count.to_string()),
            ])
        }),
        MetricsView::Summary => {
            let summary = m.summary().await?;
            if json {
                return print_json(&summary);
            }
            // Every member the server sent, by its own name.
            let value = serde_json::to_value(&summary)
                .map_err(|e| CliError::Failed(format!("cannot read the summary: {e}")))?;
            show_view(&value);
            Ok(())
        }
        MetricsView::Prometheus => {
            let text = m.prometheus().await?;
            if json {
                return print_json(&text);
            }
            match (&text.metrics, &text.error) {
                (Some(metrics), _) => {
                    crate::out!("{}", metrics.trim_end());
                    Ok(())
                }
                (None, error) => Err(CliError::Failed(format!(
                    "the server has no Prometheus metrics: {}",
                    error.as_deref().unwrap_or("no reason given")
                ))),
            }
        }
        view => {
            let value = match view {
                MetricsView::All => m.all().await?,
                MetricsView::Cpu => m.cpu().await?,
                MetricsView::Memory => m.memory().await?,
                MetricsView::Jvm => m.jvm().await?,
                MetricsView::Threads => m.threads().await?,
                MetricsView::Disk => m.disk().await?,
                MetricsView::Network => m.network().await?,
                MetricsView::Fm | MetricsView::Summary | MetricsView::Prometheus => {
                    unreachable!("handled above")
                }
            };
            emit(json, &value, show_view)
        }
    }
}

/// A metrics view as name/value rows: nested objects' members under dotted names, lists
/// and nulls as compact JSON.
fn show_view(value: &Value) {
    let mut rows = Vec::new();
    flatten("", value, &mut rows);
    table(
        &["Metric", "Value"],
        rows.into_iter().map(|(k, v)| vec![k, v]),
    );
}

fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, rows);
            }
        }
        other => rows.push((prefix.to_owned(), cell(other))),
    }
}

pub async fn codegen(client: &Client, cmd: CodegenCmd, json: bool) -> CliResult {
    match cmd {
        CodegenCmd::Templates => {
            let templates = client.codegen().templates().await?;
            emit(json, &templates, |list| {
                table(
                    &["Template", "Details"],
                    list.iter().map(|t| {
                        let extra = if t.extra.is_empty() {
                            String::new()
                        } else {
                            Value::Object(t.extra.clone()).to_string()
                        };
                        vec![t.name.clone(), extra]
                    }),
                )
            })
        }
        CodegenCmd::Download {
            template,
            datasource,
            out,
            variables,
        } => {
            let bytes = client
                .codegen()
                .download(&template, &datasource, variables.as_ref(), &out)
                .await?;
            if json {
                return print_json(&serde_json::json!({
                    "template": template,
                    "datasource": datasource,
                    "file": out.display().to_string(),
                    "bytes": bytes,
                }));
            }
            crate::out!(
                "wrote {} ({bytes} bytes): {template} for data source \"{datasource}\"",
                out.display()
            );
            Ok(())
        }
    }
}
