//! Code generation (`client.codegen()`): the templates, and a template's zip of generated code
//! for a data source, written to a file.
//!
//! The zip comes through console-core's one sending loop, which reads a whole answer before it
//! hands it over; the client then writes it to a temporary file beside the target and renames
//! it into place, so a failed download never leaves half a file. Streaming it to disk as it
//! arrives needs a download call in console-core (a generated project is small: kilobytes).

use std::path::Path;

use console_core::Error;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::client::{seg, Client, Req};
use crate::Result;

/// A code template. Its shape is not documented: the name is read from a bare string or a
/// `name` member, and every other member is kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CodeTemplate {
    pub name: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for CodeTemplate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(name) => CodeTemplate {
                name,
                extra: Map::new(),
            },
            Value::Object(mut map) => {
                let name = match map.remove("name") {
                    Some(Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                CodeTemplate { name, extra: map }
            }
            other => CodeTemplate {
                name: other.to_string(),
                extra: Map::new(),
            },
        })
    }
}

/// `client.codegen()`.
pub struct Codegen<'c>(pub(crate) &'c Client);

impl Codegen<'_> {
    /// `GET /f/codegen/templates`.
    pub async fn templates(&self) -> Result<Vec<CodeTemplate>> {
        self.0.fetch(Req::get("/f/codegen/templates")).await
    }

    /// `GET /f/codegen/{template}.zip?datasource=…&variables=…`, written to `to`. Answers the
    /// number of bytes written.
    pub async fn download(
        &self,
        template: &str,
        datasource: &str,
        variables: Option<&Value>,
        to: &Path,
    ) -> Result<u64> {
        let path = format!("/f/codegen/{}.zip", seg("template", template)?);
        let req = Req::get(path)
            .query("datasource", Some(datasource))
            .query("variables", variables.map(Value::to_string));
        let answer = self.0.send(req).await?;
        let io = |context: String| move |source| Error::Io { context, source };
        let partial = to.with_extension("zip.part");
        tokio::fs::write(&partial, &answer.body)
            .await
            .map_err(io(format!("cannot write {}", partial.display())))?;
        tokio::fs::rename(&partial, to)
            .await
            .map_err(io(format!("cannot move the zip to {}", to.display())))?;
        Ok(answer.body.len() as u64)
    }
}
