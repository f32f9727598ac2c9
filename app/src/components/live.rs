//! The team's changes as they happen: `GET /api/v1/events` (server-sent events; the browser
//! reconnects by itself with the last event id, and the server replays what was missed).

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Calls `on(kind, data)` for each event of the `kinds` while the calling component lives.
/// The stream is opened once the page has been painted: opening it costs a few milliseconds
/// of the browser's main thread, which the first screen should not wait for.
pub fn listen(kinds: &'static [&'static str], on: impl Fn(&str, &str) + Clone + 'static) {
    let stream = Rc::new(RefCell::new(Stream::default()));
    let opening = stream.clone();
    crate::components::idle::after_paint(move || opening.borrow_mut().open(kinds, on));
    let stream = send_wrapper::SendWrapper::new(stream);
    on_cleanup(move || stream.take().borrow_mut().close());
}

/// The stream of a component, once it is opened; closed for good when the component goes.
#[derive(Default)]
struct Stream {
    source: Option<web_sys::EventSource>,
    handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    closed: bool,
}

impl Stream {
    fn open(&mut self, kinds: &'static [&'static str], on: impl Fn(&str, &str) + Clone + 'static) {
        if self.closed {
            return;
        }
        let Ok(source) = web_sys::EventSource::new("/api/v1/events") else {
            return;
        };
        for kind in kinds {
            let on = on.clone();
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    if let Some(data) = ev.data().as_string() {
                        on(kind, &data);
                    }
                },
            );
            let _ = source.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
            self.handlers.push(handler);
        }
        self.source = Some(source);
    }

    fn close(&mut self) {
        self.closed = true;
        if let Some(source) = self.source.take() {
            source.close();
        }
        self.handlers.clear();
    }
}
