//! A card of the board: title (a link to the deal), account, amount, its owner per role, days in
//! the stage, a stalled mark and a pending hand-off badge in words (not colour alone), and the
//! next planned activity. A card is focusable; its keys pick it up, move it and drop it.

use super::dates::CardDates;
use super::{BoardCtx, board_ctx, column::CARD_HEIGHT};
use crate::components::format::{now_ms, whole_days_since};
use crate::i18n::{self, Msg, role_name, text};
use leptos::prelude::*;
use shared::api::{DealCard, MemberRef, StageKind};
use shared::{DealId, Locale, Role};
use std::collections::HashMap;

/// The short form of a name for a card: the family name ("田中 誠" → "田中").
fn short_name(m: &MemberRef) -> &str {
    m.name.split_whitespace().next().unwrap_or(&m.name)
}

/// The message naming an activity kind (`call`, `meeting`, …), if it is a known one.
fn activity_kind(kind: &str) -> Option<Msg> {
    Some(match kind {
        "call" => Msg::KindCall,
        "meeting" => Msg::KindMeeting,
        "email" => Msg::KindEmail,
        "visit" => Msg::KindVisit,
        "task" => Msg::KindTask,
        _ => return None,
    })
}

/// What the card shows and says about the stage it is in.
#[derive(Clone, Copy)]
pub struct StageFacts {
    /// Open, won or lost.
    pub kind: StageKind,
    /// Days after which a deal is stalled (0: never).
    pub stall_days: i64,
    /// Whether the member may move cards out of this stage.
    pub movable: bool,
}

/// The owners of a deal, one per role, shortly: "アポ 高橋 · クロ 伊藤" with the role in full
/// for screen readers and as a tooltip.
fn owners_view(card: &DealCard, locale: Locale) -> impl IntoView + use<> {
    let deal = &card.deal;
    let owners: Vec<(Role, String, String)> = [
        (Role::Appointer, deal.appointer.as_ref()),
        (Role::Closer, deal.closer.as_ref()),
        (Role::Success, deal.success.as_ref()),
    ]
    .into_iter()
    .filter_map(|(role, m)| m.map(|m| (role, short_name(m).to_owned(), m.name.clone())))
    .collect();
    let full = owners
        .iter()
        .map(|(role, _, name)| format!("{}: {name}", role_name(locale, *role)))
        .collect::<Vec<_>>()
        .join(" / ");
    view! {
        <span class="bcard__owners" title=full>
            {owners
                .into_iter()
                .map(|(role, short, _)| {
                    view! {
                        <span class="bcard__owner">
                            <span class="bcard__role" aria-hidden="true">
                                {i18n::role_short(locale, role)}
                            </span>
                            <span class="visually-hidden">{role_name(locale, role)}</span>
                            {short}
                        </span>
                    }
                })
                .collect_view()}
        </span>
    }
}

