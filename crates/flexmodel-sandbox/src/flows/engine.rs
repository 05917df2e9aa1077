//! The engine: instances that run a deployment's element graph, as Turbo (the real server's
//! engine) runs it, and answer with its `errCode`/`errMsg` (success is 1000 ≤ errCode < 2000).
//!
//! An instance is one metadata document (kind `flow_instance`) holding its variables and its
//! node instances in the order they were created. From a node, the engine follows the one
//! outgoing sequence flow (a gateway picks the first flow whose condition holds, else its
//! default) and runs the next node at once:
//! - an end event completes (node 1) and the instance is completed (1), errCode 1000;
//! - a user task becomes active (node 2) and waits for a commit, errCode 1002 "Commit task
//!   suspend" (the instance is running, 2);
//! - a service task runs at once. The real engine runs its `subType` (a script, SQL, a record
//!   insert, update, delete or query), which the sandbox does not (deploy refuses a service
//!   task with a `subType`, 400 naming it); the sandbox's service task does what its
//!   `properties` say instead: `variables` (an object merged into the instance's
//!   variables), `sleepMillis` (work that takes time, at most 30 s), `fail` (a message: the
//!   node fails, 3, and the instance is **ended**, 4, errCode 4022 with that message). Ended
//!   (4) is reached only that way in the sandbox; default (0) is the engine's state before an
//!   instance's first node runs, which no call leaves an instance in (the seed shows one).
//!
//! Commit completes the active user task with the given variables merged. Rollback revokes
//! (4) the active user task and every node back to the previous user task, which becomes
//! active again as a new node instance (errCode 1003 "Rollback task suspend"); with no user
//! task before it, 4006. Terminate makes the instance terminated (3) and revokes its active
//! task (the real engine leaves the task's row as it was; the sandbox revokes it so that no
//! active task shows on a terminated instance).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, Weak};
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::model::{self, Condition, Element, Model};
use crate::error::ApiResult;
use crate::meta::{new_id, now};
use crate::Sandbox;

pub(crate) const MODULE: &str = "flow";
pub(crate) const DEPLOYMENT: &str = "flow_deploy";
pub(crate) const INSTANCE: &str = "flow_instance";

pub(crate) const INSTANCE_DEFAULT: i64 = 0;
pub(crate) const INSTANCE_COMPLETED: i64 = 1;
pub(crate) const INSTANCE_RUNNING: i64 = 2;
pub(crate) const INSTANCE_TERMINATED: i64 = 3;
pub(crate) const INSTANCE_ENDED: i64 = 4;

pub(crate) const NODE_DEFAULT: i64 = 0;
pub(crate) const NODE_COMPLETED: i64 = 1;
pub(crate) const NODE_ACTIVE: i64 = 2;
pub(crate) const NODE_FAILED: i64 = 3;
pub(crate) const NODE_REVOKED: i64 = 4;

/// The engine's error numbers (Turbo's `ErrorEnum`) the sandbox answers with.
pub(crate) mod code {
    pub const SUCCESS: (i64, &str) = (1000, "Success");
    pub const COMMIT_SUSPEND: (i64, &str) = (1002, "Commit task suspend");
    pub const ROLLBACK_SUSPEND: (i64, &str) = (1003, "Rollback task suspend");
    pub const PARAM_INVALID: (i64, &str) = (2001, "Invalid param");
    pub const FLOW_NOT_EXIST: (i64, &str) = (3101, "Flow not exist");
    pub const COMMIT_REJECTED: (i64, &str) = (4003, "Commit rejected, flow is terminate");
    pub const ROLLBACK_REJECTED: (i64, &str) = (
        4004,
        "Rollback rejected, non-running flowInstance to rollback",
    );
    pub const NO_USER_TASK_TO_ROLLBACK: (i64, &str) = (4006, "No userTask to rollback");
    pub const GET_FLOW_DEPLOYMENT_FAILED: (i64, &str) = (4007, "Get flowDeployment failed");
    pub const GET_FLOW_INSTANCE_FAILED: (i64, &str) = (4008, "Get flowInstance failed");
    pub const GET_NODE_INSTANCE_FAILED: (i64, &str) = (4010, "Get nodeInstance failed");
    pub const GET_OUTGOING_FAILED: (i64, &str) = (4013, "Get outgoing failed");
    pub const SERVICE_TASK_EXECUTION_FAILED: (i64, &str) = (4022, "Service task execution failed");
}

