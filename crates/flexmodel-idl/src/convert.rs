//! From the syntax tree to the server's model JSON: type names resolved against the enums and
//! models of the same text and those the datasource already has, annotations checked and read.
//!
//! Where this is stricter than the real server (whose converter ignores what it does not know):
//! an unknown annotation, an annotation given twice or on a type it does not apply to, a type
//! naming nothing, a model type without `@relation`, a relation or index naming a missing field,
//! and a default that is not a value of the field's type are errors here, each naming the part.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::args::{bool_arg, int_arg, no_args, plain, single, string_arg, twice};
use crate::defaults::default_value;
use crate::syntax::{AValue, Annotation, Decl, EnumDecl, FieldDecl, ModelDecl, Named};
use crate::{Error, Known};

/// The scalar field types, as written and as the JSON `type`.
pub(crate) const SCALARS: [&str; 9] = [
    "String", "Int", "Long", "Float", "Boolean", "DateTime", "Date", "Time", "JSON",
];

/// What a type name in a field names.
enum Target<'a> {
    Scalar(&'a str),
    Enum,
    /// A model, with its field names when they are known.
    Model(Option<Vec<String>>),
}

pub(crate) fn convert(decls: Vec<Decl>, known: &Known) -> Result<Vec<Value>, Error> {
    let mut enums: BTreeSet<String> = known.enums.clone();
    let mut models: BTreeMap<String, Option<Vec<String>>> = known.entities.clone();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for decl in &decls {
        let name = match decl {
            Decl::Model(m) => &m.name,
            Decl::Enum(e) => &e.name,
        };
        if SCALARS.contains(&name.text.as_str()) {
            return Err(name.pos.error(format!(
                "`{}` is a built-in field type and cannot name a model or an enum",
                name.text
            )));
        }
        if !seen.insert(&name.text) {
            return Err(name
                .pos
                .error(format!("`{}` is defined twice in this text", name.text)));
        }
        match decl {
            Decl::Model(m) => {
                enums.remove(&m.name.text);
                let fields = m.fields.iter().map(|f| f.name.text.clone()).collect();
                models.insert(m.name.text.clone(), Some(fields));
            }
            Decl::Enum(e) => {
                models.remove(&e.name.text);
                enums.insert(e.name.text.clone());
            }
        }
    }
    let scope = Scope { enums, models };
    decls
        .iter()
        .map(|decl| match decl {
            Decl::Model(m) => scope.entity(m),
            Decl::Enum(e) => enumeration(e),
        })
        .collect()
}

struct Scope {
    enums: BTreeSet<String>,
    models: BTreeMap<String, Option<Vec<String>>>,
}

