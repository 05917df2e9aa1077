//! What the API definitions screen needs besides the client: the side-by-side diff of two
//! versions of a definition (a snapshot and another, or the current one), and trying an API
//! with the session's token only when its auth is on (the token never reaches the window).
//!
//! The diff compares what a definition says, not its bookkeeping: both sides are printed as
//! the same stable JSON (keys sorted, two-space indents; ids, times, authors and children
//! left out), and a string of several lines (a GraphQL query, a script) is printed as its
//! lines between `"""` marks rather than as one escaped string, so that a changed query line
//! is one changed row. Rows are aligned by `similar`'s Myers diff of the lines; a replaced
//! line carries the ranges of what changed in it, by a diff of its characters.

use flexmodel_api::{ApiAnswer, ApiCall, ApiDefinition};
use serde::Serialize;
use serde_json::Value;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::desk::Desk;
use crate::error::{DeskError, Result};

/// The members of a definition that are bookkeeping, not what it says.
const BOOKKEEPING: [&str; 8] = [
    "id",
    "apiDefinitionId",
    "tenantId",
    "createdBy",
    "updatedBy",
    "createdAt",
    "updatedAt",
    "children",
];

/// Two versions of a definition side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiDiff {
    pub rows: Vec<DiffRow>,
    /// How many rows are not `equal`.
    pub changes: usize,
}

/// One aligned row: a line of the left version, of the right, or of both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffRow {
    pub left: Option<DiffLine>,
    pub right: Option<DiffLine>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    /// From 1.
    pub line_no: usize,
    pub text: String,
    /// What changed in a replaced line: `[start, end)` in UTF-16 code units (JavaScript's
    /// string offsets).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// The definition as the diff prints it: stable JSON, one line per member.
pub fn definition_lines(api: &ApiDefinition) -> Vec<String> {
    let mut value = serde_json::to_value(api).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        for key in BOOKKEEPING {
            map.remove(key);
        }
    }
    let mut out = Vec::new();
    print(&mut out, 0, "", &value, "");
    out
}

fn print(out: &mut Vec<String>, indent: usize, key: &str, value: &Value, comma: &str) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push(format!("{pad}{key}{{"));
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for (i, k) in keys.iter().enumerate() {
                let name = format!("{}: ", Value::String((*k).clone()));
                let last = if i + 1 == keys.len() { "" } else { "," };
                print(out, indent + 2, &name, &map[*k], last);
            }
            out.push(format!("{pad}}}{comma}"));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(format!("{pad}{key}["));
            for (i, item) in items.iter().enumerate() {
                let last = if i + 1 == items.len() { "" } else { "," };
                print(out, indent + 2, "", item, last);
            }
            out.push(format!("{pad}]{comma}"));
        }
        Value::String(text) if text.contains('\n') => {
            out.push(format!("{pad}{key}\"\"\""));
            let inner = " ".repeat(indent + 2);
            out.extend(text.lines().map(|l| format!("{inner}{l}")));
            out.push(format!("{pad}\"\"\"{comma}"));
        }
        scalar => out.push(format!("{pad}{key}{scalar}{comma}")),
    }
}

/// `left` and `right` side by side, aligned line by line.
pub fn api_diff(left: &ApiDefinition, right: &ApiDefinition) -> ApiDiff {
    let old = definition_lines(left);
    let new = definition_lines(right);
    let line = |lines: &[String], i: usize| DiffLine {
        line_no: i + 1,
        text: lines[i].clone(),
        ranges: Vec::new(),
    };
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => rows.extend((0..len).map(|k| DiffRow {
                left: Some(line(&old, old_index + k)),
                right: Some(line(&new, new_index + k)),
                change: Change::Equal,
            })),
            DiffOp::Delete {
                old_index, old_len, ..
            } => rows.extend((old_index..old_index + old_len).map(|i| DiffRow {
                left: Some(line(&old, i)),
                right: None,
                change: Change::Delete,
            })),
            DiffOp::Insert {
                new_index, new_len, ..
            } => rows.extend((new_index..new_index + new_len).map(|i| DiffRow {
                left: None,
                right: Some(line(&new, i)),
                change: Change::Insert,
            })),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    let (l, r) = (
                        (k < old_len).then(|| line(&old, old_index + k)),
                        (k < new_len).then(|| line(&new, new_index + k)),
                    );
                    rows.push(match (l, r) {
                        (Some(mut l), Some(mut r)) => {
                            (l.ranges, r.ranges) = inline_ranges(&l.text, &r.text);
                            DiffRow {
                                left: Some(l),
                                right: Some(r),
                                change: Change::Replace,
                            }
                        }
                        (Some(l), None) => DiffRow {
                            left: Some(l),
                            right: None,
                            change: Change::Delete,
                        },
                        (None, r) => DiffRow {
                            left: None,
                            right: r,
                            change: Change::Insert,
                        },
                    });
                }
            }
        }
    }
    let changes = rows.iter().filter(|r| r.change != Change::Equal).count();
    ApiDiff { rows, changes }
}

/// What differs between two lines, as ranges of each (UTF-16 offsets), neighbours merged.
fn inline_ranges(old: &str, new: &str) -> (Vec<[usize; 2]>, Vec<[usize; 2]>) {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (o, n) = (op.old_range(), op.new_range());
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        if !o.is_empty() {
            push_range(&mut left, utf16(&a, o.start), utf16(&a, o.end));
        }
        if !n.is_empty() {
            push_range(&mut right, utf16(&b, n.start), utf16(&b, n.end));
        }
    }
    (left, right)
}

