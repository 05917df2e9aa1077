//! Triggers (`/f/triggers`), the scheduler that fires them, execute-now, and job logs
//! (`/f/jobs/logs`), as the real server keeps them (on Quartz there).
//!
//! A trigger (kind `trigger`) is `{id, name, description, type: SCHEDULED|EVENT, config,
//! jobType: FLOW, jobId: <flowModuleId>, jobGroup, state, createdAt, updatedAt, createdBy,
//! updatedBy, tenantId}`. `jobGroup` is computed when the trigger is saved, never taken from
//! the body: `<ds>_<model>` for event triggers, the key of the flow's latest deployment for
//! scheduled ones (null while the flow was never deployed, as on the server). List and get
//! add `jobName` (the latest deployment's flow name, null likewise) and
//! `nextFireTime`/`previousFireTime`, which are **always null**, as the real server sends them
//! (a client that wants fire times computes them from the config). The list filters
//! `name jobType jobId jobGroup` are exact matches; newest first; `size` 15 by default. PUT
//! replaces the trigger (a missing `state` keeps the old one); PATCH applies only `state`.
//! Execute on a disabled trigger is a 400 "触发器已禁用，无法执行: <id>"; otherwise it writes the
//! job's `RUNNING` log before it answers and runs the job behind it (`jobs`). Config checks
//! are in `config`, with the server's messages; firing is in `scheduler`.
//!
//! A missing trigger: GET is a 204 with no body (the server's resource answers `null`); PUT
//! and PATCH a 400 "记录不存在" (PATCH is a 500 on the server, a plain bug); execute a 400
//! "触发器不存在: <id>"; DELETE a 204 as every DELETE.
//!
//! Where the sandbox differs, on purpose: it checks a trigger before saving it (the server
//! saves first, so a refused trigger is still stored there: a plain bug); a trigger created
//! disabled is not scheduled (the server schedules every new scheduled trigger whatever its
//! `state`: a plain bug); it checks `type`, `name`, `jobId`, `jobType` and the event
//! `mutationTypes` itself (the server stores whatever comes). Only FLOW jobs run (another
//! `jobType` is a 400) and only `triggerTiming: "after"` (a 400 for `before`: the sandbox hears
//! record changes once saved, so it cannot run a flow before one). Cron expressions are
//! Quartz's, read by the `cron` crate: `L`, `W` and `#` are refused as invalid.

mod config;
mod jobs;
mod scheduler;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{Caller, Project};
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::flows::{self, page_of, paging};
use crate::meta::{new_id, now};
use crate::Sandbox;

pub(crate) const TRIGGER: &str = "trigger";

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/triggers", get(list).post(create))
        .route(
            "/triggers/{id}",
            get(get_one).put(replace).patch(patch).delete(remove),
        )
        .route("/triggers/{id}/execute", post(execute))
        .route("/jobs/logs", get(jobs::list_logs))
}

/// A trigger as list and get show it: with `jobName`, and the fire times the real server
/// leaves null.
pub(crate) fn view(sb: &Sandbox, project: &str, t: &Value) -> ApiResult<Value> {
    let flow = flows::deployed_name_and_key(sb, project, t["jobId"].as_str().unwrap_or_default())?;
    let mut v = t.clone();
    v["jobName"] = json!(flow.map(|(name, _)| name));
    v["nextFireTime"] = Value::Null;
    v["previousFireTime"] = Value::Null;
    Ok(v)
}

fn job_group(sb: &Sandbox, project: &str, t: &Value) -> ApiResult<Value> {
    let c = &t["config"];
    Ok(if t["type"] == "EVENT" {
        json!(format!(
            "{}_{}",
            c["datasourceName"].as_str().unwrap_or_default(),
            c["modelName"].as_str().unwrap_or_default()
        ))
    } else {
        let flow =
            flows::deployed_name_and_key(sb, project, t["jobId"].as_str().unwrap_or_default())?;
        json!(flow.map(|(_, key)| key))
    })
}

