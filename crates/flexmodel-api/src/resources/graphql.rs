//! GraphQL (`client.graphql()`): one POST whose answer is always 200, `errors` or not (an
//! error in a 200 is still an error). A query may be resent after a passing failure; a
//! mutation never is, so the document is read for the type of the operation it runs.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::client::{sending, Client, Req};
use crate::{Error, ErrorKind, Result};

/// What is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphqlRequest {
    pub query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Value>,
}

impl GraphqlRequest {
    pub fn new(query: impl Into<String>) -> Self {
        GraphqlRequest {
            query: query.into(),
            ..Self::default()
        }
    }

    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation_name = Some(name.into());
        self
    }

    pub fn variables(mut self, variables: Value) -> Self {
        self.variables = Some(variables);
        self
    }
}

/// The answer's members besides `errors` (which make an error).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct GraphqlAnswer<T> {
    data: T,
}

/// `client.graphql()`.
pub struct Graphql<'c>(pub(crate) &'c Client);

impl Graphql<'_> {
    /// `POST /f/graphql`: the answer's `data`, keys exactly as sent.
    pub async fn execute(&self, request: &GraphqlRequest) -> Result<Value> {
        self.run(request).await
    }

    /// As [`Graphql::execute`], the `data` as the console wrote it, its members in the order
    /// of the selection (a [`Value`] sorts them): for showing an answer to a person. `None`
    /// when the answer's data is null.
    pub async fn execute_raw(&self, request: &GraphqlRequest) -> Result<Option<Box<RawValue>>> {
        self.run(request).await
    }

    async fn run<T: DeserializeOwned + Default>(&self, request: &GraphqlRequest) -> Result<T> {
        let mutation = runs_mutation(&request.query, request.operation_name.as_deref());
        let sending = if mutation {
            sending::once(
                "Check the data to see whether the mutation was applied before sending it again.",
            )
        } else {
            sending::READ
        };
        let req = Req::new(Method::POST, "/f/graphql", sending)
            .json(request)?
            .graphql();
        let answer: GraphqlAnswer<T> = self.0.fetch(req).await.map_err(classify)?;
        Ok(answer.data)
    }

    /// A query without variables.
    pub async fn query(&self, query: &str) -> Result<Value> {
        self.execute(&GraphqlRequest::new(query)).await
    }
}

/// An error in a 200 as the server writes it: graphql-java's `ExecutionResult` serialized as
/// is, the kind in each error's `errorType` (`InvalidSyntax`, `ValidationError`,
/// `DataFetchingException`) rather than in `extensions.classification`. A document the
/// server refused to run (bad syntax, a field or type it does not have) is the caller's input
/// at fault; a failure while running stays a server error.
fn classify(err: Error) -> Error {
    match err {
        Error::Api {
            kind: ErrorKind::Server,
            status,
            message,
            field,
            body,
        } => {
            let error_type = serde_json::from_str::<Value>(&body).ok().and_then(|v| {
                v.pointer("/errors/0/errorType")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            let kind = match error_type.as_deref() {
                Some("InvalidSyntax" | "ValidationError" | "OperationNotSupported") => {
                    ErrorKind::InvalidInput
                }
                _ => ErrorKind::Server,
            };
            Error::Api {
                kind,
                status,
                message,
                field,
                body,
            }
        }
        other => other,
    }
}

/// Whether the operation the document runs changes data: the named operation's type, or,
/// with no name, whether any operation in it is not a query (so a document whose operation
/// cannot be told is treated as a change, never resent). Subscriptions count as changes too.
pub fn runs_mutation(document: &str, operation_name: Option<&str>) -> bool {
    let ops = operations(document);
    if let Some(name) = operation_name {
        if let Some((kind, _)) = ops.iter().find(|(_, n)| n.as_deref() == Some(name)) {
            return kind != "query";
        }
    }
    ops.iter().any(|(kind, _)| kind != "query")
}

/// The document's operations at the top level: their type (`query` for the `{ … }`
/// shorthand) and name. Fragments are skipped; strings and comments are not read as words.
fn operations(document: &str) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = document.chars().collect();
    let mut ops = Vec::new();
    let (mut braces, mut parens) = (0usize, 0usize);
    // The header being read at the top level: its keyword, its name, whether a name may
    // still come (not after variables or directives).
    let mut header: Option<(String, Option<String>, bool)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '"' {
            i = skip_string(&chars, i);
            continue;
        }
        let top = braces == 0 && parens == 0;
        match c {
            '(' => parens += 1,
            ')' => parens = parens.saturating_sub(1),
            '{' if top => {
                match header.take() {
                    Some((kind, _, _)) if kind == "fragment" => {}
                    Some((kind, name, _)) => ops.push((kind, name)),
                    None => ops.push(("query".to_owned(), None)),
                }
                braces += 1;
            }
            '{' => braces += 1,
            '}' => braces = braces.saturating_sub(1),
            _ => {}
        }
        if top && matches!(c, '(' | '@') {
            if let Some(h) = header.as_mut() {
                h.2 = false;
            }
        }
        if top && (c.is_alphabetic() || c == '_') {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match header.as_mut() {
                Some((_, name @ None, true)) => *name = Some(word),
                Some(_) => {}
                None if matches!(
                    word.as_str(),
                    "query" | "mutation" | "subscription" | "fragment"
                ) =>
                {
                    header = Some((word, None, true))
                }
                None => {}
            }
            continue;
        }
        i += 1;
    }
    ops
}

/// The index just past the string starting at `i` (plain or block).
fn skip_string(chars: &[char], mut i: usize) -> usize {
    let block = chars[i..].starts_with(&['"', '"', '"']);
    i += if block { 3 } else { 1 };
    while i < chars.len() {
        if chars[i] == '\\' {
            i += 2;
        } else if block && chars[i..].starts_with(&['"', '"', '"']) {
            return i + 3;
        } else if !block && chars[i] == '"' {
            return i + 1;
        } else {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_reads_and_mutations_are_not() {
        assert!(!runs_mutation("{ ds_list_Student { id } }", None));
        assert!(!runs_mutation("query Q($a: Int) { x(a: $a) { id } }", None));
        assert!(runs_mutation(
            "mutation { ds_create_Student(data: {name: \"mutation\"}) { id } }",
            None
        ));
        assert!(runs_mutation("  # a comment\nmutation M @x { a }", None));
        assert!(runs_mutation("subscription { changes { id } }", None));
    }

    #[test]
    fn the_named_operation_decides_and_words_in_strings_or_comments_do_not() {
        let doc = "query Read { a }\nmutation Write { b(x: \"query\") }";
        assert!(!runs_mutation(doc, Some("Read")));
        assert!(runs_mutation(doc, Some("Write")));
        assert!(runs_mutation(doc, None), "unsure: treated as a change");
        assert!(!runs_mutation(
            "query { a(s: \"mutation { x }\") } # mutation",
            None
        ));
        assert!(!runs_mutation(
            "fragment F on Student { id }\nquery { ds_list_Student { ...F } }",
            None
        ));
    }
}
