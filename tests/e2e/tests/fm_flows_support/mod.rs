//! What the Flows e2e tests share: the flow table's rows, typing and pasting into boxes, a
//! dialog field's message, and the sandbox's flows and instances read directly.

#![allow(dead_code)]

use console_desk_e2e::App;
use flexmodel_api::{FlowQuery, InstanceQuery};
use serde_json::{json, Value};

use crate::fm_console::FmConsole;

/// The rows of the flow table: (name, status code) in the order shown.
pub async fn rows(app: &App) -> Value {
    app.run(
        "return [...document.querySelectorAll('#flows-table tbody tr')].map((r) => [r.querySelector('.flow-name').textContent, r.querySelector('[data-status]').dataset.status])",
        vec![],
    )
    .await
}

pub async fn wait_rows(app: &App, count: usize) -> Value {
    app.wait_script(&format!(
        "const r = document.querySelectorAll('#flows-table tbody tr .flow-name'); return r.length === {count} && !document.querySelector('#flows-table .state-loading')"
    ))
    .await;
    rows(app).await
}

/// Types `value` into `css` (WebDriver types nothing for an empty value: then the box is
/// emptied as a person deleting its text does).
pub async fn type_in(app: &App, css: &str, value: &str) {
    if value.is_empty() {
        app.find(css).await;
        app.run(
            "const el = document.querySelector(arguments[0]); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(css)],
        )
        .await;
    } else {
        app.fill(css, value).await;
    }
}

/// Puts `text` (lines and all) in a text area, as a paste does.
pub async fn set_text(app: &App, css: &str, text: &str) {
    app.find(css).await;
    app.run(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![json!(css), json!(text)],
    )
    .await;
}

/// The error shown under a dialog's field once it says `expected`.
pub async fn field_error(app: &App, field: &str, expected: &str) -> String {
    app.wait_text(
        &format!("dialog.modal .field[data-for={field}] .field-error"),
        expected,
    )
    .await
}

pub async fn flow_id(console: &FmConsole, key: &str) -> String {
    let q = FlowQuery {
        flow_key: Some(key.into()),
        ..FlowQuery::default()
    };
    let all = console.client.flows().list_all(&q).await.unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    all[0].flow_module_id.clone()
}

/// The keys of the node boxes the diagram drew (null until it has drawn).
pub const NODE_BOXES: &str = "const n = [...document.querySelectorAll('#flow-diagram svg g.fm-node')].map((g) => g.dataset.key); return n.length ? n : null";

pub async fn instances_of(console: &FmConsole, flow: &str) -> Vec<String> {
    let q = InstanceQuery {
        flow_module_id: Some(flow.into()),
        ..InstanceQuery::default()
    };
    let mut ids: Vec<String> = console
        .client
        .instances()
        .list_all(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.flow_instance_id)
        .collect();
    ids.sort();
    ids
}
