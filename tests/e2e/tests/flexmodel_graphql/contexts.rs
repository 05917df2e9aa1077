//! The cursor-context module (`views/graphql/complete.js`) run in the window on the project's
//! real schema: what it offers where, with braces and parentheses inside strings and comments
//! not counted.

use console_desk_e2e::App;
use serde_json::{json, Value};

use super::support::invoke;

pub async fn offers_on_the_real_schema(app: &App) {
    let schema = invoke(app, "flexmodel_graphql_schema", json!({}))
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
}
