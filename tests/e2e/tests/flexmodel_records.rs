//! The FlexModel records and native query screens in the real window, on the built-in
//! sandbox's seeded `Student` model (60 deterministic students): the filter builder writing
//! the JSON and the JSON filling the builder, paging and sorting on the console, a record
//! created through the form, one field edited (sent as a PATCH of that field alone, as the
//! sandbox's own API log shows), a full replace (PUT), its relations shown, then deleted; bad
//! input refused with its message and nothing sent; a native query with a `${age}` parameter.

use console_desk_e2e::App;
use serde_json::{json, Value};

/// The seeded student `i` (from 1), as the sandbox's seed makes it: id, name, age, gender.
fn student(i: u64) -> (u64, String, Option<u64>, &'static str) {
    let age = (!i.is_multiple_of(20)).then(|| 10 + (i * 7) % 10);
    let gender = ["UNKNOWN", "MALE", "FEMALE"][(i % 3) as usize];
    (i, format!("Student {i:02}"), age, gender)
}

fn ids_where(keep: impl Fn(&(u64, String, Option<u64>, &'static str)) -> bool) -> Vec<u64> {
    (1..=60).map(student).filter(|s| keep(s)).map(|s| s.0).collect()
}

/// Calls one of the app's commands as the UI does (the API log is read this way).
async fn invoke(app: &App, command: &str, args: Value) -> Value {
    let answer = app
        .client
        .execute_async(
            "const [command, args, done] = arguments; window.__TAURI__.core.invoke(command, args).then((v) => done({ok: v}), (e) => done({err: e}));",
            vec![json!(command), args],
        )
        .await
        .expect("invoke runs");
    match answer.get("ok") {
        Some(v) => v.clone(),
        None => panic!("{command} failed: {answer}"),
    }
}

/// The sandbox's API log rows (newest first) whose path starts with `prefix`.
async fn logged(app: &App, prefix: &str) -> Vec<Value> {
    let page = invoke(
        app,
        "flexmodel_api_logs_list",
        json!({"query": {"page": {"page": 1, "size": 1000}}}),
    )
    .await;
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().starts_with(prefix))
        .cloned()
        .collect()
}

/// Once the grid has settled on `total` records: the ids of its rows.
async fn grid_ids(app: &App, total: usize) -> Vec<u64> {
    let script = format!(
        "const grid = document.querySelector('.rg'); const total = document.getElementById('records-total')?.textContent || '';
         if (!grid || grid.classList.contains('is-busy') || total !== '{total} records') return null;
         return [...document.querySelectorAll('#records-grid tbody tr[data-id]')].map((tr) => tr.dataset.id);"
    );
    let ids = app.wait_script(&script).await;
    ids.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().parse().unwrap())
        .collect()
}

/// Waits for the raw filter box to hold `expected` (as JSON, whatever its layout).
async fn wait_filter_json(app: &App, expected: Value) {
    app.wait_script(&format!(
        "try {{ return JSON.stringify(JSON.parse(document.getElementById('records-filter-json').value)) === {}; }} catch {{ return false; }}",
        json!(expected.to_string())
    ))
    .await;
}

/// Sets builder row `n` (from 1): its field, operator and value.
async fn condition(app: &App, n: usize, field: &str, op: &str, value: &str) {
    let row = format!("#records-conditions .fb-row:nth-child({n})");
    app.select(&format!("{row} .fb-field"), field).await;
    app.select(&format!("{row} .fb-op"), op).await;
    if !value.is_empty() {
        app.fill(&format!("{row} .fb-input"), value).await;
    }
}

/// The address's query parameters.
async fn address(app: &App) -> Value {
    app.run(
        "return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] || ''))",
        vec![],
    )
    .await
}

