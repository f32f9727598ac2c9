//! The drag state machine: a card picked up by pointer (mouse and pen at once, touch after a
//! long press so that a swipe still scrolls) or by keyboard (Space, arrows, Space or Escape),
//! where it would land, and what screen readers hear at each step.
//!
//! Policy: during a drag only [`Drag::over`] and [`Drag::pointer`] change, so the ghost and the
//! drop line follow the pointer while the cards stay as they are; a card the member's roles may
//! not move is never picked up, and a column they may not drop into shows no drop line.

use super::{BoardCtx, column};
use crate::i18n::{self, Msg};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::DealId;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How far a mouse or pen moves with the button down before it is a drag, in CSS pixels.
const MOUSE_SLOP: f64 = 5.0;
/// How far a finger may wander during a long press before it counts as scrolling.
const TOUCH_SLOP: f64 = 8.0;
/// How long a finger rests on a card before the card is picked up.
const LONG_PRESS_MS: u32 = 350;

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

/// A pointer pressed on a card, not yet a drag.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Press {
    deal: DealId,
    title: String,
    from: (usize, usize),
    start: (f64, f64),
    /// A finger: becomes a drag after a long press, not by moving.
    touch: bool,
    /// Tells this press from a later one (the long-press timer checks it).
    seq: u64,
}

impl BoardCtx {
    /// A place as people say it: "position 3 of 12 in Meeting". `extra` is 1 when the card
    /// comes from another column (the column will hold one more).
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

    fn title_of(self, deal: DealId) -> String {
        self.board.with_untracked(|b| {
            b.as_ref()
                .and_then(|b| b.card(deal))
                .map(|c| c.deal.title.clone())
                .unwrap_or_default()
        })
    }

    /// Tells the member, seen and heard, that their roles do not allow this.
    fn refuse(self, msg: Msg) {
        let locale = self.i18n.locale_untracked();
        self.toast.set(Some(msg));
        self.announce.set(i18n::text(locale, msg).to_owned());
    }

    /// Picks a card up by keyboard.
    pub fn pick_up(self, deal: DealId) {
        let Some((column, index)) = self.board.with_untracked(|b| b.as_ref()?.find(deal)) else {
            return;
        };
        if !self.may_move_untracked(column, column) {
            self.refuse(Msg::MoveNotYours);
            return;
        }
        if self.moving(deal) {
            // Its next move needs the version the server is about to give it.
            let locale = self.i18n.locale_untracked();
            self.announce
                .set(i18n::text(locale, Msg::MoveSaving).to_owned());
            return;
        }
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

    /// Moves the picked-up card's target by arrow keys: `d_col` columns right, `d_index`
    /// places down.
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
                b.columns[new_col]
                    .cards
                    .iter()
                    .filter(|x| x.deal.id != drag.deal)
                    .count()
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
        let mut said = i18n::announce_over(locale, &self.place_text(new_col, new_index, extra));
        if !self.may_move_untracked(drag.from.0, new_col) {
            said.push(' ');
            said.push_str(i18n::text(locale, Msg::DropNotAllowed));
        }
        self.announce.set(said);
    }

    /// Moves the focus from a card (not picked up) to its neighbour: `d_col` columns right,
    /// `d_index` places down (to the same place in another column, or its last card).
    pub fn focus_next(self, from: DealId, d_col: i32, d_index: i32) {
        let from = self.focus_goal.get_value().unwrap_or(from);
        let target = self.board.with_untracked(|b| {
            let b = b.as_ref()?;
            let (col, index) = b.find(from)?;
            let new_col = (col as i32 + d_col).clamp(0, b.columns.len() as i32 - 1) as usize;
            let cards = &b.columns[new_col].cards;
            let last = cards.len().checked_sub(1)?;
            let new_index = if new_col == col {
                (index as i32 + d_index).clamp(0, last as i32) as usize
            } else {
                index.min(last)
            };
            Some((new_col, new_index, cards[new_index].deal.id))
        });
        if let Some((col, index, deal)) = target
            && deal != from
        {
            column::scroll_into_view(col, index);
            self.focus_goal.set_value(Some(deal));
            // The window of cards follows the scroll before the next frame.
            request_animation_frame(move || {
                focus_card(deal);
                request_animation_frame(move || {
                    if self.focus_goal.try_get_value().flatten() == Some(deal) {
                        self.focus_goal.set_value(None);
                    }
                });
            });
        }
    }

