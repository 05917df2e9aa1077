//! The models of a datasource read from their JSON (the metadata store keeps the server's model
//! JSON as it is; this is the typed view the records, the filter and the DDL work on), the
//! mapping of a field's type to an SQLite column, and the conversion of values between the
//! server's JSON and SQLite. What a field takes is `flexmodel_rules::stored`'s (the rules the
//! app's forms check a default with); what a model, field or index may be is checked by
//! `flexmodel-rules` before anything here sees it.
//!
//! Columns: String `VARCHAR(length)`, Int `INTEGER`, Long `BIGINT`, Float `REAL`, Boolean
//! `BOOLEAN` (0/1, answered true/false), DateTime/Date/Time `DATETIME`/`DATE`/`TIME` holding
//! ISO text, JSON `JSON` (the JSON text), EnumRef `VARCHAR(255)` (a JSON array's text when
//! `multiple`); a Relation has no column. An Int or Long identity is the rowid
//! (`INTEGER PRIMARY KEY`, `AUTOINCREMENT` for the `autoIncrement` default).

use std::collections::HashMap;

use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

/// One field of an entity, as the typed view of its JSON.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub name: String,
    pub ty: String,
    pub from: Option<String>,
    pub multiple: bool,
    pub local_field: Option<String>,
    pub foreign_field: Option<String>,
    pub cascade_delete: bool,
    pub nullable: bool,
    pub unique: bool,
    pub identity: bool,
    pub default: Option<Value>,
    pub length: u64,
}

impl Field {
    pub fn from_json(v: &Value) -> ApiResult<Field> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let b = |k: &str, d: bool| v.get(k).and_then(Value::as_bool).unwrap_or(d);
        let name = s("name").ok_or_else(|| ApiError::internal("A field needs a name"))?;
        let ty =
            s("type").ok_or_else(|| ApiError::internal(format!("Field {name} needs a type")))?;
        if !flexmodel_rules::FIELD_TYPES.contains(&ty.as_str()) {
            return Err(ApiError::internal(format!(
                "Unsupported field type: {ty} (field {name})"
            )));
        }
        Ok(Field {
            from: s("from"),
            multiple: b("multiple", false),
            local_field: s("localField"),
            foreign_field: s("foreignField"),
            cascade_delete: b("cascadeDelete", false),
            nullable: b("nullable", true),
            unique: b("unique", false),
            identity: b("identity", false),
            default: v.get("defaultValue").filter(|d| !d.is_null()).cloned(),
            length: v.get("length").and_then(Value::as_u64).unwrap_or(255),
            name,
            ty,
        })
    }

    pub fn is_relation(&self) -> bool {
        self.ty == "Relation"
    }

    /// The name of a generated default (`uuid`, `ulid`, `autoIncrement`, `now`).
    pub fn generated(&self) -> Option<&str> {
        let d = self.default.as_ref()?;
        (d.get("type").and_then(Value::as_str) == Some("generated"))
            .then(|| d.get("name").and_then(Value::as_str))
            .flatten()
    }

    /// A fixed default's value.
    pub fn fixed(&self) -> Option<&Value> {
        let d = self.default.as_ref()?;
        (d.get("type").and_then(Value::as_str) == Some("fixed"))
            .then(|| d.get("value"))
            .flatten()
    }

    /// Whether the column is the table's rowid.
    pub fn is_rowid(&self) -> bool {
        self.identity && matches!(self.ty.as_str(), "Int" | "Long")
    }

    /// The column definition in `CREATE TABLE`.
    pub fn column_ddl(&self) -> String {
        let name = quote(&self.name);
        if self.is_rowid() {
            let auto = if self.generated() == Some("autoIncrement") {
                " AUTOINCREMENT"
            } else {
                ""
            };
            return format!("{name} INTEGER PRIMARY KEY{auto}");
        }
        let ty = match self.ty.as_str() {
            "String" => format!("VARCHAR({})", self.length),
            "Int" => "INTEGER".into(),
            "Long" => "BIGINT".into(),
            "Float" => "REAL".into(),
            "Boolean" => "BOOLEAN".into(),
            "DateTime" => "DATETIME".into(),
            "Date" => "DATE".into(),
            "Time" => "TIME".into(),
            "JSON" => "JSON".into(),
            _ => "VARCHAR(255)".into(),
        };
        let mut ddl = format!("{name} {ty}");
        if self.identity {
            ddl.push_str(" PRIMARY KEY NOT NULL");
        } else {
            if !self.nullable {
                ddl.push_str(" NOT NULL");
            }
            if self.unique {
                ddl.push_str(" UNIQUE");
            }
        }
        ddl
    }

    /// A JSON value for this field's column, as SQLite keeps it. `null` is NULL.
    pub fn to_sql(&self, v: &Value) -> ApiResult<Sql> {
        use flexmodel_rules::Stored;
        match flexmodel_rules::stored(&self.ty, self.multiple, v) {
            Some(Stored::Null) => Ok(Sql::Null),
            Some(Stored::Integer(i)) => Ok(Sql::Integer(i)),
            Some(Stored::Real(f)) => Ok(Sql::Real(f)),
            Some(Stored::Text(t)) => Ok(Sql::Text(t)),
            None => Err(ApiError::internal(flexmodel_rules::cannot_convert(
                v, &self.ty, &self.name,
            ))),
        }
    }

    /// What SQLite holds in this field's column, as the server answers it.
    pub fn to_json(&self, v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => match self.ty.as_str() {
                "Boolean" => Value::Bool(i != 0),
                "Float" => json!(i as f64),
                "String" | "EnumRef" | "DateTime" | "Date" | "Time" => Value::String(i.to_string()),
                _ => json!(i),
            },
            ValueRef::Real(f) => match self.ty.as_str() {
                "Int" | "Long" if f.fract() == 0.0 => json!(f as i64),
                "String" | "EnumRef" | "DateTime" | "Date" | "Time" => Value::String(f.to_string()),
                _ => json!(f),
            },
            ValueRef::Text(t) => {
                let s = String::from_utf8_lossy(t);
                match self.ty.as_str() {
                    "JSON" => serde_json::from_str(&s).unwrap_or(Value::String(s.into_owned())),
                    "EnumRef" if self.multiple => {
                        serde_json::from_str(&s).unwrap_or(Value::String(s.into_owned()))
                    }
                    "Boolean" => Value::Bool(matches!(&*s, "1" | "true" | "TRUE")),
                    "Int" | "Long" => s.parse::<i64>().map(Value::from).unwrap_or(json!(s)),
                    "Float" => s.parse::<f64>().map(Value::from).unwrap_or(json!(s)),
                    _ => Value::String(s.into_owned()),
                }
            }
            ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        }
    }
}

