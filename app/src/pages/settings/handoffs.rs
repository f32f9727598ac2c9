//! Hand-off settings (`/settings/handoffs`, managers): per hand-off type, the deadline in
//! business hours and minutes (stored as minutes) and the note fields the giver must fill;
//! the reasons a receiver may give for sending a hand-off back: add (code typed or made from
//! the English label), edit the labels, retire or offer again (a retired reason stays on past
//! hand-offs and in the numbers), reorder. Refusals are shown beside the field they name.

use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    HandoffKind, HandoffType, HandoffTypePatch, NewRejectReason, RejectReason, RejectReasonPatch,
};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError, Role};

/// The note fields a manager may require (the ones the app names in both languages).
const KNOWN_FIELDS: [&str; 9] = [
    "need",
    "budget",
    "decision_maker",
    "timing",
    "promised",
    "contract_terms",
    "deliverables",
    "key_contacts",
    "risks",
];

fn kind_label(kind: HandoffKind) -> Msg {
    crate::pages::handoffs::kind_msg(kind)
}

/// The fields a refusal names, or a message for the whole form.
fn refusal(e: &ClientError) -> (Vec<FieldError>, Option<Msg>) {
    match e.code() {
        Some(ErrorCode::Validation) => {
            let f = e
                .api_error()
                .map(|x| x.error.fields.clone())
                .unwrap_or_default();
            let general = f.is_empty().then_some(Msg::CheckInput);
            (f, general)
        }
        Some(ErrorCode::Conflict) => (
            vec![FieldError {
                field: "code".into(),
                code: "taken".into(),
                message: String::new(),
            }],
            None,
        ),
        Some(ErrorCode::Forbidden) => (Vec::new(), Some(Msg::ManagersOnly)),
        _ if e.status().is_none() => (Vec::new(), Some(Msg::Unreachable)),
        _ => (Vec::new(), Some(Msg::ServerError)),
    }
}

/// The message beside a field.
fn field_msg(e: &FieldError) -> Msg {
    match (e.field.as_str(), e.code.as_str()) {
        ("code", "taken") => Msg::ReasonCodeTaken,
        ("code", _) => Msg::ReasonCodeInvalid,
        ("sla_minutes", _) => Msg::DeadlineInvalid,
        ("active", _) => Msg::LastReasonStays,
        (_, "required") => Msg::FieldRequired,
        _ => Msg::FieldInvalid,
    }
}

/// `/settings/handoffs`.
#[component]
pub fn HandoffSettingsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::HandoffSettings);
    let is_manager =
        Memo::new(move |_| session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager))));
    let attempt = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        attempt.track();
        let manager = is_manager.get();
        let client = session.client();
        async move {
            if !manager {
                return None;
            }
            let types = client.handoff_types().await;
            let reasons = client.all_reject_reasons().await;
            Some(types.and_then(|t| reasons.map(|r| (t, r))))
        }
    });
    let body = move || {
        if !is_manager.get() {
            return view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::ManagersOnly)}</p> }
                .into_any();
        }
        match loaded.get().flatten() {
            None => {
                view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any()
            }
            Some(Err(e)) => {
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
                        <p class="alert alert--error" role="alert">{i18n.tr(msg)}</p>
                        <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                            {i18n.tr(Msg::Retry)}
                        </button>
                    </div>
                }
                .into_any()
            }
            Some(Ok((types, reasons))) => view! {
                <section class="panel" aria-labelledby="ho-types-heading">
                    <h2 id="ho-types-heading" class="panel__title">{i18n.tr(Msg::HandoffTypes)}</h2>
                    <p class="page__lead">{i18n.tr(Msg::HandoffTypesHelp)}</p>
                    <div class="ho-types">
                        {types.into_iter().map(|t| view! { <TypeForm t=t /> }).collect_view()}
                    </div>
                </section>
                <Reasons initial=reasons />
            }
            .into_any(),
        }
    };
    view! {
        <div class="page page--settings">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Settings)}</h1>
            </div>
            <Show when=move || is_manager.get()>
                <super::SettingsTabs />
            </Show>
            {body}
        </div>
    }
}

