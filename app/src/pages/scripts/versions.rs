//! Published versions: the list on a script's page (number, who, when), and
//! `/scripts/:id/versions/:n`, one version read-only (map and steps) with what changed from
//! the version before, in words.

use super::map::FlowMap;
use super::readonly::GraphView;
use super::text::{self, DiffEntry};
use super::{ScriptsCtx, load_failed, provide_ctx, route_id};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::{Script, ScriptVersion};
use shared::script::DiffKind;

/// The published versions of a script, newest first, each linking to its page.
#[component]
pub(super) fn VersionsList(script: Signal<Script>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    let items = move || {
        let locale = i18n.locale();
        let (id, current, versions) =
            script.with(|s| (s.id, s.published_version, s.versions.clone()));
        {
            versions
                .into_iter()
                .map(|v| {
                    let href = format!("/scripts/{}/versions/{}", id, v.number);
                    let when = ctx.formatter.with(|f| f.format(v.published_at));
                    let by = text::published_by(
                        locale,
                        v.published_by.as_ref().map(|m| m.name.as_str()),
                        &when,
                    );
                    let is_current = current == Some(v.number);
                    view! {
                        <li class="version-list__item">
                            <A href=href>{text::version_name(locale, v.number)}</A>
                            {is_current.then(|| view! { <span class="badge">{i18n.tr(Msg::ScriptsCurrentBadge)}</span> })}
                            <span class="version-list__meta">{by}</span>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section class="panel" aria-labelledby="versions-heading">
            <h2 class="panel__title" id="versions-heading">{i18n.tr(Msg::ScriptsVersions)}</h2>
            <Show
                when=move || script.with(|s| !s.versions.is_empty())
                fallback=move || view! { <p class="field__hint">{i18n.tr(Msg::ScriptsNoVersions)}</p> }
            >
                <ul class="version-list">{items}</ul>
            </Show>
        </section>
    }
}

fn kind_msg(k: DiffKind) -> Msg {
    match k {
        DiffKind::Added => Msg::ScriptsDiffAdded,
        DiffKind::Removed => Msg::ScriptsDiffRemoved,
        DiffKind::Changed => Msg::ScriptsDiffChanged,
    }
}

fn kind_class(k: DiffKind) -> &'static str {
    match k {
        DiffKind::Added => "diff-entry diff-entry--added",
        DiffKind::Removed => "diff-entry diff-entry--removed",
        DiffKind::Changed => "diff-entry diff-entry--changed",
    }
}

/// A diff in words.
#[component]
pub(super) fn DiffList(entries: Vec<DiffEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="diff-list">
            {entries
                .into_iter()
                .map(|e| {
                    view! {
                        <li class=kind_class(e.kind)>
                            <p class="diff-entry__title">
                                <span class="badge diff-entry__kind">{i18n.tr(kind_msg(e.kind))}</span>
                                " "
                                {e.title}
                            </p>
                            <ul class="diff-entry__details">
                                {e.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// `/scripts/:id/versions/:n`.
#[component]
pub fn ScriptVersionPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::ScriptsVersionTitle);
    provide_ctx();
    let id = route_id();
    let params = use_params_map();
    let number =
        Memo::new(move |_| params.with(|p| p.get_str("n").and_then(|s| s.parse::<i32>().ok())));
    let attempt = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        let (id, n) = (id.get(), number.get());
        attempt.track();
        let client = session.client();
        async move {
            let (id, n) = (id?, n?);
            let version = client.script_version(id, n).await;
            let script = client.script(id).await;
            Some(version.and_then(|v| script.map(|s| (s, v))))
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
        Some(Some(Ok((s, v)))) => view! { <VersionView script=s version=v /> }.into_any(),
    };
    view! { <div class="page page--script">{body}</div> }
}

/// One version: who published it when, the changes, the map and the steps.
#[component]
fn VersionView(script: Script, version: ScriptVersion) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    let n = version.number;
    let when = ctx
        .formatter
        .with_untracked(|f| f.format(version.published_at));
    let who = version.published_by.as_ref().map(|m| m.name.clone());
    let diff = version.diff.clone();
    let graph = version.graph.clone();
    let graph = Signal::derive(move || graph.clone());
    let script_href = format!("/scripts/{}", script.id);
    let name = script.name.clone();
    let changes = move || {
        let locale = i18n.locale();
        match &diff {
            None => view! { <p>{i18n.tr(Msg::ScriptsFirstVersion)}</p> }.into_any(),
            Some(d) if d.is_empty() => view! { <p>{i18n.tr(Msg::ScriptsNoChanges)}</p> }.into_any(),
            Some(d) => {
                let articles = ctx.articles.get().unwrap_or_default();
                view! { <DiffList entries=text::diff_entries(locale, d, &articles) /> }.into_any()
            }
        }
    };
    let diff_heading = move || match (i18n.locale(), n) {
        (_, 1) => i18n.t(Msg::ScriptsChanges).to_owned(),
        (shared::Locale::Ja, _) => format!("バージョン{}からの変更", n - 1),
        (shared::Locale::En, _) => format!("Changes from version {}", n - 1),
    };
    view! {
        <p class="crumbs">
            <A href=script_href>{format!("← {name}")}</A>
        </p>
        <div class="page__head">
            <h1 class="page__title">
                {script.name.clone()} " — " {move || text::version_name(i18n.locale(), n)}
            </h1>
        </div>
        <p class="page__lead">{move || text::published_by(i18n.locale(), who.as_deref(), &when)}</p>
        <section class="panel script-diff" aria-labelledby="diff-heading">
            <h2 class="panel__title" id="diff-heading">{diff_heading}</h2>
            {changes}
        </section>
        <FlowMap graph=graph problems=Signal::derive(Vec::new) prefix=Some("ver") />
        <GraphView graph=graph prefix="ver" />
    }
}
