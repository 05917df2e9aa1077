//! The rules on a datasource like the seed's (`UserGender`, `Classes`, `Student`): each bad
//! member named with its words, good ones passing, shapes lighter than the full rules, and
//! IDL problems placed at their line.

use serde_json::{json, Value};

use super::*;

fn models() -> Vec<Value> {
    vec![
        json!({"type": "enum", "name": "UserGender", "elements": ["UNKNOWN", "MALE", "FEMALE"]}),
        json!({"type": "entity", "name": "Classes", "fields": [
            {"name": "id", "type": "Long", "identity": true},
            {"name": "classCode", "type": "String"},
            {"name": "students", "type": "Relation", "from": "Student", "localField": "id", "foreignField": "classId"},
        ], "indexes": [{"name": "IDX_CLASS_CODE", "fields": [{"fieldName": "classCode"}]}]}),
        json!({"type": "entity", "name": "Student", "fields": [
            {"name": "id", "type": "Long", "identity": true},
            {"name": "studentName", "type": "String"},
            {"name": "classId", "type": "Long"},
            {"name": "studentClass", "type": "Relation", "from": "Classes", "localField": "classId", "foreignField": "id"},
        ], "indexes": []}),
        json!({"type": "native_query", "name": "StudentsOlderThan", "statement": "select 1"}),
    ]
}

fn refused_field(models: &[Value], body: Value) -> BTreeMap<String, String> {
    check(
        "field",
        &Datasource::new("system", models),
        &body,
        Some("Student"),
    )
}

#[test]
fn each_bad_field_is_named_with_the_consoles_words() {
    let m = models();
    let rows: Vec<(Value, &str, &str)> = vec![
        (json!({"name": "", "type": "Int"}), "name", BLANK),
        (json!({"name": "first name", "type": "Int"}), "name", NOT_IDENTIFIER),
        (json!({"name": "age"}), "type", "Field age needs a type"),
        (json!({"name": "age", "type": "Integer"}), "type", "Unsupported field type: Integer (field age)"),
        (json!({"name": "studentName", "type": "String"}), "name", "Field studentName already exists in model Student"),
        (json!({"name": "code", "type": "String", "length": 0}), "length", "length of field code must be a whole number from 1 to 65535, got 0"),
        (json!({"name": "code", "type": "String", "length": "ten"}), "length", "length of field code must be a whole number from 1 to 65535, got ten"),
        (json!({"name": "fee", "type": "Float", "precision": 10, "scale": 12}), "scale", "scale of field fee must be a whole number from 0 to its precision 10, got 12"),
        (json!({"name": "fee", "type": "Float", "precision": 99}), "precision", "precision of field fee must be a whole number from 1 to 65, got 99"),
        (json!({"name": "g", "type": "EnumRef", "from": "Colour"}), "from", "Field g takes its values from enum Colour, which datasource system does not have"),
        (json!({"name": "g", "type": "EnumRef"}), "from", "Field g needs from: the enum it takes its values from"),
        (json!({"name": "c", "type": "Relation", "from": "Room", "localField": "classId", "foreignField": "id"}), "from", "Field c relates to model Room, which datasource system does not have"),
        (json!({"name": "c", "type": "Relation", "from": "Classes", "localField": "nothing", "foreignField": "id"}), "localField", "localField nothing of field c is not a column of model Student"),
        (json!({"name": "c", "type": "Relation", "from": "Classes", "localField": "classId", "foreignField": "students"}), "foreignField", "foreignField students of field c is not a column of model Classes"),
        (json!({"name": "no", "type": "Long", "identity": true}), "identity", "Model Student has more than one identity field"),
        (json!({"name": "at", "type": "Int", "defaultValue": {"type": "generated", "name": "now"}}), "defaultValue", "defaultValue of field at: now() cannot fill a Int field"),
        (json!({"name": "at", "type": "Int", "defaultValue": {"type": "generated", "name": "later"}}), "defaultValue", "defaultValue of field at: unknown generator later(); expected uuid(), ulid(), autoIncrement() or now()"),
        (json!({"name": "n", "type": "Int", "defaultValue": {"type": "generated", "name": "autoIncrement"}}), "defaultValue", "defaultValue of field n: autoIncrement() fills only the identity field"),
        (json!({"name": "n", "type": "Int", "defaultValue": {"type": "fixed", "value": "many"}}), "defaultValue", "Cannot convert \"many\" to Int for field n"),
        (json!({"name": "d", "type": "Date", "defaultValue": {"type": "fixed", "value": "2025-13-01"}}), "defaultValue", "Cannot convert \"2025-13-01\" to Date for field d"),
        (json!({"name": "g", "type": "EnumRef", "from": "UserGender", "defaultValue": {"type": "fixed", "value": "OTHER"}}), "defaultValue", "defaultValue of field g: OTHER is not an element of enum UserGender"),
    ];
    for (body, field, message) in rows {
        let got = refused_field(&m, body.clone());
        assert_eq!(
            got,
            BTreeMap::from([(field.to_owned(), message.to_owned())]),
            "{body}"
        );
    }
}

