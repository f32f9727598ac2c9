//! The sign-in page (`/login`), shown whenever there is no session.
//!
//! This module owns the sign-in form: client-side validation with the shared rules before
//! anything is sent, field errors beside their fields (from the browser's checks or the
//! server's 422), one alert for everything else (wrong credentials, too many attempts, no
//! server, an expired session), and going on to the deals once signed in.

use crate::app::{Notice, SessionState, use_session};
use crate::components::language_switch::LanguageSwitch;
use crate::components::shell::BrandMark;
use crate::i18n::{BRAND, Msg, use_i18n, use_page_title};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use shared::FieldError;
use shared::api::LoginRequest;
use shared::client::ClientError;

const EMAIL_ID: &str = "login-email";
const EMAIL_ERROR_ID: &str = "login-email-error";
const PASSWORD_ID: &str = "login-password";
const PASSWORD_ERROR_ID: &str = "login-password-error";

/// The translated message for a field error of the sign-in form.
fn field_message(err: &FieldError) -> Msg {
    match (err.field.as_str(), err.code.as_str()) {
        ("email", "required") => Msg::EmailRequired,
        ("email", "invalid_email") => Msg::EmailInvalid,
        ("password", "required") => Msg::PasswordRequired,
        (_, "too_long") => Msg::TooLong,
        _ => Msg::FieldInvalid,
    }
}

/// The alert for a failed sign-in that is not about one field.
fn failure_message(err: &ClientError) -> Msg {
    match err.status() {
        None => Msg::Unreachable,
        Some(401) => Msg::BadCredentials,
        Some(429) => Msg::RateLimited,
        Some(400 | 422) => Msg::CheckInput,
        Some(_) => Msg::ServerError,
    }
}

/// `/login`: the sign-in card.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    use_page_title(Msg::SignIn);

    // Signed in, now or already: go on to the deals (or the deals page asked for).
    Effect::new(move || {
        if session.state() == SessionState::SignedIn {
            navigate(
                &session.take_return_to(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    view! {
        <div class="login-page">
            <div class="login-page__bar">
                <LanguageSwitch />
            </div>
            <main id="main" class="login-page__main">
                <div class="login-card">
                    <div class="brand brand--large">
                        <BrandMark />
                        <span class="brand__name">{BRAND}</span>
                    </div>
                    <p class="login-card__tagline">{i18n.tr(Msg::Tagline)}</p>
                    {move || match session.state() {
                        SessionState::SignedOut => view! { <LoginForm /> }.into_any(),
                        SessionState::Checking | SessionState::SignedIn => {
                            view! {
                                <p role="status" class="status">
                                    {i18n.tr(Msg::Loading)}
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </main>
        </div>
    }
}

/// The heading, the alert and the form itself.
#[component]
fn LoginForm() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Msg>);
    let email_error = RwSignal::new(None::<Msg>);
    let password_error = RwSignal::new(None::<Msg>);
    let email_input = NodeRef::<html::Input>::new();
    let password_input = NodeRef::<html::Input>::new();

    // Shows field errors beside their fields and focuses the first bad one; returns whether
    // any of them belonged to a field of this form.
    let show_field_errors = move |errors: &[FieldError]| -> bool {
        let find = |field: &str| errors.iter().find(|e| e.field == field).map(field_message);
        let (on_email, on_password) = (find("email"), find("password"));
        email_error.set(on_email);
        password_error.set(on_password);
        let first = if on_email.is_some() {
            Some(email_input)
        } else if on_password.is_some() {
            Some(password_input)
        } else {
            None
        };
        if let Some(input) = first.and_then(|r| r.get_untracked()) {
            let _ = input.focus();
        }
        first.is_some()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        session.clear_notice();
        failure.set(None);
        let req = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if let Err(errors) = req.validate() {
            show_field_errors(&errors);
            return;
        }
        email_error.set(None);
        password_error.set(None);
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            let result = client.login(&req).await;
            let _ = busy.try_set(false);
            match result {
                // The page sees the session and moves on.
                Ok(me) => session.signed_in(me),
                Err(err) => {
                    let fields = err
                        .api_error()
                        .map(|e| e.error.fields.as_slice())
                        .unwrap_or_default();
                    let on_fields = err.status() == Some(422) && show_field_errors(fields);
                    if !on_fields {
                        let _ = failure.try_set(Some(failure_message(&err)));
                    }
                }
            }
        });
    };

    let alert = move || {
        failure
            .get()
            .or_else(|| (session.notice() == Some(Notice::Expired)).then_some(Msg::SessionExpired))
    };

    view! {
        <h1 class="login-card__title">{i18n.tr(Msg::SignIn)}</h1>
        {move || {
            alert()
                .map(|msg| {
                    view! {
                        <p role="alert" class="alert alert--error">
                            {i18n.tr(msg)}
                        </p>
                    }
                })
        }}
        <form class="form" novalidate on:submit=submit>
            <div class="field">
                <label class="field__label" for=EMAIL_ID>
                    {i18n.tr(Msg::Email)}
                </label>
                <input
                    id=EMAIL_ID
                    class="input"
                    type="email"
                    name="email"
                    autocomplete="username"
                    inputmode="email"
                    spellcheck="false"
                    required
                    node_ref=email_input
                    aria-invalid=move || email_error.get().map(|_| "true")
                    aria-describedby=move || email_error.get().map(|_| EMAIL_ERROR_ID)
                    prop:value=move || email.get()
                    on:input=move |ev| {
                        email.set(event_target_value(&ev));
                        email_error.set(None);
                    }
                />
                {move || {
                    email_error
                        .get()
                        .map(|msg| {
                            view! {
                                <p id=EMAIL_ERROR_ID class="field__error">
                                    {i18n.tr(msg)}
                                </p>
                            }
                        })
                }}
            </div>
            <div class="field">
                <label class="field__label" for=PASSWORD_ID>
                    {i18n.tr(Msg::Password)}
                </label>
                <input
                    id=PASSWORD_ID
                    class="input"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                    node_ref=password_input
                    aria-invalid=move || password_error.get().map(|_| "true")
                    aria-describedby=move || password_error.get().map(|_| PASSWORD_ERROR_ID)
                    prop:value=move || password.get()
                    on:input=move |ev| {
                        password.set(event_target_value(&ev));
                        password_error.set(None);
                    }
                />
                {move || {
                    password_error
                        .get()
                        .map(|msg| {
                            view! {
                                <p id=PASSWORD_ERROR_ID class="field__error">
                                    {i18n.tr(msg)}
                                </p>
                            }
                        })
                }}
            </div>
            <button
                type="submit"
                class="button button--primary button--block"
                disabled=move || busy.get()
                aria-busy=move || busy.get().then_some("true")
            >
                {i18n.tr(Msg::SignIn)}
            </button>
        </form>
    }
}
