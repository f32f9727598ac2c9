//! Serving the built browser app: files from the trunk output directory; any other path that
//! is not a file (a client-side route such as `/deals`) gets `index.html`, and `/board` gets
//! the board's own entry `board.html` when it was built (the same app with the board as its
//! only page: a third of the module to load; see `app/src/app.rs`). Hashed asset names are
//! cached for a year, and sent as compressed at build time where the browser accepts it; the
//! pages are revalidated every time.
//!
//! For a member with a session, the page carries the data its first screen asks for (the
//! member, and on the board the pipelines, the filter bar's lists and the board), as the API
//! answers it for the same cookies, in `<script type="application/json" data-api="/api/v1/…">`
//! elements the app reads at start instead of asking (`app/src/boot.rs`). The app then draws
//! its first screen in the task that starts it, with no round trip. A request that is not
//! answered 200 is left out, and the app asks for it itself.

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The board's own entry, built beside `index.html` by `scripts/build-app.sh`.
const BOARD_ENTRY: &str = "board.html";

/// The largest API answer carried in the page (the board's first cards are well under this).
const FIRST_DATA_LIMIT: usize = 4 * 1024 * 1024;

/// What serving the app needs: the built files, and the API to ask for a page's first data.
#[derive(Clone)]
pub struct Web {
    dist: PathBuf,
    api: Router,
}

impl Web {
    /// The app in `dist`, with its first data from `api`.
    pub fn new(dist: PathBuf, api: Router) -> Self {
        Self { dist, api }
    }
}

/// Serves the app.
pub async fn serve_app(State(web): State<Web>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if looks_like_file && path != "/index.html" {
        // Compressed once at build time (scripts/precompress.mjs); a file without its `.br`
        // or `.gz` is sent as it is and compressed on the way (the compression layer).
        let files = ServeDir::new(&web.dist)
            .precompressed_br()
            .precompressed_gzip();
        let Ok(mut resp) = files.oneshot(req).await;
        if resp.status() == StatusCode::OK && is_hashed(&path) {
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
        }
        return resp.map(Body::new);
    }
    let page = if path == "/board" {
        BOARD_ENTRY
    } else {
        "index.html"
    };
    let paths = first_data(req.uri(), req.headers());
    let asker = Asker::of(&req);
    drop(req);
    // Asked side by side; each answer in the order named.
    let answers =
        futures_util::future::join_all(paths.iter().map(|p| asker.ask(&web.api, p))).await;
    let data: Vec<(String, String)> = paths
        .into_iter()
        .zip(answers)
        .filter_map(|(p, json)| Some((p, json?)))
        .collect();
    index(&web.dist, page, &data).await
}

/// Who asks for the page: what the API needs to answer the same request for them.
struct Asker {
    headers: axum::http::HeaderMap,
    addr: Option<ConnectInfo<SocketAddr>>,
}

impl Asker {
    fn of(req: &Request) -> Self {
        let mut headers = axum::http::HeaderMap::new();
        for (name, value) in req.headers() {
            if name == header::COOKIE || name == header::ACCEPT_LANGUAGE {
                headers.append(name, value.clone());
            }
        }
        let addr = req.extensions().get::<ConnectInfo<SocketAddr>>().copied();
        Self { headers, addr }
    }

    /// Asks the API for `path` with the page's cookies and address; the JSON if answered 200.
    async fn ask(&self, api: &Router, path: &str) -> Option<String> {
        let mut inner = Request::get(path).body(Body::empty()).ok()?;
        *inner.headers_mut() = self.headers.clone();
        if let Some(addr) = self.addr {
            inner.extensions_mut().insert(addr);
        }
        let Ok(resp) = api.clone().oneshot(inner).await;
        if resp.status() != StatusCode::OK {
            return None;
        }
        let bytes = axum::body::to_bytes(resp.into_body(), FIRST_DATA_LIMIT)
            .await
            .ok()?;
        String::from_utf8(bytes.to_vec()).ok()
    }
}