/// A card at slot `slot` of its column, placed where `slots` says as the column changes.
pub fn card_view(
    card: &DealCard,
    slot: usize,
    slots: Memo<HashMap<DealId, usize>>,
    stage: StageFacts,
    locale: Locale,
    saving: bool,
    formatter: &CardDates,
) -> impl IntoView + use<> {
    let ctx: BoardCtx = board_ctx();
    let deal = &card.deal;
    let id = deal.id;
    let days = whole_days_since(deal.stage_entered_at, now_ms());
    let stalled = card.stalled
        || (stage.kind == StageKind::Open && stage.stall_days > 0 && days >= stage.stall_days);
    let days_text = if stalled {
        i18n::stalled_note(locale, days, stage.stall_days)
    } else {
        i18n::days_in_stage(locale, days)
    };
    let next = card.next_activity.as_ref().map(|a| {
        let kind = activity_kind(&a.kind).map_or(a.kind.as_str(), |m| text(locale, m));
        let when = formatter.format(a.planned_at);
        let full = format!(
            "{}: {kind} · {when} · {}",
            text(locale, Msg::NextActivity),
            a.subject
        );
        view! {
            <p class="bcard__next" id=format!("bc{id}-n") title=full>
                <span class="bcard__next-label">{text(locale, Msg::NextActivity)}</span>
                " "
                <span class="bcard__next-kind">{kind.to_owned()}</span>
                " "
                <time datetime=a.planned_at.to_rfc3339()>{when}</time>
                " · "
                {a.subject.clone()}
            </p>
        }
    });
    let handoff = card.pending_handoff.as_ref().map(|h| {
        let to = h.to.as_ref().map_or_else(
            || role_name(locale, h.to_role).to_owned(),
            |m| m.name.clone(),
        );
        let title = i18n::handoff_to(locale, &to);
        // Past its deadline: said in words, not colour alone.
        let overdue = h
            .due_at
            .is_some_and(|d| (d.timestamp_millis() as f64) < now_ms());
        view! {
            <span class=if overdue { "badge badge--danger" } else { "badge badge--info" } title=title>
                {text(locale, Msg::HandoffPending)}
                {overdue.then(|| format!(" · {}", text(locale, Msg::SlaOverdue)))}
            </span>
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        // A picked-up card's keys are the window's (drag.rs): the card may scroll out of view.
        if ctx.drag.with_untracked(Option::is_some) {
            return;
        }
        let step = match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                let navigate = leptos_router::hooks::use_navigate();
                navigate(&format!("/deals/{id}"), Default::default());
                return;
            }
            " " => {
                ev.prevent_default();
                ctx.pick_up(id);
                return;
            }
            "ArrowUp" => (0, -1),
            "ArrowDown" => (0, 1),
            "ArrowLeft" => (-1, 0),
            "ArrowRight" => (1, 0),
            _ => return,
        };
        ev.prevent_default();
        ctx.focus_next(id, step.0, step.1);
    };
    let on_down = move |ev: leptos::ev::PointerEvent| ctx.press(id, &ev);
    view! {
        <li
            class="bcard"
            class:is-stalled=stalled
            class:is-dragging=move || ctx.dragged.get() == Some(id)
            class:is-saving=saving
            class:is-locked=!stage.movable
            style=move || {
                let slot = slots.with(|m| m.get(&id).copied()).unwrap_or(slot);
                format!("top: {}px", slot as f64 * CARD_HEIGHT)
            }
            data-deal-id=id.to_string()
            tabindex="0"
            aria-roledescription=text(locale, Msg::CardRole)
            aria-labelledby=format!("bc{id}-t")
            aria-describedby=format!(
                "bc{id}-a bc{id}-l bc{id}-m bc{id}-n {}",
                if stage.movable { "board-instructions" } else { "board-locked" },
            )
            on:keydown=on_key
            on:pointerdown=on_down
            on:click=move |ev| ctx.click_card(id, &ev)
        >
            <p class="bcard__title" id=format!("bc{id}-t")>
                <a href=format!("/deals/{id}") draggable="false" tabindex="-1">
                    {deal.title.clone()}
                </a>
            </p>
            <p class="bcard__account" id=format!("bc{id}-a")>{deal.account.name.clone()}</p>
            <p class="bcard__line" id=format!("bc{id}-l")>
                <span class="bcard__amount">{deal.amount.display()}</span>
                {owners_view(card, locale)}
            </p>
            <p class="bcard__line bcard__meta" id=format!("bc{id}-m")>
                <span class="bcard__days" title=days_text.clone()>
                    <span class="visually-hidden">{days_text.clone()}</span>
                    <span aria-hidden="true">{i18n::days(locale, days)}</span>
                </span>
                {stalled
                    .then(|| {
                        view! {
                            <span class="badge badge--warn" title=days_text.clone()>
                                {text(locale, Msg::Stalled)}
                            </span>
                        }
                    })}
                {handoff}
            </p>
            {next}
        </li>
    }
}
