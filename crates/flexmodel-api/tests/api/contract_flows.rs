//! Contract of the flow modules and instances through the client against the sandbox's flow
//! seed (modules in the draft, editing and published states; instances in every state), and a
//! new flow taken through create, update, deploy, start, commit, rollback, terminate and
//! delete, each change read back through another operation.

use flexmodel_api::*;
use serde_json::{json, Value};

use crate::common::signed_in;

/// The seeded module with `key`.
async fn module(client: &Client, key: &str) -> FlowModule {
    let query = FlowQuery {
        flow_key: Some(key.into()),
        ..Default::default()
    };
    let mut page = client.flows().list(&query).await.unwrap();
    assert_eq!(page.total, Some(1), "{key}");
    page.list.remove(0)
}

/// start → (user task) → end.
fn one_task_model() -> Value {
    let el = |key: &str, kind: i64, inc: &[&str], out: &[&str], props: Value| json!({"key": key, "type": kind, "incoming": inc, "outgoing": out, "properties": props});
    json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({"name": "开始"})),
        el("f1", 1, &["start"], &["fill"], json!({})),
        el("fill", 4, &["f1"], &["f2"], json!({"name": "填写"})),
        el("f2", 1, &["fill"], &["check"], json!({})),
        el("check", 4, &["f2"], &["f3"], json!({"name": "核对"})),
        el("f3", 1, &["check"], &["end"], json!({})),
        el("end", 3, &["f3"], &[], json!({"name": "结束"})),
    ]})
}

