//! `/handoffs`: the hand-off inbox. The member's view of the relay: hand-offs waiting for them
//! (accept, or send back with a reason), the ones they sent and how they were answered; for
//! managers every hand-off and the ones past their deadline. Deadlines stand out in words, not
//! colour alone. The list follows the team's hand-offs live.

mod card;
pub mod numbers;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{Msg, use_i18n, use_page_title};
use card::HandoffCard;
pub(crate) use card::{kind_msg, status_msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::Locale;
use shared::Role;
use shared::api::{
    Handoff, HandoffQuery, HandoffStatus, HandoffType, Party, RejectReason, SlaState,
};

/// A reason's label in `locale`, from every reason (retired ones too); its code if unknown.
pub(crate) fn reason_label(locale: Locale, code: &str, reasons: &[RejectReason]) -> String {
    reasons.iter().find(|r| r.code == code).map_or_else(
        || code.to_owned(),
        |r| match locale {
            Locale::Ja => r.label_ja.clone(),
            Locale::En => r.label_en.clone(),
        },
    )
}

/// Which hand-offs the page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    /// Waiting for the member.
    Inbox,
    /// Sent by the member.
    Sent,
    /// Everyone's (managers).
    All,
    /// Past their deadline (managers).
    Overdue,
}

impl View {
    fn from_query(v: Option<&str>) -> Self {
        match v {
            Some("sent") => Self::Sent,
            Some("all") => Self::All,
            Some("overdue") => Self::Overdue,
            _ => Self::Inbox,
        }
    }

    fn href(self) -> &'static str {
        match self {
            Self::Inbox => "/handoffs",
            Self::Sent => "/handoffs?view=sent",
            Self::All => "/handoffs?view=all",
            Self::Overdue => "/handoffs?view=overdue",
        }
    }

    fn label(self) -> Msg {
        match self {
            Self::Inbox => Msg::HandoffsInbox,
            Self::Sent => Msg::HandoffsSent,
            Self::All => Msg::HandoffsAll,
            Self::Overdue => Msg::HandoffsOverdue,
        }
    }

    fn query(self) -> HandoffQuery {
        match self {
            Self::Inbox => HandoffQuery {
                to: Some(Party::Me),
                status: Some(HandoffStatus::Pending),
                ..Default::default()
            },
            Self::Sent => HandoffQuery {
                from: Some(Party::Me),
                ..Default::default()
            },
            Self::All | Self::Overdue => HandoffQuery::default(),
        }
    }
}

