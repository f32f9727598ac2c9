//! One pipeline's settings: its name, its stages in order (with how many deals each holds now)
//! and a form to add a stage. Every change answers with the pipeline as it is now, which
//! replaces what is shown; a refused change says specifically why.

use super::stage_row::StageRow;
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, role_name, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{BoardQuery, NewStage, Pipeline, PipelinePatch, StageKind, StageOrder};
use shared::client::{Client, ClientError};
use shared::{ErrorCode, FieldError, Locale, PipelineId, Role, StageId};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

/// The roles that can own a stage.
pub(super) const STAGE_ROLES: [Role; 3] = [Role::Appointer, Role::Closer, Role::Success];

/// A change to send: given the client, the request whose answer is the pipeline as it is now.
pub(super) type Change =
    Box<dyn FnOnce(Client) -> Pin<Box<dyn Future<Output = Result<Pipeline, ClientError>>>>>;

/// What a change was, to word its outcome.
#[derive(Clone, Debug)]
pub(super) enum Op {
    Rename,
    AddStage,
    SaveStage(String),
    MoveStage(StageId, bool),
    RemoveStage(StageId, String),
}

/// The outcome shown under the pipeline's name.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    Done(String),
    Refused(String),
    /// A stage that still has deals: the reason, and a link to the board to move them.
    HasDeals(String),
}

/// The message for a field the shared rules refused.
pub(super) fn field_msg(e: &FieldError, pipeline_name: bool) -> Msg {
    match e.field.rsplit('.').next().unwrap_or_default() {
        "probability" => Msg::ProbabilityRange,
        "stall_days" => Msg::StallRange,
        "name" if pipeline_name && !e.field.contains('.') => Msg::PipelineNameNeeded,
        "name" => Msg::StageNameNeeded,
        "stage_ids" => Msg::SettingsOutdated,
        _ => Msg::CheckInput,
    }
}

/// The message for a refused change (other than a stage that still has deals).
pub(super) fn error_msg(err: &ClientError, op: &Op) -> Msg {
    match err.code() {
        Some(ErrorCode::Forbidden) => Msg::ManagersOnly,
        Some(ErrorCode::NotFound) => Msg::SettingsOutdated,
        Some(ErrorCode::Validation) => err
            .api_error()
            .and_then(|e| {
                e.error
                    .fields
                    .first()
                    .map(|f| field_msg(f, matches!(op, Op::Rename)))
            })
            .unwrap_or(Msg::CheckInput),
        Some(ErrorCode::Conflict) => Msg::StageHasDeals,
        _ if err.status().is_none() => Msg::Unreachable,
        _ => Msg::ServerError,
    }
}

/// The ids of a stage row's controls.
pub(super) fn control_id(stage: StageId, what: &str) -> String {
    format!("stage-{stage}-{what}")
}

/// Deals per stage now, from the board's column counts.
async fn deal_counts(
    client: &Client,
    id: PipelineId,
) -> Result<HashMap<StageId, i64>, ClientError> {
    let q = BoardQuery {
        limit: Some(1),
        ..BoardQuery::default()
    };
    let board = client.board(id, &q).await?;
    Ok(board
        .columns
        .into_iter()
        .map(|c| (c.stage.id, c.count))
        .collect())
}

