//! Flows (`client.flows()`): modules listed, read, created, updated, deployed, deleted. The
//! flow engine's answers carry `errCode`/`errMsg` (success is 1000 ≤ errCode < 2000), checked
//! by the client's engine helper. Instances are in `instances.rs`.

use console_core::walk_pages;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{seg, sending, Client, Req};
use crate::page::{paging, FlowModuleStatus, Page, PageRequest, WALK_SIZE};
use crate::Result;

/// A flow module as the list shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowModule {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_module_id: String,
    pub flow_name: Option<String>,
    pub flow_key: Option<String>,
    pub status: Option<FlowModuleStatus>,
    pub remark: Option<String>,
    pub tenant: Option<String>,
    pub caller: Option<String>,
    pub operator: Option<String>,
    pub modify_time: Option<String>,
}

/// One flow module with its model (`GET /f/flows/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowModuleDetail {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_module_id: String,
    pub flow_deploy_id: Option<String>,
    pub flow_name: Option<String>,
    pub flow_key: Option<String>,
    /// The model as JSON text: `{"flowElementList":[…]}` (see [`FlowModuleDetail::model`]).
    pub flow_model: Option<String>,
    pub status: Option<FlowModuleStatus>,
    pub remark: Option<String>,
    pub tenant: Option<String>,
    pub caller: Option<String>,
    pub operator: Option<String>,
    pub modify_time: Option<String>,
}

impl FlowModuleDetail {
    /// The model parsed from its JSON text (`None` when there is none or it is not JSON).
    pub fn model(&self) -> Option<Value> {
        self.flow_model
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
    }
}

/// Which flows to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowQuery {
    /// A substring of the name.
    pub flow_name: Option<String>,
    pub flow_key: Option<String>,
    pub flow_module_id: Option<String>,
    pub page: Option<PageRequest>,
}

/// A new flow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowCreate {
    pub flow_key: String,
    pub flow_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}

/// A flow's new name, key, remark or model. `flow_model` is sent as JSON **text**.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_model: Option<String>,
}

impl FlowUpdate {
    /// Sets the model from its JSON (`{"flowElementList":[…]}`), written as text.
    pub fn model(mut self, model: &Value) -> Self {
        self.flow_model = Some(model.to_string());
        self
    }
}

/// `POST /f/flows`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowCreated {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_module_id: String,
}

/// `POST /f/flows/{id}/deploy`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowDeployed {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_deploy_id: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub flow_module_id: String,
}

/// `client.flows()`.
pub struct Flows<'c>(pub(crate) &'c Client);

impl Flows<'_> {
    /// `GET /f/flows`.
    pub async fn list(&self, query: &FlowQuery) -> Result<Page<FlowModule>> {
        let req = Req::get("/f/flows")
            .query("flowName", query.flow_name.as_deref())
            .query("flowKey", query.flow_key.as_deref())
            .query("flowModuleId", query.flow_module_id.as_deref())
            .query("page", query.page.map(|p| p.page))
            .query("size", query.page.map(|p| p.size));
        self.0.engine(req).await
    }

    /// Every flow matching `query`.
    pub async fn list_all(&self, query: &FlowQuery) -> Result<Vec<FlowModule>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = FlowQuery {
                page: Some(PageRequest::new(page, size)),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    /// `GET /f/flows/{id}` (the deployed version when `deploy_id` is given).
    pub async fn get(&self, id: &str, deploy_id: Option<&str>) -> Result<FlowModuleDetail> {
        let path = format!("/f/flows/{}", seg("flowModuleId", id)?);
        self.0
            .engine(Req::get(path).query("flowDeployId", deploy_id))
            .await
    }

    /// `POST /f/flows`. Sent once.
    pub async fn create(&self, flow: &FlowCreate) -> Result<FlowCreated> {
        let advice = "Check the flow list to see whether it was created before creating it again.";
        let req = Req::new(Method::POST, "/f/flows", sending::once(advice)).json(flow)?;
        self.0.engine(req).await
    }

    /// `PUT /f/flows/{id}`.
    pub async fn update(&self, id: &str, update: &FlowUpdate) -> Result<()> {
        let path = format!("/f/flows/{}", seg("flowModuleId", id)?);
        let mut body = serde_json::to_value(update).unwrap_or_default();
        body["flowModuleId"] = Value::String(id.to_owned());
        let req = Req::new(Method::PUT, path, sending::SET).json(&body)?;
        self.0.engine::<Value>(req).await.map(drop)
    }

    /// `DELETE /f/flows/{id}`.
    pub async fn delete(&self, id: &str) -> Result<()> {
        let path = format!("/f/flows/{}", seg("flowModuleId", id)?);
        self.0
            .done(Req::new(Method::DELETE, path, sending::SET))
            .await
    }

    /// `POST /f/flows/{id}/deploy`: a new deployment each time, so sent once.
    pub async fn deploy(&self, id: &str) -> Result<FlowDeployed> {
        let path = format!("/f/flows/{}/deploy", seg("flowModuleId", id)?);
        let advice =
            "Check the flow's status to see whether it was deployed before deploying it again.";
        let body = serde_json::json!({ "flowModuleId": id });
        let req = Req::new(Method::POST, path, sending::once(advice)).json(&body)?;
        self.0.engine(req).await
    }
}
