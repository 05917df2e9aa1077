//! The fault spec: faults a sandbox can inject, as a flaky network and the proxies in front of
//! real consoles produce them, so a client's promises (retry what is safe, never repeat what is
//! not, say when the outcome is unknown) can be tested against the sandbox's own record of what
//! it did. Any console's sandbox takes the same spec; `inject.rs` applies it.
//!
//! A spec is comma-separated `name=value` pairs (`latency=50ms,error=0.1,reset=0.05,seed=7`):
//!
//! - `latency=DURATION` (`50ms`, `2s`, `1m`): a sleep before the request is handled.
//! - `error=SHARE`: that share of answers becomes a 500/502/503/504 HTML page, as nginx sends.
//!   Half the time the proxy never reached the console (`handled: false`: nothing happened);
//!   half the time the console carried the request out and the proxy lost its answer
//!   (`handled: true`: a change was made that the caller never hears of).
//!   `error_status=503` (or `502/503/504`) narrows the statuses; `error_at=before|after` the
//!   moment.
//! - `reset=SHARE`: that share of connections is cut. At `start`, before the console sees the
//!   request (nothing happened, no byte of answer). In the `middle`: a request that carries a
//!   file (`application/octet-stream`) is cut part way through its body, so the upload fails and
//!   nothing is kept; any other request is carried out and its answer cut after the headers and
//!   part of the body. `reset_at=start|middle` fixes the moment.
//! - `stall=SHARE`: the request is carried out, the headers are sent and the body never comes.
//!   The stalled body ends when the client goes away or after [`STALL_LIMIT`].
//! - `revoke=SHARE`: every access token is revoked before the request is handled, so it (and
//!   any other signed-in call) answers 401 until the client refreshes (when the injector was
//!   given the sandbox's [`Tokens`](crate::Tokens)).
//! - `seed=N`: the random draws start from `N`, so a sequence of requests meets the same
//!   faults every run. Without it the seed comes from the clock.
//! - `only=TEXT`: faults hit only requests whose lowercased path contains `TEXT`.
//!
//! `error`, `reset` and `stall` exclude one another (one draw picks at most one of them), so
//! their shares add up to at most 1. Every fault applied is kept as a [`FaultRecord`]
//! (`FaultInjector::applied`, with the `testing` feature); the request record shows a cut or
//! stalled request with status 0, since no complete answer reached the caller.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How long a stalled body is held at most when the client does not go away.
pub const STALL_LIMIT: Duration = Duration::from_secs(600);

pub(crate) const PROXY_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// When an error page or a cut happens, when the spec fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Before the console sees the request.
    Before,
    /// After the console has (or has started to) handle it.
    After,
}

/// A parsed fault spec. `Faults::default()` injects nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    pub latency: Duration,
    pub error: f64,
    pub reset: f64,
    pub stall: f64,
    pub revoke: f64,
    /// Statuses an `error` picks from (all four proxy statuses when empty).
    pub error_statuses: Vec<u16>,
    pub error_at: Option<Moment>,
    pub reset_at: Option<Moment>,
    pub seed: Option<u64>,
    pub only: Option<String>,
}

/// Where a reset cut the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetStage {
    /// Before the console saw the request: nothing happened and nothing was answered.
    BeforeHandler,
    /// Part way through the request body (a file upload): the console kept nothing.
    RequestBody,
    /// The console carried the request out; its answer was cut after the headers.
    ResponseBody,
}

/// One fault applied to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Latency(Duration),
    /// Access tokens revoked before handling.
    Revoke,
    /// An HTML error page replaced the answer; `handled` says whether the console carried the
    /// request out first.
    Error {
        status: u16,
        handled: bool,
    },
    Reset(ResetStage),
    /// The request was carried out; its body never came.
    Stall,
}

impl Fault {
    /// Whether the console carried the request out (its change happened) though the caller
    /// did not get its answer.
    pub fn handled_but_lost(&self) -> bool {
        matches!(
            self,
            Fault::Error { handled: true, .. }
                | Fault::Reset(ResetStage::ResponseBody)
                | Fault::Stall
        )
    }

    /// Whether the caller got no usable answer (an error page, a cut or a stall).
    pub fn answer_lost(&self) -> bool {
        matches!(self, Fault::Error { .. } | Fault::Reset(_) | Fault::Stall)
    }
}

/// A fault, and the request it hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRecord {
    pub method: String,
    /// The path as sent.
    pub path: String,
    pub fault: Fault,
}

