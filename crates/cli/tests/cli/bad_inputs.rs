//! The built CLI given bad arguments and bad files, row by row: usage errors exit 2, refusals
//! exit 1, stderr names the problem, nothing ever panics, and what the CLI can tell without
//! the console sends nothing at all (not even a sign-in). "must work" rows exit 0.

use crate::common;

use common::{stderr, write_dgs, Console};

/// What a row must come to.
enum Expect {
    /// Exit status and a word of stderr; `true` when nothing may reach the console.
    Fails(i32, &'static str, bool),
    Works,
}
use Expect::{Fails, Works};

/// Placeholders filled per run: `{dir}` the files folder, `{wf}` a workflow id, `{pkg}` a
/// package id, `{queue}` a robot group id, `{long101}` / `{long501}` that many characters,
/// `{unknown}` a well-formed GUID the console does not have.
static CASES: &[(&str, &[&str], Expect)] = &[
    (
        "empty queue name",
        &["queues", "create", "--name", ""],
        Fails(1, "Name is required", true),
    ),
    (
        "101-character queue name",
        &["queues", "create", "--name", "{long101}"],
        Fails(1, "longer than 100", true),
    ),
    (
        "queue name with a tab",
        &["queues", "create", "--name", "a\tb"],
        Fails(1, "control characters", true),
    ),
    (
        "empty tag between commas",
        &["queues", "create", "--name", "q", "--tags", "a,,b"],
        Fails(1, "1 to 50", true),
    ),
    (
        "tag with a control character",
        &["queues", "create", "--name", "q", "--tags", "ok,bad\u{1b}"],
        Fails(1, "control character", true),
    ),
    (
        "description of 501 characters",
        &[
            "queues",
            "create",
            "--name",
            "q",
            "--description",
            "{long501}",
        ],
        Fails(1, "longer than 500", true),
    ),
    (
        "malformed queue id",
        &["queues", "get", "1234"],
        Fails(1, "queueId must be a GUID", true),
    ),
    (
        "priority -1",
        &[
            "workflows",
            "create",
            "--name",
            "w",
            "--package",
            "{pkg}",
            "--version-id",
            "{pkg}",
            "--queue",
            "{queue}",
            "--priority=-1",
        ],
        Fails(
            1,
            "Priority must be a whole number from 0 to 5000, got -1",
            true,
        ),
    ),
    (
        "priority 5001",
        &["workflows", "update", "{wf}", "--priority", "5001"],
        Fails(1, "from 0 to 5000, got 5001", true),
    ),
    (
        "retries 11",
        &["workflows", "execute", "{wf}", "--retries", "11"],
        Fails(1, "MaxRetryCount must be a whole number from 0 to 10", true),
    ),
    (
        "priority not a number",
        &["workflows", "execute", "{wf}", "--priority", "high"],
        Fails(2, "invalid digit", true),
    ),
    (
        "unknown video mode",
        &["workflows", "update", "{wf}", "--video", "Sometimes"],
        Fails(2, "NeverRecord", true),
    ),
    (
        "unknown trigger policy",
        &[
            "workflows",
            "update",
            "{wf}",
            "--trigger-policy",
            "Whenever",
        ],
        Fails(2, "SkipWhenNoResource", true),
    ),
    (
        "execute of a malformed id",
        &["workflows", "execute", "wf-1"],
        Fails(1, "workflowId must be a GUID", true),
    ),
    (
        "--arg without =",
        &["workflows", "execute", "{wf}", "--arg", "Invoice"],
        Fails(2, "NAME=VALUE", true),
    ),
    (
        "malformed robot id",
        &["workflows", "add-robots", "{wf}", "robot-7"],
        Fails(1, "RobotIds must be a GUID", true),
    ),
    (
        "malformed id to upgrade",
        &["workflows", "upgrade", "{wf}", "nope"],
        Fails(1, "WorkflowIds must be a GUID", true),
    ),
    (
        "malformed layout id",
        &["layouts", "execute", "L1"],
        Fails(1, "workflowlayoutId must be a GUID", true),
    ),
    (
        "page size 0",
        &["packages", "list", "--page-size", "0"],
        Fails(1, "PageSize", true),
    ),
    (
        "malformed company id",
        &["--company", "acme", "queues", "list"],
        Fails(1, "CompanyId must be a GUID", true),
    ),
    (
        "unknown subcommand",
        &["queues", "frobnicate"],
        Fails(2, "frobnicate", true),
    ),
    (
        "create without its required options",
        &["workflows", "create", "--name", "w"],
        Fails(2, "--package", true),
    ),
    (
        "console address without a scheme",
        &[
            "--sso-url",
            "console.example",
            "--api-url",
            "console.example",
            "me",
        ],
        Fails(2, "http://", true),
    ),
    (
        "upload a text file",
        &["packages", "upload", "{dir}/notes.txt"],
        Fails(1, "not a zip", true),
    ),
    (
        "upload an empty file",
        &["packages", "upload", "{dir}/empty.dgs"],
        Fails(1, "the file is empty", true),
    ),
    (
        "upload a zip without a manifest",
        &["packages", "upload", "{dir}/report.xlsx"],
        Fails(1, "no .nuspec manifest", true),
    ),
    (
        "upload a manifest without a version",
        &["packages", "upload", "{dir}/noversion.dgs"],
        Fails(1, "no <version>", true),
    ),
    (
        "upload a manifest that is not XML",
        &["packages", "upload", "{dir}/badxml.dgs"],
        Fails(1, "not valid XML", true),
    ),
    (
        "upload a folder",
        &["packages", "upload", "{dir}"],
        Fails(1, "folder", true),
    ),
    (
        "upload a missing file",
        &["packages", "upload", "{dir}/missing.dgs"],
        Fails(1, "cannot read", true),
    ),
    (
        "publish only bad files",
        &["packages", "publish", "{dir}/notes.txt", "{dir}/empty.dgs"],
        Fails(1, "2 of 2 files not published", true),
    ),
    (
        "--since that is no time",
        &["packages", "list", "--since", "yesterday"],
        Fails(2, "RFC 3339", true),
    ),
    (
        "--until on a day that does not exist",
        &["packages", "list", "--until", "2024-02-30"],
        Fails(2, "no such day", true),
    ),
    (
        "a time without its offset",
        &["packages", "list", "--since", "2024-07-29T12:00:00"],
        Fails(2, "offset", true),
    ),
    (
        "--since after --until",
        &[
            "packages",
            "list",
            "--since",
            "2024-03-02",
            "--until",
            "2024-03-02T01:00:00+02:00",
        ],
        Fails(2, "is after --until", true),
    ),
    (
        "robots by a malformed version id",
        &["robots", "list", "--version-id", "v2"],
        Fails(1, "PackageVersionId must be a GUID", true),
    ),
    (
        "robot groups by a malformed package id",
        &["queues", "list", "--package", "erp"],
        Fails(1, "PackageId must be a GUID", true),
    ),
    (
        "workflows by a malformed version id",
        &["workflows", "list", "--version-id", "1.0.0"],
        Fails(1, "PackageVersionId must be a GUID", true),
    ),
    (
        "unknown video mode for one run",
        &["workflows", "execute", "{wf}", "--video", "Sometimes"],
        Fails(2, "AlwaysReport", true),
    ),
    (
        "an empty --etag",
        &[
            "packages",
            "update",
            "{pkg}",
            "--etag",
            " ",
            "--description",
            "x",
        ],
        Fails(2, "--etag is empty", true),
    ),
    (
        "a package update with nothing to change",
        &["packages", "update", "{pkg}"],
        Fails(2, "nothing to change", true),
    ),
    (
        "--yes without --upgrade-workflows",
        &["packages", "publish", "--yes", "{dir}/empty.dgs"],
        Fails(2, "--upgrade-workflows", true),
    ),
    (
        "a well-formed id the console lacks",
        &["queues", "get", "{unknown}"],
        Fails(1, "not found", false),
    ),
    (
        "must work: Chinese name with spaces and tags",
        &[
            "queues",
            "create",
            "--name",
            "财务 机器人组",
            "--tags",
            "财务,夜间 批处理",
        ],
        Works,
    ),
    (
        "must work: upload from a Chinese path with spaces",
        &["packages", "upload", "{dir}/流程 包 v2/我的 流程.dgs"],
        Works,
    ),
    (
        "must work: a date range and a name",
        &[
            "packages",
            "list",
            "--name",
            "invoice",
            "--since",
            "2024-03-01",
            "--until",
            "2024-03-01T23:00:00-02:00",
        ],
        Works,
    ),
    (
        "must work: a run recorded on video, the mode in any case",
        &["workflows", "execute", "{wf}", "--video", "alwaysrecord"],
        Works,
    ),
    (
        "must work: priority 5000 and retries 10",
        &[
            "workflows",
            "execute",
            "{wf}",
            "--priority",
            "5000",
            "--retries",
            "10",
        ],
        Works,
    ),
];

fn write_files(dir: &std::path::Path) {
    use std::io::Write;
    let zip_of = |name: &str, entry: &str, text: &str| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.join(name)).unwrap());
        zip.start_file(entry, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
        zip.finish().unwrap();
    };
    std::fs::write(dir.join("notes.txt"), "meeting notes").unwrap();
    std::fs::write(dir.join("empty.dgs"), "").unwrap();
    zip_of("report.xlsx", "xl/workbook.xml", "<workbook/>");
    let no_version = "<package><metadata><id>NoVersion</id></metadata></package>";
    zip_of("noversion.dgs", "NoVersion.nuspec", no_version);
    zip_of("badxml.dgs", "Bad.nuspec", "<package><metadata>");
    let awkward = dir.join("流程 包 v2");
    std::fs::create_dir(&awkward).unwrap();
    let made = write_dgs(&awkward, "我的流程", "2.0.0");
    std::fs::rename(made, awkward.join("我的 流程.dgs")).unwrap();
}

