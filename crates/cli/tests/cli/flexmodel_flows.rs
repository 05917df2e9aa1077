//! `console-desk-cli flexmodel …` against a FlexModel sandbox for the flow side: flow modules
//! (list, get, deploy), an instance taken through its user tasks (start, commit, rollback,
//! terminate), triggers (list, get, create and update from a file, enable, disable, execute)
//! and the job logs their runs write; a start whose answer is lost exits 3.

use crate::flexmodel_common;

use serde_json::{json, Value};

use flexmodel_common::{eventually, failed, flow_id, row, Fm};

#[test]
fn flows_list_get_and_deploy() {
    let fm = Fm::start();
    let flows = fm.json(&["flows", "list"]);
    assert_eq!(flows["total"], 4);
    let table = fm.table(&["flows", "list"]);
    row(&table, &["approval", "请假审批", "published"]);
    row(&table, &["onboarding", "入职流程", "editing"]);
    row(&table, &["expense", "报销流程", "draft"]);

    let approval = flow_id(&fm, "approval");
    let detail = fm.json(&["flows", "get", &approval]);
    assert_eq!(detail["flowKey"], "approval");
    let table = fm.table(&["flows", "get", &approval]);
    row(&table, &["submit", "user task", "提交申请", "f2"]);
    row(&table, &["record", "service task", "记录结果", "f4"]);

    // The module being edited gets deployed: a new deploy id, and it reads as published.
    let onboarding = flow_id(&fm, "onboarding");
    let deployed = fm.json(&["flows", "deploy", &onboarding]);
    assert_eq!(deployed["flowModuleId"], onboarding.as_str());
    let deploy_id = deployed["flowDeployId"].as_str().unwrap();
    assert!(!deploy_id.is_empty());
    let table = fm.table(&["flows", "list", "--key", "onboarding"]);
    row(&table, &[onboarding.as_str(), "onboarding", "published"]);
    let detail = fm.json(&["flows", "get", &onboarding, "--deploy-id", deploy_id]);
    assert_eq!(detail["flowDeployId"], deploy_id);

    // A draft without a model is refused by the engine: exit 1 with its message.
    let expense = flow_id(&fm, "expense");
    let err = failed(&fm.run(&["flows", "deploy", &expense]), 1);
    assert!(err.starts_with("error: "), "{err}");
}

