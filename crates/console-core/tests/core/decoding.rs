//! Key case is a console's setting: the same body read with `KeyCase::Exact` keeps the user's
//! own keys and nulls exactly as sent (FlexModel's records, GraphQL), and with
//! `KeyCase::Pascal` is normalised as Encoo's answers need (but not inside opaque members).

use console_core::de::{decode, decode_value, normalize};
use console_core::{Error, KeyCase};
use serde::Deserialize;
use serde_json::{json, Map, Value};

const RECORD: &str =
    r#"{"id":7,"studentName":"Ann","classId":null,"Age":12,"meta":{"innerKey":null}}"#;

const PASCAL: KeyCase = KeyCase::Pascal { opaque: &["Meta"] };

#[test]
fn key_case_exact_keeps_keys_and_nulls_as_sent() {
    let record: Map<String, Value> = decode(RECORD.as_bytes(), KeyCase::Exact).unwrap();
    let mut keys: Vec<&str> = record.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["Age", "classId", "id", "meta", "studentName"]);
    assert_eq!(record["classId"], Value::Null);
    assert_eq!(
        Value::Object(record),
        serde_json::from_str::<Value>(RECORD).unwrap()
    );
}

#[test]
fn key_case_pascal_normalizes_keys_and_drops_nulls_but_not_inside_opaque_members() {
    let record: Value = decode(RECORD.as_bytes(), PASCAL).unwrap();
    assert_eq!(
        record,
        json!({"Id": 7, "StudentName": "Ann", "Age": 12, "Meta": {"innerKey": null}})
    );
}

#[test]
fn normalize_with_exact_changes_nothing() {
    let v: Value = serde_json::from_str(RECORD).unwrap();
    assert_eq!(normalize(v.clone(), KeyCase::Exact), v);
}

#[test]
fn a_camel_case_struct_reads_exact_keys_and_names_the_path_of_a_mismatch() {
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Student {
        student_name: String,
        age: u32,
    }
    let ok: Vec<Student> = decode(br#"[{"studentName":"Ann","age":12}]"#, KeyCase::Exact).unwrap();
    assert_eq!(ok[0].student_name, "Ann");
    let err = decode::<Vec<Student>>(
        br#"[{"studentName":"Ann","age":12},{"studentName":"Bo","age":"old"}]"#,
        KeyCase::Exact,
    )
    .unwrap_err();
    match err {
        Error::Decode { path, message } => {
            assert_eq!(path, "[1].age");
            assert!(message.contains("invalid type"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let err =
        decode_value::<Vec<Student>>(json!([{"studentName": 1}]), KeyCase::Exact).unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref path, .. } if path == "[0].studentName"),
        "{err:?}"
    );
}
