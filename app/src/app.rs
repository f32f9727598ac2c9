//! The root component: routes, and the session every page reads.
//!
//! This module owns the [`Session`] context (the API [`Client`], the signed-in member or none,
//! the notice to show on the sign-in page) and the rules around it: the session check at start,
//! what happens after sign-in (the member's language is reconciled with this device's choice),
//! sign-out, and expiry (any 401 while signed in sends the member back to `/login`).

use crate::components::shell::Shell;
use crate::i18n::{I18n, provide_i18n};
use crate::pages::board::BoardPage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use shared::api::{Me, MePatch};
use shared::client::{Client, ClientError};
use shared::{ErrorCode, Locale};

/// Where the session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Asking the server whether the browser holds a session.
    Checking,
    /// Nobody is signed in.
    SignedOut,
    /// A member is signed in.
    SignedIn,
}

/// A message for the sign-in page about why it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The session ended while the member was working.
    Expired,
}

/// The session context: the client, the signed-in member, and what to say on the sign-in page.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    client: StoredValue<Client>,
    i18n: I18n,
    checked: RwSignal<bool>,
    me: RwSignal<Option<Me>>,
    state: Memo<SessionState>,
    notice: RwSignal<Option<Notice>>,
    return_to: StoredValue<Option<String>>,
    locale_request: StoredValue<u64>,
    locale_in_flight: StoredValue<u32>,
}

impl Session {
    /// A clone of the API client (same origin).
    pub fn client(self) -> Client {
        self.client.get_value()
    }

    /// Where the session stands (tracked).
    pub fn state(self) -> SessionState {
        self.state.get()
    }

    /// Reads the signed-in member without cloning it (tracked).
    pub fn with_me<U>(self, f: impl FnOnce(Option<&Me>) -> U) -> U {
        self.me.with(|me| f(me.as_ref()))
    }

    /// The notice for the sign-in page (tracked).
    pub fn notice(self) -> Option<Notice> {
        self.notice.get()
    }

    /// The notice for the sign-in page, without tracking it.
    pub fn notice_untracked(self) -> Option<Notice> {
        self.notice.get_untracked()
    }

    /// Drops the notice for the sign-in page.
    pub fn clear_notice(self) {
        self.notice.set(None);
    }

    /// Records that `me` is signed in. If this device holds an explicit language choice that
    /// differs from the member's, the device's (latest) choice is sent to the server;
    /// otherwise the member's language is adopted.
    pub fn signed_in(self, me: Me) {
        match crate::i18n::stored_locale() {
            Some(device) if device != me.locale => {
                self.i18n.adopt(device);
                self.save_locale(device);
            }
            _ => self.i18n.adopt(me.locale),
        }
        self.notice.set(None);
        self.me.set(Some(me));
        self.checked.set(true);
    }

    /// The member chose a language: apply and remember it here and, when signed in and it
    /// differs from the member's setting, for the member.
    pub fn choose_locale(self, locale: Locale) {
        self.i18n.choose(locale);
        let differs = self
            .me
            .with_untracked(|me| me.as_ref().is_some_and(|m| m.locale != locale));
        // While an earlier choice is on its way, the member's setting is not yet known.
        let in_flight = self.locale_in_flight.get_value() > 0;
        let signed_in = self.me.with_untracked(Option::is_some);
        if signed_in && (differs || in_flight) {
            self.save_locale(locale);
        }
    }

    /// Sends the member's language to the server; only the latest answer is kept.
    fn save_locale(self, locale: Locale) {
        let request = self.locale_request.get_value().wrapping_add(1);
        self.locale_request.set_value(request);
        let client = self.client();
        self.locale_in_flight.update_value(|n| *n += 1);
        spawn_local(async move {
            let patch = MePatch {
                locale: Some(locale),
                time_zone: None,
            };
            let result = client.update_me(&patch).await;
            self.locale_in_flight
                .try_update_value(|n| *n = n.saturating_sub(1));
            if self.locale_request.try_get_value() != Some(request) {
                return;
            }
            match result {
                Ok(me) => {
                    let same_member = self
                        .me
                        .try_with_untracked(|cur| cur.as_ref().map(|c| c.id) == Some(me.id))
                        .unwrap_or(false);
                    if same_member {
                        self.me.set(Some(me));
                    }
                }
                // The choice still holds on this device; the server learns it next time.
                Err(e) => {
                    self.check(&e);
                }
            }
        });
    }

    /// Signs out on the server, then here; the shell then sends the browser to `/login`.
    pub async fn sign_out(self) {
        // Whatever the server says (even that the session was already gone), forget it here.
        let _ = self.client().logout().await;
        self.return_to.set_value(None);
        self.notice.set(None);
        self.me.set(None);
    }

    /// The session ended under the member's feet: forget them and say so on the sign-in page.
    pub fn expire(self) {
        if self.me.with_untracked(Option::is_some) {
            self.notice.set(Some(Notice::Expired));
            self.me.set(None);
        }
    }

    /// Expires the session if `err` is a 401; returns whether it was.
    pub fn check(self, err: &ClientError) -> bool {
        let unauthorized = is_unauthorized(err);
        if unauthorized {
            self.expire();
        }
        unauthorized
    }

