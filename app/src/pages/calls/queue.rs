//! `/calls`: the member's call queue, soonest due first: each deal with its account, the
//! person to call (name, title, phone), since when it is due (in the member's time zone) and
//! why, the script the call runs, and a button that starts the call and opens it.

use super::text::{contact_name, reason_msg, script_version, start_for};
use super::{may_call, start_call};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::DealId;
use shared::api::QueueEntry;

/// `/calls`.
#[component]
pub fn CallsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::CallQueue);
    let allowed = move || session.with_me(may_call);
    let reload = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        reload.track();
        let client = session.client();
        async move { client.call_queue().await }
    });
    let zone = move || {
        session
            .with_me(|m| m.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    };
    let formatter = Memo::new(move |_| (i18n.locale(), zone()));
    let busy = RwSignal::new(None::<DealId>);
    let error = RwSignal::new(None::<Msg>);

    let rows = move |list: Vec<QueueEntry>| {
        let (locale, tz) = formatter.get();
        let format = DateTimeFormatter::new(locale, &tz);
        list.into_iter()
            .map(|e| {
                let deal = e.deal.id;
                let title = e.deal.title.clone();
                let start_name = start_for(locale, &title);
                let script = e.script.clone();
                let due = format.format(e.due_at);
                let contact = e.contact.clone().map(|c| {
                    let tel = format!("tel:{}", c.phone.replace([' ', '-'], ""));
                    view! {
                        <span class="call-queue__person">{contact_name(locale, &c.name)}</span>
                        {(!c.title.is_empty()).then(|| view! { <span class="call-queue__sub">{c.title.clone()}</span> })}
                        {(!c.phone.is_empty()).then(|| view! { <a class="call-queue__phone" href=tel>{c.phone.clone()}</a> })}
                    }
                });
                let action = match script.clone() {
                    Some(s) => {
                        let id = s.id;
                        view! {
                            <button
                                type="button"
                                class="button button--primary"
                                aria-label=start_name
                                disabled=move || busy.get().is_some()
                                aria-busy=move || (busy.get() == Some(deal)).then_some("true")
                                on:click=move |_| start_call(session, deal, id, busy, error)
                            >
                                {i18n.tr(Msg::CallStart)}
                            </button>
                        }
                        .into_any()
                    }
                    None => view! { <span class="call-queue__sub">{i18n.tr(Msg::CallNoScript)}</span> }.into_any(),
                };
                view! {
                    <tr data-deal-id=deal.0>
                        <th scope="row">
                            <A href=format!("/deals/{deal}")>{title}</A>
                            <span class="call-queue__sub">{e.stage_name.clone()}</span>
                        </th>
                        <td>{e.deal.account.name.clone()}</td>
                        <td>
                            {match contact {
                                Some(v) => v.into_any(),
                                None => view! { <span class="call-queue__sub">{i18n.tr(Msg::CallNoContact)}</span> }.into_any(),
                            }}
                        </td>
                        <td>
                            <time datetime=e.due_at.to_rfc3339()>{due}</time>
                            <span class="call-queue__sub">{text(locale, reason_msg(e.reason))}</span>
                        </td>
                        <td>
                            {script.map(|s| script_version(locale, &s.name, s.version))}
                        </td>
                        <td class="call-queue__action">{action}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    let body = move || {
        if !allowed() {
            return view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::CallRoleOnly)}</p> }
                .into_any();
        }
        match queue.get() {
            None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => {
                if is_unauthorized(&e) {
                    session.expire();
                }
                let msg = if e.status().is_none() { Msg::Unreachable } else { Msg::LoadFailed };
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
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="empty">{i18n.tr(Msg::CallQueueEmpty)}</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <div class="table-wrap">
                    <table class="call-queue">
                        <caption class="visually-hidden">{i18n.tr(Msg::CallQueue)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Msg::CallColDeal)}</th>
                                <th scope="col">{i18n.tr(Msg::ColAccount)}</th>
                                <th scope="col">{i18n.tr(Msg::CallColContact)}</th>
                                <th scope="col">{i18n.tr(Msg::CallColDue)}</th>
                                <th scope="col">{i18n.tr(Msg::CallColScript)}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr(Msg::CallStart)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows(list)}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        }
    };

    view! {
        <div class="page page--calls">
            <div class="page__head">
                <div>
                    <h1 class="page__title">{i18n.tr(Msg::CallQueue)}</h1>
                    <p class="page__lead">{i18n.tr(Msg::CallQueueLead)}</p>
                    <div role="status" aria-live="polite">
                        {move || error.get().map(|m| view! { <p class="alert alert--error">{i18n.tr(m)}</p> })}
                    </div>
                </div>
            </div>
            {body}
        </div>
    }
}
