//! A datasource's models to and from files, for the Data sources screen: the window only picks
//! a path (the native dialogs), and the file work happens here, where it can be done properly
//! and tested: an import reads the file, checks it is text (and JSON, for the JSON form)
//! before anything is sent, and sends it as the datasource's `import`; an export lists the
//! models and writes them as IDL (`flexmodel_idl::print_all`) or as the import's JSON form
//! `{"objects":[models…]}`, atomically (a temporary file beside the target, then a rename), so
//! a failed export never leaves half a file where a good one was.
//!
//! An export holds only what a re-import accepts: entities and enums. Native queries (which
//! have no IDL and which the server's import skips) and models of a type this client does not
//! know are left out and named in the answer. Records are not exported (the `data` part of the
//! JSON form): an export is of models. The models are written as the client reads them (its
//! typed model), without the computed `idl` member.

use std::io::Write;
use std::path::{Path, PathBuf};

use flexmodel_api::{Client, ImportType, Model};
use serde::Serialize;
use serde_json::{json, Value};

use crate::desk::Desk;
use crate::error::{DeskError, Result};

/// Larger import files are refused before being read: an import script is models, not data.
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    pub path: PathBuf,
    /// The models written, in the datasource's order.
    pub models: Vec<String>,
    /// The models left out (native queries, unknown types): a re-import would not take them.
    pub skipped: Vec<String>,
    pub bytes: u64,
}

/// What an import sent and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub path: PathBuf,
    pub bytes: u64,
    /// The models the file declares (read locally; when the text cannot be read here, the
    /// models the import created).
    pub models: Vec<String>,
    /// Those the datasource did not have before.
    pub created: Vec<String>,
    /// Native queries among a JSON file's objects, which the server's import skips.
    pub skipped: Vec<String>,
}

impl Desk {
    /// Writes datasource `name`'s models to `path` as IDL or JSON (see [`ExportSummary`]).
    pub async fn flexmodel_datasources_export(
        &self,
        name: &str,
        format: ImportType,
        path: &Path,
    ) -> Result<Value> {
        let summary = export(&self.flexmodel()?, name, format, path).await?;
        Ok(serde_json::to_value(summary).expect("a summary is JSON"))
    }

    /// Imports the IDL or JSON file at `path` into datasource `name` (see [`ImportSummary`]).
    pub async fn flexmodel_datasources_import(
        &self,
        name: &str,
        format: ImportType,
        path: &Path,
    ) -> Result<Value> {
        let summary = import(&self.flexmodel()?, name, format, path).await?;
        Ok(serde_json::to_value(summary).expect("a summary is JSON"))
    }
}

fn check_format(format: &ImportType) -> Result<()> {
    match format {
        ImportType::IDL | ImportType::JSON => Ok(()),
        ImportType::Other(other) => Err(DeskError::invalid(
            "format",
            format!("choose IDL or JSON (not \"{other}\")"),
        )),
    }
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(DeskError::invalid("name", "choose a data source"));
    }
    Ok(())
}

fn check_path(path: &Path) -> Result<()> {
    if !path.is_absolute() {
        return Err(DeskError::invalid(
            "path",
            format!("choose a file (a full path, not \"{}\")", path.display()),
        ));
    }
    Ok(())
}

/// The model as the import's JSON form takes it: the client's model without the computed `idl`.
fn model_json(model: &Model) -> Value {
    let mut value = serde_json::to_value(model).expect("a model is JSON");
    if let Value::Object(map) = &mut value {
        map.remove("idl");
    }
    value
}

/// The file's text for `models` in `format`: only entities and enums are passed in.
fn render(datasource: &str, format: &ImportType, models: &[Value]) -> String {
    match format {
        ImportType::JSON => {
            let mut text = serde_json::to_string_pretty(&json!({ "objects": models }))
                .expect("models are JSON");
            text.push('\n');
            text
        }
        _ => {
            // A line comment: nothing in the name may end it.
            let name = datasource.replace(char::is_control, " ");
            format!(
                "// The models of data source {name}, exported by ConsoleDesk.\n\n{}\n",
                flexmodel_idl::print_all(models)
            )
        }
    }
}

/// Lists datasource `name`'s models and writes them to `path` (see the module's comment).
pub(crate) async fn export(
    client: &Client,
    name: &str,
    format: ImportType,
    path: &Path,
) -> Result<ExportSummary> {
    check_name(name)?;
    check_format(&format)?;
    check_path(path)?;
    let listed = client.models(name).list().await?;
    let (kept, left): (Vec<&Model>, Vec<&Model>) = listed
        .iter()
        .partition(|m| matches!(m, Model::Entity(_) | Model::Enum(_)));
    if kept.is_empty() {
        return Err(DeskError::invalid(
            "name",
            format!("data source {name} has no entity or enum to export"),
        ));
    }
    let values: Vec<Value> = kept.iter().map(|m| model_json(m)).collect();
    let text = render(name, &format, &values);
    let bytes = text.len() as u64;
    let target = path.to_owned();
    tokio::task::spawn_blocking(move || write_atomically(&target, text.as_bytes()))
        .await
        .map_err(|e| DeskError::Io(format!("the export stopped: {e}")))??;
    Ok(ExportSummary {
        path: path.to_owned(),
        models: kept.iter().map(|m| m.name().to_owned()).collect(),
        skipped: left.iter().map(|m| m.name().to_owned()).collect(),
        bytes,
    })
}

