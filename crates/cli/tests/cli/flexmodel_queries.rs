//! `console-desk-cli flexmodel …` against a FlexModel sandbox for what runs text on the
//! server: native queries with parameters, models made from an IDL file, GraphQL queries and
//! mutations with their errors (exit 1), and a mutation whose answer is lost (exit 3).

use crate::flexmodel_common;

use serde_json::{json, Value};

use flexmodel_common::{failed, row, stdout, Fm};

#[test]
fn native_queries_with_parameters() {
    let fm = Fm::start();
    let statement = "select id, studentName, age from Student where age > ${age} order by id";
    let answer = fm.json(&[
        "query",
        "system",
        "--statement",
        statement,
        "--param",
        "age=18",
    ]);
    let rows = answer["result"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "the six students aged 19: {answer}");
    assert!(rows.iter().all(|r| r["age"] == 19));
    let table = fm.table(&[
        "query",
        "system",
        "--statement",
        statement,
        "--param",
        "age=18",
    ]);
    row(&table, &["19", "7", "Student 07"]);
    assert!(table.contains("6 rows in "), "{table}");

    // A text parameter with a space stays text.
    let by_name = fm.json(&[
        "query",
        "system",
        "--statement",
        "select id from Student where studentName = ${n}",
        "--param",
        "n=Student 05",
    ]);
    assert_eq!(by_name["result"], json!([{"id": 5}]));

    let err = failed(
        &fm.run(&["query", "system", "--statement", "select * from Nowhere"]),
        1,
    );
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn models_from_an_idl_file() {
    let fm = Fm::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.idl");
    std::fs::write(
        &file,
        "model Book {\n  id : Long @id @default(autoIncrement()),\n  title : String,\n}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let made = fm.json(&["models", "idl", "system", "--file", path]);
    assert_eq!(made[0]["name"], "Book");
    assert_eq!(made[0]["fields"].as_array().unwrap().len(), 2);
    let table = fm.table(&["models", "list", "system"]);
    row(&table, &["Book", "entity", "2 fields, 0 indexes"]);
    let book = fm.json(&[
        "records",
        "create",
        "system",
        "Book",
        "--data",
        r#"{"title":"Dune"}"#,
    ]);
    assert_eq!(book["title"], "Dune");

    std::fs::write(&file, "model Bad {").unwrap();
    let err = failed(&fm.run(&["models", "idl", "system", "--file", path]), 1);
    assert!(err.contains("IDL格式有误"), "{err}");
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn graphql_queries_mutations_and_errors() {
    let fm = Fm::start();
    let query = "query ByCode($c: String) { system_list_Classes(where: {classCode: {_eq: $c}}) { id className } }\n\
                 query All { system_list_Classes { classCode } }";
    let data = fm.json(&[
        "graphql",
        "--query",
        query,
        "--operation",
        "ByCode",
        "--variables",
        r#"{"c":"C02"}"#,
    ]);
    assert_eq!(
        data["system_list_Classes"],
        json!([{"id": "2", "className": "Class B"}])
    );
    // Printed as JSON without --json too.
    let printed = fm.table(&["graphql", "--query", query, "--operation", "All"]);
    let all: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(all["system_list_Classes"].as_array().unwrap().len(), 5);

    let made = fm.json(&[
        "graphql",
        "--query",
        r#"mutation { system_create_Classes(data: {classCode: "C77", className: "Seventy-seven"}) { id classCode } }"#,
    ]);
    assert_eq!(made["system_create_Classes"]["classCode"], "C77");
    let rest = fm.json(&[
        "records",
        "list",
        "system",
        "Classes",
        "--filter",
        r#"{"classCode":{"_eq":"C77"}}"#,
    ]);
    assert_eq!(rest["list"][0]["className"], "Seventy-seven");

    // Errors: exit 1, every one of them on stderr; with --json the answer on stdout too.
    let bad = "{ system_list_Classes { id nme bad } }";
    let err = failed(&fm.run(&["graphql", "--query", bad]), 1);
    assert!(err.contains("2 errors"), "{err}");
    assert!(err.contains("\"nme\"") && err.contains("\"bad\""), "{err}");
    assert!(err.contains("line 1, column"), "{err}");
    let out = fm.run(&["--json", "graphql", "--query", bad]);
    assert_eq!(out.status.code(), Some(1));
    let answer: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(answer["errors"].as_array().unwrap().len(), 2, "{answer}");
}

#[test]
fn a_graphql_mutation_whose_answer_is_lost_exits_3() {
    let fm = Fm::start();
    let faults = "error=1,error_at=after,error_status=502,only=/graphql"
        .parse()
        .unwrap();
    fm.sandbox.set_faults(faults);
    let mutation =
        r#"mutation { system_create_Classes(data: {classCode: "C88", className: "Lost"}) { id } }"#;
    let err = failed(&fm.run(&["graphql", "--query", mutation]), 3);
    assert!(err.contains("whether the mutation was applied"), "{err}");
    assert_eq!(fm.sent("POST", "/graphql"), 1, "a mutation is sent once");
    fm.sandbox.set_faults(Default::default());
    let rest = fm.json(&[
        "records",
        "list",
        "system",
        "Classes",
        "--filter",
        r#"{"classCode":{"_eq":"C88"}}"#,
    ]);
    assert_eq!(rest["total"], 1, "applied all the same: {rest}");
}
