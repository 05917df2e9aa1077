//! The demo data of a new data directory, like the real server's: project `default` with the
//! `system` datasource (SYSTEM, sqlite) holding the enum `UserGender`, the entities `Classes`
//! and `Student` (a field of every type, a one-to-many and a many-to-one relation), the native
//! query `StudentsOlderThan`, 5 classes and 60 students with deterministic values, and an
//! entity `Product` with `config.bulk_records` rows (for benchmarks, inserted in one
//! transaction); project `dev_test` with a datasource `dev` and a small `Todo` model.

use rusqlite::params;
use serde_json::{json, Value};

use super::{create_datasource, create_model, create_record, store};
use crate::error::ApiResult;
use crate::Sandbox;

const SYSTEM: &str = "system";

fn field(name: &str, ty: &str, extra: Value) -> Value {
    let mut f = json!({"name": name, "type": ty});
    if let (Some(f), Some(extra)) = (f.as_object_mut(), extra.as_object()) {
        f.extend(extra.clone());
    }
    f
}

fn id_field() -> Value {
    field(
        "id",
        "Long",
        json!({"identity": true, "nullable": false, "defaultValue": {"type": "generated", "name": "autoIncrement"}}),
    )
}

/// The seeded models of `default`/`system`, in the order they are created.
fn system_models() -> Vec<Value> {
    vec![
        json!({"type": "enum", "name": "UserGender", "comment": "性别", "elements": ["UNKNOWN", "MALE", "FEMALE"]}),
        json!({"type": "entity", "name": "Classes", "comment": "班级", "fields": [
            id_field(),
            field("classCode", "String", json!({"unique": true, "comment": "班级编号"})),
            field("className", "String", json!({"comment": "班级名称"})),
            field("students", "Relation", json!({"from": "Student", "multiple": true,
                "localField": "id", "foreignField": "classId", "cascadeDelete": true})),
        ], "indexes": [
            {"name": "IDX_CLASS_CODE", "unique": false, "fields": [{"fieldName": "classCode", "direction": "ASC"}]},
        ]}),
        json!({"type": "entity", "name": "Student", "comment": "学生", "fields": [
            id_field(),
            field("studentName", "String", json!({"comment": "姓名"})),
            field("gender", "EnumRef", json!({"from": "UserGender", "multiple": false})),
            field("age", "Int", json!({})),
            field("classId", "Long", json!({})),
            field("studentClass", "Relation", json!({"from": "Classes", "multiple": false,
                "localField": "classId", "foreignField": "id", "cascadeDelete": false})),
            field("score", "Float", json!({})),
            field("active", "Boolean", json!({"defaultValue": {"type": "fixed", "value": true}})),
            field("createdAt", "DateTime", json!({"defaultValue": {"type": "generated", "name": "now"}})),
            field("birthday", "Date", json!({})),
            field("checkInTime", "Time", json!({})),
            field("profile", "JSON", json!({})),
            field("studentNo", "String", json!({"length": 36, "defaultValue": {"type": "generated", "name": "uuid"}})),
        ], "indexes": [
            {"name": "IDX_STUDENT_NAME", "unique": false, "fields": [{"fieldName": "studentName", "direction": "ASC"}]},
        ]}),
        json!({"type": "native_query", "name": "StudentsOlderThan", "statement": "select * from Student where age > ${age}"}),
        json!({"type": "entity", "name": "Product", "comment": "商品", "fields": [
            id_field(),
            field("sku", "String", json!({"length": 32, "unique": true})),
            field("name", "String", json!({})),
            field("price", "Float", json!({})),
            field("stock", "Int", json!({})),
            field("onSale", "Boolean", json!({})),
            field("createdAt", "DateTime", json!({})),
        ]}),
    ]
}

