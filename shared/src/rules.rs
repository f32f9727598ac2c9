//! Who may move a deal where: the stage rules that the server enforces and the browser uses to
//! show only the moves that will be accepted.
//!
//! A manager may move any deal anywhere. Anyone else must hold the role that owns the deal's
//! current stage, and may move it to any stage their role owns, or hand it over: to the first
//! stage after their own run of stages, when that stage is open (an appointer moves "appointment
//! set" on to "meeting held", never straight into "won").

use crate::Role;
use crate::api::StageKind;

/// What the rules need to know of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageRule {
    /// The role that works deals in the stage.
    pub owning_role: Role,
    /// Open, won or lost.
    pub kind: StageKind,
}

/// Whether a member holding `roles` may move a deal from `stages[from]` to `stages[to]`
/// (`stages` in pipeline order). Out-of-range indexes are never allowed.
pub fn may_move(roles: &[Role], stages: &[StageRule], from: usize, to: usize) -> bool {
    let (Some(f), Some(t)) = (stages.get(from), stages.get(to)) else {
        return false;
    };
    if roles.contains(&Role::Manager) {
        return true;
    }
    if !roles.contains(&f.owning_role) {
        return false;
    }
    if roles.contains(&t.owning_role) {
        return true;
    }
    handoff_target(stages, from) == Some(to)
}

/// The stage a deal in `stages[from]` is handed over to: the first stage after the run of stages
/// owned by the same role, if that stage is open.
pub fn handoff_target(stages: &[StageRule], from: usize) -> Option<usize> {
    let role = stages.get(from)?.owning_role;
    let next = (from..stages.len()).find(|&i| stages[i].owning_role != role)?;
    (stages[next].kind == StageKind::Open).then_some(next)
}

/// Whether a move from `from` to `to` passes the deal from one role to another.
pub fn is_handoff(stages: &[StageRule], from: usize, to: usize) -> bool {
    match (stages.get(from), stages.get(to)) {
        (Some(f), Some(t)) => f.owning_role != t.owning_role,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;
    use StageKind::*;

    /// The default sales pipeline: lead, contacting, appointment set (appointer); meeting,
    /// proposal, negotiation, won, lost (closer).
    fn sales() -> Vec<StageRule> {
        [
            (Appointer, Open),
            (Appointer, Open),
            (Appointer, Open),
            (Closer, Open),
            (Closer, Open),
            (Closer, Open),
            (Closer, Won),
            (Closer, Lost),
        ]
        .into_iter()
        .map(|(owning_role, kind)| StageRule { owning_role, kind })
        .collect()
    }

    #[test]
    fn managers_move_anything() {
        let s = sales();
        for from in 0..s.len() {
            for to in 0..s.len() {
                assert!(may_move(&[Manager], &s, from, to));
            }
        }
    }

    #[test]
    fn appointers_work_their_stages_and_hand_over_the_appointment() {
        let s = sales();
        assert!(may_move(&[Appointer], &s, 0, 2));
        assert!(may_move(&[Appointer], &s, 2, 0));
        assert!(
            may_move(&[Appointer], &s, 2, 3),
            "appointment set → meeting held is the hand-off"
        );
        assert!(may_move(&[Appointer], &s, 0, 3), "from any of their stages");
        assert!(!may_move(&[Appointer], &s, 2, 6), "never straight into won");
        assert!(!may_move(&[Appointer], &s, 2, 4));
        assert!(
            !may_move(&[Appointer], &s, 3, 4),
            "not a deal in a closer's stage"
        );
        assert!(is_handoff(&s, 2, 3));
        assert!(!is_handoff(&s, 0, 2));
    }

    #[test]
    fn closers_work_their_stages_and_cannot_send_deals_back() {
        let s = sales();
        assert!(may_move(&[Closer], &s, 3, 6), "to won");
        assert!(may_move(&[Closer], &s, 5, 7), "to lost");
        assert!(may_move(&[Closer], &s, 6, 4), "reopen");
        assert!(
            !may_move(&[Closer], &s, 3, 2),
            "back to the appointer: a rejected hand-off, not a drag"
        );
        assert!(
            !may_move(&[Closer], &s, 0, 1),
            "not a deal in an appointer's stage"
        );
        assert_eq!(
            handoff_target(&s, 3),
            None,
            "won ends the run: no open stage after the closer's"
        );
    }

    #[test]
    fn other_roles_and_bad_indexes() {
        let s = sales();
        assert!(!may_move(&[Admin], &s, 0, 1));
        assert!(!may_move(&[Success], &s, 3, 4));
        assert!(!may_move(&[Manager], &s, 0, 99));
        assert!(
            may_move(&[Appointer, Closer], &s, 0, 6),
            "both roles: the whole pipeline"
        );
    }
}
