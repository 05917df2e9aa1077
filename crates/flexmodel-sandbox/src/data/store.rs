//! Where a datasource's data lives: each datasource of a project is an SQLite database, the
//! file `{dir}/datasources/{project}/{datasource}.sqlite3` (opened lazily, one connection
//! behind a mutex each), or, for a `sqlite` datasource whose `url` names a file
//! (`jdbc:sqlite:/path/x.db`, `sqlite:x.db` or a bare path; relative paths are under the
//! project's folder), that file. A datasource of another kind (MySQL, PostgreSQL…) cannot be
//! reached from the sandbox: its models and records live in the sandbox's own file for it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::Sandbox;

/// One datasource's open database.
pub(crate) type Db = Arc<Mutex<Connection>>;

/// The metadata kind of datasource documents (id = the datasource's name).
pub(crate) const DS_KIND: &str = "datasource";

/// The metadata kind of a datasource's models (id = the model's name).
pub(crate) fn model_kind(ds: &str) -> String {
    format!("model:{ds}")
}

/// The datasources' databases, opened on first use.
pub(crate) struct Data {
    dir: PathBuf,
    open: Mutex<HashMap<(String, String), Db>>,
}

impl Data {
    pub fn new(dir: &Path) -> Data {
        Data {
            dir: dir.join("datasources"),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The folder of a project's datasource files.
    pub fn project_dir(&self, project: &str) -> ApiResult<PathBuf> {
        file_safe(project, "project")?;
        Ok(self.dir.join(project))
    }

    /// Closes a datasource's database (its config changed or it is gone).
    pub fn forget(&self, project: &str, ds: &str) {
        self.open
            .lock()
            .unwrap()
            .remove(&(project.to_owned(), ds.to_owned()));
    }
}

/// Refuses a name that cannot be part of a file name (the sandbox names files after projects
/// and datasources).
pub(crate) fn file_safe(name: &str, what: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "the sandbox keeps each {what} in files named after it: '{name}' may only have \
             letters, digits, '_', '-' and '.', and not start with '.'"
        )))
    }
}

/// The file a `sqlite` config's `url` names, relative paths taken under `base`; `None` when it
/// names none (no url, `:memory:`) or the config is of another kind.
pub(crate) fn sqlite_file(config: &Value, base: &Path) -> Option<PathBuf> {
    if config.get("dbKind").and_then(Value::as_str) != Some("sqlite") {
        return None;
    }
    let url = config.get("url").and_then(Value::as_str)?.trim();
    let path = url.strip_prefix("jdbc:").unwrap_or(url);
    let path = path.strip_prefix("sqlite:").unwrap_or(path);
    let path = path.strip_prefix("file:").unwrap_or(path);
    let path = path.split('?').next().unwrap_or_default();
    let path = path.strip_prefix("//").unwrap_or(path);
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(base.join(path))
}

/// A datasource's document, or the server's 500 when there is none.
pub(crate) fn datasource(sb: &Sandbox, project: &str, name: &str) -> ApiResult<Value> {
    sb.inner
        .meta
        .get(project, DS_KIND, name)?
        .ok_or_else(|| ApiError::internal(format!("Datasource not found: {name}")))
}

/// The file a datasource's data lives in.
pub(crate) fn db_path(sb: &Sandbox, project: &str, ds: &Value) -> ApiResult<PathBuf> {
    let name = ds.get("name").and_then(Value::as_str).unwrap_or_default();
    let base = sb.inner.data.project_dir(project)?;
    let config = ds.get("config").cloned().unwrap_or(Value::Null);
    match sqlite_file(&config, &base) {
        Some(path) => Ok(path),
        None => {
            file_safe(name, "datasource")?;
            Ok(base.join(format!("{name}.sqlite3")))
        }
    }
}

/// The open database of a project's datasource (which must exist).
pub(crate) fn db(sb: &Sandbox, project: &str, ds: &str) -> ApiResult<Db> {
    let key = (project.to_owned(), ds.to_owned());
    if let Some(db) = sb.inner.data.open.lock().unwrap().get(&key) {
        return Ok(db.clone());
    }
    let doc = datasource(sb, project, ds)?;
    let path = db_path(sb, project, &doc)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| ApiError::internal(format!("Cannot create {}: {e}", parent.display())))?;
    }
    let conn = Connection::open(&path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    let db = Arc::new(Mutex::new(conn));
    Ok(sb
        .inner
        .data
        .open
        .lock()
        .unwrap()
        .entry(key)
        .or_insert(db)
        .clone())
}

/// Opens an existing SQLite file of a config (validate, physics/names): never creates one.
pub(crate) fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}
