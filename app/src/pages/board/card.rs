//! A card of the board: title (a link to the deal), account, amount, its owner per role, days in
//! the stage, a stalled mark and a pending hand-off badge in words (not colour alone), and the
//! next planned activity. A card is focusable; its keys pick it up, move it and drop it.

use super::dates::CardDates;
use super::{BoardCtx, column::CARD_HEIGHT};
use crate::components::format::{now_ms, whole_days_since};
use crate::i18n::{self, Msg, role_name, text};
use leptos::prelude::*;
use shared::api::{DealCard, MemberRef, StageKind};
use shared::{DealId, Locale, Role};

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

/// Escapes text for HTML content and attribute values.
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Builds a card's inner markup as text, every value escaped.
struct Markup(String);

impl Markup {
    /// `<tag attr="value"…>`, values escaped.
    fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Text, escaped.
    fn text(&mut self, s: &str) -> &mut Self {
        escape(&mut self.0, s);
        self
    }

    /// `</tag>`.
    fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `<tag attrs…>text</tag>`.
    fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }
}

/// The owners of a deal, one per role, shortly: "アポ 高橋 · クロ 伊藤" with the role in full
/// for screen readers and as a tooltip.
fn owners_markup(m: &mut Markup, card: &DealCard, locale: Locale) {
    let deal = &card.deal;
    let owners: Vec<(Role, &MemberRef)> = [
        (Role::Appointer, deal.appointer.as_ref()),
        (Role::Closer, deal.closer.as_ref()),
        (Role::Success, deal.success.as_ref()),
    ]
    .into_iter()
    .filter_map(|(role, o)| o.map(|o| (role, o)))
    .collect();
    let full = owners
        .iter()
        .map(|(role, o)| format!("{}: {}", role_name(locale, *role), o.name))
        .collect::<Vec<_>>()
        .join(" / ");
    m.open("span", &[("class", "bcard__owners"), ("title", &full)]);
    for (role, o) in owners {
        m.open("span", &[("class", "bcard__owner")])
            .el(
                "span",
                &[("class", "bcard__role"), ("aria-hidden", "true")],
                i18n::role_short(locale, role),
            )
            .el(
                "span",
                &[("class", "visually-hidden")],
                role_name(locale, role),
            )
            .text(short_name(o))
            .close("span");
    }
    m.close("span");
}

/// What a card shows inside its `<li>`, as markup: drawn by the browser's parser in one step
/// (a card is static once drawn; its state lives on the `<li>`), which is several times
/// cheaper than creating each element from wasm, and it is the first screen's largest cost.
fn card_markup(
    card: &DealCard,
    stage: StageFacts,
    locale: Locale,
    formatter: &CardDates,
    now: f64,
    days: i64,
    stalled: bool,
) -> String {
    let deal = &card.deal;
    let id = deal.id;
    let days_text = if stalled {
        i18n::stalled_note(locale, days, stage.stall_days)
    } else {
        i18n::days_in_stage(locale, days)
    };
    let mut m = Markup(String::with_capacity(1024));
    m.open(
        "p",
        &[("class", "bcard__title"), ("id", &format!("bc{id}-t"))],
    )
    .el(
        "a",
        &[
            ("href", &format!("/deals/{id}")),
            ("draggable", "false"),
            ("tabindex", "-1"),
        ],
        &deal.title,
    )
    .close("p")
    .el(
        "p",
        &[("class", "bcard__account"), ("id", &format!("bc{id}-a"))],
        &deal.account.name,
    )
    .open(
        "p",
        &[("class", "bcard__line"), ("id", &format!("bc{id}-l"))],
    )
    .el(
        "span",
        &[("class", "bcard__amount")],
        &deal.amount.display(),
    );
    owners_markup(&mut m, card, locale);
    m.close("p")
        .open(
            "p",
            &[
                ("class", "bcard__line bcard__meta"),
                ("id", &format!("bc{id}-m")),
            ],
        )
        .open("span", &[("class", "bcard__days"), ("title", &days_text)])
        .el("span", &[("class", "visually-hidden")], &days_text)
        .el(
            "span",
            &[("aria-hidden", "true")],
            &i18n::days(locale, days),
        )
        .close("span");
    if stalled {
        m.el(
            "span",
            &[("class", "badge badge--warn"), ("title", &days_text)],
            text(locale, Msg::Stalled),
        );
    }
    if let Some(h) = &card.pending_handoff {
        let to = h.to.as_ref().map_or_else(
            || role_name(locale, h.to_role).to_owned(),
            |m| m.name.clone(),
        );
        // Past its deadline: said in words, not colour alone.
        let overdue = h
            .due_at
            .is_some_and(|d| (d.timestamp_millis() as f64) < now);
        let class = if overdue {
            "badge badge--danger"
        } else {
            "badge badge--info"
        };
        m.open(
            "span",
            &[("class", class), ("title", &i18n::handoff_to(locale, &to))],
        )
        .text(text(locale, Msg::HandoffPending));
        if overdue {
            m.text(" · ").text(text(locale, Msg::SlaOverdue));
        }
        m.close("span");
    }
    m.close("p");
    if let Some(a) = &card.next_activity {
        let kind = activity_kind(&a.kind).map_or(a.kind.as_str(), |k| text(locale, k));
        let when = formatter.format(a.planned_at);
        let label = text(locale, Msg::NextActivity);
        let full = format!("{label}: {kind} · {when} · {}", a.subject);
        m.open(
            "p",
            &[
                ("class", "bcard__next"),
                ("id", &format!("bc{id}-n")),
                ("title", &full),
            ],
        )
        .el("span", &[("class", "bcard__next-label")], label)
        .text(" ")
        .el("span", &[("class", "bcard__next-kind")], kind)
        .text(" ")
        .el("time", &[("datetime", &a.planned_at.to_rfc3339())], &when)
        .text(" · ")
        .text(&a.subject)
        .close("p");
    }
    m.0
}

