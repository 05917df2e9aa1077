//! `console-desk-cli flexmodel …` against a FlexModel sandbox for the data side: projects, the
//! user, data sources, models and records (tables and --json), the project option, deletions
//! that need --yes, a create whose answer is lost (exit 3), and what is refused before anything
//! is sent (exit 2) or by the server (exit 1).

use crate::flexmodel_common;

use serde_json::{json, Value};

use flexmodel_common::{failed, ok, row, run_fm, stdout, Fm};

#[test]
fn projects_and_whoami_as_tables_and_json() {
    let fm = Fm::start();
    let projects = fm.json(&["projects"]);
    let ids: Vec<&str> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["default", "dev_test"]);
    let table = fm.table(&["projects"]);
    row(&table, &["dev_test", "true"]);

    let me = fm.json(&["whoami"]);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["permissions"], json!(["*"]));
    let table = fm.table(&["whoami"]);
    row(&table, &["Username", "admin"]);
    row(&table, &["Permissions", "*"]);
}

#[test]
fn datasources_list_validate_tables_and_sync() {
    let fm = Fm::start();
    let list = fm.json(&["datasources", "list"]);
    assert_eq!(list[0]["name"], "system");
    assert_eq!(list[0]["type"], "SYSTEM");
    assert_eq!(list[0]["config"]["dbKind"], "sqlite");
    row(
        &fm.table(&["datasources", "list"]),
        &["system", "SYSTEM", "sqlite"],
    );

    let check = fm.json(&["datasources", "validate", "system"]);
    assert_eq!(check["success"], true, "{check}");
    row(
        &fm.table(&["datasources", "validate", "system"]),
        &["Connected", "true"],
    );

    let tables = fm.json(&["datasources", "tables", "system"]);
    let tables: Vec<&str> = tables
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in ["Classes", "Product", "Student"] {
        assert!(tables.contains(&t), "{tables:?}");
    }

    // Syncing a table answers its model, as read from the database.
    let synced = fm.json(&["datasources", "sync", "system", "--tables", "Classes"]);
    let synced = synced.as_array().unwrap();
    assert_eq!(synced.len(), 1, "{synced:?}");
    assert_eq!(synced[0]["name"], "Classes");
    assert_eq!(synced[0]["type"], "entity");
    let names: Vec<&str> = synced[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"classCode"), "{names:?}");

    // A data source the project does not have: said before anything is validated.
    let err = failed(&fm.run(&["datasources", "validate", "nope"]), 1);
    assert!(err.contains("no data source \"nope\""), "{err}");
    assert_eq!(fm.sent("POST", "/validate"), 2);
}

#[test]
fn models_list_and_get() {
    let fm = Fm::start();
    let models = fm.json(&["models", "list", "system"]);
    let kinds: Vec<(&str, &str)> = models
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("UserGender", "enum"),
            ("Classes", "entity"),
            ("Student", "entity"),
            ("StudentsOlderThan", "native_query"),
            ("Product", "entity"),
        ]
    );
    let table = fm.table(&["models", "list", "system"]);
    row(
        &table,
        &["UserGender", "enum", "UNKNOWN,MALE,FEMALE", "性别"],
    );
    row(
        &table,
        &["Student", "entity", "13 fields, 1 indexes", "学生"],
    );

    let student = fm.json(&["models", "get", "system", "Student"]);
    assert_eq!(student["fields"].as_array().unwrap().len(), 13);
    assert_eq!(student["indexes"][0]["name"], "IDX_STUDENT_NAME");
    let table = fm.table(&["models", "get", "system", "Student"]);
    row(
        &table,
        &[
            "id",
            "Long",
            "yes",
            "yes",
            "",
            "generated autoIncrement",
            "",
        ],
    );
    row(
        &table,
        &["studentClass", "Relation", "Classes classId → id"],
    );
    row(&table, &["IDX_STUDENT_NAME", "studentName ASC"]);
    let table = fm.table(&["models", "get", "system", "StudentsOlderThan"]);
    row(
        &table,
        &["Statement", "select * from Student where age > ${age}"],
    );

    let err = failed(&fm.run(&["models", "get", "system", "Nobody"]), 1);
    assert!(err.contains("Nobody"), "{err}");
}

