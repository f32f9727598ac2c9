//! The knowledge-base and script-numbers strings with numbers or names in them, in Japanese and
//! English (the plain strings are `Msg`s in `crate::i18n`): rates with their counts, counts of
//! articles and results, the small-numbers caveat, version names, the worst objection.

use super::logic::{SMALL_BASE, percent, percent_is_below_one};
pub use crate::i18n::outcome_msg;
use crate::i18n::{Msg, text};
use shared::Locale;
use shared::api::{ArticleCategory, Rate};

/// The name of a category.
pub fn category_msg(c: ArticleCategory) -> Msg {
    match c {
        ArticleCategory::Objection => Msg::KbCategoryObjection,
        ArticleCategory::Product => Msg::KbCategoryProduct,
        ArticleCategory::Competitor => Msg::KbCategoryCompetitor,
    }
}

/// The message beside an article form's field for a refusal (the server's or the same check
/// here): which field, and why.
pub fn field_msg(field: &str, code: &str) -> Msg {
    match (super::logic::form_field(field), code) {
        ("title", "required") => Msg::KbTitleRequired,
        ("title", "too_long") => Msg::KbTitleTooLong,
        ("body", "required") => Msg::KbBodyRequired,
        ("body", "too_long") => Msg::KbBodyTooLong,
        ("tags", "too_many") => Msg::KbTagsTooMany,
        ("tags", "too_long") => Msg::KbTagTooLong,
        _ => Msg::FieldInvalid,
    }
}

/// A rate with its counts beside it: "25%（3/12）" / "25% (3/12)"; no base: "—（0/0）".
pub fn rate_text(locale: Locale, r: &Rate) -> String {
    let pct = match percent(r) {
        None => "—".to_owned(),
        Some(_) if percent_is_below_one(r) => "<1%".to_owned(),
        Some(p) => format!("{p}%"),
    };
    match locale {
        Locale::Ja => format!("{pct}（{}/{}）", r.count, r.of),
        Locale::En => format!("{pct} ({}/{})", r.count, r.of),
    }
}

/// How many articles are listed: "6件" / "6 articles".
pub fn article_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Ja, _) => format!("{n}件の記事"),
        (Locale::En, 1) => "1 article".to_owned(),
        (Locale::En, _) => format!("{n} articles"),
    }
}

/// How many articles a search found: "「忙しい」の検索結果：2件" / "2 results for “busy”".
pub fn result_count(locale: Locale, n: usize, q: &str) -> String {
    match (locale, n) {
        (Locale::Ja, _) => format!("「{q}」の検索結果：{n}件"),
        (Locale::En, 1) => format!("1 result for “{q}”"),
        (Locale::En, _) => format!("{n} results for “{q}”"),
    }
}

/// The small-numbers caveat for a base of `n` calls.
pub fn small_caveat(locale: Locale, n: i64) -> String {
    match locale {
        Locale::Ja => format!(
            "通話が{SMALL_BASE}件未満です（{n}件）。この件数では率が偶然で大きく動くため、傾向の目安として見てください。"
        ),
        Locale::En => format!(
            "Fewer than {SMALL_BASE} calls ({n}). With so few, a rate can swing by chance: read it as a hint, not a result."
        ),
    }
}

/// The legend of the small-base mark on a step.
pub fn small_legend(locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("「少数」：到達が{SMALL_BASE}件未満の行。率は参考値です。"),
        Locale::En => {
            format!("“Few”: reached by fewer than {SMALL_BASE} calls; its rates are a hint only.")
        }
    }
}

/// A version's name: "第2版" / "Version 2".
pub fn version_name(locale: Locale, n: i32) -> String {
    match locale {
        Locale::Ja => format!("第{n}版"),
        Locale::En => format!("Version {n}"),
    }
}

/// A heading about one version: "ステップごとの数値（第2版）" / "Per step (version 2)".
pub fn with_version(locale: Locale, label: Msg, n: i32) -> String {
    match locale {
        Locale::Ja => format!("{}（第{n}版）", text(locale, label)),
        Locale::En => format!("{} (version {n})", text(locale, label)),
    }
}

/// A version in the picker, the published one marked: "第2版（公開中）" / "Version 2 (published)".
pub fn version_option(locale: Locale, n: i32, published: bool) -> String {
    let name = version_name(locale, n);
    match (locale, published) {
        (_, false) => name,
        (Locale::Ja, true) => format!("{name}（公開中）"),
        (Locale::En, true) => format!("{name} (published)"),
    }
}

/// A step in only one of the compared versions: "第2版のみ" / "Only in version 2".
pub fn only_in(locale: Locale, n: i32) -> String {
    match locale {
        Locale::Ja => format!("第{n}版のみ"),
        Locale::En => format!("Only in version {n}"),
    }
}