/// Writes `bytes` to a new file beside `path`, flushes it to disk, then renames it over
/// `path`; on any failure the temporary file is removed and `path` is as it was.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: std::io::Error| {
        DeskError::invalid("path", format!("cannot write {}: {e}", path.display()))
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| DeskError::invalid("path", "choose a file name to save to"))?;
    if path.is_dir() {
        return Err(DeskError::invalid(
            "path",
            format!("{} is a folder: choose a file name", path.display()),
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("/"));
    let temp = dir.join(format!(
        ".{}.{}.part",
        file_name.to_string_lossy(),
        uuid::Uuid::new_v4().simple()
    ));
    let written = (|| {
        let mut file = std::fs::File::create_new(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(cannot(e));
    }
    Ok(())
}

/// The file's text and size: a regular file, at most [`MAX_IMPORT_BYTES`], UTF-8 (a BOM
/// dropped), not blank.
fn read_script(path: &Path) -> Result<(String, u64)> {
    let cannot = |e: std::io::Error| {
        DeskError::invalid("path", format!("cannot read {}: {e}", path.display()))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(DeskError::invalid(
            "path",
            format!("{} is not a file", path.display()),
        ));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(DeskError::invalid(
            "path",
            format!(
                "{} has {} bytes; an import file has at most {MAX_IMPORT_BYTES}",
                path.display(),
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    let size = bytes.len() as u64;
    let text = String::from_utf8(bytes).map_err(|e| {
        DeskError::invalid(
            "path",
            format!(
                "{} is not UTF-8 text (byte {} is not)",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DeskError::invalid(
            "path",
            format!("{} is empty", path.display()),
        ));
    }
    Ok((text, size))
}

/// The names a JSON script's objects declare: (models, native queries the import skips).
fn json_names(path: &Path, text: &str) -> Result<(Vec<String>, Vec<String>)> {
    let script: Value = serde_json::from_str(text)
        .map_err(|e| DeskError::invalid("path", format!("{} is not JSON: {e}", path.display())))?;
    let Some(object) = script.as_object() else {
        return Err(DeskError::invalid(
            "path",
            format!(
                "{} is not an import script: it is a JSON object {{\"objects\": [models…], \"data\": [...]}}",
                path.display()
            ),
        ));
    };
    let objects = match object.get("objects") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(list)) => list.as_slice(),
        Some(_) => {
            return Err(DeskError::invalid(
                "path",
                format!("{}: \"objects\" is a list of models", path.display()),
            ))
        }
    };
    let name = |m: &Value| m.get("name").and_then(Value::as_str).map(str::to_owned);
    let native = |m: &&Value| m.get("type").and_then(Value::as_str) == Some("native_query");
    let models = objects.iter().filter(|m| !native(m)).filter_map(name);
    let skipped = objects.iter().filter(native).filter_map(name);
    Ok((models.collect(), skipped.collect()))
}

/// Reads the file at `path` and sends it as datasource `name`'s import (see the module's
/// comment). Nothing is sent when the file cannot be read, or is not JSON for the JSON form.
pub(crate) async fn import(
    client: &Client,
    name: &str,
    format: ImportType,
    path: &Path,
) -> Result<ImportSummary> {
    check_name(name)?;
    check_format(&format)?;
    check_path(path)?;
    let source = path.to_owned();
    let (text, bytes) = tokio::task::spawn_blocking(move || read_script(&source))
        .await
        .map_err(|e| DeskError::Io(format!("the import stopped: {e}")))??;
    let (declared, skipped) = match format {
        ImportType::JSON => {
            let (models, skipped) = json_names(path, &text)?;
            (Some(models), skipped)
        }
        _ => (None, Vec::new()),
    };
    let models = client.models(name);
    let existing = models.list().await?;
    let before: Vec<&str> = existing.iter().map(Model::name).collect();
    let declared = declared.or_else(|| {
        let values: Vec<Value> = existing.iter().map(model_json).collect();
        let known = flexmodel_idl::Known::from_models(&values);
        flexmodel_idl::parse_with(&text, &known).ok().map(|parsed| {
            parsed
                .iter()
                .filter_map(|m| m.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
    });
    models.import(&text, format).await?;
    let after: Vec<String> = models
        .list()
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let created: Vec<String> = after
        .iter()
        .filter(|n| !before.contains(&n.as_str()))
        .cloned()
        .collect();
    Ok(ImportSummary {
        path: path.to_owned(),
        bytes,
        models: declared.unwrap_or_else(|| created.clone()),
        created,
        skipped,
    })
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
