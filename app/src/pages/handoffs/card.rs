//! One hand-off: the deal, who to whom, the deadline in words, the note field by field (with
//! the required fields still empty marked), its answer; for the receiver of a waiting one,
//! accept or send back with a reason (only the reasons still offered); for its giver, complete
//! the note.

use super::InboxCtx;
use crate::app::use_session;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{Handoff, HandoffKind, HandoffNotePatch, HandoffStatus, RejectHandoff, SlaState};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError};
use std::collections::BTreeMap;

pub(crate) fn kind_msg(kind: HandoffKind) -> Msg {
    match kind {
        HandoffKind::Appointment => Msg::KindAppointment,
        HandoffKind::Won => Msg::KindWonAccount,
        HandoffKind::Stage => Msg::KindHandover,
    }
}

pub(crate) fn status_msg(status: HandoffStatus) -> Msg {
    match status {
        HandoffStatus::Pending => Msg::StatusPending,
        HandoffStatus::Accepted => Msg::StatusAccepted,
        HandoffStatus::Rejected => Msg::StatusRejected,
    }
}

fn sla_view(sla: SlaState) -> (&'static str, Msg) {
    match sla {
        SlaState::OnTime => ("badge", Msg::SlaOnTime),
        SlaState::DueSoon => ("badge badge--warn", Msg::SlaDueSoon),
        SlaState::Breached => ("badge badge--danger", Msg::SlaOverdue),
    }
}

/// What an answer that failed means for the member.
fn answer_error(e: &ClientError) -> Msg {
    match e.status() {
        None => Msg::Unreachable,
        Some(409) => Msg::HandoffAnswered,
        Some(403 | 404) => Msg::HandoffNotYours,
        Some(422) => Msg::ChooseReason,
        _ => Msg::ServerError,
    }
}

