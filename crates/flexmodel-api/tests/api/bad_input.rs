//! What the client refuses before sending: ids and names that cannot be one path segment (blank,
//! `.` or `..`, which a URL would resolve into another path), a project id that cannot be a
//! header, and a filter that is not a JSON object. The sandbox's request record shows that
//! nothing was sent.

use flexmodel_api::*;
use serde_json::json;

use crate::common::signed_in;

#[tokio::test]
async fn names_that_cannot_be_a_path_segment_are_refused_before_sending() {
    let f = signed_in().await;
    let c = &f.client;
    let sent = f.sandbox.request_log().len();
    for bad in ["", "  ", ".", ".."] {
        let err = c.records("system", "Student").get(bad).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.field()),
            (ErrorKind::InvalidInput, Some("id")),
            "{bad:?}"
        );
        let err = c
            .records("system", bad)
            .list(&RecordQuery::new())
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some("model"), "{bad:?}");
        let err = c.models(bad).list().await.unwrap_err();
        assert_eq!(err.field(), Some("datasource"), "{bad:?}");
        let err = c.datasources().delete(bad).await.unwrap_err();
        assert_eq!(err.field(), Some("datasource"), "{bad:?}");
        let err = c.instances().get(bad).await.unwrap_err();
        assert_eq!(err.field(), Some("flowInstanceId"), "{bad:?}");
        let err = c.triggers().execute(bad).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        let err = c
            .codegen()
            .download(bad, "system", None, std::path::Path::new("x.zip"))
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some("template"), "{bad:?}");
    }
    let err = c
        .records("system", "Student")
        .delete("..")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("\"..\""), "{err}");
    assert_eq!(f.sandbox.request_log().len(), sent, "nothing was sent");

    // A name holding a dot, a slash or a question mark is one escaped segment, not refused.
    let err = c
        .records("system", "Student")
        .get("a/../b?c")
        .await
        .unwrap();
    assert_eq!(err, None);
    let last = f.sandbox.request_log().pop().unwrap();
    assert_eq!(
        last.path,
        "/api/f/datasources/system/models/Student/records/a%2F..%2Fb%3Fc"
    );
}

#[tokio::test]
async fn a_project_that_cannot_be_a_header_is_refused_before_sending() {
    let f = signed_in().await;
    let sent = f.sandbox.request_log().len();
    let c = f.client.with_project("dev\r\nX-Evil: 1");
    let err = c.datasources().list().await.unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (ErrorKind::InvalidInput, Some("X-Tenant-Id"))
    );
    let err = c
        .records("dev", "Todo")
        .create(&json!({"title": "x"}))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("X-Tenant-Id"));
    assert_eq!(f.sandbox.request_log().len(), sent);
}

#[tokio::test]
async fn a_filter_that_is_not_json_is_refused_with_a_clear_error() {
    let err = RecordQuery::new().raw_filter("age > 3").unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (ErrorKind::InvalidInput, Some("filter"))
    );
    assert!(
        err.to_string().starts_with("the filter is not valid JSON"),
        "{err}"
    );
    let err = Filter::raw("[1, 2]").unwrap_err();
    assert_eq!(err.to_string(), "the filter must be a JSON object");
    let err = Filter::raw(r#"{"age": "#).unwrap_err();
    assert_eq!(err.field(), Some("filter"));
    // A JSON filter the server cannot use is the server's answer, said by its message.
    let f = signed_in().await;
    let query = RecordQuery::new().raw_filter(r#"{"nope": 1}"#).unwrap();
    let err = f
        .client
        .records("system", "Student")
        .list(&query)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.to_string().contains("nope"), "{err}");
}
