//! Model JSON back to IDL, in the server's layout: `model Name {`, one line per field
//! (`  name? : Type @…,`), then the model's annotations, every line ending with a comma, `}`.
//! Field annotations come in the server's order: comment, unique, id, then the type's own
//! (length; precision, scale; default; relation), then additional properties.
//!
//! Differs from the server: quotes and backslashes in strings are escaped (the server writes
//! them as they are, which its parser then refuses), an EnumRef's default is printed (the
//! server drops it), and an index without a name has no `name:` (the server writes `null`).
//! Missing keys read as the server's defaults (nullable true, String length 255, Float
//! precision 20 and scale 2).

use serde_json::Value;

/// `model` as IDL; empty for a type that has no IDL (a native query).
pub(crate) fn print(model: &Value) -> String {
    match model.get("type").and_then(Value::as_str) {
        Some("entity") => entity(model),
        Some("enum") => enumeration(model),
        _ => String::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn bool_of(v: &Value, key: &str, default: bool) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(default)
}

fn list_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn entity(model: &Value) -> String {
    let mut out = format!("model {} {{\n", str_of(model, "name"));
    for f in list_of(model, "fields") {
        out.push_str("  ");
        out.push_str(&field(f));
        out.push_str(",\n");
    }
    if let Some(comment) = model.get("comment").and_then(Value::as_str) {
        out.push_str(&format!("  @comment({}),\n", quote(comment)));
    }
    for index in list_of(model, "indexes") {
        out.push_str("  ");
        out.push_str(&index_annotation(index));
        out.push_str(",\n");
    }
    out.push('}');
    out
}

fn field(f: &Value) -> String {
    let ty = str_of(f, "type");
    let mut out = String::from(str_of(f, "name"));
    if bool_of(f, "nullable", true) {
        out.push('?');
    }
    out.push_str(" : ");
    if ty == "Relation" || ty == "EnumRef" {
        out.push_str(str_of(f, "from"));
        if bool_of(f, "multiple", false) {
            out.push_str("[]");
        }
    } else {
        out.push_str(ty);
    }
    let mut ann: Vec<String> = Vec::new();
    if let Some(c) = f.get("comment").and_then(Value::as_str) {
        ann.push(format!("@comment({})", quote(c)));
    }
    if bool_of(f, "unique", false) {
        ann.push("@unique".into());
    }
    if bool_of(f, "identity", false) {
        ann.push("@id".into());
    }
    match ty {
        "String" => {
            let length = f.get("length").and_then(Value::as_i64).unwrap_or(255);
            if length > 0 {
                ann.push(format!("@length(\"{length}\")"));
            }
        }
        "Float" => {
            let precision = f.get("precision").and_then(Value::as_i64).unwrap_or(20);
            let scale = f.get("scale").and_then(Value::as_i64).unwrap_or(2);
            ann.push(format!("@precision(\"{precision}\")"));
            ann.push(format!("@scale(\"{scale}\")"));
        }
        _ => {}
    }
    if ty == "Relation" {
        ann.push(format!(
            "@relation(localField: {}, foreignField: {}, cascadeDelete: \"{}\")",
            quote(str_of(f, "localField")),
            quote(str_of(f, "foreignField")),
            bool_of(f, "cascadeDelete", false)
        ));
    } else if let Some(d) = f.get("defaultValue").filter(|d| d.is_object()) {
        ann.push(default_annotation(d));
    }
    if let Some(props) = f.get("additionalProperties").and_then(Value::as_object) {
        if !props.is_empty() {
            let args: Vec<String> = props
                .iter()
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect();
            ann.push(format!("@additional({})", args.join(", ")));
        }
    }
    for a in ann {
        out.push(' ');
        out.push_str(&a);
    }
    out
}

fn default_annotation(d: &Value) -> String {
    if str_of(d, "type") == "generated" {
        return format!("@default({}())", str_of(d, "name"));
    }
    let text = match d.get("value") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    format!("@default({})", quote(&text))
}

fn index_annotation(index: &Value) -> String {
    let mut args = Vec::new();
    if let Some(name) = index.get("name").and_then(Value::as_str) {
        args.push(format!("name: {}", quote(name)));
    }
    args.push(format!("unique: \"{}\"", bool_of(index, "unique", false)));
    let fields: Vec<String> = list_of(index, "fields")
        .iter()
        .map(|f| {
            let name = str_of(f, "fieldName");
            if str_of(f, "direction").eq_ignore_ascii_case("desc") {
                format!("{name}: (sort: \"desc\")")
            } else {
                name.to_string()
            }
        })
        .collect();
    args.push(format!("fields: [{}]", fields.join(", ")));
    format!("@index({})", args.join(", "))
}

fn enumeration(model: &Value) -> String {
    let mut out = format!("enum {} {{\n", str_of(model, "name"));
    for e in list_of(model, "elements") {
        out.push_str("  ");
        out.push_str(e.as_str().unwrap_or(""));
        out.push_str(",\n");
    }
    out.push('}');
    out
}

/// A scalar as the server writes an annotation argument: strings quoted, others bare; a nested
/// value as its JSON text, quoted.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => quote(&other.to_string()),
    }
}

/// `s` as a string literal; escapes only what the grammar needs escaped.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