#[test]
fn good_fields_pass_and_an_update_keeps_its_own_name() {
    let m = models();
    for body in [
        json!({"name": "age", "type": "Int", "nullable": false, "defaultValue": {"type": "fixed", "value": 10}}),
        json!({"name": "code", "type": "String", "length": 36, "unique": true, "defaultValue": {"type": "generated", "name": "uuid"}}),
        json!({"name": "fee", "type": "Float", "precision": 10, "scale": 10}),
        json!({"name": "genders", "type": "EnumRef", "from": "UserGender", "multiple": true, "defaultValue": {"type": "fixed", "value": ["MALE"]}}),
        json!({"name": "mentor", "type": "Relation", "from": "Student", "localField": "id", "foreignField": "id"}),
        json!({"name": "seen", "type": "DateTime", "defaultValue": {"type": "generated", "name": "now"}}),
    ] {
        assert_eq!(refused_field(&m, body.clone()), BTreeMap::new(), "{body}");
    }
    let ds = Datasource::new("system", &m);
    let change = json!({"name": "studentName", "type": "String", "length": 80});
    assert!(check("field_update", &ds, &change, Some("Student")).is_empty());
    let ghost = json!({"name": "ghost", "type": "Int"});
    assert_eq!(
        check("field_update", &ds, &ghost, Some("Student"))["name"],
        "Field ghost not found in model Student"
    );
    // The identity itself may change: it is not a second one.
    let id = json!({"name": "id", "type": "Long", "identity": true});
    assert!(check("field_update", &ds, &id, Some("Student")).is_empty());
}

#[test]
fn every_failing_member_is_told_at_once_but_the_console_answers_the_first() {
    let m = models();
    let body = json!({"name": "9lives", "type": "String", "length": -1,
        "defaultValue": {"type": "generated", "name": "now"}});
    let got = refused_field(&m, body.clone());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        ["defaultValue", "length", "name"]
    );
    let ds = Datasource::new("system", &m);
    let first = field(&ds, ds.entity("Student").unwrap(), &body, Op::Create)
        .first()
        .unwrap_err();
    assert_eq!((first.field.as_str(), first.validation), ("name", true));
}

#[test]
fn indexes_need_known_columns_once_each_and_a_name_the_database_does_not_use() {
    let m = models();
    let ds = Datasource::new("system", &m);
    let rows: Vec<(Value, &str, &str)> = vec![
        (json!({"name": "", "fields": [{"fieldName": "classId"}]}), "name", "An index needs a name"),
        (json!({"name": "IDX_A", "fields": []}), "fields", "Index IDX_A needs fields"),
        (json!({"name": "IDX_A", "fields": [{"fieldName": "ghost"}]}), "fields", "Unknown field 'ghost' in model Student"),
        (json!({"name": "IDX_A", "fields": [{"fieldName": "studentClass"}]}), "fields", "Index IDX_A: studentClass is a relation, not a column"),
        (json!({"name": "IDX_A", "fields": [{"fieldName": "classId"}, {"fieldName": "classId"}]}), "fields", "Index IDX_A lists field classId twice"),
        (json!({"name": "IDX_A", "fields": [{"fieldName": "classId", "direction": "up"}]}), "fields", "Index IDX_A: the direction of classId must be ASC or DESC, got up"),
        (json!({"name": "idx_class_code", "fields": [{"fieldName": "classId"}]}), "name", "Index idx_class_code already exists in model Classes"),
        (json!({"name": "classes", "fields": [{"fieldName": "classId"}]}), "name", "Index classes has the name of model Classes: the datasource's database already uses it"),
    ];
    for (body, member, message) in rows {
        let got = check("index", &ds, &body, Some("Student"));
        assert_eq!(
            got,
            BTreeMap::from([(member.to_owned(), message.to_owned())]),
            "{body}"
        );
    }
    let good = json!({"name": "IDX_S", "unique": true, "fields": [{"fieldName": "classId", "direction": "desc"}, {"fieldName": "studentName"}]});
    assert!(check("index", &ds, &good, Some("Student")).is_empty());
    let missing = json!({"name": "IDX_S", "fields": [{"fieldName": "classId"}]});
    assert_eq!(
        check("index_update", &ds, &missing, Some("Student"))["name"],
        "Index IDX_S not found in model Student"
    );
    assert_eq!(
        check("index", &ds, &good, Some("UserGender"))["model"],
        "Model UserGender is not an entity"
    );
}

