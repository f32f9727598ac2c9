//! Live updates: the team's changes from `GET /api/v1/events` (server-sent events; the browser
//! reconnects by itself with the last event id, and the server replays what was missed).

use super::{BoardCtx, is_stalled};
use leptos::prelude::*;
use shared::api::{DealMoved, DealRow};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Applies one event to the board.
fn apply(ctx: BoardCtx, kind: &str, data: &str) {
    let (deal, from) = match kind {
        "deal.moved" => match serde_json::from_str::<DealMoved>(data) {
            Ok(m) => (m.deal, Some(m.from_stage_id)),
            Err(_) => return,
        },
        "deal.created" | "deal.updated" => match serde_json::from_str::<DealRow>(data) {
            Ok(d) => (d, None),
            Err(_) => return,
        },
        // Stages changed: load the board again.
        "pipeline.updated" => {
            ctx.reload();
            return;
        }
        _ => return,
    };
    let Some(pipeline) = ctx.pipeline.get_untracked() else {
        return;
    };
    if deal.pipeline_id != pipeline.id {
        return;
    }
    if ctx.moving(deal.id) {
        // A move of ours is on its way: its answer settles the card, then this if newer.
        ctx.held.update_value(|h| {
            if h.get(&deal.id).is_none_or(|d| d.version < deal.version) {
                h.insert(deal.id, deal);
            }
        });
        return;
    }
    if ctx
        .filter
        .with_untracked(super::filters::BoardFilter::narrows)
    {
        // Whether the deal matches the filter is the server's to say.
        ctx.reload();
        return;
    }
    let stalled = pipeline
        .stages
        .iter()
        .find(|s| s.id == deal.stage_id)
        .is_some_and(|s| is_stalled(s, &deal));
    ctx.board.update(|b| {
        let Some(b) = b else { return };
        if let Some(from) = from
            && b.find(deal.id).is_none()
        {
            b.left_unloaded(from, &deal.amount);
        }
        b.place(deal, stalled);
    });
    ctx.schedule_reconcile();
}

/// Follows the event stream while the board is shown.
pub fn follow(ctx: BoardCtx) {
    let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
        return;
    };
    let mut handlers = Vec::new();
    for kind in [
        "deal.moved",
        "deal.created",
        "deal.updated",
        "pipeline.updated",
    ] {
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(data) = ev.data().as_string() {
                    apply(ctx, kind, &data);
                }
            });
        let _ = source.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
        handlers.push(handler);
    }
    let source = send_wrapper::SendWrapper::new((source, handlers));
    on_cleanup(move || {
        let (source, handlers) = source.take();
        source.close();
        drop(handlers);
    });
}
