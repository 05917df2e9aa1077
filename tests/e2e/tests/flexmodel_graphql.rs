//! The FlexModel GraphQL and API log screens in the real window, on the embedded sandbox:
//! a query's formatted answer (Ctrl+Enter), a GraphQL error in a 200 shown as one with its
//! place, completion of fields and arguments from the schema, the history, the draft kept
//! across a switch of profile, and the bad inputs refused before anything is sent; then the
//! API log (`api_log`).

// The crate's other files, in a directory of its own (cargo would take a file beside this one
// for a test of its own).
#[path = "flexmodel_graphql/api_log.rs"]
mod api_log;
#[path = "flexmodel_graphql/contexts.rs"]
mod contexts;
#[path = "flexmodel_graphql/support.rs"]
mod support;

use console_desk_e2e::{App, FLEXMODEL_SANDBOX};
use serde_json::{json, Value};

use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn graphql_runs_completes_keeps_history_and_refuses_bad_input_unsent() {
    let app = App::launch_flexmodel("fm-graphql").await;
    app.click("a[data-route=graphql]").await;
    app.wait_text("#gql-schema", "Schema read").await;

    // A query run with Ctrl+Enter: the answer is the console's data, formatted, with its time.
    let query = "{ system_list_Student(page: 1, size: 2) { id studentName } }";
    set_query(&app, query).await;
    keys(&app, "#gql-query", CTRL_ENTER).await;
    app.wait_script("return document.querySelector('.gql-answer[data-state=ok] #gql-data')")
        .await;
    let shown: Value = serde_json::from_str(
        app.run(
            "return document.getElementById('gql-data').textContent",
            vec![],
        )
        .await
        .as_str()
        .unwrap(),
    )
    .unwrap();
    let direct = invoke(
        &app,
        "flexmodel_graphql_execute",
        json!({ "request": { "query": query } }),
    )
    .await
    .unwrap();
    assert_eq!(shown, direct);
    assert_eq!(shown["system_list_Student"].as_array().unwrap().len(), 2);
    let pretty = app
        .run(
            "return document.getElementById('gql-data').textContent.includes('\\n    {')",
            vec![],
        )
        .await;
    assert_eq!(pretty, json!(true), "the answer is indented JSON");
    let time = app.wait_text("#gql-time", " ms").await;
    assert!(
        time.trim_end_matches(" ms").parse::<u64>().is_ok(),
        "{time}"
    );
    app.screenshot("fm-graphql-answer").await;

    // An unknown field: the 200's GraphQL error shown as an error, with its place in the text.
    let bad = "{ system_list_Student { id nme } }";
    set_query(&app, bad).await;
    app.click("#gql-run").await;
    let error = app
        .wait_text(
            ".gql-answer[data-state=errors] .gql-errors[role=alert]",
            "nme",
        )
        .await;
    assert!(
        error.contains("system_Student"),
        "the server's message: {error}"
    );
    assert!(error.contains("1 GraphQL error"), "{error}");
    app.click(".gql-error-location").await;
    let caret = app
        .run(
            "return document.getElementById('gql-query').selectionStart",
            vec![],
        )
        .await;
    assert_eq!(
        caret,
        json!(bad.find("nme").unwrap()),
        "the location puts the caret on the field"
    );
    app.screenshot("fm-graphql-errors").await;

    // Completion: a root field after its prefix, then the selected field's type's fields, and
    // a field's arguments inside its parentheses; Enter inserts, Escape closes.
    set_query(&app, "").await;
    keys(&app, "#gql-query", "{ system_list_Stu").await;
    assert_eq!(
        offered(&app, "system_list_Student").await[0],
        "system_list_Student"
    );
    app.screenshot("fm-graphql-completion").await;
    keys(&app, "#gql-query", ENTER).await;
    assert_eq!(query_value(&app).await, "{ system_list_Student");
    keys(&app, "#gql-query", " { stu").await;
    let fields = offered(&app, "studentName").await;
    assert_eq!(fields[0], "studentName", "{fields:?}");
    assert!(
        !fields.contains(&"className".to_owned()),
        "Student's fields only: {fields:?}"
    );
    keys(&app, "#gql-query", ENTER).await;
    assert_eq!(
        query_value(&app).await,
        "{ system_list_Student { studentName"
    );
    keys(&app, "#gql-query", " ag").await;
    offered(&app, "age").await;
    keys(&app, "#gql-query", ESCAPE).await;
    app.wait_script("return document.getElementById('gql-query-complete').hidden")
        .await;
    // Ctrl+Space opens the list at a prefix typed before; an arrow and Tab take the second.
    set_query(&app, "{ system_list_Student { stu").await;
    keys(&app, "#gql-query", CTRL_SPACE).await;
    let labels = offered(&app, "studentName").await;
    assert!(labels.len() > 1, "{labels:?}");
    keys(&app, "#gql-query", &format!("{ARROW_DOWN}{TAB}")).await;
    assert_eq!(
        query_value(&app).await,
        format!("{{ system_list_Student {{ {}", labels[1])
    );
    set_query(&app, "{ system_list_Student(").await;
    keys(&app, "#gql-query", "si").await;
    assert_eq!(offered(&app, "size").await, ["size"]);
    keys(&app, "#gql-query", ENTER).await;
    assert_eq!(query_value(&app).await, "{ system_list_Student(size: ");

    // The history: newest first, without repeats, kept per profile and project; a click loads.
    let titles = app
        .run(
            "return [...document.querySelectorAll('#gql-history .gql-history-title')].map((e) => e.textContent)",
            vec![],
        )
        .await;
    assert_eq!(titles, json!([bad, query]));
    let stored = app
        .run(
            "return JSON.parse(localStorage.getItem(arguments[0])).map((e) => e.query)",
            vec![json!(format!(
                "consoledesk.fm.graphql.history:{FLEXMODEL_SANDBOX}:default"
            ))],
        )
        .await;
    assert_eq!(stored, json!([bad, query]));
    app.click_text("#gql-history .gql-history-item", "size: 2")
        .await;
    assert_eq!(query_value(&app).await, query);
    // Clear empties the list and what is kept.
    app.click("#gql-history-clear").await;
    app.wait_script("return document.querySelector('#gql-history .gql-history-empty')")
        .await;
    let kept = app
        .run(
            "return localStorage.getItem(arguments[0])",
            vec![json!(format!(
                "consoledesk.fm.graphql.history:{FLEXMODEL_SANDBOX}:default"
            ))],
        )
        .await;
    assert_eq!(kept, Value::Null);

    contexts::offers_on_the_real_schema(&app).await;

    // The text in the editor survives a switch to the Encoo profile and back.
    let draft = "# kept across profiles\n{ system_list_Classes { id className } }";
    set_query(&app, draft).await;
    app.select("#profile-switch", "sandbox").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    app.select("#profile-switch", FLEXMODEL_SANDBOX).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'graphql'")
        .await;
    assert_eq!(query_value(&app).await, draft);

    // Bad input, each refused with its message under its field, and nothing sent.
    record_commands(&app).await;
    let ops = "query A { system_list_Classes { id } }\nquery B { system_list_Student(size: 1) { id } } # marker-two";
    let table: [(&str, &str, &str, &str); 6] = [
        ("", "", "query", "Write a query to run."),
        ("# marker-comment only", "", "query", "Write a query to run."),
        ("query Q($age: Int) { system_list_Student(where: {age: {_gt: $age}}) { id } } # marker-json", "{age: 3}", "variables", "The variables are not valid JSON"),
        ("query Q($age: Int) { system_list_Student(where: {age: {_gt: $age}}) { id } } # marker-array", "[3]", "variables", "The variables must be a JSON object"),
        ("query Q($age: Int!) { system_list_Student(where: {age: {_gt: $age}}) { id } } # marker-missing", "{}", "variables", "The operation needs a value for $age (Int!)."),
        (ops, "", "operationName", "The document has 2 operations: pick the one to run."),
    ];
    for (query, variables, field, message) in table {
        set_query(&app, query).await;
        set_variables(&app, variables).await;
        app.click("#gql-run").await;
        let shown = app
            .wait_text(&format!(".field[data-for={field}] .field-error"), message)
            .await;
        assert!(shown.contains(message), "{query}: {shown}");
    }
    app.screenshot("fm-graphql-bad-input").await;
    assert_eq!(
        sent(&app, "flexmodel_graphql_run").await,
        Vec::<String>::new()
    );
    assert_eq!(
        logged(&app, "marker-").await,
        0,
        "no request reached the console"
    );
    // The same document with its operation picked runs, and is seen by both checks.
    app.select("#gql-operation", "B").await;
    app.click("#gql-run").await;
    app.wait_script("return document.querySelector('.gql-answer[data-state=ok] #gql-data')")
        .await;
    assert_eq!(
        sent(&app, "flexmodel_graphql_run").await,
        ["flexmodel_graphql_run"]
    );
    assert_eq!(logged(&app, "marker-two").await, 1);

    // Every string of these screens has its Chinese twin.
    app.click("a[data-route=logs]").await;
    app.wait_script("return document.querySelector('#logs-table tbody tr')")
        .await;
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys()));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]), "strings missing a translation");
    app.screenshot("fm-logs-light").await;
    app.close().await;
}
