//! Contract of the triggers and job logs through the client against the sandbox's seed (a cron,
//! two interval and two event triggers; three job logs, one failed), and a new trigger taken
//! through create, update, pause, execute (its job log polled until it ends) and delete.

use std::time::{Duration, Instant};

use flexmodel_api::*;

use crate::common::signed_in;

async fn approval_id(c: &Client) -> String {
    let q = FlowQuery {
        flow_key: Some("approval".into()),
        ..Default::default()
    };
    c.flows()
        .list(&q)
        .await
        .unwrap()
        .list
        .remove(0)
        .flow_module_id
}

#[tokio::test]
async fn the_seeded_triggers_and_job_logs() {
    let f = signed_in().await;
    let c = &f.client;
    let all = c
        .triggers()
        .list_all(&TriggerQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    let daily = all.iter().find(|t| t.name == "每日审批提醒").unwrap();
    assert_eq!(
        daily.config,
        Some(TriggerConfig::Cron {
            cron_expression: "0 0 8 * * ?".into()
        })
    );
    assert!(daily.state);
    assert_eq!(daily.job_name.as_deref(), Some("请假审批"));
    assert_eq!(daily.job_group.as_deref(), Some("approval"));
    let got = c
        .triggers()
        .get(daily.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(&got, daily);
    let event = all.iter().find(|t| t.name == "新学生入学审批").unwrap();
    assert_eq!(event.kind, TriggerType::EVENT);
    assert_eq!(event.job_group.as_deref(), Some("system_Student"));
    match &event.config {
        Some(TriggerConfig::Event {
            model_name,
            mutation_types,
            ..
        }) => assert_eq!(
            (model_name.as_str(), mutation_types.as_slice()),
            ("Student", &["create".to_owned()][..])
        ),
        other => panic!("{other:?}"),
    }
    let by_group = c
        .triggers()
        .list(&TriggerQuery {
            job_group: Some("system_Student".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_group.total, Some(2));

    let logs = c
        .job_logs()
        .list_all(&JobLogQuery::default())
        .await
        .unwrap();
    assert_eq!(logs.len(), 3);
    let failed = c
        .job_logs()
        .list(&JobLogQuery {
            is_success: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(failed.total, Some(1));
    assert_eq!(failed.list[0].execution_status.as_deref(), Some("FAILED"));
    let hourly = all.iter().find(|t| t.name == "订单同步").unwrap();
    assert_eq!(failed.list[0].trigger_id, hourly.id);
    assert_eq!(
        failed.list[0].job_id.as_deref(),
        Some(hourly.job_id.as_str())
    );
    let of_daily = c
        .job_logs()
        .list(&JobLogQuery {
            trigger_id: daily.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(of_daily.total, Some(1));
    assert_eq!(
        of_daily.list[0].execution_status.as_deref(),
        Some("SUCCESS")
    );
}

#[tokio::test]
async fn a_trigger_is_created_changed_paused_executed_and_deleted() {
    let f = signed_in().await;
    let c = &f.client;
    let flow = approval_id(c).await;
    let new = Trigger {
        description: Some("contract".into()),
        ..Trigger::for_flow(
            "contract trigger",
            &flow,
            TriggerConfig::Cron {
                cron_expression: "0 0 6 * * ?".into(),
            },
        )
    };
    let made = c.triggers().create(&new).await.unwrap();
    let id = made.id.clone().unwrap();
    assert_eq!(
        (made.name.as_str(), made.job_group.as_deref()),
        ("contract trigger", Some("approval"))
    );
    let listed = c
        .triggers()
        .list(&TriggerQuery {
            name: Some("contract trigger".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.list[0].id.as_deref(), Some(id.as_str()));

    let mut changed = made.clone();
    // (An interval trigger would fire at once: a cron at another hour keeps it quiet.)
    changed.config = Some(TriggerConfig::Cron {
        cron_expression: "0 30 7 * * ?".into(),
    });
    c.triggers().update(&id, &changed).await.unwrap();
    let read = c.triggers().get(&id).await.unwrap();
    assert_eq!(read.config, changed.config);

    let paused = c.triggers().set_enabled(&id, false).await.unwrap();
    assert!(!paused.state);
    assert!(!c.triggers().get(&id).await.unwrap().state);
    let err = c.triggers().execute(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(c
        .job_logs()
        .list(&JobLogQuery {
            trigger_id: Some(id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .list
        .is_empty());

    c.triggers().set_enabled(&id, true).await.unwrap();
    let ran = c.triggers().execute(&id).await.unwrap();
    assert_eq!(ran.id.as_deref(), Some(id.as_str()));
    // The job's log is written RUNNING before the answer and ends SUCCESS.
    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let logs = c
            .job_logs()
            .list(&JobLogQuery {
                trigger_id: Some(id.clone()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(logs.total, Some(1));
        let log = logs.list.into_iter().next().unwrap();
        if log.execution_status.as_deref() != Some("RUNNING") {
            break log;
        }
        assert!(Instant::now() < deadline, "the job never ended");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(log.execution_status.as_deref(), Some("SUCCESS"));
    assert_eq!(log.job_id.as_deref(), Some(flow.as_str()));

    c.triggers().delete(&id).await.unwrap();
    let err = c.triggers().get(&id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.to_string(), format!("there is no trigger {id}"));
    let all = c
        .triggers()
        .list_all(&TriggerQuery::default())
        .await
        .unwrap();
    assert!(all.iter().all(|t| t.id.as_deref() != Some(id.as_str())));
    assert_eq!(all.len(), 5);
}
