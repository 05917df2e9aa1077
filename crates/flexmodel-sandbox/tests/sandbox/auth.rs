//! The session as the real server keeps it: a JSON login that sets a refresh cookie, errors in
//! its shapes, and the projects.

use flexmodel_sandbox::testing::served;
use serde_json::{json, Value};

#[tokio::test]
async fn login_refresh_whoami_and_projects_answer_as_the_server_does() {
    let (sandbox, server) = served().await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();

    let wrong = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(
        body,
        json!({"code": 400, "message": "Wrong username or password", "success": false})
    );

    let login = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("refreshToken=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let body: Value = login.json().await.unwrap();
    assert_eq!(body["expiresIn"], 300000);
    assert_eq!(body["user"]["username"], "admin");
    let token = body["token"].as_str().unwrap().to_owned();

    let missing = http.get(format!("{api}/auth/whoami")).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["message"], "Token is missing");

    let me: Value = http
        .get(format!("{api}/auth/whoami"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "admin");

    let projects: Value = http
        .get(format!("{api}/projects"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["default", "dev_test"]);

    sandbox.revoke_access_tokens();
    let expired = http
        .get(format!("{api}/auth/whoami"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);

    let secret = cookie.split(';').next().unwrap().to_owned();
    for _ in 0..2 {
        // The cookie is not rotated: it works again.
        let refreshed = http
            .post(format!("{api}/auth/refresh"))
            .header("cookie", &secret)
            .send()
            .await
            .unwrap();
        assert_eq!(refreshed.status(), 200);
    }
    let refused = http
        .post(format!("{api}/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert!(refused.bytes().await.unwrap().is_empty());

    let unknown = http
        .get(format!("{api}/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["code"], -1);
    assert_eq!(body["success"], false);

    let profile: Value = http
        .get(format!("{api}/global/profile"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["apiRootPath"], "/api");
}
