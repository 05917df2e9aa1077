//! The builder's rows and the raw JSON stay in step: what the builder writes reads back as the
//! same rows, JSON the builder can show becomes rows that write an equivalent filter, JSON
//! beyond it is kept with the reason, and what the server refuses is refused in its words.

use serde_json::{json, Value};

use super::*;

fn row(field: &str, op: Op, value: Value) -> Condition {
    Condition {
        field: field.into(),
        op,
        value,
    }
}

fn rows(combine: Combine, conditions: Vec<Condition>) -> FilterRows {
    FilterRows {
        combine,
        conditions,
        unshown: None,
    }
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn refusal(text: &str) -> String {
    match parse(text) {
        Err(e) => {
            let body = e.body();
            assert_eq!(body.kind, console_core::ErrorKind::InvalidInput, "{text}");
            assert_eq!(body.field.as_deref(), Some("filter"), "{text}");
            body.message
        }
        other => panic!("{text}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn no_rows_is_no_filter_and_blank_text_is_no_rows() {
    assert_eq!(build(&FilterRows::default()).unwrap(), "");
    assert_eq!(parse("  \n").unwrap(), FilterRows::default());
    assert_eq!(parse("{}").unwrap(), FilterRows::default());
}

#[test]
fn one_row_is_the_field_alone_and_several_are_an_and_or_an_or_list() {
    let age = row("age", Op::Gt, json!(10));
    let name = row("studentName", Op::Contains, json!("Student 1"));
    assert_eq!(
        json_of(&build(&rows(Combine::And, vec![age.clone()])).unwrap()),
        json!({"age": {"_gt": 10}})
    );
    assert_eq!(
        json_of(&build(&rows(Combine::And, vec![age.clone(), name.clone()])).unwrap()),
        json!({"_and": [{"age": {"_gt": 10}}, {"studentName": {"_contains": "Student 1"}}]})
    );
    assert_eq!(
        json_of(&build(&rows(Combine::Or, vec![age, name])).unwrap()),
        json!({"_or": [{"age": {"_gt": 10}}, {"studentName": {"_contains": "Student 1"}}]})
    );
}

#[test]
fn every_operator_writes_its_server_key_and_reads_back_as_the_same_row() {
    let cases = [
        (Op::Eq, json!("MALE"), json!({"f": {"_eq": "MALE"}})),
        (Op::Eq, Value::Null, json!({"f": {"_eq": null}})),
        (Op::Ne, Value::Null, json!({"f": {"_ne": null}})),
        (Op::Ne, json!(3), json!({"f": {"_ne": 3}})),
        (Op::Gt, json!(1.5), json!({"f": {"_gt": 1.5}})),
        (Op::Gte, json!(2), json!({"f": {"_gte": 2}})),
        (
            Op::Lt,
            json!("2025-01-01"),
            json!({"f": {"_lt": "2025-01-01"}}),
        ),
        (Op::Lte, json!(true), json!({"f": {"_lte": true}})),
        (
            Op::Contains,
            json!("a%b"),
            json!({"f": {"_contains": "a%b"}}),
        ),
        (
            Op::NotContains,
            json!("x"),
            json!({"f": {"_not_contains": "x"}}),
        ),
        (
            Op::StartsWith,
            json!("S"),
            json!({"f": {"_starts_with": "S"}}),
        ),
        (Op::EndsWith, json!("9"), json!({"f": {"_ends_with": "9"}})),
        (Op::In, json!([1, 2, 3]), json!({"f": {"_in": [1, 2, 3]}})),
        (Op::In, json!([]), json!({"f": {"_in": []}})),
        (
            Op::Nin,
            json!(["A", "B"]),
            json!({"f": {"_nin": ["A", "B"]}}),
        ),
        (
            Op::Between,
            json!([10, 20]),
            json!({"f": {"_between": [10, 20]}}),
        ),
    ];
    for (op, value, expected) in cases {
        let built = rows(Combine::And, vec![row("f", op, value)]);
        let text = build(&built).unwrap();
        assert_eq!(json_of(&text), expected, "{op:?}");
        assert_eq!(parse(&text).unwrap(), built, "{text}");
    }
}

#[test]
fn a_relation_path_writes_nested_objects_and_reads_back_dotted() {
    let built = rows(
        Combine::And,
        vec![row("studentClass.className", Op::Contains, json!("A"))],
    );
    let text = build(&built).unwrap();
    assert_eq!(
        json_of(&text),
        json!({"studentClass": {"className": {"_contains": "A"}}})
    );
    assert_eq!(parse(&text).unwrap(), built);
}

#[test]
fn json_the_builder_can_show_becomes_rows_that_write_the_same_filter() {
    // (typed JSON, the rows, the JSON those rows write)
    let cases = [
        (
            r#"{"age": 12}"#,
            rows(Combine::And, vec![row("age", Op::Eq, json!(12))]),
            json!({"age": {"_eq": 12}}),
        ),
        (
            r#"{"age": {"_gt": 10, "_lt": 15}, "gender": "MALE"}"#,
            rows(
                Combine::And,
                vec![
                    row("age", Op::Gt, json!(10)),
                    row("age", Op::Lt, json!(15)),
                    row("gender", Op::Eq, json!("MALE")),
                ],
            ),
            json!({"_and": [{"age": {"_gt": 10}}, {"age": {"_lt": 15}}, {"gender": {"_eq": "MALE"}}]}),
        ),
        (
            r#"{"_and": [{"age": {"_gt": 10}}, {"_and": [{"active": true}]}], "score": {"_gte": 60}}"#,
            rows(
                Combine::And,
                vec![
                    row("age", Op::Gt, json!(10)),
                    row("active", Op::Eq, json!(true)),
                    row("score", Op::Gte, json!(60)),
                ],
            ),
            json!({"_and": [{"age": {"_gt": 10}}, {"active": {"_eq": true}}, {"score": {"_gte": 60}}]}),
        ),
        (
            r#"{"_or": [{"age": {"_lt": 11}}, {"_and": [{"age": {"_gt": 18}}]}]}"#,
            rows(
                Combine::Or,
                vec![row("age", Op::Lt, json!(11)), row("age", Op::Gt, json!(18))],
            ),
            json!({"_or": [{"age": {"_lt": 11}}, {"age": {"_gt": 18}}]}),
        ),
        (
            r#"{"_or": [{"classId": 2}]}"#,
            rows(Combine::And, vec![row("classId", Op::Eq, json!(2))]),
            json!({"classId": {"_eq": 2}}),
        ),
        (r#"{"_and": []}"#, rows(Combine::And, vec![]), Value::Null),
    ];
    for (text, expected, written) in cases {
        let parsed = parse(text).unwrap();
        assert_eq!(parsed, expected, "{text}");
        let rebuilt = build(&parsed).unwrap();
        if written.is_null() {
            assert_eq!(rebuilt, "", "{text}");
        } else {
            assert_eq!(json_of(&rebuilt), written, "{text}");
        }
    }
}

#[test]
fn json_beyond_the_builder_is_kept_with_the_reason() {
    let cases = [
        (
            r#"{"_or": [{"age": 1}, {"age": 2, "active": true}]}"#,
            Unshown::Group,
        ),
        (
            r#"{"_or": [{"age": 1}, {"age": 2}], "active": true}"#,
            Unshown::Group,
        ),
        (r#"{"_or": []}"#, Unshown::Group),
        (
            r#"{"_and": [{"_or": [{"a": 1}, {"b": 2}]}]}"#,
            Unshown::Group,
        ),
        (
            r#"{"studentClass": {"_or": [{"className": "A"}, {"className": "B"}]}}"#,
            Unshown::Group,
        ),
        (
            r#"{"profile": {"_eq": {"hobby": "music"}}}"#,
            Unshown::Value,
        ),
        (r#"{"age": [1, 2]}"#, Unshown::Value),
        (r#"{"age": {"_in": [1, [2]]}}"#, Unshown::Value),
        (r#"{"age": {"_gt": null}}"#, Unshown::Value),
    ];
    for (text, reason) in cases {
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.unshown, Some(reason), "{text}");
        assert!(parsed.conditions.is_empty(), "{text}");
    }
}

#[test]
fn what_the_server_refuses_is_refused_in_its_words_wherever_it_is() {
    let cases = [
        ("{oops", "the filter is not valid JSON"),
        ("[1, 2]", "the filter must be a JSON object"),
        (r#"{"age": {"_like": "1"}}"#, "Unsupported operator: _like"),
        (r#"{"_not": {"age": 1}}"#, "Unsupported operator: _not"),
        (
            r#"{"_and": [{"a": {"_regex": "x"}}]}"#,
            "Unsupported operator: _regex",
        ),
        (r#"{"_and": {"age": 1}}"#, "_and takes an array of filters"),
        (r#"{"_or": [1]}"#, "A filter is a JSON object, not 1"),
        (r#"{"age": {"_in": 3}}"#, "_in takes a list, not 3"),
        (
            r#"{"age": {"_between": [1]}}"#,
            "_between takes exactly two values",
        ),
        (
            r#"{"name": {"_contains": null}}"#,
            "_contains takes a text, not null",
        ),
        (r#"{"c": {"x": {"_bad": 1}}}"#, "Unsupported operator: _bad"),
    ];
    for (text, words) in cases {
        let message = refusal(text);
        assert!(message.contains(words), "{text}: {message}");
    }
    let deep = format!("{}{{}}{}", r#"{"_and": ["#.repeat(40), "]}".repeat(40));
    assert!(refusal(&deep).contains("nests deeper than 32"));
}

#[test]
fn rows_the_server_would_refuse_are_refused_naming_the_row() {
    let cases = [
        (row("", Op::Eq, json!(1)), "conditions.0.field"),
        (row("a..b", Op::Eq, json!(1)), "conditions.0.field"),
        (row("age", Op::Gt, Value::Null), "conditions.0.value"),
        (row("age", Op::Gt, json!([1])), "conditions.0.value"),
        (row("age", Op::In, json!(1)), "conditions.0.value"),
        (row("age", Op::In, json!([1, null])), "conditions.0.value"),
        (row("age", Op::Between, json!([1])), "conditions.0.value"),
        (
            row("age", Op::Between, json!([1, 2, 3])),
            "conditions.0.value",
        ),
    ];
    for (c, expected) in cases {
        match build(&rows(Combine::And, vec![c.clone()])) {
            Err(DeskError::Invalid { field, .. }) => assert_eq!(field, expected, "{c:?}"),
            other => panic!("{c:?}: expected a refusal, got {other:?}"),
        }
    }
}

#[test]
fn rows_cross_to_the_ui_in_its_spelling() {
    let r = rows(Combine::Or, vec![row("age", Op::NotContains, json!("1"))]);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"combine": "or", "conditions": [{"field": "age", "op": "_not_contains", "value": "1"}]})
    );
    let back: FilterRows = serde_json::from_value(
        json!({"conditions": [{"field": "a", "op": "_between", "value": [1, 2]}]}),
    )
    .unwrap();
    assert_eq!(back.combine, Combine::And);
    let unshown = FilterRows {
        unshown: Some(Unshown::Group),
        ..FilterRows::default()
    };
    assert_eq!(
        serde_json::to_value(&unshown).unwrap()["unshown"],
        json!("group")
    );
}
