//! `/success`: the customer-success inbox. The accounts handed to the member, each with what
//! the closer promised (the won hand-off's note, field by field), the onboarding checklist
//! (ticks save at once) and when it was last contacted; then the accounts past their segment's
//! contact interval, per segment, most overdue first. Managers pick whose inbox to see and
//! keep the checklist template and each segment's interval. Other members are told the page is
//! for customer success and managers (the server refuses them with 403 in any case).

mod card;
mod manage;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{self, Msg, use_i18n, use_page_title};
use card::AccountCard;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::Role;
use shared::api::{SuccessAccount, SuccessOwner, SuccessQuery};
use shared::client::ClientError;

/// What the cards of the page share.
#[derive(Clone, Copy)]
struct SuccessCtx {
    /// Dates and times in the member's zone and language.
    formatter: RwSignal<DateTimeFormatter, LocalStorage>,
}

fn load_error(e: &ClientError) -> Msg {
    if e.status().is_none() {
        Msg::Unreachable
    } else {
        Msg::LoadFailed
    }
}

/// `/success`.
#[component]
pub fn SuccessPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::Success);
    let allowed = Memo::new(move |_| {
        session.with_me(|m| m.is_some_and(|m| m.has(Role::Success) || m.has(Role::Manager)))
    });
    let manager = Memo::new(move |_| session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager))));
    let body = move || {
        if allowed.get() {
            view! { <Inbox manager=manager.into() /> }.into_any()
        } else {
            view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::SuccessOnly)}</p> }
                .into_any()
        }
    };
    view! {
        <div class="page page--success">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Success)}</h1>
            </div>
            {body}
        </div>
    }
}

/// The inbox (and, for managers, the picker and the settings).
#[component]
fn Inbox(manager: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    // A manager who is not in success themselves starts with everyone's accounts.
    let own_inbox = session.with_me(|m| m.is_some_and(|m| m.has(Role::Success)));
    let owner = RwSignal::new(if manager.get_untracked() && !own_inbox {
        SuccessOwner::All
    } else {
        SuccessOwner::Me
    });
    let reload = RwSignal::new(0u32);
    let fetch = move |stale: bool| {
        let o = owner.get();
        reload.track();
        let client = session.client();
        async move {
            let r = client
                .success_accounts(&SuccessQuery {
                    owner: Some(o),
                    stale: stale.then_some(true),
                })
                .await;
            if let Err(e) = &r
                && is_unauthorized(e)
            {
                session.expire();
            }
            r
        }
    };
    let accounts = LocalResource::new(move || fetch(false));
    let stale = LocalResource::new(move || fetch(true));
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
    provide_context(SuccessCtx { formatter });

    let heading = move || {
        if owner.get() == SuccessOwner::Me {
            i18n.t(Msg::HandedToMe)
        } else {
            i18n.t(Msg::HandedOver)
        }
    };
    let retry = move |_| reload.update(|n| *n += 1);
    let list = move || match accounts.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="load-error">
                <p role="alert" class="alert alert--error">{i18n.tr(load_error(&e))}</p>
                <button type="button" class="button" on:click=retry>{i18n.tr(Msg::Retry)}</button>
            </div>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{i18n.tr(Msg::NoSuccessAccounts)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="success-cards" role="list">
                {list
                    .into_iter()
                    .map(|a| view! { <AccountCard account=a /> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    };
    let stale_list = move || match stale.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p role="alert" class="alert alert--error">{i18n.tr(load_error(&e))}</p> }
                .into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{i18n.tr(Msg::NoStale)}</p> }.into_any()
        }
        Some(Ok(list)) => view! { <StaleGroups list=list /> }.into_any(),
    };

    view! {
        <Show when=move || manager.get()>
            <manage::OwnerPicker owner=owner />
            <details class="success-settings">
                <summary class="success-settings__summary">{i18n.tr(Msg::SuccessSettings)}</summary>
                <div class="success-settings__body">
                    <manage::TemplateEditor />
                    <manage::SegmentIntervals on_saved=move || reload.update(|n| *n += 1) />
                </div>
            </details>
        </Show>
        <div class="success-layout">
            <section class="success-layout__main" aria-labelledby="success-mine">
                <h2 class="success-section__title" id="success-mine">{heading}</h2>
                {list}
            </section>
            <section class="success-layout__side" aria-labelledby="success-stale">
                <h2 class="success-section__title" id="success-stale">{i18n.tr(Msg::StaleHeading)}</h2>
                {stale_list}
            </section>
        </div>
    }
}

/// The overdue accounts, per segment (in order of each segment's most overdue account).
#[component]
fn StaleGroups(list: Vec<SuccessAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let mut groups: Vec<(
        Option<shared::api::SegmentRef>,
        Option<u32>,
        Vec<SuccessAccount>,
    )> = Vec::new();
    for a in list {
        let key = a.segment.as_ref().map(|s| s.id);
        match groups
            .iter_mut()
            .find(|(s, _, _)| s.as_ref().map(|s| s.id) == key)
        {
            Some(g) => g.2.push(a),
            None => groups.push((a.segment.clone(), a.contact_interval_days, vec![a])),
        }
    }
    groups
        .into_iter()
        .map(|(segment, interval, accounts)| {
            let name = segment.map(|s| s.name);
            let title = move || {
                let locale = i18n.locale();
                format!(
                    "{} — {}",
                    name.clone()
                        .unwrap_or_else(|| i18n::text(locale, Msg::NoSegment).to_owned()),
                    i18n::every_days(locale, interval)
                )
            };
            view! {
                <section class="stale-group">
                    <h3 class="stale-group__title">{title}</h3>
                    <ul class="stale-list" role="list">
                        {accounts
                            .into_iter()
                            .map(|a| {
                                let overdue = a.overdue_days.unwrap_or(0);
                                let since = a.days_since_contact.unwrap_or(0);
                                let never = a.last_contacted_at.is_none();
                                let href = a
                                    .deals
                                    .first()
                                    .map(|d| format!("/deals/{}", d.id))
                                    .unwrap_or_default();
                                let contact = move || {
                                    let locale = i18n.locale();
                                    if never {
                                        i18n::never_contacted(locale, since)
                                    } else {
                                        format!(
                                            "{} {}",
                                            i18n::text(locale, Msg::LastContacted),
                                            i18n::days_ago(locale, since)
                                        )
                                    }
                                };
                                view! {
                                    <li class="stale-list__item">
                                        <A href=href>{a.account.name.clone()}</A>
                                        <span class="badge badge--warn">
                                            {move || i18n::days_overdue(i18n.locale(), overdue)}
                                        </span>
                                        <span class="stale-list__since">{contact}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}