/// One pipeline's section.
#[component]
pub(super) fn PipelineEditor(pipeline: Pipeline) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let id = pipeline.id;
    let name = RwSignal::new(pipeline.name.clone());
    let current = RwSignal::new(pipeline);
    let notice = RwSignal::new(None::<Notice>);
    let invalid = RwSignal::new(None::<String>);
    let changes = RwSignal::new(0u32);
    let counts = LocalResource::new(move || {
        changes.track();
        let client = session.client();
        async move { deal_counts(&client, id).await.unwrap_or_default() }
    });
    let counts = Signal::derive(move || counts.get().unwrap_or_default());

    // Shows a refusal and marks the control it is about.
    let refuse = move |msg: String, control: Option<String>| {
        if let Some(c) = &control {
            crate::pages::deal::focus_later(c.clone());
        }
        invalid.set(control);
        notice.set(Some(Notice::Refused(msg)));
    };

    // Sends a change; the answer replaces the pipeline shown.
    let run = move |op: Op, call: Change| {
        notice.set(None);
        invalid.set(None);
        let client = session.client();
        spawn_local(async move {
            let result = call(client.clone()).await;
            let locale = i18n.locale_untracked();
            match result {
                Ok(p) => {
                    let msg = done_text(locale, &op, &p);
                    if let Op::MoveStage(sid, up) = op {
                        focus_after_move(&p, sid, up);
                    }
                    name.set(p.name.clone());
                    current.set(p);
                    changes.update(|n| *n += 1);
                    notice.set(Some(Notice::Done(msg)));
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    if let Op::RemoveStage(sid, stage) = &op {
                        let last = current.with_untracked(|p| p.stages.len() <= 1);
                        let n = deal_counts(&client, id)
                            .await
                            .ok()
                            .and_then(|c| c.get(sid).copied())
                            .unwrap_or(0);
                        changes.update(|n| *n += 1);
                        notice.set(Some(if n > 0 {
                            Notice::HasDeals(i18n::stage_has_deals(locale, stage, n))
                        } else if last {
                            Notice::Refused(text(locale, Msg::LastStage).to_owned())
                        } else {
                            Notice::HasDeals(text(locale, Msg::StageHasDeals).to_owned())
                        }));
                    } else {
                        refuse(text(locale, error_msg(&e, &op)).to_owned(), None);
                    }
                }
                Err(e) => {
                    let control = matches!(op, Op::Rename).then(|| format!("pl-{id}-name"));
                    refuse(text(locale, error_msg(&e, &op)).to_owned(), control);
                }
            }
        });
    };

    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let patch = PipelinePatch {
            name: name.get_untracked().trim().to_owned(),
        };
        let mut c = shared::validate::Checks::new();
        c.text("name", &patch.name, 100);
        if c.finish().is_err() {
            refuse(
                i18n.t(Msg::PipelineNameNeeded).to_owned(),
                Some(format!("pl-{id}-name")),
            );
            return;
        }
        run(
            Op::Rename,
            Box::new(move |c| Box::pin(async move { c.rename_pipeline(id, &patch).await })),
        );
    };

    let move_stage = move |sid: StageId, up: bool| {
        let mut ids: Vec<StageId> =
            current.with_untracked(|p| p.stages.iter().map(|s| s.id).collect());
        let Some(index) = ids.iter().position(|s| *s == sid) else {
            return;
        };
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|i| *i < ids.len())
        };
        let Some(other) = other else { return };
        ids.swap(index, other);
        let order = StageOrder { stage_ids: ids };
        run(
            Op::MoveStage(sid, up),
            Box::new(move |c| Box::pin(async move { c.reorder_stages(id, &order).await })),
        );
    };

    let heading = format!("pipeline-{id}");
    let labelled_by = heading.clone();
    let notice_view = move || {
        notice.get().map(|n| match n {
            Notice::Done(_) => ().into_any(),
            Notice::Refused(msg) => {
                view! { <p class="alert alert--error" role="alert">{msg}</p> }.into_any()
            }
            Notice::HasDeals(msg) => view! {
                <div class="alert alert--error" role="alert">
                    <p>{msg}</p>
                    <p>
                        <a href=format!("/board?pipeline={id}")>{i18n.tr(Msg::MoveDealsOnBoard)}</a>
                    </p>
                </div>
            }
            .into_any(),
        })
    };
    let status = move || match notice.get() {
        Some(Notice::Done(msg)) => msg,
        _ => String::new(),
    };
    let stages = move || {
        current.with(|p| {
            let count = p.stages.len();
            p.stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i, count))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="panel settings-pipeline" aria-labelledby=labelled_by>
            <h2 id=heading class="panel__title">{move || current.with(|p| p.name.clone())}</h2>
            <form class="form form--row" on:submit=rename novalidate>
                <div class="field">
                    <label class="field__label" for=format!("pl-{id}-name")>{i18n.tr(Msg::PipelineName)}</label>
                    <input
                        id=format!("pl-{id}-name")
                        class="input"
                        maxlength="100"
                        aria-invalid=move || invalid.with(|c| c.as_deref() == Some(&format!("pl-{id}-name"))).to_string()
                        prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit" class="button">{i18n.tr(Msg::Rename)}</button>
            </form>
            {notice_view}
            <p class="form__status" role="status">{status}</p>
            <div class="table-wrap">
                <table class="deals-table stages-table">
                    <caption class="visually-hidden">{move || current.with(|p| p.name.clone())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::StageName)}</th>
                            <th scope="col">{i18n.tr(Msg::Probability)}</th>
                            <th scope="col">{i18n.tr(Msg::OwningRole)}</th>
                            <th scope="col">{i18n.tr(Msg::StallLimit)}</th>
                            <th scope="col">{i18n.tr(Msg::StageKindLabel)}</th>
                            <th scope="col" class="num">{i18n.tr(Msg::StageDealCount)}</th>
                            <th scope="col">{i18n.tr(Msg::Actions)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=stages
                            key=|(s, i, count)| (s.id, s.name.clone(), *i, *count)
                            children=move |(stage, index, count)| {
                                let sid = stage.id;
                                let deals = Signal::derive(move || counts.with(|c| c.get(&sid).copied()));
                                view! {
                                    <StageRow
                                        pipeline=id
                                        stage=stage
                                        index=index
                                        count=count
                                        deals=deals
                                        invalid=invalid
                                        run=run
                                        refuse=refuse
                                        move_stage=move_stage
                                    />
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
            <AddStageForm pipeline=id run=run refuse=refuse invalid=invalid />
        </section>
    }
}

/// What a done change says, for the status line.
fn done_text(locale: Locale, op: &Op, p: &Pipeline) -> String {
    match op {
        Op::Rename => text(locale, Msg::PipelineRenamed).to_owned(),
        Op::AddStage => text(locale, Msg::StageAdded).to_owned(),
        Op::SaveStage(name) => i18n::stage_saved(locale, name),
        Op::RemoveStage(..) => text(locale, Msg::StageRemoved).to_owned(),
        Op::MoveStage(sid, _) => {
            let at = p.stages.iter().position(|s| s.id == *sid).unwrap_or(0);
            let name = p.stages.get(at).map(|s| s.name.clone()).unwrap_or_default();
            i18n::stage_moved(locale, &name, at + 1, p.stages.len())
        }
    }
}

/// Keeps focus on the moved stage's button (the other one once it reached an end), so the
/// keyboard user can press it again.
fn focus_after_move(p: &Pipeline, sid: StageId, up: bool) {
    let at = p.stages.iter().position(|s| s.id == sid).unwrap_or(0);
    let last = p.stages.len().saturating_sub(1);
    let button = match (up, at) {
        (true, 0) => "down",
        (true, _) => "up",
        (false, a) if a >= last => "up",
        (false, _) => "down",
    };
    crate::pages::deal::focus_later(control_id(sid, button));
}

/// The form adding a stage at the end of the pipeline.
#[component]
fn AddStageForm(
    pipeline: PipelineId,
    run: impl Fn(Op, Change) + Copy + 'static,
    refuse: impl Fn(String, Option<String>) + Copy + 'static,
    invalid: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = pipeline;
    let new_name = RwSignal::new(String::new());
    let probability = RwSignal::new("50".to_owned());
    let role = RwSignal::new(Role::Closer);
    let stall = RwSignal::new("14".to_owned());
    let control = move |what: &str| format!("pl-{id}-new-{what}");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewStage {
            name: new_name.get_untracked().trim().to_owned(),
            probability: probability.get_untracked().trim().parse().unwrap_or(-1),
            owning_role: role.get_untracked(),
            stall_days: stall.get_untracked().trim().parse().unwrap_or(0),
            kind: StageKind::Open,
            position: None,
        };
        if let Err(f) = new.validate() {
            if let Some(first) = f.first() {
                let what = match first.field.as_str() {
                    "probability" => "prob",
                    "stall_days" => "stall",
                    _ => "name",
                };
                refuse(
                    i18n.t(field_msg(first, false)).to_owned(),
                    Some(control(what)),
                );
            }
            return;
        }
        new_name.set(String::new());
        run(
            Op::AddStage,
            Box::new(move |c| Box::pin(async move { c.add_stage(id, &new).await })),
        );
    };
    let is_invalid = move |what: &'static str| {
        move || {
            invalid
                .with(|c| c.as_deref() == Some(control(what).as_str()))
                .to_string()
        }
    };
    view! {
        <form class="form form--row add-stage" on:submit=add aria-label=i18n.tr(Msg::AddStage) novalidate>
            <div class="field">
                <label class="field__label" for=control("name")>{i18n.tr(Msg::NewStageName)}</label>
                <input id=control("name") class="input" maxlength="100" aria-invalid=is_invalid("name") prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev)) />
            </div>
            <div class="field field--narrow">
                <label class="field__label" for=control("prob")>{i18n.tr(Msg::Probability)}</label>
                <input id=control("prob") class="input" type="number" min="0" max="100" aria-invalid=is_invalid("prob") prop:value=probability on:input=move |ev| probability.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field__label" for=control("role")>{i18n.tr(Msg::OwningRole)}</label>
                <select id=control("role") class="select" on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse::<Role>() {
                        role.set(r);
                    }
                }>
                    {STAGE_ROLES
                        .iter()
                        .map(|r| {
                            let r = *r;
                            view! { <option value=r.as_str() prop:selected=move || role.get() == r>{move || role_name(i18n.locale(), r)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field--narrow">
                <label class="field__label" for=control("stall")>{i18n.tr(Msg::StallLimit)}</label>
                <input id=control("stall") class="input" type="number" min="1" max="3650" aria-invalid=is_invalid("stall") prop:value=stall on:input=move |ev| stall.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button button--primary">{i18n.tr(Msg::AddStage)}</button>
        </form>
    }
}
