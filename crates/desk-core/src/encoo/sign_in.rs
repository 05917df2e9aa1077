//! Signing in to an Encoo console: with a password, or silently with the refresh token or
//! password the keyring keeps (the sandbox's demo account for the Sandbox profile); opening on
//! the company and department chosen last time; the client's configuration from the profile;
//! and the embedded sandbox, started on first use.

use encoo_api::{Client, ClientConfig};
use encoo_sandbox::{Sandbox, SandboxConfig, SandboxServer};

use super::EncooSession;
use crate::desk::Desk;
use crate::error::{DeskError, Result};
use crate::profiles::{EncooProfile, Preset, Profile};
use crate::secrets::SecretKind;

pub(crate) struct SandboxHost {
    _sandbox: Sandbox,
    server: SandboxServer,
}

impl Desk {
    /// Signs in to the Encoo console of `profile`, scoped where it was left.
    pub(crate) async fn encoo_sign_in(
        &self,
        profile: &Profile,
        console: &EncooProfile,
        password: Option<String>,
    ) -> Result<EncooSession> {
        let config = self.client_config(profile, console).await?;
        let client = match password {
            // Desk::sign_in keeps the password once the console has taken it.
            Some(pw) => Client::sign_in(config, &profile.username, &pw).await?,
            None => self.sign_in_silently(profile, console, config).await?,
        };
        if profile.remember {
            let rx = client.watch_refresh_token();
            self.keepers.follow(&self.secrets, &profile.id, rx).await;
        }
        Ok(EncooSession(initial_scope(console, &client).await?))
    }

    async fn sign_in_silently(
        &self,
        profile: &Profile,
        console: &EncooProfile,
        config: ClientConfig,
    ) -> Result<Client> {
        if console.preset == Preset::Sandbox {
            return Ok(
                Client::sign_in(config, &profile.username, encoo_sandbox::DEMO_PASSWORD).await?,
            );
        }
        if profile.remember {
            if let Some(token) = self.secrets.find(&profile.id, SecretKind::RefreshToken) {
                match Client::resume(config.clone(), &token).await {
                    Ok(client) => return Ok(client),
                    Err(e) => tracing::info!("stored session not resumed: {:?}", e.kind()),
                }
            }
            if let Some(pw) = self.secrets.find(&profile.id, SecretKind::Password) {
                return Ok(Client::sign_in(config, &profile.username, &pw).await?);
            }
        }
        Err(DeskError::NotSignedIn)
    }

    async fn client_config(
        &self,
        profile: &Profile,
        console: &EncooProfile,
    ) -> Result<ClientConfig> {
        let mut config = match console.preset {
            Preset::Sandbox => ClientConfig::single(self.sandbox_url().await?),
            _ => ClientConfig::new(&console.sso_url, &console.api_url),
        };
        if let Some(path) = &profile.ca_certificate {
            let pem = std::fs::read(path).map_err(|e| {
                DeskError::invalid(
                    "caCertificate",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            config.ca_certificate_pem = Some(pem);
        }
        config.accept_invalid_certificates = profile.accept_invalid_certificates;
        config.proxy = self.proxy_of(profile)?;
        if let Some(bytes) = self.encoo.channel_threshold {
            config.channel_threshold = bytes;
        }
        Ok(config)
    }

    /// Starts the embedded Encoo sandbox on 127.0.0.1:0 the first time it is needed.
    pub async fn sandbox_url(&self) -> Result<String> {
        let host = self
            .encoo
            .sandbox
            .get_or_try_init(|| async {
                let config = SandboxConfig {
                    data_file: self.encoo.sandbox_data.clone(),
                    ..Default::default()
                };
                let sandbox = Sandbox::new(config)
                    .map_err(|e| DeskError::Io(format!("cannot start the sandbox: {e}")))?;
                let server = sandbox
                    .serve(([127, 0, 0, 1], 0).into())
                    .await
                    .map_err(|e| DeskError::Io(format!("cannot start the sandbox: {e}")))?;
                tracing::info!(url = %server.url(), "sandbox console started");
                Ok::<_, DeskError>(SandboxHost {
                    _sandbox: sandbox,
                    server,
                })
            })
            .await?;
        Ok(host.server.url())
    }
}

/// The company and department chosen last time, while the user still belongs to them; else
/// where the console opens for this user.
async fn initial_scope(console: &EncooProfile, client: &Client) -> Result<Client> {
    if let (Some(c), Some(d)) = (&console.last_company_id, &console.last_department_id) {
        let companies = client.companies().list(None).await?;
        if companies.iter().any(|x| &x.id == c) {
            let scoped = client.with_scope(c.clone(), d.clone());
            let tree = scoped.departments().tree().await?;
            let known = tree
                .root_department
                .as_ref()
                .is_some_and(|root| root.walk().iter().any(|(_, x)| &x.id == d));
            if known {
                return Ok(scoped);
            }
        }
    }
    Ok(client.with_default_scope().await?)
}
