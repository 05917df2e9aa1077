//! The CLI as a user runs it: the built binary against a sandbox console started in the test
//! (or by the binary itself), checking what it prints, its exit status and what reached the
//! console.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::{
    failed, ok, run_with, run_with_env, stderr, stdout, write_dgs, ChildGuard, Console, ProxyTrap,
    BIN,
};

#[test]
fn sandbox_subcommand_announces_its_address_and_serves_the_api() {
    let child = Command::new(BIN)
        .args(["sandbox", "--listen", "127.0.0.1:0", "--token-ttl", "600"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = ChildGuard(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.parse::<u16>().ok());
    assert!(port.is_some_and(|p| p != 0), "{first:?}");
    let rest: Vec<String> = lines.by_ref().take(3).map(Result::unwrap).collect();
    let rest = rest.join("\n");
    assert!(
        rest.contains("export CONSOLE_DESK_PASSWORD=admin"),
        "{rest}"
    );
    assert!(rest.contains(&format!("--console {url} --username admin")));

    let args = ["--json", "companies", "list"];
    let companies: Value = serde_json::from_str(&ok(run_with(&url, &args, Some("admin")))).unwrap();
    let companies = companies.as_array().expect("an array of companies");
    assert_eq!(companies.len(), 2, "{companies:?}");
    assert!(companies.iter().all(|c| c["Id"].as_str().is_some()));

    // SIGTERM stops it cleanly.
    let pid = child.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "sandbox ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "sandbox exited with {status}");
}

#[test]
fn packages_list_as_table_and_as_json() {
    let c = Console::start();
    let page = c.json("packages list --page-size 50");
    assert!(page["Count"].as_u64().unwrap() >= 8, "{page}");
    let list = page["List"].as_array().unwrap();
    assert!(list.iter().any(|p| p["Name"] == "Finance.InvoiceReader"));

    let table = ok(c.run("packages list --page-size 50"));
    assert!(table.contains("Finance.InvoiceReader"), "{table}");
    assert!(table.contains("邮件自动回复"), "{table}");
    let first_id = list[0]["Id"].as_str().unwrap();
    assert!(table.contains(first_id), "ids are shown in full:\n{table}");

    let two = c.json("packages list --page 1 --page-size 2");
    assert_eq!(two["List"].as_array().unwrap().len(), 2);
    assert_eq!(
        two["List"][0]["Id"], list[2]["Id"],
        "page 1 starts at the 3rd"
    );
}

#[test]
fn queues_create_get_update_delete_round_trip() {
    let c = Console::start();
    let created = c.json("queues create --name CLI测试组 --description 测试用 --tags a,b");
    let id = created["Id"].as_str().unwrap().to_owned();
    assert_eq!(created["Name"], "CLI测试组");
    assert_eq!(created["Tags"], json!(["a", "b"]));

    let got = c.json(&format!("queues get {id}"));
    assert_eq!([&got["Name"], &got["Description"]], ["CLI测试组", "测试用"]);

    let updated = c.json(&format!("queues update {id} --name Renamed --tags c"));
    assert_eq!(updated["Name"], "Renamed");
    let got = c.json(&format!("queues get {id}"));
    assert_eq!(
        (&got["Name"], &got["Tags"]),
        (&json!("Renamed"), &json!(["c"]))
    );
    assert_eq!(got["Description"], "测试用", "untouched fields stay");

    assert!(ok(c.run(&format!("queues delete {id}"))).contains(&id));
    failed(&c.run(&format!("queues get {id}")), 1);
}

#[test]
fn packages_upload_direct_and_by_channel() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();

    let file = write_dgs(dir.path(), "Cli.UploadTest", "1.0.3");
    let out = c.run_args(&["packages", "upload", file.to_str().unwrap()]);
    assert_eq!(
        stderr(&out),
        "",
        "no progress noise when stderr is not a terminal"
    );
    let printed = ok(out);
    let expected = ["Cli.UploadTest", "1.0.3", "direct"];
    assert!(expected.iter().all(|e| printed.contains(e)), "{printed}");
    assert_eq!(c.sandbox.package_versions("Cli.UploadTest"), ["1.0.3"]);
    assert!(!c.sent(Some("PUT"), "/storage/"));

    let file = write_dgs(dir.path(), "Cli.UploadTest", "1.0.4");
    let answer = c.json_args(&["packages", "upload", "--channel", file.to_str().unwrap()]);
    assert_eq!(answer["route"], "channel", "{answer}");
    assert_eq!(answer["result"]["PackageName"], "Cli.UploadTest");
    let versions = c.sandbox.package_versions("Cli.UploadTest");
    assert!(versions.contains(&"1.0.4".to_string()), "{versions:?}");
    assert!(c.sent(Some("PUT"), "/storage/"));
}

#[test]
fn a_file_that_is_not_a_package_is_refused_before_sending() {
    let c = Console::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.dgs");
    std::fs::write(&file, "just some text, not a zip").unwrap();
    let err = failed(
        &c.run_args(&["packages", "upload", file.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("not a .dgs") && err.contains("zip"), "{err}");
    assert!(!c.sent(None, "/openapi/packages"));
}

#[test]
fn workflows_execute_overrides_an_argument() {
    let c = Console::start();
    let page = c.json("workflows list --page-size 50");
    // The first workflow with a plain (non-asset) input argument.
    let (id, name) = page["List"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|w| {
            let id = w["Id"].as_str().unwrap();
            let w = c.json(&format!("workflows get {id}"));
            w["Arguments"].as_array()?.iter().find_map(|a| {
                let input = matches!(a["Direction"].as_str(), Some("In" | "InOut"));
                (input && a.get("AssetContent").is_none())
                    .then(|| (id.to_owned(), a["Name"].as_str().unwrap().to_owned()))
            })
        })
        .expect("a seeded workflow with an input argument");

    let before = c.sandbox.jobs().len();
    let out = c.run(&format!(
        "workflows execute {id} --arg {name}=cli-override-42 --priority 1234"
    ));
    let printed = ok(out);
    let jobs = c.sandbox.jobs();
    assert_eq!(jobs.len(), before + 1);
    let job = jobs
        .iter()
        .find(|j| printed.contains(j["Id"].as_str().unwrap()))
        .unwrap_or_else(|| panic!("the printed job is not in the sandbox: {printed}"));
    let args = job["Arguments"].as_array().unwrap();
    let carried = args.iter().find(|a| a["Name"] == name.as_str()).unwrap();
    assert_eq!(carried["DefaultValue"], "cli-override-42", "{job}");
    assert!(
        printed.contains("1234") && printed.contains("Queued"),
        "{printed}"
    );

    let err = failed(
        &c.run(&format!("workflows execute {id} --arg NoSuchArgument=1")),
        2,
    );
    assert!(
        err.contains("NoSuchArgument") && err.contains(&name),
        "{err}"
    );
    assert_eq!(
        c.sandbox.jobs().len(),
        before + 1,
        "no job for a refused run"
    );
}

#[test]
fn sign_in_and_usage_failures_have_their_exit_status() {
    let c = Console::start();
    let out = run_with(&c.url, &["companies", "list"], Some("not-the-password"));
    let err = failed(&out, 1).to_lowercase();
    assert!(
        err.contains("username") || err.contains("password"),
        "{err}"
    );
    assert!(
        !err.contains("not-the-password"),
        "the password is never echoed"
    );

    failed(&c.run("frobnicate"), 2);

    let before = c.sandbox.request_log().len();
    let err = failed(&run_with(&c.url, &["companies", "list"], None), 2);
    assert!(err.contains("CONSOLE_DESK_PASSWORD"), "{err}");
    assert_eq!(
        c.sandbox.request_log().len(),
        before,
        "nothing sent without a password"
    );

    let out = Command::new(BIN)
        .args(["packages", "list"])
        .env_remove("CONSOLE_DESK_CONSOLE")
        .env("CONSOLE_DESK_PASSWORD", "admin")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(failed(&out, 2).contains("--console"));
}

#[test]
fn a_malformed_id_is_refused_naming_the_field() {
    let c = Console::start();
    let err = failed(&c.run("workflows get not-a-guid"), 1);
    assert!(
        err.contains("workflowId") && err.contains("not-a-guid"),
        "{err}"
    );
    assert!(!c.sent(None, "/openapi/workflows"));
}

#[test]
fn who_and_where() {
    let c = Console::start();
    assert!(ok(c.run("me")).contains("演示管理员 Demo Admin"));

    let tree = c.json("departments tree");
    let root = &tree["RootDepartment"];
    assert!(root["Children"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(ok(c.run("departments tree")).contains(root["Name"].as_str().unwrap()));

    // Acting in the second company, chosen by id.
    let companies = c.json("companies list");
    let second = companies[1]["Id"].as_str().unwrap();
    let me = c.json(&format!("--company {second} me"));
    assert_eq!(me["CompanyId"], second, "{me}");
    let log = c.sandbox.request_log();
    let scoped = log
        .iter()
        .rev()
        .find(|r| r.path.to_ascii_lowercase().contains("companyusers/self"));
    assert_eq!(scoped.unwrap().company_id.as_deref(), Some(second));
}

#[test]
fn a_proxy_that_cannot_be_used_is_refused_before_signing_in_without_printing_its_password() {
    let c = Console::start();
    let refused = [
        (&["--proxy", "ftp://x"][..], &[][..], "not ftp://"),
        (&["--proxy", "proxy.corp:3128"], &[], "http://"),
        (&["--proxy", "http://"], &[], "cannot be read"),
        (
            &["--proxy", "http://alice:s3cret@proxy.corp:3128"],
            &[],
            "password",
        ),
        (
            &[],
            &[("CONSOLE_DESK_PROXY", "socks5://proxy.corp:1080")],
            "not socks5://",
        ),
    ];
    for (args, env, says) in refused {
        let out = run_with_env(&c.url, &[args, &["me"]].concat(), Some("admin"), env);
        let err = failed(&out, 2);
        assert!(
            err.contains("--proxy: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("s3cret") && !stdout(&out).contains("s3cret"),
            "{err}"
        );
    }
    assert!(c.sandbox.request_log().is_empty(), "nothing may be sent");

    // A user without a password to go with it, and no terminal to ask on.
    let out = c.run_args(&["--proxy", "http://alice@proxy.corp:3128", "me"]);
    let err = failed(&out, 2);
    assert!(err.contains("CONSOLE_DESK_PROXY_PASSWORD"), "{err}");
    assert!(c.sandbox.request_log().is_empty());
}

#[test]
fn a_loopback_console_is_reached_directly_with_any_proxy_choice() {
    let c = Console::start();
    let trap = ProxyTrap::start();
    let with_user = trap.url.replace("http://", "http://alice@");
    let choices = [
        (vec!["--proxy", "none"], vec![]),
        (vec!["--proxy", trap.url.as_str()], vec![]),
        (
            vec!["--proxy", with_user.as_str()],
            vec![("CONSOLE_DESK_PROXY_PASSWORD", "s3cret")],
        ),
        (vec![], vec![("CONSOLE_DESK_PROXY", trap.url.as_str())]),
        // The default, `system`, with the environment naming the proxy.
        (vec![], vec![("HTTP_PROXY", trap.url.as_str())]),
        (
            vec!["--proxy", "system"],
            vec![("http_proxy", trap.url.as_str())],
        ),
    ];
    for (proxy, env) in choices {
        let args = [&proxy[..], &["--json", "companies", "list"]].concat();
        let out = run_with_env(&c.url, &args, Some("admin"), &env);
        let (printed, err) = (stdout(&out), stderr(&out));
        assert!(out.status.success(), "{proxy:?} {env:?}: {err}");
        let companies: Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(companies.as_array().map(Vec::len), Some(2), "{printed}");
        assert!(!err.contains("s3cret") && !printed.contains("s3cret"));
    }
    assert_eq!(trap.offered(), 0, "a request to loopback went to the proxy");
    assert_eq!(
        c.sandbox.request_log().len(),
        12,
        "a sign-in and a list for each choice"
    );
}