    /// Remembers the page to return to after signing in.
    pub fn set_return_to(self, path: Option<String>) {
        self.return_to.set_value(path);
    }

    /// Where to go after signing in: the remembered board or deals page, or `/board`.
    pub fn take_return_to(self) -> String {
        self.return_to
            .try_update_value(Option::take)
            .flatten()
            .filter(|p| {
                ["/deals", "/board"]
                    .iter()
                    .any(|page| p == page || p.starts_with(&format!("{page}?")))
            })
            .unwrap_or_else(|| "/board".to_owned())
    }
}

/// Whether the server said "sign in first".
pub fn is_unauthorized(err: &ClientError) -> bool {
    err.status() == Some(401) || err.code() == Some(ErrorCode::Unauthorized)
}

/// Creates the session, starts the check for an existing one, and provides it as context.
pub fn provide_session(i18n: I18n) -> Session {
    let checked = RwSignal::new(false);
    let me = RwSignal::new(None::<Me>);
    let state = Memo::new(move |_| match (checked.get(), me.with(Option::is_some)) {
        (false, _) => SessionState::Checking,
        (true, false) => SessionState::SignedOut,
        (true, true) => SessionState::SignedIn,
    });
    let session = Session {
        client: StoredValue::new(Client::new("")),
        i18n,
        checked,
        me,
        state,
        notice: RwSignal::new(None),
        return_to: StoredValue::new(None),
        locale_request: StoredValue::new(0),
        locale_in_flight: StoredValue::new(0),
    };
    provide_context(session);
    crate::pages::board::prefetch::start(session.client());
    // Signed in when the page was served: the page holds the member.
    if let Some(me) = crate::boot::take::<Me>(shared::api::ME_PATH) {
        session.signed_in(me);
        return session;
    }
    let client = session.client();
    spawn_local(async move {
        match client.me().await {
            Ok(me) => session.signed_in(me),
            // No session, or no server: either way, the sign-in page is where to start.
            Err(_) => checked.set(true),
        }
    });
    session
}

/// The session context provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The app: language, session and routes.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_session(i18n);
    routes()
}

/// Every page.
#[cfg(not(feature = "board-entry"))]
fn routes() -> impl IntoView {
    use crate::pages::deal::DealPage;
    use crate::pages::deals::list::DealsPage;
    use crate::pages::handoffs::HandoffsPage;
    use crate::pages::handoffs::numbers::HandoffNumbersPage;
    use crate::pages::login::LoginPage;
    use crate::pages::not_found::NotFound;
    use crate::pages::settings::HandoffSettingsPage;
    use crate::pages::settings::PipelineSettingsPage;
    use crate::pages::success::SuccessPage;
    use crate::pages::team::TeamPage;
    use leptos_router::components::Redirect;
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("/") view=|| view! { <Redirect path="/board" /> } />
                    <Route path=path!("/board") view=BoardPage />
                    <Route path=path!("/deals") view=DealsPage />
                    <Route path=path!("/deals/:id") view=DealPage />
                    <Route path=path!("/handoffs") view=HandoffsPage />
                    <Route path=path!("/handoffs/numbers") view=HandoffNumbersPage />
                    <Route path=path!("/settings/pipelines") view=PipelineSettingsPage />
                    <Route path=path!("/team") view=TeamPage />
                    <Route path=path!("/success") view=SuccessPage />
                    <Route path=path!("/settings/handoffs") view=HandoffSettingsPage />
                    <Route path=path!("/scripts") view=crate::pages::scripts::ScriptsPage />
                    <Route path=path!("/scripts/:id") view=crate::pages::scripts::ScriptPage />
                    <Route path=path!("/scripts/:id/versions/:n") view=crate::pages::scripts::ScriptVersionPage />
                    <Route path=path!("/calls") view=crate::pages::calls::CallsPage />
                    <Route path=path!("/calls/:id") view=crate::pages::calls::CallPage />
                    <Route path=path!("/kb") view=crate::pages::kb::KbPage />
                    <Route path=path!("/kb/new") view=crate::pages::kb::NewArticlePage />
                    <Route path=path!("/kb/:id") view=crate::pages::kb::ArticlePage />
                    <Route path=path!("/scripts/:id/stats") view=crate::pages::kb::ScriptStatsPage />
                    <Route path=path!("/*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The board's entry: the board, and every other address loaded as the whole app (the
/// server serves it for any path but `/board`). Replacing the entry keeps the history as the
/// member made it: back returns to the board.
#[cfg(feature = "board-entry")]
fn routes() -> impl IntoView {
    use leptos_router::hooks::use_location;
    let elsewhere = || {
        let location = use_location();
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let hash = location.hash.get_untracked();
        let mut href = path;
        if !search.is_empty() {
            href.push('?');
            href.push_str(search.trim_start_matches('?'));
        }
        href.push_str(&hash);
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(&href);
        }
        let i18n = crate::i18n::use_i18n();
        view! {
            <main id="main" class="app-main app-main--waiting">
                <p role="status" class="status">
                    {i18n.tr(crate::i18n::Msg::Loading)}
                </p>
            </main>
        }
    };
    view! {
        <Router>
            <Routes fallback=elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("/board") view=BoardPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
