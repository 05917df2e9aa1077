//! Applies the fault spec (`faults.rs`) to one request inside the logging middleware: the
//! latency, the revoked tokens, the lost answers, the cut connections and the stalled bodies,
//! each written to the fault record as it happens.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;

use crate::faults::{Fault, FaultRecord, Faults, Moment, ResetStage, PROXY_STATUSES, STALL_LIMIT};
use crate::Sandbox;

impl Sandbox {
    /// Every fault applied so far, in the order applied.
    pub fn faults_applied(&self) -> Vec<FaultRecord> {
        self.inner.faults.lock().unwrap().applied.clone()
    }

    /// Replaces the faults in effect (their record is kept); `Faults::default()` stops them.
    pub fn set_faults(&self, faults: Faults) {
        let mut state = self.inner.faults.lock().unwrap();
        let applied = std::mem::take(&mut state.applied);
        *state = FaultState::new(faults);
        state.applied = applied;
    }

    /// The faults in effect.
    pub fn faults(&self) -> Faults {
        self.inner.faults.lock().unwrap().faults.clone()
    }

    /// Stalled bodies still held open (each ends when its client goes away).
    pub fn stalls_held(&self) -> usize {
        self.inner.stalls.load(Ordering::SeqCst)
    }
}

/// What the draw for one request decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    Pass,
    Error { status: u16, handled: bool },
    Reset { at: Moment },
    Stall,
}

/// The faults in effect, their random draws (splitmix64) and what they did.
pub(crate) struct FaultState {
    pub faults: Faults,
    rng: u64,
    pub applied: Vec<FaultRecord>,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        let rng = faults.seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x5EED)
        });
        FaultState {
            faults,
            rng,
            applied: Vec::new(),
        }
    }

    fn next(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Whether faults apply to this path at all.
    pub fn applies_to(&self, path: &str) -> bool {
        !self.faults.is_none()
            && self
                .faults
                .only
                .as_deref()
                .is_none_or(|only| path.to_ascii_lowercase().contains(only))
    }

    /// Draws for one request: whether to revoke tokens first, and what happens to its answer.
    /// Always four draws per request, so a seed fixes the faults a sequence of requests meets.
    pub fn draw(&mut self) -> (bool, Plan) {
        let (revoke, pick, late, which) = (self.unit(), self.unit(), self.unit(), self.next());
        let f = &self.faults;
        let moment = |fixed: Option<Moment>| {
            fixed.unwrap_or(if late < 0.5 {
                Moment::Before
            } else {
                Moment::After
            })
        };
        let plan = if pick < f.error {
            let statuses = match f.error_statuses.as_slice() {
                [] => &PROXY_STATUSES[..],
                some => some,
            };
            Plan::Error {
                status: statuses[(which % statuses.len() as u64) as usize],
                handled: moment(f.error_at) == Moment::After,
            }
        } else if pick < f.error + f.reset {
            Plan::Reset {
                at: moment(f.reset_at),
            }
        } else if pick < f.error + f.reset + f.stall {
            Plan::Stall
        } else {
            Plan::Pass
        };
        (revoke < f.revoke, plan)
    }
}

/// What became of a request the faults touched.
pub(crate) struct Outcome {
    pub response: Response,
    /// What the console itself answered, when it handled the request.
    pub console: Option<StatusCode>,
    /// What the request log shows: the status the caller got, 0 when no whole answer came.
    pub logged: u16,
}

/// Draws the faults for a request, sleeps its latency and revokes tokens if drawn; answers
/// what to do with the request (`Plan::Pass` when no fault applies to it).
pub(crate) async fn prepare(sb: &Sandbox, method: &str, path: &str) -> Plan {
    let (latency, revoke, plan) = {
        let mut state = sb.inner.faults.lock().unwrap();
        if !state.applies_to(path) {
            return Plan::Pass;
        }
        let latency = state.faults.latency;
        let (revoke, plan) = state.draw();
        (latency, revoke, plan)
    };
    if !latency.is_zero() {
        note(sb, method, path, Fault::Latency(latency));
        tokio::time::sleep(latency).await;
    }
    if revoke {
        sb.revoke_access_tokens();
        note(sb, method, path, Fault::Revoke);
    }
    plan
}

fn note(sb: &Sandbox, method: &str, path: &str, fault: Fault) {
    tracing::debug!(method, path, ?fault, "fault injected");
    sb.inner.faults.lock().unwrap().applied.push(FaultRecord {
        method: method.to_owned(),
        path: path.to_owned(),
        fault,
    });
}

/// Runs the request (or not) as the plan says.
pub(crate) async fn handle(
    sb: &Sandbox,
    plan: Plan,
    method: &str,
    path: &str,
    req: Request,
    next: Next,
) -> Outcome {
    let fault = |f| note(sb, method, path, f);
    match plan {
        Plan::Pass => {
            let response = next.run(req).await;
            let status = response.status();
            Outcome {
                response,
                console: Some(status),
                logged: status.as_u16(),
            }
        }
        Plan::Error { status, handled } => {
            let console = if handled {
                Some(next.run(req).await.status())
            } else {
                // Read what the client sends, as a proxy would, before answering.
                let mut body = req.into_body().into_data_stream();
                while let Some(Ok(_)) = body.next().await {}
                None
            };
            fault(Fault::Error { status, handled });
            Outcome {
                response: crate::layer::proxy_page(status),
                console,
                logged: status,
            }
        }
        Plan::Reset { at: Moment::Before } => {
            fault(Fault::Reset(ResetStage::BeforeHandler));
            cut(cut_now(), None)
        }
        Plan::Reset { at: Moment::After } if carries_file(&req) => {
            let req = cut_request_body(req);
            let status = next.run(req).await.status();
            fault(Fault::Reset(ResetStage::RequestBody));
            cut(cut_now(), Some(status))
        }
        Plan::Reset { at: Moment::After } => {
            let response = next.run(req).await;
            let status = response.status();
            fault(Fault::Reset(ResetStage::ResponseBody));
            cut(cut_midway(response).await, Some(status))
        }
        Plan::Stall => {
            let response = next.run(req).await;
            let status = response.status();
            fault(Fault::Stall);
            cut(stall(sb, response), Some(status))
        }
    }
}

