//! The upload channel's two console calls take `{}` and, as a console does (the doc's 415
//! row), refuse a request with no JSON body.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::{call, empty_json, sandbox, scoped, session};

fn package(name: &str, version: &str) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let manifest = dgs::Manifest {
        id: name.into(),
        version: version.into(),
        description: String::new(),
    };
    dgs::write_package(&mut bytes, &manifest, &[("lib/x.bin", b"x")]).unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn channel_create_and_complete_without_a_json_body_are_415_and_with_braces_work() {
    let sb = sandbox();
    let s = session(&sb).await;
    let create =
        || scoped("POST", "/openapi/preloadedVersionFiles", &s).header("Host", "127.0.0.1:9");

    let none = call(&sb, create().body(Body::empty()).unwrap()).await;
    assert_eq!(
        (none.status, none.json["Code"].as_str()),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("UnsupportedMediaType")
        )
    );
    assert!(
        none.json["Message"].as_str().unwrap().contains("{}"),
        "{}",
        none.text
    );
    let text = call(
        &sb,
        create()
            .header("Content-Type", "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let channel = call(&sb, empty_json(create())).await;
    assert_eq!(channel.status, StatusCode::OK, "{}", channel.text);
    let id = channel.json["Id"].as_str().unwrap().to_owned();
    let uri = channel.json["Channel"]["Uri"].as_str().unwrap();
    let put = Request::put(uri.strip_prefix("http://127.0.0.1:9").unwrap())
        .header("Content-Type", "application/octet-stream")
        .header("x-ms-blob-type", "BlockBlob")
        .body(Body::from(package("Channel.Braces", "1.0.0")))
        .unwrap();
    assert_eq!(call(&sb, put).await.status, StatusCode::CREATED);

    let complete = || scoped("PATCH", &format!("/openapi/preloadedVersionFiles/{id}"), &s);
    let none = call(&sb, complete().body(Body::empty()).unwrap()).await;
    assert_eq!(
        none.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        none.text
    );
    assert!(
        sb.package_versions("Channel.Braces").is_empty(),
        "a refused completion files nothing"
    );
    let done = call(&sb, empty_json(complete())).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(
        (
            done.json["PackageName"].as_str(),
            done.json["LastVersion"].as_str()
        ),
        (Some("Channel.Braces"), Some("1.0.0"))
    );
    assert_eq!(sb.package_versions("Channel.Braces"), ["1.0.0"]);
}

fn package_declaring(name: &str, version: &str, arguments: &[u8]) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let manifest = dgs::Manifest {
        id: name.into(),
        version: version.into(),
        description: String::new(),
    };
    dgs::write_package(&mut bytes, &manifest, &[("arguments.json", arguments)]).unwrap();
    bytes.into_inner()
}

fn upload(s: &(String, String, String), body: Vec<u8>) -> Request<Body> {
    scoped("PUT", "/openapi/packages", s)
        .header("Content-Type", "application/octet-stream")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn a_package_declaring_its_arguments_files_a_version_with_exactly_those() {
    let sb = sandbox();
    let s = session(&sb).await;
    let declared = br#"[{"Name":"Folder","Type":"String","Direction":"In","DefaultValue":"C:\\in"},{"Name":"Count","Type":"Int32","Direction":"Out"}]"#;
    let answer = call(
        &sb,
        upload(&s, package_declaring("Declared.Args", "1.0.0", declared)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let id = answer.json["PackageId"].as_str().unwrap().to_owned();
    let got = call(
        &sb,
        scoped("GET", &format!("/openapi/packages/{id}"), &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let args = &got.json["Versions"][0]["Arguments"];
    assert_eq!(
        args,
        &serde_json::json!([
            {"Name":"Folder","Type":"String","Direction":"In","DefaultValue":"C:\\in"},
            {"Name":"Count","Type":"Int32","Direction":"Out"}
        ])
    );
    // A version without the entry keeps the newest version's arguments, as before.
    let again = call(&sb, upload(&s, package("Declared.Args", "1.1.0"))).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let got = call(
        &sb,
        scoped("GET", &format!("/openapi/packages/{id}"), &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(&got.json["Versions"][0]["Arguments"], args);
}

#[tokio::test]
async fn arguments_that_are_not_a_named_list_are_refused_and_file_nothing() {
    let sb = sandbox();
    let s = session(&sb).await;
    for bad in [
        &b"{\"Name\":\"x\"}"[..],
        b"not json",
        br#"[{"Type":"String"}]"#,
    ] {
        let answer = call(&sb, upload(&s, package_declaring("Bad.Args", "1.0.0", bad))).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        assert_eq!(answer.json["Field"], "file", "{}", answer.text);
    }
    assert!(sb.package_versions("Bad.Args").is_empty());
}
