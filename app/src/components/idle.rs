//! Work that can wait until the screen it belongs to has been painted: cards drawn ahead of
//! the scroll, the live event stream's connection. It runs when the browser is next idle after
//! the coming frame (at the latest [`LATEST`] later), so that it neither delays that frame nor
//! the tasks queued behind it.

use leptos::prelude::request_animation_frame;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The longest an idle callback waits for the browser to be idle, in milliseconds.
const LATEST: u32 = 200;

/// Runs `f` once the coming frame has been painted and the browser is idle. Where there are no
/// idle callbacks (Safari), it runs in a task after that frame.
pub fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || when_idle(f));
}

fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if !idle {
        leptos::prelude::set_timeout(f, Duration::ZERO);
        return;
    }
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(LATEST);
    let callback = Closure::once_into_js(f);
    let _ = window.request_idle_callback_with_options(callback.unchecked_ref(), &options);
}
