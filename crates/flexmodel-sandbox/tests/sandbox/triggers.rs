//! Triggers and job logs over real HTTP: CRUD with every validation message, execute with its
//! RUNNING then SUCCESS or FAILED logs, the job-log filters, and the seed.

use std::time::Duration;

use flexmodel_sandbox::testing::served;
use reqwest::Method;
use serde_json::{json, Value};

use crate::api_support;
use api_support::Api;

/// A deployed flow in the test's project: start → work (service task: sets `worked`, and
/// sleeps `sleep_ms`) → end. Its module id.
pub(crate) async fn deployed_flow(api: &Api, key: &str, sleep_ms: u64) -> String {
    let created = api
        .ok(
            Method::POST,
            "/flows",
            Some(json!({"flowKey": key, "flowName": format!("flow {key}")})),
        )
        .await;
    let id = created["flowModuleId"].as_str().unwrap().to_owned();
    let model = json!({"flowElementList": [
        {"key": "start", "type": 2, "outgoing": ["f1"]},
        {"key": "f1", "type": 1, "incoming": ["start"], "outgoing": ["work"]},
        {"key": "work", "type": 5, "incoming": ["f1"], "outgoing": ["f2"],
         "properties": {"variables": {"worked": true}, "sleepMillis": sleep_ms}},
        {"key": "f2", "type": 1, "incoming": ["work"], "outgoing": ["end"]},
        {"key": "end", "type": 3, "incoming": ["f2"]},
    ]})
    .to_string();
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": model})),
    )
    .await;
    api.ok(
        Method::POST,
        &format!("/flows/{id}/deploy"),
        Some(json!({})),
    )
    .await;
    id
}

