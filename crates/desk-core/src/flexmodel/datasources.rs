//! Data sources as the window sees them: never with the password of their database. The
//! server's list answers each connection's password as stored; the window gets
//! `config.hasPassword` instead, and a connection of a listed data source sent back without a
//! password (an edit, a test, the table list) gets its stored one here, in Rust: a password
//! left empty is kept, as the form says, whatever else the edit changes.

use flexmodel_api::{Datasource, ValidateAnswer};
use serde_json::Value;

use crate::desk::Desk;
use crate::error::Result;

/// The member that says a stored connection has a password (the window's only sight of it).
const HAS_PASSWORD: &str = "hasPassword";

/// The data source without its password, saying whether it has one.
fn shown(mut ds: Datasource) -> Datasource {
    let stored = ds.config.password.take().is_some_and(|p| !p.is_empty());
    ds.config
        .extra
        .insert(HAS_PASSWORD.into(), Value::Bool(stored));
    ds
}

impl Desk {
    /// The project's data sources, passwords left out.
    pub async fn flexmodel_datasources(&self) -> Result<Vec<Datasource>> {
        let list = self.flexmodel()?.datasources().list().await?;
        Ok(list.into_iter().map(shown).collect())
    }

    /// `ds` as the server must get it: the window's marker dropped and, when it carries no
    /// password, the one stored for the data source of that name.
    async fn with_stored_password(&self, mut ds: Datasource) -> Result<Datasource> {
        ds.config.extra.remove(HAS_PASSWORD);
        if ds.config.password.as_deref().is_some_and(|p| !p.is_empty()) {
            return Ok(ds);
        }
        ds.config.password = None;
        let list = self.flexmodel()?.datasources().list().await?;
        if let Some(stored) = list.iter().find(|s| s.name == ds.name) {
            ds.config.password = stored.config.password.clone();
        }
        Ok(ds)
    }

    pub async fn flexmodel_datasource_create(&self, ds: Datasource) -> Result<Datasource> {
        let mut ds = ds;
        ds.config.extra.remove(HAS_PASSWORD);
        Ok(shown(self.flexmodel()?.datasources().create(&ds).await?))
    }

    /// Saves a data source; a password left empty keeps the stored one.
    pub async fn flexmodel_datasource_update(
        &self,
        name: &str,
        ds: Datasource,
    ) -> Result<Datasource> {
        let ds = self.with_stored_password(ds).await?;
        Ok(shown(
            self.flexmodel()?.datasources().update(name, &ds).await?,
        ))
    }

    /// Tests a connection (a stored one's password filled in when the form left it empty).
    pub async fn flexmodel_datasource_validate(&self, ds: Datasource) -> Result<ValidateAnswer> {
        let ds = self.with_stored_password(ds).await?;
        Ok(self.flexmodel()?.datasources().validate(&ds).await?)
    }

    /// The tables of a connection's database (as [`Desk::flexmodel_datasource_validate`]).
    pub async fn flexmodel_datasource_tables(&self, ds: Datasource) -> Result<Vec<String>> {
        let ds = self.with_stored_password(ds).await?;
        Ok(self.flexmodel()?.datasources().physical_tables(&ds).await?)
    }
}