/// The `i`th seeded student (from 1): deterministic values, a null age every 20th, a null
/// profile every 7th.
pub(crate) fn student(i: u64) -> Value {
    let genders = ["UNKNOWN", "MALE", "FEMALE"];
    let age = if i.is_multiple_of(20) {
        Value::Null
    } else {
        json!(10 + (i * 7) % 10)
    };
    let profile = if i.is_multiple_of(7) {
        Value::Null
    } else {
        let hobby = ["reading", "football", "music"][(i % 3) as usize];
        json!({"hobby": hobby, "level": i % 5})
    };
    json!({
        "studentName": format!("Student {i:02}"),
        "gender": genders[(i % 3) as usize],
        "age": age,
        "classId": (i - 1) % 5 + 1,
        "score": 50.0 + ((i * 37) % 50) as f64 + 0.5,
        "active": !i.is_multiple_of(4),
        "createdAt": format!("2025-08-01T08:{:02}:00", i % 60),
        "birthday": format!("2012-{:02}-{:02}", (i % 12) + 1, (i % 28) + 1),
        "checkInTime": format!("07:{:02}:30", i % 60),
        "profile": profile,
        "studentNo": uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("student-{i}").as_bytes()).to_string(),
    })
}

pub(crate) fn seed(sb: &Sandbox) -> ApiResult<()> {
    let projects = &sb.inner.config.projects;
    if projects.iter().any(|p| p == "default") {
        seed_default(sb)?;
    }
    if projects.iter().any(|p| p == "dev_test") {
        seed_dev_test(sb)?;
    }
    Ok(())
}

fn seed_default(sb: &Sandbox) -> ApiResult<()> {
    let p = "default";
    create_datasource(
        sb,
        p,
        &json!({"name": SYSTEM, "type": "SYSTEM", "enabled": true,
                "config": {"dbKind": "sqlite", "url": "jdbc:sqlite:system.sqlite3"}}),
        "admin",
    )?;
    for m in system_models() {
        create_model(sb, p, SYSTEM, &m)?;
    }
    for (i, letter) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        create_record(
            sb,
            p,
            SYSTEM,
            "Classes",
            json!({"classCode": format!("C{:02}", i + 1), "className": format!("Class {letter}")}),
        )?;
    }
    for i in 1..=60 {
        create_record(sb, p, SYSTEM, "Student", student(i))?;
    }
    bulk_products(sb, sb.inner.config.bulk_records)
}

/// `count` products in one transaction through one prepared statement.
fn bulk_products(sb: &Sandbox, count: usize) -> ApiResult<()> {
    if count == 0 {
        return Ok(());
    }
    let db = store::db(sb, "default", SYSTEM)?;
    let mut conn = db.lock().unwrap();
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO \"Product\" (sku, name, price, stock, onSale, createdAt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for i in 1..=count {
            stmt.execute(params![
                format!("SKU-{i:07}"),
                format!("Product {i}"),
                ((i * 7919) % 100_000) as f64 / 100.0,
                (i * 31 % 1000) as i64,
                i % 3 != 0,
                format!(
                    "2025-{:02}-{:02}T{:02}:{:02}:00",
                    i % 12 + 1,
                    i % 28 + 1,
                    i % 24,
                    i % 60
                ),
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn seed_dev_test(sb: &Sandbox) -> ApiResult<()> {
    let p = "dev_test";
    create_datasource(
        sb,
        p,
        &json!({"name": "dev", "type": "USER", "enabled": true,
                "config": {"dbKind": "sqlite", "url": "jdbc:sqlite:dev.sqlite3"}}),
        "admin",
    )?;
    create_model(
        sb,
        p,
        "dev",
        &json!({"type": "entity", "name": "Todo", "comment": "待办", "fields": [
            id_field(),
            field("title", "String", json!({"nullable": false})),
            field("done", "Boolean", json!({"defaultValue": {"type": "fixed", "value": false}})),
            field("dueDate", "Date", json!({})),
        ]}),
    )?;
    for (title, due) in [
        ("Write the report", "2025-09-01"),
        ("Review the sandbox", "2025-09-02"),
        ("Ship it", "2025-09-03"),
    ] {
        create_record(
            sb,
            p,
            "dev",
            "Todo",
            json!({"title": title, "dueDate": due}),
        )?;
    }
    Ok(())
}
