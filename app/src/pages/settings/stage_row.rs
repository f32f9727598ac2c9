//! One stage's row of the settings table: its values (saved together), its deal count, Move
//! up / Move down, and Remove (after a confirmation).

use super::pipeline::{Change, Op, STAGE_ROLES, control_id, field_msg};
use crate::i18n::{self, Msg, role_name, text, use_i18n};
use leptos::prelude::*;
use shared::PipelineId;
use shared::api::{Stage, StageKind, StagePatch};

const KINDS: [(StageKind, &str, Msg); 3] = [
    (StageKind::Open, "open", Msg::KindOpen),
    (StageKind::Won, "won", Msg::KindWon),
    (StageKind::Lost, "lost", Msg::KindLost),
];

/// A stage's row.
#[component]
#[expect(
    clippy::too_many_arguments,
    reason = "a row wired to its pipeline's actions"
)]
pub(super) fn StageRow(
    pipeline: PipelineId,
    stage: Stage,
    index: usize,
    count: usize,
    /// Deals in the stage now (`None` while counting).
    deals: Signal<Option<i64>>,
    /// The control a refusal is about.
    invalid: RwSignal<Option<String>>,
    run: impl Fn(Op, Change) + Copy + 'static,
    refuse: impl Fn(String, Option<String>) + Copy + 'static,
    move_stage: impl Fn(shared::StageId, bool) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(stage.name.clone());
    let probability = RwSignal::new(stage.probability.to_string());
    let role = RwSignal::new(stage.owning_role);
    let stall = RwSignal::new(stage.stall_days.to_string());
    let kind = RwSignal::new(stage.kind);
    let sid = stage.id;
    let label = stage.name.clone();
    let id = move |what: &str| control_id(sid, what);

    let save = move |_| {
        let patch = StagePatch {
            name: Some(name.get_untracked().trim().to_owned()),
            probability: Some(probability.get_untracked().trim().parse().unwrap_or(-1)),
            owning_role: Some(role.get_untracked()),
            stall_days: Some(stall.get_untracked().trim().parse().unwrap_or(0)),
            kind: Some(kind.get_untracked()),
        };
        if let Err(f) = patch.validate() {
            if let Some(first) = f.first() {
                let what = match first.field.as_str() {
                    "probability" => "prob",
                    "stall_days" => "stall",
                    _ => "name",
                };
                refuse(i18n.t(field_msg(first, false)).to_owned(), Some(id(what)));
            }
            return;
        }
        let saved_name = patch.name.clone().unwrap_or_default();
        run(
            Op::SaveStage(saved_name),
            Box::new(move |c| Box::pin(async move { c.update_stage(pipeline, sid, &patch).await })),
        );
    };
    let remove_label = label.clone();
    let remove = move |_| {
        let question = i18n::confirm_remove_stage(i18n.locale_untracked(), &remove_label);
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if ok {
            let stage = remove_label.clone();
            run(
                Op::RemoveStage(sid, stage),
                Box::new(move |c| Box::pin(async move { c.remove_stage(pipeline, sid).await })),
            );
        }
    };
    // Each control's name says which stage it is for: "確度（%） — 提案".
    let aria = move |msg: Msg| {
        let label = label.clone();
        move || format!("{} — {label}", i18n.t(msg))
    };
    let is_invalid = move |what: &'static str| {
        move || {
            invalid
                .with(|c| c.as_deref() == Some(id(what).as_str()))
                .to_string()
        }
    };
    let deal_text = move || {
        deals
            .get()
            .map(|n| i18n::deal_count(i18n.locale(), n))
            .unwrap_or_default()
    };

    view! {
        <tr>
            <td>
                <input id=id("name") class="input" aria-label=aria(Msg::StageName) maxlength="100"
                    aria-invalid=is_invalid("name")
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            </td>
            <td>
                <input id=id("prob") class="input input--num" aria-label=aria(Msg::Probability) type="number" min="0" max="100"
                    aria-invalid=is_invalid("prob")
                    prop:value=probability on:input=move |ev| probability.set(event_target_value(&ev)) />
            </td>
            <td>
                <select id=id("role") class="select" aria-label=aria(Msg::OwningRole) on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse() {
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
            </td>
            <td>
                <input id=id("stall") class="input input--num" aria-label=aria(Msg::StallLimit) type="number" min="1" max="3650"
                    aria-invalid=is_invalid("stall")
                    prop:value=stall on:input=move |ev| stall.set(event_target_value(&ev)) />
            </td>
            <td>
                <select id=id("kind") class="select" aria-label=aria(Msg::StageKindLabel) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((k, _, _)) = KINDS.iter().find(|(_, s, _)| *s == v) {
                        kind.set(*k);
                    }
                }>
                    {KINDS
                        .iter()
                        .map(|(k, v, msg)| {
                            let (k, msg) = (*k, *msg);
                            view! { <option value=*v prop:selected=move || kind.get() == k>{move || text(i18n.locale(), msg)}</option> }
                        })
                        .collect_view()}
                </select>
            </td>
            <td class="num">{deal_text}</td>
            <td class="stages-table__actions">
                <button type="button" id=id("save") class="button button--quiet" on:click=save aria-label=aria(Msg::Save)>
                    {i18n.tr(Msg::Save)}
                </button>
                <button type="button" id=id("up") class="button button--quiet" disabled={index == 0}
                    on:click=move |_| move_stage(sid, true) aria-label=aria(Msg::MoveUp)>
                    <span aria-hidden="true">"↑ "</span>{i18n.tr(Msg::MoveUp)}
                </button>
                <button type="button" id=id("down") class="button button--quiet" disabled={index + 1 >= count}
                    on:click=move |_| move_stage(sid, false) aria-label=aria(Msg::MoveDown)>
                    <span aria-hidden="true">"↓ "</span>{i18n.tr(Msg::MoveDown)}
                </button>
                <button type="button" id=id("remove") class="button button--quiet button--danger" on:click=remove aria-label=aria(Msg::RemoveStage)>
                    {i18n.tr(Msg::RemoveStage)}
                </button>
            </td>
        </tr>
    }
}
