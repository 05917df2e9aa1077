//! Metrics from the sandbox's own process and machine, in the server's shapes
//! (`flexmodel-server.md`, "Metrics"): `summary`, `cpu`, `memory`, `jvm`, `threads`, `disk`,
//! `network`, `fm`, `prometheus` and `all`. Percentages and CPU loads are 0–100 with two
//! decimals, bytes where the name says no unit.
//!
//! The sandbox is no JVM, so where the server reports the JVM it reports the process:
//! - the heap is the process's resident memory (`used` = `committed` = resident, `max` = the
//!   machine's memory, `usagePercentage` = resident / machine memory); non-heap figures, memory
//!   pools, class counts and garbage collectors are `null` or empty, as the process has none;
//! - threads are the process's OS threads (`/proc/self/task`): their states mapped onto Java's
//!   (running → RUNNABLE, sleeping → WAITING, uninterruptible → BLOCKED, stopped →
//!   TIMED_WAITING, dead → TERMINATED), every thread but the main one counted as a daemon,
//!   `peakThreadCount` and `totalStartedThreadCount` as far as the sandbox has sampled them;
//! - `jvmName`/`jvmVersion`/`jvmVendor` name the sandbox and its version; `uptime` counts from
//!   the sandbox's start;
//! - disks have one free figure (what an unprivileged user may use), so `freeSpace` =
//!   `usableSpace`; network interfaces have no broadcast address, parent or sub-interfaces.
//!
//! `fm.requestCount` is the admin calls this sandbox has written to its API log (all projects;
//! the server counts the project's API log rows); the other `fm` counts are the project's.

mod os;
mod probe;

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{Caller, Project};
use crate::error::{ApiError, ApiResult};
use crate::Sandbox;
use probe::{with_probe, Probe};

pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/metrics/all", get(metrics_all))
        .route("/metrics/fm", get(metrics_fm))
        .route("/metrics/summary", get(metrics_summary))
        .route("/metrics/cpu", get(|_: Caller| section(|p| p.cpu())))
        .route("/metrics/memory", get(|_: Caller| section(|p| p.memory())))
        .route("/metrics/jvm", get(metrics_jvm))
        .route(
            "/metrics/threads",
            get(|_: Caller| section(|p| p.threads())),
        )
        .route("/metrics/disk", get(|_: Caller| section(|p| p.disk())))
        .route(
            "/metrics/network",
            get(|_: Caller| section(|p| p.network())),
        )
        .route("/metrics/prometheus", get(metrics_prometheus))
}

/// One section, sampled off the async workers (the first sample waits for a CPU interval).
async fn section(f: impl FnOnce(&Probe) -> Value + Send + 'static) -> ApiResult<Json<Value>> {
    sample(f).await.map(Json)
}

async fn sample<T: Send + 'static>(f: impl FnOnce(&Probe) -> T + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(move || with_probe(f))
        .await
        .map_err(|e| ApiError::internal(format!("sampling the metrics failed: {e}")))
}

fn jvm(p: &Probe, sb: &Sandbox) -> Value {
    json!({
        "name": "flexmodel-sandbox",
        "version": env!("CARGO_PKG_VERSION"),
        "vendor": "ConsoleDesk",
        "uptime": sb.inner.started.elapsed().as_millis() as u64,
        "startTime": p.start_time_ms(),
        "loadedClassCount": null,
        "totalLoadedClassCount": null,
        "unloadedClassCount": null,
        "garbageCollectors": {},
        "systemProperties": {
            "os.name": sysinfo::System::name(),
            "os.version": sysinfo::System::kernel_version(),
            "os.arch": sysinfo::System::cpu_arch(),
        },
    })
}

