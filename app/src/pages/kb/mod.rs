//! The knowledge base (`/kb`, every role): objection handling, product and competitor facts.
//! The list page searches as the member types (debounced, and at once on Enter; any part of a
//! Japanese text matches) and filters by category, both kept in the URL; managers and sales
//! admins find "new article" there. The article page and the forms are in [`article`] and
//! [`form`]; the deal page's linked articles in [`deal`]; a script version's numbers in
//! [`stats`]; the pure rules in [`logic`] and the formatted strings in [`text`].

pub mod article;
pub mod deal;
pub mod form;
pub mod logic;
pub mod stats;
pub mod text;

pub use article::ArticlePage;
pub use deal::DealArticles;
pub use form::NewArticlePage;
pub use stats::ScriptStatsPage;

use crate::app::{Session, is_unauthorized, use_session};
use crate::i18n::{Msg, text as tr, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::Role;
use shared::api::{Article, ArticleCategory, ArticleQuery, KbSearch, MAX_SEARCH};
use shared::client::ClientError;
use std::time::Duration;

/// How long typing pauses before the search runs.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(300);

/// Whether the signed-in member writes articles (managers and sales admins).
pub(crate) fn is_editor(session: Session) -> bool {
    session.with_me(|m| m.is_some_and(|m| m.has(Role::Manager) || m.has(Role::Admin)))
}

/// The alert for a failed load.
pub(crate) fn load_msg(e: &ClientError) -> Msg {
    match e.status() {
        None => Msg::Unreachable,
        Some(403) => Msg::KbNoAccess,
        _ => Msg::LoadFailed,
    }
}

/// Runs `apply` once typing has paused for [`DEBOUNCE`]; a later call (or [`Debounce::now`])
/// drops the one waiting.
#[derive(Clone, Copy)]
pub(crate) struct Debounce {
    generation: StoredValue<u64>,
}

impl Debounce {
    /// A debouncer with nothing waiting.
    pub(crate) fn new() -> Self {
        Self {
            generation: StoredValue::new(0),
        }
    }

    /// Schedules `apply` after the pause.
    pub(crate) fn later(self, apply: impl Fn() + 'static) {
        let g = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(g);
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(g) {
                    apply();
                }
            },
            DEBOUNCE,
        );
    }

    /// Drops what is waiting and runs `apply` now.
    pub(crate) fn now(self, apply: impl Fn()) {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        apply();
    }
}

