//! Contract of the API definitions (tree, create, PUT, PATCH, delete, generate, histories,
//! restore), the API log and its statistics, the metrics and code generation, through the
//! client against the sandbox's seed (a folder of six generated Student APIs).

use flexmodel_api::*;
use serde_json::json;

use crate::common::signed_in;

fn find<'a>(tree: &'a [ApiDefinition], name: &str) -> Option<&'a ApiDefinition> {
    tree.iter()
        .flat_map(ApiDefinition::walk)
        .map(|(_, n)| n)
        .find(|n| n.name == name)
}

#[tokio::test]
async fn the_seeded_api_tree_and_a_new_api_through_its_life() {
    let f = signed_in().await;
    let apis = f.client.apis();
    let tree = apis.tree().await.unwrap();
    let folder = find(&tree, "Student APIs").expect("the seeded folder");
    assert_eq!(folder.kind, ApiType::FOLDER);
    assert_eq!(folder.children.len(), 6);
    let list = find(&tree, "List students").unwrap();
    assert_eq!(
        (list.method.as_deref(), list.path.as_deref()),
        (Some("GET"), Some("/Student/list"))
    );

    let made = apis
        .create(&ApiDefinition {
            name: "Ping".into(),
            parent_id: folder.id.clone(),
            method: Some("GET".into()),
            path: Some("/ping".into()),
            meta: json!({"auth": false}),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = made.id.clone().unwrap();
    let tree = apis.tree().await.unwrap();
    let folder = find(&tree, "Student APIs").unwrap();
    assert_eq!(folder.children.len(), 7);
    assert_eq!(find(&tree, "Ping").unwrap().meta, json!({"auth": false}));

    let mut changed = made.clone();
    changed.path = Some("/ping2".into());
    apis.update(&id, &changed).await.unwrap();
    assert_eq!(
        find(&apis.tree().await.unwrap(), "Ping")
            .unwrap()
            .path
            .as_deref(),
        Some("/ping2")
    );
    let patched = apis.patch(&id, Some("Pong"), Some(false)).await.unwrap();
    assert_eq!((patched.name.as_str(), patched.enabled), ("Pong", false));
    let tree = apis.tree().await.unwrap();
    let pong = find(&tree, "Pong").unwrap();
    assert_eq!(
        (pong.enabled, pong.path.as_deref()),
        (false, Some("/ping2"))
    );

    // Create, PUT and PATCH each kept a snapshot, newest first; restoring the first brings
    // back its name and path.
    let histories = apis.histories(&id).await.unwrap();
    assert_eq!(histories.len(), 3);
    assert_eq!(histories[0].name, "Pong");
    let first = histories.last().unwrap();
    assert_eq!(
        (first.name.as_str(), first.path.as_deref()),
        ("Ping", Some("/ping"))
    );
    assert_eq!(first.api_definition_id.as_deref(), Some(id.as_str()));
    let restored = apis
        .restore(&id, first.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(restored.name, "Ping");
    let tree = apis.tree().await.unwrap();
    let back = find(&tree, "Ping").unwrap();
    assert_eq!((back.path.as_deref(), back.enabled), (Some("/ping"), true));
    assert_eq!(apis.histories(&id).await.unwrap().len(), 4);
    // An unknown history is the server's null: not found, by what was asked.
    let err = apis.restore(&id, "no-such-history").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(
        err.to_string(),
        format!("there is no history no-such-history of API {id}")
    );

    apis.delete(&id).await.unwrap();
    let tree = apis.tree().await.unwrap();
    assert!(find(&tree, "Ping").is_none());
    assert_eq!(find(&tree, "Student APIs").unwrap().children.len(), 6);
}

#[tokio::test]
async fn generate_makes_a_folder_of_the_asked_apis() {
    let f = signed_in().await;
    let apis = f.client.apis();
    apis.generate(&GenerateApis {
        datasource_name: "system".into(),
        model_name: "Classes".into(),
        api_folder: "Class APIs".into(),
        id_field_of_path: "id".into(),
        generate_apis: vec!["list".into(), "view".into()],
    })
    .await
    .unwrap();
    let tree = apis.tree().await.unwrap();
    let folder = find(&tree, "Class APIs").expect("the generated folder");
    let mut routes: Vec<(String, String)> = folder
        .children
        .iter()
        .map(|c| (c.method.clone().unwrap(), c.path.clone().unwrap()))
        .collect();
    routes.sort();
    assert_eq!(routes.len(), 2, "{routes:?}");
    assert!(
        routes
            .iter()
            .all(|(m, p)| m == "GET" && p.starts_with("/Classes/")),
        "{routes:?}"
    );
    let fm = f.client.metrics().fm().await.unwrap();
    // The seed's folder of six and its API, this folder and its two.
    assert_eq!(fm.custom_api_count, 7 + 3);
}

#[tokio::test]
async fn the_api_log_lists_the_clients_own_calls_and_counts_them() {
    let f = signed_in().await;
    let c = &f.client;
    for _ in 0..3 {
        c.datasources().list().await.unwrap();
    }
    c.records("system", "Classes")
        .create(&json!({"classCode": "C77", "className": "Logged"}))
        .await
        .unwrap();
    let _ = c
        .records("system", "Nope")
        .list(&RecordQuery::new())
        .await
        .unwrap_err();

    let rows = c
        .api_logs()
        .list_all(&ApiLogQuery::default())
        .await
        .unwrap();
    let listed = rows
        .iter()
        .filter(|r| r.path.as_deref() == Some("GET /f/datasources"))
        .count();
    assert_eq!(listed, 3);
    let by_keyword = c
        .api_logs()
        .list(&ApiLogQuery {
            keyword: Some("C77".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_keyword.total, Some(1));
    // The body is kept as the text sent.
    let body = by_keyword.list[0].request_body.as_str().unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(body).unwrap(),
        json!({"classCode": "C77", "className": "Logged"})
    );
    let failures = c
        .api_logs()
        .list(&ApiLogQuery {
            is_success: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(failures.total, Some(1));
    assert_eq!(failures.list[0].status_code, Some(500));
    assert_eq!(
        failures.list[0].error_message.as_deref(),
        Some("Model not found: Nope")
    );

    let stat = c.api_logs().stat(None).await.unwrap();
    let ranked = stat
        .api_ranking_list
        .iter()
        .find(|n| n.name == "GET /f/datasources")
        .unwrap();
    assert_eq!(ranked.total, 3);
    let all: u64 = stat.api_stat_list.iter().map(|d| d.total).sum();
    let ok: u64 = stat.api_chart.success_data.iter().sum();
    let failed: u64 = stat.api_chart.fail_data.iter().sum();
    assert_eq!((ok + failed, failed), (all, 1));
    assert_eq!(
        stat.api_chart.date_list.len(),
        stat.api_chart.success_data.len()
    );
}

#[tokio::test]
async fn every_metrics_section_answers_the_sandboxs_own_figures() {
    let f = signed_in().await;
    let m = f.client.metrics();
    let fm = m.fm().await.unwrap();
    // Six seeded instances, and three more the seeded triggers' jobs started.
    assert_eq!(
        (
            fm.data_source_count,
            fm.model_count,
            fm.flow_def_count,
            fm.flow_exec_count
        ),
        (1, 5, 4, 9)
    );
    assert_eq!(
        (
            fm.trigger_total_count,
            fm.job_success_count,
            fm.job_failure_count
        ),
        (5, 2, 1)
    );
    assert!(fm.request_count >= 1);

    let summary = m.summary().await.unwrap();
    assert_eq!(summary.jvm_name.as_deref(), Some("flexmodel-sandbox"));
    assert!(summary.available_processors.unwrap() >= 1);
    assert!(summary.thread_count.unwrap() >= 1);
    let jvm = m.jvm().await.unwrap();
    assert_eq!(jvm["name"], "flexmodel-sandbox");
    assert_eq!(jvm["vendor"], "ConsoleDesk");
    let cpu = m.cpu().await.unwrap();
    assert_eq!(
        cpu["availableProcessors"],
        summary.available_processors.unwrap()
    );
    let memory = m.memory().await.unwrap();
    assert!(memory["heap"]["used"].as_u64().unwrap() > 0, "{memory}");
    let threads = m.threads().await.unwrap();
    assert!(threads["threadCount"].as_u64().unwrap() >= 1, "{threads}");
    let disk = m.disk().await.unwrap();
    assert!(disk["totalFileSystems"].as_u64().unwrap() >= 1, "{disk}");
    let network = m.network().await.unwrap();
    assert!(network.is_object(), "{network}");
    let text = m.prometheus().await.unwrap();
    assert_eq!(text.error, None);
    assert!(text.metrics.unwrap().contains("flexmodel_"));
    let all = m.all().await.unwrap();
    assert_eq!(all["fm"]["modelCount"], 5);
    assert_eq!(all["jvm"]["name"], "flexmodel-sandbox");
    for section in [
        "cpu",
        "memory",
        "threads",
        "disk",
        "network",
        "summary",
        "prometheus",
    ] {
        assert!(all[section].is_object(), "{section}");
    }
}

#[tokio::test]
async fn code_templates_and_a_zip_of_the_models() {
    let f = signed_in().await;
    let codegen = f.client.codegen();
    let templates = codegen.templates().await.unwrap();
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["java_entity", "typescript_interfaces"]);
    assert!(templates[0].extra["variables"].get("packageName").is_some());

    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("system.zip");
    let vars = json!({"packageName": "com.example.contract"});
    let bytes = codegen
        .download("java_entity", "system", Some(&vars), &to)
        .await
        .unwrap();
    let written = std::fs::read(&to).unwrap();
    assert_eq!(bytes, written.len() as u64);
    assert_eq!(&written[..4], b"PK\x03\x04");
    // The package name went into the generated Java, stored (uncompressed or not) in the zip:
    // the entry names are plain in the zip's directory.
    let text = String::from_utf8_lossy(&written);
    assert!(text.contains("Student.java"), "the zip names Student.java");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the zip is left");
}