fn summary(p: &Probe, sb: &Sandbox) -> Value {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    let gb = |bytes: u64| (bytes as f64 / GIB * 100.0).round() / 100.0;
    let (total, usable) = p.root_space();
    let (interfaces, up) = p.interface_counts();
    json!({
        "systemTime": chrono::Utc::now().timestamp_millis(),
        "uptime": sb.inner.started.elapsed().as_millis() as u64,
        "availableProcessors": p.processors(),
        "osName": sysinfo::System::name(),
        "osVersion": sysinfo::System::kernel_version(),
        "osArch": sysinfo::System::cpu_arch(),
        "heapUsedMB": p.resident() / (1024 * 1024),
        "heapMaxMB": p.total_memory() / (1024 * 1024),
        "heapUsagePercentage": p.heap_percent(),
        "threadCount": p.thread_count(),
        "peakThreadCount": p.peak_threads(),
        "daemonThreadCount": p.daemon_threads(),
        "diskTotalSpaceGB": gb(total),
        "diskUsableSpaceGB": gb(usable),
        "diskFreeSpaceGB": gb(usable),
        "diskUsagePercentage": p.disk_percent(),
        "totalNetworkInterfaces": interfaces,
        "upNetworkInterfaces": up,
        "hostName": sysinfo::System::host_name(),
        "hostAddress": p.host_address(),
        "networkError": null,
        "jvmName": "flexmodel-sandbox",
        "jvmVersion": env!("CARGO_PKG_VERSION"),
        "jvmVendor": "ConsoleDesk",
        "loadedClassCount": null,
        "totalLoadedClassCount": null,
        "totalGcCount": null,
        "totalGcTime": null,
        "systemCpuLoad": p.system_cpu_load(),
        "processCpuLoad": p.process_cpu_load(),
    })
}

/// The platform counters of a project.
fn fm(sb: &Sandbox, project: &str) -> ApiResult<Value> {
    let (datasources, models) = crate::data::counts(sb, project)?;
    let (flow_defs, flow_execs) = crate::flows::counts(sb, project)?;
    let (triggers, jobs_ok, jobs_failed) = crate::triggers::counts(sb, project)?;
    let c = &sb.inner.counters;
    Ok(json!({
        "customApiCount": crate::apis::count(sb, project)?,
        "requestCount": c.requests.load(Ordering::Relaxed),
        "queryCount": c.queries.load(Ordering::Relaxed),
        "mutationCount": c.mutations.load(Ordering::Relaxed),
        "subscribeCount": c.subscriptions.load(Ordering::Relaxed),
        "dataSourceCount": datasources,
        "modelCount": models,
        "flowDefCount": flow_defs,
        "flowExecCount": flow_execs,
        "triggerTotalCount": triggers,
        "jobSuccessCount": jobs_ok,
        "jobFailureCount": jobs_failed,
    }))
}

