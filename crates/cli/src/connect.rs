//! From the global options to a signed-in client scoped to a company and department: which
//! addresses, which proxy, which passwords (environment or prompt, never a flag), which scope.

use std::io::IsTerminal;

use console_core::Proxy;
use encoo_api::{Client, ClientConfig};

use crate::args::Global;
use crate::error::{CliError, CliResult};

/// Where the password comes from when there is no prompt.
pub const PASSWORD_ENV: &str = "CONSOLE_DESK_PASSWORD";
/// Where the proxy's password comes from, when `--proxy` names a user, if not from a prompt.
pub const PROXY_PASSWORD_ENV: &str = "CONSOLE_DESK_PROXY_PASSWORD";

/// The console's addresses from `--console`, or `--sso-url` with `--api-url`; its CA; its
/// proxy, with the proxy's password when `--proxy` names a user.
fn config(global: &Global) -> CliResult<ClientConfig> {
    let mut config =
        match (&global.sso_url, &global.api_url) {
            (Some(sso), Some(api)) => ClientConfig::new(sso.as_str(), api.as_str()),
            (Some(_), None) | (None, Some(_)) => {
                return Err(CliError::usage(
                    "--sso-url and --api-url go together: give both, or --console for a console \
                 serving both at one address",
                ))
            }
            (None, None) => match &global.console {
                Some(url) => ClientConfig::single(url.as_str()),
                None => return Err(CliError::usage(
                    "which console? give --console URL (or CONSOLE_DESK_CONSOLE), or --sso-url \
                     and --api-url, or --profile NAME",
                )),
            },
        };
    for url in [&config.sso_url, &config.api_url] {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(CliError::usage(format!(
                "the console address \"{url}\" must start with http:// or https://"
            )));
        }
    }
    if let Some(path) = &global.ca_cert {
        let pem = std::fs::read(path).map_err(|e| {
            CliError::usage(format!(
                "cannot read the CA certificate {}: {e}",
                path.display()
            ))
        })?;
        config.ca_certificate_pem = Some(pem);
    }
    config.proxy = proxy(global)?;
    config.accept_invalid_certificates = accepts_any_certificate(global);
    Ok(config)
}

/// The proxy `--proxy` (or the profile) chose, with its password when it names a user: the
/// profile's remembered one, else CONSOLE_DESK_PROXY_PASSWORD or a prompt.
pub(crate) fn proxy(global: &Global) -> CliResult<Proxy> {
    let mut proxy = proxy_choice(global)?;
    if let Proxy::Url {
        username: Some(user),
        password,
        ..
    } = &mut proxy
    {
        let remembered = global
            .from_profile
            .as_ref()
            .and_then(|p| p.proxy_password.clone());
        *password = Some(match remembered {
            Some(p) => p,
            None => {
                let prompt = format!("Proxy password for {user}: ");
                secret(PROXY_PASSWORD_ENV, "proxy password", prompt)?
            }
        });
    }
    Ok(proxy)
}

/// Whether the profile opted in to accepting any certificate (said on stderr each time).
pub(crate) fn accepts_any_certificate(global: &Global) -> bool {
    let Some(profile) = global
        .from_profile
        .as_ref()
        .filter(|p| p.accept_invalid_certificates)
    else {
        return false;
    };
    eprintln!(
        "warning: the profile \"{}\" accepts any certificate: the console's identity is not \
         checked",
        profile.name
    );
    true
}

/// `--proxy` read and checked (a usage error when it cannot be used), without its password.
pub fn proxy_choice(global: &Global) -> CliResult<Proxy> {
    Proxy::parse(global.proxy.as_deref().unwrap_or("system"))
        .map_err(|e| CliError::usage(format!("--proxy: {e}")))
}

/// The user to sign in as (`--username`, or the profile's), and the password: the one the
/// profile remembers for that user, else CONSOLE_DESK_PASSWORD, else a prompt.
pub(crate) fn credentials(global: &Global) -> CliResult<(String, String)> {
    let username = match global.username.as_deref().map(str::trim) {
        Some(u) if !u.is_empty() => u.to_owned(),
        _ => {
            return Err(CliError::usage(
                "who signs in? give --username NAME (or CONSOLE_DESK_USERNAME, or --profile)",
            ))
        }
    };
    let remembered = global
        .from_profile
        .as_ref()
        .and_then(|p| p.password.as_ref())
        .filter(|(user, _)| *user == username)
        .map(|(_, password)| password.clone());
    let password = match remembered {
        Some(p) => p,
        None => secret(
            PASSWORD_ENV,
            "password",
            format!("Password for {username}: "),
        )?,
    };
    Ok((username, password))
}

/// A password (`what`) from the environment variable `var`, else from `prompt` on the
/// terminal.
pub(crate) fn secret(var: &str, what: &str, prompt: String) -> CliResult<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "no {what}: set {var}, or run from a terminal to be asked for it"
        )));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| CliError::usage(format!("cannot read the {what}: {e}")))
}

/// Signs in; the client is not yet scoped (enough for the company list).
pub async fn sign_in(global: &Global) -> CliResult<Client> {
    let config = config(global)?;
    let (username, password) = credentials(global)?;
    tracing::debug!(sso = %config.sso_url, api = %config.api_url, proxy = %config.proxy, %username, "signing in");
    let client = Client::sign_in(config, &username, &password)
        .await
        .map_err(|source| CliError::SignIn { username, source })?;
    drop(password);
    Ok(client)
}

/// Scopes the client as the options ask (default: the first company, and in a company the
/// department the console opens for this user: the client's one rule for it).
pub async fn scope(client: Client, global: &Global) -> CliResult<Client> {
    match (&global.company, &global.department) {
        (None, None) => Ok(client.with_default_scope().await?),
        (Some(company), Some(department)) => Ok(client.with_scope(company, department)),
        (Some(company), None) => Ok(client.in_company(company).await?),
        (None, Some(department)) => {
            let companies = client.companies().list(None).await?;
            let company = companies
                .into_iter()
                .next()
                .ok_or_else(|| CliError::Failed("this user belongs to no company".into()))?;
            Ok(client.with_scope(company.id, department))
        }
    }
}