#[test]
fn records_list_filters_sorts_and_pages_on_the_server() {
    let fm = Fm::start();
    let filter = r#"{"age":{"_gte":18}}"#;
    let sort = r#"[{"field":"id","order":"desc"}]"#;
    let args = [
        "records", "list", "system", "Student", "--filter", filter, "--sort", sort, "--page", "1",
        "--size", "3",
    ];
    let page = fm.json(&args);
    let list = page["list"].as_array().unwrap();
    assert_eq!(page["total"], 12, "ages 18 and 19 among the 60: {page}");
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|r| r["age"].as_i64().unwrap() >= 18));
    let ids: Vec<i64> = list.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    // The filter and sort went to the server as its query parameters.
    let sent = fm.sandbox.request_log();
    let list_call = sent
        .iter()
        .rev()
        .find(|r| r.method == "GET" && r.path.ends_with("/records"))
        .unwrap();
    let query = list_call.query.as_deref().unwrap_or_default();
    assert!(
        query.contains("filter=") && query.contains("sort="),
        "{list_call:?}"
    );

    let table = fm.table(&args);
    let first = ids[0].to_string();
    row(&table, &[first.as_str()]);
    assert!(table.contains("3 shown of 12 in all"), "{table}");
    // Columns in the model's order: id, studentName, gender, age…
    let header = table.lines().nth(1).unwrap();
    let at = |name: &str| {
        header
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {header}"))
    };
    assert!(at("id") < at("studentName") && at("studentName") < at("gender"));
    assert!(
        at("gender") < at("age") && at("age") < at("classId"),
        "{header}"
    );

    // Nested: the relation is filled.
    let nested = fm.json(&[
        "records", "list", "system", "Student", "--size", "1", "--nested",
    ]);
    assert!(
        nested["list"][0]["studentClass"]["classCode"].is_string(),
        "{nested}"
    );
}

#[test]
fn records_in_another_project() {
    let fm = Fm::start();
    let page = fm.json(&["--project", "dev_test", "records", "list", "dev", "Todo"]);
    let titles: Vec<&str> = page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Write the report", "Review the sandbox", "Ship it"]
    );
    let tenants: Vec<String> = fm
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.path.ends_with("/records"))
        .filter_map(|r| r.header("x-tenant-id").map(str::to_owned))
        .collect();
    assert_eq!(tenants, ["dev_test"]);
    // The default project has no data source `dev`.
    let out = fm.run(&["records", "list", "dev", "Todo"]);
    failed(&out, 1);
}

#[test]
fn a_record_created_read_changed_and_deleted() {
    let fm = Fm::start();
    let made = fm.json(&[
        "records",
        "create",
        "system",
        "Student",
        "--data",
        r#"{"studentName":"Zoe Test","age":15,"classId":2}"#,
    ]);
    let id = made["id"].to_string();
    assert_eq!(made["studentName"], "Zoe Test");
    assert_eq!(made["active"], true, "the field's default");

    let got = fm.json(&["records", "get", "system", "Student", &id]);
    assert_eq!(got["age"], 15);
    assert_eq!(got["studentClass"]["id"], 2, "relations filled: {got}");
    let table = fm.table(&["records", "get", "system", "Student", &id]);
    row(&table, &["studentName", "Zoe Test"]);

    let patched = fm.json(&[
        "records",
        "patch",
        "system",
        "Student",
        &id,
        "--data",
        r#"{"age":16}"#,
    ]);
    assert_eq!(patched["age"], 16);
    assert_eq!(patched["studentName"], "Zoe Test", "PATCH keeps the rest");

    let replaced = fm.json(&[
        "records",
        "update",
        "system",
        "Student",
        &id,
        "--data",
        r#"{"studentName":"Zoe Replaced"}"#,
    ]);
    assert_eq!(replaced["studentName"], "Zoe Replaced");
    assert_eq!(replaced["age"], Value::Null, "PUT replaces the record");

    // Without --yes and without a terminal: held back, nothing sent.
    let err = failed(&fm.run(&["records", "delete", "system", "Student", &id]), 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(fm.sent("DELETE", "/records/"), 0);
    assert_eq!(
        fm.json(&["records", "get", "system", "Student", &id])["studentName"],
        "Zoe Replaced"
    );

    let out = ok(fm.run(&["records", "delete", "system", "Student", &id, "--yes"]));
    assert!(out.contains(&format!("deleted record \"{id}\"")), "{out}");
    let err = failed(&fm.run(&["records", "get", "system", "Student", &id]), 1);
    assert!(err.contains("no record"), "{err}");
}

#[test]
fn a_create_whose_answer_is_lost_exits_3_with_the_clients_advice() {
    let fm = Fm::start();
    let before = fm.json(&["records", "list", "system", "Classes"])["total"]
        .as_u64()
        .unwrap();
    let faults = "error=1,error_at=after,error_status=502,only=/models/Classes/records"
        .parse()
        .unwrap();
    fm.sandbox.set_faults(faults);
    let out = fm.run(&[
        "records",
        "create",
        "system",
        "Classes",
        "--data",
        r#"{"classCode":"C99","className":"Lost"}"#,
    ]);
    let err = failed(&out, 3);
    assert!(err.contains("Check the model's records"), "{err}");
    assert_eq!(fm.sent("POST", "/models/Classes/records"), 1, "sent once");
    fm.sandbox.set_faults(Default::default());
    let after = fm.json(&["records", "list", "system", "Classes"])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1, "the server made it all the same");
}

