//! Code generation for the window: the console's zip is downloaded to a private temporary
//! file (a "preview", named by a uuid), read here with the `zip` crate so the window can list
//! its entries and show one text file, and copied where the user picked in the native save
//! dialog. The window never names a file of ours by path: only the preview's id, checked to be
//! a uuid, and an entry name looked up in the archive's own list.
//!
//! Variables are checked before anything is sent: a JSON object, or nothing (the template's
//! defaults). Previews live in `<temp>/console-desk-codegen-<pid>/`; each generation removes
//! this process's older previews but the last few, so at most [`KEPT_PREVIEWS`] zips stay.

use std::io::Read;
use std::path::{Path, PathBuf};

use flexmodel_api::Client;
use serde::Serialize;
use serde_json::Value;

use crate::desk::Desk;
use crate::error::{DeskError, Result};

/// How many previews of this process are kept (the screen shows one; the others may still be
/// open in a save dialog).
pub const KEPT_PREVIEWS: usize = 3;

/// A text file larger than this is shown cut at this many bytes.
pub const MAX_SHOWN_BYTES: usize = 256 * 1024;

/// One file (or folder) in a generated zip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZipEntry {
    pub name: String,
    /// Uncompressed bytes.
    pub size: u64,
    pub dir: bool,
}

/// A generated zip, downloaded and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// Names the preview in later calls (file, save).
    pub id: String,
    pub template: String,
    pub datasource: String,
    /// The zip's own size.
    pub bytes: u64,
    /// In the archive's order.
    pub entries: Vec<ZipEntry>,
    /// What the save dialog proposes: `<template>-<datasource>.zip`.
    pub file_name: String,
}

/// One entry's content, as text when it is UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryText {
    pub name: String,
    pub size: u64,
    /// None when the entry is not UTF-8 text.
    pub text: Option<String>,
    /// The text was cut at [`MAX_SHOWN_BYTES`].
    pub truncated: bool,
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub path: PathBuf,
    pub bytes: u64,
}

fn previews_dir() -> PathBuf {
    std::env::temp_dir().join(format!("console-desk-codegen-{}", std::process::id()))
}

fn io(what: &str, e: impl std::fmt::Display) -> DeskError {
    DeskError::Io(format!("{what}: {e}"))
}

/// The variables as the console takes them: none (null, empty) or a JSON object.
pub fn checked_variables(variables: &Value) -> Result<Option<&Value>> {
    match variables {
        Value::Null => Ok(None),
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::Object(_) => Ok(Some(variables)),
        _ => Err(DeskError::invalid(
            "variables",
            "the variables must be a JSON object, like {\"packageName\": \"com.example\"}",
        )),
    }
}

fn preview_path(dir: &Path, id: &str) -> Result<PathBuf> {
    let id = uuid::Uuid::parse_str(id)
        .map_err(|_| DeskError::invalid("id", format!("no generated code \"{id}\"")))?;
    let path = dir.join(format!("{id}.zip"));
    if !path.is_file() {
        return Err(DeskError::NotFound(
            "the generated code is gone: generate it again".into(),
        ));
    }
    Ok(path)
}

/// The entries of the zip at `path`.
pub fn entries(path: &Path) -> Result<Vec<ZipEntry>> {
    let file = std::fs::File::open(path).map_err(|e| io("reading the zip", e))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|e| io("the console's answer is not a zip", e))?;
    let mut list = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| io("reading the zip", e))?;
        let name = entry
            .name()
            .map_err(|e| io("a name in the zip cannot be read", e))?
            .into_owned();
        list.push(ZipEntry {
            name,
            size: entry.size(),
            dir: entry.is_dir(),
        });
    }
    Ok(list)
}

