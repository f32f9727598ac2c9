//! Talk scripts as graphs: the steps an appointer reads, the customer's answers, and where each
//! answer leads (another step, or an outcome that ends the call).
//!
//! Pure and shared by the editor (to show problems while the manager types) and the server
//! (which refuses to publish a graph with any problem). Policy:
//! - a step is reachable when it can be reached from the start by answers, or when it is
//!   `shared` (an objection answer the appointer may jump to from any step), or when a reachable
//!   step's answers lead to it;
//! - every step must end somewhere: it has answers, and following answers (not shared-step
//!   jumps, which are interruptions) from it reaches an outcome;
//! - variables in a step's text are `{name}`; only the names in [`Var::ALL`] exist, and
//!   [`fill`] replaces them in one pass (a value is never read as a variable again) and leaves
//!   any other `{…}` as written, so a mistake stays visible.

use crate::ArticleId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most steps a script may have.
pub const MAX_STEPS: usize = 200;
/// Most answers a step may have: one per number key, 1–9.
pub const MAX_ANSWERS: usize = 9;
/// Longest step key, in characters.
pub const MAX_KEY: usize = 60;
/// Longest step text, in characters.
pub const MAX_TEXT: usize = 2000;
/// Longest answer label or reason, in characters.
pub const MAX_LABEL: usize = 200;

/// A talk script: where it starts and its steps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScriptGraph {
    /// The key of the first step (empty while a draft has none).
    #[serde(default)]
    pub start: String,
    /// The steps, in the editor's order.
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// One step: what to say, and what the customer may answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the script; answers name it in `next`.
    pub key: String,
    /// What to say, with variables such as `{contact.name}`.
    #[serde(default)]
    pub text: String,
    /// An objection answer reachable from any step ("忙しい", "資料だけ送って").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
    /// The knowledge-base article to show beside the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleId>,
    /// The customer's possible answers, in the order of their keys (1–9).
    #[serde(default)]
    pub answers: Vec<Answer>,
}

/// A possible answer and where it leads: `next` (a step's key) or `outcome`, exactly one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// What the customer says.
    #[serde(default)]
    pub label: String,
    /// The step it leads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Or the outcome that ends the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// With `not_interested`: the reason, when the answer itself says it ("予算がない").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a call ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A meeting was booked.
    AppointmentSet,
    /// Call again later.
    CallBack,
    /// Not interested (with a reason).
    NotInterested,
    /// The wrong person or company.
    WrongContact,
    /// Nobody answered.
    NoAnswer,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 5] = [
        Self::AppointmentSet,
        Self::CallBack,
        Self::NotInterested,
        Self::WrongContact,
        Self::NoAnswer,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AppointmentSet => "appointment_set",
            Self::CallBack => "call_back",
            Self::NotInterested => "not_interested",
            Self::WrongContact => "wrong_contact",
            Self::NoAnswer => "no_answer",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A variable a step's text may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    /// `{contact.name}`: the person called.
    ContactName,
    /// `{account.name}`: their company.
    AccountName,
    /// `{member.name}`: the appointer.
    MemberName,
    /// `{member.company}`: the appointer's company.
    MemberCompany,
}

impl Var {
    /// Every variable.
    pub const ALL: [Var; 4] = [
        Self::ContactName,
        Self::AccountName,
        Self::MemberName,
        Self::MemberCompany,
    ];

    /// The name between the braces.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContactName => "contact.name",
            Self::AccountName => "account.name",
            Self::MemberName => "member.name",
            Self::MemberCompany => "member.company",
        }
    }

    /// The variable of a name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The values of the variables during one call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars {
    /// `{contact.name}`.
    pub contact_name: String,
    /// `{account.name}`.
    pub account_name: String,
    /// `{member.name}`.
    pub member_name: String,
    /// `{member.company}`.
    pub member_company: String,
}

impl Vars {
    /// The value of `v`.
    pub fn get(&self, v: Var) -> &str {
        match v {
            Var::ContactName => &self.contact_name,
            Var::AccountName => &self.account_name,
            Var::MemberName => &self.member_name,
            Var::MemberCompany => &self.member_company,
        }
    }
}

/// A piece of a step's text: words as written, or a `{name}` placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written.
    Text(&'a str),
    /// `{name}`: the name between the braces (known or not).
    Placeholder(&'a str),
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && s.chars().any(|c| c.is_ascii_alphabetic())
}

/// Splits `text` into text and placeholders. A placeholder is `{` + letters, digits, `_` and
/// `.` (at least one letter) + `}`; any other brace is text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while let Some(off) = text[i..].find('{') {
        let open = i + off;
        let rest = &text[open + 1..];
        match rest.find('}') {
            Some(close) if is_name(&rest[..close]) => {
                if plain_from < open {
                    out.push(Piece::Text(&text[plain_from..open]));
                }
                out.push(Piece::Placeholder(&rest[..close]));
                i = open + 1 + close + 1;
                plain_from = i;
            }
            _ => i = open + 1,
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

/// The placeholders in `text` whose names are not variables.
pub fn unknown_variables(text: &str) -> Vec<&str> {
    pieces(text)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Placeholder(name) if Var::parse(name).is_none() => Some(name),
            _ => None,
        })
        .collect()
}

