//! The deal page's knowledge-base section: the articles linked from the deal (each a link to
//! its page, with who linked it and when), readable by anyone who opens the deal; and for the
//! members who may edit the deal (its owners, managers, sales admins: the server's rule),
//! finding an article by a word and linking it, and unlinking one. A change bumps the page's
//! `changed` so its audit trail shows it.

use super::text::{category_msg, linked_by};
use super::{Debounce, load_msg};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{self, Msg, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{Article, DealArticle, DealRow, KbSearch, LinkArticle, MAX_SEARCH};
use shared::client::ClientError;
use shared::{ArticleId, ErrorCode, Role};

/// What a refused link or unlink says.
fn refusal(e: &ClientError) -> Msg {
    match e.code() {
        Some(ErrorCode::Forbidden) => Msg::KbLinkForbidden,
        Some(ErrorCode::Conflict) => Msg::KbAlreadyLinked,
        Some(ErrorCode::NotFound) => Msg::KbLinkGone,
        Some(ErrorCode::Validation) => Msg::KbLinkInvalid,
        _ if e.status().is_none() => Msg::Unreachable,
        _ => Msg::ServerError,
    }
}

/// The "knowledge base" section of a deal's page.
#[component]
pub fn DealArticles(
    /// The deal as the page holds it.
    deal: RwSignal<DealRow>,
    /// Bumped after a change here (the page's other lists reload on it).
    changed: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let id = deal.with_untracked(|d| d.id);
    let reload = RwSignal::new(0u32);
    let links = LocalResource::new(move || {
        reload.track();
        let client = session.client();
        async move { client.deal_articles(id).await }
    });
    let may = move || {
        session.with_me(|m| {
            m.is_some_and(|m| {
                m.has(Role::Manager)
                    || m.has(Role::Admin)
                    || deal.with(|d| {
                        [&d.appointer, &d.closer, &d.success]
                            .into_iter()
                            .flatten()
                            .any(|o| o.id == m.id)
                    })
            })
        })
    };
    let time_zone = Memo::new(move |_| {
        session
            .with_me(|me| me.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    });
    let done = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let linked_ids = Signal::derive(move || {
        links.with(|l| match l {
            Some(Ok(list)) => list.iter().map(|x| x.article_id).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });

    let after = move |result: Result<String, ClientError>| {
        let _ = busy.try_set(false);
        match result {
            Ok(message) => {
                let _ = failed.try_set(None);
                let _ = done.try_set(Some(message));
                reload.try_update(|n| *n += 1);
                changed.try_update(|n| *n += 1);
            }
            Err(e) => {
                if session.check(&e) {
                    return;
                }
                let _ = done.try_set(None);
                let _ = failed.try_set(Some(refusal(&e)));
                // What is linked may have changed under us.
                reload.try_update(|n| *n += 1);
            }
        }
    };
    let link = move |a: Article| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            let r = client
                .link_deal_article(id, &LinkArticle { article_id: a.id })
                .await
                .map(|_| i18n::action_on(i18n.locale_untracked(), Msg::KbLinked, &a.title));
            after(r);
        });
    };
    let unlink = move |article: ArticleId, title: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            let r = client
                .unlink_deal_article(id, article)
                .await
                .map(|()| i18n::action_on(i18n.locale_untracked(), Msg::KbUnlinked, &title));
            after(r);
        });
    };

    let item = move |l: DealArticle| {
        let locale = i18n.locale();
        let when = time_zone.with(|tz| DateTimeFormatter::new(locale, tz).format(l.linked_at));
        let by = linked_by(locale, l.linked_by.as_ref().map(|m| m.name.as_str()), &when);
        let title = l.title.clone();
        let article = l.article_id;
        let label = i18n::action_on(locale, Msg::KbUnlink, &l.title);
        view! {
            <li class="kb-link">
                <div class="kb-link__head">
                    <A href=format!("/kb/{}", l.article_id)>{l.title.clone()}</A>
                    <span class="badge">{i18n.tr(category_msg(l.category))}</span>
                </div>
                <p class="kb-link__meta">{by}</p>
                {may().then(|| view! {
                    <button
                        type="button"
                        class="button button--quiet kb-link__unlink"
                        aria-label=label
                        disabled=move || busy.get()
                        on:click=move |_| unlink(article, title.clone())
                    >
                        {i18n.tr(Msg::KbUnlink)}
                    </button>
                })}
            </li>
        }
    };
    let list = move || match links.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            if is_unauthorized(&e) {
                session.expire();
            }
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(load_msg(&e))}</p>
                    <button type="button" class="button" on:click=move |_| reload.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{i18n.tr(Msg::KbNoLinks)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="kb-links" aria-label=i18n.tr(Msg::KbLinkedArticles)>
                {list.into_iter().map(item).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="panel" aria-labelledby="deal-kb-heading">
            <h2 id="deal-kb-heading" class="panel__title">{i18n.tr(Msg::KbDealSection)}</h2>
            {list}
            <p class="form__status" role="status">{move || done.get()}</p>
            {move || failed.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            {move || may().then(|| view! { <LinkPicker linked=linked_ids busy=busy on_pick=Callback::new(link) /> })}
        </section>
    }
}

/// Finding an article by a word (debounced, or at once on Enter) and linking it.
#[component]
fn LinkPicker(
    linked: Signal<Vec<ArticleId>>,
    #[prop(into)] busy: Signal<bool>,
    on_pick: Callback<Article>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let debounce = Debounce::new();
    let apply = move || {
        let q = typed.get_untracked().trim().to_owned();
        if applied.get_untracked() != q {
            applied.set(q);
        }
    };
    let found = LocalResource::new(move || {
        let q = applied.get();
        let client = session.client();
        async move {
            if q.is_empty() {
                None
            } else {
                Some(client.search_articles(&KbSearch { q }).await)
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        debounce.now(apply);
    };
    let results = move || {
        let result = found.get().flatten()?;
        Some(match result {
            Err(e) => {
                session.check(&e);
                view! { <p role="alert" class="alert alert--error">{i18n.tr(load_msg(&e))}</p> }
                    .into_any()
            }
            Ok(list) => {
                let list: Vec<Article> =
                    linked.with(|l| list.into_iter().filter(|a| !l.contains(&a.id)).collect());
                if list.is_empty() {
                    return Some(
                        view! { <p class="field__hint">{i18n.tr(Msg::KbNothingToLink)}</p> }
                            .into_any(),
                    );
                }
                view! {
                    <ul class="kb-picks" aria-label=i18n.tr(Msg::KbFoundArticles)>
                        {list
                            .into_iter()
                            .map(|a| {
                                let label = i18n::action_on(i18n.locale(), Msg::KbLink, &a.title);
                                let title = a.title.clone();
                                let category = a.category;
                                view! {
                                    <li class="kb-pick">
                                        <span class="kb-pick__title">{title}</span>
                                        <span class="badge">{i18n.tr(category_msg(category))}</span>
                                        <button
                                            type="button"
                                            class="button"
                                            aria-label=label
                                            disabled=move || busy.get()
                                            on:click=move |_| on_pick.run(a.clone())
                                        >
                                            {i18n.tr(Msg::KbLink)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <form class="kb-picker" role="search" aria-labelledby="deal-kb-find-label" on:submit=on_submit novalidate>
            <label id="deal-kb-find-label" class="field__label" for="deal-kb-find">{i18n.tr(Msg::KbFindToLink)}</label>
            <div class="kb-picker__row">
                <input
                    id="deal-kb-find"
                    class="input"
                    type="search"
                    autocomplete="off"
                    maxlength=MAX_SEARCH.to_string()
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        debounce.later(apply);
                    }
                />
                <button type="submit" class="button">{i18n.tr(Msg::Search)}</button>
            </div>
            {results}
        </form>
    }
}
