//! Routing: which member gets the next lead, appointment or won account.
//!
//! Among the members who hold the role for the account's territory and segment, the ones who
//! are absent or at a capacity (open items, new items today) are skipped; the rest share the
//! work by weight. At each item every eligible member's *credit* grows by its weight, and the
//! chosen member gives back the total weight of the eligible, so a credit is the member's lag
//! behind its share (in items, times the total weight). Who is chosen follows Tijdeman's
//! solution of the chairman assignment problem: among the members at least `1/(2n−2)` of an
//! item behind (n eligible), the one whose lag would first pass `1 − 1/(2n−2)`. Each member's
//! count stays less than one item from its weight's share at every point of any run with the
//! same team. (Smooth weighted round-robin, "the most credit", does not keep that bound.)
//!
//! Only the eligible gain credit, so a member who was absent or full comes back with the credit
//! they left with: no burst of catch-up work.
//!
//! Pure: the server gathers the candidates and stores the credits and the decision.

use crate::MemberId;
use serde::{Deserialize, Serialize};

/// Largest weight.
pub const MAX_WEIGHT: u32 = 100;

/// A member who holds the role, with what routing needs to know about them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The member.
    pub member: MemberId,
    /// Share of the work, 1–100.
    pub weight: u32,
    /// Routing state: the member's credit in this role.
    pub credit: i64,
    /// Whether they cover the account's territory and segment.
    pub covers: bool,
    /// Whether they are absent today.
    pub absent: bool,
    /// Open items they hold in this role now.
    pub open: u32,
    /// Most open items at once (none: no limit).
    pub capacity_open: Option<u32>,
    /// Items routed to them today in this role.
    pub today: u32,
    /// Most new items a day (none: no limit).
    pub capacity_daily: Option<u32>,
}

/// Why a member was or was not chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Chosen: the most credit among the eligible.
    Chosen,
    /// Eligible; another member had more credit.
    Waiting,
    /// Does not cover the account's territory or segment.
    NotCovering,
    /// Absent today.
    Absent,
    /// At their limit of open items.
    FullOpen,
    /// At their limit of new items today.
    FullToday,
}

/// One member's part in a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Considered {
    /// The member.
    pub member: MemberId,
    /// What happened to them.
    pub verdict: Verdict,
    /// For eligible members, their credit after the decision (to store).
    pub credit: Option<i64>,
}

/// The outcome of one routing choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The member chosen, if anyone was eligible.
    pub chosen: Option<MemberId>,
    /// Every candidate with its verdict, in the order given.
    pub considered: Vec<Considered>,
}

fn weight(c: &Candidate) -> i64 {
    i64::from(c.weight.clamp(1, MAX_WEIGHT))
}

fn verdict_before_choice(c: &Candidate) -> Option<Verdict> {
    if !c.covers {
        Some(Verdict::NotCovering)
    } else if c.absent {
        Some(Verdict::Absent)
    } else if c.capacity_open.is_some_and(|cap| c.open >= cap) {
        Some(Verdict::FullOpen)
    } else if c.capacity_daily.is_some_and(|cap| c.today >= cap) {
        Some(Verdict::FullToday)
    } else {
        None
    }
}

/// Chooses among `candidates` (see the module): after each eligible member gains its weight,
/// the member due first among those far enough behind (ties: fewer open items, then the
/// smaller member id). If nobody is far enough behind (credits carried over from when others
/// were away), the most credit.
pub fn choose(candidates: &[Candidate]) -> Decision {
    let eligible: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| verdict_before_choice(c).is_none())
        .collect();
    let total: i64 = eligible.iter().map(|c| weight(c)).sum();
    let chosen = pick(&eligible, total).map(|c| c.member);
    let considered = candidates
        .iter()
        .map(|c| match verdict_before_choice(c) {
            Some(verdict) => Considered {
                member: c.member,
                verdict,
                credit: None,
            },
            None if chosen == Some(c.member) => Considered {
                member: c.member,
                verdict: Verdict::Chosen,
                credit: Some(c.credit + weight(c) - total),
            },
            None => Considered {
                member: c.member,
                verdict: Verdict::Waiting,
                credit: Some(c.credit + weight(c)),
            },
        })
        .collect();
    Decision { chosen, considered }
}