/// `text` with every known variable replaced by its value; unknown placeholders stay as
/// written.
pub fn fill(text: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(text.len());
    for p in pieces(text) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Placeholder(name) => match Var::parse(name) {
                Some(v) => out.push_str(vars.get(v)),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// What is wrong, as a stable code the UI translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The script names no first step.
    MissingStart,
    /// The first step named is not a step of the script.
    UnknownStart,
    /// More than [`MAX_STEPS`] steps.
    TooManySteps,
    /// A step without a key.
    EmptyKey,
    /// Two steps with the same key (the later ones are named).
    DuplicateKey,
    /// A step with nothing to say.
    EmptyText,
    /// A key, text, label or reason over its length.
    TooLong,
    /// A `{name}` that is not a variable (`detail`: the name).
    UnknownVariable,
    /// A linked article that does not exist (`detail`: its id).
    UnknownArticle,
    /// More than [`MAX_ANSWERS`] answers.
    TooManyAnswers,
    /// An answer without a label.
    EmptyLabel,
    /// An answer that leads nowhere: neither a next step nor an outcome.
    NoTarget,
    /// An answer with both a next step and an outcome.
    BothTargets,
    /// An answer naming a step that does not exist (`detail`: the key).
    MissingStep,
    /// A reason on an answer that is not `not_interested`.
    ReasonNotAllowed,
    /// A step no call can reach.
    Unreachable,
    /// A step without answers: the call would stop there.
    NoAnswers,
    /// A step from which no answer path reaches an outcome.
    NoOutcome,
}

impl ProblemCode {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingStart => "missing_start",
            Self::UnknownStart => "unknown_start",
            Self::TooManySteps => "too_many_steps",
            Self::EmptyKey => "empty_key",
            Self::DuplicateKey => "duplicate_key",
            Self::EmptyText => "empty_text",
            Self::TooLong => "too_long",
            Self::UnknownVariable => "unknown_variable",
            Self::UnknownArticle => "unknown_article",
            Self::TooManyAnswers => "too_many_answers",
            Self::EmptyLabel => "empty_label",
            Self::NoTarget => "no_target",
            Self::BothTargets => "both_targets",
            Self::MissingStep => "missing_step",
            Self::ReasonNotAllowed => "reason_not_allowed",
            Self::Unreachable => "unreachable",
            Self::NoAnswers => "no_answers",
            Self::NoOutcome => "no_outcome",
        }
    }
}

/// One problem of a graph, naming the step (by position and key) and the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// What is wrong.
    pub code: ProblemCode,
    /// The step's position in `steps` (none: the script as a whole).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// The step's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The answer's position in the step's `answers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<usize>,
    /// The text at fault: an unknown variable's name, a missing step's key, an article id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Problem {
    fn graph(code: ProblemCode) -> Self {
        Self {
            code,
            step: None,
            key: None,
            answer: None,
            detail: None,
        }
    }

    fn step(code: ProblemCode, i: usize, s: &Step) -> Self {
        Self {
            code,
            step: Some(i),
            key: Some(s.key.clone()),
            answer: None,
            detail: None,
        }
    }

    fn answer(code: ProblemCode, i: usize, s: &Step, a: usize) -> Self {
        Self {
            answer: Some(a),
            ..Self::step(code, i, s)
        }
    }

    fn with(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The JSON path of the fault inside the graph, e.g. `steps[2].answers[0].next`.
    pub fn field(&self) -> String {
        let leaf = match self.code {
            ProblemCode::MissingStart | ProblemCode::UnknownStart => return "start".into(),
            ProblemCode::TooManySteps => return "steps".into(),
            ProblemCode::EmptyKey | ProblemCode::DuplicateKey => "key",
            ProblemCode::EmptyText | ProblemCode::UnknownVariable => "text",
            ProblemCode::UnknownArticle => "article",
            ProblemCode::TooManyAnswers | ProblemCode::NoAnswers => "answers",
            ProblemCode::EmptyLabel => "label",
            ProblemCode::MissingStep => "next",
            ProblemCode::ReasonNotAllowed => "reason",
            ProblemCode::TooLong
            | ProblemCode::NoTarget
            | ProblemCode::BothTargets
            | ProblemCode::Unreachable
            | ProblemCode::NoOutcome => "",
        };
        let mut path = match self.step {
            Some(i) => format!("steps[{i}]"),
            None => String::new(),
        };
        if let Some(a) = self.answer {
            path.push_str(&format!(".answers[{a}]"));
        }
        if !leaf.is_empty() && !path.is_empty() {
            path.push('.');
            path.push_str(leaf);
        }
        path
    }

    /// What is wrong, in English (the UI translates `code` instead).
    pub fn message(&self) -> String {
        let at = match (&self.key, self.answer) {
            (Some(k), Some(a)) => format!("Step `{k}`, answer {}: ", a + 1),
            (Some(k), None) => format!("Step `{k}`: "),
            _ => String::new(),
        };
        let d = self.detail.as_deref().unwrap_or_default();
        let what = match self.code {
            ProblemCode::MissingStart => "choose the first step.".to_owned(),
            ProblemCode::UnknownStart => format!("the first step `{d}` is not a step."),
            ProblemCode::TooManySteps => format!("at most {MAX_STEPS} steps."),
            ProblemCode::EmptyKey => "give the step a key.".to_owned(),
            ProblemCode::DuplicateKey => "another step has the same key.".to_owned(),
            ProblemCode::EmptyText => "write what to say.".to_owned(),
            ProblemCode::TooLong => format!("too long ({d})."),
            ProblemCode::UnknownVariable => format!("`{{{d}}}` is not a variable."),
            ProblemCode::UnknownArticle => format!("article {d} does not exist."),
            ProblemCode::TooManyAnswers => format!("at most {MAX_ANSWERS} answers."),
            ProblemCode::EmptyLabel => "write the customer's answer.".to_owned(),
            ProblemCode::NoTarget => "choose the next step or an outcome.".to_owned(),
            ProblemCode::BothTargets => "choose a next step or an outcome, not both.".to_owned(),
            ProblemCode::MissingStep => format!("the step `{d}` does not exist."),
            ProblemCode::ReasonNotAllowed => "only “not interested” takes a reason.".to_owned(),
            ProblemCode::Unreachable => "no call can reach this step.".to_owned(),
            ProblemCode::NoAnswers => "add the customer's answers.".to_owned(),
            ProblemCode::NoOutcome => "no answer path from here ends the call.".to_owned(),
        };
        let mut s = at + &what;
        if let Some(first) = s.chars().next() {
            let upper: String = first.to_uppercase().collect();
            s.replace_range(..first.len_utf8(), &upper);
        }
        s
    }
}

