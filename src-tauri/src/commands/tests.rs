//! The declaration is the one list of commands: these tests keep the UI's copy of it
//! (`ui/commands.js`) and the names in step with it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Effect, COMMANDS};

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ui/commands.js` as the declaration makes it.
fn rendered() -> String {
    let mut out = String::from(
        "// The commands the app declares (src-tauri/src/commands/declared.rs), for api.js and\n\
         // cache.js. Written by `CONSOLE_DESK_WRITE_COMMANDS=1 cargo test -p console-desk`;\n\
         // a test fails when this file and the declaration disagree. Do not edit by hand.\n\
         export const COMMANDS = [\n",
    );
    for c in COMMANDS {
        let args: Vec<String> = c.args.iter().map(|a| format!("'{}'", camel(a))).collect();
        let effect = match c.effect {
            Effect::Read => "effect: 'read'".to_owned(),
            Effect::Neutral => "effect: 'neutral'".to_owned(),
            Effect::WriteAll => "effect: 'write', forgets: '*'".to_owned(),
            Effect::Write(prefixes) => {
                let list: Vec<String> = prefixes.iter().map(|p| format!("'{p}'")).collect();
                format!("effect: 'write', forgets: [{}]", list.join(", "))
            }
        };
        out.push_str(&format!(
            "  {{ name: '{}', console: '{}', resource: '{}', verb: '{}', args: [{}], {effect} }},\n",
            c.name,
            c.console,
            camel(c.resource),
            camel(c.verb),
            args.join(", ")
        ));
    }
    out.push_str("];\n");
    out
}

#[test]
fn the_uis_command_list_is_the_declaration() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/commands.js");
    let expected = rendered();
    if std::env::var_os("CONSOLE_DESK_WRITE_COMMANDS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == expected,
        "ui/commands.js differs from the commands declared in src-tauri/src/commands/declared.rs; \
         run `CONSOLE_DESK_WRITE_COMMANDS=1 cargo test -p console-desk` and commit the file"
    );
}

#[test]
fn every_command_is_named_console_resource_verb_and_is_unique() {
    let mut seen = BTreeSet::new();
    for c in COMMANDS {
        let parts: Vec<&str> = [c.console, c.resource, c.verb]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(c.name, parts.join("_"), "{c:?}");
        assert!(seen.insert(c.name), "{} is declared twice", c.name);
    }
}

#[test]
fn console_commands_are_namespaced_so_two_consoles_cannot_be_confused() {
    let app: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| c.console.is_empty())
        .map(|c| c.name)
        .collect();
    assert!(
        app.iter()
            .all(|n| ["app_", "request_", "profiles_", "session_"]
                .iter()
                .any(|p| n.starts_with(p))),
        "only the app's own commands go without a console: {app:?}"
    );
    for c in COMMANDS.iter().filter(|c| !c.console.is_empty()) {
        assert!(c.name.starts_with(&format!("{}_", c.console)), "{c:?}");
    }
}

#[test]
fn a_write_forgets_only_answers_of_declared_reads() {
    for c in COMMANDS {
        if let Effect::Write(prefixes) = c.effect {
            for p in prefixes {
                assert!(
                    COMMANDS
                        .iter()
                        .any(|r| r.effect == Effect::Read && r.name.starts_with(p)),
                    "{}: forgets {p}, which no read command starts with",
                    c.name
                );
            }
        }
    }
}

#[test]
fn no_command_takes_the_request_id_the_declaration_adds() {
    for c in COMMANDS {
        assert!(!c.args.contains(&"request_id"), "{}", c.name);
    }
}
