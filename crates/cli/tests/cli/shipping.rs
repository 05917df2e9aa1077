//! What ships with the CLI beside its commands: `--output table|json|tsv` on every list,
//! `completions SHELL`, `--debug`'s wire log (no secret in it), and the upload progress bar
//! drawn on a real pseudo-terminal.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{failed, ok, stderr, write_dgs, Console, BIN};
use crate::flexmodel_common::{run_fm, Fm};

/// TSV's lines, each split at its tabs, checking every row has the header's columns.
fn tsv_rows(printed: &str) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = printed
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    assert!(!rows.is_empty(), "no header row");
    let width = rows[0].len();
    assert!(
        rows.iter().all(|r| r.len() == width),
        "ragged TSV:\n{printed}"
    );
    rows
}

#[test]
fn lists_print_as_tsv_with_one_header_row_and_escaped_values() {
    let c = Console::start();
    let page = c.json("packages list --page-size 50");
    let ids: Vec<&str> = page["List"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["Id"].as_str().unwrap())
        .collect();
    let out = c.run("--output tsv packages list --page-size 50");
    let rows = tsv_rows(&ok(out));
    assert_eq!(rows[0][0], "Id", "{:?}", rows[0]);
    assert_eq!(
        rows.len(),
        ids.len() + 1,
        "one header row, one row per package"
    );
    let listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(listed, ids);

    // Tab, newline and backslash in a value stay in their field, escaped.
    let description = "tab\there\nnew line\\back";
    let created = c.json_args(&[
        "queues",
        "create",
        "--name",
        "TSV组",
        "--description",
        description,
    ]);
    assert_eq!(created["Description"], description);
    let out = c.run_args(&["--output", "tsv", "queues", "list", "--search", "TSV组"]);
    let printed = ok(out);
    let rows = tsv_rows(&printed);
    assert_eq!(rows.len(), 2, "{printed}");
    let column = rows[0].iter().position(|h| h == "Description").unwrap();
    assert_eq!(rows[1][column], "tab\\there\\nnew line\\\\back");

    // An empty list is its header row alone; the count goes to stderr.
    let out = c.run_args(&[
        "--output",
        "tsv",
        "queues",
        "list",
        "--search",
        "no such 组",
    ]);
    assert!(
        stderr(&out).contains("(none of 0 in all)"),
        "{}",
        stderr(&out)
    );
    let rows = tsv_rows(&ok(out));
    assert_eq!(rows.len(), 1);

    // `--output json` is `--json`; they cannot disagree.
    let a: Value = serde_json::from_str(&ok(c.run("--output json queues list"))).unwrap();
    let b: Value = serde_json::from_str(&ok(c.run("--json queues list"))).unwrap();
    assert_eq!(a, b);
    let err = failed(&c.run("--json --output tsv queues list"), 2);
    assert!(err.contains("--json is --output json"), "{err}");
}

#[test]
fn flexmodel_lists_honour_the_output_format_too() {
    let fm = Fm::start();
    let printed = ok(fm.run(&["--output", "tsv", "datasources", "list"]));
    let rows = tsv_rows(&printed);
    assert!(rows.len() >= 2, "{printed}");
    assert!(
        rows.iter()
            .skip(1)
            .any(|r| r.contains(&"system".to_owned())),
        "{printed}"
    );
    assert!(!printed.contains('│'), "no table drawing in TSV: {printed}");
    let table = ok(fm.run(&["--output", "table", "datasources", "list"]));
    assert!(table.contains('│') && table.contains("system"), "{table}");
}

/// Every subcommand a user types first, and some below them.
const SUBCOMMANDS: &[&str] = &[
    "encoo",
    "flexmodel",
    "profiles",
    "completions",
    "packages",
    "workflows",
    "records",
    "datasources",
];

#[test]
fn completion_scripts_load_and_name_the_real_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Command::new(BIN)
            .args(["completions", shell])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let script = ok(out);
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell}'s script names {name}");
        }
        for option in ["profile", "output", "debug"] {
            // fish names a long option `-l NAME`; the others `--NAME`.
            let written = match shell {
                "fish" => format!("-l {option}"),
                _ => format!("--{option}"),
            };
            assert!(
                script.contains(&written),
                "{shell}'s script names {written}"
            );
        }
        let file = dir.path().join(format!("console-desk-cli.{shell}"));
        std::fs::write(&file, &script).unwrap();
        // Each shell that is here (scripts/test installs bash, zsh and fish; PowerShell is not
        // in Debian's archive) loads its script and completes with it.
        let path = file.display();
        let (program, args, expected): (&str, Vec<String>, &[&str]) = match shell {
            "bash" => (
                "bash",
                vec![
                    "--norc".into(),
                    "--noprofile".into(),
                    "-c".into(),
                    format!("source '{path}' && complete -p console-desk-cli"),
                ],
                &["complete", "console-desk-cli"],
            ),
            "zsh" => (
                "zsh",
                vec![
                    "-f".into(),
                    "-c".into(),
                    format!(
                        "autoload -U compinit && compinit -u -D && source '{path}' && \
                         print -r -- \"comp=${{_comps[console-desk-cli]}}\""
                    ),
                ],
                &["comp=_console-desk-cli"],
            ),
            "fish" => (
                "fish",
                vec![
                    "--no-config".into(),
                    "-c".into(),
                    format!(
                        "source '{path}'; complete -C 'console-desk-cli enc'; \
                         complete -C 'console-desk-cli --out'"
                    ),
                ],
                &["encoo\t", "--output\t"],
            ),
            _ => continue,
        };
        let out = Command::new(program)
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{program} (scripts/test installs it): {e}"));
        let printed = ok(out);
        for want in expected {
            assert!(printed.contains(want), "{shell}: {want:?} in {printed}");
        }
    }
    let err = failed(
        &Command::new(BIN)
            .args(["completions", "tcsh"])
            .output()
            .unwrap(),
        2,
    );
    assert!(err.contains("bash"), "{err}");
}

