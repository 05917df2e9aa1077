//! The scheduler: one task per sandbox that fires the enabled SCHEDULED triggers of every
//! project on the real clock (cron in the machine's local time zone, as Quartz on the server)
//! and runs the enabled EVENT triggers on record changes.
//!
//! It sleeps until the earliest fire time, a change of triggers (the routes call `changed`,
//! which wakes it through a `Notify`: no polling), or a record event. It holds the sandbox
//! only weakly, and it ends when the sandbox goes: the record-event channel's sender lives in
//! the sandbox, so its receiver here is closed then.
//!
//! An interval trigger fires at once when it is scheduled (created, changed or enabled, as
//! Quartz's `startNow`), then every interval, `repeatCount` times in all (forever when ≤ 0 or
//! missing). What is kept in memory only: its fires so far, so a restart, or any change to the
//! trigger, starts its count again (on the server, Quartz's store keeps them).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::Local;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::config::{plan, Plan};
use super::{jobs, TRIGGER};
use crate::events::RecordEvent;
use crate::{Sandbox, Shared};

/// A running scheduler: its sandbox, its wake-up, and a token that lives as long as its task.
struct Running {
    sandbox: Weak<Shared>,
    notify: Arc<Notify>,
    alive: Weak<()>,
}

static SCHEDULERS: Mutex<Vec<Running>> = Mutex::new(Vec::new());

fn of<'a>(list: &'a [Running], sb: &Sandbox) -> impl Iterator<Item = &'a Running> {
    let me = Arc::as_ptr(&sb.inner);
    list.iter()
        .filter(move |r| std::ptr::eq(r.sandbox.as_ptr(), me))
}

/// Whether the task of a sandbox's scheduler still runs (for tests: it must end with the
/// sandbox).
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) fn watch(sb: &Sandbox) -> Weak<()> {
    let list = SCHEDULERS.lock().unwrap();
    let alive = of(&list, sb).map(|r| r.alive.clone()).next();
    alive.unwrap_or_default()
}

/// The longest sleep; a fire further away is re-planned after it.
const LONGEST_SLEEP: Duration = Duration::from_secs(7 * 86_400);

/// Tells the sandbox's scheduler that its triggers changed.
pub(crate) fn changed(sb: &Sandbox) {
    let list = SCHEDULERS.lock().unwrap();
    for r in of(&list, sb) {
        r.notify.notify_one();
    }
}

struct Planned {
    /// The trigger as planned: a change to it plans it again.
    fingerprint: String,
    schedule: Schedule,
    next: Option<Instant>,
}

enum Schedule {
    Cron {
        schedule: Box<cron::Schedule>,
        at: Option<chrono::DateTime<Local>>,
    },
    Interval {
        every: Duration,
        left: Option<u64>,
    },
}

fn instant_of(at: chrono::DateTime<Local>) -> Instant {
    let wait = (at - Local::now()).to_std().unwrap_or(Duration::ZERO);
    Instant::now() + wait
}

fn next_cron(
    schedule: &cron::Schedule,
    after: chrono::DateTime<Local>,
) -> Option<chrono::DateTime<Local>> {
    schedule.after(&after).next()
}

/// The enabled scheduled triggers as planned, keeping the plans of unchanged ones.
fn reload(sb: &Sandbox, plans: &mut HashMap<(String, String), Planned>) {
    let triggers = match sb.inner.meta.list_all(TRIGGER) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!("the scheduler could not read the triggers: {e}");
            return;
        }
    };
    let mut fresh = HashMap::new();
    for (project, t) in triggers {
        if t["type"] != "SCHEDULED" || t["state"] != true {
            continue;
        }
        let id = t["id"].as_str().unwrap_or_default().to_owned();
        let fingerprint = json!([t["config"], t["updatedAt"], t["jobId"]]).to_string();
        let key = (project, id);
        if let Some(old) = plans.remove(&key) {
            if old.fingerprint == fingerprint {
                fresh.insert(key, old);
                continue;
            }
        }
        let planned = match plan(&t["config"]) {
            Some(Plan::Cron(schedule)) => {
                let at = next_cron(&schedule, Local::now());
                Planned {
                    fingerprint,
                    next: at.map(instant_of),
                    schedule: Schedule::Cron { schedule, at },
                }
            }
            Some(Plan::Interval { every, times }) => Planned {
                fingerprint,
                next: Some(Instant::now()),
                schedule: Schedule::Interval { every, left: times },
            },
            _ => continue,
        };
        fresh.insert(key, planned);
    }
    *plans = fresh;
}