/// One type: its deadline (hours and minutes of business time) and required fields.
#[component]
fn TypeForm(t: HandoffType) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let kind = t.kind;
    let k = kind.as_str();
    let hours = RwSignal::new((t.sla_minutes / 60).to_string());
    let minutes = RwSignal::new((t.sla_minutes % 60).to_string());
    let required = RwSignal::new(t.required_fields.clone());
    let saved = RwSignal::new(t.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // The known fields, then any other the type requires.
    let mut fields: Vec<String> = KNOWN_FIELDS.iter().map(|f| (*f).to_owned()).collect();
    for f in &t.required_fields {
        if !fields.contains(f) {
            fields.push(f.clone());
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        general.set(None);
        let parse = |s: String| s.trim().parse::<u32>().ok();
        let (Some(h), Some(m)) = (parse(hours.get_untracked()), parse(minutes.get_untracked()))
        else {
            errors.set(vec![FieldError {
                field: "sla_minutes".into(),
                code: "invalid_value".into(),
                message: String::new(),
            }]);
            return;
        };
        if m >= 60 {
            errors.set(vec![FieldError {
                field: "sla_minutes".into(),
                code: "invalid_value".into(),
                message: String::new(),
            }]);
            return;
        }
        let patch = HandoffTypePatch {
            sla_minutes: h.saturating_mul(60).saturating_add(m),
            required_fields: required.get_untracked(),
        };
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            match client.update_handoff_type(kind, &patch).await {
                Ok(t) => {
                    let _ = errors.try_set(Vec::new());
                    let _ = hours.try_set((t.sla_minutes / 60).to_string());
                    let _ = minutes.try_set((t.sla_minutes % 60).to_string());
                    let _ = required.try_set(t.required_fields.clone());
                    let _ = saved.try_set(t);
                    let _ = done.try_set(true);
                }
                Err(e) => {
                    if !session.check(&e) {
                        let (f, g) = refusal(&e);
                        let _ = errors.try_set(f);
                        let _ = general.try_set(g);
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let sla_error = move || {
        errors.with(|l| {
            l.iter()
                .find(|e| e.field == "sla_minutes")
                .map(|e| view! { <p class="field__error" id=format!("ho-type-{k}-sla-error")>{i18n.tr(field_msg(e))}</p> })
        })
    };
    let sla_invalid = move || errors.with(|l| l.iter().any(|e| e.field == "sla_minutes"));
    let fields_error = move || {
        errors.with(|l| {
            l.iter()
                .find(|e| e.field == "required_fields")
                .map(|e| view! { <p class="field__error">{i18n.tr(field_msg(e))}</p> })
        })
    };
    let title_id = format!("ho-type-{k}-title");
    let labelled_by = title_id.clone();
    view! {
        <form class="ho-type" on:submit=submit novalidate aria-labelledby=labelled_by>
            <h3 class="ho-type__title" id=title_id>{move || text(i18n.locale(), kind_label(kind))}</h3>
            <p class="ho-type__now">
                {move || saved.with(|t| i18n::deadline_now(i18n.locale(), t.sla_minutes))}
            </p>
            {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            <fieldset class="ho-type__deadline">
                <legend>{i18n.tr(Msg::DeadlineBusinessTime)}</legend>
                <div class="form--row">
                    <div class="field field--narrow">
                        <label class="field__label" for=format!("ho-type-{k}-hours")>{i18n.tr(Msg::Hours)}</label>
                        <input
                            id=format!("ho-type-{k}-hours")
                            class="input"
                            type="number"
                            min="0"
                            max="720"
                            inputmode="numeric"
                            aria-invalid=move || sla_invalid().to_string()
                            aria-describedby=move || sla_invalid().then(|| format!("ho-type-{k}-sla-error"))
                            prop:value=move || hours.get()
                            on:input=move |ev| hours.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field field--narrow">
                        <label class="field__label" for=format!("ho-type-{k}-minutes")>{i18n.tr(Msg::Minutes)}</label>
                        <input
                            id=format!("ho-type-{k}-minutes")
                            class="input"
                            type="number"
                            min="0"
                            max="59"
                            inputmode="numeric"
                            aria-invalid=move || sla_invalid().to_string()
                            aria-describedby=move || sla_invalid().then(|| format!("ho-type-{k}-sla-error"))
                            prop:value=move || minutes.get()
                            on:input=move |ev| minutes.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                {sla_error}
            </fieldset>
            <fieldset class="ho-type__fields">
                <legend>{i18n.tr(Msg::RequiredNoteFields)}</legend>
                <div class="ho-type__checks">
                    {fields
                        .into_iter()
                        .map(|f| {
                            let id = format!("ho-type-{k}-f-{f}");
                            let checked = f.clone();
                            let name = f.clone();
                            view! {
                                <div class="check">
                                    <input
                                        id=id.clone()
                                        type="checkbox"
                                        prop:checked=move || required.with(|r| r.contains(&checked))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            required.update(|r| {
                                                r.retain(|x| *x != f);
                                                if on {
                                                    r.push(f.clone());
                                                }
                                            });
                                        }
                                    />
                                    <label for=id>{move || i18n::note_field(i18n.locale(), &name)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                {fields_error}
            </fieldset>
            <div class="handoff__actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {move || i18n::save_type(i18n.locale(), text(i18n.locale(), kind_label(kind)))}
                </button>
                <span role="status" class="ho-type__done">
                    {move || done.get().then(|| i18n.tr(Msg::Saved))}
                </span>
            </div>
        </form>
    }
}

/// The reject reasons: the list in order (retired ones marked), and a form to add one.
#[component]
fn Reasons(initial: Vec<RejectReason>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let list = RwSignal::new(initial);
    let status = RwSignal::new(None::<String>);
    // The code a refusal is about, with its fields, or a message for the list.
    let row_errors = RwSignal::new(None::<(String, Vec<FieldError>, Option<Msg>)>);
    let busy = RwSignal::new(false);

    let patch = move |code: String, body: RejectReasonPatch, said: Msg| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        row_errors.set(None);
        let client = session.client();
        spawn_local(async move {
            match client.update_reject_reason(&code, &body).await {
                Ok(r) => {
                    // Reordering moves others: take the list as the server has it.
                    match client.all_reject_reasons().await {
                        Ok(all) => {
                            let _ = list.try_set(all);
                        }
                        Err(_) => {
                            let _ = list.try_update(|l| {
                                if let Some(x) = l.iter_mut().find(|x| x.code == r.code) {
                                    *x = r.clone();
                                }
                            });
                        }
                    }
                    let label = match i18n.locale_untracked() {
                        shared::Locale::Ja => r.label_ja,
                        shared::Locale::En => r.label_en,
                    };
                    let _ = status.try_set(Some(format!(
                        "{} {label}",
                        text(i18n.locale_untracked(), said)
                    )));
                    crate::pages::deal::focus_later(format!("reason-{code}-ja"));
                }
                Err(e) => {
                    if !session.check(&e) {
                        let (f, g) = refusal(&e);
                        let _ = row_errors.try_set(Some((code, f, g)));
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let rows = move || {
        let all = list.get();
        let count = all.len();
        all.into_iter()
            .enumerate()
            .map(|(i, r)| {
                let code = r.code.clone();
                let ja = RwSignal::new(r.label_ja.clone());
                let en = RwSignal::new(r.label_en.clone());
                let active = r.active;
                let errs = {
                    let code = code.clone();
                    move |field: &'static str| {
                        let code = code.clone();
                        move || {
                            row_errors.with(|x| {
                                x.as_ref()
                                    .filter(|(c, _, _)| *c == code)
                                    .and_then(|(_, f, _)| f.iter().find(|e| e.field == field))
                                    .map(|e| view! { <p class="field__error">{i18n.tr(field_msg(e))}</p> })
                            })
                        }
                    }
                };
                let general = {
                    let code = code.clone();
                    move || {
                        row_errors.with(|x| {
                            x.as_ref()
                                .filter(|(c, _, _)| *c == code)
                                .and_then(|(_, _, g)| *g)
                                .map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })
                        })
                    }
                };
                let save = {
                    let code = code.clone();
                    move |_| {
                        patch(
                            code.clone(),
                            RejectReasonPatch {
                                label_ja: Some(ja.get_untracked()),
                                label_en: Some(en.get_untracked()),
                                ..Default::default()
                            },
                            Msg::ReasonSaved,
                        )
                    }
                };
                let toggle = {
                    let code = code.clone();
                    move |_| {
                        patch(
                            code.clone(),
                            RejectReasonPatch {
                                active: Some(!active),
                                ..Default::default()
                            },
                            if active { Msg::ReasonRetired } else { Msg::ReasonOffered },
                        )
                    }
                };
                let up = {
                    let code = code.clone();
                    move |_| {
                        patch(
                            code.clone(),
                            RejectReasonPatch {
                                position: u32::try_from(i.saturating_sub(1)).ok(),
                                ..Default::default()
                            },
                            Msg::ReasonMoved,
                        )
                    }
                };
                let down = {
                    let code = code.clone();
                    move |_| {
                        patch(
                            code.clone(),
                            RejectReasonPatch {
                                position: u32::try_from(i + 1).ok(),
                                ..Default::default()
                            },
                            Msg::ReasonMoved,
                        )
                    }
                };
                let name = r.label_ja.clone();
                let name_en = r.label_en.clone();
                let shown = move || match i18n.locale() {
                    shared::Locale::Ja => name.clone(),
                    shared::Locale::En => name_en.clone(),
                };
                let shown2 = shown.clone();
                let shown3 = shown.clone();
                let shown4 = shown.clone();
                view! {
                    <li class="reason" class:is-retired=!active>
                        <div class="reason__head">
                            <code class="reason__code">{code.clone()}</code>
                            {(!active).then(|| view! { <span class="badge">{move || i18n.tr(Msg::ReasonRetiredBadge)}</span> })}
                        </div>
                        {general}
                        <div class="form--row">
                            <div class="field">
                                <label class="field__label" for=format!("reason-{code}-ja")>{i18n.tr(Msg::LabelJa)}</label>
                                <input
                                    id=format!("reason-{code}-ja")
                                    class="input"
                                    maxlength="100"
                                    prop:value=move || ja.get()
                                    on:input=move |ev| ja.set(event_target_value(&ev))
                                />
                                {errs("label_ja")}
                            </div>
                            <div class="field">
                                <label class="field__label" for=format!("reason-{code}-en")>{i18n.tr(Msg::LabelEn)}</label>
                                <input
                                    id=format!("reason-{code}-en")
                                    class="input"
                                    maxlength="100"
                                    prop:value=move || en.get()
                                    on:input=move |ev| en.set(event_target_value(&ev))
                                />
                                {errs("label_en")}
                            </div>
                        </div>
                        {errs("active")}
                        <div class="handoff__actions">
                            <button type="button" class="button" on:click=save disabled=move || busy.get()
                                aria-label=move || i18n::action_on(i18n.locale(), Msg::Save, &shown())>
                                {i18n.tr(Msg::Save)}
                            </button>
                            <button type="button" class="button" on:click=up disabled=move || busy.get() || i == 0
                                aria-label=move || i18n::action_on(i18n.locale(), Msg::MoveUp, &shown2())>
                                {i18n.tr(Msg::MoveUp)}
                            </button>
                            <button type="button" class="button" on:click=down disabled=move || busy.get() || i + 1 == count
                                aria-label=move || i18n::action_on(i18n.locale(), Msg::MoveDown, &shown3())>
                                {i18n.tr(Msg::MoveDown)}
                            </button>
                            <button type="button" class={if active { "button button--danger" } else { "button" }} on:click=toggle disabled=move || busy.get()
                                aria-label=move || i18n::action_on(i18n.locale(), if active { Msg::RetireReason } else { Msg::OfferReason }, &shown4())>
                                {move || i18n.tr(if active { Msg::RetireReason } else { Msg::OfferReason })}
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="panel" aria-labelledby="ho-reasons-heading">
            <h2 id="ho-reasons-heading" class="panel__title">{i18n.tr(Msg::RejectReasons)}</h2>
            <p class="page__lead">{i18n.tr(Msg::RejectReasonsHelp)}</p>
            <div role="status" aria-live="polite" class="handoffs__status">
                {move || status.get().map(|s| view! { <p class="alert alert--ok">{s}</p> })}
            </div>
            <ol class="reasons" aria-label=i18n.tr(Msg::RejectReasons)>{rows}</ol>
            <NewReason on_added=move |r: RejectReason| {
                let label = match i18n.locale_untracked() {
                    shared::Locale::Ja => r.label_ja.clone(),
                    shared::Locale::En => r.label_en.clone(),
                };
                status.set(Some(format!("{} {label}", text(i18n.locale_untracked(), Msg::ReasonAdded))));
                list.update(|l| l.push(r));
            } />
        </section>
    }
}

/// The form to add a reason.
#[component]
fn NewReason(on_added: impl Fn(RejectReason) + Copy + 'static) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let ja = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = NewRejectReason {
            code: code.get_untracked().trim().to_owned(),
            label_ja: ja.get_untracked(),
            label_en: en.get_untracked(),
        };
        busy.set(true);
        general.set(None);
        let client = session.client();
        spawn_local(async move {
            match client.create_reject_reason(&body).await {
                Ok(r) => {
                    let _ = errors.try_set(Vec::new());
                    let _ = code.try_set(String::new());
                    let _ = ja.try_set(String::new());
                    let _ = en.try_set(String::new());
                    on_added(r);
                    crate::pages::deal::focus_later("new-reason-ja".into());
                }
                Err(e) => {
                    if !session.check(&e) {
                        let (f, g) = refusal(&e);
                        if let Some(first) = f.first() {
                            crate::pages::deal::focus_later(format!(
                                "new-reason-{}",
                                first.field.trim_start_matches("label_")
                            ));
                        }
                        let _ = errors.try_set(f);
                        let _ = general.try_set(g);
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let err = move |field: &'static str| {
        move || {
            errors.with(|l| {
                l.iter().find(|e| e.field == field).map(|e| {
                    view! { <p class="field__error" id=format!("new-reason-{field}-error")>{i18n.tr(field_msg(e))}</p> }
                })
            })
        }
    };
    let invalid =
        move |field: &'static str| move || errors.with(|l| l.iter().any(|e| e.field == field));
    let input = move |id: &'static str,
                      field: &'static str,
                      label: Msg,
                      value: RwSignal<String>,
                      max: &'static str| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{i18n.tr(label)}</label>
                <input
                    id=id
                    class="input"
                    maxlength=max
                    aria-invalid=move || invalid(field)().to_string()
                    aria-describedby=move || invalid(field)().then(|| format!("new-reason-{field}-error"))
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {err(field)}
            </div>
        }
    };
    view! {
        <form class="new-reason" on:submit=submit novalidate aria-labelledby="new-reason-heading">
            <h3 id="new-reason-heading" class="ho-type__title">{i18n.tr(Msg::AddReason)}</h3>
            {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            <div class="form--row">
                {input("new-reason-ja", "label_ja", Msg::LabelJa, ja, "100")}
                {input("new-reason-en", "label_en", Msg::LabelEn, en, "100")}
                {input("new-reason-code", "code", Msg::ReasonCode, code, "40")}
            </div>
            <p class="field__hint">{i18n.tr(Msg::ReasonCodeHelp)}</p>
            <button type="submit" class="button button--primary" disabled=move || busy.get()>
                {i18n.tr(Msg::AddReason)}
            </button>
        </form>
    }
}
