//! The language switch shown on every screen: two toggle buttons in a labelled group.
//!
//! The buttons are always named in their own language ("日本語", "English") so anyone can find
//! theirs; the current one is `aria-pressed="true"`. Choosing goes through the session, which
//! remembers the choice on this device and, when signed in, for the member.

use crate::app::use_session;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use shared::Locale;

/// The languages offered, each with its name in itself.
const CHOICES: [(Locale, &str); 2] = [(Locale::Ja, "日本語"), (Locale::En, "English")];

/// A group of two buttons, "日本語" and "English".
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(Msg::Language)>
            {CHOICES
                .into_iter()
                .map(|(locale, name)| {
                    let pressed = move || i18n.locale() == locale;
                    view! {
                        <button
                            type="button"
                            class="lang-switch__button"
                            lang=locale.as_str()
                            aria-pressed=move || if pressed() { "true" } else { "false" }
                            on:click=move |_| session.choose_locale(locale)
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
