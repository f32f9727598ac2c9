//! Ending a call in one step: the finish panel asks only what the outcome needs (appointment
//! set: the meeting's date and time in the member's time zone, sent as UTC, and the closer,
//! the suggested one preselected; call back: when; not interested: why, prefilled from the
//! answer's reason; wrong contact and no answer: nothing), checks it with the shared rules,
//! waits for every answer to be confirmed, then finishes. Afterwards, the summary: the outcome,
//! the path, and the way to the next call in the queue.

use super::call::CallCtx;
use super::run::shared_label;
use super::start_call;
use super::text::{finish_msg, next_call, outcome_msg, path_item, titled};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, parse_local};
use crate::i18n::{self, Msg, text};
use crate::pages::deal::focus_later;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{CloserSource, FinishCall, MAX_REASON};
use shared::script::Outcome;
use shared::{DealId, FieldError, MemberId};

/// A typed date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Nothing typed.
    Empty,
    /// Not a date and time.
    Bad,
    /// This instant.
    At(DateTime<Utc>),
}

/// What the finish form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// The meeting (appointment set).
    pub meeting: Option<Typed>,
    /// The closer's id as selected ("" for none).
    pub closer: String,
    /// When to call again (call back).
    pub call_back: Option<Typed>,
    /// Why not (not interested).
    pub reason: String,
    /// The call's notes.
    pub notes: String,
}

fn error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: String::new(),
    }
}

