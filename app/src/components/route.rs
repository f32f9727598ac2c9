//! The route's `:id` segment, read as a typed id.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route as `wrap(id)`, or none when it is not a number (tracked).
pub fn route_id<T>(wrap: fn(i64) -> T) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            p.get_str("id")
                .and_then(|s| s.parse::<i64>().ok())
                .map(wrap)
        })
    })
}
