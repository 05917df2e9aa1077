//! The flow diagram component (ui/consoles/flexmodel/views/flows/diagram.js) in the real
//! webview: nodes laid out left to right by their longest path from the start, sequence flows
//! as arrows, a loop drawn back without breaking the layout, statuses as colours, and text
//! from the console shown as text.

use console_desk_e2e::App;
use serde_json::{json, Value};

/// Draws `model` with `statuses` into the page and answers what the SVG holds.
const DRAW: &str = r#"
const [model, statuses] = arguments;
window.__diagram = null;
import('./consoles/flexmodel/views/flows/diagram.js').then(({ flowDiagram }) => {
  const box = flowDiagram(model, { statusByKey: statuses });
  box.id = 'diagram-under-test';
  document.getElementById('diagram-under-test')?.remove();
  document.getElementById('content').prepend(box);
  const nodes = [...box.querySelectorAll('g.fm-node')].map((g) => {
    const m = /translate\(([\d.]+),([\d.]+)\)/.exec(g.getAttribute('transform'));
    return { key: g.dataset.key, type: Number(g.dataset.type), status: g.dataset.status ?? null,
      x: Number(m[1]), y: Number(m[2]),
      text: [...g.querySelectorAll('text')].map((t) => t.textContent),
      fill: getComputedStyle(g.querySelector('rect')).fill };
  });
  const edges = [...box.querySelectorAll('path.fm-diagram-edge')].map((p) => [p.dataset.from, p.dataset.to]);
  window.__diagram = { nodes, edges, empty: box.querySelector('.fm-diagram-empty')?.textContent ?? null,
    markup: box.querySelectorAll('script, img').length };
});
"#;

async fn draw(app: &App, model: Value, statuses: Value) -> Value {
    app.run(DRAW, vec![model, statuses]).await;
    app.wait_script("return window.__diagram").await
}

fn el(key: &str, kind: i64, incoming: &[&str], outgoing: &[&str], name: Option<&str>) -> Value {
    let mut props = json!({});
    if let Some(n) = name {
        props["name"] = json!(n);
    }
    json!({"key": key, "type": kind, "incoming": incoming, "outgoing": outgoing, "properties": props})
}

#[tokio::test]
async fn a_flow_is_drawn_left_to_right_with_its_loops_and_statuses() {
    let app = App::launch_flexmodel("fm-diagram").await;

    // start → gw → (a | b) → join → end, and a loop from `b` back to `gw`.
    let model = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], Some("开始")),
        el("f1", 1, &["start"], &["gw"], None),
        el("gw", 6, &["f1", "back"], &["fa", "fb"], None),
        el("fa", 1, &["gw"], &["a"], None),
        el("fb", 1, &["gw"], &["b"], None),
        el("a", 4, &["fa"], &["fj1"], Some("<b>approve</b>")),
        el("b", 5, &["fb"], &["fj2", "back"], Some("record")),
        el("back", 1, &["b"], &["gw"], None),
        el("fj1", 1, &["a"], &["end"], None),
        el("fj2", 1, &["b"], &["end"], None),
        el("end", 3, &["fj1", "fj2"], &[], None),
    ]});
    let drawn = draw(&app, model, json!({"start": 1, "gw": 1, "a": 2, "b": 3})).await;
    app.screenshot("fm-diagram").await;

    let nodes = drawn["nodes"].as_array().unwrap();
    let keys: Vec<&str> = nodes.iter().map(|n| n["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        ["start", "gw", "a", "b", "end"],
        "sequence flows are arrows, not nodes"
    );
    let x = |k: &str| {
        nodes.iter().find(|n| n["key"] == k).unwrap()["x"]
            .as_f64()
            .unwrap()
    };
    let y = |k: &str| {
        nodes.iter().find(|n| n["key"] == k).unwrap()["y"]
            .as_f64()
            .unwrap()
    };
    assert!(
        x("start") < x("gw") && x("gw") < x("a") && x("a") < x("end"),
        "{drawn}"
    );
    assert_eq!(x("a"), x("b"), "the two branches share a column");
    assert_ne!(y("a"), y("b"), "and are stacked");
    let mut edges: Vec<(String, String)> = drawn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into()))
        .collect();
    edges.sort();
    let want = [
        ("a", "end"),
        ("b", "end"),
        ("b", "gw"),
        ("gw", "a"),
        ("gw", "b"),
        ("start", "gw"),
    ];
    assert_eq!(edges, want.map(|(a, b)| (a.to_string(), b.to_string())));

    let status = |k: &str| nodes.iter().find(|n| n["key"] == k).unwrap()["status"].clone();
    assert_eq!(status("a"), json!("2"));
    assert_eq!(status("b"), json!("3"));
    assert_eq!(status("end"), Value::Null, "no status, no colour");
    let fill = |k: &str| nodes.iter().find(|n| n["key"] == k).unwrap()["fill"].clone();
    assert_ne!(fill("a"), fill("end"), "an active node is coloured");
    assert_ne!(fill("a"), fill("b"), "active and failed differ");

    let a = nodes.iter().find(|n| n["key"] == "a").unwrap();
    assert_eq!(
        a["text"],
        json!(["User task", "<b>approve</b>"]),
        "names are text"
    );
    assert_eq!(drawn["markup"], json!(0));

    let empty = draw(&app, json!({"flowElementList": []}), json!({})).await;
    assert_eq!(empty["nodes"], json!([]));
    assert_eq!(empty["empty"], json!("This flow has no elements yet."));
    app.close().await;
}
