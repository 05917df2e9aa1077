//! Know before you upgrade: `workflows upgrade` and `packages publish --upgrade-workflows` say
//! first what each upgrade does to the workflow's arguments; without --yes and without a
//! terminal to ask on (as here: stdin is not one), an upgrade that would lose a value is
//! refused with exit 2 and nothing upgraded; `--dry-run` only says.

use crate::common;

use serde_json::{json, Value};

use common::{failed, named, ok, stderr, stdout, version_of, write_dgs, Console};

fn workflow_id(c: &Console, name: &str) -> String {
    let page = c.json("workflows list --page-size 50");
    let found = page["List"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["Name"] == name);
    found.unwrap_or_else(|| panic!("no workflow {name}"))["Id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn version_of_workflow(c: &Console, id: &str) -> String {
    c.json(&format!("workflows get {id}"))["PackageVersion"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn upgrades_sent(c: &Console) -> usize {
    let log = c.sandbox.request_log();
    log.iter()
        .filter(|r| r.method == "POST" && r.path.to_ascii_lowercase().ends_with("/batch/upgrade"))
        .count()
}

const INVOICES: &str = "每日发票识别 Daily invoices";
const ORDERS: &str = "订单同步 Order sync";

/// The invoices workflow (on Finance.InvoiceReader 1.1.0) sets `Region`, an argument 1.1.0
/// declares and the latest version (1.2.0) does not: upgrading it loses "cn-east".
///
/// No seeded package has an older version with an argument its latest lacks, and an uploaded
/// version copies the newest version's arguments (a `.dgs` cannot carry them yet), so the
/// seed is edited through the sandbox's data file.
fn console_where_upgrading_drops_a_value() -> Console {
    Console::start_with(|state| {
        let region = json!({ "Name": "Region", "Type": "String", "Direction": "In", "DefaultValue": "cn-east" });
        let version = version_of(state, "Finance.InvoiceReader", "1.1.0");
        version["Arguments"]
            .as_array_mut()
            .unwrap()
            .push(region.clone());
        let workflow = named(state, "workflows", INVOICES);
        workflow["Arguments"].as_array_mut().unwrap().push(region);
    })
}

#[test]
fn an_upgrade_says_first_what_it_adds_then_asks_the_console() {
    let c = Console::start();
    let id = workflow_id(&c, ORDERS);
    // 2.0.0 adds ApiKey with no default: nothing is lost, so it goes ahead without --yes (and
    // the console then refuses it for the missing value).
    let out = c.run(&format!("workflows upgrade {id}"));
    let err = failed(&out, 1);
    assert!(err.contains("1 of 1 workflows were not upgraded"), "{err}");
    let printed = stdout(&out);
    let preview = format!("{ORDERS}: 1.0.0 → 2.0.0\n    added ApiKey (String, In), no default\n");
    assert!(printed.starts_with(&preview), "{printed}");
    assert!(printed.contains("adds input argument ApiKey"), "{printed}");
    assert_eq!(upgrades_sent(&c), 1);

    // With --json, stdout is the console's answer alone and the preview goes to stderr.
    let out = c.run(&format!("--json workflows upgrade {id}"));
    assert_eq!(out.status.code(), Some(1));
    let answer: Value = serde_json::from_str(&stdout(&out)).expect("only JSON on stdout");
    assert_eq!(answer["FailureCount"], 1, "{answer}");
    assert!(stderr(&out).starts_with(&preview), "{}", stderr(&out));
}

#[test]
fn an_upgrade_that_would_lose_a_value_is_refused_without_yes_and_done_with_it() {
    let c = console_where_upgrading_drops_a_value();
    let id = workflow_id(&c, INVOICES);
    let out = c.run(&format!("workflows upgrade {id}"));
    let err = failed(&out, 2);
    assert_eq!(
        err,
        format!(
            "error: nothing upgraded: these upgrades would lose what the workflows set:\n  \
             {INVOICES} (1.1.0 → 1.2.0): drops Region (value \"cn-east\")\n\
             pass --yes to upgrade anyway\n"
        )
    );
    let printed = stdout(&out);
    assert!(
        printed.contains(&format!(
            "{INVOICES}: 1.1.0 → 1.2.0\n    dropped Region (String, In), its value \"cn-east\" is lost\n"
        )),
        "{printed}"
    );
    assert_eq!(upgrades_sent(&c), 0, "nothing was asked of the console");
    assert_eq!(version_of_workflow(&c, &id), "1.1.0");

    ok(c.run(&format!("workflows upgrade --yes {id}")));
    assert_eq!(version_of_workflow(&c, &id), "1.2.0");
    let args = c.json(&format!("workflows get {id}"))["Arguments"].clone();
    assert!(
        !args
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "Region"),
        "{args}"
    );
}

#[test]
fn dry_run_says_what_each_upgrade_would_do_and_upgrades_nothing() {
    let c = Console::start();
    let orders = workflow_id(&c, ORDERS);
    let statements = workflow_id(&c, "Bank statements 银行流水");
    let previews = c.json(&format!(
        "workflows upgrade --dry-run {orders} {statements}"
    ));
    let previews = previews.as_array().expect("one preview per workflow");
    assert_eq!(previews.len(), 2);
    let first = &previews[0];
    assert_eq!(first["workflowId"], orders.as_str());
    assert_eq!(
        [&first["fromVersion"], &first["toVersion"]],
        ["1.0.0", "2.0.0"]
    );
    assert_eq!(first["upToDate"], false);
    assert_eq!(first["changes"]["added"][0]["Name"], "ApiKey", "{first}");
    assert_eq!(previews[1]["upToDate"], true);

    let printed = ok(c.run(&format!(
        "workflows upgrade --dry-run {orders} {statements}"
    )));
    assert_eq!(
        printed,
        format!(
            "{ORDERS}: 1.0.0 → 2.0.0\n    added ApiKey (String, In), no default\n\
             Bank statements 银行流水: already on 2.1.0\n\
             dry run: 1 of 2 would move; nothing was upgraded\n"
        )
    );
    assert_eq!(upgrades_sent(&c), 0);
    assert_eq!(version_of_workflow(&c, &orders), "1.0.0");
}

#[test]
fn publish_holds_back_an_upgrade_that_would_lose_a_value_until_yes() {
    let c = console_where_upgrading_drops_a_value();
    let id = workflow_id(&c, INVOICES);
    let dir = tempfile::tempdir().unwrap();
    let file = write_dgs(dir.path(), "Finance.InvoiceReader", "1.3.0");
    let out = c.run_args(&[
        "packages",
        "publish",
        "--upgrade-workflows",
        file.to_str().unwrap(),
    ]);
    let err = failed(&out, 2);
    assert!(
        err.contains(&format!(
            "{INVOICES} (1.1.0 → 1.3.0): drops Region (value \"cn-east\")"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("workflows upgrade --yes {id}")),
        "{err}"
    );
    assert!(err.ends_with("pass --yes to upgrade anyway\n"), "{err}");
    let printed = stdout(&out);
    assert!(
        printed.contains(&format!(
            "  {INVOICES}: 1.1.0 → 1.3.0\n      dropped Region (String, In), its value \"cn-east\" is lost\n"
        )),
        "{printed}"
    );
    assert!(
        printed.contains("published 1 of 1 files, 0 workflows upgraded, 0 failed, 1 held back"),
        "{printed}"
    );
    assert!(c
        .sandbox
        .package_versions("Finance.InvoiceReader")
        .contains(&"1.3.0".to_string()));
    assert_eq!(upgrades_sent(&c), 0);
    assert_eq!(version_of_workflow(&c, &id), "1.1.0");

    let next = write_dgs(dir.path(), "Finance.InvoiceReader", "1.4.0");
    let report = c.json_args(&[
        "packages",
        "publish",
        "--upgrade-workflows",
        "--yes",
        next.to_str().unwrap(),
    ]);
    assert_eq!(report[0]["upgrade"]["upgraded"], 1, "{report}");
    assert_eq!(version_of_workflow(&c, &id), "1.4.0");
}