fn text(body: &Value, field: &str) -> Option<String> {
    body[field]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The trigger a create or PUT body describes, checked.
fn checked(body: &Value) -> ApiResult<Value> {
    let mut errors = Vec::new();
    let name = text(body, "name");
    if name.is_none() {
        errors.push(("name", "must not be blank"));
    }
    let kind = text(body, "type");
    if !matches!(kind.as_deref(), Some("SCHEDULED" | "EVENT")) {
        errors.push(("type", "must be SCHEDULED or EVENT"));
    }
    let job_id = text(body, "jobId");
    if job_id.is_none() {
        errors.push(("jobId", "must not be blank"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let job_type = text(body, "jobType").unwrap_or_else(|| "FLOW".into());
    if job_type != "FLOW" {
        return Err(ApiError::bad_request(format!(
            "unsupported jobType '{job_type}': the sandbox runs FLOW jobs only"
        )));
    }
    let kind = kind.expect("checked");
    let config = config::check(&kind, &body["config"])?;
    let state = match &body["state"] {
        Value::Null => true,
        Value::Bool(b) => *b,
        other => {
            return Err(ApiError::bad_request(format!(
                "state must be true or false, not {other}"
            )))
        }
    };
    Ok(json!({
        "name": name,
        "description": body["description"].as_str().unwrap_or(""),
        "type": kind,
        "config": config,
        "jobType": job_type,
        "jobId": job_id,
        "state": state,
    }))
}

/// Creates a trigger; the stored document.
pub(crate) fn insert(sb: &Sandbox, project: &str, body: &Value, by: &str) -> ApiResult<Value> {
    let mut t = checked(body)?;
    let id = new_id();
    let time = now();
    t["id"] = json!(id);
    t["jobGroup"] = job_group(sb, project, &t)?;
    t["createdAt"] = json!(time);
    t["updatedAt"] = json!(time);
    t["createdBy"] = json!(by);
    t["updatedBy"] = json!(by);
    t["tenantId"] = json!(project);
    sb.inner.meta.put(project, TRIGGER, &id, &t)?;
    scheduler::changed(sb);
    Ok(t)
}

type Params = Query<HashMap<String, String>>;

async fn list(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Query(q): Params,
) -> ApiResult<Json<Value>> {
    let (page, size) = paging(&q, 15)?;
    let given = |k: &str| q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut rows = Vec::new();
    for t in sb.inner.meta.list(&p, TRIGGER)? {
        let v = view(&sb, &p, &t)?;
        let keep = ["name", "jobType", "jobId", "jobGroup"]
            .iter()
            .all(|f| given(f).is_none_or(|want| v[*f] == want));
        if keep {
            rows.push(v);
        }
    }
    rows.reverse();
    Ok(Json(page_of(rows, page, size)))
}

async fn create(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(insert(&sb, &p, &body, &caller.username)?))
}

fn existing(sb: &Sandbox, project: &str, id: &str) -> ApiResult<Value> {
    sb.inner
        .meta
        .get(project, TRIGGER, id)?
        .ok_or_else(|| ApiError::bad_request("记录不存在"))
}

async fn get_one(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    match sb.inner.meta.get(&p, TRIGGER, &id)? {
        Some(t) => Ok(Json(view(&sb, &p, &t)?).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

async fn replace(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let old = existing(&sb, &p, &id)?;
    let mut t = checked(&body)?;
    if body["state"].is_null() {
        t["state"] = old["state"].clone();
    }
    t["id"] = json!(id);
    t["jobGroup"] = job_group(&sb, &p, &t)?;
    for keep in ["createdAt", "createdBy", "tenantId"] {
        t[keep] = old[keep].clone();
    }
    t["updatedAt"] = json!(now());
    t["updatedBy"] = json!(caller.username);
    sb.inner.meta.put(&p, TRIGGER, &id, &t)?;
    scheduler::changed(&sb);
    Ok(Json(t))
}

async fn patch(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let mut t = existing(&sb, &p, &id)?;
    match &body["state"] {
        Value::Null => {}
        Value::Bool(b) => {
            t["state"] = json!(b);
            t["updatedAt"] = json!(now());
            t["updatedBy"] = json!(caller.username);
            sb.inner.meta.put(&p, TRIGGER, &id, &t)?;
            scheduler::changed(&sb);
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "state must be true or false, not {other}"
            )))
        }
    }
    Ok(Json(t))
}

async fn remove(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if sb.inner.meta.delete(&p, TRIGGER, &id)? {
        scheduler::changed(&sb);
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn execute(
    State(sb): State<Sandbox>,
    caller: Caller,
    Project(p): Project,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let t = sb
        .inner
        .meta
        .get(&p, TRIGGER, &id)?
        .ok_or_else(|| ApiError::bad_request(format!("触发器不存在: {id}")))?;
    if t["state"] != true {
        return Err(ApiError::bad_request(format!(
            "触发器已禁用，无法执行: {id}"
        )));
    }
    jobs::spawn(&sb, &p, &t, &jobs::Cause::Execute(&caller.username));
    Ok(Json(t))
}

/// The seed of project `default` (after the flows'): triggers of the three config types on
/// the `approval` and `order_sync` flows, the ones that would fire often disabled, and job
/// logs that succeeded and failed, with their input and output.
pub(crate) fn seed(sb: &Sandbox) -> ApiResult<()> {
    let p = "default";
    let flow = |key: &str| -> ApiResult<String> {
        sb.inner
            .meta
            .list(p, flows::engine::MODULE)?
            .into_iter()
            .find(|m| m["flowKey"] == key)
            .and_then(|m| m["flowModuleId"].as_str().map(str::to_owned))
            .ok_or_else(|| ApiError::internal(format!("the seed has no flow '{key}'")))
    };
    let approval = flow("approval")?;
    let sync = flow("order_sync")?;
    let daily = insert(
        sb,
        p,
        &json!({"name": "每日审批提醒", "description": "每天早上 8 点发起请假审批",
                "type": "SCHEDULED", "config": {"type": "cron", "cronExpression": "0 0 8 * * ?"},
                "jobType": "FLOW", "jobId": approval, "state": true}),
        "admin",
    )?;
    let hourly = insert(
        sb,
        p,
        &json!({"name": "订单同步", "description": "每小时同步一次订单（已停用）",
                "type": "SCHEDULED",
                "config": {"type": "interval", "interval": 1, "intervalUnit": "hour", "repeatCount": 0},
                "jobType": "FLOW", "jobId": sync, "state": false}),
        "admin",
    )?;
    insert(
        sb,
        p,
        &json!({"name": "快速演示", "description": "每 10 秒一次，共 3 次（已停用）",
                "type": "SCHEDULED",
                "config": {"type": "interval", "interval": 10, "intervalUnit": "second", "repeatCount": 3},
                "jobType": "FLOW", "jobId": approval, "state": false}),
        "admin",
    )?;
    let on_create = insert(
        sb,
        p,
        &json!({"name": "新学生入学审批", "description": "Student 新增记录后发起审批",
                "type": "EVENT",
                "config": {"type": "event", "datasourceName": "system", "modelName": "Student",
                           "mutationTypes": ["create"], "triggerTiming": "after"},
                "jobType": "FLOW", "jobId": approval, "state": true}),
        "admin",
    )?;
    insert(
        sb,
        p,
        &json!({"name": "学生变更同步", "description": "Student 修改或删除后同步（已停用）",
                "type": "EVENT",
                "config": {"type": "event", "datasourceName": "system", "modelName": "Student",
                           "mutationTypes": ["update", "delete"], "triggerTiming": "after"},
                "jobType": "FLOW", "jobId": sync, "state": false}),
        "admin",
    )?;
    // Job logs, by running the jobs: two successes and a failure.
    let student = crate::events::RecordEvent {
        project: p.to_owned(),
        datasource: "system".into(),
        model: "Student".into(),
        mutation: "create",
        record: json!({"id": 1, "studentName": "张三", "age": 10}),
    };
    for (t, cause) in [
        (&daily, jobs::Cause::Execute("admin")),
        (&on_create, jobs::Cause::Event(&student)),
        (&hourly, jobs::Cause::Scheduled),
    ] {
        let (log, variables) = jobs::begin(sb, p, t, &cause)?;
        jobs::finish(sb, p, log, variables)?;
    }
    Ok(())
}

/// Starts firing the enabled triggers on the sandbox's clock and on record changes.
pub(crate) fn start(sb: &Sandbox) {
    scheduler::start(sb);
}

/// (triggers, successful jobs, failed jobs) of a project, for `metrics/fm`.
#[allow(dead_code)]
pub(crate) fn counts(sb: &Sandbox, project: &str) -> ApiResult<(usize, usize, usize)> {
    let logs = sb.inner.meta.list(project, jobs::JOB_LOG)?;
    let of = |status: &str| {
        logs.iter()
            .filter(|l| l["executionStatus"] == status)
            .count()
    };
    Ok((
        sb.inner.meta.count(project, TRIGGER)?,
        of("SUCCESS"),
        of("FAILED"),
    ))
}

/// Looks inside for tests (feature `testing`).
#[cfg(feature = "testing")]
impl Sandbox {
    /// Publishes a record change as the data module does when a record is created, updated
    /// or deleted (`mutation` is `create`, `update` or `delete`), so that event triggers can
    /// be tested on their own.
    pub fn publish_record_event(
        &self,
        project: &str,
        datasource: &str,
        model: &str,
        mutation: &str,
        record: Value,
    ) {
        let mutation = match mutation {
            "create" => "create",
            "update" => "update",
            "delete" => "delete",
            other => panic!("a record event is create, update or delete, not {other}"),
        };
        self.inner.events.publish(crate::events::RecordEvent {
            project: project.to_owned(),
            datasource: datasource.to_owned(),
            model: model.to_owned(),
            mutation,
            record,
        });
    }

    /// Whether this sandbox's trigger scheduler still runs; it must stop when the sandbox is
    /// dropped. The answer is a watch that can be asked after the sandbox is gone.
    pub fn scheduler_watch(&self) -> SchedulerWatch {
        SchedulerWatch(scheduler::watch(self))
    }

    /// The metrics counts of a project: (flow definitions, flow executions) and (triggers,
    /// job successes, job failures).
    pub fn flow_and_trigger_counts(
        &self,
        project: &str,
    ) -> ((usize, usize), (usize, usize, usize)) {
        (
            flows::counts(self, project).expect("flow counts"),
            counts(self, project).expect("trigger counts"),
        )
    }
}

/// See `Sandbox::scheduler_watch`.
#[cfg(feature = "testing")]
pub struct SchedulerWatch(std::sync::Weak<()>);

#[cfg(feature = "testing")]
impl SchedulerWatch {
    pub fn is_running(&self) -> bool {
        self.0.strong_count() > 0
    }
}
