//! The trigger scheduler on the real clock over real HTTP: cron and interval triggers fire,
//! changes are heard at once, event triggers run on record events, and the scheduler ends
//! with its sandbox.

use std::time::Duration;

use flexmodel_sandbox::testing::served;
use reqwest::Method;
use serde_json::{json, Value};

use crate::api_support;
use crate::triggers::{deployed_flow, finished, logs_until};
use api_support::Api;

fn scheduled(name: &str, job: &str, config: Value, state: bool) -> Value {
    json!({"name": name, "type": "SCHEDULED", "jobType": "FLOW", "jobId": job,
           "config": config, "state": state})
}

fn every_second(repeat: i64) -> Value {
    json!({"type": "interval", "interval": 1, "intervalUnit": "second", "repeatCount": repeat})
}

async fn create(api: &Api, body: Value) -> String {
    api.ok(Method::POST, "/triggers", Some(body)).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn finished_of(api: &Api, trigger: &str) -> usize {
    let page = api
        .ok(
            Method::GET,
            &format!("/jobs/logs?size=1000&triggerId={trigger}"),
            None,
        )
        .await;
    finished(page["list"].as_array().unwrap())
}

/// Lets the scheduler run `fires` fires of a fresh every-second trigger: time that any
/// trigger still firing would have fired in too.
async fn witness(api: &Api, flow: &str, fires: usize) {
    let id = create(
        api,
        scheduled("witness", flow, every_second(fires as i64), true),
    )
    .await;
    logs_until(api, &format!("triggerId={id}"), 20, |l| {
        finished(l) >= fires
    })
    .await;
}

#[tokio::test]
async fn a_cron_every_two_seconds_fires_and_disabling_it_stops_it() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "sched_cron").await;
    let flow = deployed_flow(&api, "tick", 0).await;
    let id = create(
        &api,
        scheduled(
            "tick",
            &flow,
            json!({"type": "cron", "cronExpression": "*/2 * * * * ?"}),
            true,
        ),
    )
    .await;
    let logs = logs_until(&api, &format!("triggerId={id}"), 20, |l| finished(l) >= 2).await;
    let fired: Vec<i64> = logs
        .iter()
        .map(|l| l["firedTime"].as_i64().unwrap())
        .collect();
    assert!(fired[0] - fired[1] >= 1500, "two seconds apart: {fired:?}");
    assert!(
        logs.iter().all(|l| l["executionStatus"] == "SUCCESS"),
        "{logs:?}"
    );
    assert_eq!(logs[0]["createdBy"], "system");

    api.ok(
        Method::PATCH,
        &format!("/triggers/{id}"),
        Some(json!({"state": false})),
    )
    .await;
    let before = logs_until(&api, &format!("triggerId={id}"), 10, |l| {
        finished(l) == l.len()
    })
    .await;
    witness(&api, &flow, 4).await;
    assert_eq!(
        finished_of(&api, &id).await,
        before.len(),
        "no fire once disabled"
    );

    // Enabled again, it fires again at once (the scheduler hears the change).
    api.ok(
        Method::PATCH,
        &format!("/triggers/{id}"),
        Some(json!({"state": true})),
    )
    .await;
    let n = before.len();
    logs_until(&api, &format!("triggerId={id}"), 20, |l| finished(l) > n).await;
}

#[tokio::test]
async fn an_interval_with_repeat_count_two_fires_exactly_twice() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "sched_interval").await;
    let flow = deployed_flow(&api, "beat", 0).await;
    let id = create(&api, scheduled("twice", &flow, every_second(2), true)).await;
    let logs = logs_until(&api, &format!("triggerId={id}"), 20, |l| finished(l) >= 2).await;
    let fired: Vec<i64> = logs
        .iter()
        .map(|l| l["firedTime"].as_i64().unwrap())
        .collect();
    assert!(
        fired[0] - fired[1] >= 500,
        "about a second apart: {fired:?}"
    );
    witness(&api, &flow, 3).await;
    assert_eq!(finished_of(&api, &id).await, 2, "exactly twice");
}