/// The job logs of a query, polled until `done` holds of them or the deadline passes.
pub(crate) async fn logs_until(
    api: &Api,
    query: &str,
    secs: u64,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let page = api
            .ok(Method::GET, &format!("/jobs/logs?size=1000&{query}"), None)
            .await;
        let list = page["list"].as_array().unwrap().clone();
        if done(&list) {
            return list;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting on the job logs of '{query}': {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) fn finished(list: &[Value]) -> usize {
    list.iter()
        .filter(|l| l["executionStatus"] != "RUNNING")
        .count()
}

fn cron(name: &str, job: &str, expr: &str, state: bool) -> Value {
    json!({"name": name, "description": "d", "type": "SCHEDULED",
           "config": {"type": "cron", "cronExpression": expr},
           "jobType": "FLOW", "jobId": job, "state": state})
}

async fn refused(api: &Api, body: Value) -> Value {
    let (status, answer) = api.post("/triggers", body).await;
    assert_eq!(status, 400, "{answer}");
    answer
}

#[tokio::test]
async fn triggers_are_created_read_listed_patched_replaced_and_deleted() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "trig_crud").await;
    let flow = deployed_flow(&api, "nightly", 0).await;

    let made = api
        .ok(
            Method::POST,
            "/triggers",
            Some(cron("morning", &flow, "0 0 8 * * ?", true)),
        )
        .await;
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(
        made["jobGroup"], "nightly",
        "a scheduled trigger's group is the flow's key"
    );
    assert_eq!(made["tenantId"], "trig_crud");
    assert_eq!(made["createdBy"], "admin");
    assert_eq!(made["config"]["cronExpression"], "0 0 8 * * ?");
    let got = api.ok(Method::GET, &format!("/triggers/{id}"), None).await;
    assert_eq!(got["jobName"], "flow nightly");
    assert_eq!(got["nextFireTime"], Value::Null);
    assert_eq!(got["previousFireTime"], Value::Null);
    assert_eq!(got["state"], true);

    let event = api
        .ok(
            Method::POST,
            "/triggers",
            Some(json!({"name": "on student", "type": "EVENT", "jobType": "FLOW", "jobId": flow,
                        "jobGroup": "ignored",
                        "config": {"type": "event", "datasourceName": "system", "modelName": "Student",
                                   "mutationTypes": ["create", "update"]}})),
        )
        .await;
    assert_eq!(event["jobGroup"], "system_Student");
    assert_eq!(event["config"]["triggerTiming"], "after");
    assert_eq!(event["state"], true, "state defaults to enabled");
    let interval = api
        .ok(
            Method::POST,
            "/triggers",
            Some(json!({"name": "weekly", "type": "SCHEDULED", "jobType": "FLOW", "jobId": "no-such-flow",
                        "config": {"type": "interval", "interval": 2, "intervalUnit": "week"}})),
        )
        .await;
    assert_eq!(
        interval["jobGroup"],
        Value::Null,
        "no deployed flow, no group (as the server)"
    );

    // The list: newest first, exact filters, jobName added, 15 a page by default.
    let all = api.ok(Method::GET, "/triggers", None).await;
    assert_eq!(all["total"], 3);
    let names: Vec<&str> = all["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["weekly", "on student", "morning"]);
    assert_eq!(all["list"][2]["jobName"], "flow nightly");
    assert_eq!(all["list"][0]["jobName"], Value::Null);
    for (query, expect) in [
        ("name=morning", vec!["morning"]),
        ("name=morn", vec![]),
        ("jobGroup=system_Student", vec!["on student"]),
        (&*format!("jobId={flow}"), vec!["on student", "morning"]),
        ("jobType=FLOW&jobGroup=nightly", vec!["morning"]),
        ("jobType=SCRIPT", vec![]),
    ] {
        let found = api
            .ok(Method::GET, &format!("/triggers?{query}"), None)
            .await;
        let names: Vec<&str> = found["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, expect, "{query}");
        assert_eq!(found["total"], expect.len());
    }
    for i in 0..13 {
        api.ok(
            Method::POST,
            "/triggers",
            Some(cron(&format!("extra {i}"), &flow, "0 0 8 * * ?", false)),
        )
        .await;
    }
    let first = api.ok(Method::GET, "/triggers", None).await;
    assert_eq!(first["total"], 16);
    assert_eq!(first["list"].as_array().unwrap().len(), 15);
    let second = api.ok(Method::GET, "/triggers?page=2", None).await;
    assert_eq!(second["list"][0]["name"], "morning");

    // PATCH applies only state.
    let patched = api
        .ok(
            Method::PATCH,
            &format!("/triggers/{id}"),
            Some(json!({"state": false, "name": "renamed", "config": {"type": "cron", "cronExpression": ""}})),
        )
        .await;
    assert_eq!(patched["state"], false);
    assert_eq!(patched["name"], "morning");
    assert_eq!(patched["config"]["cronExpression"], "0 0 8 * * ?");
    // PUT replaces, with the same checks as create.
    let (status, body) = api
        .put(&format!("/triggers/{id}"), cron("evening", &flow, "", true))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], "Cron表达式不能为空");
    // A PUT without state keeps the trigger's (here disabled) state.
    let mut stateless = cron("quiet", &flow, "0 0 9 * * ?", true);
    stateless.as_object_mut().unwrap().remove("state");
    let kept = api
        .ok(Method::PUT, &format!("/triggers/{id}"), Some(stateless))
        .await;
    assert_eq!(kept["state"], false);
    assert_eq!(kept["jobGroup"], "nightly");
    let replaced = api
        .ok(
            Method::PUT,
            &format!("/triggers/{id}"),
            Some(cron("evening", &flow, "0 30 18 ? * MON-FRI", true)),
        )
        .await;
    assert_eq!(replaced["id"], id.as_str());
    assert_eq!(replaced["name"], "evening");
    assert_eq!(replaced["createdAt"], made["createdAt"]);
    let got = api.ok(Method::GET, &format!("/triggers/{id}"), None).await;
    assert_eq!(got["config"]["cronExpression"], "0 30 18 ? * MON-FRI");
    assert_eq!(got["state"], true);

    // DELETE: 204, then a GET answers 204 with no body.
    let (status, _) = api
        .call(Method::DELETE, &format!("/triggers/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, body) = api
        .call(Method::GET, &format!("/triggers/{id}"), None)
        .await;
    assert_eq!((status, body), (204, Value::Null));
    let (status, body) = api
        .call(
            Method::PATCH,
            &format!("/triggers/{id}"),
            Some(json!({"state": true})),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], "记录不存在");
    let (status, body) = api
        .put(
            &format!("/triggers/{id}"),
            cron("x", &flow, "0 0 8 * * ?", true),
        )
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("记录不存在"))
    );
    let (status, body) = api
        .call(Method::POST, &format!("/triggers/{id}/execute"), None)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], format!("触发器不存在: {id}"));
}

