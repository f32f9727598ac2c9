//! The built app is served with client-side routes falling back to index.html.

use crate::common::{raw, spawn_app};

#[tokio::test]
async fn client_routes_get_the_app_and_assets_are_cached() {
    let app = spawn_app().await;
    for path in ["/", "/deals", "/login", "/deals/42?x=1"] {
        let r = raw().get(app.url(path)).send().await.expect("send");
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-cache")
        );
        assert!(
            r.text()
                .await
                .unwrap_or_default()
                .contains("<title>Baton</title>")
        );
    }
    let r = raw()
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("immutable"))
    );
    let r = raw()
        .get(app.url("/missing-file.js"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    let r = raw().get(app.url("/")).send().await.expect("send");
    assert_eq!(
        r.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
}

#[tokio::test]
async fn the_board_gets_its_own_entry_when_it_was_built() {
    let app = spawn_app().await;
    let get = |path: &'static str| {
        let url = app.url(path);
        async move {
            raw()
                .get(url)
                .send()
                .await
                .expect("send")
                .text()
                .await
                .unwrap_or_default()
        }
    };
    // Not built: the board is the whole app, as every page.
    assert!(get("/board").await.contains("<title>Baton</title>"));
    std::fs::write(
        app._dist.path().join("board.html"),
        "<!doctype html><html><head><title>Baton board</title></head><body></body></html>",
    )
    .expect("write board entry");
    assert!(get("/board").await.contains("<title>Baton board</title>"));
    assert!(
        get("/board?pipeline=2")
            .await
            .contains("<title>Baton board</title>")
    );
    for path in ["/", "/deals", "/board/x", "/login"] {
        assert!(get(path).await.contains("<title>Baton</title>"), "{path}");
    }
}

/// The `data-api` elements of a page: (path, JSON).
fn first_data(html: &str) -> Vec<(String, serde_json::Value)> {
    html.split(r#"<script type="application/json" data-api=""#)
        .skip(1)
        .map(|rest| {
            let (path, rest) = rest.split_once(r#"">"#).expect("path");
            let (json, _) = rest.split_once("</script>").expect("end");
            (
                path.to_owned(),
                serde_json::from_str(json).expect("the element holds JSON"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_signed_in_page_carries_its_first_data_as_the_api_answers_it() {
    let app = spawn_app().await;
    // Signed out: the page carries nothing.
    let html = raw().get(app.url("/board")).send().await.expect("send");
    assert!(first_data(&html.text().await.unwrap_or_default()).is_empty());

    let c = raw();
    let login = c
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "appointer1@example.com", "password": "baton-demo"}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(login.status(), 200);
    let api = |path: &'static str| {
        let c = c.clone();
        let url = app.url(path);
        async move {
            let r = c.get(url).send().await.expect("send");
            assert_eq!(r.status(), 200, "{path}");
            r.json::<serde_json::Value>().await.expect("json")
        }
    };
    let api_at = |path: &str| {
        let c = c.clone();
        let url = app.url(path);
        async move {
            let r = c.get(url).send().await.expect("send");
            r.json::<serde_json::Value>().await.expect("json")
        }
    };
    // Another page: the member only.
    let html = c.get(app.url("/deals")).send().await.expect("send");
    let data = first_data(&html.text().await.unwrap_or_default());
    assert_eq!(data, [("/api/v1/me".to_owned(), api("/api/v1/me").await)]);
    // The board of the pipeline asked for (or last shown: a cookie, see the unit tests): member,
    // pipelines, board, each exactly what the API answers this member.
    let html = c
        .get(app.url("/board?pipeline=1"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        html.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-cache")
    );
    let data = first_data(&html.text().await.unwrap_or_default());
    let paths: Vec<&str> = data.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/me",
            "/api/v1/pipelines",
            "/api/v1/members",
            "/api/v1/segments",
            "/api/v1/territories",
            "/api/v1/pipelines/1/board"
        ]
    );
    assert_eq!(data[0].1["email"], "appointer1@example.com");
    for (path, json) in &data[1..] {
        assert_eq!(*json, api_at(path).await, "{path}");
    }
    // A pipeline that does not exist: the answer is not 200, so it is left out.
    let html = c
        .get(app.url("/board?pipeline=999"))
        .send()
        .await
        .expect("send");
    let data = first_data(&html.text().await.unwrap_or_default());
    assert_eq!(data.len(), 5);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    c.post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "manager@example.com", "password": "baton-demo"}))
        .send()
        .await
        .expect("sign in");
    let r = c
        .get(app.url("/api/v1/deals?pipeline_id=1&limit=200"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
}

#[tokio::test]
async fn assets_compressed_at_build_time_are_sent_as_they_are() {
    let app = spawn_app().await;
    // What scripts/precompress.mjs writes beside an asset (any bytes: the server sends them
    // as they are, and names their encoding).
    let asset = "app-0123456789abcdef.js";
    let js = "console.log(1);\n".repeat(100);
    std::fs::write(app._dist.path().join(asset), &js).expect("write");
    std::fs::write(
        app._dist.path().join(format!("{asset}.br")),
        b"brotli bytes",
    )
    .expect("write");
    let get = |encoding: &'static str| {
        let url = app.url(&format!("/{asset}"));
        async move {
            raw()
                .get(url)
                .header("accept-encoding", encoding)
                .send()
                .await
                .expect("send")
        }
    };
    let r = get("gzip, deflate, br").await;
    assert_eq!(r.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("br"));
    assert!(header(&r, "cache-control").is_some_and(|v| v.contains("immutable")));
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"brotli bytes");
    // No `.gz` beside it: a gzip-only browser gets it compressed on the way.
    let r = get("gzip").await;
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("gzip"));
    let r = get("identity").await;
    assert_eq!(header(&r, "content-encoding"), None);
    assert_eq!(r.text().await.expect("body"), js);
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let h = app.client().health().await.expect("health");
    assert_eq!((h.status.as_str(), h.database.as_str()), ("ok", "ok"));
    let expected = if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(h.backend, expected);
}
