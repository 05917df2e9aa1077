//! One walk for both paging shapes, against a server that pages as each console does:
//! Encoo's `PageIndex`/`PageSize` from 0 answering `{Count, List}`, FlexModel's `page`/`size`
//! from 1 answering `{total, list}` (whose `total` may be null).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use console_core::de::{decode, lenient_num};
use console_core::{walk_pages, Call, ErrorKind, Http, KeyCase, ListPage, Paging, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::fixture::{http, serve, Server};

/// Encoo's page, read through its PascalCase key setting.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CountList {
    #[serde(deserialize_with = "lenient_num::deserialize")]
    count: u64,
    list: Vec<Value>,
}

impl ListPage for CountList {
    type Item = Value;
    fn total(&self) -> Option<u64> {
        Some(self.count)
    }
    fn into_items(self) -> Vec<Value> {
        self.list
    }
}

/// FlexModel's page, keys as sent.
#[derive(Deserialize)]
struct TotalList {
    total: Option<u64>,
    list: Vec<Value>,
}

impl ListPage for TotalList {
    type Item = Value;
    fn total(&self) -> Option<u64> {
        self.total
    }
    fn into_items(self) -> Vec<Value> {
        self.list
    }
}

const ENCOO_KEYS: KeyCase = KeyCase::Pascal { opaque: &[] };

type Asked = Arc<Mutex<Vec<String>>>;

/// `items` items, paged both ways; `say_total` false answers FlexModel's `"total": null`.
async fn pages(items: u32, say_total: bool) -> (Asked, Server) {
    let asked: Asked = Default::default();
    let slice = move |index: u32, size: u32| -> Vec<Value> {
        (index * size..((index + 1) * size).min(items))
            .map(|i| json!({"id": i}))
            .collect()
    };
    let router = Router::new()
        .route(
            "/openapi/items",
            get(move |State(asked): State<Asked>, Query(q): Query<HashMap<String, u32>>| async move {
                asked.lock().unwrap().push(format!("PageIndex={}", q["PageIndex"]));
                // camelCase and a count as a string: Encoo's key setting reads both.
                Json(json!({"count": items.to_string(), "list": slice(q["PageIndex"], q["PageSize"])}))
            }),
        )
        .route(
            "/api/f/logs",
            get(move |State(asked): State<Asked>, Query(q): Query<HashMap<String, u32>>| async move {
                asked.lock().unwrap().push(format!("page={}", q["page"]));
                let total = say_total.then_some(items);
                Json(json!({"list": slice(q["page"] - 1, q["size"]), "total": total}))
            }),
        )
        .with_state(asked.clone());
    (asked, serve(router).await)
}

async fn fetch<P: DeserializeOwned>(
    http: &Http,
    base: &str,
    path: &str,
    query: [(&str, String); 2],
    keys: KeyCase,
) -> Result<P> {
    let answer = http
        .send(&Call::get(base, path).query(&query), None)
        .await?;
    decode(&answer.body, keys)
}

async fn walk_encoo(http: &Http, base: &str, size: u32) -> Result<Vec<Value>> {
    walk_pages(Paging::from_zero(size), |index, size| async move {
        let query = [
            ("PageIndex", index.to_string()),
            ("PageSize", size.to_string()),
        ];
        fetch::<CountList>(http, base, "/openapi/items", query, ENCOO_KEYS).await
    })
    .await
}

async fn walk_flexmodel(http: &Http, base: &str, size: u32) -> Result<Vec<Value>> {
    walk_pages(Paging::from_one(size), |page, size| async move {
        let query = [("page", page.to_string()), ("size", size.to_string())];
        fetch::<TotalList>(http, base, "/api/f/logs", query, KeyCase::Exact).await
    })
    .await
}

fn ids(items: &[Value]) -> Vec<u64> {
    items
        .iter()
        .map(|v| v["Id"].as_u64().or(v["id"].as_u64()).unwrap())
        .collect()
}

#[tokio::test]
async fn encoo_pages_count_from_zero_and_stop_at_count() {
    let (asked, server) = pages(7, true).await;
    let all = walk_encoo(&http(), &server.url(), 3).await.unwrap();
    assert_eq!(ids(&all), [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(
        *asked.lock().unwrap(),
        ["PageIndex=0", "PageIndex=1", "PageIndex=2"]
    );
    // Encoo's key setting made the items PascalCase.
    assert_eq!(all[0], json!({"Id": 0}));
}

#[tokio::test]
async fn flexmodel_pages_count_from_one_and_stop_at_total() {
    let (asked, server) = pages(6, true).await;
    let all = walk_flexmodel(&http(), &server.url(), 3).await.unwrap();
    assert_eq!(ids(&all), [0, 1, 2, 3, 4, 5]);
    // Six of six after two pages: no third request for an empty page.
    assert_eq!(*asked.lock().unwrap(), ["page=1", "page=2"]);
    assert_eq!(all[0], json!({"id": 0}), "keys as sent");
}

#[tokio::test]
async fn without_a_total_the_walk_stops_at_a_short_page() {
    let (asked, server) = pages(7, false).await;
    let all = walk_flexmodel(&http(), &server.url(), 3).await.unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(*asked.lock().unwrap(), ["page=1", "page=2", "page=3"]);
}

#[tokio::test]
async fn an_empty_page_ends_the_walk_even_below_the_total() {
    let calls = Mutex::new(Vec::new());
    let all = walk_pages(Paging::from_one(2), |page, _| {
        calls.lock().unwrap().push(page);
        async move {
            Ok(TotalList {
                total: Some(100),
                list: if page == 1 {
                    vec![json!(1), json!(2)]
                } else {
                    vec![]
                },
            })
        }
    })
    .await
    .unwrap();
    assert_eq!(all, [json!(1), json!(2)]);
    assert_eq!(*calls.lock().unwrap(), [1, 2]);
}

#[tokio::test]
async fn a_failed_page_fails_the_walk() {
    let err = walk_pages(Paging::from_zero(10), |index, _| async move {
        if index == 0 {
            Ok(TotalList {
                total: Some(20),
                list: (0..10).map(|i| json!(i)).collect(),
            })
        } else {
            Err(console_core::Error::Timeout("page 2 did not come".into()))
        }
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
}
