//! Two consoles in one window: a FlexModel profile opens the FlexModel screens with its
//! project picker, and switching between it and an Encoo profile is instant (the session each
//! had, no sign-in) and keeps each one's place: its screen, what the screen showed, its scope.

use console_desk_e2e::{App, FLEXMODEL_SANDBOX};
use serde_json::{json, Value};

const HASH: &str = "return location.hash";

async fn screen(app: &App) -> Value {
    app.run(
        "return document.getElementById('content').dataset.screen",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_between_encoo_and_flexmodel_keeps_each_ones_place() {
    let app = App::launch_flexmodel("fm-switch").await;
    assert_eq!(
        app.run(
            "return document.getElementById('project-switch').value",
            vec![]
        )
        .await,
        json!("default")
    );
    // The FlexModel navigation, and none of Encoo's.
    let nav = app
        .run(
            "return [...document.querySelectorAll('.nav-item')].map((a) => a.dataset.route)",
            vec![],
        )
        .await;
    let nav = nav.as_array().unwrap();
    for route in [
        "datasources",
        "models",
        "records",
        "native",
        "graphql",
        "apis",
        "logs",
    ] {
        assert!(nav.contains(&json!(route)), "{route} in {nav:?}");
    }
    assert!(!nav.contains(&json!("workflows")), "{nav:?}");

    // A place in FlexModel: project dev_test, the Student records.
    // The switch is done when the header is drawn again for the new session (the picker shows
    // the new value at once, before the console has answered): only then is the place set, or
    // the redraw that follows the answer may land on the screen after it.
    app.run(
        "window.__projectPicker = document.getElementById('project-switch')",
        vec![],
    )
    .await;
    app.select("#project-switch", "dev_test").await;
    app.wait_script(
        "return !document.contains(window.__projectPicker) && document.getElementById('project-switch').value === 'dev_test'",
    )
    .await;
    app.run(
        "location.hash = '#/records?ds=system&model=Student'",
        vec![],
    )
    .await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'records'")
        .await;
    app.screenshot("fm-switch-flexmodel").await;

    // To the Encoo sandbox (signed in silently the first time), to its robot groups.
    app.select("#profile-switch", "sandbox").await;
    app.wait_script("return document.getElementById('company-switch')?.value")
        .await;
    app.click("a[data-route=queues]").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'queues'")
        .await;
    let encoo_nav = app
        .run(
            "return [...document.querySelectorAll('.nav-item')].map((a) => a.dataset.route)",
            vec![],
        )
        .await;
    assert!(
        !encoo_nav.as_array().unwrap().contains(&json!("records")),
        "{encoo_nav}"
    );

    // Back to FlexModel: the same screen, model and project, with no sign-in dialog.
    app.select("#profile-switch", FLEXMODEL_SANDBOX).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'records'")
        .await;
    let hash = app.run(HASH, vec![]).await;
    let hash = hash.as_str().unwrap();
    assert!(
        hash.starts_with("#/records?")
            && hash.contains("model=Student")
            && hash.contains("ds=system"),
        "{hash}"
    );
    assert_eq!(
        app.run(
            "return document.getElementById('project-switch').value",
            vec![]
        )
        .await,
        json!("dev_test")
    );
    assert_eq!(
        app.run(
            "return Boolean(document.querySelector('dialog.modal'))",
            vec![]
        )
        .await,
        json!(false)
    );

    // And back to Encoo: its robot groups, in the company it had.
    app.select("#profile-switch", "sandbox").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'queues'")
        .await;
    assert_eq!(screen(&app).await, json!("queues"));
    assert!(app
        .run(
            "return document.getElementById('company-switch').value",
            vec![]
        )
        .await
        .as_str()
        .is_some_and(|c| !c.is_empty()));
    app.screenshot("fm-switch-encoo").await;
    app.close().await;
}
