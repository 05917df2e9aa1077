//! `POST /f/apis/generate`: a folder and the list, pagination, view, create, update and delete
//! APIs of a model, each with the GraphQL operation the server's generators write (their
//! names, paths, operation names and query text, line for line), its selection the model's
//! non-relation fields.
//!
//! The model is read from the metadata store (kind `model:{datasource}`, id the model's name,
//! written by the `data` module). The server's generators use the datasource's `where` forms
//! (`<ds>_update_<M>(where, _set)`, `<ds>_delete_<M>(where)`), not the `…_by_id` ones, and so
//! does the sandbox. A type the server's map lacks (`EnumRef`) is declared `String` (the server
//! would write `null`).

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::{meta, Sandbox};

/// What to generate.
pub(crate) struct Request {
    pub datasource: String,
    pub model: String,
    pub folder: String,
    pub id_field: String,
    /// Of `list`, `pagination`, `view`, `create`, `update`, `delete`; others are skipped.
    pub apis: Vec<String>,
}

impl Request {
    /// The body, each member required as the server's bean validation requires it.
    pub fn from_body(body: &Value) -> ApiResult<Request> {
        let text = |name: &str| {
            body.get(name)
                .and_then(Value::as_str)
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
        };
        let apis: Vec<String> = body
            .get("generateAPIs")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut errors = Vec::new();
        for name in ["datasourceName", "modelName", "apiFolder", "idFieldOfPath"] {
            if text(name).is_none() {
                errors.push((name, "must not be blank"));
            }
        }
        if apis.is_empty() {
            errors.push(("generateAPIs", "must not be empty"));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(&errors));
        }
        Ok(Request {
            datasource: text("datasourceName").unwrap_or_default(),
            model: text("modelName").unwrap_or_default(),
            folder: text("apiFolder").unwrap_or_default(),
            id_field: text("idFieldOfPath").unwrap_or_default(),
            apis,
        })
    }
}

/// The stored model `name` of `datasource`, or the server's 500.
pub(crate) fn model(sb: &Sandbox, project: &str, datasource: &str, name: &str) -> ApiResult<Value> {
    sb.inner
        .meta
        .get(project, &format!("model:{datasource}"), name)?
        .ok_or_else(|| {
            ApiError::internal(format!(
                "Model not found: {name} in datasource {datasource}"
            ))
        })
}

/// Creates the folder and the APIs; answers the folder's id.
pub(crate) fn generate(
    sb: &Sandbox,
    project: &str,
    user: &str,
    request: &Request,
) -> ApiResult<Value> {
    let model = model(sb, project, &request.datasource, &request.model)?;
    generate_for(sb, project, user, request, &model)
}

/// [`generate`] for a model already in hand.
pub(crate) fn generate_for(
    sb: &Sandbox,
    project: &str,
    user: &str,
    request: &Request,
    model: &Value,
) -> ApiResult<Value> {
    let ops = Operations::new(&request.datasource, model, &request.id_field)?;
    let needs_id = request
        .apis
        .iter()
        .any(|a| matches!(a.as_str(), "view" | "update" | "delete"));
    if needs_id && ops.id_type.is_none() {
        return Err(ApiError::internal(format!(
            "Field not found: {} in model {}",
            request.id_field, ops.model
        )));
    }
    let now = meta::now();
    let folder_id = meta::new_id();
    let folder = json!({
        "id": folder_id, "name": request.folder, "parentId": null, "type": "FOLDER",
        "method": null, "path": null, "enabled": false, "meta": null,
        "createdBy": user, "createdAt": now, "updatedAt": now,
    });
    super::save(sb, project, &folder)?;
    for kind in &request.apis {
        let Some((name, method, path, operation, query)) = ops.api(kind) else {
            continue;
        };
        let node = json!({
            "id": meta::new_id(), "name": name, "parentId": folder_id, "type": "API",
            "method": method, "path": path, "enabled": true,
            "meta": {"auth": false, "execution": {"operationName": operation, "query": query}},
            "createdBy": user, "createdAt": now, "updatedAt": now,
        });
        super::save(sb, project, &node)?;
    }
    Ok(json!(folder_id))
}

/// The seed's model: `Student` of `system`, as the `data` module's seed (which runs first)
/// stored it.
pub(crate) fn seed_model(sb: &Sandbox, project: &str) -> ApiResult<Value> {
    sb.inner
        .meta
        .get(project, "model:system", "Student")?
        .ok_or_else(|| ApiError::internal("the seed has no model Student in datasource system"))
}

/// The GraphQL type a generated operation declares for a field of datasource `ds`: the
/// server's generators' for scalars; for an enum reference the schema's enum type
/// (`<ds>_<Enum>`, a list when `multiple`), where the server's generators write `null` and so
/// generate an API that cannot run.
fn graphql_type(ds: &str, field: &Value) -> String {
    match field["type"].as_str().unwrap_or("String") {
        "Float" => "Float".into(),
        "Int" | "Long" => "Int".into(),
        "Boolean" => "Boolean".into(),
        "JSON" => "JSON".into(),
        "EnumRef" => {
            let name = format!("{ds}_{}", field["from"].as_str().unwrap_or_default());
            match field["multiple"] == true {
                true => format!("[{name}]"),
                false => name,
            }
        }
        _ => "String".into(),
    }
}

