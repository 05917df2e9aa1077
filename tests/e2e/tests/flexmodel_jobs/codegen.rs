//! The Code generation screen, on a dark desktop: a template picked with its default
//! variables shown, the variables' bad input refused with nothing sent (a table), the zip's
//! files listed and one read, the zip saved through the save dialog (answered by the test: a
//! native dialog cannot be driven) and then opened here to find exactly what the screen listed.
//! The job log screen's dark look is taken here too.

use std::collections::BTreeMap;
use std::io::Read;

use console_desk_e2e::App;
use serde_json::{json, Value};

use crate::fm_console::{FmConsole, PASSWORD, USER};

/// The app on a private profile for `console`, on a dark GTK theme, signed in.
async fn open_dark(console: &FmConsole, name: &str) -> App {
    let url = console.server.url();
    let app = App::launch_with(name, &[("GTK_THEME", "Adwaita:dark")], |dir| {
        let profiles = json!({
            "version": 2, "active": "fm",
            "profiles": [{
                "id": "fm", "name": "FlexModel (test)", "username": USER, "remember": false,
                "console": { "kind": "flexmodel", "preset": "private", "url": url }
            }]
        });
        std::fs::write(
            dir.join("profiles.json"),
            serde_json::to_vec(&profiles).unwrap(),
        )
        .unwrap();
    })
    .await;
    app.fill("dialog.modal input[type=password]", PASSWORD)
        .await;
    app.click("dialog.modal button[type=submit]").await;
    app.wait_script("return !document.querySelector('dialog.modal') && document.getElementById('project-switch')?.value")
        .await;
    app
}

fn zips_asked(console: &FmConsole) -> usize {
    console
        .sandbox
        .request_log()
        .iter()
        .filter(|r| r.path.contains("/f/codegen/") && r.path.ends_with(".zip"))
        .count()
}

async fn variables_error(app: &App) -> String {
    let v = app
        .wait_script("return document.querySelector(\"#cg-form .field[data-for='variables'] .field-error\")?.textContent")
        .await;
    v.as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn codegen_lists_the_zips_files_saves_it_and_refuses_bad_variables() {
    let console = FmConsole::start().await;
    let app = open_dark(&console, "fm-codegen").await;
    app.run("location.hash = '#/jobs'", vec![]).await;
    app.wait_script("return document.querySelectorAll('#jobs-table tbody tr').length > 0")
        .await;
    app.screenshot("fm-jobs-dark").await;

    app.run("location.hash = '#/codegen'", vec![]).await;
    app.wait_script("return [...document.querySelectorAll('#cg-template option')].some((o) => o.value === 'java_entity')")
        .await;
    app.select("#cg-template", "java_entity").await;
    app.select("#cg-datasource", "system").await;
    let defaults = app
        .run(
            "return document.getElementById('cg-variables').value",
            vec![],
        )
        .await;
    assert_eq!(
        serde_json::from_str::<Value>(defaults.as_str().unwrap()).unwrap(),
        json!({"packageName": "com.example"})
    );
    app.screenshot("fm-codegen-dark-start").await;

    // Bad input: each message shown under the variables, and no zip asked for.
    let table = [
        ("{\"packageName\": ", "The variables are not JSON:"),
        ("packageName = org.school", "The variables are not JSON:"),
        (
            "[\"org.school\"]",
            "must be a JSON object like {\"packageName\": \"com.example\"}, not a list.",
        ),
        ("\"org.school\"", "not a text."),
        ("42", "not a number."),
        ("true", "not true or false."),
        ("null", "not null."),
    ];
    for (text, message) in table {
        app.fill("#cg-variables", text).await;
        app.click("#cg-generate").await;
        let shown = variables_error(&app).await;
        assert!(shown.contains(message), "{text}: {shown}");
        assert_eq!(zips_asked(&console), 0, "{text}: nothing sent");
        assert!(
            app.run("return !document.getElementById('cg-result')", vec![])
                .await
                == json!(true)
        );
    }
    app.screenshot("fm-codegen-bad-variables").await;

    // The zip's files listed, one read.
    app.fill("#cg-variables", "{\"packageName\": \"org.school\"}")
        .await;
    app.click("#cg-generate").await;
    app.find("#cg-code").await;
    assert_eq!(zips_asked(&console), 1);
    let asked = console
        .sandbox
        .request_log()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with(".zip"))
        .unwrap();
    assert!(
        asked.path.ends_with("/f/codegen/java_entity.zip"),
        "{}",
        asked.path
    );
    let listed = app
        .run("return [...document.querySelectorAll('#cg-files li[role=option]')].map((li) => [li.dataset.name, Number(li.dataset.size)])", vec![])
        .await;
    let listed: BTreeMap<String, u64> = serde_json::from_value::<Vec<(String, u64)>>(listed)
        .unwrap()
        .into_iter()
        .collect();
    let student = "system/src/main/java/org/school/entity/Student.java";
    assert!(listed.contains_key(student), "{listed:?}");
    assert!(listed.contains_key("system/README.md"), "{listed:?}");
    app.click(&format!("#cg-files li[data-name='{student}'] button"))
        .await;
    app.wait_text("#cg-content-name", student).await;
    let code = app.wait_text("#cg-code", "public class Student").await;
    assert!(code.starts_with("package org.school.entity;"), "{code}");
    let hash = app
        .run("return decodeURIComponent(location.hash)", vec![])
        .await;
    assert!(
        hash.as_str()
            .unwrap()
            .contains(&format!("template=java_entity&ds=system&file={student}")),
        "{hash}"
    );
    app.screenshot("fm-codegen-dark").await;

    // Saved where the dialog says, then opened: the same files, the same sizes.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("school-code.zip");
    let stubbed = app
        .run(
            "const path = arguments[0]; window.__TAURI__.dialog.save = async (options) => { window.__savedWith = options; return path; }; return window.__TAURI__.dialog.save.toString().includes('__savedWith');",
            vec![json!(target)],
        )
        .await;
    assert_eq!(
        stubbed,
        json!(true),
        "the dialog answers with the test's path"
    );
    app.click("#cg-save").await;
    app.wait_text("#cg-saved", "Saved to").await;
    let asked_for = app
        .run("return window.__savedWith.defaultPath", vec![])
        .await;
    assert_eq!(asked_for, json!("java_entity-system.zip"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
    let mut saved = BTreeMap::new();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        saved.insert(entry.name().unwrap().into_owned(), entry.size());
    }
    assert_eq!(saved, listed);
    let mut text = String::new();
    archive
        .by_name(student)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, code);
    assert!(!dir.path().join("school-code.zip.part").exists());
    app.screenshot("fm-codegen-saved").await;

    // In Chinese.
    app.click("#lang-switch").await;
    app.wait_text("#content h1", "代码生成").await;
    app.click("#cg-generate").await;
    app.find("#cg-code").await;
    app.screenshot("fm-codegen-dark-zh").await;
    app.close().await;
}