impl Scope {
    fn resolve(&self, name: &Named) -> Result<Target<'static>, Error> {
        if let Some(s) = SCALARS.iter().find(|s| **s == name.text) {
            return Ok(Target::Scalar(s));
        }
        if self.enums.contains(&name.text) {
            return Ok(Target::Enum);
        }
        if let Some(fields) = self.models.get(&name.text) {
            return Ok(Target::Model(fields.clone()));
        }
        let lower = name.text.to_lowercase();
        let hint = SCALARS
            .iter()
            .map(|s| s.to_string())
            .chain(self.enums.iter().cloned())
            .chain(self.models.keys().cloned())
            .find(|n| n.to_lowercase() == lower)
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        Err(name.pos.error(format!(
            "type `{}` names no field type, enum or model{hint}",
            name.text
        )))
    }

    fn entity(&self, m: &ModelDecl) -> Result<Value, Error> {
        let own: Vec<&str> = m.fields.iter().map(|f| f.name.text.as_str()).collect();
        let mut names = BTreeSet::new();
        let mut fields = Vec::new();
        for f in &m.fields {
            if !names.insert(f.name.text.as_str()) {
                return Err(f.name.pos.error(format!(
                    "field `{}` is defined twice in model {}",
                    f.name.text, m.name.text
                )));
            }
            fields.push(self.field(&m.name.text, &own, f)?);
        }
        let mut comment = Value::Null;
        let mut indexes = Vec::new();
        let mut seen_comment = false;
        for a in &m.annotations {
            match a.name.text.as_str() {
                "comment" => {
                    if seen_comment {
                        return Err(twice(a));
                    }
                    seen_comment = true;
                    comment = Value::String(string_arg(a, single(a)?)?);
                }
                "index" => indexes.push(index(&m.name.text, &own, a)?),
                other => {
                    return Err(a.name.pos.error(format!(
                        "unknown model annotation @{other}; expected @comment or @index"
                    )))
                }
            }
        }
        Ok(json!({
            "type": "entity",
            "name": m.name.text,
            "comment": comment,
            "fields": fields,
            "indexes": indexes,
            "additionalProperties": {},
        }))
    }

    fn field(&self, model: &str, own: &[&str], f: &FieldDecl) -> Result<Value, Error> {
        let target = self.resolve(&f.type_name)?;
        let mut out = Map::new();
        out.insert("name".into(), json!(f.name.text));
        out.insert("modelName".into(), json!(model));
        out.insert("comment".into(), Value::Null);
        out.insert("unique".into(), json!(false));
        out.insert("nullable".into(), json!(f.optional));
        out.insert("identity".into(), json!(false));
        out.insert("defaultValue".into(), Value::Null);
        out.insert("additionalProperties".into(), json!({}));
        let type_name = match &target {
            Target::Scalar(s) => {
                if f.list {
                    return Err(f.type_name.pos.error(format!(
                        "`{s}[]`: only an enum or a model type can be a list"
                    )));
                }
                match *s {
                    "String" => {
                        out.insert("length".into(), json!(255));
                    }
                    "Float" => {
                        out.insert("precision".into(), json!(20));
                        out.insert("scale".into(), json!(2));
                    }
                    _ => {}
                }
                s.to_string()
            }
            Target::Enum => "EnumRef".to_string(),
            Target::Model(_) => "Relation".to_string(),
        };
        if !matches!(target, Target::Scalar(_)) {
            out.insert("from".into(), json!(f.type_name.text));
            out.insert("multiple".into(), json!(f.list));
        }
        out.insert("type".into(), json!(type_name));
        let mut seen = BTreeSet::new();
        for a in &f.annotations {
            let name = a.name.text.as_str();
            if !seen.insert(name) {
                return Err(twice(a));
            }
            let applies = |types: &[&str]| -> Result<(), Error> {
                if types.contains(&type_name.as_str()) {
                    Ok(())
                } else {
                    Err(a.name.pos.error(format!(
                        "@{name} does not apply to field `{}` of type {type_name}",
                        f.name.text
                    )))
                }
            };
            match name {
                "id" => {
                    no_args(a)?;
                    out.insert("identity".into(), json!(true));
                }
                "unique" => {
                    no_args(a)?;
                    out.insert("unique".into(), json!(true));
                }
                "comment" => {
                    out.insert("comment".into(), json!(string_arg(a, single(a)?)?));
                }
                "length" => {
                    applies(&["String"])?;
                    out.insert("length".into(), json!(int_arg(a, single(a)?)?));
                }
                "precision" | "scale" => {
                    applies(&["Float"])?;
                    out.insert(name.into(), json!(int_arg(a, single(a)?)?));
                }
                "default" => {
                    let arg = single(a)?;
                    let v = default_value(&type_name, &arg.value).map_err(|m| {
                        arg.pos.error(format!("@default of `{}`: {m}", f.name.text))
                    })?;
                    out.insert("defaultValue".into(), v);
                }
                "relation" => {
                    applies(&["Relation"])?;
                    let fields = match &target {
                        Target::Model(fields) => fields.as_deref(),
                        _ => None,
                    };
                    relation(a, own, &f.type_name.text, fields, &mut out)?;
                }
                "additional" => {
                    let props = out["additionalProperties"]
                        .as_object_mut()
                        .expect("an object");
                    for arg in &a.args {
                        let key = arg.key.clone().unwrap_or_else(|| "value".to_string());
                        props.insert(key, plain(&arg.value, arg.pos)?);
                    }
                }
                other => {
                    return Err(a.name.pos.error(format!(
                        "unknown field annotation @{other}; expected one of @id, @unique, \
                         @comment, @default, @length, @precision, @scale, @relation, @additional"
                    )))
                }
            }
        }
        if type_name == "Relation" && !seen.contains("relation") {
            return Err(f.type_name.pos.error(format!(
                "field `{}` refers to model {}: it needs @relation(localField: \"…\", \
                 foreignField: \"…\")",
                f.name.text, f.type_name.text
            )));
        }
        Ok(Value::Object(out))
    }
}