pub(crate) fn is_success(answer: &Value) -> bool {
    answer["errCode"]
        .as_i64()
        .is_some_and(|c| (1000..2000).contains(&c))
}

/// An engine answer with only the code (a refusal): `errMsg` the engine's words, then why.
pub(crate) fn refusal(code: (i64, &str), why: impl AsRef<str>) -> Value {
    let why = why.as_ref();
    let msg = if why.is_empty() {
        code.1.to_owned()
    } else {
        format!("{}: {why}", code.1)
    };
    json!({"errCode": code.0, "errMsg": msg})
}

/// Variables as the requests give them: an object, or Turbo's list of `{key, value}`.
pub(crate) fn variables_of(v: &Value) -> Result<Map<String, Value>, String> {
    match v {
        Value::Null => Ok(Map::new()),
        Value::Object(m) => Ok(m.clone()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let key = item["key"]
                    .as_str()
                    .ok_or("each variable in a list needs a key")?;
                Ok((key.to_owned(), item["value"].clone()))
            })
            .collect(),
        _ => Err("variables must be an object or a list of {key, value}".into()),
    }
}

/// The public view of an instance (without its variables and nodes).
pub(crate) fn instance_view(inst: &Value) -> Value {
    let mut v = inst.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("variables");
        o.remove("nodes");
    }
    v
}

/// A node instance as the answers show a task (`activeTaskInstance`, user tasks).
pub(crate) fn task_view(node: &Value) -> Value {
    json!({
        "nodeInstanceId": node["nodeInstanceId"],
        "key": node["nodeKey"],
        "name": node["name"],
        "modelName": node["name"],
        "status": node["status"],
        "flowElementType": node["nodeType"],
        "properties": node["properties"],
        "instanceDataId": node["instanceDataId"],
        "subFlowInstanceIdList": [],
        "subElementInstanceList": [],
        "subNodeResultList": [],
        "createTime": node["createTime"],
        "modifyTime": node["modifyTime"],
    })
}

fn load_deployment(sb: &Sandbox, project: &str, deploy_id: &str) -> ApiResult<Option<Model>> {
    let Some(dep) = sb.inner.meta.get(project, DEPLOYMENT, deploy_id)? else {
        return Ok(None);
    };
    let text = dep["flowModel"].as_str().unwrap_or_default();
    Ok(model::parse(text).ok())
}

