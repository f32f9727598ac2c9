//! Dates, times, durations and sums of money as the UI shows them.
//!
//! Instants travel in UTC and are shown in the member's own time zone through the browser's
//! `Intl.DateTimeFormat`, and typed times (`datetime-local` values) are read in that zone;
//! calendar dates (no time zone) are formatted here, per locale; durations are counted from
//! the browser's clock.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
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

/// The wall-clock time (as milliseconds of a naive UTC date-time) that the instant `ms` shows
/// in `zone`, through `Intl.DateTimeFormat#formatToParts`.
fn wall_clock_ms(zone: &str, ms: f64) -> Option<f64> {
    use js_sys::{Array, Object, Reflect};
    let options = Object::new();
    for (k, v) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
    ] {
        Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
    }
    let format =
        js_sys::Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str("en-US")), &options);
    let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(ms)));
    let mut fields = [0i64; 6];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &JsValue::from_str("type"))
            .ok()?
            .as_string()?;
        let value = Reflect::get(&part, &JsValue::from_str("value"))
            .ok()?
            .as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[slot] = value.parse().ok()?;
    }
    let [y, mo, d, h, mi, s] = fields;
    let date = chrono::NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32)?;
    let at = date.and_hms_opt(h as u32, mi as u32, s as u32)?;
    Some(at.and_utc().timestamp_millis() as f64)
}

/// The instant whose wall-clock time is `local_ms` (a naive date-time as UTC milliseconds),
/// given `wall` (instant → wall clock in the zone). Two rounds settle the offset, across a
/// daylight-saving change too.
fn local_to_instant(local_ms: f64, wall: impl Fn(f64) -> Option<f64>) -> Option<f64> {
    let mut guess = local_ms;
    for _ in 0..2 {
        let offset = wall(guess)? - guess;
        guess = local_ms - offset;
    }
    Some(guess)
}

/// A `datetime-local` value (`2026-11-22T15:04`) read as wall-clock time in the IANA `zone`.
pub fn parse_local(value: &str, zone: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    let local_ms = naive.and_utc().timestamp_millis() as f64;
    let ms = local_to_instant(local_ms, |t| wall_clock_ms(zone, t))?;
    DateTime::from_timestamp_millis(ms as i64)
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

    #[test]
    fn local_times_are_read_in_the_zone() {
        // Tokyo: nine hours ahead of UTC, no daylight saving.
        let tokyo = |t: f64| Some(t + 9.0 * 3_600_000.0);
        let local = 1_000_000_000_000.0;
        assert_eq!(
            local_to_instant(local, tokyo),
            Some(local - 9.0 * 3_600_000.0)
        );
        // A zone that moves from −5 h to −4 h at a fixed instant.
        let change = 1_000_000_000_000.0;
        let new_york = |t: f64| {
            Some(if t < change {
                t - 5.0 * 3_600_000.0
            } else {
                t - 4.0 * 3_600_000.0
            })
        };
        let late = change + 48.0 * 3_600_000.0;
        assert_eq!(
            local_to_instant(late - 4.0 * 3_600_000.0, new_york),
            Some(late)
        );
    }
}
