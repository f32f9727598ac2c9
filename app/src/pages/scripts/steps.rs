//! The steps of the draft as controls: the first-step select, one card per step (key, text
//! with buttons inserting the variables at the cursor, the shared-objection toggle, the linked
//! article, the answers with where each leads and a reason for "not interested"), buttons to
//! add, move and delete steps and answers, and each problem shown beside the control it is
//! about. Every change goes through [`Editor::edit`].

use super::anchors::{self, answer_field, step_field};
use super::editor::Editor;
use super::graph::{self, Target};
use super::text;
use super::{ScriptsCtx, focus_later};
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use shared::Locale;
use shared::api::ArticleCategory;
use shared::script::{MAX_ANSWERS, MAX_KEY, MAX_LABEL, MAX_TEXT, Outcome, Step, Var};
use wasm_bindgen::{JsCast, JsValue};

/// The problems beside a control (`id`), named by `<id>-problems`.
#[component]
pub(super) fn ProblemsAt(#[prop(into)] id: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let list_id = format!("{id}-problems");
    let items = move || {
        ed.by_anchor.with(|m| {
            m.get(&id).map(|list| {
                list.iter()
                    .map(|t| view! { <li>{t.clone()}</li> })
                    .collect_view()
            })
        })
    };
    view! { <ul class="inline-problems" id=list_id>{items}</ul> }
}

/// `aria-invalid` for the control `id`.
fn invalid(ed: Editor, id: String) -> impl Fn() -> &'static str + Send + Sync + 'static {
    move || {
        if ed.by_anchor.with(|m| m.contains_key(&id)) {
            "true"
        } else {
            "false"
        }
    }
}

/// The steps section of the editor.
#[component]
pub(super) fn StepsEditor() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let i18n = use_i18n();
    let count = Memo::new(move |_| ed.draft.with(|g| g.steps.len()));
    let add = move |shared: bool| {
        let mut at = 0;
        ed.edit(|g| at = graph::add_step(g, shared));
        focus_later(step_field(at, "key"));
    };
    let start_options = move || {
        let start = ed.draft.with(|g| g.start.clone());
        let keys = ed.keys.get();
        let known = keys.contains(&start);
        let mut seen = Vec::new();
        let mut out = vec![view! {
            <option value="" prop:selected=start.is_empty()>{i18n.t(Msg::ScriptsChoose)}</option>
        }
        .into_any()];
        if !start.is_empty() && !known {
            let label = missing(i18n.locale(), &start);
            out.push(
                view! { <option value=start.clone() prop:selected=true>{label}</option> }
                    .into_any(),
            );
        }
        for k in keys.into_iter().filter(|k| !k.trim().is_empty()) {
            if seen.contains(&k) {
                continue;
            }
            seen.push(k.clone());
            let selected = k == start;
            let value = k.clone();
            out.push(view! { <option value=value prop:selected=selected>{k}</option> }.into_any());
        }
        out
    };
    view! {
        <section class="script-steps" aria-labelledby=anchors::STEPS>
            <h2 class="script-steps__title" id=anchors::STEPS tabindex="-1">
                {i18n.tr(Msg::ScriptsSteps)}
            </h2>
            <ProblemsAt id=anchors::STEPS />
            <div class="field script-start">
                <label class="field__label" for=anchors::START>{i18n.tr(Msg::ScriptsStart)}</label>
                <select
                    id=anchors::START
                    class="select"
                    aria-invalid=invalid(ed, anchors::START.to_owned())
                    aria-describedby=format!("{}-problems", anchors::START)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ed.edit(|g| g.start = v);
                    }
                >
                    {start_options}
                </select>
                <ProblemsAt id=anchors::START />
            </div>
            <Show when=move || count.get() == 0>
                <p class="empty">{i18n.tr(Msg::ScriptsNoSteps)}</p>
            </Show>
            <ol class="step-list">
                <For each=move || 0..count.get() key=|i| *i children=move |i| view! { <StepCard i=i /> } />
            </ol>
            <div class="form__actions">
                <button type="button" class="button" id="add-step" on:click=move |_| add(false)>
                    {i18n.tr(Msg::ScriptsAddStep)}
                </button>
                <button type="button" class="button" id="add-shared-step" on:click=move |_| add(true)>
                    {i18n.tr(Msg::ScriptsAddSharedStep)}
                </button>
            </div>
        </section>
    }
}

/// "key (not found)".
fn missing(locale: Locale, key: &str) -> String {
    match locale {
        Locale::Ja => format!("{key}（見つかりません）"),
        Locale::En => format!("{key} (not found)"),
    }
}

