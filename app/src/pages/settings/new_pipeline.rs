//! The form adding a pipeline: its name, its kind and its first stage (more stages are added
//! to it afterwards like to any pipeline).

use super::pipeline::field_msg;
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{NewPipeline, NewStage, Pipeline, PipelineKind, StageKind};
use shared::{ErrorCode, Role};

/// The first stage of a new pipeline of `kind` named `name`.
fn first_stage(kind: PipelineKind, name: String) -> NewStage {
    let (owning_role, probability) = match kind {
        PipelineKind::Sales => (Role::Appointer, 5),
        PipelineKind::Success => (Role::Success, 90),
    };
    NewStage {
        name,
        probability,
        owning_role,
        stall_days: 14,
        kind: StageKind::Open,
        position: None,
    }
}

/// "Add pipeline".
#[component]
pub(super) fn NewPipelineForm(on_created: impl Fn(Pipeline) + Copy + 'static) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(PipelineKind::Sales);
    let stage = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(Msg, &'static str)>);
    let done = RwSignal::new(None::<Msg>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        done.set(None);
        let kind_now = kind.get_untracked();
        let new = NewPipeline {
            name: name.get_untracked().trim().to_owned(),
            kind: kind_now,
            stages: vec![first_stage(
                kind_now,
                stage.get_untracked().trim().to_owned(),
            )],
        };
        if let Err(f) = new.validate() {
            if let Some(first) = f.first() {
                let control = if first.field == "name" {
                    "new-pl-name"
                } else {
                    "new-pl-stage"
                };
                error.set(Some((field_msg(first, true), control)));
                crate::pages::deal::focus_later(control.to_owned());
            }
            return;
        }
        error.set(None);
        sending.set(true);
        let client = session.client();
        spawn_local(async move {
            let result = client.create_pipeline(&new).await;
            sending.try_set(false);
            match result {
                Ok(p) => {
                    name.set(String::new());
                    stage.set(String::new());
                    done.set(Some(Msg::PipelineAdded));
                    on_created(p);
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => {
                    let msg = match e.code() {
                        Some(ErrorCode::Forbidden) => Msg::ManagersOnly,
                        Some(ErrorCode::Validation) => e
                            .api_error()
                            .and_then(|x| x.error.fields.first().map(|f| field_msg(f, true)))
                            .unwrap_or(Msg::CheckInput),
                        _ if e.status().is_none() => Msg::Unreachable,
                        _ => Msg::ServerError,
                    };
                    error.set(Some((msg, "")));
                }
            }
        });
    };
    let is_invalid = move |control: &'static str| {
        move || {
            error
                .with(|e| e.is_some_and(|(_, c)| c == control))
                .to_string()
        }
    };
    view! {
        <section class="panel" aria-labelledby="new-pipeline-heading">
            <h2 id="new-pipeline-heading" class="panel__title">{i18n.tr(Msg::AddPipeline)}</h2>
            <form class="form form--row" on:submit=submit novalidate>
                <div class="field">
                    <label class="field__label" for="new-pl-name">{i18n.tr(Msg::PipelineName)}</label>
                    <input id="new-pl-name" class="input" maxlength="100" aria-invalid=is_invalid("new-pl-name")
                        prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label class="field__label" for="new-pl-kind">{i18n.tr(Msg::PipelineKindLabel)}</label>
                    <select id="new-pl-kind" class="select" on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "success" { PipelineKind::Success } else { PipelineKind::Sales });
                    }>
                        <option value="sales" prop:selected=move || kind.get() == PipelineKind::Sales>{i18n.tr(Msg::PipelineSales)}</option>
                        <option value="success" prop:selected=move || kind.get() == PipelineKind::Success>{i18n.tr(Msg::PipelineSuccess)}</option>
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="new-pl-stage">{i18n.tr(Msg::FirstStageName)}</label>
                    <input id="new-pl-stage" class="input" maxlength="100" aria-invalid=is_invalid("new-pl-stage")
                        prop:value=stage on:input=move |ev| stage.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button button--primary" disabled=sending>{i18n.tr(Msg::AddPipeline)}</button>
            </form>
            {move || error.get().map(|(m, _)| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            <p class="form__status" role="status">{move || done.get().map(|m| i18n.tr(m)())}</p>
        </section>
    }
}