#[tokio::test]
async fn changes_to_triggers_are_picked_up_at_once() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "sched_changes").await;
    let flow = deployed_flow(&api, "work", 0).await;
    let other = deployed_flow(&api, "other", 0).await;
    // A yearly trigger made every second by a PUT fires within seconds, running the new job.
    let id = create(
        &api,
        scheduled(
            "yearly",
            &flow,
            json!({"type": "cron", "cronExpression": "0 0 3 1 1 ?"}),
            true,
        ),
    )
    .await;
    api.ok(
        Method::PUT,
        &format!("/triggers/{id}"),
        Some(scheduled("now", &other, every_second(0), true)),
    )
    .await;
    let logs = logs_until(&api, &format!("triggerId={id}"), 20, |l| finished(l) >= 2).await;
    assert!(logs.iter().all(|l| l["jobId"] == other.as_str()));

    // Deleted, it fires no more.
    api.call(Method::DELETE, &format!("/triggers/{id}"), None)
        .await;
    let n = logs_until(&api, &format!("triggerId={id}"), 10, |l| {
        finished(l) == l.len()
    })
    .await
    .len();
    witness(&api, &flow, 3).await;
    assert_eq!(finished_of(&api, &id).await, n);

    // A disabled trigger does not fire; enabled by PATCH it does.
    let off = create(&api, scheduled("off", &flow, every_second(0), false)).await;
    witness(&api, &flow, 3).await;
    assert_eq!(finished_of(&api, &off).await, 0);
    api.ok(
        Method::PATCH,
        &format!("/triggers/{off}"),
        Some(json!({"state": true})),
    )
    .await;
    logs_until(&api, &format!("triggerId={off}"), 20, |l| finished(l) >= 1).await;
}

