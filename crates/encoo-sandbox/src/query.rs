//! List queries as the doc defines them: `Name` and `SearchString` match fuzzily, `IsDesc`
//! orders by `CreatedAt` (descending unless `false`), `PageIndex` from 0 and `PageSize`
//! (default 20) page the result, and the answer is `{Count, List}`.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::error::ApiError;
use crate::store::{guid, text};

#[derive(Debug, Default)]
pub(crate) struct ListParams {
    pub name: Option<String>,
    pub search: Option<String>,
    pub is_desc: bool,
    pub page_index: usize,
    pub page_size: usize,
    pub associated_queue_id: Option<String>,
    pub package_id: Option<String>,
    pub package_version_id: Option<String>,
    pub include_versions: bool,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

fn parse_bool(field: &str, v: &str) -> Result<bool, ApiError> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::invalid(
            field,
            format!("{field} must be true or false, got \"{v}\""),
        )),
    }
}

fn parse_time(field: &str, v: &str) -> Result<String, ApiError> {
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .map_err(|_| ApiError::invalid(field, format!("{field} \"{v}\" is not an RFC 3339 time")))
}

impl ListParams {
    /// Reads the query string; parameter names are matched without regard to case.
    pub fn parse(raw: &HashMap<String, String>) -> Result<ListParams, ApiError> {
        let mut p = ListParams {
            is_desc: true,
            page_size: 20,
            ..Default::default()
        };
        for (key, value) in raw {
            let v = value.trim();
            match key.to_ascii_lowercase().as_str() {
                "name" if !v.is_empty() => p.name = Some(v.to_lowercase()),
                "searchstring" if !v.is_empty() => p.search = Some(v.to_lowercase()),
                "isdesc" => p.is_desc = parse_bool("IsDesc", v)?,
                "includeversions" => p.include_versions = parse_bool("IncludeVersions", v)?,
                "pageindex" => {
                    p.page_index = v.parse().map_err(|_| {
                        ApiError::invalid(
                            "PageIndex",
                            format!("PageIndex must be a number from 0, got \"{v}\""),
                        )
                    })?
                }
                "pagesize" => {
                    p.page_size = v
                        .parse()
                        .ok()
                        .filter(|n: &usize| encoo_rules::PAGE_SIZE.contains(&(*n as i64)))
                        .ok_or_else(|| {
                            ApiError::invalid(
                                "PageSize",
                                format!("PageSize must be 1 to 1000, got \"{v}\""),
                            )
                        })?
                }
                "associatedqueueid" => p.associated_queue_id = Some(guid("AssociatedQueueId", v)?),
                "packageid" => p.package_id = Some(guid("PackageId", v)?),
                "packageversionid" => p.package_version_id = Some(guid("PackageVersionId", v)?),
                "starttime" => p.start_time = Some(parse_time("StartTime", v)?),
                "endtime" => p.end_time = Some(parse_time("EndTime", v)?),
                _ => {}
            }
        }
        Ok(p)
    }

    /// Whether the document passes the name, search and time filters.
    pub fn matches(&self, doc: &Value) -> bool {
        let name = if self.name.is_some() || self.search.is_some() {
            text(doc, "Name").to_lowercase()
        } else {
            String::new()
        };
        if let Some(n) = &self.name {
            if !fuzzy(&name, n) {
                return false;
            }
        }
        if let Some(s) = &self.search {
            let description = text(doc, "Description").to_lowercase();
            let tags = doc["Tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_lowercase);
            let hit =
                fuzzy(&name, s) || fuzzy(&description, s) || tags.into_iter().any(|t| fuzzy(&t, s));
            if !hit {
                return false;
            }
        }
        let created = text(doc, "CreatedAt");
        if self.start_time.as_deref().is_some_and(|t| created < t) {
            return false;
        }
        if self.end_time.as_deref().is_some_and(|t| created > t) {
            return false;
        }
        true
    }

    /// Whether a workflow runs the package and version the query names (each if named).
    pub fn runs_package(&self, workflow: &Value) -> bool {
        let named = |want: &Option<String>, field| {
            want.as_deref().is_none_or(|v| text(workflow, field) == v)
        };
        named(&self.package_id, "PackageId") && named(&self.package_version_id, "PackageVersionId")
    }

    /// Orders, pages and wraps the matching documents; only the page is shaped (copied).
    pub fn page(&self, mut docs: Vec<&Value>, shape: impl Fn(&Value) -> Value) -> Value {
        docs.sort_by(|a, b| text(a, "CreatedAt").cmp(text(b, "CreatedAt")));
        if self.is_desc {
            docs.reverse();
        }
        let count = docs.len();
        let list: Vec<Value> = docs
            .into_iter()
            .skip(self.page_index.saturating_mul(self.page_size))
            .take(self.page_size)
            .map(shape)
            .collect();
        json!({ "Count": count, "List": list })
    }
}

/// Fuzzy as the console's 模糊匹配 is: a case-insensitive substring (both sides lowercased).
fn fuzzy(haystack: &str, needle: &str) -> bool {
    haystack.contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_is_a_substring_match() {
        assert!(fuzzy("invoice reader", "voice"));
        assert!(!fuzzy("invoice reader", "ivr"));
        assert!(fuzzy("发票识别", "发票"));
        assert!(!fuzzy("invoice", "xyz"));
    }

    #[test]
    fn paging_is_from_zero_with_a_total_count() {
        let docs: Vec<Value> = (0..5)
            .map(|i| json!({"Id": i, "CreatedAt": format!("2024-01-0{}", i + 1)}))
            .collect();
        let p = ListParams {
            is_desc: false,
            page_index: 1,
            page_size: 2,
            ..Default::default()
        };
        let page = p.page(docs.iter().collect(), Value::clone);
        assert_eq!(page["Count"], 5);
        assert_eq!(
            page["List"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["Id"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            [2, 3]
        );
    }
}