/// The worst objection: "obj_vendor：到達した10件のうち4件（40%）が「興味なし」で終了".
pub fn worst_line(locale: Locale, step: &str, lost: &Rate) -> String {
    let pct = percent(lost).unwrap_or(0);
    match locale {
        Locale::Ja => format!(
            "{step}：到達した{}件のうち{}件（{pct}%）が「{}」で終了",
            lost.of,
            lost.count,
            text(locale, Msg::OutcomeNotInterested)
        ),
        Locale::En => format!(
            "{step}: of {} calls that reached it, {} ({pct}%) ended “{}”",
            lost.of,
            lost.count,
            text(locale, Msg::OutcomeNotInterested)
        ),
    }
}

/// A count with its label: "どうぞ → hearing：5" / "どうぞ → hearing: 5".
pub fn counted(locale: Locale, label: &str, n: i64) -> String {
    match locale {
        Locale::Ja => format!("{label}：{n}"),
        Locale::En => format!("{label}: {n}"),
    }
}

/// Where an answer leads: "どうぞ → hearing".
pub fn leads_to(label: &str, to: &str) -> String {
    format!("{label} → {to}")
}

/// Who linked an article and when: "田中 誠が紐付け（2026/12/01 10:00）".
pub fn linked_by(locale: Locale, who: Option<&str>, when: &str) -> String {
    match (locale, who) {
        (Locale::Ja, Some(w)) => format!("{w}が紐付け（{when}）"),
        (Locale::Ja, None) => format!("紐付け（{when}）"),
        (Locale::En, Some(w)) => format!("Linked by {w} ({when})"),
        (Locale::En, None) => format!("Linked ({when})"),
    }
}

/// The numbers page's heading: "数値：新規開拓 架電スクリプト" / "Numbers: …".
pub fn numbers_of(locale: Locale, script: &str) -> String {
    match locale {
        Locale::Ja => format!("数値：{script}"),
        Locale::En => format!("Numbers: {script}"),
    }
}

/// No finished calls on a version yet.
pub fn no_calls_yet(locale: Locale, n: i32) -> String {
    match locale {
        Locale::Ja => format!(
            "{}で終了した通話はまだありません。アポインターが通話を終えると、ここに数値が出ます。",
            version_name(locale, n)
        ),
        Locale::En => format!(
            "No finished calls on {} yet. The numbers appear here once appointers finish calls with it.",
            version_name(locale, n).to_lowercase()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_its_own_message() {
        assert_eq!(field_msg("title", "required"), Msg::KbTitleRequired);
        assert_eq!(field_msg("body", "too_long"), Msg::KbBodyTooLong);
        assert_eq!(field_msg("tags[4]", "too_long"), Msg::KbTagTooLong);
        assert_eq!(field_msg("tags", "too_many"), Msg::KbTagsTooMany);
        assert_eq!(field_msg("category", "invalid_value"), Msg::FieldInvalid);
    }

    #[test]
    fn rates_show_their_counts() {
        assert_eq!(rate_text(Locale::En, &Rate::of(3, 12)), "25% (3/12)");
        assert_eq!(rate_text(Locale::Ja, &Rate::of(3, 12)), "25%（3/12）");
        assert_eq!(rate_text(Locale::En, &Rate::of(0, 0)), "— (0/0)");
        assert_eq!(rate_text(Locale::En, &Rate::of(0, 7)), "0% (0/7)");
        assert_eq!(rate_text(Locale::En, &Rate::of(1, 400)), "<1% (1/400)");
        assert_eq!(rate_text(Locale::Ja, &Rate::of(12, 12)), "100%（12/12）");
    }

    #[test]
    fn counts_read_in_both_languages() {
        assert_eq!(article_count(Locale::En, 1), "1 article");
        assert_eq!(article_count(Locale::En, 6), "6 articles");
        assert_eq!(article_count(Locale::Ja, 6), "6件の記事");
        assert_eq!(
            result_count(Locale::Ja, 2, "忙しい"),
            "「忙しい」の検索結果：2件"
        );
        assert_eq!(result_count(Locale::En, 1, "busy"), "1 result for “busy”");
    }

    #[test]
    fn the_caveat_names_the_threshold_and_the_base() {
        let ja = small_caveat(Locale::Ja, 4);
        assert!(ja.contains("30件未満") && ja.contains("4件"), "{ja}");
        let en = small_caveat(Locale::En, 4);
        assert!(en.contains("Fewer than 30 calls (4)"), "{en}");
    }

    #[test]
    fn versions_and_the_worst_objection_read_plainly() {
        assert_eq!(version_option(Locale::Ja, 2, true), "第2版（公開中）");
        assert_eq!(version_option(Locale::En, 1, false), "Version 1");
        assert_eq!(only_in(Locale::En, 2), "Only in version 2");
        assert_eq!(
            worst_line(Locale::Ja, "obj_vendor", &Rate::of(4, 10)),
            "obj_vendor：到達した10件のうち4件（40%）が「興味なし」で終了"
        );
        assert!(no_calls_yet(Locale::En, 3).contains("on version 3 yet"));
    }
}