/// The text exposition format: the server's metric names for what the process has, and the
/// platform counters as `flexmodel_*`.
fn prometheus(p: &Probe, sb: &Sandbox, fm: &Value) -> String {
    let (total, usable) = p.root_space();
    let (interfaces, up) = p.interface_counts();
    let mut gauges: Vec<(&str, &str, String)> = vec![
        (
            "jvm_uptime_seconds",
            "Sandbox uptime in seconds",
            format!("{}", sb.inner.started.elapsed().as_secs_f64()),
        ),
        (
            "jvm_memory_heap_used_bytes",
            "Resident memory of the sandbox process in bytes",
            p.resident().to_string(),
        ),
        (
            "jvm_memory_heap_max_bytes",
            "Physical memory of the machine in bytes",
            p.total_memory().to_string(),
        ),
        (
            "jvm_threads_current",
            "Current number of threads",
            p.thread_count().to_string(),
        ),
        (
            "jvm_threads_peak",
            "Peak number of threads",
            p.peak_threads().to_string(),
        ),
        (
            "system_cpu_available_processors",
            "Number of available processors",
            p.processors().to_string(),
        ),
        (
            "system_load_average",
            "System load average",
            sysinfo::System::load_average().one.to_string(),
        ),
        (
            "system_cpu_load_percentage",
            "System CPU load, 0-100",
            p.system_cpu_load().to_string(),
        ),
        (
            "process_cpu_load_percentage",
            "Sandbox process CPU load, 0-100",
            p.process_cpu_load().to_string(),
        ),
        (
            "disk_total_bytes",
            "Total disk space in bytes",
            total.to_string(),
        ),
        (
            "disk_free_bytes",
            "Free disk space in bytes",
            usable.to_string(),
        ),
        (
            "disk_usable_bytes",
            "Usable disk space in bytes",
            usable.to_string(),
        ),
        (
            "disk_used_bytes",
            "Used disk space in bytes",
            (total - usable.min(total)).to_string(),
        ),
        (
            "disk_usage_percentage",
            "Disk usage percentage",
            p.disk_percent().to_string(),
        ),
        (
            "network_interfaces_total",
            "Total number of network interfaces",
            interfaces.to_string(),
        ),
        (
            "network_interfaces_up",
            "Number of up network interfaces",
            up.to_string(),
        ),
    ];
    let counters = [
        (
            "customApiCount",
            "flexmodel_custom_api_count",
            "API definitions of the project",
        ),
        (
            "requestCount",
            "flexmodel_request_count",
            "Admin calls answered",
        ),
        ("queryCount", "flexmodel_query_count", "GraphQL queries run"),
        (
            "mutationCount",
            "flexmodel_mutation_count",
            "GraphQL mutations run",
        ),
        (
            "subscribeCount",
            "flexmodel_subscribe_count",
            "GraphQL subscriptions",
        ),
        (
            "dataSourceCount",
            "flexmodel_datasource_count",
            "Datasources of the project",
        ),
        (
            "modelCount",
            "flexmodel_model_count",
            "Models of the project",
        ),
        (
            "flowDefCount",
            "flexmodel_flow_definition_count",
            "Flow definitions of the project",
        ),
        (
            "flowExecCount",
            "flexmodel_flow_execution_count",
            "Flow instances of the project",
        ),
        (
            "triggerTotalCount",
            "flexmodel_trigger_count",
            "Triggers of the project",
        ),
        (
            "jobSuccessCount",
            "flexmodel_job_success_count",
            "Jobs that succeeded",
        ),
        (
            "jobFailureCount",
            "flexmodel_job_failure_count",
            "Jobs that failed",
        ),
    ];
    for (key, name, help) in counters {
        gauges.push((name, help, fm[key].to_string()));
    }
    let mut text = String::new();
    for (name, help, value) in gauges {
        text.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
        ));
    }
    text
}

async fn metrics_fm(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
) -> ApiResult<Json<Value>> {
    Ok(Json(fm(&sb, &project)?))
}

async fn metrics_summary(State(sb): State<Sandbox>, _: Caller) -> ApiResult<Json<Value>> {
    sample(move |p| summary(p, &sb)).await.map(Json)
}

async fn metrics_jvm(State(sb): State<Sandbox>, _: Caller) -> ApiResult<Json<Value>> {
    sample(move |p| jvm(p, &sb)).await.map(Json)
}

async fn metrics_prometheus(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
) -> ApiResult<Json<Value>> {
    let fm = fm(&sb, &project)?;
    let text = sample(move |p| prometheus(p, &sb, &fm)).await?;
    Ok(Json(json!({"metrics": text, "error": null})))
}

async fn metrics_all(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
) -> ApiResult<Json<Value>> {
    let started = std::time::Instant::now();
    let fm = fm(&sb, &project)?;
    let mut all = sample(move |p| {
        let sb = &sb;
        json!({
            "jvm": jvm(p, sb),
            "cpu": p.cpu(),
            "memory": p.memory(),
            "threads": p.threads(),
            "disk": p.disk(),
            "network": p.network(),
            "summary": summary(p, sb),
            "prometheus": {"metrics": prometheus(p, sb, &fm), "error": null},
            "fm": fm,
        })
    })
    .await?;
    all["timestamp"] = json!(chrono::Utc::now().timestamp_millis());
    all["processingTimeMs"] = json!(started.elapsed().as_millis() as u64);
    all["error"] = Value::Null;
    Ok(Json(all))
}
