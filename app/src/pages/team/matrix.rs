//! The matrix: one row per member, one column per role. Each cell is a toggle named after the
//! member and the role ("田中 誠: クローザー"); a routed role held shows what it covers, its
//! weight, the member's load against the limits, and an edit button. A toggle answers with the
//! server's state: a refusal says why and the toggle goes back.
//!
//! Rows and cells keep their elements while the matrix is asked for again (each cell reads its
//! own part of the matrix), so the focus stays where the keyboard left it.

use super::load::Gauge;
use super::{ROUTED, TeamCtx, find_cell};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, role_name, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::RoleCellUpdate;
use shared::client::ClientError;
use shared::{ErrorCode, Locale, MemberId, Role};

/// The id of a member's role toggle.
pub(super) fn toggle_id(member: MemberId, role: Role) -> String {
    format!("team-{member}-{}", role.as_str())
}

/// The id of a member's role edit button.
pub(super) fn edit_id(member: MemberId, role: Role) -> String {
    format!("team-{member}-{}-edit", role.as_str())
}

/// Why a change to the matrix was refused, in the member's language.
/// `role`: the role a toggle or an edit was about (a 409 on the manager role is the last one).
pub(super) fn refusal(locale: Locale, err: &ClientError, role: Option<Role>) -> String {
    let msg = match err.code() {
        Some(ErrorCode::Conflict) if role == Some(Role::Manager) => Msg::LastManagerRole,
        // Another refusal of a state: the server's own words.
        Some(ErrorCode::Conflict) => {
            return err
                .api_error()
                .map(|e| e.error.message.clone())
                .unwrap_or_default();
        }
        Some(ErrorCode::Forbidden) => Msg::TeamManagersOnly,
        Some(ErrorCode::NotFound) => Msg::TeamOutdated,
        Some(ErrorCode::Validation) => Msg::CheckInput,
        _ if err.status().is_none() => Msg::Unreachable,
        _ => Msg::ServerError,
    };
    text(locale, msg).to_owned()
}

