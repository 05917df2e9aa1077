//! Tables of bad input for the Models screen's field, index and entity forms: each message
//! shown under its input (the console's words, from `flexmodel-rules`) and nothing sent (the
//! models unchanged); then the entity form put right creates the model. On a dark desktop.

mod fm_models;

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use fm_models::{bad, choice, input, models, named, open_model, refuse_each, Bad};
use fm_models::{Clear, Click, Fill, Select, Step};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn bad_field_index_and_entity_forms_show_each_message_and_send_nothing() {
    // On a dark desktop: the forms' screenshots show the dark theme.
    let app = App::launch_with(
        "fm-models-bad",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    open_model(&app, "Student").await;
    assert_eq!(
        app.run(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![]
        )
        .await,
        json!(true)
    );
    app.screenshot("fm-models-student-dark").await;
    app.click("#fm-view-er").await;
    app.find("path.er-link[data-from='Classes.students']").await;
    app.screenshot("fm-models-er-dark").await;
    app.click("#fm-view-models").await;
    app.find("#fm-add-field").await;
    let before = models(&app).await;
    let fixed = |v: Value| json!({"type": "fixed", "value": v});

    let field = |name: &'static str, ty: &'static str| {
        vec![Fill(input("name"), name), Select(choice("type"), ty)]
    };
    let with = |mut a: Vec<Step>, b: Vec<Step>| {
        a.extend(b);
        a
    };
    let fields = vec![
        bad(
            vec![Clear(input("name"))],
            json!({"name": "", "type": "String"}),
            "name",
        ),
        bad(
            field("home town", "String"),
            json!({"name": "home town", "type": "String"}),
            "name",
        ),
        bad(
            field("age", "Int"),
            json!({"name": "age", "type": "Int"}),
            "name",
        ),
        bad(
            with(field("nick", "String"), vec![Fill(input("length"), "0")]),
            json!({"name": "nick", "type": "String", "length": 0}),
            "length",
        ),
        bad(
            with(
                field("fee", "Float"),
                vec![Fill(input("precision"), "8"), Fill(input("scale"), "9")],
            ),
            json!({"name": "fee", "type": "Float", "precision": 8, "scale": 9}),
            "scale",
        ),
        bad(
            with(
                field("no", "Long"),
                vec![Click("#fm-field-identity".into())],
            ),
            json!({"name": "no", "type": "Long", "identity": true}),
            "identity",
        ),
        bad(
            with(
                field("n", "Int"),
                vec![Select(choice("defaultKind"), "generated")],
            ),
            json!({"name": "n", "type": "Int", "defaultValue": {"type": "generated", "name": "autoIncrement"}}),
            "defaultValue",
        ),
        bad(
            with(
                field("n", "Int"),
                vec![
                    Select(choice("defaultKind"), "fixed"),
                    Fill(input("defaultValue"), "ten"),
                ],
            ),
            json!({"name": "n", "type": "Int", "defaultValue": fixed(json!("ten"))}),
            "defaultValue",
        ),
        bad(
            with(
                field("d", "Date"),
                vec![
                    Select(choice("defaultKind"), "fixed"),
                    Fill(input("defaultValue"), "2025-13-01"),
                ],
            ),
            json!({"name": "d", "type": "Date", "defaultValue": fixed(json!("2025-13-01"))}),
            "defaultValue",
        ),
        bad(
            with(
                field("room", "Relation"),
                vec![
                    Select(choice("from"), "Classes"),
                    Select(choice("localField"), "classId"),
                ],
            ),
            json!({"name": "room", "type": "Relation", "from": "Classes", "localField": "classId"}),
            "foreignField",
        ),
        Bad {
            steps: with(
                field("j", "JSON"),
                vec![
                    Select(choice("defaultKind"), "fixed"),
                    Fill(input("defaultValue"), "{oops"),
                ],
            ),
            body: None,
            member: "defaultValue",
        },
    ];
    let said = refuse_each(
        &app,
        "#fm-add-field",
        "field",
        Some("Student"),
        fields,
        "fm-models-field-refused",
    )
    .await;
    assert_eq!(said[0], "must not be blank");
    assert_eq!(said[2], "Field age already exists in model Student");
    assert_eq!(said[7], "Cannot convert \"ten\" to Int for field n");

    let row = |n: usize| format!("#fm-index-fields .fm-index-row:nth-child({n})");
    let named_index = |name: &'static str| vec![Fill(input("name"), name)];
    let one =
        |name: &str| json!({"name": name, "fields": [{"fieldName": "id", "direction": "ASC"}]});
    let indexes = vec![
        bad(vec![Clear(input("name"))], one(""), "name"),
        bad(
            named_index("IDX_STUDENT_NAME"),
            one("IDX_STUDENT_NAME"),
            "name",
        ),
        bad(named_index("idx_class_code"), one("idx_class_code"), "name"),
        bad(named_index("Classes"), one("Classes"), "name"),
        bad(
            with(
                named_index("IDX_A"),
                vec![Click(format!("{} .icon-btn", row(1)))],
            ),
            json!({"name": "IDX_A", "fields": []}),
            "fields",
        ),
        bad(
            with(
                named_index("IDX_A"),
                vec![Click("#fm-index-add-field".into())],
            ),
            json!({"name": "IDX_A", "fields": [{"fieldName": "id"}, {"fieldName": "id"}]}),
            "fields",
        ),
    ];
    let said = refuse_each(
        &app,
        "#fm-add-index",
        "index",
        Some("Student"),
        indexes,
        "fm-models-index-refused",
    )
    .await;
    assert_eq!(
        said[2],
        "Index idx_class_code already exists in model Classes"
    );
    assert_eq!(said[5], "Index IDX_A lists field id twice");

    let id = json!({"name": "id", "type": "Long", "identity": true, "nullable": false,
        "defaultValue": {"type": "generated", "name": "autoIncrement"}});
    let entity = |name: &str, more: Vec<Value>| {
        let mut fields = vec![id.clone()];
        fields.extend(more);
        json!({"type": "entity", "name": name, "fields": fields, "indexes": []})
    };
    let first = |n: usize, what: &str| format!("dialog.modal .fm-first-row[data-row='{n}'] {what}");
    let room = || {
        vec![
            Fill(input("name"), "Room"),
            Click("#fm-entity-add-field".into()),
        ]
    };
    let entities = vec![
        bad(vec![], entity("", vec![]), "name"),
        bad(
            vec![Fill(input("name"), "Lesson plan")],
            entity("Lesson plan", vec![]),
            "name",
        ),
        bad(
            vec![Fill(input("name"), "Student")],
            entity("Student", vec![]),
            "name",
        ),
        bad(
            with(room(), vec![Fill(first(1, "input.input"), "id")]),
            entity("Room", vec![json!({"name": "id", "type": "String"})]),
            "fields[1].name",
        ),
        bad(
            with(
                room(),
                vec![
                    Fill(first(1, "input.input"), "key"),
                    Select(first(1, "select"), "Long"),
                    Click(first(1, ".field[data-for$='.identity'] input")),
                ],
            ),
            entity(
                "Room",
                vec![json!({"name": "key", "type": "Long", "identity": true})],
            ),
            "fields[1].identity",
        ),
        bad(
            vec![
                Fill(input("name"), "Room"),
                Fill(first(0, "input.input"), "first name"),
            ],
            json!({"type": "entity", "name": "Room", "fields": [{"name": "first name", "type": "Long", "identity": true}]}),
            "fields[0].name",
        ),
    ];
    let said = refuse_each(
        &app,
        "#fm-new-entity",
        "model",
        None,
        entities,
        "fm-models-entity-refused",
    )
    .await;
    assert_eq!(said[2], "Model Student already exists in datasource system");
    assert_eq!(said[4], "Model Room has more than one identity field");

    assert_eq!(
        models(&app).await,
        before,
        "nothing was sent: the models are as they were"
    );

    // Put right, the entity form creates the model, which opens.
    app.click("#fm-new-entity").await;
    app.fill(&input("name"), "Room").await;
    app.fill(&input("comment"), "教室").await;
    app.click("#fm-entity-add-field").await;
    app.fill(&first(1, "input.input"), "code").await;
    app.click(&first(1, ".field[data-for$='.unique'] input"))
        .await;
    app.screenshot("fm-models-entity-form").await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    app.wait_text("#fm-model-title", "Room").await;
    let room = named(&models(&app).await, "Room").clone();
    assert_eq!(room["comment"], "教室");
    let fields: Vec<(&str, &str, bool)> = room["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap(),
                f["type"].as_str().unwrap(),
                f["unique"] == true,
            )
        })
        .collect();
    assert_eq!(fields, [("id", "Long", false), ("code", "String", true)]);
    assert_eq!(
        room["fields"][0]["defaultValue"],
        json!({"type": "generated", "name": "autoIncrement"})
    );
    app.close().await;
}
