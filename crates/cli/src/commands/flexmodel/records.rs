//! The data commands about the data: records, native queries and GraphQL. Records and
//! GraphQL data are the user's own JSON: a table of records takes its columns in the order of
//! the model's fields (keys the model does not name follow, in the order they first appear);
//! a query's rows in the order their keys first appear.

use flexmodel_api::{Client, GraphqlRequest, Model, RecordQuery};
use serde_json::{Map, Value};

use super::{cell, page_request, print_page};
use crate::args::flexmodel::RecordsCmd;
use crate::error::{CliError, CliResult};
use crate::output::{details, emit, note, print_json, table};

pub async fn records(client: &Client, cmd: RecordsCmd, json: bool) -> CliResult {
    match cmd {
        RecordsCmd::List {
            datasource,
            model,
            filter,
            sort,
            page,
            nested,
        } => {
            let mut query = RecordQuery::new().nested(nested);
            if let Some(filter) = filter {
                query.filter = Some(filter.to_string());
            }
            query.sort = sort.map(|keys| keys.0).unwrap_or_default();
            if let Some(p) = page_request(&page) {
                query = query.page(p.page, p.size);
            }
            let page = client.records(&datasource, &model).list(&query).await?;
            let fields = match json {
                true => Vec::new(),
                false => field_order(client, &datasource, &model).await,
            };
            emit(json, &page, |page| {
                let columns = in_field_order(columns(&page.list), &fields);
                let header: Vec<&str> = columns.iter().map(String::as_str).collect();
                print_page(page, &header, |record| {
                    columns
                        .iter()
                        .map(|c| record.get(c).map(cell).unwrap_or_default())
                        .collect()
                });
            })
        }
        RecordsCmd::Get {
            datasource,
            model,
            id,
        } => {
            let record = client.records(&datasource, &model).get(&id).await?;
            let record = record.ok_or_else(|| {
                CliError::Failed(format!(
                    "there is no record \"{id}\" of {datasource}/{model}"
                ))
            })?;
            emit(json, &record, show_record)
        }
        RecordsCmd::Create {
            datasource,
            model,
            data,
        } => {
            let record = client.records(&datasource, &model).create(&data).await?;
            emit(json, &record, show_record)
        }
        RecordsCmd::Update {
            datasource,
            model,
            id,
            data,
        } => {
            let record = client
                .records(&datasource, &model)
                .replace(&id, &data)
                .await?;
            emit(json, &record, show_record)
        }
        RecordsCmd::Patch {
            datasource,
            model,
            id,
            data,
        } => {
            let record = client
                .records(&datasource, &model)
                .update(&id, &data)
                .await?;
            emit(json, &record, show_record)
        }
        RecordsCmd::Delete {
            datasource,
            model,
            id,
            ..
        } => {
            // Confirmed (or declined) before signing in.
            client.records(&datasource, &model).delete(&id).await?;
            note(
                json,
                format!("deleted record \"{id}\" of {datasource}/{model}"),
            );
            Ok(())
        }
    }
}

/// The model's field names in its order, to lay out a table of its records; none when the
/// model cannot be read (the table then keeps the records' own order).
async fn field_order(client: &Client, datasource: &str, model: &str) -> Vec<String> {
    match client.models(datasource).get(model).await {
        Ok(Some(Model::Entity(entity))) => entity.fields.into_iter().map(|f| f.name).collect(),
        _ => Vec::new(),
    }
}

/// `columns` with the model's `fields` first, in the model's order.
fn in_field_order(columns: Vec<String>, fields: &[String]) -> Vec<String> {
    let mut ordered: Vec<String> = fields
        .iter()
        .filter(|f| columns.contains(f))
        .cloned()
        .collect();
    ordered.extend(columns.into_iter().filter(|c| !fields.contains(c)));
    ordered
}

/// The records' keys, in the order they first appear.
fn columns(records: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for key in records
        .iter()
        .filter_map(Value::as_object)
        .flat_map(Map::keys)
    {
        if !columns.contains(key) {
            columns.push(key.clone());
        }
    }
    columns
}

