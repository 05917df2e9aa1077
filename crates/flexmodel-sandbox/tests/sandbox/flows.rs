//! Flow modules and instances over real HTTP: modelled, deployed, started, committed, rolled
//! back, terminated, with the engine's codes and every status asserted at each step.

use flexmodel_sandbox::testing::served;
use reqwest::Method;
use serde_json::{json, Value};

use crate::api_support;
use api_support::Api;

fn el(key: &str, kind: i64, incoming: &[&str], outgoing: &[&str], props: Value) -> Value {
    json!({"key": key, "type": kind, "incoming": incoming, "outgoing": outgoing, "properties": props})
}

/// start → submit (user) → approve (user) → stamp (service, sets `stamped`) → end.
fn two_tasks() -> String {
    json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({"name": "开始"})),
        el("f1", 1, &["start"], &["submit"], json!({})),
        el("submit", 4, &["f1"], &["f2"], json!({"name": "提交"})),
        el("f2", 1, &["submit"], &["approve"], json!({})),
        el("approve", 4, &["f2"], &["f3"], json!({"name": "审批"})),
        el("f3", 1, &["approve"], &["stamp"], json!({})),
        el("stamp", 5, &["f3"], &["f4"], json!({"name": "盖章", "variables": {"stamped": "yes"}})),
        el("f4", 1, &["stamp"], &["end"], json!({})),
        el("end", 3, &["f4"], &[], json!({"name": "结束"})),
    ]})
    .to_string()
}

fn code(answer: &Value) -> i64 {
    answer["errCode"].as_i64().expect("an errCode")
}

