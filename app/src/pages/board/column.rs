//! One column of the board: its stage, figures and add button, and a window of its cards.
//!
//! Cards have a fixed height and are placed absolutely in a track as tall as all loaded
//! cards, so only the cards in view (and a few around) exist in the DOM however many are
//! loaded; scrolling near the end of the loaded cards fetches the column's next page.
//! While a card is dragged, a column the member may not drop into says so in words and shows
//! no drop line.

use super::board_ctx;
use super::card::{StageFacts, card_li, slot_style};
use super::dates::CardDates;
use crate::app::use_session;
use crate::components::format::format_money_sum;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{DealCard, StageKind};
use shared::{ActivityId, DealId, HandoffId, Locale, Role};
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Height of a card and the gap below it, in CSS pixels (kept in step with `.bcard`).
pub const CARD_HEIGHT: f64 = 126.0;
/// Cards rendered beyond each edge of the view (once the first frame is painted and the
/// browser is idle: the first frame draws the cards in view and one more, to be on screen
/// sooner).
const OVERSCAN: usize = 6;
/// Fetch the next page when the view is this many cards from the end of the loaded ones.
const PREFETCH: usize = 10;

/// Scrolls a column so that the slot `index` is in view.
pub fn scroll_into_view(column: usize, index: usize) {
    let Some(list) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-col=\"{column}\"] .bcol__list"))
            .ok()
            .flatten()
    }) else {
        return;
    };
    let top = index as f64 * CARD_HEIGHT;
    let view = f64::from(list.client_height());
    let scroll = f64::from(list.scroll_top());
    if top < scroll {
        list.set_scroll_top(top as i32);
    } else if top + CARD_HEIGHT > scroll + view {
        list.set_scroll_top((top + CARD_HEIGHT - view) as i32);
    }
}

/// The least room above a column's cards on a wide screen: the app's bar, the page title, one
/// row of filters and a column head (kept in step with the style sheet). Where they take more
/// room the first window has a card too many; where the list is taller (a phone, where the
/// header scrolls away) the `ResizeObserver` adds the rest before the first paint.
const ABOVE_LIST: f64 = 300.0;

/// The height a column's list will have, before it is laid out (measuring it then would lay
/// out the page before the cards are in it; the `ResizeObserver` tells the height as laid out).
fn first_view_height() -> f64 {
    let inner = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(900.0);
    (inner - ABOVE_LIST).max(CARD_HEIGHT)
}