/// Every problem of `graph` (none: it may be published). Articles are not checked here: see
/// [`article_problems`].
pub fn validate(graph: &ScriptGraph) -> Vec<Problem> {
    let mut out = Vec::new();
    if graph.steps.len() > MAX_STEPS {
        out.push(Problem::graph(ProblemCode::TooManySteps));
    }
    // The first step with a key is the one answers lead to.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, s) in graph.steps.iter().enumerate() {
        if s.key.trim().is_empty() {
            out.push(Problem::step(ProblemCode::EmptyKey, i, s));
        } else if index.contains_key(s.key.as_str()) {
            out.push(Problem::step(ProblemCode::DuplicateKey, i, s));
        } else {
            index.insert(&s.key, i);
        }
        if s.key.chars().count() > MAX_KEY {
            out.push(Problem::step(ProblemCode::TooLong, i, s).with("key"));
        }
        if s.text.trim().is_empty() {
            out.push(Problem::step(ProblemCode::EmptyText, i, s));
        } else if s.text.chars().count() > MAX_TEXT {
            out.push(Problem::step(ProblemCode::TooLong, i, s).with("text"));
        }
        let mut seen = BTreeSet::new();
        for name in unknown_variables(&s.text) {
            if seen.insert(name) {
                out.push(Problem::step(ProblemCode::UnknownVariable, i, s).with(name));
            }
        }
        if s.answers.len() > MAX_ANSWERS {
            out.push(Problem::step(ProblemCode::TooManyAnswers, i, s));
        }
        for (a, ans) in s.answers.iter().enumerate() {
            if ans.label.trim().is_empty() {
                out.push(Problem::answer(ProblemCode::EmptyLabel, i, s, a));
            } else if ans.label.chars().count() > MAX_LABEL {
                out.push(Problem::answer(ProblemCode::TooLong, i, s, a).with("label"));
            }
            match (&ans.next, ans.outcome) {
                (None, None) => out.push(Problem::answer(ProblemCode::NoTarget, i, s, a)),
                (Some(_), Some(_)) => out.push(Problem::answer(ProblemCode::BothTargets, i, s, a)),
                _ => {}
            }
            if let Some(r) = &ans.reason {
                if ans.outcome != Some(Outcome::NotInterested) {
                    out.push(Problem::answer(ProblemCode::ReasonNotAllowed, i, s, a));
                } else if r.chars().count() > MAX_LABEL {
                    out.push(Problem::answer(ProblemCode::TooLong, i, s, a).with("reason"));
                }
            }
        }
    }
    // Answers pointing nowhere (checked even where other problems hide the graph's shape).
    for (i, s) in graph.steps.iter().enumerate() {
        for (a, ans) in s.answers.iter().enumerate() {
            if let Some(next) = &ans.next
                && !index.contains_key(next.as_str())
            {
                out.push(Problem::answer(ProblemCode::MissingStep, i, s, a).with(next.clone()));
            }
        }
    }
    // Where each step's answers lead, by position.
    let edges: Vec<Vec<usize>> = graph
        .steps
        .iter()
        .map(|s| {
            s.answers
                .iter()
                .filter_map(|a| a.next.as_deref().and_then(|k| index.get(k).copied()))
                .collect()
        })
        .collect();

    // Reachability: from the start, and from every shared step.
    if graph.start.trim().is_empty() {
        out.push(Problem::graph(ProblemCode::MissingStart));
    } else if let Some(&first) = index.get(graph.start.as_str()) {
        let mut reached = vec![false; graph.steps.len()];
        let mut stack: Vec<usize> = std::iter::once(first)
            .chain(
                graph
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.shared)
                    .map(|(i, _)| i),
            )
            .collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            stack.extend(edges[i].iter().copied().filter(|j| !reached[*j]));
        }
        for (i, s) in graph.steps.iter().enumerate() {
            if !reached[i] {
                out.push(Problem::step(ProblemCode::Unreachable, i, s));
            }
        }
    } else {
        out.push(Problem::graph(ProblemCode::UnknownStart).with(graph.start.clone()));
    }

    // Dead ends: a step ends when one of its answers is an outcome, or leads to a step that
    // ends. Fixpoint over the reversed edges.
    let mut ends: Vec<bool> = graph
        .steps
        .iter()
        .map(|s| s.answers.iter().any(|a| a.outcome.is_some()))
        .collect();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); graph.steps.len()];
    for (i, to) in edges.iter().enumerate() {
        for &j in to {
            preds[j].push(i);
        }
    }
    let mut stack: Vec<usize> = (0..graph.steps.len()).filter(|i| ends[*i]).collect();
    while let Some(j) = stack.pop() {
        for &i in &preds[j] {
            if !ends[i] {
                ends[i] = true;
                stack.push(i);
            }
        }
    }
    for (i, s) in graph.steps.iter().enumerate() {
        if s.answers.is_empty() {
            out.push(Problem::step(ProblemCode::NoAnswers, i, s));
        } else if !ends[i] {
            out.push(Problem::step(ProblemCode::NoOutcome, i, s));
        }
    }
    out
}

