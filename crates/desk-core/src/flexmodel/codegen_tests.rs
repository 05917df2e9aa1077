//! codegen.rs against the real FlexModel sandbox on loopback: a zip generated, listed as the
//! zip crate reads it, a file shown, saved byte for byte; bad variables and ids refused with
//! nothing sent.

use std::io::Read;

use flexmodel_api::{Client, ClientConfig};
use flexmodel_sandbox::testing::served;
use flexmodel_sandbox::{Sandbox, SandboxServer, DEMO_PASSWORD, DEMO_USERNAME};
use serde_json::json;

use super::{checked_variables, entry_text, generate, preview_path, save};
use crate::error::DeskError;

struct Console {
    sandbox: Sandbox,
    _server: SandboxServer,
    client: Client,
    dir: tempfile::TempDir,
}

async fn console() -> Console {
    let (sandbox, server) = served().await;
    let client = Client::sign_in(
        ClientConfig::new(server.url()),
        DEMO_USERNAME,
        DEMO_PASSWORD,
    )
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
    fn codegen_requests(&self) -> usize {
        self.sandbox
            .request_log()
            .iter()
            .filter(|r| r.path.contains("/codegen/") && r.path.ends_with(".zip"))
            .count()
    }
}

#[tokio::test]
async fn a_generated_zip_is_listed_shown_and_saved_as_the_console_sent_it() {
    let c = console().await;
    let previews = c.dir.path().join("previews");
    let vars = json!({"packageName": "org.school"});
    let preview = generate(&c.client, &previews, "java_entity", "system", &vars)
        .await
        .unwrap();
    assert_eq!(preview.file_name, "java_entity-system.zip");
    let names: Vec<&str> = preview.entries.iter().map(|e| e.name.as_str()).collect();
    assert!(
        names.contains(&"system/src/main/java/org/school/entity/Student.java"),
        "{names:?}"
    );
    assert!(
        names.contains(&"system/src/main/java/org/school/enumeration/UserGender.java"),
        "{names:?}"
    );
    assert!(names.contains(&"system/README.md"), "{names:?}");

    let student = "system/src/main/java/org/school/entity/Student.java";
    let zip_path = preview_path(&previews, &preview.id).unwrap();
    let shown = entry_text(&zip_path, student).unwrap();
    let text = shown.text.unwrap();
    assert!(text.starts_with("package org.school.entity;"), "{text}");
    assert!(text.contains("public class Student"), "{text}");
    assert!(!shown.truncated);
    let listed = preview.entries.iter().find(|e| e.name == student).unwrap();
    assert_eq!(shown.size, listed.size);
    assert_eq!(listed.size, text.len() as u64);

    let to = c.dir.path().join("out.zip");
    let saved = save(&previews, &preview.id, &to).unwrap();
    assert_eq!(saved.bytes, preview.bytes);
    assert_eq!(
        std::fs::read(&to).unwrap(),
        std::fs::read(&zip_path).unwrap()
    );
    assert!(!c.dir.path().join("out.zip.part").exists());
    // The saved zip, opened on its own, has what the preview listed.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&to).unwrap()).unwrap();
    let mut saved_names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    let mut listed_names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    saved_names.sort();
    listed_names.sort();
    assert_eq!(saved_names, listed_names);
    let mut again = String::new();
    archive
        .by_name(student)
        .unwrap()
        .read_to_string(&mut again)
        .unwrap();
    assert_eq!(again, text);
}

#[tokio::test]
async fn bad_variables_and_missing_choices_are_refused_before_sending() {
    let c = console().await;
    let previews = c.dir.path().join("previews");
    for (template, ds, vars, field) in [
        ("java_entity", "system", json!([1, 2]), "variables"),
        ("java_entity", "system", json!("packageName"), "variables"),
        ("java_entity", "system", json!(3), "variables"),
        (" ", "system", json!({}), "template"),
        ("java_entity", "", json!({}), "datasource"),
    ] {
        match generate(&c.client, &previews, template, ds, &vars).await {
            Err(DeskError::Invalid { field: f, .. }) => assert_eq!(f, field, "{vars}"),
            other => panic!("{vars}: expected a refusal of {field}, got {other:?}"),
        }
    }
    assert_eq!(c.codegen_requests(), 0, "nothing was sent");
    assert_eq!(checked_variables(&json!(null)).unwrap(), None);
    assert_eq!(checked_variables(&json!({})).unwrap(), None);
}

#[tokio::test]
async fn the_consoles_refusal_is_its_message_and_leaves_no_file() {
    let c = console().await;
    let previews = c.dir.path().join("previews");
    let err = generate(
        &c.client,
        &previews,
        "java_entity",
        "system",
        &json!({"packageName": "9bad"}),
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("packageName is not a Java package name"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&previews).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn previews_are_named_by_uuid_only_and_old_ones_are_pruned() {
    let c = console().await;
    let previews = c.dir.path().join("previews");
    for id in ["../etc/passwd", "x", ""] {
        assert!(matches!(
            preview_path(&previews, id),
            Err(DeskError::Invalid { .. })
        ));
    }
    let gone = uuid::Uuid::new_v4().to_string();
    assert!(matches!(
        preview_path(&previews, &gone),
        Err(DeskError::NotFound(_))
    ));
    let mut ids = Vec::new();
    for _ in 0..super::KEPT_PREVIEWS + 2 {
        let p = generate(
            &c.client,
            &previews,
            "typescript_interfaces",
            "system",
            &json!(null),
        )
        .await
        .unwrap();
        assert!(p
            .entries
            .iter()
            .any(|e| e.name == "system/src/models/index.ts"));
        ids.push(p.id);
        // Modification times must differ for the newest to be told apart.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let kept = std::fs::read_dir(&previews).unwrap().count();
    assert_eq!(kept, super::KEPT_PREVIEWS);
    assert!(preview_path(&previews, ids.last().unwrap()).is_ok());
    assert!(preview_path(&previews, &ids[0]).is_err());
    let relative = save(
        &previews,
        ids.last().unwrap(),
        std::path::Path::new("x.zip"),
    );
    assert!(matches!(relative, Err(DeskError::Invalid { .. })));
}