fn show_record(record: &Value) {
    match record.as_object() {
        Some(fields) => {
            let pairs: Vec<(&str, String)> =
                fields.iter().map(|(k, v)| (k.as_str(), cell(v))).collect();
            details(&pairs);
        }
        None => crate::out!("{}", cell(record)),
    }
}

pub async fn query(
    client: &Client,
    datasource: &str,
    statement: &str,
    params: Vec<(String, Value)>,
    json: bool,
) -> CliResult {
    let parameters = Value::Object(params.into_iter().collect());
    let answer = client
        .native_query(datasource)
        .execute(statement, &parameters)
        .await?;
    emit(json, &answer, |answer| match &answer.result {
        Value::Array(rows) => {
            let columns = columns(rows);
            if rows.is_empty() {
                crate::output::remark("(no rows)");
                return;
            }
            table(
                &columns.iter().map(String::as_str).collect::<Vec<_>>(),
                rows.iter().map(|row| {
                    columns
                        .iter()
                        .map(|c| row.get(c).map(cell).unwrap_or_default())
                        .collect::<Vec<_>>()
                }),
            );
            crate::output::remark(format_args!(
                "{} rows in {} ms",
                rows.len(),
                super::opt(&answer.time)
            ));
        }
        other => crate::out!("result: {}", cell(other)),
    })
}

/// GraphQL data has no one table shape: it is printed as JSON with or without `--json`. An
/// answer with `errors` exits 1 listing every one of them on stderr (with `--json`, the whole
/// answer, data and errors, goes to stdout first).
pub async fn graphql(
    client: &Client,
    query: String,
    variables: Option<Value>,
    operation: Option<String>,
    json: bool,
) -> CliResult {
    let mut request = GraphqlRequest::new(query);
    request.variables = variables;
    request.operation_name = operation;
    match client.graphql().execute(&request).await {
        Ok(data) => print_json(&data),
        Err(e) => {
            let answer = match &e {
                flexmodel_api::Error::Api {
                    status: 200, body, ..
                } => serde_json::from_str::<Value>(body).ok(),
                _ => None,
            };
            let Some(errors) = answer
                .as_ref()
                .and_then(|a| a.get("errors"))
                .and_then(Value::as_array)
                .filter(|errors| !errors.is_empty())
            else {
                return Err(e.into());
            };
            if json {
                print_json(&answer)?;
            }
            let lines: Vec<String> = errors.iter().map(graphql_error).collect();
            Err(CliError::Failed(format!(
                "the GraphQL answer has {} error{}:\n  {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                lines.join("\n  ")
            )))
        }
    }
}

/// One GraphQL error: its message, and where when it says.
fn graphql_error(error: &Value) -> String {
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| cell(error));
    if let Some(path) = error.get("path").and_then(Value::as_array) {
        if !path.is_empty() {
            let steps: Vec<String> = path.iter().map(cell).collect();
            return format!("{message} (at {})", steps.join("."));
        }
    }
    match error.pointer("/locations/0") {
        Some(at) if at["line"].is_u64() => {
            format!("{message} (line {}, column {})", at["line"], at["column"])
        }
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graphql_errors_say_where() {
        let e = json!({"message": "Validation error: field 'nme' undefined",
                       "path": ["system_list_Student", 0, "nme"]});
        assert_eq!(
            graphql_error(&e),
            "Validation error: field 'nme' undefined (at system_list_Student.0.nme)"
        );
        let e = json!({"message": "Unknown field", "path": null,
                       "locations": [{"line": 1, "column": 28}]});
        assert_eq!(graphql_error(&e), "Unknown field (line 1, column 28)");
        assert_eq!(graphql_error(&json!({"message": "boom"})), "boom");
    }

    #[test]
    fn record_columns_in_the_order_they_first_appear() {
        let records = [json!({"a": 1, "b": 2}), json!({"c": 3, "a": 4})];
        assert_eq!(columns(&records), ["a", "b", "c"]);
        let fields = ["c".to_owned(), "a".to_owned(), "z".to_owned()];
        assert_eq!(
            in_field_order(columns(&records), &fields),
            ["c", "a", "b"],
            "the model's fields first, in its order; the others after"
        );
    }
}
