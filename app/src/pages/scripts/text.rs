//! The talk-script pages' words with something in them (keys, numbers, labels), in Japanese
//! and English: problems translated by their code (never the server's English message),
//! outcomes, purposes and variables by name, and the diff between two versions in words.
//! Plain strings live in `crate::i18n::Msg`.

use shared::Locale;
use shared::api::{Article, ScriptPurpose};
use shared::script::{
    Answer, DiffKind, MAX_ANSWERS, MAX_KEY, MAX_LABEL, MAX_STEPS, MAX_TEXT, Outcome, Problem,
    ProblemCode, ScriptDiff, StepField, Var,
};
use shared::{ArticleId, Locale::En, Locale::Ja};

/// An outcome's name (one name on every page: [`crate::i18n::outcome_msg`]).
pub fn outcome(locale: Locale, o: Outcome) -> &'static str {
    crate::i18n::text(locale, crate::i18n::outcome_msg(o))
}

/// A purpose's name.
pub fn purpose(locale: Locale, p: ScriptPurpose) -> &'static str {
    match (locale, p) {
        (Ja, ScriptPurpose::ColdCall) => "新規架電",
        (Ja, ScriptPurpose::FollowUp) => "フォローアップ",
        (Ja, ScriptPurpose::Reactivation) => "掘り起こし",
        (En, ScriptPurpose::ColdCall) => "Cold call",
        (En, ScriptPurpose::FollowUp) => "Follow-up",
        (En, ScriptPurpose::Reactivation) => "Reactivation",
    }
}

/// What a variable stands for.
pub fn variable(locale: Locale, v: Var) -> &'static str {
    match (locale, v) {
        (Ja, Var::ContactName) => "担当者名",
        (Ja, Var::AccountName) => "取引先名",
        (Ja, Var::MemberName) => "自分の名前",
        (Ja, Var::MemberCompany) => "自社名",
        (En, Var::ContactName) => "Contact's name",
        (En, Var::AccountName) => "Company name",
        (En, Var::MemberName) => "Your name",
        (En, Var::MemberCompany) => "Your company",
    }
}

/// The accessible name of a variable's insert button.
pub fn insert_variable(locale: Locale, v: Var) -> String {
    match locale {
        Ja => format!("変数「{}」を挿入", variable(locale, v)),
        En => format!("Insert variable: {}", variable(locale, v)),
    }
}

/// How a step is named: its key, or its place when it has none.
pub fn step_name(locale: Locale, key: &str, i: usize) -> String {
    match (locale, key.trim().is_empty()) {
        (Ja, false) => format!("ステップ「{key}」"),
        (En, false) => format!("Step “{key}”"),
        (Ja, true) => format!("ステップ{}（キーなし）", i + 1),
        (En, true) => format!("Step {} (no key)", i + 1),
    }
}

/// "Answer 2".
pub fn answer_name(locale: Locale, a: usize) -> String {
    match locale {
        Ja => format!("回答{}", a + 1),
        En => format!("Answer {}", a + 1),
    }
}

/// The name of a per-answer control: "Answer 2: leads to".
pub fn answer_control(locale: Locale, a: usize, what: &str) -> String {
    match locale {
        Ja => format!("回答{}：{what}", a + 1),
        En => format!("Answer {}: {what}", a + 1),
    }
}

