//! Dates on cards, short: "11/25(水) 15:17" / "Wed, Nov 25, 3:17 PM", in the member's time zone.
//! A card has little room, and a next activity is near, so neither the year nor the zone is
//! repeated on every card (the full instant is the `<time>` element's `datetime`).

use crate::components::format::FALLBACK_TIME_ZONE;
use chrono::{DateTime, Utc};
use js_sys::{Array, Function, Object, Reflect};
use shared::Locale;
use wasm_bindgen::{JsCast, JsValue};

/// Formats instants for cards; built once per board (`Intl.DateTimeFormat` is not free).
#[derive(Clone, Debug)]
pub struct CardDates {
    format: Option<Function>,
}

impl CardDates {
    /// A formatter for `locale` in the IANA `time_zone` (UTC if the browser does not know it).
    pub fn new(locale: Locale, time_zone: &str) -> Self {
        Self {
            format: intl(locale, time_zone).or_else(|| intl(locale, FALLBACK_TIME_ZONE)),
        }
    }

    /// The instant, short.
    pub fn format(&self, at: DateTime<Utc>) -> String {
        self.format
            .as_ref()
            .and_then(|f| {
                let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
                f.call1(&JsValue::NULL, &date).ok()?.as_string()
            })
            .unwrap_or_else(|| at.format("%m/%d %H:%M UTC").to_string())
    }
}

fn intl(locale: Locale, time_zone: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let ctor: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let (tag, month) = match locale {
        Locale::Ja => ("ja-JP", "numeric"),
        Locale::En => ("en-US", "short"),
    };
    let options = Object::new();
    for (key, value) in [
        ("timeZone", time_zone),
        ("month", month),
        ("day", "numeric"),
        ("weekday", "short"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
    ] {
        Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let formatter =
        Reflect::construct(&ctor, &Array::of2(&JsValue::from_str(tag), &options)).ok()?;
    Reflect::get(&formatter, &JsValue::from_str("format"))
        .ok()?
        .dyn_into()
        .ok()
}