#[test]
fn every_bad_argument_and_file_is_refused_naming_the_problem() {
    assert!(CASES.len() >= 30, "{} rows", CASES.len());
    let console = Console::start();
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let id_of = |what: &str| {
        console.json(&format!("{what} list"))["List"][0]["Id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let fill = [
        ("{dir}", dir.path().display().to_string()),
        ("{wf}", id_of("workflows")),
        ("{pkg}", id_of("packages")),
        ("{queue}", id_of("queues")),
        ("{long101}", "名".repeat(101)),
        ("{long501}", "d".repeat(501)),
        ("{unknown}", "6f9619ff-8b86-d011-b42d-00c04fc964ff".into()),
    ];
    for (name, args, expect) in CASES {
        let args: Vec<String> = args
            .iter()
            .map(|a| fill.iter().fold(a.to_string(), |a, (k, v)| a.replace(k, v)))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let sent_before = console.sandbox.request_log().len();
        let out = console.run_args(&args);
        let sent = console.sandbox.request_log().len() - sent_before;
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        match expect {
            Works => assert!(out.status.success(), "{name}: {err}"),
            Fails(code, word, local) => {
                assert_eq!(out.status.code(), Some(*code), "{name}: {err}");
                assert!(err.contains(word), "{name}: stderr lacks {word:?}: {err}");
                if *local {
                    assert_eq!(
                        sent, 0,
                        "{name}: the CLI could tell, yet sent {sent} requests"
                    );
                } else {
                    assert!(sent > 0, "{name}: only the console can tell");
                }
            }
        }
    }
}

#[test]
fn no_password_and_no_terminal_is_a_usage_error_sending_nothing() {
    let console = Console::start();
    let out = common::run_with(&console.url, &["queues", "list"], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("CONSOLE_DESK_PASSWORD") && !err.contains("panicked"),
        "{err}"
    );
    assert!(console.sandbox.request_log().is_empty());
}
