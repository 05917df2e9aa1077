//! A model: its shape (a name, a type the console knows, an entity's fields and indexes each
//! in shape, no field twice, one identity at most; an enum's elements texts, each once), and
//! what a person's new model is checked against besides: a name that is an IDL name and not
//! taken, and each field and index as a person's own.

use serde_json::Value;

use crate::field::{self, Op, Scope};
use crate::{index, is_identifier, kind, list, text, Datasource, Refusals, BLANK, NOT_IDENTIFIER};

/// The words for a model name the datasource already has.
pub fn model_taken(name: &str, datasource: &str) -> String {
    format!("Model {name} already exists in datasource {datasource}")
}

/// What every stored model must be.
pub fn model_shape(body: &Value) -> Refusals {
    let mut out = Refusals::default();
    walk(None, body, &mut out);
    out
}

/// A model a person creates in `ds` (`POST …/models`).
pub fn model(ds: &Datasource, body: &Value) -> Refusals {
    let mut out = Refusals::default();
    walk(Some(ds), body, &mut out);
    out
}

/// The checks of a model: its shape, and with a datasource the full rules.
fn walk(ds: Option<&Datasource>, body: &Value, out: &mut Refusals) {
    if !body.is_object() {
        return out.refuse("model", format!("A model is a JSON object, not {body}"));
    }
    let name = text(body, "name");
    if name.trim().is_empty() {
        out.invalid("name", BLANK);
    } else if let Some(ds) = ds {
        if !is_identifier(name) {
            out.invalid("name", NOT_IDENTIFIER);
        } else if ds.model(name).is_some() {
            out.refuse("name", model_taken(name, ds.name));
        } else if let Some(other) = ds
            .models
            .iter()
            .map(|m| text(m, "name"))
            .find(|m| m.eq_ignore_ascii_case(name))
        {
            out.refuse(
                "name",
                format!(
                    "Model {name} differs from model {other} only in case, which the \
                     datasource's database does not tell apart"
                ),
            );
        }
    }
    match kind(body) {
        "entity" => entity(ds, name, body, out),
        "enum" => enumeration(name, body, out),
        "native_query" => {}
        other => out.refuse("type", format!("Unsupported model type: {other}")),
    }
}

fn entity(ds: Option<&Datasource>, model: &str, body: &Value, out: &mut Refusals) {
    let fields = list(body, "fields");
    let all: Vec<&Value> = fields.iter().collect();
    for (i, f) in fields.iter().enumerate() {
        let earlier = &fields[..i];
        let present = earlier
            .iter()
            .any(|e| text(e, "name") == text(f, "name") && !text(f, "name").is_empty());
        let mut inner = Refusals::default();
        match ds {
            Some(ds) => {
                let scope = Scope {
                    ds,
                    model,
                    others: earlier.iter().collect(),
                    all: all.clone(),
                };
                field::check(&scope, f, Op::Create, present, &mut inner);
            }
            None => {
                inner = field::field_shape(f);
                if present {
                    inner.refuse(
                        "name",
                        format!("Field {} already exists in model {model}", text(f, "name")),
                    );
                }
                if f["identity"] == true && earlier.iter().any(|e| e["identity"] == true) {
                    inner.refuse(
                        "identity",
                        format!("Model {model} has more than one identity field"),
                    );
                }
            }
        }
        out.extend_under(&format!("fields[{i}]."), inner);
    }
    let indexes = list(body, "indexes");
    let empty = Datasource::new("", &[]);
    for (i, ix) in indexes.iter().enumerate() {
        let siblings: Vec<&Value> = indexes[..i].iter().collect();
        let mut inner = Refusals::default();
        let ds = ds.unwrap_or(&empty);
        index::check(
            ds,
            model,
            fields,
            &siblings,
            false,
            ix,
            Op::Create,
            &mut inner,
        );
        out.extend_under(&format!("indexes[{i}]."), inner);
    }
}

fn enumeration(name: &str, body: &Value, out: &mut Refusals) {
    let Some(elements) = body.get("elements").filter(|e| !e.is_null()) else {
        return;
    };
    let Some(texts) = elements
        .as_array()
        .and_then(|es| es.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
    else {
        return out.refuse(
            "elements",
            format!("An enum's elements are texts, not {elements}"),
        );
    };
    for (i, e) in texts.iter().enumerate() {
        if texts[..i].contains(e) {
            return out.refuse(
                "elements",
                format!("element {e} is listed twice in enum {name}"),
            );
        }
    }
}
