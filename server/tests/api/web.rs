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
            Some("no-cache")
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
