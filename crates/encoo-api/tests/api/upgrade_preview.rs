//! Know before you upgrade: the preview reads what `batch/upgrade` would do to each workflow's
//! arguments, and changes nothing on the console.

use encoo_api::{Argument, ListQuery, Workflow, WorkflowUpdate};

use crate::common::start;

async fn workflow(env: &crate::common::Env, name: &str) -> Workflow {
    let page = env
        .client
        .workflows()
        .list(&ListQuery::search(name))
        .await
        .unwrap();
    page.list.into_iter().next().expect("seeded workflow")
}

#[tokio::test]
async fn preview_names_added_and_up_to_date_workflows_and_changes_nothing() {
    let env = start().await;
    let orders = workflow(&env, "Order sync").await;
    let invoices = workflow(&env, "Daily invoices").await;
    let statements = workflow(&env, "Bank statements").await;
    let gone = "0f0e0d0c-0b0a-4909-8807-060504030201".to_string();
    let ids = vec![
        orders.id.clone(),
        invoices.id.clone(),
        statements.id.clone(),
        gone.clone(),
    ];
    let before = env.sandbox.request_log().len();
    let preview = env.client.workflows().upgrade_preview(&ids).await.unwrap();
    let writes = env.sandbox.request_log()[before..]
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    assert_eq!(writes, 0, "a preview only reads");

    let order_ids: Vec<&str> = preview.iter().map(|p| p.workflow_id.as_str()).collect();
    assert_eq!(
        order_ids,
        ids.iter().map(String::as_str).collect::<Vec<_>>()
    );

    let o = &preview[0];
    assert_eq!(
        (o.from_version.as_deref(), o.to_version.as_deref()),
        (Some("1.0.0"), Some("2.0.0"))
    );
    assert!(!o.up_to_date);
    let added: Vec<&str> = o.changes.added.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(added, ["ApiKey"]);
    assert!(o.changes.dropped.is_empty() && o.changes.changed.is_empty());
    assert_eq!(o.changes.kept, ["Since"]);

    let i = &preview[1];
    assert_eq!(i.to_version.as_deref(), Some("1.2.0"));
    assert!(!i.up_to_date && i.changes.is_empty());

    assert!(preview[2].up_to_date, "statements are on 2.1.0 already");
    assert_eq!(preview[2].to_version.as_deref(), Some("2.1.0"));

    assert!(
        preview[3]
            .error
            .as_deref()
            .unwrap()
            .contains("no longer exists"),
        "{:?}",
        preview[3]
    );
}

#[tokio::test]
async fn preview_says_which_value_set_on_the_workflow_would_be_lost() {
    let env = start().await;
    let orders = workflow(&env, "Order sync").await;
    // Move the workflow to the newest version with a value set, then look at going back to an
    // older one: make the older one the package's latest by comparing directly.
    let mut args = orders.arguments.clone();
    args[0].default_value = Some("2025-06-01T00:00:00Z".into());
    args.push(Argument {
        name: "Legacy".into(),
        arg_type: "String".into(),
        default_value: Some("keep-me".into()),
        ..Default::default()
    });
    let changes = encoo_api::compare_arguments(&args, &orders.arguments);
    let dropped: Vec<(&str, Option<&str>)> = changes
        .dropped
        .iter()
        .map(|a| (a.name.as_str(), a.default_value.as_deref()))
        .collect();
    assert_eq!(dropped, [("Legacy", Some("keep-me"))]);
    assert!(changes.loses_anything());
    assert_eq!(
        changes.arguments[0].default_value.as_deref(),
        Some("2025-06-01T00:00:00Z"),
        "the value set carries over"
    );

    // A value the workflow set on an argument the new version keeps is carried, not lost.
    let update = WorkflowUpdate {
        arguments: Some(args[..1].to_vec()),
        ..Default::default()
    };
    env.client
        .workflows()
        .update(&orders.id, &update)
        .await
        .unwrap();
    let preview = env
        .client
        .workflows()
        .upgrade_preview(std::slice::from_ref(&orders.id))
        .await
        .unwrap();
    let since = preview[0]
        .changes
        .arguments
        .iter()
        .find(|a| a.name == "Since")
        .unwrap();
    assert_eq!(since.default_value.as_deref(), Some("2025-06-01T00:00:00Z"));
    assert!(!preview[0].changes.loses_anything());
}
