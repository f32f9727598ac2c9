//! Edits of a draft script graph, as plain functions the editor calls and the tests check:
//! adding, renaming, moving and deleting steps and answers, and choosing where an answer
//! leads. Policies:
//! - renaming a step rewrites the answers (and the start) that named it, unless the new key
//!   is already another step's (then nothing else changes and the duplicate is a problem);
//! - deleting a step leaves the answers that led to it without a target (and the script
//!   without a start if it was the first step), so each shows up as a problem to fix rather
//!   than silently pointing somewhere else; a step still holding the same key keeps them;
//! - only a "not interested" outcome keeps a reason.

use shared::script::{Answer, MAX_ANSWERS, Outcome, ScriptGraph, Step};

/// Where an answer leads, as the editor's select shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Not chosen yet.
    Nowhere,
    /// The step with this key (which may not exist).
    Step(String),
    /// An outcome that ends the call.
    Outcome(Outcome),
    /// Both a step and an outcome (only from a graph written by hand).
    Both,
}

impl Target {
    /// Where `a` leads.
    pub fn of(a: &Answer) -> Self {
        match (&a.next, a.outcome) {
            (None, None) => Self::Nowhere,
            (Some(k), None) => Self::Step(k.clone()),
            (None, Some(o)) => Self::Outcome(o),
            (Some(_), Some(_)) => Self::Both,
        }
    }

    /// The value of the select option: `""`, `step:<key>` or `outcome:<name>`.
    pub fn value(&self) -> String {
        match self {
            Self::Nowhere | Self::Both => String::new(),
            Self::Step(k) => format!("step:{k}"),
            Self::Outcome(o) => format!("outcome:{}", o.as_str()),
        }
    }

    /// Reads an option's value (anything unknown is "not chosen").
    pub fn parse(value: &str) -> Self {
        if let Some(k) = value.strip_prefix("step:") {
            Self::Step(k.to_owned())
        } else if let Some(o) = value.strip_prefix("outcome:").and_then(Outcome::parse) {
            Self::Outcome(o)
        } else {
            Self::Nowhere
        }
    }
}

/// A key no step has yet, numbered after the steps there are: `step1`, `step2`, …
pub fn new_key(g: &ScriptGraph) -> String {
    (g.steps.len() + 1..)
        .map(|n| format!("step{n}"))
        .find(|k| !g.steps.iter().any(|s| &s.key == k))
        .unwrap_or_default()
}

/// Appends a new step (a shared objection step if `shared`) and returns its position. The
/// first step of an empty script becomes its start.
pub fn add_step(g: &mut ScriptGraph, shared: bool) -> usize {
    let key = new_key(g);
    if g.start.trim().is_empty() && !shared && !g.steps.iter().any(|s| !s.shared) {
        g.start = key.clone();
    }
    g.steps.push(Step {
        key,
        shared,
        ..Step::default()
    });
    g.steps.len() - 1
}

/// Gives step `i` the key `key` (trimmed); answers and the start naming the old key follow
/// it when the new key is free.
pub fn rename_step(g: &mut ScriptGraph, i: usize, key: &str) {
    let key = key.trim();
    let Some(old) = g.steps.get(i).map(|s| s.key.clone()) else {
        return;
    };
    if old == key {
        return;
    }
    let taken = g
        .steps
        .iter()
        .enumerate()
        .any(|(j, s)| j != i && s.key == key);
    // Another step keeping the old key keeps its references too.
    let old_kept = g
        .steps
        .iter()
        .enumerate()
        .any(|(j, s)| j != i && s.key == old);
    if let Some(s) = g.steps.get_mut(i) {
        s.key = key.to_owned();
    }
    if taken || old_kept || key.is_empty() {
        return;
    }
    if g.start == old {
        g.start = key.to_owned();
    }
    for s in &mut g.steps {
        for a in &mut s.answers {
            if a.next.as_deref() == Some(old.as_str()) {
                a.next = Some(key.to_owned());
            }
        }
    }
}

