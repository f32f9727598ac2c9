//! Serving the built browser app: files from the trunk output directory; any other path that
//! is not a file (a client-side route such as `/deals`) gets `index.html`. Hashed asset names
//! are cached for a year; `index.html` is revalidated every time.
//!
//! For a member with a session, the page names the data its first screen asks for
//! (`<link rel="preload" as="fetch">`: the member, and on the board the pipelines and the
//! board), so the browser fetches it while the app itself is still loading.

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
    let preloads = preloads(req.uri(), req.headers());
    index(&dist, &preloads).await
}

/// The API paths the app asks for first on this page, if the request carries a session.
fn preloads(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Vec<String> {
    let cookies: Vec<(&str, &str)> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .collect();
    let cookie = |name: &str| cookies.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    if cookie(crate::session::COOKIE).is_none_or(str::is_empty) {
        return Vec::new();
    }
    let mut paths = vec!["/api/v1/me".to_owned()];
    if uri.path() == "/board" {
        paths.push("/api/v1/pipelines".to_owned());
        // The board the app opens: the pipeline in the address, else the one last shown; with
        // filters the app asks for itself.
        let pipeline = match uri.query().filter(|q| !q.is_empty()) {
            None => cookie(shared::api::BOARD_PIPELINE_COOKIE),
            Some(q) => q.strip_prefix("pipeline="),
        };
        if let Some(id) = pipeline
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|id| *id > 0)
        {
            paths.push(shared::api::board_path(
                shared::PipelineId(id),
                &shared::api::BoardQuery::default(),
            ));
        }
    }
    paths
}

/// `index.html` with `<link rel="preload">` for `paths` at the start of its head.
fn with_preloads(html: Vec<u8>, paths: &[String]) -> Vec<u8> {
    let mut html = match String::from_utf8(html) {
        Ok(html) => html,
        Err(e) => return e.into_bytes(),
    };
    if let Some(at) = html.find("<head>").map(|i| i + "<head>".len()) {
        let links: String = paths
            .iter()
            .map(|p| {
                format!(r#"<link rel="preload" href="{p}" as="fetch" crossorigin="anonymous">"#)
            })
            .collect();
        html.insert_str(at, &links);
    }
    html.into_bytes()
}

async fn index(dist: &std::path::Path, preloads: &[String]) -> Response {
    match tokio::fs::read(dist.join("index.html")).await {
        Ok(bytes) if !preloads.is_empty() => index_response(with_preloads(bytes, preloads)),
        Ok(bytes) => index_response(bytes),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
            "<!doctype html><title>Baton</title><p>The browser app has not been built. Run <code>make run</code> \
             (or <code>make app</code>), or point <code>BATON_DIST</code> at the built app.</p>",
        )
            .into_response(),
    }
}

fn index_response(bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            // The preloads depend on the member's cookies.
            (header::VARY, HeaderValue::from_static("Cookie")),
        ],
        bytes,
    )
        .into_response()
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

    fn preloads_for(uri: &str, cookie: Option<&str>) -> Vec<String> {
        let mut headers = axum::http::HeaderMap::new();
        if let Some(c) = cookie {
            headers.insert(header::COOKIE, HeaderValue::from_str(c).unwrap());
        }
        preloads(&uri.parse().unwrap(), &headers)
    }

    #[test]
    fn preloads_the_first_screens_data_for_a_session_only() {
        assert!(preloads_for("/board", None).is_empty());
        assert!(preloads_for("/board", Some("baton_board=3")).is_empty());
        assert_eq!(
            preloads_for("/deals", Some("baton_session=abc")),
            ["/api/v1/me"]
        );
        assert_eq!(
            preloads_for("/board", Some("baton_session=abc")),
            ["/api/v1/me", "/api/v1/pipelines"]
        );
        assert_eq!(
            preloads_for("/board", Some("baton_board=3; baton_session=abc")),
            [
                "/api/v1/me",
                "/api/v1/pipelines",
                "/api/v1/pipelines/3/board"
            ]
        );
        assert_eq!(
            preloads_for(
                "/board?pipeline=7",
                Some("baton_session=abc; baton_board=3")
            ),
            [
                "/api/v1/me",
                "/api/v1/pipelines",
                "/api/v1/pipelines/7/board"
            ]
        );
        // Filters: the app asks itself; a cookie that is not a pipeline id is ignored.
        assert_eq!(
            preloads_for("/board?pipeline=7&stalled=true", Some("baton_session=abc")).len(),
            2
        );
        assert_eq!(
            preloads_for("/board", Some("baton_session=abc; baton_board=\"><script>")).len(),
            2
        );
    }

    #[test]
    fn preload_links_open_the_head() {
        let html = with_preloads(
            b"<html><head><title>Baton</title></head></html>".to_vec(),
            &["/api/v1/me".to_owned()],
        );
        assert_eq!(
            String::from_utf8(html).unwrap(),
            r#"<html><head><link rel="preload" href="/api/v1/me" as="fetch" crossorigin="anonymous"><title>Baton</title></head></html>"#
        );
    }
}
