//! The article form (category, title, text, tags; each field's error beside it) shared by
//! writing and editing an article, what a refused save says, and `/kb/new` (managers and
//! sales admins): a new article, checked here with the server's own rules before it is sent.

use super::is_editor;
use super::logic::{ArticleForm, form_field};
use super::text::{category_msg, field_msg};
use crate::app::{Session, use_session};
use crate::i18n::{Msg, use_i18n, use_page_title};
use crate::pages::deal::focus_later;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::api::{ArticleCategory, MAX_ARTICLE_BODY, MAX_ARTICLE_TITLE};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError};

/// Focuses the first field with an error.
pub(crate) fn focus_first(errors: &[FieldError]) {
    if let Some(first) = errors.first() {
        focus_later(format!("article-{}", form_field(&first.field)));
    }
}

/// Shows why a save was refused (other than a conflict): the fields it names, or a message.
pub(crate) fn show_refusal(
    e: &ClientError,
    session: Session,
    errors: RwSignal<Vec<FieldError>>,
    general: RwSignal<Option<Msg>>,
) {
    if session.check(e) {
        return;
    }
    match e.code() {
        Some(ErrorCode::Validation) => {
            let fields = e
                .api_error()
                .map(|x| x.error.fields.clone())
                .unwrap_or_default();
            focus_first(&fields);
            let _ = general.try_set(fields.is_empty().then_some(Msg::CheckInput));
            let _ = errors.try_set(fields);
        }
        Some(ErrorCode::Forbidden) => {
            let _ = general.try_set(Some(Msg::KbEditorsOnly));
        }
        _ if e.status().is_none() => {
            let _ = general.try_set(Some(Msg::Unreachable));
        }
        _ => {
            let _ = general.try_set(Some(Msg::ServerError));
        }
    }
}

/// The form's fields, each with its error beside it.
#[component]
pub(crate) fn ArticleFields(
    form: RwSignal<ArticleForm>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|l| {
                l.iter().find(|e| form_field(&e.field) == field).map(|e| {
                    let msg = field_msg(&e.field, &e.code);
                    view! { <p class="field__error" id=format!("article-{field}-error")>{i18n.tr(msg)}</p> }
                })
            })
        }
    };
    // A field's error goes once the field is changed.
    let clear = move |field: &'static str| {
        if errors.with_untracked(|l| l.iter().any(|e| form_field(&e.field) == field)) {
            errors.update(|l| l.retain(|e| form_field(&e.field) != field));
        }
    };
    let has =
        move |field: &'static str| errors.with(|l| l.iter().any(|e| form_field(&e.field) == field));
    let invalid = move |field: &'static str| move || has(field).to_string();
    let described = move |field: &'static str, hint: Option<&'static str>| {
        move || {
            let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
            if has(field) {
                ids.push(format!("article-{field}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label class="field__label" for="article-category">{i18n.tr(Msg::KbCategory)}</label>
            <select
                id="article-category"
                class="select"
                disabled=move || disabled.get()
                aria-invalid=invalid("category")
                aria-describedby=described("category", None)
                on:change=move |ev| {
                    if let Some(c) = ArticleCategory::parse(&event_target_value(&ev)) {
                        form.update(|f| f.category = c);
                    }
                }
            >
                {ArticleCategory::ALL
                    .into_iter()
                    .map(|c| view! {
                        <option value=c.as_str() prop:selected=move || form.with(|f| f.category == c)>
                            {i18n.tr(category_msg(c))}
                        </option>
                    })
                    .collect_view()}
            </select>
            {error_for("category")}
        </div>
        <div class="field">
            <label class="field__label" for="article-title">{i18n.tr(Msg::KbArticleTitle)}</label>
            <input
                id="article-title"
                class="input"
                maxlength=MAX_ARTICLE_TITLE.to_string()
                required
                disabled=move || disabled.get()
                aria-invalid=invalid("title")
                aria-describedby=described("title", None)
                prop:value=move || form.with(|f| f.title.clone())
                on:input=move |ev| {
                    form.update(|f| f.title = event_target_value(&ev));
                    clear("title");
                }
            />
            {error_for("title")}
        </div>
        <div class="field">
            <label class="field__label" for="article-body">{i18n.tr(Msg::KbBody)}</label>
            <textarea
                id="article-body"
                class="input textarea kb-body-input"
                rows="10"
                maxlength=MAX_ARTICLE_BODY.to_string()
                required
                disabled=move || disabled.get()
                aria-invalid=invalid("body")
                aria-describedby=described("body", Some("article-body-hint"))
                prop:value=move || form.with(|f| f.body.clone())
                on:input=move |ev| {
                    form.update(|f| f.body = event_target_value(&ev));
                    clear("body");
                }
            ></textarea>
            <p id="article-body-hint" class="field__hint">{i18n.tr(Msg::KbBodyHint)}</p>
            {error_for("body")}
        </div>
        <div class="field">
            <label class="field__label" for="article-tags">{i18n.tr(Msg::KbTags)}</label>
            <input
                id="article-tags"
                class="input"
                disabled=move || disabled.get()
                aria-invalid=invalid("tags")
                aria-describedby=described("tags", Some("article-tags-hint"))
                prop:value=move || form.with(|f| f.tags.clone())
                on:input=move |ev| {
                    form.update(|f| f.tags = event_target_value(&ev));
                    clear("tags");
                }
            />
            <p id="article-tags-hint" class="field__hint">{i18n.tr(Msg::KbTagsHint)}</p>
            {error_for("tags")}
        </div>
    }
}

/// `/kb/new` (managers and sales admins).
#[component]
pub fn NewArticlePage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    use_page_title(Msg::KbNewArticle);
    let form = RwSignal::new(ArticleForm::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let new = form.with_untracked(ArticleForm::new_article);
        if let Err(e) = new.validate() {
            focus_first(&e);
            errors.set(e);
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        saving.set(true);
        let client = session.client();
        let navigate = navigate.clone();
        spawn_local(async move {
            match client.create_article(&new).await {
                Ok(a) => navigate(&format!("/kb/{}", a.id), Default::default()),
                Err(e) => {
                    let _ = saving.try_set(false);
                    show_refusal(&e, session, errors, general);
                }
            }
        });
    };
    view! {
        <div class="page page--kb page--narrow-form">
            <div class="page__head">
                <div>
                    <p class="crumbs"><A href="/kb">{i18n.tr(Msg::KbTitle)}</A></p>
                    <h1 class="page__title">{i18n.tr(Msg::KbNewArticle)}</h1>
                </div>
            </div>
            {if is_editor(session) {
                view! {
                <section class="panel" aria-labelledby="kb-new-heading">
                    <h2 id="kb-new-heading" class="panel__title">{i18n.tr(Msg::KbWriteArticle)}</h2>
                    <form class="form" on:submit=on_submit novalidate>
                        <ArticleFields form=form errors=errors disabled=Signal::derive(move || saving.get()) />
                        {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                        <div class="form__actions">
                            <button type="submit" class="button button--primary" disabled=move || saving.get()>
                                {i18n.tr(Msg::KbCreateArticle)}
                            </button>
                            <A href="/kb" attr:class="button">{i18n.tr(Msg::Cancel)}</A>
                        </div>
                    </form>
                </section>
                }.into_any()
            } else {
                view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::KbEditorsOnly)}</p> }.into_any()
            }}
        </div>
    }
}
