//! The page for addresses that lead nowhere, with a way back to the deals.

use crate::i18n::{Msg, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;

/// Any unknown route.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(Msg::NotFoundTitle);
    view! {
        <div class="page page--narrow not-found">
            <h1 class="page__title">{i18n.tr(Msg::NotFoundTitle)}</h1>
            <p>{i18n.tr(Msg::NotFoundBody)}</p>
            <p>
                <A href="/deals" attr:class="button button--primary">
                    {i18n.tr(Msg::BackToDeals)}
                </A>
            </p>
        </div>
    }
}
