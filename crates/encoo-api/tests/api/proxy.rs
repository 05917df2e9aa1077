//! A console reached through a company's forward proxy by a name only the proxy knows
//! (`http://console.test:PORT`), inside a private network namespace so that no lookup of that
//! name can leave the machine. The test re-runs itself under `unshare -n` (root, or
//! CAP_SYS_ADMIN: CI runs as root) with `HTTP_PROXY` set for the re-run alone; inside, the
//! sandbox and the proxy listen on 127.0.0.1 and four clients check what the proxy recorded:
//! an explicit proxy URL with credentials, the system's proxy, a loopback console with a
//! proxy configured, and no proxy at all.

use std::io::Read;
use std::net::Ipv4Addr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use encoo_api::{Client, ClientConfig, ErrorKind, Result};
use encoo_sandbox::{Sandbox, SandboxConfig, DEMO_PASSWORD, DEMO_USERNAME};

use console_core::Proxy;

use crate::forward_proxy::{ForwardProxy, Forwarded};

/// Set in the re-run's environment: this process is the one inside the namespace.
const INSIDE: &str = "CONSOLE_DESK_TEST_INSIDE_NETNS";
/// The proxy's port inside the namespace: free there whatever the machine runs.
const PROXY_PORT: u16 = 3128;
/// Said by the re-run once its namespace is up, and once every check passed.
const STARTED: &str = "proxy test: inside a private network namespace";
const PASSED: &str = "proxy test: all four checks passed";
/// `Basic` with base64 of `alice:s3cret`.
const ALICE: &str = "Basic YWxpY2U6czNjcmV0";

#[test]
fn a_console_behind_a_forward_proxy_is_reached_by_a_name_only_the_proxy_knows() {
    if std::env::var_os(INSIDE).is_some() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        return runtime.block_on(inside_the_namespace());
    }
    let name = "a_console_behind_a_forward_proxy_is_reached_by_a_name_only_the_proxy_knows";
    let stdout = rerun_in_private_network(name);
    assert!(
        stdout.contains(PASSED),
        "the re-run did not get through:\n{stdout}"
    );
}

