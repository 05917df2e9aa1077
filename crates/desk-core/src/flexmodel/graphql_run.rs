//! The GraphQL screen's run: the answer as the editor shows it, with its time and EVERY error.
//! The client turns a 200 carrying `errors` into one error (the first message, "and N more",
//! the first path), which is right for callers that only need to know it failed; an editor
//! must list each error with its path and its line and column in the document, and show the
//! data that came back beside them. So a 2xx whose `errors` made the client fail is read back
//! from the body the error keeps, into `{data, errors, timeMs}`; any other failure (the
//! network, a refusal with a 4xx/5xx, an unknown outcome) stays an error. The data travels as
//! the console wrote it (a `Value` would sort its members; a person reads them in the order
//! the query selected them).

use std::time::Instant;

use flexmodel_api::{Error, GraphqlRequest};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::desk::Desk;
use crate::error::Result;

/// One GraphQL error as the screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphqlError {
    pub message: String,
    /// The field's path (`["system_list_Student", 0, "age"]`), for an error while running.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<Value>,
    /// Where in the document (lines and columns from 1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// graphql-java's kind (`InvalidSyntax`, `ValidationError`, `DataFetchingException`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Location {
    pub line: u64,
    pub column: u64,
}

/// What a run shows: the data (null when nothing ran), the errors, and how long the console
/// took, in milliseconds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphqlRun {
    pub data: Option<Box<RawValue>>,
    pub errors: Vec<GraphqlError>,
    pub time_ms: u64,
}

impl Desk {
    /// Runs `request` in the active project (a mutation is never resent, as the client
    /// decides); the answer as [`GraphqlRun`], serialized for the window.
    pub async fn flexmodel_graphql_run(&self, request: &GraphqlRequest) -> Result<Box<RawValue>> {
        let client = self.flexmodel()?;
        let started = Instant::now();
        let outcome = client.graphql().execute_raw(request).await;
        let time_ms = started.elapsed().as_millis() as u64;
        let run = match outcome {
            Ok(data) => GraphqlRun {
                data,
                errors: Vec::new(),
                time_ms,
            },
            Err(err) => answer_with_errors(&err, time_ms).ok_or(err)?,
        };
        Ok(serde_json::value::to_raw_value(&run).expect("a run serializes"))
    }
}

/// The run a GraphQL error in a 2xx stands for; `None` for any other failure.
fn answer_with_errors(err: &Error, time_ms: u64) -> Option<GraphqlRun> {
    let Error::Api {
        status,
        message,
        field,
        body,
        ..
    } = err
    else {
        return None;
    };
    if !(200..300).contains(status) {
        return None;
    }
    /// The answer's two members that matter here, the data as written.
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        errors: Value,
        #[serde(default)]
        data: Option<Box<RawValue>>,
    }
    let answer = serde_json::from_str::<Answer>(body).ok();
    let errors = answer
        .as_ref()
        .map(|a| errors_of(&a.errors))
        .filter(|list| !list.is_empty())
        // The body was cut (it is kept to a few KiB): the error's own summary stands in.
        .unwrap_or_else(|| {
            vec![GraphqlError {
                message: message.clone(),
                path: field
                    .as_deref()
                    .map(|f| f.split('.').map(|s| Value::String(s.into())).collect())
                    .unwrap_or_default(),
                locations: Vec::new(),
                error_type: None,
            }]
        });
    let data = answer.and_then(|a| a.data);
    Some(GraphqlRun {
        data,
        errors,
        time_ms,
    })
}

/// Each error of an answer's `errors` (a list, or one value standing alone).
fn errors_of(errors: &Value) -> Vec<GraphqlError> {
    let items: Vec<&Value> = match errors {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .map(|e| GraphqlError {
            message: e
                .get("message")
                .and_then(Value::as_str)
                .or_else(|| e.as_str())
                .unwrap_or("the console answered with an error")
                .to_owned(),
            path: e
                .get("path")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            locations: e
                .get("locations")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|l| {
                            Some(Location {
                                line: l.get("line")?.as_u64()?,
                                column: l.get("column")?.as_u64()?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
            error_type: e
                .get("errorType")
                .or_else(|| e.pointer("/extensions/classification"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flexmodel_api::ErrorKind;
    use serde_json::json;

    fn api_error(status: u16, body: &str) -> Error {
        Error::Api {
            kind: ErrorKind::InvalidInput,
            status,
            message: "first (and 1 more)".into(),
            field: Some("a.0.b".into()),
            body: body.into(),
        }
    }

    #[test]
    fn every_error_of_a_200_is_kept_with_its_path_and_locations_and_the_data_beside_them() {
        let body = json!({
            "errors": [
                {"message": "Unknown field \"nme\"", "locations": [{"line": 2, "column": 5, "sourceName": null}],
                 "errorType": "ValidationError", "path": null, "extensions": null},
                {"message": "boom", "path": ["system_list_Student", 0, "age"], "locations": []},
            ],
            "data": {"x": 1}, "extensions": null, "dataPresent": true,
        });
        let run = answer_with_errors(&api_error(200, &body.to_string()), 7).unwrap();
        assert_eq!(run.time_ms, 7);
        assert_eq!(run.data.as_ref().unwrap().get(), r#"{"x":1}"#);
        assert_eq!(
            run.errors,
            vec![
                GraphqlError {
                    message: "Unknown field \"nme\"".into(),
                    path: vec![],
                    locations: vec![Location { line: 2, column: 5 }],
                    error_type: Some("ValidationError".into()),
                },
                GraphqlError {
                    message: "boom".into(),
                    path: vec![json!("system_list_Student"), json!(0), json!("age")],
                    locations: vec![],
                    error_type: None,
                },
            ]
        );
        assert_eq!(
            serde_json::to_value(&run.errors[0]).unwrap(),
            json!({"message": "Unknown field \"nme\"", "locations": [{"line": 2, "column": 5}], "errorType": "ValidationError"})
        );
    }

    #[test]
    fn the_data_keeps_the_members_in_the_order_the_console_wrote_them() {
        let body = r#"{"errors":[{"message":"late"}],"data":{"zeta":1,"alpha":{"b":2,"a":3}}}"#;
        let run = answer_with_errors(&api_error(200, body), 1).unwrap();
        let shown = serde_json::to_string(&run).unwrap();
        assert!(
            shown.starts_with(
                r#"{"data":{"zeta":1,"alpha":{"b":2,"a":3}},"errors":[{"message":"late"}]"#
            ),
            "{shown}"
        );
    }

    #[test]
    fn a_cut_body_falls_back_to_the_errors_own_summary() {
        let run = answer_with_errors(&api_error(200, "{\"errors\":[{\"mess"), 3).unwrap();
        assert!(run.data.is_none());
        assert_eq!(run.errors.len(), 1);
        assert_eq!(run.errors[0].message, "first (and 1 more)");
        assert_eq!(run.errors[0].path, vec![json!("a"), json!("0"), json!("b")]);
    }

    #[test]
    fn failures_that_are_not_a_2xx_stay_errors() {
        assert!(
            answer_with_errors(&api_error(500, "{\"errors\":[{\"message\":\"x\"}]}"), 1).is_none()
        );
        assert!(answer_with_errors(&Error::Cancelled, 1).is_none());
        assert!(answer_with_errors(
            &Error::Network {
                url: "http://x".into(),
                message: "refused".into()
            },
            1
        )
        .is_none());
    }
}