/// An identifier quoted for SQLite. Identifiers only ever come from a model's known names.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// An entity model's typed view.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub name: String,
    pub fields: Vec<Field>,
    /// The model's `indexes` as the server's JSON.
    pub indexes: Vec<Value>,
}

impl Entity {
    pub fn from_json(model: &Value) -> ApiResult<Entity> {
        let name = model
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::internal("A model needs a name"))?
            .to_owned();
        let fields = model
            .get("fields")
            .and_then(Value::as_array)
            .map(|fs| {
                fs.iter()
                    .map(Field::from_json)
                    .collect::<ApiResult<Vec<_>>>()
            })
            .transpose()?
            .unwrap_or_default();
        let indexes = model
            .get("indexes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        Ok(Entity {
            name,
            fields,
            indexes,
        })
    }

    /// Each field's name and type, as the rules read fields.
    pub fn json_fields(&self) -> Vec<Value> {
        self.fields
            .iter()
            .map(|f| json!({"name": f.name, "type": f.ty}))
            .collect()
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field named, or the server's 500 naming it.
    pub fn known(&self, name: &str) -> ApiResult<&Field> {
        self.field(name).ok_or_else(|| {
            ApiError::internal(format!("Unknown field '{name}' in model {}", self.name))
        })
    }

    pub fn identity(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.identity)
    }

    /// The fields that are columns (every one but relations).
    pub fn columns(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.is_relation())
    }

    pub fn create_table_sql(&self, table: &str) -> String {
        let cols: Vec<String> = self.columns().map(Field::column_ddl).collect();
        format!("CREATE TABLE {} ({})", quote(table), cols.join(", "))
    }

    /// `CREATE INDEX` for each of the model's indexes.
    pub fn index_sql(&self) -> ApiResult<Vec<String>> {
        self.indexes
            .iter()
            .map(|i| index_sql(&self.name, i, self))
            .collect()
    }
}

/// `CREATE [UNIQUE] INDEX` for one index JSON of `entity`, which `flexmodel_rules::index_shape`
/// has passed (a name, fields among the entity's columns).
pub(crate) fn index_sql(table: &str, index: &Value, entity: &Entity) -> ApiResult<String> {
    flexmodel_rules::index_shape(&entity.name, &entity.json_fields(), index).first()?;
    let name = index["name"].as_str().unwrap_or_default();
    let cols: Vec<String> = index["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let dir = match f["direction"].as_str() {
                Some(d) if d.eq_ignore_ascii_case("desc") => "DESC",
                _ => "ASC",
            };
            format!(
                "{} {dir}",
                quote(f["fieldName"].as_str().unwrap_or_default())
            )
        })
        .collect();
    let unique = if index["unique"] == true {
        "UNIQUE "
    } else {
        ""
    };
    Ok(format!(
        "CREATE {unique}INDEX {} ON {} ({})",
        quote(name),
        quote(table),
        cols.join(", ")
    ))
}

/// Every model of a datasource: the entities typed, the enums' elements.
pub(crate) struct Schema {
    pub entities: HashMap<String, Entity>,
}

impl Schema {
    pub fn new(models: &[Value]) -> ApiResult<Schema> {
        let mut entities = HashMap::new();
        for m in models {
            if m.get("type").and_then(Value::as_str) == Some("entity") {
                let e = Entity::from_json(m)?;
                entities.insert(e.name.clone(), e);
            }
        }
        Ok(Schema { entities })
    }

    /// The entity named, or the server's 500.
    pub fn entity(&self, name: &str) -> ApiResult<&Entity> {
        self.entities
            .get(name)
            .ok_or_else(|| ApiError::internal(format!("Model not found: {name}")))
    }

    /// The model a relation field points at, with its local and foreign fields checked.
    pub fn relation<'a>(
        &'a self,
        owner: &'a Entity,
        field: &'a Field,
    ) -> ApiResult<(&'a Entity, &'a Field, &'a Field)> {
        let target = self.entity(field.from.as_deref().unwrap_or_default())?;
        let local = owner.known(field.local_field.as_deref().unwrap_or_default())?;
        let foreign = target.known(field.foreign_field.as_deref().unwrap_or_default())?;
        Ok((target, local, foreign))
    }
}

/// A ULID: 48 bits of milliseconds and 80 random bits in Crockford's base 32 (26 characters).
pub(crate) fn ulid() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let ms = chrono::Utc::now().timestamp_millis() as u128 & ((1 << 48) - 1);
    let random = uuid::Uuid::new_v4().as_u128() & ((1 << 80) - 1);
    let mut n = (ms << 80) | random;
    let mut out = [0u8; 26];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8_lossy(&out).into_owned()
}
