//! Pipeline settings (`/settings/pipelines`, managers): rename a pipeline; add, edit (name,
//! probability, owning role, stall limit, kind), reorder and remove its stages. A stage that
//! still has deals cannot be removed; the server says so and the page explains it.

use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, role_name, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{NewStage, Pipeline, PipelinePatch, Stage, StageKind, StageOrder, StagePatch};
use shared::client::ClientError;
use shared::{ErrorCode, PipelineId, Role};

const ROLES: [Role; 3] = [Role::Appointer, Role::Closer, Role::Success];

/// The message for a refused change.
fn error_msg(err: &ClientError) -> Msg {
    match err.code() {
        Some(ErrorCode::Conflict) => Msg::StageHasDeals,
        Some(ErrorCode::Forbidden) => Msg::ManagersOnly,
        Some(ErrorCode::Validation) => {
            let fields = err
                .api_error()
                .map(|e| e.error.fields.clone())
                .unwrap_or_default();
            match fields.first().map(|f| f.field.as_str()) {
                Some("probability") => Msg::ProbabilityRange,
                Some("stall_days") => Msg::StallRange,
                Some("name") => Msg::StageNameNeeded,
                _ => Msg::CheckInput,
            }
        }
        _ if err.status().is_none() => Msg::Unreachable,
        _ => Msg::ServerError,
    }
}

fn kind_msg(kind: StageKind) -> Msg {
    match kind {
        StageKind::Open => Msg::KindOpen,
        StageKind::Won => Msg::KindWon,
        StageKind::Lost => Msg::KindLost,
    }
}

/// `/settings/pipelines`.
#[component]
pub fn PipelineSettingsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::Settings);
    let is_manager =
        move || session.with_me(|m| m.is_some_and(|m| m.roles.contains(&Role::Manager)));
    let pipelines = RwSignal::new(None::<Result<Vec<Pipeline>, ClientError>>);
    let client = session.client();
    spawn_local(async move {
        let r = client.pipelines().await;
        pipelines.try_set(Some(r));
    });
    let body = move || {
        if !is_manager() {
            return view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::ManagersOnly)}</p> }.into_any();
        }
        match pipelines.get() {
            None => {
                view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any()
            }
            Some(Err(e)) => {
                if is_unauthorized(&e) {
                    session.expire();
                }
                view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::LoadFailed)}</p> }
                    .into_any()
            }
            Some(Ok(list)) => list
                .into_iter()
                .map(|p| view! { <PipelineEditor pipeline=p /> })
                .collect_view()
                .into_any(),
        }
    };
    view! {
        <div class="page">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Settings)}</h1>
            </div>
            {body}
        </div>
    }
}

