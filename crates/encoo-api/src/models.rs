//! Types several resources share: pages, arguments, jobs and the doc's enums. Field names are
//! the doc's PascalCase on the wire; unknown fields are ignored, missing ones take defaults.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_with::skip_serializing_none;

use console_core::{walk_pages, ListPage, Paging, Result};

use crate::checks as rules;
use crate::de::{api_enum, lenient_num, lenient_string};

/// One page of a list: `{Count, List}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Page<T> {
    /// Total matches over all pages.
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub count: u64,
    pub list: Vec<T>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            count: 0,
            list: Vec::new(),
        }
    }
}

impl<T> ListPage for Page<T> {
    type Item = T;
    fn total(&self) -> Option<u64> {
        Some(self.count)
    }
    fn into_items(self) -> Vec<T> {
        self.list
    }
}

/// Walks every page of a list with `page_size` items per request (`PageIndex` from 0),
/// stopping at `Count`.
pub async fn collect_pages<T, F, Fut>(page_size: u32, fetch: F) -> Result<Vec<T>>
where
    F: FnMut(u32, u32) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>>>,
{
    walk_pages(Paging::from_zero(page_size), fetch).await
}

api_enum!(
    /// Argument direction.
    Direction { In, Out, InOut }
);
api_enum!(
    /// Video recording mode of a workflow or job.
    VideoRecordMode { NeverRecord, ReportOnlyWhenSucceeded, ReportOnlyWhenFailed, AlwaysRecord, AlwaysReport }
);
api_enum!(
    /// What a workflow does when no robot is free.
    TriggerPolicy { SkipWhenNoResource, AnyTime }
);
api_enum!(
    /// Job state.
    JobState { Queued, Running, Failed, Cancelled, Succeeded, Paused }
);

/// A process argument, as packages declare them and workflows and jobs carry them.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Argument {
    pub name: String,
    #[serde(rename = "Type")]
    pub arg_type: String,
    pub direction: Option<Direction>,
    /// The value; for an asset-backed argument, the asset id.
    #[serde(deserialize_with = "lenient_string::deserialize")]
    pub default_value: Option<String>,
    pub asset_content: Option<AssetContent>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssetContent {
    pub name: String,
    pub description: Option<String>,
    pub is_required_encryption: bool,
}

/// A job, as `execute` answers it and job groups hold it.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Job {
    pub id: String,
    pub workflow_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub package_id: Option<String>,
    pub package_name: Option<String>,
    pub package_version: Option<String>,
    pub package_version_id: Option<String>,
    pub arguments: Vec<Argument>,
    pub containing_queue_id: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub priority: i64,
    pub state: Option<JobState>,
    pub display_state: Option<JobState>,
    pub video_record_mode: Option<VideoRecordMode>,
    pub message: Option<String>,
    pub last_run_instace_id: Option<String>,
    pub last_robot_name: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub retried_count: i64,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub max_retry_count: i64,
    pub department_id: Option<String>,
    pub company_id: Option<String>,
    pub cron_trigger_id: Option<String>,
    /// Undocumented type: kept as sent.
    pub job_execution_policy: Option<Value>,
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
    pub job_group_id: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub seq_num: i64,
    #[serde(deserialize_with = "lenient_string::deserialize")]
    pub step: Option<String>,
    pub job_subject_id: Option<String>,
    pub job_subject_name: Option<String>,
    pub job_subject_type: Option<String>,
}

/// Query parameters shared by the robot-group, robot and workflow lists (the layout list uses
/// the first five).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListQuery {
    pub name: Option<String>,
    pub search_string: Option<String>,
    pub is_desc: Option<bool>,
    pub page_index: Option<u32>,
    pub page_size: Option<u32>,
    pub associated_queue_id: Option<String>,
    pub package_id: Option<String>,
    pub package_version_id: Option<String>,
}

impl ListQuery {
    pub fn page(index: u32, size: u32) -> Self {
        ListQuery {
            page_index: Some(index),
            page_size: Some(size),
            ..Default::default()
        }
    }

    pub fn search(text: impl Into<String>) -> Self {
        ListQuery {
            search_string: Some(text.into()),
            ..Default::default()
        }
    }

    /// What the client can tell is wrong before asking: ids that are not GUIDs, a page size
    /// the console refuses.
    pub fn validate(&self) -> Result<()> {
        for (field, v) in [
            ("AssociatedQueueId", &self.associated_queue_id),
            ("PackageId", &self.package_id),
            ("PackageVersionId", &self.package_version_id),
        ] {
            rules::guid_opt(field, v.as_deref())?;
        }
        rules::page_size(self.page_size)
    }
}

impl ListQuery {
    /// The query string, in the doc's parameter names.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        push(&mut out, "Name", &self.name);
        push(&mut out, "SearchString", &self.search_string);
        push(&mut out, "IsDesc", &self.is_desc);
        push(&mut out, "AssociatedQueueId", &self.associated_queue_id);
        push(&mut out, "PackageId", &self.package_id);
        push(&mut out, "PackageVersionId", &self.package_version_id);
        push(&mut out, "PageIndex", &self.page_index);
        push(&mut out, "PageSize", &self.page_size);
        out
    }
}

pub(crate) fn push<T: ToString>(
    out: &mut Vec<(&'static str, String)>,
    name: &'static str,
    v: &Option<T>,
) {
    if let Some(v) = v {
        out.push((name, v.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::decode;

    #[test]
    fn page_reads_string_count_and_camel_case_items() {
        let p: Page<Argument> = decode(
            br#"{"count":"2","list":[{"name":"a","type":"String","direction":"in","defaultValue":5},{"Name":"b","Direction":"Sideways"}]}"#,
        )
        .unwrap();
        assert_eq!(p.count, 2);
        assert_eq!(p.list[0].direction, Some(Direction::In));
        assert_eq!(p.list[0].default_value.as_deref(), Some("5"));
        assert_eq!(
            p.list[1].direction,
            Some(Direction::Other("Sideways".into()))
        );
    }

    #[test]
    fn arguments_write_the_docs_pascal_case() {
        let a = Argument {
            name: "x".into(),
            arg_type: "String".into(),
            direction: Some(Direction::InOut),
            default_value: Some("v".into()),
            asset_content: None,
        };
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"Name":"x","Type":"String","Direction":"InOut","DefaultValue":"v"})
        );
    }
}
