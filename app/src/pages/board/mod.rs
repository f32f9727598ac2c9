//! The funnel board (`/board`): a column per stage with the server's totals, windowed cards,
//! drag and drop by pointer (mouse, touch, pen) and by keyboard, optimistic moves that roll
//! back on refusal, live updates from the team, filters in the URL, and a new deal per column.
//!
//! This module owns the page: loading (pipelines, filter lists, the board), the drag state
//! machine and the move protocol with the server. [`state`] holds the pure board logic,
//! [`column`] renders a column and its window of cards, [`filters`] the filter bar, [`live`]
//! the event stream, [`new_deal`] the create-deal dialog.

mod column;
mod filters;
mod live;
mod new_deal;
pub mod prefetch;
pub mod state;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, now_ms, whole_days_since};
use crate::i18n::{self, Msg, use_i18n, use_page_title};
use column::{CARD_HEIGHT, ColumnView};
use filters::{BoardFilter, FilterBar};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use new_deal::NewDealDialog;
use shared::api::{BoardQuery, DealRow, MoveDeal, Pipeline, Stage, StageKind};
use shared::client::ClientError;
use shared::rules::{StageRule, may_move};
use shared::{DealId, ErrorCode, PipelineId, Role, StageId};
use state::BoardState;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// A card being moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    /// The deal.
    pub deal: DealId,
    /// Its title, for announcements and the ghost.
    pub title: String,
    /// Where it started: (column, index).
    pub from: (usize, usize),
    /// Where it would land: (column, index among the column's cards without it).
    pub over: Option<(usize, usize)>,
    /// The pointer, for the ghost (pointer drags only).
    pub pointer: Option<(f64, f64)>,
    /// Picked up by keyboard.
    pub keyboard: bool,
}

/// A pointer pressed on a card, not yet moved far enough to be a drag.
#[derive(Clone, Debug, PartialEq)]
struct Press {
    deal: DealId,
    title: String,
    from: (usize, usize),
    start: (f64, f64),
}

/// Everything the board's parts share.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    /// The board, once loaded.
    pub board: RwSignal<Option<BoardState>>,
    /// The card being moved.
    pub drag: RwSignal<Option<Drag>>,
    /// The card being moved, alone (changes when a drag starts or ends, not as it moves).
    pub dragged: Memo<Option<DealId>>,
    /// Where the card being moved would land (changes when the place changes).
    pub over: Memo<Option<(usize, usize)>>,
    press: StoredValue<Option<Press>>,
    /// The pipeline shown.
    pub pipeline: Memo<Option<Pipeline>>,
    /// The filter shown.
    pub filter: Memo<BoardFilter>,
    /// Which columns the card being moved may go to.
    pub allowed: Memo<Vec<bool>>,
    /// Deals with a move of ours on its way.
    in_flight: StoredValue<HashSet<DealId>>,
    /// The message shown after a refused move.
    pub toast: RwSignal<Option<Msg>>,
    /// What screen readers hear.
    pub announce: RwSignal<String>,
    /// The column whose new-deal dialog is open.
    pub adding: RwSignal<Option<Stage>>,
    /// Bumped to load the board again.
    reload: RwSignal<u32>,
    reconcile_token: StoredValue<u64>,
    /// The session (kept here: event handlers outside the component tree have no context).
    session: crate::app::Session,
    i18n: crate::i18n::I18n,
    /// The card that had the focus last.
    focused: StoredValue<Option<DealId>>,
    /// Dates and times in the member's language and time zone (built once: it is not free).
    pub formatter: RwSignal<DateTimeFormatter, LocalStorage>,
}

fn board_ctx() -> BoardCtx {
    expect_context::<BoardCtx>()
}

/// Whether a deal has outstayed its stage's limit.
pub fn is_stalled(stage: &Stage, deal: &DealRow) -> bool {
    stage.kind == StageKind::Open
        && stage.stall_days > 0
        && whole_days_since(deal.stage_entered_at, now_ms()) >= i64::from(stage.stall_days)
}

fn stage_rules(stages: &[Stage]) -> Vec<StageRule> {
    stages
        .iter()
        .map(|s| StageRule {
            owning_role: s.owning_role,
            kind: s.kind,
        })
        .collect()
}

