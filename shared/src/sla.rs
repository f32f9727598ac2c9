//! Hand-off deadlines in business time: weekdays, within business hours, not on Japanese public
//! holidays (including substitute holidays and the citizens' holidays between two holidays).
//!
//! A hand-off type's SLA is a number of business minutes ("a closer accepts within 4 business
//! hours" is 240; "2 business days" is two full business days of minutes). Sent at 17:00 on a
//! Friday with 4 business hours: due at 12:00 on Monday, or Tuesday if Monday is a holiday.

use chrono::Offset;
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};

/// Working days and hours of the team, in its time zone (Japan has no daylight saving, so a
/// fixed offset is exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Offset of the team's time zone from UTC, in minutes (Asia/Tokyo: 540).
    pub offset_minutes: i32,
    /// Opening time, minutes after midnight (9:00 → 540).
    pub open: u32,
    /// Closing time, minutes after midnight (18:00 → 1080).
    pub close: u32,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            offset_minutes: 9 * 60,
            open: 9 * 60,
            close: 18 * 60,
        }
    }
}

/// The name of the Japanese public holiday on `date`, if it is one.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    if let Some(name) = fixed_or_moving(date) {
        return Some(name);
    }
    // Substitute holiday: the first non-holiday after a holiday that fell on a Sunday.
    let mut d = date.pred_opt()?;
    while fixed_or_moving(d).is_some() {
        if d.weekday() == Weekday::Sun {
            return Some("振替休日");
        }
        d = d.pred_opt()?;
    }
    // Citizens' holiday: a weekday between two holidays.
    if date.weekday() != Weekday::Sun
        && fixed_or_moving(date.pred_opt()?).is_some()
        && fixed_or_moving(date.succ_opt()?).is_some()
    {
        return Some("国民の休日");
    }
    None
}

