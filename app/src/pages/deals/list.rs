//! The deals page (`/deals`): a pipeline's deals, stage by stage.
//!
//! This module owns the filters (pipeline and owner, kept in the URL query as
//! `?pipeline=ID&owner=ID` so a view can be shared and survives a reload), the loading of
//! pipelines, members and deals (resources keyed on the filter), and the board: a summary of
//! the whole filter, then one card per stage with its count, amount and weighted amount and a
//! table of its deals.

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{
    DateTimeFormatter, format_date, format_money_sum, now_ms, whole_days_since,
};
use crate::i18n::{self, Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::{DealPage, DealQuery, DealRow, MemberRef, Pipeline, Stage, StageKind};
use shared::client::ClientError;
use shared::{Locale, MemberId, PipelineId};

/// The time zone used until the member's own is known.
const DEFAULT_TIME_ZONE: &str = "Asia/Tokyo";

/// What the deals shown were loaded for; a change of any part loads them again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DealsKey {
    pipeline: PipelineId,
    owner: Option<MemberId>,
    /// Bumped by "Retry".
    attempt: u32,
}

/// How far the filter lists (pipelines and members) are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListsState {
    Loading,
    Failed(Msg),
    Ready,
}

impl ListsState {
    /// The state of one list. A 401 counts as loading: the session is ending and the sign-in
    /// page is about to say so.
    fn of<T>(loaded: Option<&Result<T, ClientError>>) -> Self {
        match loaded {
            None => Self::Loading,
            Some(Ok(_)) => Self::Ready,
            Some(Err(e)) if is_unauthorized(e) => Self::Loading,
            Some(Err(e)) => Self::Failed(load_error(e)),
        }
    }
}

/// The alert text for a failed load.
fn load_error(err: &ClientError) -> Msg {
    if err.status().is_none() {
        Msg::Unreachable
    } else {
        Msg::LoadFailed
    }
}

/// The deals URL for a filter.
fn deals_href(pipeline: Option<PipelineId>, owner: Option<MemberId>) -> String {
    let mut parts = Vec::new();
    if let Some(p) = pipeline {
        parts.push(format!("pipeline={p}"));
    }
    if let Some(o) = owner {
        parts.push(format!("owner={o}"));
    }
    if parts.is_empty() {
        "/deals".to_owned()
    } else {
        format!("/deals?{}", parts.join("&"))
    }
}

