//! Changes that must not lose what someone set: a package update carries the ETag it read (or
//! the one given) so a change made meanwhile is not overwritten; a workflow moved to another
//! version keeps values by name and direction and says what it kept, added and dropped; a run
//! records video as asked.

use crate::common;

use serde_json::{json, Value};

use common::{failed, named, ok, run_with, stderr, stdout, version_of, Console, Tap};

fn id_of(c: &Console, what: &str, name: &str) -> String {
    let page = c.json_args(&[what, "list", "--search", name]);
    let found = page["List"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["Name"] == name);
    found.unwrap_or_else(|| panic!("no {what} {name}: {page}"))["Id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn workflows_execute_video_records_this_run_as_asked() {
    let c = Console::start();
    let id = id_of(&c, "workflows", "每日发票识别 Daily invoices");
    let jobs = c.json(&format!("workflows execute {id} --video AlwaysRecord"));
    assert_eq!(jobs[0]["VideoRecordMode"], "AlwaysRecord", "{jobs}");
    let recorded = c.sandbox.jobs();
    assert_eq!(recorded.last().unwrap()["VideoRecordMode"], "AlwaysRecord");
    let workflow = c.json(&format!("workflows get {id}"));
    assert_eq!(
        workflow["VideoRecordMode"], "ReportOnlyWhenFailed",
        "the workflow's own setting stays"
    );
}

#[test]
fn packages_update_sends_the_etag_it_read_and_only_the_fields_given() {
    let c = Console::start();
    let tap = Tap::start(&c.url);
    let id = id_of(&c, "packages", "HR.Onboarding");
    let read = c.json(&format!("packages get {id}"))["ETag"]
        .as_str()
        .unwrap()
        .to_owned();

    let args = [
        "--json",
        "packages",
        "update",
        &id,
        "--description",
        "Onboarding v2",
    ];
    let updated: Value =
        serde_json::from_str(&ok(run_with(&tap.url, &args, Some("admin")))).unwrap();
    assert_eq!(updated["Description"], "Onboarding v2");
    assert_ne!(
        updated["ETag"],
        read.as_str(),
        "the console issued a new tag"
    );
    assert_eq!(
        tap.bodies(&format!("PATCH /openapi/packages/{id} ")),
        [json!({ "ETag": read, "Description": "Onboarding v2" })],
        "the PATCH carries the tag just read, and no Tags"
    );
}

#[test]
fn a_stale_etag_is_refused_as_a_conflict_and_changes_nothing() {
    let c = Console::start();
    let id = id_of(&c, "packages", "HR.Onboarding");
    let before = c.json(&format!("packages get {id}"));
    let read = before["ETag"].as_str().unwrap().to_owned();
    // Someone changes the package after the script read it.
    ok(c.run(&format!("packages update {id} --tags hr,v2")));

    let stale = [
        "packages",
        "update",
        &id,
        "--etag",
        &read,
        "--description",
        "stale",
    ];
    let err = failed(&c.run_args(&stale), 1);
    assert!(
        err.contains("changed since the --etag given was read") && err.contains("read it again"),
        "{err}"
    );
    let now = c.json(&format!("packages get {id}"));
    assert_eq!(now["Description"], before["Description"], "nothing changed");
    assert_eq!(now["Tags"], json!(["hr", "v2"]), "the other change stays");
    let patches: Vec<u16> = c
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| r.status)
        .collect();
    assert_eq!(patches, [200, 409]);

    let fresh = now["ETag"].as_str().unwrap();
    let current = [
        "packages",
        "update",
        &id,
        "--etag",
        fresh,
        "--description",
        "fresh",
    ];
    ok(c.run_args(&current));
    assert_eq!(
        c.json(&format!("packages get {id}"))["Description"],
        "fresh"
    );
}

/// Finance.InvoiceReader 1.0.0 reshaped: `InvoiceFolder` gone, `MaxInvoices` an output now,
/// `Region` new; `ErpPassword` (an asset) and `Processed` as on 1.1.0, where the seeded
/// workflow "每日发票识别 Daily invoices" is.
fn console_with_a_reshaped_old_version() -> Console {
    Console::start_with(|state| {
        let on = version_of(state, "Finance.InvoiceReader", "1.1.0")["Arguments"].clone();
        let same = |name: &str| {
            let args = on.as_array().unwrap();
            args.iter().find(|a| a["Name"] == name).unwrap().clone()
        };
        let arguments = json!([
            { "Name": "MaxInvoices", "Type": "Int32", "Direction": "Out", "DefaultValue": null },
            same("ErpPassword"),
            same("Processed"),
            { "Name": "Region", "Type": "String", "Direction": "In", "DefaultValue": "cn-north" },
        ]);
        version_of(state, "Finance.InvoiceReader", "1.0.0")["Arguments"] = arguments;
        assert!(named(state, "workflows", "每日发票识别 Daily invoices")["Arguments"].is_array());
    })
}

#[test]
fn workflows_update_version_carries_values_by_name_and_direction_and_says_what_changed() {
    let c = console_with_a_reshaped_old_version();
    let id = id_of(&c, "workflows", "每日发票识别 Daily invoices");
    let before = c.json(&format!("workflows get {id}"));
    let package = c.json(&format!(
        "packages get {}",
        before["PackageId"].as_str().unwrap()
    ));
    let versions = package["Versions"].as_array().unwrap();
    let old = versions.iter().find(|v| v["Version"] == "1.0.0").unwrap()["Id"]
        .as_str()
        .unwrap();

    let out = c.run(&format!("--json workflows update {id} --version-id {old}"));
    let told = stderr(&out);
    let moved: Value = serde_json::from_str(&ok(out)).expect("stdout is the JSON alone");
    assert_eq!(moved["PackageVersion"], "1.0.0");
    let value = |w: &Value, name: &str| {
        let args = w["Arguments"].as_array().unwrap();
        args.iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["DefaultValue"].clone())
    };
    assert_eq!(
        value(&moved, "MaxInvoices"),
        Some(Value::Null),
        "an input's value is not carried into an output of the same name"
    );
    assert_eq!(value(&moved, "Region"), Some(json!("cn-north")));
    assert_eq!(
        value(&moved, "ErpPassword"),
        value(&before, "ErpPassword"),
        "the asset stays"
    );
    assert_eq!(value(&moved, "InvoiceFolder"), None);
    assert_eq!(
        told,
        "arguments on 1.0.0:\n\
         \x20 kept the values of ErpPassword, Processed\n\
         \x20 added Region (String, In), default \"cn-north\"\n\
         \x20 dropped MaxInvoices (Int32, In), its value \"200\" is lost\n\
         \x20 dropped InvoiceFolder (String, In), its value \"D:\\invoices\" is lost\n\
         \x20 changed MaxInvoices: direction In → Out\n"
    );

    // In table mode the same lines come first on stdout, then the workflow.
    let latest = versions[0]["Id"].as_str().unwrap();
    let out = c.run(&format!("workflows update {id} --version-id {latest}"));
    let printed = stdout(&out);
    assert!(
        printed.starts_with("arguments on 1.2.0:\n  kept the values of ErpPassword, Processed\n"),
        "{printed}"
    );
    assert!(
        printed.contains("  dropped Region (String, In), its value \"cn-north\" is lost"),
        "{printed}"
    );
    assert!(
        printed.contains("  changed MaxInvoices: direction Out → In"),
        "{printed}"
    );
    ok(out);
}
