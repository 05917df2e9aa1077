//! The request's document before the engine runs it: the server's own directives, which a
//! dynamic schema cannot declare, are taken out here and applied by the sandbox, and variables
//! are coerced as the server's input interceptor does.
//!
//! - `@internal` on a variable definition only hides the variable from generated API
//!   documents; it changes nothing in execution, here as on the server: it is accepted.
//! - `@transform(get: "path")` on a field of the operation's top level replaces that field's
//!   value in the answer by the value at `path` inside it (`.`-separated keys, list indexes), as
//!   the server's instrumentation does; a path that leads nowhere leaves the value as it was
//!   (the server logs and goes on). On a nested field the server writes the result under a
//!   dotted top-level key (a bug): the sandbox refuses it.
//! - `@export(as:)`, which feeds a field's value into the variables of later fields (with
//!   `_join`), is refused: the engine here coerces variables before execution.
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
        let found = top_level(&mut op.selection_set.node)?;
        if is_selected {
            kind = Some(op.ty);
            transforms = found;
        }
    }
    for fragment in doc.fragments.values_mut() {
        refuse(&fragment.node.directives)?;
        nested(&mut fragment.node.selection_set.node)?;
    }
    Ok(Prepared {
        doc,
        kind,
        transforms,
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
            "export" => {
                return Err(refusal(
                    d,
                    "its values cannot feed the variables of later fields here",
                ))
            }
            "transform" => return Err(refusal(d, "only on a field of the operation's top level")),
            "internal" => return Err(refusal(d, "only on a variable definition")),
            _ => {}
        }
    }
    Ok(())
}

/// Takes the `@transform`s off the top-level fields; answers (response key, path).
fn top_level(set: &mut SelectionSet) -> Result<Vec<(String, String)>, Refusal> {
    let mut found = Vec::new();
    for sel in &mut set.items {
        match &mut sel.node {
            Selection::Field(f) => {
                let f = &mut f.node;
                let mut kept = Vec::new();
                for d in std::mem::take(&mut f.directives) {
                    if d.node.name.node == "transform" {
                        let path = match d
                            .node
                            .get_argument("get")
                            .and_then(|v| v.node.clone().into_const())
                        {
                            Some(async_graphql::Value::String(s)) => s.clone(),
                            _ => {
                                return Err((
                                    "@transform needs the argument get: String!".into(),
                                    Some(d.pos),
                                    "ValidationError",
                                ))
                            }
                        };
                        let key = f.alias.as_ref().unwrap_or(&f.name).node.to_string();
                        found.push((key, path));
                    } else {
                        kept.push(d);
                    }
                }
                f.directives = kept;
                refuse(&f.directives)?;
                nested(&mut f.selection_set.node)?;
            }
            Selection::FragmentSpread(s) => refuse(&s.node.directives)?,
            Selection::InlineFragment(i) => {
                refuse(&i.node.directives)?;
                nested(&mut i.node.selection_set.node)?;
            }
        }
    }
    Ok(found)
}

fn nested(set: &mut SelectionSet) -> Result<(), Refusal> {
    for sel in &mut set.items {
        match &mut sel.node {
            Selection::Field(f) => {
                refuse(&f.node.directives)?;
                nested(&mut f.node.selection_set.node)?;
            }
            Selection::FragmentSpread(s) => refuse(&s.node.directives)?,
            Selection::InlineFragment(i) => {
                refuse(&i.node.directives)?;
                nested(&mut i.node.selection_set.node)?;
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
