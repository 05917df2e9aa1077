//! One test per documented operation (33 in all), asserting on the values that come back.

use encoo_api::{
    ErrorKind, ExecuteRequest, JobState, ListQuery, PackageQuery, PackageUpdate, QueueCreate,
    QueueUpdate, UploadOptions, UploadRoute, WorkflowCreate, WorkflowUpdate,
};

use crate::common::{package_file, start};

// SSO (2): password grant, refresh grant.
#[tokio::test]
async fn password_grant_signs_in_once() {
    let env = start().await;
    assert_eq!(env.sandbox.token_grants().password, 1);
    let form = &env.requests_to("POST", "/connect/token")[0];
    assert_eq!(
        form.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn refresh_grant_replaces_the_access_token() {
    let env = start().await;
    let before = env.client.refresh_token().await.expect("refresh token");
    env.client.expire_access_token().await;
    env.client.users().me().await.unwrap();
    assert_eq!(env.sandbox.token_grants().refresh, 1);
    let after = env.client.refresh_token().await.expect("new refresh token");
    assert_ne!(
        before, after,
        "a refresh token works once, so a new one comes back"
    );
}

// Organisation (3).
#[tokio::test]
async fn companies_list_has_both_seeded_companies() {
    let env = start().await;
    let companies = env.client.companies().list(None).await.unwrap();
    assert_eq!(companies.len(), 2);
    assert!(companies
        .iter()
        .all(|c| !c.id.is_empty() && !c.name.is_empty()));
    let first = &companies[0].name;
    let filtered = env
        .client
        .companies()
        .list(Some(&first[..3]))
        .await
        .unwrap();
    assert!(filtered.iter().any(|c| &c.name == first));
}

#[tokio::test]
async fn department_tree_is_three_levels_deep() {
    let env = start().await;
    let tree = env.client.departments().tree().await.unwrap();
    let root = tree.root_department.expect("root");
    assert_eq!(root.id, env.client.scope().unwrap().department_id);
    let walk = root.walk();
    assert_eq!(tree.count as usize, walk.len());
    assert!(walk.iter().map(|(d, _)| *d).max().unwrap() >= 2);
}

#[tokio::test]
async fn me_is_the_demo_user_in_this_company() {
    let env = start().await;
    let me = env.client.users().me().await.unwrap();
    assert_eq!(me.user_name.as_deref(), Some("admin"));
    assert_eq!(
        me.company_id.as_deref(),
        Some(env.client.scope().unwrap().company_id.as_str())
    );
}

// Packages (8).
#[tokio::test]
async fn packages_list_pages_and_searches() {
    let env = start().await;
    let p = env.client.packages();
    let all = p.list(&PackageQuery::default()).await.unwrap();
    assert!(all.count >= 8, "seeded packages: {}", all.count);
    assert!(all.list.iter().all(|x| x.versions.is_none()));
    let page = p
        .list(&PackageQuery {
            page_index: Some(1),
            page_size: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.count, page.list.len()), (all.count, 3));
    assert_eq!(
        page.list[0].id, all.list[3].id,
        "page 1 of size 3 starts at the 4th"
    );
    let name = all.list[0].name.clone();
    let needle: String = name.chars().take(4).collect();
    let found = p
        .list(&PackageQuery {
            search_string: Some(needle.to_lowercase()),
            include_versions: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(found.list.iter().any(|x| x.name == name));
    assert!(found
        .list
        .iter()
        .all(|x| x.versions.as_ref().is_some_and(|v| !v.is_empty())));
    let every = p
        .list_all(&PackageQuery {
            page_size: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(every.len() as u64, all.count);
}

#[tokio::test]
async fn packages_get_has_versions_with_typed_arguments() {
    let env = start().await;
    let list = env
        .client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap();
    let pkg = env.client.packages().get(&list.list[0].id).await.unwrap();
    let versions = pkg.versions.expect("versions");
    assert!(!versions.is_empty());
    assert_eq!(
        pkg.last_version_id.as_deref(),
        Some(versions[0].id.as_str())
    );
    let all_args: Vec<_> = list_args(&env).await;
    assert!(all_args.iter().any(|a| a.arg_type == "Int32"));
    assert!(all_args.iter().any(|a| a.asset_content.is_some()));
}

async fn list_args(env: &crate::common::Env) -> Vec<encoo_api::Argument> {
    let q = PackageQuery {
        include_versions: Some(true),
        page_size: Some(100),
        ..Default::default()
    };
    env.client
        .packages()
        .list(&q)
        .await
        .unwrap()
        .list
        .into_iter()
        .flat_map(|p| p.versions.unwrap_or_default())
        .flat_map(|v| v.arguments)
        .collect()
}

#[tokio::test]
async fn packages_update_changes_tags_description_and_etag() {
    let env = start().await;
    let id = env
        .client
        .packages()
        .list(&PackageQuery::default())
        .await
        .unwrap()
        .list[0]
        .id
        .clone();
    let before = env.client.packages().get(&id).await.unwrap();
    let updated = env
        .client
        .packages()
        .update(
            &id,
            &PackageUpdate {
                etag: before.etag.clone(),
                description: Some("新的描述 new description".into()),
                tags: Some(vec!["财务".into(), "nightly".into()]),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        updated.tags,
        vec!["财务".to_string(), "nightly".to_string()]
    );
    assert_eq!(
        updated.description.as_deref(),
        Some("新的描述 new description")
    );
    assert_ne!(updated.etag, before.etag);
    let stale = env
        .client
        .packages()
        .update(
            &id,
            &PackageUpdate {
                etag: before.etag,
                ..Default::default()
            },
        )
        .await;
    assert_eq!(stale.unwrap_err().kind(), ErrorKind::Conflict);
}

#[tokio::test]
async fn packages_delete_removes_an_unused_package() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = package_file(dir.path(), "ToDelete", "1.0.0", 100);
    let up = env
        .client
        .packages()
        .upload(&file, &UploadOptions::default())
        .await
        .unwrap();
    env.client
        .packages()
        .delete(&up.result.package_id)
        .await
        .unwrap();
    let err = env
        .client
        .packages()
        .get(&up.result.package_id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn packages_upload_direct_creates_then_adds_a_version() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let p = env.client.packages();
    let first = p
        .upload(
            &package_file(dir.path(), "Contract.Pkg", "1.0.0", 1000),
            &UploadOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(first.route, UploadRoute::Direct);
    assert_eq!(first.result.package_name, "Contract.Pkg");
    assert_eq!(first.result.last_version.as_deref(), Some("1.0.0"));
    let second = p
        .upload(
            &package_file(dir.path(), "Contract.Pkg", "1.1.0", 1000),
            &UploadOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(second.result.package_id, first.result.package_id);
    let pkg = p.get(&first.result.package_id).await.unwrap();
    assert_eq!(pkg.last_version.as_deref(), Some("1.1.0"));
    assert_eq!(
        pkg.last_version_id.as_deref(),
        Some(second.result.package_version_id.as_str())
    );
    let dup = p
        .upload(
            &package_file(dir.path(), "Contract.Pkg", "1.1.0", 10),
            &UploadOptions::default(),
        )
        .await;
    assert_eq!(dup.unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn upload_channel_create_put_complete_makes_a_version() {
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = package_file(dir.path(), "Channel.Pkg", "3.0.0", 5000);
    let p = env.client.packages();
    let channel = p.create_upload_channel().await.unwrap();
    assert!(!channel.id.is_empty());
    assert!(channel.channel.uri.starts_with("http://127.0.0.1:"));
    assert_eq!(
        channel
            .channel
            .headers
            .get("Content-Type")
            .map(String::as_str),
        Some("application/octet-stream")
    );
    p.put_to_channel(&channel.channel, &file, &UploadOptions::default())
        .await
        .unwrap();
    let done = p.complete_upload_channel(&channel.id).await.unwrap();
    assert_eq!(
        (done.package_name.as_str(), done.last_version.as_deref()),
        ("Channel.Pkg", Some("3.0.0"))
    );
    assert_eq!(
        env.sandbox.package_versions("Channel.Pkg"),
        vec!["3.0.0".to_string()]
    );
}

// Robot groups (5).
#[tokio::test]
async fn queues_list_get_create_update_delete() {
    let env = start().await;
    let q = env.client.queues();
    let list = q.list(&ListQuery::default()).await.unwrap();
    assert!(list.count >= 3);
    let got = q.get(&list.list[0].id).await.unwrap();
    assert_eq!(got.name, list.list[0].name);
    let created = q
        .create(&QueueCreate {
            name: "夜班 Night shift".into(),
            tags: Some(vec!["night".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    let minted = uuid::Uuid::parse_str(&created.id).unwrap();
    assert_eq!(minted.get_version_num(), 4, "the client mints a v4 id");
    assert_eq!(created.robot_count, 0);
    let updated = q
        .update(
            &created.id,
            &QueueUpdate {
                description: Some("22:00–06:00".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("22:00–06:00"));
    assert_eq!(updated.name, "夜班 Night shift");
    q.delete(&created.id).await.unwrap();
    assert_eq!(
        q.get(&created.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

// Robots (2).
#[tokio::test]
async fn robots_list_filters_by_group_and_get_matches() {
    let env = start().await;
    let all = env
        .client
        .robots()
        .list(&ListQuery::default())
        .await
        .unwrap();
    assert!(all.count >= 6);
    let statuses: std::collections::HashSet<_> =
        all.list.iter().filter_map(|r| r.status.clone()).collect();
    assert!(statuses.len() >= 2, "mixed states: {statuses:?}");
    let queue = env
        .client
        .queues()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .into_iter()
        .find(|q| q.robot_count > 0)
        .unwrap();
    let in_group = env
        .client
        .robots()
        .list(&ListQuery {
            associated_queue_id: Some(queue.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(in_group.count, queue.robot_count);
    let one = env.client.robots().get(&in_group.list[0].id).await.unwrap();
    assert_eq!(one.name, in_group.list[0].name);
}

// Workflows (10).
#[tokio::test]
async fn workflows_create_get_update_execute_delete() {
    let env = start().await;
    let c = &env.client;
    let before = c.workflows().list(&ListQuery::default()).await.unwrap();
    assert!(before.count >= 5);
    let pkg = c
        .packages()
        .list(&PackageQuery {
            include_versions: Some(true),
            ..Default::default()
        })
        .await
        .unwrap()
        .list
        .remove(0);
    let version = pkg.versions.clone().unwrap().remove(0);
    let queue = c
        .queues()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    let created = c
        .workflows()
        .create(&WorkflowCreate {
            name: "合同测试 Contract test".into(),
            package_id: pkg.id.clone(),
            package_version_id: version.id.clone(),
            associated_queue_id: queue.id.clone(),
            arguments: Some(version.arguments.clone()),
            priority: Some(4200),
            max_retry_count: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.package_name.as_deref(), Some(pkg.name.as_str()));
    assert_eq!(
        created.package_version.as_deref(),
        Some(version.version.as_str())
    );
    assert_eq!((created.priority, created.max_retry_count), (4200, 2));
    let got = c.workflows().get(&created.id).await.unwrap();
    assert_eq!(got.associated_queue_id.as_deref(), Some(queue.id.as_str()));
    let updated = c
        .workflows()
        .update(
            &created.id,
            &WorkflowUpdate {
                priority: Some(100),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (updated.priority, updated.name.as_str()),
        (100, "合同测试 Contract test")
    );

    let jobs_before = env.sandbox.jobs().len();
    let jobs = c
        .workflows()
        .execute(
            &created.id,
            &ExecuteRequest {
                priority: Some(3000),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, Some(JobState::Queued));
    assert_eq!(jobs[0].priority, 3000);
    assert_eq!(jobs[0].workflow_id.as_deref(), Some(created.id.as_str()));
    assert_eq!(env.sandbox.jobs().len(), jobs_before + 1);
    let after = c.workflows().get(&created.id).await.unwrap();
    assert_eq!(after.triggered_count, got.triggered_count + 1);
    assert!(after.last_triggered_at.is_some());

    c.workflows().delete(&created.id).await.unwrap();
    assert_eq!(
        c.workflows().get(&created.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn workflow_robots_list_add_remove() {
    let env = start().await;
    let c = &env.client;
    let wf = c
        .workflows()
        .list(&ListQuery::default())
        .await
        .unwrap()
        .list
        .remove(0);
    let queue_id = wf.associated_queue_id.clone().unwrap();
    let group_robots = c
        .robots()
        .list(&ListQuery {
            associated_queue_id: Some(queue_id),
            ..Default::default()
        })
        .await
        .unwrap();
    let linked = c.workflows().robots(&wf.id).await.unwrap();
    let candidate = group_robots
        .list
        .iter()
        .find(|r| !linked.list.iter().any(|l| l.id == r.id))
        .expect("a robot of the group not yet linked");
    let stranger = uuid::Uuid::new_v4().to_string();
    let results = c
        .workflows()
        .add_robots(&wf.id, &[candidate.id.clone(), stranger.clone()])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    let ok = results.iter().find(|r| r.robot_id == candidate.id).unwrap();
    assert!(ok.error_message.is_none(), "{ok:?}");
    let bad = results.iter().find(|r| r.robot_id == stranger).unwrap();
    assert!(bad.error_message.is_some());
    let now = c.workflows().robots(&wf.id).await.unwrap();
    assert_eq!(now.count, linked.count + 1);
    c.workflows()
        .remove_robot(&wf.id, &candidate.id)
        .await
        .unwrap();
    assert_eq!(
        c.workflows().robots(&wf.id).await.unwrap().count,
        linked.count
    );
    let again = c
        .workflows()
        .remove_robot(&wf.id, &candidate.id)
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn workflows_batch_upgrade_counts_each_outcome() {
    let env = start().await;
    let c = &env.client;
    let workflows = c.workflows().list_all(&ListQuery::default()).await.unwrap();
    let mut ids: Vec<String> = workflows.iter().map(|w| w.id.clone()).collect();
    ids.push(uuid::Uuid::new_v4().to_string());
    let result = c.workflows().upgrade(&ids).await.unwrap();
    assert_eq!(result.total, ids.len() as u64);
    assert_eq!(result.missing_count, 1);
    assert_eq!(
        result.success_count + result.failure_count + result.missing_count,
        result.total
    );
    assert!(result.success_count >= 1);
    assert_eq!(result.failed_list.len() as u64, result.failure_count);
    for w in &workflows {
        let now = c.workflows().get(&w.id).await.unwrap();
        let pkg = c
            .packages()
            .get(now.package_id.as_deref().unwrap())
            .await
            .unwrap();
        let failed = result.failed_list.iter().any(|f| f.id == w.id);
        assert_eq!(
            now.package_version_id == pkg.last_version_id,
            !failed,
            "{}",
            w.name
        );
    }
}

// Workflow layouts (3).
#[tokio::test]
async fn layouts_list_get_and_execute_one_job_per_node() {
    let env = start().await;
    let c = &env.client;
    let list = c
        .workflow_layouts()
        .list(&ListQuery::default())
        .await
        .unwrap();
    assert!(list.count >= 2);
    let layout = c.workflow_layouts().get(&list.list[0].id).await.unwrap();
    assert_eq!(layout.id, list.list[0].id);
    assert!(layout.nodes.len() >= 2);
    let group = c.workflow_layouts().execute(&layout.id).await.unwrap();
    assert_eq!(group.jobs.len(), layout.nodes.len());
    assert_eq!(group.owner_id.as_deref(), Some(layout.id.as_str()));
    let expected: Vec<_> = layout
        .ordered_nodes()
        .iter()
        .map(|n| n.workflow_id.clone())
        .collect();
    let got: Vec<_> = group.jobs.iter().map(|j| j.workflow_id.clone()).collect();
    assert_eq!(got, expected, "jobs follow node order");
    let after = c.workflow_layouts().get(&layout.id).await.unwrap();
    assert_eq!(after.triggered_count, layout.triggered_count + 1);
}