/// Fires what is due and plans its next time.
fn fire_due(sb: &Sandbox, plans: &mut HashMap<(String, String), Planned>) {
    let now = Instant::now();
    for ((project, id), planned) in plans.iter_mut() {
        if planned.next.is_none_or(|n| n > now) {
            continue;
        }
        match &mut planned.schedule {
            Schedule::Cron { schedule, at } => {
                let after = at.map_or_else(Local::now, |a| a.max(Local::now()));
                *at = next_cron(schedule, after);
                planned.next = at.map(instant_of);
            }
            Schedule::Interval { every, left } => {
                if let Some(n) = left {
                    *n = n.saturating_sub(1);
                }
                planned.next = match left {
                    Some(0) => None,
                    _ => Some(planned.next.unwrap_or(now) + *every),
                };
            }
        }
        match sb.inner.meta.get(project, TRIGGER, id) {
            Ok(Some(t)) if t["state"] == true => {
                jobs::spawn(sb, project, &t, &jobs::Cause::Scheduled);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("the scheduler could not read trigger {id}: {e}"),
        }
    }
}

/// Runs the enabled event triggers that listen to this change, with the record as input.
fn on_event(sb: &Sandbox, event: &RecordEvent) {
    let triggers = match sb.inner.meta.list(&event.project, TRIGGER) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!("the scheduler could not read the triggers: {e}");
            return;
        }
    };
    for t in triggers {
        let c = &t["config"];
        let listens = t["type"] == "EVENT"
            && t["state"] == true
            && c["type"] == "event"
            && c["datasourceName"] == event.datasource.as_str()
            && c["modelName"] == event.model.as_str()
            && c["mutationTypes"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m == event.mutation));
        if listens {
            jobs::spawn(sb, &event.project, &t, &jobs::Cause::Event(event));
        }
    }
}

/// Starts the scheduler of a sandbox (inside a Tokio runtime; without one, triggers only run
/// by execute).
pub(crate) fn start(sb: &Sandbox) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::warn!("no Tokio runtime: the trigger scheduler does not run");
        return;
    };
    let notify = Arc::new(Notify::new());
    let weak = Arc::downgrade(&sb.inner);
    let alive = Arc::new(());
    {
        let mut list = SCHEDULERS.lock().unwrap();
        list.retain(|r| r.alive.strong_count() > 0);
        list.push(Running {
            sandbox: weak.clone(),
            notify: notify.clone(),
            alive: Arc::downgrade(&alive),
        });
    }
    let mut events = sb.inner.events.subscribe();
    let mut plans = HashMap::new();
    reload(sb, &mut plans);
    runtime.spawn(async move {
        let upgrade = || weak.upgrade().map(|inner| Sandbox { inner });
        loop {
            let next = plans.values().filter_map(|p: &Planned| p.next).min();
            let wake = next.map_or(Instant::now() + LONGEST_SLEEP, |n| {
                n.min(Instant::now() + LONGEST_SLEEP)
            });
            tokio::select! {
                event = events.recv() => match event {
                    Ok(event) => match upgrade() {
                        Some(sb) => on_event(&sb, &event),
                        None => break,
                    },
                    Err(RecvError::Lagged(n)) => {
                        tracing::warn!("the scheduler missed {n} record events");
                    }
                    Err(RecvError::Closed) => break,
                },
                _ = notify.notified() => match upgrade() {
                    Some(sb) => reload(&sb, &mut plans),
                    None => break,
                },
                _ = tokio::time::sleep_until(wake) => match upgrade() {
                    Some(sb) => fire_due(&sb, &mut plans),
                    None => break,
                },
            }
        }
        drop(alive);
        SCHEDULERS
            .lock()
            .unwrap()
            .retain(|r| r.alive.strong_count() > 0);
    });
}
