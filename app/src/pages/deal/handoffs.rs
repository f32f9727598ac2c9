//! The deal's chain of hands: every hand-off of the deal, oldest first (from whom to whom in
//! which roles, sent, deadline, accepted or sent back when and why, the note), readable by
//! anyone who opens the deal; and handing the deal over by hand (receiving role and member,
//! the type's required note fields, field errors beside the fields) for its owner in the
//! current stage's role, or a manager.

use super::{DealContext, focus_later, list_state};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, text, use_i18n};
use crate::pages::handoffs::{kind_msg, note_view, reason_label, status_msg};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Handoff, HandoffKind, HandoffStatus, HandoffType, NewHandoff, RejectReason};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError, MemberId, Role};
use std::collections::BTreeMap;

/// The roles a deal is handed to.
const CARRYING: [Role; 3] = [Role::Appointer, Role::Closer, Role::Success];

/// An optional free note, offered beside the type's required fields.
pub(crate) const MEMO: &str = "memo";

/// The role a deal usually goes to next from `from`.
fn next_role(from: Role) -> Role {
    match from {
        Role::Appointer => Role::Closer,
        _ => Role::Success,
    }
}

/// The note fields of a hand-off of `kind`: its required ones, then the free note.
pub(crate) fn note_fields(types: &[HandoffType], kind: HandoffKind) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = types
        .iter()
        .find(|t| t.kind == kind)
        .map(|t| {
            t.required_fields
                .iter()
                .map(|f| (f.clone(), true))
                .collect()
        })
        .unwrap_or_default();
    if !out.iter().any(|(f, _)| f == MEMO) {
        out.push((MEMO.to_owned(), false));
    }
    out
}

