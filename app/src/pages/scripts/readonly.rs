//! Scripts shown without controls: the published version as appointers and closers open it
//! (`/scripts/:id`), and the steps of any graph (also used by the version page): each step's
//! text with its variables marked, its linked article, and its answers with where each leads
//! (a step is a button going to that step).

use super::anchors;
use super::map::FlowMap;
use super::text;
use super::versions::VersionsList;
use super::{ScriptFacts, ScriptsCtx, focus_later};
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::Script;
use shared::script::{Piece, ScriptGraph, Var, pieces};

/// `/scripts/:id` for members who run scripts: the published version, read-only.
#[component]
pub(super) fn PublishedView(script: Script) -> impl IntoView {
    let i18n = use_i18n();
    let graph = script.published.clone();
    let number = script.published_version;
    let script = RwSignal::new(script);
    let body = match (graph, number) {
        (Some(g), Some(n)) => {
            let g = Signal::derive(move || g.clone());
            view! {
                <p class="page__lead">
                    {move || match i18n.locale() {
                        shared::Locale::Ja => format!("公開中のバージョン{n}です（読み取り専用）。"),
                        shared::Locale::En => format!("The published version {n} (read-only)."),
                    }}
                </p>
                <FlowMap graph=g problems=Signal::derive(Vec::new) prefix=Some("pub") />
                <div class="script-grid">
                    <GraphView graph=g prefix="pub" />
                    <aside class="script-side">
                        <VersionsList script=script.into() />
                    </aside>
                </div>
            }
            .into_any()
        }
        _ => view! { <p class="empty">{i18n.tr(Msg::ScriptsNotPublishedYet)}</p> }.into_any(),
    };
    view! {
        <div class="page page--script">
            <p class="crumbs">
                <A href="/scripts">{i18n.tr(Msg::ScriptsBack)}</A>
            </p>
            <div class="page__head">
                <h1 class="page__title">{move || script.with(|s| s.name.clone())}</h1>
            </div>
            <ScriptFacts script=script.into() />
            {body}
        </div>
    }
}

/// A step's text with its variables marked.
fn text_view(t: &str) -> AnyView {
    let i18n = use_i18n();
    pieces(t)
        .into_iter()
        .map(|p| match p {
            Piece::Text(s) => s.to_owned().into_any(),
            Piece::Placeholder(name) => match Var::parse(name) {
                Some(v) => view! {
                    <span class="var-chip" title=format!("{{{name}}}")>
                        {move || text::variable(i18n.locale(), v)}
                    </span>
                }
                .into_any(),
                None => {
                    view! { <span class="var-chip var-chip--bad">{format!("{{{name}}}")}</span> }
                        .into_any()
                }
            },
        })
        .collect_view()
        .into_any()
}

/// The steps of `graph`, read-only; step headings are named `<prefix>-step-<i>`.
#[component]
pub(super) fn GraphView(graph: Signal<ScriptGraph>, prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    let title_id = format!("{prefix}-steps-title");
    let labelled_by = title_id.clone();
    let steps = move || {
        let locale = i18n.locale();
        let articles = ctx.articles.get().unwrap_or_default();
        graph.with(|g| {
            let index = |k: &str| g.steps.iter().position(|s| s.key == k);
            g.steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let is_start = !s.key.is_empty() && s.key == g.start;
                    let article = s
                        .article
                        .map(|id| text::article_title(locale, Some(id), &articles));
                    let answers = s
                        .answers
                        .iter()
                        .enumerate()
                        .map(|(a, ans)| {
                            let lead = match (&ans.next, index(ans.next.as_deref().unwrap_or_default())) {
                                (Some(k), Some(j)) if ans.outcome.is_none() => {
                                    let label = text::step_name(locale, k, j);
                                    view! {
                                        <button
                                            type="button"
                                            class="problem-link"
                                            on:click=move |_| focus_later(anchors::read_step(prefix, j))
                                        >
                                            {label}
                                        </button>
                                    }
                                    .into_any()
                                }
                                _ => view! { <span class="ro-outcome">{text::target(locale, ans)}</span> }
                                    .into_any(),
                            };
                            view! {
                                <li class="ro-answer">
                                    <span class="answer-row__num" aria-hidden="true">{a + 1}</span>
                                    <span class="ro-answer__label">{ans.label.clone()}</span>
                                    <span aria-hidden="true">"→"</span>
                                    {lead}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <li class="step-card step-card--ro" class:step-card--shared=s.shared
                            aria-labelledby=anchors::read_step(prefix, i)>
                            <div class="step-card__head">
                                <h3 class="step-card__title" id=anchors::read_step(prefix, i) tabindex="-1">
                                    {text::step_name(locale, &s.key, i)}
                                </h3>
                                <span class="step-card__badges">
                                    {is_start.then(|| view! { <span class="badge">{i18n.tr(Msg::ScriptsStartBadge)}</span> })}
                                    {s.shared.then(|| view! { <span class="badge badge--warn">{i18n.tr(Msg::ScriptsSharedBadge)}</span> })}
                                </span>
                            </div>
                            <p class="ro-text">{text_view(&s.text)}</p>
                            {article.map(|t| view! {
                                <p class="ro-article">
                                    <span class="field__label">{i18n.tr(Msg::ScriptsArticle)}</span>
                                    " "
                                    {t}
                                </p>
                            })}
                            <ol class="ro-answers" aria-label=i18n.tr(Msg::ScriptsAnswers)>{answers}</ol>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="script-steps" aria-labelledby=labelled_by>
            <h2 class="script-steps__title" id=title_id>{i18n.tr(Msg::ScriptsSteps)}</h2>
            <ol class="step-list">{steps}</ol>
        </section>
    }
}
