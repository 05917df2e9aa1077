//! Property tests on generated schemas (enums, entities with every field type, defaults,
//! relations between the generated entities, indexes, comments with any characters):
//! print → parse gives the same JSON, and a text written in any of the accepted styles
//! (comments, commas or none, bare or quoted values) parses to it and is stable through
//! print → parse.

use flexmodel_idl::{parse, print_all};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[derive(Debug, Clone)]
struct FieldSpec {
    base: String,
    kind: u8,
    nullable: bool,
    unique: bool,
    identity: bool,
    comment: Option<String>,
    default: u8,
    text: String,
    int: i64,
    float: f64,
    size: (u16, u16),
    pick: (usize, usize, usize),
    flag: bool,
    additional: Option<(String, u8, String, i64)>,
}

#[derive(Debug, Clone)]
struct IndexSpec {
    name: Option<String>,
    unique: bool,
    fields: Vec<(usize, bool)>,
}

#[derive(Debug, Clone)]
struct EntitySpec {
    base: String,
    comment: Option<String>,
    fields: Vec<FieldSpec>,
    indexes: Vec<IndexSpec>,
}

fn ident(first: &'static str) -> impl Strategy<Value = String> {
    (first, "[a-zA-Z0-9_]{0,6}").prop_map(|(a, b)| format!("{a}{b}"))
}

fn field_spec() -> impl Strategy<Value = FieldSpec> {
    (
        (
            ident("[a-z]"),
            0u8..13,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            proptest::option::of(any::<String>()),
            0u8..4,
            any::<String>(),
        ),
        (
            any::<i64>(),
            any::<f64>().prop_filter("finite", |f| f.is_finite()),
        ),
        (
            (1u16..10000, 1u16..40),
            (0usize..50, 0usize..50, 0usize..50),
            any::<bool>(),
        ),
        proptest::option::of((ident("[a-z]"), 0u8..3, any::<String>(), any::<i64>())),
    )
        .prop_map(
            |(
                (base, kind, nullable, unique, identity),
                (comment, default, text),
                (int, float),
                (size, pick, flag),
                additional,
            )| FieldSpec {
                base,
                kind,
                nullable,
                unique,
                identity,
                comment,
                default,
                text,
                int,
                float,
                size,
                pick,
                flag,
                additional,
            },
        )
}

fn entity_spec() -> impl Strategy<Value = EntitySpec> {
    let index = (
        proptest::option::of(any::<String>()),
        any::<bool>(),
        proptest::collection::vec((0usize..50, any::<bool>()), 1..4),
    )
        .prop_map(|(name, unique, fields)| IndexSpec {
            name,
            unique,
            fields,
        });
    (
        ident("[A-Z]"),
        proptest::option::of(any::<String>()),
        proptest::collection::vec(field_spec(), 1..7),
        proptest::collection::vec(index, 0..3),
    )
        .prop_map(|(base, comment, fields, indexes)| EntitySpec {
            base,
            comment,
            fields,
            indexes,
        })
}

fn schema() -> impl Strategy<Value = Vec<Value>> {
    let enums = proptest::collection::vec(
        (
            ident("[A-Z]"),
            proptest::collection::vec(ident("[A-Z]"), 1..5),
        ),
        0..3,
    );
    (enums, proptest::collection::vec(entity_spec(), 1..4))
        .prop_map(|(enums, entities)| build(enums, entities))
}

/// The canonical JSON that `parse` gives, built from the specs with valid cross references.
fn build(enums: Vec<(String, Vec<String>)>, entities: Vec<EntitySpec>) -> Vec<Value> {
    let enums: Vec<(String, Vec<String>)> = enums
        .into_iter()
        .enumerate()
        .map(|(i, (base, els))| {
            let els = els
                .into_iter()
                .enumerate()
                .map(|(k, e)| format!("{e}_{k}"))
                .collect();
            (format!("{base}_e{i}"), els)
        })
        .collect();
    let names: Vec<String> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{}_m{i}", e.base))
        .collect();
    let field_names: Vec<Vec<String>> = entities
        .iter()
        .map(|e| {
            e.fields
                .iter()
                .enumerate()
                .map(|(j, f)| format!("{}_{j}", f.base))
                .collect()
        })
        .collect();
    let mut out: Vec<Value> = enums
        .iter()
        .map(|(name, els)| {
            json!({"type": "enum", "name": name, "comment": null, "elements": els,
                   "additionalProperties": {}})
        })
        .collect();
    for (i, e) in entities.iter().enumerate() {
        let own = &field_names[i];
        let fields: Vec<Value> = e
            .fields
            .iter()
            .enumerate()
            .map(|(j, f)| field(f, &own[j], &names[i], own, &enums, &names, &field_names))
            .collect();
        let indexes: Vec<Value> = e
            .indexes
            .iter()
            .map(|x| {
                let fields: Vec<Value> = x
                    .fields
                    .iter()
                    .map(|(k, desc)| {
                        json!({"fieldName": own[k % own.len()],
                               "direction": if *desc { "DESC" } else { "ASC" }})
                    })
                    .collect();
                json!({"modelName": names[i], "name": x.name, "unique": x.unique, "fields": fields})
            })
            .collect();
        out.push(
            json!({"type": "entity", "name": names[i], "comment": e.comment,
                        "fields": fields, "indexes": indexes, "additionalProperties": {}}),
        );
    }
    out
}

