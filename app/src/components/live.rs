//! The team's changes as they happen: `GET /api/v1/events` (server-sent events; the browser
//! reconnects by itself with the last event id, and the server replays what was missed). A
//! page whose data says which event it was read at opens the stream from there, so that no
//! change falls between its data and the stream.

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Calls `on(kind, data)` for each event of the `kinds` while the calling component lives,
/// from now on.
pub fn listen(kinds: &'static [&'static str], on: impl Fn(&str, &str) + 'static) {
    live(kinds, on).open(None);
}

/// The calling component's stream of the `kinds`, to open with [`Live::open_after_paint`];
/// closed when the component goes.
pub fn live(kinds: &'static [&'static str], on: impl Fn(&str, &str) + 'static) -> Live {
    let stream = Rc::new(RefCell::new(Stream {
        kinds,
        on: Rc::new(on),
        source: None,
        handlers: Vec::new(),
        asked: false,
        closed: false,
    }));
    let live = Live(send_wrapper::SendWrapper::new(stream));
    let closing = live.clone();
    on_cleanup(move || closing.0.borrow_mut().close());
    live
}

/// A component's event stream.
#[derive(Clone)]
pub struct Live(send_wrapper::SendWrapper<Rc<RefCell<Stream>>>);

impl Live {
    /// Opens the stream once the coming frame is painted and the browser is idle (opening it
    /// takes a few milliseconds of the main thread, which the first screen need not wait
    /// for). From `last_event_id`, the server first replays what came after it. Only the
    /// first call counts.
    pub fn open_after_paint(&self, last_event_id: Option<i64>) {
        {
            let mut stream = self.0.borrow_mut();
            if stream.asked {
                return;
            }
            stream.asked = true;
        }
        let stream = self.0.clone();
        crate::components::idle::after_paint(move || stream.borrow_mut().connect(last_event_id));
    }

    fn open(&self, last_event_id: Option<i64>) {
        self.0.borrow_mut().connect(last_event_id);
    }
}

/// What is called with each event's kind and data.
type OnEvent = Rc<dyn Fn(&str, &str)>;

/// What a stream listens to, and its connection once open.
struct Stream {
    kinds: &'static [&'static str],
    on: OnEvent,
    source: Option<web_sys::EventSource>,
    handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    asked: bool,
    closed: bool,
}

impl Stream {
    fn connect(&mut self, last_event_id: Option<i64>) {
        if self.closed || self.source.is_some() {
            return;
        }
        let url = match last_event_id {
            Some(id) => format!("/api/v1/events?last_event_id={id}"),
            None => "/api/v1/events".to_owned(),
        };
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        for kind in self.kinds {
            let on = self.on.clone();
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
