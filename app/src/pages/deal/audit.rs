//! The deal's audit trail: who changed which field from what to what, and when, newest first.
//! Stored values are shown as the member reads them (stage and member names, money, dates).

use super::{DealContext, list_state};
use crate::app::use_session;
use crate::components::format::format_date;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use shared::api::AuditEntry;
use shared::{Locale, Money, StageId};

/// The translated name of an audited field.
fn field_name(locale: Locale, field: &str, currency: &str) -> String {
    let msg = match field {
        "created" => Msg::FieldCreated,
        "stage_id" => Msg::FieldStage,
        "rank" => Msg::FieldRank,
        "title" => Msg::DealTitle,
        "amount" => return i18n::amount_label(locale, currency),
        "expected_close_on" => Msg::ExpectedClose,
        "appointer_id" => Msg::ColAppointer,
        "closer_id" => Msg::ColCloser,
        "success_id" => Msg::ColSuccess,
        "article" => Msg::KbAuditArticle,
        _ => return field.to_owned(),
    };
    text(locale, msg).to_owned()
}

/// A stored value as the member reads it.
fn show_value(
    ctx: DealContext,
    locale: Locale,
    field: &str,
    value: Option<&str>,
    currency: &str,
) -> String {
    let Some(v) = value else {
        return match field {
            "appointer_id" | "closer_id" | "success_id" => text(locale, Msg::Unassigned).to_owned(),
            "expected_close_on" => text(locale, Msg::NotSet).to_owned(),
            _ => String::new(),
        };
    };
    match field {
        "stage_id" => v
            .parse::<i64>()
            .map_or_else(|_| v.to_owned(), |s| ctx.stage_name(locale, StageId(s))),
        "appointer_id" | "closer_id" | "success_id" => v
            .parse::<i64>()
            .ok()
            .and_then(|m| ctx.member_name(m))
            .unwrap_or_else(|| v.to_owned()),
        "amount" => v.parse::<i64>().map_or_else(
            |_| v.to_owned(),
            |a| {
                Money {
                    amount: a,
                    currency: currency.to_owned(),
                }
                .display()
            },
        ),
        "expected_close_on" => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_or_else(|_| v.to_owned(), |d| format_date(locale, d)),
        // A place in the team's order is an internal key, not something to read.
        "rank" => String::new(),
        _ => v.to_owned(),
    }
}

/// The "Audit trail" section.
#[component]
pub(super) fn AuditTrail(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let retry = RwSignal::new(0u32);
    let id = ctx.id();
    let entries = LocalResource::new(move || {
        ctx.changed.track();
        retry.track();
        let client = session.client();
        async move { client.deal_audit(id).await }
    });
    let table = move || {
        list_state(entries.get(), retry, move |list: Vec<AuditEntry>| {
            if list.is_empty() {
                return view! { <p class="empty">{i18n.tr(Msg::NoAuditEntries)}</p> }.into_any();
            }
            let locale = i18n.locale();
            let currency = ctx.deal.with(|d| d.amount.currency.clone());
            let rows = list
                .into_iter()
                .map(|e| {
                    let who = e
                        .member
                        .as_ref()
                        .map(|m| m.name.clone())
                        .unwrap_or_else(|| text(locale, Msg::System).to_owned());
                    let when = ctx.formatter.with(|f| f.format(e.at));
                    let before =
                        show_value(ctx, locale, &e.field, e.old_value.as_deref(), &currency);
                    let after =
                        show_value(ctx, locale, &e.field, e.new_value.as_deref(), &currency);
                    view! {
                        <tr>
                            <td><time datetime=e.at.to_rfc3339()>{when}</time></td>
                            <td>{who}</td>
                            <td>{field_name(locale, &e.field, &currency)}</td>
                            <td>{before}</td>
                            <td>{after}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="deals-table audit-table">
                        <caption class="visually-hidden">{i18n.tr(Msg::AuditTrail)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.tr(Msg::When)}</th>
                                <th scope="col">{i18n.tr(Msg::Who)}</th>
                                <th scope="col">{i18n.tr(Msg::Field)}</th>
                                <th scope="col">{i18n.tr(Msg::Before)}</th>
                                <th scope="col">{i18n.tr(Msg::After)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="deal-audit-heading">
            <h2 id="deal-audit-heading" class="panel__title">{i18n.tr(Msg::AuditTrail)}</h2>
            {table}
        </section>
    }
}