/// A spec that cannot be used, with a message that names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpecError(pub String);

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultSpecError {}

const NAMES: &str =
    "latency, error, reset, stall, revoke, error_status, error_at, reset_at, seed, only";

impl FromStr for Faults {
    type Err = FaultSpecError;

    fn from_str(spec: &str) -> Result<Faults, FaultSpecError> {
        let mut faults = Faults::default();
        let bad = |m: String| Err(FaultSpecError(m));
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if pair.eq_ignore_ascii_case("none") {
                continue;
            }
            let Some((name, value)) = pair.split_once('=') else {
                return bad(format!(
                    "\"{pair}\" is not name=value (known names: {NAMES})"
                ));
            };
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            match name.as_str() {
                "latency" => faults.latency = duration(&name, value)?,
                "error" => faults.error = share(&name, value)?,
                "reset" => faults.reset = share(&name, value)?,
                "stall" => faults.stall = share(&name, value)?,
                "revoke" => faults.revoke = share(&name, value)?,
                "error_status" => faults.error_statuses = statuses(value)?,
                "error_at" => faults.error_at = Some(moment(&name, value, "after")?),
                "reset_at" => faults.reset_at = Some(moment(&name, value, "middle")?),
                "seed" => {
                    faults.seed = Some(value.parse().map_err(|_| {
                        FaultSpecError(format!("seed must be a whole number, got \"{value}\""))
                    })?)
                }
                "only" if !value.is_empty() => faults.only = Some(value.to_ascii_lowercase()),
                "only" => return bad("only needs a piece of path, e.g. only=/execute".into()),
                _ => return bad(format!("unknown fault \"{name}\" (known names: {NAMES})")),
            }
        }
        let exclusive = faults.error + faults.reset + faults.stall;
        if exclusive > 1.0 + 1e-9 {
            return bad(format!(
                "error, reset and stall exclude one another, so their shares must add up to at most 1 (they add up to {exclusive})"
            ));
        }
        Ok(faults)
    }
}

fn share(name: &str, value: &str) -> Result<f64, FaultSpecError> {
    let (number, scale) = match value.strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (value, 1.0),
    };
    let share = number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v / scale);
    match share {
        Some(s) if (0.0..=1.0).contains(&s) => Ok(s),
        Some(_) => Err(FaultSpecError(format!(
            "{name} is a share of requests from 0 to 1 (or 0% to 100%), got \"{value}\""
        ))),
        None => Err(FaultSpecError(format!(
            "{name} must be a number from 0 to 1 such as 0.05 (or 5%), got \"{value}\""
        ))),
    }
}

fn duration(name: &str, value: &str) -> Result<Duration, FaultSpecError> {
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let seconds = match unit.trim() {
        "ms" => 0.001,
        "s" => 1.0,
        "m" | "min" => 60.0,
        _ => {
            return Err(FaultSpecError(format!(
                "{name} needs a duration with a unit, such as 50ms, 2s or 1m; got \"{value}\""
            )))
        }
    };
    number
        .parse::<f64>()
        .ok()
        .and_then(|n| Duration::try_from_secs_f64(n * seconds).ok())
        .filter(|d| *d <= Duration::from_secs(3600))
        .ok_or_else(|| {
            FaultSpecError(format!(
                "{name} must be a duration up to an hour, such as 50ms or 2s; got \"{value}\""
            ))
        })
}

fn statuses(value: &str) -> Result<Vec<u16>, FaultSpecError> {
    value
        .split('/')
        .map(|s| match s.trim().parse::<u16>() {
            Ok(code) if PROXY_STATUSES.contains(&code) => Ok(code),
            _ => Err(FaultSpecError(format!(
                "error_status takes 500, 502, 503 or 504 (several joined by /), got \"{s}\""
            ))),
        })
        .collect()
}

fn moment(name: &str, value: &str, later: &str) -> Result<Moment, FaultSpecError> {
    match value.to_ascii_lowercase().as_str() {
        "before" | "start" => Ok(Moment::Before),
        v if v == later || v == "after" => Ok(Moment::After),
        _ => Err(FaultSpecError(format!(
            "{name} is \"before\" or \"{later}\", got \"{value}\""
        ))),
    }
}

