//! `console-desk-cli encoo …` and the top-level names kept from before the `encoo` group are
//! one command: the same stdout and exit status for a read, a usage error and an API error;
//! global options before or after `encoo`; and help that shows the group and its resources.

use crate::common;

use std::process::{Command, Output, Stdio};

use common::{stderr, stdout, Console, BIN};

/// A well-formed GUID the sandbox has no package under.
const UNKNOWN: &str = "0f0e0d0c-0b0a-4909-8807-060504030201";

/// Runs `line` as given and again under `encoo`, answering both outputs.
fn both(c: &Console, line: &str) -> (Output, Output) {
    let args: Vec<&str> = line.split_whitespace().collect();
    let legacy = c.run_args(&args);
    let grouped = c.run_args(&[&["encoo"], &args[..]].concat());
    (legacy, grouped)
}

fn assert_same(line: &str, (legacy, grouped): &(Output, Output), code: i32) {
    assert_eq!(
        legacy.status.code(),
        Some(code),
        "{line}: {}",
        stderr(legacy)
    );
    assert_eq!(
        grouped.status.code(),
        Some(code),
        "encoo {line}: {}",
        stderr(grouped)
    );
    assert_eq!(
        stdout(legacy),
        stdout(grouped),
        "{line}: stdout differs under `encoo`"
    );
    assert_eq!(legacy.stdout, grouped.stdout, "{line}: not byte for byte");
}

#[test]
fn a_read_prints_the_same_bytes_with_and_without_encoo() {
    let c = Console::start();
    for line in [
        "packages list --page-size 50",
        "--json packages list --page-size 50",
        "workflows list --search invoices",
    ] {
        let outputs = both(&c, line);
        assert_same(line, &outputs, 0);
        assert!(
            stdout(&outputs.0).contains("Finance.InvoiceReader")
                || stdout(&outputs.0).contains("Daily invoices"),
            "{line}: {}",
            stdout(&outputs.0)
        );
    }
}

#[test]
fn usage_errors_exit_2_with_and_without_encoo() {
    let c = Console::start();
    // Told wrong by the CLI itself (nothing to change): the same words on stderr too.
    let line = format!("packages update {UNKNOWN}");
    let outputs = both(&c, &line);
    assert_same(&line, &outputs, 2);
    assert_eq!(stderr(&outputs.0), stderr(&outputs.1));
    assert!(
        stderr(&outputs.0).contains("nothing to change"),
        "{}",
        stderr(&outputs.0)
    );
    // Told wrong by clap (a missing argument): its usage line names the command as typed.
    let outputs = both(&c, "packages get");
    assert_same("packages get", &outputs, 2);
    assert!(stdout(&outputs.0).is_empty());
    assert!(stderr(&outputs.1).contains("console-desk-cli encoo packages get <ID>"));
    assert!(
        c.sandbox.request_log().is_empty(),
        "usage errors send nothing"
    );
}

#[test]
fn an_api_error_exits_1_with_the_same_words_with_and_without_encoo() {
    let c = Console::start();
    let line = format!("packages get {UNKNOWN}");
    let outputs = both(&c, &line);
    assert_same(&line, &outputs, 1);
    assert_eq!(stderr(&outputs.0), stderr(&outputs.1));
    assert!(
        stderr(&outputs.0).starts_with("error: "),
        "{}",
        stderr(&outputs.0)
    );
    let gets = c
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.path.to_ascii_lowercase().ends_with(UNKNOWN))
        .count();
    assert_eq!(gets, 2, "both asked the console");
}

#[test]
fn global_options_work_before_and_after_encoo() {
    let c = Console::start();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("CONSOLE_DESK_PASSWORD", "admin")
            .env_remove("CONSOLE_DESK_CONSOLE")
            .env_remove("CONSOLE_DESK_USERNAME")
            .env_remove("CONSOLE_DESK_PROXY")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let url = c.url.as_str();
    let before = run(&[
        "--console",
        url,
        "--username",
        "admin",
        "--json",
        "--proxy",
        "none",
        "encoo",
        "packages",
        "list",
    ]);
    let between = run(&[
        "encoo",
        "--console",
        url,
        "--username",
        "admin",
        "--json",
        "--proxy",
        "none",
        "packages",
        "list",
    ]);
    let after = run(&[
        "encoo",
        "packages",
        "list",
        "--console",
        url,
        "--username",
        "admin",
        "--json",
        "--proxy",
        "none",
    ]);
    for out in [&before, &between, &after] {
        assert!(out.status.success(), "{}", stderr(out));
    }
    assert_eq!(before.stdout, between.stdout);
    assert_eq!(before.stdout, after.stdout);
    let page: serde_json::Value = serde_json::from_slice(&after.stdout).expect("JSON");
    assert!(page["Count"].as_u64().unwrap() >= 8, "{page}");
}

#[test]
fn help_shows_the_encoo_group_and_encoo_help_lists_its_resources() {
    let help = |args: &[&str]| {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let top = help(&["--help"]);
    assert!(top.contains("\n  encoo "), "{top}");
    assert!(
        top.contains("are the Encoo ones, kept for scripts written\nbefore the `encoo` group"),
        "{top}"
    );
    let encoo = help(&["encoo", "--help"]);
    let listed: Vec<&str> = encoo
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        [
            "companies",
            "departments",
            "me",
            "packages",
            "queues",
            "robots",
            "workflows",
            "layouts",
            "sandbox",
            "help"
        ]
    );
    // The top-level names stay out of the top-level list, yet run.
    assert!(!top.contains("\n  packages "), "{top}");
    assert!(help(&["packages", "--help"]).contains("console-desk-cli packages"));
}
