//! Where a fresh session acts: the first company, and there the user's assigned department
//! when they have permission in it (admin: the root; operator: Finance); and what the console
//! answers a call outside the user's departments.

use encoo_api::{Client, ClientConfig, ErrorKind, ListQuery};
use encoo_sandbox::{
    Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME, OPERATOR_PASSWORD,
    OPERATOR_USERNAME,
};

use crate::common::start;

async fn sign_in(server: &SandboxServer, user: &str, password: &str) -> encoo_api::Result<Client> {
    Client::sign_in(ClientConfig::single(server.url()), user, password)
        .await?
        .with_default_scope()
        .await
}

/// The id of the department named `name` in the client's company.
async fn department(client: &Client, name: &str) -> String {
    let tree = client.departments().tree().await.unwrap();
    let root = tree.root_department.unwrap();
    let found = root.walk().into_iter().find(|(_, d)| d.name == name);
    found.unwrap().1.id.clone()
}

#[tokio::test]
async fn admin_lands_on_the_root_and_operator_on_the_assigned_finance() {
    let env = start().await;
    let admin = env.client.scope().unwrap().clone();
    assert_eq!(
        admin.department_id,
        department(&env.client, "总部 Headquarters").await
    );
    let operator = sign_in(&env.server, OPERATOR_USERNAME, OPERATOR_PASSWORD)
        .await
        .unwrap();
    let scope = operator.scope().unwrap();
    assert_eq!(
        scope.company_id, admin.company_id,
        "the first (demo) company"
    );
    assert_eq!(
        scope.department_id,
        department(&env.client, "财务部 Finance").await
    );
    let me = operator.users().me().await.unwrap();
    assert_eq!(
        me.assigned_department_id.as_deref(),
        Some(scope.department_id.as_str())
    );
    let workflows = operator
        .workflows()
        .list(&ListQuery::default())
        .await
        .unwrap();
    let names: Vec<&str> = workflows.list.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["月度对账 Monthly reconcile"]);
}

#[tokio::test]
async fn an_operator_call_into_the_root_is_refused_403_as_forbidden() {
    let env = start().await;
    let root = env.client.scope().unwrap().clone();
    let operator = sign_in(&env.server, OPERATOR_USERNAME, OPERATOR_PASSWORD)
        .await
        .unwrap();
    let err = operator
        .with_scope(root.company_id, root.department_id.clone())
        .workflows()
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Forbidden, Some(403))
    );
    let message = err.to_string();
    assert!(
        message.contains("总部 Headquarters") && message.contains(&root.department_id),
        "{message}"
    );
    assert_eq!(
        env.sandbox.token_grants().refresh,
        0,
        "a 403 is not a stale token"
    );
}

#[tokio::test]
async fn a_404_for_the_current_user_leaves_the_choice_to_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        data_file: Some(dir.path().join("state.json")),
        ..Default::default()
    };
    drop(Sandbox::new(config.clone()).unwrap());
    // A console that keeps no company-user document for the demo user: `self` answers 404.
    let path = config.data_file.as_ref().unwrap();
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    state["users"] = serde_json::json!([]);
    std::fs::write(path, state.to_string()).unwrap();
    let sandbox = Sandbox::new(config).unwrap();
    let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let client = sign_in(&server, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap();
    let asked: Vec<u16> = sandbox
        .request_log()
        .iter()
        .filter(|r| r.path.ends_with("/companyusers/self"))
        .map(|r| r.status)
        .collect();
    assert_eq!(asked, [404]);
    let root = department(&client, "总部 Headquarters").await;
    assert_eq!(client.scope().unwrap().department_id, root);
}

#[tokio::test]
async fn a_500_for_the_current_user_fails_the_default_scope() {
    let sandbox = Sandbox::new(SandboxConfig {
        faults: "error=1,error_status=500,only=/companyusers/self"
            .parse()
            .unwrap(),
        ..Default::default()
    })
    .unwrap();
    let server = sandbox.serve("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let err = sign_in(&server, OPERATOR_USERNAME, OPERATOR_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Server, Some(500)));
}
