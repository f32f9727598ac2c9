//! The call pages' strings with values in them, in Japanese and English, and the names of
//! outcomes and queue reasons (the fixed strings are in `crate::i18n`).

pub use crate::i18n::outcome_msg;
use crate::i18n::{Msg, text};
use shared::Locale;
use shared::api::QueueReason;
use shared::script::Outcome;

/// The finish button of an outcome.
pub fn finish_msg(o: Outcome) -> Msg {
    match o {
        Outcome::AppointmentSet => Msg::CallFinishAppointment,
        Outcome::CallBack => Msg::CallFinishCallBack,
        Outcome::NotInterested => Msg::CallFinishNotInterested,
        Outcome::WrongContact => Msg::CallFinishWrongContact,
        Outcome::NoAnswer => Msg::CallFinishNoAnswer,
    }
}

/// Why a deal is in the queue.
pub fn reason_msg(r: QueueReason) -> Msg {
    match r {
        QueueReason::PlannedCall => Msg::CallDuePlanned,
        QueueReason::NeverCalled => Msg::CallDueNeverCalled,
    }
}

/// The start button of a queue row or the deal page, naming the deal: "架電を開始：…".
pub fn start_for(locale: Locale, what: &str) -> String {
    match locale {
        Locale::Ja => format!("架電を開始：{what}"),
        Locale::En => format!("Start call: {what}"),
    }
}

/// A script and its version: "新規開拓 架電スクリプト（v3）".
pub fn script_version(locale: Locale, name: &str, version: i32) -> String {
    match locale {
        Locale::Ja => format!("{name}（v{version}）"),
        Locale::En => format!("{name} (v{version})"),
    }
}

/// The person called, with the honorific in Japanese: "加藤 翔太 様".
pub fn contact_name(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Ja => format!("{name} 様"),
        Locale::En => name.to_owned(),
    }
}

/// Clicks not yet saved: "未保存の回答 2件：接続を再試行しています…".
pub fn unsaved(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Ja => format!("未保存の回答 {n}件：接続を再試行しています…"),
        Locale::En if n == 1 => "1 answer not saved yet: retrying the connection…".to_owned(),
        Locale::En => format!("{n} answers not saved yet: retrying the connection…"),
    }
}

/// A shared step's button, in full for screen readers: "切り返し：今忙しい".
pub fn objection_name(locale: Locale, label: &str) -> String {
    format!("{}{label}", text(locale, Msg::CallObjectionPrefix))
}

/// The next call in the queue: "次の架電：勤怠管理 導入（加藤 翔太 様）".
pub fn next_call(locale: Locale, deal: &str, contact: Option<&str>) -> String {
    let who = contact.map(|c| contact_name(locale, c));
    match (locale, who) {
        (Locale::Ja, Some(w)) => format!("次の架電：{deal}（{w}）"),
        (Locale::Ja, None) => format!("次の架電：{deal}"),
        (Locale::En, Some(w)) => format!("Next call: {deal} ({w})"),
        (Locale::En, None) => format!("Next call: {deal}"),
    }
}

/// A heading or label with what it is about: "通話の終了：アポ獲得" / "Finish the call: …".
pub fn titled(locale: Locale, head: Msg, tail: &str) -> String {
    match locale {
        Locale::Ja => format!("{}：{tail}", text(locale, head)),
        Locale::En => format!("{}: {tail}", text(locale, head)),
    }
}

/// A step of the path, for screen readers: "3. purpose：どうぞ".
pub fn path_item(n: usize, step: &str, answer: &str) -> String {
    format!("{n}. {step} → {answer}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_values() {
        assert_eq!(start_for(Locale::Ja, "勤怠"), "架電を開始：勤怠");
        assert_eq!(start_for(Locale::En, "Time"), "Start call: Time");
        assert_eq!(
            unsaved(Locale::En, 1),
            "1 answer not saved yet: retrying the connection…"
        );
        assert_eq!(
            next_call(Locale::Ja, "勤怠", Some("加藤")),
            "次の架電：勤怠（加藤 様）"
        );
        assert_eq!(next_call(Locale::En, "Time", None), "Next call: Time");
        assert_eq!(script_version(Locale::Ja, "S", 2), "S（v2）");
        assert_eq!(
            titled(Locale::Ja, Msg::CallFinishTitle, "興味なし"),
            "通話の終了：興味なし"
        );
        assert_eq!(
            titled(Locale::En, Msg::CallFinishTitle, "Call back"),
            "Finish the call: Call back"
        );
    }
}
