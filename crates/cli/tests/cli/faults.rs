//! The CLI against a console that loses answers: an execute whose answer was lost exits 3 and
//! says to check the jobs; the sandbox's `--faults` refuses a spec it cannot use.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use encoo_sandbox::{Fault, Faults};

use common::{failed, ChildGuard, Console, BIN};

#[test]
fn workflows_execute_whose_answer_is_lost_exits_3_and_says_to_check_the_jobs() {
    let c = Console::start();
    let page = c.json("workflows list");
    let id = page["List"][0]["Id"]
        .as_str()
        .expect("a workflow id")
        .to_owned();
    let jobs_before = c.sandbox.jobs().len();
    // The console runs it; a proxy in front loses the answer.
    let faults: Faults = "error=1,error_at=after,error_status=502,only=/execute"
        .parse()
        .unwrap();
    c.sandbox.set_faults(faults);

    let err = failed(&c.run_args(&["workflows", "execute", &id]), 3);
    assert!(err.contains("may or may not have carried out"), "{err}");
    assert!(err.contains("Check the jobs list"), "{err}");
    assert_eq!(c.sandbox.jobs().len(), jobs_before + 1, "the job was made");
    let executes: Vec<_> = c
        .sandbox
        .request_log()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/execute"))
        .map(|r| r.status)
        .collect();
    assert_eq!(executes, vec![502], "sent once, never repeated");
    let applied: Vec<Fault> = c.sandbox.faults_applied().iter().map(|r| r.fault).collect();
    assert_eq!(
        applied,
        vec![Fault::Error {
            status: 502,
            handled: true
        }]
    );
}

#[test]
fn sandbox_refuses_an_unknown_fault_with_exit_2_naming_it() {
    let out = Command::new(BIN)
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "latency=5ms,nonsense=1",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = failed(&out, 2);
    assert!(err.contains("unknown fault \"nonsense\""), "{err}");
    assert!(out.stdout.is_empty(), "nothing was served");

    let out = Command::new(BIN)
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "error=1.5",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(failed(&out, 2).contains("from 0 to 1"));
}

#[test]
fn sandbox_announces_the_faults_in_effect() {
    let child = Command::new(BIN)
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--faults",
            "latency=10ms,error=5%,seed=3",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = ChildGuard(child);
    let lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let announced = lines
        .map(Result::unwrap)
        .take_while(|l| !l.starts_with("Ctrl-C"))
        .find(|l| l.starts_with("faults in effect"));
    assert_eq!(
        announced.as_deref(),
        Some("faults in effect: latency=10ms,error=0.05,seed=3 (answers lost, connections cut or stalled on purpose)")
    );
}
