//! Workflow layouts (流程编排): ordered chains of workflows run as one job group.

use console_core::{Error, Result};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use crate::client::{guid, once, Client, Scoping};
use crate::de::{self, lenient_num};
use crate::models::{collect_pages, Argument, Job, ListQuery, Page};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LayoutNode {
    pub id: String,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub index: i64,
    pub name: String,
    pub workflow_id: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub arguments: Vec<Argument>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkflowLayout {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub properties: Option<Value>,
    pub nodes: Vec<LayoutNode>,
    pub last_triggered_at: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub triggered_count: u64,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
}

impl WorkflowLayout {
    /// Nodes in run order.
    pub fn ordered_nodes(&self) -> Vec<&LayoutNode> {
        let mut nodes: Vec<_> = self.nodes.iter().collect();
        nodes.sort_by_key(|n| n.index);
        nodes
    }
}

/// What a layout execute answers: a job group with one job per node.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct JobGroup {
    pub id: String,
    pub name: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub department_id: Option<String>,
    pub company_id: Option<String>,
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_at: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    /// Undocumented type: kept as sent.
    pub job_startup_type: Option<Value>,
    pub job_startup_id: Option<String>,
    pub job_startup_name: Option<String>,
    pub owner_id: Option<String>,
    pub jobs: Vec<Job>,
}

/// Reads a layout-get answer in the doc's `{Count, List}` wrapping or as a bare object.
pub(crate) fn layout_from_answer(value: Value, id: &str) -> Result<WorkflowLayout> {
    let wrapped = value
        .as_object()
        .is_some_and(|o| o.contains_key("List") && !o.contains_key("Id"));
    if !wrapped {
        return de::decode_value(value);
    }
    let page: Page<WorkflowLayout> = de::decode_value(value)?;
    page.list.into_iter().next().ok_or_else(|| Error::Api {
        kind: console_core::ErrorKind::NotFound,
        status: 200,
        message: format!("the console answered no layout for {id}"),
        field: None,
        body: String::new(),
    })
}

pub struct WorkflowLayouts<'c>(pub(crate) &'c Client);

impl WorkflowLayouts<'_> {
    /// Uses `Name`, `SearchString`, `IsDesc`, `PageIndex`, `PageSize` of the query.
    pub async fn list(&self, query: &ListQuery) -> Result<Page<WorkflowLayout>> {
        crate::checks::page_size(query.page_size)?;
        let q = ListQuery {
            associated_queue_id: None,
            package_id: None,
            package_version_id: None,
            ..query.clone()
        };
        self.0
            .get("/openapi/workflowlayouts", q.pairs(), Scoping::Full)
            .await
    }

    pub async fn list_all(&self, query: &ListQuery) -> Result<Vec<WorkflowLayout>> {
        collect_pages(query.page_size.unwrap_or(100), |index, size| {
            let q = ListQuery {
                page_index: Some(index),
                page_size: Some(size),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    /// One layout. The doc shows this answer wrapped as `{Count, List}`; a bare object is
    /// accepted too.
    pub async fn get(&self, layout_id: &str) -> Result<WorkflowLayout> {
        let id = guid("workflowlayoutId", layout_id)?;
        let value: Value = self
            .0
            .get(
                &format!("/openapi/workflowlayouts/{id}"),
                Vec::new(),
                Scoping::Full,
            )
            .await?;
        layout_from_answer(value, &id)
    }

    /// Runs the layout: one job per node, as one job group. Never retried here.
    pub async fn execute(&self, layout_id: &str) -> Result<JobGroup> {
        let id = guid("workflowlayoutId", layout_id)?;
        self.0
            .send(
                Method::POST,
                &format!("/openapi/workflowlayouts/{id}/execute"),
                Some(&serde_json::json!({})),
                once::RUN,
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layout_get_reads_the_docs_count_list_wrapping() {
        let v = crate::de::normalize(
            json!({"Count": 1, "List": [{"Id": "a", "Name": "L", "Nodes": [{"Index": "2", "Name": "n2"}, {"Index": 1, "Name": "n1"}]}]}),
        );
        let l = layout_from_answer(v, "a").unwrap();
        assert_eq!(l.name, "L");
        let order: Vec<_> = l.ordered_nodes().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(order, ["n1", "n2"]);
    }

    #[test]
    fn layout_get_reads_a_bare_camel_case_object() {
        let v = crate::de::normalize(
            json!({"id": "b", "name": "Bare", "nodes": [], "triggeredCount": "3"}),
        );
        let l = layout_from_answer(v, "b").unwrap();
        assert_eq!((l.id.as_str(), l.triggered_count), ("b", 3));
    }

    #[test]
    fn layout_get_with_an_empty_list_is_not_found() {
        let v = json!({"Count": 0, "List": []});
        assert_eq!(
            layout_from_answer(v, "c").unwrap_err().kind(),
            console_core::ErrorKind::NotFound
        );
    }
}
