//! Parsing: the server's example to its JSON, the forms the server's parser also takes, every
//! field type and default kind, and name resolution.

use flexmodel_idl::{parse, parse_with, Known};
use serde_json::{json, Value};

/// The IDL the server prints, from flexmodel-server.md.
pub const SERVER_EXAMPLE: &str = r#"model Classes {
  id : Long @id @default(autoIncrement()),
  classCode? : String @length("255"),
  students? : Student[] @relation(localField: "id", foreignField: "classId", cascadeDelete: "true"),
  @comment("班级"),
  @index(name: "IDX_CLASS_CODE", unique: "false", fields: [classCode]),
}
enum UserGender {
  UNKNOWN,
  MALE,
  FEMALE,
}"#;

fn field<'a>(model: &'a Value, name: &str) -> &'a Value {
    model["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {model}"))
}

#[test]
fn the_servers_example_parses_to_the_servers_json() {
    let known = Known::from_models([&json!({
        "type": "entity", "name": "Student",
        "fields": [{"name": "id", "type": "Long"}, {"name": "classId", "type": "Long"}]
    })]);
    let models = parse_with(SERVER_EXAMPLE, &known).unwrap();
    assert_eq!(
        models,
        vec![
            json!({
                "type": "entity",
                "name": "Classes",
                "comment": "班级",
                "additionalProperties": {},
                "fields": [
                    {"name": "id", "type": "Long", "modelName": "Classes", "comment": null,
                     "unique": false, "nullable": false, "identity": true,
                     "defaultValue": {"type": "generated", "name": "autoIncrement"},
                     "additionalProperties": {}},
                    {"name": "classCode", "type": "String", "modelName": "Classes",
                     "comment": null, "unique": false, "nullable": true, "identity": false,
                     "defaultValue": null, "length": 255, "additionalProperties": {}},
                    {"name": "students", "type": "Relation", "modelName": "Classes",
                     "comment": null, "unique": false, "nullable": true, "identity": false,
                     "defaultValue": null, "additionalProperties": {},
                     "from": "Student", "multiple": true, "localField": "id",
                     "foreignField": "classId", "cascadeDelete": true},
                ],
                "indexes": [
                    {"modelName": "Classes", "name": "IDX_CLASS_CODE", "unique": false,
                     "fields": [{"fieldName": "classCode", "direction": "ASC"}]}
                ],
            }),
            json!({
                "type": "enum",
                "name": "UserGender",
                "comment": null,
                "elements": ["UNKNOWN", "MALE", "FEMALE"],
                "additionalProperties": {},
            }),
        ]
    );
}

#[test]
fn comments_and_missing_trailing_commas_change_nothing() {
    let plain = parse(
        "model A {\n  id : Long @id,\n  name? : String,\n  @comment(\"a\"),\n}\nenum E {\n  X,\n  Y,\n}",
    )
    .unwrap();
    let messy = parse(
        "// the first model\nmodel A { /* its key */ id : Long @id // no comma\n name? : \
         String /* a comma before a model annotation */, @comment(\"a\") }\n/* an enum\n over lines */ enum E { X, Y }",
    )
    .unwrap();
    assert_eq!(messy, plain);
    assert_eq!(plain[0]["comment"], "a");
    assert_eq!(plain[1]["elements"], json!(["X", "Y"]));

    // Without that comma the annotation belongs to the field before it, as on the server.
    let glued = parse("model A { id : Long @id name? : String @comment(\"a\") }").unwrap();
    assert_eq!(glued[0]["comment"], Value::Null);
    assert_eq!(field(&glued[0], "name")["comment"], "a");
}

#[test]
fn bare_booleans_and_numbers_read_as_quoted_ones() {
    let quoted = parse(
        "model B { id : Long, a : String @length(\"40\"), \
         b : B @relation(localField: \"id\", foreignField: \"id\", cascadeDelete: \"true\"), \
         @index(name: \"I\", unique: \"true\", fields: [a]) }",
    )
    .unwrap();
    let bare = parse(
        "model B { id : Long, a : String @length(40), \
         b : B @relation(localField: \"id\", foreignField: \"id\", cascadeDelete: true), \
         @index(name: \"I\", unique: true, fields: [a]) }",
    )
    .unwrap();
    assert_eq!(bare, quoted);
    assert_eq!(field(&bare[0], "a")["length"], 40);
    assert_eq!(field(&bare[0], "b")["cascadeDelete"], true);
    assert_eq!(bare[0]["indexes"][0]["unique"], true);
}