/// The views of the hand-off pages, as links (the numbers are a page of their own).
#[component]
fn Tabs() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    let location = leptos_router::hooks::use_location();
    let manager = move || session.with_me(|m| m.is_some_and(|m| m.roles.contains(&Role::Manager)));
    let current = move || {
        let numbers = location.pathname.with(|p| p == "/handoffs/numbers");
        (!numbers).then(|| query.with(|q| View::from_query(q.get_str("view"))))
    };
    let links = move || {
        let mut all: Vec<(&'static str, Msg, bool)> = [View::Inbox, View::Sent]
            .into_iter()
            .map(|v| (v.href(), v.label(), current() == Some(v)))
            .collect();
        if manager() {
            for v in [View::All, View::Overdue] {
                all.push((v.href(), v.label(), current() == Some(v)));
            }
            all.push((
                "/handoffs/numbers",
                Msg::HandoffNumbers,
                current().is_none(),
            ));
        }
        // Plain links: the router's `<A>` would mark every view of `/handoffs` current.
        all.into_iter()
            .map(|(href, label, here)| {
                view! {
                    <a href=href aria-current=here.then_some("page") class="tabs__tab">
                        {i18n.tr(label)}
                    </a>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="tabs" aria-label=i18n.tr(Msg::HandoffViews)>
            {links}
        </nav>
    }
}

/// What the cards of the page share.
#[derive(Clone, Copy)]
struct InboxCtx {
    /// Every reason, the retired ones too (only the active ones are offered).
    reasons: Signal<Vec<RejectReason>>,
    /// The hand-off types (their required note fields).
    types: Signal<Vec<HandoffType>>,
    /// Dates and times in the member's zone and language.
    formatter: RwSignal<DateTimeFormatter, LocalStorage>,
    /// Bump to load the list again.
    reload: RwSignal<u32>,
    /// The last outcome, announced.
    status: RwSignal<Option<Msg>>,
}

/// `/handoffs`.
#[component]
pub fn HandoffsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    use_page_title(Msg::Handoffs);
    let view = Memo::new(move |_| query.with(|q| View::from_query(q.get_str("view"))));
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        let v = view.get();
        reload.track();
        let client = session.client();
        async move { client.handoffs(&v.query()).await }
    });
    let reasons_res = LocalResource::new(move || {
        let client = session.client();
        async move { client.all_reject_reasons().await }
    });
    let reasons =
        Signal::derive(move || reasons_res.get().and_then(Result::ok).unwrap_or_default());
    let types_res = LocalResource::new(move || {
        let client = session.client();
        async move { client.handoff_types().await }
    });
    let types = Signal::derive(move || types_res.get().and_then(Result::ok).unwrap_or_default());
    let zone = move || {
        session
            .with_me(|m| m.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
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
    let ctx = InboxCtx {
        reasons,
        types,
        formatter,
        reload,
        status: RwSignal::new(None),
    };
    provide_context(ctx);
    // Hand-offs sent, accepted or sent back anywhere in the team: load the list again.
    crate::components::live::listen(
        &["handoff.sent", "handoff.accepted", "handoff.rejected"],
        move |_, _| reload.update(|n| *n += 1),
    );

    // The hand-offs shown; a card keeps its element (and an open send-back form) while the
    // list reloads around it, and is drawn again only when its own state changes.
    let items = Signal::derive(move || {
        let Some(Ok(all)) = list.get() else {
            return Vec::new();
        };
        if view.get() == View::Overdue {
            all.into_iter()
                .filter(|h| h.sla == SlaState::Breached)
                .collect()
        } else {
            all
        }
    });
    let body = move || {
        let Some(result) = list.get() else {
            return view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }
                .into_any();
        };
        match result {
            Err(e) => {
                if is_unauthorized(&e) {
                    session.expire();
                }
                let msg = if e.status().is_none() {
                    Msg::Unreachable
                } else {
                    Msg::LoadFailed
                };
                view! {
                    <div class="load-error">
                        <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                        <button type="button" class="button" on:click=move |_| reload.update(|n| *n += 1)>
                            {i18n.tr(Msg::Retry)}
                        </button>
                    </div>
                }
                    .into_any()
            }
            Ok(_) if items.with(Vec::is_empty) => {
                view! { <p class="empty">{i18n.tr(Msg::NoHandoffs)}</p> }.into_any()
            }
            Ok(_) => ().into_any(),
        }
    };
    view! {
        <div class="page page--handoffs">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Handoffs)}</h1>
            </div>
            <Tabs />
            <div role="status" aria-live="polite" class="handoffs__status">
                {move || {
                    ctx.status
                        .get()
                        .map(|m| view! { <p class="alert alert--ok">{i18n.tr(m)}</p> })
                }}
            </div>
            {body}
            <Show when=move || !items.with(Vec::is_empty)>
                <ul class="handoffs" role="list">
                    <For
                        each=move || items.get()
                        key=|h: &Handoff| (h.id, h.status, h.sla, h.note.clone())
                        children=|h: Handoff| view! { <HandoffCard handoff=h /> }
                    />
                </ul>
            </Show>
        </div>
    }
}

/// A hand-off's note, field by field, with the required fields still empty marked (nothing
/// when the note is empty and nothing is missing).
pub fn note_view(h: &Handoff, locale: Locale) -> impl IntoView + use<> {
    let mut notes: Vec<(String, String, bool)> = h
        .note
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (crate::i18n::note_field(locale, k), v.clone(), false))
        .collect();
    notes.extend(h.missing.iter().map(|k| {
        (
            crate::i18n::note_field(locale, k),
            crate::i18n::text(locale, Msg::NoteMissing).to_owned(),
            true,
        )
    }));
    (!notes.is_empty()).then(|| {
        view! {
            <section class="handoff__note" aria-label=crate::i18n::text(locale, Msg::HandoffNote)>
                <dl>
                    {notes
                        .into_iter()
                        .map(|(k, v, missing)| {
                            view! {
                                <div class="handoff__field" class:is-missing=missing>
                                    <dt>{k}</dt>
                                    <dd>{v}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            </section>
        }
    })
}
