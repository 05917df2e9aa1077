//! What only tests may do with the Encoo sandbox (the `testing` feature): read what it saw and
//! did (requests, grants, tokens, faults, jobs, versions) and change it behind a client's back
//! (revoke tokens, fail the next answers, another demo password, bulk data). The app never
//! builds this module.

use serde_json::Value;

use crate::{bulk, store, FaultRecord, Sandbox};

/// One answered request, as the sandbox saw it.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub method: String,
    /// The path as sent (before case folding).
    pub path: String,
    pub query: Option<String>,
    /// The status the caller got; 0 when no whole answer reached it (a `reset` or `stall`
    /// fault: see `Sandbox::faults_applied` for which).
    pub status: u16,
    pub authorization: Option<String>,
    pub company_id: Option<String>,
    pub department_id: Option<String>,
    pub content_type: Option<String>,
    /// Every header, names in lowercase.
    pub headers: Vec<(String, String)>,
}

impl From<sandbox_kit::RequestRecord> for RequestRecord {
    fn from(r: sandbox_kit::RequestRecord) -> RequestRecord {
        RequestRecord {
            company_id: r.header("companyid").map(str::to_owned),
            department_id: r.header("departmentid").map(str::to_owned),
            method: r.method,
            path: r.path,
            query: r.query,
            status: r.status,
            authorization: r.authorization,
            content_type: r.content_type,
            headers: r.headers,
        }
    }
}

/// Counts of what the token endpoint did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenGrants {
    pub password: u32,
    pub refresh: u32,
    pub password_rejected: u32,
    pub refresh_rejected: u32,
}

impl Sandbox {
    /// Every request answered so far, in order.
    pub fn request_log(&self) -> Vec<RequestRecord> {
        let requests = self.inner.record.requests();
        requests.into_iter().map(RequestRecord::from).collect()
    }

    /// How many grants the token endpoint gave and refused.
    pub fn token_grants(&self) -> TokenGrants {
        let grants = self.inner.tokens.grants();
        TokenGrants {
            password: grants.sign_in,
            refresh: grants.refresh,
            password_rejected: grants.sign_in_refused,
            refresh_rejected: grants.refresh_refused,
        }
    }

    /// Every access and refresh token the token endpoint has granted, in order, revoked and
    /// spent ones included: what must never turn up in a log, a file or the webview.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.inner.tokens.issued()
    }

    /// Invalidates every access token handed out so far (the next call answers 401).
    pub fn revoke_access_tokens(&self) {
        self.inner.tokens.revoke_access();
    }

    /// Invalidates every refresh token handed out so far.
    pub fn revoke_refresh_tokens(&self) {
        self.inner.tokens.revoke_refresh();
    }

    /// From now on the demo user signs in with `password` instead of the demo one (a
    /// distinctive secret for tests to look for). Other users keep theirs.
    pub fn set_password(&self, password: impl Into<String>) {
        *self.inner.password.lock().unwrap() = Some(password.into());
    }

    /// The next `count` requests, whatever they are, answer `status` with an HTML page, as a
    /// proxy in front of a console does.
    pub fn fail_next(&self, count: u32, status: u16) {
        self.inner.faults.fail_next(count, status);
    }

    /// Every fault applied so far, in the order applied.
    pub fn faults_applied(&self) -> Vec<FaultRecord> {
        self.inner.faults.applied()
    }

    /// Stalled bodies still held open (each ends when its client goes away).
    pub fn stalls_held(&self) -> usize {
        self.inner.faults.stalls_held()
    }

    /// Every job created so far, as the API shows them.
    pub fn jobs(&self) -> Vec<Value> {
        self.inner.store.lock().unwrap().jobs.clone()
    }

    /// Versions of the package named `name` (any company), newest first.
    pub fn package_versions(&self, name: &str) -> Vec<String> {
        let store = self.inner.store.lock().unwrap();
        store
            .packages
            .iter()
            .filter(|p| store::text(p, "Name") == name)
            .flat_map(|p| p["Versions"].as_array().cloned().unwrap_or_default())
            .map(|v| store::text(&v, "Version").to_owned())
            .collect()
    }

    /// Adds `count` plain packages (`Bulk.Package00000`…) to the first company's root
    /// department: a big list for benchmarks and tests. Each is a minute older than the one
    /// before, so in the default newest-first order the highest index comes last.
    pub fn add_bulk_packages(&self, count: usize) {
        bulk::packages(&mut self.inner.store.lock().unwrap(), count);
    }

    /// Adds `count` empty robot groups (`Bulk.Group00000`…) to the first company's root
    /// department, each a minute older than the one before (as [`Sandbox::add_bulk_packages`]).
    pub fn add_bulk_queues(&self, count: usize) {
        bulk::queues(&mut self.inner.store.lock().unwrap(), count);
    }
}
