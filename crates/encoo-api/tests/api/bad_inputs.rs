//! A table of bad inputs through the real client against the sandbox: each row is one call,
//! and what must come of it: refused by the client before anything is sent (the sandbox's log
//! does not grow), refused by the console naming the field (for what only the console knows),
//! or, for the "must work" rows, accepted.

use std::path::PathBuf;

use encoo_api::{
    Argument, Client, Direction, ErrorKind, ExecuteRequest, ListQuery, PackageQuery, PackageUpdate,
    QueueCreate, QueueUpdate, Result, TriggerPolicy, UploadOptions, VideoRecordMode,
    WorkflowCreate, WorkflowUpdate,
};
use futures_util::future::BoxFuture;

use crate::common::{package_file, start, Env};

/// What a row's call gets: the signed-in client and ids and files from the seeded sandbox.
#[derive(Clone)]
struct Ctx {
    client: Client,
    queue: String,
    workflow: String,
    package: String,
    version: String,
    files: PathBuf,
}

impl Ctx {
    fn create(&self) -> WorkflowCreate {
        WorkflowCreate {
            name: "bad input row".into(),
            package_id: self.package.clone(),
            package_version_id: self.version.clone(),
            associated_queue_id: self.queue.clone(),
            ..Default::default()
        }
    }
    fn file(&self, name: &str) -> PathBuf {
        self.files.join(name)
    }
}

enum Expect {
    /// Refused by the client: kind invalid_input, this field, a message with this word, and
    /// nothing sent.
    Client(Option<&'static str>, &'static str),
    /// Only the console can tell: its answer has this status and field and names the problem.
    Console(u16, Option<&'static str>, &'static str),
    /// A good input that must go through.
    Works,
}

struct Case {
    name: &'static str,
    expect: Expect,
    call: fn(Ctx) -> BoxFuture<'static, Result<()>>,
}

/// `row!(name, expect, c => call)`: one row, `call` an awaitable client call using `c: Ctx`.
macro_rules! row {
    ($name:literal, $expect:expr, $c:ident => $e:expr) => {
        Case {
            name: $name,
            expect: $expect,
            call: |$c: Ctx| Box::pin(async move { $e.await.map(drop) }),
        }
    };
}

use Expect::{Client as Local, Console, Works};

fn long(n: usize) -> String {
    "名".repeat(n)
}

const NOT_A_GUID: &str = "6f9619ff-8b86-d011-b42d-00c04fc964f"; // one digit short