/// `/kb`.
#[component]
pub fn KbPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    use_page_title(Msg::KbTitle);
    let first_q = query.with_untracked(|q| q.get_str("q").unwrap_or_default().to_owned());
    let typed = RwSignal::new(first_q.clone());
    let applied = RwSignal::new(first_q.trim().to_owned());
    let category = RwSignal::new(
        query.with_untracked(|q| q.get_str("category").and_then(ArticleCategory::parse)),
    );
    let debounce = Debounce::new();
    let keep_in_url = move || {
        let href = logic::list_href(&applied.get_untracked(), category.get_untracked());
        navigate.with_value(|go| {
            go(
                &href,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        });
    };
    let apply = move || {
        let q = typed.get_untracked().trim().to_owned();
        if applied.get_untracked() != q {
            applied.set(q);
            keep_in_url();
        }
    };
    // The URL changed from outside (the nav link, back): follow it.
    Effect::new(move || {
        let (q, c) = query.with(|m| {
            (
                m.get_str("q").unwrap_or_default().trim().to_owned(),
                m.get_str("category").and_then(ArticleCategory::parse),
            )
        });
        if applied.get_untracked() != q {
            typed.set(q.clone());
            applied.set(q);
        }
        if category.get_untracked() != c {
            category.set(c);
        }
    });
    let attempt = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        attempt.track();
        let q = applied.get();
        let cat = category.get();
        let client = session.client();
        async move {
            if q.is_empty() {
                client.articles(&ArticleQuery { category: cat }).await
            } else {
                let list = client.search_articles(&KbSearch { q }).await?;
                Ok(list
                    .into_iter()
                    .filter(|a| cat.is_none_or(|c| a.category == c))
                    .collect())
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        debounce.now(apply);
    };
    let results = move || match found.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            if is_unauthorized(&e) {
                session.expire();
            }
            let msg = if e.status() == Some(422) {
                Msg::KbSearchInvalid
            } else {
                load_msg(&e)
            };
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        Some(Ok(list)) => {
            view! { <ArticleList list=list searched=applied.get_untracked() /> }.into_any()
        }
    };
    view! {
        <div class="page page--kb">
            <div class="page__head">
                <div>
                    <h1 class="page__title">{i18n.tr(Msg::KbTitle)}</h1>
                    <p class="page__lead">{i18n.tr(Msg::KbLead)}</p>
                </div>
                {move || is_editor(session).then(|| view! {
                    <A href="/kb/new" attr:class="button button--primary">{i18n.tr(Msg::KbNewArticle)}</A>
                })}
            </div>
            <form class="filters kb-filters" role="search" on:submit=on_submit novalidate>
                <div class="filter kb-filters__search">
                    <label class="filter__label" for="kb-q">{i18n.tr(Msg::KbSearchLabel)}</label>
                    <input
                        id="kb-q"
                        class="input"
                        type="search"
                        maxlength=MAX_SEARCH.to_string()
                        autocomplete="off"
                        aria-describedby="kb-q-hint"
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            typed.set(event_target_value(&ev));
                            debounce.later(apply);
                        }
                    />
                    <p id="kb-q-hint" class="field__hint">{i18n.tr(Msg::KbSearchHint)}</p>
                </div>
                <div class="filter">
                    <label class="filter__label" for="kb-category">{i18n.tr(Msg::KbCategory)}</label>
                    <select
                        id="kb-category"
                        class="select"
                        on:change=move |ev| {
                            category.set(ArticleCategory::parse(&event_target_value(&ev)));
                            keep_in_url();
                        }
                    >
                        <option value="" prop:selected=move || category.get().is_none()>
                            {i18n.tr(Msg::KbAllCategories)}
                        </option>
                        {ArticleCategory::ALL
                            .into_iter()
                            .map(|c| view! {
                                <option value=c.as_str() prop:selected=move || category.get() == Some(c)>
                                    {i18n.tr(text::category_msg(c))}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="kb-filters__submit">
                    <button type="submit" class="button">{i18n.tr(Msg::Search)}</button>
                </div>
            </form>
            {results}
        </div>
    }
}

/// The articles found (or listed), with their count announced.
#[component]
fn ArticleList(list: Vec<Article>, searched: String) -> impl IntoView {
    let i18n = use_i18n();
    let n = list.len();
    let count = {
        let searched = searched.clone();
        move || {
            if searched.is_empty() {
                text::article_count(i18n.locale(), n)
            } else {
                text::result_count(i18n.locale(), n, &searched)
            }
        }
    };
    let body = if list.is_empty() {
        let msg = if searched.is_empty() {
            Msg::KbNoArticles
        } else {
            Msg::KbNothingFound
        };
        view! { <p class="empty">{i18n.tr(msg)}</p> }.into_any()
    } else {
        view! {
            <ul class="kb-list" aria-label=i18n.tr(Msg::KbArticles)>
                {list.into_iter().map(|a| view! { <ArticleItem a=a /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="kb-count" role="status">{count}</p>
        {body}
    }
}

/// One article in the list: title (its link), category, an excerpt, tags.
#[component]
fn ArticleItem(a: Article) -> impl IntoView {
    let i18n = use_i18n();
    let excerpt = logic::excerpt(&a.body, 120);
    view! {
        <li class="kb-item">
            <div class="kb-item__head">
                <h2 class="kb-item__title">
                    <A href=format!("/kb/{}", a.id)>{a.title.clone()}</A>
                </h2>
                <span class="badge">{i18n.tr(text::category_msg(a.category))}</span>
            </div>
            <p class="kb-item__excerpt">{excerpt}</p>
            <Tags tags=a.tags.clone() />
        </li>
    }
}

/// An article's tags as a labelled list (nothing when it has none).
#[component]
pub(crate) fn Tags(tags: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="kb-tags" aria-label=move || tr(i18n.locale(), Msg::KbTags)>
                {tags.into_iter().map(|t| view! { <li class="kb-tag">{t}</li> }).collect_view()}
            </ul>
        }
    })
}
