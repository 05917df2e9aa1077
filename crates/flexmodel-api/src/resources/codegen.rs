//! Code generation (`client.codegen()`): the templates, and a template's zip of generated code
//! for a data source, written to a file.
//!
//! The zip comes through console-core's download, the one sending loop with its rule for a
//! read (passing failures are tried again), streaming the body to `<target>.part` as it
//! arrives and renaming it onto the target when whole: a failed or abandoned download leaves
//! neither half a file nor a `.part`.

use std::path::Path;

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
        Ok(self.0.download(req, to).await?.bytes)
    }
}
