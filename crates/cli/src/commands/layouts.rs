//! Workflow layouts: chains of workflows that run as one job group.

use encoo_api::{Client, JobGroup, WorkflowLayout};

use crate::args::LayoutsCmd;
use crate::commands::list_query;
use crate::error::CliResult;
use crate::output::{details, emit, jobs, opt, page, table, tags};

pub async fn run(client: &Client, cmd: LayoutsCmd, json: bool) -> CliResult {
    let layouts = client.workflow_layouts();
    match cmd {
        LayoutsCmd::List(list) => {
            let answer = layouts.list(&list_query(&list)).await?;
            emit(json, &answer, |p| {
                page(
                    p,
                    &["Id", "Name", "Nodes", "Runs", "Last run", "Tags"],
                    |l| {
                        vec![
                            l.id.clone(),
                            l.name.clone(),
                            l.nodes.len().to_string(),
                            l.triggered_count.to_string(),
                            opt(&l.last_triggered_at),
                            tags(&l.tags),
                        ]
                    },
                )
            })
        }
        LayoutsCmd::Get { id } => emit(json, &layouts.get(&id).await?, show),
        LayoutsCmd::Execute { id } => emit(json, &layouts.execute(&id).await?, show_group),
    }
}

fn show(l: &WorkflowLayout) {
    details(&[
        ("Id", l.id.clone()),
        ("Name", l.name.clone()),
        ("Description", opt(&l.description)),
        ("Tags", tags(&l.tags)),
        ("Runs", l.triggered_count.to_string()),
        ("Last run", opt(&l.last_triggered_at)),
    ]);
    if !l.nodes.is_empty() {
        crate::output::heading("Nodes:");
        table(
            &["Index", "Name", "Workflow Id"],
            l.ordered_nodes()
                .into_iter()
                .map(|n| vec![n.index.to_string(), n.name.clone(), opt(&n.workflow_id)]),
        );
    }
}

fn show_group(g: &JobGroup) {
    crate::out!("job group {} ({})", g.id, g.name);
    jobs(&g.jobs);
}
