//! A call as the screen runs it: the script version's graph, the answers in force (the path),
//! where the call is, and the clicks' sequence numbers. The rules are the server's
//! (`server/src/service/calls.rs`): an answer is to the step the call is at or to any shared
//! (objection) step; after an answer that leads to an outcome only a shared step or `back`
//! may follow; `back` undoes the latest answer in force. Because the screen applies them
//! itself, it moves on at once and the server only confirms. Pure, tested natively.

use shared::api::{Call, CallAnswer};
use shared::script::{Outcome, ScriptGraph, Step, Vars};

/// One answer in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    /// The step answered.
    pub step_key: String,
    /// The answer's index in that step (key 1 is 0).
    pub answer_index: u32,
    /// The answer's label.
    pub label: String,
    /// Notes taken at the step.
    pub notes: String,
}

/// Where a call is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// At a step, to be answered.
    Step(String),
    /// The last answer leads to an outcome (with the answer's reason, if it gives one).
    Outcome {
        /// The outcome.
        outcome: Outcome,
        /// The not-interested reason the answer itself says.
        reason: Option<String>,
    },
    /// The last answer points nowhere this version knows (never for a published version).
    Lost,
}

/// Why a click is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not the step the call is at, nor a shared step.
    NotHere,
    /// The step has no such answer (or no such step).
    NoSuchAnswer,
    /// Back at the first step: nothing to undo.
    AtStart,
}

/// A call's local state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The version's graph.
    pub graph: ScriptGraph,
    /// The answers in force, oldest first.
    pub path: Vec<Taken>,
    /// The last click's sequence number (0 before any).
    pub seq: i32,
}

impl Run {
    /// A fresh run at the start of `graph`.
    #[cfg(test)]
    pub fn new(graph: ScriptGraph) -> Self {
        Self {
            graph,
            path: Vec::new(),
            seq: 0,
        }
    }

    /// The call as the server has it.
    pub fn from_call(call: &Call) -> Self {
        Self {
            graph: call.graph.clone(),
            path: call
                .path
                .iter()
                .map(|p| Taken {
                    step_key: p.step_key.clone(),
                    answer_index: p.answer_index,
                    label: p.label.clone(),
                    notes: p.notes.clone(),
                })
                .collect(),
            seq: call.seq,
        }
    }

    /// A step by key.
    pub fn step(&self, key: &str) -> Option<&Step> {
        self.graph.steps.iter().find(|s| s.key == key)
    }

    /// The shared (objection) steps, in the graph's order.
    pub fn shared_steps(&self) -> Vec<&Step> {
        self.graph.steps.iter().filter(|s| s.shared).collect()
    }

    /// Where the call is.
    pub fn at(&self) -> At {
        let Some(last) = self.path.last() else {
            return At::Step(self.graph.start.clone());
        };
        let answer = self
            .step(&last.step_key)
            .and_then(|s| s.answers.get(last.answer_index as usize));
        match answer {
            Some(a) => match (&a.next, a.outcome) {
                (Some(next), _) => At::Step(next.clone()),
                (None, Some(outcome)) => At::Outcome {
                    outcome,
                    reason: a.reason.clone(),
                },
                (None, None) => At::Lost,
            },
            None => At::Lost,
        }
    }

    /// The key of the step the call is at, if it is at one.
    pub fn at_step(&self) -> Option<String> {
        match self.at() {
            At::Step(k) => Some(k),
            _ => None,
        }
    }

    /// Whether the answer `index` of `step_key` may be given now.
    pub fn check(&self, step_key: &str, index: u32) -> Result<(), Refusal> {
        let step = self.step(step_key).ok_or(Refusal::NoSuchAnswer)?;
        if step.answers.get(index as usize).is_none() {
            return Err(Refusal::NoSuchAnswer);
        }
        if step.shared || self.at_step().as_deref() == Some(step_key) {
            Ok(())
        } else {
            Err(Refusal::NotHere)
        }
    }

    /// Gives answer `index` of `step_key` with `notes`: the request to send (with its
    /// sequence number), the run moved on.
    pub fn answer(
        &mut self,
        step_key: &str,
        index: u32,
        notes: String,
    ) -> Result<CallAnswer, Refusal> {
        self.check(step_key, index)?;
        let label = self
            .step(step_key)
            .and_then(|s| s.answers.get(index as usize))
            .map(|a| a.label.clone())
            .unwrap_or_default();
        self.seq += 1;
        self.path.push(Taken {
            step_key: step_key.to_owned(),
            answer_index: index,
            label,
            notes: notes.clone(),
        });
        Ok(CallAnswer {
            step_key: step_key.to_owned(),
            answer_index: Some(index),
            back: false,
            notes,
            seq: Some(self.seq),
        })
    }

    /// Undoes the latest answer in force: the request to send, and the answer undone.
    pub fn back(&mut self) -> Result<(CallAnswer, Taken), Refusal> {
        let undone = self.path.pop().ok_or(Refusal::AtStart)?;
        self.seq += 1;
        let body = CallAnswer {
            back: true,
            seq: Some(self.seq),
            ..CallAnswer::default()
        };
        Ok((body, undone))
    }

