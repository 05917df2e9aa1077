//! Applies the fault spec (`faults.rs`) to each request, as a tower layer: the latency, the
//! revoked tokens, the lost answers, the cut connections and the stalled bodies, each written
//! to the fault record as it happens. Put it inside the request record and outside any path
//! rewriting and the console's own routes.

use std::convert::Infallible;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use futures_util::future::BoxFuture;
use tower::{Layer, Service};

use crate::cuts::{self, carries_file, cut_midway, cut_now, cut_request_body, proxy_page};
use crate::faults::{Fault, FaultRecord, Faults, Moment, ResetStage, PROXY_STATUSES};
use crate::Tokens;

/// The faults in effect for one sandbox, what they did, and the layer that applies them;
/// cheap to clone, every clone sees the same faults.
#[derive(Clone)]
pub struct FaultInjector {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<FaultState>,
    /// The next requests to answer with a proxy page: (how many, status).
    failures: Mutex<Option<(u32, u16)>>,
    /// Stalled bodies still held open.
    stalls: Arc<AtomicUsize>,
    /// Whose access tokens a `revoke` fault revokes.
    tokens: Option<Tokens>,
}

impl FaultInjector {
    /// Applies `faults`; a `revoke` fault is recorded but has no tokens to revoke.
    pub fn new(faults: Faults) -> FaultInjector {
        FaultInjector::build(faults, None)
    }

    /// Applies `faults`; a `revoke` fault revokes every access token of `tokens`.
    pub fn revoking(faults: Faults, tokens: &Tokens) -> FaultInjector {
        FaultInjector::build(faults, Some(tokens.clone()))
    }

    fn build(faults: Faults, tokens: Option<Tokens>) -> FaultInjector {
        FaultInjector {
            shared: Arc::new(Shared {
                state: Mutex::new(FaultState::new(faults)),
                failures: Mutex::new(None),
                stalls: Arc::default(),
                tokens,
            }),
        }
    }

    /// Replaces the faults in effect (their record is kept); `Faults::default()` stops them.
    pub fn set(&self, faults: Faults) {
        let mut state = self.shared.state.lock().unwrap();
        let applied = std::mem::take(&mut state.applied);
        *state = FaultState::new(faults);
        state.applied = applied;
    }

    /// The faults in effect.
    pub fn faults(&self) -> Faults {
        self.shared.state.lock().unwrap().faults.clone()
    }

    /// Draws the faults for a request, sleeps its latency and revokes tokens if drawn; answers
    /// what to do with the request (`Plan::Pass` when no fault applies to it).
    async fn prepare(&self, method: &str, path: &str) -> Plan {
        let (latency, revoke, plan) = {
            let mut state = self.shared.state.lock().unwrap();
            if !state.applies_to(path) {
                return Plan::Pass;
            }
            let latency = state.faults.latency;
            let (revoke, plan) = state.draw();
            (latency, revoke, plan)
        };
        if !latency.is_zero() {
            self.note(method, path, Fault::Latency(latency));
            tokio::time::sleep(latency).await;
        }
        if revoke {
            if let Some(tokens) = &self.shared.tokens {
                tokens.revoke_access_now();
            }
            self.note(method, path, Fault::Revoke);
        }
        plan
    }

    fn note(&self, method: &str, path: &str, fault: Fault) {
        tracing::debug!(method, path, ?fault, "fault injected");
        self.shared.state.lock().unwrap().applied.push(FaultRecord {
            method: method.to_owned(),
            path: path.to_owned(),
            fault,
        });
    }

    /// Takes one of the proxy failures asked for with `fail_next`, if any are left.
    fn next_failure(&self) -> Option<u16> {
        let mut failures = self.shared.failures.lock().unwrap();
        let (left, status) = (*failures)?;
        *failures = (left > 1).then_some((left - 1, status));
        Some(status)
    }

    /// Runs the request through `inner` (or not) as the faults say.
    async fn apply<S>(self, req: Request, mut inner: S) -> Response
    where
        S: Service<Request, Response = Response, Error = Infallible>,
    {
        if let Some(status) = self.next_failure() {
            cuts::drain(req).await;
            return proxy_page(status);
        }
        let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
        let plan = self.prepare(&method, &path).await;
        let fault = |f| self.note(&method, &path, f);
        let mut run = |req| {
            let answer = inner.call(req);
            async move {
                match answer.await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            }
        };
        match plan {
            Plan::Pass => run(req).await,
            Plan::Error { status, handled } => {
                if handled {
                    drop(run(req).await);
                } else {
                    cuts::drain(req).await;
                }
                fault(Fault::Error { status, handled });
                proxy_page(status)
            }
            Plan::Reset { at: Moment::Before } => {
                fault(Fault::Reset(ResetStage::BeforeHandler));
                cut_now()
            }
            Plan::Reset { at: Moment::After } if carries_file(&req) => {
                drop(run(cut_request_body(req)).await);
                fault(Fault::Reset(ResetStage::RequestBody));
                cut_now()
            }
            Plan::Reset { at: Moment::After } => {
                let response = run(req).await;
                fault(Fault::Reset(ResetStage::ResponseBody));
                cut_midway(response).await
            }
            Plan::Stall => {
                let response = run(req).await;
                fault(Fault::Stall);
                cuts::stall(response, &self.shared.stalls)
            }
        }
    }
}

/// What only tests may do: read the fault record, and make the next answers fail.
#[cfg(feature = "testing")]
impl FaultInjector {
    /// Every fault applied so far, in the order applied.
    pub fn applied(&self) -> Vec<FaultRecord> {
        self.shared.state.lock().unwrap().applied.clone()
    }

    /// Stalled bodies still held open (each ends when its client goes away).
    pub fn stalls_held(&self) -> usize {
        self.shared.stalls.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The next `count` requests, whatever they are, answer `status` with an HTML page, as a
    /// proxy in front of a console does; the console never sees them.
    pub fn fail_next(&self, count: u32, status: u16) {
        *self.shared.failures.lock().unwrap() = (count > 0).then_some((count, status));
    }
}

impl<S> Layer<S> for FaultInjector {
    type Service = Faulty<S>;

    fn layer(&self, inner: S) -> Faulty<S> {
        Faulty {
            inner,
            injector: self.clone(),
        }
    }
}

/// A service whose requests meet the faults of a [`FaultInjector`].
#[derive(Clone)]
pub struct Faulty<S> {
    inner: S,
    injector: FaultInjector,
}

impl<S> Service<Request> for Faulty<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone takes the place of the service that was polled ready, which serves this call.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let injector = self.injector.clone();
        Box::pin(async move { Ok(injector.apply(req, inner).await) })
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
        assert!(state.applies_to("/api/jobs/X/EXECUTE"));
        assert!(!state.applies_to("/api/jobs"));
        assert!(!FaultState::new(Faults::default()).applies_to("/api/jobs"));
    }
}
