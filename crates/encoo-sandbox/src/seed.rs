//! Demo data worth looking at: two companies, two users (admin everywhere, operator in Finance
//! only), a department tree three levels deep, packages with several versions and typed
//! arguments, robot groups, robots in mixed states, workflows (one a version behind, one whose
//! upgrade fails its argument check, one with notifications on) and two layouts; names in
//! Chinese and English. Ids are stable (uuid v5 of a name) so screenshots and docs stay true.

use serde_json::{json, Value};

use crate::store::{etag, Scope, Store, DEMO_USER_ID, OPERATOR_USER_ID};
use crate::{DEMO_USERNAME, OPERATOR_USERNAME};

/// A stable id: the uuid v5 of `name`.
pub(crate) fn id(name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("encoo-sandbox:{name}").as_bytes(),
    )
    .to_string()
}

/// `days` days and `minutes` minutes before now, as the API writes times.
fn ago(days: i64, minutes: i64) -> String {
    let t = chrono::Utc::now() - chrono::Duration::days(days) - chrono::Duration::minutes(minutes);
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn stamped(mut doc: Value, scope: &Scope, days: i64) -> Value {
    scope.stamp(&mut doc);
    doc["CreatedAt"] = json!(ago(days, 0));
    doc["ModifiedAt"] = json!(ago(days.min(3), 7));
    doc
}

fn arg(name: &str, ty: &str, direction: &str, default: Option<&str>) -> Value {
    json!({ "Name": name, "Type": ty, "Direction": direction, "DefaultValue": default })
}

fn asset_arg(name: &str, asset: &str) -> Value {
    json!({
        "Name": name, "Type": "String", "Direction": "In", "DefaultValue": id(asset),
        "AssetContent": { "Name": asset, "Description": format!("{asset} (asset)"), "IsRequiredEncryption": true }
    })
}

pub(crate) struct Pkg<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub tags: &'a [&'a str],
    /// Oldest first: (version, arguments).
    pub versions: Vec<(&'a str, Vec<Value>)>,
}

pub(crate) fn package(p: Pkg<'_>, scope: &Scope, days: i64) -> Value {
    let pid = id(p.name);
    let count = p.versions.len() as i64;
    let mut versions: Vec<Value> = p
        .versions
        .into_iter()
        .enumerate()
        .map(|(i, (version, arguments))| {
            let age = days - i as i64 * (days / count).max(1);
            stamped(
                json!({
                    "Id": id(&format!("{}@{version}", p.name)), "PackageId": pid, "Version": version,
                    "Description": format!("{} {version}", p.description), "Arguments": arguments,
                    "ETag": etag(), "UploadTime": ago(age, 0), "TotalDownloads": 3 + i,
                }),
                scope,
                age,
            )
        })
        .collect();
    versions.reverse();
    let mut doc = stamped(
        json!({
            "Id": pid, "Name": p.name, "Description": p.description, "Tags": p.tags,
            "TotalDownloads": 12, "ETag": etag(), "IconUrl": null,
        }),
        scope,
        days,
    );
    doc["Versions"] = json!(versions);
    crate::packages::refresh_last_version(&mut doc);
    doc
}

