//! The frame of every signed-in page, and the guard in front of it.
//!
//! This module owns the app header (brand, main navigation, the member with their roles, the
//! language switch, sign-out) and the rule that signed-in pages need a session: while the
//! session is being checked a loading status shows; without one, the browser goes to `/login`
//! and the page asked for is remembered for after sign-in.

use crate::app::{SessionState, use_session};
use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{BRAND, Msg, role_name, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};

/// The header and main area around the routed page; sends signed-out visitors to `/login`.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let location = use_location();
    let navigate = use_navigate();

    // Signed out: go to the sign-in page. Remember the page for after sign-in unless the
    // member just signed out on purpose.
    Effect::new(move |prev: Option<SessionState>| {
        let state = session.state();
        if state == SessionState::SignedOut {
            let deliberate =
                prev == Some(SessionState::SignedIn) && session.notice_untracked().is_none();
            let return_to = (!deliberate).then(|| {
                let path = location.pathname.get_untracked();
                let search = location.search.get_untracked();
                if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                }
            });
            session.set_return_to(return_to);
            navigate(
                "/login",
                NavigateOptions {
                    replace: !deliberate,
                    ..Default::default()
                },
            );
        }
        state
    });

    let state = move || session.state();
    view! {
        {move || match state() {
            SessionState::SignedIn => {
                view! {
                    <Header />
                    <main id="main" class="app-main">
                        <Outlet />
                    </main>
                }
                    .into_any()
            }
            SessionState::Checking | SessionState::SignedOut => {
                view! {
                    <main id="main" class="app-main app-main--waiting">
                        <p role="status" class="status">
                            {i18n.tr(Msg::Loading)}
                        </p>
                    </main>
                }
                    .into_any()
            }
        }}
    }
}

/// The sticky app header.
#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let signing_out = RwSignal::new(false);

    let name = move || session.with_me(|me| me.map(|m| m.name.clone()).unwrap_or_default());
    let roles = move || {
        let locale = i18n.locale();
        session.with_me(|me| {
            me.map(|m| {
                m.roles
                    .iter()
                    .map(|r| role_name(locale, *r))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };

    let sign_out = move |_| {
        if signing_out.get_untracked() {
            return;
        }
        signing_out.set(true);
        // The shell sees the session end and goes to the sign-in page.
        spawn_local(async move {
            session.sign_out().await;
            let _ = signing_out.try_set(false);
        });
    };

    view! {
        <header class="app-header">
            <div class="app-header__start">
                <span class="brand">
                    <BrandMark />
                    <span class="brand__name">{BRAND}</span>
                </span>
                <nav class="main-nav" aria-label=i18n.tr(Msg::MainNav)>
                    <A href="/board">{i18n.tr(Msg::Board)}</A>
                    <A href="/deals">{i18n.tr(Msg::Deals)}</A>
                    <A href="/handoffs">{i18n.tr(Msg::Handoffs)}</A>
                    {move || {
                        session
                            .with_me(|m| m.is_some_and(|m| m.has(shared::Role::Success) || m.has(shared::Role::Manager)))
                            .then(|| view! { <A href="/success">{i18n.tr(Msg::Success)}</A> })
                    }}
                    {move || {
                        session
                            .with_me(|m| m.is_some_and(|m| m.roles.contains(&shared::Role::Manager)))
                            .then(|| view! { <A href="/settings/pipelines">{i18n.tr(Msg::Settings)}</A> })
                    }}
                    {move || {
                        session
                            .with_me(|m| m.is_some_and(|m| m.roles.contains(&shared::Role::Manager)))
                            .then(|| view! { <A href="/team">{i18n.tr(Msg::Team)}</A> })
                    }}
                    {move || {
                        session
                            .with_me(|m| {
                                m.is_some_and(|m| {
                                    [shared::Role::Manager, shared::Role::Admin, shared::Role::Appointer, shared::Role::Closer]
                                        .iter()
                                        .any(|r| m.has(*r))
                                })
                            })
                            .then(|| view! { <A href="/scripts">{i18n.tr(Msg::ScriptsTitle)}</A> })
                    }}
                    {move || {
                        session
                            .with_me(crate::pages::calls::may_call)
                            .then(|| view! { <A href="/calls">{i18n.tr(Msg::CallNav)}</A> })
                    }}
                    <A href="/kb">{i18n.tr(Msg::KbTitle)}</A>
                </nav>
            </div>
            <div class="app-header__end">
                <div class="member">
                    <span class="member__name">{name}</span>
                    <ul class="member__roles" aria-label=i18n.tr(Msg::Roles)>
                        {move || {
                            roles()
                                .into_iter()
                                .map(|r| view! { <li class="badge">{r}</li> })
                                .collect_view()
                        }}
                    </ul>
                </div>
                <LanguageSwitch />
                <button
                    type="button"
                    class="button button--quiet"
                    on:click=sign_out
                    disabled=move || signing_out.get()
                    aria-busy=move || signing_out.get().then_some("true")
                >
                    {i18n.tr(Msg::SignOut)}
                </button>
            </div>
        </header>
    }
}

/// The baton mark beside the brand name (decorative).
#[component]
pub fn BrandMark() -> impl IntoView {
    view! {
        <svg
            class="brand__mark"
            viewBox="0 0 32 32"
            width="28"
            height="28"
            aria-hidden="true"
            focusable="false"
        >
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <rect
                x="7"
                y="14"
                width="18"
                height="4"
                rx="2"
                fill="#fff"
                transform="rotate(-35 16 16)"
            />
            <circle cx="23" cy="10" r="2.5" fill="#fbbf24" />
        </svg>
    }
}
