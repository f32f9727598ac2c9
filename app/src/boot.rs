//! The data the page arrived with: for a signed-in member the server puts its answers to the
//! first screen's requests in the page (`<script type="application/json" data-api="/api/v1/…">`,
//! see `server/src/web.rs`), so the app draws that screen as it starts, without a round trip.
//! Each answer is taken once; later loads ask the server.

use serde::de::DeserializeOwned;

/// The answer to `GET path` the page arrived with, if it holds one (and it decodes).
pub fn take<T: DeserializeOwned>(path: &str) -> Option<T> {
    let document = web_sys::window()?.document()?;
    let selector = format!(r#"script[type="application/json"][data-api="{path}"]"#);
    let element = document.query_selector(&selector).ok()??;
    let text = element.text_content();
    element.remove();
    serde_json::from_str(&text?).ok()
}

/// The answer to `GET path` the page arrived with, or else what `ask` (that request made to
/// the server) answers.
pub async fn or_ask<T: DeserializeOwned, E>(
    path: &str,
    ask: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    match take(path) {
        Some(answer) => Ok(answer),
        None => ask.await,
    }
}