const DATES: [&str; 3] = ["2025-08-30", "1999-12-31", "2024-02-29"];
const TIMES: [&str; 3] = ["19:58:23", "00:00:00", "23:59:59.123"];

fn field(
    f: &FieldSpec,
    name: &str,
    model: &str,
    own: &[String],
    enums: &[(String, Vec<String>)],
    models: &[String],
    model_fields: &[Vec<String>],
) -> Value {
    const SCALARS: [&str; 9] = [
        "String", "Int", "Long", "Float", "Boolean", "DateTime", "Date", "Time", "JSON",
    ];
    let mut kind = f.kind as usize;
    if (9..11).contains(&kind) && enums.is_empty() {
        kind = 0;
    }
    let mut m = Map::new();
    let fixed = |v: Value| json!({"type": "fixed", "value": v});
    let generated = |n: &str| json!({"type": "generated", "name": n});
    let d = f.default % 3;
    let mut default = Value::Null;
    let ty = match kind {
        0..=8 => {
            let ty = SCALARS[kind];
            default = match (ty, d) {
                (_, 0) => Value::Null,
                ("String", 1) => generated(if f.flag { "uuid" } else { "ulid" }),
                ("String" | "JSON", _) => fixed(json!(f.text)),
                ("Int", 1) | ("Long", 1) => generated("autoIncrement"),
                ("Int", _) => fixed(json!(f.int as i32)),
                ("Long", _) => fixed(json!(f.int)),
                ("Float", _) => fixed(json!(f.float)),
                ("Boolean", _) => fixed(json!(f.flag)),
                ("DateTime" | "Date" | "Time", 1) => generated("now"),
                ("Date", _) => fixed(json!(DATES[f.pick.0 % 3])),
                ("Time", _) => fixed(json!(TIMES[f.pick.0 % 3])),
                ("DateTime", _) => fixed(json!(format!(
                    "{}T{}",
                    DATES[f.pick.0 % 3],
                    TIMES[f.pick.1 % 3]
                ))),
                _ => unreachable!(),
            };
            if ty == "String" {
                m.insert("length".into(), json!(f.size.0));
            }
            if ty == "Float" {
                m.insert("precision".into(), json!(f.size.0));
                m.insert("scale".into(), json!(f.size.1));
            }
            ty
        }
        9 | 10 => {
            let (name, els) = &enums[f.pick.0 % enums.len()];
            m.insert("from".into(), json!(name));
            m.insert("multiple".into(), json!(kind == 10));
            if d != 0 {
                default = fixed(json!(els[f.pick.1 % els.len()]));
            }
            "EnumRef"
        }
        _ => {
            let t = f.pick.0 % models.len();
            let target = &model_fields[t];
            m.insert("from".into(), json!(models[t]));
            m.insert("multiple".into(), json!(kind == 12));
            m.insert("localField".into(), json!(own[f.pick.1 % own.len()]));
            m.insert(
                "foreignField".into(),
                json!(target[f.pick.2 % target.len()]),
            );
            m.insert("cascadeDelete".into(), json!(f.flag));
            "Relation"
        }
    };
    let mut additional = Map::new();
    if let Some((key, which, s, n)) = &f.additional {
        let v = match which {
            0 => json!(s),
            1 => json!(n),
            _ => json!(f.flag),
        };
        additional.insert(key.clone(), v);
    }
    m.insert("name".into(), json!(name));
    m.insert("type".into(), json!(ty));
    m.insert("modelName".into(), json!(model));
    m.insert("comment".into(), json!(f.comment));
    m.insert("unique".into(), json!(f.unique));
    m.insert("nullable".into(), json!(f.nullable));
    m.insert("identity".into(), json!(f.identity));
    m.insert("defaultValue".into(), default);
    m.insert("additionalProperties".into(), Value::Object(additional));
    Value::Object(m)
}

#[path = "props/messy.rs"]
mod messy;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn printed_models_parse_back_to_the_same_json(models in schema()) {
        let text = print_all(&models);
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parsed, models);
    }

    #[test]
    fn any_accepted_style_parses_to_the_same_json_and_is_stable(
        models in schema(),
        style in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let text = messy::write(&models, &style);
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&parsed, &models, "{}", text);
        let again = parse(&print_all(&parsed)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, parsed);
    }
}