/// The table.
#[component]
pub(super) fn MatrixTable() -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let i18n = use_i18n();
    // A refused toggle, shown above the table.
    let problem = RwSignal::new(None::<String>);
    let members = move || {
        ctx.matrix.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.members
                        .iter()
                        .map(|x| (x.id, x.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="panel team-matrix" aria-labelledby="team-matrix-heading">
            <h2 id="team-matrix-heading" class="panel__title">{i18n.tr(Msg::TeamMatrixCaption)}</h2>
            {move || problem.get().map(|p| view! { <p class="alert alert--error" role="alert">{p}</p> })}
            <div class="table-wrap">
                <table class="deals-table team-table">
                    <caption class="visually-hidden">{i18n.tr(Msg::TeamMatrixCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::ColMember)}</th>
                            {Role::ALL
                                .iter()
                                .map(|&r| {
                                    let routed = ROUTED.contains(&r);
                                    view! {
                                        <th scope="col" class:team-table__routed=routed>
                                            {move || role_name(i18n.locale(), r)}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=members
                            key=|(id, name)| (*id, name.clone())
                            children=move |(id, name)| view! { <MemberRow member=id name=name problem=problem /> }
                        />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One member's row.
#[component]
fn MemberRow(member: MemberId, name: String, problem: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let i18n = use_i18n();
    let absent = Memo::new(move |_| {
        ctx.matrix.with(|m| {
            m.as_ref()
                .and_then(|m| m.members.iter().find(|x| x.id == member))
                .is_some_and(|x| x.absent_today)
        })
    });
    let cells = Role::ALL
        .iter()
        .map(|&role| view! { <RoleToggle member=member name=name.clone() role=role problem=problem /> })
        .collect_view();
    view! {
        <tr class:is-absent=move || absent.get()>
            <th scope="row" class="team-table__member">
                <span class="team-table__name">{name.clone()}</span>
                <Show when=move || absent.get()>
                    <span class="badge badge--warn">{i18n.tr(Msg::AbsentToday)}</span>
                </Show>
            </th>
            {cells}
        </tr>
    }
}

/// One member × role: the toggle and, for a routed role held, its settings and load.
#[component]
fn RoleToggle(
    member: MemberId,
    name: String,
    role: Role,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let cell = Memo::new(move |_| ctx.matrix.with(|m| find_cell(m.as_ref(), member, role)));
    let held = Memo::new(move |_| cell.with(|c| c.as_ref().is_some_and(|c| c.held)));
    // What the toggle shows: the request while it is on its way, then the server's state.
    let checked = RwSignal::new(held.get_untracked());
    Effect::new(move || checked.set(held.get()));
    let busy = RwSignal::new(false);
    let routed = ROUTED.contains(&role);
    let label = {
        let name = name.clone();
        move || i18n::member_role(i18n.locale(), &name, role)
    };

    let toggle_name = name.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let want = event_target_checked(&ev);
        checked.set(want);
        busy.set(true);
        problem.set(None);
        ctx.status.set(None);
        let body = RoleCellUpdate {
            held: want,
            weight: 1,
            capacity_open: None,
            capacity_daily: None,
            territory_ids: Vec::new(),
            segment_ids: Vec::new(),
        };
        let client = session.client();
        let name = toggle_name.clone();
        spawn_local(async move {
            let r = client.update_role_cell(member, role, &body).await;
            busy.try_set(false);
            let locale = i18n.locale_untracked();
            match r {
                Ok(c) => {
                    ctx.status
                        .try_set(Some(i18n::role_changed(locale, &name, role, c.held)));
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => {
                    // Back to what the server holds.
                    checked.try_set(!want);
                    problem.try_set(Some(format!(
                        "{} — {}",
                        i18n::member_role(locale, &name, role),
                        refusal(locale, &e, Some(role))
                    )));
                }
            }
            ctx.refresh();
        });
    };

    let names_of = move |territories: bool| {
        let locale = i18n.locale();
        let ids: Vec<i64> = cell.with(|c| {
            c.as_ref()
                .map(|c| {
                    if territories {
                        c.territory_ids.iter().map(|t| t.0).collect()
                    } else {
                        c.segment_ids.iter().map(|s| s.0).collect()
                    }
                })
                .unwrap_or_default()
        });
        if ids.is_empty() {
            return text(locale, Msg::CoverAll).to_owned();
        }
        let names: Vec<String> = if territories {
            ctx.territories.with(|all| {
                ids.iter()
                    .map(|id| {
                        all.iter()
                            .find(|t| t.id.0 == *id)
                            .map_or_else(|| format!("#{id}"), |t| t.name.clone())
                    })
                    .collect()
            })
        } else {
            ctx.segments.with(|all| {
                ids.iter()
                    .map(|id| {
                        all.iter()
                            .find(|s| s.id.0 == *id)
                            .map_or_else(|| format!("#{id}"), |s| s.name.clone())
                    })
                    .collect()
            })
        };
        i18n::name_list(locale, &names)
    };
    let part = move |f: fn(&shared::api::RoleCell) -> u32| {
        Signal::derive(move || cell.with(|c| c.as_ref().map(f).unwrap_or(0)))
    };
    let open = part(|c| c.open);
    let today = part(|c| c.today);
    let cap_open = Signal::derive(move || cell.with(|c| c.as_ref().and_then(|c| c.capacity_open)));
    let cap_daily =
        Signal::derive(move || cell.with(|c| c.as_ref().and_then(|c| c.capacity_daily)));
    let weight = part(|c| c.weight);
    let edit_label = move || i18n::edit_member_role(i18n.locale(), &name, role);

    view! {
        <td class={if routed { "team-cell team-cell--routed" } else { "team-cell" }} class:is-held=move || held.get()>
            <div class="team-cell__head">
                <input
                    type="checkbox"
                    class="team-cell__toggle"
                    id=toggle_id(member, role)
                    aria-label=label
                    aria-busy=move || busy.get().then_some("true")
                    prop:checked=checked
                    on:change=on_change
                />
                <Show when=move || routed && held.get()>
                    <button
                        type="button"
                        class="button button--quiet team-cell__edit"
                        id=edit_id(member, role)
                        aria-label=edit_label.clone()
                        on:click=move |_| ctx.editing.set(Some((member, role)))
                    >
                        {i18n.tr(Msg::EditCell)}
                    </button>
                </Show>
            </div>
            <Show when=move || routed && held.get()>
                <dl class="team-cell__facts">
                    <div>
                        <dt>{i18n.tr(Msg::CoverTerritories)}</dt>
                        <dd>{move || names_of(true)}</dd>
                    </div>
                    <div>
                        <dt>{i18n.tr(Msg::CoverSegments)}</dt>
                        <dd>{move || names_of(false)}</dd>
                    </div>
                    <div>
                        <dt>{i18n.tr(Msg::Weight)}</dt>
                        <dd>{move || weight.get()}</dd>
                    </div>
                </dl>
                <div class="team-cell__load">
                    <Gauge
                        text=Signal::derive(move || i18n::load_open(i18n.locale(), open.get(), cap_open.get()))
                        used=open
                        cap=cap_open
                    />
                    <Gauge
                        text=Signal::derive(move || i18n::load_today(i18n.locale(), today.get(), cap_daily.get()))
                        used=today
                        cap=cap_daily
                    />
                </div>
            </Show>
        </td>
    }
}
