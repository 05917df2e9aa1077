//! `console-desk-cli flexmodel …` against a FlexModel sandbox for the platform side: API
//! definitions (tree, histories, restore, generate), the API log and its statistics, every
//! metrics view, code generation into a zip; and `flexmodel sandbox` served as a process (its
//! first line, a sign-in against it, --data kept across restarts, SIGTERM, a bad --faults).

use crate::flexmodel_common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use flexmodel_common::{failed, ok, row, run_fm, stderr, Fm, BIN};

/// The API node named `name` anywhere in the tree.
fn node<'a>(tree: &'a Value, name: &str) -> &'a Value {
    fn find<'a>(nodes: &'a Value, name: &str) -> Option<&'a Value> {
        nodes.as_array()?.iter().find_map(|n| {
            if n["name"] == name {
                Some(n)
            } else {
                find(&n["children"], name)
            }
        })
    }
    find(tree, name).unwrap_or_else(|| panic!("no API {name} in {tree}"))
}

#[test]
fn apis_tree_histories_restore_and_generate() {
    let fm = Fm::start();
    let tree = fm.json(&["apis", "tree"]);
    let list = node(&tree, "List students");
    assert_eq!(list["path"], "/Student/list");
    let table = fm.table(&["apis", "tree"]);
    row(&table, &["Student APIs", "FOLDER"]);
    // Children are indented under their folder.
    assert!(
        table.contains("│   List students "),
        "children indented: {table}"
    );

    let id = list["id"].as_str().unwrap().to_owned();
    let histories = fm.json(&["apis", "histories", &id]);
    let histories = histories.as_array().unwrap();
    let older = histories
        .iter()
        .find(|h| h["name"] != "List students")
        .unwrap_or_else(|| panic!("a version from before the rename: {histories:?}"));
    let older_name = older["name"].as_str().unwrap().to_owned();
    let history = older["id"].as_str().unwrap().to_owned();
    let table = fm.table(&["apis", "histories", &id]);
    row(&table, &[history.as_str(), older_name.as_str()]);

    let restored = fm.json(&["apis", "restore", &id, &history]);
    assert_eq!(restored["name"], older_name.as_str());
    let tree = fm.json(&["apis", "tree"]);
    assert_eq!(node(&tree, &older_name)["id"], id.as_str());

    let out = fm.table(&[
        "apis",
        "generate",
        "--datasource",
        "system",
        "--model",
        "Classes",
        "--folder",
        "Class APIs",
        "--apis",
        "list,view",
    ]);
    assert!(out.contains("generated the folder \"Class APIs\""), "{out}");
    let tree = fm.json(&["apis", "tree"]);
    let folder = node(&tree, "Class APIs");
    assert_eq!(folder["type"], "FOLDER");
    let paths: Vec<&str> = folder["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.contains(&"/Classes/list"), "{paths:?}");
}

#[test]
fn the_api_log_lists_the_cli_own_calls_and_counts_them() {
    let fm = Fm::start();
    ok(fm.run(&["apis", "tree"]));
    let logs = fm.json(&["api-logs", "list", "--size", "50"]);
    let rows = logs["list"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["httpMethod"] == "GET" && r["path"].as_str().unwrap().contains("/f/apis")),
        "{logs}"
    );
    let table = fm.table(&["api-logs", "list", "--size", "2"]);
    assert!(table.contains(" shown of "), "{table}");

    let failures = fm.json(&["api-logs", "list", "--success", "false"]);
    assert!(failures["list"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["isSuccess"] == false));

    let stat = fm.json(&["api-logs", "stat"]);
    let days = stat["apiStatList"].as_array().unwrap();
    assert!(
        days.iter().any(|d| d["total"].as_u64().unwrap() > 0),
        "{stat}"
    );
    let table = fm.table(&["api-logs", "stat"]);
    assert!(table.contains("Requests by day:"), "{table}");
    assert!(table.contains("POST /f/auth/login"), "{table}");
}

#[test]
fn every_metrics_view() {
    let fm = Fm::start();
    let counts = fm.json(&["metrics", "fm"]);
    assert_eq!(counts["dataSourceCount"], 1);
    assert_eq!(counts["modelCount"], 5);
    assert_eq!(counts["flowDefCount"], 4);
    assert_eq!(counts["triggerTotalCount"], 5);
    let table = fm.table(&["metrics", "fm"]);
    row(&table, &["Data sources", "1"]);
    row(&table, &["Triggers", "5"]);

    let summary = fm.json(&["metrics", "summary"]);
    assert!(summary["availableProcessors"].as_u64().unwrap() >= 1);
    let table = fm.table(&["metrics", "summary"]);
    let cpus = summary["availableProcessors"].to_string();
    row(&table, &["availableProcessors", cpus.as_str()]);

    for view in ["all", "cpu", "memory", "jvm", "threads", "disk", "network"] {
        let value = fm.json(&["metrics", view]);
        assert!(
            value.as_object().is_some_and(|o| !o.is_empty()),
            "{view}: {value}"
        );
        let table = fm.table(&["metrics", view]);
        assert!(table.contains("Metric"), "{view}: {table}");
    }
    let cpu = fm.json(&["metrics", "cpu"]);
    let table = fm.table(&["metrics", "cpu"]);
    let processors = cpu["availableProcessors"].to_string();
    row(&table, &["availableProcessors", processors.as_str()]);

    let text = fm.table(&["metrics", "prometheus"]);
    assert!(text.starts_with("# HELP"), "{text}");
    assert!(text.contains("# TYPE"), "{text}");
    let json = fm.json(&["metrics", "prometheus"]);
    assert!(json["metrics"].as_str().unwrap().contains("# TYPE"));

    let err = failed(&fm.run(&["metrics", "gpu"]), 2);
    assert!(err.contains("gpu"), "{err}");
}