/// `/deals`: filters, summary and one card per stage.
#[component]
pub fn DealsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    use_page_title(Msg::Deals);

    let pipelines = LocalResource::new(move || {
        let client = session.client();
        async move { client.pipelines().await }
    });
    let members = LocalResource::new(move || {
        let client = session.client();
        async move { client.members().await }
    });

    // The filter as asked for in the URL…
    let wanted_pipeline = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("pipeline")
                .and_then(|s| s.parse::<i64>().ok())
                .map(PipelineId)
        })
    });
    let wanted_owner = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("owner")
                .and_then(|s| s.parse::<i64>().ok())
                .map(MemberId)
        })
    });
    // …and as it applies: the pipeline asked for if it exists, else the first; the owner
    // asked for if they are a member, else everyone.
    let pipeline = Memo::new(move |_| {
        pipelines.with(|r| match r {
            Some(Ok(list)) => wanted_pipeline
                .get()
                .and_then(|id| list.iter().find(|p| p.id == id))
                .or_else(|| list.first())
                .cloned(),
            _ => None,
        })
    });
    let owner = Memo::new(move |_| {
        let wanted = wanted_owner.get()?;
        members.with(|r| match r {
            Some(Ok(list)) => list.iter().any(|m| m.id == wanted).then_some(wanted),
            _ => None,
        })
    });
    let lists_state = Memo::new(move |_| {
        let p = pipelines.with(|r| ListsState::of(r.as_ref()));
        let m = members.with(|r| ListsState::of(r.as_ref()));
        match (p, m) {
            (ListsState::Failed(msg), _) | (_, ListsState::Failed(msg)) => ListsState::Failed(msg),
            (ListsState::Ready, ListsState::Ready) => ListsState::Ready,
            _ => ListsState::Loading,
        }
    });

    let attempt = RwSignal::new(0u32);
    let key = Memo::new(move |_| {
        if lists_state.get() != ListsState::Ready {
            return None;
        }
        let pipeline = pipeline.with(|p| p.as_ref().map(|p| p.id))?;
        Some(DealsKey {
            pipeline,
            owner: owner.get(),
            attempt: attempt.get(),
        })
    });
    let deals = LocalResource::new(move || {
        let key = key.get();
        let client = session.client();
        async move {
            let key = key?;
            let q = DealQuery {
                pipeline_id: Some(key.pipeline),
                owner_id: key.owner,
                ..DealQuery::default()
            };
            Some((key, client.all_deals(&q).await))
        }
    });

    // Any 401 means the session is gone.
    Effect::new(move || {
        let expired = pipelines.with(|r| matches!(r, Some(Err(e)) if is_unauthorized(e)))
            || members.with(|r| matches!(r, Some(Err(e)) if is_unauthorized(e)))
            || deals.with(|r| matches!(r, Some(Some((_, Err(e)))) if is_unauthorized(e)));
        if expired {
            session.expire();
        }
    });

    let retry_lists = move |_| {
        if pipelines.with_untracked(|r| matches!(r, Some(Err(_)))) {
            pipelines.refetch();
        }
        if members.with_untracked(|r| matches!(r, Some(Err(_)))) {
            members.refetch();
        }
    };

    let time_zone = Memo::new(move |_| {
        session
            .with_me(|me| me.map_or_else(|| DEFAULT_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    });

    let deals_board = move || {
        let current = key.get();
        let locale = i18n.locale();
        let Some(pipeline) = pipeline.get() else {
            return view! { <p class="empty">{text(locale, Msg::NoPipelines)}</p> }.into_any();
        };
        deals.with(|loaded| match loaded {
            Some(Some((k, result))) if Some(*k) == current => match result {
                Ok(page) => {
                    let formatter = time_zone.with(|tz| DateTimeFormatter::new(locale, tz));
                    board(&pipeline, page, locale, &formatter).into_any()
                }
                // The session is ending; the sign-in page will say so.
                Err(err) if is_unauthorized(err) => view! { <Loading /> }.into_any(),
                Err(err) => view! {
                    <LoadError msg=load_error(err) on_retry=move || attempt.update(|n| *n += 1) />
                }
                .into_any(),
            },
            _ => view! { <Loading /> }.into_any(),
        })
    };

    view! {
        <div class="page">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Deals)}</h1>
            </div>
            {move || match lists_state.get() {
                ListsState::Loading => view! { <Loading /> }.into_any(),
                ListsState::Failed(msg) => {
                    view! { <LoadError msg=msg on_retry=move || retry_lists(()) /> }.into_any()
                }
                ListsState::Ready => {
                    view! {
                        <Filters
                            pipelines=pipelines
                            members=members
                            pipeline=pipeline
                            owner=owner
                        />
                        <div class="board">{deals_board}</div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The two filters; a change goes into the URL, which the page follows.
#[component]
fn Filters(
    pipelines: LocalResource<Result<Vec<Pipeline>, ClientError>>,
    members: LocalResource<Result<Vec<shared::api::MemberSummary>, ClientError>>,
    pipeline: Memo<Option<Pipeline>>,
    owner: Memo<Option<MemberId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let pipeline_id = Memo::new(move |_| pipeline.with(|p| p.as_ref().map(|p| p.id)));

    let go = move |to_pipeline: Option<PipelineId>, to_owner: Option<MemberId>| {
        navigate(
            &deals_href(to_pipeline, to_owner),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go_pipeline = go.clone();
    let on_pipeline = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<i64>().ok().map(PipelineId);
        go_pipeline(chosen, owner.get_untracked());
    };
    let on_owner = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<i64>().ok().map(MemberId);
        go(pipeline_id.get_untracked(), chosen);
    };

    view! {
        <div class="filters">
            <div class="filter">
                <label class="filter__label" for="filter-pipeline">
                    {i18n.tr(Msg::Pipeline)}
                </label>
                <select id="filter-pipeline" class="select" on:change=on_pipeline>
                    {move || {
                        pipelines
                            .with(|r| {
                                r.as_ref()
                                    .and_then(|r| r.as_ref().ok())
                                    .map(|list| {
                                        list.iter()
                                            .map(|p| {
                                                let id = p.id;
                                                view! {
                                                    <option
                                                        value=id.to_string()
                                                        prop:selected=move || pipeline_id.get() == Some(id)
                                                    >
                                                        {p.name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            })
                    }}
                </select>
            </div>
            <div class="filter">
                <label class="filter__label" for="filter-owner">
                    {i18n.tr(Msg::Owner)}
                </label>
                <select id="filter-owner" class="select" on:change=on_owner>
                    <option value="" prop:selected=move || owner.get().is_none()>
                        {i18n.tr(Msg::Everyone)}
                    </option>
                    {move || {
                        members
                            .with(|r| {
                                r.as_ref()
                                    .and_then(|r| r.as_ref().ok())
                                    .map(|list| {
                                        list.iter()
                                            .map(|m| {
                                                let id = m.id;
                                                view! {
                                                    <option
                                                        value=id.to_string()
                                                        prop:selected=move || owner.get() == Some(id)
                                                    >
                                                        {m.name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            })
                    }}
                </select>
            </div>
        </div>
    }
}

/// "Loading…", announced politely.
#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p role="status" class="status">
            {i18n.tr(Msg::Loading)}
        </p>
    }
}

/// A failed load: the reason as an alert, and a retry button.
#[component]
fn LoadError(msg: Msg, on_retry: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="load-error">
            <p role="alert" class="alert alert--error">
                {i18n.tr(msg)}
            </p>
            <button type="button" class="button" on:click=move |_| on_retry()>
                {i18n.tr(Msg::Retry)}
            </button>
        </div>
    }
}

/// The summary of the whole filter and one card per stage, in pipeline order.
fn board(
    pipeline: &Pipeline,
    page: &DealPage,
    locale: Locale,
    formatter: &DateTimeFormatter,
) -> impl IntoView + use<> {
    let now = now_ms();
    let total_count: i64 = if page.totals.is_empty() {
        page.deals.len() as i64
    } else {
        page.totals.iter().map(|t| t.count).sum()
    };
    let total_amount = format_money_sum(page.totals.iter().map(|t| &t.amount));
    let total_weighted = format_money_sum(page.totals.iter().map(|t| &t.weighted));

    let mut stages: Vec<&Stage> = pipeline.stages.iter().collect();
    stages.sort_by_key(|s| s.position);
    let cards = stages
        .into_iter()
        .map(|stage| {
            let rows: Vec<&DealRow> = page
                .deals
                .iter()
                .filter(|d| d.stage_id == stage.id)
                .collect();
            let totals: Vec<_> = page
                .totals
                .iter()
                .filter(|t| t.stage_id == stage.id)
                .collect();
            let count = if totals.is_empty() {
                rows.len() as i64
            } else {
                totals.iter().map(|t| t.count).sum()
            };
            let amount = format_money_sum(totals.iter().map(|t| &t.amount));
            let weighted = format_money_sum(totals.iter().map(|t| &t.weighted));
            stage_card(
                stage, &rows, count, amount, weighted, locale, formatter, now,
            )
        })
        .collect_view();

    view! {
        <p class="summary">
            <span class="summary__label">{text(locale, Msg::Total)}</span>
            <span class="figure figure--count">{i18n::deal_count(locale, total_count)}</span>
            <span class="figure figure--amount">{total_amount}</span>
            <span class="figure figure--weighted">
                <span class="figure__label">{text(locale, Msg::Weighted)}</span>
                " "
                {total_weighted}
            </span>
        </p>
        <div class="stages">{cards}</div>
    }
}

/// One stage: heading with its figures, then its deals or "No deals".
#[expect(
    clippy::too_many_arguments,
    reason = "a plain render function over precomputed parts"
)]
fn stage_card(
    stage: &Stage,
    rows: &[&DealRow],
    count: i64,
    amount: String,
    weighted: String,
    locale: Locale,
    formatter: &DateTimeFormatter,
    now: f64,
) -> impl IntoView + use<> {
    let heading_id = format!("stage-{}", stage.id);
    let labelled_by = heading_id.clone();
    let body = if rows.is_empty() {
        view! { <p class="stage__empty">{text(locale, Msg::NoDeals)}</p> }.into_any()
    } else {
        let body_rows = rows
            .iter()
            .map(|deal| deal_row(stage, deal, locale, formatter, now))
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="deals-table">
                    <caption class="visually-hidden">{stage.name.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text(locale, Msg::ColDeal)}</th>
                            <th scope="col">{text(locale, Msg::ColAccount)}</th>
                            <th scope="col" class="num">{text(locale, Msg::ColAmount)}</th>
                            <th scope="col">{text(locale, Msg::ColAppointer)}</th>
                            <th scope="col">{text(locale, Msg::ColCloser)}</th>
                            <th scope="col">{text(locale, Msg::ColSuccess)}</th>
                            <th scope="col">{text(locale, Msg::ColExpectedClose)}</th>
                            <th scope="col" class="num">{text(locale, Msg::ColDaysInStage)}</th>
                        </tr>
                    </thead>
                    <tbody>{body_rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let kind_class = match stage.kind {
        StageKind::Open => "stage",
        StageKind::Won => "stage stage--won",
        StageKind::Lost => "stage stage--lost",
    };
    view! {
        <section class=kind_class aria-labelledby=labelled_by>
            <header class="stage__head">
                <h2 id=heading_id class="stage__name">{stage.name.clone()}</h2>
                <p class="stage__figures">
                    <span class="figure figure--count">{i18n::deal_count(locale, count)}</span>
                    <span class="figure figure--amount">{amount}</span>
                    <span class="figure figure--weighted">
                        <span class="figure__label">{text(locale, Msg::Weighted)}</span>
                        " "
                        {weighted}
                    </span>
                </p>
            </header>
            {body}
        </section>
    }
}

/// One deal as a table row; the row's tooltip says when it last changed, in the member's zone.
fn deal_row(
    stage: &Stage,
    deal: &DealRow,
    locale: Locale,
    formatter: &DateTimeFormatter,
    now: f64,
) -> impl IntoView + use<> {
    let updated = i18n::last_updated(locale, &formatter.format(deal.updated_at));
    let days = whole_days_since(deal.stage_entered_at, now);
    let stalled = stage.kind == StageKind::Open
        && stage.stall_days > 0
        && days >= i64::from(stage.stall_days);
    let days_title = if stalled {
        i18n::stalled_note(locale, days, i64::from(stage.stall_days))
    } else {
        i18n::days_in_stage(locale, days)
    };
    let close = deal.expected_close_on.map(|d| format_date(locale, d));
    let href = format!("/deals/{}", deal.id);
    let title = deal.title.clone();
    view! {
        <tr title=updated class:is-stalled=stalled>
            <td class="deals-table__title">
                <A href=href>{title}</A>
            </td>
            <td>{deal.account.name.clone()}</td>
            <td class="num">{deal.amount.display()}</td>
            <td>{member_cell(deal.appointer.as_ref(), locale)}</td>
            <td>{member_cell(deal.closer.as_ref(), locale)}</td>
            <td>{member_cell(deal.success.as_ref(), locale)}</td>
            <td class="date">
                {match close {
                    Some(date) => date.into_any(),
                    None => blank(locale, Msg::NotSet).into_any(),
                }}
            </td>
            <td class="num" title=days_title>
                {i18n::days(locale, days)}
                {stalled
                    .then(|| {
                        view! { <span class="badge badge--warn">{text(locale, Msg::Stalled)}</span> }
                    })}
            </td>
        </tr>
    }
}

/// A member's name, or a dash read out as "Unassigned".
fn member_cell(member: Option<&MemberRef>, locale: Locale) -> AnyView {
    match member {
        Some(m) => m.name.clone().into_any(),
        None => blank(locale, Msg::Unassigned).into_any(),
    }
}

/// A dash for the eye and `msg` for screen readers.
fn blank(locale: Locale, msg: Msg) -> impl IntoView + use<> {
    view! {
        <span class="blank" aria-hidden="true">
            "—"
        </span>
        <span class="visually-hidden">{text(locale, msg)}</span>
    }
}