/// The finish request for `outcome`, or what to fix: a time must be readable and still to
/// come; then the shared rules of [`FinishCall::validate`].
pub fn check(
    outcome: Outcome,
    form: &Form,
    now: DateTime<Utc>,
) -> Result<FinishCall, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut when = |field: &str, typed: Option<Typed>| match typed.unwrap_or(Typed::Empty) {
        Typed::Empty => None,
        Typed::Bad => {
            errors.push(error(field, "invalid_value"));
            None
        }
        Typed::At(t) if t <= now => {
            errors.push(error(field, "past"));
            None
        }
        Typed::At(t) => Some(t),
    };
    let mut body = FinishCall::new(outcome);
    body.notes = form.notes.trim().to_owned();
    match outcome {
        Outcome::AppointmentSet => {
            body.meeting_at = when("meeting_at", form.meeting);
            body.closer_id = form.closer.trim().parse::<i64>().ok().map(MemberId);
        }
        Outcome::CallBack => body.call_back_at = when("call_back_at", form.call_back),
        Outcome::NotInterested => body.reason = Some(form.reason.trim().to_owned()),
        Outcome::WrongContact | Outcome::NoAnswer => {}
    }
    if let Err(more) = body.validate() {
        for e in more {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

/// What a field's error says.
pub fn field_msg(field: &str, code: &str) -> Msg {
    match (field, code) {
        (_, "invalid_value") if field.ends_with("_at") => Msg::CallTimeInvalid,
        (_, "past") => Msg::CallTimePast,
        ("meeting_at", _) => Msg::CallMeetingRequired,
        ("call_back_at", _) => Msg::CallCallBackRequired,
        ("closer_id", "required") => Msg::CallCloserRequired,
        ("closer_id", _) => Msg::CallCloserInvalid,
        ("reason", "too_long") | ("notes", "too_long") => Msg::TooLong,
        ("reason", _) => Msg::CallReasonRequired,
        ("outcome", _) => Msg::CallCannotHandOff,
        _ => Msg::CheckInput,
    }
}

/// The control of a field.
fn control(field: &str) -> &'static str {
    match field {
        "meeting_at" => "call-meeting",
        "closer_id" => "call-closer",
        "call_back_at" => "call-call-back",
        "reason" => "call-reason",
        "notes" => super::call::NOTES_ID,
        _ => "call-finish-submit",
    }
}

fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Sends a finish once every answer is confirmed. `errors` receive the server's field errors,
/// `general` what is not a field's; `sending` is held meanwhile.
fn send_finish(
    ctx: CallCtx,
    body: FinishCall,
    errors: Option<RwSignal<Vec<FieldError>>>,
    general: RwSignal<Option<Msg>>,
    sending: RwSignal<bool>,
) {
    if sending.get_untracked() || ctx.closing.get_untracked() {
        return;
    }
    sending.set(true);
    ctx.closing.set(true);
    general.set(None);
    spawn_local(async move {
        let drained = ctx.drained().await;
        let result = if drained {
            Some(ctx.session.client().finish_call(ctx.id, &body).await)
        } else {
            None
        };
        let _ = sending.try_set(false);
        let _ = ctx.closing.try_set(false);
        let Some(result) = result else {
            return;
        };
        match result {
            Ok(call) => ctx.done(call, body),
            Err(e) if is_unauthorized(&e) => ctx.session.expire(),
            Err(e) if e.status() == Some(409) => ctx.reload(Some(Msg::CallAlreadyFinished)),
            Err(e) if e.status() == Some(422) => {
                let fields = e
                    .api_error()
                    .map(|a| a.error.fields.clone())
                    .unwrap_or_default();
                let outcome = fields.iter().find(|f| f.field == "outcome");
                let shown: Vec<FieldError> = fields
                    .iter()
                    .filter(|f| f.field != "outcome")
                    .cloned()
                    .collect();
                if let Some(f) = outcome {
                    let _ = general.try_set(Some(field_msg(&f.field, &f.code)));
                } else if shown.is_empty() || errors.is_none() {
                    let _ = general.try_set(Some(Msg::CheckInput));
                }
                if let (Some(errors), Some(first)) = (errors, shown.first()) {
                    focus_later(control(&first.field).into());
                    let _ = errors.try_set(shown);
                }
            }
            Err(e) if e.status().is_none() => {
                let _ = general.try_set(Some(Msg::Unreachable));
            }
            Err(_) => {
                let _ = general.try_set(Some(Msg::ServerError));
            }
        }
    });
}

/// Ends the call at once with an outcome that needs nothing (wrong contact, no answer).
pub(super) fn finish_now(ctx: CallCtx, mut body: FinishCall) {
    body.notes = ctx.notes.get_untracked().trim().to_owned();
    send_finish(ctx, body, None, ctx.quick_error, ctx.quick_sending);
}

/// The finish panel for `outcome`.
#[component]
pub(super) fn FinishPanel(outcome: Outcome) -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let (closers, suggested) = ctx
        .context
        .with_value(|c| (c.closers.clone(), c.suggested_closer.clone()));
    let zone = ctx.zone.get_value();
    let meeting = RwSignal::new(String::new());
    let closer = RwSignal::new(
        suggested
            .as_ref()
            .map(|s| s.member.id.to_string())
            .unwrap_or_default(),
    );
    let call_back = RwSignal::new(String::new());
    let reason = RwSignal::new(untrack(move || ctx.reached_reason()).unwrap_or_default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let sending = RwSignal::new(false);
    let chosen = untrack(move || ctx.finishing.get().is_some());

    let err = move |field: &'static str| {
        move || {
            errors.with(|list| {
                list.iter()
                    .find(|e| e.field == field)
                    .map(|e| field_msg(&e.field, &e.code))
            })
        }
    };
    let error_view = move |field: &'static str| {
        move || {
            err(field)().map(|m| {
                view! { <p class="field__error" id=format!("{}-error", control(field))>{i18n.tr(m)}</p> }
            })
        }
    };
    let invalid = move |field: &'static str| move || err(field)().map(|_| "true");
    let described = move |field: &'static str| {
        move || err(field)().map(|_| format!("{}-error", control(field)))
    };

    let submit = {
        let zone = zone.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let read = |v: String| {
                if v.trim().is_empty() {
                    Typed::Empty
                } else {
                    parse_local(&v, &zone).map_or(Typed::Bad, Typed::At)
                }
            };
            let form = Form {
                meeting: Some(read(meeting.get_untracked())),
                closer: closer.get_untracked(),
                call_back: Some(read(call_back.get_untracked())),
                reason: reason.get_untracked(),
                notes: ctx.notes.get_untracked(),
            };
            match check(outcome, &form, now()) {
                Ok(body) => {
                    errors.set(Vec::new());
                    send_finish(ctx, body, Some(errors), general, sending);
                }
                Err(list) => {
                    if let Some(first) = list.first() {
                        focus_later(control(&first.field).into());
                    }
                    errors.set(list);
                }
            }
        }
    };

    // The first thing to fill in (or the button, when there is nothing to fill in).
    let first = match outcome {
        Outcome::AppointmentSet => "call-meeting",
        Outcome::CallBack => "call-call-back",
        Outcome::NotInterested => "call-reason",
        Outcome::WrongContact | Outcome::NoAnswer => "call-finish-submit",
    };
    focus_later(first.into());

    let suggestion = suggested.map(|s| {
        let why = match s.source {
            CloserSource::Deal => Msg::CallCloserFromDeal,
            CloserSource::Routing => Msg::CallCloserFromRouting,
        };
        let name = s.member.name.clone();
        view! { <p class="field__hint" id="call-closer-hint">{move || titled(i18n.locale(), why, &name)}</p> }
    });
    let time_label = move |label: Msg| {
        let zone = ctx.zone.get_value();
        move || i18n::in_time_zone(i18n.locale(), label, &zone)
    };
    let fields = match outcome {
        Outcome::AppointmentSet => view! {
            <div class="field">
                <label class="field__label" for="call-meeting">{time_label(Msg::CallMeetingAt)}</label>
                <input
                    id="call-meeting"
                    class="input"
                    type="datetime-local"
                    prop:value=move || meeting.get()
                    on:input=move |ev| meeting.set(event_target_value(&ev))
                    aria-invalid=invalid("meeting_at")
                    aria-describedby=described("meeting_at")
                />
                {error_view("meeting_at")}
            </div>
            <div class="field">
                <label class="field__label" for="call-closer">{i18n.tr(Msg::CallCloser)}</label>
                <select
                    id="call-closer"
                    class="select"
                    prop:value=move || closer.get()
                    on:change=move |ev| closer.set(event_target_value(&ev))
                    aria-invalid=invalid("closer_id")
                    aria-describedby=move || {
                        described("closer_id")().unwrap_or_else(|| "call-closer-hint".to_owned())
                    }
                >
                    <option value="">{i18n.tr(Msg::CallChooseCloser)}</option>
                    {closers
                        .iter()
                        .map(|c| {
                            let id = c.id.to_string();
                            let selected = closer.get_untracked() == id;
                            view! { <option value=id selected=selected>{c.name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
                {suggestion}
                {error_view("closer_id")}
            </div>
        }
        .into_any(),
        Outcome::CallBack => view! {
            <div class="field">
                <label class="field__label" for="call-call-back">{time_label(Msg::CallCallBackAt)}</label>
                <input
                    id="call-call-back"
                    class="input"
                    type="datetime-local"
                    prop:value=move || call_back.get()
                    on:input=move |ev| call_back.set(event_target_value(&ev))
                    aria-invalid=invalid("call_back_at")
                    aria-describedby=described("call_back_at")
                />
                {error_view("call_back_at")}
            </div>
        }
        .into_any(),
        Outcome::NotInterested => view! {
            <div class="field">
                <label class="field__label" for="call-reason">{i18n.tr(Msg::CallReason)}</label>
                <input
                    id="call-reason"
                    class="input"
                    type="text"
                    maxlength=MAX_REASON.to_string()
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                    aria-invalid=invalid("reason")
                    aria-describedby=described("reason")
                />
                {error_view("reason")}
            </div>
        }
        .into_any(),
        Outcome::WrongContact | Outcome::NoAnswer => ().into_any(),
    };

    view! {
        <section class="panel call-finish" aria-labelledby="call-finish-title">
            <h2 class="panel__title" id="call-finish-title">
                {move || {
                    let locale = i18n.locale();
                    titled(locale, Msg::CallFinishTitle, text(locale, outcome_msg(outcome)))
                }}
            </h2>
            <form class="form call-finish__form" novalidate on:submit=submit>
                {fields}
                {error_view("notes")}
                <div class="form__actions">
                    <button
                        type="submit"
                        id="call-finish-submit"
                        class="button button--primary"
                        disabled=move || sending.get()
                        aria-busy=move || sending.get().then_some("true")
                    >
                        {i18n.tr(finish_msg(outcome))}
                    </button>
                    {chosen
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button button--quiet"
                                    aria-keyshortcuts="Escape"
                                    on:click=move |_| ctx.finishing.set(None)
                                >
                                    {i18n.tr(Msg::CallContinue)}
                                    <kbd class="call-key call-key--small" aria-hidden="true">"Esc"</kbd>
                                </button>
                            }
                        })}
                </div>
                <div role="status" aria-live="polite">
                    {move || {
                        (sending.get() && ctx.pending.get() > 0)
                            .then(|| view! { <p class="status">{i18n.tr(Msg::CallSavingAnswers)}</p> })
                    }}
                    {move || general.get().map(|m| view! { <p class="alert alert--error">{i18n.tr(m)}</p> })}
                </div>
            </form>
        </section>
    }
}

/// The call as recorded: its outcome and path, and the next call.
#[component]
pub(super) fn Summary() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let Some(call) = ctx.finished.get_untracked() else {
        return ().into_any();
    };
    let sent = ctx.sent.get_untracked();
    let format = DateTimeFormatter::new(i18n.locale_untracked(), &ctx.zone.get_value());
    let outcome = call.outcome;
    let (closers, deal) = ctx
        .context
        .with_value(|c| (c.closers.clone(), c.deal.clone()));
    let mut facts: Vec<(Msg, String)> = Vec::new();
    if let Some(s) = &sent {
        if let Some(t) = s.meeting_at {
            facts.push((Msg::CallMeetingAt, format.format(t)));
        }
        if let Some(c) = s
            .closer_id
            .and_then(|id| closers.iter().find(|c| c.id == id))
        {
            facts.push((Msg::CallCloser, c.name.clone()));
        }
        if let Some(t) = s.call_back_at {
            facts.push((Msg::CallCallBackAt, format.format(t)));
        }
    }
    if let Some(r) = call.reason.clone() {
        facts.push((Msg::CallReason, r));
    }
    if !call.notes.is_empty() {
        facts.push((Msg::CallNotes, call.notes.clone()));
    }
    let path = call
        .path
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let step = call
                .graph
                .steps
                .iter()
                .find(|s| s.key == p.step_key)
                .filter(|s| s.shared)
                .map(|_| shared_label(&call.graph, &p.step_key))
                .unwrap_or_else(|| p.step_key.clone());
            let line = path_item(i + 1, &step, &p.label);
            let notes = (!p.notes.is_empty()).then(|| p.notes.clone());
            view! {
                <li class="call-path__item">
                    <span>{line}</span>
                    {notes.map(|n| view! { <span class="call-path__notes">{n}</span> })}
                </li>
            }
        })
        .collect_view();
    let deal_id = deal.as_ref().map(|d| d.id);
    let handed = outcome == Some(Outcome::AppointmentSet);
    view! {
        <section class="panel call-summary" aria-labelledby="call-summary-title">
            <h2 class="panel__title" id="call-summary-title" tabindex="-1">
                {move || {
                    let locale = i18n.locale();
                    match outcome {
                        Some(o) => titled(locale, Msg::CallRecorded, text(locale, outcome_msg(o))),
                        None => text(locale, Msg::CallRecorded).to_owned(),
                    }
                }}
            </h2>
            {(!facts.is_empty())
                .then(|| {
                    view! {
                        <dl class="call-summary__facts">
                            {facts
                                .into_iter()
                                .map(|(k, v)| view! { <div><dt>{i18n.tr(k)}</dt><dd>{v}</dd></div> })
                                .collect_view()}
                        </dl>
                    }
                })}
            <h3 class="call-section-title">{i18n.tr(Msg::CallPath)}</h3>
            <ol class="call-path__list">{path}</ol>
            {handed
                .then(|| {
                    view! {
                        <p class="call-summary__handoff">
                            {i18n.tr(Msg::CallHandedOff)}
                            " "
                            <A href="/handoffs?view=sent">{i18n.tr(Msg::CallSentHandoffs)}</A>
                        </p>
                    }
                })}
            <NextCall after=deal_id />
            <p class="call-summary__links">
                {deal_id.map(|d| view! { <A href=format!("/deals/{d}")>{i18n.tr(Msg::CallOpenDeal)}</A> " · " })}
                <A href="/calls">{i18n.tr(Msg::CallBackToQueue)}</A>
            </p>
        </section>
    }
    .into_any()
}