    /// Applies a click recorded earlier (a request kept across a reload), checked as if it
    /// were made now; it must carry the next sequence number.
    pub fn replay(&mut self, body: &CallAnswer) -> Result<(), Refusal> {
        if body.seq != Some(self.seq + 1) {
            return Err(Refusal::NotHere);
        }
        if body.back {
            self.back().map(|_| ())
        } else {
            self.answer(
                &body.step_key,
                body.answer_index.unwrap_or(0),
                body.notes.clone(),
            )
            .map(|_| ())
        }
    }

    /// Where the server says the call is after a click, for comparing with [`Run::at`]:
    /// `(step, outcome, path length)`.
    pub fn position(&self) -> Position {
        let (step, outcome) = match self.at() {
            At::Step(k) => (Some(k), None),
            At::Outcome { outcome, .. } => (None, Some(outcome)),
            At::Lost => (None, None),
        };
        Position {
            step,
            outcome,
            path_len: self.path.len(),
        }
    }
}

/// Where a call is, in the server's terms: what a confirmed click must leave.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// The step it is at.
    pub step: Option<String>,
    /// Or the outcome reached.
    pub outcome: Option<Outcome>,
    /// How many answers are in force.
    pub path_len: usize,
}

impl Position {
    /// The position of a call as the server sent it.
    pub fn of_call(call: &Call) -> Self {
        Self {
            step: call.step.clone(),
            outcome: call.reached_outcome,
            path_len: call.path.len(),
        }
    }
}

/// The notes field after `back`: the undone answer's notes come back, ahead of anything typed
/// since, so nothing written is lost.
pub fn notes_after_back(undone: &str, typed: &str) -> String {
    match (undone.trim().is_empty(), typed.trim().is_empty()) {
        (true, _) => typed.to_owned(),
        (false, true) => undone.to_owned(),
        (false, false) => format!("{undone}\n{typed}"),
    }
}

/// A short name for a shared step, for its button: the label of the first answer anywhere
/// in the graph that leads to it ("今忙しい"), else the start of its text, else its key.
pub fn shared_label(graph: &ScriptGraph, key: &str) -> String {
    let from_answer = graph
        .steps
        .iter()
        .flat_map(|s| s.answers.iter())
        .find(|a| a.next.as_deref() == Some(key) && !a.label.trim().is_empty())
        .map(|a| a.label.trim().to_owned());
    if let Some(l) = from_answer {
        return l;
    }
    let text = graph
        .steps
        .iter()
        .find(|s| s.key == key)
        .map(|s| s.text.trim())
        .unwrap_or("");
    if text.is_empty() {
        return key.to_owned();
    }
    let short: String = text.chars().take(16).collect();
    if short.chars().count() < text.chars().count() {
        format!("{short}…")
    } else {
        short
    }
}

