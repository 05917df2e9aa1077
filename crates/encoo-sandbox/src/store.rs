//! The console's state: documents kept as the JSON the API shows (PascalCase), plus the links
//! the API never shows directly (which robots are in which group, which robots a workflow
//! may use). Saved to and loaded from one JSON file when the sandbox has `--data`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ApiError;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Store {
    pub companies: Vec<Value>,
    pub departments: Vec<Value>,
    pub users: Vec<Value>,
    pub packages: Vec<Value>,
    pub queues: Vec<Value>,
    pub robots: Vec<Value>,
    pub workflows: Vec<Value>,
    pub layouts: Vec<Value>,
    pub jobs: Vec<Value>,
    pub job_groups: Vec<Value>,
    /// Robot id → the robot groups it serves.
    pub robot_queues: BTreeMap<String, Vec<String>>,
    /// Workflow id → the robots it may run on.
    pub workflow_robots: BTreeMap<String, Vec<String>>,
    /// Upload channel id → its state.
    pub channels: BTreeMap<String, UploadChannel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UploadChannel {
    pub company_id: String,
    pub department_id: String,
    pub signature: String,
    /// The file as the storage PUT left it; none until a PUT completes.
    pub file: Option<String>,
}

impl Store {
    pub fn load(path: &Path) -> std::io::Result<Store> {
        let bytes = std::fs::read(path)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is not a sandbox data file: {e}", path.display()),
            )
        })
    }

    /// Writes atomically and durably: beside the target, flushed to disk, then renamed over
    /// it, so a crash or power cut leaves the old file or the new one, never an empty one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut file = atomic_write_file::AtomicWriteFile::open(path)?;
        std::io::Write::write_all(&mut file, &serde_json::to_vec_pretty(self)?)?;
        file.commit()
    }
}

/// Who is asking and where: the company and department the request's headers name.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub company_id: String,
    pub department_id: String,
    pub user_name: String,
    /// The user's account id, written as `CreatedBy`/`ModifiedBy`.
    pub user_id: String,
}

impl Scope {
    pub fn holds(&self, doc: &Value) -> bool {
        text(doc, "CompanyId") == self.company_id && text(doc, "DepartmentId") == self.department_id
    }

    /// Fields every created document carries.
    pub fn stamp(&self, doc: &mut Value) {
        let now = now();
        let obj = doc.as_object_mut().expect("documents are objects");
        obj.insert("CompanyId".into(), json!(self.company_id));
        obj.insert("DepartmentId".into(), json!(self.department_id));
        obj.insert("CreatedAt".into(), json!(now));
        obj.insert("CreatedBy".into(), json!(self.user_id));
        obj.insert("CreatedByName".into(), json!(self.user_name));
        obj.insert("ModifiedAt".into(), json!(now));
        obj.insert("ModifiedBy".into(), json!(self.user_id));
        obj.insert("ModifiedByName".into(), json!(self.user_name));
    }

    pub fn touch(&self, doc: &mut Value) {
        doc["ModifiedAt"] = json!(now());
        doc["ModifiedBy"] = json!(self.user_id);
        doc["ModifiedByName"] = json!(self.user_name);
    }
}

pub(crate) const DEMO_USER_ID: &str = "7d0e3d27-3b59-4f6a-9c51-6a1b8f1f5a01";
pub(crate) const OPERATOR_USER_ID: &str = "3c5f8e61-0b2a-4d7e-8f14-9a6b2c0d7e02";

/// The current time as the API writes it.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A string field, or "" when absent.
pub(crate) fn text<'a>(doc: &'a Value, field: &str) -> &'a str {
    doc.get(field).and_then(Value::as_str).unwrap_or_default()
}

/// A path parameter that must be a GUID; answers the canonical lowercase form.
pub(crate) fn guid(field: &str, value: &str) -> Result<String, ApiError> {
    Ok(encoo_rules::guid(field, value)?)
}

/// The document in `docs` with this id that the scope can see.
pub(crate) fn find<'a>(
    docs: &'a [Value],
    scope: &Scope,
    id: &str,
    what: &str,
) -> Result<&'a Value, ApiError> {
    docs.iter()
        .find(|d| text(d, "Id") == id && scope.holds(d))
        .ok_or_else(|| ApiError::not_found(format!("{what} {id} was not found")))
}

pub(crate) fn find_mut<'a>(
    docs: &'a mut [Value],
    scope: &Scope,
    id: &str,
    what: &str,
) -> Result<&'a mut Value, ApiError> {
    docs.iter_mut()
        .find(|d| text(d, "Id") == id && scope.holds(d))
        .ok_or_else(|| ApiError::not_found(format!("{what} {id} was not found")))
}

pub(crate) fn etag() -> String {
    format!("\"{}\"", uuid::Uuid::new_v4().simple())
}
