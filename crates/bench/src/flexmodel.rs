//! FlexModel figures: record pages of the sandbox's 100,000-record `Product` model read through
//! the client (HTTP, the sandbox's filter compiler and SQLite, JSON both ways) against the
//! same SQL run directly on the same SQLite file in this process (the rows turned into JSON
//! objects too), alternated in blocks; and a GraphQL list of 1,000 records against the same.
//! The ratio is what the whole console path costs over the database's own work.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use flexmodel_api::{Client, ClientConfig, Filter, RecordQuery, Sort};
use flexmodel_sandbox::{Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};
use rusqlite::types::ValueRef;
use serde_json::{Map, Value};

use crate::stats::{median, ms, Row};

const RECORDS: usize = 100_000;
const PAGE: u32 = 15;

/// One way of reading a page: its name, the client's query and the SQL that answers it.
struct Case {
    figure: &'static str,
    query: RecordQuery,
    /// The page's rows and the filter's count, as the sandbox asks SQLite for them.
    select: String,
    count: String,
    params: Vec<rusqlite::types::Value>,
    rounds: usize,
}

/// The SQLite file the sandbox keeps `default`/`system` in.
fn database(dir: &Path) -> PathBuf {
    dir.join("datasources")
        .join("default")
        .join("system.sqlite3")
}

/// `sql` run on `conn`, each row an object keyed by column, as a reader of the file would.
fn rows(conn: &rusqlite::Connection, sql: &str, params: &[rusqlite::types::Value]) -> Vec<Value> {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let names: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let mut out = Vec::new();
    let mut found = stmt.query(rusqlite::params_from_iter(params)).unwrap();
    while let Some(row) = found.next().unwrap() {
        let mut object = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i).unwrap() {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::from(b.len()),
            };
            object.insert(name.clone(), value);
        }
        out.push(Value::Object(object));
    }
    out
}

fn count(conn: &rusqlite::Connection, sql: &str, params: &[rusqlite::types::Value]) -> u64 {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    stmt.query_row(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))
        .unwrap() as u64
}

/// Medians of `rounds` timings of each side, alternated in blocks of ten.
async fn alternate(
    rounds: usize,
    mut ours: impl AsyncFnMut() -> usize,
    mut direct: impl FnMut() -> usize,
) -> (Duration, Duration) {
    // One untimed run of each: caches warm, statements prepared.
    assert_eq!(ours().await, direct(), "both sides read the same rows");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds.div_ceil(10) {
        for _ in 0..10 {
            let t = Instant::now();
            ours().await;
            a.push(t.elapsed().as_secs_f64());
        }
        for _ in 0..10 {
            let t = Instant::now();
            direct();
            b.push(t.elapsed().as_secs_f64());
        }
    }
    (
        Duration::from_secs_f64(median(a)),
        Duration::from_secs_f64(median(b)),
    )
}

fn row(figure: String, ours: Duration, direct: Duration) -> Row {
    Row {
        figure,
        ours: ms(ours),
        reference: format!("the same SQL on the SQLite file: {}", ms(direct)),
        ratio: format!("{:.1}", ours.as_secs_f64() / direct.as_secs_f64()),
        target: "stated".into(),
        met: None,
        note: String::new(),
    }
}

/// Every FlexModel figure, on a sandbox seeded with [`RECORDS`] products in a directory of
/// this run.
pub async fn figures(quick: bool) -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::new(SandboxConfig {
        data_dir: Some(dir.path().to_owned()),
        bulk_records: RECORDS,
        ..SandboxConfig::default()
    })
    .expect("a FlexModel sandbox with 100,000 products");
    let server = sandbox
        .serve(([127, 0, 0, 1], 0).into())
        .await
        .expect("the sandbox serves");
    let client = Client::sign_in(
        ClientConfig::new(server.url()),
        DEMO_USERNAME,
        DEMO_PASSWORD,
    )
    .await
    .expect("the demo user signs in")
    .with_project("default");
    let conn = rusqlite::Connection::open_with_flags(
        database(dir.path()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let records = client.records("system", "Product");
    let scale = if quick { 5 } else { 1 };
    let last_page = RECORDS.div_ceil(PAGE as usize) as u32;
    let price = |x: f64| rusqlite::types::Value::Real(x);
    let cases = [
        Case {
            figure: "first page",
            query: RecordQuery::new().page(1, PAGE),
            select: "SELECT * FROM \"Product\" ORDER BY \"id\" LIMIT 15 OFFSET 0".into(),
            count: "SELECT COUNT(*) FROM \"Product\"".into(),
            params: vec![],
            rounds: 200 / scale,
        },
        Case {
            figure: "a filtered page (price in [500, 600), on sale)",
            query: RecordQuery::new().page(1, PAGE).filter(
                &Filter::field("price")
                    .gte(500)
                    .and(Filter::field("price").lt(600))
                    .and(Filter::field("onSale").eq(true)),
            ),
            select: "SELECT * FROM \"Product\" WHERE \"price\" >= ?1 AND \"price\" < ?2 \
                     AND \"onSale\" = 1 ORDER BY \"id\" LIMIT 15 OFFSET 0"
                .into(),
            count: "SELECT COUNT(*) FROM \"Product\" WHERE \"price\" >= ?1 AND \"price\" < ?2 \
                    AND \"onSale\" = 1"
                .into(),
            params: vec![price(500.0), price(600.0)],
            rounds: 100 / scale,
        },
        Case {
            figure: "the last page sorted by price, descending",
            query: RecordQuery::new()
                .page(last_page, PAGE)
                .sort(Sort::desc("price")),
            select: format!(
                "SELECT * FROM \"Product\" ORDER BY \"price\" DESC LIMIT 15 OFFSET {}",
                (last_page - 1) * PAGE
            ),
            count: "SELECT COUNT(*) FROM \"Product\"".into(),
            params: vec![],
            rounds: 40 / scale,
        },
    ];
    let mut out = Vec::new();
    for case in cases {
        let (ours, direct) = alternate(
            case.rounds,
            async || {
                let page = records.list(&case.query).await.unwrap();
                assert!(page.total.unwrap_or(0) > 0);
                page.list.len()
            },
            || {
                let total = count(&conn, &case.count, &case.params);
                assert!(total > 0);
                rows(&conn, &case.select, &case.params).len()
            },
        )
        .await;
        out.push(row(
            format!(
                "FlexModel records, {} of {RECORDS} (median of {})",
                case.figure, case.rounds
            ),
            ours,
            direct,
        ));
    }
    out.push(graphql_list(&client, &conn, 40 / scale).await);
    out
}

/// `system_list_Product(size: 1000)` through the client's GraphQL call, against the same
/// 1,000 rows read from the file.
async fn graphql_list(client: &Client, conn: &rusqlite::Connection, rounds: usize) -> Row {
    let query = "query { system_list_Product(page: 1, size: 1000) \
                 { id sku name price stock onSale createdAt } }";
    let graphql = client.graphql();
    let (ours, direct) = alternate(
        rounds,
        async || {
            let data = graphql.query(query).await.unwrap();
            data["system_list_Product"].as_array().unwrap().len()
        },
        || {
            rows(
                conn,
                "SELECT * FROM \"Product\" ORDER BY \"id\" LIMIT 1000",
                &[],
            )
            .len()
        },
    )
    .await;
    row(
        format!("FlexModel GraphQL list of 1,000 records (median of {rounds})"),
        ours,
        direct,
    )
}
