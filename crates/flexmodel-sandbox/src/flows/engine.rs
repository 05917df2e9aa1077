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

use serde_json::{json, Map, Value};

use super::model::{self, Model};
use super::run::{
    active_index, answer, load_deployment, push_raw, run_from, set_instance_status,
    set_node_status, Stop,
};
use crate::error::ApiResult;
use crate::meta::{new_id, now};
use crate::Sandbox;

/// The statuses, codes and views live in `status`; callers know them as the engine's.
pub(crate) use super::status::*;

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
