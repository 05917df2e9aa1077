//! The FlexModel GraphQL and API log screens in the real window, on the embedded sandbox:
//! a query's formatted answer (Ctrl+Enter), a GraphQL error in a 200 shown as one with its
//! place, completion of fields and arguments from the schema, the history, the draft kept
//! across a switch of profile, and the bad inputs refused before anything is sent; then the
//! API log's rows (made by the app's own calls, a failing one among them), its filters in the
//! address, the chart, the top APIs, a row's detail, and bad time ranges refused unsent.

use console_desk_e2e::{open_on_flexmodel_sandbox, App, FLEXMODEL_SANDBOX};
use serde_json::{json, Value};

/// Calls one of the app's commands as the UI does; `Err` holds the serialized error.
async fn invoke(app: &App, command: &str, args: Value) -> Result<Value, Value> {
    let answer = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));",
            vec![json!(command), args],
        )
        .await
        .expect("invoke runs");
    match answer.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(answer["err"].clone()),
    }
}

/// From now on, records the name of every command the window sends (in `window.__sent`). Tauri
/// freezes its own invoke functions, but on Linux a command travels as a `fetch` of
/// `ipc://localhost/<command>`, and `fetch` can be watched.
async fn record_commands(app: &App) {
    app.run(
        "window.__sent = [];
         if (!window.__recording) {
           const fetch = window.fetch.bind(window);
           window.fetch = (input, init) => {
             const url = String(input && input.url ? input.url : input);
             if (url.startsWith('ipc:') || url.includes('ipc.localhost')) window.__sent.push(decodeURIComponent(url.split('/').pop()));
             return fetch(input, init);
           };
           window.__recording = true;
         }",
        vec![],
    )
    .await;
}

