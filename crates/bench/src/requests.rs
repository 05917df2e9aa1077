//! Request figures: the typed client against plain reqwest doing the same `packages get`,
//! interleaved in one process; and the sandbox's throughput under 8 concurrent clients.

use std::sync::Arc;
use std::time::{Duration, Instant};

use encoo_api::Client;

use crate::stats::{median, ms, percentile, Row};

pub struct Plain {
    pub http: reqwest::Client,
    pub url: String,
    pub token: String,
    pub company: String,
    pub department: String,
}

impl Plain {
    async fn get(&self, path: &str) -> reqwest::Response {
        let r = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .header("CompanyId", &self.company)
            .header("DepartmentId", &self.department)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        r
    }
}

/// How many times the 1,000-request comparison runs; each percentile is the median of the runs'
/// (one run's p99 is its 10th-slowest request, which the machine alone moves by half).
const RUNS: usize = 5;

/// 1,000 `packages get` through the client and 1,000 with plain reqwest (decoding to JSON
/// values), alternating in blocks of 50 so both see the same machine; [`RUNS`] times.
pub async fn overhead(client: &Client, plain: &Plain, id: &str) -> Vec<Row> {
    let path = format!("/openapi/packages/{id}");
    let (mut our_runs, mut plain_runs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..20 {
            for _ in 0..50 {
                let t = Instant::now();
                client.packages().get(id).await.unwrap();
                ours.push(t.elapsed());
            }
            for _ in 0..50 {
                let t = Instant::now();
                let _: serde_json::Value = plain.get(&path).await.json().await.unwrap();
                theirs.push(t.elapsed());
            }
        }
        our_runs.push(ours);
        plain_runs.push(theirs);
    }
    let median_of = |runs: &[Vec<Duration>], p: f64| {
        let each = runs
            .iter()
            .map(|r| percentile(r, p).as_secs_f64())
            .collect();
        Duration::from_secs_f64(median(each))
    };
    [50.0, 99.0]
        .iter()
        .map(|p| {
            let (o, t) = (median_of(&our_runs, *p), median_of(&plain_runs, *p));
            let ratio = o.as_secs_f64() / t.as_secs_f64();
            Row {
                figure: format!(
                    "request overhead, 1,000 packages get, p{p} (median of {RUNS} runs)"
                ),
                ours: ms(o),
                reference: format!("plain reqwest: {}", ms(t)),
                ratio: format!("{ratio:.2}"),
                target: "≤ 1.2 × plain".into(),
                met: Some(ratio <= 1.2),
                note: String::new(),
            }
        })
        .collect()
}

/// 8 clients listing packages for `secs` seconds.
pub async fn sandbox_load(plain: Arc<Plain>, secs: u64) -> Row {
    let until = Instant::now() + Duration::from_secs(secs);
    let workers = (0..8).map(|_| {
        let plain = plain.clone();
        tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < until {
                let t = Instant::now();
                plain
                    .get("/openapi/packages?PageSize=20")
                    .await
                    .bytes()
                    .await
                    .unwrap();
                lat.push(t.elapsed());
            }
            lat
        })
    });
    let mut all = Vec::new();
    for w in futures_util::future::join_all(workers).await {
        all.extend(w.unwrap());
    }
    let rps = all.len() as f64 / secs as f64;
    Row {
        figure: "sandbox: packages list, 8 concurrent clients".into(),
        ours: format!("{rps:.0} req/s"),
        reference: format!(
            "p50 {}, p99 {}",
            ms(percentile(&all, 50.0)),
            ms(percentile(&all, 99.0))
        ),
        ratio: "–".into(),
        target: "reported".into(),
        met: None,
        note: "the load client runs in the same process as the sandbox, on the same 2 cores".into(),
    }
}