/// The API paths the app asks for first on this page, if the request carries a session.
fn first_data(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Vec<String> {
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
    let mut paths = vec![shared::api::ME_PATH.to_owned()];
    if uri.path() == "/board" {
        // The board the app opens: the pipeline in the address, else the one last shown. With
        // filters, the board page asks for itself (as `app/src/pages/board/prefetch.rs` does).
        let pipeline = match uri.query().filter(|q| !q.is_empty()) {
            None => cookie(shared::api::BOARD_PIPELINE_COOKIE),
            Some(q) => match q.strip_prefix("pipeline=") {
                Some(v) if !v.contains('&') => Some(v),
                _ => return paths,
            },
        };
        paths.push(shared::api::PIPELINES_PATH.to_owned());
        // The filter bar's lists.
        paths.extend(
            [
                shared::api::MEMBERS_PATH,
                shared::api::SEGMENTS_PATH,
                shared::api::TERRITORIES_PATH,
            ]
            .map(str::to_owned),
        );
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

/// `index.html` with each `(path, json)` in a data element at the start of its body, where
/// the app reads it before it draws. `<` is written `\u003c` (the same JSON, and no `</script>`
/// or `<!--` can end or change the element).
fn with_first_data(html: Vec<u8>, data: &[(String, String)]) -> Vec<u8> {
    let mut html = match String::from_utf8(html) {
        Ok(html) => html,
        Err(e) => return e.into_bytes(),
    };
    if let Some(at) = html.find("<body>").map(|i| i + "<body>".len()) {
        let mut elements = String::new();
        for (path, json) in data {
            elements.push_str(r#"<script type="application/json" data-api=""#);
            elements.push_str(&path.replace('&', "&amp;").replace('"', "&quot;"));
            elements.push_str(r#"">"#);
            elements.push_str(&json.replace('<', "\\u003c"));
            elements.push_str("</script>");
        }
        html.insert_str(at, &elements);
    }
    html.into_bytes()
}

/// `page` (or `index.html` where it was not built) with the page's first data.
async fn index(dist: &std::path::Path, page: &str, data: &[(String, String)]) -> Response {
    let read = match tokio::fs::read(dist.join(page)).await {
        Err(_) if page != "index.html" => tokio::fs::read(dist.join("index.html")).await,
        read => read,
    };
    match read {
        Ok(bytes) if !data.is_empty() => index_response(with_first_data(bytes, data)),
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
            // The page carries the member's own data: kept by this browser only, asked again
            // every time.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            ),
            // The data depends on the member's cookies.
            (header::VARY, HeaderValue::from_static("Cookie")),
        ],
        bytes,
    )
        .into_response()
}

/// Whether a file name carries a content hash (trunk names assets `name-<hex>.ext`, the hash
/// written without leading zeros: 16 digits or, now and then, fewer).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 12 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_hashed_assets() {
        assert!(is_hashed("/app-5f3a9c0d1e2b4a67_bg.wasm"));
        assert!(is_hashed("/baton-0123456789abcdef.css"));
        assert!(is_hashed("/app-89c5e6fb4d8a468_bg.wasm"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/my-file.js"));
    }

    fn first_data_for(uri: &str, cookie: Option<&str>) -> Vec<String> {
        let mut headers = axum::http::HeaderMap::new();
        if let Some(c) = cookie {
            headers.insert(header::COOKIE, HeaderValue::from_str(c).unwrap());
        }
        first_data(&uri.parse().unwrap(), &headers)
    }

    #[test]
    fn names_the_first_screens_data_for_a_session_only() {
        assert!(first_data_for("/board", None).is_empty());
        assert!(first_data_for("/board", Some("baton_board=3")).is_empty());
        assert_eq!(
            first_data_for("/deals", Some("baton_session=abc")),
            ["/api/v1/me"]
        );
        assert_eq!(
            first_data_for("/board", Some("baton_session=abc")),
            [
                "/api/v1/me",
                "/api/v1/pipelines",
                "/api/v1/members",
                "/api/v1/segments",
                "/api/v1/territories"
            ]
        );
        assert_eq!(
            first_data_for("/board", Some("baton_board=3; baton_session=abc")),
            [
                "/api/v1/me",
                "/api/v1/pipelines",
                "/api/v1/members",
                "/api/v1/segments",
                "/api/v1/territories",
                "/api/v1/pipelines/3/board"
            ]
        );
        assert_eq!(
            first_data_for(
                "/board?pipeline=7",
                Some("baton_session=abc; baton_board=3")
            ),
            [
                "/api/v1/me",
                "/api/v1/pipelines",
                "/api/v1/members",
                "/api/v1/segments",
                "/api/v1/territories",
                "/api/v1/pipelines/7/board"
            ]
        );
        // Filters: the app asks itself; a cookie that is not a pipeline id is ignored.
        assert_eq!(
            first_data_for("/board?pipeline=7&stalled=true", Some("baton_session=abc")),
            ["/api/v1/me"]
        );
        assert_eq!(
            first_data_for("/board", Some("baton_session=abc; baton_board=\"><script>")).len(),
            5
        );
    }

    #[test]
    fn first_data_opens_the_body_and_cannot_end_its_element() {
        let html = with_first_data(
            b"<html><head><title>Baton</title></head><body></body></html>".to_vec(),
            &[(
                "/api/v1/me".to_owned(),
                r#"{"name":"</script><!--x"}"#.to_owned(),
            )],
        );
        assert_eq!(
            String::from_utf8(html).unwrap(),
            r#"<html><head><title>Baton</title></head><body><script type="application/json" data-api="/api/v1/me">{"name":"\u003c/script>\u003c!--x"}</script></body></html>"#
        );
        let value: serde_json::Value =
            serde_json::from_str(r#"{"name":"\u003c/script>\u003c!--x"}"#).unwrap();
        assert_eq!(value["name"], "</script><!--x");
    }
}