/// The steps linking an article not in `known`.
pub fn article_problems(graph: &ScriptGraph, known: &BTreeSet<ArticleId>) -> Vec<Problem> {
    graph
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let id = s.article?;
            (!known.contains(&id))
                .then(|| Problem::step(ProblemCode::UnknownArticle, i, s).with(id.to_string()))
        })
        .collect()
}

/// How a step or an answer changed between two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
}

/// A property of a step that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepField {
    /// What to say.
    Text,
    /// Whether it is reachable from anywhere.
    Shared,
    /// The linked article.
    Article,
    /// The order of the answers that are in both versions.
    AnswerOrder,
}

/// One answer added, removed or changed (label, target or reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerDiff {
    /// What happened.
    pub change: DiffKind,
    /// Its position in the old step.
    pub old_index: Option<usize>,
    /// Its position in the new step.
    pub new_index: Option<usize>,
    /// As it was.
    pub old: Option<Answer>,
    /// As it is.
    pub new: Option<Answer>,
}

/// One step added, removed or changed, matched by key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepDiff {
    /// The step's key.
    pub key: String,
    /// What happened.
    pub change: DiffKind,
    /// The step's properties that changed (for `changed`).
    pub fields: Vec<StepField>,
    /// Its answers that changed (for `changed`).
    pub answers: Vec<AnswerDiff>,
    /// As it was.
    pub old: Option<Step>,
    /// As it is.
    pub new: Option<Step>,
}

/// A new first step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartChange {
    /// The old first step's key.
    pub old: String,
    /// The new one's.
    pub new: String,
}

/// What changed from one version to the next. Steps are matched by key, answers by label
/// (then by position, for a relabelled answer); moving steps in the editor's list is not a
/// change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptDiff {
    /// A new first step.
    pub start: Option<StartChange>,
    /// Changed and added steps in the new order, then removed ones in the old order.
    pub steps: Vec<StepDiff>,
}

impl ScriptDiff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.start.is_none() && self.steps.is_empty()
    }
}

fn first_by_key(g: &ScriptGraph) -> BTreeMap<&str, &Step> {
    let mut m = BTreeMap::new();
    for s in &g.steps {
        m.entry(s.key.as_str()).or_insert(s);
    }
    m
}