/// A fresh idempotency key for one move request.
fn new_key() -> String {
    let a = (js_sys::Math::random() * 1e15) as u64;
    let b = (js_sys::Math::random() * 1e15) as u64;
    format!("mv-{a:x}{b:x}")
}

impl BoardCtx {
    /// Loads the counts and totals again a moment after the last change, keeping the cards.
    pub fn schedule_reconcile(self) {
        let token = self.reconcile_token.get_value().wrapping_add(1);
        self.reconcile_token.set_value(token);
        let session = self.session;
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(600).await;
            if self.reconcile_token.try_get_value() != Some(token) {
                return;
            }
            let Some(pipeline) = self.pipeline.try_get_untracked().flatten() else {
                return;
            };
            let mut q = self.filter.get_untracked().query;
            q.limit = Some(1);
            if let Ok(fresh) = session.client().board(pipeline.id, &q).await {
                self.board.try_update(|b| {
                    if let Some(b) = b {
                        b.reconcile_totals(&fresh);
                    }
                });
            }
        });
    }

    /// Whether one of our moves of this deal is on its way.
    pub fn moving(self, id: DealId) -> bool {
        self.in_flight.with_value(|s| s.contains(&id))
    }

    /// Loads the whole board again.
    pub fn reload(self) {
        self.reload.update(|n| *n += 1);
    }

    /// A place as people say it: "position 3 of 12 in Meeting".
    fn place_text(self, column: usize, index: usize, extra: usize) -> String {
        let locale = self.i18n.locale_untracked();
        self.board.with_untracked(|b| {
            b.as_ref()
                .and_then(|b| b.columns.get(column))
                .map(|c| {
                    let of = (c.count.max(c.cards.len() as i64) as usize).saturating_sub(1) + extra;
                    i18n::card_position(locale, &c.stage.name, index + 1, of.max(index + 1))
                })
                .unwrap_or_default()
        })
    }

    /// Picks a card up by keyboard.
    pub fn pick_up(self, deal: DealId) {
        let Some((column, index)) = self.board.with_untracked(|b| b.as_ref()?.find(deal)) else {
            return;
        };
        let title = self.title_of(deal);
        let locale = self.i18n.locale_untracked();
        let place = self.place_text(column, index, 1);
        self.drag.set(Some(Drag {
            deal,
            title: title.clone(),
            from: (column, index),
            over: Some((column, index)),
            pointer: None,
            keyboard: true,
        }));
        self.announce
            .set(i18n::announce_picked(locale, &title, &place));
    }

    fn title_of(self, deal: DealId) -> String {
        self.board.with_untracked(|b| {
            b.as_ref()
                .and_then(|b| {
                    b.columns
                        .iter()
                        .flat_map(|c| c.cards.iter())
                        .find(|c| c.deal.id == deal)
                        .map(|c| c.deal.title.clone())
                })
                .unwrap_or_default()
        })
    }

    /// Moves the picked-up card's target by arrow keys.
    pub fn nudge(self, d_col: i32, d_index: i32) {
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        let Some((col, index)) = drag.over else {
            return;
        };
        let columns = self
            .board
            .with_untracked(|b| b.as_ref().map_or(0, |b| b.columns.len()));
        if columns == 0 {
            return;
        }
        let new_col = (col as i32 + d_col).clamp(0, columns as i32 - 1) as usize;
        let len = self.board.with_untracked(|b| {
            b.as_ref().map_or(0, |b| {
                let c = &b.columns[new_col];
                c.cards.iter().filter(|x| x.deal.id != drag.deal).count()
            })
        });
        let new_index = if new_col == col {
            (index as i32 + d_index).clamp(0, len as i32) as usize
        } else {
            index.min(len)
        };
        self.drag.update(|d| {
            if let Some(d) = d {
                d.over = Some((new_col, new_index));
            }
        });
        column::scroll_into_view(new_col, new_index);
        let locale = self.i18n.locale_untracked();
        let extra = usize::from(new_col != drag.from.0);
        self.announce.set(i18n::announce_over(
            locale,
            &self.place_text(new_col, new_index, extra),
        ));
    }

    /// Puts the card back where it was.
    pub fn cancel(self) {
        if let Some(d) = self.drag.get_untracked() {
            let locale = self.i18n.locale_untracked();
            self.announce
                .set(i18n::announce_cancelled(locale, &d.title));
            self.drag.set(None);
            if d.keyboard {
                focus_card(d.deal);
            }
        }
    }

    /// Drops the card being moved where it is over.
    pub fn drop_here(self) {
        let Some(d) = self.drag.get_untracked() else {
            return;
        };
        self.drag.set(None);
        let Some((to, index)) = d.over else {
            return;
        };
        let locale = self.i18n.locale_untracked();
        if !self.allowed_untracked(d.from.0, to) {
            self.toast.set(Some(Msg::MoveForbidden));
            self.announce
                .set(i18n::text(locale, Msg::MoveForbidden).to_owned());
            return;
        }
        let extra = usize::from(to != d.from.0);
        let place = self.place_text(to, index, extra);
        self.commit(d.deal, to, index);
        self.announce
            .set(i18n::announce_dropped(locale, &d.title, &place));
        if d.keyboard {
            column::scroll_into_view(to, index);
            focus_card(d.deal);
        }
    }

    fn allowed_untracked(self, from: usize, to: usize) -> bool {
        let roles: Vec<Role> = self
            .session
            .with_me(|m| m.map(|m| m.roles.clone()).unwrap_or_default());
        self.pipeline.with_untracked(|p| {
            p.as_ref()
                .is_some_and(|p| may_move(&roles, &stage_rules(&p.stages), from, to))
        })
    }

    /// Moves a card locally at once and asks the server; rolls back with a message if refused.
    fn commit(self, deal: DealId, to: usize, index: usize) {
        let Some((request, undo)) = self
            .board
            .try_update(|b| b.as_mut().and_then(|b| b.move_locally(deal, to, index)))
            .flatten()
        else {
            return;
        };
        self.in_flight.update_value(|s| {
            s.insert(deal);
        });
        let session = self.session;
        spawn_local(async move {
            let key = new_key();
            let client = session.client();
            let mut result = client.move_deal_once(deal, &request, &key).await;
            // A lost connection: the same key makes the retry safe.
            for wait in [300, 1200] {
                if !matches!(result, Err(ClientError::Network(_))) {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(wait).await;
                result = client.move_deal_once(deal, &request, &key).await;
            }
            self.settle(deal, &request, undo, result);
        });
    }

    fn settle(
        self,
        deal: DealId,
        request: &MoveDeal,
        undo: state::Undo,
        result: Result<DealRow, ClientError>,
    ) {
        self.in_flight.try_update_value(|s| {
            s.remove(&deal);
        });
        let stage_of = |id: StageId| {
            self.pipeline.with_untracked(|p| {
                p.as_ref()
                    .and_then(|p| p.stages.iter().find(|s| s.id == id).cloned())
            })
        };
        match result {
            Ok(row) => {
                let stalled = stage_of(row.stage_id).is_some_and(|s| is_stalled(&s, &row));
                self.board.try_update(|b| {
                    if let Some(b) = b {
                        b.place(row, stalled);
                    }
                });
            }
            Err(err) if is_unauthorized(&err) => {
                self.session.expire();
            }
            Err(err) => {
                let current = err
                    .api_error()
                    .and_then(|e| e.error.current.clone())
                    .and_then(|v| serde_json::from_value::<DealRow>(v).ok());
                let msg = match (err.code(), &current) {
                    (Some(ErrorCode::Conflict), Some(_)) => Msg::MoveConflict,
                    (Some(ErrorCode::Conflict), None) => Msg::MoveStale,
                    (Some(ErrorCode::Forbidden), _) => Msg::MoveForbidden,
                    _ => Msg::MoveFailed,
                };
                self.board.try_update(|b| {
                    if let Some(b) = b {
                        b.undo(undo);
                        if let Some(now) = current {
                            let stalled =
                                stage_of(now.stage_id).is_some_and(|s| is_stalled(&s, &now));
                            b.place(now, stalled);
                        }
                    }
                });
                if msg == Msg::MoveStale {
                    self.reload();
                }
                let _ = request;
                self.toast.try_set(Some(msg));
                let locale = self.i18n.locale_untracked();
                self.announce.try_set(i18n::text(locale, msg).to_owned());
            }
        }
        self.schedule_reconcile();
    }

    /// A pointer pressed on a card.
    pub fn press(self, deal: DealId, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 || self.drag.with_untracked(Option::is_some) {
            return;
        }
        let Some(from) = self.board.with_untracked(|b| b.as_ref()?.find(deal)) else {
            return;
        };
        self.press.set_value(Some(Press {
            deal,
            title: self.title_of(deal),
            from,
            start: (f64::from(ev.client_x()), f64::from(ev.client_y())),
        }));
    }

    fn pointer_move(self, ev: &web_sys::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if let Some(p) = self.press.get_value() {
            if (x - p.start.0).hypot(y - p.start.1) < 5.0 {
                return;
            }
            self.press.set_value(None);
            self.drag.set(Some(Drag {
                deal: p.deal,
                title: p.title,
                from: p.from,
                over: Some(p.from),
                pointer: Some((x, y)),
                keyboard: false,
            }));
        }
        let Some(drag) = self.drag.get_untracked() else {
            return;
        };
        if drag.keyboard {
            return;
        }
        ev.prevent_default();
        auto_scroll(x, y);
        let over = self.target_at(drag.deal, x, y).or(drag.over);
        self.drag.update(|d| {
            if let Some(d) = d {
                d.pointer = Some((x, y));
                d.over = over;
            }
        });
    }

    fn pointer_up(self) {
        self.press.set_value(None);
        if self
            .drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard))
        {
            self.drop_here();
        }
    }

    /// The column and index under a point: the index among the column's cards without the
    /// dragged one.
    fn target_at(self, deal: DealId, x: f64, y: f64) -> Option<(usize, usize)> {
        let doc = web_sys::window()?.document()?;
        let el = doc.element_from_point(x as f32, y as f32)?;
        let col_el = el.closest("[data-col]").ok()??;
        let column: usize = col_el.get_attribute("data-col")?.parse().ok()?;
        let list = col_el.query_selector(".bcol__list").ok()??;
        let rect = list.get_bounding_client_rect();
        let offset = y - rect.top() + f64::from(list.scroll_top());
        let slot = (offset / CARD_HEIGHT).round().max(0.0) as usize;
        self.board.with_untracked(|b| {
            let b = b.as_ref()?;
            let cards = &b.columns.get(column)?.cards;
            // The slot counts the dragged card if it is above it in this column.
            let own = cards.iter().position(|c| c.deal.id == deal);
            let len = cards.len() - usize::from(own.is_some());
            let index = match own {
                Some(i) if slot > i => slot - 1,
                _ => slot,
            };
            Some((column, index.min(len)))
        })
    }
}

