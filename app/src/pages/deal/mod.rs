//! A deal's page (`/deals/:id`): its key facts, an edit form with the version check, its chain
//! of hands (and handing it over by hand), its stage history, its activities and its audit
//! trail.
//!
//! The deal is loaded once per id; a save updates it in place (so the form keeps focus and the
//! page does not flash) and bumps `changed`, which the lists below key their loads on. Each list
//! loads on its own: one that fails says so without taking the rest of the page with it.

mod activities;
mod audit;
mod edit;
mod handoffs;
mod history;

pub(crate) use handoffs::note_fields;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{
    DateTimeFormatter, FALLBACK_TIME_ZONE, format_date, now_ms, whole_days_since,
};
use crate::i18n::{self, Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::{DealRow, MemberRef, MemberSummary, Pipeline};
use shared::client::ClientError;
use shared::{DealId, Locale, StageId};

/// What the lists of the page need from it.
#[derive(Clone, Copy)]
struct DealContext {
    /// The deal as last loaded or saved.
    deal: RwSignal<DealRow>,
    /// Bumped after every change made here; the lists reload on it.
    changed: RwSignal<u32>,
    /// Every pipeline with its stages (empty until loaded).
    pipelines: Signal<Vec<Pipeline>>,
    /// Every member (empty until loaded).
    members: Signal<Vec<MemberSummary>>,
    /// Dates and times in the member's zone and language.
    formatter: RwSignal<DateTimeFormatter, LocalStorage>,
    /// The member's IANA time zone.
    time_zone: Memo<String>,
}

impl DealContext {
    fn id(self) -> DealId {
        self.deal.with_untracked(|d| d.id)
    }

    /// The name of a stage of any pipeline; a removed stage says so.
    fn stage_name(self, locale: Locale, id: StageId) -> String {
        self.pipelines.with(|list| {
            list.iter()
                .flat_map(|p| p.stages.iter())
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| text(locale, Msg::RemovedStage).to_owned())
        })
    }

    /// A member's name by id, if known.
    fn member_name(self, id: i64) -> Option<String> {
        self.members
            .with(|list| list.iter().find(|m| m.id.0 == id).map(|m| m.name.clone()))
    }
}

/// Moves keyboard focus to the element with `id` once the view has updated.
pub(crate) fn focus_later(id: String) {
    request_animation_frame(move || {
        focus_now(&id);
    });
}

/// Focuses the element with this id now, if it is on the page; whether it was.
pub(crate) fn focus_now(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// The alert for a failed load.
fn load_error(err: &ClientError) -> Msg {
    if err.status().is_none() {
        Msg::Unreachable
    } else {
        Msg::LoadFailed
    }
}

/// `/deals/:id`.
#[component]
pub fn DealPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::DealDetail);
    let id = crate::components::route::route_id(DealId);
    let attempt = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        let id = id.get();
        attempt.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(client.deal(id).await),
                None => None,
            }
        }
    });
    let pipelines = LocalResource::new(move || {
        let client = session.client();
        async move { client.pipelines().await }
    });
    let members = LocalResource::new(move || {
        let client = session.client();
        async move { client.members().await }
    });
    Effect::new(move || {
        if data.with(|d| matches!(d, Some(Some(Err(e))) if is_unauthorized(e))) {
            session.expire();
        }
    });
    let pipelines =
        Signal::derive(move || pipelines.get().and_then(Result::ok).unwrap_or_default());
    let members = Signal::derive(move || members.get().and_then(Result::ok).unwrap_or_default());
    let time_zone = Memo::new(move |_| {
        session
            .with_me(|me| me.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    });
    let formatter = RwSignal::new_local(DateTimeFormatter::new(
        i18n.locale_untracked(),
        &time_zone.get_untracked(),
    ));
    Effect::new(move || {
        let locale = i18n.locale();
        time_zone.with(|tz| formatter.set(DateTimeFormatter::new(locale, tz)));
    });

    let body = move || match data.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(None) => not_found().into_any(),
        Some(Some(Err(e))) if e.status() == Some(404) => not_found().into_any(),
        Some(Some(Err(e))) if is_unauthorized(&e) => {
            view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any()
        }
        Some(Some(Err(e))) => {
            let msg = load_error(&e);
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        Some(Some(Ok(row))) => {
            let ctx = DealContext {
                deal: RwSignal::new(row),
                changed: RwSignal::new(0),
                pipelines,
                members,
                formatter,
                time_zone,
            };
            view! { <DealView ctx=ctx /> }.into_any()
        }
    };
    view! { <div class="page page--deal">{body}</div> }
}

