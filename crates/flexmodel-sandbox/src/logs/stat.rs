//! `GET /f/logs/stat`: the API log counted by time bucket (for the chart), by bucket (the
//! list) and by path (the ranking), over `dateRange` or the last 7 days, bucketed as the server
//! does: up to 1 day by hour, up to 31 days by day, up to 365 by month, else by year.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use chrono::{Duration, NaiveDateTime};
use rusqlite::params_from_iter;
use serde_json::{json, Value};

use super::{purge, Filter};
use crate::auth::{Caller, Project};
use crate::error::ApiResult;
use crate::Sandbox;

/// How a stat buckets its rows: the label format (as the server's `DateTimeFormatter`), the
/// SQL that makes the label from `created_at`, and the step between labels.
#[derive(Clone, Copy)]
enum Bucket {
    Hour,
    Day,
    Month,
    Year,
}

impl Bucket {
    /// The server's rule: up to 1 day by hour, up to 31 by day, up to 365 by month, else by
    /// year (whole days between, rounded down).
    fn for_range(start: NaiveDateTime, end: NaiveDateTime) -> Bucket {
        match (end - start).num_days() {
            d if d <= 1 => Bucket::Hour,
            d if d <= 31 => Bucket::Day,
            d if d <= 365 => Bucket::Month,
            _ => Bucket::Year,
        }
    }

    fn label(self, t: NaiveDateTime) -> String {
        let fmt = match self {
            Bucket::Hour => "%Y-%m-%d %H:00:00",
            Bucket::Day => "%Y-%m-%d",
            Bucket::Month => "%Y-%m",
            Bucket::Year => "%Y",
        };
        t.format(fmt).to_string()
    }

    fn sql(self) -> &'static str {
        match self {
            Bucket::Hour => {
                "substr(created_at, 1, 10) || ' ' || substr(created_at, 12, 2) || ':00:00'"
            }
            Bucket::Day => "substr(created_at, 1, 10)",
            Bucket::Month => "substr(created_at, 1, 7)",
            Bucket::Year => "substr(created_at, 1, 4)",
        }
    }

    fn next(self, t: NaiveDateTime) -> NaiveDateTime {
        match self {
            Bucket::Hour => t + Duration::hours(1),
            Bucket::Day => t + Duration::days(1),
            Bucket::Month => t
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDateTime::MAX),
            Bucket::Year => t
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(NaiveDateTime::MAX),
        }
    }

    /// Every label from `start` to `end`, stepping from `start` as the server does.
    fn labels(self, start: NaiveDateTime, end: NaiveDateTime) -> Vec<String> {
        let mut labels = Vec::new();
        let mut t = start;
        while t <= end {
            labels.push(self.label(t));
            t = self.next(t);
        }
        labels
    }
}

pub(super) async fn logs_stat(
    State(sb): State<Sandbox>,
    _: Caller,
    Project(project): Project,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    purge(&sb)?;
    let mut filter = Filter::from_query(&query);
    let (start, end) = filter.range.unwrap_or_else(|| {
        let now = chrono::Local::now().naive_local();
        (now - Duration::days(7), now)
    });
    filter.range = Some((start, end));
    let bucket = Bucket::for_range(start, end);
    let labels = bucket.labels(start, end);
    let (clause, params) = filter.sql(&project);
    let grouped = |extra: &str| -> ApiResult<Vec<(String, i64)>> {
        Ok(sb.inner.meta.api_log(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {} AS d, COUNT(*) FROM api_log WHERE {clause}{extra} GROUP BY d ORDER BY d",
                bucket.sql()
            ))?;
            let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect()
        })?)
    };
    let all = grouped("")?;
    let success: HashMap<String, i64> = grouped(" AND is_success = 1")?.into_iter().collect();
    let fail: HashMap<String, i64> = grouped(" AND is_success = 0")?.into_iter().collect();
    let ranking: Vec<(String, i64)> = sb.inner.meta.api_log(|conn| {
        let mut stmt = conn.prepare(&format!(
            "SELECT path, COUNT(*) AS total FROM api_log WHERE {clause}
             GROUP BY path ORDER BY total DESC, path LIMIT 20"
        ))?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect()
    })?;
    let count = |map: &HashMap<String, i64>| -> Vec<i64> {
        labels
            .iter()
            .map(|l| map.get(l).copied().unwrap_or(0))
            .collect()
    };
    Ok(Json(json!({
        "apiStatList": all.iter().map(|(date, total)| json!({"date": date, "total": total})).collect::<Vec<_>>(),
        "apiRankingList": ranking.iter().map(|(name, total)| json!({"name": name, "total": total})).collect::<Vec<_>>(),
        "apiChart": {
            "dateList": labels,
            "successData": count(&success),
            "failData": count(&fail),
        },
    })))
}