    /// Puts the card back where it was (and the focus on it, after a keyboard move).
    pub fn cancel(self) {
        self.cancel_with(true);
    }

    fn cancel_with(self, refocus: bool) {
        if let Some(d) = self.drag.get_untracked() {
            let locale = self.i18n.locale_untracked();
            self.announce
                .set(i18n::announce_cancelled(locale, &d.title));
            self.drag.set(None);
            if d.keyboard && refocus {
                column::scroll_into_view(d.from.0, d.from.1);
                request_animation_frame(move || focus_card(d.deal));
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
        if !self.may_move_untracked(d.from.0, to) {
            self.refuse(Msg::MoveForbidden);
            if d.keyboard {
                focus_card(d.deal);
            }
            return;
        }
        let locale = self.i18n.locale_untracked();
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

    /// A pointer pressed on a card: a mouse or pen drags once it moves, a finger once it has
    /// rested a moment.
    pub fn press(self, deal: DealId, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 || !ev.is_primary() || self.drag.with_untracked(Option::is_some) {
            return;
        }
        let Some(from) = self.board.with_untracked(|b| b.as_ref()?.find(deal)) else {
            return;
        };
        if !self.may_move_untracked(from.0, from.0) || self.moving(deal) {
            return;
        }
        let seq = self.press_seq.get_value().wrapping_add(1);
        self.press_seq.set_value(seq);
        let touch = ev.pointer_type() == "touch";
        let press = Press {
            deal,
            title: self.title_of(deal),
            from,
            start: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            touch,
            seq,
        };
        self.press.set_value(Some(press));
        if touch {
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(LONG_PRESS_MS).await;
                let Some(Some(p)) = self.press.try_get_value() else {
                    return;
                };
                if p.seq == seq {
                    self.press.set_value(None);
                    let at = p.start;
                    self.start_pointer_drag(p, at);
                }
            });
        }
    }

    /// Keys while a card is moved: for a card picked up by keyboard, arrows move it, Space or
    /// Enter drops it and Escape cancels, wherever the focus is (the card itself may have
    /// scrolled out of view); Escape also cancels a pointer drag.
    fn drag_key(self, ev: &web_sys::KeyboardEvent) {
        if ev.default_prevented() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let Some(keyboard) = self.drag.with_untracked(|d| d.as_ref().map(|d| d.keyboard)) else {
            return;
        };
        let key = ev.key();
        if !keyboard {
            if key == "Escape" {
                ev.prevent_default();
                self.cancel();
            }
            return;
        }
        let step = match key.as_str() {
            " " | "Enter" => {
                ev.prevent_default();
                self.drop_here();
                return;
            }
            "Escape" => {
                ev.prevent_default();
                self.cancel();
                return;
            }
            other => match arrow_step(other) {
                Some(step) => step,
                None => return,
            },
        };
        ev.prevent_default();
        self.nudge(step.0, step.1);
    }

    fn start_pointer_drag(self, p: Press, at: (f64, f64)) {
        self.drag.set(Some(Drag {
            deal: p.deal,
            title: p.title,
            from: p.from,
            over: Some(p.from),
            pointer: Some(at),
            keyboard: false,
        }));
    }

    fn pointer_drag_active(self) -> bool {
        self.drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard))
    }

    fn pointer_move(self, ev: &web_sys::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if let Some(p) = self.press.get_value() {
            let moved = (x - p.start.0).hypot(y - p.start.1);
            if p.touch {
                // A finger that moves before the long press ends is scrolling.
                if moved > TOUCH_SLOP {
                    self.press.set_value(None);
                }
                return;
            }
            if moved < MOUSE_SLOP {
                return;
            }
            self.press.set_value(None);
            self.start_pointer_drag(p, (x, y));
        }
        if !self.pointer_drag_active() {
            return;
        }
        ev.prevent_default();
        auto_scroll(x, y);
        let deal = self.dragged.get_untracked();
        let over = deal.and_then(|deal| self.target_at(deal, x, y));
        self.drag.update(|d| {
            if let Some(d) = d {
                d.pointer = Some((x, y));
                if over.is_some() {
                    d.over = over;
                }
            }
        });
    }

    fn pointer_up(self) {
        self.press.set_value(None);
        if self.pointer_drag_active() {
            // The click that follows a drop is not a click on a card.
            self.just_dropped.set_value(true);
            self.drop_here();
        }
    }

    /// A click on a card (not on its link): opens the deal, unless it ends a drag.
    pub fn click_card(self, deal: DealId, ev: &web_sys::MouseEvent) {
        if self.just_dropped.get_value() {
            self.just_dropped.set_value(false);
            return;
        }
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten())
            .is_some();
        if !on_link && ev.button() == 0 {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&format!("/deals/{deal}"), Default::default());
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
        let slot = (offset / column::CARD_HEIGHT).round().max(0.0) as usize;
        self.board.with_untracked(|b| {
            let cards = &b.as_ref()?.columns.get(column)?.cards;
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
pub fn focus_card(deal: DealId) {
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

/// The card element an event happened in, if any.
fn card_of(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-deal-id]")
        .ok()
        .flatten()
}

/// The step an arrow key takes: (columns, cards).
pub fn arrow_step(key: &str) -> Option<(i32, i32)> {
    Some(match key {
        "ArrowUp" => (0, -1),
        "ArrowDown" => (0, 1),
        "ArrowLeft" => (-1, 0),
        "ArrowRight" => (1, 0),
        _ => return None,
    })
}

/// The deal of the card an event happened in, if any.
pub fn card_id(target: Option<web_sys::EventTarget>) -> Option<DealId> {
    card_of(target)?
        .get_attribute("data-deal-id")?
        .parse::<i64>()
        .ok()
        .map(DealId)
}

/// Listens on the window while the board is shown: pointer drags follow the pointer anywhere
/// on the page, a finger dragging a card does not scroll the page, Escape drops nothing, and a
/// card keeps the focus when the board re-renders it.
pub fn listen(ctx: BoardCtx) {
    let move_handle =
        window_event_listener(leptos::ev::pointermove, move |ev| ctx.pointer_move(&ev));
    let up_handle = window_event_listener(leptos::ev::pointerup, move |_| ctx.pointer_up());
    let cancel_handle = window_event_listener(leptos::ev::pointercancel, move |_| {
        ctx.press.set_value(None);
        if ctx.pointer_drag_active() {
            ctx.cancel();
        }
    });
    let key_handle = window_event_listener(leptos::ev::keydown, move |ev| ctx.drag_key(&ev));
    // A long press opens the context menu on touch screens; not while picking up a card.
    let menu_handle = window_event_listener(leptos::ev::contextmenu, move |ev| {
        if ctx.pointer_drag_active()
            || ctx
                .press
                .with_value(|p| p.as_ref().is_some_and(|p| p.touch))
        {
            ev.prevent_default();
        }
    });
    // A click elsewhere means the member has left the card.
    let down_handle = window_event_listener(leptos::ev::pointerdown, move |ev| {
        ctx.just_dropped.set_value(false);
        if card_of(ev.target()).is_none() {
            ctx.focused.set_value(None);
        }
    });
    let focused = ctx.focused;
    let focus_handle = window_event_listener(leptos::ev::focusin, move |ev| {
        let id = card_id(ev.target());
        focused.set_value(id);
        // Tabbing away from a card picked up by keyboard puts it back.
        if id.is_none()
            && ctx
                .drag
                .with_untracked(|d| d.as_ref().is_some_and(|d| d.keyboard))
        {
            ctx.cancel_with(false);
        }
    });
    // Touch listeners on the window are passive unless asked otherwise, and only a cancelled
    // touchmove keeps the browser from scrolling under a dragged card.
    let touch = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if ctx.pointer_drag_active() && ev.cancelable() {
            ev.prevent_default();
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            touch.as_ref().unchecked_ref(),
            &options,
        );
    }
    let touch = send_wrapper::SendWrapper::new(touch);

    Effect::new(move || {
        ctx.board.track();
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
    on_cleanup(move || {
        move_handle.remove();
        up_handle.remove();
        cancel_handle.remove();
        key_handle.remove();
        menu_handle.remove();
        down_handle.remove();
        focus_handle.remove();
        let touch = touch.take();
        if let Some(w) = web_sys::window() {
            let _ =
                w.remove_event_listener_with_callback("touchmove", touch.as_ref().unchecked_ref());
        }
        drop(touch);
    });
}
