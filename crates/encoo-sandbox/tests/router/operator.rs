//! The second user, `operator`: a member of the demo company only, assigned its Finance
//! department, with permission there and below only; and the demo user, unchanged beside it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use encoo_sandbox::{Sandbox, DEMO_PASSWORD, DEMO_USERNAME, OPERATOR_PASSWORD, OPERATOR_USERNAME};
use serde_json::Value;

use crate::{call, form, sandbox, scoped, Call};

fn grant(user: &str, password: &str) -> Request<Body> {
    form(&format!(
        "client_id=thirdpartyservice&grant_type=password&username={user}&password={password}"
    ))
}

async fn token(sb: &Sandbox, user: &str, password: &str) -> String {
    let t = call(sb, grant(user, password)).await;
    assert_eq!(t.status, StatusCode::OK, "{user}: {}", t.text);
    t.json["Access_token"].as_str().unwrap().to_owned()
}

async fn get(
    sb: &Sandbox,
    token: &str,
    company: Option<&str>,
    dept: Option<&str>,
    path: &str,
) -> Call {
    let mut req = Request::get(path).header("Authorization", format!("Bearer {token}"));
    if let Some(c) = company {
        req = req.header("CompanyId", c);
    }
    if let Some(d) = dept {
        req = req.header("DepartmentId", d);
    }
    call(sb, req.body(Body::empty()).unwrap()).await
}

