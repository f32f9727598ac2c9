//! Beside the step: the linked knowledge-base article (opened with `K`, closed with Escape) and
//! the path so far (the answers in force, with their notes, and where the call is now).

use super::call::{ARTICLE_TITLE_ID, ArticleLoad, CallCtx, STEP_TEXT_ID};
use super::run::{At, shared_label};
use super::text::{outcome_msg, path_item};
use crate::i18n::{Msg, text};
use crate::pages::deal::focus_later;
use leptos::prelude::*;

/// The article of the step shown, when opened.
#[component]
pub(super) fn ArticlePanel() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let close = move |_| {
        ctx.article_open.set(false);
        focus_later(STEP_TEXT_ID.into());
    };
    move || {
        if !ctx.article_open.get() {
            return ().into_any();
        }
        let state = ctx
            .shown_article()
            .and_then(|id| ctx.articles.with(|m| m.get(&id).cloned()));
        let (title, body) = match state {
            Some(ArticleLoad::Loaded(a)) => (
                a.title.into_any(),
                view! { <div class="call-article__body">{a.body}</div> }.into_any(),
            ),
            Some(ArticleLoad::Failed) => (
                i18n.tr(Msg::CallArticle).into_any(),
                view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::LoadFailed)}</p> }
                    .into_any(),
            ),
            _ => (
                i18n.tr(Msg::CallArticle).into_any(),
                view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
            ),
        };
        view! {
            <aside class="panel call-article" id="call-article" aria-labelledby=ARTICLE_TITLE_ID>
                <h2 class="panel__title" id=ARTICLE_TITLE_ID tabindex="-1">{title}</h2>
                {body}
                <button type="button" class="button button--quiet" aria-keyshortcuts="Escape" on:click=close>
                    {i18n.tr(Msg::CallClose)}
                    <kbd class="call-key call-key--small" aria-hidden="true">"Esc"</kbd>
                </button>
            </aside>
        }
        .into_any()
    }
}

/// The answers in force, and where the call is now.
#[component]
pub(super) fn PathView() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let step_name = move |key: &str| {
        ctx.run.with(|r| match r.step(key) {
            Some(s) if s.shared => shared_label(&r.graph, key),
            _ => key.to_owned(),
        })
    };
    let items = move || {
        ctx.run.with(|r| {
            r.path
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let name = step_name(&t.step_key);
                    let full = path_item(i + 1, &name, &t.label);
                    let notes = (!t.notes.is_empty()).then(|| t.notes.clone());
                    view! {
                        <li class="call-path__item" aria-label=full>
                            <span class="call-path__step">{name}</span>
                            <span class="call-path__answer">{t.label.clone()}</span>
                            {notes.map(|n| view! { <span class="call-path__notes">{n}</span> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let now = move || {
        let locale = i18n.locale();
        let here = match ctx.at.get() {
            At::Step(k) => step_name(&k),
            At::Outcome { outcome, .. } => text(locale, outcome_msg(outcome)).to_owned(),
            At::Lost => String::new(),
        };
        format!("{}{here}", text(locale, Msg::CallNow))
    };
    view! {
        <section class="panel call-path" aria-labelledby="call-path-title">
            <h2 class="panel__title" id="call-path-title">{i18n.tr(Msg::CallPath)}</h2>
            <Show
                when=move || ctx.run.with(|r| !r.path.is_empty())
                fallback=move || view! { <p class="empty">{i18n.tr(Msg::CallPathEmpty)}</p> }
            >
                <ol class="call-path__list">{items}</ol>
            </Show>
            <p class="call-path__now">{now}</p>
        </section>
    }
}
