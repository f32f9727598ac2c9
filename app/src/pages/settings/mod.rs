//! Pipeline settings (`/settings/pipelines`, managers): every pipeline with its stages in order;
//! rename a pipeline; add, edit (name, probability, owning role, stall limit, kind), reorder and
//! remove stages; add a pipeline. A stage that still has deals cannot be removed: the page says
//! how many and where to move them. Other members are told the page is for managers (the
//! server refuses their changes with 403 in any case).

mod handoffs;
mod new_pipeline;
mod pipeline;
mod stage_row;

use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::Role;
use shared::api::Pipeline;
use shared::client::ClientError;

pub use handoffs::HandoffSettingsPage;

/// The settings pages, as links: pipelines, hand-offs.
#[component]
fn SettingsTabs() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let here = move |path: &'static str| location.pathname.with(|p| p == path).then_some("page");
    view! {
        <nav class="tabs" aria-label=i18n.tr(Msg::SettingsPages)>
            <a href="/settings/pipelines" class="tabs__tab" aria-current=move || here("/settings/pipelines")>
                {i18n.tr(Msg::PipelineSettings)}
            </a>
            <a href="/settings/handoffs" class="tabs__tab" aria-current=move || here("/settings/handoffs")>
                {i18n.tr(Msg::HandoffSettings)}
            </a>
        </nav>
    }
}

/// `/settings/pipelines`.
#[component]
pub fn PipelineSettingsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::Settings);
    let is_manager =
        Memo::new(move |_| session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager))));
    let loaded = RwSignal::new(None::<Result<Vec<Pipeline>, ClientError>>);
    let attempt = RwSignal::new(0u32);
    // Pipelines created on this page, shown after the loaded ones.
    let added = RwSignal::new(Vec::<Pipeline>::new());
    Effect::new(move || {
        attempt.track();
        if !is_manager.get() {
            return;
        }
        let client = session.client();
        spawn_local(async move {
            let r = client.pipelines().await;
            if let Err(e) = &r
                && is_unauthorized(e)
            {
                session.expire();
            }
            loaded.try_set(Some(r));
        });
    });
    let body = move || {
        if !is_manager.get() {
            return view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::ManagersOnly)}</p> }
                .into_any();
        }
        match loaded.get() {
            None => {
                view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any()
            }
            Some(Err(e)) => {
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
            Some(Ok(list)) => view! {
                <p class="page__lead">{i18n.tr(Msg::StagesHelp)}</p>
                {list
                    .into_iter()
                    .map(|p| view! { <pipeline::PipelineEditor pipeline=p /> })
                    .collect_view()}
                <For
                    each=move || added.get()
                    key=|p| p.id
                    children=|p| view! { <pipeline::PipelineEditor pipeline=p /> }
                />
                <new_pipeline::NewPipelineForm on_created=move |p| added.update(|l| l.push(p)) />
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
                <SettingsTabs />
            </Show>
            {body}
        </div>
    }
}
