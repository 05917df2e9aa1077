//! The list filters the API document offers, as flags: by package version for workflows, by
//! name and upload time for packages, by package and version for robots and robot groups.
//! Each keeps exactly what the seed says it should.

use crate::common;

use common::Console;
use serde_json::Value;

/// The `Name`s on a list page, in the order given.
fn names(page: &Value) -> Vec<String> {
    page["List"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|d| d["Name"].as_str().unwrap().to_owned())
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// The seeded package named `name`, with its versions.
fn package(c: &Console, name: &str) -> Value {
    let page = c.json(&format!("packages list --name {name}"));
    let id = page["List"][0]["Id"]
        .as_str()
        .expect("a package")
        .to_owned();
    c.json(&format!("packages get {id}"))
}

fn version_id(package: &Value, version: &str) -> String {
    let versions = package["Versions"].as_array().unwrap();
    let found = versions.iter().find(|v| v["Version"] == version);
    found.expect("a seeded version")["Id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn workflows_list_by_version_id_keeps_the_workflows_on_that_version() {
    let c = Console::start();
    let invoices = package(&c, "Finance.InvoiceReader");
    let (on, latest) = (
        version_id(&invoices, "1.1.0"),
        version_id(&invoices, "1.2.0"),
    );
    let page = c.json(&format!("workflows list --version-id {on}"));
    assert_eq!(names(&page), ["每日发票识别 Daily invoices"]);
    let package_id = invoices["Id"].as_str().unwrap();
    let both = format!("workflows list --package {package_id} --version-id {on}");
    assert_eq!(names(&c.json(&both)), ["每日发票识别 Daily invoices"]);
    let page = c.json(&format!("workflows list --version-id {latest}"));
    assert_eq!(page["Count"], 0, "nobody is on 1.2.0 yet: {page}");
    let asked = c.sandbox.request_log().into_iter().any(|r| {
        r.path.eq_ignore_ascii_case("/openapi/workflows")
            && r.query
                .is_some_and(|q| q.contains(&format!("PackageVersionId={latest}")))
    });
    assert!(asked, "the console was asked with PackageVersionId");
}

#[test]
fn packages_list_by_name_matches_names_not_descriptions_or_tags() {
    let c = Console::start();
    // 财务 is a tag of two seeded packages and in no package's name.
    let searched = c.json("packages list --search 财务 --page-size 50");
    assert_eq!(
        sorted(names(&searched)),
        ["Bank.StatementDownload", "Finance.InvoiceReader"]
    );
    let named = c.json("packages list --name 财务");
    assert_eq!(named["Count"], 0, "{named}");
    assert_eq!(
        names(&c.json("packages list --name invoice")),
        ["Finance.InvoiceReader"]
    );
}

#[test]
fn packages_list_since_and_until_keep_the_packages_uploaded_in_between() {
    let c = Console::start();
    let all = c.json("packages list --page-size 50");
    let bank = all["List"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["Name"] == "Bank.StatementDownload")
        .unwrap()["CreatedAt"]
        .as_str()
        .unwrap()
        .to_owned();
    // The seed uploads its packages ten days apart: a plain date holds one of them, from the
    // start of that day to its end.
    let day = &bank[..10];
    let that_day = c.json(&format!("packages list --since {day} --until {day}"));
    assert_eq!(names(&that_day), ["Bank.StatementDownload"]);

    let since = c.json(&format!("packages list --since {bank} --page-size 50"));
    assert_eq!(
        names(&since),
        [
            "IT.PasswordReset",
            "Web.PriceMonitor",
            "Report.DailySales",
            "Bank.StatementDownload"
        ]
    );
    let until = c.json(&format!("packages list --until {bank} --page-size 50"));
    assert_eq!(
        names(&until),
        [
            "Bank.StatementDownload",
            "邮件自动回复",
            "HR.Onboarding",
            "ERP.OrderSync",
            "Finance.InvoiceReader"
        ]
    );
    let sent = c.sandbox.request_log().into_iter().filter_map(|r| r.query);
    let asked = sent
        .into_iter()
        .any(|q| q.contains(&format!("StartTime={day}T00%3A00%3A00.000Z")));
    assert!(asked, "a date is sent as the start of that day in UTC");
}

#[test]
fn robots_list_by_package_and_version_keeps_the_robots_of_groups_running_it() {
    let c = Console::start();
    let orders = package(&c, "ERP.OrderSync");
    // Order sync runs (on 1.0.0) on the night batch group, which FIN-BOT-02 also serves.
    let night = ["FIN-BOT-02", "夜班机器人-01", "夜班机器人-02"];
    let id = orders["Id"].as_str().unwrap();
    assert_eq!(
        sorted(names(&c.json(&format!("robots list --package {id}")))),
        night
    );
    let v1 = version_id(&orders, "1.0.0");
    assert_eq!(
        sorted(names(&c.json(&format!("robots list --version-id {v1}")))),
        night
    );
    let v2 = version_id(&orders, "2.0.0");
    let none = c.json(&format!("robots list --package {id} --version-id {v2}"));
    assert_eq!(none["Count"], 0, "{none}");
}

#[test]
fn queues_list_by_package_and_version_keeps_the_groups_running_it() {
    // The sandbox learnt these filters on the robot-group list at the same time as the CLI.
    let c = Console::start();
    let invoices = package(&c, "Finance.InvoiceReader");
    let id = invoices["Id"].as_str().unwrap();
    let finance = ["财务机器人组 Finance robots"];
    assert_eq!(
        names(&c.json(&format!("queues list --package {id}"))),
        finance
    );
    let on = version_id(&invoices, "1.1.0");
    assert_eq!(
        names(&c.json(&format!("queues list --version-id {on}"))),
        finance
    );
    let latest = version_id(&invoices, "1.2.0");
    let none = c.json(&format!("queues list --version-id {latest}"));
    assert_eq!(none["Count"], 0, "{none}");
}
