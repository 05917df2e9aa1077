//! Code generation over HTTP: the templates (with a token), and a real zip of code generated
//! from a datasource's model documents (without one), opened and read.

use std::io::Read;

use flexmodel_sandbox::testing::served_with;
use flexmodel_sandbox::SandboxConfig;
use serde_json::{json, Value};

async fn login(http: &reqwest::Client, api: &str) -> String {
    let body: Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "admin", "password": "admin123"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_owned()
}

fn files(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

/// The model documents as the data module stores them (written directly: these tests are
/// about generation, not modelling).
fn shop(sandbox: &flexmodel_sandbox::Sandbox) {
    sandbox.put_model("default", "shop", json!({
        "type": "entity", "name": "Order", "comment": "An order",
        "fields": [
            {"name": "id", "type": "Long", "identity": true},
            {"name": "title", "type": "String", "nullable": true, "comment": "Shown on the invoice"},
            {"name": "amount", "type": "Float"},
            {"name": "paid", "type": "Boolean"},
            {"name": "createdAt", "type": "DateTime"},
            {"name": "status", "type": "EnumRef", "from": "OrderStatus"},
            {"name": "tags", "type": "EnumRef", "from": "OrderStatus", "multiple": true, "nullable": true},
            {"name": "lines", "type": "Relation", "from": "OrderLine", "multiple": true, "localField": "id", "foreignField": "orderId"},
        ],
    }));
    sandbox.put_model(
        "default",
        "shop",
        json!({
            "type": "enum", "name": "OrderStatus", "elements": ["NEW", "PAID"],
        }),
    );
}

#[tokio::test]
async fn templates_need_a_token_and_list_names_with_default_variables() {
    let (_sandbox, server) = served_with(SandboxConfig {
        seed: false,
        ..Default::default()
    })
    .await;
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let missing = http
        .get(format!("{api}/codegen/templates"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let token = login(&http, &api).await;
    let list: Value = http
        .get(format!("{api}/codegen/templates"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list,
        json!([
            {"name": "java_entity", "variables": {"packageName": "com.example"}},
            {"name": "typescript_interfaces", "variables": {"outputDir": "src/models"}},
        ])
    );
}

#[tokio::test]
async fn a_java_zip_has_a_class_per_entity_and_an_enum_per_enum_with_mapped_types() {
    let (sandbox, server) = served_with(SandboxConfig {
        seed: false,
        ..Default::default()
    })
    .await;
    shop(&sandbox);
    let api = format!("{}/api/f", server.url());
    let resp = reqwest::Client::new()
        .get(format!("{api}/codegen/java_entity.zip"))
        .query(&[
            ("datasource", "shop"),
            ("variables", r#"{"packageName":"org.acme"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "no token needed");
    assert_eq!(resp.headers()["content-type"], "application/zip");
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename=\"shop.zip\""
    );
    let files = files(&resp.bytes().await.unwrap());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "shop/README.md",
            "shop/src/main/java/org/acme/entity/Order.java",
            "shop/src/main/java/org/acme/enumeration/OrderStatus.java",
        ]
    );
    let order = &files["shop/src/main/java/org/acme/entity/Order.java"];
    for line in [
        "package org.acme.entity;",
        "/** An order */\npublic class Order {",
        "  private Long id;",
        "  /** Shown on the invoice */\n  private String title;",
        "  private Double amount;",
        "  private Boolean paid;",
        "  private java.time.LocalDateTime createdAt;",
        "  private org.acme.enumeration.OrderStatus status;",
        "  private java.util.List<org.acme.enumeration.OrderStatus> tags;",
        "  private java.util.List<OrderLine> lines;",
        "  public Double getAmount() {",
        "  public void setCreatedAt(java.time.LocalDateTime createdAt) {",
    ] {
        assert!(order.contains(line), "{line:?} not in\n{order}");
    }
    assert_eq!(
        files["shop/src/main/java/org/acme/enumeration/OrderStatus.java"],
        "package org.acme.enumeration;\n\npublic enum OrderStatus {\n  NEW,\n  PAID\n}\n"
    );
    assert!(files["shop/README.md"].contains("2 models"));
}

#[tokio::test]
async fn a_typescript_zip_has_an_interface_per_entity_and_refuses_unknown_templates() {
    let (sandbox, server) = served_with(SandboxConfig {
        seed: false,
        ..Default::default()
    })
    .await;
    shop(&sandbox);
    let api = format!("{}/api/f", server.url());
    let http = reqwest::Client::new();
    let resp = http
        .get(format!(
            "{api}/codegen/typescript_interfaces.zip?datasource=shop"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let files = files(&resp.bytes().await.unwrap());
    assert_eq!(
        files["shop/src/models/Order.ts"],
        "import type { OrderLine } from './OrderLine';\nimport type { OrderStatus } from './OrderStatus';\n\n\
         export interface Order {\n  id: number;\n  /** Shown on the invoice */\n  title?: string;\n  amount: number;\n  \
         paid: boolean;\n  createdAt: string;\n  status: OrderStatus;\n  tags?: OrderStatus[];\n  lines?: OrderLine[];\n}\n"
    );
    assert_eq!(
        files["shop/src/models/OrderStatus.ts"],
        "export type OrderStatus = 'NEW' | 'PAID';\n"
    );
    assert_eq!(
        files["shop/src/models/index.ts"],
        "export * from './Order';\nexport * from './OrderStatus';\n"
    );

    let unknown = http
        .get(format!("{api}/codegen/cobol_copybook.zip?datasource=shop"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["code"], 400);
    assert!(
        body["message"].as_str().unwrap().contains("cobol_copybook"),
        "{body}"
    );

    let bad = http
        .get(format!("{api}/codegen/java_entity.zip"))
        .query(&[("datasource", "shop"), ("variables", "[1,2]")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let bad_package = http
        .get(format!("{api}/codegen/java_entity.zip"))
        .query(&[
            ("datasource", "shop"),
            ("variables", r#"{"packageName":"org..x"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_package.status(), 400);
    let body: Value = bad_package.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("org..x"));
}
