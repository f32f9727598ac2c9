//! Where things are on the editor page: the element ids of each step's and answer's controls,
//! which control a problem is about (so the problems panel can take the member there and the
//! control can show it), and the server's 422 field errors read back into problems.

use shared::FieldError;
use shared::script::{Problem, ProblemCode, ScriptGraph};

/// The id of the first-step select.
pub const START: &str = "script-start";
/// The id of the steps heading (problems of the script as a whole).
pub const STEPS: &str = "script-steps";

/// A step's heading (focused from the map and the problems panel).
pub fn step(i: usize) -> String {
    format!("step-{i}")
}

/// A control of step `i`: `key`, `text`, `article`, `shared`, `add-answer`.
pub fn step_field(i: usize, field: &str) -> String {
    format!("step-{i}-{field}")
}

/// A control of answer `a` of step `i`: `label`, `target`, `reason`.
pub fn answer_field(i: usize, a: usize, field: &str) -> String {
    format!("step-{i}-a{a}-{field}")
}

/// A step's heading in a read-only view (`prefix` tells views apart).
pub fn read_step(prefix: &str, i: usize) -> String {
    format!("{prefix}-step-{i}")
}

/// The control a problem is about: the one to change to fix it.
pub fn anchor(p: &Problem) -> String {
    let Some(i) = p.step else {
        return match p.code {
            ProblemCode::MissingStart | ProblemCode::UnknownStart => START.into(),
            _ => STEPS.into(),
        };
    };
    let detail = p.detail.as_deref().unwrap_or_default();
    if let Some(a) = p.answer {
        let field = match p.code {
            ProblemCode::TooLong if detail == "reason" => "reason",
            ProblemCode::NoTarget
            | ProblemCode::BothTargets
            | ProblemCode::MissingStep
            | ProblemCode::ReasonNotAllowed => "target",
            _ => "label",
        };
        return answer_field(i, a, field);
    }
    match p.code {
        ProblemCode::EmptyKey | ProblemCode::DuplicateKey => step_field(i, "key"),
        ProblemCode::TooLong if detail == "key" => step_field(i, "key"),
        ProblemCode::EmptyText | ProblemCode::UnknownVariable | ProblemCode::TooLong => {
            step_field(i, "text")
        }
        ProblemCode::UnknownArticle => step_field(i, "article"),
        ProblemCode::NoAnswers | ProblemCode::TooManyAnswers => step_field(i, "add-answer"),
        _ => step(i),
    }
}

/// Reads `steps[2].answers[0]` out of a field path (after `draft.`).
fn positions(path: &str) -> (Option<usize>, Option<usize>) {
    let num = |s: &str, name: &str| -> Option<usize> {
        let at = s.find(&format!("{name}["))? + name.len() + 1;
        let rest = &s[at..];
        rest[..rest.find(']')?].parse().ok()
    };
    let step = num(path, "steps");
    let answer = step.and(num(path, "answers"));
    (step, answer)
}

/// The problems named by a 422 on publishing (`draft.steps[i]…` with a `ProblemCode` each);
/// the keys come from `g`, the detail from the message where the server put it. Field
/// errors that are not problems (`unchanged`) are left out.
pub fn from_fields(fields: &[FieldError], g: &ScriptGraph) -> Vec<Problem> {
    fields
        .iter()
        .filter_map(|f| {
            let code: ProblemCode =
                serde_json::from_value(serde_json::Value::String(f.code.clone())).ok()?;
            let (step, answer) = positions(&f.field);
            Some(Problem {
                code,
                step,
                key: step.and_then(|i| g.steps.get(i)).map(|s| s.key.clone()),
                answer,
                detail: detail_of(code, &f.message),
            })
        })
        .collect()
}

/// The text between backquotes of a server message (`` `name` ``), or an article's number.
fn detail_of(code: ProblemCode, message: &str) -> Option<String> {
    match code {
        ProblemCode::UnknownVariable | ProblemCode::MissingStep | ProblemCode::UnknownStart => {
            let ticks: Vec<&str> = message.split('`').collect();
            // The last quoted part is the detail (the first may be the step's key).
            let quoted = ticks.len().checked_sub(2).and_then(|i| ticks.get(i))?;
            Some(quoted.trim_matches(|c| c == '{' || c == '}').to_owned())
        }
        ProblemCode::UnknownArticle => message
            .split_whitespace()
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_owned),
        _ => None,
    }
}