async fn new_flow(api: &Api, key: &str, name: &str) -> String {
    let created = api
        .ok(
            Method::POST,
            "/flows",
            Some(json!({"flowKey": key, "flowName": name, "remark": "test"})),
        )
        .await;
    assert_eq!(code(&created), 1000, "{created}");
    created["flowModuleId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_flow_is_modelled_deployed_started_committed_rolled_back_and_terminated() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "flows_lifecycle").await;

    let id = new_flow(&api, "leave", "请假流程").await;
    let one = api.ok(Method::GET, &format!("/flows/{id}"), None).await;
    assert_eq!(code(&one), 1000);
    assert_eq!(one["status"], 1, "a new module is a draft");
    assert_eq!(one["flowKey"], "leave");
    assert_eq!(one["flowModel"], Value::Null);

    // Starting what was never deployed is refused as the engine refuses: errCode 4007.
    let early = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id})),
        )
        .await;
    assert_eq!(code(&early), 4007, "{early}");
    assert!(early["errMsg"]
        .as_str()
        .unwrap()
        .starts_with("Get flowDeployment failed"));

    // Deploying without a model is a 400 naming it.
    let (status, body) = api.post(&format!("/flows/{id}/deploy"), json!({})).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("3201"), "{body}");

    // Bad models are 400s that say what is wrong.
    let (status, body) = api
        .put(
            &format!("/flows/{id}"),
            json!({"flowModel": {"flowElementList": []}}),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("must be a JSON string"));
    let (status, body) = api
        .put(&format!("/flows/{id}"), json!({"flowModel": "{not json"}))
        .await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("flowModel is not valid JSON"));
    let seven = json!({"flowElementList": [el("x", 7, &[], &[], json!({}))]}).to_string();
    let (status, body) = api
        .put(&format!("/flows/{id}"), json!({"flowModel": seven}))
        .await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("element 'x' has the unknown type 7"));
    let dangling =
        json!({"flowElementList": [el("s", 2, &[], &["nowhere"], json!({}))]}).to_string();
    let (status, body) = api
        .put(&format!("/flows/{id}"), json!({"flowModel": dangling}))
        .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("'nowhere'"));

    // A good model: the module is being edited (2), then published (4) once deployed.
    let saved = api
        .ok(
            Method::PUT,
            &format!("/flows/{id}"),
            Some(json!({"flowModel": two_tasks()})),
        )
        .await;
    assert_eq!(code(&saved), 1000);
    let one = api.ok(Method::GET, &format!("/flows/{id}"), None).await;
    assert_eq!(one["status"], 2);
    assert_eq!(one["flowModel"], two_tasks());
    let deployed = api
        .ok(
            Method::POST,
            &format!("/flows/{id}/deploy"),
            Some(json!({})),
        )
        .await;
    assert_eq!(code(&deployed), 1000);
    let deploy_id = deployed["flowDeployId"].as_str().unwrap().to_owned();
    let one = api.ok(Method::GET, &format!("/flows/{id}"), None).await;
    assert_eq!(one["status"], 4);
    assert_eq!(one["flowDeployId"], deploy_id.as_str());

    // Start: the first user task waits (1002), the instance runs (2).
    let started = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id, "variables": {"days": 3}})),
        )
        .await;
    assert_eq!(code(&started), 1002, "{started}");
    assert_eq!(started["status"], 2);
    assert_eq!(started["flowDeployId"], deploy_id.as_str());
    let inst = started["flowInstanceId"].as_str().unwrap().to_owned();
    let task = &started["activeTaskInstance"];
    assert_eq!(task["key"], "submit");
    assert_eq!(task["status"], 2);
    let submit_id = task["nodeInstanceId"].as_str().unwrap().to_owned();

    // A commit naming another task is refused (4010) and changes nothing.
    let wrong = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/commit"),
            Some(json!({"flowInstanceId": inst, "taskInstanceId": "nope"})),
        )
        .await;
    assert_eq!(code(&wrong), 4010);

    // Commit: submit completed (1), variables merged, approve active.
    let committed = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/commit"),
            Some(json!({"flowInstanceId": inst, "taskInstanceId": submit_id,
                        "variables": {"reason": "family"}})),
        )
        .await;
    assert_eq!(code(&committed), 1002, "{committed}");
    assert_eq!(committed["activeTaskInstance"]["key"], "approve");
    assert_eq!(
        committed["variables"],
        json!({"days": 3, "reason": "family"})
    );
    let approve_id = committed["activeTaskInstance"]["nodeInstanceId"]
        .as_str()
        .unwrap()
        .to_owned();

    // Rollback: approve revoked (4), submit active again as a new node instance.
    let rolled = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/rollback"),
            Some(json!({"flowInstanceId": inst, "taskInstanceId": approve_id})),
        )
        .await;
    assert_eq!(code(&rolled), 1003, "{rolled}");
    assert_eq!(rolled["status"], 2);
    assert_eq!(rolled["activeTaskInstance"]["key"], "submit");
    assert_eq!(rolled["activeTaskInstance"]["status"], 2);
    assert_ne!(
        rolled["activeTaskInstance"]["nodeInstanceId"],
        submit_id.as_str()
    );
    let elements = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{inst}/elements"),
            None,
        )
        .await;
    let statuses: Vec<(String, i64)> = elements
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_owned(),
                e["status"].as_i64().unwrap(),
            )
        })
        .collect();
    let s = |k: &str, st: i64| (k.to_owned(), st);
    assert_eq!(
        statuses,
        vec![
            s("start", 1),
            s("f1", 1),
            s("submit", 1),
            s("f2", 4),
            s("approve", 4),
            s("f1", 1),
            s("submit", 2)
        ]
    );
    // User tasks: newest first, without the revoked one.
    let tasks = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{inst}/user-tasks"),
            None,
        )
        .await;
    let tasks: Vec<(Value, Value)> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["key"].clone(), t["status"].clone()))
        .collect();
    assert_eq!(
        tasks,
        vec![(json!("submit"), json!(2)), (json!("submit"), json!(1))]
    );
    // Rolling back the first user task: nothing before it (4006).
    let nothing = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/rollback"),
            Some(json!({"flowInstanceId": inst})),
        )
        .await;
    assert_eq!(code(&nothing), 4006);

    // Commit twice more: the service task runs at once, the end completes the instance (1).
    let again = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/commit"),
            Some(json!({"flowInstanceId": inst})),
        )
        .await;
    assert_eq!(again["activeTaskInstance"]["key"], "approve");
    let done = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/commit"),
            Some(json!({"flowInstanceId": inst, "variables": {"approved": true}})),
        )
        .await;
    assert_eq!(code(&done), 1000, "{done}");
    assert_eq!(done["status"], 1);
    assert_eq!(done["activeTaskInstance"], Value::Null);
    assert_eq!(
        done["variables"],
        json!({"days": 3, "reason": "family", "approved": true, "stamped": "yes"})
    );
    let got = api
        .ok(Method::GET, &format!("/flows/instances/{inst}"), None)
        .await;
    assert_eq!(got["status"], 1);
    assert_eq!(got["flowModuleId"], id.as_str());
    assert!(got.get("nodes").is_none() && got.get("variables").is_none());
    let elements = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{inst}/elements"),
            None,
        )
        .await;
    let last: Vec<(Value, Value)> = elements.as_array().unwrap()
        [elements.as_array().unwrap().len() - 4..]
        .iter()
        .map(|e| (e["key"].clone(), e["status"].clone()))
        .collect();
    assert_eq!(
        last,
        vec![
            (json!("f3"), json!(1)),
            (json!("stamp"), json!(1)),
            (json!("f4"), json!(1)),
            (json!("end"), json!(1))
        ]
    );
    // A finished instance takes no commit (4003) and no rollback (4004).
    let late = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/commit"),
            Some(json!({"flowInstanceId": inst})),
        )
        .await;
    assert_eq!(code(&late), 4003);
    let late = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{inst}/rollback"),
            Some(json!({"flowInstanceId": inst})),
        )
        .await;
    assert_eq!(code(&late), 4004);

    // Terminate another instance: terminated (3), its waiting task revoked.
    let other = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id})),
        )
        .await;
    let other_id = other["flowInstanceId"].as_str().unwrap().to_owned();
    let ended = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{other_id}/terminate?effectiveForSubFlowInstance=true"),
            None,
        )
        .await;
    assert_eq!(code(&ended), 1000);
    assert_eq!(ended["status"], 3);
    let got = api
        .ok(Method::GET, &format!("/flows/instances/{other_id}"), None)
        .await;
    assert_eq!(got["status"], 3);
    let tasks = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{other_id}/user-tasks"),
            None,
        )
        .await;
    assert_eq!(tasks, json!([]));
    let refused = api
        .ok(
            Method::POST,
            &format!("/flows/instances/{other_id}/commit"),
            Some(json!({"flowInstanceId": other_id})),
        )
        .await;
    assert_eq!(code(&refused), 4003);

    // The instance list filters and pages.
    let all = api.ok(Method::GET, "/flows/instances", None).await;
    assert_eq!(all["total"], 2);
    assert_eq!(
        all["list"][0]["flowInstanceId"],
        other_id.as_str(),
        "newest first"
    );
    let terminated = api
        .ok(
            Method::GET,
            &format!("/flows/instances?flowModuleId={id}&status=3"),
            None,
        )
        .await;
    assert_eq!(terminated["total"], 1);
    assert_eq!(terminated["list"][0]["flowInstanceId"], other_id.as_str());
    let by_id = api
        .ok(
            Method::GET,
            &format!("/flows/instances?flowInstanceId={inst}"),
            None,
        )
        .await;
    assert_eq!(by_id["total"], 1);
    assert_eq!(by_id["list"][0]["status"], 1);
    let paged = api
        .ok(Method::GET, "/flows/instances?page=2&size=1", None)
        .await;
    assert_eq!(paged["total"], 2);
    assert_eq!(paged["list"].as_array().unwrap().len(), 1);
    assert_eq!(paged["list"][0]["flowInstanceId"], inst.as_str());
    assert_eq!(
        all["list"][0]["flowName"], "请假流程",
        "the list adds the flow's name and key"
    );
    assert_eq!(all["list"][0]["flowKey"], "leave");
    let missing = api.call(Method::GET, "/flows/instances/nope", None).await;
    assert_eq!(missing, (204, Value::Null));
    let missing = api
        .ok(
            Method::POST,
            "/flows/instances/nope/commit",
            Some(json!({"flowInstanceId": "nope"})),
        )
        .await;
    assert_eq!(code(&missing), 4008);
}