/// What deleting a step did besides removing it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deleted {
    /// The key of the step removed.
    pub key: String,
    /// How many answers (of other steps) lost their target.
    pub cleared_answers: usize,
    /// Whether the script lost its start.
    pub cleared_start: bool,
}

/// Removes step `i`. Answers that led to it lose their target and the start is cleared if
/// it was this step, unless another step still has the same key.
pub fn delete_step(g: &mut ScriptGraph, i: usize) -> Option<Deleted> {
    if i >= g.steps.len() {
        return None;
    }
    let removed = g.steps.remove(i);
    let mut out = Deleted {
        key: removed.key.clone(),
        ..Deleted::default()
    };
    if g.steps.iter().any(|s| s.key == removed.key) {
        return Some(out);
    }
    if g.start == removed.key && !removed.key.is_empty() {
        g.start.clear();
        out.cleared_start = true;
    }
    for s in &mut g.steps {
        for a in &mut s.answers {
            if a.next.as_deref() == Some(removed.key.as_str()) {
                a.next = None;
                out.cleared_answers += 1;
            }
        }
    }
    Some(out)
}

/// Moves step `i` one place up (`up`) or down; returns its new position, or none at an end.
pub fn move_step(g: &mut ScriptGraph, i: usize, up: bool) -> Option<usize> {
    let j = neighbour(i, g.steps.len(), up)?;
    g.steps.swap(i, j);
    Some(j)
}

fn neighbour(i: usize, len: usize, up: bool) -> Option<usize> {
    if i >= len {
        return None;
    }
    if up {
        i.checked_sub(1)
    } else {
        (i + 1 < len).then_some(i + 1)
    }
}

/// Adds an empty answer to step `i`; none when it already has [`MAX_ANSWERS`].
pub fn add_answer(g: &mut ScriptGraph, i: usize) -> Option<usize> {
    let s = g.steps.get_mut(i)?;
    if s.answers.len() >= MAX_ANSWERS {
        return None;
    }
    s.answers.push(Answer::default());
    Some(s.answers.len() - 1)
}

/// Removes answer `a` of step `i`.
pub fn delete_answer(g: &mut ScriptGraph, i: usize, a: usize) -> Option<Answer> {
    let s = g.steps.get_mut(i)?;
    (a < s.answers.len()).then(|| s.answers.remove(a))
}

/// Moves answer `a` of step `i` one place up or down; returns its new position.
pub fn move_answer(g: &mut ScriptGraph, i: usize, a: usize, up: bool) -> Option<usize> {
    let s = g.steps.get_mut(i)?;
    let b = neighbour(a, s.answers.len(), up)?;
    s.answers.swap(a, b);
    Some(b)
}

/// Answer `a` of step `i` leads to `t`; a reason stays only with "not interested".
pub fn set_target(g: &mut ScriptGraph, i: usize, a: usize, t: Target) {
    let Some(ans) = g.steps.get_mut(i).and_then(|s| s.answers.get_mut(a)) else {
        return;
    };
    match t {
        Target::Nowhere | Target::Both => {
            ans.next = None;
            ans.outcome = None;
        }
        Target::Step(k) => {
            ans.next = Some(k);
            ans.outcome = None;
        }
        Target::Outcome(o) => {
            ans.next = None;
            ans.outcome = Some(o);
        }
    }
    if ans.outcome != Some(Outcome::NotInterested) {
        ans.reason = None;
    }
}

/// The reason of answer `a` of step `i` (empty: none).
pub fn set_reason(g: &mut ScriptGraph, i: usize, a: usize, reason: &str) {
    if let Some(ans) = g.steps.get_mut(i).and_then(|s| s.answers.get_mut(a)) {
        ans.reason = (!reason.trim().is_empty()).then(|| reason.to_owned());
    }
}

