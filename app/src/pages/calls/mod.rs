//! Call mode for appointers (and managers): the call queue (`/calls`), a call run on the
//! published talk script (`/calls/:id`), and the "start call" action of the deal page.
//!
//! The call screen never waits for the server: an answer shows the next step at once from the
//! script's graph ([`run`]), and the click is sent behind it, in order, with its sequence
//! number and an idempotency key ([`send`]); a refusal loads the call again and says why. The
//! keyboard drives it all ([`keys`]); finishing records the outcome in one step ([`finish`]).

mod call;
mod finish;
mod keys;
mod queue;
mod run;
mod screen;
mod send;
mod side;
mod start;
mod text;

pub use call::CallPage;
pub use queue::CallsPage;
pub use start::StartCallAction;

use crate::app::{Session, is_unauthorized};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use shared::api::{Me, StartCall};
use shared::client::ClientError;
use shared::{DealId, Role, ScriptId};

/// Whether the member makes calls (appointers and managers).
pub(crate) fn may_call(me: Option<&Me>) -> bool {
    me.is_some_and(|m| m.has(Role::Appointer) || m.has(Role::Manager))
}

/// What a failed request tells the member.
fn request_error(err: &ClientError) -> Msg {
    match err.status() {
        None => Msg::Unreachable,
        Some(403) => Msg::CallNotYours,
        Some(404) => Msg::CallNotFound,
        Some(s) if s >= 500 => Msg::ServerError,
        Some(_) => Msg::CallStartRefused,
    }
}

/// Starts a call on `deal` with `script` and opens it; `busy` is held meanwhile and `error`
/// says why it did not start.
pub(crate) fn start_call(
    session: Session,
    deal: DealId,
    script: ScriptId,
    busy: RwSignal<Option<DealId>>,
    error: RwSignal<Option<Msg>>,
) {
    if busy.get_untracked().is_some() {
        return;
    }
    busy.set(Some(deal));
    error.set(None);
    let navigate = leptos_router::hooks::use_navigate();
    let client = session.client();
    spawn_local(async move {
        let result = client
            .start_call(&StartCall {
                deal_id: deal,
                script_id: script,
            })
            .await;
        let _ = busy.try_set(None);
        match result {
            Ok(call) => navigate(&format!("/calls/{}", call.id), NavigateOptions::default()),
            Err(e) if is_unauthorized(&e) => session.expire(),
            Err(e) => {
                let _ = error.try_set(Some(request_error(&e)));
            }
        }
    });
}

/// `localStorage`, if the browser gives it.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A value kept on this device for a call.
fn kept(call: shared::CallId, what: &str) -> Option<String> {
    storage()?
        .get_item(&format!("baton.call.{call}.{what}"))
        .ok()
        .flatten()
}

/// Keeps a value on this device for a call (an empty one is removed).
fn keep(call: shared::CallId, what: &str, value: &str) {
    if let Some(s) = storage() {
        let key = format!("baton.call.{call}.{what}");
        let _ = if value.is_empty() {
            s.remove_item(&key)
        } else {
            s.set_item(&key, value)
        };
    }
}