/// Tijdeman's rule over credits scaled by the total weight: with `m = 2n − 2`, a member may be
/// chosen when `credit · m ≥ total`, and is due at `(total · (m − 1) − credit · m) / weight`.
fn pick<'a>(eligible: &[&'a Candidate], total: i64) -> Option<&'a Candidate> {
    let m = i128::try_from(eligible.len().max(2) * 2 - 2).unwrap_or(i128::MAX);
    let total = i128::from(total);
    let gained = |c: &Candidate| i128::from(c.credit + weight(c));
    let tie = |c: &Candidate| (c.open, c.member);
    let due = eligible
        .iter()
        .copied()
        .filter(|c| gained(c) * m >= total)
        .min_by(|a, b| {
            // Compare (total·(m−1) − gained·m) / weight across members without dividing.
            let lhs = (total * (m - 1) - gained(a) * m) * i128::from(weight(b));
            let rhs = (total * (m - 1) - gained(b) * m) * i128::from(weight(a));
            lhs.cmp(&rhs).then_with(|| tie(a).cmp(&tie(b)))
        });
    due.or_else(|| {
        eligible
            .iter()
            .copied()
            .max_by(|a, b| gained(a).cmp(&gained(b)).then_with(|| tie(b).cmp(&tie(a))))
    })
}

