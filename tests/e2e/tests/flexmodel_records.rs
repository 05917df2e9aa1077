//! The FlexModel records screen in the real window, on the built-in sandbox's seeded
//! `Student` model (60 deterministic students): the filter builder writing the JSON and the
//! JSON filling the builder, paging and sorting on the console, a record created through the
//! form, one field edited (sent as a PATCH of that field alone, as the sandbox's own API log
//! shows), a full replace (PUT), its relations shown, then deleted; bad input in the form and
//! the filter refused with its message and nothing sent.

mod fm_records;

use console_desk_e2e::App;
use fm_records::*;
use serde_json::{json, Value};

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
        app.run(
            "return document.getElementById('records-filter-json').value",
            vec![]
        )
        .await
        .as_str()
        .map(|t| serde_json::from_str::<Value>(t).unwrap()),
        Some(serde_json::from_str(beyond).unwrap())
    );
    app.screenshot("fm-records-unshown").await;

    // The benchmark's way: the box's text set without typing, then Apply.
    app.run(
        "document.getElementById('records-filter-json').value = '{\"classId\": 2}'",
        vec![],
    )
    .await;
    app.click("#records-apply").await;
    app.wait_script("return new URLSearchParams(location.hash.split('?')[1]).get('filter') === '{\"classId\":2}'").await;
    let expected = ids_where(|s| (s.0 - 1) % 5 + 1 == 2);
    assert_eq!(grid_ids(&app, expected.len()).await, expected);

    // Sorting and paging on the console.
    app.click("#records-clear").await;
    grid_ids(&app, 60).await;
    app.click("#records-grid th[data-sort='age']").await;
    app.wait_script("return document.querySelector(\"#records-grid th[data-sort='age']\").getAttribute('aria-sort') === 'ascending' && !document.querySelector('.rg[aria-busy]')").await;
    let ages: Vec<String> = column(&app, "age").await;
    let mut all: Vec<Option<u64>> = (1..=60).map(|i| student(i).2).collect();
    all.sort();
    let shown = |a: &Option<u64>| a.map(|a| a.to_string()).unwrap_or("—".into());
    assert_eq!(ages, all[..20].iter().map(shown).collect::<Vec<_>>());
    app.click("#records-grid th[data-sort='age']").await;
    app.wait_script("return document.querySelector(\"#records-grid th[data-sort='age']\").getAttribute('aria-sort') === 'descending' && !document.querySelector('.rg[aria-busy]')").await;
    app.click("#records-last").await;
    app.wait_script("return document.getElementById('records-page').value === '3' && !document.querySelector('.rg[aria-busy]')").await;
    all.reverse();
    assert_eq!(
        column(&app, "age").await,
        all[40..].iter().map(shown).collect::<Vec<_>>()
    );
    app.select("#records-size", "50").await;
    app.wait_script("return document.getElementById('records-pages').textContent === 'of 2' && document.querySelectorAll('#records-grid tbody tr[data-id]').length === 50").await;
    app.click("#records-next").await;
    app.wait_script(
        "return document.querySelectorAll('#records-grid tbody tr[data-id]').length === 10",
    )
    .await;
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
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
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
    app.click(&format!(
        "#records-grid tr[data-id='{id}'] [data-action='edit']"
    ))
    .await;
    app.fill("#rec-age", "34").await;
    app.wait_text("#record-send-mode", "PATCH").await;
    app.screenshot("fm-records-form-edit").await;
    app.click("dialog.modal [data-action='save']").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let path = format!("PATCH /f/datasources/system/models/Student/records/{id}");
    let patched = logged(&app, &path).await;
    assert_eq!(patched.len(), 1, "{patched:?}");
    assert_eq!(
        serde_json::from_str::<Value>(patched[0]["requestBody"].as_str().unwrap()).unwrap(),
        json!({"age": 34})
    );
    assert_eq!(column(&app, "age").await, vec!["34"]);

    // A full replace asked for: a PUT of the whole record.
    app.click(&format!(
        "#records-grid tr[data-id='{id}'] [data-action='edit']"
    ))
    .await;
    app.fill("#rec-score", "90").await;
    app.click("#record-full-replace").await;
    app.wait_text("#record-send-mode", "PUT").await;
    app.click("dialog.modal [data-action='save']").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let put = logged(
        &app,
        &format!("PUT /f/datasources/system/models/Student/records/{id}"),
    )
    .await;
    assert_eq!(put.len(), 1);
    let whole: Value = serde_json::from_str(put[0]["requestBody"].as_str().unwrap()).unwrap();
    assert_eq!(
        (
            &whole["id"],
            &whole["age"],
            &whole["score"],
            &whole["studentName"]
        ),
        (&json!(61), &json!(34), &json!(90), &json!("E2E Student"))
    );
    assert!(
        whole.get("studentNo").is_some() && whole.get("createdAt").is_some(),
        "{whole}"
    );
    assert_eq!(column(&app, "score").await, vec!["90"]);

    // Relations on demand: the row's view reads it with its relations, the toggle fills them.
    app.click(&format!(
        "#records-grid tr[data-id='{id}'] [data-action='view']"
    ))
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
    app.click(&format!(
        "#records-grid tr[data-id='{id}'] [data-action='delete']"
    ))
    .await;
    app.click("dialog.modal [data-action='confirm']").await;
    grid_ids(&app, 0).await;
    assert_eq!(
        logged(
            &app,
            &format!("DELETE /f/datasources/system/models/Student/records/{id}")
        )
        .await
        .len(),
        1
    );
    app.close().await;
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
        assert!(
            shown.contains(message),
            "{model}.{field} = {typed:?}: {shown}"
        );
        app.screenshot(&format!("fm-records-bad-form-{i}")).await;
        app.click("dialog.modal .modal-title .icon-btn").await;
        app.wait_script("return !document.querySelector('dialog.modal')")
            .await;
    }
    assert_eq!(
        record_writes(&app).await,
        writes,
        "a refused form sent nothing"
    );
    let books = invoke(
        &app,
        "flexmodel_records_list",
        json!({"datasource": "system", "model": "Book", "query": {}}),
    )
    .await;
    assert_eq!(books["total"], json!(0));

    // The raw filter: refused in the server's words, and no list asked for.
    open_students(&app).await;
    let lists = logged(&app, "GET /f/datasources/system/models/Student/records")
        .await
        .len();
    let filter_cases = [
        ("{oops", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (r#"{"age": {"_like": 1}}"#, "Unsupported operator: _like"),
        (
            r#"{"age": {"_between": [1]}}"#,
            "_between takes exactly two values",
        ),
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
        enter(
            &app,
            "#records-conditions .fb-row:nth-child(1) .fb-input",
            typed,
        )
        .await;
        app.click("#records-apply").await;
        app.wait_text(
            "#records-conditions .fb-row:nth-child(1) .fb-error",
            message,
        )
        .await;
    }
    app.screenshot("fm-records-bad-filter-row").await;
    assert_eq!(
        logged(&app, "GET /f/datasources/system/models/Student/records")
            .await
            .len(),
        lists,
        "a refused filter asked for no list"
    );
    assert_eq!(address(&app).await.get("filter"), None);
    assert_eq!(grid_ids(&app, 60).await.len(), 20);
    app.close().await;
}
