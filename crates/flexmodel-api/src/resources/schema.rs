//! What a datasource's models are: entities (fields, indexes), enums (elements) and native
//! queries (a statement and its `${x}` parameters), told apart by `type`; a model of a type
//! this client does not know is kept whole as JSON rather than refused.

use console_core::api_enum;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A model, by its `type`.
#[derive(Debug, Clone, PartialEq)]
pub enum Model {
    /// `"entity"`: a table of records.
    Entity(Entity),
    /// `"enum"`: a list of named elements.
    Enum(EnumModel),
    /// `"native_query"`: a stored SQL statement.
    NativeQuery(NativeQuery),
    /// A type this client does not know, as sent.
    Other(Value),
}

impl Model {
    pub fn name(&self) -> &str {
        match self {
            Model::Entity(m) => &m.name,
            Model::Enum(m) => &m.name,
            Model::NativeQuery(m) => &m.name,
            Model::Other(v) => v.get("name").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// The wire `type`.
    pub fn kind(&self) -> &str {
        match self {
            Model::Entity(_) => "entity",
            Model::Enum(_) => "enum",
            Model::NativeQuery(_) => "native_query",
            Model::Other(v) => v.get("type").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// The model's IDL text as the server computed it.
    pub fn idl(&self) -> Option<&str> {
        match self {
            Model::Entity(m) => m.idl.as_deref(),
            Model::Enum(m) => m.idl.as_deref(),
            Model::NativeQuery(m) => m.idl.as_deref(),
            Model::Other(v) => v.get("idl").and_then(Value::as_str),
        }
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        Ok(match kind {
            "entity" => Model::Entity(serde_json::from_value(value).map_err(D::Error::custom)?),
            "enum" => Model::Enum(serde_json::from_value(value).map_err(D::Error::custom)?),
            "native_query" => {
                Model::NativeQuery(serde_json::from_value(value).map_err(D::Error::custom)?)
            }
            _ => Model::Other(value),
        })
    }
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let inner = match self {
            Model::Entity(m) => serde_json::to_value(m),
            Model::Enum(m) => serde_json::to_value(m),
            Model::NativeQuery(m) => serde_json::to_value(m),
            Model::Other(v) => return v.serialize(s),
        };
        let mut value = inner.map_err(serde::ser::Error::custom)?;
        if let Value::Object(map) = &mut value {
            map.insert("type".into(), Value::String(self.kind().to_owned()));
        }
        value.serialize(s)
    }
}

/// An entity: fields and indexes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Entity {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub fields: Vec<Field>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub indexes: Vec<Index>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Value>,
    /// Computed by the server; ignored when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idl: Option<String>,
}

/// An enum: its elements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnumModel {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub elements: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idl: Option<String>,
}

/// A native query: the statement and the names of its `${x}` parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NativeQuery {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub statement: String,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub parameters: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idl: Option<String>,
}

api_enum!(
    /// A field's type, in the server's spelling.
    #[allow(clippy::upper_case_acronyms)]
    FieldType {
        String, Int, Long, Float, Boolean, DateTime, Date, Time, JSON, EnumRef, Relation,
    }
);

// `api_enum!` takes no `#[default]` on a variant.
#[allow(clippy::derivable_impls)]
impl Default for FieldType {
    fn default() -> Self {
        FieldType::String
    }
}

/// A field of an entity. Members beyond the common ones belong to some types only: `length`
/// (String), `precision`/`scale` (Float), `from`/`multiple` (EnumRef, Relation),
/// `localField`/`foreignField`/`cascadeDelete` (Relation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Field {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub unique: bool,
    /// The server's default is nullable.
    #[serde(default = "yes")]
    pub nullable: bool,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub identity: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<DefaultValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cascade_delete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concrete_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Value>,
}

fn yes() -> bool {
    true
}

impl Field {
    /// A nullable field `name` of `field_type`.
    pub fn new(name: impl Into<String>, field_type: FieldType) -> Field {
        Field {
            name: name.into(),
            field_type,
            nullable: true,
            ..Field::default()
        }
    }
}

/// A field's default: a fixed value or a generated one (`uuid`, `ulid`, `autoIncrement`, `now`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DefaultValue {
    /// `"fixed"` or `"generated"`.
    #[serde(rename = "type")]
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The generator's name, for a generated default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl DefaultValue {
    pub fn fixed(value: impl Into<Value>) -> Self {
        DefaultValue {
            kind: "fixed".into(),
            value: Some(value.into()),
            name: None,
        }
    }

    pub fn generated(name: impl Into<String>) -> Self {
        DefaultValue {
            kind: "generated".into(),
            value: None,
            name: Some(name.into()),
        }
    }
}

/// An index of an entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Index {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_name: Option<String>,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub unique: bool,
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub fields: Vec<IndexField>,
}

/// A field of an index and its direction (`ASC` or `DESC`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IndexField {
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub field_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}