/// The UTF-16 offset of char index `i`.
fn utf16(chars: &[char], i: usize) -> usize {
    chars[..i].iter().map(|c| c.len_utf16()).sum()
}

fn push_range(ranges: &mut Vec<[usize; 2]>, start: usize, end: usize) {
    match ranges.last_mut() {
        Some(last) if last[1] == start => last[1] = end,
        _ => ranges.push([start, end]),
    }
}

impl Desk {
    /// Sends `call` to the API `id` of the active project, with the session's token only
    /// when the definition, read afresh, has its auth on.
    pub async fn flexmodel_apis_try(&self, id: &str, mut call: ApiCall) -> Result<ApiAnswer> {
        let client = self.flexmodel()?;
        let tree = client.apis().tree().await?;
        let node = tree
            .iter()
            .flat_map(ApiDefinition::walk)
            .map(|(_, n)| n)
            .find(|n| n.id.as_deref() == Some(id))
            .ok_or_else(|| DeskError::NotFound(format!("there is no API definition {id}")))?;
        if node.kind != flexmodel_api::ApiType::API {
            return Err(DeskError::invalid(
                "id",
                format!("\"{}\" is a folder", node.name),
            ));
        }
        call.with_token = node.meta["auth"] == true;
        Ok(client.call_api(&call).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(query: &str, extra: Value) -> ApiDefinition {
        let mut meta = json!({"auth": false, "execution": {"operationName": "Q", "query": query}});
        if let (Value::Object(m), Value::Object(e)) = (&mut meta, extra) {
            m.extend(e);
        }
        ApiDefinition {
            id: Some("h1".into()),
            name: "List".into(),
            method: Some("GET".into()),
            path: Some("/Student/list".into()),
            created_at: Some("2025-08-01T08:00:00".into()),
            meta,
            ..Default::default()
        }
    }

    #[test]
    fn a_definition_prints_as_sorted_json_with_its_query_as_lines_and_no_bookkeeping() {
        let lines = definition_lines(&api("query Q {\n  list { id }\n}\n", json!({})));
        let expected = [
            "{",
            "  \"enabled\": true,",
            "  \"meta\": {",
            "    \"auth\": false,",
            "    \"execution\": {",
            "      \"operationName\": \"Q\",",
            "      \"query\": \"\"\"",
            "        query Q {",
            "          list { id }",
            "        }",
            "      \"\"\"",
            "    }",
            "  },",
            "  \"method\": \"GET\",",
            "  \"name\": \"List\",",
            "  \"parentId\": null,",
            "  \"path\": \"/Student/list\",",
            "  \"type\": \"API\"",
            "}",
        ];
        assert_eq!(lines, expected);
    }

    #[test]
    fn a_changed_query_line_is_one_replaced_row_with_its_changed_characters() {
        let left = api("query Q {\n  list { id }\n}", json!({}));
        let mut right = api(
            "query Q {\n  list { id name }\n}",
            json!({"rateLimitingEnabled": true}),
        );
        right.id = Some("h2".into());
        right.updated_at = Some("2025-09-01T08:00:00".into());
        let diff = api_diff(&left, &right);
        let changed: Vec<&DiffRow> = diff
            .rows
            .iter()
            .filter(|r| r.change != Change::Equal)
            .collect();
        // The query's line, the comma the new member gives the line before it, the new member.
        assert_eq!(diff.changes, 3, "{changed:#?}");
        let replaced = changed
            .iter()
            .find(|r| r.change == Change::Replace)
            .unwrap();
        let (l, r) = (
            replaced.left.as_ref().unwrap(),
            replaced.right.as_ref().unwrap(),
        );
        assert_eq!(
            (l.text.as_str(), r.text.as_str()),
            ("          list { id }", "          list { id name }")
        );
        assert_eq!(l.line_no, r.line_no);
        assert!(l.ranges.is_empty(), "nothing was taken out: {:?}", l.ranges);
        assert_eq!(r.ranges, [[20, 25]]);
        assert_eq!(&r.text[20..25], "name ");
        let inserted = changed.iter().find(|r| r.change == Change::Insert).unwrap();
        assert!(inserted.left.is_none());
        assert_eq!(
            inserted.right.as_ref().unwrap().text,
            "    \"rateLimitingEnabled\": true"
        );
        // The rows after the insertion stay aligned: the right side is one line further on.
        let last = diff.rows.last().unwrap();
        assert_eq!(
            (last.left.as_ref().unwrap().line_no + 1, last.change),
            (last.right.as_ref().unwrap().line_no, Change::Equal)
        );
        let json = serde_json::to_value(&diff).unwrap();
        assert!(json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["change"] == "replace" && r["right"]["lineNo"].is_number()));
    }

    #[test]
    fn the_same_definition_is_all_equal_and_ranges_count_utf16_units() {
        let a = api("{ x }", json!({}));
        let diff = api_diff(&a, &a);
        assert_eq!(diff.changes, 0);
        assert!(diff
            .rows
            .iter()
            .all(|r| r.left.as_ref().unwrap().text == r.right.as_ref().unwrap().text));
        let (l, r) = inline_ranges("名字 😀 a", "名字 😀 b");
        assert_eq!((l, r), (vec![[6, 7]], vec![[6, 7]]));
        let (l, r) = inline_ranges("abc", "xbz");
        assert_eq!((l, r), (vec![[0, 1], [2, 3]], vec![[0, 1], [2, 3]]));
    }
}