struct Operations {
    ds: String,
    model: String,
    /// (name, GraphQL type, identity) of every non-relation field.
    fields: Vec<(String, String, bool)>,
    id: String,
    id_type: Option<String>,
}

impl Operations {
    fn new(ds: &str, model: &Value, id: &str) -> ApiResult<Operations> {
        let name = model["name"]
            .as_str()
            .ok_or_else(|| ApiError::internal("the stored model has no name"))?;
        let fields: Vec<(String, String, bool)> = model["fields"]
            .as_array()
            .map(|f| f.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|f| f["type"] != "Relation")
            .filter_map(|f| {
                Some((
                    f["name"].as_str()?.to_owned(),
                    graphql_type(ds, f),
                    f["identity"] == true,
                ))
            })
            .collect();
        let id_type = fields.iter().find(|f| f.0 == id).map(|f| f.1.clone());
        Ok(Operations {
            ds: ds.to_owned(),
            model: name.to_owned(),
            fields,
            id: id.to_owned(),
            id_type,
        })
    }

    fn selection(&self, indent: &str) -> String {
        self.fields
            .iter()
            .map(|f| format!("{indent}{}\n", f.0))
            .collect()
    }

    /// (name, method, path, operation name, query) of one kind of API.
    fn api(&self, kind: &str) -> Option<(String, &'static str, String, &'static str, String)> {
        let (ds, m, id) = (&self.ds, &self.model, &self.id);
        let id_type = self.id_type.as_deref().unwrap_or("String");
        let sel = self.selection("    ");
        Some(match kind {
            "list" => (
                format!("Fetch {m} records list"),
                "GET",
                format!("/{m}/list"),
                "MyListQuery",
                format!(
                    "query MyListQuery( $where: {ds}_{m}_bool_exp) {{\n  list: {ds}_list_{m}(where: $where) {{\n{sel}  }}\n}}\n"
                ),
            ),
            "pagination" => (
                format!("Fetch a paginated {m} records list"),
                "GET",
                format!("/{m}/page"),
                "MyPaginationQuery",
                format!(
                    "query MyPaginationQuery( $where: {ds}_{m}_bool_exp, $page: Int = 1, $size: Int = 10) {{\n  list: {ds}_list_{m}(where: $where, page: $page, size: $size) {{\n{sel}  }}\n  total: {ds}_aggregate_{m}(where: $where) @transform(get: \"_count\") {{\n    _count\n  }}\n}}\n"
                ),
            ),
            "view" => (
                format!("Fetch a single {m} record"),
                "GET",
                format!("/{m}/{{id}}"),
                "MyViewQuery",
                format!(
                    "query MyViewQuery( ${id}: {id_type} ) {{\n  {ds}_find_one_{m}(where: {{{id}: {{_eq: ${id}}} }}) {{\n{sel}  }}\n}}\n"
                ),
            ),
            "create" => {
                let vars = self
                    .fields
                    .iter()
                    .map(|f| format!("${}: {}", f.0, if f.2 { "ID" } else { &f.1 }))
                    .collect::<Vec<_>>()
                    .join(", ");
                let data = self
                    .fields
                    .iter()
                    .map(|f| format!("{0}: ${0}", f.0))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    format!("Create {m} record"),
                    "POST",
                    format!("/{m}"),
                    "MyCreateMutation",
                    format!(
                        "mutation MyCreateMutation(\n{vars}) {{\n  {ds}_create_{m}(\n    data: {{{data} }}) {{\n{sel}  }}\n}}\n"
                    ),
                )
            }
            "update" => {
                let vars = self
                    .fields
                    .iter()
                    .map(|f| format!("${}: {}", f.0, f.1))
                    .collect::<Vec<_>>()
                    .join(", ");
                let set = self
                    .fields
                    .iter()
                    .filter(|f| f.0 != *id)
                    .map(|f| format!("{0}: ${0}", f.0))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    format!("Update {m} record"),
                    "PUT",
                    format!("/{m}/{{id}}"),
                    "MyUpdateMutation",
                    format!(
                        "mutation MyUpdateMutation(\n{vars}) {{\n  {ds}_update_{m}(\n  where: {{{id}: {{_eq: ${id}}} }}, \n    _set: {{{set}}}\n  ) {{\n    affected_rows\n  }}\n}}\n"
                    ),
                )
            }
            "delete" => (
                format!("Delete {m} record"),
                "DELETE",
                format!("/{m}/{{id}}"),
                "MyDeleteMutation",
                format!(
                    "mutation MyDeleteMutation(\n${id}: {id_type}) {{\n  {ds}_delete_{m}(where: {{{id}: {{_eq: ${id}}} }} ) {{\n    affected_rows\n  }}\n}}\n"
                ),
            ),
            _ => return None,
        })
    }
}

#[cfg(feature = "testing")]
impl Sandbox {
    /// Stores a model document as the `data` module does (kind `model:{datasource}`, id the
    /// model's `name`), for tests of what reads models (generate, codegen) without going
    /// through the datasource routes.
    pub fn put_model(&self, project: &str, datasource: &str, model: Value) {
        let name = model["name"]
            .as_str()
            .expect("a model has a name")
            .to_owned();
        self.inner
            .meta
            .put(project, &format!("model:{datasource}"), &name, &model)
            .expect("a model document");
    }
}
