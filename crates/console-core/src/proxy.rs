//! Which proxy a console's requests go through, and the rule every choice keeps: an address on
//! loopback (the app's embedded sandbox, a local tunnel) is always reached directly. Each
//! console gets two reqwest clients, one direct and one through the chosen proxy, and every
//! request takes the one its own URL calls for.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use reqwest::ClientBuilder;
use url::{Host, Url};

use crate::config::{build_client, HttpConfig};
use crate::error::{Error, Result};

/// The field a refused proxy choice names.
const FIELD: &str = "proxy";

/// Which proxy requests go through. Whatever the choice, a request to a loopback address
/// (127.0.0.0/8, `::1`, `localhost`) goes direct: see [`is_loopback_url`].
///
/// As text (`Display`, [`Proxy::parse`]): `system`, `none`, or the proxy's URL with the user
/// name in it (`http://alice@proxy.corp:3128`); never the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Proxy {
    /// What the machine says, as reqwest reads it when the client is built. First the
    /// environment: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, each upper case
    /// or else lower case (credentials in their URLs are used; none of them counts when
    /// `REQUEST_METHOD` is set, as in a CGI script). Then, for what the environment leaves
    /// unset: on macOS the network settings' HTTP and HTTPS proxies (host and port; not their
    /// exceptions, PAC files or auto-discovery); on Windows the Internet Options proxy server
    /// when enabled, and its exceptions when `NO_PROXY` is unset (a per-protocol
    /// `http=…;https=…` server list, PAC scripts and WPAD are not read). Elsewhere (Linux):
    /// the environment only.
    #[default]
    System,
    /// Connect to every console directly, whatever the environment says.
    None,
    /// Every request that is not to loopback goes through this proxy, whatever the
    /// environment says (`NO_PROXY` included): an http console's requests in absolute form,
    /// an https console's through a `CONNECT` tunnel.
    Url {
        /// `http://` or `https://`, a host and maybe a port; no credentials in it.
        url: String,
        /// Basic credentials for the proxy, when it asks for them.
        username: Option<String>,
        /// Given by the caller (from the keyring, the environment…); never stored here.
        password: Option<String>,
    },
}

impl Proxy {
    /// A choice as a person writes it: `system`, `none`, or a proxy URL (`http://` or
    /// `https://`) that may name the user (`http://alice@proxy.corp:3128`: the user becomes
    /// `username`) but not the password, which is given apart from the text.
    pub fn parse(text: &str) -> Result<Proxy> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("system") {
            return Ok(Proxy::System);
        }
        if text.eq_ignore_ascii_case("none") {
            return Ok(Proxy::None);
        }
        let url = proxy_url(text)?;
        if url.password().is_some() {
            return Err(invalid(
                "the proxy URL cannot hold the password: give the password on its own",
            ));
        }
        let username = match url.username() {
            "" => None,
            user => Some(decoded(user)?),
        };
        let proxy = Proxy::Url {
            url: origin(&url),
            username,
            password: None,
        };
        proxy.check()?;
        Ok(proxy)
    }

    /// Refuses a proxy that cannot be used: a URL that is not `http://` or `https://`, names
    /// no host, or holds credentials (they go in `username` and `password`); a user name with
    /// a `:`; a password without a user name. The error names the field `proxy`.
    pub fn check(&self) -> Result<()> {
        let Proxy::Url {
            url,
            username,
            password,
        } = self
        else {
            return Ok(());
        };
        let parsed = proxy_url(url)?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid(
                "the proxy URL cannot hold a user name or password: give them on their own",
            ));
        }
        match (username, password) {
            (Some(user), _) if user.contains(':') => {
                Err(invalid("the proxy user name cannot contain ':'"))
            }
            (None, Some(_)) => Err(invalid("a proxy password needs a proxy user name")),
            _ => Ok(()),
        }
    }

    /// The builder of the client that goes through this proxy.
    fn through(&self, builder: ClientBuilder) -> Result<ClientBuilder> {
        Ok(match self {
            // reqwest reads the environment and the OS itself when no proxy is given.
            Proxy::System => builder,
            Proxy::None => builder.no_proxy(),
            Proxy::Url {
                url,
                username,
                password,
            } => {
                let mut proxy = reqwest::Proxy::all(url.as_str())
                    .map_err(|e| invalid(format!("the proxy URL cannot be used: {e}")))?;
                if let Some(user) = username {
                    proxy = proxy.basic_auth(user, password.as_deref().unwrap_or_default());
                }
                builder.proxy(proxy)
            }
        })
    }
}

impl FromStr for Proxy {
    type Err = Error;
    fn from_str(text: &str) -> Result<Proxy> {
        Proxy::parse(text)
    }
}