/// The grid's column `field` on screen, as text.
async fn column(app: &App, field: &str) -> Vec<String> {
    let v = app
        .run(
            "const i = [...document.querySelectorAll('#records-grid thead th')].findIndex((th) => th.dataset.sort === arguments[0]);
             return [...document.querySelectorAll('#records-grid tbody tr[data-id]')].map((tr) => tr.children[i].textContent);",
            vec![json!(field)],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// Types `text` into an input, as `fill` does; an empty text (which WebDriver cannot send
/// as keys) empties it as a person deleting it would.
async fn enter(app: &App, css: &str, text: &str) {
    if !text.is_empty() {
        return app.fill(css, text).await;
    }
    app.find(css).await;
    app.run(
        "const el = document.querySelector(arguments[0]); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![json!(css)],
    )
    .await;
}

async fn open_students(app: &App) {
    app.run("location.hash = '#/records?ds=system&model=Student'", vec![])
        .await;
    assert_eq!(grid_ids(app, 60).await, (1..=20).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread")]
async fn records_filtered_by_the_builder_paged_sorted_created_patched_replaced_and_deleted() {
    let app = App::launch_flexmodel("fm-records").await;
    open_students(&app).await;
    app.screenshot("fm-records-grid").await;

    // The builder writes the JSON; applying it lists what the console filtered.
    app.click("#records-add-condition").await;
    condition(&app, 1, "age", "_gt", "10").await;
    app.click("#records-add-condition").await;
    condition(&app, 2, "studentName", "_contains", "1").await;
    wait_filter_json(
        &app,
        json!({"_and": [{"age": {"_gt": 10}}, {"studentName": {"_contains": "1"}}]}),
    )
    .await;
    app.click("#records-apply").await;
    let expected = ids_where(|s| s.2.is_some_and(|a| a > 10) && s.1.contains('1'));
    assert_eq!(grid_ids(&app, expected.len()).await, expected);
    let place = address(&app).await;
    assert_eq!(
        serde_json::from_str::<Value>(place["filter"].as_str().unwrap()).unwrap(),
        json!({"_and": [{"age": {"_gt": 10}}, {"studentName": {"_contains": "1"}}]}),
        "{place}"
    );
    app.screenshot("fm-records-filtered").await;

    // The JSON fills the builder (OR, a bare value read as equals).
    app.fill(
        "#records-filter-json",
        r#"{"_or": [{"age": {"_lt": 11}}, {"gender": "MALE"}]}"#,
    )
    .await;
    let rows = app
        .wait_script(
            "const rows = [...document.querySelectorAll('#records-conditions .fb-row')];
             if (rows.length !== 2 || document.getElementById('records-combine').value !== 'or') return null;
             return rows.map((r) => [r.querySelector('.fb-field').value, r.querySelector('.fb-op').value, r.querySelector('.fb-input').value]);",
        )
        .await;
    assert_eq!(
        rows,
        json!([["age", "_lt", "11"], ["gender", "_eq", "MALE"]])
    );
    app.click("#records-apply").await;
    let expected = ids_where(|s| s.2.is_some_and(|a| a < 11) || s.3 == "MALE");
    assert_eq!(
        grid_ids(&app, expected.len()).await,
        expected[..20].to_vec()
    );

    // JSON the builder cannot show says so and is kept.
    let beyond = r#"{"_or": [{"age": 12}, {"age": 13, "active": true}]}"#;
    app.fill("#records-filter-json", beyond).await;
    app.wait_text("#records-filter-note", "cannot show").await;
    app.click("#records-apply").await;
    let expected = ids_where(|s| s.2 == Some(12) || (s.2 == Some(13) && s.0 % 4 != 0));
    assert_eq!(grid_ids(&app, expected.len()).await, expected);
    assert_eq!(
        app.run("return document.getElementById('records-filter-json').value", vec![])
            .await
            .as_str()
            .map(|t| serde_json::from_str::<Value>(t).unwrap()),
        Some(serde_json::from_str(beyond).unwrap())
    );
    app.screenshot("fm-records-unshown").await;

    // Sorting and paging on the console.
    app.click("#records-clear").await;
    grid_ids(&app, 60).await;
    app.click("#records-grid th[data-sort='age']").await;
    app.wait_script("return document.querySelector(\"#records-grid th[data-sort='age']\").getAttribute('aria-sort') === 'ascending' && !document.querySelector('.rg.is-busy')").await;
    let ages: Vec<String> = column(&app, "age").await;
    let mut all: Vec<Option<u64>> = (1..=60).map(|i| student(i).2).collect();
    all.sort();
    let shown = |a: &Option<u64>| a.map(|a| a.to_string()).unwrap_or("—".into());
    assert_eq!(ages, all[..20].iter().map(shown).collect::<Vec<_>>());
    app.click("#records-grid th[data-sort='age']").await;
    app.wait_script("return document.querySelector(\"#records-grid th[data-sort='age']\").getAttribute('aria-sort') === 'descending' && !document.querySelector('.rg.is-busy')").await;
    app.click("#records-last").await;
    app.wait_script("return document.getElementById('records-page').value === '3' && !document.querySelector('.rg.is-busy')").await;
    all.reverse();
    assert_eq!(
        column(&app, "age").await,
        all[40..].iter().map(shown).collect::<Vec<_>>()
    );
    app.select("#records-size", "50").await;
    app.wait_script("return document.getElementById('records-pages').textContent === 'of 2' && document.querySelectorAll('#records-grid tbody tr[data-id]').length === 50").await;
    app.click("#records-next").await;
    app.wait_script("return document.querySelectorAll('#records-grid tbody tr[data-id]').length === 10").await;
    let place = address(&app).await;
    assert_eq!(
        (&place["sort"], &place["page"], &place["size"]),
        (&json!("age:desc"), &json!("2"), &json!("50"))
    );
    app.screenshot("fm-records-sorted-last-page").await;

    // A record created through the form (a relation picked among the related records).
    app.click("#records-new").await;
    app.fill("#rec-studentName", "E2E Student").await;
    app.fill("#rec-age", "33").await;
    app.select("#rec-gender", "FEMALE").await;
    app.fill("#rec-score", "88.5").await;
    app.fill("#rec-profile", r#"{"hobby": "chess"}"#).await;
    app.pick("dialog.modal", "classId", "Class C").await;
    app.screenshot("fm-records-form-new").await;
    app.click("dialog.modal [data-action='save']").await;
    app.wait_script("return !document.querySelector('dialog.modal')").await;
    let created = logged(&app, "POST /f/datasources/system/models/Student/records").await;
    assert_eq!(created.len(), 1);
    let sent: Value = serde_json::from_str(created[0]["requestBody"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({"studentName": "E2E Student", "age": 33, "gender": "FEMALE", "classId": 3, "score": 88.5, "active": true, "profile": {"hobby": "chess"}})
    );
    app.fill("#records-filter-json", r#"{"studentName": "E2E Student"}"#)
        .await;
    app.click("#records-apply").await;
    let id = grid_ids(&app, 1).await[0];
    assert_eq!(id, 61);

    // One field edited: a PATCH of that field alone.
    app.click(&format!("#records-grid tr[data-id='{id}'] [data-action='edit']"))
        .await;
    app.fill("#rec-age", "34").await;
    app.wait_text("#record-send-mode", "PATCH").await;
    app.screenshot("fm-records-form-edit").await;
    app.click("dialog.modal [data-action='save']").await;
    app.wait_script("return !document.querySelector('dialog.modal')").await;
    let path = format!("PATCH /f/datasources/system/models/Student/records/{id}");
    let patched = logged(&app, &path).await;
    assert_eq!(patched.len(), 1, "{patched:?}");
    assert_eq!(
        serde_json::from_str::<Value>(patched[0]["requestBody"].as_str().unwrap()).unwrap(),
        json!({"age": 34})
    );
    assert_eq!(column(&app, "age").await, vec!["34"]);

    // A full replace asked for: a PUT of the whole record.
    app.click(&format!("#records-grid tr[data-id='{id}'] [data-action='edit']"))
        .await;
    app.fill("#rec-score", "90").await;
    app.click("#record-full-replace").await;
    app.wait_text("#record-send-mode", "PUT").await;
    app.click("dialog.modal [data-action='save']").await;
    app.wait_script("return !document.querySelector('dialog.modal')").await;
    let put = logged(&app, &format!("PUT /f/datasources/system/models/Student/records/{id}")).await;
    assert_eq!(put.len(), 1);
    let whole: Value = serde_json::from_str(put[0]["requestBody"].as_str().unwrap()).unwrap();
    assert_eq!((&whole["id"], &whole["age"], &whole["score"], &whole["studentName"]), (&json!(61), &json!(34), &json!(90), &json!("E2E Student")));
    assert!(whole.get("studentNo").is_some() && whole.get("createdAt").is_some(), "{whole}");
    assert_eq!(column(&app, "score").await, vec!["90"]);

    // Relations on demand: the row's view reads it with its relations, the toggle fills them.
    app.click(&format!("#records-grid tr[data-id='{id}'] [data-action='view']"))
        .await;
    app.wait_text("dialog.modal [data-relation='studentClass']", "Class C")
        .await;
    app.screenshot("fm-records-view").await;
    app.click("dialog.modal .modal-title .icon-btn").await;
    app.click("#records-nested").await;
    app.wait_text("#records-grid tbody [data-action='related']", "Class C")
        .await;
    assert_eq!(address(&app).await["nested"], json!("1"));

    // Deleted, after asking.
    app.click(&format!("#records-grid tr[data-id='{id}'] [data-action='delete']"))
        .await;
    app.click("dialog.modal [data-action='confirm']").await;
    grid_ids(&app, 0).await;
    assert_eq!(
        logged(&app, &format!("DELETE /f/datasources/system/models/Student/records/{id}"))
            .await
            .len(),
        1
    );
    app.close().await;
}

/// A model with a field the console requires (not null, no default) for the form's checks.
const BOOK: &str = "model Book {
  id : Long @id @default(autoIncrement()),
  title : String @length(\"100\"),
  pages? : Int
}";

/// How many changes of records the sandbox has been sent (POST, PUT, PATCH, DELETE).
async fn record_writes(app: &App) -> usize {
    let mut n = 0;
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        n += logged(app, &format!("{method} /f/datasources/"))
            .await
            .iter()
            .filter(|r| r["path"].as_str().unwrap().contains("/records"))
            .count();
    }
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_in_the_record_form_and_the_filter_is_said_and_nothing_is_sent() {
    let app = App::launch_flexmodel("fm-records-bad").await;
    invoke(
        &app,
        "flexmodel_models_execute_idl",
        json!({"datasource": "system", "idl": BOOK}),
    )
    .await;
    open_students(&app).await;
    let writes = record_writes(&app).await;
    let long = "x".repeat(256);
    // (model, field, what is typed, the message under the field)
    let form_cases: [(&str, &str, &str, &str); 7] = [
        ("Student", "age", "abc", "Not a whole number."),
        ("Student", "age", "99999999999", "Out of range for Int."),
        ("Student", "score", "1,5", "Not a number."),
        ("Student", "profile", "{oops", "Not valid JSON"),
        ("Student", "studentName", &long, "At most 255 characters."),
        ("Book", "title", "", "required"),
        ("Book", "pages", "12.5", "Not a whole number."),
    ];
    for (i, (model, field, typed, message)) in form_cases.into_iter().enumerate() {
        if model == "Book" && i == 5 {
            app.run("location.hash = '#/records?ds=system&model=Book'", vec![])
                .await;
            grid_ids(&app, 0).await;
        }
        app.click("#records-new").await;
        enter(&app, &format!("dialog.modal #rec-{field}"), typed).await;
        app.click("dialog.modal [data-action='save']").await;
        let shown = app
            .wait_text(
                &format!("dialog.modal .field[data-for='{field}'] .field-error"),
                message,
            )
            .await;
        assert!(shown.contains(message), "{model}.{field} = {typed:?}: {shown}");
        app.screenshot(&format!("fm-records-bad-form-{i}")).await;
        app.click("dialog.modal .modal-title .icon-btn").await;
        app.wait_script("return !document.querySelector('dialog.modal')")
            .await;
    }
    assert_eq!(record_writes(&app).await, writes, "a refused form sent nothing");
    let books = invoke(&app, "flexmodel_records_list", json!({"datasource": "system", "model": "Book", "query": {}})).await;
    assert_eq!(books["total"], json!(0));

    // The raw filter: refused in the server's words, and no list asked for.
    open_students(&app).await;
    let lists = logged(&app, "GET /f/datasources/system/models/Student/records").await.len();
    let filter_cases = [
        ("{oops", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (r#"{"age": {"_like": 1}}"#, "Unsupported operator: _like"),
        (r#"{"age": {"_between": [1]}}"#, "_between takes exactly two values"),
        (r#"{"_or": {"age": 1}}"#, "_or takes an array of filters"),
    ];
    for (i, (typed, message)) in filter_cases.into_iter().enumerate() {
        app.fill("#records-filter-json", typed).await;
        app.click("#records-apply").await;
        app.wait_text("#records-filter-error", message).await;
        if i == 0 {
            app.screenshot("fm-records-bad-filter-json").await;
        }
    }
    // A builder row whose value does not fit its field: said on the row.
    app.click("#records-add-condition").await;
    let builder_cases = [
        ("age", "_gt", "abc", "Not a whole number."),
        ("score", "_in", "1, x", "Not a number."),
        ("studentName", "_eq", "", "required"),
    ];
    for (field, op, typed, message) in builder_cases {
        condition(&app, 1, field, op, "").await;
        enter(&app, "#records-conditions .fb-row:nth-child(1) .fb-input", typed).await;
        app.click("#records-apply").await;
        app.wait_text("#records-conditions .fb-row:nth-child(1) .fb-error", message)
            .await;
    }
    app.screenshot("fm-records-bad-filter-row").await;
    assert_eq!(
        logged(&app, "GET /f/datasources/system/models/Student/records").await.len(),
        lists,
        "a refused filter asked for no list"
    );
    assert_eq!(address(&app).await.get("filter"), None);
    assert_eq!(grid_ids(&app, 60).await.len(), 20);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_native_query_asks_for_its_parameter_and_shows_rows_a_count_and_the_time() {
    let app = App::launch_flexmodel("fm-native").await;
    app.run("location.hash = '#/native?ds=system'", vec![]).await;
    app.wait_script("return [...document.querySelectorAll('#native-model option')].some((o) => o.value === 'StudentsOlderThan')").await;
    app.select("#native-model", "StudentsOlderThan").await;
    app.find("#native-param-age").await;
    assert_eq!(
        app.run("return document.getElementById('native-statement').value", vec![]).await,
        json!("select * from Student where age > ${age}")
    );
    let path = "POST /f/datasources/system/native-query";
    let sent = logged(&app, path).await.len();

    // Bad input: a parameter without a value, no statement; nothing sent.
    app.click("#native-run").await;
    app.wait_text(".nq-param[data-for='age'] .field-error", "A value is needed.")
        .await;
    app.screenshot("fm-native-bad-parameter").await;
    assert_eq!(logged(&app, path).await.len(), sent);

    // Rows, typed as a number, with the console's time and the round trip.
    app.fill("#native-param-age", "15").await;
    app.wait_text(".nq-param[data-for='age'] .nq-kind", "number").await;
    app.click("#native-run").await;
    let expected = ids_where(|s| s.2.is_some_and(|a| a > 15));
    let shown = app
        .wait_script("return document.querySelectorAll('#native-grid tbody tr').length")
        .await;
    assert_eq!(shown, json!(expected.len()));
    let time = app.wait_text("#native-time", "ms").await;
    assert!(time.contains("Console") && time.contains("round trip"), "{time}");
    let ran = logged(&app, path).await;
    assert_eq!(ran.len(), sent + 1);
    assert_eq!(
        serde_json::from_str::<Value>(ran[0]["requestBody"].as_str().unwrap()).unwrap(),
        json!({"statement": "select * from Student where age > ${age}", "parameters": {"age": 15}})
    );
    let columns = app
        .run("return [...document.querySelectorAll('#native-grid thead th')].map((th) => th.textContent)", vec![])
        .await;
    assert!(columns.as_array().unwrap().contains(&json!("studentName")), "{columns}");
    app.screenshot("fm-native-rows").await;

    // A text parameter, and a change answered with its count.
    app.fill("#native-statement", "select studentName from Student where studentName = ${name}").await;
    app.fill("#native-param-name", "Student 07").await;
    app.wait_text(".nq-param[data-for='name'] .nq-kind", "text").await;
    app.click("#native-run").await;
    app.wait_text("#native-grid tbody", "Student 07").await;
    app.fill("#native-statement", "update Student set score = score where age > ${age}").await;
    app.find("#native-param-age").await;
    assert_eq!(
        app.run("return document.getElementById('native-param-age').value", vec![]).await,
        json!("15"),
        "a parameter's value is kept while its name stays"
    );
    app.click("#native-run").await;
    app.wait_text("#native-count", &format!("{} rows changed.", expected.len()))
        .await;
    app.screenshot("fm-native-count").await;

    // The console's refusal, in its words.
    app.fill("#native-statement", "select * from Nope where age > ${age}").await;
    app.find("#native-param-age").await;
    app.click("#native-run").await;
    app.wait_text("#native-error", "Nope").await;
    app.screenshot("fm-native-error").await;
    app.close().await;
}
