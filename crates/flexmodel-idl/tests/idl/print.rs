//! Printing: the server's text exactly, from parsed models and from the server's own JSON.

use flexmodel_idl::{parse, parse_with, print, print_all, Known};
use serde_json::json;

const CLASSES: &str = r#"model Classes {
  id : Long @id @default(autoIncrement()),
  classCode? : String @length("255"),
  students? : Student[] @relation(localField: "id", foreignField: "classId", cascadeDelete: "true"),
  @comment("班级"),
  @index(name: "IDX_CLASS_CODE", unique: "false", fields: [classCode]),
}"#;

const USER_GENDER: &str = "enum UserGender {\n  UNKNOWN,\n  MALE,\n  FEMALE,\n}";

#[test]
fn printing_the_parsed_server_example_gives_the_servers_text() {
    let text = format!("{CLASSES}\n{USER_GENDER}");
    let models = parse_with(&text, &Known::new().entity("Student")).unwrap();
    assert_eq!(print(&models[0]), CLASSES);
    assert_eq!(print(&models[1]), USER_GENDER);
    assert_eq!(print_all(&models), format!("{CLASSES}\n\n{USER_GENDER}"));
}

#[test]
fn the_servers_json_prints_with_the_servers_defaults() {
    // A model as the server's API answers it (flexmodel-api.txt): no comment, no length on
    // some fields, indexes with their modelName.
    let student = json!({
        "type": "entity",
        "name": "Student",
        "fields": [
            {"name": "id", "type": "Long", "identity": true, "modelName": "Student",
             "unique": false, "nullable": true},
            {"name": "studentName", "type": "String", "modelName": "Student", "unique": false,
             "nullable": true, "length": 255},
            {"name": "gender", "type": "EnumRef", "from": "UserGender", "multiple": false,
             "modelName": "Student", "unique": false, "nullable": true},
            {"name": "interest", "type": "EnumRef", "from": "user_interest", "multiple": true,
             "modelName": "Student", "unique": false, "nullable": true},
            {"name": "score", "type": "Float", "nullable": false},
            {"name": "nick", "type": "String", "unique": true, "comment": "昵称",
             "defaultValue": {"type": "fixed", "value": "无"}},
            {"name": "enrolled", "type": "Boolean",
             "defaultValue": {"type": "fixed", "value": true}},
            {"name": "studentDetail", "type": "Relation", "modelName": "Student",
             "unique": false, "nullable": true, "multiple": false, "from": "StudentDetail",
             "localField": "id", "foreignField": "studentId", "cascadeDelete": true},
        ],
        "indexes": [
            {"modelName": "Student", "name": "IDX_studentName",
             "fields": [{"fieldName": "studentName", "direction": "ASC"},
                        {"fieldName": "id", "direction": "DESC"}], "unique": false}
        ],
        "idl": "ignored"
    });
    assert_eq!(
        print(&student),
        r#"model Student {
  id? : Long @id,
  studentName? : String @length("255"),
  gender? : UserGender,
  interest? : user_interest[],
  score : Float @precision("20") @scale("2"),
  nick? : String @comment("昵称") @unique @length("255") @default("无"),
  enrolled? : Boolean @default("true"),
  studentDetail? : StudentDetail @relation(localField: "id", foreignField: "studentId", cascadeDelete: "true"),
  @index(name: "IDX_studentName", unique: "false", fields: [studentName, id: (sort: "desc")]),
}"#
    );
}

#[test]
fn strings_are_escaped_so_that_they_parse_back() {
    let text =
        r#"model Q { a? : String @comment("a \"quoted\" \\ back\nslash") @default("x\ty") }"#;
    let models = parse(text).unwrap();
    let printed = print(&models[0]);
    assert_eq!(
        printed,
        "model Q {\n  a? : String @comment(\"a \\\"quoted\\\" \\\\ back\\nslash\") @length(\"255\") @default(\"x\\ty\"),\n}"
    );
    assert_eq!(parse(&printed).unwrap(), models);
}

#[test]
fn fixed_defaults_print_quoted_and_generated_ones_as_calls() {
    let models = parse(
        "model D { a : Int @default(7), b : Float @default(\"2.5\"), c : DateTime @default(now()), \
         d : String @default(uuid()), e : Level @default(LOW) }\nenum Level { LOW }",
    )
    .unwrap();
    assert_eq!(
        print(&models[0]),
        "model D {\n  a : Int @default(\"7\"),\n  b : Float @precision(\"20\") @scale(\"2\") @default(\"2.5\"),\n  \
         c : DateTime @default(now()),\n  d : String @length(\"255\") @default(uuid()),\n  \
         e : Level @default(\"LOW\"),\n}"
    );
}

#[test]
fn models_without_idl_print_nothing() {
    let query = json!({"type": "native_query", "name": "q", "statement": "select 1"});
    assert_eq!(print(&query), "");
    let e = json!({"type": "enum", "name": "E", "elements": ["A"]});
    assert_eq!(print_all([&query, &e, &query]), "enum E {\n  A,\n}");
}

#[test]
fn additional_properties_and_unnamed_indexes_print_and_parse_back() {
    let text = "model A {\n  id : Long @additional(label: \"编号\", width: 3),\n  @index(unique: \"true\", fields: [id]),\n}";
    let models = parse(text).unwrap();
    assert_eq!(models[0]["indexes"][0]["name"], serde_json::Value::Null);
    assert_eq!(print(&models[0]), text);
}