#[tokio::test]
async fn deploy_refuses_what_the_sandbox_cannot_run_and_a_failing_service_task_ends_the_instance() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "flows_refusals").await;
    let id = new_flow(&api, "k", "refusals").await;

    let parallel = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["par"], json!({})),
        el("par", 9, &["f1"], &["f2"], json!({})),
        el("f2", 1, &["par"], &["end"], json!({})),
        el("end", 3, &["f2"], &[], json!({})),
    ]})
    .to_string();
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": parallel})),
    )
    .await;
    let (status, body) = api.post(&format!("/flows/{id}/deploy"), json!({})).await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("unsupported element type 9 (parallel gateway) at element 'par'"),
        "{body}"
    );

    let no_end = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["u"], json!({})),
        el("u", 4, &["f1"], &[], json!({})),
    ]})
    .to_string();
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": no_end})),
    )
    .await;
    let (status, body) = api.post(&format!("/flows/{id}/deploy"), json!({})).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("(3204)"),
        "{body}"
    );
    let one = api.ok(Method::GET, &format!("/flows/{id}"), None).await;
    assert_eq!(
        one["status"], 2,
        "a refused deploy leaves the module being edited"
    );

    let scripted = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["js"], json!({})),
        el("js", 5, &["f1"], &["f2"], json!({"subType": "script", "script": "return {a: 1}"})),
        el("f2", 1, &["js"], &["end"], json!({})),
        el("end", 3, &["f2"], &[], json!({})),
    ]})
    .to_string();
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": scripted})),
    )
    .await;
    let (status, body) = api.post(&format!("/flows/{id}/deploy"), json!({})).await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("unsupported service task subType \"script\" at element 'js'"),
        "{body}"
    );

    let failing = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["call"], json!({})),
        el("call", 5, &["f1"], &["f2"], json!({"fail": "payment service down"})),
        el("f2", 1, &["call"], &["end"], json!({})),
        el("end", 3, &["f2"], &[], json!({})),
    ]})
    .to_string();
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": failing})),
    )
    .await;
    api.ok(
        Method::POST,
        &format!("/flows/{id}/deploy"),
        Some(json!({})),
    )
    .await;
    let started = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id})),
        )
        .await;
    assert_eq!(code(&started), 4022);
    assert!(started["errMsg"]
        .as_str()
        .unwrap()
        .contains("payment service down"));
    assert_eq!(
        started["status"], 4,
        "a failed service task ends the instance"
    );
    let inst = started["flowInstanceId"].as_str().unwrap();
    let elements = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{inst}/elements"),
            None,
        )
        .await;
    let call = elements
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "call")
        .unwrap();
    assert_eq!(call["status"], 3);
    assert!(!elements
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["key"] == "end"));

    // Deleting a module: 204, then it is gone (3101).
    let (status, _) = api
        .call(Method::DELETE, &format!("/flows/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let gone = api.ok(Method::GET, &format!("/flows/{id}"), None).await;
    assert_eq!(code(&gone), 3101);
}

#[tokio::test]
async fn an_exclusive_gateway_follows_the_condition_that_holds_or_its_default() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "flows_gateway").await;
    let id = new_flow(&api, "route", "routing").await;
    let model = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["gw"], json!({})),
        el("gw", 6, &["f1"], &["big", "small"], json!({})),
        el("big", 1, &["gw"], &["boss"], json!({"conditionsequenceflow": "amount > 1000"})),
        el("small", 1, &["gw"], &["end"], json!({"defaultConditions": "true"})),
        el("boss", 4, &["big"], &["f3"], json!({"name": "老板审批"})),
        el("f3", 1, &["boss"], &["end"], json!({})),
        el("end", 3, &["small", "f3"], &[], json!({})),
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
    let big = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id, "variables": {"amount": 5000}})),
        )
        .await;
    assert_eq!(code(&big), 1002);
    assert_eq!(big["activeTaskInstance"]["key"], "boss");
    let small = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id, "variables": {"amount": 20}})),
        )
        .await;
    assert_eq!(code(&small), 1000);
    assert_eq!(small["status"], 1);

    // A condition the sandbox cannot evaluate is refused at deploy.
    let groovy = model.replace("amount > 1000", "amount > 1000 && vip == true");
    api.ok(
        Method::PUT,
        &format!("/flows/{id}"),
        Some(json!({"flowModel": groovy})),
    )
    .await;
    let (status, body) = api.post(&format!("/flows/{id}/deploy"), json!({})).await;
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("unsupported condition"));
}