fn not_found() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page__head">
            <h1 class="page__title">{i18n.tr(Msg::DealNotFound)}</h1>
        </div>
        <p><A href="/board">{i18n.tr(Msg::BackToBoard)}</A></p>
    }
}

/// The loaded deal: its facts, the edit form and the lists.
#[component]
fn DealView(ctx: DealContext) -> impl IntoView {
    let i18n = use_i18n();
    let deal = ctx.deal;
    let pipeline = move || {
        let pid = deal.with(|d| d.pipeline_id);
        ctx.pipelines.with(|list| {
            list.iter()
                .find(|p| p.id == pid)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        })
    };
    let board_href = move || format!("/board?pipeline={}", deal.with(|d| d.pipeline_id));
    let stage = move || {
        let locale = i18n.locale();
        let stage = ctx.stage_name(locale, deal.with(|d| d.stage_id));
        format!("{stage} · {}", pipeline())
    };
    let days = move || {
        i18n::days_in_stage(
            i18n.locale(),
            whole_days_since(deal.with(|d| d.stage_entered_at), now_ms()),
        )
    };
    let close = move || {
        deal.with(|d| d.expected_close_on).map_or_else(
            || text(i18n.locale(), Msg::NotSet).to_owned(),
            |c| format_date(i18n.locale(), c),
        )
    };
    let owner = move |pick: fn(&DealRow) -> Option<&MemberRef>| {
        move || {
            deal.with(|d| pick(d).map(|m| m.name.clone()))
                .unwrap_or_else(|| text(i18n.locale(), Msg::Unassigned).to_owned())
        }
    };
    view! {
        <div class="page__head">
            <div>
                <p class="crumbs"><A href=board_href>{pipeline}</A></p>
                <h1 class="page__title">{move || deal.with(|d| d.title.clone())}</h1>
            </div>
            <crate::pages::calls::StartCallAction deal=deal />
        </div>
        <dl class="deal-facts" aria-label=i18n.tr(Msg::DealFacts)>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ColAccount)}</dt>
                <dd>{move || deal.with(|d| d.account.name.clone())}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::StageInPipeline)}</dt>
                <dd>{stage}<span class="deal-facts__sub">{days}</span></dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ColAmount)}</dt>
                <dd class="num">{move || deal.with(|d| d.amount.display())}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ExpectedCloseShort)}</dt>
                <dd>{close}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ColAppointer)}</dt>
                <dd>{owner(|d| d.appointer.as_ref())}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ColCloser)}</dt>
                <dd>{owner(|d| d.closer.as_ref())}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ColSuccess)}</dt>
                <dd>{owner(|d| d.success.as_ref())}</dd>
            </div>
        </dl>
        <div class="deal-grid">
            <edit::EditForm ctx=ctx />
            <div class="deal-side">
                <handoffs::HandoffChain ctx=ctx />
                <activities::Activities ctx=ctx />
                <history::History ctx=ctx />
                <crate::pages::kb::DealArticles deal=ctx.deal changed=ctx.changed />
            </div>
        </div>
        <audit::AuditTrail ctx=ctx />
    }
}

/// A list section's load state: "Loading…", the failure with a retry, or the list itself.
fn list_state<T: Clone + 'static>(
    loaded: Option<Result<T, ClientError>>,
    retry: RwSignal<u32>,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    let i18n = use_i18n();
    match loaded {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Ok(list)) => show(list),
        Some(Err(e)) if is_unauthorized(&e) => {
            use_session().expire();
            ().into_any()
        }
        Some(Err(e)) => {
            let msg = load_error(&e);
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=move |_| retry.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