/// The name of a per-step button: "Move step “open” up".
pub fn step_action(locale: Locale, action: &str, key: &str, i: usize) -> String {
    let name = step_name(locale, key, i);
    match locale {
        Ja => format!("{name}を{action}"),
        En => format!("{action} {}", lower_first(&name)),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn too_long_what(locale: Locale, detail: &str) -> String {
    match (locale, detail) {
        (Ja, "key") => format!("キーは{MAX_KEY}文字までです。"),
        (Ja, "text") => format!("話す内容は{MAX_TEXT}文字までです。"),
        (Ja, "label") => format!("回答は{MAX_LABEL}文字までです。"),
        (Ja, "reason") => format!("理由は{MAX_LABEL}文字までです。"),
        (Ja, _) => "長すぎます。".to_owned(),
        (En, "key") => format!("a key has at most {MAX_KEY} characters."),
        (En, "text") => format!("the text has at most {MAX_TEXT} characters."),
        (En, "label") => format!("an answer has at most {MAX_LABEL} characters."),
        (En, "reason") => format!("a reason has at most {MAX_LABEL} characters."),
        (En, _) => "too long.".to_owned(),
    }
}

/// What is wrong, without saying where.
pub fn problem_what(locale: Locale, p: &Problem) -> String {
    let d = p.detail.as_deref().unwrap_or_default();
    let ja = locale == Ja;
    match p.code {
        ProblemCode::MissingStart if ja => "最初のステップを選んでください。".into(),
        ProblemCode::MissingStart => "choose the first step.".into(),
        ProblemCode::UnknownStart if ja => format!("最初のステップ「{d}」がありません。"),
        ProblemCode::UnknownStart => format!("the first step “{d}” is not a step."),
        ProblemCode::TooManySteps if ja => format!("ステップは{MAX_STEPS}個までです。"),
        ProblemCode::TooManySteps => format!("a script has at most {MAX_STEPS} steps."),
        ProblemCode::EmptyKey if ja => "キーを入力してください。".into(),
        ProblemCode::EmptyKey => "give the step a key.".into(),
        ProblemCode::DuplicateKey if ja => "同じキーのステップがほかにあります。".into(),
        ProblemCode::DuplicateKey => "another step has the same key.".into(),
        ProblemCode::EmptyText if ja => "話す内容を入力してください。".into(),
        ProblemCode::EmptyText => "write what to say.".into(),
        ProblemCode::TooLong => too_long_what(locale, d),
        ProblemCode::UnknownVariable if ja => format!("「{{{d}}}」という変数はありません。"),
        ProblemCode::UnknownVariable => format!("“{{{d}}}” is not a variable."),
        ProblemCode::UnknownArticle if ja => format!("ナレッジ記事 {d} がありません。"),
        ProblemCode::UnknownArticle => format!("knowledge-base article {d} does not exist."),
        ProblemCode::TooManyAnswers if ja => format!("回答は{MAX_ANSWERS}個までです。"),
        ProblemCode::TooManyAnswers => format!("a step has at most {MAX_ANSWERS} answers."),
        ProblemCode::EmptyLabel if ja => "お客様の回答を入力してください。".into(),
        ProblemCode::EmptyLabel => "write the customer's answer.".into(),
        ProblemCode::NoTarget if ja => "次のステップか結果を選んでください。".into(),
        ProblemCode::NoTarget => "choose the next step or an outcome.".into(),
        ProblemCode::BothTargets if ja => {
            "次のステップか結果の、どちらか一方を選んでください。".into()
        }
        ProblemCode::BothTargets => "choose a next step or an outcome, not both.".into(),
        ProblemCode::MissingStep if ja => format!("行き先のステップ「{d}」がありません。"),
        ProblemCode::MissingStep => format!("the step “{d}” it leads to does not exist."),
        ProblemCode::ReasonNotAllowed if ja => {
            "理由を付けられるのは「興味なし」の回答だけです。".into()
        }
        ProblemCode::ReasonNotAllowed => "only “not interested” takes a reason.".into(),
        ProblemCode::Unreachable if ja => "どの通話もこのステップにたどり着けません。".into(),
        ProblemCode::Unreachable => "no call can reach this step.".into(),
        ProblemCode::NoAnswers if ja => "お客様の回答を追加してください。".into(),
        ProblemCode::NoAnswers => "add the customer's answers.".into(),
        ProblemCode::NoOutcome if ja => {
            "ここから先、どの回答をたどっても通話が終わりません（結果がありません）。".into()
        }
        ProblemCode::NoOutcome => "no answer path from here ends the call.".into(),
    }
}

/// What is wrong, as shown beside the control at fault (a sentence of its own).
pub fn problem_beside(locale: Locale, p: &Problem) -> String {
    match locale {
        Ja => problem_what(locale, p),
        En => upper_first(&problem_what(locale, p)),
    }
}

/// Where a problem is, e.g. "Step “open”, answer 2".
pub fn problem_where(locale: Locale, p: &Problem) -> Option<String> {
    let i = p.step?;
    let step = step_name(locale, p.key.as_deref().unwrap_or_default(), i);
    Some(match (p.answer, locale) {
        (Some(a), Ja) => format!("{step}の回答{}", a + 1),
        (Some(a), En) => format!("{step}, answer {}", a + 1),
        (None, _) => step,
    })
}

/// A problem in full: where, then what.
pub fn problem(locale: Locale, p: &Problem) -> String {
    let what = problem_what(locale, p);
    match (problem_where(locale, p), locale) {
        (Some(w), Ja) => format!("{w}：{what}"),
        (Some(w), En) => format!("{w}: {what}"),
        (None, Ja) => what,
        (None, En) => upper_first(&what),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "3 problems keep this draft from being published."
pub fn publish_blocked(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Ja, _) => format!("問題が{n}件あるため公開できません。すべて直すと公開できます。"),
        (En, 1) => "1 problem keeps this draft from being published; fix it first.".into(),
        (En, _) => format!("{n} problems keep this draft from being published; fix them first."),
    }
}

/// "Version 2 published."
pub fn version_published(locale: Locale, n: i32) -> String {
    match locale {
        Ja => format!("バージョン{n}を公開しました。"),
        En => format!("Version {n} published."),
    }
}

/// "Version 2".
pub fn version_name(locale: Locale, n: i32) -> String {
    match locale {
        Ja => format!("バージョン{n}"),
        En => format!("Version {n}"),
    }
}

/// The draft is what version `n` already is.
pub fn unchanged_since(locale: Locale, n: i32) -> String {
    match locale {
        Ja => format!("下書きはバージョン{n}と同じです。変更してから公開してください。"),
        En => format!("The draft is the same as version {n}; change something first."),
    }
}

/// "Published by 田中 at …".
pub fn published_by(locale: Locale, who: Option<&str>, when: &str) -> String {
    match (locale, who) {
        (Ja, Some(w)) => format!("{w}が{when}に公開"),
        (Ja, None) => format!("{when}に公開"),
        (En, Some(w)) => format!("Published by {w} on {when}"),
        (En, None) => format!("Published on {when}"),
    }
}

/// The conflict: someone else saved the draft at `when`.
pub fn conflict(locale: Locale, when: &str) -> String {
    match locale {
        Ja => format!(
            "ほかのマネージャーが{when}にこの下書きを保存しました。あなたの変更はまだ保存されていません。どちらを残すか選んでください。"
        ),
        En => format!(
            "Another manager saved this draft at {when}. Your changes are not saved yet: choose which draft to keep."
        ),
    }
}

/// The offer to restore a draft kept in this browser.
pub fn restore_offer(locale: Locale, when: &str, server_changed: bool) -> String {
    match (locale, server_changed) {
        (Ja, false) => {
            format!("このブラウザに、{when}の保存されていない変更が残っています。復元しますか？")
        }
        (Ja, true) => format!(
            "このブラウザに、{when}の保存されていない変更が残っています。その後、サーバーの下書きもほかの人に変更されています。復元すると、サーバーの下書きはあなたの変更で置き換わります。"
        ),
        (En, false) => {
            format!("This browser kept unsaved changes from {when}. Restore them?")
        }
        (En, true) => format!(
            "This browser kept unsaved changes from {when}. The draft on the server has also been changed by someone else since; restoring replaces it with yours."
        ),
    }
}

/// "Step “busy” deleted."; and what lost its target.
pub fn step_deleted(locale: Locale, key: &str, i: usize, cleared: usize, start: bool) -> String {
    let name = step_name(locale, key, i);
    let mut s = match locale {
        Ja => format!("{name}を削除しました。"),
        En => format!("{name} deleted."),
    };
    if cleared > 0 {
        s.push_str(&match locale {
            Ja => format!("このステップに進んでいた回答{cleared}件の行き先を選び直してください。"),
            En if cleared == 1 => " One answer led there: choose where it leads now.".into(),
            En => format!(" {cleared} answers led there: choose where they lead now."),
        });
    }
    if start {
        s.push_str(match locale {
            Ja => "最初のステップも選び直してください。",
            En => " Choose the first step again.",
        });
    }
    s
}

/// "Step “busy” moved to 2 of 5."
pub fn moved(locale: Locale, what: &str, to: usize, of: usize) -> String {
    match locale {
        Ja => format!("{what}を{of}件中{}番目に移動しました。", to + 1),
        En => format!("{what} moved to {} of {of}.", to + 1),
    }
}

/// A problem count beside a step: "2 problems".
pub fn problems_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Ja, _) => format!("問題{n}件"),
        (En, 1) => "1 problem".into(),
        (En, _) => format!("{n} problems"),
    }
}