/// The `n`th `weekday` of a month (1-based).
fn nth(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// Vernal and autumnal equinox days (the usual formula, valid 1980–2099).
fn equinox(year: i32, base: f64) -> u32 {
    let y = f64::from(year - 1980);
    (base + 0.242_194 * y - (y / 4.0).floor()).floor() as u32
}

/// Holidays by their own rule (before substitutes and citizens' holidays).
fn fixed_or_moving(date: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let is = |other: Option<NaiveDate>| other == Some(date);
    let name = match (m, d) {
        (1, 1) => "元日",
        (2, 11) => "建国記念の日",
        (2, 23) if y >= 2020 => "天皇誕生日",
        (12, 23) if (1989..=2018).contains(&y) => "天皇誕生日",
        (4, 29) => "昭和の日",
        (5, 3) => "憲法記念日",
        (5, 4) => "みどりの日",
        (5, 5) => "こどもの日",
        (8, 11) if y >= 2016 && y != 2020 && y != 2021 => "山の日",
        (11, 3) => "文化の日",
        (11, 23) => "勤労感謝の日",
        (3, _) if d == equinox(y, 20.8431) => "春分の日",
        (9, _) if d == equinox(y, 23.2488) => "秋分の日",
        // The Tokyo Olympics moved three holidays in 2020 and 2021.
        (7, 23) if y == 2020 => "海の日",
        (7, 24) if y == 2020 => "スポーツの日",
        (8, 10) if y == 2020 => "山の日",
        (7, 22) if y == 2021 => "海の日",
        (7, 23) if y == 2021 => "スポーツの日",
        (8, 8) if y == 2021 => "山の日",
        (1, _) if is(nth(y, 1, Weekday::Mon, 2)) => "成人の日",
        (7, _) if y != 2020 && y != 2021 && is(nth(y, 7, Weekday::Mon, 3)) => "海の日",
        (9, _) if is(nth(y, 9, Weekday::Mon, 3)) => "敬老の日",
        (10, _) if y != 2020 && y != 2021 && is(nth(y, 10, Weekday::Mon, 2)) => {
            if y >= 2020 {
                "スポーツの日"
            } else {
                "体育の日"
            }
        }
        _ => return None,
    };
    Some(name)
}

impl Calendar {
    fn zone(&self) -> FixedOffset {
        FixedOffset::east_opt(self.offset_minutes * 60).unwrap_or_else(|| Utc.fix())
    }

    /// Whether `date` is a working day (a weekday that is not a public holiday).
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday(date).is_none()
    }

    /// Business minutes in a working day.
    fn day_minutes(&self) -> i64 {
        i64::from(self.close.saturating_sub(self.open))
    }

    fn at(&self, date: NaiveDate, minute: u32) -> DateTime<Utc> {
        let time = NaiveTime::from_num_seconds_from_midnight_opt(minute.min(86_399 / 60) * 60, 0)
            .unwrap_or(NaiveTime::MIN);
        let local = date.and_time(time);
        self.zone()
            .from_local_datetime(&local)
            .single()
            .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
    }

    /// The business minute of the day `t` falls in: its date, and minutes since opening
    /// clamped to the working day (0 before opening, the day's length after closing; on a
    /// non-working day, `None`).
    fn position(&self, t: DateTime<Utc>) -> (NaiveDate, Option<i64>) {
        let local = t.with_timezone(&self.zone());
        let date = local.date_naive();
        if !self.is_business_day(date) {
            return (date, None);
        }
        let minute = i64::from(local.hour_minute_of_day());
        let since_open = (minute - i64::from(self.open)).clamp(0, self.day_minutes());
        (date, Some(since_open))
    }

    /// The moment `minutes` business minutes after `start`.
    pub fn add_business_minutes(&self, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        if self.day_minutes() == 0 {
            return start;
        }
        let (mut date, pos) = self.position(start);
        let mut left = minutes.max(0);
        if let Some(p) = pos
            && p < self.day_minutes()
        {
            // Within or before the day's hours: start from there (seconds inside the minute are
            // kept when the deadline is on the same day).
            if left <= self.day_minutes() - p {
                let from = if p == 0 {
                    self.at(date, self.open)
                } else {
                    start
                };
                return from.max(start) + Duration::minutes(left);
            }
            left -= self.day_minutes() - p;
        }
        // The rest on the following working days.
        loop {
            date = match date.succ_opt() {
                Some(d) => d,
                None => return start,
            };
            if !self.is_business_day(date) {
                continue;
            }
            if left <= self.day_minutes() {
                return self.at(date, self.open + left as u32);
            }
            left -= self.day_minutes();
        }
    }

    /// Business minutes from `a` to `b` (negative if `b` is before `a`).
    pub fn business_minutes_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return -self.business_minutes_between(b, a);
        }
        let (da, pa) = self.position(a);
        let (db, pb) = self.position(b);
        if da == db {
            return pb.unwrap_or(0) - pa.unwrap_or(0);
        }
        let mut total = pa.map_or(0, |p| self.day_minutes() - p) + pb.unwrap_or(0);
        let mut d = da.succ_opt().unwrap_or(db);
        while d < db {
            if self.is_business_day(d) {
                total += self.day_minutes();
            }
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
        }
        total
    }
}

/// Minutes since midnight of a local time.
trait HourMinute {
    fn hour_minute_of_day(&self) -> u32;
}

