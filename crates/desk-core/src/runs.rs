//! The run journal. The console keeps no list of jobs: the answer to an execute is the only
//! record of a run, so every run started from the app is kept here, one row per job, in an
//! SQLite file in the app's data directory. Nothing secret goes in: no token, no password, and
//! no argument value (a job's arguments may carry sensitive data).

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{DeskError, Result};

/// The schema this build reads and writes, kept in `PRAGMA user_version`.
pub const RUNS_SCHEMA_VERSION: i32 = 1;
/// Rows per page when the filter does not say, and the most a page may hold.
pub const RUNS_PAGE_SIZE: u32 = 50;
pub const RUNS_PAGE_SIZE_MAX: u32 = 500;
/// The state kept when the console may or may not have run it (its answer was lost).
pub const UNKNOWN_STATE: &str = "Unknown";

const SCHEMA_V1: &str = "
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('workflow', 'layout')),
        workflow_id TEXT, workflow_name TEXT, layout_id TEXT, layout_name TEXT,
        job_id TEXT, job_group_id TEXT,
        state TEXT NOT NULL,
        robot TEXT, queue_id TEXT, queue_name TEXT, priority INTEGER,
        started_at TEXT NOT NULL, started_by TEXT NOT NULL,
        company_id TEXT NOT NULL, department_id TEXT NOT NULL,
        message TEXT
    );
    CREATE INDEX runs_newest ON runs (profile_id, started_at DESC, id DESC);
    PRAGMA user_version = 1;";

const COLUMNS: &str = "id, profile_id, kind, workflow_id, workflow_name, layout_id, layout_name, \
    job_id, job_group_id, state, robot, queue_id, queue_name, priority, started_at, started_by, \
    company_id, department_id, message";

/// What was run: one workflow, or a workflow layout (one job per step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunKind {
    Workflow,
    Layout,
}

impl RunKind {
    fn as_str(self) -> &'static str {
        match self {
            RunKind::Workflow => "workflow",
            RunKind::Layout => "layout",
        }
    }
}

/// One job of a run, as the app started it and the console answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
    /// The local row id (0 until recorded).
    pub id: i64,
    pub profile_id: String,
    pub kind: RunKind,
    pub workflow_id: Option<String>,
    pub workflow_name: Option<String>,
    pub layout_id: Option<String>,
    pub layout_name: Option<String>,
    /// None when the outcome is unknown.
    pub job_id: Option<String>,
    pub job_group_id: Option<String>,
    /// The job's `State` as the console answered it, or [`UNKNOWN_STATE`].
    pub state: String,
    /// The job's `LastRobotName`.
    pub robot: Option<String>,
    pub queue_id: Option<String>,
    pub queue_name: Option<String>,
    pub priority: Option<i64>,
    /// RFC 3339 UTC, when the app sent the run.
    pub started_at: String,
    /// The profile's username.
    pub started_by: String,
    pub company_id: String,
    pub department_id: String,
    /// For an unknown outcome, the error (which says what to check); else the job's `Message`.
    pub message: Option<String>,
}

/// Which runs to list: all of a profile's, or those of one workflow or in one state, a page
/// at a time (pages count from 0; the size is kept within 1..=500).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunFilter {
    pub workflow_id: Option<String>,
    /// Matched without regard to case (`queued` finds `Queued`).
    pub state: Option<String>,
    pub page_index: u32,
    pub page_size: u32,
}

impl Default for RunFilter {
    fn default() -> Self {
        RunFilter {
            workflow_id: None,
            state: None,
            page_index: 0,
            page_size: RUNS_PAGE_SIZE,
        }
    }
}

/// One page of runs, newest first; `count` is every match over all pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunPage {
    pub count: u64,
    pub list: Vec<RunRecord>,
}

/// The journal, in a file or in memory.
pub struct RunLog {
    conn: Mutex<Connection>,
}

fn db_error(e: rusqlite::Error) -> DeskError {
    DeskError::Io(format!("the run journal: {e}"))
}