pub(crate) fn store() -> Store {
    let mut s = Store::default();
    let demo = id("company/demo");
    let northwind = id("company/northwind");
    s.companies = vec![
        json!({ "Id": demo, "Name": "云扩演示公司 Encoo Demo Co.", "Edition": "Enterprise", "Description": "The sandbox's main company", "Tags": ["demo"], "CreatedAt": ago(400, 0), "CompanyUserId": id("cu/demo"), "CompanyUserName": "admin" }),
        json!({ "Id": northwind, "Name": "Northwind 自动化 Automation", "Edition": "Community", "Description": "A second company to switch to", "Tags": [], "CreatedAt": ago(200, 0), "CompanyUserId": id("cu/northwind"), "CompanyUserName": "admin" }),
    ];
    let dept = |key: &str, name: &str, company: &str, parent: Option<&str>| json!({ "Id": id(key), "Name": name, "CompanyId": company, "ParentId": parent.map(id), "Description": null, "Tags": [], "UserCount": 3, "CreatedAt": ago(300, 0), "ETag": etag() });
    s.departments = vec![
        dept("d/hq", "总部 Headquarters", &demo, None),
        dept("d/finance", "财务部 Finance", &demo, Some("d/hq")),
        dept("d/payables", "应付组 Payables", &demo, Some("d/finance")),
        dept("d/hr", "人力资源 HR", &demo, Some("d/hq")),
        dept("d/recruiting", "招聘组 Recruiting", &demo, Some("d/hr")),
        dept("d/nw", "Northwind", &northwind, None),
        dept("d/nw-ops", "运营 Operations", &northwind, Some("d/nw")),
        dept(
            "d/nw-night",
            "夜班 Night shift",
            &northwind,
            Some("d/nw-ops"),
        ),
    ];
    for company in [&demo, &northwind] {
        s.users.push(json!({
            "Id": id(&format!("cu/{company}")), "UserId": DEMO_USER_ID, "UserName": "admin",
            "Name": "演示管理员 Demo Admin", "Email": "admin@sandbox.invalid", "PhoneNumber": null,
            "CompanyId": company, "IsCompanyOwner": company == &demo, "IsExternalUser": false,
            "HasModifiedPassword": true, "RoleIds": [id("role/admin")], "Status": "Active",
            "ResourceType": "CompanyUser", "Tags": [], "CreatedAt": ago(400, 0), "LastLoginAt": ago(0, 5),
        }));
    }
    // A second user, in the demo company only, who may act in Finance and below it only.
    s.users.push(json!({
        "Id": id("cu/demo/operator"), "UserId": OPERATOR_USER_ID, "UserName": OPERATOR_USERNAME,
        "Name": "财务操作员 Finance Operator", "Email": "operator@sandbox.invalid", "PhoneNumber": null,
        "CompanyId": demo, "IsCompanyOwner": false, "IsExternalUser": false,
        "HasModifiedPassword": true, "RoleIds": [id("role/operator")], "Status": "Active",
        "ResourceType": "CompanyUser", "AssignedDepartmentId": id("d/finance"), "Tags": [],
        "CreatedAt": ago(120, 0), "LastLoginAt": ago(1, 40),
    }));
    let hq = Scope {
        company_id: demo.clone(),
        department_id: id("d/hq"),
        user_name: DEMO_USERNAME.into(),
        user_id: DEMO_USER_ID.into(),
    };
    let finance = Scope {
        department_id: id("d/finance"),
        ..hq.clone()
    };
    let nw = Scope {
        company_id: northwind.clone(),
        department_id: id("d/nw"),
        ..hq.clone()
    };

    let invoice_args = || {
        vec![
            arg("InvoiceFolder", "String", "In", Some("D:\\invoices")),
            arg("MaxInvoices", "Int32", "In", Some("200")),
            asset_arg("ErpPassword", "erp-password"),
            arg("Processed", "Int32", "Out", None),
        ]
    };
    let packages = [
        (
            Pkg {
                name: "Finance.InvoiceReader",
                description: "发票识别 Reads invoices into the ERP",
                tags: &["财务", "ocr"],
                versions: vec![
                    ("1.0.0", invoice_args()),
                    ("1.1.0", invoice_args()),
                    ("1.2.0", invoice_args()),
                ],
            },
            90,
        ),
        (
            Pkg {
                name: "ERP.OrderSync",
                description: "订单同步 Syncs orders between shop and ERP",
                tags: &["erp"],
                versions: vec![
                    (
                        "1.0.0",
                        vec![arg("Since", "DateTime", "In", Some("2024-01-01T00:00:00Z"))],
                    ),
                    (
                        "2.0.0",
                        vec![
                            arg("Since", "DateTime", "In", Some("2024-01-01T00:00:00Z")),
                            arg("ApiKey", "String", "In", None),
                        ],
                    ),
                ],
            },
            80,
        ),
        (
            Pkg {
                name: "HR.Onboarding",
                description: "新员工入职 Creates accounts for new hires",
                tags: &["hr"],
                versions: vec![
                    (
                        "0.9.0",
                        vec![arg("SendWelcomeMail", "Boolean", "In", Some("true"))],
                    ),
                    (
                        "1.0.0",
                        vec![
                            arg("SendWelcomeMail", "Boolean", "In", Some("true")),
                            arg("Accounts", "Int32", "Out", None),
                        ],
                    ),
                ],
            },
            70,
        ),
        (
            Pkg {
                name: "邮件自动回复",
                description: "Auto-replies to customer mail 客服邮件",
                tags: &["mail", "客服"],
                versions: vec![(
                    "1.0.0",
                    vec![
                        arg("Mailbox", "String", "In", Some("service@example.com")),
                        asset_arg("MailPassword", "mail-password"),
                    ],
                )],
            },
            60,
        ),
        (
            Pkg {
                name: "Bank.StatementDownload",
                description: "银行流水下载 Downloads daily bank statements",
                tags: &["财务", "bank"],
                versions: vec![
                    ("2.0.0", vec![arg("Days", "Int32", "In", Some("1"))]),
                    (
                        "2.1.0",
                        vec![
                            arg("Days", "Int32", "In", Some("1")),
                            arg("Format", "String", "In", Some("csv")),
                        ],
                    ),
                ],
            },
            50,
        ),
        (
            Pkg {
                name: "Report.DailySales",
                description: "日销售报表 Builds the daily sales report",
                tags: &["report"],
                versions: vec![
                    (
                        "1.0.0",
                        vec![
                            arg("Recipients", "String", "In", Some("sales@example.com")),
                            arg("Rows", "Int32", "Out", None),
                        ],
                    ),
                    (
                        "1.0.1",
                        vec![
                            arg("Recipients", "String", "In", Some("sales@example.com")),
                            arg("Rows", "Int32", "Out", None),
                        ],
                    ),
                ],
            },
            40,
        ),
        (
            Pkg {
                name: "Web.PriceMonitor",
                description: "竞品价格监控 Watches competitor prices",
                tags: &["web"],
                versions: vec![(
                    "3.0.0",
                    vec![
                        arg("Urls", "String", "In", Some("https://shop.example/list")),
                        arg("Threshold", "Double", "In", Some("0.05")),
                    ],
                )],
            },
            30,
        ),
        (
            Pkg {
                name: "IT.PasswordReset",
                description: "密码重置 Resets user passwords on request",
                tags: &["it"],
                versions: vec![
                    ("1.0.0", vec![arg("Ticket", "String", "InOut", None)]),
                    ("1.1.0", vec![arg("Ticket", "String", "InOut", None)]),
                    ("1.2.0", vec![arg("Ticket", "String", "InOut", None)]),
                ],
            },
            20,
        ),
    ];
    for (p, days) in packages {
        s.packages.push(package(p, &hq, days));
    }
    s.packages.push(package(
        Pkg {
            name: "Finance.Reconcile",
            description: "对账 Reconciles payables",
            tags: &["财务"],
            versions: vec![("1.0.0", vec![arg("Month", "String", "In", Some("2024-06"))])],
        },
        &finance,
        45,
    ));
    s.packages.push(package(
        Pkg {
            name: "Northwind.Inventory",
            description: "Inventory count 库存盘点",
            tags: &[],
            versions: vec![("1.0.0", vec![])],
        },
        &nw,
        33,
    ));

    let queue = |key: &str, name: &str, description: &str, scope: &Scope, days: i64| {
        stamped(
            json!({ "Id": id(key), "Name": name, "Description": description, "Tags": [], "Properties": {} }),
            scope,
            days,
        )
    };
    s.queues = vec![
        queue(
            "q/finance",
            "财务机器人组 Finance robots",
            "Robots with ERP access",
            &hq,
            95,
        ),
        queue(
            "q/night",
            "Night batch 夜间批处理",
            "Runs from 22:00 to 06:00",
            &hq,
            85,
        ),
        queue(
            "q/web",
            "Web scrapers 网页采集",
            "Robots with a browser",
            &hq,
            75,
        ),
        queue("q/payables", "应付机器人 Payables robots", "", &finance, 44),
        queue("q/nw", "Northwind robots", "", &nw, 30),
    ];
    let robot = |key: &str, name: &str, status: &str, license: &str, days: i64, scope: &Scope| {
        stamped(
            json!({
                "Id": id(key), "Name": name, "Description": format!("{name} on its own VM"), "Status": status,
                "LicenseStatus": license, "ListeningStatus": if status == "Disconnected" { json!("Offline") } else { json!("Listening") },
                "CurrentDeviceId": id(&format!("device/{key}")), "LastHeartbeatTime": ago(0, if status == "Disconnected" { 600 } else { 1 }),
                "SdkVersion": "2024.6.1", "CanUpgrade": status == "Disconnected", "ClientSku": "Enterprise", "Version": "2024.6.1",
            }),
            scope,
            days,
        )
    };
    s.robots = vec![
        robot("r/fin-01", "FIN-BOT-01", "Ready", "ServerLicensed", 94, &hq),
        robot("r/fin-02", "FIN-BOT-02", "Busy", "ServerLicensed", 93, &hq),
        robot(
            "r/night-01",
            "夜班机器人-01",
            "Ready",
            "PoolLicensed",
            84,
            &hq,
        ),
        robot(
            "r/night-02",
            "夜班机器人-02",
            "Disconnected",
            "PoolLicensed",
            83,
            &hq,
        ),
        robot("r/web-01", "WEB-01", "Busy", "ClientLicensed", 74, &hq),
        robot("r/web-02", "WEB-02", "Ready", "Unlicensed", 73, &hq),
        robot(
            "r/ap-01",
            "AP-BOT-01",
            "Ready",
            "ServerLicensed",
            43,
            &finance,
        ),
        robot("r/nw-01", "NW-01", "Disconnected", "Unlicensed", 29, &nw),
    ];
    for (r, q) in [
        ("r/fin-01", "q/finance"),
        ("r/fin-02", "q/finance"),
        ("r/night-01", "q/night"),
        ("r/night-02", "q/night"),
        ("r/fin-02", "q/night"),
        ("r/web-01", "q/web"),
        ("r/web-02", "q/web"),
        ("r/ap-01", "q/payables"),
        ("r/nw-01", "q/nw"),
    ] {
        s.robot_queues.entry(id(r)).or_default().push(id(q));
    }

    let workflow = |s: &mut Store,
                    key: &str,
                    name: &str,
                    pkg: &str,
                    version: &str,
                    q: &str,
                    robot: &str,
                    scope: &Scope,
                    days: i64,
                    triggered: u64| {
        let p = s
            .packages
            .iter()
            .find(|p| p["Name"] == pkg)
            .expect("seeded package");
        let v = p["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["Version"] == version)
            .expect("seeded version")
            .clone();
        let doc = stamped(
            json!({
                "Id": id(key), "Name": name, "Description": format!("{name}: {}", p["Description"].as_str().unwrap_or_default()),
                "Tags": p["Tags"], "Arguments": v["Arguments"], "VideoRecordMode": "ReportOnlyWhenFailed",
                "Properties": {}, "JobStateNotification": { "SwitchOn": false, "JustNoticeAgainstLastRuninstance": false, "Conditions": null, "Recipients": [] },
                "PackageName": pkg, "PackageId": p["Id"], "PackageVersionId": v["Id"], "PackageVersion": version,
                "AssociatedQueueId": id(q), "Priority": 2000, "MaxRetryCount": 1, "TriggerPolicy": "SkipWhenNoResource",
                "LastTriggeredAt": (triggered > 0).then(|| ago(days / 10, 30 + days)), "TriggeredCount": triggered,
            }),
            scope,
            days,
        );
        s.workflow_robots.insert(id(key), vec![id(robot)]);
        s.workflows.push(doc);
    };
    workflow(
        &mut s,
        "w/invoices",
        "每日发票识别 Daily invoices",
        "Finance.InvoiceReader",
        "1.1.0",
        "q/finance",
        "r/fin-01",
        &hq,
        60,
        42,
    );
    workflow(
        &mut s,
        "w/orders",
        "订单同步 Order sync",
        "ERP.OrderSync",
        "1.0.0",
        "q/night",
        "r/night-01",
        &hq,
        55,
        120,
    );
    workflow(
        &mut s,
        "w/statements",
        "Bank statements 银行流水",
        "Bank.StatementDownload",
        "2.1.0",
        "q/finance",
        "r/fin-02",
        &hq,
        50,
        18,
    );
    workflow(
        &mut s,
        "w/sales",
        "日报 Daily sales report",
        "Report.DailySales",
        "1.0.1",
        "q/night",
        "r/night-02",
        &hq,
        35,
        7,
    );
    workflow(
        &mut s,
        "w/prices",
        "Price watch 价格监控",
        "Web.PriceMonitor",
        "3.0.0",
        "q/web",
        "r/web-01",
        &hq,
        25,
        0,
    );
    workflow(
        &mut s,
        "w/reconcile",
        "月度对账 Monthly reconcile",
        "Finance.Reconcile",
        "1.0.0",
        "q/payables",
        "r/ap-01",
        &finance,
        40,
        3,
    );
    // Notification settings worth keeping: an edit that drops them is easy to see. The doc
    // gives `Conditions` no type; this object is the sandbox's choice.
    if let Some(w) = s
        .workflows
        .iter_mut()
        .find(|w| w["Id"] == id("w/statements"))
    {
        w["JobStateNotification"] = json!({
            "SwitchOn": true, "JustNoticeAgainstLastRuninstance": true,
            "Conditions": { "States": ["Failed", "Cancelled"], "MinDurationSeconds": 600 },
            "Recipients": ["ops@sandbox.invalid"],
        });
    }

    let node = |i: i64, wf: &str, name: &str| json!({ "Id": id(&format!("node/{wf}/{i}")), "Index": i, "Name": name, "WorkflowId": id(wf), "Description": null, "Tags": [], "Arguments": [] });
    s.layouts = vec![
        stamped(
            json!({ "Id": id("l/month-end"), "Name": "月末结账 Month-end close", "Description": "Statements, then invoices, then the sales report", "Tags": ["财务"], "Properties": {},
            "Nodes": [node(2, "w/invoices", "识别发票 Invoices"), node(1, "w/statements", "下载流水 Statements"), node(3, "w/sales", "报表 Report")], "TriggeredCount": 5, "LastTriggeredAt": ago(20, 0) }),
            &hq,
            30,
        ),
        stamped(
            json!({ "Id": id("l/nightly"), "Name": "Nightly sync 夜间同步", "Description": "Orders, then prices", "Tags": [], "Properties": {},
            "Nodes": [node(1, "w/orders", "Orders"), node(2, "w/prices", "Prices")], "TriggeredCount": 0, "LastTriggeredAt": null }),
            &hq,
            20,
        ),
    ];
    s
}