/// A column of the map: "Depth 2".
pub fn depth(locale: Locale, d: usize) -> String {
    match locale {
        Ja => format!("開始から{d}つ目"),
        En => format!("{d} from the start"),
    }
}

/// Where an answer leads, in words.
pub fn target(locale: Locale, a: &Answer) -> String {
    match (&a.next, a.outcome) {
        (Some(k), None) => step_name(locale, k, 0),
        (None, Some(o)) => {
            let name = outcome(locale, o);
            match (&a.reason, locale) {
                (Some(r), Ja) => format!("{name}（{r}）"),
                (Some(r), En) => format!("{name} ({r})"),
                (None, _) => name.to_owned(),
            }
        }
        (None, None) => match locale {
            Ja => "未選択".into(),
            En => "not chosen".into(),
        },
        (Some(k), Some(o)) => format!("{} / {}", step_name(locale, k, 0), outcome(locale, o)),
    }
}

/// An article's title, or its id when it is not known.
pub fn article_title(locale: Locale, id: Option<ArticleId>, articles: &[Article]) -> String {
    match id {
        None => match locale {
            Ja => "なし".into(),
            En => "none".into(),
        },
        Some(id) => articles
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.title.clone())
            .unwrap_or_else(|| match locale {
                Ja => format!("記事 {id}（見つかりません）"),
                En => format!("article {id} (not found)"),
            }),
    }
}