/// The "Chain of hands" section.
#[component]
pub(super) fn HandoffChain(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let retry = RwSignal::new(0u32);
    let id = ctx.id();
    let chain = LocalResource::new(move || {
        ctx.changed.track();
        retry.track();
        let client = session.client();
        async move {
            client
                .handoffs(&shared::api::HandoffQuery {
                    deal_id: Some(id),
                    ..Default::default()
                })
                .await
        }
    });
    let reasons = LocalResource::new(move || {
        let client = session.client();
        async move { client.all_reject_reasons().await.unwrap_or_default() }
    });
    let reasons = Signal::derive(move || reasons.get().unwrap_or_default());
    let pending = Signal::derive(move || {
        chain.with(|c| {
            matches!(c, Some(Ok(list)) if list.iter().any(|h| h.status == HandoffStatus::Pending))
        })
    });
    let list = move || {
        list_state(chain.get(), retry, move |mut list: Vec<Handoff>| {
            if list.is_empty() {
                return view! { <p class="empty">{i18n.tr(Msg::NoChainYet)}</p> }.into_any();
            }
            list.reverse();
            view! {
                <ol class="chain" aria-label=i18n.tr(Msg::ChainOfHands)>
                    {list
                        .into_iter()
                        .map(|h| view! { <ChainItem ctx=ctx handoff=h reasons=reasons /> })
                        .collect_view()}
                </ol>
            }
            .into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="deal-chain-heading">
            <h2 id="deal-chain-heading" class="panel__title">{i18n.tr(Msg::ChainOfHands)}</h2>
            {list}
            <HandOver ctx=ctx pending=pending />
        </section>
    }
}

/// One hand-off in the chain.
#[component]
fn ChainItem(
    ctx: DealContext,
    handoff: Handoff,
    reasons: Signal<Vec<RejectReason>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let h = handoff;
    let locale = i18n.locale_untracked();
    let from = h.from.as_ref().map_or_else(String::new, |m| m.name.clone());
    let to = h.to.as_ref().map_or_else(
        || i18n::role_name(locale, h.to_role).to_owned(),
        |m| m.name.clone(),
    );
    let route = i18n::handoff_route(locale, &from, h.from_role, &to, h.to_role);
    let when = |t: chrono::DateTime<chrono::Utc>| ctx.formatter.with_untracked(|f| f.format(t));
    let mut times = vec![(Msg::SentAt, when(h.sent_at))];
    if let Some(d) = h.due_at {
        times.push((Msg::DueAt, when(d)));
    }
    if let Some(a) = h.accepted_at {
        times.push((Msg::AcceptedAt, when(a)));
    }
    if let Some(r) = h.rejected_at {
        times.push((Msg::SentBackAt, when(r)));
    }
    let rejected = h.reject_reason.clone().map(|code| {
        let label = move || reasons.with(|rs| reason_label(i18n.locale(), &code, rs));
        let note = h.reject_note.clone().filter(|n| !n.trim().is_empty());
        view! {
            <p class="handoff__rejected">
                <strong>{text(locale, Msg::RejectedBecause)}</strong>
                " "
                <span class="chain__reason">{label}</span>
                {note.map(|n| view! { <span class="chain__comment">{format!(" — {n}")}</span> })}
            </p>
        }
    });
    let note_block = note_view(&h, locale);
    view! {
        <li class="chain__item" class:is-rejected={h.status == HandoffStatus::Rejected}>
            <div class="handoff__head">
                <p class="chain__route">{route}</p>
                <span class="badge">{text(locale, kind_msg(h.kind))}</span>
                <span class="badge">{text(locale, status_msg(h.status))}</span>
            </div>
            <dl class="handoff__times">
                {times
                    .into_iter()
                    .map(|(label, value)| view! {
                        <dt>{text(locale, label)}</dt>
                        <dd>{value}</dd>
                    })
                    .collect_view()}
            </dl>
            {rejected}
            {note_block}
        </li>
    }
}

/// The message beside a hand-over field for its error.
fn field_msg(e: &FieldError) -> Msg {
    match (e.field.as_str(), e.code.as_str()) {
        ("to_member_id", _) => Msg::ReceiverInvalid,
        (_, "required") => Msg::FieldRequired,
        _ => Msg::FieldInvalid,
    }
}

/// "Hand over" and its form.
#[component]
fn HandOver(ctx: DealContext, pending: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let deal = ctx.deal;
    let types = LocalResource::new(move || {
        let client = session.client();
        async move { client.handoff_types().await.unwrap_or_default() }
    });
    let types = Signal::derive(move || types.get().unwrap_or_default());
    // The role of the stage the deal is in, and its owner in that role.
    let from_role = Memo::new(move |_| {
        let stage = deal.with(|d| d.stage_id);
        ctx.pipelines.with(|ps| {
            ps.iter()
                .flat_map(|p| p.stages.iter())
                .find(|s| s.id == stage)
                .map(|s| s.owning_role)
        })
    });
    let may = move || {
        let Some(from) = from_role.get() else {
            return false;
        };
        if !CARRYING.contains(&from) {
            return false;
        }
        let owner = deal.with(|d| match from {
            Role::Appointer => d.appointer.as_ref().map(|m| m.id),
            Role::Closer => d.closer.as_ref().map(|m| m.id),
            _ => d.success.as_ref().map(|m| m.id),
        });
        session.with_me(|me| {
            me.is_some_and(|me| {
                me.roles.contains(&Role::Manager) || owner.is_none_or(|o| o == me.id)
            })
        })
    };
    let open = RwSignal::new(false);
    let role = RwSignal::new(Role::Success);
    let member = RwSignal::new(String::new());
    let note = RwSignal::new(BTreeMap::<String, String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let kind = move || HandoffKind::between(from_role.get().unwrap_or(Role::Appointer), role.get());
    let fields = move || types.with(|t| note_fields(t, kind()));

    let start = move |_| {
        role.set(next_role(
            from_role.get_untracked().unwrap_or(Role::Appointer),
        ));
        member.set(String::new());
        errors.set(Vec::new());
        general.set(None);
        done.set(None);
        open.set(true);
        focus_later("handover-role".into());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        general.set(None);
        let Ok(to) = member.get_untracked().parse::<i64>() else {
            errors.set(vec![FieldError {
                field: "to_member_id".into(),
                code: "required".into(),
                message: String::new(),
            }]);
            focus_later("handover-member".into());
            return;
        };
        let body = NewHandoff {
            deal_id: ctx.id(),
            to_member_id: MemberId(to),
            to_role: role.get_untracked(),
            note: note
                .get_untracked()
                .into_iter()
                .map(|(k, v)| (k, v.trim().to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        };
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            match client.create_handoff(&body).await {
                Ok(h) => {
                    let to = h.to.map(|m| m.name).unwrap_or_default();
                    errors.set(Vec::new());
                    note.set(BTreeMap::new());
                    open.set(false);
                    done.set(Some(to));
                    ctx.changed.update(|n| *n += 1);
                }
                Err(e) => refused(&e, session, errors, general),
            }
            let _ = busy.try_set(false);
        });
    };

    let error_for = move |field: String| {
        let f = field.clone();
        move || {
            errors.with(|list| {
                list.iter().find(|e| e.field == f).map(|e| {
                    view! { <p class="field__error" id=format!("handover-{}-error", f.replace('.', "-"))>{i18n.tr(field_msg(e))}</p> }
                })
            })
        }
    };
    let has_error =
        move |field: String| move || errors.with(|l| l.iter().any(|e| e.field == field));
    let members = move || {
        let r = role.get();
        ctx.members.with(|all| {
            all.iter()
                .filter(|m| m.active && m.roles.contains(&r))
                .map(|m| {
                    let value = m.id.to_string();
                    let selected = value.clone();
                    view! {
                        <option value=value prop:selected=move || member.with(|v| *v == selected)>
                            {m.name.clone()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let note_inputs = move || {
        let locale = i18n.locale();
        fields()
            .into_iter()
            .map(|(key, required)| {
                let id = format!("handover-note-{key}");
                let field = format!("note.{key}");
                let k = key.clone();
                let k2 = key.clone();
                let label = if required {
                    i18n::required_field(locale, &i18n::note_field(locale, &key))
                } else {
                    i18n::note_field(locale, &key)
                };
                let invalid = has_error(field.clone());
                let described = {
                    let f = field.clone();
                    move || {
                        errors
                            .with(|l| l.iter().any(|e| e.field == f))
                            .then(|| format!("handover-note-{}-error", k2))
                    }
                };
                view! {
                    <div class="field">
                        <label class="field__label" for=id.clone()>{label}</label>
                        <textarea
                            id=id
                            class="input"
                            rows="2"
                            maxlength="4000"
                            required=required
                            aria-invalid=move || invalid().to_string()
                            aria-describedby=described
                            prop:value=move || note.with(|n| n.get(&k).cloned().unwrap_or_default())
                            on:input={
                                let k = key.clone();
                                let field = field.clone();
                                move |ev| {
                                    let v = event_target_value(&ev);
                                    note.update(|n| {
                                        n.insert(k.clone(), v);
                                    });
                                    // What was refused is being fixed: its message goes.
                                    errors.update(|l| l.retain(|e| e.field != field));
                                }
                            }
                        ></textarea>
                        {error_for(field)}
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <div class="handover">
            {move || done.get().map(|to| view! {
                <p class="alert alert--ok" role="status">{i18n::handed_over_to(i18n.locale(), &to)}</p>
            })}
            <Show when=move || may() && !pending.get() && !open.get()>
                <button type="button" class="button" on:click=start>
                    {i18n.tr(Msg::HandOverByHand)}
                </button>
            </Show>
            <Show when=move || open.get()>
                <form class="handover__form" on:submit=submit novalidate aria-labelledby="handover-heading">
                    <h3 id="handover-heading" class="handover__title">{i18n.tr(Msg::HandOverByHand)}</h3>
                    {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                    <div class="form--row">
                        <div class="field">
                            <label class="field__label" for="handover-role">{i18n.tr(Msg::ReceivingRole)}</label>
                            <select
                                id="handover-role"
                                class="select"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Ok(r) = v.parse::<Role>() {
                                        role.set(r);
                                        member.set(String::new());
                                    }
                                }
                            >
                                {CARRYING
                                    .into_iter()
                                    .map(|r| view! {
                                        <option value=r.as_str() prop:selected=move || role.get() == r>
                                            {move || i18n::role_name(i18n.locale(), r)}
                                        </option>
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="field__label" for="handover-member">{i18n.tr(Msg::ReceivingMember)}</label>
                            <select
                                id="handover-member"
                                class="select"
                                aria-invalid=move || has_error("to_member_id".into())().to_string()
                                aria-describedby=move || has_error("to_member_id".into())().then_some("handover-to_member_id-error")
                                on:change=move |ev| {
                                    member.set(event_target_value(&ev));
                                    errors.update(|l| l.retain(|e| e.field != "to_member_id"));
                                }
                            >
                                <option value="" prop:selected=move || member.with(String::is_empty)>
                                    {i18n.tr(Msg::ChooseMember)}
                                </option>
                                {members}
                            </select>
                            {error_for("to_member_id".into())}
                        </div>
                    </div>
                    <p class="field__hint">{move || text(i18n.locale(), kind_msg(kind()))}</p>
                    {note_inputs}
                    <div class="handoff__actions">
                        <button type="submit" class="button button--primary" disabled=move || busy.get()>
                            {i18n.tr(Msg::SendHandoff)}
                        </button>
                        <button type="button" class="button button--quiet" on:click=move |_| open.set(false)>
                            {i18n.tr(Msg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// Shows why a hand-over was refused: field errors beside their fields, or a message.
fn refused(
    e: &ClientError,
    session: crate::app::Session,
    errors: RwSignal<Vec<FieldError>>,
    general: RwSignal<Option<Msg>>,
) {
    if is_unauthorized(e) {
        session.expire();
        return;
    }
    let _ = errors.try_set(Vec::new());
    let msg = match e.code() {
        Some(ErrorCode::Validation) => {
            let fields = e
                .api_error()
                .map(|x| x.error.fields.clone())
                .unwrap_or_default();
            if let Some(first) = fields.first() {
                let id = match first.field.strip_prefix("note.") {
                    Some(k) => format!("handover-note-{k}"),
                    None => "handover-member".to_owned(),
                };
                focus_later(id);
            }
            let none = fields.is_empty();
            let _ = errors.try_set(fields);
            none.then_some(Msg::CheckInput)
        }
        Some(ErrorCode::Conflict) => Some(Msg::HandoffAlreadyPending),
        Some(ErrorCode::Forbidden) => Some(Msg::HandOverForbidden),
        _ if e.status().is_none() => Some(Msg::Unreachable),
        _ => Some(Msg::ServerError),
    };
    let _ = general.try_set(msg);
}
