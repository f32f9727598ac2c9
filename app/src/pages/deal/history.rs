//! The deal's stage history: every move, newest first (from → to, who, when in the member's
//! time zone).

use super::{DealContext, list_state};
use crate::app::use_session;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use shared::api::StageMove;

/// The "Stage history" section.
#[component]
pub(super) fn History(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let retry = RwSignal::new(0u32);
    let id = ctx.id();
    let moves = LocalResource::new(move || {
        ctx.changed.track();
        retry.track();
        let client = session.client();
        async move { client.deal_history(id).await }
    });
    let list = move || {
        list_state(moves.get(), retry, move |list: Vec<StageMove>| {
            if list.is_empty() {
                return view! { <p class="empty">{i18n.tr(Msg::NoStageMoves)}</p> }.into_any();
            }
            let locale = i18n.locale();
            let rows = list
                .into_iter()
                .rev()
                .map(|m| {
                    let to = ctx.stage_name(locale, m.to_stage_id);
                    let what = match m.from_stage_id {
                        Some(f) => format!("{} → {to}", ctx.stage_name(locale, f)),
                        None => format!("→ {to}"),
                    };
                    let who = m
                        .moved_by
                        .map(|w| w.name)
                        .unwrap_or_else(|| i18n.t(Msg::System).to_owned());
                    let when = ctx.formatter.with(|f| f.format(m.moved_at));
                    view! {
                        <li class="timeline__item">
                            <span class="timeline__what">{what}</span>
                            <span class="timeline__meta">
                                {who}
                                " · "
                                <time datetime=m.moved_at.to_rfc3339()>{when}</time>
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="timeline">{rows}</ol> }.into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="deal-history-heading">
            <h2 id="deal-history-heading" class="panel__title">{i18n.tr(Msg::StageHistory)}</h2>
            {list}
        </section>
    }
}