/// Near an edge of the board or of a column, a drag scrolls it.
fn auto_scroll(x: f64, y: f64) {
    const EDGE: f64 = 48.0;
    const STEP: i32 = 24;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(board) = doc.query_selector(".fboard").ok().flatten() {
        let r = board.get_bounding_client_rect();
        if x > r.right() - EDGE {
            board.set_scroll_left(board.scroll_left() + STEP);
        } else if x < r.left() + EDGE {
            board.set_scroll_left(board.scroll_left() - STEP);
        }
    }
    let list = doc
        .element_from_point(x as f32, y as f32)
        .and_then(|e| e.closest("[data-col]").ok().flatten())
        .and_then(|c| c.query_selector(".bcol__list").ok().flatten());
    if let Some(list) = list {
        let r = list.get_bounding_client_rect();
        if y > r.bottom() - EDGE {
            list.set_scroll_top(list.scroll_top() + STEP);
        } else if y < r.top() + EDGE && y >= r.top() {
            list.set_scroll_top(list.scroll_top() - STEP);
        }
    }
}

/// Focuses a card once it is on screen.
fn focus_card(deal: DealId) {
    request_animation_frame(move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("[data-deal-id=\"{deal}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// `/board`.
#[component]
pub fn BoardPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    use_page_title(Msg::Board);

    let prefetched = use_context::<prefetch::Prefetch>();
    let pipelines = RwSignal::new(None::<Result<Vec<Pipeline>, ClientError>>);
    match prefetched {
        // Asked for at start: take the answer when it comes.
        Some(pf) if pf.started.get_value() => {
            Effect::new(move || {
                if let Some(r) = pf.pipelines.get() {
                    pipelines.set(Some(r));
                }
            });
        }
        _ => {
            let client = session.client();
            spawn_local(async move {
                let r = client.pipelines().await;
                pipelines.try_set(Some(r));
            });
        }
    }
    let filter = Memo::new(move |_| query.with(BoardFilter::from_query));
    let pipeline = Memo::new(move |_| {
        let wanted = filter.with(|f| f.pipeline);
        pipelines.with(|r| match r {
            Some(Ok(list)) => wanted
                .and_then(|id| list.iter().find(|p| p.id == id))
                .or_else(|| list.first())
                .cloned(),
            _ => None,
        })
    });
    let board = RwSignal::new(None::<BoardState>);
    let drag = RwSignal::new(None::<Drag>);
    let allowed = Memo::new(move |_| {
        let from = drag.with(|d| d.as_ref().map(|d| d.from.0));
        let roles: Vec<Role> = session.with_me(|m| m.map(|m| m.roles.clone()).unwrap_or_default());
        pipeline.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let rules = stage_rules(&p.stages);
            (0..p.stages.len())
                .map(|to| from.is_none_or(|f| may_move(&roles, &rules, f, to)))
                .collect()
        })
    });
    let dragged = Memo::new(move |_| drag.with(|d| d.as_ref().map(|d| d.deal)));
    let zone = move || {
        session.with_me(|me| me.map_or_else(|| "Asia/Tokyo".to_owned(), |m| m.time_zone.clone()))
    };
    let formatter = RwSignal::new_local(DateTimeFormatter::new(
        i18n.locale_untracked(),
        &untrack(zone),
    ));
    Effect::new(move |first: Option<()>| {
        let (locale, tz) = (i18n.locale(), zone());
        if first.is_some() {
            formatter.set(DateTimeFormatter::new(locale, &tz));
        }
    });
    let over = Memo::new(move |_| drag.with(|d| d.as_ref().and_then(|d| d.over)));
    let ctx = BoardCtx {
        board,
        drag,
        dragged,
        over,
        press: StoredValue::new(None),
        pipeline,
        filter,
        allowed,
        in_flight: StoredValue::new(HashSet::new()),
        toast: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        adding: RwSignal::new(None),
        reload: RwSignal::new(0),
        reconcile_token: StoredValue::new(0),
        session,
        i18n,
        focused: StoredValue::new(None),
        formatter,
    };
    provide_context(ctx);

    // Load the board for the pipeline and filter shown: before the pipelines are known, the
    // pipeline asked for at start (if any).
    let load_error = RwSignal::new(None::<Msg>);
    let load_token = StoredValue::new(0u64);
    let loaded_key = StoredValue::new(None::<(PipelineId, BoardQuery, u32)>);
    Effect::new(move || {
        let early = prefetched.and_then(|pf| pf.pipeline.get_value());
        let wanted = match pipeline.get() {
            Some(p) => p.id,
            None if pipelines.with(Option::is_none) => match early {
                Some(id) => id,
                None => return,
            },
            None => return,
        };
        let q: BoardQuery = filter.with(|f| f.query.clone());
        let attempt = ctx.reload.get();
        let key = (wanted, q.clone(), attempt);
        if loaded_key.get_value().as_ref() == Some(&key) {
            return;
        }
        if let Some(pf) = prefetched {
            match prefetch::take(pf, wanted, &q) {
                // On its way: this runs again when it lands.
                Some(None) => {
                    pf.board.track();
                    return;
                }
                Some(Some(Ok(b))) => {
                    loaded_key.set_value(Some(key));
                    prefetch::remember(wanted);
                    board.set(Some(BoardState::from_board(b)));
                    return;
                }
                Some(Some(Err(_))) | None => {}
            }
        }
        loaded_key.set_value(Some(key));
        let token = load_token.get_value().wrapping_add(1);
        load_token.set_value(token);
        load_error.set(None);
        let client = session.client();
        spawn_local(async move {
            let result = client.board(wanted, &q).await;
            if load_token.try_get_value() != Some(token) {
                return;
            }
            match result {
                Ok(b) => {
                    prefetch::remember(wanted);
                    board.set(Some(BoardState::from_board(b)));
                }
                // A pipeline remembered on this device that is gone: show the first.
                Err(e) if e.status() == Some(404) && pipeline.get_untracked().is_none() => {
                    loaded_key.set_value(None);
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => load_error.set(Some(if e.status().is_none() {
                    Msg::Unreachable
                } else {
                    Msg::LoadFailed
                })),
            }
        });
    });
    Effect::new(move || {
        if pipelines.with(|r| matches!(r, Some(Err(e)) if is_unauthorized(e))) {
            session.expire();
        }
    });
    live::follow(ctx);

    // Pointer drags follow the pointer anywhere on the page.
    let move_handle =
        window_event_listener(leptos::ev::pointermove, move |ev| ctx.pointer_move(&ev));
    let up_handle = window_event_listener(leptos::ev::pointerup, move |_| ctx.pointer_up());
    // A click elsewhere means the member has left the card.
    let down_handle = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let on_card = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-deal-id]").ok().flatten())
            .is_some();
        if !on_card {
            ctx.focused.set_value(None);
        }
    });
    let cancel_handle = window_event_listener(leptos::ev::pointercancel, move |_| {
        ctx.press.set_value(None);
        if ctx
            .drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard))
        {
            ctx.drag.set(None);
        }
    });
    // A card keeps the focus when the board re-renders it (after a move is saved, say).
    let focused = ctx.focused;
    let focus_handle = window_event_listener(leptos::ev::focusin, move |ev| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-deal-id"))
            .and_then(|v| v.parse::<i64>().ok())
            .map(DealId);
        focused.set_value(id);
    });
    Effect::new(move || {
        board.track();
        let Some(id) = focused.get_value() else {
            return;
        };
        request_animation_frame(move || {
            let lost = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| {
                    d.active_element()
                        .is_none_or(|e| e.get_attribute("data-deal-id").is_none())
                });
            if lost && focused.try_get_value().flatten() == Some(id) {
                focus_card(id);
            }
        });
    });
    let key_handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape"
            && ctx
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard))
        {
            ctx.drag.set(None);
        }
    });
    on_cleanup(move || {
        move_handle.remove();
        up_handle.remove();
        cancel_handle.remove();
        key_handle.remove();
        focus_handle.remove();
        down_handle.remove();
    });

    // Columns are built again only when the stages change (another pipeline, a new stage);
    // a move or an event updates the columns in place.
    let stage_ids = Memo::new(move |_| {
        board.with(|b| {
            b.as_ref()
                .map(|b| b.columns.iter().map(|c| c.stage.id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let columns = move || {
        let count = stage_ids.with(Vec::len);
        (0..count)
            .map(|ci| view! { <ColumnView index=ci /> })
            .collect_view()
    };
    let ready = move || stage_ids.with(|ids| !ids.is_empty()).to_string();
    let pointer_drag = Memo::new(move |_| drag.with(|d| d.as_ref().is_some_and(|d| !d.keyboard)));
    let dragging = move || pointer_drag.get();

    view! {
        <div class="page page--board">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Board)}</h1>
            </div>
            <FilterBar pipelines=pipelines />
            <p id="board-instructions" class="visually-hidden">
                {i18n.tr(Msg::BoardInstructions)}
            </p>
            <div class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">
                {move || ctx.announce.get()}
            </div>
            {move || {
                load_error
                    .get()
                    .map(|msg| {
                        view! {
                            <div class="load-error">
                                <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                                <button type="button" class="button" on:click=move |_| ctx.reload()>
                                    {i18n.tr(Msg::Retry)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                (board.with(Option::is_none) && load_error.with(Option::is_none))
                    .then(|| view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> })
            }}
            <div class="fboard" class:is-dragging=dragging data-board-ready=ready>
                {columns}
            </div>
            {move || {
                pointer_drag
                    .get()
                    .then(|| {
                        let title = drag.with_untracked(|d| d.as_ref().map(|d| d.title.clone()));
                        let style = move || {
                            drag.with(|d| {
                                d.as_ref()
                                    .and_then(|d| d.pointer)
                                    .map(|(x, y)| format!("transform: translate({}px, {}px)", x + 8.0, y + 8.0))
                                    .unwrap_or_default()
                            })
                        };
                        view! {
                            <div class="drag-ghost" aria-hidden="true" style=style>
                                {title}
                            </div>
                        }
                    })
            }}
            {move || {
                ctx.toast
                    .get()
                    .map(|msg| {
                        view! {
                            <div class="toast" role="alert">
                                <span>{i18n.tr(msg)}</span>
                                <button
                                    type="button"
                                    class="button button--quiet"
                                    on:click=move |_| ctx.toast.set(None)
                                >
                                    {i18n.tr(Msg::Dismiss)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                ctx.adding
                    .get()
                    .map(|stage| view! { <NewDealDialog stage=stage /> })
            }}
        </div>
    }
}
