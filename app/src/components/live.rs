//! The team's changes as they happen: `GET /api/v1/events` (server-sent events; the browser
//! reconnects by itself with the last event id, and the server replays what was missed).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Calls `on(kind, data)` for each event of the `kinds` while the calling component lives.
pub fn listen(kinds: &'static [&'static str], on: impl Fn(&str, &str) + Clone + 'static) {
    let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
        return;
    };
    let mut handlers = Vec::new();
    for kind in kinds {
        let on = on.clone();
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(data) = ev.data().as_string() {
                    on(kind, &data);
                }
            });
        let _ = source.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
        handlers.push(handler);
    }
    let source = send_wrapper::SendWrapper::new((source, handlers));
    on_cleanup(move || {
        let (source, handlers) = source.take();
        source.close();
        drop(handlers);
    });
}