impl RunLog {
    /// Opens the journal at `path`, creating the file and its schema when missing.
    pub fn open(path: &Path) -> Result<RunLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| DeskError::Io(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)
            .map_err(|e| DeskError::Io(format!("cannot open {}: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(db_error)?;
        // WAL, with SQLite's default FULL sync: a run kept is on disk when `record` returns,
        // and a crash mid-write leaves the file whole (`record` is one transaction).
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(db_error)?;
        RunLog::start(conn).map_err(|e| match e {
            DeskError::Io(m) => DeskError::Io(format!("{}: {m}", path.display())),
            other => other,
        })
    }

    /// A journal that lasts as long as the app (tests, or when the file cannot be opened).
    pub fn in_memory() -> RunLog {
        let conn = Connection::open_in_memory().expect("SQLite opens in memory");
        RunLog::start(conn).expect("a new in-memory journal takes the schema")
    }

    fn start(conn: Connection) -> Result<RunLog> {
        let version: i32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db_error)?;
        match version {
            0 => conn
                .execute_batch(&format!("BEGIN; {SCHEMA_V1} COMMIT;"))
                .map_err(db_error)?,
            RUNS_SCHEMA_VERSION => {}
            newer => {
                return Err(DeskError::Io(format!(
                    "the run journal was written by a newer ConsoleDesk (schema {newer}; this one reads {RUNS_SCHEMA_VERSION})"
                )))
            }
        }
        Ok(RunLog {
            conn: Mutex::new(conn),
        })
    }

    /// Keeps `rows` (their `id` is ignored), all or none.
    pub fn record(&self, rows: &[RunRecord]) -> Result<()> {
        let mut conn = self.conn.lock().unwrap();
        let tx = conn.transaction().map_err(db_error)?;
        {
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT INTO runs ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                    COLUMNS.trim_start_matches("id, ")
                ))
                .map_err(db_error)?;
            for r in rows {
                insert
                    .execute(params![
                        r.profile_id,
                        r.kind.as_str(),
                        r.workflow_id,
                        r.workflow_name,
                        r.layout_id,
                        r.layout_name,
                        r.job_id,
                        r.job_group_id,
                        r.state,
                        r.robot,
                        r.queue_id,
                        r.queue_name,
                        r.priority,
                        r.started_at,
                        r.started_by,
                        r.company_id,
                        r.department_id,
                        r.message,
                    ])
                    .map_err(db_error)?;
            }
        }
        tx.commit().map_err(db_error)
    }

    /// A page of `profile_id`'s runs, newest first (by `startedAt`, then row id).
    pub fn list(&self, profile_id: &str, filter: &RunFilter) -> Result<RunPage> {
        let size = filter.page_size.clamp(1, RUNS_PAGE_SIZE_MAX);
        let offset = u64::from(filter.page_index) * u64::from(size);
        let matching = "FROM runs WHERE profile_id = ?1 AND (?2 IS NULL OR workflow_id = ?2) \
                        AND (?3 IS NULL OR state = ?3 COLLATE NOCASE)";
        let args = params![profile_id, filter.workflow_id, filter.state];
        let conn = self.conn.lock().unwrap();
        let count: i64 = conn
            .query_row(&format!("SELECT COUNT(*) {matching}"), args, |r| r.get(0))
            .map_err(db_error)?;
        let mut select = conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} {matching} ORDER BY started_at DESC, id DESC LIMIT {size} OFFSET {offset}"
            ))
            .map_err(db_error)?;
        let list = select
            .query_map(args, read_row)
            .map_err(db_error)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_error)?;
        Ok(RunPage {
            count: count.unsigned_abs(),
            list,
        })
    }
}

fn read_row(r: &Row<'_>) -> rusqlite::Result<RunRecord> {
    let kind: String = r.get(2)?;
    Ok(RunRecord {
        id: r.get(0)?,
        profile_id: r.get(1)?,
        kind: if kind == "layout" {
            RunKind::Layout
        } else {
            RunKind::Workflow
        },
        workflow_id: r.get(3)?,
        workflow_name: r.get(4)?,
        layout_id: r.get(5)?,
        layout_name: r.get(6)?,
        job_id: r.get(7)?,
        job_group_id: r.get(8)?,
        state: r.get(9)?,
        robot: r.get(10)?,
        queue_id: r.get(11)?,
        queue_name: r.get(12)?,
        priority: r.get(13)?,
        started_at: r.get(14)?,
        started_by: r.get(15)?,
        company_id: r.get(16)?,
        department_id: r.get(17)?,
        message: r.get(18)?,
    })
}

#[cfg(test)]
mod tests;
