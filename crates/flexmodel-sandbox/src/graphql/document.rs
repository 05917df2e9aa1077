//! The request's document before the engine runs it: the server's own directives, which a
//! dynamic schema cannot declare, are taken out here and applied by the sandbox, and variables
//! are coerced as the server's input interceptor does.
//!
//! - `@internal` on a variable definition only hides the variable from generated API
//!   documents; it changes nothing in execution, here as on the server: it is accepted.
//! - `@transform(get: "path")` on a field of the operation's top level replaces that field's
//!   value in the answer by the value at `path` inside it (`.`-separated keys, list indexes), as
//!   the server's instrumentation does; a path that leads nowhere gives null, and a word
//!   where a list index is needed leaves the value as it was (the server logs the exception
//!   and goes on). On a nested field the server writes the result under a dotted top-level
//!   key (a bug): the sandbox refuses it.
//! - `@export(as: "v")` on a field of the operation: once that field is resolved, its value
//!   is the variable `$v` for the root fields resolved after it (a later top-level field, or
//!   one under `_join` / `_join_mutation`), as the server's instrumentation puts it among
//!   the variables; `$v` must still be declared (`$v: Int @internal`) for validation. In a
//!   list, the last item's value is the one kept, as on the server. In a fragment definition
//!   (whose paths depend on where it is spread) it is refused.
//! - Variables declared `Int`, `Float` or `Long` that arrive as numeric text become numbers
//!   (the server's `InputInterceptor` turns such text into a double), so that the API runtime
//!   can pass path and query parameters as they come.

use async_graphql::parser::types::{
    BaseType, Directive, DocumentOperations, ExecutableDocument, OperationDefinition,
    OperationType, Selection, SelectionSet,
};
use async_graphql::{Pos, Positioned};
use serde_json::Value;

/// A document ready to run.
pub(crate) struct Prepared {
    pub doc: ExecutableDocument,
    /// The kind of the operation that will run, when the document says which one.
    pub kind: Option<OperationType>,
    /// (response key, path) of each `@transform` to apply to the answer.
    pub transforms: Vec<(String, String)>,
    /// (response path without list indexes, variable name) of each `@export`.
    pub exports: Vec<(String, String)>,
    /// The response keys of the top-level `__schema` fields.
    pub schema_keys: Vec<String>,
}

/// An error found before execution: (message, position, `errorType`).
pub(crate) type Refusal = (String, Option<Pos>, &'static str);

pub(crate) fn prepare(
    query: &str,
    operation: Option<&str>,
    variables: &mut Value,
) -> Result<Prepared, Refusal> {
    let mut doc = async_graphql::parser::parse_query(query).map_err(|e| {
        let pos = e.positions().next();
        (e.to_string(), pos, "InvalidSyntax")
    })?;
    let selected = match (&doc.operations, operation) {
        (DocumentOperations::Single(_), _) => Some(None),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .keys()
            .find(|k| k.as_str() == name)
            .map(|k| Some(k.to_string())),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.keys().next().map(|k| Some(k.to_string()))
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    let mut kind = None;
    let mut transforms = Vec::new();
    let mut exports = Vec::new();
    let mut schema_keys = Vec::new();
    let mut ops: Vec<(Option<String>, &mut Positioned<OperationDefinition>)> =
        match &mut doc.operations {
            DocumentOperations::Single(op) => vec![(None, op)],
            DocumentOperations::Multiple(ops) => ops
                .iter_mut()
                .map(|(k, op)| (Some(k.to_string()), op))
                .collect(),
        };
    for (name, op) in ops.iter_mut() {
        let is_selected = selected.as_ref() == Some(&*name);
        let op = &mut op.node;
        for var in &mut op.variable_definitions {
            var.node
                .directives
                .retain(|d| d.node.name.node != "internal");
            if is_selected {
                if let BaseType::Named(ty) = &var.node.var_type.node.base {
                    if matches!(ty.as_str(), "Int" | "Float" | "Long") {
                        coerce_number(variables, var.node.name.node.as_str());
                    }
                }
            }
        }
        refuse(&op.directives)?;
        let mut found = Found::default();
        walk(&mut op.selection_set.node, "", &mut found)?;
        if is_selected {
            kind = Some(op.ty);
            transforms = found.transforms;
            exports = found.exports;
            schema_keys = found.schema_keys;
        }
    }
    for fragment in doc.fragments.values() {
        refuse(&fragment.node.directives)?;
        in_fragment(&fragment.node.selection_set.node)?;
    }
    Ok(Prepared {
        doc,
        kind,
        transforms,
        exports,
        schema_keys,
    })
}

/// Numeric text for a number variable becomes the number.
fn coerce_number(variables: &mut Value, name: &str) {
    if let Some(v) = variables.get_mut(name) {
        if let Value::String(s) = v {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                *v = Value::from(i);
            } else if let Some(n) = t.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                *v = Value::Number(n);
            }
        }
    }
}

