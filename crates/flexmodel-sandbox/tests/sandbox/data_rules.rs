//! The window's check of a model, field or index form (`flexmodel_rules::check`, what the
//! app's `flexmodel_rules_check` command answers) says of each bad body exactly what the
//! sandbox answers when that body arrives: the same member, the same words, the same kind of
//! refusal (a 400 naming the member, or a 500); and nothing is changed.

use crate::data_support::console;
use reqwest::Method;
use serde_json::{json, Value};

const MODELS: &str = "/datasources/system/models";

/// A bad body for one form, as the window would send it.
struct Row {
    kind: &'static str,
    model: Option<&'static str>,
    body: Value,
}

fn row(kind: &'static str, model: Option<&'static str>, body: Value) -> Row {
    Row { kind, model, body }
}

/// The call the form makes with `row`'s body.
fn call(row: &Row) -> (Method, String) {
    let m = row.model.unwrap_or_default();
    let name = row.body["name"].as_str().unwrap_or_default();
    match row.kind {
        "model" => (Method::POST, MODELS.into()),
        "field" => (Method::POST, format!("{MODELS}/{m}/fields")),
        "field_update" => (Method::PUT, format!("{MODELS}/{m}/fields/{name}")),
        "index" => (Method::POST, format!("{MODELS}/{m}/indexes")),
        _ => (Method::PUT, format!("{MODELS}/{m}/indexes/{name}")),
    }
}

