//! files.rs against the real FlexModel sandbox on loopback: exports written and read back,
//! imported into fresh datasources (round trips), and files refused before anything is sent.

use std::path::{Path, PathBuf};

use flexmodel_api::{Client, ClientConfig, Datasource, DatasourceConfig, ImportType, Model};
use flexmodel_sandbox::{Sandbox, SandboxConfig, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};
use serde_json::Value;

use super::{export, import, model_json, ExportSummary};
use crate::error::DeskError;

struct Console {
    sandbox: Sandbox,
    _server: SandboxServer,
    client: Client,
    dir: tempfile::TempDir,
}

async fn console() -> Console {
    let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
    let server = sandbox.serve(([127, 0, 0, 1], 0).into()).await.unwrap();
    let config = ClientConfig::new(server.url());
    let client = Client::sign_in(config, DEMO_USERNAME, DEMO_PASSWORD)
        .await
        .unwrap()
        .with_project("default");
    Console {
        sandbox,
        _server: server,
        client,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Console {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new USER datasource of the sandbox's own (it keeps its tables in a file of its own).
    async fn fresh_datasource(&self, name: &str) {
        let config = DatasourceConfig {
            db_kind: "mysql".into(),
            url: "jdbc:mysql://localhost:3306/elsewhere".into(),
            ..Default::default()
        };
        let ds = Datasource::new(name, config);
        self.client.datasources().create(&ds).await.unwrap();
    }

    /// The datasource's entities and enums as the import's JSON form has them.
    async fn models(&self, ds: &str) -> Vec<Value> {
        let list = self.client.models(ds).list().await.unwrap();
        list.iter()
            .filter(|m| matches!(m, Model::Entity(_) | Model::Enum(_)))
            .map(model_json)
            .collect()
    }

    fn imports_sent(&self) -> usize {
        let log = self.sandbox.request_log();
        log.iter().filter(|r| r.path.ends_with("/import")).count()
    }

    /// The files in the export folder (no temporary file may stay behind).
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// `models` without what says nothing: an empty `additionalProperties` (the sandbox stores
/// `{}` for a field made from IDL, nothing for one made by the seed).
fn plain(mut models: Vec<Value>) -> Vec<Value> {
    for m in &mut models {
        for f in m["fields"].as_array_mut().into_iter().flatten() {
            if f["additionalProperties"] == serde_json::json!({}) {
                f.as_object_mut().unwrap().remove("additionalProperties");
            }
        }
    }
    models
}

fn field_error(err: DeskError) -> (String, String) {
    match err {
        DeskError::Invalid { field, message } => (field, message),
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

const SYSTEM_MODELS: [&str; 4] = ["UserGender", "Classes", "Student", "Product"];

#[tokio::test]
async fn idl_export_imported_into_a_fresh_datasource_gives_the_same_models() {
    let c = console().await;
    let path = c.path("system.idl");
    let summary = export(&c.client, "system", ImportType::IDL, &path)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        summary,
        ExportSummary {
            path: path.clone(),
            models: SYSTEM_MODELS.map(String::from).to_vec(),
            skipped: vec!["StudentsOlderThan".into()],
            bytes: text.len() as u64,
        }
    );
    assert!(
        text.starts_with("// The models of data source system"),
        "{text}"
    );
    assert!(text.contains("\nenum UserGender {\n  UNKNOWN,\n"), "{text}");
    assert!(text.contains("\nmodel Classes {\n  id : Long @id @default(autoIncrement()),\n"));
    assert!(
        !text.contains("StudentsOlderThan"),
        "native queries have no IDL"
    );
    assert_eq!(c.files(), ["system.idl"], "no temporary file left");

    c.fresh_datasource("copy").await;
    let imported = import(&c.client, "copy", ImportType::IDL, &path)
        .await
        .unwrap();
    assert_eq!(imported.models, SYSTEM_MODELS.map(String::from).to_vec());
    let mut created = imported.created.clone();
    created.sort();
    assert_eq!(created, ["Classes", "Product", "Student", "UserGender"]);
    assert_eq!(imported.bytes, text.len() as u64);
    // IDL has no place for an enum's comment (the JSON form keeps it): all else is the same.
    let mut system = plain(c.models("system").await);
    assert_eq!(system[0]["comment"], "性别");
    system[0].as_object_mut().unwrap().remove("comment");
    assert_eq!(plain(c.models("copy").await), system);
}

#[tokio::test]
async fn json_export_holds_only_what_a_reimport_takes_and_round_trips() {
    let c = console().await;
    let path = c.path("system.json");
    let summary = export(&c.client, "system", ImportType::JSON, &path)
        .await
        .unwrap();
    assert_eq!(summary.skipped, ["StudentsOlderThan"]);
    let written: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let keys: Vec<&String> = written.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["objects"], "models only: no data");
    let objects = written["objects"].as_array().unwrap();
    let names: Vec<&str> = objects
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, SYSTEM_MODELS);
    assert!(objects.iter().all(|m| m.get("idl").is_none()));
    assert_eq!(
        objects[0]["elements"],
        serde_json::json!(["UNKNOWN", "MALE", "FEMALE"])
    );
    assert_eq!(summary.bytes, std::fs::metadata(&path).unwrap().len());

    c.fresh_datasource("copy_json").await;
    let imported = import(&c.client, "copy_json", ImportType::JSON, &path)
        .await
        .unwrap();
    assert_eq!(imported.models, SYSTEM_MODELS.map(String::from).to_vec());
    assert_eq!(imported.created.len(), 4);
    assert!(imported.skipped.is_empty());
    assert_eq!(
        plain(c.models("copy_json").await),
        plain(c.models("system").await)
    );

    // Imported again: the same models are kept as they are, nothing is created.
    let again = import(&c.client, "copy_json", ImportType::JSON, &path)
        .await
        .unwrap();
    assert!(again.created.is_empty());
}

#[tokio::test]
async fn json_import_names_the_native_queries_the_server_skips() {
    let c = console().await;
    let path = c.path("with-query.json");
    let script = serde_json::json!({"objects": [
        {"type": "enum", "name": "Colour", "elements": ["RED", "GREEN"]},
        {"type": "native_query", "name": "AllColours", "statement": "select 1", "parameters": []},
    ]});
    std::fs::write(&path, script.to_string()).unwrap();
    let summary = import(&c.client, "system", ImportType::JSON, &path)
        .await
        .unwrap();
    assert_eq!(summary.models, ["Colour"]);
    assert_eq!(summary.created, ["Colour"]);
    assert_eq!(summary.skipped, ["AllColours"]);
}

#[tokio::test]
async fn export_replaces_a_file_whole_and_a_failed_export_leaves_it_as_it_was() {
    let c = console().await;
    let path = c.path("models.idl");
    std::fs::write(&path, "an older export").unwrap();
    export(&c.client, "system", ImportType::IDL, &path)
        .await
        .unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    assert!(good.contains("model Student {"));

    // The server refuses: the file stays as it was, and no temporary file is left.
    let err = export(&c.client, "nope", ImportType::IDL, &path)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
    c.fresh_datasource("empty").await;
    let (field, message) = field_error(
        export(&c.client, "empty", ImportType::JSON, &path)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "name");
    assert_eq!(message, "data source empty has no entity or enum to export");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
    assert_eq!(c.files(), ["models.idl"]);

    let missing_dir = c.path("no-such-folder").join("x.idl");
    let cases: [(&Path, &str); 4] = [
        (&missing_dir, "cannot write"),
        (c.dir.path(), "is a folder"),
        (Path::new("relative.idl"), "a full path"),
        (Path::new("/"), "choose a file name"),
    ];
    for (target, expected) in cases {
        let (field, message) = field_error(
            export(&c.client, "system", ImportType::IDL, target)
                .await
                .unwrap_err(),
        );
        assert_eq!(field, "path", "{target:?}");
        assert!(message.contains(expected), "{target:?}: {message}");
    }
    assert!(!missing_dir.parent().unwrap().exists());
    assert_eq!(c.files(), ["models.idl"]);
    let (field, _) = field_error(
        export(&c.client, "system", ImportType::Other("CSV".into()), &path)
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "format");
}

#[tokio::test]
async fn import_refuses_unreadable_files_before_sending_anything() {
    let c = console().await;
    let write = |name: &str, bytes: &[u8]| {
        let path = c.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let cases: Vec<(PathBuf, ImportType, &str)> = vec![
        (c.path("missing.idl"), ImportType::IDL, "cannot read"),
        (c.dir.path().to_owned(), ImportType::IDL, "is not a file"),
        (write("empty.idl", b""), ImportType::IDL, "is empty"),
        (write("blank.idl", b" \n\t\n"), ImportType::IDL, "is empty"),
        (
            write("latin1.idl", b"model Caf\xe9 {}"),
            ImportType::IDL,
            "is not UTF-8 text",
        ),
        (
            write("bad.json", b"{\n  \"objects\": [\n}"),
            ImportType::JSON,
            "is not JSON: ",
        ),
        (
            write("list.json", b"[]"),
            ImportType::JSON,
            "is not an import script",
        ),
        (
            write("objects.json", b"{\"objects\": {}}"),
            ImportType::JSON,
            "is a list of models",
        ),
    ];
    let before = c.models("system").await;
    for (path, format, expected) in cases {
        let (field, message) = field_error(
            import(&c.client, "system", format, &path)
                .await
                .unwrap_err(),
        );
        assert_eq!(field, "path", "{path:?}");
        assert!(message.contains(expected), "{path:?}: {message}");
        if expected == "is not JSON: " {
            assert!(message.contains("line 3 column 1"), "{message}");
        }
    }
    assert_eq!(c.imports_sent(), 0, "nothing was sent");
    assert_eq!(c.models("system").await, before);
    let (field, _) = field_error(
        import(&c.client, " ", ImportType::IDL, &c.path("missing.idl"))
            .await
            .unwrap_err(),
    );
    assert_eq!(field, "name");
}

#[tokio::test]
async fn a_bad_idl_is_the_servers_refusal_and_changes_nothing() {
    let c = console().await;
    let path = c.path("broken.idl");
    // A BOM is dropped; the text is then the server's to judge.
    std::fs::write(&path, "\u{feff}model Broken {\n  id : ,\n}\n").unwrap();
    let before = c.models("system").await;
    let err = import(&c.client, "system", ImportType::IDL, &path)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("IDL格式有误"), "{err}");
    assert_eq!(c.imports_sent(), 1);
    assert_eq!(c.models("system").await, before);
}
