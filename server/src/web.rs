//! Serving the built browser app: files from the trunk output directory; any other path that
//! is not a file (a client-side route such as `/deals`) gets `index.html`. Hashed asset names
//! are cached for a year; `index.html` is revalidated every time.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Serves the app in `dist`.
pub async fn serve_app(State(dist): State<PathBuf>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if looks_like_file && path != "/index.html" {
        let Ok(mut resp) = ServeDir::new(&dist).oneshot(req).await;
        if resp.status() == StatusCode::OK && is_hashed(&path) {
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
        }
        return resp.map(Body::new);
    }
    index(&dist).await
}

async fn index(dist: &std::path::Path) -> Response {
    match tokio::fs::read(dist.join("index.html")).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
            "<!doctype html><title>Baton</title><p>The browser app has not been built. Run <code>make run</code> \
             (or <code>make app</code>), or point <code>BATON_DIST</code> at the built app.</p>",
        )
            .into_response(),
    }
}

/// Whether a file name carries a content hash (trunk names assets `name-<16+ hex>.ext`).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_hashed_assets() {
        assert!(is_hashed("/app-5f3a9c0d1e2b4a67_bg.wasm"));
        assert!(is_hashed("/baton-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/my-file.js"));
    }
}
