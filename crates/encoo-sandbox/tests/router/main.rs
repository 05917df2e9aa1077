//! The sandbox through its router, for what a well-behaved client never sends: bad GUIDs,
//! odd path casing, a reused refresh token, an Authorization header on the storage PUT,
//! missing scope headers, bodies of the wrong type; and state kept across restarts. The
//! modules: the upload channel's bodies, list filters and bulk data, the operator user, and
//! what the seed data promises.

mod lists;
mod operator;
mod seed;
mod uploads;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use encoo_sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};
use tower::ServiceExt;

struct Call {
    status: StatusCode,
    json: Value,
    text: String,
}

/// `{}` as a console wants it when there is nothing to say.
fn empty_json(builder: axum::http::request::Builder) -> Request<Body> {
    builder
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap()
}

async fn call(sb: &Sandbox, req: Request<Body>) -> Call {
    let res = sb.router().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Call {
        status,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        text,
    }
}

fn form(body: &str) -> Request<Body> {
    Request::post("/connect/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Signs in and reads the scope the way a client would: (token, company, department).
async fn session(sb: &Sandbox) -> (String, String, String) {
    let t = call(
        sb,
        form("client_id=thirdpartyservice&grant_type=password&username=admin&password=admin"),
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let token = t.json["Access_token"].as_str().unwrap().to_owned();
    let companies = call(
        sb,
        Request::get("/openapi/companies/companylist")
            .header("Authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let company = companies.json["Companies"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tree = call(
        sb,
        Request::get("/openapi/departments/tree")
            .header("Authorization", format!("Bearer {token}"))
            .header("CompanyId", &company)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let dept = tree.json["RootDepartment"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    (token, company, dept)
}

fn scoped(method: &str, path: &str, s: &(String, String, String)) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("Authorization", format!("Bearer {}", s.0))
        .header("CompanyId", &s.1)
        .header("DepartmentId", &s.2)
}

fn sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig::default()).unwrap()
}

#[tokio::test]
async fn paths_match_whatever_their_casing() {
    let sb = sandbox();
    let s = session(&sb).await;
    for path in [
        "/openapi/packages",
        "/OpenAPI/Packages",
        "/OPENAPI/PACKAGES?PageSize=2",
    ] {
        let r = call(&sb, scoped("GET", path, &s).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.json["Count"].as_u64().unwrap() >= 8, "{path}");
    }
    let r = call(
        &sb,
        empty_json(
            scoped("POST", "/openapi/PreloadedVersionFiles", &s).header("Host", "127.0.0.1:9"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json["Channel"]["Uri"].as_str().is_some());
}

#[tokio::test]
async fn a_malformed_guid_is_a_400_naming_the_field() {
    let sb = sandbox();
    let s = session(&sb).await;
    let r = call(
        &sb,
        scoped("GET", "/openapi/workflows/not-a-guid", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["Field"], "workflowId");
    assert!(r.json["Message"].as_str().unwrap().contains("not-a-guid"));
    let r = call(
        &sb,
        scoped("GET", "/openapi/robots?AssociatedQueueId=zzz", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("AssociatedQueueId"))
    );
}

#[tokio::test]
async fn a_refresh_token_works_once() {
    let sb = sandbox();
    let t = call(
        &sb,
        form("client_id=thirdpartyservice&grant_type=password&username=admin&password=admin"),
    )
    .await;
    let refresh = t.json["Refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(t.json["Expires_in"], "3600", "the doc's spelling: a string");
    let body =
        format!("client_id=thirdpartyservice&grant_type=refresh_token&refresh_token={refresh}");
    let first = call(&sb, form(&body)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_ne!(first.json["Refresh_token"], t.json["Refresh_token"]);
    let second = call(&sb, form(&body)).await;
    assert_eq!(second.status, StatusCode::BAD_REQUEST);
    assert_eq!(second.json["error"], "invalid_grant");
    let grants = sb.token_grants();
    assert_eq!(
        (grants.password, grants.refresh, grants.refresh_rejected),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn the_token_endpoint_takes_only_a_form() {
    let sb = sandbox();
    let r = call(
        &sb,
        Request::post("/connect/token")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"grant_type":"password"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json["error_description"]
        .as_str()
        .unwrap()
        .contains("x-www-form-urlencoded"));
    let r = call(
        &sb,
        form("client_id=other&grant_type=password&username=admin&password=admin"),
    )
    .await;
    assert_eq!(r.json["error"], "invalid_client");
}

#[tokio::test]
async fn business_calls_need_a_valid_token_and_both_scope_headers() {
    let sb = sandbox();
    let s = session(&sb).await;
    let r = call(
        &sb,
        Request::get("/openapi/robots").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = call(
        &sb,
        Request::get("/openapi/robots")
            .header("Authorization", "Bearer forged")
            .header("CompanyId", &s.1)
            .header("DepartmentId", &s.2)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = call(
        &sb,
        Request::get("/openapi/robots")
            .header("Authorization", format!("Bearer {}", s.0))
            .header("CompanyId", &s.1)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("DepartmentId"))
    );
    let other_company = uuid::Uuid::new_v4().to_string();
    let r = call(
        &sb,
        scoped(
            "GET",
            "/openapi/robots",
            &(s.0.clone(), other_company, s.2.clone()),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("CompanyId"))
    );
}

#[tokio::test]
async fn departments_scope_the_data() {
    let sb = sandbox();
    let s = session(&sb).await;
    let tree = call(
        &sb,
        scoped("GET", "/openapi/departments/tree", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let child = tree.json["RootDepartment"]["Children"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let root = call(
        &sb,
        scoped("GET", "/openapi/workflows?PageSize=100", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let sub = call(
        &sb,
        scoped(
            "GET",
            "/openapi/workflows?PageSize=100",
            &(s.0.clone(), s.1.clone(), child),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    let ids = |v: &Value| {
        v["List"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["Id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(!ids(&sub.json).is_empty());
    assert!(
        ids(&sub.json)
            .iter()
            .all(|id| !ids(&root.json).contains(id)),
        "no workflow shows in both"
    );
}

#[tokio::test]
async fn the_storage_put_refuses_an_authorization_header_and_a_bad_signature() {
    let sb = sandbox();
    let s = session(&sb).await;
    let channel = call(
        &sb,
        empty_json(
            scoped("POST", "/openapi/preloadedVersionFiles", &s).header("Host", "127.0.0.1:9"),
        ),
    )
    .await;
    let uri = channel.json["Channel"]["Uri"].as_str().unwrap().to_owned();
    let path = uri.strip_prefix("http://127.0.0.1:9").unwrap().to_owned();
    let put = |path: &str| {
        Request::put(path)
            .header("Content-Type", "application/octet-stream")
            .header("x-ms-blob-type", "BlockBlob")
    };
    let r = call(
        &sb,
        put(&path)
            .header("Authorization", format!("Bearer {}", s.0))
            .body(Body::from("x"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text.contains("Authorization"));
    let forged = path.replace("sig=", "sig=0");
    assert_eq!(
        call(&sb, put(&forged).body(Body::from("x")).unwrap())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&sb, put(&path).body(Body::from("x")).unwrap())
            .await
            .status,
        StatusCode::CREATED
    );
    // What arrived is not a package: completing the channel says so and makes no version.
    let id = channel.json["Id"].as_str().unwrap();
    let done = call(
        &sb,
        empty_json(scoped(
            "PATCH",
            &format!("/openapi/preloadedVersionFiles/{id}"),
            &s,
        )),
    )
    .await;
    assert_eq!(
        (done.status, done.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("file"))
    );
}

#[tokio::test]
async fn write_bodies_must_be_json_and_not_empty() {
    let sb = sandbox();
    let s = session(&sb).await;
    let r = call(
        &sb,
        scoped("POST", "/openapi/workflows", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = call(
        &sb,
        scoped("POST", "/openapi/workflows", &s)
            .header("Content-Type", "application/json")
            .body(Body::from("{not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("body"))
    );
    let r = call(
        &sb,
        scoped("PUT", "/openapi/packages", &s)
            .header("Content-Type", "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn workflow_validation_names_each_field() {
    let sb = sandbox();
    let s = session(&sb).await;
    let wf = call(
        &sb,
        scoped("GET", "/openapi/workflows", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .json["List"][0]
        .clone();
    let id = wf["Id"].as_str().unwrap();
    for (body, field) in [
        (json!({"Priority": 5001}), "Priority"),
        (json!({"Priority": -1}), "Priority"),
        (json!({"MaxRetryCount": 11}), "MaxRetryCount"),
        (json!({"VideoRecordMode": "Sometimes"}), "VideoRecordMode"),
        (json!({"TriggerPolicy": "Never"}), "TriggerPolicy"),
        (json!({"Name": ""}), "Name"),
        (json!({"Tags": ["a,b"]}), "Tags"),
        (
            json!({"Arguments": [{"Name": "NoSuchArgument", "DefaultValue": "1"}]}),
            "Arguments",
        ),
        (json!({"AssociatedQueueId": "nope"}), "AssociatedQueueId"),
    ] {
        let r = call(
            &sb,
            scoped("PATCH", &format!("/openapi/workflows/{id}"), &s)
                .header("Content-Type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
        assert_eq!(
            (r.status, r.json["Field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn deleting_a_package_or_group_in_use_names_the_workflow() {
    let sb = sandbox();
    let s = session(&sb).await;
    let wf = call(
        &sb,
        scoped("GET", "/openapi/workflows", &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .json["List"][0]
        .clone();
    for path in [
        format!("/openapi/packages/{}", wf["PackageId"].as_str().unwrap()),
        format!(
            "/openapi/queues/{}",
            wf["AssociatedQueueId"].as_str().unwrap()
        ),
    ] {
        let r = call(
            &sb,
            scoped("DELETE", &path, &s).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            r.json["Message"]
                .as_str()
                .unwrap()
                .contains(wf["Name"].as_str().unwrap()),
            "{}",
            r.text
        );
    }
}

#[tokio::test]
async fn the_data_file_keeps_changes_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        data_file: Some(dir.path().join("state.json")),
        ..Default::default()
    };
    let first = Sandbox::new(config.clone()).unwrap();
    let s = session(&first).await;
    let id = uuid::Uuid::new_v4().to_string();
    let r = call(
        &first,
        scoped("POST", &format!("/openapi/queues/{id}"), &s)
            .header("Content-Type", "application/json")
            .body(Body::from(r#"{"Name":"持久 Kept"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    drop(first);
    let second = Sandbox::new(config).unwrap();
    let s = session(&second).await;
    let r = call(
        &second,
        scoped("GET", &format!("/openapi/queues/{id}"), &s)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.json["Name"], "持久 Kept");
}

#[tokio::test]
async fn an_upload_rate_slows_the_upload_down_to_it() {
    let sb = Sandbox::new(SandboxConfig {
        upload_rate: Some(4 << 20),
        ..Default::default()
    })
    .unwrap();
    let s = session(&sb).await;
    let mut bytes = std::io::Cursor::new(Vec::new());
    let manifest = dgs::Manifest {
        id: "Slow".into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    dgs::write_sized_package(&mut bytes, &manifest, 2 << 20).unwrap();
    let started = std::time::Instant::now();
    let r = call(
        &sb,
        scoped("PUT", "/openapi/packages", &s)
            .header("Content-Type", "application/octet-stream")
            .body(Body::from(bytes.into_inner()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(450),
        "2 MiB at 4 MiB/s: {:?}",
        started.elapsed()
    );
}