/// The next deal of the queue with a script, and a button that starts its call.
#[component]
fn NextCall(after: Option<DealId>) -> impl IntoView {
    let session = use_session();
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let queue = LocalResource::new(move || {
        let client = session.client();
        async move { client.call_queue().await }
    });
    let busy = RwSignal::new(None::<DealId>);
    let error = RwSignal::new(None::<Msg>);
    move || {
        let Some(result) = queue.get() else {
            return view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }
                .into_any();
        };
        let next = result.ok().and_then(|list| {
            list.into_iter()
                .find(|e| Some(e.deal.id) != after && e.script.is_some())
        });
        match next {
            Some(e) => {
                let deal = e.deal.id;
                let script = e.script.as_ref().map(|s| s.id);
                let label = next_call(
                    i18n.locale(),
                    &e.deal.title,
                    e.contact.as_ref().map(|c| c.name.as_str()),
                );
                view! {
                    <div class="call-summary__next">
                        <button
                            type="button"
                            class="button button--primary"
                            disabled=move || busy.get().is_some()
                            on:click=move |_| {
                                if let Some(s) = script {
                                    start_call(session, deal, s, busy, error);
                                }
                            }
                        >
                            {label}
                        </button>
                        <div role="status" aria-live="polite">
                            {move || error.get().map(|m| view! { <p class="alert alert--error">{i18n.tr(m)}</p> })}
                        </div>
                    </div>
                }
                .into_any()
            }
            None => {
                view! { <p class="empty">{text(i18n.locale(), Msg::CallQueueDone)}</p> }.into_any()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(s, 0).unwrap_or_default()
    }

    fn fields(r: Result<FinishCall, Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn an_appointment_needs_a_future_time_and_a_closer() {
        let now = at(1_000);
        let empty = Form::default();
        assert_eq!(
            fields(check(Outcome::AppointmentSet, &empty, now)),
            vec![
                ("meeting_at".into(), "required".into()),
                ("closer_id".into(), "required".into())
            ]
        );
        let past = Form {
            meeting: Some(Typed::At(at(999))),
            closer: "5".into(),
            ..Form::default()
        };
        assert_eq!(
            fields(check(Outcome::AppointmentSet, &past, now)),
            vec![("meeting_at".into(), "past".into())]
        );
        let bad = Form {
            meeting: Some(Typed::Bad),
            ..past.clone()
        };
        assert_eq!(
            fields(check(Outcome::AppointmentSet, &bad, now)),
            vec![("meeting_at".into(), "invalid_value".into())]
        );
        let ok = Form {
            meeting: Some(Typed::At(at(2_000))),
            notes: "  決裁者同席  ".into(),
            ..past
        };
        let body = check(Outcome::AppointmentSet, &ok, now).expect("ok");
        assert_eq!(body.meeting_at, Some(at(2_000)));
        assert_eq!(body.closer_id, Some(MemberId(5)));
        assert_eq!(body.notes, "決裁者同席");
        assert_eq!(body.call_back_at, None);
    }

    #[test]
    fn each_outcome_asks_only_what_it_needs() {
        let now = at(1_000);
        assert_eq!(
            fields(check(Outcome::CallBack, &Form::default(), now)),
            vec![("call_back_at".into(), "required".into())]
        );
        let reason = Form {
            reason: "  ".into(),
            ..Form::default()
        };
        assert_eq!(
            fields(check(Outcome::NotInterested, &reason, now)),
            vec![("reason".into(), "required".into())]
        );
        let given = Form {
            reason: " 予算がない ".into(),
            // Ignored for this outcome.
            meeting: Some(Typed::Bad),
            ..Form::default()
        };
        let body = check(Outcome::NotInterested, &given, now).expect("ok");
        assert_eq!(body.reason.as_deref(), Some("予算がない"));
        assert_eq!(body.meeting_at, None);
        for o in [Outcome::WrongContact, Outcome::NoAnswer] {
            let body = check(o, &Form::default(), now).expect("one click");
            assert_eq!(body, FinishCall::new(o));
        }
    }

    #[test]
    fn field_errors_say_what_to_fix() {
        assert_eq!(
            field_msg("meeting_at", "required"),
            Msg::CallMeetingRequired
        );
        assert_eq!(field_msg("meeting_at", "past"), Msg::CallTimePast);
        assert_eq!(
            field_msg("call_back_at", "invalid_value"),
            Msg::CallTimeInvalid
        );
        assert_eq!(field_msg("closer_id", "required"), Msg::CallCloserRequired);
        assert_eq!(
            field_msg("closer_id", "invalid_value"),
            Msg::CallCloserInvalid
        );
        assert_eq!(field_msg("reason", "too_long"), Msg::TooLong);
        assert_eq!(
            field_msg("outcome", "invalid_value"),
            Msg::CallCannotHandOff
        );
    }
}