fn refusal(d: &Positioned<Directive>, why: &str) -> Refusal {
    (
        format!(
            "the sandbox does not support the directive @{}: {why}",
            d.node.name.node
        ),
        Some(d.pos),
        "ValidationError",
    )
}

/// The server's directives in a place where the sandbox cannot apply them.
fn refuse(directives: &[Positioned<Directive>]) -> Result<(), Refusal> {
    for d in directives {
        match d.node.name.node.as_str() {
            "export" => return Err(refusal(d, "only on a field of an operation")),
            "transform" => return Err(refusal(d, "only on a field of the operation's top level")),
            "internal" => return Err(refusal(d, "only on a variable definition")),
            _ => {}
        }
    }
    Ok(())
}

/// The text argument `name` of a directive.
fn text_arg(d: &Positioned<Directive>, name: &str) -> Result<String, Refusal> {
    match d
        .node
        .get_argument(name)
        .and_then(|v| v.node.clone().into_const())
    {
        Some(async_graphql::Value::String(s)) => Ok(s),
        _ => Err((
            format!("@{} needs the argument {name}: String", d.node.name.node),
            Some(d.pos),
            "ValidationError",
        )),
    }
}

/// What the walk takes off the fields.
#[derive(Default)]
struct Found {
    transforms: Vec<(String, String)>,
    exports: Vec<(String, String)>,
    schema_keys: Vec<String>,
}

/// Takes `@transform` (top-level fields only) and `@export` off the fields of `set`, whose
/// fields' response paths start with `prefix`.
fn walk(set: &mut SelectionSet, prefix: &str, found: &mut Found) -> Result<(), Refusal> {
    for sel in &mut set.items {
        match &mut sel.node {
            Selection::Field(f) => {
                let f = &mut f.node;
                let key = f.alias.as_ref().unwrap_or(&f.name).node.to_string();
                let path = match prefix {
                    "" => key.clone(),
                    _ => format!("{prefix}.{key}"),
                };
                if prefix.is_empty() && f.name.node == "__schema" {
                    found.schema_keys.push(key.clone());
                }
                let mut kept = Vec::new();
                for d in std::mem::take(&mut f.directives) {
                    match d.node.name.node.as_str() {
                        "transform" if prefix.is_empty() => {
                            found.transforms.push((key.clone(), text_arg(&d, "get")?));
                        }
                        "export" => found.exports.push((path.clone(), text_arg(&d, "as")?)),
                        _ => kept.push(d),
                    }
                }
                f.directives = kept;
                refuse(&f.directives)?;
                walk(&mut f.selection_set.node, &path, found)?;
            }
            Selection::FragmentSpread(s) => refuse(&s.node.directives)?,
            Selection::InlineFragment(i) => {
                refuse(&i.node.directives)?;
                walk(&mut i.node.selection_set.node, prefix, found)?;
            }
        }
    }
    Ok(())
}

/// Refuses the server's directives in a fragment definition (its fields' paths depend on
/// where it is spread).
fn in_fragment(set: &SelectionSet) -> Result<(), Refusal> {
    for sel in &set.items {
        match &sel.node {
            Selection::Field(f) => {
                refuse(&f.node.directives)?;
                in_fragment(&f.node.selection_set.node)?;
            }
            Selection::FragmentSpread(s) => refuse(&s.node.directives)?,
            Selection::InlineFragment(i) => {
                refuse(&i.node.directives)?;
                in_fragment(&i.node.selection_set.node)?;
            }
        }
    }
    Ok(())
}

/// Applies the `@transform`s to the answer's data, as the server does after execution: the
/// value the path finds (null when it finds nothing); a key that is not a number where a list
/// is met throws there, and leaves the value as it was.
pub(crate) fn transform(data: &mut Value, transforms: &[(String, String)]) {
    let Some(map) = data.as_object_mut() else {
        return;
    };
    for (key, path) in transforms {
        let Some(origin) = map.get(key) else {
            continue;
        };
        if let Ok(new) = evaluate(origin, path) {
            map.insert(key.clone(), new);
        }
    }
}

fn evaluate(origin: &Value, path: &str) -> Result<Value, ()> {
    let mut at = origin;
    for part in path.split('.') {
        at = match at {
            Value::Array(list) => {
                let i: usize = part.parse().map_err(|_| ())?;
                match list.get(i) {
                    Some(v) => v,
                    None => return Ok(Value::Null),
                }
            }
            Value::Object(o) => match o.get(part) {
                Some(v) => v,
                None => return Ok(Value::Null),
            },
            _ => return Ok(Value::Null),
        };
    }
    Ok(at.clone())
}