#[tokio::test]
async fn the_flow_list_filters_and_pages() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "flows_list").await;
    let a = new_flow(&api, "alpha", "采购审批").await;
    let b = new_flow(&api, "beta", "报销审批").await;
    new_flow(&api, "gamma", "入职").await;
    let all = api.ok(Method::GET, "/flows", None).await;
    assert_eq!(all["total"], 3);
    assert_eq!(all["list"][0]["flowKey"], "gamma", "newest first");
    assert!(all["list"][0].get("flowModel").is_none());
    let named = api.ok(Method::GET, "/flows?flowName=审批", None).await;
    assert_eq!(named["total"], 2);
    let keys: Vec<&str> = named["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["flowModuleId"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec![b.as_str(), a.as_str()]);
    let by_key = api.ok(Method::GET, "/flows?flowKey=alpha", None).await;
    assert_eq!(by_key["total"], 1);
    assert_eq!(by_key["list"][0]["flowModuleId"], a.as_str());
    let by_id = api
        .ok(Method::GET, &format!("/flows?flowModuleId={b}"), None)
        .await;
    assert_eq!(by_id["list"][0]["flowName"], "报销审批");
    let page = api.ok(Method::GET, "/flows?page=2&size=2", None).await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["list"].as_array().unwrap().len(), 1);
    let (status, body) = api
        .call(Method::POST, "/flows", Some(json!({"flowKey": "x"})))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["flowName"], "must not be blank");
}

