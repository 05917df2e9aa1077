//! The server's directives in introspection answers. A dynamic schema cannot declare
//! directives of its own, so `__schema { directives { … } }` would list only the standard ones
//! and an editor would mark `@internal`, `@export` and `@transform` as unknown; the sandbox
//! adds them to the answer, each shaped like the entries the query selected (the keys of the
//! first directive listed), with the engine's descriptions, locations and arguments.

use serde_json::{json, Value};

/// The server's directives as introspection shows a directive, with every key.
fn declared() -> [Value; 3] {
    let string = json!({"kind": "SCALAR", "name": "String", "ofType": null});
    let arg = |name: &str, ty: Value| {
        json!({"name": name, "description": null, "type": ty, "defaultValue": null,
               "isDeprecated": false, "deprecationReason": null})
    };
    let directive = |name: &str, description: &str, location: &str, args: Vec<Value>| {
        json!({"name": name, "description": description, "locations": [location],
               "args": args, "isRepeatable": false})
    };
    [
        directive(
            "internal",
            "Applied to variables to declare variables, used together with _join and export",
            "VARIABLE_DEFINITION",
            vec![],
        ),
        directive(
            "export",
            "Applied to scalar selections to assign fields to variables declared with @internal",
            "FIELD",
            vec![arg("as", string.clone())],
        ),
        directive(
            "transform",
            "Applied to selections of object/array types to flatten them",
            "FIELD",
            vec![arg(
                "get",
                json!({"kind": "NON_NULL", "name": null, "ofType": string}),
            )],
        ),
    ]
}

/// `full` with only the keys `template` has (recursively; a list's items like the template's
/// first item; anything else as it is).
fn shaped(full: &Value, template: &Value) -> Value {
    match (full, template) {
        (Value::Object(f), Value::Object(t)) => Value::Object(
            t.iter()
                .map(|(k, tv)| {
                    let v = f.get(k).map(|fv| shaped(fv, tv)).unwrap_or(Value::Null);
                    (k.clone(), v)
                })
                .collect(),
        ),
        (Value::Array(items), Value::Array(t)) => match t.first() {
            Some(first) => Value::Array(items.iter().map(|i| shaped(i, first)).collect()),
            None => full.clone(),
        },
        _ => full.clone(),
    }
}

/// Adds the server's directives to the `directives` of each `__schema` answer (by response
/// key) that lists some and lacks them.
pub(crate) fn add_directives(data: &mut Value, schema_keys: &[String]) {
    for key in schema_keys {
        let Some(list) = data
            .get_mut(key)
            .and_then(|s| s.get_mut("directives"))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        let Some(template) = list.first().cloned() else {
            continue;
        };
        for d in declared() {
            if !list.iter().any(|x| x.get("name") == d.get("name")) {
                list.push(shaped(&d, &template));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_directives_take_the_shape_the_query_selected() {
        let mut data = json!({"s": {"directives": [
            {"name": "skip", "locations": ["FIELD"],
             "args": [{"name": "if", "type": {"kind": "NON_NULL", "ofType": {"kind": "SCALAR", "name": "Boolean"}}}]}
        ]}});
        add_directives(&mut data, &["s".into()]);
        let list = data["s"]["directives"].as_array().unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(
            list[3],
            json!({"name": "transform", "locations": ["FIELD"],
                   "args": [{"name": "get", "type": {"kind": "NON_NULL", "ofType": {"kind": "SCALAR", "name": "String"}}}]})
        );
        assert_eq!(list[1]["args"], json!([]));
        assert_eq!(
            list[2]["args"][0]["type"],
            json!({"kind": "SCALAR", "ofType": null})
        );
        // Twice changes nothing.
        add_directives(&mut data, &["s".into()]);
        assert_eq!(data["s"]["directives"].as_array().unwrap().len(), 4);
    }
}
