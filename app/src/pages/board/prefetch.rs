//! Opening the app on the board: the pipelines and the board (of the pipeline in the URL, or of
//! the one the member last looked at on this device, kept in a cookie) come with the page (the
//! server answers the same requests into it, see [`crate::boot`]), or are asked for at start,
//! beside the session check, instead of after it. The board page takes the answer if it is for
//! what it shows, and asks itself otherwise.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::PipelineId;
use shared::api::{BOARD_PIPELINE_COOKIE, Board, BoardQuery, PIPELINES_PATH, Pipeline, board_path};
use shared::client::{Client, ClientError};

/// What was asked for at start, and the answers as they come.
#[derive(Clone, Copy, Debug)]
pub struct Prefetch {
    /// The pipeline whose board was asked for, if any.
    pub pipeline: StoredValue<Option<PipelineId>>,
    /// Its board, once answered (taken by the first page that uses it).
    pub board: RwSignal<Option<Result<Board, ClientError>>>,
    /// The pipelines, once answered.
    pub pipelines: RwSignal<Option<Result<Vec<Pipeline>, ClientError>>>,
    /// Whether the pipelines were asked for at start.
    pub started: StoredValue<bool>,
}

fn document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.dyn_into().ok()
}

thread_local! {
    /// What this device's cookie names, once known (reading `document.cookie` asks the
    /// browser's cookie store and waits for it, which costs a millisecond or more at start).
    static KNOWN: std::cell::Cell<Option<Option<PipelineId>>> = const { std::cell::Cell::new(None) };
}

/// Remembers the pipeline shown, for the next start (in a cookie, so that the server can
/// bring its board in the page).
pub fn remember(pipeline: PipelineId) {
    if KNOWN.get() == Some(Some(pipeline)) {
        return;
    }
    if let Some(d) = document() {
        let _ = d.set_cookie(&format!(
            "{BOARD_PIPELINE_COOKIE}={pipeline}; Path=/; Max-Age=31536000; SameSite=Lax"
        ));
        KNOWN.set(Some(Some(pipeline)));
    }
}

/// The pipeline last shown on this device: the board shows it when the address names none.
pub fn remembered() -> Option<PipelineId> {
    if let Some(known) = KNOWN.get() {
        return known;
    }
    let cookies = document()?.cookie().ok()?;
    let pipeline = cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == BOARD_PIPELINE_COOKIE)
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .map(PipelineId);
    KNOWN.set(Some(pipeline));
    pipeline
}

/// The pipeline whose board the page arrived with, from the answer's path. Without a pipeline
/// in the address the server chose it from the cookie, so it is what the cookie names.
fn brought() -> Option<PipelineId> {
    let script = document()?
        .query_selector(r#"script[type="application/json"][data-api$="/board"]"#)
        .ok()??;
    let path = script.get_attribute("data-api")?;
    let id = path
        .strip_prefix("/api/v1/pipelines/")?
        .strip_suffix("/board")?
        .parse::<i64>()
        .ok()?;
    (board_path(PipelineId(id), &BoardQuery::default()) == path).then_some(PipelineId(id))
}

/// Starts the requests if the app opens on `/board` without filters; provides the context.
pub fn start(client: Client) {
    let prefetch = Prefetch {
        pipeline: StoredValue::new(None),
        board: RwSignal::new(None),
        pipelines: RwSignal::new(None),
        started: StoredValue::new(false),
    };
    provide_context(prefetch);
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    if location.pathname().ok().as_deref() != Some("/board") {
        return;
    }
    let search = location.search().unwrap_or_default();
    let mut pipeline = None;
    for pair in search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("pipeline", v)) => pipeline = v.parse::<i64>().ok().map(PipelineId),
            // Filters: the board page asks itself.
            _ => return,
        }
    }
    let pipeline = pipeline.or_else(|| match brought() {
        Some(p) => {
            KNOWN.set(Some(Some(p)));
            Some(p)
        }
        None => remembered(),
    });
    prefetch.started.set_value(true);
    // What the page arrived with is here already; the rest is asked for.
    if let Some(list) = crate::boot::take::<Vec<Pipeline>>(PIPELINES_PATH) {
        prefetch.pipelines.set(Some(Ok(list)));
    } else {
        let lists = client.clone();
        spawn_local(async move {
            let r = lists.pipelines().await;
            prefetch.pipelines.try_set(Some(r));
        });
    }
    if let Some(p) = pipeline {
        prefetch.pipeline.set_value(Some(p));
        let query = BoardQuery::default();
        if let Some(board) = crate::boot::take::<Board>(&board_path(p, &query)) {
            prefetch.board.set(Some(Ok(board)));
        } else {
            spawn_local(async move {
                let r = client.board(p, &query).await;
                prefetch.board.try_set(Some(r));
            });
        }
    }
}

/// Takes the prefetched board if it is for `pipeline` with no filter: `Some(None)` while it is
/// on its way (wait), `Some(Some(..))` when here, `None` if there is none to use.
pub fn take(
    prefetch: Prefetch,
    pipeline: PipelineId,
    query: &BoardQuery,
) -> Option<Option<Result<Board, ClientError>>> {
    if prefetch.pipeline.get_value() != Some(pipeline) || *query != BoardQuery::default() {
        return None;
    }
    let answer = prefetch.board.try_update(Option::take).flatten();
    if answer.is_some() {
        // Used once: later loads ask the server.
        prefetch.pipeline.set_value(None);
    }
    Some(answer)
}
