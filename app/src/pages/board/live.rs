//! Live updates: the team's changes to deals and pipelines, applied to the board.

use super::{BoardCtx, is_stalled};
use leptos::prelude::*;
use shared::api::{DealMoved, DealRow, Handoff, HandoffStatus, PendingHandoff};

/// Applies one event to the board.
fn apply(ctx: BoardCtx, kind: &str, data: &str) {
    if kind.starts_with("handoff.") {
        if let Ok(h) = serde_json::from_str::<Handoff>(data) {
            let pending = (h.status == HandoffStatus::Pending).then_some(PendingHandoff {
                id: h.id,
                to_role: h.to_role,
                to: h.to,
                sent_at: h.sent_at,
                due_at: h.due_at,
            });
            ctx.board.update(|b| {
                if let Some(b) = b {
                    b.set_handoff(h.deal.id, pending);
                }
            });
        }
        return;
    }
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
    // Older than the card shown (replayed from before the board was read): nothing to do.
    if ctx
        .board
        .with_untracked(|b| b.as_ref().is_some_and(|b| b.shows_newer(&deal)))
    {
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

/// Follows the event stream while the board is shown: from the event the first board was read
/// at, once that board is painted.
pub fn follow(ctx: BoardCtx) {
    let stream = crate::components::live::live(
        &[
            "deal.moved",
            "deal.created",
            "deal.updated",
            "pipeline.updated",
            "handoff.sent",
            "handoff.accepted",
            "handoff.rejected",
        ],
        move |kind, data| apply(ctx, kind, data),
    );
    let read_at = Memo::new(move |_| ctx.board.with(|b| b.as_ref().map(|b| b.last_event_id)));
    Effect::new(move || {
        if let Some(id) = read_at.get() {
            stream.open_after_paint(Some(id));
        }
    });
}
