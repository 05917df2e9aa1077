//! Profiles are managed from the window: used, edited, duplicated, signed out of and removed
//! (with their keyring entries), and a company picked in the header opens where the console
//! opens it for the user.

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
        .run("return [...document.querySelectorAll('#content tr[data-profile]')].map((r) => r.dataset.profile).find((id) => id !== 'ops' && id !== 'sandbox')", vec![])
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
    assert_eq!(saved.len(), 3, "the sandbox, the original and the copy");
    assert!(saved.iter().all(|p| p["console"]["kind"] == "encoo"));

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