fn rows() -> Vec<Row> {
    let s = Some("Student");
    let gen = |name: &str| json!({"type": "generated", "name": name});
    let fixed = |v: Value| json!({"type": "fixed", "value": v});
    vec![
        row("model", None, json!({"name": "", "fields": []})),
        row("model", None, json!({"name": "Lesson plan"})),
        row("model", None, json!({"name": "Classes"})),
        row("model", None, json!({"name": "student"})),
        row("model", None, json!({"name": "Room", "type": "view"})),
        row(
            "model",
            None,
            json!({"name": "Room", "fields": [{"name": "", "type": "Int"}]}),
        ),
        row(
            "model",
            None,
            json!({"name": "Room", "fields": [{"name": "a", "type": "Int"}, {"name": "a", "type": "Long"}]}),
        ),
        row(
            "model",
            None,
            json!({"name": "Room", "fields": [{"name": "a", "type": "Long", "identity": true}, {"name": "b", "type": "Long", "identity": true}]}),
        ),
        row(
            "model",
            None,
            json!({"name": "Room", "fields": [{"name": "a", "type": "Int"}],
            "indexes": [{"name": "IDX_STUDENT_NAME", "fields": [{"fieldName": "a"}]}]}),
        ),
        row("field", s, json!({"name": "", "type": "Int"})),
        row("field", s, json!({"name": "home town", "type": "String"})),
        row("field", s, json!({"name": "age", "type": "Int"})),
        row("field", s, json!({"name": "nick"})),
        row("field", s, json!({"name": "nick", "type": "Text"})),
        row(
            "field",
            s,
            json!({"name": "nick", "type": "String", "length": 0}),
        ),
        row(
            "field",
            s,
            json!({"name": "fee", "type": "Float", "precision": 8, "scale": 9}),
        ),
        row(
            "field",
            s,
            json!({"name": "fee", "type": "Float", "precision": 0}),
        ),
        row(
            "field",
            s,
            json!({"name": "mood", "type": "EnumRef", "from": "Mood"}),
        ),
        row(
            "field",
            s,
            json!({"name": "room", "type": "Relation", "from": "Room", "localField": "classId", "foreignField": "id"}),
        ),
        row(
            "field",
            s,
            json!({"name": "room", "type": "Relation", "from": "Classes", "localField": "ghost", "foreignField": "id"}),
        ),
        row(
            "field",
            s,
            json!({"name": "room", "type": "Relation", "from": "Classes", "localField": "classId", "foreignField": "ghost"}),
        ),
        row(
            "field",
            s,
            json!({"name": "no", "type": "Long", "identity": true}),
        ),
        row(
            "field",
            s,
            json!({"name": "at", "type": "Int", "defaultValue": gen("now")}),
        ),
        row(
            "field",
            s,
            json!({"name": "at", "type": "Int", "defaultValue": gen("soon")}),
        ),
        row(
            "field",
            s,
            json!({"name": "n", "type": "Long", "defaultValue": gen("autoIncrement")}),
        ),
        row(
            "field",
            s,
            json!({"name": "n", "type": "Int", "defaultValue": fixed(json!("ten"))}),
        ),
        row(
            "field",
            s,
            json!({"name": "g", "type": "EnumRef", "from": "UserGender", "defaultValue": fixed(json!("OTHER"))}),
        ),
        row("field_update", s, json!({"name": "ghost", "type": "Int"})),
        row(
            "field_update",
            s,
            json!({"name": "age", "type": "Int", "defaultValue": fixed(json!("old"))}),
        ),
        row(
            "index",
            s,
            json!({"name": "", "fields": [{"fieldName": "age"}]}),
        ),
        row("index", s, json!({"name": "IDX_AGE", "fields": []})),
        row(
            "index",
            s,
            json!({"name": "IDX_AGE", "fields": [{"fieldName": "ghost"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "IDX_AGE", "fields": [{"fieldName": "studentClass"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "IDX_AGE", "fields": [{"fieldName": "age"}, {"fieldName": "age"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "IDX_AGE", "fields": [{"fieldName": "age", "direction": "up"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "IDX_STUDENT_NAME", "fields": [{"fieldName": "age"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "idx_class_code", "fields": [{"fieldName": "age"}]}),
        ),
        row(
            "index",
            s,
            json!({"name": "Classes", "fields": [{"fieldName": "age"}]}),
        ),
        row(
            "index_update",
            s,
            json!({"name": "IDX_GHOST", "fields": [{"fieldName": "age"}]}),
        ),
        row(
            "index",
            Some("UserGender"),
            json!({"name": "IDX_G", "fields": [{"fieldName": "x"}]}),
        ),
    ]
}

#[tokio::test]
async fn the_sandbox_refuses_each_bad_form_with_the_words_the_window_was_told() {
    let c = console().await;
    let before: Value = c.ok(MODELS).await;
    let models = before.as_array().unwrap().clone();
    let ds = flexmodel_rules::Datasource::new("system", &models);
    for row in rows() {
        let window = flexmodel_rules::check(row.kind, &ds, &row.body, row.model);
        assert_eq!(window.len(), 1, "one refusal for {}: {window:?}", row.body);
        let (member, message) = window.into_iter().next().unwrap();
        let first = flexmodel_rules::refusals(row.kind, &ds, &row.body, row.model)
            .first()
            .unwrap_err();

        let (method, path) = call(&row);
        let (status, answer) = c.call(method, &path, Some(row.body.clone())).await;
        let expected = if first.validation { 400 } else { 500 };
        assert_eq!(
            status.as_u16(),
            expected,
            "{} {}: {answer}",
            row.kind,
            row.body
        );
        let said = match first.validation {
            true => answer["errors"][&member].as_str(),
            false => answer["message"].as_str(),
        };
        assert_eq!(
            said,
            Some(message.as_str()),
            "{} {}: {answer}",
            row.kind,
            row.body
        );
    }
    assert_eq!(c.ok(MODELS).await, before, "nothing was changed");
}

#[tokio::test]
async fn what_the_window_lets_through_the_sandbox_takes() {
    let c = console().await;
    let s = Some("Student");
    let good = [
        row(
            "field",
            s,
            json!({"name": "nickname", "type": "String", "length": 40, "nullable": false,
            "defaultValue": {"type": "fixed", "value": "—"}}),
        ),
        row(
            "field",
            s,
            json!({"name": "mentor", "type": "Relation", "from": "Student",
            "localField": "id", "foreignField": "id"}),
        ),
        row(
            "field_update",
            s,
            json!({"name": "age", "type": "Long", "defaultValue": {"type": "fixed", "value": 12}}),
        ),
        row(
            "index",
            s,
            json!({"name": "IDX_NICK", "unique": false,
            "fields": [{"fieldName": "nickname", "direction": "DESC"}, {"fieldName": "age"}]}),
        ),
        row(
            "model",
            None,
            json!({"name": "Room", "comment": "教室", "fields": [
            {"name": "id", "type": "Long", "identity": true, "defaultValue": {"type": "generated", "name": "autoIncrement"}},
            {"name": "classId", "type": "Long"},
            {"name": "owner", "type": "Relation", "from": "Classes", "localField": "classId", "foreignField": "id"}]}),
        ),
    ];
    for row in good {
        let models = c.ok(MODELS).await.as_array().unwrap().clone();
        let ds_now = flexmodel_rules::Datasource::new("system", &models);
        let window = flexmodel_rules::check(row.kind, &ds_now, &row.body, row.model);
        assert!(window.is_empty(), "{}: {window:?}", row.body);
        let (method, path) = call(&row);
        let (status, answer) = c.call(method, &path, Some(row.body.clone())).await;
        assert_eq!(status, 200, "{} {}: {answer}", row.kind, row.body);
    }
    let student = c.ok(&format!("{MODELS}/Student")).await;
    let names: Vec<&str> = student["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.ends_with(&["nickname", "mentor"]), "{names:?}");
    assert_eq!(student["fields"][3]["type"], "Long", "age changed");
}
