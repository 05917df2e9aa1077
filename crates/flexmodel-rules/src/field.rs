//! A field of an entity: its shape (a name and a known type), and what a person's field is
//! checked against besides: its name, the sizes of its type, the enum or model it refers to
//! and the fields a relation matches, the one identity of the model, and a default that fits.

use serde_json::Value;

use crate::value::{cannot_convert, stored};
use crate::{is_identifier, list, shown, text, Datasource, Refusals, BLANK, NOT_IDENTIFIER};

/// The field types the console knows.
pub const FIELD_TYPES: [&str; 11] = [
    "String", "Int", "Long", "Float", "Boolean", "DateTime", "Date", "Time", "JSON", "EnumRef",
    "Relation",
];

/// The generated defaults the console knows, with the field types each can fill (as the
/// IDL's `@default(now())` takes them).
pub const GENERATORS: [(&str, &[&str]); 4] = [
    ("uuid", &["String"]),
    ("ulid", &["String"]),
    ("autoIncrement", &["Int", "Long"]),
    ("now", &["DateTime", "Date", "Time"]),
];

/// Longest `length` of a String field.
pub const LENGTH_MAX: i64 = 65_535;
/// Largest `precision` of a Float field.
pub const PRECISION_MAX: i64 = 65;

/// Whether a field is added (its name must be new) or changed (its name, from the path, must
/// be there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Update,
}

/// What every stored field must be: an object with a name and a type the console knows.
pub fn field_shape(body: &Value) -> Refusals {
    let mut out = Refusals::default();
    shape(body, &mut out);
    out
}

/// The shape's checks; answers the field's type when it is a known one.
fn shape<'v>(body: &'v Value, out: &mut Refusals) -> Option<&'v str> {
    if !body.is_object() {
        out.refuse("field", format!("A field is a JSON object, not {body}"));
        return None;
    }
    let name = text(body, "name");
    if name.trim().is_empty() {
        out.invalid("name", BLANK);
    }
    match body.get("type") {
        None | Some(Value::Null) => {
            out.refuse("type", format!("Field {name} needs a type"));
            None
        }
        Some(Value::String(ty)) if FIELD_TYPES.contains(&ty.as_str()) => Some(ty),
        Some(other) => {
            out.refuse(
                "type",
                format!("Unsupported field type: {} (field {name})", shown(other)),
            );
            None
        }
    }
}

/// A field a person adds to `entity` (one of `ds`'s models, in the console's JSON) or
/// changes in it (`body`'s name is then the one in the path).
pub fn field(ds: &Datasource, entity: &Value, body: &Value, op: Op) -> Refusals {
    let name = text(body, "name");
    let fields = list(entity, "fields");
    let others: Vec<&Value> = fields.iter().filter(|f| text(f, "name") != name).collect();
    let mut all = others.clone();
    all.push(body);
    let scope = Scope {
        ds,
        model: text(entity, "name"),
        others,
        all,
    };
    let mut out = Refusals::default();
    let present = fields.iter().any(|f| text(f, "name") == name);
    check(&scope, body, op, present, &mut out);
    out
}

/// Where a field is checked: its model, the model's other fields, and all its fields as they
/// will be (the field itself among them).
pub(crate) struct Scope<'a> {
    pub ds: &'a Datasource<'a>,
    pub model: &'a str,
    pub others: Vec<&'a Value>,
    pub all: Vec<&'a Value>,
}

impl Scope<'_> {
    /// Whether `name` is a column of the model as it will be (a field, not a relation).
    fn column(&self, name: &str) -> bool {
        self.all
            .iter()
            .any(|f| text(f, "name") == name && text(f, "type") != "Relation")
    }
}

/// The full check of one field; `present` says whether its name is already the model's.
pub(crate) fn check(scope: &Scope, body: &Value, op: Op, present: bool, out: &mut Refusals) {
    let Some(ty) = shape(body, out) else {
        if body.is_object() {
            name_rules(scope, body, op, present, out);
        }
        return;
    };
    name_rules(scope, body, op, present, out);
    let name = text(body, "name");
    match ty {
        "String" => whole_in(body, "length", name, 1, LENGTH_MAX, "", out),
        "Float" => {
            whole_in(body, "precision", name, 1, PRECISION_MAX, "", out);
            let precision = body
                .get("precision")
                .and_then(Value::as_i64)
                .filter(|p| (1..=PRECISION_MAX).contains(p))
                .unwrap_or(20);
            whole_in(body, "scale", name, 0, precision, "its precision ", out);
        }
        "EnumRef" => enum_ref(scope, body, name, out),
        "Relation" => relation(scope, body, name, out),
        _ => {}
    }
    if body["identity"] == true && scope.others.iter().any(|f| f["identity"] == true) {
        out.refuse(
            "identity",
            format!("Model {} has more than one identity field", scope.model),
        );
    }
    if ty != "Relation" {
        default_value(scope, body, ty, name, out);
    }
}

fn name_rules(scope: &Scope, body: &Value, op: Op, present: bool, out: &mut Refusals) {
    let name = text(body, "name");
    if name.trim().is_empty() {
        return;
    }
    match op {
        Op::Create if !is_identifier(name) => out.invalid("name", NOT_IDENTIFIER),
        Op::Create if present => out.refuse(
            "name",
            format!("Field {name} already exists in model {}", scope.model),
        ),
        Op::Update if !present => out.refuse(
            "name",
            format!("Field {name} not found in model {}", scope.model),
        ),
        _ => {}
    }
}