/// One pipeline: its name and stages.
#[component]
fn PipelineEditor(pipeline: Pipeline) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let current = RwSignal::new(pipeline);
    let error = RwSignal::new(None::<Msg>);
    let done = RwSignal::new(None::<Msg>);
    let id = current.with_untracked(|p| p.id);
    let heading = format!("pipeline-{id}");
    let heading_ref = heading.clone();

    // Runs a change; the answer is the pipeline as it is now.
    let run = move |label: Msg, call: Change| {
        error.set(None);
        done.set(None);
        let client = session.client();
        spawn_local(async move {
            match call(client).await {
                Ok(p) => {
                    current.set(p);
                    done.set(Some(label));
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => error.set(Some(error_msg(&e))),
            }
        });
    };

    let name = RwSignal::new(current.with_untracked(|p| p.name.clone()));
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let patch = PipelinePatch {
            name: name.get_untracked(),
        };
        run(
            Msg::Saved,
            Box::new(move |c| Box::pin(async move { c.rename_pipeline(id, &patch).await })),
        );
    };

    let new_name = RwSignal::new(String::new());
    let new_probability = RwSignal::new("50".to_owned());
    let new_role = RwSignal::new(Role::Closer);
    let new_stall = RwSignal::new("14".to_owned());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewStage {
            name: new_name.get_untracked(),
            probability: new_probability.get_untracked().trim().parse().unwrap_or(-1),
            owning_role: new_role.get_untracked(),
            stall_days: new_stall.get_untracked().trim().parse().unwrap_or(0),
            kind: StageKind::Open,
            position: None,
        };
        if let Err(f) = new.validate() {
            error.set(Some(match f.first().map(|x| x.field.as_str()) {
                Some("probability") => Msg::ProbabilityRange,
                Some("stall_days") => Msg::StallRange,
                _ => Msg::StageNameNeeded,
            }));
            return;
        }
        new_name.set(String::new());
        run(
            Msg::StageAdded,
            Box::new(move |c| Box::pin(async move { c.add_stage(id, &new).await })),
        );
    };

    let move_stage = move |index: usize, up: bool| {
        let mut ids: Vec<_> = current.with_untracked(|p| p.stages.iter().map(|s| s.id).collect());
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|i| *i < ids.len())
        };
        let Some(other) = other else { return };
        ids.swap(index, other);
        let order = StageOrder { stage_ids: ids };
        run(
            Msg::Saved,
            Box::new(move |c| Box::pin(async move { c.reorder_stages(id, &order).await })),
        );
    };

    let rows = move || {
        let stages = current.with(|p| p.stages.clone());
        let count = stages.len();
        stages
            .into_iter()
            .enumerate()
            .map(|(i, stage)| view! { <StageRow pipeline=id stage=stage index=i count=count run=run move_stage=move_stage /> })
            .collect_view()
    };

    view! {
        <section class="panel" aria-labelledby=heading_ref>
            <h2 id=heading class="panel__title">{move || current.with(|p| p.name.clone())}</h2>
            <form class="form form--row" on:submit=rename novalidate>
                <div class="field">
                    <label class="field__label" for=format!("pl-{id}-name")>{i18n.tr(Msg::PipelineName)}</label>
                    <input id=format!("pl-{id}-name") class="input" maxlength="100" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button">{i18n.tr(Msg::Rename)}</button>
            </form>
            {move || error.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            {move || done.get().map(|m| view! { <p class="alert alert--ok" role="status">{i18n.tr(m)}</p> })}
            <div class="table-wrap">
                <table class="deals-table stages-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::StageName)}</th>
                            <th scope="col">{i18n.tr(Msg::Probability)}</th>
                            <th scope="col">{i18n.tr(Msg::OwningRole)}</th>
                            <th scope="col">{i18n.tr(Msg::StallLimit)}</th>
                            <th scope="col">{i18n.tr(Msg::StageKindLabel)}</th>
                            <th scope="col">{i18n.tr(Msg::Actions)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="form form--row" on:submit=add aria-label=i18n.tr(Msg::AddStage) novalidate>
                <div class="field">
                    <label class="field__label" for=format!("pl-{id}-new-name")>{i18n.tr(Msg::NewStageName)}</label>
                    <input id=format!("pl-{id}-new-name") class="input" maxlength="100" prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev)) />
                </div>
                <div class="field field--narrow">
                    <label class="field__label" for=format!("pl-{id}-new-prob")>{i18n.tr(Msg::Probability)}</label>
                    <input id=format!("pl-{id}-new-prob") class="input" type="number" min="0" max="100" prop:value=new_probability on:input=move |ev| new_probability.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label class="field__label" for=format!("pl-{id}-new-role")>{i18n.tr(Msg::OwningRole)}</label>
                    <select id=format!("pl-{id}-new-role") class="select" on:change=move |ev| {
                        if let Ok(r) = event_target_value(&ev).parse::<Role>() { new_role.set(r) }
                    }>
                        {move || ROLES.iter().map(|r| view! { <option value=r.as_str() selected={new_role.get() == *r}>{role_name(i18n.locale(), *r)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field field--narrow">
                    <label class="field__label" for=format!("pl-{id}-new-stall")>{i18n.tr(Msg::StallLimit)}</label>
                    <input id=format!("pl-{id}-new-stall") class="input" type="number" min="1" max="3650" prop:value=new_stall on:input=move |ev| new_stall.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button button--primary">{i18n.tr(Msg::AddStage)}</button>
            </form>
        </section>
    }
}

/// A change to send: given the client, the request whose answer is the pipeline as it is now.
type Change = Box<
    dyn FnOnce(
        shared::client::Client,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Pipeline, ClientError>>>,
    >,
>;

/// One stage's row: its values, save, move up/down, remove.
#[component]
fn StageRow(
    pipeline: PipelineId,
    stage: Stage,
    index: usize,
    count: usize,
    run: impl Fn(Msg, Change) + Copy + 'static,
    move_stage: impl Fn(usize, bool) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(stage.name.clone());
    let probability = RwSignal::new(stage.probability.to_string());
    let role = RwSignal::new(stage.owning_role);
    let stall = RwSignal::new(stage.stall_days.to_string());
    let kind = RwSignal::new(stage.kind);
    let sid = stage.id;
    let label = stage.name.clone();
    let save = move |_| {
        let patch = StagePatch {
            name: Some(name.get_untracked()),
            probability: Some(probability.get_untracked().trim().parse().unwrap_or(-1)),
            owning_role: Some(role.get_untracked()),
            stall_days: Some(stall.get_untracked().trim().parse().unwrap_or(0)),
            kind: Some(kind.get_untracked()),
        };
        run(
            Msg::Saved,
            Box::new(move |c| Box::pin(async move { c.update_stage(pipeline, sid, &patch).await })),
        );
    };
    let remove_label = label.clone();
    let remove = move |_| {
        let locale = i18n.locale_untracked();
        let question = crate::i18n::confirm_remove_stage(locale, &remove_label);
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if ok {
            run(
                Msg::StageRemoved,
                Box::new(move |c| Box::pin(async move { c.remove_stage(pipeline, sid).await })),
            );
        }
    };
    let locale = i18n.locale_untracked();
    let aria = |msg: Msg| format!("{} — {}", crate::i18n::text(locale, msg), label);
    view! {
        <tr>
            <td><input class="input" aria-label=aria(Msg::StageName) maxlength="100" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) /></td>
            <td><input class="input input--num" aria-label=aria(Msg::Probability) type="number" min="0" max="100" prop:value=probability on:input=move |ev| probability.set(event_target_value(&ev)) /></td>
            <td>
                <select class="select" aria-label=aria(Msg::OwningRole) on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse::<Role>() { role.set(r) }
                }>
                    {ROLES.iter().map(|r| view! { <option value=r.as_str() selected={stage.owning_role == *r}>{role_name(locale, *r)}</option> }).collect_view()}
                </select>
            </td>
            <td><input class="input input--num" aria-label=aria(Msg::StallLimit) type="number" min="1" max="3650" prop:value=stall on:input=move |ev| stall.set(event_target_value(&ev)) /></td>
            <td>
                <select class="select" aria-label=aria(Msg::StageKindLabel) on:change=move |ev| {
                    let k = match event_target_value(&ev).as_str() { "won" => StageKind::Won, "lost" => StageKind::Lost, _ => StageKind::Open };
                    kind.set(k);
                }>
                    {[(StageKind::Open, "open"), (StageKind::Won, "won"), (StageKind::Lost, "lost")].into_iter().map(|(k, v)| view! { <option value=v selected={stage.kind == k}>{crate::i18n::text(locale, kind_msg(k))}</option> }).collect_view()}
                </select>
            </td>
            <td class="stages-table__actions">
                <button type="button" class="button button--quiet" on:click=save aria-label=aria(Msg::Save)>{i18n.tr(Msg::Save)}</button>
                <button type="button" class="button button--quiet" disabled={index == 0} on:click=move |_| move_stage(index, true) aria-label=aria(Msg::MoveUp)>"↑"</button>
                <button type="button" class="button button--quiet" disabled={index + 1 >= count} on:click=move |_| move_stage(index, false) aria-label=aria(Msg::MoveDown)>"↓"</button>
                <button type="button" class="button button--quiet" on:click=remove aria-label=aria(Msg::RemoveStage)>{i18n.tr(Msg::RemoveStage)}</button>
            </td>
        </tr>
    }
}