/// The four checks, in the namespace.
async fn inside_the_namespace() {
    println!("{STARTED}");
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox
        .serve((Ipv4Addr::LOCALHOST, 0).into())
        .await
        .unwrap();
    let port = server.addr().port();
    let proxy = ForwardProxy::start(
        (Ipv4Addr::LOCALHOST, PROXY_PORT).into(),
        &[("console.test", Ipv4Addr::LOCALHOST.into())],
    )
    .await;
    assert_eq!(std::env::var("HTTP_PROXY").unwrap(), proxy.url());
    let by_name = format!("http://console.test:{port}");
    let direct = format!("http://127.0.0.1:{port}");
    let explicit = Proxy::Url {
        url: proxy.url(),
        username: Some("alice".into()),
        password: Some("s3cret".into()),
    };

    // (c) first, as the reference: a loopback console with a proxy configured goes direct.
    let mut expected = Vec::new();
    for choice in [explicit.clone(), Proxy::System] {
        let shown = format!("{choice:?}");
        expected = packages(&direct, choice).await.expect(&shown);
        assert!(proxy.record().is_empty(), "{shown}: {:?}", proxy.record());
    }
    assert!(expected.len() >= 8, "{expected:?}");
    // What one run sends: a sign-in, the scope's lookups, the list.
    let heard = sandbox.request_log().len();
    let per_run = heard / 2;
    assert!(
        per_run >= 3 && heard.is_multiple_of(2),
        "the sandbox heard {heard} requests"
    );

    // (a) an explicit proxy URL with basic credentials.
    assert_eq!(packages(&by_name, explicit).await.unwrap(), expected);
    let through_explicit = proxy.record();
    assert_eq!(through_explicit.len(), per_run, "{through_explicit:?}");
    assert_reached_by_name(&through_explicit, &by_name);
    assert!(
        through_explicit
            .iter()
            .all(|r| r.proxy_authorization.as_deref() == Some(ALICE)),
        "{through_explicit:?}"
    );
    assert_eq!(sandbox.request_log().len(), heard + through_explicit.len());

    // (b) the system's proxy: HTTP_PROXY, set for this process alone.
    assert_eq!(packages(&by_name, Proxy::System).await.unwrap(), expected);
    let record = proxy.record();
    let (before, through_system) = record.split_at(through_explicit.len());
    assert_eq!(before, through_explicit);
    assert_eq!(through_system.len(), per_run, "{through_system:?}");
    assert_reached_by_name(through_system, &by_name);
    assert!(through_system
        .iter()
        .all(|r| r.proxy_authorization.is_none()));

    // (c) again, now that the proxy has forwarded: still nothing of a loopback console's.
    assert_eq!(packages(&direct, Proxy::System).await.unwrap(), expected);
    assert_eq!(proxy.record(), record);

    // (d) no proxy: the name does not resolve here, and the error says so.
    let err = packages(&by_name, Proxy::None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    let message = err.to_string();
    assert!(message.contains("console.test"), "{message}");
    assert!(message.contains("could not be resolved"), "{message}");
    assert_eq!(proxy.record(), record);
    println!("{PASSED}");
}

/// Signs in at `url` with `proxy` and lists packages: their names.
async fn packages(url: &str, proxy: Proxy) -> Result<Vec<String>> {
    let mut config = ClientConfig::single(url);
    config.proxy = proxy;
    config.retry_backoff = Duration::from_millis(20);
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await?
        .with_default_scope()
        .await?;
    let page = client.packages().list(&Default::default()).await?;
    Ok(page.list.into_iter().map(|p| p.name).collect())
}

/// The sign-in, the scope's lookups and the package list, each asked of the proxy by name.
fn assert_reached_by_name(record: &[Forwarded], by_name: &str) {
    let targets: Vec<String> = record
        .iter()
        .map(|r| format!("{} {}", r.method, r.target.to_ascii_lowercase()))
        .collect();
    assert!(
        targets.iter().all(|t| t.contains(&format!(" {by_name}/"))),
        "{targets:?}"
    );
    let token = format!("POST {by_name}/connect/token");
    let list = format!("GET {by_name}/openapi/packages");
    assert_eq!(targets.first(), Some(&token), "{targets:?}");
    assert!(
        targets.last().is_some_and(|t| t.starts_with(&list)),
        "{targets:?}"
    );
}

/// Runs this test binary's test `name` again inside a new network namespace with loopback up,
/// `HTTP_PROXY` pointing at where the proxy will listen there, and no other proxy variable.
/// Fails, saying why, when the namespace cannot be made. Answers the re-run's output.
fn rerun_in_private_network(name: &str) -> String {
    let exe = std::env::current_exe().unwrap();
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let test = format!("{module}::{name}");
    let mut command = Command::new("unshare");
    command
        .args(["-n", "sh", "-c"])
        .arg(r#"PATH="$PATH:/usr/sbin:/sbin"; ip link set lo up && exec "$0" "$@""#)
        .arg(&exe)
        .args(["--exact", &test, "--nocapture", "--test-threads=1"]);
    for var in [
        "https_proxy",
        "HTTPS_PROXY",
        "http_proxy",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
        "REQUEST_METHOD",
    ] {
        command.env_remove(var);
    }
    command
        .env("HTTP_PROXY", format!("http://127.0.0.1:{PROXY_PORT}"))
        .env(INSIDE, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| {
        panic!("cannot run `unshare` (util-linux) for a private network namespace: {e}")
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the re-run inside the network namespace took over 3 minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    if !stdout.contains(STARTED) {
        panic!(
            "this test needs a private network namespace and could not make one: \
             `unshare -n` then `ip link set lo up` need root or CAP_SYS_ADMIN (CI runs the \
             tests as root) and util-linux and iproute2 installed ({status}):\n{stderr}"
        );
    }
    assert!(
        status.success(),
        "the re-run failed ({status}):\n{stdout}\n{stderr}"
    );
    stdout
}