impl HourMinute for DateTime<FixedOffset> {
    fn hour_minute_of_day(&self) -> u32 {
        use chrono::Timelike;
        self.hour() * 60 + self.minute()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jst(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}+09:00"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_holidays_of_2026() {
        let all: Vec<String> = (0..365)
            .filter_map(|i| {
                let d = date("2026-01-01") + Duration::days(i);
                holiday(d).map(|n| format!("{} {n}", d.format("%m-%d")))
            })
            .collect();
        assert_eq!(
            all,
            [
                "01-01 元日",
                "01-12 成人の日",
                "02-11 建国記念の日",
                "02-23 天皇誕生日",
                "03-20 春分の日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-20 海の日",
                "08-11 山の日",
                "09-21 敬老の日",
                "09-22 国民の休日",
                "09-23 秋分の日",
                "10-12 スポーツの日",
                "11-03 文化の日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn substitute_holidays_and_equinoxes_of_other_years() {
        // 2025-02-23 was a Sunday: Monday the 24th is off.
        assert_eq!(holiday(date("2025-02-24")), Some("振替休日"));
        assert_eq!(holiday(date("2025-03-20")), Some("春分の日"));
        assert_eq!(holiday(date("2024-09-22")), Some("秋分の日"));
        assert_eq!(holiday(date("2024-09-23")), Some("振替休日"));
        assert_eq!(holiday(date("2021-07-23")), Some("スポーツの日"));
        assert_eq!(holiday(date("2021-08-09")), Some("振替休日"));
        assert_eq!(holiday(date("2027-03-21")), Some("春分の日"));
        assert_eq!(holiday(date("2027-03-22")), Some("振替休日"));
        assert_eq!(holiday(date("2026-11-24")), None);
    }

    #[test]
    fn four_business_hours_across_a_night_a_weekend_and_a_holiday() {
        let cal = Calendar::default();
        // Within the day.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-24T10:00:00"), 240),
            jst("2026-11-24T14:00:00")
        );
        // Across the night: 17:00 + 4 h = 1 h today, 3 h tomorrow.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-25T17:00:00"), 240),
            jst("2026-11-26T12:00:00")
        );
        // Sent at night: the clock starts at opening.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-25T22:30:00"), 240),
            jst("2026-11-26T13:00:00")
        );
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-26T07:00:00"), 60),
            jst("2026-11-26T10:00:00")
        );
        // Friday 17:00 → Monday 12:00.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-27T17:00:00"), 240),
            jst("2026-11-30T12:00:00")
        );
        // Friday before a Monday holiday (2026-11-23 勤労感謝の日) → Tuesday.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-20T17:00:00"), 240),
            jst("2026-11-24T12:00:00")
        );
        // Silver week 2026: Sat 19 … Wed 23 off.
        assert_eq!(
            cal.add_business_minutes(jst("2026-09-18T16:00:00"), 240),
            jst("2026-09-24T11:00:00")
        );
        // Sent on a Sunday.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-29T11:00:00"), 30),
            jst("2026-11-30T09:30:00")
        );
        // Exactly to closing stays on the day.
        assert_eq!(
            cal.add_business_minutes(jst("2026-11-24T14:00:00"), 240),
            jst("2026-11-24T18:00:00")
        );
        // Two business days over New Year (31 December is a working day, 1 January is not).
        assert_eq!(
            cal.add_business_minutes(jst("2026-12-30T10:00:00"), 2 * 540),
            jst("2027-01-04T10:00:00")
        );
    }

    #[test]
    fn business_minutes_between_counts_only_working_time() {
        let cal = Calendar::default();
        assert_eq!(
            cal.business_minutes_between(jst("2026-11-27T17:00:00"), jst("2026-11-30T12:00:00")),
            240
        );
        assert_eq!(
            cal.business_minutes_between(jst("2026-11-28T10:00:00"), jst("2026-11-29T10:00:00")),
            0
        );
        assert_eq!(
            cal.business_minutes_between(jst("2026-11-30T12:00:00"), jst("2026-11-27T17:00:00")),
            -240
        );
        assert_eq!(
            cal.business_minutes_between(jst("2026-11-24T20:00:00"), jst("2026-11-25T08:00:00")),
            0
        );
    }

    proptest! {
        /// Adding business minutes and counting them back agree, and a deadline always falls
        /// within business hours of a working day.
        #[test]
        fn adding_and_counting_agree(start in 0i64..(3 * 365 * 24 * 60), minutes in 0i64..(20 * 540)) {
            let cal = Calendar::default();
            let t = jst("2025-01-01T00:00:00") + Duration::minutes(start);
            let due = cal.add_business_minutes(t, minutes);
            prop_assert!(due >= t);
            prop_assert_eq!(cal.business_minutes_between(t, due), minutes);
            if minutes > 0 {
                let local = due.with_timezone(&cal.zone());
                prop_assert!(cal.is_business_day(local.date_naive()), "{due}");
                let m = local.hour_minute_of_day();
                prop_assert!((cal.open..=cal.close).contains(&m), "{due}");
            }
        }
    }
}