/// The text [`Proxy::parse`] reads back (without the password).
impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proxy::System => f.write_str("system"),
            Proxy::None => f.write_str("none"),
            Proxy::Url { url, username, .. } => {
                let with_user = username.as_deref().and_then(|user| {
                    let mut parsed = Url::parse(url).ok()?;
                    parsed.set_username(user).ok()?;
                    Some(origin_with_user(&parsed))
                });
                f.write_str(&with_user.unwrap_or_else(|| redacted(url)))
            }
        }
    }
}

/// Shows whether there is a password, never the password.
impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proxy::System => f.write_str("System"),
            Proxy::None => f.write_str("None"),
            Proxy::Url {
                url,
                username,
                password,
            } => f
                .debug_struct("Url")
                .field("url", &redacted(url))
                .field("username", username)
                .field("has_password", &password.is_some())
                .finish(),
        }
    }
}

/// Whether `url` is on a loopback address (127.0.0.0/8, `::1`, `localhost`): such a request
/// never goes through a proxy, whatever the [`Proxy`] choice.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = Url::parse(url) else {
        return false;
    };
    match url.host() {
        Some(Host::Domain(name)) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.eq_ignore_ascii_case("localhost")
        }
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// How a request leaves: straight to the console, or through the proxy choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Direct,
    Proxied,
}

impl Route {
    pub fn of(proxy: &Proxy, url: &str) -> Route {
        if *proxy == Proxy::None || is_loopback_url(url) {
            Route::Direct
        } else {
            Route::Proxied
        }
    }
}

/// A console's two reqwest clients. The one its own address takes is built at once (so a bad
/// certificate or proxy is refused up front); the other when a request first needs it.
pub(crate) struct Clients {
    direct: OnceLock<reqwest::Client>,
    proxied: OnceLock<reqwest::Client>,
}

impl Clients {
    pub fn new(config: &HttpConfig, address: &str) -> Result<Clients> {
        config.proxy.check()?;
        if config.accept_invalid_certificates {
            tracing::warn!(
                api = %address,
                "certificate checks are OFF for this console: anyone on the network path can read and change its traffic"
            );
        }
        let clients = Clients {
            direct: OnceLock::new(),
            proxied: OnceLock::new(),
        };
        clients.for_url(config, address)?;
        Ok(clients)
    }

    /// The client a request to `url` goes out on.
    pub fn for_url(&self, config: &HttpConfig, url: &str) -> Result<&reqwest::Client> {
        let route = Route::of(&config.proxy, url);
        let slot = match route {
            Route::Direct => &self.direct,
            Route::Proxied => &self.proxied,
        };
        if let Some(client) = slot.get() {
            return Ok(client);
        }
        let builder = match route {
            Route::Direct => Proxy::None.through(reqwest::Client::builder())?,
            Route::Proxied => config.proxy.through(reqwest::Client::builder())?,
        };
        let built = build_client(config, builder, url)?;
        Ok(slot.get_or_init(|| built))
    }
}

/// `text` read as a proxy URL: http(s) with a host.
fn proxy_url(text: &str) -> Result<Url> {
    if !text.contains("://") {
        return Err(invalid(
            "the proxy must be system, none, or a URL that starts with http:// or https:// \
             (http://proxy.example:3128, say)",
        ));
    }
    let url =
        Url::parse(text).map_err(|e| invalid(format!("the proxy URL cannot be read: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "the proxy URL must start with http:// or https://, not {}://",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the proxy URL names no host"));
    }
    Ok(url)
}

/// `scheme://host[:port]`.
fn origin(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
        (Some(host), None) => format!("{}://{host}", url.scheme()),
        _ => url.to_string(),
    }
}

/// `scheme://user@host[:port]`.
fn origin_with_user(url: &Url) -> String {
    let plain = origin(url);
    match plain.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}@{rest}", url.username()),
        None => plain,
    }
}

/// `text` with any password in it hidden: read as text, not as a URL, so that even what is
/// no URL at all (`alice:secret@proxy:3128`) never shows its password.
fn redacted(text: &str) -> String {
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), text),
    };
    // The last `@` ends the credentials even when the password holds `/`, `?` or `@`.
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}{user}:***@{host}"),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

/// A user name as the URL keeps it (`CORP%5Calice`), unescaped (`CORP\alice`).
fn decoded(user: &str) -> Result<String> {
    let text = percent_encoding::percent_decode_str(user).decode_utf8();
    let text = text.map_err(|_| invalid("the proxy user name is not valid UTF-8"))?;
    Ok(text.into_owned())
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid(FIELD, message)
}

#[cfg(test)]
mod tests;
