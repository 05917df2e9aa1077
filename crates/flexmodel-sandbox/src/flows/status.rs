//! What the engine's statuses, codes and answers look like: the document kinds, the instance
//! and node statuses, the `errCode`s, and the views of an instance and a task the routes show.

use serde_json::{json, Map, Value};

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
