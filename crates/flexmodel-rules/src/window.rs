//! The window's question, as the `flexmodel_rules_check` command asks it: what would the
//! console refuse of this model, field or index form, member by member, before it is sent?

use std::collections::BTreeMap;

use serde_json::Value;

use crate::field::{field, Op};
use crate::index::index;
use crate::model::model;
use crate::{kind as model_kind, Datasource, Refusals};

/// Each member of `value` the console would refuse, with its words (empty when all is
/// well). `kind` is `model` (a new model), `field` or `index` (a new one in the entity
/// `model`), `field_update` or `index_update` (a change of the one `value` names).
pub fn check(
    kind: &str,
    ds: &Datasource,
    value: &Value,
    model_name: Option<&str>,
) -> BTreeMap<String, String> {
    refusals(kind, ds, value, model_name).by_field()
}

/// As [`check`], every refusal in the order the console meets them (the first is its answer).
pub fn refusals(kind: &str, ds: &Datasource, value: &Value, model_name: Option<&str>) -> Refusals {
    let mut out = Refusals::default();
    let op = match kind {
        "model" => return model(ds, value),
        "field" | "index" => Op::Create,
        "field_update" | "index_update" => Op::Update,
        other => {
            out.refuse("kind", format!("There is no rule for a {other}"));
            return out;
        }
    };
    let name = model_name.unwrap_or_default();
    let Some(entity) = ds.model(name) else {
        out.refuse("model", format!("Model not found: {name}"));
        return out;
    };
    if model_kind(entity) != "entity" {
        out.refuse("model", format!("Model {name} is not an entity"));
        return out;
    }
    match kind {
        "field" | "field_update" => field(ds, entity, value, op),
        _ => index(ds, entity, value, op),
    }
}
