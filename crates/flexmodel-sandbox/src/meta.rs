//! The platform's own database: the metadata the real server keeps in its system database
//! (datasources, models, API definitions and their histories, flows, instances, triggers, job
//! logs, API logs, settings), here one embedded SQLite file holding JSON documents by project,
//! kind and id. Each module owns its kinds. In the data directory, so that `--data DIR` keeps
//! them across restarts; a temporary one otherwise.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

pub(crate) struct Meta {
    conn: Mutex<Connection>,
}

impl Meta {
    pub fn open(path: &Path) -> rusqlite::Result<Meta> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS docs (
               seq INTEGER PRIMARY KEY AUTOINCREMENT,
               project TEXT NOT NULL,
               kind TEXT NOT NULL,
               id TEXT NOT NULL,
               body TEXT NOT NULL,
               UNIQUE (project, kind, id)
             );
             CREATE INDEX IF NOT EXISTS docs_kind ON docs (project, kind, seq);",
        )?;
        Ok(Meta {
            conn: Mutex::new(conn),
        })
    }

    /// Whether nothing was ever stored (a new data directory: seed it).
    pub fn is_empty(&self) -> rusqlite::Result<bool> {
        let conn = self.conn.lock().unwrap();
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM docs", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Stores `body` as (`project`, `kind`, `id`), replacing what was there but keeping its
    /// place in the order.
    pub fn put(&self, project: &str, kind: &str, id: &str, body: &Value) -> rusqlite::Result<()> {
        let conn = self.conn.lock().unwrap();
        conn.execute(
            "INSERT INTO docs (project, kind, id, body) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (project, kind, id) DO UPDATE SET body = excluded.body",
            params![project, kind, id, body.to_string()],
        )?;
        Ok(())
    }

    pub fn get(&self, project: &str, kind: &str, id: &str) -> rusqlite::Result<Option<Value>> {
        let conn = self.conn.lock().unwrap();
        let body: Option<String> = conn
            .query_row(
                "SELECT body FROM docs WHERE project = ?1 AND kind = ?2 AND id = ?3",
                params![project, kind, id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b).expect("the sandbox stored JSON")))
    }

    /// Every document of a kind in a project, in the order first stored.
    pub fn list(&self, project: &str, kind: &str) -> rusqlite::Result<Vec<Value>> {
        let conn = self.conn.lock().unwrap();
        let mut stmt = conn.prepare_cached(
            "SELECT body FROM docs WHERE project = ?1 AND kind = ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![project, kind], |r| r.get::<_, String>(0))?;
        rows.map(|b| b.map(|b| serde_json::from_str(&b).expect("the sandbox stored JSON")))
            .collect()
    }

    /// Every (project, document) of a kind across projects, in the order first stored (for
    /// work that is not a request's: the trigger scheduler at start).
    pub fn list_all(&self, kind: &str) -> rusqlite::Result<Vec<(String, Value)>> {
        let conn = self.conn.lock().unwrap();
        let mut stmt =
            conn.prepare_cached("SELECT project, body FROM docs WHERE kind = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![kind], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            row.map(|(p, b)| {
                (
                    p,
                    serde_json::from_str(&b).expect("the sandbox stored JSON"),
                )
            })
        })
        .collect()
    }

    /// Removes a document; whether there was one.
    pub fn delete(&self, project: &str, kind: &str, id: &str) -> rusqlite::Result<bool> {
        let conn = self.conn.lock().unwrap();
        let n = conn.execute(
            "DELETE FROM docs WHERE project = ?1 AND kind = ?2 AND id = ?3",
            params![project, kind, id],
        )?;
        Ok(n > 0)
    }

    /// How many documents of a kind a project has.
    pub fn count(&self, project: &str, kind: &str) -> rusqlite::Result<usize> {
        let conn = self.conn.lock().unwrap();
        let n: i64 = conn.query_row(
            "SELECT COUNT(*) FROM docs WHERE project = ?1 AND kind = ?2",
            params![project, kind],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}

/// An id as the real server makes them (its ids are strings); time-ordered, so newest-first
/// sorts by id too.
pub(crate) fn new_id() -> String {
    let now = chrono::Utc::now().timestamp_millis() as u64;
    let tail = uuid::Uuid::new_v4().simple().to_string();
    format!("{now:013x}{}", &tail[..19])
}

/// Now, as the server writes dates: ISO `LocalDateTime` without zone, to the second.
pub(crate) fn now() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// The API log's own table: one row per admin call is too many for JSON documents, so its
/// searched columns (project, time, path, success, request body) are real columns beside the
/// row's JSON. `logs` owns the SQL; the table is made on first use.
const API_LOG_TABLE: &str = "CREATE TABLE IF NOT EXISTS api_log (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       project TEXT NOT NULL,
       created_at TEXT NOT NULL,
       path TEXT NOT NULL,
       is_success INTEGER NOT NULL,
       request_body TEXT,
       body TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS api_log_project ON api_log (project, seq);
     CREATE INDEX IF NOT EXISTS api_log_time ON api_log (created_at);";

impl Meta {
    /// Runs `f` on the metadata database with the API log's table in place.
    pub fn api_log<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let conn = self.conn.lock().unwrap();
        let ready: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'api_log')",
            )?
            .query_row([], |r| r.get(0))?;
        if !ready {
            conn.execute_batch(API_LOG_TABLE)?;
        }
        f(&conn)
    }
}
