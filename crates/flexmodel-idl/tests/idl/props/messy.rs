//! Writes model JSON as IDL in the styles the parser accepts besides the server's own: comments
//! anywhere, commas left out where they may be, bare or quoted values, annotations in any
//! order, default lengths and sizes left out, model annotations before the fields. The choices
//! come from a list of bytes that proptest generates (and shrinks).

use serde_json::Value;

struct Style<'a> {
    bits: &'a [u8],
    at: usize,
}

impl Style<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.bits[self.at % self.bits.len()] as usize;
        self.at += 1;
        (b + self.at / self.bits.len()) % n
    }

    fn coin(&mut self) -> bool {
        self.pick(2) == 0
    }

    fn gap(&mut self) -> &'static str {
        [
            " ",
            "\n  ",
            "\t",
            " /* a note */ ",
            " // a note\n",
            "  \r\n",
            "",
        ][self.pick(7)]
    }

    /// A gap that keeps two words apart.
    fn space(&mut self) -> &'static str {
        match self.gap() {
            "" => " ",
            g => g,
        }
    }

    fn quote(&mut self, s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if self.coin() => out.push_str("\\/"),
                '\n' | '\t' if self.coin() => out.push(c),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    out.push_str(&format!("\\u{:04X}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// `text` bare when the grammar takes it bare (`is_bare`) and the style says so.
    fn maybe_bare(&mut self, text: &str, is_bare: bool) -> String {
        if is_bare && self.coin() {
            text.to_string()
        } else {
            self.quote(text)
        }
    }

    fn bool(&mut self, b: bool) -> String {
        self.maybe_bare(&b.to_string(), true)
    }
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let ok = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    ok(whole) && parts.next().is_none_or(ok)
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(s, "true" | "false")
}

pub fn write(models: &[Value], bits: &[u8]) -> String {
    let mut st = Style { bits, at: 0 };
    let mut out = String::new();
    for m in models {
        out.push_str(st.gap());
        if m["type"] == "enum" {
            enumeration(&mut st, m, &mut out);
        } else {
            entity(&mut st, m, &mut out);
        }
        out.push_str(st.gap());
        out.push('\n');
    }
    out
}

fn enumeration(st: &mut Style, m: &Value, out: &mut String) {
    out.push_str(&format!(
        "enum{}{}{}{{",
        st.space(),
        m["name"].as_str().unwrap(),
        st.gap()
    ));
    let els = m["elements"].as_array().unwrap();
    for (i, e) in els.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(st.gap());
        out.push_str(e.as_str().unwrap());
    }
    if st.coin() {
        out.push(',');
    }
    out.push_str(st.gap());
    out.push('}');
}

/// A member of a model body, and whether it is a field (a model annotation after a field needs
/// a comma before it).
fn entity(st: &mut Style, m: &Value, out: &mut String) {
    let mut fields: Vec<String> = m["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| field(st, f))
        .collect();
    let mut notes = Vec::new();
    if let Some(c) = m["comment"].as_str() {
        let q = st.quote(c);
        notes.push(if st.coin() {
            format!("@comment({q})")
        } else {
            format!("@comment(value: {q})")
        });
    }
    for x in m["indexes"].as_array().unwrap() {
        notes.push(index(st, x));
    }
    let mut members: Vec<(bool, String)> = Vec::new();
    if st.pick(4) == 0 {
        members.extend(notes.drain(..).map(|n| (false, n)));
    }
    members.extend(fields.drain(..).map(|f| (true, f)));
    members.extend(notes.drain(..).map(|n| (false, n)));

    out.push_str(&format!(
        "model{}{}{}{{",
        st.space(),
        m["name"].as_str().unwrap(),
        st.gap()
    ));
    let mut previous_field = false;
    for (i, (is_field, text)) in members.iter().enumerate() {
        if i > 0 && ((previous_field && !is_field) || st.coin()) {
            out.push(',');
        }
        out.push_str(st.space());
        out.push_str(text);
        previous_field = *is_field;
    }
    if st.coin() {
        out.push(',');
    }
    out.push_str(st.gap());
    out.push('}');
}

fn field(st: &mut Style, f: &Value) -> String {
    let ty = f["type"].as_str().unwrap();
    let mut out = f["name"].as_str().unwrap().to_string();
    if f["nullable"] == true {
        out.push_str(st.gap());
        out.push('?');
    }
    out.push_str(st.gap());
    out.push(':');
    out.push_str(st.gap());
    if ty == "EnumRef" || ty == "Relation" {
        out.push_str(f["from"].as_str().unwrap());
        if f["multiple"] == true {
            out.push_str(if st.coin() { "[]" } else { " [ ]" });
        }
    } else {
        out.push_str(ty);
    }
    let mut notes = Vec::new();
    if let Some(c) = f["comment"].as_str() {
        notes.push(format!("@comment({})", st.quote(c)));
    }
    if f["unique"] == true {
        notes.push(if st.coin() { "@unique" } else { "@unique()" }.to_string());
    }
    if f["identity"] == true {
        notes.push("@id".to_string());
    }
    for (key, default) in [("length", 255), ("precision", 20), ("scale", 2)] {
        if let Some(n) = f.get(key).and_then(Value::as_i64) {
            if n != default || st.coin() {
                notes.push(format!("@{key}({})", st.maybe_bare(&n.to_string(), true)));
            }
        }
    }
    if ty == "Relation" {
        let mut args = vec![
            format!(
                "localField: {}",
                st.quote(f["localField"].as_str().unwrap())
            ),
            format!(
                "foreignField: {}",
                st.quote(f["foreignField"].as_str().unwrap())
            ),
        ];
        if f["cascadeDelete"] == true || st.coin() {
            args.push(format!(
                "cascadeDelete: {}",
                st.bool(f["cascadeDelete"] == true)
            ));
        }
        let turn = st.pick(args.len());
        args.rotate_left(turn);
        notes.push(format!("@relation({})", args.join(",")));
    }
    let d = &f["defaultValue"];
    if d["type"] == "generated" {
        let call = if st.coin() { "()" } else { " ( )" };
        notes.push(format!("@default({}{call})", d["name"].as_str().unwrap()));
    } else if d["type"] == "fixed" {
        let text = match &d["value"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let bare = match ty {
            "EnumRef" => is_ident(&text),
            "Boolean" => true,
            "Int" | "Long" | "Float" => is_number(&text),
            _ => false,
        };
        notes.push(format!("@default({})", st.maybe_bare(&text, bare)));
    }
    if let Some(props) = f["additionalProperties"].as_object() {
        if !props.is_empty() {
            let args: Vec<String> = props
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}: {}", st.quote(s)),
                    other => format!("{k}: {other}"),
                })
                .collect();
            notes.push(format!("@additional({})", args.join(", ")));
        }
    }
    if !notes.is_empty() {
        let turn = st.pick(notes.len());
        notes.rotate_left(turn);
    }
    for n in notes {
        out.push_str(st.space());
        out.push_str(&n);
    }
    out
}

fn index(st: &mut Style, x: &Value) -> String {
    let mut args = Vec::new();
    if let Some(name) = x["name"].as_str() {
        args.push(format!("name: {}", st.quote(name)));
    }
    if x["unique"] == true || st.coin() {
        args.push(format!("unique: {}", st.bool(x["unique"] == true)));
    }
    let fields: Vec<String> = x["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = f["fieldName"].as_str().unwrap();
            match (f["direction"] == "DESC", st.pick(3)) {
                (true, 0) => format!("{name}: (sort: \"desc\")"),
                (true, 1) => format!("{name} (sort: DESC)"),
                (true, _) => format!("{name}:(sort:desc,)"),
                (false, 0) => name.to_string(),
                (false, 1) => format!("{name}: (sort: \"asc\")"),
                (false, _) => format!("{name}{}", st.gap()),
            }
        })
        .collect();
    let trailing = if st.coin() { "," } else { "" };
    args.push(format!("fields: [{}{trailing}]", fields.join(", ")));
    let turn = st.pick(args.len());
    args.rotate_left(turn);
    format!("@index({})", args.join(", "))
}
