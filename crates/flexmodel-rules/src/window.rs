//! The window's question, as the `flexmodel_rules_check` command asks it: what would the
//! console refuse of this model, field or index form, member by member, before it is sent?

use std::collections::BTreeMap;

use serde_json::Value;

use crate::field::{field, Op};
use crate::index::index;
use crate::model::model;
use crate::{kind as model_kind, Datasource};

/// Each member of `value` the console would refuse, with its words (empty when all is
/// well). `kind` is `model` (a new model), `field` or `index` (a new one in the entity
/// `model`), `field_update` or `index_update` (a change of the one `value` names).
pub fn check(
    kind: &str,
    ds: &Datasource,
    value: &Value,
    model_name: Option<&str>,
) -> BTreeMap<String, String> {
    let op = match kind {
        "model" => return model(ds, value).by_field(),
        "field" | "index" => Op::Create,
        "field_update" | "index_update" => Op::Update,
        other => return refused("kind", format!("There is no rule for a {other}")),
    };
    let name = model_name.unwrap_or_default();
    let Some(entity) = ds.model(name) else {
        return refused("model", format!("Model not found: {name}"));
    };
    if model_kind(entity) != "entity" {
        return refused("model", format!("Model {name} is not an entity"));
    }
    match kind {
        "field" | "field_update" => field(ds, entity, value, op).by_field(),
        _ => index(ds, entity, value, op).by_field(),
    }
}

fn refused(field: &str, message: String) -> BTreeMap<String, String> {
    BTreeMap::from([(field.to_owned(), message)])
}