#[tokio::test]
async fn the_seeded_modules_and_instances_show_every_status() {
    let f = signed_in().await;
    let c = &f.client;
    let all = c.flows().list_all(&FlowQuery::default()).await.unwrap();
    let mut by_key: Vec<(String, FlowModuleStatus)> = all
        .iter()
        .map(|m| (m.flow_key.clone().unwrap(), m.status.unwrap()))
        .collect();
    by_key.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        by_key,
        [
            ("approval".into(), FlowModuleStatus::Published),
            ("expense".into(), FlowModuleStatus::Draft),
            ("onboarding".into(), FlowModuleStatus::Editing),
            ("order_sync".into(), FlowModuleStatus::Published),
        ]
    );
    let approval = module(c, "approval").await;
    assert_eq!(approval.flow_name.as_deref(), Some("请假审批"));
    let detail = c.flows().get(&approval.flow_module_id, None).await.unwrap();
    assert!(detail.flow_deploy_id.is_some());
    let keys: Vec<String> = detail.model().unwrap()["flowElementList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        keys,
        ["start", "f1", "submit", "f2", "approve", "f3", "record", "f4", "end"]
    );

    let instances = c
        .instances()
        .list_all(&InstanceQuery::default())
        .await
        .unwrap();
    let mut statuses: Vec<i64> = instances.iter().map(|i| i.status.unwrap().code()).collect();
    statuses.sort();
    // One in each state, one more rolled back, and three the seeded triggers' jobs started
    // (two approvals waiting, one failing sync).
    assert_eq!(statuses, [0, 1, 2, 2, 2, 2, 3, 4, 4]);
    let running = c
        .instances()
        .list(&InstanceQuery {
            status: Some(FlowInstanceStatus::Running),
            flow_module_id: Some(approval.flow_module_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(running.total, Some(4));
    let one = &running.list[0];
    // The list names each instance's flow, as the server's list does.
    assert_eq!(one.flow_name.as_deref(), Some("请假审批"));
    assert_eq!(one.flow_key, approval.flow_key);
    let got = c.instances().get(&one.flow_instance_id).await.unwrap();
    assert_eq!(
        got.flow_module_id.as_deref(),
        Some(approval.flow_module_id.as_str())
    );
    assert_eq!(got.status, Some(FlowInstanceStatus::Running));

    // The completed one went through every node; its user tasks are both completed.
    let done = instances
        .iter()
        .find(|i| i.status == Some(FlowInstanceStatus::Completed))
        .unwrap();
    let elements = c
        .instances()
        .elements(&done.flow_instance_id)
        .await
        .unwrap();
    let keys: Vec<&str> = elements.iter().filter_map(ElementInstance::key).collect();
    for key in ["start", "submit", "approve", "record", "end"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let tasks = c
        .instances()
        .user_tasks(&done.flow_instance_id)
        .await
        .unwrap();
    let mut task_keys: Vec<&str> = tasks.iter().filter_map(UserTask::key).collect();
    task_keys.sort();
    assert_eq!(task_keys, ["approve", "submit"]);
    assert!(tasks
        .iter()
        .all(|t| t.status == Some(NodeStatus::Completed)));
}

#[tokio::test]
async fn a_new_flow_is_created_edited_deployed_run_and_deleted() {
    let f = signed_in().await;
    let c = &f.client;
    let created = c
        .flows()
        .create(&FlowCreate {
            flow_key: "contract".into(),
            flow_name: "契约流程".into(),
            remark: Some("from the contract test".into()),
        })
        .await
        .unwrap();
    let id = created.flow_module_id.clone();
    let listed = module(c, "contract").await;
    assert_eq!(
        (listed.flow_module_id.as_str(), listed.status),
        (id.as_str(), Some(FlowModuleStatus::Draft))
    );

    c.flows()
        .update(&id, &FlowUpdate::default().model(&one_task_model()))
        .await
        .unwrap();
    let detail = c.flows().get(&id, None).await.unwrap();
    assert_eq!(detail.status, Some(FlowModuleStatus::Editing));
    assert_eq!(detail.model().unwrap(), one_task_model());
    assert_eq!(detail.flow_name.as_deref(), Some("契约流程"));

    // Starting before a deploy is the engine's refusal, an error the client reads.
    let err = c
        .instances()
        .start(&id, None, &json!({}))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("Get flowDeployment failed"),
        "{err}"
    );

    let deployed = c.flows().deploy(&id).await.unwrap();
    assert_eq!(deployed.flow_module_id, id);
    let detail = c.flows().get(&id, None).await.unwrap();
    assert_eq!(detail.status, Some(FlowModuleStatus::Published));
    assert_eq!(
        detail.flow_deploy_id.as_deref(),
        Some(deployed.flow_deploy_id.as_str())
    );

    // Start: the instance waits at the first task.
    let run = c
        .instances()
        .start(&id, None, &json!({"who": "me"}))
        .await
        .unwrap();
    let iid = run.flow_instance_id.clone().unwrap();
    assert_eq!(run.status, Some(FlowInstanceStatus::Running));
    assert_eq!(run.variables.as_ref().unwrap()["who"], "me");
    let task = |r: &RunResult| {
        let t = r.active_task_instance.clone().expect("an active task");
        (
            t["key"].as_str().unwrap().to_owned(),
            t["nodeInstanceId"].as_str().unwrap().to_owned(),
        )
    };
    let (key, fill) = task(&run);
    assert_eq!(key, "fill");
    let listed = c
        .instances()
        .list(&InstanceQuery {
            flow_module_id: Some(id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.total, Some(1));
    assert_eq!(listed.list[0].flow_instance_id, iid);

    // Commit moves it to the second task; rollback brings the first back.
    let committed = c
        .instances()
        .commit(&iid, &fill, &json!({"amount": 3}))
        .await
        .unwrap();
    let (key, check) = task(&committed);
    assert_eq!(key, "check");
    let tasks = c.instances().user_tasks(&iid).await.unwrap();
    assert_eq!(tasks[0].key(), Some("check"));
    assert_eq!(tasks[0].status, Some(NodeStatus::Active));
    let rolled = c.instances().rollback(&iid, &check).await.unwrap();
    assert_eq!(task(&rolled).0, "fill");
    // The revoked task leaves the user tasks: the first is active again after its completed try.
    let tasks = c.instances().user_tasks(&iid).await.unwrap();
    let shown: Vec<(Option<&str>, Option<NodeStatus>)> =
        tasks.iter().map(|t| (t.key(), t.status)).collect();
    assert_eq!(
        shown,
        [
            (Some("fill"), Some(NodeStatus::Active)),
            (Some("fill"), Some(NodeStatus::Completed))
        ]
    );

    // Terminate ends it; the list shows it terminated.
    let ended = c.instances().terminate(&iid, false).await.unwrap();
    assert_eq!(ended.status, Some(FlowInstanceStatus::Terminated));
    assert_eq!(
        c.instances().get(&iid).await.unwrap().status,
        Some(FlowInstanceStatus::Terminated)
    );
    let elements = c.instances().elements(&iid).await.unwrap();
    assert_eq!(
        elements.first().and_then(ElementInstance::key),
        Some("start")
    );

    // A missing instance is the server's null (204): not found.
    let err = c.instances().get("no-such-instance").await.unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::NotFound, Some(204)));
    assert_eq!(
        err.to_string(),
        "there is no flow instance no-such-instance"
    );

    c.flows().delete(&id).await.unwrap();
    let gone = c
        .flows()
        .list(&FlowQuery {
            flow_key: Some("contract".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(gone.total, Some(0));
}
