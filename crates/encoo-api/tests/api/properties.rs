//! Property tests of everything the client reads from the wire: each answer decoder on
//! arbitrary bytes, on generated JSON trees and on mutations of the sandbox's real answers;
//! the error reader on any status and body; the token answer parser on generated objects.
//! Each must answer a value or a named error, never panic.

use encoo_api::{answers, parse_token_answer, Error, ErrorKind};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};

use crate::common::{raw, start};

/// The sandbox's own answers, raw, one per decoder that a GET or a POST reaches (and the two
/// that take a file upload or a robot, written by hand in the sandbox's shape).
fn real_answers() -> Vec<(&'static str, Value)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let env = start().await;
        let raw = raw(&env).await;
        let call = |method: reqwest::Method, path: String, body: Option<Value>| {
            let rb = raw.request(method, &path);
            let rb = match body {
                Some(b) => rb.json(&b),
                None => rb,
            };
            async move {
                let answer = rb.send().await.unwrap();
                assert!(answer.status().is_success(), "{path}: {}", answer.status());
                answer.json::<Value>().await.unwrap()
            }
        };
        let get = |path: &str| call(reqwest::Method::GET, path.to_owned(), None);
        let first_id = |page: &Value| page["List"][0]["Id"].as_str().unwrap().to_owned();
        let mut out = Vec::new();
        for (list_kind, one_kind, path) in [
            ("packages_page", "package", "/openapi/packages"),
            ("queues_page", "queue", "/openapi/queues"),
            ("robots_page", "robot", "/openapi/robots"),
            ("workflows_page", "workflow", "/openapi/workflows"),
            ("layouts_page", "layout", "/openapi/workflowlayouts"),
        ] {
            let page = get(path).await;
            let one = get(&format!("{path}/{}", first_id(&page))).await;
            out.push((list_kind, page));
            out.push((one_kind, one));
        }
        let workflow = first_id(&get("/openapi/workflows").await);
        let layout = first_id(&get("/openapi/workflowlayouts").await);
        let post = |path: String, body: Value| call(reqwest::Method::POST, path, Some(body));
        out.push((
            "jobs",
            post(
                format!("/openapi/workflows/{workflow}/execute"),
                json!({"Source": "External"}),
            )
            .await,
        ));
        out.push((
            "job_group",
            post(format!("/openapi/workflowlayouts/{layout}/execute"), json!({})).await,
        ));
        out.push((
            "batch_upgrade",
            post(
                "/openapi/workflows/batch/upgrade".into(),
                json!({"WorkflowIds": [workflow]}),
            )
            .await,
        ));
        out.push((
            "channel",
            post("/openapi/preloadedVersionFiles".into(), json!({})).await,
        ));
        out.push(("companies", get("/openapi/companies/companylist").await));
        out.push(("departments_tree", get("/openapi/departments/tree").await));
        out.push(("user_self", get("/openapi/companyusers/self").await));
        out.push(("robots_page", get(&format!("/openapi/workflows/{workflow}/robots")).await));
        let id = uuid::Uuid::new_v4().to_string();
        out.push((
            "upload_result",
            json!({"PackageId": id, "PackageVersionId": id, "PackageName": "P", "LastVersion": "1.0.0"}),
        ));
        out.push((
            "robot_links",
            json!([{"WorkflowId": id, "RobotId": id, "ErrorMessage": null}]),
        ));
        out
    })
}