static CASES: &[Case] = &[
    row!("queue name empty", Local(Some("Name"), "required"), c => c.client.queues().create(&QueueCreate { name: String::new(), ..Default::default() })),
    row!("queue name only spaces", Local(Some("Name"), "required"), c => c.client.queues().create(&QueueCreate { name: "   ".into(), ..Default::default() })),
    row!("queue name 101 characters", Local(Some("Name"), "longer than 100"), c => c.client.queues().create(&QueueCreate { name: long(101), ..Default::default() })),
    row!("queue name with a bell character", Local(Some("Name"), "control"), c => c.client.queues().create(&QueueCreate { name: "a\u{7}b".into(), ..Default::default() })),
    row!("queue tag with a comma", Local(Some("Tags"), "comma"), c => c.client.queues().create(&QueueCreate { name: "q".into(), tags: Some(vec!["a,b".into()]), ..Default::default() })),
    row!("queue tag with a newline", Local(Some("Tags"), "control"), c => c.client.queues().create(&QueueCreate { name: "q".into(), tags: Some(vec!["a\nb".into()]), ..Default::default() })),
    row!("queue tag empty", Local(Some("Tags"), "1 to 50"), c => c.client.queues().create(&QueueCreate { name: "q".into(), tags: Some(vec![String::new()]), ..Default::default() })),
    row!("queue tag 51 characters", Local(Some("Tags"), "1 to 50"), c => c.client.queues().create(&QueueCreate { name: "q".into(), tags: Some(vec![long(51)]), ..Default::default() })),
    row!("queue description 501 characters", Local(Some("Description"), "longer than 500"), c => c.client.queues().create(&QueueCreate { name: "q".into(), description: Some(long(501)), ..Default::default() })),
    row!("queue update of a malformed id", Local(Some("queueId"), "GUID"), c => c.client.queues().update("1234", &QueueUpdate::default())),
    row!("queue get of an id one digit short", Local(Some("queueId"), "GUID"), c => c.client.queues().get(NOT_A_GUID)),
    row!("queue update to a blank name", Local(Some("Name"), "required"), c => c.client.queues().update(&c.queue, &QueueUpdate { name: Some(" ".into()), ..Default::default() })),
    row!("workflow priority -1", Local(Some("Priority"), "0 to 5000"), c => c.client.workflows().create(&WorkflowCreate { priority: Some(-1), ..c.create() })),
    row!("workflow priority 5001", Local(Some("Priority"), "0 to 5000"), c => c.client.workflows().create(&WorkflowCreate { priority: Some(5001), ..c.create() })),
    row!("workflow retries 11", Local(Some("MaxRetryCount"), "0 to 10"), c => c.client.workflows().create(&WorkflowCreate { max_retry_count: Some(11), ..c.create() })),
    row!("workflow retries -1", Local(Some("MaxRetryCount"), "0 to 10"), c => c.client.workflows().create(&WorkflowCreate { max_retry_count: Some(-1), ..c.create() })),
    row!("workflow video mode unknown", Local(Some("VideoRecordMode"), "NeverRecord"), c => c.client.workflows().create(&WorkflowCreate { video_record_mode: Some(VideoRecordMode::Other("Sometimes".into())), ..c.create() })),
    row!("workflow trigger policy unknown", Local(Some("TriggerPolicy"), "AnyTime"), c => c.client.workflows().create(&WorkflowCreate { trigger_policy: Some(TriggerPolicy::Other("Whenever".into())), ..c.create() })),
    row!("workflow package id malformed", Local(Some("PackageId"), "GUID"), c => c.client.workflows().create(&WorkflowCreate { package_id: "pkg-1".into(), ..c.create() })),
    row!("workflow queue id with a space inside", Local(Some("AssociatedQueueId"), "GUID"), c => c.client.workflows().create(&WorkflowCreate { associated_queue_id: "6f9619ff 8b86-d011-b42d-00c04fc964ff".into(), ..c.create() })),
    row!("workflow name 101 characters", Local(Some("Name"), "longer than 100"), c => c.client.workflows().create(&WorkflowCreate { name: long(101), ..c.create() })),
    row!("workflow update priority 5001", Local(Some("Priority"), "0 to 5000"), c => c.client.workflows().update(&c.workflow, &WorkflowUpdate { priority: Some(5001), ..Default::default() })),
    row!("workflow update trigger policy unknown", Local(Some("TriggerPolicy"), "one of"), c => c.client.workflows().update(&c.workflow, &WorkflowUpdate { trigger_policy: Some(TriggerPolicy::Other("later".into())), ..Default::default() })),
    row!("workflow update argument direction unknown", Local(Some("Arguments"), "Direction"), c => c.client.workflows().update(&c.workflow, &WorkflowUpdate { arguments: Some(vec![Argument { name: "x".into(), direction: Some(Direction::Other("Sideways".into())), ..Default::default() }]), ..Default::default() })),
    row!("execute retries 11", Local(Some("MaxRetryCount"), "0 to 10"), c => c.client.workflows().execute(&c.workflow, &ExecuteRequest { max_retry_count: Some(11), ..Default::default() })),
    row!("execute priority -1", Local(Some("Priority"), "0 to 5000"), c => c.client.workflows().execute(&c.workflow, &ExecuteRequest { priority: Some(-1), ..Default::default() })),
    row!("execute source other than External", Local(Some("Source"), "External"), c => c.client.workflows().execute(&c.workflow, &ExecuteRequest { source: "Internal".into(), ..Default::default() })),
    row!("execute of a malformed workflow id", Local(Some("workflowId"), "GUID"), c => c.client.workflows().execute("run-me", &ExecuteRequest::default())),
    row!("add no robots", Local(Some("RobotIds"), "at least one"), c => c.client.workflows().add_robots(&c.workflow, &[])),
    row!("add a malformed robot id", Local(Some("RobotIds"), "GUID"), c => c.client.workflows().add_robots(&c.workflow, &["robot-7".into()])),
    row!("upgrade no workflows", Local(Some("WorkflowIds"), "at least one"), c => c.client.workflows().upgrade(&[])),
    row!("package tag with a comma", Local(Some("Tags"), "comma"), c => c.client.packages().update(&c.package, &PackageUpdate { tags: Some(vec!["财务,月结".into()]), ..Default::default() })),
    row!("package description 501 characters", Local(Some("Description"), "longer than 500"), c => c.client.packages().update(&c.package, &PackageUpdate { description: Some(long(501)), ..Default::default() })),
    row!("list page size 0", Local(Some("PageSize"), "1 to 1000"), c => c.client.queues().list(&ListQuery::page(0, 0))),
    row!("list page size 1001", Local(Some("PageSize"), "1 to 1000"), c => c.client.packages().list(&PackageQuery { page_size: Some(1001), ..Default::default() })),
    row!("robots of a malformed group id", Local(Some("AssociatedQueueId"), "GUID"), c => c.client.robots().list(&ListQuery { associated_queue_id: Some("group 1".into()), ..Default::default() })),
    row!("layout get of a malformed id", Local(Some("workflowlayoutId"), "GUID"), c => c.client.workflow_layouts().get("layout-1")),
    row!("upload a text file", Local(None, "not a zip"), c => c.client.packages().upload(&c.file("notes.txt"), &UploadOptions::default())),
    row!("upload an empty file", Local(None, "empty"), c => c.client.packages().upload(&c.file("empty.dgs"), &UploadOptions::default())),
    row!("upload a zip without a manifest", Local(None, "no .nuspec"), c => c.client.packages().upload(&c.file("report.xlsx"), &UploadOptions::default())),
    row!("upload a manifest without a version", Local(None, "<version>"), c => c.client.packages().upload(&c.file("noversion.dgs"), &UploadOptions::default())),
    row!("upload a manifest that is not XML", Local(None, "not valid XML"), c => c.client.packages().upload(&c.file("badxml.dgs"), &UploadOptions::default())),
    row!("upload a folder", Local(None, "folder"), c => c.client.packages().upload(&c.file("folder.dgs"), &UploadOptions::default())),
    row!("upload a missing file", Local(None, "cannot read"), c => c.client.packages().upload(&c.file("missing.dgs"), &UploadOptions::default())),
    row!("queue get of an unknown GUID", Console(404, None, "not found"), c => c.client.queues().get("6f9619ff-8b86-d011-b42d-00c04fc964ff")),
    row!("workflow of an unknown package", Console(400, Some("PackageId"), "does not exist"), c => c.client.workflows().create(&WorkflowCreate { package_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".into(), ..c.create() })),
    row!("workflow on an unknown robot group", Console(400, Some("AssociatedQueueId"), "does not exist"), c => c.client.workflows().create(&WorkflowCreate { associated_queue_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".into(), ..c.create() })),
    row!("execute with an argument the workflow lacks", Console(400, Some("Arguments"), "no argument named"), c => c.client.workflows().execute(&c.workflow, &ExecuteRequest { arguments: Some(vec![Argument { name: "NoSuchInput".into(), default_value: Some("1".into()), ..Default::default() }]), ..Default::default() })),
    row!("packages since a time that is not RFC 3339", Console(400, Some("StartTime"), "RFC 3339"), c => c.client.packages().list(&PackageQuery { start_time: Some("yesterday".into()), ..Default::default() })),
    row!("must work: queue with Chinese name, spaces and tags", Works, c => c.client.queues().create(&QueueCreate { name: " 财务 机器人组 ".into(), tags: Some(vec!["财务".into(), "夜间 批处理".into()]), ..Default::default() })),
    row!("must work: name of exactly 100 characters", Works, c => c.client.queues().create(&QueueCreate { name: long(100), tags: Some(vec![long(50)]), description: Some(long(500)), ..Default::default() })),
    row!("must work: priority 0 and 5000, retries 0 and 10", Works, c => async move { c.client.workflows().create(&WorkflowCreate { priority: Some(0), max_retry_count: Some(10), ..c.create() }).await?; c.client.workflows().execute(&c.workflow, &ExecuteRequest { priority: Some(5000), max_retry_count: Some(0), ..Default::default() }).await }),
    row!("must work: upper-case braced GUID", Works, c => c.client.queues().get(&format!("{{{}}}", c.queue.to_uppercase()))),
    row!("must work: .dgs under a path with Chinese characters and spaces", Works, c => c.client.packages().upload(&c.file("流程 包 v2/我的 流程.dgs"), &UploadOptions::default())),
];

/// The files the upload rows use, each bad in its own way (and one good, at an awkward path).
fn write_files(dir: &std::path::Path) {
    use std::io::Write;
    let zip_of = |name: &str, entries: &[(&str, &str)]| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.join(name)).unwrap());
        for (entry, text) in entries {
            zip.start_file(*entry, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    };
    std::fs::write(dir.join("notes.txt"), "meeting notes, not a package").unwrap();
    std::fs::write(dir.join("empty.dgs"), "").unwrap();
    zip_of("report.xlsx", &[("xl/workbook.xml", "<workbook/>")]);
    let no_version = "<package><metadata><id>NoVersion</id></metadata></package>";
    zip_of("noversion.dgs", &[("NoVersion.nuspec", no_version)]);
    zip_of(
        "badxml.dgs",
        &[("Bad.nuspec", "<package><metadata><id>Bad</id>")],
    );
    std::fs::create_dir(dir.join("folder.dgs")).unwrap();
    let awkward = dir.join("流程 包 v2");
    std::fs::create_dir(&awkward).unwrap();
    let made = package_file(&awkward, "我的流程", "2.0.0", 100);
    std::fs::rename(made, awkward.join("我的 流程.dgs")).unwrap();
}

async fn context(env: &Env, files: PathBuf) -> Ctx {
    let c = &env.client;
    let query = PackageQuery {
        include_versions: Some(true),
        ..Default::default()
    };
    let package = c.packages().list(&query).await.unwrap().list.remove(0);
    let version = package.versions.clone().unwrap().remove(0);
    let first = ListQuery::default();
    Ctx {
        client: c.clone(),
        queue: c.queues().list(&first).await.unwrap().list.remove(0).id,
        workflow: c.workflows().list(&first).await.unwrap().list.remove(0).id,
        package: package.id,
        version: version.id,
        files,
    }
}

#[tokio::test]
async fn every_bad_input_is_refused_with_a_message_naming_the_problem() {
    assert!(CASES.len() >= 40, "{} rows", CASES.len());
    let env = start().await;
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let ctx = context(&env, dir.path().to_owned()).await;
    for case in CASES {
        let sent_before = env.sandbox.request_log().len();
        let answer = (case.call)(ctx.clone()).await;
        let sent = env.sandbox.request_log().len() - sent_before;
        let name = case.name;
        match (&case.expect, answer) {
            (Works, answer) => {
                answer.unwrap_or_else(|e| panic!("{name}: a good input was refused: {e}"))
            }
            (Local(field, word), Err(e)) => {
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{name}: {e}");
                assert_eq!(e.field(), *field, "{name}: {e}");
                assert!(e.to_string().contains(word), "{name}: {e}");
                assert_eq!(
                    sent, 0,
                    "{name}: the client could tell, yet sent {sent} requests"
                );
            }
            (Console(status, field, word), Err(e)) => {
                assert_eq!(e.status(), Some(*status), "{name}: {e}");
                assert_eq!(e.field(), *field, "{name}: {e}");
                assert!(e.to_string().contains(word), "{name}: {e}");
                assert_eq!(sent, 1, "{name}: one request reaches the console");
            }
            (_, Ok(())) => panic!("{name}: a bad input was accepted"),
        }
    }
}

#[tokio::test]
async fn an_empty_username_is_refused_before_the_token_endpoint() {
    let env = start().await;
    let before = env.sandbox.request_log().len();
    let config = encoo_api::ClientConfig::single(env.server.url());
    let e = Client::sign_in(config, "  ", "secret").await.unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::InvalidInput, Some("Username"))
    );
    assert_eq!(env.sandbox.request_log().len(), before);
}