#[test]
fn a_new_model_names_its_members_and_a_shape_takes_what_a_synced_table_has() {
    let m = models();
    let ds = Datasource::new("system", &m);
    let body = json!({"name": "Room", "fields": [
        {"name": "id", "type": "Long", "identity": true},
        {"name": "id", "type": "Int"},
        {"name": "size", "type": "Number"},
        {"name": "key", "type": "Long", "identity": true},
    ], "indexes": [{"name": "IDX_ROOM", "fields": [{"fieldName": "width"}]}]});
    let got = check("model", &ds, &body, None);
    assert_eq!(
        got["fields[1].name"],
        "Field id already exists in model Room"
    );
    assert_eq!(
        got["fields[2].type"],
        "Unsupported field type: Number (field size)"
    );
    assert_eq!(
        got["fields[3].identity"],
        "Model Room has more than one identity field"
    );
    assert_eq!(
        got["indexes[0].fields"],
        "Unknown field 'width' in model Room"
    );
    assert_eq!(got.len(), 4, "{got:?}");

    assert_eq!(
        check("model", &ds, &json!({"name": "Student"}), None)["name"],
        model_taken("Student", "system")
    );
    assert!(
        check("model", &ds, &json!({"name": "student"}), None)["name"].contains("only in case")
    );
    assert_eq!(
        check("model", &ds, &json!({"name": " "}), None)["name"],
        BLANK
    );
    assert_eq!(
        check("model", &ds, &json!({"name": "V", "type": "view"}), None)["type"],
        "Unsupported model type: view"
    );
    let twice = json!({"type": "enum", "name": "Size", "elements": ["S", "S"]});
    assert_eq!(
        check("model", &ds, &twice, None)["elements"],
        "element S is listed twice in enum Size"
    );

    // Names as a table in a file has them: not names a person would type, but a shape.
    let synced =
        json!({"name": "order items", "fields": [{"name": "unit price", "type": "Float"}]});
    assert!(model_shape(&synced).is_empty());
    assert!(!model(&ds, &synced).is_empty());
}

#[test]
fn an_idl_problem_is_placed_at_its_line() {
    let m = models();
    let ds = Datasource::new("system", &m);
    let bad = "model Room {\n  id : Long @id,\n  size : Strin,\n}";
    let checked = check_idl(&ds, bad);
    let p = checked.problem.unwrap();
    assert_eq!((p.line, p.column), (3, 10));
    assert!(p.message.contains("Strin"), "{}", p.message);
    assert!(
        p.server.starts_with("IDL格式有误: line 3, column 10"),
        "{}",
        p.server
    );

    let taken =
        "// Student: a new one\nenum UserGender { A, B }\n\nmodel Student {\n  id : Long @id,\n}";
    let p = check_idl(&ds, taken).problem.unwrap();
    assert_eq!((p.line, p.column), (4, 7));
    assert_eq!(
        p.message,
        "Model Student already exists in datasource system"
    );
    assert_eq!(p.server, p.message);

    let index =
        "model Room {\n  code : String,\n  @index(name: \"IDX_CLASS_CODE\", fields: [code]),\n}";
    let p = check_idl(&ds, index).problem.unwrap();
    assert_eq!(
        p.message,
        "Index IDX_CLASS_CODE already exists in model Classes"
    );
    assert_eq!(p.line, 1);

    let good = "enum UserGender { A, B }\nmodel Room { id : Long @id, students : Student[] @relation(localField: \"id\", foreignField: \"classId\") }";
    assert_eq!(
        check_idl(&ds, good),
        IdlCheck {
            models: vec!["UserGender".into(), "Room".into()],
            problem: None
        }
    );
}

#[test]
fn generators_refuse_as_the_idl_does() {
    for (ty, generator) in [
        ("Int", "now"),
        ("String", "autoIncrement"),
        ("Date", "uuid"),
    ] {
        let idl = format!("model M {{ x : {ty} @default({generator}()) }}");
        let parser = flexmodel_idl::parse(&idl).unwrap_err().message;
        let m = json!({"name": "M", "fields": [{"name": "x", "type": ty,
            "defaultValue": {"type": "generated", "name": generator}}]});
        let rules = model(&Datasource::new("ds", &[]), &m).by_field();
        let ours = rules["fields[0].defaultValue"].replace("defaultValue of field x: ", "");
        assert!(parser.ends_with(&ours), "{parser} / {ours}");
    }
}

#[test]
fn values_are_stored_as_the_sandbox_keeps_them() {
    assert_eq!(
        stored("Int", false, &json!("42")),
        Some(Stored::Integer(42))
    );
    assert_eq!(stored("Int", false, &json!(4.0)), Some(Stored::Integer(4)));
    assert_eq!(stored("Int", false, &json!(4.5)), None);
    assert_eq!(
        stored("Boolean", false, &json!(1)),
        Some(Stored::Integer(1))
    );
    assert_eq!(stored("Boolean", false, &json!("yes")), None);
    assert_eq!(
        stored("DateTime", false, &json!("2025-08-30 19:58:23")),
        Some(Stored::Text("2025-08-30T19:58:23".into()))
    );
    assert_eq!(
        stored("Time", false, &json!("7:05")),
        Some(Stored::Text("07:05:00".into()))
    );
    assert_eq!(
        stored("EnumRef", true, &json!("MALE")),
        Some(Stored::Text("[\"MALE\"]".into()))
    );
    assert_eq!(
        stored("JSON", false, &json!({"a": 1})),
        Some(Stored::Text("{\"a\":1}".into()))
    );
    assert_eq!(stored("Float", false, &json!(true)), None);
    assert_eq!(stored("Date", false, &Value::Null), Some(Stored::Null));
}
