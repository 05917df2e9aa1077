//! The Overview screen's live sample. The official console polls `GET /f/metrics/all` every
//! 3 s; its answer carries every thread's detail, every file system and interface, and the
//! whole Prometheus text, none of which the screen draws. Polled for hours, that is work for
//! nothing on both sides of the IPC bridge, so the answer is cut down here, in Rust, to what
//! the charts and facts read: the summary (CPU loads, heap, threads, disk, interfaces, the JVM
//! and the host), the thread states, the platform counters and the console's timestamp.

use serde_json::{Map, Value};

use crate::desk::Desk;
use crate::error::Result;

/// The members of `all` the screen reads (everything else is dropped).
const KEPT: [&str; 4] = ["timestamp", "summary", "fm", "error"];

/// What the Overview draws from one `/f/metrics/all` answer: `{timestamp, summary, fm, error,
/// threadStates}`; members the console did not send are left out.
pub fn metrics_sample(mut all: Value) -> Value {
    let mut out = Map::new();
    if let Some(map) = all.as_object_mut() {
        for key in KEPT {
            if let Some(v) = map.remove(key) {
                out.insert(key.to_owned(), v);
            }
        }
        if let Some(states) = map
            .get_mut("threads")
            .and_then(|t| t.get_mut("threadStates"))
            .map(Value::take)
        {
            out.insert("threadStates".to_owned(), states);
        }
    }
    Value::Object(out)
}

impl Desk {
    /// One `GET /f/metrics/all`, cut down to [`metrics_sample`].
    pub async fn flexmodel_metrics_sample(&self) -> Result<Value> {
        Ok(metrics_sample(self.flexmodel()?.metrics().all().await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_sample_keeps_summary_counters_time_and_thread_states_and_drops_the_bulk() {
        let all = json!({
            "timestamp": 1_700_000_000_000_i64,
            "summary": {"systemCpuLoad": 12.5, "heapUsedMB": 100, "threadCount": 31},
            "fm": {"customApiCount": 4},
            "error": null,
            "threads": {"threadStates": {"RUNNABLE": 3, "WAITING": 28}, "threadDetails": {"1": {"name": "main"}}},
            "prometheus": {"metrics": "# HELP x\nx 1\n".repeat(200), "error": null},
            "network": {"interfaces": {"lo": {"mtu": 65536}}},
            "disk": {"fileSystems": {"/dev/sda1": {"usagePercentage": 40.0}}},
            "memory": {"heap": {"used": 1}},
        });
        let before = all.to_string().len();
        let sample = metrics_sample(all);
        assert_eq!(
            sample,
            json!({
                "timestamp": 1_700_000_000_000_i64,
                "summary": {"systemCpuLoad": 12.5, "heapUsedMB": 100, "threadCount": 31},
                "fm": {"customApiCount": 4},
                "error": null,
                "threadStates": {"RUNNABLE": 3, "WAITING": 28},
            })
        );
        assert!(sample.to_string().len() * 10 < before);
    }

    #[test]
    fn a_partial_or_odd_answer_gives_what_there_is() {
        assert_eq!(
            metrics_sample(json!({"fm": {"modelCount": 2}})),
            json!({"fm": {"modelCount": 2}})
        );
        assert_eq!(metrics_sample(json!([1, 2])), json!({}));
        assert_eq!(metrics_sample(json!({"threads": null})), json!({}));
    }
}
