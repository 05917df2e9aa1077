//! The wire log (the CLI's `--debug`): one block per try of every request through THE sending
//! loop, so every console's client prints the same: method, URL, the request's headers, then
//! the status, the time the try took and the answer's headers. Bodies are never shown, and
//! every secret is redacted: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`,
//! any header or query parameter whose name speaks of a token, password, secret, key,
//! signature, credential, session or code, any header value carrying a bearer token, and the
//! password of a URL's user.
//!
//! Off unless a sink is set ([`set_sink`], [`print_to_stderr`]), once per process; when off,
//! the loop pays one atomic load per try and builds nothing.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::RequestBuilder;
use url::Url;

use crate::error::Error;

/// Where the blocks go: each call gets one whole block (several lines, no trailing newline).
pub type Sink = Box<dyn Fn(&str) + Send + Sync>;

static SINK: OnceLock<Sink> = OnceLock::new();

/// What stands in for a secret.
pub const REDACTED: &str = "<redacted>";

/// Turns the wire log on for the rest of the process, sending each block to `sink`. Answers
/// false (and changes nothing) when a sink was already set.
pub fn set_sink(sink: Sink) -> bool {
    SINK.set(sink).is_ok()
}

/// Turns the wire log on, each block written to stderr as one write.
pub fn print_to_stderr() {
    set_sink(Box::new(|block| {
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{block}");
    }));
}

pub(crate) fn on() -> bool {
    SINK.get().is_some()
}

/// Header names whose values are always secret.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Parts of a header or query parameter name that mark its value as secret.
const SECRET_WORDS: &[&str] = &[
    "token",
    "password",
    "passwd",
    "pwd",
    "secret",
    "key",
    "sig",
    "credential",
    "auth",
    "session",
    "cookie",
    "ticket",
    "code",
    "assertion",
];

fn secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_HEADERS.contains(&name.as_str()) || SECRET_WORDS.iter().any(|w| name.contains(w))
}

/// A URL as the log shows it: the password of its user and the value of every query
/// parameter whose name marks a secret replaced by [`REDACTED`].
pub fn redact_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some(REDACTED));
    }
    if shown.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if secret_name(&k) {
                    REDACTED.to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    // `<redacted>` is percent-encoded in a query; shown as written, it reads better.
    shown
        .as_str()
        .replace("%3Credacted%3E", REDACTED)
        .replace("%3credacted%3e", REDACTED)
}

/// A header's value as the log shows it.
pub fn redact_header(name: &str, value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    if secret_name(name) {
        return REDACTED.to_owned();
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("bearer ") || lower.contains("basic ") {
        return REDACTED.to_owned();
    }
    // A URL in a header (Location…) keeps its secrets out too.
    if let Ok(url) = Url::parse(text.trim()) {
        if url.has_host() {
            return redact_url(&url);
        }
    }
    text.into_owned()
}

fn header_lines(out: &mut String, mark: char, headers: &HeaderMap) {
    for (name, value) in headers {
        let shown = redact_header(name.as_str(), value.as_bytes());
        out.push_str(&format!("\n{mark} {name}: {shown}"));
    }
}

/// One try's request, as it left; [`Sent::finish`] logs it with what came back.
pub(crate) struct Sent {
    head: String,
    started: Instant,
}

impl Sent {
    /// The request `rb` will send (try `attempt`), when the wire log is on. The builder is
    /// copied (its body is in memory; a file body is attached after this), not consumed.
    pub(crate) fn capture(rb: &RequestBuilder, attempt: u32) -> Option<Sent> {
        if !on() {
            return None;
        }
        let started = Instant::now();
        let request = rb.try_clone()?.build().ok()?;
        let mut head = format!(
            "> {} {}{}",
            request.method(),
            redact_url(request.url()),
            if attempt > 1 {
                format!(" (try {attempt})")
            } else {
                String::new()
            }
        );
        header_lines(&mut head, '>', request.headers());
        Some(Sent { head, started })
    }

    /// Logs the request with its answer's status and headers (or why none came) and the time
    /// the try took.
    pub(crate) fn finish(self, outcome: Result<(u16, &HeaderMap), &Error>) {
        let Some(sink) = SINK.get() else {
            return;
        };
        let mut block = self.head;
        let took = ms(self.started.elapsed());
        match outcome {
            Ok((status, headers)) => {
                let reason = reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                block.push_str(&format!("\n< {status} {reason} in {took}"));
                header_lines(&mut block, '<', headers);
            }
            Err(e) => block.push_str(&format!("\n< no answer after {took}: {e}")),
        }
        sink(&block);
    }
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_query_parameters_and_user_passwords_are_redacted() {
        let url = Url::parse(
            "https://ann:hunter2@s.example/b/c?sv=2021&sig=SECRETSIG&access_token=T0K&page=2",
        )
        .unwrap();
        let shown = redact_url(&url);
        for secret in ["hunter2", "SECRETSIG", "T0K"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("sv=2021") && shown.contains("page=2"),
            "{shown}"
        );
        assert!(shown.contains("sig=<redacted>"), "{shown}");
        assert!(
            shown.starts_with("https://ann:<redacted>@s.example/b/c?"),
            "{shown}"
        );
        let plain = Url::parse("http://h:8080/api/x").unwrap();
        assert_eq!(redact_url(&plain), "http://h:8080/api/x");
    }

    #[test]
    fn secret_headers_are_redacted_and_others_shown() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "set-cookie",
            "X-Auth-Token",
            "x-api-key",
            "X-Password",
        ] {
            assert_eq!(redact_header(name, b"s3cret"), REDACTED, "{name}");
        }
        assert_eq!(redact_header("x-other", b"Bearer abc"), REDACTED);
        assert_eq!(
            redact_header("content-type", b"application/json"),
            "application/json"
        );
        let location = redact_header("location", b"http://h/x?token=abc&a=1");
        assert!(
            !location.contains("abc") && location.contains("a=1"),
            "{location}"
        );
    }

    #[tokio::test]
    async fn a_try_is_logged_with_method_url_status_and_headers_but_no_secret() {
        let blocks = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let keep = blocks.clone();
        // The sink is per process: this is the one test of this crate that sets it.
        assert!(set_sink(Box::new(move |b| keep
            .lock()
            .unwrap()
            .push(b.into()))));
        let client = reqwest::Client::new();
        let rb = client
            .post("http://127.0.0.1:9/connect/token?code=abc&x=1")
            .bearer_auth("TOKEN123")
            .header("CompanyId", "c1")
            .body("password=pw");
        let sent = Sent::capture(&rb, 2).expect("the log is on");
        let mut answer = HeaderMap::new();
        answer.insert("set-cookie", "sid=SESSION".parse().unwrap());
        answer.insert("content-type", "application/json".parse().unwrap());
        sent.finish(Ok((201, &answer)));
        let block = blocks.lock().unwrap().join("\n");
        assert!(
            block
                .starts_with("> POST http://127.0.0.1:9/connect/token?code=<redacted>&x=1 (try 2)"),
            "{block}"
        );
        assert!(block.contains("> companyid: c1"), "{block}");
        assert!(block.contains("> authorization: <redacted>"), "{block}");
        assert!(block.contains("< 201 Created in "), "{block}");
        assert!(
            block.contains("< content-type: application/json"),
            "{block}"
        );
        for secret in ["TOKEN123", "SESSION", "abc", "pw"] {
            assert!(!block.contains(secret), "{secret} in {block}");
        }
    }
}