#[test]
fn usage_errors_exit_2_before_signing_in() {
    let fm = Fm::start();
    let cases: &[(&[&str], &str)] = &[
        (
            &["records", "list", "system", "Student", "--filter", "{age"],
            "not valid JSON",
        ),
        (
            &["records", "create", "system", "Student", "--data", "[1]"],
            "JSON object",
        ),
        (
            &[
                "records",
                "list",
                "system",
                "Student",
                "--sort",
                r#"{"field":"id"}"#,
            ],
            "--sort",
        ),
        (
            &["records", "list", "system", "Student", "--page", "0"],
            "--page",
        ),
        (
            &[
                "query",
                "system",
                "--statement",
                "select 1",
                "--param",
                "age",
            ],
            "name=value",
        ),
        (
            &["graphql", "--query", "{ a }", "--variables", "[]"],
            "JSON object",
        ),
        (
            &["models", "idl", "system", "--file", "/nonexistent/x.idl"],
            "cannot read the IDL file",
        ),
        (&["records", "get", "system"], "<ID>"),
        (&["nonsense"], "nonsense"),
    ];
    for (args, says) in cases {
        let err = failed(&fm.run(args), 2);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // No --url (and no CONSOLE_DESK_FLEXMODEL_URL), an address without a scheme, no username.
    let err = failed(&run_fm(None, &["projects"], Some("admin123"), &[]), 2);
    assert!(err.contains("--url"), "{err}");
    let host = fm.url.trim_start_matches("http://").to_owned();
    let err = failed(
        &run_fm(Some(&host), &["projects"], Some("admin123"), &[]),
        2,
    );
    assert!(err.contains("must start with http://"), "{err}");
    // No password and no terminal to ask on.
    let err = failed(&run_fm(Some(&fm.url), &["projects"], None, &[]), 2);
    assert!(err.contains("CONSOLE_DESK_PASSWORD"), "{err}");
    assert!(
        fm.sandbox.request_log().is_empty(),
        "nothing reached the server"
    );
}

#[test]
fn a_wrong_password_exits_1_naming_the_user_and_the_url_may_come_from_the_environment() {
    let fm = Fm::start();
    let out = run_fm(Some(&fm.url), &["projects"], Some("wrong"), &[]);
    let err = failed(&out, 1);
    assert!(
        err.starts_with("error: cannot sign in as \"admin\""),
        "{err}"
    );

    let env = [("CONSOLE_DESK_FLEXMODEL_URL", fm.url.as_str())];
    let out = run_fm(None, &["--json", "whoami"], Some("admin123"), &env);
    let me: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(me["username"], "admin");
}
