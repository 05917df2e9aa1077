//! What the API definitions e2e tests share: the app's commands called as the window calls
//! them, and the screen's tree, forms and histories read back.
#![allow(dead_code)] // each test uses part of it

use console_desk_e2e::App;
use serde_json::{json, Value};

/// Calls one of the app's commands as the window does, and answers its value.
pub async fn invoke(app: &App, command: &str, args: Value) -> Value {
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(done, (e) => done({failed: e}));",
            vec![json!(command), args],
        )
        .await
        .expect("the command answers")
}

/// The id of the node named `name` in the screen's tree.
pub async fn node_id(app: &App, name: &str) -> String {
    let css = format!("#apis-tree .tree-row[data-name={}]", json!(name));
    let v = app
        .wait_script(&format!(
            "return document.querySelector({})?.dataset.node",
            json!(css)
        ))
        .await;
    v.as_str().unwrap().to_owned()
}

pub async fn open_node(app: &App, name: &str) -> String {
    let id = node_id(app, name).await;
    app.click(&format!("#apis-tree .tree-row[data-node='{id}']"))
        .await;
    app.wait_text("#api-name", name).await;
    id
}

pub async fn set_value(app: &App, css: &str, value: &str) {
    app.run(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(css), json!(value)],
    )
    .await;
}

/// The node `id` as the console has it now.
pub async fn find_in_tree(app: &App, id: &str) -> Value {
    fn find(nodes: &Value, id: &str) -> Option<Value> {
        nodes.as_array()?.iter().find_map(|n| {
            if n["id"] == id {
                Some(n.clone())
            } else {
                find(&n["children"], id)
            }
        })
    }
    let tree = invoke(app, "flexmodel_apis_tree", json!({})).await;
    find(&tree, id).unwrap_or_else(|| panic!("no node {id} in {tree}"))
}

pub async fn histories(app: &App, id: &str) -> Vec<Value> {
    invoke(app, "flexmodel_apis_histories", json!({"id": id}))
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Every node of the tree the console answers now, as (name, parent's name).
pub async fn tree_names(app: &App) -> Vec<(String, String)> {
    fn walk(nodes: &Value, parent: &str, out: &mut Vec<(String, String)>) {
        for n in nodes.as_array().into_iter().flatten() {
            let name = n["name"].as_str().unwrap_or_default().to_owned();
            out.push((name.clone(), parent.to_owned()));
            walk(&n["children"], &name, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &invoke(app, "flexmodel_apis_tree", json!({})).await,
        "",
        &mut out,
    );
    out
}

/// The message under the field `name` of the form `scope`, once there is one.
pub async fn field_error(app: &App, scope: &str, name: &str) -> String {
    let v = app
        .wait_script(&format!(
            "return document.querySelector({})?.textContent",
            json!(format!("{scope} .field[data-for='{name}'] .field-error"))
        ))
        .await;
    v.as_str().unwrap_or_default().to_owned()
}
