//! Metrics over HTTP: every section in the server's shape, with plausible figures of the
//! sandbox's own process and machine, and the platform counters.

use flexmodel_sandbox::testing::served;
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

async fn get(http: &reqwest::Client, token: &str, url: String) -> Value {
    let resp = http.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// A percentage as the server writes it: 0–100, two decimals at most.
fn assert_percent(value: &Value, what: &str) {
    let x = value
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is {value}"));
    assert!((0.0..=100.0).contains(&x), "{what} = {x}");
    assert!(
        ((x * 100.0).round() - x * 100.0).abs() < 1e-6,
        "{what} = {x} has more than two decimals"
    );
}

#[tokio::test]
async fn all_answers_every_section_with_plausible_figures_of_the_process() {
    let (_sandbox, server) = served().await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;

    let all = get(&http, &token, format!("{api}/metrics/all")).await;
    for key in [
        "jvm",
        "cpu",
        "memory",
        "threads",
        "disk",
        "network",
        "summary",
        "prometheus",
        "fm",
        "timestamp",
        "processingTimeMs",
    ] {
        assert!(all.get(key).is_some(), "{key} missing from {all}");
    }
    assert_eq!(all["error"], Value::Null);

    let cpu = &all["cpu"];
    assert!(cpu["availableProcessors"].as_u64().unwrap() >= 1);
    assert_percent(&cpu["systemCpuLoad"], "systemCpuLoad");
    assert_percent(&cpu["processCpuLoad"], "processCpuLoad");
    assert!(cpu["totalPhysicalMemorySize"].as_u64().unwrap() > 0);
    assert!(!cpu["architecture"].as_str().unwrap().is_empty());

    let heap = &all["memory"]["heap"];
    let used = heap["used"].as_u64().unwrap();
    assert!(
        used > 1024 * 1024,
        "the process has more than 1 MiB resident: {used}"
    );
    assert!(used < heap["max"].as_u64().unwrap());
    assert_percent(&heap["usagePercentage"], "heap usagePercentage");

    let threads = &all["threads"];
    let count = threads["threadCount"].as_u64().unwrap();
    assert!(
        count > 1,
        "a Tokio runtime has more than one thread: {count}"
    );
    let by_state: u64 = threads["threadStates"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_state, count);
    assert_eq!(
        threads["threadDetails"].as_object().unwrap().len() as u64,
        count
    );
    assert!(threads["peakThreadCount"].as_u64().unwrap() >= count);
    assert_eq!(threads["daemonThreadCount"].as_u64().unwrap(), count - 1);

    let disk = &all["disk"];
    assert!(disk["totalFileSystems"].as_u64().unwrap() >= 1);
    assert!(disk["totalSpace"].as_u64().unwrap() > 0);
    for (name, fs) in disk["fileSystems"].as_object().unwrap() {
        assert_percent(&fs["usagePercentage"], name);
    }
    assert_percent(
        &disk["diskIo"]["fileSystemStats"]["spaceUtilization"],
        "spaceUtilization",
    );

    let network = &all["network"];
    let interfaces = network["interfaces"].as_object().unwrap();
    assert_eq!(
        network["totalInterfaces"].as_u64().unwrap() as usize,
        interfaces.len()
    );
    assert!(
        interfaces.values().any(|i| i["isLoopback"] == true),
        "{interfaces:?}"
    );

    let summary = &all["summary"];
    assert!(summary["threadCount"].as_u64().unwrap() > 0);
    assert!(summary["heapUsedMB"].as_u64().unwrap() >= 1);
    assert_percent(&summary["heapUsagePercentage"], "heapUsagePercentage");
    assert_percent(&summary["diskUsagePercentage"], "diskUsagePercentage");
    assert_percent(&summary["systemCpuLoad"], "summary systemCpuLoad");
    assert_eq!(summary["jvmName"], "flexmodel-sandbox");
    assert!(summary["uptime"].as_u64().is_some());

    // The seed has one folder and six APIs in project default.
    let fm = &all["fm"];
    assert_eq!(fm["customApiCount"], 7);
    for key in [
        "requestCount",
        "queryCount",
        "mutationCount",
        "subscribeCount",
        "dataSourceCount",
        "modelCount",
        "flowDefCount",
        "flowExecCount",
        "triggerTotalCount",
        "jobSuccessCount",
        "jobFailureCount",
    ] {
        assert!(fm[key].as_u64().is_some(), "{key} in {fm}");
    }
    let text = all["prometheus"]["metrics"].as_str().unwrap();
    assert!(
        text.contains("# TYPE jvm_threads_current gauge\n"),
        "{text}"
    );
    assert!(text.contains("\nflexmodel_custom_api_count 7\n"), "{text}");
    assert_eq!(all["prometheus"]["error"], Value::Null);
}

#[tokio::test]
async fn each_section_answers_on_its_own_and_counts_the_calls() {
    let (_sandbox, server) = served().await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let token = login(&http, &api).await;

    let missing = http.get(format!("{api}/metrics/cpu")).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["message"],
        "Token is missing"
    );

    let fm1 = get(&http, &token, format!("{api}/metrics/fm")).await;
    let fm2 = get(&http, &token, format!("{api}/metrics/fm")).await;
    let (r1, r2) = (
        fm1["requestCount"].as_u64().unwrap(),
        fm2["requestCount"].as_u64().unwrap(),
    );
    assert!(r1 >= 2, "the login and this call: {r1}");
    assert_eq!(r2, r1 + 1);

    let checks: [(&str, &str); 8] = [
        ("summary", "availableProcessors"),
        ("cpu", "systemLoadAverage"),
        ("memory", "heap"),
        ("jvm", "garbageCollectors"),
        ("threads", "threadStates"),
        ("disk", "rootDirectory"),
        ("network", "localhost"),
        ("prometheus", "metrics"),
    ];
    for (section, field) in checks {
        let body = get(&http, &token, format!("{api}/metrics/{section}")).await;
        assert!(
            body.get(field).is_some(),
            "{section} has no {field}: {body}"
        );
    }
    let prometheus = get(&http, &token, format!("{api}/metrics/prometheus")).await;
    let text = prometheus["metrics"].as_str().unwrap();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (name, value) = line.split_once(' ').unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{line}"
        );
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
}
