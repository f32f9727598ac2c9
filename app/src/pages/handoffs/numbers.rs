//! `/handoffs/numbers` (managers): per member and direction over a period, hand-offs sent,
//! accepted and sent back (with the reasons), received, the median business time to accept,
//! and the ones answered late or overdue; and for the deals won in the period, the credit of
//! every member who carried them, per role (deals and amounts per currency). The period is in
//! the URL.

use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, use_i18n, use_page_title};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::Role;
use shared::api::{EdgeStats, RejectReason, StatsPeriod, WonCredit};

/// Today in the team's time zone (Asia/Tokyo: the deadlines' calendar).
fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}

/// `/handoffs/numbers`.
#[component]
pub fn HandoffNumbersPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    use_page_title(Msg::HandoffNumbers);
    let manager = move || session.with_me(|m| m.is_some_and(|m| m.roles.contains(&Role::Manager)));
    let period = Memo::new(move |_| {
        let t = today();
        let first = t.with_day(1).unwrap_or(t);
        query.with(|q| {
            let date = |k: &str| q.get_str(k).and_then(|v| v.parse::<NaiveDate>().ok());
            StatsPeriod {
                from: date("from").unwrap_or(first),
                to: date("to").unwrap_or(t),
            }
        })
    });
    let from = RwSignal::new(period.get_untracked().from.to_string());
    let to = RwSignal::new(period.get_untracked().to.to_string());
    let stats = LocalResource::new(move || {
        let p = period.get();
        let client = session.client();
        async move { client.handoff_stats(&p).await }
    });
    let reasons = LocalResource::new(move || {
        let client = session.client();
        async move { client.all_reject_reasons().await.unwrap_or_default() }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &format!(
                "/handoffs/numbers?from={}&to={}",
                from.get_untracked(),
                to.get_untracked()
            ),
            Default::default(),
        );
    };
    let reason_label =
        move |code: &str, list: &[RejectReason]| super::reason_label(i18n.locale(), code, list);
    let row = move |r: EdgeStats| {
        let locale = i18n.locale();
        let list = reasons.get().unwrap_or_default();
        let why = r
            .rejected_by_reason
            .iter()
            .map(|x| format!("{} {}", reason_label(&x.reason, &list), x.count))
            .collect::<Vec<_>>()
            .join("、");
        view! {
            <tr>
                <th scope="row">{r.member.name.clone()}</th>
                <td>{i18n::edge(locale, r.from_role, r.to_role)}</td>
                <td class="num">{r.sent}</td>
                <td class="num">{r.accepted}</td>
                <td class="num">{r.rejected}</td>
                <td>{why}</td>
                <td class="num">{r.received}</td>
                <td class="num">
                    {r.median_minutes_to_accept.map(|m| i18n::business_duration(locale, m))}
                </td>
                <td class="num">{r.breaches}</td>
            </tr>
        }
    };
    let edges = move |rows: Vec<EdgeStats>| {
        if rows.is_empty() {
            return view! { <p class="empty">{i18n.tr(Msg::NoNumbers)}</p> }.into_any();
        }
        view! {
            <div class="table-wrap">
                <table class="deals-table">
                    <caption class="visually-hidden">{i18n.tr(Msg::HandoffNumbersCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::ColMember)}</th>
                            <th scope="col">{i18n.tr(Msg::ColEdge)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColSent)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColAccepted)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColRejected)}</th>
                            <th scope="col">{i18n.tr(Msg::ColReasons)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColReceived)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColTimeToAccept)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColBreaches)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let body = move || {
        let Some(result) = stats.get() else {
            return view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }
                .into_any();
        };
        match result {
            Err(e) => {
                if is_unauthorized(&e) {
                    session.expire();
                }
                let msg = match e.status() {
                    None => Msg::Unreachable,
                    Some(403) => Msg::ManagersOnly,
                    Some(400 | 422) => Msg::PeriodInvalid,
                    _ => Msg::LoadFailed,
                };
                view! { <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p> }.into_any()
            }
            Ok(s) => {
                let credit = s.won_credit.clone();
                view! {
                    {edges(s.rows)}
                    <WonCreditTable rows=credit />
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="page page--numbers">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::HandoffNumbers)}</h1>
            </div>
            <super::Tabs />
            <Show
                when=manager
                fallback=move || view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::ManagersOnly)}</p> }
            >
                <form class="filters period" on:submit=submit.clone() novalidate>
                    <div class="filter">
                        <label class="filter__label" for="period-from">{i18n.tr(Msg::PeriodFrom)}</label>
                        <input
                            id="period-from"
                            class="input"
                            type="date"
                            prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="filter">
                        <label class="filter__label" for="period-to">{i18n.tr(Msg::PeriodTo)}</label>
                        <input
                            id="period-to"
                            class="input"
                            type="date"
                            prop:value=move || to.get()
                            on:input=move |ev| to.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="submit" class="button">{i18n.tr(Msg::ShowPeriod)}</button>
                </form>
                {body}
            </Show>
        </div>
    }
}

/// Won deals per member and role: the relay's credit.
#[component]
fn WonCreditTable(rows: Vec<WonCredit>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if rows.is_empty() {
        view! { <p class="empty">{i18n.tr(Msg::NoWonDeals)}</p> }.into_any()
    } else {
        let rows = rows
            .into_iter()
            .map(|r| {
                let amounts = r
                    .amounts
                    .iter()
                    .map(shared::Money::display)
                    .collect::<Vec<_>>()
                    .join(" / ");
                view! {
                    <tr>
                        <th scope="row">{r.member.name.clone()}</th>
                        <td>{move || i18n::role_name(i18n.locale(), r.role)}</td>
                        <td class="num">{r.deals}</td>
                        <td class="num">{amounts}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="deals-table" aria-labelledby="won-credit-heading">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::ColMember)}</th>
                            <th scope="col">{i18n.tr(Msg::ColRole)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColWonDeals)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::ColWonAmount)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="won-credit" aria-labelledby="won-credit-heading">
            <h2 id="won-credit-heading" class="won-credit__title">{i18n.tr(Msg::WonCredit)}</h2>
            <p class="page__lead">{i18n.tr(Msg::WonCreditHelp)}</p>
            {body}
        </section>
    }
}
