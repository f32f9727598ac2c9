//! One account in the success inbox: its deals, what was promised (each won hand-off's note,
//! field by field, and who handed it over), the onboarding checklist with its progress (a tick
//! saves at once and is rolled back with a message if refused), and the last contact.

use super::SuccessCtx;
use crate::app::use_session;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{ChecklistItem, ChecklistItemPatch, SuccessAccount, SuccessDeal};
use shared::{AccountId, Locale};

/// An account's card.
#[component]
pub fn AccountCard(account: SuccessAccount) -> impl IntoView {
    let ctx = expect_context::<SuccessCtx>();
    let i18n = use_i18n();
    let a = account;
    let title_id = format!("acc{}-t", a.account.id);
    let labelled_by = title_id.clone();
    let items = RwSignal::new(a.checklist.clone());
    let total = a.checklist.len();
    let done = move || items.with(|l| l.iter().filter(|i| i.done).count());
    let error = RwSignal::new(None::<Msg>);
    let segment_name = a.segment.as_ref().map(|s| s.name.clone());
    let segment = move || {
        segment_name
            .clone()
            .unwrap_or_else(|| text(i18n.locale(), Msg::NoSegment).to_owned())
    };
    let interval_days = a.contact_interval_days;
    let interval = move || i18n::every_days(i18n.locale(), interval_days);
    let last_at = a.last_contacted_at;
    let since = a.days_since_contact.unwrap_or(0);
    let contact = move || {
        let locale = i18n.locale();
        match last_at {
            Some(t) => {
                let at = ctx.formatter.with(|f| f.format(t));
                let ago = i18n::days_ago(locale, since);
                match locale {
                    Locale::Ja => format!("{at}（{ago}）"),
                    Locale::En => format!("{at} ({ago})"),
                }
            }
            None => i18n::never_contacted(locale, since),
        }
    };
    let overdue = a.overdue_days;
    let account_id = a.account.id;

    view! {
        <li class="success-card" class:is-overdue=overdue.is_some() aria-labelledby=labelled_by>
            <div class="success-card__head">
                <h3 class="success-card__title" id=title_id>{a.account.name.clone()}</h3>
                <span class="badge">{segment}</span>
                {overdue.map(|d| view! {
                    <span class="badge badge--warn">{move || i18n::days_overdue(i18n.locale(), d)}</span>
                })}
            </div>
            <dl class="success-card__contact">
                <dt>{i18n.tr(Msg::LastContacted)}</dt>
                <dd>{contact}</dd>
                <dt>{i18n.tr(Msg::ContactEvery)}</dt>
                <dd>{interval}</dd>
            </dl>
            {a.deals.into_iter().map(|d| view! { <DealPromise deal=d /> }).collect_view()}
            <section class="checklist" aria-label=i18n.tr(Msg::OnboardingChecklist)>
                <div class="checklist__head">
                    <h4 class="checklist__title">{i18n.tr(Msg::OnboardingChecklist)}</h4>
                    {(total > 0).then(|| view! {
                        <span class="checklist__progress">
                            <span class="visually-hidden">{i18n.tr(Msg::ChecklistProgress)}" "</span>
                            {move || format!("{} / {total}", done())}
                        </span>
                    })}
                </div>
                {(total > 0).then(|| view! {
                    <progress class="checklist__bar" max=total value=done aria-hidden="true"></progress>
                })}
                {(total == 0).then(|| view! { <p class="empty">{i18n.tr(Msg::NoChecklist)}</p> })}
                <ul class="checklist__items" role="list">
                    {a.checklist
                        .into_iter()
                        .map(|item| view! { <Tick account=account_id item=item items=items error=error /> })
                        .collect_view()}
                </ul>
                {move || error.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            </section>
        </li>
    }
}

/// A deal of the account and what its closer promised.
#[component]
fn DealPromise(deal: SuccessDeal) -> impl IntoView {
    let i18n = use_i18n();
    let d = deal;
    let note = d.handed_over.as_ref().map(|h| {
        let from = h.from.as_ref().map(|m| m.name.clone());
        let fields: Vec<(String, String)> = h
            .note
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        view! {
            <section class="promise" aria-label=i18n.tr(Msg::WhatWasPromised)>
                <h4 class="promise__title">{i18n.tr(Msg::WhatWasPromised)}</h4>
                {from.map(|f| view! {
                    <p class="promise__from">{i18n.tr(Msg::HandedOverBy)}": "{f}</p>
                })}
                <dl class="promise__fields">
                    {fields
                        .into_iter()
                        .map(|(k, v)| view! {
                            <div class="promise__field">
                                <dt>{move || i18n::note_field(i18n.locale(), &k)}</dt>
                                <dd>{v}</dd>
                            </div>
                        })
                        .collect_view()}
                </dl>
            </section>
        }
    });
    let none = d
        .handed_over
        .is_none()
        .then(|| view! { <p class="promise__none">{i18n.tr(Msg::NoPromise)}</p> });
    view! {
        <div class="success-card__deal">
            <p class="success-card__deal-line">
                <A href=format!("/deals/{}", d.id)>{d.title.clone()}</A>
                " · "{d.amount.display()}" · "{d.stage_name.clone()}
            </p>
            {note}
            {none}
        </div>
    }
}

/// One checklist item: a checkbox named by its label; a change is saved at once.
#[component]
fn Tick(
    account: AccountId,
    item: ChecklistItem,
    items: RwSignal<Vec<ChecklistItem>>,
    error: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let session = use_session();
    let id = item.id;
    let busy = RwSignal::new(false);
    let checked = move || items.with(|l| l.iter().any(|i| i.id == id && i.done));
    let set = move |done: bool| {
        items.update(|l| {
            if let Some(i) = l.iter_mut().find(|i| i.id == id) {
                i.done = done;
            }
        })
    };
    let toggle = move |ev: leptos::ev::Event| {
        let done = event_target_checked(&ev);
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        set(done);
        let client = session.client();
        spawn_local(async move {
            match client
                .update_checklist_item(account, id, &ChecklistItemPatch { done })
                .await
            {
                Ok(saved) => {
                    let _ = items.try_update(|l| {
                        if let Some(i) = l.iter_mut().find(|i| i.id == id) {
                            *i = saved;
                        }
                    });
                }
                Err(e) => {
                    session.check(&e);
                    let _ = items.try_update(|l| {
                        if let Some(i) = l.iter_mut().find(|i| i.id == id) {
                            i.done = !done;
                        }
                    });
                    let msg = match e.status() {
                        Some(403) => Msg::ChecklistNotYours,
                        None => Msg::Unreachable,
                        _ => Msg::ChecklistNotSaved,
                    };
                    let _ = error.try_set(Some(msg));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <li class="checklist__item">
            <label class="checklist__label">
                <input type="checkbox" prop:checked=checked on:change=toggle aria-busy=move || busy.get().then_some("true") />
                <span>{item.label.clone()}</span>
            </label>
        </li>
    }
}