fn category(locale: Locale, c: ArticleCategory) -> &'static str {
    match (locale, c) {
        (Locale::Ja, ArticleCategory::Objection) => "切り返し",
        (Locale::Ja, ArticleCategory::Product) => "製品",
        (Locale::Ja, ArticleCategory::Competitor) => "競合",
        (Locale::En, ArticleCategory::Objection) => "Objection",
        (Locale::En, ArticleCategory::Product) => "Product",
        (Locale::En, ArticleCategory::Competitor) => "Competitor",
    }
}

/// Puts `{name}` of `v` at the cursor of step `i`'s text and keeps the cursor after it.
fn insert_variable(ed: Editor, i: usize, v: Var) {
    let id = step_field(i, "text");
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id));
    let number = |name: &str| {
        el.as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &JsValue::from_str(name)).ok())
            .and_then(|v| v.as_f64())
            .map(|n| n as u32)
    };
    let (start, end) = (number("selectionStart"), number("selectionEnd"));
    let token = format!("{{{}}}", v.as_str());
    let mut caret = 0;
    ed.edit(|g| {
        if let Some(s) = g.steps.get_mut(i) {
            let len = s.text.encode_utf16().count() as u32;
            let (t, c) =
                graph::splice_utf16(&s.text, start.unwrap_or(len), end.unwrap_or(len), &token);
            s.text = t;
            caret = c;
        }
    });
    request_animation_frame(move || {
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        else {
            return;
        };
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
        let set = js_sys::Reflect::get(&el, &JsValue::from_str("setSelectionRange"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = set {
            let at = JsValue::from_f64(f64::from(caret));
            let _ = f.call2(&el, &at, &at);
        }
    });
}

/// One step's card.
#[component]
fn StepCard(i: usize) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let ctx = expect_context::<ScriptsCtx>();
    let i18n = use_i18n();
    let step = Memo::new(move |_| ed.draft.with(|g| g.steps.get(i).cloned()));
    let count = Memo::new(move |_| ed.draft.with(|g| g.steps.len()));
    let get =
        move |f: fn(&Step) -> String| move || step.with(|s| s.as_ref().map(f).unwrap_or_default());
    let key = get(|s| s.key.clone());
    let name = move || text::step_name(i18n.locale(), &key(), i);
    let is_start = move || {
        let k = key();
        !k.is_empty() && ed.draft.with(|g| g.start == k)
    };
    let shared = move || step.with(|s| s.as_ref().is_some_and(|s| s.shared));
    let answers = Memo::new(move |_| step.with(|s| s.as_ref().map_or(0, |s| s.answers.len())));
    let action = move |m: Msg| move || text::step_action(i18n.locale(), i18n.t(m), &key(), i);

    let move_step = move |up: bool| {
        let mut to = None;
        ed.edit(|g| to = graph::move_step(g, i, up));
        if let Some(j) = to {
            let n = count.get_untracked();
            let locale = i18n.locale_untracked();
            let name = text::step_name(locale, &key(), j);
            ed.announce.set(Some(text::moved(locale, &name, j, n)));
            let button = if (up && j > 0) || j + 1 == n {
                "up"
            } else {
                "down"
            };
            let button = if n == 1 { "delete" } else { button };
            focus_later(step_field(j, button));
        }
    };
    let delete = move |_: leptos::ev::MouseEvent| {
        let before = ed.draft.get_untracked();
        let mut done = None;
        ed.edit(|g| done = graph::delete_step(g, i));
        let Some(d) = done else { return };
        ed.undo.set(Some(before));
        ed.announce.set(Some(text::step_deleted(
            i18n.locale_untracked(),
            &d.key,
            i,
            d.cleared_answers,
            d.cleared_start,
        )));
        let left = count.get_untracked();
        if left == 0 {
            focus_later("add-step".to_owned());
        } else {
            focus_later(anchors::step(i.min(left - 1)));
        }
    };
    let add_answer = move |_: leptos::ev::MouseEvent| {
        let mut at = None;
        ed.edit(|g| at = graph::add_answer(g, i));
        if let Some(a) = at {
            focus_later(answer_field(i, a, "label"));
        }
    };

    let key_id = step_field(i, "key");
    let text_id = step_field(i, "text");
    let article_id = step_field(i, "article");
    let shared_id = step_field(i, "shared");
    let add_id = step_field(i, "add-answer");
    let article_options = move || {
        let current = step.with(|s| s.as_ref().and_then(|s| s.article));
        let locale = i18n.locale();
        let list = ctx.articles.get().unwrap_or_default();
        let mut out = vec![view! {
            <option value="" prop:selected=current.is_none()>{i18n.t(Msg::ScriptsNoArticle)}</option>
        }
        .into_any()];
        if let Some(id) = current.filter(|id| !list.iter().any(|a| a.id == *id)) {
            let label = text::article_title(locale, Some(id), &list);
            out.push(
                view! { <option value=id.to_string() prop:selected=true>{label}</option> }
                    .into_any(),
            );
        }
        for a in list {
            let label = format!("{} · {}", a.title, category(locale, a.category));
            let selected = current == Some(a.id);
            out.push(
                view! { <option value=a.id.to_string() prop:selected=selected>{label}</option> }
                    .into_any(),
            );
        }
        out
    };

    view! {
        <li class="step-card" class:step-card--shared=shared aria-labelledby=anchors::step(i)>
            <div class="step-card__head">
                <h3 class="step-card__title" id=anchors::step(i) tabindex="-1">{name}</h3>
                <span class="step-card__badges">
                    <Show when=is_start>
                        <span class="badge">{i18n.tr(Msg::ScriptsStartBadge)}</span>
                    </Show>
                    <Show when=shared>
                        <span class="badge badge--warn">{i18n.tr(Msg::ScriptsSharedBadge)}</span>
                    </Show>
                </span>
                <span class="step-card__actions">
                    <button type="button" class="button button--quiet" id=step_field(i, "up")
                        aria-label=action(Msg::MoveUp) disabled=move || i == 0
                        on:click=move |_| move_step(true)>"↑"</button>
                    <button type="button" class="button button--quiet" id=step_field(i, "down")
                        aria-label=action(Msg::MoveDown) disabled=move || { i + 1 >= count.get() }
                        on:click=move |_| move_step(false)>"↓"</button>
                    <button type="button" class="button button--quiet button--danger" id=step_field(i, "delete")
                        aria-label=action(Msg::ScriptsDelete) on:click=delete>
                        {i18n.tr(Msg::ScriptsDelete)}
                    </button>
                </span>
            </div>
            <ProblemsAt id=anchors::step(i) />
            <div class="step-card__grid">
                <div class="field">
                    <label class="field__label" for=key_id.clone()>{i18n.tr(Msg::ScriptsKey)}</label>
                    <input
                        id=key_id.clone()
                        class="input"
                        maxlength=MAX_KEY.to_string()
                        autocomplete="off"
                        prop:value=key
                        aria-invalid=invalid(ed, key_id.clone())
                        aria-describedby=format!("{key_id}-problems {key_id}-hint")
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            ed.edit(|g| graph::rename_step(g, i, &v));
                        }
                    />
                    <p class="field__hint" id=format!("{key_id}-hint")>{i18n.tr(Msg::ScriptsKeyHint)}</p>
                    <ProblemsAt id=key_id.clone() />
                </div>
                <div class="field">
                    <label class="field__label" for=article_id.clone()>{i18n.tr(Msg::ScriptsArticle)}</label>
                    <select
                        id=article_id.clone()
                        class="select"
                        aria-invalid=invalid(ed, article_id.clone())
                        aria-describedby=format!("{article_id}-problems")
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse::<i64>().ok().map(shared::ArticleId);
                            ed.edit(|g| {
                                if let Some(s) = g.steps.get_mut(i) {
                                    s.article = v;
                                }
                            });
                        }
                    >
                        {article_options}
                    </select>
                    <ProblemsAt id=article_id.clone() />
                </div>
            </div>
            <div class="field">
                <label class="field__label" for=text_id.clone()>{i18n.tr(Msg::ScriptsText)}</label>
                <div class="var-buttons" role="group" aria-label=i18n.tr(Msg::ScriptsVariables)>
                    {Var::ALL
                        .into_iter()
                        .map(|v| {
                            view! {
                                <button
                                    type="button"
                                    class="button button--quiet var-button"
                                    aria-label=move || text::insert_variable(i18n.locale(), v)
                                    on:click=move |_| insert_variable(ed, i, v)
                                >
                                    {move || format!("+ {}", text::variable(i18n.locale(), v))}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <textarea
                    id=text_id.clone()
                    class="input textarea"
                    rows="3"
                    maxlength=MAX_TEXT.to_string()
                    prop:value=get(|s| s.text.clone())
                    aria-invalid=invalid(ed, text_id.clone())
                    aria-describedby=format!("{text_id}-problems")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        ed.edit(|g| {
                            if let Some(s) = g.steps.get_mut(i) {
                                s.text = v;
                            }
                        });
                    }
                ></textarea>
                <ProblemsAt id=text_id.clone() />
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    id=shared_id
                    prop:checked=shared
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ed.edit(|g| {
                            if let Some(s) = g.steps.get_mut(i) {
                                s.shared = on;
                            }
                        });
                    }
                />
                {i18n.tr(Msg::ScriptsSharedToggle)}
            </label>
            <fieldset class="answers">
                <legend class="field__label">{i18n.tr(Msg::ScriptsAnswers)}</legend>
                <ol class="answer-list">
                    <For each=move || 0..answers.get() key=|a| *a children=move |a| view! { <AnswerRow i=i a=a count=answers /> } />
                </ol>
                <div class="answers__foot">
                    <button
                        type="button"
                        class="button"
                        id=add_id.clone()
                        disabled=move || { answers.get() >= MAX_ANSWERS }
                        aria-describedby=format!("{add_id}-problems {add_id}-hint")
                        on:click=add_answer
                    >
                        {i18n.tr(Msg::ScriptsAddAnswer)}
                    </button>
                    <p class="field__hint" id=format!("{add_id}-hint")>
                        {move || {
                            let n = answers.get();
                            match i18n.locale() {
                                Locale::Ja => format!("{n} / {MAX_ANSWERS}（キー1〜9で選べます）"),
                                Locale::En => format!("{n} of {MAX_ANSWERS} (picked with keys 1–9)"),
                            }
                        }}
                    </p>
                </div>
                <ProblemsAt id=add_id.clone() />
            </fieldset>
        </li>
    }
}

