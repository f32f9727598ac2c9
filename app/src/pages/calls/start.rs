//! The deal page's "start call" action: for managers, and for the deal's own appointer, while
//! the deal is in an open stage owned by appointers (where the queue lists it and from where an
//! appointment is handed to closers), when its pipeline has a published talk script (one
//! button per published script).

use super::text::start_for;
use super::{may_call, start_call};
use crate::app::use_session;
use crate::i18n::{Msg, text, use_i18n};
use leptos::prelude::*;
use shared::api::{DealRow, ScriptQuery, StageKind};
use shared::{DealId, Role};

/// The start buttons beside a deal's title.
#[component]
pub fn StartCallAction(#[prop(into)] deal: Signal<DealRow>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let pipeline = Memo::new(move |_| deal.with(|d| d.pipeline_id));
    // Appointers start calls only on their own deals (the server's rule too).
    let allowed = Memo::new(move |_| {
        let appointer = deal.with(|d| d.appointer.as_ref().map(|m| m.id));
        session.with_me(|me| {
            may_call(me) && me.is_some_and(|m| m.has(Role::Manager) || appointer == Some(m.id))
        })
    });
    let stage = Memo::new(move |_| deal.with(|d| d.stage_id));
    let scripts = LocalResource::new(move || {
        let (allowed, pipeline, stage) = (allowed.get(), pipeline.get(), stage.get());
        let client = session.client();
        async move {
            if !allowed {
                return Vec::new();
            }
            let calling_stage = client.pipelines().await.is_ok_and(|list| {
                list.iter().flat_map(|p| p.stages.iter()).any(|s| {
                    s.id == stage && s.owning_role == Role::Appointer && s.kind == StageKind::Open
                })
            });
            if !calling_stage {
                return Vec::new();
            }
            let q = ScriptQuery {
                pipeline_id: Some(pipeline),
                purpose: None,
            };
            client
                .scripts(&q)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.published_version.is_some() && s.pipeline_id == Some(pipeline))
                .collect()
        }
    });
    let busy = RwSignal::new(None::<DealId>);
    let error = RwSignal::new(None::<Msg>);
    move || {
        let list = scripts.get().unwrap_or_default();
        if list.is_empty() || !allowed.get() {
            return None;
        }
        let several = list.len() > 1;
        let buttons = list
            .into_iter()
            .map(|s| {
                let (id, name) = (s.id, s.name);
                let label = move || {
                    let locale = i18n.locale();
                    if several {
                        start_for(locale, &name)
                    } else {
                        text(locale, Msg::CallStart).to_owned()
                    }
                };
                view! {
                    <button
                        type="button"
                        class="button button--primary"
                        disabled=move || busy.get().is_some()
                        aria-busy=move || busy.get().is_some().then_some("true")
                        on:click=move |_| start_call(session, deal.with_untracked(|d| d.id), id, busy, error)
                    >
                        {label}
                    </button>
                }
            })
            .collect_view();
        Some(view! {
            <div class="call-start">
                {buttons}
                <div role="status" aria-live="polite">
                    {move || error.get().map(|m| view! { <p class="alert alert--error">{i18n.tr(m)}</p> })}
                </div>
            </div>
        })
    }
}
