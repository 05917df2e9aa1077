//! What the profile form offers: each console kind's presets with the addresses they fill in
//! (from the clients' own), and the built-in profile of the embedded Encoo sandbox.

use serde::Serialize;

use crate::profiles::{
    ConsoleKind, ConsoleProfile, EncooProfile, Preset, Profile, SANDBOX_PROFILE_ID,
};

/// A preset the profile form offers, with the addresses it fills in (a FlexModel server has one
/// address: `api_url`, `sso_url` empty). In a private deployment's addresses, `{host}` stands for the host the user types; `https*` are used instead when the
/// user chooses https (one address serving both, as such deployments usually do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PresetInfo {
    pub kind: ConsoleKind,
    pub preset: Preset,
    pub sso_url: String,
    pub api_url: String,
    pub https_sso_url: Option<String>,
    pub https_api_url: Option<String>,
    /// The account to sign in with when the form does not ask (the sandbox's demo account).
    pub username: Option<String>,
}

/// The presets of every console kind, with the addresses the clients know.
pub fn presets() -> Vec<PresetInfo> {
    use encoo_api::ClientConfig;
    let saas = ClientConfig::saas();
    let private = ClientConfig::private("{host}");
    vec![
        PresetInfo {
            kind: ConsoleKind::Encoo,
            preset: Preset::Saas,
            sso_url: saas.sso_url,
            api_url: saas.api_url,
            https_sso_url: None,
            https_api_url: None,
            username: None,
        },
        PresetInfo {
            kind: ConsoleKind::Encoo,
            preset: Preset::Private,
            sso_url: private.sso_url,
            api_url: private.api_url,
            https_sso_url: Some("https://{host}".into()),
            https_api_url: Some("https://{host}".into()),
            username: None,
        },
        PresetInfo {
            kind: ConsoleKind::Encoo,
            preset: Preset::Sandbox,
            sso_url: String::new(),
            api_url: String::new(),
            https_sso_url: None,
            https_api_url: None,
            username: Some(encoo_sandbox::DEMO_USERNAME.into()),
        },
        PresetInfo {
            kind: ConsoleKind::Flexmodel,
            preset: Preset::Private,
            sso_url: String::new(),
            api_url: "http://{host}:8080".into(),
            https_sso_url: None,
            https_api_url: Some("https://{host}".into()),
            username: None,
        },
        PresetInfo {
            kind: ConsoleKind::Flexmodel,
            preset: Preset::Sandbox,
            sso_url: String::new(),
            api_url: String::new(),
            https_sso_url: None,
            https_api_url: None,
            username: Some(flexmodel_sandbox::DEMO_USERNAME.into()),
        },
    ]
}

/// The built-in profile for the embedded Encoo sandbox console.
pub fn sandbox_profile() -> Profile {
    Profile {
        id: SANDBOX_PROFILE_ID.into(),
        name: "Sandbox".into(),
        username: encoo_sandbox::DEMO_USERNAME.into(),
        remember: false,
        console: ConsoleProfile::Encoo(EncooProfile {
            preset: Preset::Sandbox,
            ..Default::default()
        }),
        ..Default::default()
    }
}