#[tokio::test]
async fn the_seed_has_modules_and_instances_in_every_status_with_histories() {
    let (sandbox, server) = served().await;
    let api = Api::login(&server, "default").await;
    let modules = api.ok(Method::GET, "/flows", None).await;
    let status_of = |key: &str| {
        modules["list"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["flowKey"] == key)
            .unwrap_or_else(|| panic!("no seeded {key}"))["status"]
            .clone()
    };
    assert_eq!(status_of("approval"), 4);
    assert_eq!(status_of("order_sync"), 4);
    assert_eq!(status_of("expense"), 1);
    assert_eq!(status_of("onboarding"), 2);
    let approval = api.ok(Method::GET, "/flows?flowKey=approval", None).await;
    let approval_id = approval["list"][0]["flowModuleId"]
        .as_str()
        .unwrap()
        .to_owned();
    let model = api
        .ok(Method::GET, &format!("/flows/{approval_id}"), None)
        .await;
    let types: Vec<i64> = serde_json::from_str::<Value>(model["flowModel"].as_str().unwrap())
        .unwrap()["flowElementList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_i64().unwrap())
        .collect();
    for t in [2, 4, 5, 3] {
        assert!(
            types.contains(&t),
            "the approval flow has type {t}: {types:?}"
        );
    }

    for status in 0..=4 {
        let found = api
            .ok(
                Method::GET,
                &format!("/flows/instances?status={status}&size=100"),
                None,
            )
            .await;
        assert!(
            found["total"].as_u64().unwrap() >= 1,
            "status {status}: {found}"
        );
        for inst in found["list"].as_array().unwrap() {
            let id = inst["flowInstanceId"].as_str().unwrap();
            let history = api
                .ok(
                    Method::GET,
                    &format!("/flows/instances/{id}/elements"),
                    None,
                )
                .await;
            assert!(
                !history.as_array().unwrap().is_empty(),
                "{id} has a history"
            );
        }
    }
    // A rolled-back instance shows a revoked node; the ended one a failed node.
    let running = api
        .ok(Method::GET, "/flows/instances?status=2&size=100", None)
        .await;
    let mut revoked = false;
    for inst in running["list"].as_array().unwrap() {
        let id = inst["flowInstanceId"].as_str().unwrap();
        let history = api
            .ok(
                Method::GET,
                &format!("/flows/instances/{id}/elements"),
                None,
            )
            .await;
        revoked |= history.as_array().unwrap().iter().any(|e| e["status"] == 4);
    }
    assert!(revoked);
    let ended = api.ok(Method::GET, "/flows/instances?status=4", None).await;
    let id = ended["list"][0]["flowInstanceId"].as_str().unwrap();
    let history = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{id}/elements"),
            None,
        )
        .await;
    assert!(history.as_array().unwrap().iter().any(|e| e["status"] == 3));

    let ((defs, execs), _) = sandbox.flow_and_trigger_counts("default");
    assert_eq!(defs, modules["total"].as_u64().unwrap() as usize);
    let all = api.ok(Method::GET, "/flows/instances", None).await;
    assert_eq!(execs, all["total"].as_u64().unwrap() as usize);
    assert_eq!(sandbox.flow_and_trigger_counts("nobody").0, (0, 0));
}

#[tokio::test]
async fn two_commits_of_one_task_at_once_run_one_after_the_other() {
    let (_sandbox, server) = served().await;
    let api = Api::login(&server, "flows_race").await;
    let id = new_flow(&api, "race", "race").await;
    let model = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["u"], json!({})),
        el("u", 4, &["f1"], &["f2"], json!({})),
        el("f2", 1, &["u"], &["slow"], json!({})),
        el("slow", 5, &["f2"], &["f3"], json!({"sleepMillis": 400})),
        el("f3", 1, &["slow"], &["end"], json!({})),
        el("end", 3, &["f3"], &[], json!({})),
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
    let started = api
        .ok(
            Method::POST,
            "/flows/instances/start",
            Some(json!({"flowModuleId": id})),
        )
        .await;
    let inst = started["flowInstanceId"].as_str().unwrap().to_owned();
    let task = started["activeTaskInstance"]["nodeInstanceId"].clone();
    let path = format!("/flows/instances/{inst}/commit");
    let body = json!({"flowInstanceId": inst, "taskInstanceId": task});
    let (a, b) = tokio::join!(
        api.ok(Method::POST, &path, Some(body.clone())),
        api.ok(Method::POST, &path, Some(body.clone())),
    );
    let mut codes = vec![code(&a), code(&b)];
    codes.sort();
    assert_eq!(codes, vec![1000, 4003], "{a} {b}");
    let elements = api
        .ok(
            Method::GET,
            &format!("/flows/instances/{inst}/elements"),
            None,
        )
        .await;
    let slow_runs = elements
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["key"] == "slow")
        .count();
    assert_eq!(slow_runs, 1);
}