fn cut(response: Response, console: Option<StatusCode>) -> Outcome {
    Outcome {
        response,
        console,
        logged: 0,
    }
}

fn carries_file(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/octet-stream"))
}

fn cut_error() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "the sandbox cut the connection (reset fault)",
    )
}

/// An answer whose body fails before a byte is written: hyper drops the connection with the
/// head still unsent, so the caller sees the connection close with no answer at all.
fn cut_now() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, _>(cut_error())
    }));
    Response::new(body)
}

/// The request body passes until half its announced length (at most 1 MiB, and 64 KiB when
/// unannounced), then fails as a connection cut mid-upload does: the handler sees a broken body
/// and keeps nothing.
fn cut_request_body(req: Request) -> Request {
    let limit = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(64 * 1024, |len| (len / 2).min(1024 * 1024));
    let (parts, body) = req.into_parts();
    let stream = futures_util::stream::unfold(
        (body.into_data_stream(), 0u64, false),
        move |(mut inner, seen, done)| async move {
            if done {
                return None;
            }
            if seen >= limit {
                return Some((Err(cut_error()), (inner, seen, true)));
            }
            match inner.next().await {
                Some(Ok(chunk)) => {
                    let seen = seen + chunk.len() as u64;
                    Some((Ok(chunk), (inner, seen, false)))
                }
                Some(Err(e)) => Some((Err(std::io::Error::other(e)), (inner, seen, true))),
                None => None,
            }
        },
    );
    Request::from_parts(parts, Body::from_stream(stream))
}

/// The same head, with its full `Content-Length`, then half the body, then the cut.
async fn cut_midway(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) if !bytes.is_empty() => bytes,
        _ => return cut_now(),
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, bytes.len().into());
    let half = bytes.slice(..bytes.len() / 2);
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(half)]).chain(
        futures_util::stream::once(async {
            // Let the head and the first half go out before the cut.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            Err(cut_error())
        }),
    );
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Counts a held stall until the body is dropped (the client went away or the limit passed).
struct StallGuard(Arc<AtomicUsize>);

impl Drop for StallGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The same head, then a body that never comes.
fn stall(sb: &Sandbox, response: Response) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    sb.inner.stalls.fetch_add(1, Ordering::SeqCst);
    let guard = StallGuard(sb.inner.stalls.clone());
    let body = futures_util::stream::once(async move {
        let _held = guard;
        tokio::time::sleep(STALL_LIMIT).await;
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the stalled body was given up",
        ))
    });
    Response::from_parts(parts, Body::from_stream(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(spec: &str, n: usize) -> Vec<(bool, Plan)> {
        let mut state = FaultState::new(spec.parse().unwrap());
        (0..n).map(|_| state.draw()).collect()
    }

    #[test]
    fn a_seed_gives_the_same_faults_every_time_and_the_shares_hold() {
        let spec = "error=0.1,reset=0.05,stall=0.01,revoke=0.02,seed=99";
        let draws = plans(spec, 20_000);
        assert_eq!(draws, plans(spec, 20_000));
        assert_ne!(
            draws,
            plans(
                "error=0.1,reset=0.05,stall=0.01,revoke=0.02,seed=98",
                20_000
            )
        );
        let share = |hit: &dyn Fn(&(bool, Plan)) -> bool| {
            draws.iter().filter(|d| hit(d)).count() as f64 / draws.len() as f64
        };
        let near = |got: f64, want: f64| (got - want).abs() < want * 0.2;
        let error = share(&|(_, p)| matches!(p, Plan::Error { .. }));
        let reset = share(&|(_, p)| matches!(p, Plan::Reset { .. }));
        let stall = share(&|(_, p)| matches!(p, Plan::Stall));
        let revoke = share(&|(r, _)| *r);
        assert!(near(error, 0.1) && near(reset, 0.05), "{error} {reset}");
        assert!(near(stall, 0.01) && near(revoke, 0.02), "{stall} {revoke}");
        let statuses: std::collections::BTreeSet<u16> = draws
            .iter()
            .filter_map(|(_, p)| match p {
                Plan::Error { status, .. } => Some(*status),
                _ => None,
            })
            .collect();
        assert_eq!(statuses.into_iter().collect::<Vec<_>>(), PROXY_STATUSES);
    }

    #[test]
    fn fixed_moments_and_statuses_are_kept() {
        for (_, plan) in plans("error=1,error_at=after,error_status=503,seed=1", 200) {
            assert_eq!(
                plan,
                Plan::Error {
                    status: 503,
                    handled: true
                }
            );
        }
        for (_, plan) in plans("reset=1,reset_at=start,seed=1", 200) {
            assert_eq!(plan, Plan::Reset { at: Moment::Before });
        }
    }

    #[test]
    fn only_limits_faults_to_matching_paths() {
        let state = FaultState::new("error=1,only=/Execute".parse().unwrap());
        assert!(state.applies_to("/openapi/workflows/X/EXECUTE"));
        assert!(!state.applies_to("/openapi/workflows"));
        assert!(!FaultState::new(Faults::default()).applies_to("/openapi/workflows"));
    }
}
