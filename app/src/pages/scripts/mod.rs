//! Talk scripts (トークスクリプト): `/scripts` (the list; managers and admins also create),
//! `/scripts/:id` (managers and admins: the draft editor; appointers and closers: the
//! published version, read-only) and `/scripts/:id/versions/:n` (a published version and what
//! changed from the one before). The server decides who sees a draft: a script answered with
//! its draft opens in the editor, one without it read-only.
//!
//! Parts: `list` (the list and the new-script form), `editor` (state, autosave, conflicts,
//! publishing), `steps` (the step and answer controls), `map` (the flow map), `problems`,
//! `versions` (version list, version page, diff), `readonly` (a graph shown without
//! controls); pure logic in `graph` (edits), `layout` (the map), `anchors` (problem → control)
//! and `draft_store` (the copy kept in this browser), words in `text`.

mod anchors;
mod draft_store;
mod editor;
mod graph;
mod layout;
mod list;
mod map;
mod problems;
mod readonly;
mod steps;
mod text;
mod versions;

pub use list::ScriptsPage;
pub use versions::ScriptVersionPage;

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::ScriptId;
use shared::api::{Article, ArticleQuery, Script};
use shared::client::ClientError;

pub(crate) use crate::pages::deal::focus_later;

/// What the script pages share: dates in the member's zone, and the knowledge-base articles
/// (none until they have loaded).
#[derive(Clone, Copy)]
pub(super) struct ScriptsCtx {
    /// Dates and times in the member's zone and language.
    pub formatter: RwSignal<DateTimeFormatter, LocalStorage>,
    /// The articles, once loaded.
    pub articles: Signal<Option<Vec<Article>>>,
}

/// Dates and times in the member's zone and language, following both.
fn formatter() -> RwSignal<DateTimeFormatter, LocalStorage> {
    let session = use_session();
    let i18n = use_i18n();
    let zone = move || {
        session
            .with_me(|m| m.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    };
    let formatter = RwSignal::new_local(DateTimeFormatter::new(
        i18n.locale_untracked(),
        &untrack(zone),
    ));
    Effect::new(move |first: Option<()>| {
        let (locale, tz) = (i18n.locale(), zone());
        if first.is_some() {
            formatter.set(DateTimeFormatter::new(locale, &tz));
        }
    });
    formatter
}

/// Provides [`ScriptsCtx`] for a script page.
fn provide_ctx() -> ScriptsCtx {
    let session = use_session();
    let articles = LocalResource::new(move || {
        let client = session.client();
        async move { client.articles(&ArticleQuery::default()).await.ok() }
    });
    let ctx = ScriptsCtx {
        formatter: formatter(),
        articles: Signal::derive(move || articles.get().flatten()),
    };
    provide_context(ctx);
    ctx
}

/// The message for a failed load.
fn load_msg(e: &ClientError) -> Msg {
    match e.status() {
        None => Msg::Unreachable,
        Some(403) => Msg::ScriptsReadersOnly,
        Some(404) => Msg::ScriptsNotFound,
        _ => Msg::LoadFailed,
    }
}

/// A failed load, with a way to try again (or back to the list when there is nothing).
fn load_failed(e: &ClientError, retry: RwSignal<u32>) -> AnyView {
    let i18n = use_i18n();
    let msg = load_msg(e);
    let again = !matches!(msg, Msg::ScriptsNotFound | Msg::ScriptsReadersOnly);
    view! {
        <div class="load-error">
            <p class="alert alert--error" role="alert">{i18n.tr(msg)}</p>
            {again
                .then(|| {
                    view! {
                        <button type="button" class="button" on:click=move |_| retry.update(|n| *n += 1)>
                            {i18n.tr(Msg::Retry)}
                        </button>
                    }
                })}
            <A href="/scripts">{i18n.tr(Msg::ScriptsBack)}</A>
        </div>
    }
    .into_any()
}

/// The script id of the route, if it is one.
fn route_id() -> Memo<Option<ScriptId>> {
    crate::components::route::route_id(ScriptId)
}

/// A script's pipeline, purpose and published version, in one line.
#[component]
fn ScriptFacts(script: Signal<Script>) -> impl IntoView {
    let i18n = use_i18n();
    let pipeline = move || {
        script
            .with(|s| s.pipeline_name.clone())
            .unwrap_or_else(|| i18n.t(Msg::ScriptsNoPipeline).to_owned())
    };
    let purpose = move || text::purpose(i18n.locale(), script.with(|s| s.purpose));
    let published = move || match script.with(|s| s.published_version) {
        Some(n) => text::version_name(i18n.locale(), n),
        None => i18n.t(Msg::ScriptsNotPublished).to_owned(),
    };
    view! {
        <dl class="deal-facts script-facts">
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::Pipeline)}</dt>
                <dd>{pipeline}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ScriptsPurpose)}</dt>
                <dd>{purpose}</dd>
            </div>
            <div class="deal-facts__item">
                <dt>{i18n.tr(Msg::ScriptsPublished)}</dt>
                <dd>{published}</dd>
            </div>
        </dl>
    }
}

/// `/scripts/:id`: the editor for those the server gives the draft, the published version
/// for the others.
#[component]
pub fn ScriptPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::ScriptsTitle);
    provide_ctx();
    let id = route_id();
    let attempt = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        let id = id.get();
        attempt.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(client.script(id).await),
                None => None,
            }
        }
    });
    Effect::new(move || {
        if data.with(|d| matches!(d, Some(Some(Err(e))) if is_unauthorized(e))) {
            session.expire();
        }
    });
    let body = move || match data.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(None) => view! {
            <p class="alert alert--error" role="alert">{i18n.tr(Msg::ScriptsNotFound)}</p>
        }
        .into_any(),
        Some(Some(Err(e))) => load_failed(&e, attempt),
        Some(Some(Ok(s))) if s.draft.is_some() => {
            view! { <editor::EditorView script=s /> }.into_any()
        }
        Some(Some(Ok(s))) => view! { <readonly::PublishedView script=s /> }.into_any(),
    };
    view! { {body} }
}