/// A column list's laid-out height, kept in a signal by a `ResizeObserver`; disconnects when
/// dropped.
struct ListHeight {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl ListHeight {
    fn observe(el: &web_sys::HtmlDivElement, height: RwSignal<f64>) -> Option<Self> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                height.try_set(entry.content_rect().height().max(CARD_HEIGHT));
            }
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for ListHeight {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// A card in a column's window.
#[derive(Clone)]
struct Placed {
    card: DealCard,
    slot: usize,
    facts: StageFacts,
    locale: Locale,
    saving: bool,
}

/// What a card's element shows: the same key, the same element (its place in the column is
/// not part of it: a card that moves down a slot keeps its element and only its offset changes).
type PlacedKey = (
    DealId,
    i32,
    bool,
    bool,
    bool,
    Locale,
    Option<ActivityId>,
    Option<HandoffId>,
);

impl Placed {
    fn key(&self) -> PlacedKey {
        let c = &self.card;
        (
            c.deal.id,
            c.deal.version,
            c.stalled,
            self.saving,
            self.facts.movable,
            self.locale,
            c.next_activity.as_ref().map(|a| a.id),
            c.pending_handoff.as_ref().map(|h| h.id),
        )
    }
}

/// A card drawn in a column's track.
struct Drawn {
    el: web_sys::Element,
    key: PlacedKey,
    slot: usize,
    /// Its classes, without `is-dragging`.
    class: String,
    dragging: bool,
}

impl Drawn {
    /// Marks the card as the one being dragged, or not.
    fn mark_dragging(&mut self, dragging: bool) {
        if self.dragging == dragging {
            return;
        }
        if dragging {
            self.el
                .set_class_name(&format!("{} is-dragging", self.class));
        } else {
            self.el.set_class_name(&self.class);
        }
        self.dragging = dragging;
    }
}

/// Draws `placed` in `track`, in order. A card whose key is unchanged keeps its element (and
/// the focus): only its offset and its dragging mark follow. New cards are parsed from their
/// markup in one step, which is several times cheaper than building each from wasm. A card
/// drawn again while it has the focus hands the focus to its new element at once, so that a
/// key pressed just then (the server's answer to a move can come at any moment) still reaches
/// the card.
fn draw(
    track: &web_sys::Element,
    drawn: &mut HashMap<DealId, Drawn>,
    placed: &[Placed],
    dragged: Option<DealId>,
    formatter: &CardDates,
) {
    let mut old = std::mem::take(drawn);
    let mut refocus = None;
    let mut kept: Vec<Option<Drawn>> = Vec::with_capacity(placed.len());
    let mut markup = String::new();
    let mut fresh = Vec::new();
    for p in placed {
        let key = p.key();
        match old.remove(&p.card.deal.id) {
            Some(d) if d.key == key => kept.push(Some(d)),
            gone => {
                if let Some(d) = gone {
                    if refocus.is_none() && has_focus(&d.el) {
                        refocus = Some(p.card.deal.id);
                    }
                    d.el.remove();
                }
                let (li, class) = card_li(&p.card, p.slot, p.facts, p.locale, p.saving, formatter);
                markup.push_str(&li);
                fresh.push((kept.len(), key, class));
                kept.push(None);
            }
        }
    }
    for d in old.into_values() {
        d.el.remove();
    }
    // An empty track (the first draw) takes the markup as it is: the cards are parsed in their
    // place, in order, and none is moved afterwards.
    if fresh.len() == placed.len() && !track.has_child_nodes() {
        track.set_inner_html(&markup);
        let mut el = track.first_element_child();
        for ((_, key, class), p) in fresh.into_iter().zip(placed) {
            let Some(e) = el else { break };
            el = e.next_element_sibling();
            drawn.insert(
                p.card.deal.id,
                Drawn {
                    el: e,
                    key,
                    slot: p.slot,
                    class,
                    dragging: false,
                },
            );
        }
        if let Some(d) = dragged.and_then(|id| drawn.get_mut(&id)) {
            d.mark_dragging(true);
        }
        focus_again(drawn, refocus);
        return;
    }
    if !fresh.is_empty()
        && let Some(scratch) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("ol").ok())
    {
        scratch.set_inner_html(&markup);
        for (at, key, class) in fresh {
            let Some(el) = scratch.first_element_child() else {
                break;
            };
            el.remove();
            kept[at] = Some(Drawn {
                el,
                key,
                slot: placed[at].slot,
                class,
                dragging: false,
            });
        }
    }
    let mut next = track.first_element_child();
    for (p, d) in placed.iter().zip(kept) {
        let Some(mut d) = d else { continue };
        if d.slot != p.slot {
            let _ = d.el.set_attribute("style", &slot_style(p.slot));
            d.slot = p.slot;
        }
        d.mark_dragging(dragged == Some(p.card.deal.id));
        if next.as_ref() == Some(&d.el) {
            next = d.el.next_element_sibling();
        } else {
            let _ = track.insert_before(&d.el, next.as_ref().map(|n| n.as_ref()));
        }
        drawn.insert(p.card.deal.id, d);
    }
    focus_again(drawn, refocus);
}

/// Gives the focus to the new element of the card drawn again that had it.
fn focus_again(drawn: &HashMap<DealId, Drawn>, card: Option<DealId>) {
    if let Some(el) = card
        .and_then(|id| drawn.get(&id))
        .and_then(|d| d.el.dyn_ref::<web_sys::HtmlElement>())
    {
        let _ = el.focus();
    }
}

/// Whether `el` has the focus (asked only of a card about to be drawn again, not on every draw).
fn has_focus(el: &web_sys::Element) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| &active == el)
}