/// Applies a decision's credits to the candidates it was made from (for routing many items in
/// a row in memory).
pub fn apply(candidates: &mut [Candidate], decision: &Decision) {
    for (c, d) in candidates.iter_mut().zip(&decision.considered) {
        if let Some(credit) = d.credit {
            c.credit = credit;
        }
        if d.verdict == Verdict::Chosen {
            c.open += 1;
            c.today += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn member(id: i64, weight: u32) -> Candidate {
        Candidate {
            member: MemberId(id),
            weight,
            credit: 0,
            covers: true,
            absent: false,
            open: 0,
            capacity_open: None,
            today: 0,
            capacity_daily: None,
        }
    }

    /// Runs `n` assignments, storing credits and counting items like the server does.
    fn run(team: &mut [Candidate], n: usize) -> Vec<u32> {
        let mut counts = vec![0u32; team.len()];
        for _ in 0..n {
            let d = choose(team);
            let Some(chosen) = d.chosen else { break };
            apply(team, &d);
            counts[team.iter().position(|c| c.member == chosen).unwrap()] += 1;
        }
        counts
    }

    #[test]
    fn equal_weights_take_turns() {
        let mut team = vec![member(1, 1), member(2, 1), member(3, 1)];
        let order: Vec<i64> = (0..6)
            .map(|_| {
                let d = choose(&team);
                apply(&mut team, &d);
                d.chosen.unwrap().0
            })
            .collect();
        assert_eq!(order, [1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn a_team_where_round_robin_drifted_stays_within_one_item() {
        // Smooth weighted round-robin let a weight-9 member fall 1.03 items behind here.
        let weights = [3, 1, 9, 9, 9];
        let mut team: Vec<Candidate> = (1..).zip(weights).map(|(i, w)| member(i, w)).collect();
        let total: u32 = weights.iter().sum();
        let mut counts = [0u32; 5];
        for k in 1..=300u32 {
            let d = choose(&team);
            apply(&mut team, &d);
            let i = team
                .iter()
                .position(|c| Some(c.member) == d.chosen)
                .unwrap();
            counts[i] += 1;
            for (count, w) in counts.iter().zip(weights) {
                let expected = f64::from(k * w) / f64::from(total);
                assert!(
                    (f64::from(*count) - expected).abs() < 1.0,
                    "{counts:?} at {k}"
                );
            }
        }
    }

    #[test]
    fn weights_split_the_work() {
        let mut team = vec![member(1, 3), member(2, 1)];
        assert_eq!(run(&mut team, 400), [300, 100]);
    }

    #[test]
    fn the_absent_the_full_and_the_uncovering_are_skipped_and_say_why() {
        let mut team = vec![
            member(1, 1),
            member(2, 1),
            member(3, 1),
            member(4, 1),
            member(5, 1),
        ];
        team[0].absent = true;
        team[1].capacity_open = Some(5);
        team[1].open = 5;
        team[2].capacity_daily = Some(2);
        team[2].today = 2;
        team[3].covers = false;
        let d = choose(&team);
        assert_eq!(d.chosen, Some(MemberId(5)));
        let verdicts: Vec<Verdict> = d.considered.iter().map(|c| c.verdict).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Absent,
                Verdict::FullOpen,
                Verdict::FullToday,
                Verdict::NotCovering,
                Verdict::Chosen
            ]
        );
    }

    #[test]
    fn nobody_eligible_chooses_nobody() {
        let mut a = member(1, 1);
        a.absent = true;
        let d = choose(&[a]);
        assert_eq!(d.chosen, None);
        assert_eq!(d.considered[0].credit, None);
        assert!(choose(&[]).chosen.is_none());
    }

    #[test]
    fn back_from_absence_is_no_burst() {
        let mut team = vec![member(1, 1), member(2, 1), member(3, 1)];
        team[2].absent = true;
        run(&mut team, 200);
        team[2].absent = false;
        // Three members of equal weight: over the next 30 items the returning member gets its
        // share (10), give or take one, not the 100 it "missed".
        let counts = run(&mut team, 30);
        assert!((9..=11).contains(&counts[2]), "{counts:?}");
    }

    prop_compose! {
        fn team()(weights in prop::collection::vec(1u32..=10, 1..8)) -> Vec<Candidate> {
            weights.iter().enumerate().map(|(i, w)| member(i as i64 + 1, *w)).collect()
        }
    }

    proptest! {
        /// At every point of any run of assignments, each member's count is at most one item
        /// away from its weight's share.
        #[test]
        fn shares_track_weights(mut team in team(), n in 1usize..600) {
            let total: u32 = team.iter().map(|c| c.weight).sum();
            let weights: Vec<u32> = team.iter().map(|c| c.weight).collect();
            let mut counts = vec![0u32; team.len()];
            for k in 1..=n {
                let d = choose(&team);
                apply(&mut team, &d);
                let i = team.iter().position(|c| Some(c.member) == d.chosen).unwrap();
                counts[i] += 1;
                for (count, w) in counts.iter().zip(&weights) {
                    let expected = k as f64 * f64::from(*w) / f64::from(total);
                    prop_assert!((f64::from(*count) - expected).abs() <= 1.0,
                        "weight {w}: {count} items, expected {expected:.2} of {k}");
                }
            }
        }

        /// Whatever the absences and limits, the chosen member is eligible, and someone is
        /// chosen whenever anyone is eligible.
        #[test]
        fn never_an_absent_or_full_member(
            mut team in team(),
            steps in prop::collection::vec((0usize..8, 0u8..4), 1..300),
        ) {
            for (who, what) in steps {
                let i = who % team.len();
                match what {
                    0 => team[i].absent = !team[i].absent,
                    1 => team[i].capacity_open = Some(team[i].open + 1),
                    2 => team[i].capacity_daily = Some(team[i].today),
                    _ => {}
                }
                let d = choose(&team);
                let eligible: Vec<MemberId> = team
                    .iter()
                    .filter(|c| verdict_before_choice(c).is_none())
                    .map(|c| c.member)
                    .collect();
                prop_assert_eq!(d.chosen.is_some(), !eligible.is_empty());
                if let Some(m) = d.chosen {
                    prop_assert!(eligible.contains(&m));
                }
                apply(&mut team, &d);
            }
        }

        /// A member back after any absence gets its share of what follows, plus at most two
        /// items, however long it was away.
        #[test]
        fn no_burst_after_absence(mut team in team(), away in 0usize..500, after in 1usize..100) {
            prop_assume!(team.len() >= 2);
            team[0].absent = true;
            run(&mut team, away);
            team[0].absent = false;
            let total: u32 = team.iter().map(|c| c.weight).sum();
            let share = after as f64 * f64::from(team[0].weight) / f64::from(total);
            let counts = run(&mut team, after);
            prop_assert!(f64::from(counts[0]) <= share + 2.0, "{} > {share:.1} + 2", counts[0]);
        }
    }
}