#[test]
fn codegen_templates_and_a_zip_of_generated_code() {
    let fm = Fm::start();
    let templates = fm.json(&["codegen", "templates"]);
    let names: Vec<&str> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"java_entity"), "{names:?}");
    row(
        &fm.table(&["codegen", "templates"]),
        &["typescript_interfaces"],
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("code.zip");
    let printed = fm.table(&[
        "codegen",
        "download",
        "java_entity",
        "--datasource",
        "system",
        "--out",
        out.to_str().unwrap(),
        "--variables",
        r#"{"packageName":"org.school"}"#,
    ]);
    assert!(printed.starts_with("wrote "), "{printed}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .find(|n| n.ends_with("/Student.java"))
        .expect("Student.java in the zip");
    assert!(name.contains("org/school"), "{name}");
    let mut java = String::new();
    zip.by_name(&name)
        .unwrap()
        .read_to_string(&mut java)
        .unwrap();
    assert!(java.contains("package org.school"), "{java}");
    assert!(java.contains("studentName"), "{java}");
}

/// `flexmodel sandbox ARGS` started as a process, and its address from the first line.
fn sandbox(args: &[&str]) -> (Child, String, Vec<String>) {
    let mut child = Command::new(BIN)
        .args(["flexmodel", "sandbox", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("sandbox listening on http://127.0.0.1:")
        .and_then(|port| port.parse::<u16>().ok())
        .filter(|port| *port != 0)
        .map(|port| format!("http://127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    // The rest of the announcement, to its last line.
    let mut rest = Vec::new();
    for line in lines.map_while(Result::ok) {
        let last = line == "Ctrl-C stops it.";
        rest.push(line);
        if last {
            break;
        }
    }
    (child, url, rest)
}

/// SIGTERM, then the exit status within 10 s.
fn terminate(mut child: Child) {
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the sandbox ignored SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "the sandbox exited with {status}");
}

#[test]
fn the_sandbox_subcommand_serves_keeps_its_data_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fm");
    let data = data.to_str().unwrap();
    let (child, url, rest) = sandbox(&["--data", data, "--token-ttl", "600"]);
    let rest = rest.join("\n");
    assert!(
        rest.contains("export CONSOLE_DESK_PASSWORD=admin123"),
        "{rest}"
    );
    assert!(
        rest.contains(&format!("flexmodel --url {url} --username admin")),
        "{rest}"
    );
    let args = [
        "--json",
        "records",
        "create",
        "dev",
        "Todo",
        "--project",
        "dev_test",
        "--data",
        r#"{"title":"Kept across restarts"}"#,
    ];
    let made: Value =
        serde_json::from_str(&ok(run_fm(Some(&url), &args, Some("admin123"), &[]))).unwrap();
    let id = made["id"].to_string();
    terminate(child);

    let (child, url, _) = sandbox(&["--data", data]);
    let args = [
        "--json",
        "--project",
        "dev_test",
        "records",
        "get",
        "dev",
        "Todo",
        &id,
    ];
    let kept: Value =
        serde_json::from_str(&ok(run_fm(Some(&url), &args, Some("admin123"), &[]))).unwrap();
    assert_eq!(kept["title"], "Kept across restarts");
    terminate(child);
}

#[test]
fn the_sandbox_refuses_an_unknown_fault_with_exit_2() {
    let out = Command::new(BIN)
        .args([
            "flexmodel",
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "latency=5ms,nonsense=1",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("nonsense"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn help_lists_the_flexmodel_group_and_its_commands() {
    let help = |args: &[&str]| {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let top = help(&["--help"]);
    assert!(top.contains("\n  flexmodel "), "{top}");
    let group = help(&["flexmodel", "--help"]);
    let listed: Vec<&str> = group
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        [
            "projects",
            "whoami",
            "datasources",
            "models",
            "records",
            "query",
            "graphql",
            "flows",
            "instances",
            "triggers",
            "job-logs",
            "apis",
            "api-logs",
            "metrics",
            "codegen",
            "sandbox",
            "help"
        ]
    );
    assert!(group.contains("CONSOLE_DESK_FLEXMODEL_URL"), "{group}");
}

#[test]
fn the_sandbox_seeds_bulk_records_and_says_which_faults_are_in_effect() {
    let (child, url, rest) = sandbox(&["--bulk-records", "250", "--faults", "latency=1ms"]);
    let rest = rest.join("\n");
    assert!(rest.contains("faults in effect: "), "{rest}");
    let args = [
        "--json", "records", "list", "system", "Product", "--size", "1",
    ];
    let page: Value =
        serde_json::from_str(&ok(run_fm(Some(&url), &args, Some("admin123"), &[]))).unwrap();
    assert_eq!(page["total"], 250, "{page}");
    terminate(child);
}