/// The decoder's answer is a value, or a decode error with a message (an empty layout
/// wrapping means "no such layout").
fn check(kind: &str, answer: Result<(), Error>) -> Result<(), TestCaseError> {
    match answer {
        Ok(()) => Ok(()),
        Err(Error::Decode { path, message }) => {
            prop_assert!(
                !path.is_empty() && !message.is_empty(),
                "{kind}: {path}: {message}"
            );
            Ok(())
        }
        Err(e) if kind == "layout" && e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("{kind}: {e:?}"))),
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        // Values the decoders look for: numbers as text, GUIDs, the doc's enum words.
        prop_oneof![
            Just("12"),
            Just(" 7 "),
            Just("-1"),
            Just("NeverRecord"),
            Just("In"),
            Just(""),
            Just(" ")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Keys the answers use (in both cases) and anything else.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Id",
            "id",
            "Name",
            "List",
            "list",
            "Count",
            "count",
            "Versions",
            "Arguments",
            "Children",
            "children",
            "RootDepartment",
            "Companies",
            "Channel",
            "Headers",
            "Jobs",
            "Nodes",
            "Index",
            "Priority",
            "Direction",
            "DefaultValue",
            "Tags",
            "TotalDownloads",
            "Properties",
            "FailedList",
            "SuccessCount",
            "error",
            "Message",
            "message",
            "error_description",
            "errors",
            "Field",
            "title",
            "validationErrors",
            "members",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

/// One change somewhere in `value`: `path` picks the way down, `op` what to do there.
fn mutate(value: &mut Value, path: &[Index], op: u8, new: Value) {
    let (step, rest) = match path.split_first() {
        Some(s) => s,
        None => {
            *value = new;
            return;
        }
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            let k = map.keys().nth(step.index(map.len())).unwrap().clone();
            match op % 4 {
                0 if rest.is_empty() => {
                    map.remove(&k);
                }
                1 if rest.is_empty() => {
                    let v = map.remove(&k).unwrap();
                    map.insert(k.to_lowercase(), v);
                }
                _ => mutate(map.get_mut(&k).unwrap(), rest, op, new),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = step.index(items.len());
            if op.is_multiple_of(4) && rest.is_empty() {
                items.remove(i);
            } else {
                mutate(&mut items[i], rest, op, new);
            }
        }
        other => *other = new,
    }
}

#[test]
fn every_real_sandbox_answer_decodes() {
    let answers = real_answers();
    let kinds: std::collections::BTreeSet<&str> = answers.iter().map(|(k, _)| *k).collect();
    let all: std::collections::BTreeSet<&str> = answers::KINDS.iter().copied().collect();
    assert_eq!(kinds, all, "one real answer per decoder");
    for (kind, value) in answers {
        answers::decode_value(kind, value.clone()).unwrap_or_else(|e| panic!("{kind}: {e}"));
        answers::decode(kind, value.to_string().as_bytes()).unwrap();
    }
}

#[test]
fn mutated_real_answers_decode_or_name_the_path() {
    let answers = real_answers();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(600));
    let strategy = (
        any::<Index>(),
        proptest::collection::vec(any::<Index>(), 0..7),
        any::<u8>(),
        json_value(),
    );
    runner
        .run(&strategy, |(which, path, op, new)| {
            let (kind, real) = &answers[which.index(answers.len())];
            let mut value = real.clone();
            mutate(&mut value, &path, op, new);
            check(kind, answers::decode(kind, value.to_string().as_bytes()))?;
            check(kind, answers::decode_value(kind, value))
        })
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_decode_or_name_the_path(which in any::<Index>(), body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let kind = answers::KINDS[which.index(answers::KINDS.len())];
        check(kind, answers::decode(kind, &body))?;
    }

    #[test]
    fn arbitrary_json_decodes_or_names_the_path(which in any::<Index>(), value in json_value()) {
        let kind = answers::KINDS[which.index(answers::KINDS.len())];
        check(kind, answers::decode(kind, value.to_string().as_bytes()))?;
        check(kind, answers::decode_value(kind, value))?;
    }

    #[test]
    fn any_error_answer_keeps_its_status_and_says_something(
        status in 100u16..600,
        html in any::<bool>(),
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            json_value().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let e = Error::from_response(status, html.then_some("text/html"), &body);
        prop_assert_eq!(e.status(), Some(status));
        prop_assert!(!e.to_string().trim().is_empty(), "{:?}", e);
        let expected = match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 | 412 => ErrorKind::Conflict,
            400 | 405 | 413 | 415 | 422 => ErrorKind::InvalidInput,
            408 | 504 => ErrorKind::Timeout,
            _ => ErrorKind::Server,
        };
        prop_assert_eq!(e.kind(), expected);
    }

    #[test]
    fn token_answers_are_accepted_only_with_a_token(
        spelling in prop::sample::select(vec!["access_token", "Access_token", "AccessToken", "accessToken", "token"]),
        token in prop_oneof![Just(Value::Null), "[ -~]{0,12}".prop_map(Value::from), json_value()],
        expires in prop_oneof![
            Just(None),
            any::<u64>().prop_map(|n| Some(json!(n))),
            any::<i64>().prop_map(|n| Some(json!(n))),
            any::<u32>().prop_map(|n| Some(json!(n.to_string()))),
            json_value().prop_map(Some),
        ],
        refresh in prop_oneof![Just(None), json_value().prop_map(Some)],
    ) {
        let mut body = Map::new();
        body.insert(spelling.to_owned(), token.clone());
        if let Some(e) = &expires {
            body.insert("expires_in".into(), e.clone());
        }
        if let Some(r) = &refresh {
            body.insert("refresh_token".into(), r.clone());
        }
        let answer = parse_token_answer(Value::Object(body).to_string().as_bytes());
        match answer {
            Ok((access, lifetime, _)) => {
                prop_assert!(spelling != "token", "a token under an unknown key was taken");
                prop_assert_eq!(Some(access.as_str()), token.as_str());
                prop_assert!(!access.trim().is_empty());
                match &expires {
                    // A null member is dropped, so the default applies.
                    None | Some(Value::Null) => prop_assert_eq!(lifetime, 3600),
                    Some(e) => prop_assert_eq!(
                        Some(lifetime),
                        e.as_u64().or_else(|| e.as_str().and_then(|s| s.trim().parse().ok()))
                    ),
                }
            }
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Decode),
        }
    }

    #[test]
    fn token_parser_takes_any_bytes(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        match parse_token_answer(&body) {
            Ok((access, _, _)) => prop_assert!(!access.trim().is_empty()),
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Decode),
        }
    }
}

/// Found while writing the error-answer property: `{"error": ""}` made an empty message and
/// `{"errors": {"": []}}` an empty field.
#[test]
fn blank_error_codes_and_field_names_are_not_taken_as_the_message_or_field() {
    for body in [&br#"{"error":""}"#[..], br#"{"error":"  "}"#] {
        let e = Error::from_response(400, None, body);
        assert!(
            e.to_string()
                .starts_with("the console answered 400 Bad Request"),
            "{e}"
        );
    }
    let e = Error::from_response(400, None, br#"{"errors":{"":["x"]}}"#);
    assert_eq!((e.field(), e.to_string().as_str()), (None, "x"));
}

/// Found by reading the token path for the properties above: `expires_in` of u64::MAX seconds
/// made the refresh time overflow `Instant` and panic inside `sign_in`. A one-answer console
/// on loopback sends exactly that.
#[tokio::test]
async fn a_token_lifetime_of_u64_max_seconds_signs_in_without_panicking() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).contains("grant_type") {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended early");
            seen.extend_from_slice(&buf[..n]);
        }
        let body = r#"{"access_token":"a","expires_in":18446744073709551615,"refresh_token":"r"}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.unwrap();
    });
    let config = encoo_api::ClientConfig::single(url);
    let client = encoo_api::Client::sign_in(config, "u", "p").await.unwrap();
    assert_eq!(client.refresh_token().await.as_deref(), Some("r"));
}
