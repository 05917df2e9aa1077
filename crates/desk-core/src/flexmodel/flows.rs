//! Flows as the app's Flows screen changes them. The console itself refuses only a blank name
//! (a blank key silently becomes the module's id, and any text is taken as a key, though the
//! key names the flow's schedule group and its instances); the app holds a new flow to the
//! rules below before sending, edits only a flow's name and remark (the model stays as the
//! console has it), and reads a start's variables as the JSON object the engine expects,
//! saying where JSON text goes wrong (line and column) before anything is sent.

use flexmodel_api::{FlowCreate, FlowCreated, FlowUpdate, RunResult};
use serde_json::Value;

use crate::desk::Desk;
use crate::error::{DeskError, Result};

/// The longest flow key the app accepts.
pub const FLOW_KEY_MAX: usize = 64;

/// What is wrong with `key` as a new flow's key (`None`: nothing): a letter first, then
/// letters, digits, `_` or `-`, at most [`FLOW_KEY_MAX`] characters.
pub fn flow_key_problem(key: &str) -> Option<String> {
    let key = key.trim();
    let mut chars = key.chars();
    match chars.next() {
        None => Some("enter a key".into()),
        Some(c) if !c.is_ascii_alphabetic() => Some("a key starts with a letter".into()),
        _ if key.chars().count() > FLOW_KEY_MAX => {
            Some(format!("a key has at most {FLOW_KEY_MAX} characters"))
        }
        _ if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') => {
            Some("a key holds only letters, digits, _ and -".into())
        }
        _ => None,
    }
}

/// `text` read as a start's variables: a JSON object, or why not (with the line and column
/// of a syntax error, as `line L column C` in the message).
pub fn variables_of(text: &str) -> Result<Value> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| DeskError::invalid("variables", e.to_string()))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(DeskError::invalid(
            "variables",
            "the variables are a JSON object: {\"name\": value, …}",
        ))
    }
}

fn text_or_none(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned())
}

impl Desk {
    /// A start's variables read from the JSON editor's text (see [`variables_of`]).
    pub fn flexmodel_flow_variables(&self, text: &str) -> Result<Value> {
        variables_of(text)
    }

    /// Creates a flow once its name and key pass the app's rules.
    pub async fn flexmodel_flow_create(&self, flow: FlowCreate) -> Result<FlowCreated> {
        if flow.flow_name.trim().is_empty() {
            return Err(DeskError::invalid("flowName", "enter a name"));
        }
        if let Some(problem) = flow_key_problem(&flow.flow_key) {
            return Err(DeskError::invalid("flowKey", problem));
        }
        let flow = FlowCreate {
            flow_key: flow.flow_key.trim().to_owned(),
            flow_name: flow.flow_name.trim().to_owned(),
            remark: text_or_none(flow.remark),
        };
        Ok(self.flexmodel()?.flows().create(&flow).await?)
    }

    /// A flow's new name and remark (PUT with only those: the key and the model stay).
    pub async fn flexmodel_flow_edit(&self, id: &str, name: String, remark: String) -> Result<()> {
        if name.trim().is_empty() {
            return Err(DeskError::invalid("flowName", "enter a name"));
        }
        let update = FlowUpdate {
            flow_name: Some(name.trim().to_owned()),
            remark: Some(remark.trim().to_owned()),
            ..FlowUpdate::default()
        };
        Ok(self.flexmodel()?.flows().update(id, &update).await?)
    }

    /// Starts an instance of a flow's deployed version with `variables` (an object), sent
    /// once: a lost answer is reported as an unknown outcome, never resent.
    pub async fn flexmodel_instance_start(
        &self,
        flow_module_id: &str,
        variables: Value,
    ) -> Result<RunResult> {
        if !variables.is_object() {
            return Err(DeskError::invalid(
                "variables",
                "the variables are a JSON object: {\"name\": value, …}",
            ));
        }
        Ok(self
            .flexmodel()?
            .instances()
            .start(flow_module_id, None, &variables)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_the_app_refuses_and_takes() {
        for (key, refused) in [
            ("", Some("enter a key")),
            ("   ", Some("enter a key")),
            ("1order", Some("a key starts with a letter")),
            ("_order", Some("a key starts with a letter")),
            (
                "order sync",
                Some("a key holds only letters, digits, _ and -"),
            ),
            ("审批", Some("a key starts with a letter")),
            ("order/1", Some("a key holds only letters, digits, _ and -")),
            ("order_sync-2", None),
            ("a", None),
        ] {
            assert_eq!(flow_key_problem(key).as_deref(), refused, "{key:?}");
        }
        assert!(flow_key_problem(&"k".repeat(64)).is_none());
        assert_eq!(
            flow_key_problem(&"k".repeat(65)).as_deref(),
            Some("a key has at most 64 characters")
        );
    }

    #[test]
    fn variables_are_an_object_and_a_syntax_error_says_where() {
        assert_eq!(
            variables_of("{\"days\": 3,\n \"who\": \"Li\"}").unwrap(),
            json!({"days": 3, "who": "Li"})
        );
        let message = |text: &str| variables_of(text).unwrap_err().to_string();
        assert_eq!(
            message("{"),
            "EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(
            message("{\n  \"a\": 1,\n  \"b\" 2\n}"),
            "expected `:` at line 3 column 7"
        );
        for not_object in ["[1]", "\"x\"", "3", "null"] {
            assert!(message(not_object).contains("JSON object"), "{not_object}");
        }
        match variables_of("[1]").unwrap_err() {
            DeskError::Invalid { field, .. } => assert_eq!(field, "variables"),
            other => panic!("{other:?}"),
        }
    }
}