#[test]
fn index_fields_take_a_sort_direction() {
    let m = parse(
        "model S { classId : Long, name : String, age : Int,\n  \
         @index(name: \"IDX\", unique: \"false\", fields: [classId, name: (sort: \"desc\"), age: (sort: \"asc\")]),\n  \
         @index(fields: [age]) }",
    )
    .unwrap();
    assert_eq!(
        m[0]["indexes"],
        json!([
            {"modelName": "S", "name": "IDX", "unique": false, "fields": [
                {"fieldName": "classId", "direction": "ASC"},
                {"fieldName": "name", "direction": "DESC"},
                {"fieldName": "age", "direction": "ASC"},
            ]},
            {"modelName": "S", "name": null, "unique": false, "fields": [
                {"fieldName": "age", "direction": "ASC"},
            ]},
        ])
    );
}

#[test]
fn every_field_type_maps_to_its_json_type() {
    let m = parse(
        "model T {\n  s : String, i : Int, l : Long, f : Float @precision(10) @scale(\"4\"),\n  \
         b : Boolean, dt : DateTime, d : Date, t : Time, j : JSON,\n  \
         g : Gender, gs : Gender[], other : T @relation(localField: \"l\", foreignField: \"i\"),\n  \
         many : T[] @relation(localField: \"i\", foreignField: \"l\", cascadeDelete: false),\n}\n\
         enum Gender { M, F }",
    )
    .unwrap();
    let t = &m[0];
    for (name, ty) in [
        ("s", "String"),
        ("i", "Int"),
        ("l", "Long"),
        ("f", "Float"),
        ("b", "Boolean"),
        ("dt", "DateTime"),
        ("d", "Date"),
        ("t", "Time"),
        ("j", "JSON"),
        ("g", "EnumRef"),
        ("gs", "EnumRef"),
        ("other", "Relation"),
        ("many", "Relation"),
    ] {
        assert_eq!(field(t, name)["type"], ty, "field {name}");
        assert_eq!(field(t, name)["nullable"], false, "field {name}");
    }
    assert_eq!(field(t, "s")["length"], 255);
    assert_eq!(field(t, "f")["precision"], 10);
    assert_eq!(field(t, "f")["scale"], 4);
    assert_eq!(field(t, "g")["from"], "Gender");
    assert_eq!(field(t, "g")["multiple"], false);
    assert_eq!(field(t, "gs")["multiple"], true);
    assert_eq!(field(t, "other")["from"], "T");
    assert_eq!(field(t, "other")["multiple"], false);
    assert_eq!(field(t, "other")["cascadeDelete"], false);
    assert_eq!(field(t, "many")["multiple"], true);
    assert_eq!(field(t, "many")["localField"], "i");
    assert_eq!(field(t, "many")["foreignField"], "l");
    assert!(field(t, "i").get("length").is_none());
    assert!(field(t, "i").get("from").is_none());
}

