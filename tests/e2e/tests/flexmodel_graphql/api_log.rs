//! The API log screen: its rows (made by the app's own calls, a refused one among them), the
//! pages, its filters in the address, the chart, the most called APIs, a row's detail, the
//! keyword, and bad time ranges refused with nothing sent. Run in the dark theme.

use console_desk_e2e::{open_on_flexmodel_sandbox, App};
use serde_json::json;

use super::support::{invoke, record_commands, sent, set_query};

#[tokio::test(flavor = "multi_thread")]
async fn api_log_filters_charts_details_and_refuses_bad_ranges_unsent() {
    let app = App::launch_with(
        "fm-logs",
        &[("GTK_THEME", "Adwaita:dark")],
        open_on_flexmodel_sandbox,
    )
    .await;
    app.wait_script("return document.getElementById('project-switch')?.value")
        .await;
    // More rows than a page holds: twenty reads of the projects (the oldest rows).
    for _ in 0..20 {
        invoke(&app, "flexmodel_projects_list", json!({}))
            .await
            .unwrap();
    }
    // Rows of the log: two calls the console refuses, and a GraphQL query with a marker.
    for _ in 0..2 {
        let refused = invoke(
            &app,
            "flexmodel_records_list",
            json!({ "datasource": "system", "model": "NoSuchModel", "query": {} }),
        )
        .await
        .unwrap_err();
        assert!(
            refused["message"].as_str().unwrap().contains("NoSuchModel"),
            "{refused}"
        );
    }
    invoke(
        &app,
        "flexmodel_graphql_execute",
        json!({ "request": { "query": "{ system_list_Classes { id } } # logs-marker" } }),
    )
    .await
    .unwrap();

    app.click("a[data-route=logs]").await;
    app.wait_text("#logs-table tbody", "NoSuchModel").await;
    app.wait_text("#logs-table tbody", "/f/graphql").await;
    // The chart: stacked bars of successes and failures, the failures counting our two.
    app.wait_script("return document.querySelector('#logs-chart svg rect[data-series]')")
        .await;
    let failed = app
        .run(
            "return [...document.querySelectorAll('#logs-chart rect[data-series=Failed]')].reduce((n, r) => n + Number(r.dataset.value), 0)",
            vec![],
        )
        .await;
    assert!(failed.as_u64().unwrap() >= 2, "{failed}");
    let legend = app
        .run("return [...document.querySelectorAll('#logs-chart .chart-legend li')].map((li) => li.textContent)", vec![])
        .await;
    assert_eq!(legend, json!(["Succeeded", "Failed"]));
    let refused_total = app
        .run(
            "const li = [...document.querySelectorAll('#logs-top li')].find((l) => l.dataset.name.includes('NoSuchModel')); return li && li.querySelector('.logs-top-count').textContent",
            vec![],
        )
        .await;
    assert_eq!(refused_total, json!("2"));
    app.screenshot("fm-logs").await;
    // Pages read from the console, the page kept in the address.
    let first_page = app
        .wait_text("#logs-table .table-footer span", "Page 1 of")
        .await;
    assert!(first_page.contains("Page 1 of 2"), "{first_page}");
    app.click_text("#logs-table .table-footer button", "Next")
        .await;
    app.wait_text("#logs-table .table-footer", "Page 2 of 2")
        .await;
    app.wait_script("return location.hash.includes('page=2')")
        .await;
    let rows = app
        .run(
            "return document.querySelectorAll('#logs-table tbody tr').length",
            vec![],
        )
        .await;
    let total: u64 = first_page
        .split(" · ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" in all")
        .parse()
        .unwrap();
    assert_eq!(rows, json!(total - 20), "the second page holds the rest");

    // Failures only: in the address, and every row refused.
    app.select("#logs-success", "false").await;
    app.wait_script("return location.hash.includes('ok=false')")
        .await;
    app.wait_script(
        "const rows = [...document.querySelectorAll('#logs-table tbody tr')]; return rows.length > 0 && rows.every((r) => r.querySelector('.badge-error'))",
    )
    .await;
    app.wait_text("#logs-table tbody", "NoSuchModel").await;
    app.screenshot("fm-logs-failures").await;
    // A row's detail: the error, the URL, the headers the request carried.
    app.click("#logs-table tbody tr:first-child .logs-path")
        .await;
    let detail = app
        .wait_text("#log-detail", "Model not found: NoSuchModel")
        .await;
    assert!(detail.contains("x-tenant-id"), "{detail}");
    assert!(
        detail.contains("/api/f/datasources/system/models/NoSuchModel/records"),
        "{detail}"
    );
    app.screenshot("fm-logs-detail").await;
    app.click("dialog.modal .modal-actions button").await;

    // The keyword searches request bodies: the GraphQL call's body, shown in its detail.
    app.select("#logs-success", "").await;
    app.fill("#logs-keyword", "logs-marker").await;
    app.wait_script("return location.hash.includes('q=logs-marker')")
        .await;
    app.wait_script(
        "const rows = document.querySelectorAll('#logs-table tbody tr'); return rows.length === 1 && rows[0].textContent.includes('/f/graphql')",
    )
    .await;
    app.click("#logs-table tbody tr:first-child button[data-action=detail]")
        .await;
    app.wait_text("#log-body", "logs-marker").await;
    app.click("dialog.modal .modal-actions button").await;
    app.click("button[data-range='1h']").await;
    app.wait_script("return location.hash.includes('range=1h') && document.getElementById('logs-from').value !== ''")
        .await;
    app.wait_text("#logs-table tbody", "/f/graphql").await;

    // Bad time ranges: each message under its field, nothing asked, the rows left as they were.
    record_commands(&app).await;
    let table: [(&str, &str, &str, &str); 3] = [
        (
            "2030-01-02T10:00:00",
            "2030-01-01T10:00:00",
            "from",
            "The start must be before the end.",
        ),
        (
            "",
            "2030-01-01T10:00:00",
            "from",
            "Pick the start of the range.",
        ),
        (
            "2030-01-01T10:00:00",
            "",
            "to",
            "Pick the end of the range.",
        ),
    ];
    for (from, to, field, message) in table {
        app.run(
            "document.getElementById('logs-from').value = arguments[0]; const to = document.getElementById('logs-to'); to.value = arguments[1]; to.dispatchEvent(new Event('change'));",
            vec![json!(from), json!(to)],
        )
        .await;
        app.wait_text(
            &format!("#logs-filters .field[data-for={field}] .field-error"),
            message,
        )
        .await;
        app.screenshot(&format!("fm-logs-bad-range-{field}")).await;
    }
    assert_eq!(sent(&app, "flexmodel_api_logs").await, Vec::<String>::new());
    app.wait_text("#logs-table tbody", "/f/graphql").await;
    // A good range is read again (the check above would have seen it).
    app.run(
        "document.getElementById('logs-from').value = '2000-01-01T00:00:00'; const to = document.getElementById('logs-to'); to.value = '2099-01-01T00:00:00'; to.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await;
    app.wait_script("return location.hash.includes('from=2000-01-01') && window.__sent.includes('flexmodel_api_logs_list')")
        .await;

    // The GraphQL screen in the dark theme, for a look.
    app.click("a[data-route=graphql]").await;
    app.wait_text("#gql-schema", "Schema read").await;
    set_query(&app, "{ system_list_Classes { id className } }").await;
    app.click("#gql-run").await;
    app.wait_script("return document.querySelector('#gql-data')")
        .await;
    app.screenshot("fm-graphql-dark").await;
    app.close().await;
}
