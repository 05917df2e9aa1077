//! Profiles are managed from the window: used, edited, duplicated, signed out of and removed
//! (with their keyring entries); a company picked in the header opens where the console
//! opens it for the user; a FlexModel profile is made with the form (its one address checked
//! before anything is saved) and signs in to its server's first project.

mod common;

use common::Console;
use console_desk_e2e::{write_profile_as, App};
use desk_core::{SecretKind, Secrets};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn profiles_are_used_edited_duplicated_signed_out_and_removed_from_the_window() {
    let console = Console::start(|_| {}).await;
    let url = console.server.url();
    let app = App::launch("profiles", |dir| {
        write_profile_as(dir, "ops", "Ops console", &url, "admin")
    })
    .await;
    // Signed in with "remember me": the password goes to the keyring.
    app.fill("dialog.modal input[type=password]", "admin").await;
    app.run("const b = document.querySelector('dialog.modal input[type=checkbox]'); if (!b.checked) b.click();", vec![]).await;
    app.click("dialog.modal button[type=submit]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.getElementById('content').dataset.screen === 'dashboard'").await;
    let secrets = Secrets::new(app.keyring_service());
    assert!(secrets.get("ops", SecretKind::Password).unwrap().is_some());
    assert!(secrets
        .get("ops", SecretKind::RefreshToken)
        .unwrap()
        .is_some());

    app.click("a[data-route=profiles]").await;
    app.wait_text("#content tr[data-profile=ops]", "in use")
        .await;
    // A copy: the same console, a name of its own, and no password of its own.
    app.click("[data-duplicate=ops]").await;
    let name = app
        .wait_script("return document.querySelector('dialog.modal input[data-field=name]')?.value")
        .await;
    assert_eq!(name, json!("Ops console (copy)"));
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody", "Ops console (copy)").await;
    let copy = app
        .run("return [...document.querySelectorAll('#content tr[data-profile]')].map((r) => r.dataset.profile).find((id) => !['ops', 'sandbox', 'sandbox-flexmodel'].includes(id))", vec![])
        .await;
    let copy = copy.as_str().unwrap().to_owned();
    assert!(secrets.get(&copy, SecretKind::Password).unwrap().is_none());
    // An edit of the original's name.
    app.click("[data-edit=ops]").await;
    app.fill("dialog.modal input[data-field=name]", "运维 Ops")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tr[data-profile=ops]", "运维 Ops")
        .await;
    app.wait_text("#profile-switch", "运维 Ops").await;
    let file: serde_json::Value = serde_json::from_slice(
        &std::fs::read(app.config_dir.path().join("profiles.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["version"], 2);
    let saved: Vec<&serde_json::Value> = file["profiles"].as_array().unwrap().iter().collect();
    assert_eq!(
        saved.len(),
        4,
        "the two sandboxes (Encoo, FlexModel), the original and the copy"
    );
    let kinds: Vec<&serde_json::Value> = saved.iter().map(|p| &p["console"]["kind"]).collect();
    assert_eq!(
        kinds,
        [
            &json!("encoo"),
            &json!("flexmodel"),
            &json!("encoo"),
            &json!("encoo")
        ]
    );

    // Sign out: the session and its refresh token end; the password stays remembered.
    app.click("[data-sign-out=ops]").await;
    app.wait_text("#toasts", "Signed out").await;
    assert!(secrets
        .get("ops", SecretKind::RefreshToken)
        .unwrap()
        .is_none());
    assert!(secrets.get("ops", SecretKind::Password).unwrap().is_some());
    // Remove, confirmed: the profile and its keyring entries are gone.
    app.click("[data-remove=ops]").await;
    app.click("dialog.modal button[data-action=confirm]").await;
    app.wait_script("return !document.querySelector('#content tr[data-profile=ops]')")
        .await;
    assert!(secrets.get("ops", SecretKind::Password).unwrap().is_none());
    app.screenshot("profiles").await;

    // The copy is used: it asks for its password, then opens on its console.
    app.click(&format!("[data-use='{copy}']")).await;
    app.fill("#signin-password", "admin").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.wait_text("#content tr[data-profile] .badge-ok", "in use")
        .await;
    let chosen = app
        .run(
            "return document.getElementById('profile-switch').value",
            vec![],
        )
        .await;
    assert_eq!(chosen, json!(copy));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_company_opens_where_the_console_opens_it() {
    let console = Console::start(|_| {}).await;
    let companies = console.client.companies().list(None).await.unwrap();
    let northwind = companies[1].clone();
    let expected = console.client.in_company(&northwind.id).await.unwrap();
    let expected = expected.scope().unwrap().department_id.clone();
    let app = console.open_app("company", "admin", "admin").await;
    app.wait_script(&format!(
        "return [...document.querySelectorAll('#company-switch option')].some((o) => o.value === {})",
        json!(northwind.id)
    ))
    .await;
    app.select("#company-switch", &northwind.id).await;
    app.wait_script(&format!(
        "return document.getElementById('department-switch').value === {}",
        json!(expected)
    ))
    .await;
    app.click("a[data-route=robots]").await;
    app.wait_text("#content tbody", "NW").await;
    app.close().await;
}

/// A FlexModel server on loopback, for the profile form to point at.
async fn flexmodel_server() -> (flexmodel_sandbox::Sandbox, flexmodel_sandbox::SandboxServer) {
    let sandbox = flexmodel_sandbox::Sandbox::new(Default::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    (sandbox, server)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flexmodel_profile_is_made_with_the_form_and_bad_addresses_are_refused() {
    let (_sandbox, server) = flexmodel_server().await;
    let app = App::launch_flexmodel("fm-profile").await;
    let saved_profiles = || {
        let file: serde_json::Value = serde_json::from_slice(
            &std::fs::read(app.config_dir.path().join("profiles.json")).unwrap(),
        )
        .unwrap();
        file["profiles"].as_array().map_or(0, Vec::len)
    };
    let before = saved_profiles();
    app.click("a[data-route=profiles]").await;
    app.click("#profile-new").await;
    app.select("#profile-kind", "flexmodel").await;
    // The FlexModel form: the private preset, one address, no SSO.
    assert_eq!(
        app.run(
            "return document.getElementById('profile-preset').value",
            vec![]
        )
        .await,
        json!("private")
    );
    assert_eq!(
        app.run(
            "return [...document.querySelectorAll('#profile-preset option')].map((o) => o.value)",
            vec![]
        )
        .await,
        json!(["private", "sandbox"])
    );
    assert_eq!(
        app.run("return document.querySelector('dialog.modal input[data-field=ssoUrl]').closest('.field').hidden", vec![]).await,
        json!(true)
    );
    app.fill("dialog.modal input[data-field=name]", "FM 私有")
        .await;
    app.fill("dialog.modal input[data-field=username]", "admin")
        .await;
    // Each bad address: its message under the address, and nothing saved.
    let cases = [
        ("", "is not a URL"),
        ("http://", "is not a URL"),
        // Read as a URL whose scheme is the host name.
        (
            "flexmodel.example.com:8080",
            "use an http:// or https:// address",
        ),
        (
            "ftp://flexmodel.example.com",
            "use an http:// or https:// address",
        ),
    ];
    for (address, message) in cases {
        app.run(
            "document.getElementById('profile-api-url').value = arguments[0]",
            vec![json!(address)],
        )
        .await;
        app.click("dialog.modal button[data-action=save]").await;
        let shown = app
            .wait_script("return document.querySelector('dialog.modal .field.has-error[data-for=url] .field-error')?.textContent")
            .await;
        assert!(
            shown.as_str().unwrap().contains(message),
            "{address:?}: {shown}"
        );
        assert_eq!(saved_profiles(), before, "{address:?} saved nothing");
    }
    app.screenshot("fm-profile-form").await;
    // The host box fills the address the way the preset says; then the profile is saved.
    app.fill("#profile-api-url", &server.url()).await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody", "FM 私有").await;
    assert_eq!(saved_profiles(), before + 1);
    let file: serde_json::Value = serde_json::from_slice(
        &std::fs::read(app.config_dir.path().join("profiles.json")).unwrap(),
    )
    .unwrap();
    let made = file["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "FM 私有")
        .expect("saved")
        .clone();
    assert_eq!(made["console"]["kind"], "flexmodel");
    assert_eq!(made["console"]["url"], json!(server.url()));
    // Used, it asks for its password and opens in its server's first project.
    let id = made["id"].as_str().unwrap();
    app.click(&format!("[data-use='{id}']")).await;
    app.fill("#signin-password", "admin123").await;
    app.click("dialog.modal button[data-action=signin]").await;
    app.wait_script(&format!(
        "return document.getElementById('profile-switch').value === {}",
        json!(id)
    ))
    .await;
    app.wait_text(
        &format!("#content tr[data-profile='{id}'] .badge-ok"),
        "in use",
    )
    .await;
    assert_eq!(
        app.run(
            "return document.getElementById('project-switch').value",
            vec![]
        )
        .await,
        json!("default")
    );
    app.close().await;
}