#[tokio::test]
async fn every_validation_message_of_a_trigger() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "trig_checks").await;

    let blank = refused(
        &api,
        json!({"config": {"type": "cron", "cronExpression": "0 0 8 * * ?"}}),
    )
    .await;
    assert_eq!(blank["code"], -1);
    assert_eq!(blank["errors"]["name"], "must not be blank");
    assert_eq!(blank["errors"]["type"], "must be SCHEDULED or EVENT");
    assert_eq!(blank["errors"]["jobId"], "must not be blank");

    let message = |v: Value| v["message"].as_str().unwrap().to_owned();
    assert_eq!(
        message(refused(&api, cron("c", "f", "  ", true)).await),
        "Cron表达式不能为空"
    );
    let no_expr =
        json!({"name": "c", "type": "SCHEDULED", "jobId": "f", "config": {"type": "cron"}});
    assert_eq!(message(refused(&api, no_expr).await), "Cron表达式不能为空");
    for bad in [
        "0 0 25 * * ?",
        "* * * * *",
        "0 0 8 * * *",
        "0 0 8 ? * ?",
        "0 0 8 L * ?",
        "every day",
    ] {
        let m = message(refused(&api, cron("c", "f", bad, true)).await);
        assert!(m.starts_with("创建定时任务失败: "), "{bad}: {m}");
    }
    // Quartz's seconds-first syntax with `?`, ranges, steps and names is taken.
    for good in [
        "*/2 * * * * ?",
        "0 15 10 ? * MON-FRI",
        "0 0/5 14,18 * * ?",
        "0 0 12 1 1/2 ? 2030",
    ] {
        api.ok(
            Method::POST,
            "/triggers",
            Some(cron("ok", "f", good, false)),
        )
        .await;
    }

    let interval = |config: Value| json!({"name": "i", "type": "SCHEDULED", "jobType": "FLOW", "jobId": "f", "config": config});
    for (config, words) in [
        (
            json!({"type": "interval", "interval": 0, "intervalUnit": "second"}),
            "IntervalScheduledTriggerConfig.interval must be greater than 0.",
        ),
        (
            json!({"type": "interval", "interval": "5", "intervalUnit": "second"}),
            "IntervalScheduledTriggerConfig is invalid: interval must be a whole number, not \"5\"",
        ),
        (
            json!({"type": "interval", "interval": 5}),
            "IntervalScheduledTriggerConfig is invalid: intervalUnit must be one of second, minute, hour, day, week, month, year",
        ),
        (
            json!({"type": "interval", "interval": 5, "intervalUnit": "fortnight"}),
            "创建定时任务失败: 不支持的间隔时间单位: fortnight",
        ),
        (
            json!({"type": "interval", "interval": 5, "intervalUnit": "day", "repeatCount": "x"}),
            "IntervalScheduledTriggerConfig is invalid: repeatCount must be a whole number",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "modelName": "Student", "mutationTypes": ["create"]}),
            "a SCHEDULED trigger takes a cron or interval config",
        ),
        (
            json!({"type": "webhook"}),
            "unsupported config type 'webhook'",
        ),
        (
            json!({"interval": 5}),
            "config.type must be cron, interval or event",
        ),
        (json!("cron"), "config must be an object"),
    ] {
        let m = message(refused(&api, interval(config.clone())).await);
        assert!(m.contains(words), "{config}: {m}");
    }
    api.ok(
        Method::POST,
        "/triggers",
        Some(interval(
            json!({"type": "interval", "interval": 3, "intervalUnit": "Month", "repeatCount": -1}),
        )),
    )
    .await;

    let event = |config: Value| json!({"name": "e", "type": "EVENT", "jobType": "FLOW", "jobId": "f", "config": config});
    for (config, words) in [
        (
            json!({"type": "event", "modelName": "Student", "mutationTypes": ["create"]}),
            "EventTriggerConfig is invalid: datasourceName must not be blank",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "mutationTypes": ["create"]}),
            "EventTriggerConfig is invalid: modelName must not be blank",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "modelName": "Student"}),
            "EventTriggerConfig is invalid: mutationTypes must list at least one of create, update, delete",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "modelName": "Student", "mutationTypes": ["upsert"]}),
            "EventTriggerConfig is invalid: mutationTypes: \"upsert\" is not one of create, update, delete",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "modelName": "Student", "mutationTypes": ["create"], "triggerTiming": "before"}),
            "triggerTiming 'before' is not supported by the sandbox",
        ),
        (
            json!({"type": "event", "datasourceName": "system", "modelName": "Student", "mutationTypes": ["create"], "triggerTiming": "during"}),
            "triggerTiming must be before or after",
        ),
        (
            json!({"type": "cron", "cronExpression": "0 0 8 * * ?"}),
            "an EVENT trigger takes an event config, not cron",
        ),
    ] {
        let m = message(refused(&api, event(config.clone())).await);
        assert!(m.contains(words), "{config}: {m}");
    }
    let mut script = cron("s", "f", "0 0 8 * * ?", true);
    script["jobType"] = json!("SCRIPT");
    assert!(message(refused(&api, script).await).contains("unsupported jobType 'SCRIPT'"));
    let mut odd = cron("s", "f", "0 0 8 * * ?", true);
    odd["state"] = json!("yes");
    assert!(message(refused(&api, odd).await).contains("state must be true or false"));

    // Nothing refused was stored.
    let all = api.ok(Method::GET, "/triggers?size=100", None).await;
    assert_eq!(all["total"], 5);
}

