//! The parts of the call screen around the step: the person called, the save status, the step
//! with its answers, the shared objection steps, the commands (back, article, ending the call)
//! and the notes. Each button shows its key and names it in `aria-keyshortcuts`.

use super::call::{CallCtx, NOTES_ID, STEP_TEXT_ID};
use super::finish::finish_now;
use super::keep;
use super::keys::{ARTICLE_KEY, BACK_KEY, NOTES_KEY, answer_key, shared_key};
use super::run::{At, shared_label};
use super::text::{contact_name, objection_name, outcome_msg, script_version, unsaved};
use crate::i18n::{Msg, text};
use leptos::prelude::*;
use shared::api::{FinishCall, MAX_CALL_NOTES};
use shared::script::{Outcome, fill};

/// The person called, their company and the script run.
#[component]
pub(super) fn Person() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let c = ctx.context.get_value();
    let contact = c.contact.clone();
    let account = c
        .deal
        .as_ref()
        .map(|d| d.account.name.clone())
        .unwrap_or_default();
    let script = c.script.clone();
    view! {
        <section class="call-person" aria-label=i18n.tr(Msg::CallPerson)>
            {match contact {
                Some(p) => {
                    let tel = format!("tel:{}", p.phone.replace([' ', '-'], ""));
                    view! {
                        <div class="call-person__who">
                            <span class="call-person__name">{move || contact_name(i18n.locale(), &p.name)}</span>
                            {(!p.title.is_empty()).then(|| view! { <span class="call-person__title">{p.title.clone()}</span> })}
                        </div>
                        {(!p.phone.is_empty()).then(|| view! { <a class="call-person__phone" href=tel>{p.phone.clone()}</a> })}
                    }
                        .into_any()
                }
                None => view! { <span class="call-person__name">{i18n.tr(Msg::CallNoContact)}</span> }.into_any(),
            }}
            <dl class="call-person__facts">
                <div>
                    <dt>{i18n.tr(Msg::ColAccount)}</dt>
                    <dd>{account}</dd>
                </div>
                <div>
                    <dt>{i18n.tr(Msg::CallColScript)}</dt>
                    <dd>{move || script_version(i18n.locale(), &script.name, script.version)}</dd>
                </div>
            </dl>
        </section>
    }
}