#[test]
fn debug_prints_each_call_without_a_token_or_password() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_dgs(dir.path(), "Cli.DebugTest", "1.0.0");
    // A channel upload: its pre-signed storage URL carries a signature in its query.
    let out = c.run_args(&[
        "--debug",
        "packages",
        "upload",
        "--channel",
        file.to_str().unwrap(),
    ]);
    let err = stderr(&out);
    ok(out);
    let token_url = format!("> POST {}/connect/token", c.url);
    assert!(err.contains(&token_url), "{err}");
    assert!(err.contains("< 200 OK in "), "{err}");
    assert!(err.contains(&format!("> GET {}/openapi/", c.url)), "{err}");
    assert!(err.contains("> authorization: <redacted>"), "{err}");
    assert!(
        err.contains("> PUT ") && err.contains("sig=<redacted>"),
        "{err}"
    );
    assert!(err.contains(" ms"), "each call's time: {err}");
    let tokens = c.sandbox.issued_tokens();
    assert!(!tokens.is_empty());
    for token in &tokens {
        assert!(!err.contains(token.as_str()), "a token in the log:\n{err}");
    }
    assert!(!err.contains("password=admin"), "{err}");
    for line in err.lines().filter(|l| l.contains("sig=")) {
        assert!(line.contains("sig=<redacted>"), "{line}");
    }

    // Off by default.
    let quiet = stderr(&c.run("packages list"));
    assert!(!quiet.contains("> GET"), "{quiet}");
}

#[test]
fn debug_prints_flexmodel_calls_the_same_way() {
    let fm = Fm::start();
    let out = run_fm(
        Some(&fm.url),
        &["--debug", "projects"],
        Some("admin123"),
        &[],
    );
    let err = stderr(&out);
    ok(out);
    assert!(err.contains(&format!("> POST {}/api/", fm.url)), "{err}");
    assert!(err.contains(&format!("> GET {}/api/", fm.url)), "{err}");
    assert!(err.contains("> authorization: <redacted>"), "{err}");
    assert!(err.contains("< 200 OK in "), "{err}");
    assert!(!err.contains("admin123"), "{err}");
    // No bearer token's value: every authorization line is redacted.
    for line in err
        .lines()
        .filter(|l| l.to_ascii_lowercase().contains("authorization"))
    {
        assert!(line.ends_with("<redacted>"), "{line}");
    }
}

/// What a terminal `width` columns wide shows of `raw` output: escape sequences dropped, each
/// carriage return starting the line over. Answers the longest line and the last one.
fn screen(raw: &str) -> (usize, String) {
    let mut widest = 0;
    let mut last = String::new();
    let mut chars = raw.chars().peekable();
    let mut line = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                // CSI: ESC [ params final-byte.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
            }
            '\r' | '\n' => {
                widest = widest.max(line.chars().count());
                if !line.trim().is_empty() {
                    last = line.clone();
                }
                line.clear();
            }
            c => line.push(c),
        }
    }
    widest = widest.max(line.chars().count());
    if !line.trim().is_empty() {
        last = line;
    }
    (widest, last)
}

#[test]
fn the_upload_bar_fits_a_40_column_terminal_and_ends_at_100_percent() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let file = write_dgs(dir.path(), "Cli.ProgressOnATerminalWithALongName", "1.0.0");
    // The bar is on stderr; stdout goes to a file so the screen holds only the bar.
    let answer = dir.path().join("answer.json");
    let line = format!(
        "stty cols 40 rows 20; '{BIN}' --console '{}' --username admin --json packages upload \
         --channel '{}' > '{}'",
        c.url,
        file.display(),
        answer.display()
    );
    let out = Command::new("script")
        .args(["-qfec", &line, "/dev/null"])
        .env("COLUMNS", "40")
        .env("CONSOLE_DESK_PASSWORD", "admin")
        .env_remove("CONSOLE_DESK_PROXY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{raw}");
    let (widest, last) = screen(&raw);
    assert!(widest <= 40, "a line {widest} wide:\n{raw:?}");
    assert!(last.contains("100%"), "{last:?} in {raw:?}");
    assert!(
        last.starts_with("Cli.Progress"),
        "the file's name: {last:?}"
    );
    assert!(last.contains('█'), "{last:?}");
    let printed: Value = serde_json::from_slice(&std::fs::read(&answer).unwrap()).unwrap();
    assert_eq!(printed["route"], "channel");
}