async fn sent(app: &App, prefix: &str) -> Vec<String> {
    let v = app
        .run(
            "return window.__sent.filter((c) => c.startsWith(arguments[0]))",
            vec![json!(prefix)],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// How many API log rows hold `keyword` in their request body.
async fn logged(app: &App, keyword: &str) -> u64 {
    let page = invoke(
        app,
        "flexmodel_api_logs_list",
        json!({ "query": { "keyword": keyword, "page": { "page": 1, "size": 50 } } }),
    )
    .await
    .expect("the log lists");
    page["total"].as_u64().unwrap()
}

/// Puts `text` in the query editor as a paste would.
async fn set_query(app: &App, text: &str) {
    app.run(
        "const a = document.getElementById('gql-query'); a.value = arguments[0]; a.focus(); a.setSelectionRange(a.value.length, a.value.length); a.dispatchEvent(new Event('input'));",
        vec![json!(text)],
    )
    .await;
}

async fn set_variables(app: &App, text: &str) {
    app.run(
        "const v = document.getElementById('gql-variables'); v.value = arguments[0]; v.dispatchEvent(new Event('input'));",
        vec![json!(text)],
    )
    .await;
}

async fn query_value(app: &App) -> String {
    let v = app
        .run("return document.getElementById('gql-query').value", vec![])
        .await;
    v.as_str().unwrap().to_owned()
}

async fn keys(app: &App, css: &str, text: &str) {
    app.find(css)
        .await
        .send_keys(text)
        .await
        .expect("keys typed");
}

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";
const CTRL_SPACE: &str = "\u{E009}\u{E00D}\u{E000}";
const ARROW_DOWN: &str = "\u{E015}";
const TAB: &str = "\u{E004}";

/// The completion list's labels once it shows one holding `label`.
async fn offered(app: &App, label: &str) -> Vec<String> {
    app.wait_text("#gql-query-complete:not([hidden]) li", label)
        .await;
    let v = app
        .run(
            "return [...document.querySelectorAll('#gql-query-complete li')].map((li) => li.dataset.label)",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

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

    // The cursor-context module on the project's real schema: what it offers where, braces
    // and parentheses inside strings and comments not counted.
    let schema = invoke(&app, "flexmodel_graphql_schema", json!({}))
        .await
        .unwrap();
    let cases = json!([
        [
            "{ system_list_Student(where: {studentName: {_eq: \"}{)\"}}) { stu|",
            "field",
            "studentName"
        ],
        [
            "{ system_list_Student { studentClass { classN|",
            "field",
            "className"
        ],
        [
            "{ system_list_Student(where: {age: {_gt: 1}}, |",
            "argument",
            "order_by"
        ],
        ["{ system_list_Student(where: {ag|", "inputField", "age"],
        [
            "{ system_list_Student(order_by: {age: |",
            "enumValue",
            "asc"
        ],
        [
            "mutation { system_create_Classes(data: {classN|",
            "inputField",
            "className"
        ],
        ["mutation { system_cre|", "field", "system_create_Student"],
        ["{ system_list_Student(where: \"{ |", null, null],
        ["{ system_list_Student # { stu|", null, null],
    ]);
    let answers = app
        .client
        .execute_async(
            "const [schema, cases, done] = arguments;
             import('./consoles/flexmodel/views/graphql/complete.js').then((m) => {
               const index = m.schemaIndex(schema);
               done(cases.map(([text]) => {
                 const at = text.indexOf('|');
                 const found = m.suggestions(index, text.replace('|', ''), at);
                 return found ? [found.what, found.items.map((i) => i.label)] : null;
               }));
             });",
            vec![schema, cases.clone()],
        )
        .await
        .unwrap();
    for (case, answer) in cases
        .as_array()
        .unwrap()
        .iter()
        .zip(answers.as_array().unwrap())
    {
        match case[1].as_str() {
            None => assert_eq!(answer, &Value::Null, "{case}"),
            Some(what) => {
                assert_eq!(answer[0], json!(what), "{case}: {answer}");
                assert!(
                    answer[1].as_array().unwrap().contains(&case[2]),
                    "{case}: {answer}"
                );
            }
        }
    }
    assert!(
        !answers[2][1].as_array().unwrap().contains(&json!("where")),
        "an argument given is not offered again: {answers}"
    );

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

#[tokio::test(flavor = "multi_thread")]
async fn api_log_filters_charts_details_and_refuses_bad_ranges_unsent() {
    let app = App::launch_with(
        "fm-logs",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    // More rows than a page holds: twenty reads of the projects (the oldest rows).
    for _ in 0..20 {
        invoke(&app, "flexmodel_projects_list", json!({}))
            .await
            .unwrap();
    }
    // Rows of the log: two calls the console refuses, and a GraphQL query with a marker.
    for _ in 0..2 {
        let refused = invoke(
            &app,
            "flexmodel_records_list",
            json!({ "datasource": "system", "model": "NoSuchModel", "query": {} }),
        )
        .await
        .unwrap_err();
        assert!(
            refused["message"].as_str().unwrap().contains("NoSuchModel"),
            "{refused}"
        );
    }
    invoke(
        &app,
        "flexmodel_graphql_execute",
        json!({ "request": { "query": "{ system_list_Classes { id } } # logs-marker" } }),
    )
    .await
    .unwrap();

    app.click("a[data-route=logs]").await;
    app.wait_text("#logs-table tbody", "NoSuchModel").await;
    app.wait_text("#logs-table tbody", "/f/graphql").await;
    // The chart: stacked bars of successes and failures, the failures counting our two.
    app.wait_script("return document.querySelector('#logs-chart svg rect[data-series]')")
        .await;
    let failed = app
        .run(
            "return [...document.querySelectorAll('#logs-chart rect[data-series=Failed]')].reduce((n, r) => n + Number(r.dataset.value), 0)",
            vec![],
        )
        .await;
    assert!(failed.as_u64().unwrap() >= 2, "{failed}");
    let legend = app
        .run("return [...document.querySelectorAll('#logs-chart .chart-legend li')].map((li) => li.textContent)", vec![])
        .await;
    assert_eq!(legend, json!(["Succeeded", "Failed"]));
    let refused_total = app
        .run(
            "const li = [...document.querySelectorAll('#logs-top li')].find((l) => l.dataset.name.includes('NoSuchModel')); return li && li.querySelector('.logs-top-count').textContent",
            vec![],
        )
        .await;
    assert_eq!(refused_total, json!("2"));
    app.screenshot("fm-logs").await;
    // Pages read from the console, the page kept in the address.
    let first_page = app
        .wait_text("#logs-table .table-footer span", "Page 1 of")
        .await;
    assert!(first_page.contains("Page 1 of 2"), "{first_page}");
    app.click_text("#logs-table .table-footer button", "Next")
        .await;
    app.wait_text("#logs-table .table-footer", "Page 2 of 2")
        .await;
    app.wait_script("return location.hash.includes('page=2')")
        .await;
    let rows = app
        .run(
            "return document.querySelectorAll('#logs-table tbody tr').length",
            vec![],
        )
        .await;
    let total: u64 = first_page
        .split(" · ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" in all")
        .parse()
        .unwrap();
    assert_eq!(rows, json!(total - 20), "the second page holds the rest");

    // Failures only: in the address, and every row refused.
    app.select("#logs-success", "false").await;
    app.wait_script("return location.hash.includes('ok=false')")
        .await;
    app.wait_script(
        "const rows = [...document.querySelectorAll('#logs-table tbody tr')]; return rows.length > 0 && rows.every((r) => r.querySelector('.badge-error'))",
    )
    .await;
    app.wait_text("#logs-table tbody", "NoSuchModel").await;
    app.screenshot("fm-logs-failures").await;
    // A row's detail: the error, the URL, the headers the request carried.
    app.click("#logs-table tbody tr:first-child .logs-path")
        .await;
    let detail = app
        .wait_text("#log-detail", "Model not found: NoSuchModel")
        .await;
    assert!(detail.contains("x-tenant-id"), "{detail}");
    assert!(
        detail.contains("/api/f/datasources/system/models/NoSuchModel/records"),
        "{detail}"
    );
    app.screenshot("fm-logs-detail").await;
    app.click("dialog.modal .modal-actions button").await;

    // The keyword searches request bodies: the GraphQL call's body, shown in its detail.
    app.select("#logs-success", "").await;
    app.fill("#logs-keyword", "logs-marker").await;
    app.wait_script("return location.hash.includes('q=logs-marker')")
        .await;
    app.wait_script(
        "const rows = document.querySelectorAll('#logs-table tbody tr'); return rows.length === 1 && rows[0].textContent.includes('/f/graphql')",
    )
    .await;
    app.click("#logs-table tbody tr:first-child button[data-action=detail]")
        .await;
    app.wait_text("#log-body", "logs-marker").await;
    app.click("dialog.modal .modal-actions button").await;
    app.click("button[data-range='1h']").await;
    app.wait_script("return location.hash.includes('range=1h') && document.getElementById('logs-from').value !== ''")
        .await;
    app.wait_text("#logs-table tbody", "/f/graphql").await;

    // Bad time ranges: each message under its field, nothing asked, the rows left as they were.
    record_commands(&app).await;
    let table: [(&str, &str, &str, &str); 3] = [
        (
            "2030-01-02T10:00:00",
            "2030-01-01T10:00:00",
            "from",
            "The start must be before the end.",
        ),
        (
            "",
            "2030-01-01T10:00:00",
            "from",
            "Pick the start of the range.",
        ),
        (
            "2030-01-01T10:00:00",
            "",
            "to",
            "Pick the end of the range.",
        ),
    ];
    for (from, to, field, message) in table {
        app.run(
            "document.getElementById('logs-from').value = arguments[0]; const to = document.getElementById('logs-to'); to.value = arguments[1]; to.dispatchEvent(new Event('change'));",
            vec![json!(from), json!(to)],
        )
        .await;
        app.wait_text(
            &format!("#logs-filters .field[data-for={field}] .field-error"),
            message,
        )
        .await;
        app.screenshot(&format!("fm-logs-bad-range-{field}")).await;
    }
    assert_eq!(sent(&app, "flexmodel_api_logs").await, Vec::<String>::new());
    app.wait_text("#logs-table tbody", "/f/graphql").await;
    // A good range is read again (the check above would have seen it).
    app.run(
        "document.getElementById('logs-from').value = '2000-01-01T00:00:00'; const to = document.getElementById('logs-to'); to.value = '2099-01-01T00:00:00'; to.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await;
    app.wait_script("return location.hash.includes('from=2000-01-01') && window.__sent.includes('flexmodel_api_logs_list')")
        .await;

    // The GraphQL screen in the dark theme, for a look.
    app.click("a[data-route=graphql]").await;
    app.wait_text("#gql-schema", "Schema read").await;
    set_query(&app, "{ system_list_Classes { id className } }").await;
    app.click("#gql-run").await;
    app.wait_script("return document.querySelector('#gql-data')")
        .await;
    app.screenshot("fm-graphql-dark").await;
    app.close().await;
}
