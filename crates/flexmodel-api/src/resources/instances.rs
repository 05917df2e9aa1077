//! Flow instances (`client.instances()`): listed, read, started, a user task committed or
//! rolled back, terminated; an instance's elements and user tasks. The engine's nested run
//! results (`nodeExecuteResults`, `activeTaskInstance`) stay JSON.

use console_core::walk_pages;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{seg, sending, Client, Req};
use crate::page::{paging, FlowInstanceStatus, NodeStatus, Page, PageRequest, WALK_SIZE};
use crate::Result;

/// A flow instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowInstance {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_instance_id: String,
    pub flow_module_id: Option<String>,
    /// The module's name and key, which the server's instance list adds (not in the API
    /// document).
    pub flow_name: Option<String>,
    pub flow_key: Option<String>,
    pub flow_deploy_id: Option<String>,
    pub status: Option<FlowInstanceStatus>,
    pub parent_flow_instance_id: Option<String>,
    pub tenant: Option<String>,
    pub caller: Option<String>,
    pub operator: Option<String>,
    pub create_time: Option<String>,
    pub modify_time: Option<String>,
}

/// Which instances to list.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InstanceQuery {
    pub flow_instance_id: Option<String>,
    pub flow_module_id: Option<String>,
    pub flow_deploy_id: Option<String>,
    pub caller: Option<String>,
    pub status: Option<FlowInstanceStatus>,
    pub page: Option<PageRequest>,
}

/// What start, commit, rollback and terminate answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunResult {
    pub err_code: Option<i64>,
    pub err_msg: Option<String>,
    pub flow_instance_id: Option<String>,
    pub flow_deploy_id: Option<String>,
    pub flow_module_id: Option<String>,
    pub status: Option<FlowInstanceStatus>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub node_execute_results: Vec<Value>,
    pub active_task_instance: Option<Value>,
    pub extend_properties: Option<Value>,
    pub variables: Option<Value>,
}

/// A node of an instance's history (`…/elements`). The server sends the key as `Key`, and
/// sometimes `key` too: [`ElementInstance::key`] reads either.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ElementInstance {
    #[serde(rename = "Key", skip_serializing_if = "Option::is_none")]
    pub key_upper: Option<String>,
    #[serde(rename = "key", skip_serializing_if = "Option::is_none")]
    pub key_lower: Option<String>,
    pub name: Option<String>,
    pub status: Option<NodeStatus>,
    pub node_instance_id: Option<String>,
    pub instance_data_id: Option<String>,
    pub properties: Option<Value>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub sub_flow_instance_id_list: Vec<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub sub_element_instance_list: Vec<Value>,
}

impl ElementInstance {
    pub fn key(&self) -> Option<&str> {
        first_key(&self.key_upper, &self.key_lower)
    }
}

/// A user task of an instance (`…/user-tasks`), newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserTask {
    #[serde(rename = "Key", skip_serializing_if = "Option::is_none")]
    pub key_upper: Option<String>,
    #[serde(rename = "key", skip_serializing_if = "Option::is_none")]
    pub key_lower: Option<String>,
    pub name: Option<String>,
    pub model_name: Option<String>,
    pub status: Option<NodeStatus>,
    pub flow_element_type: Option<i64>,
    pub node_instance_id: Option<String>,
    pub instance_data_id: Option<String>,
    pub properties: Option<Value>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub sub_node_result_list: Vec<Value>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub sub_flow_instance_id_list: Vec<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub sub_element_instance_list: Vec<Value>,
    pub create_time: Option<String>,
    pub modify_time: Option<String>,
}

impl UserTask {
    pub fn key(&self) -> Option<&str> {
        first_key(&self.key_upper, &self.key_lower)
    }
}

fn first_key<'a>(upper: &'a Option<String>, lower: &'a Option<String>) -> Option<&'a str> {
    [upper, lower]
        .into_iter()
        .filter_map(|k| k.as_deref())
        .find(|k| !k.is_empty())
}

/// `client.instances()`.
pub struct Instances<'c>(pub(crate) &'c Client);