/// The task the instance now waits at: (key, task id).
fn waiting_at(run: &Value) -> (String, String) {
    let task = &run["activeTaskInstance"];
    let key = task["key"].as_str().or(task["Key"].as_str()).unwrap();
    (
        key.to_owned(),
        task["nodeInstanceId"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn an_instance_through_its_user_tasks() {
    let fm = Fm::start();
    let approval = flow_id(&fm, "approval");
    let started = fm.json(&["instances", "start", &approval, "--vars", r#"{"days":3}"#]);
    let id = started["flowInstanceId"].as_str().unwrap().to_owned();
    assert_eq!(started["status"], 2, "running: {started}");
    let (key, submit) = waiting_at(&started);
    assert_eq!(key, "submit");

    let committed = fm.json(&[
        "instances",
        "commit",
        &id,
        "--task",
        &submit,
        "--vars",
        r#"{"reason":"holiday"}"#,
    ]);
    let (key, approve) = waiting_at(&committed);
    assert_eq!(key, "approve");

    // The table shows where it waits and the task id to commit next.
    let table = fm.table(&["instances", "get", &id]);
    row(&table, &["Status", "running"]);
    row(&table, &[approve.as_str(), "approve", "经理审批", "active"]);
    row(
        &table,
        &[submit.as_str(), "submit", "提交申请", "completed"],
    );

    let rolled = fm.json(&["instances", "rollback", &id, "--task", &approve]);
    assert_eq!(waiting_at(&rolled).0, "submit", "{rolled}");

    let listed = fm.json(&[
        "instances",
        "list",
        "--flow",
        &approval,
        "--status",
        "running",
    ]);
    let ids: Vec<&str> = listed["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["flowInstanceId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()), "{listed}");
    assert!(listed["list"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == 2 && i["flowModuleId"] == approval.as_str()));

    let table = fm.table(&["instances", "terminate", &id]);
    row(&table, &["Status", "terminated"]);
    assert_eq!(fm.json(&["instances", "get", &id])["status"], 3);
    let err = failed(&fm.run(&["instances", "commit", &id, "--task", &submit]), 1);
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn a_start_whose_answer_is_lost_exits_3_and_says_to_check_the_instances() {
    let fm = Fm::start();
    let approval = flow_id(&fm, "approval");
    let before = fm.json(&["instances", "list", "--flow", &approval])["total"]
        .as_u64()
        .unwrap();
    let faults = "error=1,error_at=after,error_status=502,only=/instances/start"
        .parse()
        .unwrap();
    fm.sandbox.set_faults(faults);
    let err = failed(&fm.run(&["instances", "start", &approval]), 3);
    assert!(err.contains("Check the flow's instances"), "{err}");
    assert_eq!(fm.sent("POST", "/instances/start"), 1, "sent once");
    fm.sandbox.set_faults(Default::default());
    let after = fm.json(&["instances", "list", "--flow", &approval])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
}

#[test]
fn triggers_from_files_paused_resumed_and_run_with_their_job_logs() {
    let fm = Fm::start();
    let seeded = fm.json(&["triggers", "list"]);
    assert_eq!(seeded["total"], 5);
    let table = fm.table(&["triggers", "list"]);
    row(
        &table,
        &[
            "每日审批提醒",
            "SCHEDULED",
            "cron 0 0 8 * * ?",
            "请假审批",
            "true",
        ],
    );
    row(
        &table,
        &["新学生入学审批", "EVENT", "after create of system/Student"],
    );

    let approval = flow_id(&fm, "approval");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trigger.json");
    let trigger = json!({
        "name": "weekday nine",
        "description": "made by the CLI tests",
        "type": "SCHEDULED",
        "config": {"type": "cron", "cronExpression": "0 0 9 ? * MON-FRI"},
        "jobType": "FLOW",
        "jobId": approval,
        "state": true,
    });
    std::fs::write(&file, trigger.to_string()).unwrap();
    let path = file.to_str().unwrap();
    let made = fm.json(&["triggers", "create", "--file", path]);
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(made["name"], "weekday nine");
    let table = fm.table(&["triggers", "get", &id]);
    row(&table, &["When", "cron 0 0 9 ? * MON-FRI"]);
    row(&table, &["Flow name", "请假审批"]);
    let listed = fm.json(&[
        "triggers",
        "list",
        "--flow",
        &approval,
        "--name",
        "weekday nine",
    ]);
    assert_eq!(listed["total"], 1, "{listed}");

    let mut changed = trigger.clone();
    changed["name"] = json!("weekday ten");
    changed["config"] = json!({"type": "interval", "interval": 2, "intervalUnit": "hour"});
    std::fs::write(&file, changed.to_string()).unwrap();
    let updated = fm.json(&["triggers", "update", &id, "--file", path]);
    assert_eq!(updated["name"], "weekday ten");
    row(
        &fm.table(&["triggers", "get", &id]),
        &["When", "every 2 hour"],
    );

    assert_eq!(fm.json(&["triggers", "disable", &id])["state"], false);
    let err = failed(&fm.run(&["triggers", "execute", &id]), 1);
    assert!(
        err.starts_with("error: "),
        "a paused trigger does not run: {err}"
    );
    assert_eq!(fm.json(&["triggers", "enable", &id])["state"], true);

    let out = fm.table(&["triggers", "execute", &id]);
    assert!(out.contains("ran trigger \"weekday ten\""), "{out}");
    let log = eventually("the run's job log to succeed", || {
        let logs = fm.json(&["job-logs", "list", "--trigger", &id]);
        logs["list"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["executionStatus"] == "SUCCESS")
            .cloned()
    });
    assert_eq!(log["triggerId"], id.as_str());
    assert_eq!(log["jobId"], approval.as_str());

    // The seed's failed run, by status.
    let failed_runs = fm.json(&["job-logs", "list", "--status", "FAILED"]);
    let list = failed_runs["list"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|l| l["executionStatus"] == "FAILED"));
    let sync = seeded["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "订单同步")
        .and_then(|t| t["id"].as_str())
        .unwrap();
    assert!(list.iter().any(|l| l["triggerId"] == sync), "{failed_runs}");
    let table = fm.table(&["job-logs", "list", "--status", "FAILED"]);
    row(&table, &[sync, "FAILED"]);
}

#[test]
fn a_trigger_file_that_is_no_trigger_is_refused_before_signing_in() {
    let fm = Fm::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    std::fs::write(&file, "[1, 2]").unwrap();
    let err = failed(
        &fm.run(&["triggers", "create", "--file", file.to_str().unwrap()]),
        2,
    );
    assert!(err.contains("is not a trigger"), "{err}");
    let missing = dir.path().join("missing.json");
    let err = failed(
        &fm.run(&["triggers", "create", "--file", missing.to_str().unwrap()]),
        2,
    );
    assert!(err.contains("cannot read the trigger file"), "{err}");
    assert!(fm.sandbox.request_log().is_empty());
}
