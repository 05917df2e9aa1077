//! What the schema is built from: a project's datasources with their entity and enum models,
//! read from the model documents (kind `model:{ds}`), and the GraphQL type each field gets,
//! with the server's names (`<ds>_<Model>`, `<ds>_<Model>_bool_exp`, …).

use serde_json::Value;

/// A datasource's models that the schema shows.
pub(crate) struct Source {
    pub ds: String,
    pub entities: Vec<EntityInfo>,
    /// (name, elements) of each enum model.
    pub enums: Vec<(String, Vec<String>)>,
}

pub(crate) struct EntityInfo {
    pub name: String,
    pub fields: Vec<FieldInfo>,
    /// The identity field's name, for the `…_by_id` forms.
    pub identity: Option<String>,
}

pub(crate) struct FieldInfo {
    pub name: String,
    /// The model's field type (`String`, `Long`, `EnumRef`, `Relation`…).
    pub ty: String,
    pub kind: Kind,
}

/// How a field shows in GraphQL.
pub(crate) enum Kind {
    /// A scalar: `String`, `Int`, `Float`, `Boolean`, `JSON`.
    Scalar(&'static str),
    /// The identity field: `ID` (answered as a string, as graphql-java does).
    Id,
    /// An `EnumRef` to an enum model of the datasource: the enum type `<ds>_<Enum>`.
    Enum { type_name: String, multiple: bool },
    /// A relation: the related entity's type, or a list of it.
    Relation {
        type_name: String,
        from: String,
        local: String,
        foreign: String,
        multiple: bool,
    },
}

impl FieldInfo {
    pub fn is_relation(&self) -> bool {
        matches!(self.kind, Kind::Relation { .. })
    }

    /// The field's output (and, but for relations, input) type name, without list or non-null.
    pub fn type_name(&self) -> &str {
        match &self.kind {
            Kind::Scalar(s) => s,
            Kind::Id => "ID",
            Kind::Enum { type_name, .. } | Kind::Relation { type_name, .. } => type_name,
        }
    }

    pub fn is_list(&self) -> bool {
        match &self.kind {
            Kind::Enum { multiple, .. } | Kind::Relation { multiple, .. } => *multiple,
            _ => false,
        }
    }

    /// The `…_comparison_exp` input a `where` takes for this field. The engine maps `DateTime`
    /// to `Date_comparison_exp` and `Date` and `Time` to `DateTime_comparison_exp` (swapped);
    /// the sandbox gives each its own.
    pub fn comparison(&self) -> String {
        match (&self.kind, self.ty.as_str()) {
            (Kind::Enum { type_name, .. }, _) => format!("{type_name}_comparison_exp"),
            (Kind::Relation { .. }, _) => "String_comparison_exp".into(),
            (_, "Float") => "Float_comparison_exp".into(),
            (_, "Int" | "Long") => "Int_comparison_exp".into(),
            (_, "Boolean") => "Boolean_comparison_exp".into(),
            (_, "DateTime") => "DateTime_comparison_exp".into(),
            (_, "Date") => "Date_comparison_exp".into(),
            (_, "Time") => "Time_comparison_exp".into(),
            (_, "JSON") => "JSON_comparison_exp".into(),
            _ => "String_comparison_exp".into(),
        }
    }
}

/// The GraphQL scalar the server declares for a model field type (`Long` is `Int`, dates and
/// times are `String`s).
fn scalar(ty: &str) -> &'static str {
    match ty {
        "Float" => "Float",
        "Int" | "Long" => "Int",
        "Boolean" => "Boolean",
        "JSON" => "JSON",
        _ => "String",
    }
}

impl Source {
    /// The entity and enum models of `ds` among `models` (native queries have no GraphQL
    /// form).
    pub fn new(ds: &str, models: &[Value]) -> Source {
        let enums: Vec<(String, Vec<String>)> = models
            .iter()
            .filter(|m| m["type"] == "enum")
            .filter_map(|m| {
                let elements = m["elements"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Some((m["name"].as_str()?.to_owned(), elements))
            })
            // An enum without elements cannot be a GraphQL enum: its fields show as String.
            .filter(|(_, elements): &(String, Vec<String>)| !elements.is_empty())
            .collect();
        let entity_names: Vec<&str> = models
            .iter()
            .filter(|m| m["type"] == "entity")
            .filter(|m| {
                m["fields"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|f| f["type"] != "Relation"))
            })
            .filter_map(|m| m["name"].as_str())
            .collect();
        let entities = models
            .iter()
            .filter(|m| m["type"] == "entity")
            .filter_map(|m| {
                let name = m["name"].as_str()?.to_owned();
                let fields: Vec<FieldInfo> = m["fields"]
                    .as_array()
                    .map(|a| a.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| field(ds, f, &enums, &entity_names))
                    .collect();
                // An entity still without a field (being built) has no GraphQL form yet.
                if fields.iter().all(FieldInfo::is_relation) {
                    return None;
                }
                let identity = crate::data::identity_of(m).map(str::to_owned);
                Some(EntityInfo {
                    name,
                    fields,
                    identity,
                })
            })
            .collect();
        Source {
            ds: ds.to_owned(),
            entities,
            enums,
        }
    }
}

fn field(
    ds: &str,
    f: &Value,
    enums: &[(String, Vec<String>)],
    entities: &[&str],
) -> Option<FieldInfo> {
    let name = f["name"].as_str()?.to_owned();
    let ty = f["type"].as_str().unwrap_or("String").to_owned();
    let from = f["from"].as_str().unwrap_or_default();
    let multiple = f["multiple"] == true;
    let kind = match ty.as_str() {
        "Relation" if entities.contains(&from) => Kind::Relation {
            type_name: format!("{ds}_{from}"),
            from: from.to_owned(),
            local: f["localField"].as_str().unwrap_or_default().to_owned(),
            foreign: f["foreignField"].as_str().unwrap_or_default().to_owned(),
            multiple,
        },
        // A relation to a model that is not there has nothing to show (the engine would not
        // build its schema at all).
        "Relation" => return None,
        _ if f["identity"] == true => Kind::Id,
        "EnumRef" if enums.iter().any(|(e, _)| e == from) => Kind::Enum {
            type_name: format!("{ds}_{from}"),
            multiple,
        },
        other => Kind::Scalar(scalar(other)),
    };
    Some(FieldInfo { name, ty, kind })
}

/// The server's operation names.
pub(crate) fn list(ds: &str, m: &str) -> String {
    format!("{ds}_list_{m}")
}
pub(crate) fn aggregate(ds: &str, m: &str) -> String {
    format!("{ds}_aggregate_{m}")
}
pub(crate) fn find_one(ds: &str, m: &str) -> String {
    format!("{ds}_find_one_{m}")
}
pub(crate) fn find_by_id(ds: &str, m: &str) -> String {
    format!("{ds}_find_by_id_{m}")
}
pub(crate) fn create(ds: &str, m: &str) -> String {
    format!("{ds}_create_{m}")
}
pub(crate) fn update(ds: &str, m: &str) -> String {
    format!("{ds}_update_{m}")
}
pub(crate) fn delete(ds: &str, m: &str) -> String {
    format!("{ds}_delete_{m}")
}
pub(crate) fn update_by_id(ds: &str, m: &str) -> String {
    format!("{ds}_update_{m}_by_id")
}
pub(crate) fn delete_by_id(ds: &str, m: &str) -> String {
    format!("{ds}_delete_{m}_by_id")
}

/// Whether `name` can be a GraphQL name (`[_A-Za-z][_0-9A-Za-z]*`).
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
