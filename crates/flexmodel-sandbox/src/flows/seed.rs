//! The demo flows: modules in every status and instances in every status, in `default`.

use serde_json::{json, Map, Value};

use super::engine::{self, INSTANCE, MODULE};
use super::{create, deploy_module, update};
use crate::error::{ApiError, ApiResult};
use crate::meta::{new_id, now};
use crate::Sandbox;

/// The model of the seed's `approval` flow: start → submit (user task) → manager approval
/// (user task) → record the result (service task) → end.
pub(crate) fn approval_model() -> String {
    let el = |key: &str, kind: i64, inc: &[&str], out: &[&str], props: Value| json!({"key": key, "type": kind, "incoming": inc, "outgoing": out, "properties": props});
    json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({"name": "开始"})),
        el("f1", 1, &["start"], &["submit"], json!({})),
        el("submit", 4, &["f1"], &["f2"], json!({"name": "提交申请"})),
        el("f2", 1, &["submit"], &["approve"], json!({})),
        el("approve", 4, &["f2"], &["f3"], json!({"name": "经理审批"})),
        el("f3", 1, &["approve"], &["record"], json!({})),
        el("record", 5, &["f3"], &["f4"], json!({"name": "记录结果", "variables": {"recorded": true}})),
        el("f4", 1, &["record"], &["end"], json!({})),
        el("end", 3, &["f4"], &[], json!({"name": "结束"})),
    ]})
    .to_string()
}

/// A model whose service task fails: start → sync (service task, fails) → end.
pub(crate) fn failing_model() -> String {
    json!({"flowElementList": [
        {"key": "start", "type": 2, "incoming": [], "outgoing": ["f1"], "properties": {"name": "开始"}},
        {"key": "f1", "type": 1, "incoming": ["start"], "outgoing": ["sync"], "properties": {}},
        {"key": "sync", "type": 5, "incoming": ["f1"], "outgoing": ["f2"],
         "properties": {"name": "同步订单", "fail": "the order service did not answer"}},
        {"key": "f2", "type": 1, "incoming": ["sync"], "outgoing": ["end"], "properties": {}},
        {"key": "end", "type": 3, "incoming": ["f2"], "outgoing": [], "properties": {"name": "结束"}},
    ]})
    .to_string()
}

fn seeded_module(
    sb: &Sandbox,
    key: &str,
    name: &str,
    remark: &str,
    model: Option<String>,
    deploy: bool,
) -> ApiResult<String> {
    let id = create(
        sb,
        "default",
        &json!({"flowKey": key, "flowName": name, "remark": remark}),
        "admin",
    )?;
    if let Some(model) = model {
        update(sb, "default", &id, &json!({"flowModel": model}), "admin")?;
    }
    if deploy {
        deploy_module(sb, "default", &id, "admin")?;
    }
    Ok(id)
}

fn must(answer: Value) -> ApiResult<Value> {
    if engine::is_success(&answer) {
        Ok(answer)
    } else {
        Err(ApiError::internal(format!(
            "the flow seed failed: {answer}"
        )))
    }
}

/// The seed of project `default`: modules in every status a call can give (draft, editing,
/// published) and instances in every instance status, each with its node history.
pub(crate) fn seed(sb: &Sandbox) -> ApiResult<()> {
    let p = "default";
    seeded_module(sb, "expense", "报销流程", "还在起草", None, false)?;
    seeded_module(
        sb,
        "onboarding",
        "入职流程",
        "正在编辑",
        Some(approval_model()),
        false,
    )?;
    let sync = seeded_module(
        sb,
        "order_sync",
        "订单同步",
        "服务任务会失败",
        Some(failing_model()),
        true,
    )?;
    let approval = seeded_module(
        sb,
        "approval",
        "请假审批",
        "提交 → 经理审批 → 记录",
        Some(approval_model()),
        true,
    )?;
    let vars = |days: i64, who: &str| -> Map<String, Value> {
        json!({"days": days, "applicant": who})
            .as_object()
            .cloned()
            .expect("an object")
    };
    let id_of = |a: &Value| a["flowInstanceId"].as_str().unwrap_or_default().to_owned();

    // Completed (1): both tasks committed, the service task ran, the end reached.
    let done = must(engine::start(
        sb,
        p,
        &approval,
        None,
        vars(2, "张三"),
        "admin",
    )?)?;
    must(engine::commit(sb, p, &id_of(&done), None, Map::new())?)?;
    must(engine::commit(
        sb,
        p,
        &id_of(&done),
        None,
        json!({"approved": true})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    )?)?;
    // Running (2), rolled back once: submit committed, approval revoked, submit active again.
    let back = must(engine::start(
        sb,
        p,
        &approval,
        None,
        vars(5, "李四"),
        "admin",
    )?)?;
    must(engine::commit(sb, p, &id_of(&back), None, Map::new())?)?;
    must(engine::rollback(sb, p, &id_of(&back), None)?)?;
    // Running (2), waiting at the manager's approval.
    let waiting = must(engine::start(
        sb,
        p,
        &approval,
        None,
        vars(1, "王五"),
        "admin",
    )?)?;
    must(engine::commit(sb, p, &id_of(&waiting), None, Map::new())?)?;
    // Terminated (3).
    let stopped = must(engine::start(
        sb,
        p,
        &approval,
        None,
        vars(30, "赵六"),
        "admin",
    )?)?;
    engine::terminate(sb, p, &id_of(&stopped))?;
    // Ended (4): the service task failed.
    let failed = engine::start(
        sb,
        p,
        &sync,
        None,
        json!({"orderId": 42})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        "admin",
    )?;
    if failed["status"] != engine::INSTANCE_ENDED {
        return Err(ApiError::internal(format!(
            "the flow seed failed: {failed}"
        )));
    }
    // Default (0): an instance the engine created but never ran (its start node not run yet).
    let dep = sb
        .inner
        .meta
        .get(p, MODULE, &approval)?
        .and_then(|m| m["flowDeployId"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let id = new_id();
    let t = now();
    sb.inner.meta.put(
        p,
        INSTANCE,
        &id,
        &json!({
            "flowInstanceId": id, "flowModuleId": approval, "flowDeployId": dep,
            "status": engine::INSTANCE_DEFAULT, "parentFlowInstanceId": null,
            "instanceDataId": new_id(), "tenant": p, "caller": "admin", "operator": "admin",
            "createTime": t, "modifyTime": t, "variables": {"days": 3, "applicant": "孙七"},
            "nodes": [{
                "nodeInstanceId": new_id(), "nodeKey": "start", "name": "开始", "nodeType": 2,
                "sourceNodeInstanceId": null, "sourceNodeKey": null, "instanceDataId": null,
                "status": engine::NODE_DEFAULT, "properties": {"name": "开始"},
                "createTime": t, "modifyTime": t,
            }],
        }),
    )?;
    Ok(())
}
