//! The platform settings: read, changed whole, read back, unknown members kept.

use flexmodel_api::{LogSettings, Settings};
use serde_json::json;

use crate::common::signed_in;

#[tokio::test]
async fn settings_patch_round_trips_known_and_unknown_members() {
    let f = signed_in().await;
    let client = f.client.with_project("default");
    let before = client.settings().get().await.unwrap();
    assert_eq!(before.app_name.as_deref(), Some("FlexModel"));
    assert_eq!(before.log.as_ref().and_then(|l| l.max_days), Some(7));

    let mut changed: Settings = before.clone();
    changed.app_name = Some("Desk test".into());
    changed.log = Some(LogSettings {
        max_days: Some(30),
        console_logging_enabled: Some(true),
        ..Default::default()
    });
    changed
        .extra
        .insert("customBanner".into(), json!({"text": "hi", "On": true}));
    let answered = client.settings().update(&changed).await.unwrap();
    assert_eq!(answered, changed);
    let after = client.settings().get().await.unwrap();
    assert_eq!(after, changed);
    assert_eq!(
        after.extra["customBanner"],
        json!({"text": "hi", "On": true})
    );
    assert_eq!(after.security, before.security, "sent back as it came");

    let patch = f
        .sandbox
        .request_log()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(patch.path, "/api/f/settings");
    let global = client.settings().global_profile().await.unwrap();
    assert_eq!(global.settings.app_name.as_deref(), Some("Desk test"));
}
