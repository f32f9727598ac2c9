//! `/team` (managers): the team role matrix. Members × roles, each a toggle; for each routed
//! role held, its territories and segments, weight, limits and the member's load now (edited in
//! a dialog); absences; the coverage gaps in words; and the routing preview (who would get the
//! next item, and why not everyone else). Every change is followed by asking the server for the
//! matrix again, so what is shown is the server's state. Other members are told the page is
//! for managers (the server answers them 403 in any case).

mod absences;
mod cell_editor;
mod gaps;
mod load;
mod matrix;
mod preview;

use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{RoleCell, Segment, TeamMatrix, Territory};
use shared::client::ClientError;
use shared::{MemberId, Role};

/// What the parts of the page share.
#[derive(Clone, Copy)]
pub(super) struct TeamCtx {
    /// The matrix as the server last answered.
    pub matrix: RwSignal<Option<TeamMatrix>>,
    /// The team's territories, in order.
    pub territories: Signal<Vec<Territory>>,
    /// The team's segments, in order.
    pub segments: Signal<Vec<Segment>>,
    /// Bumped after every change: the matrix and the preview are asked for again.
    pub version: RwSignal<u32>,
    /// The last outcome, announced politely.
    pub status: RwSignal<Option<String>>,
    /// The member's role whose settings are being edited.
    pub editing: RwSignal<Option<(MemberId, Role)>>,
}

impl TeamCtx {
    /// Asks for the matrix (and the preview) again.
    pub fn refresh(self) {
        self.version.update(|n| *n = n.wrapping_add(1));
    }

    /// A member's name, as the matrix has it.
    pub fn name_of(self, id: MemberId) -> String {
        self.matrix.with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.members.iter().find(|x| x.id == id))
                .map(|x| x.name.clone())
                .unwrap_or_default()
        })
    }
}

/// One member's role in the matrix.
pub(super) fn find_cell(m: Option<&TeamMatrix>, member: MemberId, role: Role) -> Option<RoleCell> {
    m?.members
        .iter()
        .find(|x| x.id == member)?
        .roles
        .iter()
        .find(|c| c.role == role)
        .cloned()
}

/// The roles work is routed to: only these have coverage, weight and limits that matter.
pub(super) const ROUTED: [Role; 3] = [Role::Appointer, Role::Closer, Role::Success];

/// The message for a failed load.
fn load_msg(e: &ClientError) -> Msg {
    match e.status() {
        None => Msg::Unreachable,
        Some(403) => Msg::TeamManagersOnly,
        _ => Msg::LoadFailed,
    }
}

/// `/team`.
#[component]
pub fn TeamPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::Team);
    let is_manager =
        Memo::new(move |_| session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager))));
    let matrix = RwSignal::new(None::<TeamMatrix>);
    let failed = RwSignal::new(None::<ClientError>);
    let version = RwSignal::new(0u32);
    let request = StoredValue::new(0u64);
    Effect::new(move || {
        version.track();
        if !is_manager.get() {
            return;
        }
        let n = request.get_value().wrapping_add(1);
        request.set_value(n);
        let client = session.client();
        spawn_local(async move {
            let r = client.team_matrix().await;
            // Only the latest answer counts.
            if request.try_get_value() != Some(n) {
                return;
            }
            match r {
                Ok(m) => {
                    matrix.try_set(Some(m));
                    failed.try_set(None);
                }
                Err(e) => {
                    if is_unauthorized(&e) {
                        session.expire();
                    }
                    failed.try_set(Some(e));
                }
            }
        });
    });
    let territories = LocalResource::new(move || {
        let client = session.client();
        async move { client.territories().await.unwrap_or_default() }
    });
    let segments = LocalResource::new(move || {
        let client = session.client();
        async move { client.segments().await.unwrap_or_default() }
    });
    let ctx = TeamCtx {
        matrix,
        territories: Signal::derive(move || territories.get().unwrap_or_default()),
        segments: Signal::derive(move || segments.get().unwrap_or_default()),
        version,
        status: RwSignal::new(None),
        editing: RwSignal::new(None),
    };
    provide_context(ctx);

    let retry = move |_| ctx.refresh();
    // Where the page stands; a memo, so answers that change nothing redraw nothing.
    let refresh_error = Memo::new(move |_| failed.with(|e| e.as_ref().map(load_msg)));
    let phase = Memo::new(move |_| {
        if matrix.with(Option::is_some) {
            (true, None)
        } else {
            (false, refresh_error.get())
        }
    });
    let body = move || {
        if !is_manager.get() {
            return view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::TeamManagersOnly)}</p> }
                .into_any();
        }
        match phase.get() {
            (false, None) => {
                view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any()
            }
            (false, Some(msg)) => view! {
                <div class="load-error">
                    <p class="alert alert--error" role="alert">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=retry>{i18n.tr(Msg::Retry)}</button>
                </div>
            }
            .into_any(),
            (true, _) => view! {
                <p class="page__lead">{i18n.tr(Msg::TeamLead)}</p>
                <Show when=move || refresh_error.with(Option::is_some)>
                    <div class="load-error">
                        <p class="alert alert--error" role="alert">
                            {move || {
                                refresh_error
                                    .get()
                                    .map(|m| i18n.t(if m == Msg::LoadFailed { Msg::TeamRefreshFailed } else { m }))
                            }}
                        </p>
                        <button type="button" class="button" on:click=retry>{i18n.tr(Msg::Retry)}</button>
                    </div>
                </Show>
                <gaps::GapWarnings />
                <matrix::MatrixTable />
                <div class="team-grid">
                    <absences::AbsencesPanel />
                    <preview::RoutingPreviewPanel />
                </div>
                {move || {
                    ctx.editing
                        .get()
                        .map(|(member, role)| view! { <cell_editor::CellEditor member=member role=role /> })
                }}
            }
            .into_any(),
        }
    };
    view! {
        <div class="page page--team">
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::Team)}</h1>
            </div>
            <div role="status" aria-live="polite" class="team__status">
                {move || ctx.status.get().map(|m| view! { <p class="alert alert--ok">{m}</p> })}
            </div>
            {body}
        </div>
    }
}

/// A team form's field errors (field → message), shown beside each field and on its control's
/// `aria-invalid`; `control` names a field's control (its error's id is `<control>-error`).
#[derive(Clone, Copy)]
pub(super) struct FieldErrors {
    pub list: RwSignal<Vec<(String, Msg)>>,
    i18n: crate::i18n::I18n,
    control: fn(&str) -> String,
}

impl FieldErrors {
    pub fn new(control: fn(&str) -> String) -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            i18n: use_i18n(),
            control,
        }
    }

    /// The error line under a field (empty while the field is fine).
    pub fn view(self, field: &'static str) -> impl IntoView {
        let message = move || {
            self.list.with(|list| {
                list.iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, m)| self.i18n.t(*m))
            })
        };
        view! { <p class="field__error" id=format!("{}-error", (self.control)(field))>{message}</p> }
    }

    /// `aria-invalid` for a field's control.
    pub fn invalid(self, field: &'static str) -> impl Fn() -> String + Copy {
        move || {
            self.list
                .with(|l| l.iter().any(|(f, _)| f == field))
                .to_string()
        }
    }
}