/// A hand-off in the list.
#[component]
pub fn HandoffCard(handoff: Handoff) -> impl IntoView {
    let ctx = expect_context::<InboxCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let h = handoff;
    let id = h.id;
    let me = session.with_me(|m| m.map(|m| (m.id, m.roles.clone())));
    let receiver = me.as_ref().is_some_and(|(mid, roles)| match &h.to {
        Some(to) => to.id == *mid,
        None => roles.contains(&h.to_role),
    });
    let actionable = receiver && h.status == HandoffStatus::Pending;
    let gives = me
        .as_ref()
        .is_some_and(|(mid, _)| h.from.as_ref().is_some_and(|f| f.id == *mid));
    let completable = gives && h.status == HandoffStatus::Pending;
    let note_form = completable.then(|| h.clone());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Msg>);
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let reason_id = format!("ho{id}-reason");
    let note_id = format!("ho{id}-note");

    let accept = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let client = session.client();
        spawn_local(async move {
            match client.accept_handoff(id).await {
                Ok(_) => {
                    ctx.status.set(Some(Msg::HandoffAcceptedToast));
                    ctx.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    session.check(&e);
                    let _ = error.try_set(Some(answer_error(&e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let open_reject = {
        let reason_id = reason_id.clone();
        move |_| {
            rejecting.set(true);
            crate::pages::deal::focus_later(reason_id.clone());
        }
    };
    let send_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = RejectHandoff {
            reason: reason.get_untracked(),
            note: note.get_untracked(),
        };
        if body.reason.is_empty() {
            error.set(Some(Msg::ChooseReason));
            return;
        }
        busy.set(true);
        error.set(None);
        let client = session.client();
        spawn_local(async move {
            match client.reject_handoff(id, &body).await {
                Ok(_) => {
                    ctx.status.set(Some(Msg::HandoffRejectedToast));
                    ctx.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    session.check(&e);
                    let _ = error.try_set(Some(answer_error(&e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let locale = i18n.locale_untracked();
    let from = h.from.as_ref().map_or_else(String::new, |m| m.name.clone());
    let to = h.to.as_ref().map_or_else(
        || i18n::role_name(locale, h.to_role).to_owned(),
        |m| m.name.clone(),
    );
    let route = i18n::handoff_route(locale, &from, h.from_role, &to, h.to_role);
    let (sla_class, sla_msg) = sla_view(h.sla);
    let due = h
        .due_at
        .map(|d| ctx.formatter.with_untracked(|f| f.format(d)));
    let sent = ctx.formatter.with_untracked(|f| f.format(h.sent_at));
    let title_id = format!("ho{id}-t");
    let labelled_by = title_id.clone();
    let note_block = super::note_view(&h, locale);
    let rejected = h.reject_reason.clone().map(|code| {
        // The reasons may arrive after the list: the label follows them.
        let label = move || {
            ctx.reasons
                .with(|rs| super::reason_label(locale, &code, rs))
        };
        let note = h.reject_note.clone().filter(|n| !n.is_empty());
        view! {
            <p class="handoff__rejected">
                <strong>{text(locale, Msg::RejectedBecause)}</strong>
                " "
                {label}
                {note.map(|n| format!(" — {n}"))}
            </p>
        }
    });
    let reasons = move || {
        ctx.reasons
            .get()
            .into_iter()
            .filter(|r| r.active)
            .map(|r| {
                let label = match i18n.locale() {
                    shared::Locale::Ja => r.label_ja,
                    shared::Locale::En => r.label_en,
                };
                view! { <option value=r.code>{label}</option> }
            })
            .collect_view()
    };

    view! {
        <li class="handoff" class:is-overdue={h.sla == SlaState::Breached} aria-labelledby=labelled_by>
            <div class="handoff__head">
                <h2 class="handoff__title" id=title_id>
                    <A href=format!("/deals/{}", h.deal.id)>{h.deal.title.clone()}</A>
                </h2>
                <span class="badge">{text(locale, kind_msg(h.kind))}</span>
                <span class="badge">{text(locale, status_msg(h.status))}</span>
                {(h.status == HandoffStatus::Pending || h.sla == SlaState::Breached)
                    .then(|| view! { <span class=sla_class>{text(locale, sla_msg)}</span> })}
            </div>
            <p class="handoff__meta">
                {h.deal.account.name.clone()}
                " · "
                {h.deal.amount.display()}
                " · "
                {h.deal.stage_name.clone()}
            </p>
            <p class="handoff__route">{route}</p>
            <dl class="handoff__times">
                <dt>{text(locale, Msg::SentAt)}</dt>
                <dd>{sent}</dd>
                {due.map(|d| view! {
                    <dt>{text(locale, Msg::DueAt)}</dt>
                    <dd>{d}</dd>
                })}
            </dl>
            {note_block}
            {rejected}
            {note_form.map(|h| view! { <NoteForm handoff=h /> })}
            {move || error.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            {actionable.then(|| view! {
                <div class="handoff__actions">
                    <button
                        type="button"
                        class="button button--primary"
                        on:click=accept
                        disabled=move || busy.get()
                    >
                        {i18n.tr(Msg::AcceptHandoff)}
                    </button>
                    <Show when=move || !rejecting.get()>
                        <button type="button" class="button" on:click=open_reject.clone()>
                            {i18n.tr(Msg::RejectHandoff)}
                        </button>
                    </Show>
                </div>
                <Show when=move || rejecting.get()>
                    <form class="handoff__reject" on:submit=send_back novalidate>
                        <label for=reason_id.clone()>{i18n.tr(Msg::RejectReasonLabel)}</label>
                        <select
                            id=reason_id.clone()
                            class="select"
                            required
                            on:change=move |ev| reason.set(event_target_value(&ev))
                            prop:value=move || reason.get()
                        >
                            <option value="">{i18n.tr(Msg::ChooseReason)}</option>
                            {reasons}
                        </select>
                        <label for=note_id.clone()>{i18n.tr(Msg::RejectNoteLabel)}</label>
                        <textarea
                            id=note_id.clone()
                            class="input"
                            rows="2"
                            maxlength="4000"
                            on:input=move |ev| note.set(event_target_value(&ev))
                            prop:value=move || note.get()
                        ></textarea>
                        <div class="handoff__actions">
                            <button type="submit" class="button button--danger" disabled=move || busy.get()>
                                {i18n.tr(Msg::RejectHandoff)}
                            </button>
                            <button type="button" class="button button--quiet" on:click=move |_| rejecting.set(false)>
                                {i18n.tr(Msg::Cancel)}
                            </button>
                        </div>
                    </form>
                </Show>
            })}
        </li>
    }
}

/// The giver completes the note of a pending hand-off: the type's fields and those already
/// written, the required ones still empty marked; field errors beside the fields.
#[component]
fn NoteForm(handoff: Handoff) -> impl IntoView {
    let ctx = expect_context::<InboxCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let h = handoff;
    let id = h.id;
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let draft = RwSignal::new(h.note.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let kind = h.kind;
    let saved: Vec<String> = h.note.keys().cloned().collect();
    // The type's fields (required first, as the type lists them), then any other written.
    let fields = move || {
        let mut list = ctx.types.with(|t| crate::pages::deal::note_fields(t, kind));
        for k in &saved {
            if !list.iter().any(|(f, _)| f == k) {
                list.push((k.clone(), false));
            }
        }
        list
    };
    let first_id = format!("ho{id}-note-first");
    let start = {
        let first_id = first_id.clone();
        move |_| {
            draft.set(h.note.clone());
            errors.set(Vec::new());
            general.set(None);
            open.set(true);
            crate::pages::deal::focus_later(first_id.clone());
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let note: BTreeMap<String, String> = draft
            .get_untracked()
            .into_iter()
            .map(|(k, v)| (k, v.trim().to_owned()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        busy.set(true);
        general.set(None);
        let client = session.client();
        spawn_local(async move {
            match client
                .update_handoff_note(id, &HandoffNotePatch { note })
                .await
            {
                Ok(_) => {
                    ctx.status.set(Some(Msg::NoteSaved));
                    let _ = open.try_set(false);
                    ctx.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    if !session.check(&e) {
                        let fields = match e.code() {
                            Some(ErrorCode::Validation) => e
                                .api_error()
                                .map(|x| x.error.fields.clone())
                                .unwrap_or_default(),
                            _ => Vec::new(),
                        };
                        let msg = if fields.is_empty() {
                            Some(answer_error(&e))
                        } else {
                            None
                        };
                        let _ = errors.try_set(fields);
                        let _ = general.try_set(msg);
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let inputs = move || {
        let locale = i18n.locale();
        fields()
            .into_iter()
            .enumerate()
            .map(|(i, (key, required))| {
                let input_id = if i == 0 {
                    first_id.clone()
                } else {
                    format!("ho{id}-note-{key}")
                };
                let error_id = format!("{input_id}-error");
                // A required field is marked while it is empty in the draft.
                let empty = {
                    let key = key.clone();
                    move || {
                        required
                            && draft.with(|n| n.get(&key).is_none_or(|v| v.trim().is_empty()))
                    }
                };
                let empty2 = empty.clone();
                let empty3 = empty.clone();
                let empty4 = empty.clone();
                let label = if required {
                    i18n::required_field(locale, &i18n::note_field(locale, &key))
                } else {
                    i18n::note_field(locale, &key)
                };
                let wire = format!("note.{key}");
                let err = {
                    let wire = wire.clone();
                    move || errors.with(|l| l.iter().find(|e| e.field == wire).map(|_| Msg::FieldInvalid))
                };
                let has_err = {
                    let wire = wire.clone();
                    move || errors.with(|l| l.iter().any(|e| e.field == wire))
                };
                let described = {
                    let error_id = error_id.clone();
                    let has_err = has_err.clone();
                    move || (has_err() || empty2()).then(|| error_id.clone())
                };
                let k = key.clone();
                view! {
                    <div class="field" class:is-missing=empty>
                        <label class="field__label" for=input_id.clone()>{label}</label>
                        <textarea
                            id=input_id
                            class="input"
                            rows="2"
                            maxlength="4000"
                            aria-invalid=move || (has_err() || empty3()).to_string()
                            aria-describedby=described
                            prop:value=move || draft.with(|n| n.get(&k).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|n| {
                                    n.insert(key.clone(), v);
                                });
                            }
                        ></textarea>
                        {move || match err() {
                            Some(m) => Some(view! { <p class="field__error" id=error_id.clone()>{i18n.tr(m)}</p> }.into_any()),
                            None if empty4() => Some(view! { <p class="field__error" id=error_id.clone()>{i18n.tr(Msg::NoteStillMissing)}</p> }.into_any()),
                            None => None,
                        }}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !open.get()>
            <div class="handoff__actions">
                <button type="button" class="button" on:click=start.clone()>
                    {i18n.tr(Msg::CompleteNote)}
                </button>
            </div>
        </Show>
        <Show when=move || open.get()>
            <form class="handoff__edit" on:submit=save novalidate aria-label=i18n.tr(Msg::CompleteNote)>
                {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                {inputs.clone()}
                <div class="handoff__actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {i18n.tr(Msg::SaveNote)}
                    </button>
                    <button type="button" class="button button--quiet" on:click=move |_| open.set(false)>
                        {i18n.tr(Msg::Cancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
