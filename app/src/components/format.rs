//! Dates, times, durations and sums of money as the UI shows them.
//!
//! Instants travel in UTC and are shown in the member's own time zone through the browser's
//! `Intl.DateTimeFormat`; calendar dates (no time zone) are formatted here, per locale;
//! durations are counted from the browser's clock.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use js_sys::{Array, Function, Object, Reflect};
use shared::{Locale, Money};
use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds in a day.
const DAY_MS: f64 = 86_400_000.0;

/// The time zone used when the member's own cannot be used.
pub const FALLBACK_TIME_ZONE: &str = "UTC";

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar date: `2027/01/05` in Japanese, `Jan 5, 2027` in English.
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::Ja => format!("{:04}/{:02}/{:02}", date.year(), date.month(), date.day()),
        Locale::En => {
            let month = MONTHS_EN.get(date.month0() as usize).copied().unwrap_or("");
            format!("{month} {}, {}", date.day(), date.year())
        }
    }
}

/// The browser's clock, in milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whole days from `since` to `now_ms` (never negative).
pub fn whole_days_since(since: DateTime<Utc>, now_ms: f64) -> i64 {
    let elapsed = now_ms - since.timestamp_millis() as f64;
    if elapsed <= 0.0 {
        0
    } else {
        (elapsed / DAY_MS).floor() as i64
    }
}

/// Sums amounts per currency (in order of first appearance) and shows them joined by " + ";
/// no amounts at all show as zero yen.
pub fn format_money_sum<'a>(amounts: impl IntoIterator<Item = &'a Money>) -> String {
    let mut sums: Vec<Money> = Vec::new();
    for m in amounts {
        match sums.iter_mut().find(|s| s.currency == m.currency) {
            Some(sum) => sum.amount = sum.amount.saturating_add(m.amount),
            None => sums.push(m.clone()),
        }
    }
    if sums.is_empty() {
        return Money::jpy(0).display();
    }
    sums.iter()
        .map(Money::display)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Formats instants as date and time in one time zone and locale.
///
/// Built once per list (constructing `Intl.DateTimeFormat` is not free). An unknown time zone
/// falls back to UTC; if the browser cannot format at all, an ISO-like UTC text is used.
#[derive(Clone, Debug)]
pub struct DateTimeFormatter {
    format: Option<Function>,
}

impl DateTimeFormatter {
    /// A formatter for `locale` in the IANA `time_zone`.
    pub fn new(locale: Locale, time_zone: &str) -> Self {
        let format =
            intl_format(locale, time_zone).or_else(|| intl_format(locale, FALLBACK_TIME_ZONE));
        Self { format }
    }

    /// The instant as local date and time, e.g. `2026/11/22 15:04 JST`.
    pub fn format(&self, at: DateTime<Utc>) -> String {
        let formatted = self.format.as_ref().and_then(|f| {
            let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
            f.call1(&JsValue::NULL, &date)
                .ok()
                .and_then(|v| v.as_string())
        });
        formatted.unwrap_or_else(|| at.format("%Y-%m-%d %H:%M UTC").to_string())
    }
}

/// `new Intl.DateTimeFormat(tag, {…, timeZone})`, or `None` if the browser refuses it (an
/// unknown zone throws a `RangeError`, which is caught here instead of aborting the app).
fn intl_format(locale: Locale, time_zone: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let ctor: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let tag = match locale {
        Locale::Ja => "ja-JP",
        Locale::En => "en-US",
    };
    let options = Object::new();
    let (month, day) = match locale {
        Locale::Ja => ("2-digit", "2-digit"),
        Locale::En => ("short", "numeric"),
    };
    let fields = [
        ("timeZone", time_zone),
        ("year", "numeric"),
        ("month", month),
        ("day", day),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ];
    for (key, value) in fields {
        Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let args = Array::of2(&JsValue::from_str(tag), &options);
    let formatter = Reflect::construct(&ctor, &args).ok()?;
    // `format` is a getter returning a function bound to its formatter.
    Reflect::get(&formatter, &JsValue::from_str("format"))
        .ok()?
        .dyn_into()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_per_locale() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default();
        assert_eq!(format_date(Locale::Ja, d), "2027/01/05");
        assert_eq!(format_date(Locale::En, d), "Jan 5, 2027");
    }

    #[test]
    fn money_sums_per_currency() {
        let list = [Money::jpy(1000), Money::jpy(2000)];
        assert_eq!(format_money_sum(&list), "¥3,000");
        assert_eq!(format_money_sum(&[]), "¥0");
        let mixed = [
            Money::jpy(1),
            Money {
                amount: 150,
                currency: "USD".into(),
            },
        ];
        assert_eq!(format_money_sum(&mixed), "¥1 + $1.50");
    }

    #[test]
    fn days_are_whole_and_never_negative() {
        let t = DateTime::<Utc>::from_timestamp_millis(0).unwrap_or_default();
        assert_eq!(whole_days_since(t, DAY_MS * 5.5), 5);
        assert_eq!(whole_days_since(t, -1.0), 0);
    }
}