#[tokio::test]
async fn execute_writes_a_running_log_then_success_or_failure() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "trig_exec").await;
    let slow = deployed_flow(&api, "slow", 1500).await;
    let t = api
        .ok(
            Method::POST,
            "/triggers",
            Some(cron("slow job", &slow, "0 0 8 * * ?", true)),
        )
        .await;
    let id = t["id"].as_str().unwrap().to_owned();

    let answer = api
        .ok(Method::POST, &format!("/triggers/{id}/execute"), None)
        .await;
    assert_eq!(answer["id"], id.as_str());
    // The RUNNING log is there when execute answers; the job takes 1.5 s.
    let running = api
        .ok(Method::GET, &format!("/jobs/logs?triggerId={id}"), None)
        .await;
    assert_eq!(running["total"], 1);
    let log = &running["list"][0];
    assert_eq!(log["executionStatus"], "RUNNING");
    assert_eq!(
        log["isSuccess"], false,
        "false until it succeeds, as the server writes it"
    );
    assert_eq!(
        log["schedulerName"], "slow job",
        "execute names the trigger, as the server"
    );
    assert_eq!(log["inputData"]["flowModuleId"], slow.as_str());
    assert_eq!(log["inputData"]["userId"], "admin");
    assert_eq!(log["endTime"], Value::Null);
    assert_eq!(log["jobId"], slow.as_str());
    assert_eq!(log["jobGroup"], "slow");
    assert_eq!(log["jobName"], "slow job");
    assert_eq!(log["jobType"], "FLOW");
    assert_eq!(log["tenantId"], "trig_exec");

    let done = logs_until(&api, &format!("triggerId={id}"), 10, |l| finished(l) == 1).await;
    let log = &done[0];
    assert_eq!(log["executionStatus"], "SUCCESS");
    assert_eq!(log["isSuccess"], true);
    assert!(log["executionDuration"].as_u64().unwrap() >= 1500, "{log}");
    assert!(log["endTime"].is_string());
    assert_eq!(log["errorMessage"], Value::Null);
    assert_eq!(log["outputData"]["status"], 1, "the instance completed");
    assert_eq!(log["outputData"]["variables"]["worked"], true);
    let inst = log["outputData"]["flowInstanceId"].as_str().unwrap();
    let got = api
        .ok(Method::GET, &format!("/flows/instances/{inst}"), None)
        .await;
    assert_eq!(got["flowModuleId"], slow.as_str());

    // A flow that is not deployed, and one that does not exist: FAILED with the reason.
    let draft = api
        .ok(
            Method::POST,
            "/flows",
            Some(json!({"flowKey": "draft", "flowName": "draft"})),
        )
        .await["flowModuleId"]
        .as_str()
        .unwrap()
        .to_owned();
    for (job, words) in [
        (draft.as_str(), "is not deployed"),
        ("gone", "there is no flow module 'gone'"),
    ] {
        let t = api
            .ok(
                Method::POST,
                "/triggers",
                Some(cron("broken", job, "0 0 8 * * ?", true)),
            )
            .await;
        let tid = t["id"].as_str().unwrap().to_owned();
        api.ok(Method::POST, &format!("/triggers/{tid}/execute"), None)
            .await;
        let logs = logs_until(&api, &format!("triggerId={tid}"), 10, |l| finished(l) == 1).await;
        let log = &logs[0];
        assert_eq!(log["executionStatus"], "FAILED");
        assert_eq!(log["isSuccess"], false);
        let m = log["errorMessage"].as_str().unwrap();
        assert!(m.contains("4007") && m.contains(words), "{m}");
        assert_eq!(log["errorStackTrace"]["message"], m);
        assert!(log["errorStackTrace"]["stackTrace"]
            .as_str()
            .unwrap()
            .contains(m));
        assert_eq!(
            log["outputData"]["errCode"], 4007,
            "the engine's answer is kept"
        );
        assert!(log["executionDuration"].is_u64());
    }

    // A disabled trigger is not executed.
    api.ok(
        Method::PATCH,
        &format!("/triggers/{id}"),
        Some(json!({"state": false})),
    )
    .await;
    let (status, body) = api
        .call(Method::POST, &format!("/triggers/{id}/execute"), None)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], format!("触发器已禁用，无法执行: {id}"));
    let logs = api
        .ok(Method::GET, &format!("/jobs/logs?triggerId={id}"), None)
        .await;
    assert_eq!(logs["total"], 1);
}