/// `live` plus those of `extra` it does not have (same code, step and answer).
pub fn merge(mut live: Vec<Problem>, extra: &[Problem]) -> Vec<Problem> {
    for p in extra {
        if !live
            .iter()
            .any(|l| l.code == p.code && l.step == p.step && l.answer == p.answer)
        {
            live.push(p.clone());
        }
    }
    live
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::script::{Answer, Outcome, Step, validate};

    fn broken() -> ScriptGraph {
        ScriptGraph {
            start: "nope".into(),
            steps: vec![
                Step {
                    key: "open".into(),
                    text: "{bogus}".into(),
                    article: Some(shared::ArticleId(99)),
                    answers: vec![
                        Answer {
                            label: "".into(),
                            next: Some("gone".into()),
                            ..Answer::default()
                        },
                        Answer {
                            label: "x".into(),
                            outcome: Some(Outcome::CallBack),
                            reason: Some("r".into()),
                            ..Answer::default()
                        },
                    ],
                    ..Step::default()
                },
                Step {
                    key: "open".into(),
                    ..Step::default()
                },
            ],
        }
    }

    #[test]
    fn each_problem_points_at_the_control_to_change() {
        let ps = validate(&broken());
        let anchors: Vec<(ProblemCode, String)> = ps.iter().map(|p| (p.code, anchor(p))).collect();
        let want = [
            (ProblemCode::UnknownVariable, "step-0-text"),
            (ProblemCode::EmptyLabel, "step-0-a0-label"),
            (ProblemCode::ReasonNotAllowed, "step-0-a1-target"),
            (ProblemCode::DuplicateKey, "step-1-key"),
            (ProblemCode::EmptyText, "step-1-text"),
            (ProblemCode::MissingStep, "step-0-a0-target"),
            (ProblemCode::UnknownStart, "script-start"),
            (ProblemCode::NoAnswers, "step-1-add-answer"),
        ];
        for (code, id) in want {
            assert!(
                anchors.contains(&(code, id.to_owned())),
                "{code:?} → {id} in {anchors:?}"
            );
        }
        let unreachable = Problem {
            code: ProblemCode::Unreachable,
            step: Some(3),
            key: None,
            answer: None,
            detail: None,
        };
        assert_eq!(anchor(&unreachable), "step-3");
        let long_key = Problem {
            code: ProblemCode::TooLong,
            detail: Some("key".into()),
            ..unreachable.clone()
        };
        assert_eq!(anchor(&long_key), "step-3-key");
        let long_reason = Problem {
            answer: Some(1),
            detail: Some("reason".into()),
            ..long_key
        };
        assert_eq!(anchor(&long_reason), "step-3-a1-reason");
    }

    #[test]
    fn server_fields_read_back_as_the_same_problems() {
        let g = broken();
        let mut ps = validate(&g);
        ps.extend(shared::script::article_problems(&g, &Default::default()));
        // What the server sends (`server/src/service/scripts.rs`, `problem_fields`).
        let fields: Vec<FieldError> = ps
            .iter()
            .map(|p| FieldError {
                field: if p.field().is_empty() {
                    "draft".into()
                } else {
                    format!("draft.{}", p.field())
                },
                code: p.code.as_str().into(),
                message: p.message(),
            })
            .chain(std::iter::once(FieldError {
                field: "draft".into(),
                code: "unchanged".into(),
                message: "The draft is version 1 as published; change it first.".into(),
            }))
            .collect();
        let back = from_fields(&fields, &g);
        assert_eq!(back.len(), ps.len());
        for (a, b) in back.iter().zip(&ps) {
            assert_eq!((a.code, a.step, a.answer), (b.code, b.step, b.answer));
            assert_eq!(a.key, b.key);
            if matches!(
                a.code,
                ProblemCode::UnknownVariable
                    | ProblemCode::MissingStep
                    | ProblemCode::UnknownStart
                    | ProblemCode::UnknownArticle
            ) {
                assert_eq!(a.detail, b.detail, "{:?}", b.message());
            }
        }
    }

    #[test]
    fn merging_keeps_one_of_each() {
        let ps = validate(&broken());
        let merged = merge(ps.clone(), &ps[..2]);
        assert_eq!(merged.len(), ps.len());
        let extra = Problem {
            code: ProblemCode::UnknownArticle,
            step: Some(0),
            key: Some("open".into()),
            answer: None,
            detail: Some("99".into()),
        };
        assert_eq!(merge(ps.clone(), &[extra]).len(), ps.len() + 1);
    }
}
