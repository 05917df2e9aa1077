//! The data commands about the schema: data sources (list, connection check, tables, sync)
//! and models (list, show, create from IDL).

use flexmodel_api::{Client, Datasource, FieldType, Model, ValidateAnswer};

use super::{cell, Input};
use crate::args::flexmodel::{DatasourcesCmd, ModelsCmd};
use crate::error::{CliError, CliResult};
use crate::output::{details, emit, print_json, table};

pub async fn datasources(client: &Client, cmd: DatasourcesCmd, json: bool) -> CliResult {
    let api = client.datasources();
    match cmd {
        DatasourcesCmd::List => {
            let list = api.list().await?;
            emit(json, &list, |list| {
                table(
                    &["Name", "Type", "Database", "URL", "Enabled"],
                    list.iter().map(|d| {
                        vec![
                            d.name.clone(),
                            d.kind.to_string(),
                            d.config.db_kind.clone(),
                            d.config.url.clone(),
                            d.enabled.to_string(),
                        ]
                    }),
                )
            })
        }
        DatasourcesCmd::Validate { name } => {
            let ds = find_datasource(client, &name).await?;
            let answer = api.validate(&ds).await?;
            emit(json, &answer, show_validation)?;
            match answer.success {
                Some(false) => Err(CliError::Failed(format!(
                    "the connection to data source \"{name}\" failed: {}",
                    answer.error_msg.as_deref().unwrap_or("no reason given")
                ))),
                _ => Ok(()),
            }
        }
        DatasourcesCmd::Tables { name } => {
            let ds = find_datasource(client, &name).await?;
            let tables = api.physical_tables(&ds).await?;
            emit(json, &tables, |tables| {
                table(&["Table"], tables.iter().map(|t| vec![t.clone()]))
            })
        }
        DatasourcesCmd::Sync { name, tables } => {
            let models = api.sync(&name, &tables).await?;
            emit(json, &models, |models| model_table(models))
        }
    }
}

/// The stored data source named `name` (validate and tables send it whole).
async fn find_datasource(client: &Client, name: &str) -> CliResult<Datasource> {
    let project = client.project().unwrap_or("default");
    client
        .datasources()
        .list()
        .await?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| {
            CliError::Failed(format!(
                "there is no data source \"{name}\" in project \"{project}\" \
                 (see `flexmodel datasources list`)"
            ))
        })
}

fn show_validation(answer: &ValidateAnswer) {
    details(&[
        ("Connected", super::opt(&answer.success)),
        ("Message", super::opt(&answer.error_msg)),
        ("Time (ms)", super::opt(&answer.time)),
    ]);
}

pub async fn models(client: &Client, cmd: ModelsCmd, input: Input, json: bool) -> CliResult {
    match cmd {
        ModelsCmd::List { datasource } => {
            let models = client.models(&datasource).list().await?;
            emit(json, &models, |models| model_table(models))
        }
        ModelsCmd::Get { datasource, model } => {
            let found = client.models(&datasource).get(&model).await?;
            let found = found.ok_or_else(|| {
                CliError::Failed(format!(
                    "there is no model \"{model}\" in data source \"{datasource}\""
                ))
            })?;
            emit(json, &found, show_model)
        }
        ModelsCmd::Idl { datasource, .. } => {
            let Input::Idl(idl) = input else {
                unreachable!("the IDL file is read before signing in")
            };
            let models = client.models(&datasource).execute_idl(&idl).await?;
            emit(json, &models, |models| model_table(models))
        }
    }
}

fn model_table(models: &[Model]) {
    table(
        &["Name", "Type", "Members", "Comment"],
        models.iter().map(|m| {
            let (members, comment) = match m {
                Model::Entity(e) => (
                    format!("{} fields, {} indexes", e.fields.len(), e.indexes.len()),
                    e.comment.clone(),
                ),
                Model::Enum(e) => (e.elements.join(","), e.comment.clone()),
                Model::NativeQuery(q) => (q.statement.clone(), None),
                Model::Other(_) => (String::new(), None),
            };
            vec![
                m.name().to_owned(),
                m.kind().to_owned(),
                members,
                comment.unwrap_or_default(),
            ]
        }),
    );
}

fn show_model(model: &Model) {
    match model {
        Model::Entity(e) => {
            details(&[
                ("Name", e.name.clone()),
                ("Type", "entity".into()),
                ("Comment", super::opt(&e.comment)),
            ]);
            crate::output::heading("Fields:");
            table(
                &[
                    "Name", "Type", "Identity", "Nullable", "Unique", "Default", "Details",
                ],
                e.fields.iter().map(|f| {
                    let default = f.default_value.as_ref().map(|d| match &d.name {
                        Some(generator) => format!("generated {generator}"),
                        None => d.value.as_ref().map(cell).unwrap_or_default(),
                    });
                    let more = match f.field_type {
                        FieldType::Relation => format!(
                            "{} {} → {}{}",
                            super::opt(&f.from),
                            super::opt(&f.local_field),
                            super::opt(&f.foreign_field),
                            if f.multiple == Some(true) {
                                " (many)"
                            } else {
                                ""
                            }
                        ),
                        FieldType::EnumRef => super::opt(&f.from),
                        _ => f.length.map(|l| format!("length {l}")).unwrap_or_default(),
                    };
                    vec![
                        f.name.clone(),
                        f.field_type.to_string(),
                        yes(f.identity),
                        yes(f.nullable),
                        yes(f.unique),
                        default.unwrap_or_default(),
                        more,
                    ]
                }),
            );
            if !e.indexes.is_empty() {
                crate::output::heading("Indexes:");
                table(
                    &["Name", "Unique", "Fields"],
                    e.indexes.iter().map(|i| {
                        let fields: Vec<String> = i
                            .fields
                            .iter()
                            .map(|f| match &f.direction {
                                Some(d) => format!("{} {d}", f.field_name),
                                None => f.field_name.clone(),
                            })
                            .collect();
                        vec![i.name.clone(), yes(i.unique), fields.join(", ")]
                    }),
                );
            }
        }
        Model::Enum(e) => details(&[
            ("Name", e.name.clone()),
            ("Type", "enum".into()),
            ("Comment", super::opt(&e.comment)),
            ("Elements", e.elements.join(", ")),
        ]),
        Model::NativeQuery(q) => details(&[
            ("Name", q.name.clone()),
            ("Type", "native_query".into()),
            ("Statement", q.statement.clone()),
            ("Parameters", q.parameters.join(", ")),
        ]),
        Model::Other(v) => {
            let _ = print_json(v);
        }
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "" }.to_owned()
}
