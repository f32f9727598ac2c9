//! One column of the board: its stage, figures and add button, and a window of its cards.
//!
//! Cards have a fixed height and are placed absolutely in a track as tall as all loaded
//! cards, so only the cards in view (and a few around) exist in the DOM however many are
//! loaded; scrolling near the end of the loaded cards fetches the column's next page.

use super::{BoardCtx, board_ctx};
use crate::app::use_session;
use crate::components::format::{DateTimeFormatter, format_money_sum, now_ms, whole_days_since};
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::Locale;
use shared::api::{DealCard, MemberRef, StageKind};

/// Height of a card and the gap below it, in CSS pixels (kept in step with `.bcard`).
pub const CARD_HEIGHT: f64 = 126.0;
/// Cards rendered beyond each edge of the view.
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

fn initials(m: Option<&MemberRef>) -> Option<String> {
    m.map(|m| {
        m.name
            .split_whitespace()
            .next()
            .unwrap_or(&m.name)
            .to_owned()
    })
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
    let view_height = RwSignal::new(900.0f64);
    let loading_more = RwSignal::new(false);
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
    Effect::new(move || {
        if let Some(el) = list_ref.get() {
            view_height.set(f64::from(el.client_height()).max(CARD_HEIGHT));
        }
    });

    let cards = move || {
        let locale = i18n.locale();
        ctx.formatter.with(|formatter| {
            column.with(|c| {
                let Some(c) = c else { return Vec::new() };
                let first =
                    ((scroll_top.get() / CARD_HEIGHT).floor() as usize).saturating_sub(OVERSCAN);
                let last = (((scroll_top.get() + view_height.get()) / CARD_HEIGHT).ceil() as usize
                    + OVERSCAN)
                    .min(c.cards.len());
                let stall_days = i64::from(c.stage.stall_days);
                c.cards
                    .get(first..last)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(|(i, card)| {
                        card_view(card, first + i, c.stage.kind, stall_days, locale, formatter)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let track_height = move || {
        let n = column.with(|c| c.as_ref().map_or(0, |c| c.cards.len()));
        format!("height: {}px", (n as f64 * CARD_HEIGHT).max(CARD_HEIGHT))
    };
    let indicator = move || {
        let (col, idx) = ctx.over.get()?;
        let deal = ctx.dragged.get()?;
        if col != index {
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
    let blocked = move || {
        ctx.dragged.with(Option::is_some)
            && !ctx.allowed.with(|a| a.get(index).copied().unwrap_or(false))
    };
    let is_target = move || ctx.over.get().is_some_and(|(c, _)| c == index);

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
                <button
                    type="button"
                    class="button button--quiet bcol__add"
                    aria-label=add_label
                    on:click=move |_| ctx.adding.set(Some(open_stage.clone()))
                >
                    "+ "
                    {i18n.tr(Msg::AddDeal)}
                </button>
            </header>
            <div class="bcol__list" node_ref=list_ref on:scroll=on_scroll>
                <ol class="bcol__track" style=track_height aria-labelledby=heading>
                    {cards}
                </ol>
                {indicator}
                <p class="bcol__more" role="status">
                    {move || {
                        (more() && loading_more.get()).then(|| text(i18n.locale(), Msg::LoadingMore))
                    }}
                </p>
            </div>
        </section>
    }
    .into_any()
}

/// A card at slot `slot` of its column.
fn card_view(
    card: &DealCard,
    slot: usize,
    kind: StageKind,
    stall_days: i64,
    locale: Locale,
    formatter: &DateTimeFormatter,
) -> impl IntoView + use<> {
    let ctx: BoardCtx = board_ctx();
    let deal = &card.deal;
    let id = deal.id;
    let days = whole_days_since(deal.stage_entered_at, now_ms());
    let stalled = card.stalled || (kind == StageKind::Open && stall_days > 0 && days >= stall_days);
    let days_text = if stalled {
        i18n::stalled_note(locale, days, stall_days)
    } else {
        i18n::days_in_stage(locale, days)
    };
    let owners: Vec<String> = [
        initials(deal.appointer.as_ref()),
        initials(deal.closer.as_ref()),
        initials(deal.success.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let next = card.next_activity.as_ref().map(|a| {
        format!(
            "{} {} · {}",
            text(locale, Msg::NextActivity),
            formatter.format(a.planned_at),
            a.subject
        )
    });
    let handoff = card.pending_handoff.is_some();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let picked = ctx
            .drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.keyboard && d.deal == id));
        match ev.key().as_str() {
            "Enter" if ctx.drag.with_untracked(Option::is_none) => {
                ev.prevent_default();
                let navigate = leptos_router::hooks::use_navigate();
                navigate(&format!("/deals/{id}"), Default::default());
            }
            " " | "Enter" if picked => {
                ev.prevent_default();
                ctx.drop_here();
            }
            " " if ctx.drag.with_untracked(Option::is_none) => {
                ev.prevent_default();
                ctx.pick_up(id);
            }
            "Escape" if picked => {
                ev.prevent_default();
                ctx.cancel();
            }
            "ArrowUp" if picked => {
                ev.prevent_default();
                ctx.nudge(0, -1);
            }
            "ArrowDown" if picked => {
                ev.prevent_default();
                ctx.nudge(0, 1);
            }
            "ArrowLeft" if picked => {
                ev.prevent_default();
                ctx.nudge(-1, 0);
            }
            "ArrowRight" if picked => {
                ev.prevent_default();
                ctx.nudge(1, 0);
            }
            _ => {}
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| ctx.press(id, &ev);
    let moving = ctx.moving(id);
    view! {
        <li
            class="bcard"
            class:is-stalled=stalled
            class:is-dragging=move || ctx.dragged.get() == Some(id)
            class:is-saving=moving
            style=format!("top: {}px", slot as f64 * CARD_HEIGHT)
            data-deal-id=id.to_string()
            tabindex="0"
            aria-roledescription=text(locale, Msg::CardRole)
            aria-describedby="board-instructions"
            on:keydown=on_key
            on:pointerdown=on_down
        >
            <p class="bcard__title">
                <a href=format!("/deals/{id}") draggable="false" tabindex="-1">{deal.title.clone()}</a>
            </p>
            <p class="bcard__account">{deal.account.name.clone()}</p>
            <p class="bcard__line">
                <span class="bcard__amount">{deal.amount.display()}</span>
                <span class="bcard__owners">{owners.join(" / ")}</span>
            </p>
            <p class="bcard__line bcard__meta">
                <span class="bcard__days" title=days_text.clone()>
                    {i18n::days(locale, days)}
                </span>
                {stalled.then(|| view! { <span class="badge badge--warn">{text(locale, Msg::Stalled)}</span> })}
                {handoff.then(|| view! { <span class="badge badge--info">{text(locale, Msg::HandoffPending)}</span> })}
            </p>
            {next.map(|n| view! { <p class="bcard__next" title=n.clone()>{n.clone()}</p> })}
        </li>
    }
}
