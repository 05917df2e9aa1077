//! A trigger's `config`, checked as the server checks it and with its messages ("Cron表达式不能为空",
//! "创建定时任务失败: …", "IntervalScheduledTriggerConfig is invalid.", "EventTriggerConfig is
//! invalid."), the sandbox adding after a colon what exactly is wrong; and what a config means
//! for the scheduler: a cron schedule, an interval with a repeat count, or the record changes
//! an event trigger listens to.

use std::time::Duration;

use flexmodel_rules::cron::{parse_cron, unit_seconds, unsupported_unit, INTERVAL_NOT_POSITIVE};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

pub(crate) const MUTATIONS: [&str; 3] = ["create", "update", "delete"];

/// What a checked config means.
pub(crate) enum Plan {
    Cron(Box<cron::Schedule>),
    /// Every `every`; `times` fires in all, or forever when `None`.
    Interval {
        every: Duration,
        times: Option<u64>,
    },
    Event,
}

/// Checks a trigger's `type` and `config`; the config as stored (defaults filled in).
pub(crate) fn check(kind: &str, config: &Value) -> ApiResult<Value> {
    let obj = config.as_object().ok_or_else(|| {
        ApiError::bad_request("config must be an object whose type is cron, interval or event")
    })?;
    let ctype = obj.get("type").and_then(Value::as_str).unwrap_or_default();
    fn bad(m: impl Into<String>) -> ApiError {
        ApiError::bad_request(m)
    }
    match (kind, ctype) {
        ("SCHEDULED", "cron" | "interval") | ("EVENT", "event") => {}
        ("SCHEDULED", "event") => {
            return Err(bad(
                "a SCHEDULED trigger takes a cron or interval config, not event",
            ))
        }
        ("EVENT", "cron" | "interval") => {
            return Err(bad(format!(
                "an EVENT trigger takes an event config, not {ctype}"
            )))
        }
        (_, "") => return Err(bad("config.type must be cron, interval or event")),
        _ => {
            return Err(bad(format!(
                "unsupported config type '{ctype}': the types are cron, interval and event"
            )))
        }
    }
    let mut out = config.clone();
    match ctype {
        "cron" => {
            let expr = obj
                .get("cronExpression")
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or_default();
            if expr.is_empty() {
                return Err(bad("Cron表达式不能为空"));
            }
            parse_cron(expr).map_err(|why| bad(format!("创建定时任务失败: {why}")))?;
            out["cronExpression"] = json!(expr);
        }
        "interval" => {
            let Some(interval) = obj.get("interval").and_then(Value::as_i64) else {
                return Err(bad(format!(
                    "IntervalScheduledTriggerConfig is invalid: interval must be a whole number, not {}",
                    obj.get("interval").unwrap_or(&Value::Null)
                )));
            };
            if interval <= 0 {
                return Err(bad(INTERVAL_NOT_POSITIVE));
            }
            let Some(unit) = obj.get("intervalUnit").and_then(Value::as_str) else {
                return Err(bad(
                    "IntervalScheduledTriggerConfig is invalid: intervalUnit must be one of second, \
                     minute, hour, day, week, month, year",
                ));
            };
            if unit_seconds(unit).is_none() {
                return Err(bad(unsupported_unit(unit)));
            }
            match obj.get("repeatCount") {
                None | Some(Value::Null) => {}
                Some(v) if v.as_i64().is_some() => {}
                Some(v) => {
                    return Err(bad(format!(
                        "IntervalScheduledTriggerConfig is invalid: repeatCount must be a whole \
                         number (0 or less: forever), not {v}"
                    )))
                }
            }
        }
        _ => {
            for field in ["datasourceName", "modelName"] {
                let given = obj
                    .get(field)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.trim().is_empty());
                if !given {
                    return Err(bad(format!(
                        "EventTriggerConfig is invalid: {field} must not be blank"
                    )));
                }
            }
            let types = obj
                .get("mutationTypes")
                .and_then(Value::as_array)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    bad(
                        "EventTriggerConfig is invalid: mutationTypes must list at least one of \
                         create, update, delete",
                    )
                })?;
            for t in types {
                if !t.as_str().is_some_and(|t| MUTATIONS.contains(&t)) {
                    return Err(bad(format!(
                        "EventTriggerConfig is invalid: mutationTypes: {t} is not one of create, \
                         update, delete"
                    )));
                }
            }
            match obj.get("triggerTiming").and_then(Value::as_str) {
                None | Some("after") => out["triggerTiming"] = json!("after"),
                Some("before") => {
                    return Err(bad(
                        "triggerTiming 'before' is not supported by the sandbox: it hears \
                         record changes after they are saved, so only 'after' triggers run",
                    ))
                }
                Some(other) => {
                    return Err(bad(format!(
                        "triggerTiming must be before or after, not '{other}'"
                    )))
                }
            }
        }
    }
    Ok(out)
}

/// What a stored (checked) config means.
pub(crate) fn plan(config: &Value) -> Option<Plan> {
    match config["type"].as_str()? {
        "cron" => parse_cron(config["cronExpression"].as_str()?)
            .ok()
            .map(|s| Plan::Cron(Box::new(s))),
        "interval" => {
            let n = config["interval"].as_u64()?;
            let unit = unit_seconds(config["intervalUnit"].as_str()?)?;
            let every = Duration::from_secs(n.checked_mul(unit)?);
            let times = config["repeatCount"]
                .as_i64()
                .filter(|c| *c > 0)
                .map(|c| c as u64);
            Some(Plan::Interval { every, times })
        }
        "event" => Some(Plan::Event),
        _ => None,
    }
}