/// Entry `name` of the zip at `path`, as text when it is UTF-8 (cut at [`MAX_SHOWN_BYTES`]).
pub fn entry_text(path: &Path, name: &str) -> Result<EntryText> {
    let file = std::fs::File::open(path).map_err(|e| io("reading the zip", e))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|e| io("the console's answer is not a zip", e))?;
    let entry = archive
        .by_name(name)
        .map_err(|_| DeskError::NotFound(format!("the zip has no file \"{name}\"")))?;
    let size = entry.size();
    let mut bytes = Vec::new();
    entry
        .take(MAX_SHOWN_BYTES as u64 + 4)
        .read_to_end(&mut bytes)
        .map_err(|e| io("reading the zip", e))?;
    let truncated = bytes.len() > MAX_SHOWN_BYTES;
    if truncated {
        bytes.truncate(MAX_SHOWN_BYTES);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        // Cut inside a character: keep the whole ones.
        Err(e) if truncated && e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).ok()
        }
        Err(_) => None,
    };
    Ok(EntryText {
        name: name.to_owned(),
        size,
        text,
        truncated,
    })
}

/// Removes the previews in `dir` but the `keep` newest.
fn prune(dir: &Path, keep: usize) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut zips: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    zips.sort_by_key(|z| std::cmp::Reverse(z.0));
    for (_, path) in zips.into_iter().skip(keep) {
        let _ = std::fs::remove_file(path);
    }
}

/// Downloads `template`'s zip for `datasource` into `dir` and lists it.
pub async fn generate(
    client: &Client,
    dir: &Path,
    template: &str,
    datasource: &str,
    variables: &Value,
) -> Result<Preview> {
    let template = template.trim();
    let datasource = datasource.trim();
    if template.is_empty() {
        return Err(DeskError::invalid("template", "choose a template"));
    }
    if datasource.is_empty() {
        return Err(DeskError::invalid("datasource", "choose a data source"));
    }
    let variables = checked_variables(variables)?;
    std::fs::create_dir_all(dir).map_err(|e| io("making a temporary folder", e))?;
    let id = uuid::Uuid::new_v4().to_string();
    let path = dir.join(format!("{id}.zip"));
    let bytes = client
        .codegen()
        .download(template, datasource, variables, &path)
        .await?;
    let listed = entries(&path);
    let entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    prune(dir, KEPT_PREVIEWS);
    Ok(Preview {
        id,
        template: template.to_owned(),
        datasource: datasource.to_owned(),
        bytes,
        entries,
        file_name: format!("{template}-{datasource}.zip"),
    })
}

/// Copies preview `id` of `dir` to `to` (absolute), through a temporary file beside it, so a
/// failed save never leaves half a zip where the user pointed.
pub fn save(dir: &Path, id: &str, to: &Path) -> Result<Saved> {
    if !to.is_absolute() {
        return Err(DeskError::invalid(
            "path",
            format!("choose a file (a full path, not \"{}\")", to.display()),
        ));
    }
    let from = preview_path(dir, id)?;
    let name = to
        .file_name()
        .ok_or_else(|| DeskError::invalid("path", "choose a file, not a folder"))?;
    let mut part_name = name.to_os_string();
    part_name.push(".part");
    let part = to.with_file_name(part_name);
    let bytes = std::fs::copy(&from, &part).map_err(|e| io("writing the zip", e))?;
    if let Err(e) = std::fs::rename(&part, to) {
        let _ = std::fs::remove_file(&part);
        return Err(io("writing the zip", e));
    }
    Ok(Saved {
        path: to.to_owned(),
        bytes,
    })
}

impl Desk {
    /// Generates and lists a zip (see [`Preview`]).
    pub async fn flexmodel_codegen_generate(
        &self,
        template: &str,
        datasource: &str,
        variables: &Value,
    ) -> Result<Value> {
        let client = self.flexmodel()?;
        let preview = generate(&client, &previews_dir(), template, datasource, variables).await?;
        Ok(serde_json::to_value(preview).expect("a preview is JSON"))
    }

    /// One entry of preview `id` (see [`EntryText`]).
    pub fn flexmodel_codegen_file(&self, id: &str, name: &str) -> Result<Value> {
        let text = entry_text(&preview_path(&previews_dir(), id)?, name)?;
        Ok(serde_json::to_value(text).expect("an entry is JSON"))
    }

    /// Saves preview `id` to `path` (see [`Saved`]).
    pub fn flexmodel_codegen_save(&self, id: &str, path: &Path) -> Result<Value> {
        let saved = save(&previews_dir(), id, path)?;
        Ok(serde_json::to_value(saved).expect("a save is JSON"))
    }
}

#[cfg(test)]
#[path = "codegen_tests.rs"]
mod tests;
