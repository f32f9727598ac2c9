//! `/scripts`: the talk scripts (name, pipeline, purpose, published version, last change),
//! and for managers and admins the form creating one (name, pipeline, purpose; each field's
//! error beside it), which opens the new script's editor. Appointers and closers see the
//! published scripts (the server lists only those for them).

use super::{formatter, text};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{NewScript, ScriptPurpose, ScriptQuery};
use shared::{ErrorCode, FieldError, PipelineId, Role};

/// Whether the signed-in member edits scripts.
pub(super) fn edits() -> Memo<bool> {
    let session = use_session();
    Memo::new(move |_| {
        session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager) || m.has(Role::Admin)))
    })
}

/// `/scripts`.
#[component]
pub fn ScriptsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::ScriptsTitle);
    let formatter = formatter();
    let editor = edits();
    let attempt = RwSignal::new(0u32);
    let scripts = LocalResource::new(move || {
        attempt.track();
        let client = session.client();
        async move { client.scripts(&ScriptQuery::default()).await }
    });
    Effect::new(move || {
        if scripts.with(|d| matches!(d, Some(Err(e)) if is_unauthorized(e))) {
            session.expire();
        }
    });
    let table = move || {
        match scripts.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => super::load_failed(&e, attempt),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="empty">
                {move || i18n.t(if editor.get() { Msg::ScriptsNoneYet } else { Msg::ScriptsNonePublished })}
            </p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let rows = list
                .into_iter()
                .map(|s| {
                    let href = format!("/scripts/{}", s.id);
                    let updated = s.updated_at;
                    let pipeline = s.pipeline_name.clone();
                    view! {
                        <tr>
                            <td class="deals-table__title">
                                <A href=href>{s.name.clone()}</A>
                            </td>
                            <td>
                                {move || pipeline.clone().unwrap_or_else(|| i18n.t(Msg::ScriptsNoPipeline).to_owned())}
                            </td>
                            <td>{move || text::purpose(i18n.locale(), s.purpose)}</td>
                            <td>
                                {move || match s.published_version {
                                    Some(n) => text::version_name(i18n.locale(), n),
                                    None => i18n.t(Msg::ScriptsNotPublished).to_owned(),
                                }}
                            </td>
                            <td>{move || formatter.with(|f| f.format(updated))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="deals-table scripts-table">
                        <caption class="visually-hidden">{i18n.tr(Msg::ScriptsTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Msg::ScriptsName)}</th>
                                <th scope="col">{i18n.tr(Msg::Pipeline)}</th>
                                <th scope="col">{i18n.tr(Msg::ScriptsPurpose)}</th>
                                <th scope="col">{i18n.tr(Msg::ScriptsPublished)}</th>
                                <th scope="col">{i18n.tr(Msg::ScriptsUpdated)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="page page--scripts">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::ScriptsTitle)}</h1>
            </div>
            <p class="page__lead">
                {move || i18n.t(if editor.get() { Msg::ScriptsLeadEditor } else { Msg::ScriptsLeadReader })}
            </p>
            {table}
            <Show when=move || editor.get()>
                <NewScriptForm />
            </Show>
        </div>
    }
}

/// The message beside a field of the new-script form.
fn field_msg(e: &FieldError) -> Msg {
    match (e.field.as_str(), e.code.as_str()) {
        ("name", "required") => Msg::ScriptsNameRequired,
        ("name", "too_long") => Msg::TooLong,
        ("pipeline_id", "required") => Msg::ScriptsPipelineRequired,
        ("pipeline_id", _) => Msg::ScriptsPipelineUnknown,
        _ => Msg::FieldInvalid,
    }
}

/// "New script": name, pipeline and purpose; opens the editor of the script created.
#[component]
fn NewScriptForm() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let pipelines = LocalResource::new(move || {
        let client = session.client();
        async move { client.pipelines().await.unwrap_or_default() }
    });
    let name = RwSignal::new(String::new());
    let pipeline = RwSignal::new(String::new());
    let purpose = RwSignal::new(ScriptPurpose::ColdCall);
    let errors = RwSignal::new(Vec::<(String, Msg)>::new());
    let failure = RwSignal::new(None::<Msg>);
    let sending = RwSignal::new(false);
    let error_of = move |field: &'static str| {
        move || errors.with(|l| l.iter().find(|(f, _)| f == field).map(|(_, m)| i18n.t(*m)))
    };
    let invalid = move |field: &'static str| {
        move || {
            errors
                .with(|l| l.iter().any(|(f, _)| f == field))
                .to_string()
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        failure.set(None);
        let mut found: Vec<(String, Msg)> = Vec::new();
        let pipeline_id = pipeline.get_untracked().parse::<i64>().ok().map(PipelineId);
        let new = NewScript {
            name: name.get_untracked().trim().to_owned(),
            pipeline_id: pipeline_id.unwrap_or(PipelineId(0)),
            purpose: purpose.get_untracked(),
            graph: None,
        };
        if let Err(f) = new.validate() {
            found.extend(f.iter().map(|e| (e.field.clone(), field_msg(e))));
        }
        if pipeline_id.is_none() {
            found.push(("pipeline_id".into(), Msg::ScriptsPipelineRequired));
        }
        if let Some((first, _)) = found.first() {
            let control = if first == "name" {
                "new-script-name"
            } else {
                "new-script-pipeline"
            };
            crate::pages::deal::focus_later(control.to_owned());
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        sending.set(true);
        let client = session.client();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = client.create_script(&new).await;
            if sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(s) => navigate(&format!("/scripts/{}", s.id), Default::default()),
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => match e.code() {
                    Some(ErrorCode::Validation) => {
                        let fields = e
                            .api_error()
                            .map(|x| x.error.fields.clone())
                            .unwrap_or_default();
                        let list: Vec<(String, Msg)> = fields
                            .iter()
                            .map(|f| (f.field.clone(), field_msg(f)))
                            .collect();
                        if list.iter().all(|(f, _)| f != "name" && f != "pipeline_id") {
                            failure.set(Some(Msg::CheckInput));
                        }
                        errors.set(list);
                    }
                    Some(ErrorCode::Forbidden) => failure.set(Some(Msg::ScriptsEditorsOnly)),
                    _ if e.status().is_none() => failure.set(Some(Msg::Unreachable)),
                    _ => failure.set(Some(Msg::ServerError)),
                },
            }
        });
    };
    let pipeline_options = move || {
        let chosen = pipeline.get();
        let mut out = vec![view! {
            <option value="" prop:selected=chosen.is_empty()>{i18n.t(Msg::ScriptsChoose)}</option>
        }
        .into_any()];
        for p in pipelines.get().unwrap_or_default() {
            let value = p.id.to_string();
            let selected = value == chosen;
            out.push(
                view! { <option value=value prop:selected=selected>{p.name}</option> }.into_any(),
            );
        }
        out
    };
    view! {
        <section class="panel new-script" aria-labelledby="new-script-heading">
            <h2 class="panel__title" id="new-script-heading">{i18n.tr(Msg::ScriptsNew)}</h2>
            <form class="form form--row" on:submit=submit novalidate>
                <div class="field">
                    <label class="field__label" for="new-script-name">{i18n.tr(Msg::ScriptsName)}</label>
                    <input id="new-script-name" class="input" maxlength="100" autocomplete="off"
                        aria-invalid=invalid("name") aria-describedby="new-script-name-error"
                        prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                    <p class="field__error" id="new-script-name-error">{error_of("name")}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="new-script-pipeline">{i18n.tr(Msg::Pipeline)}</label>
                    <select id="new-script-pipeline" class="select"
                        aria-invalid=invalid("pipeline_id") aria-describedby="new-script-pipeline-error"
                        on:change=move |ev| pipeline.set(event_target_value(&ev))>
                        {pipeline_options}
                    </select>
                    <p class="field__error" id="new-script-pipeline-error">{error_of("pipeline_id")}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="new-script-purpose">{i18n.tr(Msg::ScriptsPurpose)}</label>
                    <select id="new-script-purpose" class="select" on:change=move |ev| {
                        if let Some(p) = ScriptPurpose::parse(&event_target_value(&ev)) {
                            purpose.set(p);
                        }
                    }>
                        {move || {
                            ScriptPurpose::ALL
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <option value=p.as_str() prop:selected=move || purpose.get() == p>
                                            {text::purpose(i18n.locale(), p)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <button type="submit" class="button button--primary" disabled=sending
                    aria-busy=move || sending.get().then_some("true")>
                    {i18n.tr(Msg::ScriptsCreate)}
                </button>
            </form>
            {move || failure.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
        </section>
    }
}
