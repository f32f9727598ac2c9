//! The coverage gaps of the matrix in words: for each routed role and reason (nobody covers,
//! or everyone covering is away today), the places it concerns, grouped by territory ("中部
//! (all segments)", "首都圏 × エンタープライズ") or "every territory and segment".

use super::TeamCtx;
use crate::i18n::{self, Msg, use_i18n};
use leptos::prelude::*;
use shared::Role;
use shared::api::{CoverageGap, GapReason, Segment, Territory};

/// Territories with the segments a gap concerns (`None`: all of them); `None` overall: every
/// territory and segment.
pub(super) type Places = Option<Vec<i18n::GapPlace>>;

/// One warning: a role, why, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct GapLine {
    /// The role nobody is available for.
    pub role: Role,
    /// Everyone covering is away (else: nobody covers).
    pub all_absent: bool,
    /// Where.
    pub places: Places,
}

/// Groups the gaps by role (appointer, closer, success) and reason (nobody first), then by
/// territory in the team's order; names come from the lists (an unknown id shows as `#id`).
pub(super) fn group(
    gaps: &[CoverageGap],
    territories: &[Territory],
    segments: &[Segment],
) -> Vec<GapLine> {
    let t_name = |id: shared::TerritoryId| {
        territories
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| format!("#{id}"), |t| t.name.clone())
    };
    let s_name = |id: shared::SegmentId| {
        segments
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("#{id}"), |s| s.name.clone())
    };
    // Territories and segments in the lists' order, then any the lists do not know.
    let mut t_order: Vec<shared::TerritoryId> = territories.iter().map(|t| t.id).collect();
    let mut s_order: Vec<shared::SegmentId> = segments.iter().map(|s| s.id).collect();
    for g in gaps {
        if !t_order.contains(&g.territory_id) {
            t_order.push(g.territory_id);
        }
        if !s_order.contains(&g.segment_id) {
            s_order.push(g.segment_id);
        }
    }
    let mut out = Vec::new();
    for role in [Role::Appointer, Role::Closer, Role::Success] {
        for reason in [GapReason::Nobody, GapReason::AllAbsent] {
            let here: Vec<&CoverageGap> = gaps
                .iter()
                .filter(|g| g.role == role && g.reason == reason)
                .collect();
            if here.is_empty() {
                continue;
            }
            let mut places = Vec::new();
            let mut everywhere = true;
            for &t in &t_order {
                let segs: Vec<shared::SegmentId> = s_order
                    .iter()
                    .copied()
                    .filter(|s| {
                        here.iter()
                            .any(|g| g.territory_id == t && g.segment_id == *s)
                    })
                    .collect();
                if segs.len() != s_order.len() {
                    everywhere = false;
                }
                if segs.is_empty() {
                    continue;
                }
                let which = (segs.len() != s_order.len())
                    .then(|| segs.iter().map(|s| s_name(*s)).collect());
                places.push((t_name(t), which));
            }
            out.push(GapLine {
                role,
                all_absent: reason == GapReason::AllAbsent,
                places: (!everywhere).then_some(places),
            });
        }
    }
    out
}

/// The gap warnings panel.
#[component]
pub(super) fn GapWarnings() -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let i18n = use_i18n();
    let lines = move || {
        let gaps = ctx
            .matrix
            .with(|m| m.as_ref().map(|m| m.gaps.clone()).unwrap_or_default());
        ctx.territories
            .with(|t| ctx.segments.with(|s| group(&gaps, t, s)))
    };
    view! {
        <section class="panel team-gaps" aria-labelledby="team-gaps-heading">
            <h2 id="team-gaps-heading" class="panel__title">{i18n.tr(Msg::CoverageGaps)}</h2>
            {move || {
                let locale = i18n.locale();
                let lines = lines();
                if lines.is_empty() {
                    view! { <p class="team-gaps__none">{i18n.tr(Msg::NoGaps)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="team-gaps__list">
                            {lines
                                .into_iter()
                                .map(|l| {
                                    let places = i18n::gap_places(locale, l.places.as_deref());
                                    view! {
                                        <li class="team-gaps__item">
                                            {i18n::gap_line(locale, l.role, l.all_absent, &places)}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Locale, SegmentId, TerritoryId};

    fn t(id: i64, name: &str) -> Territory {
        Territory {
            id: TerritoryId(id),
            name: name.into(),
        }
    }

    fn s(id: i64, name: &str) -> Segment {
        Segment {
            id: SegmentId(id),
            name: name.into(),
            contact_interval_days: None,
        }
    }

    fn gap(t: i64, s: i64, role: Role, reason: GapReason) -> CoverageGap {
        CoverageGap {
            territory_id: TerritoryId(t),
            segment_id: SegmentId(s),
            role,
            reason,
        }
    }

    #[test]
    fn grouped_by_role_reason_and_territory() {
        let ts = [t(1, "Kanto"), t(2, "Kansai")];
        let ss = [s(1, "Enterprise"), s(2, "SMB")];
        let gaps = [
            gap(2, 1, Role::Closer, GapReason::AllAbsent),
            gap(2, 2, Role::Closer, GapReason::AllAbsent),
            gap(1, 2, Role::Closer, GapReason::Nobody),
            gap(1, 1, Role::Success, GapReason::Nobody),
            gap(1, 2, Role::Success, GapReason::Nobody),
            gap(2, 1, Role::Success, GapReason::Nobody),
            gap(2, 2, Role::Success, GapReason::Nobody),
        ];
        let lines = group(&gaps, &ts, &ss);
        assert_eq!(
            lines,
            [
                GapLine {
                    role: Role::Closer,
                    all_absent: false,
                    places: Some(vec![("Kanto".into(), Some(vec!["SMB".into()]))]),
                },
                GapLine {
                    role: Role::Closer,
                    all_absent: true,
                    places: Some(vec![("Kansai".into(), None)]),
                },
                GapLine {
                    role: Role::Success,
                    all_absent: false,
                    places: None,
                },
            ]
        );
        let words: Vec<String> = lines
            .iter()
            .map(|l| {
                let p = i18n::gap_places(Locale::En, l.places.as_deref());
                i18n::gap_line(Locale::En, l.role, l.all_absent, &p)
            })
            .collect();
        assert_eq!(
            words,
            [
                "Closer: nobody covers Kanto × SMB",
                "Closer: everyone covering Kansai (all segments) is away today",
                "Customer success: nobody covers every territory and segment",
            ]
        );
        let ja = i18n::gap_places(Locale::Ja, lines[1].places.as_deref());
        assert_eq!(
            i18n::gap_line(Locale::Ja, Role::Closer, true, &ja),
            "クローザー: 担当者が全員本日不在です — Kansai（すべての顧客グループ）"
        );
    }

    #[test]
    fn no_gaps_no_lines_and_unknown_ids_by_number() {
        assert!(group(&[], &[t(1, "Kanto")], &[s(1, "SMB")]).is_empty());
        let lines = group(
            &[gap(9, 1, Role::Appointer, GapReason::Nobody)],
            &[t(1, "Kanto")],
            &[s(1, "SMB")],
        );
        assert_eq!(
            lines[0].places,
            Some(vec![("#9".into(), None)]),
            "an unknown territory is named by its id"
        );
    }
}
