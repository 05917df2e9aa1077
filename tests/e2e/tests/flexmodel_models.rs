//! The Models screen on the FlexModel sandbox: a model made from IDL (a syntax error first,
//! shown at its line, nothing created; then one the console refuses anyway, its words shown),
//! then a field and an index added through the forms, listed, edited and deleted; a seeded
//! model's IDL; and the ER diagram's Classes–Student relation.

mod fm_models;

use console_desk_e2e::App;
use flexmodel_rules::{check_idl, Datasource};
use fm_models::{clear, models, named, open_model, paste};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_model_from_idl_gets_a_field_and_an_index_and_the_seed_shows_its_idl_and_relations() {
    let app = App::launch_flexmodel("fm-models").await;
    assert_eq!(
        app.run(
            "return document.getElementById('content').dataset.screen",
            vec![]
        )
        .await,
        json!("models")
    );
    open_model(&app, "Student").await;
    let groups = app
        .run("return [...document.querySelectorAll('.fm-model-group')].map((g) => [g.dataset.group, [...g.querySelectorAll('[data-model]')].map((b) => b.dataset.model)])", vec![])
        .await;
    assert_eq!(
        groups,
        json!([
            ["entity", ["Classes", "Student", "Product"]],
            ["enum", ["UserGender"]],
            ["native_query", ["StudentsOlderThan"]]
        ])
    );

    // The seeded model's IDL, as the IDL crate prints its JSON, and copyable.
    let seed = models(&app).await;
    let expected = flexmodel_idl::print(named(&seed, "Student"));
    let idl = app.wait_script("const t = document.getElementById('fm-model-idl')?.textContent; return t && t.startsWith('model') ? t : ''").await;
    assert_eq!(idl, json!(expected));
    assert!(
        expected.contains(
            "studentClass? : Classes @relation(localField: \"classId\", foreignField: \"id\""
        ),
        "{expected}"
    );
    app.click("#fm-copy-idl").await;
    app.wait_text(".toast", "Copied").await;
    app.screenshot("fm-models-student").await;

    // Search: over the list the console sent.
    app.fill("#fm-models-search", "stud").await;
    app.wait_script("return document.querySelectorAll('.fm-model-list [data-model]').length === 2")
        .await;
    app.screenshot("fm-models-search").await;
    clear(&app, "#fm-models-search").await;

    // The ER diagram: the Classes–Student relation both ways, from row to row.
    app.click("#fm-view-er").await;
    app.find("path.er-link[data-from='Student.studentClass'][data-to='Classes.id']")
        .await;
    let ends = app
        .run(
            "const box = (m) => document.querySelector(`.er-entity[data-model=${m}]`).getBoundingClientRect();
             const path = document.querySelector(\"path.er-link[data-from='Classes.students']\");
             const start = path.getPointAtLength(0), end = path.getPointAtLength(path.getTotalLength());
             const m = path.getScreenCTM();
             const at = (p) => ({ x: p.x * m.a + m.e, y: p.y * m.d + m.f });
             const inside = (p, b) => p.x >= b.left - 1 && p.x <= b.right + 1 && p.y >= b.top - 1 && p.y <= b.bottom + 1;
             return [path.dataset.to, inside(at(start), box('Classes')), inside(at(end), box('Student'))];",
            vec![],
        )
        .await;
    assert_eq!(
        ends,
        json!(["Student.classId", true, true]),
        "the line runs from Classes to Student"
    );
    assert!(app
        .run("return location.hash", vec![])
        .await
        .as_str()
        .unwrap()
        .contains("view=er"));
    app.screenshot("fm-models-er").await;
    // A box opens its model (an SVG group takes no WebDriver click: the event, as a click sends it).
    app.run("document.querySelector(\".er-entity[data-model='Classes']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))", vec![]).await;
    app.wait_text("#fm-model-title", "Classes").await;
    app.screenshot("fm-models-classes").await;
    assert!(app
        .run("return location.hash", vec![])
        .await
        .as_str()
        .unwrap()
        .contains("model=Classes"));

    // IDL with a syntax error: shown at its line, nothing created.
    let bad = "model Course {\n  id : Long @id @default(autoIncrement()),\n  title String @length(\"100\"),\n  @comment(\"课程\"),\n}";
    let problem = check_idl(&Datasource::new("system", &seed), bad)
        .problem
        .unwrap();
    assert_eq!(problem.line, 3);
    app.click("#fm-new-idl").await;
    paste(&app, "#fm-idl-text", bad).await;
    let said = app.wait_text("#fm-idl-problem", &problem.message).await;
    assert_eq!(
        said,
        format!("Line 3, column {}: {}", problem.column, problem.message)
    );
    app.find(".fm-idl-gutter [data-line='3'].error").await;
    app.click("dialog.modal button[data-action=create]").await;
    app.wait_text("#fm-idl-problem", &problem.message).await;
    app.screenshot("fm-models-idl-error").await;
    assert_eq!(models(&app).await, seed, "nothing was created");

    // A text the check passes but the console refuses (SQLite keeps `sqlite_` names for
    // itself): the console's own message, and still nothing created.
    paste(&app, "#fm-idl-text", "model sqlite_bad { id : Long @id }").await;
    app.wait_text("#fm-idl-status", "Defines: sqlite_bad").await;
    app.click("dialog.modal button[data-action=create]").await;
    let said = app.wait_text("#fm-idl-problem", "sqlite_bad").await;
    assert!(said.starts_with("The console had a problem."), "{said}");
    app.screenshot("fm-models-idl-refused").await;
    assert_eq!(models(&app).await, seed, "nothing was created");

    // Put right, the model is created and opened.
    let good = bad.replace("title String", "title : String");
    paste(&app, "#fm-idl-text", &good).await;
    app.wait_text("#fm-idl-status", "Defines: Course").await;
    assert_eq!(
        app.run(
            "return document.getElementById('fm-idl-problem').hidden",
            vec![]
        )
        .await,
        json!(true)
    );
    app.click("dialog.modal button[data-action=create]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    app.wait_text("#fm-model-title", "Course").await;
    assert_eq!(named(&models(&app).await, "Course")["comment"], "课程");

    // A field through the form: listed, and on the console as sent.
    app.click("#fm-add-field").await;
    app.fill("dialog.modal input[data-field=name]", "level")
        .await;
    app.select("dialog.modal select[data-field=type]", "Int")
        .await;
    app.select("dialog.modal select[data-field=defaultKind]", "fixed")
        .await;
    app.fill("dialog.modal input[data-field=defaultValue]", "1")
        .await;
    app.click("#fm-field-nullable").await;
    app.screenshot("fm-models-field-form").await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    app.find("#fm-fields tr[data-id='level']").await;
    let level = named(&models(&app).await, "Course")["fields"][2].clone();
    assert_eq!(
        (
            &level["name"],
            &level["type"],
            &level["nullable"],
            &level["defaultValue"]
        ),
        (
            &json!("level"),
            &json!("Int"),
            &json!(false),
            &json!({"type": "fixed", "value": 1})
        )
    );

    // An index through the form: two fields, each with its direction.
    app.click("#fm-add-index").await;
    app.fill("dialog.modal input[data-field=name]", "IDX_COURSE_TITLE")
        .await;
    app.select(
        "#fm-index-fields .fm-index-row:nth-child(1) select:nth-of-type(1)",
        "title",
    )
    .await;
    app.select(
        "#fm-index-fields .fm-index-row:nth-child(1) select:nth-of-type(2)",
        "DESC",
    )
    .await;
    app.click("#fm-index-add-field").await;
    app.select(
        "#fm-index-fields .fm-index-row:nth-child(2) select:nth-of-type(1)",
        "level",
    )
    .await;
    app.click("#fm-index-unique").await;
    app.screenshot("fm-models-index-form").await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    app.wait_text(
        "#fm-indexes tr[data-id='IDX_COURSE_TITLE']",
        "title DESC, level ASC",
    )
    .await;
    let index = named(&models(&app).await, "Course")["indexes"][0].clone();
    assert_eq!(index["unique"], true);
    assert_eq!(
        index["fields"],
        json!([{"fieldName": "title", "direction": "DESC"}, {"fieldName": "level", "direction": "ASC"}])
    );
    app.wait_text("#fm-model-idl", "@index(name: \"IDX_COURSE_TITLE\"")
        .await;
    app.screenshot("fm-models-course").await;

    // Edits: a field's length (its name stays), and the index no longer unique.
    app.click("[data-edit-field='title']").await;
    assert_eq!(
        app.run(
            "return document.querySelector('dialog.modal input[data-field=name]').disabled",
            vec![]
        )
        .await,
        json!(true)
    );
    app.fill("dialog.modal input[data-field=length]", "120")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#fm-fields tr[data-id='title']", "String(120)")
        .await;
    app.click("[data-edit-index='IDX_COURSE_TITLE']").await;
    app.click("#fm-index-unique").await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#fm-indexes tr[data-id='IDX_COURSE_TITLE']", "No")
        .await;
    let course = named(&models(&app).await, "Course").clone();
    assert_eq!(
        (
            &course["fields"][1]["length"],
            &course["indexes"][0]["unique"]
        ),
        (&json!(120), &json!(false))
    );

    // A delete says what it takes with it: the column's data and the index naming it.
    app.click("[data-delete-field='level']").await;
    let said = app.wait_text("dialog.modal", "takes with it").await;
    assert!(
        said.contains("the column level and its value in every record of Course"),
        "{said}"
    );
    assert!(
        said.contains("the index IDX_COURSE_TITLE, which names it"),
        "{said}"
    );
    app.screenshot("fm-models-delete-field").await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return !document.querySelector(\"#fm-fields tr[data-id='level']\")")
        .await;
    let course = named(&models(&app).await, "Course").clone();
    assert!(course["fields"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["name"] != "level"));
    assert_eq!(course["indexes"], json!([]));
    assert!(app
        .run("return location.hash", vec![])
        .await
        .as_str()
        .unwrap()
        .contains("ds=system&model=Course"));
    app.close().await;
}