/// Clicks not yet saved, and corrections from the server.
#[component]
pub(super) fn Status() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    view! {
        <div class="call-status" role="status" aria-live="polite">
            {move || {
                (ctx.offline.get() && ctx.pending.get() > 0)
                    .then(|| view! { <p class="alert call-status__unsaved">{unsaved(i18n.locale(), ctx.pending.get())}</p> })
            }}
            <p id="call-announce" class="call-status__note"></p>
        </div>
        {move || {
            ctx.problem
                .get()
                .map(|m| {
                    view! {
                        <div class="alert alert--error call-problem" role="alert">
                            <p>{i18n.tr(m)}</p>
                            <button type="button" class="button button--quiet" on:click=move |_| ctx.problem.set(None)>
                                {i18n.tr(Msg::CallDismiss)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}

/// The step shown, in large type, and its answers.
#[component]
pub(super) fn StepView() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let step = Memo::new(move |_| {
        let key = ctx.shown()?;
        ctx.run.with(|r| r.step(&key).cloned())
    });
    let detour = move || ctx.viewing.get().is_some();
    let label = move || {
        let locale = i18n.locale();
        step.with(|s| match s {
            Some(s) if s.shared => {
                let name = ctx.run.with(|r| shared_label(&r.graph, &s.key));
                objection_name(locale, &name)
            }
            Some(s) => format!("{}{}", text(locale, Msg::CallStepPrefix), s.key),
            None => String::new(),
        })
    };
    let filled = move || {
        step.with(|s| {
            s.as_ref()
                .map(|s| ctx.vars.with_value(|v| fill(&s.text, v)))
                .unwrap_or_default()
        })
    };
    let answers = move || {
        let locale = i18n.locale();
        let Some(s) = step.get() else {
            return ().into_any();
        };
        s.answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let key = answer_key(i);
                let step_key = s.key.clone();
                let to = a.outcome.map(|o| format!("→ {}", text(locale, outcome_msg(o))));
                view! {
                    <li>
                        <button
                            type="button"
                            class="call-answer"
                            class:is-outcome=a.outcome.is_some()
                            aria-keyshortcuts=key.map(String::from)
                            on:click=move |_| ctx.give(&step_key, i as u32)
                        >
                            {key.map(|k| view! { <kbd class="call-key" aria-hidden="true">{k.to_string()}</kbd> })}
                            <span class="call-answer__label">{a.label.clone()}</span>
                            {to.map(|t| view! { <span class="call-answer__to">{t}</span> })}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section
            class="call-step"
            class:is-objection=move || step.with(|s| s.as_ref().is_some_and(|s| s.shared))
            aria-labelledby="call-step-label"
        >
            {move || {
                (step.with(Option::is_none) && ctx.at.with(|a| *a == At::Lost))
                    .then(|| view! { <p class="alert alert--error" role="alert">{i18n.tr(Msg::CallLost)}</p> })
            }}
            <p class="call-step__label" id="call-step-label">{label}</p>
            <p
                class="call-step__text"
                id=STEP_TEXT_ID
                tabindex="-1"
                data-step-key=move || step.with(|s| s.as_ref().map(|s| s.key.clone()))
            >
                {filled}
            </p>
            {move || {
                detour()
                    .then(|| {
                        view! {
                            <p class="call-step__detour">
                                {i18n.tr(Msg::CallDetour)}
                                " "
                                <button type="button" class="button button--quiet" aria-keyshortcuts="Escape" on:click=move |_| ctx.go_back()>
                                    {i18n.tr(Msg::CallLeaveObjection)}
                                    <kbd class="call-key call-key--small" aria-hidden="true">"Esc"</kbd>
                                </button>
                            </p>
                        }
                    })
            }}
            <ol class="call-answers" aria-label=i18n.tr(Msg::CallAnswers)>
                {answers}
            </ol>
        </section>
    }
}

/// The shared objection steps, reachable from any step.
#[component]
pub(super) fn Objections() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let shared: Vec<(String, String)> = ctx.run.with_untracked(|r| {
        r.shared_steps()
            .iter()
            .map(|s| (s.key.clone(), shared_label(&r.graph, &s.key)))
            .collect()
    });
    if shared.is_empty() {
        return ().into_any();
    }
    let buttons = shared
        .into_iter()
        .enumerate()
        .map(|(i, (key, name))| {
            let k = shared_key(i);
            let here = {
                let key = key.clone();
                move || ctx.shown().as_deref() == Some(key.as_str())
            };
            let full = {
                let name = name.clone();
                move || objection_name(i18n.locale(), &name)
            };
            view! {
                <li>
                    <button
                        type="button"
                        class="call-objection"
                        aria-label=full
                        aria-pressed=move || if here() { "true" } else { "false" }
                        aria-keyshortcuts=k.map(String::from)
                        on:click=move |_| ctx.open_shared(i)
                    >
                        {k.map(|k| view! { <kbd class="call-key call-key--small" aria-hidden="true">{k.to_string()}</kbd> })}
                        <span>{name}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="call-objections" aria-labelledby="call-objections-title">
            <h2 class="call-section-title" id="call-objections-title">{i18n.tr(Msg::CallObjections)}</h2>
            <ul class="call-objections__list">{buttons}</ul>
        </section>
    }
    .into_any()
}

/// Back, the article, and ending the call with an outcome.
#[component]
pub(super) fn Commands() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    let no_article = move || ctx.shown_article().is_none();
    let end = move |o: Outcome| match o {
        Outcome::WrongContact | Outcome::NoAnswer => finish_now(ctx, FinishCall::new(o)),
        _ => {
            ctx.viewing.set(None);
            ctx.article_open.set(false);
            ctx.finishing.set(Some(o));
        }
    };
    let ends = Outcome::ALL
        .into_iter()
        .map(|o| {
            let name = move || {
                let locale = i18n.locale();
                format!("{}{}", text(locale, Msg::CallEndPrefix), text(locale, outcome_msg(o)))
            };
            view! {
                <button type="button" class="button button--quiet call-end__button" aria-label=name on:click=move |_| end(o)>
                    {i18n.tr(outcome_msg(o))}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="call-commands">
            <button type="button" class="button" aria-keyshortcuts="B Backspace" on:click=move |_| ctx.go_back()>
                <kbd class="call-key call-key--small" aria-hidden="true">{BACK_KEY.to_string()}</kbd>
                {i18n.tr(Msg::CallBack)}
            </button>
            <button
                type="button"
                class="button"
                aria-keyshortcuts="K ?"
                aria-controls="call-article"
                aria-expanded=move || if ctx.article_open.get() { "true" } else { "false" }
                disabled=no_article
                on:click=move |_| ctx.toggle_article()
            >
                <kbd class="call-key call-key--small" aria-hidden="true">{ARTICLE_KEY.to_string()}</kbd>
                {i18n.tr(Msg::CallArticle)}
            </button>
            <div class="call-end" role="group" aria-labelledby="call-end-label">
                <span class="call-end__label" id="call-end-label">{i18n.tr(Msg::CallEnd)}</span>
                {ends}
            </div>
        </div>
        <div role="status" aria-live="polite">
            {move || ctx.quick_sending.get().then(|| view! { <p class="status">{i18n.tr(Msg::CallFinishing)}</p> })}
            {move || ctx.quick_error.get().map(|m| view! { <p class="alert alert--error">{i18n.tr(m)}</p> })}
        </div>
    }
}

/// Notes taken at the step (sent with the next answer, kept on this device meanwhile).
#[component]
pub(super) fn Notes() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let i18n = ctx.i18n;
    view! {
        <div class="field call-notes">
            <label class="field__label" for=NOTES_ID>
                {i18n.tr(Msg::CallNotes)}
                <kbd class="call-key call-key--small" aria-hidden="true">{NOTES_KEY.to_string()}</kbd>
            </label>
            <textarea
                id=NOTES_ID
                class="input textarea"
                rows="3"
                maxlength=MAX_CALL_NOTES.to_string()
                aria-describedby="call-notes-hint"
                aria-keyshortcuts="N"
                prop:value=move || ctx.notes.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    keep(ctx.id, "notes", &v);
                    ctx.notes.set(v);
                }
            ></textarea>
            <p class="field__hint" id="call-notes-hint">{i18n.tr(Msg::CallNotesHint)}</p>
        </div>
    }
}
