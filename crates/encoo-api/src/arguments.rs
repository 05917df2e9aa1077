//! What moving a workflow to another package version does to its arguments, said once for the
//! edit form, the upgrade preview and the CLI: values carry over to arguments of the same name
//! and direction; the rest are dropped (with the value that is lost) or added (with the new
//! version's default).

use serde::{Deserialize, Serialize};

use crate::models::{Argument, Direction};

/// The arguments a workflow would have on another version, and how they differ from today's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArgumentChanges {
    /// The new version's arguments, each carrying the workflow's value where one carries over.
    pub arguments: Vec<Argument>,
    /// Names whose value carried over.
    pub kept: Vec<String>,
    /// The new version's arguments the workflow did not have, with their defaults.
    pub added: Vec<Argument>,
    /// The workflow's arguments the new version no longer has (by name and direction), with
    /// the value the workflow set: that value is lost.
    pub dropped: Vec<Argument>,
    /// Arguments whose name stays but whose type or direction changes. A changed direction
    /// does not carry the value (it is also in `dropped`); a changed type carries it.
    pub changed: Vec<ArgumentChange>,
}

/// One argument whose type or direction differs between the two versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArgumentChange {
    pub name: String,
    pub from_type: String,
    pub to_type: String,
    pub from_direction: Option<Direction>,
    pub to_direction: Option<Direction>,
}

impl ArgumentChanges {
    /// Whether the move loses something the workflow set or changes what an argument is.
    pub fn loses_anything(&self) -> bool {
        !self.changed.is_empty() || self.dropped.iter().any(has_value)
    }

    /// Whether the two argument lists are the same in every name, type and direction.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.dropped.is_empty() && self.changed.is_empty()
    }
}

fn has_value(a: &Argument) -> bool {
    a.default_value.as_deref().is_some_and(|v| !v.is_empty())
}

/// An argument without a direction is an input, as the console treats it.
fn direction(a: &Argument) -> Direction {
    a.direction.clone().unwrap_or(Direction::In)
}

/// Compares a workflow's `current` arguments with `next` (another version's declarations).
pub fn compare_arguments(current: &[Argument], next: &[Argument]) -> ArgumentChanges {
    let mut out = ArgumentChanges::default();
    for declared in next {
        let mut arg = declared.clone();
        match current.iter().find(|a| a.name == declared.name) {
            Some(old) => {
                let same_direction = direction(old) == direction(declared);
                if old.arg_type != declared.arg_type || !same_direction {
                    out.changed.push(ArgumentChange {
                        name: declared.name.clone(),
                        from_type: old.arg_type.clone(),
                        to_type: declared.arg_type.clone(),
                        from_direction: old.direction.clone(),
                        to_direction: declared.direction.clone(),
                    });
                }
                if same_direction {
                    arg.default_value = old.default_value.clone();
                    if old.asset_content.is_some() {
                        arg.asset_content = old.asset_content.clone();
                    }
                    out.kept.push(declared.name.clone());
                } else {
                    out.dropped.push(old.clone());
                }
            }
            None => out.added.push(declared.clone()),
        }
        out.arguments.push(arg);
    }
    out.dropped.extend(
        current
            .iter()
            .filter(|a| !next.iter().any(|d| d.name == a.name))
            .cloned(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(name: &str, ty: &str, direction: Direction, value: Option<&str>) -> Argument {
        Argument {
            name: name.into(),
            arg_type: ty.into(),
            direction: Some(direction),
            default_value: value.map(Into::into),
            asset_content: None,
        }
    }

    #[test]
    fn values_carry_by_name_and_direction_and_the_rest_is_said() {
        let current = [
            arg("Folder", "String", Direction::In, Some("D:\\in")),
            arg("Limit", "Int32", Direction::In, Some("50")),
            arg("Report", "String", Direction::Out, None),
            arg("Mode", "String", Direction::In, Some("fast")),
        ];
        let next = [
            arg("Folder", "String", Direction::In, Some("C:\\default")),
            arg("Limit", "Int64", Direction::In, Some("10")),
            arg("Mode", "String", Direction::InOut, Some("safe")),
            arg("Email", "String", Direction::In, Some("ops@x")),
        ];
        let c = compare_arguments(&current, &next);
        let values: Vec<_> = c
            .arguments
            .iter()
            .map(|a| (a.name.as_str(), a.default_value.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("Folder", Some("D:\\in")),
                ("Limit", Some("50")),
                ("Mode", Some("safe")),
                ("Email", Some("ops@x")),
            ]
        );
        assert_eq!(c.kept, ["Folder", "Limit"]);
        assert_eq!(
            c.added.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
            ["Email"]
        );
        let dropped: Vec<_> = c
            .dropped
            .iter()
            .map(|a| (a.name.as_str(), a.default_value.as_deref()))
            .collect();
        assert_eq!(dropped, [("Mode", Some("fast")), ("Report", None)]);
        let changed: Vec<_> = c
            .changed
            .iter()
            .map(|x| (x.name.as_str(), x.from_type.as_str(), x.to_type.as_str()))
            .collect();
        assert_eq!(
            changed,
            [("Limit", "Int32", "Int64"), ("Mode", "String", "String")]
        );
        assert!(c.loses_anything());
    }

    #[test]
    fn the_same_declarations_change_nothing() {
        let args = [arg("A", "String", Direction::In, Some("v"))];
        let mut next = args.to_vec();
        next[0].default_value = Some("default".into());
        let c = compare_arguments(&args, &next);
        assert!(c.is_empty() && !c.loses_anything());
        assert_eq!(c.arguments[0].default_value.as_deref(), Some("v"));
    }

    #[test]
    fn a_missing_direction_is_an_input() {
        let mut old = arg("A", "String", Direction::In, Some("v"));
        old.direction = None;
        let c = compare_arguments(&[old], &[arg("A", "String", Direction::In, None)]);
        assert!(c.is_empty());
        assert_eq!(c.arguments[0].default_value.as_deref(), Some("v"));
    }

    #[test]
    fn dropping_an_empty_output_loses_nothing() {
        let c = compare_arguments(&[arg("R", "String", Direction::Out, None)], &[]);
        assert_eq!(c.dropped.len(), 1);
        assert!(!c.loses_anything());
    }
}