impl Instances<'_> {
    fn path(id: &str, tail: &str) -> Result<String> {
        Ok(format!(
            "/f/flows/instances/{}{tail}",
            seg("flowInstanceId", id)?
        ))
    }

    /// `GET /f/flows/instances`.
    pub async fn list(&self, query: &InstanceQuery) -> Result<Page<FlowInstance>> {
        let req = Req::get("/f/flows/instances")
            .query("flowInstanceId", query.flow_instance_id.as_deref())
            .query("flowModuleId", query.flow_module_id.as_deref())
            .query("flowDeployId", query.flow_deploy_id.as_deref())
            .query("caller", query.caller.as_deref())
            .query("status", query.status.map(|s| s.code()))
            .query("page", query.page.map(|p| p.page))
            .query("size", query.page.map(|p| p.size));
        self.0.engine(req).await
    }

    /// Every instance matching `query`.
    pub async fn list_all(&self, query: &InstanceQuery) -> Result<Vec<FlowInstance>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = InstanceQuery {
                page: Some(PageRequest::new(page, size)),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    /// `GET /f/flows/instances/{id}`; a missing instance (the server's `null`, a 204) is a
    /// not-found error.
    pub async fn get(&self, id: &str) -> Result<FlowInstance> {
        let what = format!("flow instance {id}");
        self.0
            .engine_found(Req::get(Self::path(id, "")?), &what)
            .await
    }

    /// `POST /f/flows/instances/start` of the flow's deployed version (or `deploy_id`).
    /// Never resent: a lost answer is an unknown outcome.
    pub async fn start(
        &self,
        flow_module_id: &str,
        deploy_id: Option<&str>,
        variables: &Value,
    ) -> Result<RunResult> {
        let mut body = serde_json::json!({"flowModuleId": flow_module_id, "variables": variables});
        if let Some(d) = deploy_id {
            body["flowDeployId"] = Value::String(d.to_owned());
        }
        let advice =
            "Check the flow's instances to see whether it started before starting it again.";
        let req = Req::new(
            Method::POST,
            "/f/flows/instances/start",
            sending::once(advice),
        )
        .json(&body)?;
        self.0.engine(req).await
    }

    /// `POST …/{id}/commit` of a user task with `variables`.
    pub async fn commit(&self, id: &str, task_id: &str, variables: &Value) -> Result<RunResult> {
        let advice = "Check the instance's user tasks to see whether the task was committed.";
        self.task(id, "/commit", task_id, Some(variables), advice)
            .await
    }

    /// `POST …/{id}/rollback` of a user task.
    pub async fn rollback(&self, id: &str, task_id: &str) -> Result<RunResult> {
        let advice = "Check the instance's user tasks to see whether the task was rolled back.";
        self.task(id, "/rollback", task_id, None, advice).await
    }

    async fn task(
        &self,
        id: &str,
        tail: &str,
        task_id: &str,
        variables: Option<&Value>,
        advice: &'static str,
    ) -> Result<RunResult> {
        let mut body = serde_json::json!({"flowInstanceId": id, "taskInstanceId": task_id});
        if let Some(v) = variables {
            body["variables"] = v.clone();
        }
        let req =
            Req::new(Method::POST, Self::path(id, tail)?, sending::once(advice)).json(&body)?;
        self.0.engine(req).await
    }

    /// `POST …/{id}/terminate` (its sub-flow instances too when `with_sub_flows`). Ending an
    /// ended instance changes nothing, so it may be resent.
    pub async fn terminate(&self, id: &str, with_sub_flows: bool) -> Result<RunResult> {
        let req = Req::new(Method::POST, Self::path(id, "/terminate")?, sending::SET)
            .query("effectiveForSubFlowInstance", Some(with_sub_flows));
        self.0.engine(req).await
    }

    /// `GET …/{id}/elements`: the nodes the instance went through.
    pub async fn elements(&self, id: &str) -> Result<Vec<ElementInstance>> {
        self.0.fetch(Req::get(Self::path(id, "/elements")?)).await
    }

    /// `GET …/{id}/user-tasks`, newest first.
    pub async fn user_tasks(&self, id: &str) -> Result<Vec<UserTask>> {
        self.0.fetch(Req::get(Self::path(id, "/user-tasks")?)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_instance_query_reads_with_its_status_as_a_number() {
        let q: InstanceQuery = serde_json::from_value(serde_json::json!({
            "flowModuleId": "m1", "status": 2, "flowInstanceId": null,
            "page": {"page": 3, "size": 20}
        }))
        .unwrap();
        assert_eq!(q.flow_module_id.as_deref(), Some("m1"));
        assert_eq!(q.status, Some(FlowInstanceStatus::Running));
        assert_eq!(q.flow_instance_id, None);
        assert_eq!(q.page, Some(PageRequest::new(3, 20)));
        // Nothing given: every instance, the console's first page.
        let all: InstanceQuery = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(all, InstanceQuery::default());
    }
}