#[tokio::test]
async fn job_logs_filter_by_trigger_job_status_success_and_time() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "trig_logs").await;
    let good = deployed_flow(&api, "good", 0).await;
    let ok = api
        .ok(
            Method::POST,
            "/triggers",
            Some(cron("ok", &good, "0 0 8 * * ?", true)),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bad = api
        .ok(
            Method::POST,
            "/triggers",
            Some(cron("bad", "missing", "0 0 8 * * ?", true)),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for t in [&ok, &bad, &ok] {
        api.ok(Method::POST, &format!("/triggers/{t}/execute"), None)
            .await;
    }
    let all = logs_until(&api, "", 10, |l| l.len() == 3 && finished(l) == 3).await;
    let starts: Vec<&str> = all
        .iter()
        .map(|l| l["startTime"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted, "newest first");

    let count = |q: String| {
        let api = &api;
        async move {
            let page = api.ok(Method::GET, &format!("/jobs/logs?{q}"), None).await;
            page["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count(format!("triggerId={ok}")).await, 2);
    assert_eq!(count(format!("triggerId={bad}")).await, 1);
    assert_eq!(count(format!("jobId={good}")).await, 2);
    assert_eq!(count("jobId=missing".into()).await, 1);
    assert_eq!(count("status=SUCCESS".into()).await, 2);
    assert_eq!(count("status=FAILED".into()).await, 1);
    assert_eq!(count("status=RUNNING".into()).await, 0);
    assert_eq!(count("isSuccess=true".into()).await, 2);
    assert_eq!(count("isSuccess=false".into()).await, 1);
    assert_eq!(count(format!("isSuccess=false&triggerId={ok}")).await, 0);
    let first = all.last().unwrap()["startTime"]
        .as_str()
        .unwrap()
        .to_owned();
    let last = all[0]["startTime"].as_str().unwrap().to_owned();
    assert_eq!(count(format!("startTime={first}")).await, 3);
    assert_eq!(count(format!("endTime={last}")).await, 3);
    assert_eq!(count(format!("startTime={first}&endTime={last}")).await, 3);
    assert_eq!(count("startTime=2999-01-01T00:00:00".into()).await, 0);
    assert_eq!(count("endTime=2000-01-01T00:00:00".into()).await, 0);
    let page = api.ok(Method::GET, "/jobs/logs?page=2&size=2", None).await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["list"].as_array().unwrap().len(), 1);
    assert_eq!(page["list"][0]["id"], all[2]["id"]);

    let (status, body) = api
        .call(Method::GET, "/jobs/logs?isSuccess=maybe", None)
        .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("isSuccess"));
    let (status, body) = api
        .call(Method::GET, "/jobs/logs?startTime=yesterday", None)
        .await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("startTime must be an ISO date-time"));
}

#[tokio::test]
async fn the_seed_has_triggers_of_every_config_type_and_job_logs_that_succeeded_and_failed() {
    let (sandbox, server) = served().await;
    let api = Api::login(&server, "default").await;
    let triggers = api.ok(Method::GET, "/triggers?size=100", None).await;
    let list = triggers["list"].as_array().unwrap();
    for kind in ["cron", "interval", "event"] {
        assert!(
            list.iter().any(|t| t["config"]["type"] == kind),
            "a {kind} trigger"
        );
    }
    assert!(
        list.iter().any(|t| t["state"] == false),
        "some are disabled"
    );
    assert!(
        list.iter().all(|t| t["jobName"].is_string()),
        "each runs a seeded flow"
    );
    let event = list.iter().find(|t| t["type"] == "EVENT").unwrap();
    assert_eq!(event["jobGroup"], "system_Student");
    // No enabled trigger fires often: nothing enabled on an interval, no cron every second.
    assert!(!list
        .iter()
        .any(|t| t["state"] == true && t["config"]["type"] == "interval"));

    let logs = api.ok(Method::GET, "/jobs/logs?size=100", None).await;
    let logs = logs["list"].as_array().unwrap();
    let success = logs
        .iter()
        .find(|l| l["executionStatus"] == "SUCCESS")
        .unwrap();
    assert!(success["outputData"]["flowInstanceId"].is_string());
    assert!(success["inputData"].is_object());
    assert!(logs.iter().any(|l| l["executionStatus"] == "SUCCESS"
        && l["inputData"]["eventData"]["newData"]["studentName"] == "张三"
        && l["outputData"]["variables"]["studentName"] == "张三"));
    let failure = logs
        .iter()
        .find(|l| l["executionStatus"] == "FAILED")
        .unwrap();
    assert!(failure["errorMessage"].as_str().unwrap().contains("4022"));
    assert!(failure["errorStackTrace"]["stackTrace"].is_string());

    let (_, (total, ok, failed)) = sandbox.flow_and_trigger_counts("default");
    assert_eq!(total, list.len());
    assert_eq!(
        ok,
        logs.iter()
            .filter(|l| l["executionStatus"] == "SUCCESS")
            .count()
    );
    assert_eq!(
        failed,
        logs.iter()
            .filter(|l| l["executionStatus"] == "FAILED")
            .count()
    );
    assert!(ok >= 2 && failed >= 1);
}
