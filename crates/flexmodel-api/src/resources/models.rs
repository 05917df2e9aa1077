//! A data source's models (`client.models(ds)`): list, get, create, update, delete; an
//! entity's fields and indexes; models from IDL text; and an import of IDL or JSON.

use console_core::api_enum;
use reqwest::Method;
use serde::Serialize;

use crate::client::{seg, sending, Client, Req, Sending};
use crate::resources::schema::{Field, Index, Model};
use crate::Result;

api_enum!(
    /// The language of an import script.
    #[allow(clippy::upper_case_acronyms)]
    ImportType { IDL, JSON }
);

/// `client.models(ds)`.
pub struct Models<'c> {
    pub(crate) client: &'c Client,
    pub(crate) datasource: String,
}

impl Models<'_> {
    fn base(&self) -> Result<String> {
        Ok(format!(
            "/f/datasources/{}/models",
            seg("datasource", &self.datasource)?
        ))
    }

    fn model_path(&self, model: &str) -> Result<String> {
        Ok(format!("{}/{}", self.base()?, seg("model", model)?))
    }

    /// `GET …/models`.
    pub async fn list(&self) -> Result<Vec<Model>> {
        self.client.fetch(Req::get(self.base()?)).await
    }

    /// `GET …/models/{name}`; `None` when the server answers nothing.
    pub async fn get(&self, name: &str) -> Result<Option<Model>> {
        self.client
            .fetch_opt(Req::get(self.model_path(name)?))
            .await
    }

    /// `POST …/models`.
    pub async fn create(&self, model: &Model) -> Result<Model> {
        let advice = "Check the data source's models to see whether it was created.";
        let req = Req::new(Method::POST, self.base()?, sending::once(advice)).json(model)?;
        self.client.fetch(req).await
    }

    /// `PUT …/models/{name}`: enums and native queries only (the server refuses entities,
    /// which change through their fields and indexes).
    pub async fn update(&self, name: &str, model: &Model) -> Result<Model> {
        let req = Req::new(Method::PUT, self.model_path(name)?, sending::SET).json(model)?;
        self.client.fetch(req).await
    }

    /// `DELETE …/models/{name}`.
    pub async fn delete(&self, name: &str) -> Result<()> {
        let req = Req::new(Method::DELETE, self.model_path(name)?, sending::SET);
        self.client.done(req).await
    }

    /// `POST …/models/idl/execute`: parses `idl`, creates its models and answers them. A
    /// syntax error is the server's message (it starts `IDL格式有误`). Sent once.
    pub async fn execute_idl(&self, idl: &str) -> Result<Vec<Model>> {
        let path = format!("{}/idl/execute", self.base()?);
        let advice = "Check the data source's models to see whether the IDL was applied.";
        let body = serde_json::json!({ "idl": idl });
        let req = Req::new(Method::POST, path, sending::once(advice)).json(&body)?;
        self.client.fetch(req).await
    }

    /// `POST /f/datasources/{ds}/import` of an IDL or JSON script (204). Sent once.
    pub async fn import(&self, script: &str, kind: ImportType) -> Result<()> {
        let path = format!(
            "/f/datasources/{}/import",
            seg("datasource", &self.datasource)?
        );
        let advice = "Check the data source's models and records to see whether it was imported.";
        let body = serde_json::json!({ "script": script, "type": kind });
        let req = Req::new(Method::POST, path, sending::once(advice)).json(&body)?;
        self.client.done(req).await
    }

    /// An entity's fields.
    pub fn fields<'m>(&'m self, model: &str) -> Fields<'m> {
        Fields {
            models: self,
            model: model.to_owned(),
        }
    }

    /// An entity's indexes.
    pub fn indexes<'m>(&'m self, model: &str) -> Indexes<'m> {
        Indexes {
            models: self,
            model: model.to_owned(),
        }
    }

    async fn member_change<T: Serialize, A: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: String,
        body: &T,
        sending: Sending,
    ) -> Result<A> {
        let req = Req::new(method, path, sending).json(body)?;
        self.client.fetch(req).await
    }
}

/// `client.models(ds).fields(model)`.
pub struct Fields<'m> {
    models: &'m Models<'m>,
    model: String,
}

impl Fields<'_> {
    fn path(&self) -> Result<String> {
        Ok(format!("{}/fields", self.models.model_path(&self.model)?))
    }

    /// `POST …/fields`.
    pub async fn create(&self, field: &Field) -> Result<Field> {
        let advice = "Check the model's fields to see whether it was added.";
        let path = self.path()?;
        self.models
            .member_change(Method::POST, path, field, sending::once(advice))
            .await
    }

    /// `PUT …/fields/{name}`: the name comes from the path (no rename).
    pub async fn update(&self, name: &str, field: &Field) -> Result<Field> {
        let path = format!("{}/{}", self.path()?, seg("field", name)?);
        self.models
            .member_change(Method::PUT, path, field, sending::SET)
            .await
    }

    /// `DELETE …/fields/{name}`.
    pub async fn delete(&self, name: &str) -> Result<()> {
        let path = format!("{}/{}", self.path()?, seg("field", name)?);
        let req = Req::new(Method::DELETE, path, sending::SET);
        self.models.client.done(req).await
    }
}

/// `client.models(ds).indexes(model)`.
pub struct Indexes<'m> {
    models: &'m Models<'m>,
    model: String,
}

impl Indexes<'_> {
    fn path(&self) -> Result<String> {
        Ok(format!("{}/indexes", self.models.model_path(&self.model)?))
    }

    /// `POST …/indexes`.
    pub async fn create(&self, index: &Index) -> Result<Index> {
        let advice = "Check the model's indexes to see whether it was added.";
        let path = self.path()?;
        self.models
            .member_change(Method::POST, path, index, sending::once(advice))
            .await
    }

    /// `PUT …/indexes/{name}`: the name comes from the path.
    pub async fn update(&self, name: &str, index: &Index) -> Result<Index> {
        let path = format!("{}/{}", self.path()?, seg("index", name)?);
        self.models
            .member_change(Method::PUT, path, index, sending::SET)
            .await
    }

    /// `DELETE …/indexes/{name}`.
    pub async fn delete(&self, name: &str) -> Result<()> {
        let path = format!("{}/{}", self.path()?, seg("index", name)?);
        let req = Req::new(Method::DELETE, path, sending::SET);
        self.models.client.done(req).await
    }
}