#[test]
fn every_default_kind_is_read_as_the_fields_type() {
    let m = parse(
        "model D {\n  a : String @default(uuid()), b : String @default(ulid()),\n  \
         c : Long @default(autoIncrement()), d : DateTime @default(now()),\n  \
         e : Int @default(\"42\"), f : Float @default(1.5), g : Boolean @default(\"true\"),\n  \
         h : Boolean @default(false), i : String @default(\"A班级\"), j : Long @default(-7),\n  \
         k : Date @default(\"2025-08-30\"), l : DateTime @default(\"2025-08-30T19:58:23\"),\n  \
         m : Time @default(\"10:15:30\"), n : JSON @default(\"{}\"), o : Level @default(HIGH),\n}\n\
         enum Level { LOW, HIGH }",
    )
    .unwrap();
    let expect = [
        ("a", json!({"type": "generated", "name": "uuid"})),
        ("b", json!({"type": "generated", "name": "ulid"})),
        ("c", json!({"type": "generated", "name": "autoIncrement"})),
        ("d", json!({"type": "generated", "name": "now"})),
        ("e", json!({"type": "fixed", "value": 42})),
        ("f", json!({"type": "fixed", "value": 1.5})),
        ("g", json!({"type": "fixed", "value": true})),
        ("h", json!({"type": "fixed", "value": false})),
        ("i", json!({"type": "fixed", "value": "A班级"})),
        ("j", json!({"type": "fixed", "value": -7})),
        ("k", json!({"type": "fixed", "value": "2025-08-30"})),
        (
            "l",
            json!({"type": "fixed", "value": "2025-08-30T19:58:23"}),
        ),
        ("m", json!({"type": "fixed", "value": "10:15:30"})),
        ("n", json!({"type": "fixed", "value": "{}"})),
        ("o", json!({"type": "fixed", "value": "HIGH"})),
    ];
    for (name, default) in expect {
        assert_eq!(field(&m[0], name)["defaultValue"], default, "field {name}");
    }
}

#[test]
fn strings_take_escapes() {
    let m = parse(r#"model E { a : String @comment("say \"hi\"\\n\n\t\u00e9\/") }"#).unwrap();
    assert_eq!(field(&m[0], "a")["comment"], "say \"hi\"\\n\n\té/");
}

#[test]
fn comments_field_annotations_and_additional_properties() {
    let m = parse(
        "model C { id : String @comment(\"主键\") @unique @id @additional(label: \"ID\", width: 3, shown: true) }",
    )
    .unwrap();
    let id = field(&m[0], "id");
    assert_eq!(id["comment"], "主键");
    assert_eq!(id["unique"], true);
    assert_eq!(id["identity"], true);
    assert_eq!(
        id["additionalProperties"],
        json!({"label": "ID", "width": 3, "shown": true})
    );
}

#[test]
fn types_resolve_against_the_text_then_the_datasource() {
    let text = "model Order { id : Long, status : Status, customerId : Long, \
                customer : Customer @relation(localField: \"customerId\", foreignField: \"id\") }";
    let err = parse(text).unwrap_err();
    assert_eq!((err.line, err.column), (1, 35));
    assert!(err.message.contains("`Status`"), "{err}");

    let known = Known::new().enumeration("Status").entity("Customer");
    let m = parse_with(text, &known).unwrap();
    assert_eq!(field(&m[0], "status")["type"], "EnumRef");
    assert_eq!(field(&m[0], "status")["from"], "Status");
    assert_eq!(field(&m[0], "customer")["type"], "Relation");
    assert_eq!(field(&m[0], "customer")["from"], "Customer");

    // With the datasource's fields known, a foreignField that is not one of them is refused.
    let customer = json!({"type": "entity", "name": "Customer", "fields": [{"name": "code"}]});
    let status = json!({"type": "enum", "name": "Status", "elements": ["NEW"]});
    let known = Known::from_models([&customer, &status]);
    let err = parse_with(text, &known).unwrap_err();
    assert!(
        err.message
            .contains("foreignField `id` is not a field of model Customer"),
        "{err}"
    );
}

#[test]
fn a_text_may_use_a_model_before_defining_it() {
    let m = parse(
        "model Student { id : Long, classId : Long, cls : Classes @relation(localField: \"classId\", foreignField: \"id\") }\n\
         model Classes { id : Long, students : Student[] @relation(localField: \"id\", foreignField: \"classId\", cascadeDelete: true) }",
    )
    .unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(field(&m[1], "students")["from"], "Student");
    assert_eq!(field(&m[1], "students")["cascadeDelete"], true);
}

#[test]
fn an_empty_text_has_no_models() {
    assert_eq!(parse("").unwrap(), Vec::<Value>::new());
    assert_eq!(
        parse("  // nothing\n/* at all */\n").unwrap(),
        Vec::<Value>::new()
    );
}