/// The classes of a card as drawn (the column adds `is-dragging` while it is moved).
pub fn card_class(stalled: bool, saving: bool, movable: bool) -> String {
    let mut class = String::from("bcard");
    for (on, name) in [
        (stalled, " is-stalled"),
        (saving, " is-saving"),
        (!movable, " is-locked"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    class
}

/// A whole card at slot `slot` of its column, as markup: its `<li>` with its state, place and
/// names for screen readers, and its content. Returns the markup and the card's classes.
/// The column draws new cards in one step from this (`column.rs`); its keys, pointer and
/// clicks are the board's ([`on_card_key`] and `drag.rs`), one set of listeners for all cards.
pub fn card_li(
    card: &DealCard,
    slot: usize,
    stage: StageFacts,
    locale: Locale,
    saving: bool,
    formatter: &CardDates,
) -> (String, String) {
    let id = card.deal.id;
    let now = now_ms();
    let days = whole_days_since(card.deal.stage_entered_at, now);
    let stalled = card.stalled
        || (stage.kind == StageKind::Open && stage.stall_days > 0 && days >= stage.stall_days);
    let class = card_class(stalled, saving, stage.movable);
    let inner = card_markup(card, stage, locale, formatter, now, days, stalled);
    let mut m = Markup(String::with_capacity(inner.len() + 320));
    m.open(
        "li",
        &[
            ("class", &class),
            ("style", &slot_style(slot)),
            ("data-deal-id", &id.to_string()),
            ("tabindex", "0"),
            ("aria-roledescription", text(locale, Msg::CardRole)),
            ("aria-labelledby", &format!("bc{id}-t")),
            (
                "aria-describedby",
                &format!(
                    "bc{id}-a bc{id}-l bc{id}-m bc{id}-n {}",
                    if stage.movable {
                        "board-instructions"
                    } else {
                        "board-locked"
                    },
                ),
            ),
        ],
    );
    m.0.push_str(&inner);
    m.close("li");
    (m.0, class)
}

/// Where a card at `slot` sits in its column's track.
pub fn slot_style(slot: usize) -> String {
    format!("top: {}px", slot as f64 * CARD_HEIGHT)
}

/// A key pressed on a focused card: Enter opens the deal, Space picks the card up, arrows
/// move the focus among the cards. (A picked-up card's keys are the window's: `drag.rs`.)
pub fn on_card_key(ctx: BoardCtx, id: DealId, ev: &web_sys::KeyboardEvent) {
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
        other => match super::drag::arrow_step(other) {
            Some(step) => step,
            None => return,
        },
    };
    ev.prevent_default();
    ctx.focus_next(id, step.0, step.1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_text_and_attributes() {
        let mut m = Markup(String::new());
        m.el("a", &[("title", "\"x\" & 'y'")], "<script>1 & 2</script>");
        assert_eq!(
            m.0,
            "<a title=\"&quot;x&quot; &amp; &#39;y&#39;\">&lt;script&gt;1 &amp; 2&lt;/script&gt;</a>"
        );
    }

    #[test]
    fn a_card_says_its_state_in_its_classes() {
        assert_eq!(card_class(false, false, true), "bcard");
        assert_eq!(
            card_class(true, true, false),
            "bcard is-stalled is-saving is-locked"
        );
        assert_eq!(slot_style(3), format!("top: {}px", 3.0 * CARD_HEIGHT));
    }

    #[test]
    fn markup_nests_and_keeps_japanese() {
        let mut m = Markup(String::new());
        m.open("p", &[("class", "c")])
            .text("株式会社テスト")
            .el("span", &[], "田中")
            .close("p");
        assert_eq!(m.0, "<p class=\"c\">株式会社テスト<span>田中</span></p>");
    }
}