/// The canonical spec text (what the CLI announces).
impl fmt::Display for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.latency.is_zero() {
            parts.push(format!("latency={}ms", self.latency.as_millis()));
        }
        for (name, share) in [
            ("error", self.error),
            ("reset", self.reset),
            ("stall", self.stall),
            ("revoke", self.revoke),
        ] {
            if share > 0.0 {
                parts.push(format!("{name}={share}"));
            }
        }
        if !self.error_statuses.is_empty() {
            let codes: Vec<String> = self.error_statuses.iter().map(u16::to_string).collect();
            parts.push(format!("error_status={}", codes.join("/")));
        }
        let at = |m: Moment, later: &str| match m {
            Moment::Before => "before".to_owned(),
            Moment::After => later.to_owned(),
        };
        if let Some(m) = self.error_at {
            parts.push(format!("error_at={}", at(m, "after")));
        }
        if let Some(m) = self.reset_at {
            parts.push(format!("reset_at={}", at(m, "middle")));
        }
        if let Some(seed) = self.seed {
            parts.push(format!("seed={seed}"));
        }
        if let Some(only) = &self.only {
            parts.push(format!("only={only}"));
        }
        if parts.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&parts.join(","))
        }
    }
}

impl Faults {
    /// Whether this spec injects anything at all.
    pub fn is_none(&self) -> bool {
        self.latency.is_zero()
            && self.error == 0.0
            && self.reset == 0.0
            && self.stall == 0.0
            && self.revoke == 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(spec: &str) -> String {
        spec.parse::<Faults>().unwrap_err().to_string()
    }

    #[test]
    fn the_issue_spec_parses_into_each_field() {
        let f: Faults = "latency=50ms, error=0.1,reset=0.05,stall=0.01,revoke=1%,seed=42"
            .parse()
            .unwrap();
        assert_eq!(f.latency, Duration::from_millis(50));
        assert_eq!(
            (f.error, f.reset, f.stall, f.revoke),
            (0.1, 0.05, 0.01, 0.01)
        );
        assert_eq!(f.seed, Some(42));
        assert!(!f.is_none());
    }

    #[test]
    fn durations_take_ms_s_and_minutes() {
        let secs = |spec: &str| spec.parse::<Faults>().unwrap().latency.as_secs_f64();
        assert_eq!(secs("latency=2s"), 2.0);
        assert_eq!(secs("latency=1.5s"), 1.5);
        assert_eq!(secs("latency=1m"), 60.0);
        assert_eq!(secs("latency=250ms"), 0.25);
        assert!(err("latency=50").contains("unit"), "{}", err("latency=50"));
        assert!(err("latency=fast").contains("\"fast\""));
        assert!(err("latency=2h").contains("unit"));
    }

    #[test]
    fn unknown_names_and_bad_values_are_named() {
        let e = err("error=0.1,nonsense=1");
        assert!(e.contains("unknown fault \"nonsense\""), "{e}");
        assert!(e.contains("latency, error, reset"), "{e}");
        assert!(err("error").contains("not name=value"));
        assert!(err("seed=x").contains("seed must be a whole number"));
        assert!(err("error_status=404").contains("500, 502, 503 or 504"));
        assert!(err("error_at=later").contains("\"before\" or \"after\""));
        assert!(err("only=").contains("only needs"));
    }

    #[test]
    fn shares_outside_zero_to_one_are_refused() {
        for spec in [
            "error=1.5",
            "reset=-0.1",
            "stall=120%",
            "revoke=NaN",
            "error=inf",
        ] {
            let e = err(spec);
            assert!(e.contains("0 to 1"), "{spec}: {e}");
        }
        assert_eq!("error=1".parse::<Faults>().unwrap().error, 1.0);
        assert_eq!("revoke=0".parse::<Faults>().unwrap().revoke, 0.0);
    }

    #[test]
    fn exclusive_shares_may_not_add_up_past_one() {
        let e = err("error=0.6,reset=0.3,stall=0.2");
        assert!(e.contains("at most 1"), "{e}");
        assert!("error=0.5,reset=0.5".parse::<Faults>().is_ok());
    }

    #[test]
    fn display_gives_back_an_equivalent_spec() {
        let spec = "latency=50ms,error=0.1,reset=0.05,error_status=502/503,error_at=after,reset_at=middle,seed=9,only=/execute";
        let f: Faults = spec.parse().unwrap();
        assert_eq!(f.to_string(), spec);
        assert_eq!(f.to_string().parse::<Faults>().unwrap(), f);
        assert_eq!(Faults::default().to_string(), "none");
        assert_eq!("".parse::<Faults>().unwrap(), Faults::default());
        assert_eq!("none".parse::<Faults>().unwrap(), Faults::default());
    }
}
