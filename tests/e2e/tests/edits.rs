//! An edit changes only what the user changed, and no list stops at its first page: the real
//! window against a console the test also reads directly. Each test fails without its fix:
//! a save that reset the notification settings, a version change that reset the arguments, a
//! package edit that overwrote someone's change, and pickers that stopped at 200 items.

mod common;

use common::Console;
use encoo_api::{PackageQuery, PackageUpdate, WorkflowCreate, WorkflowUpdate};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn notification_conditions_survive_an_edit_of_the_priority() {
    let console = Console::start(|_| {}).await;
    let before = console.workflow("Bank statements").await;
    let notice = before.job_state_notification.clone().unwrap();
    assert!(notice.conditions.is_some() && notice.just_notice_against_last_runinstance);

    let app = console
        .open_app("edit_notification", "admin", "admin")
        .await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Bank statements").await;
    app.click(&format!("[data-edit='{}']", before.id)).await;
    app.find("dialog.modal textarea[data-field=Conditions]")
        .await;
    let shown = app
        .run("return [document.querySelector('dialog.modal textarea[data-field=Conditions]').value, document.getElementById('wf-last-only').checked]", vec![])
        .await;
    assert!(
        shown[0].as_str().unwrap().contains("MinDurationSeconds"),
        "{shown}"
    );
    assert_eq!(shown[1], json!(true), "the setting as the console has it");
    app.fill("dialog.modal input[data-field=Priority]", "3100")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#content tbody tr", "3100").await;

    let after = console.workflow("Bank statements").await;
    assert_eq!(after.priority, 3100);
    assert_eq!(
        after.job_state_notification,
        Some(notice.clone()),
        "the notification settings are the console's, untouched"
    );
    assert_eq!(after.arguments, before.arguments);
    assert_eq!(after.video_record_mode, before.video_record_mode);

    // The user may edit them too: only about the last run off, new conditions.
    app.click(&format!("[data-edit='{}']", before.id)).await;
    app.find("dialog.modal textarea[data-field=Conditions]")
        .await;
    app.click("#wf-last-only").await;
    app.run("const t = document.querySelector('dialog.modal textarea[data-field=Conditions]'); t.value = '{\"States\": [\"Failed\"]}'; t.dispatchEvent(new Event('input'));", vec![]).await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let edited = console.workflow("Bank statements").await;
    let edited = edited.job_state_notification.unwrap();
    assert!(!edited.just_notice_against_last_runinstance);
    assert_eq!(edited.conditions, Some(json!({"States": ["Failed"]})));
    assert_eq!(edited.recipients, notice.recipients, "recipients untouched");
    assert!(edited.switch_on);
    app.screenshot("workflow-notification").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_and_pages_open_on_what_the_console_has_now() {
    let console = Console::start(|_| {}).await;
    let app = console.open_app("fresh_read", "admin", "admin").await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Price watch").await;
    // The list on screen is now older than the console: someone edits the workflow.
    let prices = console.workflow("Price watch").await;
    let theirs = WorkflowUpdate {
        description: Some("changed a moment ago".into()),
        priority: Some(4321),
        ..Default::default()
    };
    console
        .client
        .workflows()
        .update(&prices.id, &theirs)
        .await
        .unwrap();
    app.click(&format!("[data-edit='{}']", prices.id)).await;
    app.wait_script("return document.querySelector('dialog.modal input[data-field=Description]')?.value === 'changed a moment ago'").await;
    let priority = app
        .run(
            "return document.querySelector('dialog.modal input[data-field=Priority]').value",
            vec![],
        )
        .await;
    assert_eq!(priority, json!("4321"));
    app.click_text("dialog.modal .modal-actions button", "Cancel")
        .await;
    // The workflow's page too, and the robot group's.
    app.click_text("#content tbody tr button.link", "Price watch")
        .await;
    app.wait_text("#workflow-detail", "changed a moment ago")
        .await;
    app.click("#wf-open-queue").await;
    app.wait_text("#queue-detail [data-list=queue-workflows]", "Price watch")
        .await;
    app.screenshot("queue-detail").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_change_keeps_matching_argument_values() {
    let console = Console::start(|_| {}).await;
    let orders = console
        .set_argument("Order sync", "Since", "2025-06-01T00:00:00Z")
        .await;
    assert_eq!(orders.package_version.as_deref(), Some("1.0.0"));
    let package = console
        .client
        .packages()
        .get(orders.package_id.as_deref().unwrap())
        .await
        .unwrap();
    let two = package
        .versions
        .unwrap()
        .into_iter()
        .find(|v| v.version == "2.0.0")
        .unwrap();

    let app = console.open_app("version_change", "admin", "admin").await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Order sync").await;
    app.click(&format!("[data-edit='{}']", orders.id)).await;
    app.find("dialog.modal input[data-arg=Since]").await;
    app.select("dialog.modal select[data-field=PackageVersionId]", &two.id)
        .await;
    // The new version's argument appears; the value set for Since stays; the form says so.
    app.find("dialog.modal input[data-arg=ApiKey]").await;
    let since = app
        .run(
            "return document.querySelector('dialog.modal input[data-arg=Since]').value",
            vec![],
        )
        .await;
    assert_eq!(since, json!("2025-06-01T00:00:00Z"));
    app.wait_text(".args-note li[data-change=added]", "ApiKey")
        .await;
    app.wait_text(".args-note li[data-change=kept]", "Since")
        .await;
    app.fill("dialog.modal input[data-arg=ApiKey]", "k-123")
        .await;
    app.screenshot("workflow-version-change").await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;

    let after = console.workflow("Order sync").await;
    assert_eq!(after.package_version.as_deref(), Some("2.0.0"));
    let values: Vec<(&str, Option<&str>)> = after
        .arguments
        .iter()
        .map(|a| (a.name.as_str(), a.default_value.as_deref()))
        .collect();
    assert_eq!(
        values,
        [
            ("Since", Some("2025-06-01T00:00:00Z")),
            ("ApiKey", Some("k-123"))
        ]
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_concurrent_package_edit_is_detected() {
    let console = Console::start(|_| {}).await;
    let page = console
        .client
        .packages()
        .list(&PackageQuery {
            search_string: Some("Bank.StatementDownload".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = page.list[0].id.clone();

    let app = console.open_app("package_conflict", "admin", "admin").await;
    app.click("a[data-route=packages]").await;
    app.wait_text("#content tbody", "Bank.StatementDownload")
        .await;
    app.click(&format!("[data-edit='{id}']")).await;
    app.wait_script(
        "return !document.querySelector('dialog.modal input[data-field=Description]').disabled",
    )
    .await;
    // Someone else changes the package while the dialog is open.
    let theirs = PackageUpdate {
        description: Some("changed by a colleague".into()),
        ..Default::default()
    };
    console
        .client
        .packages()
        .update(&id, &theirs)
        .await
        .unwrap();
    app.fill("dialog.modal input[data-field=Description]", "my edit")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_text("#pkg-stale", "Someone changed this package")
        .await;
    app.screenshot("package-stale").await;
    let kept = console.client.packages().get(&id).await.unwrap();
    assert_eq!(
        kept.description.as_deref(),
        Some("changed by a colleague"),
        "their change was not overwritten"
    );
    // Reloading shows their version; a save from there goes through.
    app.click("#pkg-reload").await;
    app.wait_script("return document.querySelector('dialog.modal input[data-field=Description]').value === 'changed by a colleague'").await;
    app.fill("dialog.modal input[data-field=Tags]", "bank, checked")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let saved = console.client.packages().get(&id).await.unwrap();
    assert_eq!(saved.tags, ["bank", "checked"]);
    assert_eq!(saved.description.as_deref(), Some("changed by a colleague"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workflow_whose_package_and_group_come_last_can_be_edited() {
    let console = Console::start(|sandbox| {
        sandbox.add_bulk_packages(1_500);
        sandbox.add_bulk_queues(260);
    })
    .await;
    // The package and the robot group the console lists last, past any page's end.
    let packages = console.client.packages();
    let count = packages.list(&Default::default()).await.unwrap().count;
    assert!(count > 1_500, "{count}");
    let last = PackageQuery {
        page_index: Some(((count - 1) / 100) as u32),
        page_size: Some(100),
        include_versions: Some(true),
        ..Default::default()
    };
    let package = packages.list(&last).await.unwrap().list.pop().unwrap();
    let queues = console.client.queues();
    let count = queues.list(&Default::default()).await.unwrap().count;
    let last = encoo_api::ListQuery::page(((count - 1) / 100) as u32, 100);
    let queue = queues.list(&last).await.unwrap().list.pop().unwrap();
    let version = package.versions.as_ref().unwrap()[0].clone();
    let create = WorkflowCreate {
        name: "Far away 最后一页".into(),
        package_id: package.id.clone(),
        package_version_id: version.id.clone(),
        associated_queue_id: queue.id.clone(),
        ..Default::default()
    };
    let wf = console.client.workflows().create(&create).await.unwrap();

    let app = console.open_app("far_away", "admin", "admin").await;
    app.click("a[data-route=workflows]").await;
    app.wait_text("#content tbody", "Far away").await;
    // The list names its group, though no first page of groups holds it.
    app.wait_text(&format!("tr[data-id='{}'] .queue-name", wf.id), &queue.name)
        .await;
    app.click(&format!("[data-edit='{}']", wf.id)).await;
    app.wait_text("dialog.modal #wf-package-link", &package.name)
        .await;
    app.wait_text(
        "dialog.modal [data-picker=AssociatedQueueId] .picker-button",
        &queue.name,
    )
    .await;
    // The group picker reaches the last group by searching the console.
    app.click("dialog.modal [data-picker=AssociatedQueueId] .picker-button")
        .await;
    let listed = app
        .wait_text(
            "dialog.modal [data-picker=AssociatedQueueId] .picker-status",
            "of",
        )
        .await;
    assert!(listed.contains(&count.to_string()), "{listed}");
    app.fill(
        "dialog.modal [data-picker=AssociatedQueueId] .picker-search",
        &queue.name,
    )
    .await;
    app.wait_text(
        "dialog.modal [data-picker=AssociatedQueueId] .picker-option",
        &queue.name,
    )
    .await;
    app.screenshot("picker-last-group").await;
    app.click_text(
        "dialog.modal [data-picker=AssociatedQueueId] .picker-option",
        &queue.name,
    )
    .await;
    app.fill("dialog.modal input[data-field=Priority]", "1234")
        .await;
    app.click("dialog.modal button[data-action=save]").await;
    app.wait_script("return !document.querySelector('dialog.modal')")
        .await;
    let saved = console.client.workflows().get(&wf.id).await.unwrap();
    assert_eq!(saved.priority, 1234);
    assert_eq!(
        saved.associated_queue_id.as_deref(),
        Some(queue.id.as_str())
    );
    assert_eq!(saved.package_id.as_deref(), Some(package.id.as_str()));

    // A new workflow can start from that package, found by its name.
    app.click("#wf-new").await;
    app.pick("dialog.modal", "PackageId", &package.name).await;
    app.wait_script(&format!(
        "return document.querySelector('dialog.modal select[data-field=PackageVersionId]').value === {}",
        json!(version.id)
    ))
    .await;
    app.close().await;
}
