//! The job log test's helpers: the screen's conversions checked as units in the window, and
//! a flow that takes a while with a trigger of it (a run that stays RUNNING for seconds).

use console_desk_e2e::App;
use flexmodel_api::{FlowCreate, FlowUpdate, Trigger, TriggerConfig};
use serde_json::{json, Value};

use crate::fm_console::FmConsole;

/// The screen's own conversions, run in the window: the range typed → what the server is
/// sent, and milliseconds → the duration shown.
pub async fn conversions(app: &App) {
    let cases = json!([
        ["2026-11-30 08:00", false, "2026-11-30T08:00:00"],
        ["2026-11-30T08:00:15", false, "2026-11-30T08:00:15"],
        ["2026-1-5 8:05", false, "2026-01-05T08:05:00"],
        ["2026/11/30", false, "2026-11-30T00:00:00"],
        ["2026-11-30", true, "2026-11-30T23:59:59"],
        ["2024-02-29 23:59:59", true, "2024-02-29T23:59:59"],
        ["  ", false, null],
        ["2026-02-29", false, "error"],
        ["2026-11-31", false, "error"],
        ["2026-11-30 24:00", false, "error"],
        ["30.11.2026", false, "error"],
        ["2026-11-30 08", false, "error"],
    ]);
    let durations = json!([
        [0, "0 ms"],
        [850, "850 ms"],
        [999.6, "1000 ms"],
        [1500, "1.5 s"],
        [12000, "12 s"],
        [59999, "1 min"],
        [150000, "2.5 min"],
        [null, null],
    ]);
    let got = app
        .client
        .execute_async(
            "const [cases, durations, done] = arguments;
             Promise.all([import('./consoles/flexmodel/views/job-logs/filters.js'), import('./consoles/flexmodel/views/job-logs/detail.js')])
               .then(([f, d]) => done({
                 times: cases.map(([text, end]) => { const r = f.serverTime(text, end); return r.error ? 'error' : r.value; }),
                 durations: durations.map(([ms]) => d.formatDuration(ms)),
                 range: f.rangeOf({ from: '2026-11-30 08:00', to: '2026-11-30' }),
                 backwards: f.rangeOf({ from: '2026-11-30 08:00', to: '2026-11-30 07:59:59' }).error?.field,
               }));",
            vec![cases.clone(), durations.clone()],
        )
        .await
        .unwrap();
    let want: Vec<Value> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[2].clone())
        .collect();
    assert_eq!(got["times"], json!(want));
    let want: Vec<Value> = durations
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].clone())
        .collect();
    assert_eq!(got["durations"], json!(want));
    assert_eq!(
        got["range"],
        json!({"startTime": "2026-11-30T08:00:00", "endTime": "2026-11-30T23:59:59"})
    );
    assert_eq!(got["backwards"], json!("to"));
}

/// A deployed flow whose service task works for 5 s, and an enabled trigger of it.
pub async fn slow_trigger(console: &FmConsole) -> String {
    let flows = console.client.flows();
    let create = FlowCreate {
        flow_key: "slow_report".into(),
        flow_name: "慢报表".into(),
        remark: None,
    };
    let id = flows.create(&create).await.unwrap().flow_module_id;
    let el = |key: &str, kind: i64, inc: &[&str], out: &[&str], props: Value| json!({"key": key, "type": kind, "incoming": inc, "outgoing": out, "properties": props});
    let model = json!({"flowElementList": [
        el("start", 2, &[], &["f1"], json!({})),
        el("f1", 1, &["start"], &["work"], json!({})),
        el("work", 5, &["f1"], &["f2"], json!({"name": "汇总", "sleepMillis": 5000})),
        el("f2", 1, &["work"], &["end"], json!({})),
        el("end", 3, &["f2"], &[], json!({})),
    ]});
    flows
        .update(&id, &FlowUpdate::default().model(&model))
        .await
        .unwrap();
    flows.deploy(&id).await.unwrap();
    let cron = TriggerConfig::Cron {
        cron_expression: "0 0 4 * * ?".into(),
    };
    let trigger = Trigger::for_flow("e2e slow report", &id, cron);
    console
        .client
        .triggers()
        .create(&trigger)
        .await
        .unwrap()
        .id
        .unwrap()
}

/// How soon the screen reads RUNNING rows again (its own constant).
pub async fn job_refresh_ms(app: &App) -> u64 {
    let v = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; import('./consoles/flexmodel/views/job-logs.js').then((m) => done(m.RUNNING_REFRESH_MS));",
            vec![],
        )
        .await
        .unwrap();
    v.as_u64().unwrap()
}
