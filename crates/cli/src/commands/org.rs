//! Who and where: the user's companies, the company's department tree, the current user.

use encoo_api::Client;

use crate::args::DepartmentsCmd;
use crate::error::CliResult;
use crate::output::{self, details, emit, opt, table};

pub async fn companies(client: &Client, name: Option<&str>, json: bool) -> CliResult {
    let companies = client.companies().list(name).await?;
    emit(json, &companies, |companies| {
        table(
            &["Id", "Name", "Edition", "User"],
            companies.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    opt(&c.edition),
                    opt(&c.company_user_name),
                ]
            }),
        )
    })
}

pub async fn departments(client: &Client, cmd: DepartmentsCmd, json: bool) -> CliResult {
    let DepartmentsCmd::Tree = cmd;
    let tree = client.departments().tree().await?;
    emit(json, &tree, |tree| match &tree.root_department {
        None => crate::output::remark("(no departments)"),
        Some(root) => table(
            &["Department", "Id", "Users"],
            root.walk().into_iter().map(|(depth, d)| {
                vec![
                    format!("{}{}", "  ".repeat(depth), d.name),
                    d.id.clone(),
                    d.user_count.to_string(),
                ]
            }),
        ),
    })
}

pub async fn me(client: &Client, json: bool) -> CliResult {
    let me = client.users().me().await?;
    let scope = client.scope().cloned();
    emit(json, &me, |me| {
        details(&[
            ("Id", me.id.clone()),
            ("User name", opt(&me.user_name)),
            ("Name", opt(&me.name)),
            ("Email", opt(&me.email)),
            ("Status", opt(&me.status)),
            ("Department", opt(&me.department_path)),
            ("Company owner", me.is_company_owner.to_string()),
            (
                "Company",
                output::opt(&scope.as_ref().map(|s| s.company_id.clone())),
            ),
            (
                "Acting in department",
                output::opt(&scope.as_ref().map(|s| s.department_id.clone())),
            ),
        ])
    })
}
