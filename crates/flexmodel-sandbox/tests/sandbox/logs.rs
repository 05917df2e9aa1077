//! The API log over HTTP: filled by the sandbox's own traffic (every admin call but the log's
//! own), found again by every filter, without secrets; its statistics bucketed by hour, day
//! or month over rows written in the past; old rows purged.

use chrono::{Duration, Local, NaiveDateTime};
use flexmodel_sandbox::testing::{served, served_with};
use flexmodel_sandbox::SandboxConfig;
use serde_json::{json, Value};

async fn login(http: &reqwest::Client, api: &str) -> String {
    let body: Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_owned()
}

async fn get(http: &reqwest::Client, token: &str, url: String, project: &str) -> Value {
    let resp = http
        .get(url)
        .bearer_auth(token)
        .header("X-Tenant-Id", project)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

fn rows(page: &Value) -> &Vec<Value> {
    page["list"].as_array().unwrap()
}

fn range(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let f = "%Y-%m-%d %H:%M:%S";
    format!("{},{}", start.format(f), end.format(f))
}

#[tokio::test]
async fn the_log_holds_the_sandboxs_own_calls_found_by_every_filter_without_secrets() {
    let (_sandbox, server) = served().await;
    let url = server.url();
    let api = format!("{url}/api/f");
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;

    let created = http
        .post(format!("{api}/apis"))
        .bearer_auth(&token)
        .header("X-Tenant-Id", "default")
        .header("X-Custom", "kept")
        .header("Cookie", "refreshToken=secret-cookie")
        .json(&json!({"name": "needle-4711", "type": "FOLDER"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let refused = http
        .post(format!("{api}/apis"))
        .bearer_auth(&token)
        .json(&json!({"type": "API"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let bad_token = http
        .get(format!("{api}/apis"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_token.status(), 401);
    let elsewhere = http
        .get(format!("{api}/apis"))
        .bearer_auth(&token)
        .header("X-Tenant-Id", "dev_test")
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 200);

    // Newest first; the log's own calls are not in it.
    let page = get(&http, &token, format!("{api}/logs"), "default").await;
    let list = rows(&page);
    let paths: Vec<&str> = list.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "GET /f/apis",
            "POST /f/apis",
            "POST /f/apis",
            "POST /f/auth/login"
        ]
    );
    assert_eq!(page["total"], 4);
    let _ = get(&http, &token, format!("{api}/logs/stat"), "default").await;
    let again = get(&http, &token, format!("{api}/logs"), "default").await;
    assert_eq!(again["total"], 4, "reading the log is not logged");

    // The project's own rows only.
    let other = get(&http, &token, format!("{api}/logs"), "dev_test").await;
    assert_eq!(other["total"], 1);
    assert_eq!(other["list"][0]["path"], "GET /f/apis");

    let unauthorized = &list[0];
    assert_eq!(unauthorized["statusCode"], 401);
    assert_eq!(unauthorized["isSuccess"], false);
    assert_eq!(unauthorized["errorMessage"], "Token is invalid");
    assert!(unauthorized["requestHeaders"]
        .get("authorization")
        .is_none());

    let ok = &list[2];
    assert_eq!(ok["httpMethod"], "POST");
    assert_eq!(ok["url"], format!("{url}/api/f/apis"));
    assert_eq!(ok["statusCode"], 200);
    assert_eq!(ok["isSuccess"], true);
    assert_eq!(ok["errorMessage"], Value::Null);
    assert_eq!(ok["clientIp"], "127.0.0.1");
    assert!(ok["responseTime"].as_u64().is_some());
    assert!(
        NaiveDateTime::parse_from_str(ok["createdAt"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S")
            .is_ok()
    );
    let body: Value = serde_json::from_str(ok["requestBody"].as_str().unwrap()).unwrap();
    assert_eq!(body["name"], "needle-4711");
    let headers = ok["requestHeaders"].as_object().unwrap();
    assert_eq!(headers["x-custom"], json!(["kept"]));
    assert_eq!(headers["x-tenant-id"], json!(["default"]));
    assert!(!headers.contains_key("authorization"), "{headers:?}");
    assert!(!headers.contains_key("cookie"), "{headers:?}");
    assert!(!ok.to_string().contains(&token));
    assert!(!ok.to_string().contains("secret-cookie"));

    let login_row = &list[3];
    let text = login_row["requestBody"].as_str().unwrap();
    assert!(
        text.contains("******") && !text.contains("admin123"),
        "{text}"
    );

    // keyword searches the request body.
    let found = get(
        &http,
        &token,
        format!("{api}/logs?keyword=needle-4711"),
        "default",
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["list"][0]["path"], "POST /f/apis");
    // isSuccess.
    let failed = get(
        &http,
        &token,
        format!("{api}/logs?isSuccess=false"),
        "default",
    )
    .await;
    let statuses: Vec<u64> = rows(&failed)
        .iter()
        .map(|r| r["statusCode"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [401, 400]);
    assert_eq!(failed["list"][1]["errorMessage"], "name must not be blank");
    let succeeded = get(
        &http,
        &token,
        format!("{api}/logs?isSuccess=true"),
        "default",
    )
    .await;
    assert_eq!(succeeded["total"], 2);
    // dateRange.
    let now = Local::now().naive_local();
    let around = range(now - Duration::minutes(5), now + Duration::minutes(5));
    let recent = get(
        &http,
        &token,
        format!("{api}/logs?dateRange={around}"),
        "default",
    )
    .await;
    assert_eq!(recent["total"], 4);
    let past = range(now - Duration::days(3), now - Duration::days(2));
    let none = get(
        &http,
        &token,
        format!("{api}/logs?dateRange={past}"),
        "default",
    )
    .await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["list"], json!([]));
    // Pages.
    let second = get(
        &http,
        &token,
        format!("{api}/logs?page=2&size=3"),
        "default",
    )
    .await;
    assert_eq!(second["total"], 4);
    assert_eq!(rows(&second).len(), 1);
    assert_eq!(second["list"][0]["path"], "POST /f/auth/login");
}

#[tokio::test]
async fn stat_buckets_by_hour_day_or_month_old_rows_are_purged_long_bodies_capped() {
    let (sandbox, server) = served_with(SandboxConfig {
        seed: false,
        ..SandboxConfig::default()
    })
    .await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;
    let now = Local::now().naive_local();
    let two_hours_ago = now - Duration::hours(2);
    let three_days_ago = now - Duration::days(3);
    for _ in 0..3 {
        sandbox.seed_api_log("stats", two_hours_ago, "GET /f/apis", 200);
    }
    sandbox.seed_api_log("stats", two_hours_ago, "POST /f/apis", 400);
    for _ in 0..2 {
        sandbox.seed_api_log("stats", three_days_ago, "GET /f/flows", 200);
    }
    sandbox.seed_api_log("stats", now - Duration::days(40), "GET /f/old", 200);

    // Within a day: one bucket an hour.
    let day = range(now - Duration::hours(20), now);
    let stat = get(
        &http,
        &token,
        format!("{api}/logs/stat?dateRange={day}"),
        "stats",
    )
    .await;
    let labels: Vec<&str> = stat["apiChart"]["dateList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 21);
    let label = two_hours_ago.format("%Y-%m-%d %H:00:00").to_string();
    let at = labels.iter().position(|l| *l == label).unwrap();
    assert_eq!(stat["apiChart"]["successData"][at], 3);
    assert_eq!(stat["apiChart"]["failData"][at], 1);
    let successes: i64 = stat["apiChart"]["successData"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(successes, 3);
    assert_eq!(stat["apiStatList"], json!([{"date": label, "total": 4}]));
    assert_eq!(
        stat["apiRankingList"],
        json!([{"name": "GET /f/apis", "total": 3}, {"name": "POST /f/apis", "total": 1}])
    );

    // By default the last 7 days, one bucket a day.
    let week = get(&http, &token, format!("{api}/logs/stat"), "stats").await;
    let labels: Vec<&str> = week["apiChart"]["dateList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 8);
    assert_eq!(labels[7], now.format("%Y-%m-%d").to_string());
    let day_label = three_days_ago.format("%Y-%m-%d").to_string();
    let at = labels.iter().position(|l| *l == day_label).unwrap();
    assert_eq!(week["apiChart"]["successData"][at], 2);
    let total: i64 = week["apiStatList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["total"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 6);
    assert_eq!(
        week["apiRankingList"][0],
        json!({"name": "GET /f/apis", "total": 3})
    );

    // Over three months, one bucket a month.
    let quarter = range(now - Duration::days(90), now);
    let months = get(
        &http,
        &token,
        format!("{api}/logs/stat?dateRange={quarter}"),
        "stats",
    )
    .await;
    let labels = months["apiChart"]["dateList"].as_array().unwrap();
    assert!(labels.len() >= 3 && labels.len() <= 4, "{labels:?}");
    assert!(
        labels.iter().all(|l| l.as_str().unwrap().len() == 7),
        "{labels:?}"
    );
    assert!(
        labels.windows(2).all(|w| w[0].as_str() < w[1].as_str()),
        "{labels:?}"
    );
    let month = two_hours_ago.format("%Y-%m").to_string();
    let in_month: i64 = months["apiStatList"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["date"] == month.as_str())
        .map(|s| s["total"].as_i64().unwrap())
        .sum();
    assert!(in_month >= 4, "{months}");

    // A long body is capped; the client's address is the first X-Forwarded-For entry.
    let long = "x".repeat(40_000);
    let created = http
        .post(format!("{api}/apis"))
        .bearer_auth(&token)
        .header("X-Tenant-Id", "big")
        .header("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
        .json(&json!({"name": "big", "meta": {"document": long}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.status(),
        200,
        "the handler still reads the whole body"
    );
    let big = get(&http, &token, format!("{api}/logs"), "big").await;
    let row = &big["list"][0];
    assert_eq!(row["clientIp"], "203.0.113.9");
    let body = row["requestBody"].as_str().unwrap();
    assert!(body.len() < 17 * 1024, "{}", body.len());
    assert!(
        body.starts_with("{\"meta\":{\"document\":\"xxx") && body.ends_with("bytes in all)"),
        "{}",
        &body[body.len() - 40..]
    );

    // The 40-day-old row went with the first read (log.maxDays is 7).
    let all = get(&http, &token, format!("{api}/logs?size=100"), "stats").await;
    assert_eq!(all["total"], 6);
    assert!(rows(&all).iter().all(|r| r["path"] != "GET /f/old"));
}
