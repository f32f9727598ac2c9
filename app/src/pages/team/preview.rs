//! The routing preview: for a role, a territory and a segment (each may be left open), who
//! would get the next item and, for every other member holding the role, why not (not
//! covering, away today, at a limit, or simply not their turn). Asked again after every change
//! on the page; changes nothing.

use super::{ROUTED, TeamCtx};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, role_name, text, use_i18n};
use leptos::prelude::*;
use shared::api::{PreviewCandidate, RoutingPreviewQuery};
use shared::routing::Verdict;
use shared::{Locale, Role, SegmentId, TerritoryId};

/// Why a member would or would not get the next item, in words.
pub(super) fn verdict_text(locale: Locale, c: &PreviewCandidate) -> String {
    match c.verdict {
        Verdict::Chosen => i18n::with_weight(locale, text(locale, Msg::VerdictChosen), c.weight),
        Verdict::Waiting => i18n::with_weight(locale, text(locale, Msg::VerdictWaiting), c.weight),
        Verdict::NotCovering => text(locale, Msg::VerdictNotCovering).to_owned(),
        Verdict::Absent => text(locale, Msg::VerdictAbsent).to_owned(),
        Verdict::FullOpen => i18n::verdict_full_open(locale, c.open, c.capacity_open),
        Verdict::FullToday => i18n::verdict_full_today(locale, c.today, c.capacity_daily),
    }
}

/// The panel.
#[component]
pub(super) fn RoutingPreviewPanel() -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let role = RwSignal::new(Role::Appointer);
    let territory = RwSignal::new(None::<TerritoryId>);
    let segment = RwSignal::new(None::<SegmentId>);
    let result = LocalResource::new(move || {
        let q = RoutingPreviewQuery {
            role: role.get(),
            territory_id: territory.get(),
            segment_id: segment.get(),
        };
        ctx.version.track();
        let client = session.client();
        async move { client.routing_preview(&q).await }
    });
    let parse = |v: String| v.parse::<i64>().ok();
    let shown = move || {
        let locale = i18n.locale();
        let r = result.get()?;
        Some(match r {
            Err(e) => {
                if is_unauthorized(&e) {
                    session.expire();
                }
                let msg = match e.status() {
                    None => Msg::Unreachable,
                    Some(403) => Msg::TeamManagersOnly,
                    Some(422) => Msg::UnknownPlace,
                    _ => Msg::LoadFailed,
                };
                view! { <p class="alert alert--error" role="alert">{text(locale, msg)}</p> }
                    .into_any()
            }
            Ok(p) if p.candidates.is_empty() => {
                view! { <p class="team-preview__next">{text(locale, Msg::PreviewNoHolders)}</p> }
                    .into_any()
            }
            Ok(p) => {
                let next = p
                    .chosen
                    .and_then(|id| p.candidates.iter().find(|c| c.member_id == id))
                    .map_or_else(
                        || text(locale, Msg::PreviewNobody).to_owned(),
                        |c| i18n::preview_next(locale, &c.name),
                    );
                let items = p
                    .candidates
                    .iter()
                    .map(|c| {
                        let chosen = c.verdict == Verdict::Chosen;
                        let why = verdict_text(locale, c);
                        view! {
                            <li class="team-preview__item" class:is-chosen=chosen>
                                <span class="team-preview__name">{c.name.clone()}</span>
                                <span class="team-preview__why">{why}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="team-preview__next">{next}</p>
                    <ul class="team-preview__list" aria-label=text(locale, Msg::PreviewCandidates)>{items}</ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="panel team-preview" aria-labelledby="team-preview-heading">
            <h2 id="team-preview-heading" class="panel__title">{i18n.tr(Msg::RoutingPreview)}</h2>
            <p class="field__hint">{i18n.tr(Msg::RoutingPreviewHelp)}</p>
            <div class="team-preview__controls">
                <div class="field">
                    <label class="field__label" for="rp-role">{i18n.tr(Msg::Role)}</label>
                    <select id="rp-role" class="select" on:change=move |ev| {
                        if let Ok(r) = event_target_value(&ev).parse::<Role>() {
                            role.set(r);
                        }
                    }>
                        {ROUTED
                            .iter()
                            .map(|&r| view! {
                                <option value=r.as_str() prop:selected=move || role.get() == r>
                                    {move || role_name(i18n.locale(), r)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="rp-territory">{i18n.tr(Msg::PreviewTerritory)}</label>
                    <select id="rp-territory" class="select" on:change=move |ev| {
                        territory.set(parse(event_target_value(&ev)).map(TerritoryId));
                    }>
                        <option value="" prop:selected=move || territory.get().is_none()>{i18n.tr(Msg::Any)}</option>
                        {move || {
                            ctx.territories
                                .get()
                                .into_iter()
                                .map(|t| {
                                    let id = t.id;
                                    view! {
                                        <option value=id.to_string() prop:selected=move || territory.get() == Some(id)>
                                            {t.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="rp-segment">{i18n.tr(Msg::PreviewSegment)}</label>
                    <select id="rp-segment" class="select" on:change=move |ev| {
                        segment.set(parse(event_target_value(&ev)).map(SegmentId));
                    }>
                        <option value="" prop:selected=move || segment.get().is_none()>{i18n.tr(Msg::Any)}</option>
                        {move || {
                            ctx.segments
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let id = s.id;
                                    view! {
                                        <option value=id.to_string() prop:selected=move || segment.get() == Some(id)>
                                            {s.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="team-preview__result" aria-live="polite">{shown}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::MemberId;

    fn candidate(verdict: Verdict) -> PreviewCandidate {
        PreviewCandidate {
            member_id: MemberId(5),
            name: "伊藤 大輔".into(),
            verdict,
            weight: 2,
            credit: 0,
            open: 20,
            capacity_open: Some(20),
            today: 3,
            capacity_daily: Some(3),
        }
    }

    #[test]
    fn every_verdict_in_words() {
        let en = |v| verdict_text(Locale::En, &candidate(v));
        assert_eq!(en(Verdict::Chosen), "Next (weight 2)");
        assert_eq!(en(Verdict::Absent), "Away today");
        assert_eq!(en(Verdict::FullOpen), "At the open-item limit (20 / 20)");
        assert_eq!(en(Verdict::FullToday), "At today’s limit (3 / 3)");
        assert_eq!(
            verdict_text(Locale::Ja, &candidate(Verdict::NotCovering)),
            "この担当エリア・顧客グループの担当外"
        );
    }
}
