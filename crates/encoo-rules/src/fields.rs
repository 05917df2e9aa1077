//! The rules applied to a form's fields all at once, by the field names the API uses: what a
//! window shows under each field before it sends anything, in the words the client and the
//! sandbox refuse with (the same functions say them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Number;

use crate::{
    description, int_in, name, one_of, out_of_range, tags, Checked, MAX_RETRY_COUNT, PRIORITY,
    TRIGGER_POLICIES, VIDEO_RECORD_MODES,
};

/// The fields of a write body that have rules, as the API names them. Absent and null fields
/// are not checked (a change leaves them alone); any other field of the body is ignored, so a
/// window may hand over the whole body it is about to send.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Fields {
    pub name: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Any JSON number: one that is not a whole number is refused as out of range.
    pub priority: Option<Number>,
    pub max_retry_count: Option<Number>,
    pub video_record_mode: Option<String>,
    pub trigger_policy: Option<String>,
}

impl Fields {
    /// Each field the console would refuse, with the sentence it refuses it with; empty when
    /// all is well.
    pub fn refused(&self) -> BTreeMap<String, String> {
        let mut refused = BTreeMap::new();
        let mut keep = |checked: Checked| {
            if let Err(r) = checked {
                refused.insert(r.field, r.message);
            }
        };
        if let Some(v) = &self.name {
            keep(name("Name", v).map(drop));
        }
        if let Some(v) = &self.description {
            keep(description(v));
        }
        if let Some(v) = &self.tags {
            keep(tags(v));
        }
        for (field, value, range) in [
            ("Priority", &self.priority, PRIORITY),
            ("MaxRetryCount", &self.max_retry_count, MAX_RETRY_COUNT),
        ] {
            if let Some(n) = value {
                keep(match n.as_i64() {
                    Some(n) => int_in(field, n, range).map(drop),
                    None => Err(out_of_range(field, &n.to_string(), range)),
                });
            }
        }
        for (field, value, allowed) in [
            (
                "VideoRecordMode",
                &self.video_record_mode,
                VIDEO_RECORD_MODES,
            ),
            ("TriggerPolicy", &self.trigger_policy, TRIGGER_POLICIES),
        ] {
            if let Some(v) = value {
                keep(one_of(field, v, allowed));
            }
        }
        refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(body: serde_json::Value) -> BTreeMap<String, String> {
        serde_json::from_value::<Fields>(body).unwrap().refused()
    }

    #[test]
    fn every_failing_field_is_named_at_once_in_the_rules_words() {
        let long = "名".repeat(101);
        let got = refused(json!({
            "Name": long, "Description": "d".repeat(501), "Tags": ["ok", "a,b"],
            "Priority": 6000, "MaxRetryCount": -1, "VideoRecordMode": "Sometimes",
            "TriggerPolicy": "Whenever",
        }));
        let expected: BTreeMap<String, String> = [
            name("Name", &long).unwrap_err(),
            description(&"d".repeat(501)).unwrap_err(),
            tags(&["ok", "a,b"]).unwrap_err(),
            int_in("Priority", 6000, PRIORITY).unwrap_err(),
            int_in("MaxRetryCount", -1, MAX_RETRY_COUNT).unwrap_err(),
            one_of("VideoRecordMode", "Sometimes", VIDEO_RECORD_MODES).unwrap_err(),
            one_of("TriggerPolicy", "Whenever", TRIGGER_POLICIES).unwrap_err(),
        ]
        .into_iter()
        .map(|r| (r.field, r.message))
        .collect();
        assert_eq!(got, expected);
        assert_eq!(
            got["Priority"],
            "Priority must be a whole number from 0 to 5000, got 6000"
        );
    }

    #[test]
    fn good_absent_null_and_unruled_fields_pass() {
        let body = json!({
            "Name": " 财务 ", "Description": "", "Tags": [], "Priority": 5000,
            "MaxRetryCount": null, "VideoRecordMode": "AlwaysRecord", "TriggerPolicy": "AnyTime",
            "Arguments": [{"Name": "x"}], "ETag": "\"3\"", "AssociatedQueueId": "",
        });
        assert_eq!(refused(body), BTreeMap::new());
        assert_eq!(refused(json!({})), BTreeMap::new());
    }

    #[test]
    fn a_number_that_is_not_whole_is_out_of_range_as_the_sandbox_says() {
        let got = refused(json!({"Priority": 1.5, "MaxRetryCount": 1e30}));
        assert_eq!(
            got["Priority"],
            out_of_range("Priority", "1.5", PRIORITY).message
        );
        // Shown as JSON writes it, as the sandbox shows a body's value.
        assert_eq!(
            got["MaxRetryCount"],
            format!(
                "MaxRetryCount must be a whole number from 0 to 10, got {}",
                json!(1e30)
            )
        );
    }

    #[test]
    fn an_empty_name_is_required() {
        assert_eq!(refused(json!({"Name": "  "}))["Name"], "Name is required");
    }
}
