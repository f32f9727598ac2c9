//! `GET /api/v1/events`: server-sent events of the team's changes.

use crate::error::ApiResult;
use crate::events::{self, StoredEvent};
use crate::extract::ApiQuery;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use std::collections::HashSet;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

/// Where to resume (the `Last-Event-ID` header wins).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Resume after this event id.
    pub last_event_id: Option<i64>,
}

fn to_sse(e: StoredEvent) -> Result<Event, Infallible> {
    Ok(Event::default()
        .id(e.id.to_string())
        .event(e.kind)
        .data(e.payload))
}

/// `GET /api/v1/events`: `deal.created`, `deal.updated` and `deal.moved` events, each with the
/// deal as it is after the change. A client that reconnects with `Last-Event-ID` first gets
/// what it missed (up to 1,000 events).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", security(("session" = [])), params(EventsQuery),
    responses(
        (status = 200, content_type = "text/event-stream", body = String,
         description = "Server-sent events: `id` increasing, `event` the kind, `data` the deal (JSON)"),
        (status = 401, body = shared::ApiError),
    ))]
pub async fn stream_events(
    State(state): State<AppState>,
    _member: CurrentMember,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    // Subscribe before reading the backlog, so nothing falls between the two.
    let rx = state.events.subscribe();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.last_event_id);
    let backlog = match last {
        Some(l) => events::since(&state.db, l).await?,
        None => Vec::new(),
    };
    let replayed: HashSet<i64> = backlog.iter().map(|e| e.id).collect();
    let floor = last.unwrap_or(0);
    let live = futures_util::stream::unfold((rx, replayed), move |(mut rx, replayed)| async move {
        loop {
            match rx.recv().await {
                Ok(e) if e.id > floor && !replayed.contains(&e.id) => {
                    return Some((to_sse(e), (rx, replayed)));
                }
                Ok(_) => {}
                // Too slow a reader: end the stream; the browser reconnects with its last id.
                Err(RecvError::Lagged(_) | RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::iter(backlog.into_iter().map(to_sse)),
        live,
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
