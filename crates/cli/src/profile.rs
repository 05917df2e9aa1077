//! `--profile NAME` and `profiles list`: the ConsoleDesk app's profiles, read from its profiles
//! file (`desk_core::places::profiles_path()`, under CONSOLE_DESK_CONFIG_DIR when set) with the
//! passwords the app remembers in the OS keyring (`desk_core::Secrets` under
//! `places::keyring_service()`). The CLI only reads them: it never writes the file or the
//! keyring, and never uses the app's refresh token (it signs in with the password).
//!
//! A profile fills in what the command line leaves out: the console's addresses, the user, the
//! proxy (with the proxy's remembered password), the CA certificate, the last company and
//! department (Encoo) or project (FlexModel). A flag given beside `--profile` wins over the
//! profile's value.

use desk_core::{
    places, ConsoleKind, ConsoleProfile, Profile, ProfileStore, ProxySetting, SecretKind, Secrets,
};
use serde::Serialize;

use crate::args::Global;
use crate::error::{CliError, CliResult};
use crate::output::{emit, opt, table};

/// What a profile brings that has no flag: the secrets the keyring keeps for it, and its
/// certificate opt-out.
#[derive(Default)]
pub struct FromProfile {
    /// The profile's name, for messages.
    pub name: String,
    /// The user the remembered password belongs to, and the password.
    pub password: Option<(String, String)>,
    /// The proxy's remembered password, when the profile's proxy is the one used.
    pub proxy_password: Option<String>,
    /// The profile accepts any certificate (a loud opt-in of the app's profile form).
    pub accept_invalid_certificates: bool,
}

impl std::fmt::Debug for FromProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FromProfile")
            .field("name", &self.name)
            .field("has_password", &self.password.is_some())
            .field("has_proxy_password", &self.proxy_password.is_some())
            .finish_non_exhaustive()
    }
}

/// The app's profiles file, opened for reading (the built-in sandboxes are always there).
fn store() -> CliResult<ProfileStore> {
    let path = places::profiles_path().ok_or_else(|| {
        CliError::usage(
            "this system names no configuration folder for the app's profiles \
             (set CONSOLE_DESK_CONFIG_DIR)",
        )
    })?;
    ProfileStore::open(&path).map_err(|e| CliError::Failed(e.to_string()))
}

fn secrets() -> Secrets {
    Secrets::new(places::keyring_service())
}

/// The profile called `wanted`: by name (case-sensitive), else by id. A name no profile has,
/// or that more than one has, is a usage error listing the names.
fn find<'a>(store: &'a ProfileStore, wanted: &str) -> CliResult<&'a Profile> {
    let named: Vec<&Profile> = store.list().iter().filter(|p| p.name == wanted).collect();
    let names = || {
        store
            .list()
            .iter()
            .map(|p| format!("\"{}\" (id {})", p.name, p.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match named.as_slice() {
        [one] => Ok(one),
        [] => store.get(wanted).ok_or_else(|| {
            CliError::usage(format!(
                "no profile is named \"{wanted}\"; the profiles are: {}",
                names()
            ))
        }),
        _ => Err(CliError::usage(format!(
            "{} profiles are named \"{wanted}\": give one's id instead; the profiles are: {}",
            named.len(),
            names()
        ))),
    }
}

/// Fills `global` in from `--profile` (if given) for a command of the `kind` console; `url` and
/// `project` are FlexModel's own options. Flags already given are kept.
pub fn apply(
    global: &mut Global,
    kind: ConsoleKind,
    url: Option<&mut Option<String>>,
    project: Option<&mut Option<String>>,
) -> CliResult {
    let Some(wanted) = global.profile.clone() else {
        return Ok(());
    };
    let store = store()?;
    let profile = find(&store, &wanted)?;
    let group = match kind {
        ConsoleKind::Encoo => "encoo",
        ConsoleKind::Flexmodel => "flexmodel",
    };
    if profile.kind() != kind {
        let other = match profile.kind() {
            ConsoleKind::Encoo => "encoo",
            ConsoleKind::Flexmodel => "flexmodel",
        };
        return Err(CliError::usage(format!(
            "the profile \"{}\" is a {} profile, not a {} one: use it with \
             `console-desk-cli --profile \"{}\" {other} …`",
            profile.name,
            profile.kind().title(),
            kind.title(),
            profile.name,
        )));
    }
    if profile.is_sandbox() {
        return Err(CliError::usage(format!(
            "the profile \"{}\" is the {} sandbox inside the ConsoleDesk app: its console runs \
             only while the app does, at an address of its own. Start a sandbox for the CLI with \
             `console-desk-cli {group} sandbox` and use the address it prints",
            profile.name,
            kind.title(),
        )));
    }
    let mut extras = FromProfile {
        name: profile.name.clone(),
        accept_invalid_certificates: profile.accept_invalid_certificates,
        ..FromProfile::default()
    };
    match (&profile.console, url) {
        (ConsoleProfile::Encoo(e), _) => {
            if global.console.is_none() && global.sso_url.is_none() && global.api_url.is_none() {
                if e.sso_url == e.api_url {
                    global.console = Some(e.sso_url.clone());
                } else {
                    global.sso_url = Some(e.sso_url.clone());
                    global.api_url = Some(e.api_url.clone());
                }
            }
            if global.company.is_none() && global.department.is_none() {
                global.company = e.last_company_id.clone();
                global.department = e
                    .last_department_id
                    .clone()
                    .filter(|_| global.company.is_some());
            }
        }
        (ConsoleProfile::Flexmodel(f), url) => {
            if let Some(url) = url.filter(|u| u.is_none()) {
                *url = Some(f.url.clone());
            }
            if let Some(project) = project.filter(|p| p.is_none()) {
                *project = f.last_project_id.clone();
            }
        }
    }
    if global.ca_cert.is_none() {
        global.ca_cert = profile.ca_certificate.clone();
    }
    let secrets = secrets();
    let read = |what: SecretKind| match secrets.get(&profile.id, what) {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(
                "cannot read the keyring for profile \"{}\": {e}",
                profile.name
            );
            eprintln!(
                "warning: cannot read the OS keyring for the profile \"{}\" ({e}); \
                 the password comes from CONSOLE_DESK_PASSWORD or a prompt",
                profile.name
            );
            None
        }
    };
    if global.proxy.is_none() {
        global.proxy = Some(proxy_text(&profile.proxy));
        if matches!(&profile.proxy, ProxySetting::Url { username: Some(u), .. } if !u.trim().is_empty())
        {
            extras.proxy_password = read(SecretKind::ProxyPassword);
        }
    }
    let username = profile.username.trim().to_owned();
    if global.username.is_none() && !username.is_empty() {
        global.username = Some(username.clone());
    }
    // The remembered password is the profile's user's: not for a user given by flag.
    if global.username.as_deref().map(str::trim) == Some(username.as_str()) {
        extras.password = read(SecretKind::Password).map(|p| (username, p));
    }
    global.from_profile = Some(extras);
    Ok(())
}

/// The profile's proxy as `--proxy` takes it (`system`, `none`, or the URL with its user).
fn proxy_text(setting: &ProxySetting) -> String {
    match setting {
        ProxySetting::System => "system".into(),
        ProxySetting::None => "none".into(),
        ProxySetting::Url { url, username } => {
            match username.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                None => url.trim().to_owned(),
                Some(user) => {
                    let url = url.trim();
                    let user = percent_encode_user(user);
                    match url.split_once("://") {
                        Some((scheme, rest)) => format!("{scheme}://{user}@{rest}"),
                        None => format!("{user}@{url}"),
                    }
                }
            }
        }
    }
}

