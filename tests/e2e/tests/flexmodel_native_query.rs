//! The FlexModel native query screen in the real window, on the built-in sandbox: the seeded
//! `StudentsOlderThan` query loaded with its `${age}` parameter, a missing value refused with
//! nothing sent, rows with the console's time and the round trip, a text parameter, a change
//! answered with its count, the console's refusal in its words; then the records screen
//! opened from an address (its place restored), on a dark desktop and in Chinese.

mod fm_records;

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use fm_records::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn a_native_query_asks_for_its_parameter_and_shows_rows_a_count_and_the_time() {
    // On a dark desktop, to see both screens in the dark theme too.
    let app = App::launch_with(
        "fm-native",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    app.run("location.hash = '#/native?ds=system'", vec![])
        .await;
    app.wait_script("return [...document.querySelectorAll('#native-model option')].some((o) => o.value === 'StudentsOlderThan')").await;
    app.select("#native-model", "StudentsOlderThan").await;
    app.find("#native-param-age").await;
    assert_eq!(
        app.run(
            "return document.getElementById('native-statement').value",
            vec![]
        )
        .await,
        json!("select * from Student where age > ${age}")
    );
    let path = "POST /f/datasources/system/native-query";
    let sent = logged(&app, path).await.len();

    // Bad input: a parameter without a value, no statement; nothing sent.
    app.click("#native-run").await;
    app.wait_text(
        ".nq-param[data-for='age'] .field-error",
        "A value is needed.",
    )
    .await;
    app.screenshot("fm-native-bad-parameter").await;
    assert_eq!(logged(&app, path).await.len(), sent);

    // Rows, typed as a number, with the console's time and the round trip.
    app.fill("#native-param-age", "15").await;
    app.wait_text(".nq-param[data-for='age'] .nq-kind", "number")
        .await;
    app.click("#native-run").await;
    let expected = ids_where(|s| s.2.is_some_and(|a| a > 15));
    let shown = app
        .wait_script("return document.querySelectorAll('#native-grid tbody tr').length")
        .await;
    assert_eq!(shown, json!(expected.len()));
    let time = app.wait_text("#native-time", "ms").await;
    assert!(
        time.contains("Console") && time.contains("round trip"),
        "{time}"
    );
    let ran = logged(&app, path).await;
    assert_eq!(ran.len(), sent + 1);
    assert_eq!(
        serde_json::from_str::<Value>(ran[0]["requestBody"].as_str().unwrap()).unwrap(),
        json!({"statement": "select * from Student where age > ${age}", "parameters": {"age": 15}})
    );
    let columns = app
        .run("return [...document.querySelectorAll('#native-grid thead th')].map((th) => th.textContent)", vec![])
        .await;
    assert!(
        columns.as_array().unwrap().contains(&json!("studentName")),
        "{columns}"
    );
    app.screenshot("fm-native-rows").await;

    // A text parameter, and a change answered with its count.
    app.fill(
        "#native-statement",
        "select studentName from Student where studentName = ${name}",
    )
    .await;
    app.fill("#native-param-name", "Student 07").await;
    app.wait_text(".nq-param[data-for='name'] .nq-kind", "text")
        .await;
    app.click("#native-run").await;
    app.wait_text("#native-grid tbody", "Student 07").await;
    app.fill(
        "#native-statement",
        "update Student set score = score where age > ${age}",
    )
    .await;
    app.find("#native-param-age").await;
    assert_eq!(
        app.run(
            "return document.getElementById('native-param-age').value",
            vec![]
        )
        .await,
        json!("15"),
        "a parameter's value is kept while its name stays"
    );
    app.click("#native-run").await;
    app.wait_text(
        "#native-count",
        &format!("{} rows changed.", expected.len()),
    )
    .await;
    app.screenshot("fm-native-count").await;

    // The console's refusal, in its words.
    app.fill("#native-statement", "select * from Nope where age > ${age}")
        .await;
    app.find("#native-param-age").await;
    app.click("#native-run").await;
    app.wait_text("#native-error", "Nope").await;
    app.screenshot("fm-native-error").await;

    // A place in the address comes back as it was: model, filter, sort, page, page size.
    let filter = r#"{"age":{"_gte":15}}"#;
    app.run(
        "location.hash = '#/records?' + new URLSearchParams({ds: 'system', model: 'Student', filter: arguments[0], sort: 'studentName:desc', page: '2', size: '20'})",
        vec![json!(filter)],
    )
    .await;
    let mut expected = ids_where(|s| s.2.is_some_and(|a| a >= 15));
    expected.reverse();
    assert_eq!(
        grid_ids(&app, expected.len()).await,
        expected[20..].to_vec()
    );
    assert_eq!(
        app.run("return document.querySelector(\"#records-grid th[data-sort='studentName']\").getAttribute('aria-sort')", vec![]).await,
        json!("descending")
    );
    app.wait_script("return document.querySelectorAll('#records-conditions .fb-row').length === 1")
        .await;
    app.screenshot("fm-records-dark").await;

    // In Chinese, every word of both screens has its translation.
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "数据记录").await;
    app.screenshot("fm-records-dark-zh").await;
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys().filter((k) => k.startsWith('fm.records.') || k.startsWith('fm.native.'))));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]));
    app.close().await;
}
