//! The filter builder writes the server's JSON for every operator, relation paths and `_and`
//! / `_or`; raw text is checked to be a JSON object; the sort is `[{field, order}]`.

use flexmodel_api::{ErrorKind, Filter, RecordQuery, Sort};
use serde_json::{json, Value};

fn j(f: &Filter) -> Value {
    serde_json::from_str(&f.to_json()).unwrap()
}

#[test]
fn every_operator_writes_the_servers_json() {
    let f = |name: &str| Filter::field(name);
    let cases = [
        (f("age").eq(10), json!({"age": {"_eq": 10}})),
        (f("age").ne(10), json!({"age": {"_ne": 10}})),
        (f("age").gt(10), json!({"age": {"_gt": 10}})),
        (f("age").gte(10), json!({"age": {"_gte": 10}})),
        (f("age").lt(1.5), json!({"age": {"_lt": 1.5}})),
        (f("age").lte(10), json!({"age": {"_lte": 10}})),
        (f("id").is_in([1, 2, 3]), json!({"id": {"_in": [1, 2, 3]}})),
        (f("id").is_in(Vec::<i32>::new()), json!({"id": {"_in": []}})),
        (
            f("name").not_in(["a", "b"]),
            json!({"name": {"_nin": ["a", "b"]}}),
        ),
        (
            f("born").between("2020-01-01", "2020-12-31"),
            json!({"born": {"_between": ["2020-01-01", "2020-12-31"]}}),
        ),
        (f("name").contains("A"), json!({"name": {"_contains": "A"}})),
        (
            f("name").not_contains("A"),
            json!({"name": {"_not_contains": "A"}}),
        ),
        (
            f("name").starts_with("Zh"),
            json!({"name": {"_starts_with": "Zh"}}),
        ),
        (
            f("name").ends_with("ng"),
            json!({"name": {"_ends_with": "ng"}}),
        ),
        (
            f("deleted").eq(Value::Null),
            json!({"deleted": {"_eq": null}}),
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(j(&filter), expected);
    }
}

#[test]
fn relation_paths_nest_the_operator_under_each_step() {
    let dotted = Filter::field("studentClass.className").contains("A");
    assert_eq!(
        j(&dotted),
        json!({"studentClass": {"className": {"_contains": "A"}}})
    );
    let stepped = Filter::path(["a.b", "c"]).eq(1);
    assert_eq!(j(&stepped), json!({"a.b": {"c": {"_eq": 1}}}));
}

#[test]
fn and_and_or_gather_into_arrays() {
    let f = Filter::field("age")
        .gt(10)
        .and(Filter::field("name").contains("A"))
        .and(Filter::field("id").is_in([1]));
    assert_eq!(
        j(&f),
        json!({"_and": [
            {"age": {"_gt": 10}},
            {"name": {"_contains": "A"}},
            {"id": {"_in": [1]}}
        ]})
    );
    let f = Filter::field("a")
        .eq(1)
        .or(Filter::field("b").eq(2))
        .and(Filter::field("c").eq(3));
    assert_eq!(
        j(&f),
        json!({"_and": [
            {"_or": [{"a": {"_eq": 1}}, {"b": {"_eq": 2}}]},
            {"c": {"_eq": 3}}
        ]})
    );
    assert_eq!(
        j(&Filter::any([Filter::field("x").eq(1)])),
        json!({"_or": [{"x": {"_eq": 1}}]})
    );
    assert_eq!(
        j(&Filter::all([
            Filter::field("x").eq(1),
            Filter::field("y").ne(2)
        ])),
        json!({"_and": [{"x": {"_eq": 1}}, {"y": {"_ne": 2}}]})
    );
}

#[test]
fn raw_text_must_be_a_json_object_and_is_kept_exactly() {
    let f = Filter::raw(r#"{"Name": {"_contains": "A"}, "age": 3}"#).unwrap();
    assert_eq!(j(&f), json!({"Name": {"_contains": "A"}, "age": 3}));
    for bad in ["[1]", "{age: 3", "\"x\""] {
        let err = Filter::raw(bad).unwrap_err();
        assert_eq!(
            (err.kind(), err.field()),
            (ErrorKind::InvalidInput, Some("filter"))
        );
    }
    assert!(RecordQuery::new().raw_filter("nope").is_err());
}

#[test]
fn sort_is_a_list_of_field_and_order() {
    let q = RecordQuery::new()
        .sort(Sort::asc("name"))
        .sort(Sort::desc("age"));
    assert_eq!(
        serde_json::to_value(&q.sort).unwrap(),
        json!([{"field": "name", "order": "ASC"}, {"field": "age", "order": "DESC"}])
    );
}