/// Where a run stopped.
struct Stop {
    code: (i64, &'static str),
    why: String,
}

/// Runs from `from` (a node instance just completed) until a user task, an end, or a failure.
fn run_from(model: &Model, inst: &mut Value, from: usize) -> Stop {
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
fn next_node<'m>(model: &'m Model, node: &Element, inst: &Value) -> Result<&'m Element, String> {
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

fn fail(inst: &mut Value, index: usize, code: (i64, &'static str), why: &str) -> Stop {
    set_node_status(inst, index, NODE_FAILED);
    set_instance_status(inst, INSTANCE_ENDED);
    Stop {
        code,
        why: why.to_owned(),
    }
}

fn push_node(inst: &mut Value, element: &Element, source: usize) -> usize {
    let (source_id, source_key) = {
        let s = &inst["nodes"][source];
        (s["nodeInstanceId"].clone(), s["nodeKey"].clone())
    };
    push_raw(inst, element, source_id, source_key)
}

fn push_raw(inst: &mut Value, element: &Element, source_id: Value, source_key: Value) -> usize {
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

fn set_node_status(inst: &mut Value, index: usize, status: i64) {
    let node = &mut inst["nodes"][index];
    node["status"] = json!(status);
    node["modifyTime"] = json!(now());
}

fn set_instance_status(inst: &mut Value, status: i64) {
    inst["status"] = json!(status);
    inst["modifyTime"] = json!(now());
}

fn active_index(inst: &Value) -> Option<usize> {
    inst["nodes"]
        .as_array()?
        .iter()
        .rposition(|n| n["status"] == NODE_ACTIVE && n["nodeType"] == model::USER_TASK)
}

/// The answer of start, commit and rollback once the engine ran.
fn answer(inst: &Value, stop: &Stop) -> Value {
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

/// Starts an instance of a module's deployment (`flowDeployId`, or its latest) and runs it.
pub(crate) fn start(
    sb: &Sandbox,
    project: &str,
    module_id: &str,
    deploy_id: Option<&str>,
    variables: Map<String, Value>,
    caller: &str,
) -> ApiResult<Value> {
    let Some(module) = sb.inner.meta.get(project, MODULE, module_id)? else {
        return Ok(refusal(
            code::GET_FLOW_DEPLOYMENT_FAILED,
            format!("there is no flow module '{module_id}'"),
        ));
    };
    let deploy_id = match deploy_id {
        Some(d) => d.to_owned(),
        None => match module["flowDeployId"].as_str() {
            Some(d) => d.to_owned(),
            None => {
                return Ok(refusal(
                    code::GET_FLOW_DEPLOYMENT_FAILED,
                    format!("the flow module '{module_id}' is not deployed"),
                ))
            }
        },
    };
    let model = match load_deployment(sb, project, &deploy_id)? {
        Some(m) => m,
        None => {
            return Ok(refusal(
                code::GET_FLOW_DEPLOYMENT_FAILED,
                format!("there is no deployment '{deploy_id}' of '{module_id}'"),
            ))
        }
    };
    let start = model.start().expect("deployed models have a start").clone();
    let t = now();
    let id = new_id();
    let mut inst = json!({
        "flowInstanceId": id,
        "flowModuleId": module_id,
        "flowDeployId": deploy_id,
        "status": INSTANCE_RUNNING,
        "parentFlowInstanceId": null,
        "instanceDataId": new_id(),
        "tenant": project,
        "caller": caller,
        "operator": caller,
        "createTime": t,
        "modifyTime": t,
        "variables": Value::Object(variables),
        "nodes": [],
    });
    let first = push_raw(&mut inst, &start, Value::Null, Value::Null);
    set_node_status(&mut inst, first, NODE_COMPLETED);
    let stop = run_from(&model, &mut inst, first);
    sb.inner.meta.put(project, INSTANCE, &id, &inst)?;
    Ok(answer(&inst, &stop))
}

/// One engine call at a time per instance: a second commit of the same task waits for the
/// first (which may be running a slow service task) and then sees what it did, as the
/// engine's row locks make it.
static BUSY: LazyLock<Mutex<HashMap<String, Weak<Mutex<()>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn instance_lock(project: &str, instance_id: &str) -> Arc<Mutex<()>> {
    let mut busy = BUSY.lock().unwrap();
    busy.retain(|_, w| w.strong_count() > 0);
    let key = format!("{project}\u{0}{instance_id}");
    if let Some(lock) = busy.get(&key).and_then(Weak::upgrade) {
        return lock;
    }
    let lock = Arc::new(Mutex::new(()));
    busy.insert(key, Arc::downgrade(&lock));
    lock
}

/// The instance and its model, or the engine's refusal.
fn instance_and_model(
    sb: &Sandbox,
    project: &str,
    instance_id: &str,
) -> ApiResult<Result<(Value, Model), Value>> {
    let Some(inst) = sb.inner.meta.get(project, INSTANCE, instance_id)? else {
        return Ok(Err(refusal(
            code::GET_FLOW_INSTANCE_FAILED,
            format!("there is no flow instance '{instance_id}'"),
        )));
    };
    let deploy = inst["flowDeployId"].as_str().unwrap_or_default().to_owned();
    match load_deployment(sb, project, &deploy)? {
        Some(m) => Ok(Ok((inst, m))),
        None => Ok(Err(refusal(
            code::GET_FLOW_DEPLOYMENT_FAILED,
            format!("the deployment '{deploy}' of this instance is gone"),
        ))),
    }
}

/// The active user task `task_id` names (or the active one when not given).
fn pick_task(inst: &Value, task_id: Option<&str>) -> Result<usize, Value> {
    let active = active_index(inst);
    match (active, task_id) {
        (Some(i), None) => Ok(i),
        (Some(i), Some(t)) if inst["nodes"][i]["nodeInstanceId"] == t => Ok(i),
        (_, Some(t)) => Err(refusal(
            code::GET_NODE_INSTANCE_FAILED,
            format!("'{t}' is not the instance's active user task"),
        )),
        (None, None) => Err(refusal(
            code::GET_NODE_INSTANCE_FAILED,
            "the instance has no active user task",
        )),
    }
}

pub(crate) fn commit(
    sb: &Sandbox,
    project: &str,
    instance_id: &str,
    task_id: Option<&str>,
    variables: Map<String, Value>,
) -> ApiResult<Value> {
    let lock = instance_lock(project, instance_id);
    let _busy = lock.lock().unwrap_or_else(|e| e.into_inner());
    let (mut inst, model) = match instance_and_model(sb, project, instance_id)? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    if inst["status"] != INSTANCE_RUNNING {
        return Ok(refusal(
            code::COMMIT_REJECTED,
            format!("the instance's status is {}", inst["status"]),
        ));
    }
    let index = match pick_task(&inst, task_id) {
        Ok(i) => i,
        Err(refused) => return Ok(refused),
    };
    let vars = inst["variables"].as_object_mut().expect("an object");
    vars.extend(variables);
    set_node_status(&mut inst, index, NODE_COMPLETED);
    let stop = run_from(&model, &mut inst, index);
    sb.inner.meta.put(project, INSTANCE, instance_id, &inst)?;
    Ok(answer(&inst, &stop))
}

pub(crate) fn rollback(
    sb: &Sandbox,
    project: &str,
    instance_id: &str,
    task_id: Option<&str>,
) -> ApiResult<Value> {
    let lock = instance_lock(project, instance_id);
    let _busy = lock.lock().unwrap_or_else(|e| e.into_inner());
    let (mut inst, model) = match instance_and_model(sb, project, instance_id)? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    if inst["status"] != INSTANCE_RUNNING {
        return Ok(refusal(
            code::ROLLBACK_REJECTED,
            format!("the instance's status is {}", inst["status"]),
        ));
    }
    let index = match pick_task(&inst, task_id) {
        Ok(i) => i,
        Err(refused) => return Ok(refused),
    };
    // Walk back through the sources to the previous user task.
    let mut passed = vec![index];
    let mut current = index;
    let target = loop {
        let source = inst["nodes"][current]["sourceNodeInstanceId"].clone();
        let Some(prev) = inst["nodes"]
            .as_array()
            .expect("a list")
            .iter()
            .position(|n| n["nodeInstanceId"] == source && !source.is_null())
        else {
            return Ok(refusal(
                code::NO_USER_TASK_TO_ROLLBACK,
                "there is no user task before the active one",
            ));
        };
        if inst["nodes"][prev]["nodeType"] == model::USER_TASK {
            break prev;
        }
        passed.push(prev);
        current = prev;
    };
    for i in passed {
        set_node_status(&mut inst, i, NODE_REVOKED);
    }
    let key = inst["nodes"][target]["nodeKey"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let Some(element) = model.get(&key).cloned() else {
        return Ok(refusal(
            code::NO_USER_TASK_TO_ROLLBACK,
            format!("the user task '{key}' left the model"),
        ));
    };
    let (sid, skey) = {
        let t = &inst["nodes"][target];
        (
            t["sourceNodeInstanceId"].clone(),
            t["sourceNodeKey"].clone(),
        )
    };
    let again = push_raw(&mut inst, &element, sid, skey);
    set_node_status(&mut inst, again, NODE_ACTIVE);
    set_instance_status(&mut inst, INSTANCE_RUNNING);
    sb.inner.meta.put(project, INSTANCE, instance_id, &inst)?;
    Ok(answer(
        &inst,
        &Stop {
            code: code::ROLLBACK_SUSPEND,
            why: String::new(),
        },
    ))
}

pub(crate) fn terminate(sb: &Sandbox, project: &str, instance_id: &str) -> ApiResult<Value> {
    let lock = instance_lock(project, instance_id);
    let _busy = lock.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut inst) = sb.inner.meta.get(project, INSTANCE, instance_id)? else {
        return Ok(refusal(
            code::GET_FLOW_INSTANCE_FAILED,
            format!("there is no flow instance '{instance_id}'"),
        ));
    };
    if inst["status"] == INSTANCE_RUNNING || inst["status"] == INSTANCE_DEFAULT {
        while let Some(i) = active_index(&inst) {
            set_node_status(&mut inst, i, NODE_REVOKED);
        }
        set_instance_status(&mut inst, INSTANCE_TERMINATED);
        sb.inner.meta.put(project, INSTANCE, instance_id, &inst)?;
    }
    // Terminating an instance that is already over changes nothing and succeeds, as in the
    // engine.
    let mut a = refusal(code::SUCCESS, "");
    a["flowInstanceId"] = inst["flowInstanceId"].clone();
    a["status"] = inst["status"].clone();
    a["nodeExecuteResults"] = json!([]);
    a["extendProperties"] = json!({});
    a["activeTaskInstance"] = Value::Null;
    a["variables"] = inst["variables"].clone();
    Ok(a)
}

/// The history for the snapshot view: every node instance, and the sequence flow that led
/// into it (with the node's status when that is revoked, completed otherwise).
pub(crate) fn elements(inst: &Value, model: Option<&Model>) -> Value {
    let mut out = Vec::new();
    for node in inst["nodes"].as_array().into_iter().flatten() {
        if let (Some(model), Some(src)) = (model, node["sourceNodeKey"].as_str()) {
            let key = node["nodeKey"].as_str().unwrap_or_default();
            let flow = model.get(src).and_then(|s| {
                s.outgoing
                    .iter()
                    .find(|f| model.target(f).is_some_and(|t| t.key == key))
            });
            if let Some(flow) = flow.and_then(|f| model.get(f)) {
                let status = if node["status"] == NODE_REVOKED {
                    NODE_REVOKED
                } else {
                    NODE_COMPLETED
                };
                out.push(json!({
                    "key": flow.key,
                    "name": flow.name(),
                    "status": status,
                    "properties": Value::Object(flow.properties.clone()),
                    "nodeInstanceId": null,
                    "subFlowInstanceIdList": [],
                    "subElementInstanceList": [],
                    "instanceDataId": inst["instanceDataId"],
                }));
            }
        }
        out.push(json!({
            "key": node["nodeKey"],
            "name": node["name"],
            "status": node["status"],
            "properties": node["properties"],
            "nodeInstanceId": node["nodeInstanceId"],
            "subFlowInstanceIdList": [],
            "subElementInstanceList": [],
            "instanceDataId": inst["instanceDataId"],
        }));
    }
    Value::Array(out)
}

/// The user tasks of an instance, newest first, without the revoked ones.
pub(crate) fn user_tasks(inst: &Value) -> Value {
    let mut tasks: Vec<Value> = inst["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["nodeType"] == model::USER_TASK && n["status"] != NODE_REVOKED)
        .map(task_view)
        .collect();
    tasks.reverse();
    Value::Array(tasks)
}

/// The model of an instance's deployment, for the history view.
pub(crate) fn model_of(sb: &Sandbox, project: &str, inst: &Value) -> ApiResult<Option<Model>> {
    load_deployment(
        sb,
        project,
        inst["flowDeployId"].as_str().unwrap_or_default(),
    )
}