/// An optional whole number of `key` from `low` to `high`.
fn whole_in(
    body: &Value,
    key: &str,
    name: &str,
    low: i64,
    high: i64,
    high_is: &str,
    out: &mut Refusals,
) {
    let Some(v) = body.get(key).filter(|v| !v.is_null()) else {
        return;
    };
    if v.as_i64().is_some_and(|n| (low..=high).contains(&n)) {
        return;
    }
    out.refuse(
        key,
        format!(
            "{key} of field {name} must be a whole number from {low} to {high_is}{high}, got {}",
            shown(v)
        ),
    );
}

fn enum_ref(scope: &Scope, body: &Value, name: &str, out: &mut Refusals) {
    let from = text(body, "from");
    if from.is_empty() {
        out.refuse(
            "from",
            format!("Field {name} needs from: the enum it takes its values from"),
        );
    } else if scope.ds.enumeration(from).is_none() {
        out.refuse(
            "from",
            format!(
                "Field {name} takes its values from enum {from}, which datasource {} does not have",
                scope.ds.name
            ),
        );
    }
}

fn relation(scope: &Scope, body: &Value, name: &str, out: &mut Refusals) {
    let from = text(body, "from");
    let model = scope.model;
    // The target's columns: the model's own as they will be when it relates to itself.
    let target: Option<Vec<&str>> = if from == model {
        Some(scope.all.iter().map(|f| text(f, "name")).collect())
    } else {
        scope.ds.entity(from).map(|m| {
            list(m, "fields")
                .iter()
                .filter(|f| text(f, "type") != "Relation")
                .map(|f| text(f, "name"))
                .collect()
        })
    };
    if from.is_empty() {
        out.refuse(
            "from",
            format!("Field {name} needs from: the model it relates to"),
        );
    } else if target.is_none() {
        out.refuse(
            "from",
            format!(
                "Field {name} relates to model {from}, which datasource {} does not have",
                scope.ds.name
            ),
        );
    }
    let local = text(body, "localField");
    if local.is_empty() {
        out.refuse(
            "localField",
            format!("Field {name} needs localField: a column of model {model}"),
        );
    } else if !scope.column(local) {
        out.refuse(
            "localField",
            format!("localField {local} of field {name} is not a column of model {model}"),
        );
    }
    let foreign = text(body, "foreignField");
    if foreign.is_empty() {
        out.refuse(
            "foreignField",
            format!("Field {name} needs foreignField: a column of the model it relates to"),
        );
    } else if let Some(columns) = &target {
        if !columns.contains(&foreign) {
            out.refuse(
                "foreignField",
                format!("foreignField {foreign} of field {name} is not a column of model {from}"),
            );
        }
    }
    for (key, what) in [("identity", "the identity"), ("unique", "unique")] {
        if body[key] == true {
            out.refuse(
                key,
                format!("Field {name} is a relation and cannot be {what}"),
            );
        }
    }
    if body.get("defaultValue").is_some_and(|d| !d.is_null()) {
        out.refuse(
            "defaultValue",
            format!("defaultValue of field {name}: a relation field takes no default"),
        );
    }
}

fn default_value(scope: &Scope, body: &Value, ty: &str, name: &str, out: &mut Refusals) {
    let Some(d) = body.get("defaultValue").filter(|d| !d.is_null()) else {
        return;
    };
    let mut refuse = |what: String| out.refuse("defaultValue", what);
    match d.get("type").and_then(Value::as_str) {
        Some("generated") => {
            let generator = text(d, "name");
            match GENERATORS.iter().find(|(g, _)| *g == generator) {
                None => refuse(format!(
                    "defaultValue of field {name}: unknown generator {generator}(); expected \
                     uuid(), ulid(), autoIncrement() or now()"
                )),
                Some((_, types)) if !types.contains(&ty) => refuse(format!(
                    "defaultValue of field {name}: {generator}() cannot fill a {ty} field"
                )),
                Some(_) if generator == "autoIncrement" && body["identity"] != true => {
                    refuse(format!(
                        "defaultValue of field {name}: autoIncrement() fills only the identity field"
                    ))
                }
                Some(_) => {}
            }
        }
        Some("fixed") => {
            let value = d.get("value").unwrap_or(&Value::Null);
            let multiple = body["multiple"] == true;
            if stored(ty, multiple, value).is_none() {
                return refuse(cannot_convert(value, ty, name));
            }
            let from = text(body, "from");
            let Some(e) = scope.ds.enumeration(from).filter(|_| ty == "EnumRef") else {
                return;
            };
            let elements = list(e, "elements");
            let given = match value {
                Value::Array(vs) => vs.iter().collect(),
                Value::Null => vec![],
                v => vec![v],
            };
            if let Some(bad) = given.into_iter().find(|v| !elements.contains(v)) {
                refuse(format!(
                    "defaultValue of field {name}: {} is not an element of enum {from}",
                    shown(bad)
                ));
            }
        }
        _ => refuse(format!(
            "defaultValue of field {name} must be {{\"type\": \"fixed\", \"value\": …}} or \
             {{\"type\": \"generated\", \"name\": …}}, got {d}"
        )),
    }
}
