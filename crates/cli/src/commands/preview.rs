//! Know before a workflow changes package version: what the move does to its arguments, in
//! lines people read (the upgrade preview, `workflows update --version-id`), and whether an
//! upgrade goes ahead: with --yes; after a question on a terminal; otherwise (scripts, CI)
//! only when no workflow would lose anything.

use std::io::IsTerminal;

use encoo_api::{Argument, ArgumentChanges, CancellationToken, Direction, UpgradePreview};

use crate::output::opt;

/// The lines telling one workflow's upgrade: `NAME: FROM → TO` then, indented, what changes
/// in its arguments; `NAME: already on TO`; or why it cannot be told.
pub fn preview_lines(p: &UpgradePreview) -> Vec<String> {
    let name = &p.workflow_name;
    if let Some(error) = &p.error {
        return vec![format!(
            "{name}: cannot tell what the upgrade does: {error}"
        )];
    }
    let to = opt(&p.to_version);
    if p.up_to_date {
        return vec![format!("{name}: already on {to}")];
    }
    let mut lines = vec![format!("{name}: {} → {to}", opt(&p.from_version))];
    lines.extend(change_lines(&p.changes).iter().map(|l| format!("    {l}")));
    lines
}

/// One line per argument added (with its default), dropped (with the value lost) or changed
/// (type or direction).
pub fn change_lines(c: &ArgumentChanges) -> Vec<String> {
    let mut lines = Vec::new();
    for a in &c.added {
        let default = match value(a) {
            Some(v) => format!("default {v}"),
            None => "no default".into(),
        };
        lines.push(format!("added {} ({}), {default}", a.name, kind(a)));
    }
    for a in &c.dropped {
        let lost = match value(a) {
            Some(v) => format!(", its value {v} is lost"),
            None => String::new(),
        };
        lines.push(format!("dropped {} ({}){lost}", a.name, kind(a)));
    }
    for change in &c.changed {
        lines.push(format!("changed {}: {}", change.name, what_changed(change)));
    }
    lines
}

/// What moving loses, as a phrase per argument ("drops Region (value \"x\")"); empty when
/// [`ArgumentChanges::loses_anything`] is false.
pub fn losses(c: &ArgumentChanges) -> Vec<String> {
    let dropped = c
        .dropped
        .iter()
        .filter_map(|a| Some(format!("drops {} (value {})", a.name, value(a)?)));
    let changed = c
        .changed
        .iter()
        .map(|x| format!("changes {} ({})", x.name, what_changed(x)));
    dropped.chain(changed).collect()
}

fn what_changed(x: &encoo_api::ArgumentChange) -> String {
    let mut parts = Vec::new();
    if x.from_type != x.to_type {
        parts.push(format!("type {} → {}", x.from_type, x.to_type));
    }
    let (from, to) = (direction(&x.from_direction), direction(&x.to_direction));
    if from != to {
        parts.push(format!("direction {from} → {to}"));
    }
    parts.join(", ")
}

/// `String, In`: an argument's type and direction (none is an input, as the console has it).
fn kind(a: &Argument) -> String {
    format!("{}, {}", a.arg_type, direction(&a.direction))
}

fn direction(d: &Option<Direction>) -> String {
    d.as_ref().unwrap_or(&Direction::In).to_string()
}

/// The value shown for an argument: quoted text, or the asset it names; none when empty.
fn value(a: &Argument) -> Option<String> {
    if let Some(asset) = a.asset_content.as_ref().filter(|c| !c.name.is_empty()) {
        return Some(format!("asset \"{}\"", asset.name));
    }
    let v = a.default_value.as_deref().filter(|v| !v.is_empty())?;
    Some(format!("\"{v}\""))
}

/// Whether the upgrades go ahead.
#[derive(Debug, PartialEq, Eq)]
pub enum Go {
    Ahead,
    /// Asked on a terminal, the user said no.
    Declined,
    /// No --yes and no terminal to ask on, and these workflows would lose what they set:
    /// `NAME (FROM → TO): drops …` each.
    HeldBack(Vec<String>),
}

/// With `yes`, or when nothing would move: ahead. On a terminal: asks `Upgrade N workflows?
/// [y/N]` on stderr. Otherwise: ahead only when no workflow loses anything.
pub async fn decide(previews: &[UpgradePreview], yes: bool, cancel: &CancellationToken) -> Go {
    let moving = previews
        .iter()
        .filter(|p| p.error.is_none() && !p.up_to_date)
        .count();
    if yes || moving == 0 {
        return Go::Ahead;
    }
    if std::io::stdin().is_terminal() {
        let noun = if moving == 1 { "workflow" } else { "workflows" };
        return match ask(format!("Upgrade {moving} {noun}? [y/N] "), cancel).await {
            true => Go::Ahead,
            false => Go::Declined,
        };
    }
    let held = held_back(previews);
    if held.is_empty() {
        Go::Ahead
    } else {
        Go::HeldBack(held)
    }
}