fn relation(
    a: &Annotation,
    own: &[&str],
    target: &str,
    target_fields: Option<&[String]>,
    out: &mut Map<String, Value>,
) -> Result<(), Error> {
    let mut local = None;
    let mut foreign = None;
    let mut cascade = false;
    for arg in &a.args {
        match arg.key.as_deref() {
            Some("localField") => local = Some((string_arg(a, arg)?, arg.pos)),
            Some("foreignField") => foreign = Some((string_arg(a, arg)?, arg.pos)),
            Some("cascadeDelete") => cascade = bool_arg(a, arg)?,
            _ => {
                return Err(arg.pos.error(
                    "@relation takes localField: \"…\", foreignField: \"…\" and cascadeDelete",
                ))
            }
        }
    }
    let (Some((local, lpos)), Some((foreign, fpos))) = (local, foreign) else {
        return Err(a
            .name
            .pos
            .error("@relation needs both localField: \"…\" and foreignField: \"…\""));
    };
    if !own.contains(&local.as_str()) {
        return Err(lpos.error(format!("localField `{local}` is not a field of this model")));
    }
    if let Some(fields) = target_fields {
        if !fields.contains(&foreign) {
            return Err(fpos.error(format!(
                "foreignField `{foreign}` is not a field of model {target}"
            )));
        }
    }
    out.insert("localField".into(), json!(local));
    out.insert("foreignField".into(), json!(foreign));
    out.insert("cascadeDelete".into(), json!(cascade));
    Ok(())
}

fn index(model: &str, own: &[&str], a: &Annotation) -> Result<Value, Error> {
    let mut name = Value::Null;
    let mut unique = false;
    let mut fields = None;
    for arg in &a.args {
        match arg.key.as_deref() {
            Some("name") => name = json!(string_arg(a, arg)?),
            Some("unique") => unique = bool_arg(a, arg)?,
            Some("fields") => {
                let AValue::Array(elements) = &arg.value else {
                    return Err(arg.pos.error("@index fields: expected a list like [a, b]"));
                };
                let mut list = Vec::new();
                for e in elements {
                    if !own.contains(&e.name.text.as_str()) {
                        return Err(e.name.pos.error(format!(
                            "index field `{}` is not a field of model {model}",
                            e.name.text
                        )));
                    }
                    let mut direction = "ASC";
                    for (key, v) in &e.options {
                        let text = match (key.text.as_str(), v) {
                            ("sort", AValue::Str(s) | AValue::Ident(s)) => s.to_lowercase(),
                            _ => String::new(),
                        };
                        direction =
                            match text.as_str() {
                                "asc" => "ASC",
                                "desc" => "DESC",
                                _ => return Err(key.pos.error(
                                    "an index field takes only (sort: \"asc\") or (sort: \"desc\")",
                                )),
                            };
                    }
                    list.push(json!({"fieldName": e.name.text, "direction": direction}));
                }
                fields = Some(list);
            }
            _ => {
                return Err(arg
                    .pos
                    .error("@index takes name: \"…\", unique: true|false and fields: […]"))
            }
        }
    }
    let fields = match fields {
        Some(f) if !f.is_empty() => f,
        _ => {
            return Err(a
                .name
                .pos
                .error("@index needs fields: [a, b, …] with a field"))
        }
    };
    Ok(json!({"modelName": model, "name": name, "unique": unique, "fields": fields}))
}

fn enumeration(e: &EnumDecl) -> Result<Value, Error> {
    let mut seen = BTreeSet::new();
    for el in &e.elements {
        if !seen.insert(el.text.as_str()) {
            return Err(el.pos.error(format!(
                "element `{}` is listed twice in enum {}",
                el.text, e.name.text
            )));
        }
    }
    let elements: Vec<&str> = e.elements.iter().map(|n| n.text.as_str()).collect();
    Ok(json!({
        "type": "enum",
        "name": e.name.text,
        "comment": null,
        "elements": elements,
        "additionalProperties": {},
    }))
}