/// The companies the user's list shows: (id, name, company-user name).
async fn companies(sb: &Sandbox, token: &str) -> Vec<(String, String, String)> {
    let list = get(sb, token, None, None, "/openapi/companies/companylist").await;
    let text = |c: &Value, f: &str| c[f].as_str().unwrap_or_default().to_owned();
    list.json["Companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (text(c, "Id"), text(c, "Name"), text(c, "CompanyUserName")))
        .collect()
}

/// Every department of the tree, depth first: (name, id, VisitorHasPermission,
/// VisitorHasAnyRole).
fn flatten(d: &Value, out: &mut Vec<(String, String, bool, bool)>) {
    out.push((
        d["Name"].as_str().unwrap().to_owned(),
        d["Id"].as_str().unwrap().to_owned(),
        d["VisitorHasPermission"].as_bool().unwrap(),
        d["VisitorHasAnyRole"].as_bool().unwrap(),
    ));
    for c in d["Children"].as_array().unwrap() {
        flatten(c, out);
    }
}

async fn tree(sb: &Sandbox, token: &str, company: &str) -> Vec<(String, String, bool, bool)> {
    let t = get(sb, token, Some(company), None, "/openapi/departments/tree").await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let mut out = Vec::new();
    flatten(&t.json["RootDepartment"], &mut out);
    out
}

fn id_of(tree: &[(String, String, bool, bool)], name: &str) -> String {
    tree.iter().find(|d| d.0 == name).unwrap().1.clone()
}

#[tokio::test]
async fn the_operator_signs_in_and_the_password_hook_stays_the_demo_users() {
    let sb = sandbox();
    token(&sb, OPERATOR_USERNAME, OPERATOR_PASSWORD).await;
    let wrong = call(&sb, grant(OPERATOR_USERNAME, DEMO_PASSWORD)).await;
    assert_eq!(
        (wrong.status, wrong.json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    sb.set_password("Tr0ub4dor3");
    token(&sb, OPERATOR_USERNAME, OPERATOR_PASSWORD).await;
    let old = call(&sb, grant(DEMO_USERNAME, DEMO_PASSWORD)).await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST);
    let admin_with_operators = call(&sb, grant(DEMO_USERNAME, OPERATOR_PASSWORD)).await;
    assert_eq!(admin_with_operators.status, StatusCode::BAD_REQUEST);
    token(&sb, DEMO_USERNAME, "Tr0ub4dor3").await;
    let grants = sb.token_grants();
    assert_eq!((grants.password, grants.password_rejected), (3, 3));
}

#[tokio::test]
async fn the_operators_company_list_has_only_the_demo_company_and_the_admins_both() {
    let sb = sandbox();
    let operator = token(&sb, OPERATOR_USERNAME, OPERATOR_PASSWORD).await;
    let admin = token(&sb, DEMO_USERNAME, DEMO_PASSWORD).await;
    let theirs = companies(&sb, &operator).await;
    let names: Vec<(&str, &str)> = theirs
        .iter()
        .map(|c| (c.1.as_str(), c.2.as_str()))
        .collect();
    assert_eq!(names, [("云扩演示公司 Encoo Demo Co.", "operator")]);
    let admins = companies(&sb, &admin).await;
    let names: Vec<(&str, &str)> = admins
        .iter()
        .map(|c| (c.1.as_str(), c.2.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("云扩演示公司 Encoo Demo Co.", "admin"),
            ("Northwind 自动化 Automation", "admin")
        ]
    );
    assert_eq!(theirs[0].0, admins[0].0);
    // Not a member of the second company: the console will not even show its tree.
    let other = get(
        &sb,
        &operator,
        Some(&admins[1].0),
        None,
        "/openapi/departments/tree",
    )
    .await;
    assert_eq!(
        (other.status, other.json["Field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("CompanyId"))
    );
}

#[tokio::test]
async fn the_operator_is_assigned_finance_and_the_tree_marks_only_its_subtree() {
    let sb = sandbox();
    let operator = token(&sb, OPERATOR_USERNAME, OPERATOR_PASSWORD).await;
    let admin = token(&sb, DEMO_USERNAME, DEMO_PASSWORD).await;
    let company = companies(&sb, &operator).await.remove(0).0;
    let theirs = tree(&sb, &operator, &company).await;
    let marks: Vec<(&str, bool, bool)> = theirs.iter().map(|d| (d.0.as_str(), d.2, d.3)).collect();
    assert_eq!(
        marks,
        [
            ("总部 Headquarters", false, false),
            ("财务部 Finance", true, true),
            ("应付组 Payables", true, true),
            ("人力资源 HR", false, false),
            ("招聘组 Recruiting", false, false),
        ]
    );
    let admins = tree(&sb, &admin, &company).await;
    assert!(admins.iter().all(|d| d.2 && d.3), "{admins:?}");
    let me = get(
        &sb,
        &operator,
        Some(&company),
        None,
        "/openapi/companyusers/self",
    )
    .await;
    assert_eq!(me.json["UserName"], "operator");
    assert_eq!(
        me.json["AssignedDepartmentId"].as_str(),
        Some(id_of(&theirs, "财务部 Finance").as_str())
    );
    let admin_me = get(
        &sb,
        &admin,
        Some(&company),
        None,
        "/openapi/companyusers/self",
    )
    .await;
    assert_eq!(
        admin_me.json["AssignedDepartmentId"].as_str(),
        Some(id_of(&admins, "总部 Headquarters").as_str())
    );
}

#[tokio::test]
async fn a_business_call_outside_the_operators_departments_is_403_naming_the_department() {
    let sb = sandbox();
    let operator = token(&sb, OPERATOR_USERNAME, OPERATOR_PASSWORD).await;
    let company = companies(&sb, &operator).await.remove(0).0;
    let depts = tree(&sb, &operator, &company).await;
    for name in ["总部 Headquarters", "人力资源 HR", "招聘组 Recruiting"] {
        let id = id_of(&depts, name);
        let r = get(
            &sb,
            &operator,
            Some(&company),
            Some(&id),
            "/openapi/workflows",
        )
        .await;
        assert_eq!(
            (r.status, r.json["Code"].as_str()),
            (StatusCode::FORBIDDEN, Some("Forbidden")),
            "{name}"
        );
        let message = r.json["Message"].as_str().unwrap();
        assert!(message.contains(name) && message.contains(&id), "{message}");
        assert!(
            message.contains("财务部 Finance"),
            "says where they may act: {message}"
        );
    }
    let finance = id_of(&depts, "财务部 Finance");
    let r = get(
        &sb,
        &operator,
        Some(&company),
        Some(&finance),
        "/openapi/workflows",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["List"][0]["Name"], "月度对账 Monthly reconcile");
    let payables = id_of(&depts, "应付组 Payables");
    let r = get(
        &sb,
        &operator,
        Some(&company),
        Some(&payables),
        "/openapi/robots",
    )
    .await;
    assert_eq!(
        (r.status, r.json["Count"].as_u64()),
        (StatusCode::OK, Some(0))
    );

    // A write into the root is refused before it changes anything; in Finance it is stamped
    // with the operator's name.
    let root = id_of(&depts, "总部 Headquarters");
    let create = |dept: &str| {
        let path = format!("/openapi/queues/{}", uuid::Uuid::new_v4());
        scoped(
            "POST",
            &path,
            &(operator.clone(), company.clone(), dept.to_owned()),
        )
        .header("Content-Type", "application/json")
        .body(Body::from(r#"{"Name":"Operator's group"}"#))
        .unwrap()
    };
    assert_eq!(call(&sb, create(&root)).await.status, StatusCode::FORBIDDEN);
    let made = call(&sb, create(&finance)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    assert_eq!(made.json["CreatedByName"], "operator");
    assert_eq!(made.json["DepartmentId"].as_str(), Some(finance.as_str()));
    let statuses: Vec<u16> = sb
        .request_log()
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with("/openapi/queues/"))
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [403, 200], "the request log keeps the refusal");
}
