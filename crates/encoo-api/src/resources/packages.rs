//! Process packages (流程包): list, get, update, delete. Uploading lives in `uploads.rs`.

use console_core::Result;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::checks as rules;
use crate::client::{guid, once, Client, Scoping};
use crate::de::lenient_num;
use crate::models::{collect_pages, push, Argument, Page};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub total_downloads: u64,
    pub last_version: Option<String>,
    pub last_version_id: Option<String>,
    /// Not in the doc's package body, but sent by consoles that support optimistic updates.
    #[serde(rename = "ETag")]
    pub etag: Option<String>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    pub tags: Vec<String>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub icon_url: Option<String>,
    pub full_description: Option<String>,
    /// Present when asked for (`IncludeVersions`, and on get).
    pub versions: Option<Vec<PackageVersion>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PackageVersion {
    pub id: String,
    pub package_id: Option<String>,
    pub version: String,
    pub description: Option<String>,
    pub arguments: Vec<Argument>,
    #[serde(rename = "ETag")]
    pub etag: Option<String>,
    pub upload_time: Option<String>,
    #[serde(deserialize_with = "lenient_num::deserialize")]
    pub total_downloads: u64,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub modified_by: Option<String>,
    pub modified_by_name: Option<String>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub full_description: Option<String>,
}

/// Query for the package list; every field is optional.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PackageQuery {
    pub include_versions: Option<bool>,
    pub search_string: Option<String>,
    pub name: Option<String>,
    pub is_desc: Option<bool>,
    /// RFC 3339, e.g. `2022-07-29T12:13:49.780Z`.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub page_index: Option<u32>,
    pub page_size: Option<u32>,
}

impl PackageQuery {
    /// The query string, in the doc's parameter names.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        push(&mut out, "IncludeVersions", &self.include_versions);
        push(&mut out, "SearchString", &self.search_string);
        push(&mut out, "Name", &self.name);
        push(&mut out, "IsDesc", &self.is_desc);
        push(&mut out, "StartTime", &self.start_time);
        push(&mut out, "EndTime", &self.end_time);
        push(&mut out, "PageIndex", &self.page_index);
        push(&mut out, "PageSize", &self.page_size);
        out
    }
}

/// PATCH body: description and tags; `ETag` makes the update fail if someone changed the
/// package since it was read.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PackageUpdate {
    #[serde(rename = "ETag")]
    pub etag: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
}

impl PackageQuery {
    /// What the console would refuse, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        rules::page_size(self.page_size)
    }
}

impl PackageUpdate {
    /// What the console would refuse, checked without asking it.
    pub fn validate(&self) -> Result<()> {
        rules::description(self.description.as_deref())?;
        rules::tags(self.tags.as_deref())
    }
}

pub struct Packages<'c>(pub(crate) &'c Client);

impl<'c> Packages<'c> {
    pub(crate) fn client(&self) -> &'c Client {
        self.0
    }

    pub async fn list(&self, query: &PackageQuery) -> Result<Page<Package>> {
        query.validate()?;
        self.0
            .get("/openapi/packages", query.pairs(), Scoping::Full)
            .await
    }

    /// Every package matching `query`, walking the pages.
    pub async fn list_all(&self, query: &PackageQuery) -> Result<Vec<Package>> {
        collect_pages(query.page_size.unwrap_or(100), |index, size| {
            let q = PackageQuery {
                page_index: Some(index),
                page_size: Some(size),
                ..query.clone()
            };
            async move { self.list(&q).await }
        })
        .await
    }

    pub async fn get(&self, package_id: &str) -> Result<Package> {
        let id = guid("packageId", package_id)?;
        self.0
            .get(
                &format!("/openapi/packages/{id}"),
                Vec::new(),
                Scoping::Full,
            )
            .await
    }

    pub async fn update(&self, package_id: &str, update: &PackageUpdate) -> Result<Package> {
        let id = guid("packageId", package_id)?;
        update.validate()?;
        let body = serde_json::to_value(update).expect("serializable");
        self.0
            .send(
                Method::PATCH,
                &format!("/openapi/packages/{id}"),
                Some(&body),
                once::CHANGE,
            )
            .await
    }

    pub async fn delete(&self, package_id: &str) -> Result<()> {
        let id = guid("packageId", package_id)?;
        self.0
            .send_no_content(
                Method::DELETE,
                &format!("/openapi/packages/{id}"),
                once::CHANGE,
            )
            .await
    }
}
