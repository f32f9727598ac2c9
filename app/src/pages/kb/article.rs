//! An article (`/kb/:id`, every role): title, category, tags, the text in paragraphs, who
//! wrote it and when it was last edited (in the member's time zone). Managers and sales admins
//! edit it in place: the edit carries the version it started from; if someone else saved in
//! between, the server refuses (409) and the page shows their version beside the edit, to take
//! theirs or to apply the edit again on top of it. Nothing is overwritten without being seen.

use super::form::{ArticleFields, focus_first, show_refusal};
use super::logic::{ArticleForm, paragraphs};
use super::text::category_msg;
use super::{Tags, is_editor, load_msg};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, FALLBACK_TIME_ZONE};
use crate::i18n::{Msg, text, use_i18n, use_page_title};
use crate::pages::deal::focus_later;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::Article;
use shared::{ArticleId, ErrorCode, FieldError};

/// `/kb/:id`.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::KbArticle);
    let id = crate::components::route::route_id(ArticleId);
    let attempt = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        let id = id.get();
        attempt.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(client.article(id).await),
                None => None,
            }
        }
    });
    let not_found = move || {
        view! {
            <div class="page__head">
                <h1 class="page__title">{i18n.tr(Msg::KbArticleNotFound)}</h1>
            </div>
            <p><A href="/kb">{i18n.tr(Msg::KbBackToList)}</A></p>
        }
    };
    let body = move || match loaded.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(None) => not_found().into_any(),
        Some(Some(Err(e))) if e.status() == Some(404) => not_found().into_any(),
        Some(Some(Err(e))) => {
            if is_unauthorized(&e) {
                session.expire();
            }
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(load_msg(&e))}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        Some(Some(Ok(a))) => view! { <ArticleView initial=a /> }.into_any(),
    };
    view! { <div class="page page--kb page--article">{body}</div> }
}

