//! An index of an entity: its shape (a name, and fields among the entity's columns, each
//! once, each ASC or DESC), and the name a person gives it, which the datasource's database
//! must not already use (index names are the database's, not the table's, and its case does
//! not tell them apart).

use serde_json::Value;

use crate::field::Op;
use crate::{list, shown, text, Datasource, Refusals};

/// What every stored index of an entity with `fields` (the console's JSON) must be.
pub fn index_shape(model: &str, fields: &[Value], body: &Value) -> Refusals {
    let mut out = Refusals::default();
    shape(model, fields, body, &mut out);
    out
}

fn shape(model: &str, fields: &[Value], body: &Value, out: &mut Refusals) {
    if !body.is_object() {
        out.refuse("index", format!("An index is a JSON object, not {body}"));
        return;
    }
    let name = text(body, "name");
    if name.is_empty() {
        out.refuse("name", "An index needs a name");
    }
    let members = list(body, "fields");
    if members.is_empty() {
        out.refuse("fields", format!("Index {name} needs fields"));
    }
    let mut seen: Vec<&str> = Vec::new();
    for m in members {
        let Some(f) = m.get("fieldName").and_then(Value::as_str) else {
            out.refuse("fields", format!("Index {name}: a field needs fieldName"));
            continue;
        };
        match fields.iter().find(|x| text(x, "name") == f) {
            None => out.refuse("fields", format!("Unknown field '{f}' in model {model}")),
            Some(x) if text(x, "type") == "Relation" => out.refuse(
                "fields",
                format!("Index {name}: {f} is a relation, not a column"),
            ),
            Some(_) if seen.contains(&f) => {
                out.refuse("fields", format!("Index {name} lists field {f} twice"))
            }
            Some(_) => seen.push(f),
        }
        let direction = m.get("direction").filter(|d| !d.is_null());
        let known = |d: &str| d.eq_ignore_ascii_case("asc") || d.eq_ignore_ascii_case("desc");
        if let Some(d) = direction.filter(|d| !d.as_str().is_some_and(known)) {
            out.refuse(
                "fields",
                format!(
                    "Index {name}: the direction of {f} must be ASC or DESC, got {}",
                    shown(d)
                ),
            );
        }
    }
}

/// An index a person adds to `entity` (one of `ds`'s models) or changes in it (`body`'s
/// name is then the one in the path).
pub fn index(ds: &Datasource, entity: &Value, body: &Value, op: Op) -> Refusals {
    let model = text(entity, "name");
    let name = text(body, "name");
    let siblings: Vec<&Value> = list(entity, "indexes")
        .iter()
        .filter(|i| !(op == Op::Update && text(i, "name") == name))
        .collect();
    let present = list(entity, "indexes")
        .iter()
        .any(|i| text(i, "name") == name);
    let mut out = Refusals::default();
    check(
        ds,
        model,
        list(entity, "fields"),
        &siblings,
        present,
        body,
        op,
        &mut out,
    );
    out
}

/// The full check of one index of `model`, beside its `siblings` (the model's other indexes);
/// `present` says whether the model has an index of that name.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check(
    ds: &Datasource,
    model: &str,
    fields: &[Value],
    siblings: &[&Value],
    present: bool,
    body: &Value,
    op: Op,
    out: &mut Refusals,
) {
    shape(model, fields, body, out);
    let name = text(body, "name");
    if !body.is_object() || name.is_empty() {
        return;
    }
    if op == Op::Update {
        if !present {
            out.refuse("name", format!("Index {name} not found in model {model}"));
        }
        return;
    }
    let same = |i: &&Value| text(i, "name").eq_ignore_ascii_case(name);
    if siblings.iter().any(same) {
        return out.refuse(
            "name",
            format!("Index {name} already exists in model {model}"),
        );
    }
    for other in ds.models.iter().filter(|m| text(m, "name") != model) {
        if list(other, "indexes").iter().any(|i| same(&i)) {
            return out.refuse(
                "name",
                format!(
                    "Index {name} already exists in model {}",
                    text(other, "name")
                ),
            );
        }
    }
    let tables = ds
        .models
        .iter()
        .filter(|m| crate::kind(m) == "entity")
        .map(|m| text(m, "name"))
        .chain([model]);
    if let Some(table) = tables.into_iter().find(|t| t.eq_ignore_ascii_case(name)) {
        out.refuse(
            "name",
            format!(
                "Index {name} has the name of model {table}: the datasource's database already \
                 uses it"
            ),
        );
    }
}