/// One entry of a diff in words: a step (or the start) and what changed in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffEntry {
    /// Added, removed or changed.
    pub kind: DiffKind,
    /// The step's key (empty for the start).
    pub key: String,
    /// "Step “open” added".
    pub title: String,
    /// What changed, one line each.
    pub details: Vec<String>,
}

fn quoted(locale: Locale, s: &str) -> String {
    match locale {
        Ja => format!("「{s}」"),
        En => format!("“{s}”"),
    }
}

fn arrow(locale: Locale, what: &str, old: &str, new: &str) -> String {
    match locale {
        Ja => format!("{what}：{old} → {new}"),
        En => format!("{what}: {old} → {new}"),
    }
}

fn answer_line(locale: Locale, a: &Answer) -> String {
    format!("{} → {}", quoted(locale, &a.label), target(locale, a))
}

/// What changed between two versions, in words, one entry per step.
pub fn diff_entries(locale: Locale, d: &ScriptDiff, articles: &[Article]) -> Vec<DiffEntry> {
    let ja = locale == Ja;
    let mut out = Vec::new();
    if let Some(s) = &d.start {
        out.push(DiffEntry {
            kind: DiffKind::Changed,
            key: String::new(),
            title: if ja {
                "最初のステップを変更".into()
            } else {
                "First step changed".into()
            },
            details: vec![format!(
                "{} → {}",
                step_name(locale, &s.old, 0),
                step_name(locale, &s.new, 0)
            )],
        });
    }
    for s in &d.steps {
        let name = step_name(locale, &s.key, 0);
        let mut details = Vec::new();
        let title = match (s.change, ja) {
            (DiffKind::Added, true) => format!("{name}を追加"),
            (DiffKind::Added, false) => format!("{name} added"),
            (DiffKind::Removed, true) => format!("{name}を削除"),
            (DiffKind::Removed, false) => format!("{name} removed"),
            (DiffKind::Changed, true) => format!("{name}を変更"),
            (DiffKind::Changed, false) => format!("{name} changed"),
        };
        match s.change {
            DiffKind::Added | DiffKind::Removed => {
                if let Some(step) = s.new.as_ref().or(s.old.as_ref()) {
                    details.push(arrow_less(
                        locale,
                        if ja { "話す内容" } else { "Text" },
                        &step.text,
                    ));
                    if step.shared {
                        details.push(if ja {
                            "共通の切り返しステップ".into()
                        } else {
                            "A shared objection step".into()
                        });
                    }
                    for a in &step.answers {
                        details.push(answer_line(locale, a));
                    }
                }
            }
            DiffKind::Changed => {
                let (old, new) = (s.old.as_ref(), s.new.as_ref());
                for f in &s.fields {
                    match f {
                        StepField::Text => details.push(arrow(
                            locale,
                            if ja { "話す内容" } else { "Text" },
                            &quoted(locale, old.map(|x| x.text.as_str()).unwrap_or_default()),
                            &quoted(locale, new.map(|x| x.text.as_str()).unwrap_or_default()),
                        )),
                        StepField::Shared => {
                            let now = new.is_some_and(|x| x.shared);
                            details.push(match (ja, now) {
                                (true, true) => "共通の切り返しステップになりました".into(),
                                (true, false) => "共通の切り返しステップではなくなりました".into(),
                                (false, true) => "Now a shared objection step".into(),
                                (false, false) => "No longer a shared objection step".into(),
                            });
                        }
                        StepField::Article => details.push(arrow(
                            locale,
                            if ja { "ナレッジ記事" } else { "Article" },
                            &article_title(locale, old.and_then(|x| x.article), articles),
                            &article_title(locale, new.and_then(|x| x.article), articles),
                        )),
                        StepField::AnswerOrder => details.push(if ja {
                            "回答の順番を変更".into()
                        } else {
                            "Answers reordered".into()
                        }),
                    }
                }
                for a in &s.answers {
                    match (a.change, &a.old, &a.new) {
                        (DiffKind::Added, _, Some(n)) => details.push(match locale {
                            Ja => format!("回答を追加：{}", answer_line(locale, n)),
                            En => format!("Answer added: {}", answer_line(locale, n)),
                        }),
                        (DiffKind::Removed, Some(o), _) => details.push(match locale {
                            Ja => format!("回答を削除：{}", answer_line(locale, o)),
                            En => format!("Answer removed: {}", answer_line(locale, o)),
                        }),
                        (DiffKind::Changed, Some(o), Some(n)) => {
                            let which = quoted(locale, &n.label);
                            if o.label != n.label {
                                details.push(arrow(
                                    locale,
                                    &answer_name(locale, a.new_index.unwrap_or_default()),
                                    &quoted(locale, &o.label),
                                    &quoted(locale, &n.label),
                                ));
                            }
                            if o.next != n.next || o.outcome != n.outcome || o.reason != n.reason {
                                let what = match locale {
                                    Ja => format!("回答{which}の行き先"),
                                    En => format!("Where {which} leads"),
                                };
                                details.push(arrow(
                                    locale,
                                    &what,
                                    &target(locale, o),
                                    &target(locale, n),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        out.push(DiffEntry {
            kind: s.change,
            key: s.key.clone(),
            title,
            details,
        });
    }
    out
}

fn arrow_less(locale: Locale, what: &str, value: &str) -> String {
    match locale {
        Ja => format!("{what}：{}", quoted(locale, value)),
        En => format!("{what}: {}", quoted(locale, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::script::{ScriptGraph, Step, diff, validate};

    fn graph() -> ScriptGraph {
        ScriptGraph {
            start: "open".into(),
            steps: vec![Step {
                key: "open".into(),
                text: "もしもし".into(),
                answers: vec![
                    Answer {
                        label: "はい".into(),
                        outcome: Some(Outcome::AppointmentSet),
                        ..Answer::default()
                    },
                    Answer {
                        label: "いらない".into(),
                        outcome: Some(Outcome::NotInterested),
                        reason: Some("予算".into()),
                        ..Answer::default()
                    },
                ],
                ..Step::default()
            }],
        }
    }

    #[test]
    fn every_problem_is_translated_without_the_english_message() {
        let mut g = graph();
        g.steps.push(Step {
            key: "x".into(),
            text: "{bogus}".into(),
            answers: vec![Answer::default()],
            ..Step::default()
        });
        g.steps.push(Step::default());
        let ps = validate(&g);
        assert!(ps.len() >= 5);
        for p in &ps {
            let ja = problem(Ja, p);
            let en = problem(En, p);
            assert!(!ja.contains(&p.message()), "{ja}");
            assert!(!ja.is_ascii(), "{ja}");
            assert_ne!(ja, en);
            assert!(en.chars().next().is_some_and(char::is_uppercase), "{en}");
            let beside = problem_beside(En, p);
            assert!(
                beside.chars().next().is_some_and(|c| !c.is_lowercase()),
                "{beside}"
            );
            assert_eq!(problem_beside(Ja, p), problem_what(Ja, p));
        }
        let unreachable = ps.iter().find(|p| p.code == ProblemCode::Unreachable);
        assert_eq!(
            unreachable.map(|p| problem(Ja, p)),
            Some("ステップ「x」：どの通話もこのステップにたどり着けません。".into())
        );
        let label = ps.iter().find(|p| p.code == ProblemCode::EmptyLabel);
        assert_eq!(
            label.map(|p| problem(En, p)),
            Some("Step “x”, answer 1: write the customer's answer.".into())
        );
        let keyless = ps.iter().find(|p| p.code == ProblemCode::EmptyKey);
        assert_eq!(
            keyless.and_then(|p| problem_where(Ja, p)),
            Some("ステップ3（キーなし）".into())
        );
    }

    #[test]
    fn diffs_read_as_sentences() {
        let old = graph();
        let mut new = graph();
        new.steps[0].text = "お世話になります".into();
        new.steps[0].answers[0].outcome = Some(Outcome::CallBack);
        new.steps[0].answers.push(Answer {
            label: "忙しい".into(),
            next: Some("busy".into()),
            ..Answer::default()
        });
        new.steps.push(Step {
            key: "busy".into(),
            text: "改めます".into(),
            shared: true,
            answers: vec![Answer {
                label: "後で".into(),
                outcome: Some(Outcome::CallBack),
                ..Answer::default()
            }],
            ..Step::default()
        });
        let e = diff_entries(Ja, &diff(&old, &new), &[]);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].title, "ステップ「open」を変更");
        assert_eq!(
            e[0].details,
            [
                "話す内容：「もしもし」 → 「お世話になります」",
                "回答「はい」の行き先：アポ獲得 → 再架電",
                "回答を追加：「忙しい」 → ステップ「busy」",
            ]
        );
        assert_eq!(e[1].kind, DiffKind::Added);
        assert_eq!(
            e[1].details,
            [
                "話す内容：「改めます」",
                "共通の切り返しステップ",
                "「後で」 → 再架電"
            ]
        );
        let back = diff_entries(En, &diff(&new, &old), &[]);
        assert_eq!(back[1].title, "Step “busy” removed");
        assert!(
            back[0]
                .details
                .contains(&"Answer removed: “忙しい” → Step “busy”".to_owned())
        );
        assert!(
            back[0]
                .details
                .contains(&"Where “はい” leads: Call back → Appointment set".to_owned())
        );
    }

    #[test]
    fn names_and_counts() {
        assert_eq!(step_action(En, "Move up", "open", 0), "Move up step “open”");
        assert_eq!(
            step_action(Ja, "上へ移動", "open", 0),
            "ステップ「open」を上へ移動"
        );
        assert_eq!(
            publish_blocked(En, 1),
            "1 problem keeps this draft from being published; fix it first."
        );
        assert_eq!(
            step_deleted(En, "busy", 0, 2, true),
            "Step “busy” deleted. 2 answers led there: choose where they lead now. Choose the first step again."
        );
        assert_eq!(target(Ja, &graph().steps[0].answers[1]), "興味なし（予算）");
    }
}
