//! The deal's activities (planned first, then done) and a small form to plan one or log one
//! done. Times are typed and shown in the member's time zone, not the browser's.

use super::{DealContext, focus_later, list_state};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::parse_local;
use crate::i18n::{self, Msg, text, use_i18n};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{ACTIVITY_KINDS, Activity, NewActivity};
use shared::{FieldError, Locale};

fn kind_name(locale: Locale, kind: &str) -> &'static str {
    let msg = match kind {
        "call" => Msg::KindCall,
        "meeting" => Msg::KindMeeting,
        "email" => Msg::KindEmail,
        "visit" => Msg::KindVisit,
        _ => Msg::KindTask,
    };
    text(locale, msg)
}

fn field_msg(e: &FieldError) -> Msg {
    match (e.field.as_str(), e.code.as_str()) {
        ("planned_at", "required") => Msg::PlannedAtRequired,
        (_, "required") => Msg::FieldRequired,
        (_, "too_long") => Msg::TooLong,
        _ => Msg::FieldInvalid,
    }
}

/// The "Activities" section: the form, then the list.
#[component]
pub(super) fn Activities(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let retry = RwSignal::new(0u32);
    let id = ctx.id();
    let loaded = LocalResource::new(move || {
        ctx.changed.track();
        retry.track();
        let client = session.client();
        async move { client.deal_activities(id).await }
    });
    let list = move || {
        list_state(loaded.get(), retry, move |list: Vec<Activity>| {
            if list.is_empty() {
                return view! { <p class="empty">{i18n.tr(Msg::NoActivities)}</p> }.into_any();
            }
            let locale = i18n.locale();
            let rows = list
                .into_iter()
                .map(|a| {
                    let done = a.done_at.is_some();
                    let at = a.done_at.or(a.planned_at);
                    let when = at.map(|t| ctx.formatter.with(|f| f.format(t))).unwrap_or_default();
                    let state = if done { Msg::ActivityDone } else { Msg::ActivityPlanned };
                    view! {
                        <li class="timeline__item" class:is-planned=!done>
                            <span class="timeline__what">
                                <span class="badge">{text(locale, state)}</span>
                                " "
                                {kind_name(locale, &a.kind)}
                                " · "
                                {a.subject}
                            </span>
                            <span class="timeline__meta">
                                {a.member.name}
                                " · "
                                <time datetime=at.map(|t| t.to_rfc3339()).unwrap_or_default()>{when}</time>
                            </span>
                            {(!a.notes.is_empty()).then(|| view! { <span class="timeline__notes">{a.notes}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="timeline" aria-label=i18n.tr(Msg::ActivityList)>{rows}</ul> }
                .into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="deal-activities-heading">
            <h2 id="deal-activities-heading" class="panel__title">{i18n.tr(Msg::Activities)}</h2>
            <NewActivityForm ctx=ctx />
            {list}
        </section>
    }
}

/// Plan an activity or log one done.
#[component]
fn NewActivityForm(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let kind = RwSignal::new("call".to_owned());
    let subject = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let status = RwSignal::new(None::<Msg>);
    let sending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        status.set(None);
        general.set(None);
        let zone = ctx.time_zone.get_untracked();
        let typed = when.get_untracked();
        let is_done = done.get_untracked();
        let time_field = if is_done { "done_at" } else { "planned_at" };
        let at = if typed.trim().is_empty() {
            // The browser's clock (chrono's own clock is not available in wasm here).
            is_done
                .then(|| DateTime::<Utc>::from_timestamp_millis(js_sys::Date::now() as i64))
                .flatten()
        } else {
            match parse_local(&typed, &zone) {
                Some(t) => Some(t),
                None => {
                    errors.set(vec![FieldError {
                        field: time_field.into(),
                        code: "invalid_value".into(),
                        message: String::new(),
                    }]);
                    focus_later("act-when".into());
                    return;
                }
            }
        };
        let new = NewActivity {
            kind: kind.get_untracked(),
            subject: subject.get_untracked().trim().to_owned(),
            notes: notes.get_untracked().trim().to_owned(),
            planned_at: if is_done { None } else { at },
            done_at: if is_done { at } else { None },
        };
        if let Err(e) = new.validate() {
            if let Some(first) = e.first() {
                focus_later(input_id(&first.field).into());
            }
            errors.set(e);
            return;
        }
        errors.set(Vec::new());
        sending.set(true);
        let client = session.client();
        let id = ctx.id();
        spawn_local(async move {
            let result = client.add_activity(id, &new).await;
            sending.try_set(false);
            match result {
                Ok(_) => {
                    subject.set(String::new());
                    notes.set(String::new());
                    when.set(String::new());
                    status.set(Some(Msg::ActivityAdded));
                    ctx.changed.update(|n| *n += 1);
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => {
                    let fields = e
                        .api_error()
                        .map(|x| x.error.fields.clone())
                        .unwrap_or_default();
                    general.set(if !fields.is_empty() {
                        None
                    } else if e.status().is_none() {
                        Some(Msg::Unreachable)
                    } else {
                        Some(Msg::ServerError)
                    });
                    errors.set(fields);
                }
            }
        });
    };
    let has_error = move |field: &'static str| errors.with(|f| f.iter().any(|e| e.field == field));
    let time_error = move || has_error("planned_at") || has_error("done_at");
    let error_for = move |fields: &'static [&'static str], id: &'static str| {
        move || {
            errors.with(|f| {
                f.iter()
                    .find(|e| fields.contains(&e.field.as_str()))
                    .map(|e| {
                        let msg = field_msg(e);
                        view! { <p class="field__error" id=id>{i18n.tr(msg)}</p> }
                    })
            })
        }
    };
    let time_label = move || {
        let label = if done.get() {
            Msg::DoneAt
        } else {
            Msg::PlannedAt
        };
        ctx.time_zone
            .with(|z| i18n::in_time_zone(i18n.locale(), label, z))
    };
    let time_described = move || {
        let mut ids = Vec::new();
        if done.get() {
            ids.push("act-when-hint");
        }
        if time_error() {
            ids.push("act-when-error");
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };

    view! {
        <form class="form activity-form" on:submit=submit novalidate>
            <div class="activity-form__row">
                <div class="field">
                    <label class="field__label" for="act-kind">{i18n.tr(Msg::ActivityKind)}</label>
                    <select id="act-kind" class="select" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {ACTIVITY_KINDS
                            .into_iter()
                            .map(|k| view! { <option value=k selected=move || kind.with(|c| c == k)>{move || kind_name(i18n.locale(), k)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field activity-form__subject">
                    <label class="field__label" for="act-subject">{i18n.tr(Msg::Subject)}</label>
                    <input
                        id="act-subject"
                        class="input"
                        maxlength="200"
                        required
                        aria-invalid=move || has_error("subject").to_string()
                        aria-describedby=move || has_error("subject").then_some("act-subject-error")
                        prop:value=subject
                        on:input=move |ev| subject.set(event_target_value(&ev))
                    />
                    {error_for(&["subject"], "act-subject-error")}
                </div>
            </div>
            <div class="field">
                <label class="field__label" for="act-notes">{i18n.tr(Msg::Notes)}</label>
                <textarea
                    id="act-notes"
                    class="input textarea"
                    rows="2"
                    maxlength="5000"
                    aria-invalid=move || has_error("notes").to_string()
                    prop:value=notes
                    on:input=move |ev| notes.set(event_target_value(&ev))
                ></textarea>
                {error_for(&["notes"], "act-notes-error")}
            </div>
            <div class="activity-form__row">
                <div class="field">
                    <label class="field__label" for="act-when">{time_label}</label>
                    <input
                        id="act-when"
                        class="input"
                        type="datetime-local"
                        aria-invalid=move || time_error().to_string()
                        aria-describedby=time_described
                        prop:value=when
                        on:input=move |ev| when.set(event_target_value(&ev))
                    />
                    {move || done.get().then(|| view! { <p class="field__hint" id="act-when-hint">{i18n.tr(Msg::DoneAtHint)}</p> })}
                    {error_for(&["planned_at", "done_at"], "act-when-error")}
                </div>
                <div class="check">
                    <input
                        id="act-done"
                        type="checkbox"
                        prop:checked=done
                        on:change=move |ev| {
                            done.set(event_target_checked(&ev));
                            errors.update(|f| f.retain(|e| e.field != "planned_at" && e.field != "done_at"));
                        }
                    />
                    <label for="act-done">{i18n.tr(Msg::AlreadyDone)}</label>
                </div>
            </div>
            {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            <div class="form__actions">
                <button type="submit" class="button" disabled=sending>{i18n.tr(Msg::AddActivity)}</button>
                <p class="form__status" role="status">{move || status.get().map(|m| i18n.tr(m)())}</p>
            </div>
        </form>
    }
}

/// The form control that shows a field's error.
fn input_id(field: &str) -> &'static str {
    match field {
        "subject" => "act-subject",
        "notes" => "act-notes",
        "kind" => "act-kind",
        _ => "act-when",
    }
}
