//! Signing in to a FlexModel server: with a password, or silently with the refresh cookie or
//! password the keyring keeps (the sandbox's demo account for a Sandbox profile); opening in
//! the project chosen last time; the client's configuration from the profile; and the
//! embedded sandbox, started on first use.

use flexmodel_api::{Client, ClientConfig};
use flexmodel_sandbox::{Sandbox, SandboxConfig, SandboxServer};

use super::FlexmodelSession;
use crate::desk::Desk;
use crate::error::{DeskError, Result};
use crate::profiles::{FlexmodelProfile, Preset, Profile};
use crate::secrets::SecretKind;

pub(crate) struct SandboxHost {
    _sandbox: Sandbox,
    server: SandboxServer,
}

impl Desk {
    /// Signs in to the FlexModel server of `profile`, in the project it was left in.
    pub(crate) async fn flexmodel_sign_in(
        &self,
        profile: &Profile,
        console: &FlexmodelProfile,
        password: Option<String>,
    ) -> Result<FlexmodelSession> {
        let config = self.flexmodel_config(profile, console).await?;
        let client = match password {
            // Desk::sign_in keeps the password once the console has taken it.
            Some(pw) => Client::sign_in(config, &profile.username, &pw).await?,
            None => self.flexmodel_silently(profile, console, config).await?,
        };
        if profile.remember && console.preset != Preset::Sandbox {
            let rx = client.watch_refresh_cookie();
            self.keepers.follow(&self.secrets, &profile.id, rx).await;
        }
        Ok(FlexmodelSession(initial_project(console, client).await?))
    }

    async fn flexmodel_silently(
        &self,
        profile: &Profile,
        console: &FlexmodelProfile,
        config: ClientConfig,
    ) -> Result<Client> {
        if console.preset == Preset::Sandbox {
            let password = flexmodel_sandbox::DEMO_PASSWORD;
            return Ok(Client::sign_in(config, &profile.username, password).await?);
        }
        if profile.remember {
            if let Some(cookie) = self.secrets.find(&profile.id, SecretKind::RefreshToken) {
                match Client::resume(config.clone(), &cookie).await {
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

    async fn flexmodel_config(
        &self,
        profile: &Profile,
        console: &FlexmodelProfile,
    ) -> Result<ClientConfig> {
        let mut config = match console.preset {
            Preset::Sandbox => ClientConfig::new(self.flexmodel_sandbox_url().await?),
            _ => ClientConfig::new(&console.url),
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
        Ok(config)
    }

    /// Starts the embedded FlexModel sandbox on 127.0.0.1:0 the first time it is needed.
    pub async fn flexmodel_sandbox_url(&self) -> Result<String> {
        let host = self
            .flexmodel
            .sandbox
            .get_or_try_init(|| async {
                let config = SandboxConfig {
                    data_dir: self.flexmodel.sandbox_data.clone(),
                    bulk_records: self.flexmodel.bulk_records,
                    ..Default::default()
                };
                let failed = |e: std::io::Error| {
                    DeskError::Io(format!("cannot start the FlexModel sandbox: {e}"))
                };
                let sandbox = Sandbox::new(config).map_err(failed)?;
                let server = sandbox
                    .serve(([127, 0, 0, 1], 0).into())
                    .await
                    .map_err(failed)?;
                tracing::info!(url = %server.url(), "FlexModel sandbox started");
                Ok::<_, DeskError>(SandboxHost {
                    _sandbox: sandbox,
                    server,
                })
            })
            .await?;
        Ok(host.server.url())
    }
}

/// The project chosen last time while the console still has it; else its first project.
async fn initial_project(console: &FlexmodelProfile, client: Client) -> Result<Client> {
    let projects = client.projects().list().await?;
    let last = console.last_project_id.as_deref();
    let project = match last.and_then(|id| projects.iter().find(|p| p.id == id)) {
        Some(p) => p,
        None => projects
            .first()
            .ok_or_else(|| DeskError::NotFound("the console has no project to work in".into()))?,
    };
    Ok(client.with_project(project.id.clone()))
}