/// `NAME (FROM → TO): drops …` for each workflow whose upgrade loses something.
fn held_back(previews: &[UpgradePreview]) -> Vec<String> {
    previews
        .iter()
        .filter(|p| p.error.is_none() && !p.up_to_date && p.changes.loses_anything())
        .map(|p| {
            format!(
                "{} ({} → {}): {}",
                p.workflow_name,
                opt(&p.from_version),
                opt(&p.to_version),
                losses(&p.changes).join(", ")
            )
        })
        .collect()
}

/// The question on stderr and a line from stdin: true for y or yes. End of input, a read
/// error or Ctrl-C (when `cancel` listens for it) is a no.
async fn ask(question: String, cancel: &CancellationToken) -> bool {
    let read = tokio::task::spawn_blocking(move || {
        eprint!("{question}");
        let mut answer = String::new();
        match std::io::stdin().read_line(&mut answer) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(answer),
        }
    });
    let answer = tokio::select! {
        answer = read => answer.ok().flatten(),
        _ = cancel.cancelled() => None,
    };
    answer.is_some_and(|a| is_yes(&a))
}

fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoo_api::compare_arguments;

    fn arg(name: &str, direction: Direction, value: Option<&str>) -> Argument {
        Argument {
            name: name.into(),
            arg_type: "String".into(),
            direction: Some(direction),
            default_value: value.map(Into::into),
            asset_content: None,
        }
    }

    fn preview(current: &[Argument], next: &[Argument]) -> UpgradePreview {
        UpgradePreview {
            workflow_name: "Nightly".into(),
            from_version: Some("1.0.0".into()),
            to_version: Some("2.0.0".into()),
            changes: compare_arguments(current, next),
            ..Default::default()
        }
    }

    #[test]
    fn a_preview_says_what_is_added_dropped_and_changed() {
        let current = [
            arg("Region", Direction::In, Some("cn-east")),
            arg("Mode", Direction::In, Some("fast")),
            arg("Report", Direction::Out, None),
        ];
        let next = [
            arg("Mode", Direction::InOut, None),
            arg("ApiKey", Direction::In, None),
            arg("Format", Direction::In, Some("csv")),
        ];
        assert_eq!(
            preview_lines(&preview(&current, &next)),
            [
                "Nightly: 1.0.0 → 2.0.0",
                "    added ApiKey (String, In), no default",
                "    added Format (String, In), default \"csv\"",
                "    dropped Mode (String, In), its value \"fast\" is lost",
                "    dropped Region (String, In), its value \"cn-east\" is lost",
                "    dropped Report (String, Out)",
                "    changed Mode: direction In → InOut",
            ]
        );
    }

    #[test]
    fn up_to_date_and_unforeseeable_workflows_get_one_line() {
        let mut p = preview(&[], &[]);
        p.up_to_date = true;
        assert_eq!(preview_lines(&p), ["Nightly: already on 2.0.0"]);
        p.error = Some("its package no longer exists".into());
        assert_eq!(
            preview_lines(&p),
            ["Nightly: cannot tell what the upgrade does: its package no longer exists"]
        );
    }

    #[test]
    fn only_workflows_that_lose_something_are_held_back() {
        let drops = preview(&[arg("A", Direction::In, Some("1"))], &[]);
        let mut adds = preview(&[], &[arg("B", Direction::In, None)]);
        adds.workflow_name = "Adds".into();
        let empty_output = preview(&[arg("R", Direction::Out, None)], &[]);
        assert_eq!(
            held_back(&[drops, adds, empty_output]),
            ["Nightly (1.0.0 → 2.0.0): drops A (value \"1\")"]
        );
    }

    #[tokio::test]
    async fn yes_or_nothing_to_move_goes_ahead_without_asking() {
        let losing = preview(&[arg("A", Direction::In, Some("1"))], &[]);
        let cancel = CancellationToken::new();
        assert_eq!(
            decide(std::slice::from_ref(&losing), true, &cancel).await,
            Go::Ahead
        );
        let mut current = losing;
        current.up_to_date = true;
        assert_eq!(decide(&[current], false, &cancel).await, Go::Ahead);
    }

    #[test]
    fn only_y_and_yes_say_yes() {
        for yes in ["y\n", "Y", " yes \r\n", "YES"] {
            assert!(is_yes(yes), "{yes:?}");
        }
        for no in ["", "\n", "n", "no", "yep", "sure"] {
            assert!(!is_yes(no), "{no:?}");
        }
    }
}
