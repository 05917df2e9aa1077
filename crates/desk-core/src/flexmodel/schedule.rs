//! When a trigger fires, computed by the app: the real server sends `nextFireTime: null`, and
//! its own console's cron field is a bare text box. A cron expression is read by the same
//! function the sandbox refuses with (`flexmodel_rules::cron::parse_cron`), so the trigger form
//! refuses exactly what the console refuses, with the same reason, and shows the next fire
//! times of what it accepts in the user's time zone (RFC 3339 with its offset). An interval
//! fires as the sandbox (Quartz's `startNow`) fires it: at once when it is scheduled (created,
//! changed or enabled: its `updatedAt`), then every interval, `repeatCount` times in all
//! (forever when ≤ 0 or missing).

use chrono::{DateTime, Local, NaiveDateTime, SecondsFormat, TimeZone};
use flexmodel_api::{FlowQuery, JobLog, JobLogQuery, PageRequest, Trigger, TriggerConfig};
use flexmodel_api::{TriggerQuery, TriggerType};
use flexmodel_rules::cron::{parse_cron, unit_seconds, unsupported_unit, INTERVAL_NOT_POSITIVE};

use crate::desk::Desk;
use crate::error::{DeskError, Result};

/// How many fire times the form shows.
pub const PREVIEW: usize = 5;

/// How many of a trigger's latest job logs its panel shows.
const LATEST_LOGS: u32 = 10;

/// The first `n` fire times of `config` after `now` (an interval's: at or after), for a trigger scheduled at
/// `scheduled` (an interval's first fire); none for an event trigger. A config the console
/// refuses is an invalid-input error naming the member at fault, with the console's reason.
pub fn fire_times<Tz: TimeZone>(
    config: &TriggerConfig,
    scheduled: &DateTime<Tz>,
    now: &DateTime<Tz>,
    n: usize,
) -> Result<Vec<DateTime<Tz>>> {
    match config {
        TriggerConfig::Cron { cron_expression } => {
            let expr = cron_expression.trim();
            if expr.is_empty() {
                return Err(DeskError::invalid("cronExpression", "Cron表达式不能为空"));
            }
            let schedule =
                parse_cron(expr).map_err(|why| DeskError::invalid("cronExpression", why))?;
            // Strictly after `now`, as the sandbox's scheduler plans it.
            Ok(schedule.after(now).take(n).collect())
        }
        TriggerConfig::Interval {
            interval,
            interval_unit,
            repeat_count,
        } => {
            if *interval <= 0 {
                return Err(DeskError::invalid("interval", INTERVAL_NOT_POSITIVE));
            }
            let unit = unit_seconds(interval_unit).ok_or_else(|| {
                DeskError::invalid("intervalUnit", unsupported_unit(interval_unit))
            })?;
            let every = (*interval as u64)
                .checked_mul(unit)
                .and_then(|s| i64::try_from(s).ok())
                .and_then(chrono::Duration::try_seconds)
                .ok_or_else(|| DeskError::invalid("interval", "the interval is too long"))?;
            let total = repeat_count.filter(|c| *c > 0).map(|c| c as u64);
            // The fires before `now` are past: the first one left is the k-th.
            let elapsed = (now.clone() - scheduled.clone()).num_seconds().max(0);
            let step = every.num_seconds();
            let mut k = (elapsed / step) as u64;
            if scheduled.clone() + every * (k as i32) < *now {
                k += 1;
            }
            let mut out = Vec::new();
            while out.len() < n && total.is_none_or(|t| k < t) {
                let Some(at) = i32::try_from(k)
                    .ok()
                    .and_then(|k| every.checked_mul(k))
                    .and_then(|d| scheduled.clone().checked_add_signed(d))
                else {
                    break;
                };
                out.push(at);
                k += 1;
            }
            Ok(out)
        }
        TriggerConfig::Event { .. } | TriggerConfig::Other(_) => Ok(Vec::new()),
    }
}

/// A time the console wrote (`2026-11-30T19:00:00`, with a space, fractions or an offset),
/// read in `zone` when it has no offset.
fn console_time<Tz: TimeZone>(text: &str, zone: &Tz) -> Option<DateTime<Tz>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(zone));
    }
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())?;
    zone.from_local_datetime(&naive).earliest()
}

/// When a listed trigger fires next, after `now`: none when it is disabled, an event trigger,
/// or an interval whose repeats are spent. An interval counts from its `updatedAt` (when it
/// was last scheduled).
pub fn next_fire<Tz: TimeZone>(trigger: &Trigger, now: &DateTime<Tz>) -> Option<DateTime<Tz>> {
    if !trigger.state || trigger.kind != TriggerType::SCHEDULED {
        return None;
    }
    let config = trigger.config.as_ref()?;
    let scheduled = trigger
        .updated_at
        .as_deref()
        .and_then(|t| console_time(t, &now.timezone()))
        .unwrap_or_else(|| now.clone());
    fire_times(config, &scheduled, now, 1)
        .ok()?
        .into_iter()
        .next()
}