fn diff_answers(old: &[Answer], new: &[Answer]) -> (Vec<AnswerDiff>, bool) {
    // Match by label, first unused; then pair what is left at the same position.
    let mut old_used = vec![false; old.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut new_left = Vec::new();
    for (j, n) in new.iter().enumerate() {
        match (0..old.len()).find(|&i| !old_used[i] && old[i].label == n.label) {
            Some(i) => {
                old_used[i] = true;
                pairs.push((i, j));
            }
            None => new_left.push(j),
        }
    }
    // Relative order of the answers matched by label.
    let mut by_old = pairs.clone();
    by_old.sort_unstable();
    let reordered = by_old.windows(2).any(|w| w[0].1 > w[1].1);
    let mut added = Vec::new();
    for j in new_left {
        if j < old.len() && !old_used[j] {
            old_used[j] = true;
            pairs.push((j, j));
        } else {
            added.push(j);
        }
    }
    let mut out: Vec<AnswerDiff> = Vec::new();
    pairs.sort_by_key(|p| p.1);
    let mut changed_or_added: Vec<(usize, AnswerDiff)> = pairs
        .into_iter()
        .filter(|(i, j)| old[*i] != new[*j])
        .map(|(i, j)| {
            (
                j,
                AnswerDiff {
                    change: DiffKind::Changed,
                    old_index: Some(i),
                    new_index: Some(j),
                    old: Some(old[i].clone()),
                    new: Some(new[j].clone()),
                },
            )
        })
        .collect();
    changed_or_added.extend(added.into_iter().map(|j| {
        (
            j,
            AnswerDiff {
                change: DiffKind::Added,
                old_index: None,
                new_index: Some(j),
                old: None,
                new: Some(new[j].clone()),
            },
        )
    }));
    changed_or_added.sort_by_key(|(j, _)| *j);
    out.extend(changed_or_added.into_iter().map(|(_, d)| d));
    out.extend(
        old_used
            .iter()
            .enumerate()
            .filter(|(_, used)| !**used)
            .map(|(i, _)| AnswerDiff {
                change: DiffKind::Removed,
                old_index: Some(i),
                new_index: None,
                old: Some(old[i].clone()),
                new: None,
            }),
    );
    (out, reordered)
}

/// What changed from `old` to `new`.
pub fn diff(old: &ScriptGraph, new: &ScriptGraph) -> ScriptDiff {
    let old_steps = first_by_key(old);
    let new_steps = first_by_key(new);
    let mut steps = Vec::new();
    let mut done = BTreeSet::new();
    for n in &new.steps {
        if !done.insert(n.key.as_str()) {
            continue;
        }
        match old_steps.get(n.key.as_str()) {
            None => steps.push(StepDiff {
                key: n.key.clone(),
                change: DiffKind::Added,
                fields: Vec::new(),
                answers: Vec::new(),
                old: None,
                new: Some(n.clone()),
            }),
            Some(o) if *o == n => {}
            Some(o) => {
                let mut fields = Vec::new();
                if o.text != n.text {
                    fields.push(StepField::Text);
                }
                if o.shared != n.shared {
                    fields.push(StepField::Shared);
                }
                if o.article != n.article {
                    fields.push(StepField::Article);
                }
                let (answers, reordered) = diff_answers(&o.answers, &n.answers);
                if reordered {
                    fields.push(StepField::AnswerOrder);
                }
                if !fields.is_empty() || !answers.is_empty() {
                    steps.push(StepDiff {
                        key: n.key.clone(),
                        change: DiffKind::Changed,
                        fields,
                        answers,
                        old: Some((*o).clone()),
                        new: Some(n.clone()),
                    });
                }
            }
        }
    }
    let mut gone = BTreeSet::new();
    for o in &old.steps {
        if !new_steps.contains_key(o.key.as_str()) && gone.insert(o.key.as_str()) {
            steps.push(StepDiff {
                key: o.key.clone(),
                change: DiffKind::Removed,
                fields: Vec::new(),
                answers: Vec::new(),
                old: Some(o.clone()),
                new: None,
            });
        }
    }
    ScriptDiff {
        start: (old.start != new.start).then(|| StartChange {
            old: old.start.clone(),
            new: new.start.clone(),
        }),
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn step(key: &str, text: &str, answers: Vec<Answer>) -> Step {
        Step {
            key: key.into(),
            text: text.into(),
            answers,
            ..Default::default()
        }
    }
    fn to(label: &str, next: &str) -> Answer {
        Answer {
            label: label.into(),
            next: Some(next.into()),
            ..Default::default()
        }
    }
    fn ends(label: &str, o: Outcome) -> Answer {
        Answer {
            label: label.into(),
            outcome: Some(o),
            ..Default::default()
        }
    }
    fn codes(g: &ScriptGraph) -> Vec<(ProblemCode, Option<String>, Option<usize>)> {
        validate(g)
            .into_iter()
            .map(|p| (p.code, p.key, p.answer))
            .collect()
    }
    fn three_steps() -> ScriptGraph {
        ScriptGraph {
            start: "open".into(),
            steps: vec![
                step(
                    "open",
                    "{contact.name}様はいらっしゃいますか？",
                    vec![
                        to("本人", "pitch"),
                        ends("不在", Outcome::CallBack),
                        ends("出ない", Outcome::NoAnswer),
                    ],
                ),
                step(
                    "pitch",
                    "{member.company}の{member.name}です。",
                    vec![
                        ends("日程が決まった", Outcome::AppointmentSet),
                        to("忙しい", "busy"),
                    ],
                ),
                Step {
                    shared: true,
                    ..step(
                        "busy",
                        "改めてお電話します。",
                        vec![ends("了解", Outcome::CallBack)],
                    )
                },
            ],
        }
    }

    #[test]
    fn reads_the_demo_shape() {
        let g: ScriptGraph = serde_json::from_str(
            r#"{"start":"a","steps":[{"key":"a","text":"hi","shared":true,"article":3,
                "answers":[{"label":"x","next":"a"},{"label":"y","outcome":"not_interested","reason":"予算"}]}]}"#,
        )
        .unwrap();
        assert_eq!(g.steps[0].article, Some(ArticleId(3)));
        assert_eq!(g.steps[0].answers[1].outcome, Some(Outcome::NotInterested));
        assert!(validate(&g).is_empty(), "{:?}", validate(&g));
        let bad = serde_json::from_str::<ScriptGraph>(
            r#"{"start":"a","steps":[{"key":"a","answers":[{"label":"x","outcome":"maybe"}]}]}"#,
        );
        assert!(bad.is_err());
        let typo = serde_json::from_str::<ScriptGraph>(r#"{"start":"a","stepz":[]}"#);
        assert!(typo.is_err());
        // What is written equals what is read back.
        let back: ScriptGraph =
            serde_json::from_str(&serde_json::to_string(&three_steps()).unwrap()).unwrap();
        assert_eq!(back, three_steps());
    }

    #[test]
    fn a_sound_script_has_no_problems() {
        assert_eq!(codes(&three_steps()), vec![]);
    }

    #[test]
    fn finds_each_problem_and_names_its_step() {
        let mut g = three_steps();
        g.steps[0].text = "  ".into();
        g.steps[1].text = "{contact.name} {company} {company}".into();
        g.steps[1].answers[0].label = String::new();
        g.steps[1].answers.push(to("？", "nowhere"));
        g.steps.push(step(
            "orphan",
            "x",
            vec![Answer {
                label: "both".into(),
                next: Some("open".into()),
                outcome: Some(Outcome::CallBack),
                reason: Some("r".into()),
            }],
        ));
        g.steps.push(step("open", "dup", vec![Answer::default()]));
        let c = codes(&g);
        let has = |code, key: &str, a| c.contains(&(code, Some(key.to_owned()), a));
        assert!(has(ProblemCode::EmptyText, "open", None), "{c:?}");
        assert!(has(ProblemCode::UnknownVariable, "pitch", None));
        assert_eq!(
            c.iter()
                .filter(|p| p.0 == ProblemCode::UnknownVariable)
                .count(),
            1,
            "each unknown name once per step"
        );
        assert!(has(ProblemCode::EmptyLabel, "pitch", Some(0)));
        assert!(has(ProblemCode::MissingStep, "pitch", Some(2)));
        assert!(has(ProblemCode::BothTargets, "orphan", Some(0)));
        assert!(has(ProblemCode::ReasonNotAllowed, "orphan", Some(0)));
        assert!(has(ProblemCode::Unreachable, "orphan", None));
        assert!(has(ProblemCode::DuplicateKey, "open", None));
        assert!(has(ProblemCode::EmptyLabel, "open", Some(0)));
        assert!(has(ProblemCode::NoTarget, "open", Some(0)));
        let p = validate(&g)
            .into_iter()
            .find(|p| p.code == ProblemCode::MissingStep)
            .unwrap();
        assert_eq!(p.field(), "steps[1].answers[2].next");
        assert_eq!(p.detail.as_deref(), Some("nowhere"));
        assert_eq!(
            p.message(),
            "Step `pitch`, answer 3: the step `nowhere` does not exist."
        );
    }

    #[test]
    fn dead_ends_and_loops() {
        let mut g = three_steps();
        // A loop with no way out: pitch ⇄ loop.
        g.steps[1].answers = vec![to("続ける", "loop")];
        g.steps.push(step("loop", "…", vec![to("戻る", "pitch")]));
        g.steps.push(Step {
            shared: true,
            ..step("silent", "…", vec![])
        });
        let c = codes(&g);
        assert!(c.contains(&(ProblemCode::NoOutcome, Some("pitch".into()), None)));
        assert!(c.contains(&(ProblemCode::NoOutcome, Some("loop".into()), None)));
        assert!(c.contains(&(ProblemCode::NoAnswers, Some("silent".into()), None)));
        // open still ends (it has outcomes); busy ends; a jump to a shared step is no way out.
        assert!(!c.iter().any(|p| p.1.as_deref() == Some("open")));
        assert!(!c.iter().any(|p| p.0 == ProblemCode::Unreachable), "{c:?}");
    }

    #[test]
    fn start_problems() {
        let mut g = three_steps();
        g.start = String::new();
        assert_eq!(codes(&g), vec![(ProblemCode::MissingStart, None, None)]);
        g.start = "gone".into();
        let p = validate(&g);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, ProblemCode::UnknownStart);
        assert_eq!(p[0].field(), "start");
        assert!(codes(&ScriptGraph::default()).contains(&(ProblemCode::MissingStart, None, None)));
    }

    #[test]
    fn shared_steps_are_reachable_and_lead_on() {
        let mut g = three_steps();
        // Nothing points at busy, and busy points at a step nothing else reaches.
        g.steps[1].answers.pop();
        g.steps[2].answers.push(to("聞く", "later"));
        g.steps.push(step(
            "later",
            "…",
            vec![ends("ok", Outcome::AppointmentSet)],
        ));
        assert_eq!(codes(&g), vec![]);
        g.steps[2].shared = false;
        let c = codes(&g);
        assert!(c.contains(&(ProblemCode::Unreachable, Some("busy".into()), None)));
        assert!(c.contains(&(ProblemCode::Unreachable, Some("later".into()), None)));
    }

    #[test]
    fn limits() {
        let mut g = three_steps();
        g.steps[0].answers = (0..10)
            .map(|i| ends(&i.to_string(), Outcome::NoAnswer))
            .collect();
        g.steps[1].text = "あ".repeat(MAX_TEXT + 1);
        let c = codes(&g);
        assert!(c.contains(&(ProblemCode::TooManyAnswers, Some("open".into()), None)));
        assert!(c.contains(&(ProblemCode::TooLong, Some("pitch".into()), None)));
        g.steps[1].text = "あ".repeat(MAX_TEXT);
        assert!(!codes(&g).iter().any(|p| p.0 == ProblemCode::TooLong));
    }

    #[test]
    fn articles_must_exist() {
        let mut g = three_steps();
        g.steps[2].article = Some(ArticleId(7));
        let known: BTreeSet<ArticleId> = [ArticleId(1)].into();
        let p = article_problems(&g, &known);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field(), "steps[2].article");
        assert!(article_problems(&g, &[ArticleId(7)].into()).is_empty());
    }

    #[test]
    fn fills_known_variables_and_shows_unknown_ones() {
        let v = Vars {
            contact_name: "山田".into(),
            account_name: "さくら商事".into(),
            member_name: "佐藤".into(),
            member_company: "Baton".into(),
        };
        assert_eq!(
            fill(
                "{member.company}の{member.name}です。{contact.name}様、{account.name}",
                &v
            ),
            "Batonの佐藤です。山田様、さくら商事"
        );
        assert_eq!(
            fill("{contact.nam} {} { x } {", &v),
            "{contact.nam} {} { x } {"
        );
        assert_eq!(fill("{{contact.name}}", &v), "{山田}");
        // A value is not read as a variable again.
        let tricky = Vars {
            contact_name: "{member.name}".into(),
            ..v
        };
        assert_eq!(fill("{contact.name}", &tricky), "{member.name}");
        assert_eq!(unknown_variables("{a.b} {contact.name} {1}"), vec!["a.b"]);
    }

    #[test]
    fn diff_lists_steps_and_answers() {
        let old = three_steps();
        let mut new = three_steps();
        new.steps[0].text = "もしもし".into();
        new.steps[0].answers[1].outcome = Some(Outcome::WrongContact); // 不在: changed
        new.steps[0].answers.remove(2); // 出ない: removed
        new.steps[0].answers.push(ends("留守電", Outcome::NoAnswer)); // relabelled at index 2
        new.steps[1].answers.push(to("資料", "material"));
        new.steps[1].answers.swap(0, 1);
        new.steps.remove(2);
        new.steps
            .push(step("material", "…", vec![ends("ok", Outcome::CallBack)]));
        new.start = "pitch".into();
        let d = diff(&old, &new);
        assert_eq!(
            d.start,
            Some(StartChange {
                old: "open".into(),
                new: "pitch".into()
            })
        );
        let kinds: Vec<_> = d.steps.iter().map(|s| (s.key.as_str(), s.change)).collect();
        assert_eq!(
            kinds,
            [
                ("open", DiffKind::Changed),
                ("pitch", DiffKind::Changed),
                ("material", DiffKind::Added),
                ("busy", DiffKind::Removed)
            ]
        );
        let open = &d.steps[0];
        assert_eq!(open.fields, [StepField::Text]);
        let a: Vec<_> = open
            .answers
            .iter()
            .map(|a| (a.change, a.old_index, a.new_index))
            .collect();
        assert_eq!(
            a,
            [
                (DiffKind::Changed, Some(1), Some(1)),
                (DiffKind::Changed, Some(2), Some(2))
            ]
        );
        let pitch = &d.steps[1];
        assert_eq!(pitch.fields, [StepField::AnswerOrder]);
        assert_eq!(pitch.answers.len(), 1);
        assert_eq!(pitch.answers[0].change, DiffKind::Added);
        assert_eq!(pitch.answers[0].new_index, Some(2));
        assert!(diff(&old, &old).is_empty());
        // Moving a step in the list is not a change.
        let mut moved = old.clone();
        moved.steps.swap(0, 2);
        assert!(diff(&old, &moved).is_empty());
    }

    #[test]
    fn removed_answers_are_listed() {
        let old = three_steps();
        let mut new = three_steps();
        new.steps[0].answers.truncate(1);
        let d = diff(&old, &new);
        let a: Vec<_> = d.steps[0]
            .answers
            .iter()
            .map(|a| (a.change, a.old_index))
            .collect();
        assert_eq!(
            a,
            [(DiffKind::Removed, Some(1)), (DiffKind::Removed, Some(2))]
        );
    }

    // --- property tests ---

    /// A random graph over a few keys, with some of every fault.
    fn any_graph() -> impl Strategy<Value = ScriptGraph> {
        let answer = (0u8..10, 0usize..8, 0usize..5, any::<bool>()).prop_map(
            |(kind, step, outcome, empty_label)| Answer {
                label: if empty_label && kind == 0 {
                    String::new()
                } else {
                    format!("a{kind}")
                },
                next: (kind < 6).then(|| format!("s{step}")),
                outcome: (kind >= 5).then(|| Outcome::ALL[outcome]),
                reason: None,
            },
        );
        let step = (
            0usize..7,
            0u8..12,
            prop::bool::weighted(0.2),
            prop::collection::vec(answer, 0..4),
        )
            .prop_map(|(key, text, shared, answers)| Step {
                key: format!("s{key}"),
                text: match text {
                    0 => String::new(),
                    1 => "{bogus}".into(),
                    2 => "{contact.name}様".into(),
                    _ => format!("t{text}"),
                },
                shared,
                article: None,
                answers,
            });
        (prop::collection::vec(step, 1..8), 0usize..8).prop_map(|(steps, start)| ScriptGraph {
            start: format!("s{start}"),
            steps,
        })
    }

    /// A graph with unique keys, sound text and labels, and answers that lead to steps of
    /// the graph or end: only its shape (reachability, dead ends) can be at fault.
    fn shaped_graph() -> impl Strategy<Value = ScriptGraph> {
        (1usize..8)
            .prop_flat_map(|n| {
                let answer = (prop::bool::weighted(0.3), 0..n, 0usize..5);
                let step = (
                    prop::bool::weighted(0.2),
                    prop::collection::vec(answer, 0..4),
                );
                (prop::collection::vec(step, n), 0..n)
            })
            .prop_map(|(steps, start)| ScriptGraph {
                start: format!("s{start}"),
                steps: steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (shared, answers))| Step {
                        key: format!("s{i}"),
                        text: "{account.name}様".into(),
                        shared,
                        article: None,
                        answers: answers
                            .into_iter()
                            .map(|(end, next, outcome)| {
                                if end {
                                    ends("end", Outcome::ALL[outcome])
                                } else {
                                    to("next", &format!("s{next}"))
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
    }

    /// A graph sound by construction: steps in a line, each with an outcome or a way on to a
    /// later step that has one, plus back edges and shared objection steps.
    fn sound_graph() -> impl Strategy<Value = ScriptGraph> {
        (2usize..10)
            .prop_flat_map(|n| {
                (
                    Just(n),
                    prop::collection::vec((0usize..5, any::<bool>(), 0usize..10), n),
                )
            })
            .prop_map(|(n, shape)| {
                let steps = shape
                    .iter()
                    .enumerate()
                    .map(|(i, (outcome, shared, back))| {
                        let mut answers = Vec::new();
                        if i + 1 < n {
                            answers.push(to("next", &format!("s{}", i + 1)));
                        }
                        if i + 1 == n || *outcome < 2 {
                            answers.push(ends("end", Outcome::ALL[*outcome]));
                        }
                        answers.push(to("back", &format!("s{}", back % (i + 1))));
                        Step {
                            key: format!("s{i}"),
                            text: "{member.name}です".into(),
                            shared: *shared && i > 0,
                            article: None,
                            answers,
                        }
                    })
                    .collect();
                ScriptGraph {
                    start: "s0".into(),
                    steps,
                }
            })
    }

    /// Reachable steps by a naive fixpoint, independent of `validate`'s search.
    fn naive_reachable(g: &ScriptGraph) -> Vec<bool> {
        let pos = |k: &str| g.steps.iter().position(|s| s.key == k);
        let mut r: Vec<bool> = g.steps.iter().map(|s| s.shared).collect();
        if let Some(i) = pos(&g.start) {
            r[i] = true;
        }
        loop {
            let mut changed = false;
            for i in 0..g.steps.len() {
                if !r[i] {
                    continue;
                }
                for a in &g.steps[i].answers {
                    if let Some(j) = a.next.as_deref().and_then(pos)
                        && !r[j]
                    {
                        r[j] = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                return r;
            }
        }
    }

    fn naive_ends(g: &ScriptGraph) -> Vec<bool> {
        let pos = |k: &str| g.steps.iter().position(|s| s.key == k);
        let mut e = vec![false; g.steps.len()];
        loop {
            let mut changed = false;
            for i in 0..g.steps.len() {
                if e[i] {
                    continue;
                }
                let ok = g.steps[i].answers.iter().any(|a| {
                    a.outcome.is_some() || a.next.as_deref().and_then(pos).is_some_and(|j| e[j])
                });
                if ok {
                    e[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return e;
            }
        }
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("{contact.name}".to_owned()),
                Just("{account.name}".to_owned()),
                Just("{member.name}".to_owned()),
                Just("{member.company}".to_owned()),
                Just("{".to_owned()),
                Just("}".to_owned()),
                Just("{x.y}".to_owned()),
                "[a-z.{}]{0,6}",
                "\\PC{0,8}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        // About one graph in ten of these is sound: enough cases that many are.
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Any graph with no problems has every step reachable and an outcome reachable from
        /// every step.
        #[test]
        fn sound_means_reachable_and_ending(g in prop_oneof![1 => any_graph(), 3 => shaped_graph()]) {
            if validate(&g).is_empty() {
                prop_assert!(naive_reachable(&g).iter().all(|r| *r), "{g:?}");
                prop_assert!(naive_ends(&g).iter().all(|e| *e), "{g:?}");
                prop_assert!(g.steps.iter().all(|s| !s.answers.is_empty()));
            }
        }

        /// Conversely, a step unreachable or without an outcome is always reported.
        #[test]
        fn faults_are_reported(g in prop_oneof![1 => any_graph(), 3 => shaped_graph()]) {
            let p = validate(&g);
            let keys_unique = {
                let mut k: Vec<_> = g.steps.iter().map(|s| &s.key).collect();
                k.sort();
                k.dedup();
                k.len() == g.steps.len()
            };
            if keys_unique && g.steps.iter().any(|s| s.key == g.start) {
                for (i, r) in naive_reachable(&g).iter().enumerate() {
                    prop_assert_eq!(
                        !r,
                        p.iter().any(|x| x.code == ProblemCode::Unreachable && x.step == Some(i))
                    );
                }
            }
            if keys_unique {
                for (i, e) in naive_ends(&g).iter().enumerate() {
                    let reported = p.iter().any(|x| {
                        matches!(x.code, ProblemCode::NoOutcome | ProblemCode::NoAnswers)
                            && x.step == Some(i)
                    });
                    prop_assert_eq!(!e, reported);
                }
            }
        }

        /// Graphs built sound pass, and stay sound through JSON.
        #[test]
        fn built_sound_graphs_pass(g in sound_graph()) {
            prop_assert_eq!(validate(&g), vec![]);
            let back: ScriptGraph = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
            prop_assert_eq!(back, g);
        }

        /// Breaking one step of a sound graph is reported at that step.
        #[test]
        fn cutting_answers_is_reported(g in sound_graph(), which in 0usize..10) {
            let mut g = g;
            let i = which % g.steps.len();
            g.steps[i].answers.clear();
            let p = validate(&g);
            prop_assert!(p.iter().any(|x| x.code == ProblemCode::NoAnswers && x.step == Some(i)));
        }

        /// `fill` never panics and replaces every known variable: each value (a sentinel)
        /// appears once per known placeholder, and with empty values exactly the placeholders
        /// go.
        #[test]
        fn fill_replaces_every_known_variable(text in text_strategy()) {
            let v = Vars {
                contact_name: "\u{1}c".into(),
                account_name: "\u{1}a".into(),
                member_name: "\u{1}n".into(),
                member_company: "\u{1}m".into(),
            };
            let out = fill(&text, &v);
            let known: Vec<Var> = pieces(&text)
                .iter()
                .filter_map(|p| match p {
                    Piece::Placeholder(n) => Var::parse(n),
                    _ => None,
                })
                .collect();
            for var in Var::ALL {
                let want = known.iter().filter(|k| **k == var).count();
                let got = out.matches(v.get(var)).count() - text.matches(v.get(var)).count();
                prop_assert_eq!(got, want, "{:?} in {:?} → {:?}", var, text, out);
            }
            let removed: usize = known.iter().map(|k| k.as_str().len() + 2).sum();
            prop_assert_eq!(fill(&text, &Vars::default()).len(), text.len() - removed);
        }

        /// In text whose braces are all placeholders, no known variable is left after filling,
        /// and every unknown one is left as written.
        #[test]
        fn fill_leaves_no_known_placeholder(
            parts in prop::collection::vec(prop_oneof![
                Just("{contact.name}".to_owned()),
                Just("{account.name}".to_owned()),
                Just("{member.name}".to_owned()),
                Just("{member.company}".to_owned()),
                Just("{contact.title}".to_owned()),
                "[^{}]{0,6}",
            ], 0..12),
            values in prop::collection::vec("[^{}]{0,6}", 4),
        ) {
            let text = parts.concat();
            let v = Vars {
                contact_name: values[0].clone(),
                account_name: values[1].clone(),
                member_name: values[2].clone(),
                member_company: values[3].clone(),
            };
            let out = fill(&text, &v);
            prop_assert!(pieces(&out).iter().all(|p| match p {
                Piece::Placeholder(n) => Var::parse(n).is_none(),
                Piece::Text(_) => true,
            }), "{:?} → {:?}", text, out);
            prop_assert_eq!(unknown_variables(&out), unknown_variables(&text));
        }
    }
}