/// `text` with `insert` put in place of the characters from `start` to `end` (UTF-16
/// offsets, as the browser counts a textarea's selection); returns the new text and the
/// offset just after the insertion.
pub fn splice_utf16(text: &str, start: u32, end: u32, insert: &str) -> (String, u32) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let len = units.len() as u32;
    let start = start.min(len);
    let end = end.clamp(start, len);
    let mut out: Vec<u16> = units[..start as usize].to_vec();
    out.extend(insert.encode_utf16());
    let caret = out.len() as u32;
    out.extend_from_slice(&units[end as usize..]);
    (String::from_utf16_lossy(&out), caret)
}

/// The first `n` characters of `text` on one line, with `…` when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut s: String = one_line.chars().take(n).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(label: &str, k: &str) -> Answer {
        Answer {
            label: label.into(),
            next: Some(k.into()),
            ..Answer::default()
        }
    }

    fn ends(label: &str, o: Outcome) -> Answer {
        Answer {
            label: label.into(),
            outcome: Some(o),
            ..Answer::default()
        }
    }

    fn graph() -> ScriptGraph {
        ScriptGraph {
            start: "open".into(),
            steps: vec![
                Step {
                    key: "open".into(),
                    text: "もしもし".into(),
                    answers: vec![to("はい", "pitch"), ends("不在", Outcome::NoAnswer)],
                    ..Step::default()
                },
                Step {
                    key: "pitch".into(),
                    text: "ご提案".into(),
                    answers: vec![
                        ends("会う", Outcome::AppointmentSet),
                        to("戻る", "open"),
                        to("また", "pitch"),
                    ],
                    ..Step::default()
                },
                Step {
                    key: "busy".into(),
                    text: "改めて".into(),
                    shared: true,
                    answers: vec![ends("後で", Outcome::CallBack)],
                    ..Step::default()
                },
            ],
        }
    }

    #[test]
    fn targets_round_trip_through_select_values() {
        for t in [
            Target::Nowhere,
            Target::Step("pitch".into()),
            Target::Outcome(Outcome::NotInterested),
        ] {
            assert_eq!(Target::parse(&t.value()), t);
        }
        assert_eq!(Target::parse("outcome:bogus"), Target::Nowhere);
        assert_eq!(Target::of(&to("x", "a")), Target::Step("a".into()));
        let both = Answer {
            next: Some("a".into()),
            outcome: Some(Outcome::CallBack),
            ..Answer::default()
        };
        assert_eq!(Target::of(&both), Target::Both);
    }

    #[test]
    fn new_steps_get_free_keys_and_the_first_is_the_start() {
        let mut g = ScriptGraph::default();
        assert_eq!(add_step(&mut g, true), 0);
        assert_eq!(g.start, "", "a shared step is not a start");
        assert_eq!(add_step(&mut g, false), 1);
        assert_eq!(g.start, "step2");
        g.steps[0].key = "step3".into();
        assert_eq!(new_key(&g), "step4", "taken keys are skipped");
        add_step(&mut g, false);
        assert_eq!(g.start, "step2", "the start stays");
        assert_eq!(g.steps[2].key, "step4");
    }

    #[test]
    fn renaming_follows_references_unless_taken() {
        let mut g = graph();
        rename_step(&mut g, 1, " offer ");
        assert_eq!(g.steps[1].key, "offer");
        assert_eq!(g.steps[0].answers[0].next.as_deref(), Some("offer"));
        assert_eq!(g.steps[1].answers[2].next.as_deref(), Some("offer"));
        rename_step(&mut g, 0, "first");
        assert_eq!(g.start, "first");
        assert_eq!(g.steps[1].answers[1].next.as_deref(), Some("first"));
        // A key already taken: only the step changes (a duplicate-key problem).
        rename_step(&mut g, 2, "first");
        assert_eq!(g.steps[2].key, "first");
        assert_eq!(g.start, "first");
        assert_eq!(g.steps[1].answers[1].next.as_deref(), Some("first"));
        // Renaming one of two steps with the same key leaves the references to the other.
        rename_step(&mut g, 2, "busy");
        assert_eq!(g.steps[1].answers[1].next.as_deref(), Some("first"));
        // An emptied key leaves references pointing at the old key (a missing-step problem).
        rename_step(&mut g, 1, "");
        assert_eq!(g.steps[0].answers[0].next.as_deref(), Some("offer"));
    }

    #[test]
    fn deleting_a_step_clears_what_led_to_it() {
        let mut g = graph();
        let d = delete_step(&mut g, 1);
        assert_eq!(
            d,
            Some(Deleted {
                key: "pitch".into(),
                cleared_answers: 1,
                cleared_start: false,
            })
        );
        assert_eq!(g.steps.len(), 2);
        assert_eq!(Target::of(&g.steps[0].answers[0]), Target::Nowhere);
        assert_eq!(g.steps[0].answers[0].label, "はい", "the answer stays");
        let d = delete_step(&mut g, 0);
        assert!(d.is_some_and(|d| d.cleared_start));
        assert_eq!(g.start, "");
        assert_eq!(delete_step(&mut g, 5), None);
    }

    #[test]
    fn deleting_a_duplicate_keeps_references() {
        let mut g = graph();
        g.steps.push(Step {
            key: "pitch".into(),
            ..Step::default()
        });
        let d = delete_step(&mut g, 1);
        assert_eq!(d.map(|d| d.cleared_answers), Some(0));
        assert_eq!(g.steps[0].answers[0].next.as_deref(), Some("pitch"));
    }

    #[test]
    fn moving_steps_and_answers_stops_at_the_ends() {
        let mut g = graph();
        assert_eq!(move_step(&mut g, 0, true), None);
        assert_eq!(move_step(&mut g, 2, false), None);
        assert_eq!(move_step(&mut g, 2, true), Some(1));
        let keys: Vec<_> = g.steps.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["open", "busy", "pitch"]);
        assert_eq!(g.start, "open", "order is not the flow");
        assert_eq!(move_answer(&mut g, 2, 0, false), Some(1));
        assert_eq!(g.steps[2].answers[1].label, "会う");
        assert_eq!(move_answer(&mut g, 2, 2, false), None);
        assert_eq!(move_answer(&mut g, 9, 0, false), None);
    }

    #[test]
    fn answers_are_capped_and_deleted() {
        let mut g = graph();
        while add_answer(&mut g, 2).is_some() {}
        assert_eq!(g.steps[2].answers.len(), MAX_ANSWERS);
        assert_eq!(add_answer(&mut g, 2), None);
        assert_eq!(
            delete_answer(&mut g, 2, 0).map(|a| a.label),
            Some("後で".into())
        );
        assert_eq!(delete_answer(&mut g, 2, 99), None);
    }

    #[test]
    fn only_not_interested_keeps_a_reason() {
        let mut g = graph();
        set_target(&mut g, 0, 1, Target::Outcome(Outcome::NotInterested));
        set_reason(&mut g, 0, 1, "予算がない");
        assert_eq!(g.steps[0].answers[1].reason.as_deref(), Some("予算がない"));
        set_target(&mut g, 0, 1, Target::Outcome(Outcome::NotInterested));
        assert!(g.steps[0].answers[1].reason.is_some());
        set_target(&mut g, 0, 1, Target::Step("busy".into()));
        assert_eq!(g.steps[0].answers[1].reason, None);
        assert_eq!(g.steps[0].answers[1].outcome, None);
        set_reason(&mut g, 0, 0, "  ");
        assert_eq!(g.steps[0].answers[0].reason, None);
    }

    #[test]
    fn splicing_counts_utf16_like_the_browser() {
        // "😀" is two UTF-16 units.
        let (s, caret) = splice_utf16("😀様", 2, 2, "{contact.name}");
        assert_eq!(s, "😀{contact.name}様");
        assert_eq!(caret, 16);
        let (s, _) = splice_utf16("abcdef", 1, 3, "X");
        assert_eq!(s, "aXdef");
        let (s, caret) = splice_utf16("ab", 10, 4, "!");
        assert_eq!((s.as_str(), caret), ("ab!", 3));
    }

    #[test]
    fn excerpts_are_one_line_and_cut() {
        assert_eq!(excerpt("お世話に\nなります", 20), "お世話に なります");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("", 3), "");
    }
}