/// A column.
#[component]
pub fn ColumnView(index: usize) -> impl IntoView {
    let ctx = board_ctx();
    let session = use_session();
    let i18n = use_i18n();
    let column = Memo::new(move |_| {
        ctx.board
            .with(|b| b.as_ref().and_then(|b| b.columns.get(index).cloned()))
    });
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(first_view_height());
    let loading_more = RwSignal::new(false);
    let overscan = RwSignal::new(1usize);
    crate::components::idle::after_paint(move || {
        let _ = overscan.try_set(OVERSCAN);
    });
    let list_ref = NodeRef::<leptos::html::Div>::new();

    let load_more = move || {
        if loading_more.get_untracked() {
            return;
        }
        let Some((stage, cursor)) = column.with_untracked(|c| {
            c.as_ref()
                .and_then(|c| c.next_cursor.clone().map(|cur| (c.stage.id, cur)))
        }) else {
            return;
        };
        let Some(pipeline) = ctx.pipeline.get_untracked() else {
            return;
        };
        let mut q = ctx.filter.get_untracked().query;
        q.cursor = Some(cursor.clone());
        loading_more.set(true);
        let client = session.client();
        spawn_local(async move {
            let page = client.column(pipeline.id, stage, &q).await;
            if let Ok(page) = page {
                ctx.board.try_update(|b| {
                    if let Some(b) = b
                        && let Some(ci) = b.column_of(stage)
                        && b.columns[ci].next_cursor.as_deref() == Some(cursor.as_str())
                    {
                        b.append_page(ci, page.cards, page.next_cursor);
                    }
                });
            }
            loading_more.try_set(false);
        });
    };
    let on_scroll = move |_| {
        if let Some(el) = list_ref.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            view_height.set(f64::from(el.client_height()).max(CARD_HEIGHT));
        }
    };
    // Near the end of the loaded cards: fetch more.
    Effect::new(move || {
        let loaded = column.with(|c| c.as_ref().map_or(0, |c| c.cards.len()));
        let more = column.with(|c| c.as_ref().is_some_and(|c| c.next_cursor.is_some()));
        let last_in_view = ((scroll_top.get() + view_height.get()) / CARD_HEIGHT).ceil() as usize;
        if more && last_in_view + PREFETCH >= loaded {
            load_more();
        }
    });
    // The list's height as laid out, told by a ResizeObserver after each layout (reading it
    // here would force a layout before the first cards are even on the page).
    let observer = StoredValue::new_local(None::<ListHeight>);
    Effect::new(move || {
        if let Some(el) = list_ref.get() {
            observer.set_value(ListHeight::observe(&el, view_height));
        }
    });
    on_cleanup(move || observer.update_value(|o| drop(o.take())));

    // The cards in view, keyed so that a card that stays in view keeps its element (and the
    // focus) as the column scrolls; a card whose content or place changed is drawn again.
    let window = move || {
        let locale = i18n.locale();
        column.with(|c| {
            let Some(c) = c else { return Vec::new() };
            let overscan = overscan.get();
            let first =
                ((scroll_top.get() / CARD_HEIGHT).floor() as usize).saturating_sub(overscan);
            let last = (((scroll_top.get() + view_height.get()) / CARD_HEIGHT).ceil() as usize
                + overscan)
                .min(c.cards.len());
            let facts = StageFacts {
                kind: c.stage.kind,
                stall_days: i64::from(c.stage.stall_days),
                movable: ctx.movable.with(|m| m.get(index).copied().unwrap_or(false)),
            };
            c.cards
                .get(first..last)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, card)| Placed {
                    card: card.clone(),
                    slot: first + i,
                    facts,
                    locale,
                    saving: ctx.moving(card.deal.id),
                })
                .collect::<Vec<_>>()
        })
    };
    // The window's cards, drawn in the track (`draw`) as the window, the cards or the card
    // being moved change.
    let track_ref = NodeRef::<leptos::html::Ol>::new();
    let drawn = StoredValue::new_local(HashMap::<DealId, Drawn>::new());
    Effect::new(move || {
        let Some(track) = track_ref.get() else {
            return;
        };
        let placed = window();
        let dragged = ctx.dragged.get();
        ctx.formatter.with_untracked(|formatter| {
            drawn.update_value(|drawn| draw(&track, drawn, &placed, dragged, formatter));
        });
    });
    let track_height = move || {
        let n = column.with(|c| c.as_ref().map_or(0, |c| c.cards.len()));
        format!("height: {}px", (n as f64 * CARD_HEIGHT).max(CARD_HEIGHT))
    };
    let blocked = move || {
        ctx.dragged.with(Option::is_some)
            && !ctx.allowed.with(|a| a.get(index).copied().unwrap_or(false))
    };
    let indicator = move || {
        let (col, idx) = ctx.over.get()?;
        let deal = ctx.dragged.get()?;
        if col != index || blocked() {
            return None;
        }
        // The slot in this column's track, counting the dragged card if it is above.
        let own = column.with(|c| {
            c.as_ref()
                .and_then(|c| c.cards.iter().position(|x| x.deal.id == deal))
        });
        let slot = match own {
            Some(i) if idx >= i => idx + 1,
            _ => idx,
        };
        Some(view! {
            <div
                class="bcol__drop"
                aria-hidden="true"
                style=format!("top: {}px", slot as f64 * CARD_HEIGHT - 5.0)
            ></div>
        })
    };
    let is_target = move || ctx.over.get().is_some_and(|(c, _)| c == index) && !blocked();

    // The section is built once; only its figures, cards and marks follow the column, so a
    // change keeps the list (and its scroll position) in place.
    let Some(c) = column.get_untracked() else {
        return ().into_any();
    };
    let stage = c.stage.clone();
    let heading = format!("bcol-{}", stage.id);
    let (heading_section, heading_h2) = (heading.clone(), heading.clone());
    let kind = match stage.kind {
        StageKind::Open => "bcol",
        StageKind::Won => "bcol bcol--won",
        StageKind::Lost => "bcol bcol--lost",
    };
    let stage_name = stage.name.clone();
    let add_label = move || i18n::add_deal_to(i18n.locale(), &stage_name);
    let open_stage = stage.clone();
    // Who may add a deal here (the server decides): managers, admins, the stage's own role.
    let owning = stage.owning_role;
    let can_add = move || {
        session.with_me(|m| {
            m.is_some_and(|m| {
                m.roles
                    .iter()
                    .any(|r| matches!(r, Role::Manager | Role::Admin) || *r == owning)
            })
        })
    };
    let count = move || {
        i18n::deal_count(
            i18n.locale(),
            column.with(|c| c.as_ref().map_or(0, |c| c.count)),
        )
    };
    let amount = move || {
        column.with(|c| {
            c.as_ref()
                .map(|c| format_money_sum(c.totals.iter().map(|t| &t.amount)))
                .unwrap_or_default()
        })
    };
    let weighted = move || {
        column.with(|c| {
            c.as_ref()
                .map(|c| format_money_sum(c.totals.iter().map(|t| &t.weighted)))
                .unwrap_or_default()
        })
    };
    let more = move || column.with(|c| c.as_ref().is_some_and(|c| c.next_cursor.is_some()));
    view! {
        <section
            class=kind
            class:is-blocked=blocked
            class:is-target=is_target
            data-col=index.to_string()
            data-stage-id=stage.id.to_string()
            aria-labelledby=heading_section
        >
            <header class="bcol__head">
                <h2 id=heading_h2 class="bcol__name">{stage.name.clone()}</h2>
                <p class="bcol__figures">
                    <span class="figure figure--count">{count}</span>
                    <span class="figure figure--amount">{amount}</span>
                    <span class="figure figure--weighted">
                        <span class="figure__label">{i18n.tr(Msg::Weighted)}</span>
                        " "
                        {weighted}
                    </span>
                </p>
                <Show when=can_add>
                    <button
                        type="button"
                        class="button button--quiet bcol__add"
                        aria-label=add_label.clone()
                        on:click={
                            let open_stage = open_stage.clone();
                            move |_| ctx.adding.set(Some(open_stage.clone()))
                        }
                    >
                        "+ "
                        {i18n.tr(Msg::AddDeal)}
                    </button>
                </Show>
            </header>
            <div class="bcol__list" node_ref=list_ref on:scroll=on_scroll>
                <ol
                    class="bcol__track"
                    style=track_height
                    aria-labelledby=heading
                    node_ref=track_ref
                ></ol>
                {indicator}
                <p class="bcol__more" role="status">
                    {move || {
                        (more() && loading_more.get()).then(|| text(i18n.locale(), Msg::LoadingMore))
                    }}
                </p>
            </div>
            {move || {
                blocked()
                    .then(|| {
                        view! {
                            <p class="bcol__blocked">{i18n.tr(Msg::DropNotAllowed)}</p>
                        }
                    })
            }}
        </section>
    }
    .into_any()
}