/// The values of a call's variables; an empty value shows its placeholder as written, so a
/// missing name is seen rather than silently dropped from the sentence.
pub fn vars(contact: &str, account: &str, member: &str, company: &str) -> Vars {
    let or_placeholder = |v: &str, name: &str| {
        if v.trim().is_empty() {
            format!("{{{name}}}")
        } else {
            v.to_owned()
        }
    };
    Vars {
        contact_name: or_placeholder(contact, "contact.name"),
        account_name: or_placeholder(account, "account.name"),
        member_name: or_placeholder(member, "member.name"),
        member_company: or_placeholder(company, "member.company"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::script::{Answer, fill};

    fn to(label: &str, next: &str) -> Answer {
        Answer {
            label: label.into(),
            next: Some(next.into()),
            ..Default::default()
        }
    }

    fn ends(label: &str, o: Outcome, reason: Option<&str>) -> Answer {
        Answer {
            label: label.into(),
            outcome: Some(o),
            reason: reason.map(str::to_owned),
            ..Default::default()
        }
    }

    fn step(key: &str, shared: bool, answers: Vec<Answer>) -> Step {
        Step {
            key: key.into(),
            text: format!("{key} text"),
            shared,
            answers,
            ..Default::default()
        }
    }

    /// open: [本人 → pitch, 不在 → call back]; pitch: [日程 → appointment, 忙しい → busy];
    /// busy (shared): [聞く → pitch, 不要 → not interested "予算なし"].
    fn graph() -> ScriptGraph {
        ScriptGraph {
            start: "open".into(),
            steps: vec![
                step(
                    "open",
                    false,
                    vec![to("本人", "pitch"), ends("不在", Outcome::CallBack, None)],
                ),
                step(
                    "pitch",
                    false,
                    vec![
                        ends("日程", Outcome::AppointmentSet, None),
                        to("忙しい", "busy"),
                    ],
                ),
                step(
                    "busy",
                    true,
                    vec![
                        to("聞く", "pitch"),
                        ends("不要", Outcome::NotInterested, Some("予算なし")),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn answers_move_along_the_graph_with_sequence_numbers() {
        let mut r = Run::new(graph());
        assert_eq!(r.at(), At::Step("open".into()));
        let a = r.answer("open", 0, "受付経由".into()).expect("open");
        assert_eq!(a.seq, Some(1));
        assert_eq!(a.notes, "受付経由");
        assert_eq!(r.at(), At::Step("pitch".into()));
        let b = r.answer("pitch", 0, String::new()).expect("pitch");
        assert_eq!(b.seq, Some(2));
        assert_eq!(
            r.at(),
            At::Outcome {
                outcome: Outcome::AppointmentSet,
                reason: None
            }
        );
        assert_eq!(r.path.len(), 2);
        assert_eq!(r.path[0].label, "本人");
    }

    #[test]
    fn only_the_current_step_or_a_shared_one_is_answered() {
        let mut r = Run::new(graph());
        assert_eq!(r.answer("pitch", 0, String::new()), Err(Refusal::NotHere));
        assert_eq!(
            r.answer("open", 5, String::new()),
            Err(Refusal::NoSuchAnswer)
        );
        assert_eq!(
            r.answer("nope", 0, String::new()),
            Err(Refusal::NoSuchAnswer)
        );
        assert_eq!(r.seq, 0, "a refused click takes no number");
        // A shared step from the first step, and after an outcome.
        r.answer("busy", 1, String::new()).expect("shared");
        assert_eq!(
            r.at(),
            At::Outcome {
                outcome: Outcome::NotInterested,
                reason: Some("予算なし".into())
            }
        );
        assert_eq!(r.answer("open", 0, String::new()), Err(Refusal::NotHere));
        r.answer("busy", 0, String::new())
            .expect("shared after an outcome");
        assert_eq!(r.at(), At::Step("pitch".into()));
    }

    #[test]
    fn back_undoes_the_latest_answer_and_takes_a_number() {
        let mut r = Run::new(graph());
        assert_eq!(r.back(), Err(Refusal::AtStart));
        r.answer("open", 0, "メモ".into()).expect("open");
        r.answer("pitch", 1, String::new()).expect("pitch");
        assert_eq!(r.at(), At::Step("busy".into()));
        let (body, undone) = r.back().expect("back");
        assert!(body.back);
        assert_eq!(body.seq, Some(3));
        assert_eq!(undone.step_key, "pitch");
        assert_eq!(r.at(), At::Step("pitch".into()));
        let (_, undone) = r.back().expect("back again");
        assert_eq!(undone.notes, "メモ");
        assert_eq!(r.at(), At::Step("open".into()));
        assert_eq!(r.seq, 4);
        assert_eq!(r.back(), Err(Refusal::AtStart));
    }

    #[test]
    fn replay_applies_kept_clicks_in_order_only() {
        let mut r = Run::new(graph());
        let mut ahead = r.clone();
        let a = ahead.answer("open", 0, String::new()).expect("a");
        let (b, _) = ahead.back().expect("b");
        assert_eq!(r.replay(&b), Err(Refusal::NotHere), "skips a number");
        r.replay(&a).expect("first");
        r.replay(&b).expect("second");
        assert_eq!(r, ahead);
    }

    #[test]
    fn positions_compare_with_the_servers() {
        let mut r = Run::new(graph());
        assert_eq!(
            r.position(),
            Position {
                step: Some("open".into()),
                outcome: None,
                path_len: 0
            }
        );
        r.answer("open", 1, String::new()).expect("open");
        assert_eq!(
            r.position(),
            Position {
                step: None,
                outcome: Some(Outcome::CallBack),
                path_len: 1
            }
        );
    }

    #[test]
    fn notes_come_back_after_back() {
        assert_eq!(notes_after_back("", "new"), "new");
        assert_eq!(notes_after_back("old", ""), "old");
        assert_eq!(notes_after_back("old", "  "), "old");
        assert_eq!(notes_after_back("old", "new"), "old\nnew");
    }

    #[test]
    fn shared_steps_are_named_by_the_answer_that_leads_there() {
        let g = graph();
        assert_eq!(shared_label(&g, "busy"), "忙しい");
        let mut lonely = g.clone();
        lonely.steps[1].answers.truncate(1);
        assert_eq!(shared_label(&lonely, "busy"), "busy text");
        lonely.steps[2].text = "とても長い切り返しの文章で、十六文字を超えています".into();
        assert_eq!(
            shared_label(&lonely, "busy"),
            "とても長い切り返しの文章で、十六…"
        );
        lonely.steps[2].text = String::new();
        assert_eq!(shared_label(&lonely, "busy"), "busy");
    }

    #[test]
    fn empty_values_keep_their_placeholder() {
        let v = vars("加藤 翔太", "株式会社山田商事", "佐藤 美咲", "");
        assert_eq!(
            fill(
                "{member.company}の{member.name}です。{contact.name}様、{account.name}",
                &v
            ),
            "{member.company}の佐藤 美咲です。加藤 翔太様、株式会社山田商事"
        );
    }
}
