//! A member's load in a role against its limits, as the matrix shows it: the words ("12 / 20
//! open · 3 / 10 today") and, for each limit that is set, a bar. A limit reached says so in
//! words, never by colour alone.

use leptos::prelude::*;

/// How full a limit is, in percent (0–100); `None` without a limit. A limit of 0 is full.
pub(super) fn percent(used: u32, cap: Option<u32>) -> Option<u32> {
    cap.map(|c| {
        if c == 0 {
            100
        } else {
            let p = (u64::from(used) * 100 / u64::from(c)).min(100);
            u32::try_from(p).unwrap_or(100)
        }
    })
}

/// Whether the limit is reached (no limit: never).
pub(super) fn is_full(used: u32, cap: Option<u32>) -> bool {
    cap.is_some_and(|c| used >= c)
}

/// One line of load: the bar (decorative; the words carry the meaning) and the words.
#[component]
pub(super) fn Gauge(
    /// What the line says, e.g. "未完了 12 / 20 件".
    #[prop(into)]
    text: Signal<String>,
    /// Items now.
    #[prop(into)]
    used: Signal<u32>,
    /// The limit, if any.
    #[prop(into)]
    cap: Signal<Option<u32>>,
) -> impl IntoView {
    let pct = move || percent(used.get(), cap.get());
    view! {
        <div class="team-gauge" class:is-full=move || is_full(used.get(), cap.get())>
            {move || {
                pct()
                    .map(|p| {
                        view! {
                            <span class="team-gauge__bar" aria-hidden="true">
                                <span class="team-gauge__fill" style=format!("width: {p}%")></span>
                            </span>
                        }
                    })
            }}
            <span class="team-gauge__text">{text}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{load_open, load_today};
    use shared::Locale;

    #[test]
    fn percent_of_a_limit() {
        assert_eq!(percent(12, Some(20)), Some(60));
        assert_eq!(percent(0, Some(20)), Some(0));
        assert_eq!(percent(25, Some(20)), Some(100));
        assert_eq!(percent(0, Some(0)), Some(100));
        assert_eq!(percent(5, None), None);
        assert_eq!(percent(u32::MAX, Some(1)), Some(100));
    }

    #[test]
    fn full_only_at_a_limit() {
        assert!(is_full(20, Some(20)));
        assert!(is_full(21, Some(20)));
        assert!(!is_full(19, Some(20)));
        assert!(!is_full(1_000, None));
    }

    #[test]
    fn load_in_words() {
        assert_eq!(load_open(Locale::En, 12, Some(20)), "12 / 20 open");
        assert_eq!(load_today(Locale::En, 3, Some(10)), "3 / 10 today");
        assert_eq!(load_open(Locale::En, 20, Some(20)), "20 / 20 open (full)");
        assert_eq!(load_today(Locale::En, 4, None), "4 today (no limit)");
        assert_eq!(load_open(Locale::Ja, 12, Some(20)), "未完了 12 / 20 件");
        assert_eq!(load_open(Locale::Ja, 3, None), "未完了 3 件（上限なし）");
        assert_eq!(
            load_today(Locale::Ja, 10, Some(10)),
            "本日 10 / 10 件（上限）"
        );
    }
}
