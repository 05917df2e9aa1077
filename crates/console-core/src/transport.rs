//! One request on the wire and what became of it: an [`Answer`] (status, headers, body), or
//! a failure that says how far the request got, in words a person understands.

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::RequestBuilder;

use crate::error::Error;

/// A console's answer: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A request that got no answer, and how far it got.
pub(crate) struct Transport {
    pub error: Error,
    /// The connection could not be opened: nothing reached the console.
    pub connect: bool,
    /// The time allowed ran out.
    pub timeout: bool,
    /// The server's certificate is not trusted: trying again cannot help.
    pub untrusted: bool,
    /// The failure was on this machine (writing a download's file): trying again cannot help.
    pub local: bool,
}

impl Transport {
    /// Whether the request may have reached the console though its answer did not come back
    /// (a cut connection, a cut body, a timeout once connected).
    pub fn maybe_delivered(&self) -> bool {
        !self.connect
    }

    /// Whether trying again may help: not an untrusted certificate, not a timeout that has
    /// already used the time allowed (a connect timeout has not).
    pub fn passing(&self) -> bool {
        !self.untrusted && !self.local && (self.connect || !self.timeout)
    }
}

pub(crate) async fn send_once(rb: RequestBuilder) -> Result<Answer, Transport> {
    let mut resp = rb.send().await.map_err(transport)?;
    let status = resp.status().as_u16();
    let headers = std::mem::take(resp.headers_mut());
    let body = resp.bytes().await.map_err(transport)?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

pub(crate) fn transport(e: reqwest::Error) -> Transport {
    Transport {
        connect: e.is_connect(),
        timeout: e.is_timeout(),
        untrusted: is_untrusted(&error_chain(&e)),
        local: false,
        error: map_reqwest(e),
    }
}

/// Words a person understands for a transport failure. URLs lose their query string, which
/// for a pre-signed upload URL is a credential.
pub(crate) fn map_reqwest(e: reqwest::Error) -> Error {
    let url = e
        .url()
        .map(|u| format!("{}://{}{}", u.scheme(), u.authority(), u.path()))
        .unwrap_or_default();
    let timeout = e.is_timeout();
    let chain = error_chain(&e.without_url());
    if timeout {
        return Error::Timeout(format!("{url} did not answer in time"));
    }
    let lower = chain.to_ascii_lowercase();
    let message = if is_untrusted(&chain) {
        format!("the server's certificate is not trusted ({chain}); add its CA certificate to the profile")
    } else if lower.contains("connection refused") {
        "connection refused: is the address and port right, and is the console running?".into()
    } else if lower.contains("dns") || lower.contains("failed to lookup") {
        format!("the host name could not be resolved ({chain})")
    } else {
        chain
    };
    Error::Network { url, message }
}

/// Whether an error chain says the server's certificate was refused.
fn is_untrusted(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    lower.contains("certificate") || lower.contains("unknownissuer")
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