/// A proxy user name as it goes before `@` in a URL.
fn percent_encode_user(user: &str) -> String {
    let mut out = String::new();
    for b in user.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One profile as `profiles list --json` shows it (never a secret).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    id: String,
    name: String,
    kind: ConsoleKind,
    /// The console's address (Encoo: SSO and API when they differ); none for the sandboxes.
    console: Option<String>,
    api_url: Option<String>,
    username: String,
    /// Whether the keyring holds a password for it; null when the keyring cannot be read.
    remembered_password: Option<bool>,
    active: bool,
}

/// `profiles list`.
pub fn list(json: bool) -> CliResult {
    let store = store()?;
    let secrets = secrets();
    let active = store.active().id.clone();
    let mut keyring_error = None;
    let listed: Vec<Listed> = store
        .list()
        .iter()
        .map(|p| {
            let (console, api_url) = match &p.console {
                _ if p.is_sandbox() => (None, None),
                ConsoleProfile::Encoo(e) if e.sso_url == e.api_url => {
                    (Some(e.sso_url.clone()), None)
                }
                ConsoleProfile::Encoo(e) => (Some(e.sso_url.clone()), Some(e.api_url.clone())),
                ConsoleProfile::Flexmodel(f) => (Some(f.url.clone()), None),
            };
            let remembered_password = if p.is_sandbox() {
                Some(false)
            } else {
                match secrets.get(&p.id, SecretKind::Password) {
                    Ok(found) => Some(found.is_some()),
                    Err(e) => {
                        keyring_error.get_or_insert(e.to_string());
                        None
                    }
                }
            };
            Listed {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind(),
                console,
                api_url,
                username: p.username.clone(),
                remembered_password,
                active: p.id == active,
            }
        })
        .collect();
    if let Some(e) = keyring_error {
        eprintln!("warning: cannot read the OS keyring ({e}): \"Password\" shows ? for unknown");
    }
    emit(json, &listed, |listed| {
        table(
            &[
                "Active", "Name", "Kind", "Console", "User", "Password", "Id",
            ],
            listed.iter().map(|p| {
                let console = match (&p.console, &p.api_url) {
                    (None, _) => "(inside the app)".to_owned(),
                    (Some(c), None) => c.clone(),
                    (Some(sso), Some(api)) => format!("{sso} (API {api})"),
                };
                vec![
                    if p.active { "*" } else { "" }.to_owned(),
                    p.name.clone(),
                    p.kind.title().to_owned(),
                    console,
                    p.username.clone(),
                    match p.remembered_password {
                        Some(true) => "yes".to_owned(),
                        Some(false) => "no".to_owned(),
                        None => "?".to_owned(),
                    },
                    opt(&Some(&p.id)),
                ]
            }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_with_a_user_keeps_the_user_in_the_url() {
        let setting = ProxySetting::Url {
            url: "http://proxy.corp:3128".into(),
            username: Some("ann lee".into()),
        };
        assert_eq!(proxy_text(&setting), "http://ann%20lee@proxy.corp:3128");
        assert_eq!(proxy_text(&ProxySetting::None), "none");
        assert_eq!(proxy_text(&ProxySetting::System), "system");
    }
}