/// The loaded article, and its edit form for editors.
#[component]
fn ArticleView(initial: Article) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let article = RwSignal::new(initial);
    let editing = RwSignal::new(false);
    let form = RwSignal::new(article.with_untracked(ArticleForm::of));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let status = RwSignal::new(None::<Msg>);
    let conflict = RwSignal::new(None::<Article>);
    let saving = RwSignal::new(false);
    let time_zone = Memo::new(move |_| {
        session
            .with_me(|me| me.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    });
    let when = move |at: chrono::DateTime<chrono::Utc>| {
        time_zone.with(|tz| DateTimeFormatter::new(i18n.locale(), tz).format(at))
    };

    let save = move |base: Article| {
        let patch = form.with_untracked(|f| f.patch(&base, base.version));
        if let Err(e) = patch.validate() {
            focus_first(&e);
            errors.set(e);
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        status.set(None);
        saving.set(true);
        let client = session.client();
        let id = base.id;
        spawn_local(async move {
            let result = client.update_article(id, &patch).await;
            let _ = saving.try_set(false);
            match result {
                Ok(a) => {
                    form.set(ArticleForm::of(&a));
                    article.set(a);
                    conflict.set(None);
                    editing.set(false);
                    status.set(Some(Msg::Saved));
                    focus_later("article-edit".into());
                }
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    let current = e
                        .api_error()
                        .and_then(|x| x.error.current.clone())
                        .and_then(|v| serde_json::from_value::<Article>(v).ok());
                    if current.is_none() {
                        general.set(Some(Msg::KbConflictReload));
                    }
                    conflict.set(current);
                }
                Err(e) => show_refusal(&e, session, errors, general),
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || conflict.with_untracked(Option::is_some) {
            return;
        }
        let base = article.get_untracked();
        if form.with_untracked(|f| f.is_unchanged(&base)) {
            errors.set(Vec::new());
            status.set(Some(Msg::NothingChanged));
            return;
        }
        save(base);
    };
    let start_edit = move |_| {
        form.set(article.with_untracked(ArticleForm::of));
        errors.set(Vec::new());
        general.set(None);
        status.set(None);
        editing.set(true);
        focus_later("article-title".into());
    };
    let cancel = move |_| {
        editing.set(false);
        conflict.set(None);
        errors.set(Vec::new());
        general.set(None);
        focus_later("article-edit".into());
    };
    let take_theirs = move |_| {
        let Some(now) = conflict.get_untracked() else {
            return;
        };
        form.set(ArticleForm::of(&now));
        article.set(now);
        conflict.set(None);
        general.set(None);
        errors.set(Vec::new());
        focus_later("article-title".into());
    };
    let reapply = move |_| {
        let Some(now) = conflict.get_untracked() else {
            return;
        };
        article.set(now.clone());
        conflict.set(None);
        general.set(None);
        if form.with_untracked(|f| f.is_unchanged(&now)) {
            status.set(Some(Msg::NothingChanged));
            return;
        }
        save(now);
    };
    Effect::new(move || {
        if conflict.with(Option::is_some) {
            focus_later("article-conflict-heading".into());
        }
    });

    let conflict_panel = move || {
        let now = conflict.get()?;
        let locale = i18n.locale();
        let mine = form.get();
        let rows = [
            (
                Msg::KbCategory,
                text(locale, category_msg(now.category)).to_owned(),
                text(locale, category_msg(mine.category)).to_owned(),
            ),
            (
                Msg::KbArticleTitle,
                now.title.clone(),
                mine.title.trim().to_owned(),
            ),
            (
                Msg::KbTags,
                super::logic::tags_text(&now.tags),
                super::logic::tags_text(&super::logic::parse_tags(&mine.tags)),
            ),
            (Msg::KbBody, now.body.clone(), mine.body.trim().to_owned()),
        ];
        Some(view! {
            <section class="conflict" aria-labelledby="article-conflict-heading">
                <h3 id="article-conflict-heading" class="conflict__title" tabindex="-1">
                    {i18n.tr(Msg::KbConflictHeading)}
                </h3>
                <p>{i18n.tr(Msg::KbConflictBody)}</p>
                <table class="conflict__table kb-conflict">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::Field)}</th>
                            <th scope="col">{i18n.tr(Msg::KbConflictTheirs)}</th>
                            <th scope="col">{i18n.tr(Msg::ConflictYours)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, theirs, yours)| {
                                let same = theirs == yours;
                                view! {
                                    <tr class:is-same=same>
                                        <th scope="row">{i18n.tr(label)}</th>
                                        <td class="kb-conflict__value">{theirs}</td>
                                        <td class="kb-conflict__value">{yours}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <div class="form__actions">
                    <button type="button" class="button" on:click=take_theirs>{i18n.tr(Msg::TakeTheirs)}</button>
                    <button type="button" class="button button--primary" on:click=reapply>{i18n.tr(Msg::ReapplyMine)}</button>
                </div>
            </section>
        })
    };

    let meta = move || {
        article.with(|a| {
            let author = a
                .created_by
                .as_ref()
                .map_or_else(|| "—".to_owned(), |m| m.name.clone());
            let created = when(a.created_at);
            let updated = when(a.updated_at);
            view! {
                <dl class="kb-meta" aria-label=i18n.tr(Msg::KbAbout)>
                    <div class="kb-meta__item">
                        <dt>{i18n.tr(Msg::KbCategory)}</dt>
                        <dd><span class="badge">{i18n.tr(category_msg(a.category))}</span></dd>
                    </div>
                    <div class="kb-meta__item">
                        <dt>{i18n.tr(Msg::KbWrittenBy)}</dt>
                        <dd>{author}</dd>
                    </div>
                    <div class="kb-meta__item">
                        <dt>{i18n.tr(Msg::KbWrittenAt)}</dt>
                        <dd>{created}</dd>
                    </div>
                    <div class="kb-meta__item">
                        <dt>{i18n.tr(Msg::KbLastEdited)}</dt>
                        <dd>{updated}</dd>
                    </div>
                </dl>
            }
        })
    };
    let body = move || {
        article.with(|a| {
            paragraphs(&a.body)
                .into_iter()
                .map(|lines| {
                    let n = lines.len();
                    view! {
                        <p>
                            {lines
                                .into_iter()
                                .enumerate()
                                .map(|(i, l)| view! { {l} {(i + 1 < n).then(|| view! { <br /> })} })
                                .collect_view()}
                        </p>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <div class="page__head">
            <div>
                <p class="crumbs"><A href="/kb">{i18n.tr(Msg::KbTitle)}</A></p>
                <h1 id="kb-article-heading" class="page__title">{move || article.with(|a| a.title.clone())}</h1>
            </div>
            {move || (is_editor(session) && !editing.get()).then(|| view! {
                <button type="button" id="article-edit" class="button" on:click=start_edit>
                    {i18n.tr(Msg::KbEditArticle)}
                </button>
            })}
        </div>
        <p class="form__status" role="status">{move || status.get().map(|m| i18n.tr(m)())}</p>
        <article class="panel kb-article" aria-labelledby="kb-article-heading">
            {meta}
            {move || view! { <Tags tags=article.with(|a| a.tags.clone()) /> }}
            <div class="kb-article__body">{body}</div>
        </article>
        <Show when=move || editing.get()>
            <section class="panel" aria-labelledby="article-edit-heading">
                <h2 id="article-edit-heading" class="panel__title">{i18n.tr(Msg::KbEditArticle)}</h2>
                <form class="form" on:submit=on_submit novalidate>
                    <ArticleFields form=form errors=errors disabled=Signal::derive(move || saving.get()) />
                    {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                    {conflict_panel}
                    <div class="form__actions">
                        <button
                            type="submit"
                            class="button button--primary"
                            disabled=move || saving.get() || conflict.with(Option::is_some)
                        >
                            {i18n.tr(Msg::Save)}
                        </button>
                        <button type="button" class="button" on:click=cancel>{i18n.tr(Msg::Cancel)}</button>
                    </div>
                </form>
            </section>
        </Show>
    }
}
