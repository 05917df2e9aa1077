//! THE sending loop, the one place every call of every console goes through: it tries a call
//! as often as the call's [`Resend`] allows, decides which failures are passing, and turns
//! what came back into an [`Answer`] or an [`Error`], an unknown outcome for a change whose
//! answer was lost.

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::header::CONTENT_LENGTH;

use crate::call::{Body, Call, Resend};
use crate::config::HttpConfig;
use crate::download::{download_once, part_path, Downloaded, Limits, PartFile};
use crate::error::{Error, Result};
use crate::error_text::{graphql_errors, is_gateway_page, ErrorDialect};
use crate::proxy::Clients;
use crate::transport::{send_once, Answer, Transport};
use crate::upload::{self, FileBody, NoAnswer};
use crate::wire_log;

/// A console's HTTP client: reqwest built from an [`HttpConfig`] (a direct client for
/// loopback addresses, one through the proxy choice for the others), plus the console's own
/// reading of error bodies. Cheap to share behind an `Arc`; one per signed-in console.
pub struct Http {
    clients: Clients,
    config: HttpConfig,
    dialect: Option<ErrorDialect>,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Http {
    /// Builds the client for the console at `address` (named in warnings and errors). A
    /// proxy choice that cannot be used is refused here, naming the field `proxy`.
    pub fn new(config: HttpConfig, address: &str) -> Result<Http> {
        Ok(Http {
            clients: Clients::new(&config, address)?,
            config,
            dialect: None,
        })
    }

    /// Reads this console's error bodies with `dialect` before the common dialects.
    pub fn with_error_dialect(mut self, dialect: ErrorDialect) -> Self {
        self.dialect = Some(dialect);
        self
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// Sends `call` (with `bearer` as its token when given) and answers its 2xx answer.
    ///
    /// The retry rule: a call that may be resent ([`Resend::Read`], [`Resend::Idempotent`])
    /// is tried up to `max_tries` times, pausing longer each time, after a connect error, a
    /// connection cut before the whole answer came, a 502/503/504, or a 500 that is a
    /// gateway's page rather than the console's own JSON error. A timeout has used the time
    /// allowed and an untrusted certificate stays untrusted: neither is retried. A
    /// [`Resend::Never`] call is sent once; when it may have reached the console but its
    /// answer was lost (cut, timed out, a gateway's page instead) it is an unknown outcome
    /// carrying the call's advice. A file body is always sent once.
    pub async fn send(&self, call: &Call<'_>, bearer: Option<&str>) -> Result<Answer> {
        if let Body::File(file) = &call.body {
            return self.send_file(call, bearer, file).await;
        }
        let wait = self.config.request_timeout;
        self.send_with(call, bearer, |rb| send_once(rb.timeout(wait)))
            .await
    }

    /// Sends `call` like [`Http::send`], under the same retry rule, and streams a 2xx
    /// answer's body to the file `to` instead of into memory: each try writes `to` + `.part`
    /// afresh (a try cut part way starts it over when the call may be resent), and
    /// only a whole body is renamed onto `to`. On any error, or when the future is dropped,
    /// neither a `.part` nor a new `to` is left (a file already at `to` stays as it was).
    /// The request timeout covers the wait for the answer to start; then the body may take
    /// as long as it takes while it keeps coming: a body that brings nothing for
    /// `upload_stall_timeout` is abandoned as stalled (a timeout, not tried again).
    pub async fn download(
        &self,
        call: &Call<'_>,
        bearer: Option<&str>,
        to: &Path,
    ) -> Result<Downloaded> {
        if matches!(call.body, Body::File(_)) {
            return Err(Error::InvalidInput {
                message: "a download cannot send a file body".into(),
                field: None,
            });
        }
        let part = PartFile::new(to);
        let part_path = part_path(to);
        let limits = Limits {
            answer: self.config.request_timeout,
            stall: self.config.upload_stall_timeout,
        };
        let answer = self
            .send_with(call, bearer, |rb| {
                download_once(rb, &part_path, call.path(), limits)
            })
            .await?;
        let bytes = part.finish(to).await?;
        Ok(Downloaded {
            status: answer.status,
            headers: answer.headers,
            bytes,
        })
    }

    /// THE loop: `once` makes one try of the request it is given (and sets its time limits).
    async fn send_with<F, Fut>(
        &self,
        call: &Call<'_>,
        bearer: Option<&str>,
        once: F,
    ) -> Result<Answer>
    where
        F: Fn(reqwest::RequestBuilder) -> Fut,
        Fut: Future<Output = std::result::Result<Answer, Transport>>,
    {
        let started = Instant::now();
        let tries = if call.resend.may_resend() {
            self.config.max_tries.max(1)
        } else {
            1
        };
        let client = self.clients.for_url(&self.config, &call.url)?;
        let mut pause = self.config.retry_backoff;
        let mut attempt = 1;
        let outcome = loop {
            let rb = call.request(client, bearer);
            let logged = wire_log::Sent::capture(&rb, attempt);
            let outcome = once(rb).await;
            if let Some(logged) = logged {
                logged.finish(
                    outcome
                        .as_ref()
                        .map(|a| (a.status, &a.headers))
                        .map_err(|t| &t.error),
                );
            }
            let again = attempt < tries
                && match &outcome {
                    Ok(answer) => is_passing(answer),
                    Err(t) => t.passing(),
                };
            if !again {
                break outcome;
            }
            tracing::debug!(
                attempt,
                path = call.path(),
                "retrying after a passing failure"
            );
            tokio::time::sleep(pause).await;
            pause = pause.saturating_mul(2).min(Duration::from_secs(5));
            attempt += 1;
        };
        let status = outcome.as_ref().map_or(0, |a| a.status);
        tracing::debug!(method = %call.method, path = call.path(), status, attempt,
            ms = started.elapsed().as_millis() as u64, "console call");
        match outcome {
            Ok(answer) => self.judge(call, answer, true),
            Err(t) => Err(self.lost(call, t)),
        }
    }

    fn lost(&self, call: &Call<'_>, t: Transport) -> Error {
        if call.resend == Resend::Never && t.maybe_delivered() {
            call.unknown(format!("its answer was lost ({})", t.error), None)
        } else {
            t.error
        }
    }

    /// A 2xx is the answer (unless a GraphQL answer carries `errors`); anything else is the
    /// console's refusal, or, for a change that reached it, a gateway's page that hides
    /// whether the console acted.
    fn judge(&self, call: &Call<'_>, answer: Answer, delivered: bool) -> Result<Answer> {
        if call.every_status {
            return Ok(answer);
        }
        if answer.is_success() {
            if call.errors_in_200 {
                if let Some(err) = graphql_errors(answer.status, &answer.body) {
                    return Err(err);
                }
            }
            return Ok(answer);
        }
        let content_type = answer.content_type();
        let err =
            Error::from_response_with(answer.status, content_type, &answer.body, self.dialect);
        if call.resend == Resend::Never
            && delivered
            && is_gateway_page(answer.status, content_type, &answer.body)
        {
            let cause = format!("a proxy answered in its place ({err})");
            return Err(call.unknown(cause, Some(answer.status)));
        }
        Err(err)
    }

    async fn send_file(
        &self,
        call: &Call<'_>,
        bearer: Option<&str>,
        file: &FileBody,
    ) -> Result<Answer> {
        let started = Instant::now();
        let client = self.clients.for_url(&self.config, &call.url)?;
        let (body, meter) = upload::open(file).await?;
        let rb = call
            .request(client, bearer)
            .header(CONTENT_LENGTH, meter.total);
        let logged = wire_log::Sent::capture(&rb, 1);
        let rb = rb.body(body);
        let stall = self.config.upload_stall_timeout;
        let answer_wait = self.config.request_timeout;
        let outcome = upload::send_metered(rb, &meter, &file.cancel, stall, answer_wait).await;
        if let Some(logged) = logged {
            logged.finish(
                outcome
                    .as_ref()
                    .map(|a| (a.status, &a.headers))
                    .map_err(|n| &n.error),
            );
        }
        tracing::debug!(method = %call.method, path = call.path(), sent = meter.sent(),
            total = meter.total, ms = started.elapsed().as_millis() as u64, "file sent");
        match outcome {
            Ok(answer) => {
                let all_sent = meter.sent() >= meter.total;
                self.judge(call, answer, all_sent)
            }
            Err(NoAnswer {
                error,
                delivered: true,
            }) if call.resend == Resend::Never => {
                Err(call.unknown(format!("its answer was lost ({error})"), None))
            }
            Err(NoAnswer { error, .. }) => Err(error),
        }
    }
}

/// An answer worth trying again for: a gateway's failure, not the console's own.
fn is_passing(answer: &Answer) -> bool {
    match answer.status {
        502..=504 => true,
        500 => is_gateway_page(500, answer.content_type(), &answer.body),
        _ => false,
    }
}
