//! The problems panel: every problem of the draft in words (translated by its code), each a
//! button taking the member to the control to change; empty, it says the draft can be
//! published. The same problems show beside their controls (`steps::ProblemsAt`).

use super::anchors;
use super::editor::Editor;
use super::focus_later;
use super::text;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;

/// The problems of the draft, live.
#[component]
pub(super) fn ProblemsPanel() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let i18n = use_i18n();
    let count = Memo::new(move |_| ed.problems.with(Vec::len));
    let heading = move || {
        let n = count.get();
        match i18n.locale() {
            shared::Locale::Ja => format!("問題（{n}件）"),
            shared::Locale::En => format!("Problems ({n})"),
        }
    };
    let items = move || {
        let locale = i18n.locale();
        ed.problems.with(|ps| {
            ps.iter()
                .map(|p| {
                    let target = anchors::anchor(p);
                    let words = text::problem(locale, p);
                    view! {
                        <li>
                            <button
                                type="button"
                                class="problem-link"
                                on:click=move |_| focus_later(target.clone())
                            >
                                {words}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel script-problems" aria-labelledby="problems-heading">
            <h2 class="panel__title" id="problems-heading">{heading}</h2>
            <Show
                when=move || count.get() != 0
                fallback=move || view! { <p class="alert alert--ok">{i18n.tr(Msg::ScriptsNoProblems)}</p> }
            >
                <p class="field__hint">{i18n.tr(Msg::ScriptsProblemsHint)}</p>
                <ul class="problem-list">{items}</ul>
            </Show>
        </section>
    }
}
