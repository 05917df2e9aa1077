//! The run loop: from a node just completed, follow the graph (gateways by their conditions)
//! and run each next node until a user task waits, an end completes, or a service task fails;
//! the node instances it makes and the engine's answer.

use std::time::Duration;

use serde_json::{json, Map, Value};

use super::model::{self, Condition, Element, Model};
use super::status::*;
use crate::error::ApiResult;
use crate::meta::{new_id, now};
use crate::Sandbox;

pub(super) fn load_deployment(
    sb: &Sandbox,
    project: &str,
    deploy_id: &str,
) -> ApiResult<Option<Model>> {
    let Some(dep) = sb.inner.meta.get(project, DEPLOYMENT, deploy_id)? else {
        return Ok(None);
    };
    let text = dep["flowModel"].as_str().unwrap_or_default();
    Ok(model::parse(text).ok())
}

/// Where a run stopped.
pub(super) struct Stop {
    pub code: (i64, &'static str),
    pub why: String,
}

/// Runs from `from` (a node instance just completed) until a user task, an end, or a failure.
pub(super) fn run_from(model: &Model, inst: &mut Value, from: usize) -> Stop {
    let mut from = from;
    loop {
        let from_key = inst["nodes"][from]["nodeKey"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let Some(node) = model.get(&from_key) else {
            return fail(
                inst,
                from,
                code::GET_OUTGOING_FAILED,
                "the node left the model",
            );
        };
        let next = match next_node(model, node, inst) {
            Ok(next) => next.clone(),
            Err(why) => return fail(inst, from, code::GET_OUTGOING_FAILED, &why),
        };
        let index = push_node(inst, &next, from);
        match next.kind {
            model::END_EVENT => {
                set_node_status(inst, index, NODE_COMPLETED);
                set_instance_status(inst, INSTANCE_COMPLETED);
                return Stop {
                    code: code::SUCCESS,
                    why: String::new(),
                };
            }
            model::USER_TASK => {
                set_node_status(inst, index, NODE_ACTIVE);
                set_instance_status(inst, INSTANCE_RUNNING);
                return Stop {
                    code: code::COMMIT_SUSPEND,
                    why: String::new(),
                };
            }
            model::SERVICE_TASK => {
                if let Some(ms) = next.properties.get("sleepMillis").and_then(Value::as_u64) {
                    std::thread::sleep(Duration::from_millis(ms.min(30_000)));
                }
                if let Some(msg) = next.properties.get("fail") {
                    let msg = msg
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| msg.to_string());
                    let why = format!("service task '{}' failed: {msg}", next.key);
                    return fail(inst, index, code::SERVICE_TASK_EXECUTION_FAILED, &why);
                }
                if let Some(Value::Object(set)) = next.properties.get("variables") {
                    let vars = inst["variables"].as_object_mut().expect("an object");
                    for (k, v) in set {
                        vars.insert(k.clone(), v.clone());
                    }
                }
                set_node_status(inst, index, NODE_COMPLETED);
            }
            _ => set_node_status(inst, index, NODE_COMPLETED),
        }
        from = index;
    }
}

/// The node after `node`: through its one sequence flow, or a gateway's chosen one.
pub(super) fn next_node<'m>(
    model: &'m Model,
    node: &Element,
    inst: &Value,
) -> Result<&'m Element, String> {
    let flow_key = if node.kind == model::EXCLUSIVE_GATEWAY {
        let empty = Map::new();
        let vars = inst["variables"].as_object().unwrap_or(&empty);
        let mut default = None;
        let mut chosen = None;
        for key in &node.outgoing {
            let flow = model.get(key).ok_or("a flow left the model")?;
            if model::is_default(flow) {
                default = Some(key);
            } else if let Some(c) = model::condition(flow) {
                let c = Condition::parse(c)?;
                if c.holds(vars) {
                    chosen = Some(key);
                    break;
                }
            }
        }
        chosen.or(default).ok_or_else(|| {
            format!(
                "no condition out of gateway '{}' holds and it has no default flow",
                node.key
            )
        })?
    } else {
        node.outgoing
            .first()
            .ok_or_else(|| format!("'{}' has no outgoing flow", node.key))?
    };
    model
        .target(flow_key)
        .ok_or_else(|| format!("the flow '{flow_key}' leads nowhere"))
}

pub(super) fn fail(inst: &mut Value, index: usize, code: (i64, &'static str), why: &str) -> Stop {
    set_node_status(inst, index, NODE_FAILED);
    set_instance_status(inst, INSTANCE_ENDED);
    Stop {
        code,
        why: why.to_owned(),
    }
}

pub(super) fn push_node(inst: &mut Value, element: &Element, source: usize) -> usize {
    let (source_id, source_key) = {
        let s = &inst["nodes"][source];
        (s["nodeInstanceId"].clone(), s["nodeKey"].clone())
    };
    push_raw(inst, element, source_id, source_key)
}

pub(super) fn push_raw(
    inst: &mut Value,
    element: &Element,
    source_id: Value,
    source_key: Value,
) -> usize {
    let t = now();
    let node = json!({
        "nodeInstanceId": new_id(),
        "nodeKey": element.key,
        "name": element.name(),
        "nodeType": element.kind,
        "sourceNodeInstanceId": source_id,
        "sourceNodeKey": source_key,
        "instanceDataId": inst["instanceDataId"],
        "status": NODE_DEFAULT,
        "properties": Value::Object(element.properties.clone()),
        "createTime": t,
        "modifyTime": t,
    });
    let nodes = inst["nodes"].as_array_mut().expect("a list");
    nodes.push(node);
    nodes.len() - 1
}

pub(super) fn set_node_status(inst: &mut Value, index: usize, status: i64) {
    let node = &mut inst["nodes"][index];
    node["status"] = json!(status);
    node["modifyTime"] = json!(now());
}

pub(super) fn set_instance_status(inst: &mut Value, status: i64) {
    inst["status"] = json!(status);
    inst["modifyTime"] = json!(now());
}

pub(super) fn active_index(inst: &Value) -> Option<usize> {
    inst["nodes"]
        .as_array()?
        .iter()
        .rposition(|n| n["status"] == NODE_ACTIVE && n["nodeType"] == model::USER_TASK)
}

/// The answer of start, commit and rollback once the engine ran.
pub(super) fn answer(inst: &Value, stop: &Stop) -> Value {
    let mut a = refusal(stop.code, &stop.why);
    let active = active_index(inst).map(|i| task_view(&inst["nodes"][i]));
    let o = a.as_object_mut().expect("an object");
    o.insert("flowInstanceId".into(), inst["flowInstanceId"].clone());
    o.insert("status".into(), inst["status"].clone());
    o.insert("flowModuleId".into(), inst["flowModuleId"].clone());
    o.insert("flowDeployId".into(), inst["flowDeployId"].clone());
    o.insert("activeTaskInstance".into(), active.unwrap_or(Value::Null));
    o.insert("variables".into(), inst["variables"].clone());
    o.insert("nodeExecuteResults".into(), json!([]));
    o.insert("extendProperties".into(), json!({}));
    a
}
