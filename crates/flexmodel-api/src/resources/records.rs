//! A model's records (`client.records(ds, model)`): pages filtered and sorted in the server's
//! language, one record (a missing one is `None`: the server answers 204), create, replace,
//! patch, delete. Records stay JSON with their keys exactly as sent: they are the user's own
//! field names.

use console_core::walk_pages;
use reqwest::Method;
use serde_json::Value;

use crate::client::{seg, sending, Client, Req};
use crate::filter::{sort_json, Filter, Sort};
use crate::page::{paging, Page, WALK_SIZE};
use crate::Result;

/// Which records to list. `page` counts from 1; the server's default size is 15.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordQuery {
    pub page: Option<u32>,
    pub size: Option<u32>,
    /// The filter's JSON text.
    pub filter: Option<String>,
    pub sort: Vec<Sort>,
    /// Fill relation fields with nested records.
    pub nested: bool,
}

impl RecordQuery {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn page(mut self, page: u32, size: u32) -> Self {
        self.page = Some(page);
        self.size = Some(size);
        self
    }

    pub fn filter(mut self, filter: &Filter) -> Self {
        self.filter = Some(filter.to_json());
        self
    }

    /// A filter typed as JSON text (checked to be a JSON object before it is sent).
    pub fn raw_filter(mut self, text: &str) -> Result<Self> {
        self.filter = Some(Filter::raw(text)?.to_json());
        Ok(self)
    }

    pub fn sort(mut self, sort: Sort) -> Self {
        self.sort.push(sort);
        self
    }

    pub fn nested(mut self, nested: bool) -> Self {
        self.nested = nested;
        self
    }
}

/// `client.records(ds, model)`.
pub struct Records<'c> {
    pub(crate) client: &'c Client,
    pub(crate) datasource: String,
    pub(crate) model: String,
}

impl Records<'_> {
    fn base(&self) -> Result<String> {
        Ok(format!(
            "/f/datasources/{}/models/{}/records",
            seg("datasource", &self.datasource)?,
            seg("model", &self.model)?
        ))
    }

    fn one(&self, id: &str) -> Result<String> {
        Ok(format!("{}/{}", self.base()?, seg("id", id)?))
    }

    /// `GET …/records`: one page; `total` respects the filter.
    pub async fn list(&self, query: &RecordQuery) -> Result<Page<Value>> {
        let sort = (!query.sort.is_empty()).then(|| sort_json(&query.sort));
        let req = Req::get(self.base()?)
            .query("page", query.page)
            .query("size", query.size)
            .query("filter", query.filter.as_deref())
            .query("sort", sort)
            .query("nestedQuery", query.nested.then_some(true));
        self.client.fetch(req).await
    }

    /// Every record matching `query` (its page and size are ignored), page after page.
    pub async fn list_all(&self, query: &RecordQuery) -> Result<Vec<Value>> {
        walk_pages(paging(WALK_SIZE), |page, size| {
            let q = query.clone().page(page, size);
            async move { self.list(&q).await }
        })
        .await
    }

    /// `GET …/records/{id}` (relations filled); `None` when there is no such record.
    pub async fn get(&self, id: &str) -> Result<Option<Value>> {
        self.client.fetch_opt(Req::get(self.one(id)?)).await
    }

    /// `POST …/records`: answers the record with its generated id. Sent once.
    pub async fn create(&self, record: &Value) -> Result<Value> {
        let advice =
            "Check the model's records to see whether it was created before creating it again.";
        let req = Req::new(Method::POST, self.base()?, sending::once(advice)).json(record)?;
        self.client.fetch(req).await
    }

    /// `PUT …/records/{id}`: replaces the record.
    pub async fn replace(&self, id: &str, record: &Value) -> Result<Value> {
        let req = Req::new(Method::PUT, self.one(id)?, sending::SET).json(record)?;
        self.client.fetch(req).await
    }

    /// `PATCH …/records/{id}`: the given fields over the stored record.
    pub async fn update(&self, id: &str, fields: &Value) -> Result<Value> {
        let req = Req::new(Method::PATCH, self.one(id)?, sending::SET).json(fields)?;
        self.client.fetch(req).await
    }

    /// `DELETE …/records/{id}`.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.client
            .done(Req::new(Method::DELETE, self.one(id)?, sending::SET))
            .await
    }
}