fn rfc3339<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The triggers with `nextFireTime` filled in (RFC 3339 in `now`'s zone).
pub fn with_next_fire<Tz: TimeZone>(mut triggers: Vec<Trigger>, now: &DateTime<Tz>) -> Vec<Trigger>
where
    Tz::Offset: std::fmt::Display,
{
    for t in &mut triggers {
        t.next_fire_time = next_fire(t, now).map(|at| rfc3339(&at));
    }
    triggers
}

impl Desk {
    /// Every trigger (of one flow module when `flow` is given), with its next fire time.
    pub async fn flexmodel_triggers(&self, flow: Option<String>) -> Result<Vec<Trigger>> {
        let query = TriggerQuery {
            job_id: flow.filter(|f| !f.trim().is_empty()),
            ..TriggerQuery::default()
        };
        let list = self.flexmodel()?.triggers().list_all(&query).await?;
        Ok(with_next_fire(list, &Local::now()))
    }

    /// One trigger, with its next fire time.
    pub async fn flexmodel_trigger(&self, id: &str) -> Result<Trigger> {
        let t = self.flexmodel()?.triggers().get(id).await?;
        Ok(with_next_fire(vec![t], &Local::now()).remove(0))
    }

    /// The next five fire times of a config about to be saved (an interval fires first when
    /// saved), or why the console would refuse it.
    pub fn flexmodel_trigger_preview(&self, config: &TriggerConfig) -> Result<Vec<String>> {
        let now = Local::now();
        let times = fire_times(config, &now, &now, PREVIEW)?;
        Ok(times.iter().map(rfc3339).collect())
    }

    /// The flows a trigger may start: (flow module id, name).
    pub async fn flexmodel_trigger_flow_choices(&self) -> Result<Vec<(String, String)>> {
        let flows = self
            .flexmodel()?
            .flows()
            .list_all(&FlowQuery::default())
            .await?;
        Ok(flows
            .into_iter()
            .map(|f| {
                let name = f.flow_name.or(f.flow_key).unwrap_or_default();
                (f.flow_module_id, name)
            })
            .collect())
    }

    /// A trigger's latest job logs, newest first.
    pub async fn flexmodel_trigger_job_logs(&self, trigger_id: &str) -> Result<Vec<JobLog>> {
        let query = JobLogQuery {
            trigger_id: Some(trigger_id.to_owned()),
            page: Some(PageRequest::new(1, LATEST_LOGS)),
            ..JobLogQuery::default()
        };
        Ok(self.flexmodel()?.job_logs().list(&query).await?.list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    /// Shanghai's offset, so that the strings do not depend on the machine's zone.
    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn cron(expr: &str) -> TriggerConfig {
        TriggerConfig::Cron {
            cron_expression: expr.into(),
        }
    }

    fn every(interval: i64, unit: &str, repeat: Option<i64>) -> TriggerConfig {
        TriggerConfig::Interval {
            interval,
            interval_unit: unit.into(),
            repeat_count: repeat,
        }
    }

    fn shown(times: Vec<DateTime<FixedOffset>>) -> Vec<String> {
        times.iter().map(rfc3339).collect()
    }

    fn refusal(config: &TriggerConfig) -> (String, String) {
        let now = at("2026-03-10T09:00:00+08:00");
        match fire_times(config, &now, &now, PREVIEW).unwrap_err() {
            DeskError::Invalid { field, message } => (field, message),
            other => panic!("not an invalid input: {other}"),
        }
    }

    #[test]
    fn a_cron_expression_gives_its_next_five_fire_times_in_the_zone_of_now() {
        let now = at("2026-03-10T09:00:01+08:00");
        let times = fire_times(&cron("*/3 * * * * ?"), &now, &now, PREVIEW).unwrap();
        assert_eq!(
            shown(times),
            [
                "2026-03-10T09:00:03+08:00",
                "2026-03-10T09:00:06+08:00",
                "2026-03-10T09:00:09+08:00",
                "2026-03-10T09:00:12+08:00",
                "2026-03-10T09:00:15+08:00",
            ]
        );
        let now = at("2026-03-10T09:00:00+08:00");
        let daily = fire_times(&cron(" 0 0 8 * * ? "), &now, &now, 2).unwrap();
        assert_eq!(
            shown(daily),
            ["2026-03-11T08:00:00+08:00", "2026-03-12T08:00:00+08:00"]
        );
        let weekdays = fire_times(&cron("0 30 7 ? * MON-FRI"), &now, &now, 5).unwrap();
        assert_eq!(
            shown(weekdays)[3..],
            ["2026-03-16T07:30:00+08:00", "2026-03-17T07:30:00+08:00"]
        );
    }

    #[test]
    fn a_cron_expression_the_console_refuses_is_refused_with_its_reason() {
        assert_eq!(
            refusal(&cron("  ")),
            ("cronExpression".into(), "Cron表达式不能为空".into())
        );
        for expr in [
            "0 0 8 * * *",
            "61 * * * * ?",
            "* * * * ?",
            "0 0 8 ? * ?",
            "0 0 8 L * ?",
        ] {
            let (field, message) = refusal(&cron(expr));
            assert_eq!(field, "cronExpression");
            // The sandbox's words after its "创建定时任务失败: ".
            assert_eq!(message, parse_cron(expr).unwrap_err(), "{expr}");
        }
        assert!(refusal(&cron("0 0 8 * * *"))
            .1
            .contains("both a day-of-week AND a day-of-month"));
    }

    #[test]
    fn an_interval_fires_when_saved_then_every_interval_at_most_its_repeats() {
        let now = at("2026-03-10T09:00:00+08:00");
        let three = fire_times(&every(10, "second", Some(3)), &now, &now, PREVIEW).unwrap();
        assert_eq!(
            shown(three),
            [
                "2026-03-10T09:00:00+08:00",
                "2026-03-10T09:00:10+08:00",
                "2026-03-10T09:00:20+08:00",
            ]
        );
        for forever in [None, Some(0), Some(-1)] {
            let times = fire_times(&every(2, "Hour", forever), &now, &now, PREVIEW).unwrap();
            assert_eq!(times.len(), 5);
            assert_eq!(rfc3339(&times[4]), "2026-03-10T17:00:00+08:00");
        }
        let month = fire_times(&every(1, "month", None), &now, &now, 2).unwrap();
        assert_eq!(rfc3339(&month[1]), "2026-04-09T09:00:00+08:00");
        let year = fire_times(&every(1, "year", None), &now, &now, 2).unwrap();
        assert_eq!(rfc3339(&year[1]), "2027-03-10T09:00:00+08:00");
        let week = fire_times(&every(1, "week", None), &now, &now, 2).unwrap();
        assert_eq!(rfc3339(&week[1]), "2026-03-17T09:00:00+08:00");
        assert_eq!(
            refusal(&every(0, "second", None)),
            (
                "interval".into(),
                "IntervalScheduledTriggerConfig.interval must be greater than 0.".into()
            )
        );
        assert_eq!(
            refusal(&every(5, "fortnight", None)),
            (
                "intervalUnit".into(),
                "创建定时任务失败: 不支持的间隔时间单位: fortnight".into()
            )
        );
    }

    fn trigger(config: TriggerConfig, state: bool, updated_at: &str) -> Trigger {
        Trigger {
            state,
            updated_at: Some(updated_at.into()),
            ..Trigger::for_flow("t", "flow-1", config)
        }
    }

    #[test]
    fn a_listed_trigger_fires_next_as_the_sandbox_plans_it() {
        let saved = "2026-03-10T09:00:00";
        let three = trigger(every(10, "second", Some(3)), true, saved);
        let next = |t: &Trigger, now: &str| next_fire(t, &at(now)).map(|a| rfc3339(&a));
        // Fired at :00 and :10; the third and last at :20; then none.
        assert_eq!(
            next(&three, "2026-03-10T09:00:15+08:00").as_deref(),
            Some("2026-03-10T09:00:20+08:00")
        );
        assert_eq!(
            next(&three, "2026-03-10T09:00:20+08:00").as_deref(),
            Some("2026-03-10T09:00:20+08:00")
        );
        assert_eq!(next(&three, "2026-03-10T09:00:21+08:00"), None);
        let forever = trigger(every(1, "hour", Some(0)), true, "2026-03-10 09:00:00.123");
        assert_eq!(
            next(&forever, "2026-03-11T10:30:00+08:00").as_deref(),
            Some("2026-03-11T11:00:00+08:00")
        );
        let daily = trigger(cron("0 0 8 * * ?"), true, saved);
        assert_eq!(
            next(&daily, "2026-03-10T08:00:00+08:00").as_deref(),
            Some("2026-03-11T08:00:00+08:00")
        );
        let disabled = trigger(cron("0 0 8 * * ?"), false, saved);
        assert_eq!(next(&disabled, "2026-03-10T07:00:00+08:00"), None);
        let event = trigger(
            TriggerConfig::Event {
                datasource_name: "system".into(),
                model_name: "Student".into(),
                mutation_types: vec!["create".into()],
                trigger_timing: Some("after".into()),
            },
            true,
            saved,
        );
        assert_eq!(next(&event, "2026-03-10T07:00:00+08:00"), None);
        let broken = trigger(cron("0 0 8 * * *"), true, saved);
        assert_eq!(next(&broken, "2026-03-10T07:00:00+08:00"), None);

        let listed = with_next_fire(vec![daily, disabled], &at("2026-03-10T07:00:00+08:00"));
        let fires: Vec<_> = listed.iter().map(|t| t.next_fire_time.clone()).collect();
        assert_eq!(fires, [Some("2026-03-10T08:00:00+08:00".into()), None]);
    }
}