/// One answer: what the customer says, where it leads, a reason; moved and deleted here.
#[component]
fn AnswerRow(i: usize, a: usize, count: Memo<usize>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let i18n = use_i18n();
    let answer = Memo::new(move |_| {
        ed.draft
            .with(|g| g.steps.get(i).and_then(|s| s.answers.get(a)).cloned())
    });
    let target =
        Memo::new(move |_| answer.with(|x| x.as_ref().map_or(Target::Nowhere, Target::of)));
    let label = move || answer.with(|x| x.as_ref().map(|x| x.label.clone()).unwrap_or_default());
    let reason = move || {
        answer.with(|x| {
            x.as_ref()
                .and_then(|x| x.reason.clone())
                .unwrap_or_default()
        })
    };
    let shows_reason = move || {
        target.get() == Target::Outcome(Outcome::NotInterested)
            || answer.with(|x| x.as_ref().is_some_and(|x| x.reason.is_some()))
    };
    let control = move |m: Msg| move || text::answer_control(i18n.locale(), a, i18n.t(m));
    let step_key = move || {
        ed.draft
            .with(|g| g.steps.get(i).map(|s| s.key.clone()).unwrap_or_default())
    };

    let move_answer = move |up: bool| {
        let mut to = None;
        ed.edit(|g| to = graph::move_answer(g, i, a, up));
        if let Some(b) = to {
            let n = count.get_untracked();
            let locale = i18n.locale_untracked();
            let what = format!(
                "{} {}",
                text::step_name(locale, &step_key(), i),
                text::answer_name(locale, a)
            );
            ed.announce.set(Some(text::moved(locale, &what, b, n)));
            let button = if (up && b > 0) || b + 1 == n {
                "up"
            } else {
                "down"
            };
            focus_later(answer_field(i, b, button));
        }
    };
    let delete = move |_: leptos::ev::MouseEvent| {
        let before = ed.draft.get_untracked();
        let mut gone = None;
        ed.edit(|g| gone = graph::delete_answer(g, i, a));
        if gone.is_none() {
            return;
        }
        ed.undo.set(Some(before));
        let locale = i18n.locale_untracked();
        let name = text::answer_name(locale, a);
        ed.announce.set(Some(match locale {
            Locale::Ja => format!(
                "{}の{name}を削除しました。",
                text::step_name(locale, &step_key(), i)
            ),
            Locale::En => format!(
                "{name} of {} deleted.",
                text::step_name(locale, &step_key(), i)
            ),
        }));
        let left = count.get_untracked();
        if left == 0 {
            focus_later(step_field(i, "add-answer"));
        } else {
            focus_later(answer_field(i, a.min(left - 1), "label"));
        }
    };

    let label_id = answer_field(i, a, "label");
    let target_id = answer_field(i, a, "target");
    let reason_id = answer_field(i, a, "reason");
    let target_options = move || {
        let t = target.get();
        let keys = ed.keys.get();
        let locale = i18n.locale();
        let mut out = vec![
            view! {
                <option value="" prop:selected=matches!(t, Target::Nowhere | Target::Both)>
                    {i18n.t(Msg::ScriptsChoose)}
                </option>
            }
            .into_any(),
        ];
        let mut steps = Vec::new();
        if let Target::Step(k) = &t
            && !keys.contains(k)
        {
            let value = t.value();
            steps.push(
                view! { <option value=value prop:selected=true>{missing(locale, k)}</option> }
                    .into_any(),
            );
        }
        let mut seen: Vec<String> = Vec::new();
        for k in keys.into_iter().filter(|k| !k.trim().is_empty()) {
            if seen.contains(&k) {
                continue;
            }
            seen.push(k.clone());
            let option = Target::Step(k.clone());
            let selected = option == t;
            steps.push(
                view! { <option value=option.value() prop:selected=selected>{k}</option> }
                    .into_any(),
            );
        }
        let outcomes = Outcome::ALL
            .into_iter()
            .map(|o| {
                let option = Target::Outcome(o);
                let selected = option == t;
                view! { <option value=option.value() prop:selected=selected>{text::outcome(locale, o)}</option> }
            })
            .collect_view();
        out.push(
            view! { <optgroup label=i18n.t(Msg::ScriptsToStep)>{steps}</optgroup> }.into_any(),
        );
        out.push(
            view! { <optgroup label=i18n.t(Msg::ScriptsToOutcome)>{outcomes}</optgroup> }
                .into_any(),
        );
        out
    };

    view! {
        <li class="answer-row">
            <span class="answer-row__num" aria-hidden="true">{a + 1}</span>
            <div class="field answer-row__label">
                <label class="field__label" for=label_id.clone()>{control(Msg::ScriptsAnswerLabel)}</label>
                <input
                    id=label_id.clone()
                    class="input"
                    maxlength=MAX_LABEL.to_string()
                    autocomplete="off"
                    prop:value=label
                    aria-invalid=invalid(ed, label_id.clone())
                    aria-describedby=format!("{label_id}-problems")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        ed.edit(|g| {
                            if let Some(x) = g.steps.get_mut(i).and_then(|s| s.answers.get_mut(a)) {
                                x.label = v;
                            }
                        });
                    }
                />
                <ProblemsAt id=label_id.clone() />
            </div>
            <div class="field answer-row__target">
                <label class="field__label" for=target_id.clone()>{control(Msg::ScriptsLeadsTo)}</label>
                <select
                    id=target_id.clone()
                    class="select"
                    aria-invalid=invalid(ed, target_id.clone())
                    aria-describedby=format!("{target_id}-problems")
                    on:change=move |ev| {
                        let t = Target::parse(&event_target_value(&ev));
                        ed.edit(|g| graph::set_target(g, i, a, t));
                    }
                >
                    {target_options}
                </select>
                <ProblemsAt id=target_id.clone() />
            </div>
            <Show when=shows_reason>
                <div class="field answer-row__reason">
                    <label class="field__label" for=reason_id.clone()>{control(Msg::ScriptsReason)}</label>
                    <input
                        id=reason_id.clone()
                        class="input"
                        maxlength=MAX_LABEL.to_string()
                        autocomplete="off"
                        prop:value=reason
                        aria-invalid=invalid(ed, reason_id.clone())
                        aria-describedby=format!("{reason_id}-problems")
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            ed.edit(|g| graph::set_reason(g, i, a, &v));
                        }
                    />
                    <ProblemsAt id=reason_id.clone() />
                </div>
            </Show>
            <span class="answer-row__actions">
                <button type="button" class="button button--quiet" id=answer_field(i, a, "up")
                    aria-label=control(Msg::MoveUp) disabled=move || a == 0
                    on:click=move |_| move_answer(true)>"↑"</button>
                <button type="button" class="button button--quiet" id=answer_field(i, a, "down")
                    aria-label=control(Msg::MoveDown) disabled=move || { a + 1 >= count.get() }
                    on:click=move |_| move_answer(false)>"↓"</button>
                <button type="button" class="button button--quiet button--danger" id=answer_field(i, a, "delete")
                    aria-label=control(Msg::ScriptsDelete) on:click=delete>"×"</button>
            </span>
        </li>
    }
}
