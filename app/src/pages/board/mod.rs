//! The funnel board (`/board`): a column per stage with the server's totals, windowed cards,
//! drag and drop by pointer (mouse, touch, pen) and by keyboard, optimistic moves that roll
//! back on refusal, live updates from the team, filters in the URL, and a new deal per column.
//!
//! This module owns the page: loading (pipelines, filter lists, the board), the context the
//! parts share, and the page's frame. [`state`] holds the pure board logic, [`drag`] the drag
//! state machine (pointer and keyboard) and its announcements, [`moves`] the move protocol with
//! the server, [`column`] a column and its window of cards, [`card`] a card, [`filters`] the
//! filter bar, [`live`] the event stream, [`new_deal`] the create-deal dialog.

mod card;
mod column;
mod dates;
mod drag;
mod filters;
mod live;
mod moves;
mod new_deal;
pub mod prefetch;
pub mod state;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{now_ms, whole_days_since};
use crate::i18n::{Msg, use_i18n, use_page_title};
use column::ColumnView;
use dates::CardDates;
pub use drag::Drag;
use drag::Press;
use filters::{BoardFilter, FilterBar};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use new_deal::NewDealDialog;
use shared::api::{Board, BoardQuery, DealRow, Pipeline, Stage, StageKind};
use shared::client::ClientError;
use shared::rules::{StageRule, may_move};
use shared::{DealId, PipelineId, Role};
use state::BoardState;
use std::collections::{HashMap, HashSet};

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
    press_seq: StoredValue<u64>,
    /// The card the arrow keys are taking the focus to (keys can come faster than frames).
    focus_goal: StoredValue<Option<DealId>>,
    /// A pointer drag has just ended (its click is not a click on a card).
    just_dropped: StoredValue<bool>,
    /// The pipeline shown.
    pub pipeline: Memo<Option<Pipeline>>,
    /// The filter shown.
    pub filter: Memo<BoardFilter>,
    /// Which columns the card being moved may go to.
    pub allowed: Memo<Vec<bool>>,
    /// Which columns the member may move cards out of.
    pub movable: Memo<Vec<bool>>,
    /// Deals with a move of ours on its way.
    in_flight: StoredValue<HashSet<DealId>>,
    /// The team's latest change to a deal with a move of ours on its way, applied when the
    /// move settles if it is newer than the answer.
    held: StoredValue<HashMap<DealId, DealRow>>,
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
    pub formatter: RwSignal<CardDates, LocalStorage>,
}

/// Asks the stage rules one question per column: (roles, rules, column) → answer.
type RulePick<'a> = &'a dyn Fn(&[Role], &[StageRule], usize) -> bool;

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
            let fresh = session.client().board(pipeline.id, &q).await;
            // A move still on its way is not in these figures; its answer reconciles again.
            let busy = self
                .in_flight
                .try_with_value(|s| !s.is_empty())
                .unwrap_or(true);
            if let Ok(fresh) = fresh
                && !busy
            {
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

    /// Whether the member's roles allow moving a deal from column `from` to column `to`.
    fn may_move_untracked(self, from: usize, to: usize) -> bool {
        let roles: Vec<Role> = self
            .session
            .with_me(|m| m.map(|m| m.roles.clone()).unwrap_or_default());
        self.pipeline.with_untracked(|p| {
            p.as_ref()
                .is_some_and(|p| may_move(&roles, &stage_rules(&p.stages), from, to))
        })
    }
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
        // Here already (the page arrived with them): drawn at once.
        Some(pf) if pf.started.get_value() && pf.pipelines.with_untracked(Option::is_some) => {
            pipelines.set(pf.pipelines.get_untracked());
        }
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
        let wanted = filter.with(|f| f.pipeline).or_else(prefetch::remembered);
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
    // What the member's roles allow (the server decides; this only avoids offering the rest).
    let rules_for = move |pick: RulePick<'_>| {
        let roles: Vec<Role> = session.with_me(|m| m.map(|m| m.roles.clone()).unwrap_or_default());
        pipeline.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let rules = stage_rules(&p.stages);
            (0..p.stages.len())
                .map(|i| pick(&roles, &rules, i))
                .collect::<Vec<bool>>()
        })
    };
    let drag_from = Memo::new(move |_| drag.with(|d| d.as_ref().map(|d| d.from.0)));
    let allowed = Memo::new(move |_| {
        let from = drag_from.get();
        rules_for(&|roles, rules, to| from.is_none_or(|f| may_move(roles, rules, f, to)))
    });
    let movable = Memo::new(move |_| rules_for(&|roles, rules, c| may_move(roles, rules, c, c)));
    let dragged = Memo::new(move |_| drag.with(|d| d.as_ref().map(|d| d.deal)));
    let zone = move || {
        session.with_me(|me| me.map_or_else(|| "Asia/Tokyo".to_owned(), |m| m.time_zone.clone()))
    };
    let formatter = RwSignal::new_local(CardDates::new(i18n.locale_untracked(), &untrack(zone)));
    Effect::new(move |first: Option<()>| {
        let (locale, tz) = (i18n.locale(), zone());
        if first.is_some() {
            formatter.set(CardDates::new(locale, &tz));
        }
    });
    let over = Memo::new(move |_| drag.with(|d| d.as_ref().and_then(|d| d.over)));
    let ctx = BoardCtx {
        board,
        drag,
        dragged,
        over,
        press: StoredValue::new(None),
        press_seq: StoredValue::new(0),
        just_dropped: StoredValue::new(false),
        focus_goal: StoredValue::new(None),
        pipeline,
        filter,
        allowed,
        movable,
        in_flight: StoredValue::new(HashSet::new()),
        held: StoredValue::new(HashMap::new()),
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
    // A pipeline's board as loaded: shown, and remembered for the next start.
    let show = move |pipeline: PipelineId, b: Board| {
        prefetch::remember(pipeline);
        board.set(Some(BoardState::from_board(b)));
    };
    // The board the page arrived with is drawn in the first render, not after it.
    if let (Some(pf), Some(p)) = (prefetched, pipeline.get_untracked()) {
        let q = filter.with_untracked(|f| f.query.clone());
        if let Some(Some(Ok(b))) = prefetch::take(pf, p.id, &q) {
            show(p.id, b);
            loaded_key.set_value(Some((p.id, q, ctx.reload.get_untracked())));
        }
    }
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
                    show(wanted, b);
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
                Ok(b) => show(wanted, b),
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

    drag::listen(ctx);

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
            <p id="board-locked" class="visually-hidden">
                {i18n.tr(Msg::MoveNotYours)}
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
            <div
                class="fboard"
                class:is-dragging=dragging
                data-board-ready=ready
                on:keydown=move |ev| {
                    if let Some(id) = drag::card_id(ev.target()) {
                        card::on_card_key(ctx, id, &ev);
                    }
                }
                on:pointerdown=move |ev| {
                    if let Some(id) = drag::card_id(ev.target()) {
                        ctx.press(id, &ev);
                    }
                }
                on:click=move |ev| {
                    if let Some(id) = drag::card_id(ev.target()) {
                        ctx.click_card(id, &ev);
                    }
                }
            >
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