#[tokio::test]
async fn event_triggers_run_their_flow_with_the_record_on_matching_changes() {
    let (sandbox, server) = served().await;
    let api = Api::login(&server, "sched_events").await;
    let flow = deployed_flow(&api, "onboard", 0).await;
    let event = |name: &str, model: &str, types: Value, state: bool| {
        json!({"name": name, "type": "EVENT", "jobType": "FLOW", "jobId": flow, "state": state,
               "config": {"type": "event", "datasourceName": "system", "modelName": model,
                          "mutationTypes": types, "triggerTiming": "after"}})
    };
    let on = create(
        &api,
        event("on", "Student", json!(["create", "update"]), true),
    )
    .await;
    let off = create(&api, event("off", "Student", json!(["create"]), false)).await;
    let classes = create(&api, event("classes", "Classes", json!(["create"]), true)).await;

    let record = json!({"id": 7, "studentName": "李雷", "age": 12});
    sandbox.publish_record_event(
        "sched_events",
        "system",
        "Student",
        "create",
        record.clone(),
    );
    let logs = logs_until(&api, &format!("triggerId={on}"), 10, |l| finished(l) == 1).await;
    let log = &logs[0];
    assert_eq!(log["executionStatus"], "SUCCESS");
    assert_eq!(log["inputData"]["eventData"]["newData"], record);
    assert_eq!(log["inputData"]["eventData"]["eventType"], "INSERTED");
    assert_eq!(log["inputData"]["mutationType"], "create");
    assert_eq!(log["inputData"]["triggerPhase"], "POST_CHANGE");
    assert_eq!(log["schedulerName"], "EventTrigger");
    assert_eq!(log["jobName"], "on");
    assert_eq!(log["jobGroup"], "system_Student");
    assert_eq!(log["outputData"]["variables"]["studentName"], "李雷");
    assert_eq!(log["outputData"]["variables"]["worked"], true);

    // A delete (not listened to), another project's create, then an update (listened to).
    sandbox.publish_record_event(
        "sched_events",
        "system",
        "Student",
        "delete",
        record.clone(),
    );
    sandbox.publish_record_event("elsewhere", "system", "Student", "create", record.clone());
    sandbox.publish_record_event(
        "sched_events",
        "system",
        "Student",
        "update",
        json!({"id": 7, "age": 13}),
    );
    let logs = logs_until(&api, &format!("triggerId={on}"), 10, |l| finished(l) == 2).await;
    assert_eq!(
        logs[0]["inputData"]["eventData"]["newData"],
        json!({"id": 7, "age": 13})
    );
    assert_eq!(logs[0]["inputData"]["mutationType"], "update");
    assert_eq!(logs[0]["outputData"]["variables"]["age"], 13);
    assert_eq!(
        finished_of(&api, &off).await,
        0,
        "a disabled event trigger does not run"
    );
    assert_eq!(
        finished_of(&api, &classes).await,
        0,
        "another model's trigger does not run"
    );
    let elsewhere = Api::login(&server, "elsewhere").await;
    let none = elsewhere.ok(Method::GET, "/jobs/logs", None).await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn the_scheduler_stops_when_the_sandbox_is_dropped() {
    let (sandbox, server) = served().await;
    let watch = sandbox.scheduler_watch();
    assert!(watch.is_running());
    drop(server);
    drop(sandbox);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while watch.is_running() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the scheduler outlived its sandbox"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_sandbox_on_the_same_data_directory_schedules_the_triggers_it_finds() {
    let dir = tempfile::tempdir().unwrap();
    let config = || flexmodel_sandbox::SandboxConfig {
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let (trigger, flow) = {
        let (sandbox, server) = flexmodel_sandbox::testing::served_with(config()).await;
        let api = Api::login(&server, "sched_restart").await;
        let flow = deployed_flow(&api, "kept", 0).await;
        let id = create(&api, scheduled("kept", &flow, every_second(0), true)).await;
        logs_until(&api, &format!("triggerId={id}"), 20, |l| finished(l) >= 1).await;
        let watch = sandbox.scheduler_watch();
        drop(server);
        drop(sandbox);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while watch.is_running() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the first sandbox's scheduler ended"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        (id, flow)
    };
    let (_sandbox, server) = flexmodel_sandbox::testing::served_with(config()).await;
    let api = Api::login(&server, "sched_restart").await;
    let got = api
        .ok(Method::GET, &format!("/triggers/{trigger}"), None)
        .await;
    assert_eq!(got["jobName"], "flow kept");
    // The logs kept from the first sandbox, all finished (its jobs end before it does).
    let before = logs_until(&api, &format!("triggerId={trigger}"), 10, |l| {
        !l.is_empty() && finished(l) == l.len()
    })
    .await
    .len();
    // The second sandbox found the enabled trigger and fires it again.
    let logs = logs_until(&api, &format!("triggerId={trigger}"), 20, |l| {
        finished(l) >= before + 2
    })
    .await;
    assert!(logs.iter().all(|l| l["jobId"] == flow.as_str()));
}

#[tokio::test]
async fn an_event_trigger_runs_when_a_record_is_created_and_updated_through_the_api() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "default").await;
    let flow = deployed_flow(&api, "welcome", 0).await;
    let trigger = create(
        &api,
        json!({"name": "welcome", "type": "EVENT", "jobType": "FLOW", "jobId": flow,
               "state": true,
               "config": {"type": "event", "datasourceName": "system", "modelName": "Classes",
                          "mutationTypes": ["create", "update"], "triggerTiming": "after"}}),
    )
    .await;

    let created = api
        .ok(
            Method::POST,
            "/datasources/system/models/Classes/records",
            Some(json!({"classCode": "C-900", "className": "事件班"})),
        )
        .await;
    let id = created["id"].clone();
    let logs = logs_until(&api, &format!("triggerId={trigger}"), 10, |l| {
        finished(l) == 1
    })
    .await;
    assert_eq!(logs[0]["executionStatus"], "SUCCESS");
    assert_eq!(logs[0]["inputData"]["mutationType"], "create");
    assert_eq!(logs[0]["inputData"]["eventData"]["newData"]["id"], id);
    assert_eq!(
        logs[0]["outputData"]["variables"]["className"], "事件班",
        "the flow ran with the record as its variables"
    );

    api.ok(
        Method::PATCH,
        &format!("/datasources/system/models/Classes/records/{id}"),
        Some(json!({"className": "事件二班"})),
    )
    .await;
    let logs = logs_until(&api, &format!("triggerId={trigger}"), 10, |l| {
        finished(l) == 2
    })
    .await;
    assert_eq!(logs[0]["inputData"]["mutationType"], "update");
    assert_eq!(logs[0]["outputData"]["variables"]["className"], "事件二班");
}
