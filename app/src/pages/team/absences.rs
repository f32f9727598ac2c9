//! Absences: who is away when (both days included), added and removed by the manager. A
//! member away today is marked in the matrix, counts as absent in routing and may open a gap.

use super::TeamCtx;
use super::matrix::refusal;
use crate::app::{is_unauthorized, use_session};
use crate::components::format::format_date;
use crate::i18n::{self, Msg, text, use_i18n};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Absence, NewAbsence};
use shared::{ErrorCode, FieldError, MemberId};

/// The message for a refused field.
fn field_msg(f: &FieldError) -> Msg {
    match (f.field.as_str(), f.code.as_str()) {
        ("ends_on", "before_start") => Msg::AbsenceEndsBefore,
        ("ends_on", "too_long") => Msg::AbsenceTooLong,
        ("note", _) => Msg::TooLong,
        ("starts_on" | "ends_on", _) => Msg::DateNeeded,
        _ => Msg::CheckInput,
    }
}

/// The id of a field's control.
fn control(field: &str) -> String {
    match field {
        "member" => "ab-member".to_owned(),
        "starts_on" => "ab-from".to_owned(),
        "ends_on" => "ab-to".to_owned(),
        _ => "ab-note".to_owned(),
    }
}

/// The panel: the form and the list.
#[component]
pub(super) fn AbsencesPanel() -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let today = ctx
        .matrix
        .with_untracked(|m| m.as_ref().map(|m| m.today.to_string()))
        .unwrap_or_default();
    let member = RwSignal::new(String::new());
    let from = RwSignal::new(today.clone());
    let to = RwSignal::new(today);
    let note = RwSignal::new(String::new());
    let form_errors = super::FieldErrors::new(control);
    let errors = form_errors.list;
    let problem = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let members = move || {
        ctx.matrix.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.members
                        .iter()
                        .map(|x| (x.id, x.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let refuse = move |list: Vec<(String, Msg)>| {
        if let Some((field, _)) = list.first() {
            crate::pages::deal::focus_later(control(field));
        }
        errors.try_set(list);
    };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        problem.set(None);
        ctx.status.set(None);
        let who = member
            .get_untracked()
            .parse::<i64>()
            .ok()
            .map(MemberId)
            .or_else(|| members().first().map(|(id, _)| *id));
        let mut bad = Vec::new();
        let mut date = |field: &str, v: String| {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                .map_err(|_| bad.push((field.to_owned(), Msg::DateNeeded)))
                .ok()
        };
        let starts = date("starts_on", from.get_untracked());
        let ends = date("ends_on", to.get_untracked());
        let Some(who) = who else { return };
        let (Some(starts_on), Some(ends_on)) = (starts, ends) else {
            refuse(bad);
            return;
        };
        let body = NewAbsence {
            starts_on,
            ends_on,
            note: note.get_untracked().trim().to_owned(),
        };
        if let Err(fields) = body.validate() {
            refuse(
                fields
                    .iter()
                    .map(|f| (f.field.clone(), field_msg(f)))
                    .collect(),
            );
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let client = session.client();
        spawn_local(async move {
            let r = client.add_absence(who, &body).await;
            saving.try_set(false);
            let locale = i18n.locale_untracked();
            match r {
                Ok(_) => {
                    note.try_set(String::new());
                    ctx.status
                        .try_set(Some(text(locale, Msg::AbsenceAdded).to_owned()));
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) if e.code() == Some(ErrorCode::Validation) => {
                    let fields: Vec<(String, Msg)> = e
                        .api_error()
                        .map(|a| {
                            a.error
                                .fields
                                .iter()
                                .map(|f| (f.field.clone(), field_msg(f)))
                                .collect()
                        })
                        .unwrap_or_default();
                    if fields.is_empty() {
                        problem.try_set(Some(text(locale, Msg::CheckInput).to_owned()));
                    } else {
                        refuse(fields);
                    }
                }
                Err(e) => {
                    problem.try_set(Some(refusal(locale, &e, None)));
                }
            }
            ctx.refresh();
        });
    };

    let remove = move |a: Absence, label: String| {
        problem.set(None);
        ctx.status.set(None);
        let client = session.client();
        spawn_local(async move {
            let r = client.remove_absence(a.member_id, a.id).await;
            let locale = i18n.locale_untracked();
            match r {
                Ok(()) => {
                    ctx.status
                        .try_set(Some(text(locale, Msg::AbsenceRemoved).to_owned()));
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => {
                    problem.try_set(Some(format!("{label} — {}", refusal(locale, &e, None))));
                }
            }
            // The focus stays in the panel: on the form's first field.
            crate::pages::deal::focus_later(control("member"));
            ctx.refresh();
        });
    };

    let error_for = move |field: &'static str| form_errors.view(field);
    let invalid = move |field: &'static str| form_errors.invalid(field);

    // Every absence not yet over, by member and first day.
    let rows = move || {
        ctx.matrix.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.members
                        .iter()
                        .flat_map(|x| {
                            x.absences
                                .iter()
                                .map(|a| (x.name.clone(), a.clone(), m.today))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let row = move |(name, a, today): (String, Absence, NaiveDate)| {
        let locale = i18n.locale();
        let period = i18n::absence_period(
            locale,
            &format_date(locale, a.starts_on),
            &format_date(locale, a.ends_on),
        );
        let now = a.starts_on <= today && today <= a.ends_on;
        let label = i18n::remove_absence(locale, &name, &period);
        let aria = label.clone();
        view! {
            <tr>
                <th scope="row">
                    {name}
                    {now.then(|| view! { <span class="badge badge--warn">{i18n.tr(Msg::AbsentToday)}</span> })}
                </th>
                <td class="date">{period}</td>
                <td>{a.note.clone()}</td>
                <td>
                    <button
                        type="button"
                        class="button button--quiet button--danger"
                        aria-label=aria
                        on:click=move |_| remove(a.clone(), label.clone())
                    >
                        {i18n.tr(Msg::RemoveAbsence)}
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <section class="panel team-absences" aria-labelledby="team-absences-heading">
            <h2 id="team-absences-heading" class="panel__title">{i18n.tr(Msg::Absences)}</h2>
            <form class="form team-absences__form" on:submit=add aria-label=i18n.tr(Msg::AddAbsence) novalidate>
                <div class="field">
                    <label class="field__label" for="ab-member">{i18n.tr(Msg::ColMember)}</label>
                    <select
                        id="ab-member"
                        class="select"
                        on:change=move |ev| member.set(event_target_value(&ev))
                    >
                        {move || {
                            members()
                                .into_iter()
                                .map(|(id, name)| {
                                    let v = id.to_string();
                                    let selected = member.with(|m| *m == v);
                                    view! { <option value=v prop:selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="team-absences__dates">
                    <div class="field">
                        <label class="field__label" for="ab-from">{i18n.tr(Msg::AbsenceFrom)}</label>
                        <input id="ab-from" class="input" type="date" aria-invalid=invalid("starts_on")
                            aria-describedby="ab-from-error"
                            prop:value=from on:input=move |ev| from.set(event_target_value(&ev)) />
                        {error_for("starts_on")}
                    </div>
                    <div class="field">
                        <label class="field__label" for="ab-to">{i18n.tr(Msg::AbsenceTo)}</label>
                        <input id="ab-to" class="input" type="date" aria-invalid=invalid("ends_on")
                            aria-describedby="ab-to-error"
                            prop:value=to on:input=move |ev| to.set(event_target_value(&ev)) />
                        {error_for("ends_on")}
                    </div>
                </div>
                <div class="field">
                    <label class="field__label" for="ab-note">{i18n.tr(Msg::AbsenceNote)}</label>
                    <input id="ab-note" class="input" maxlength="500" aria-invalid=invalid("note")
                        aria-describedby="ab-note-error"
                        prop:value=note on:input=move |ev| note.set(event_target_value(&ev)) />
                    {error_for("note")}
                </div>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=saving aria-busy=move || saving.get().then_some("true")>
                        {i18n.tr(Msg::AddAbsence)}
                    </button>
                </div>
            </form>
            {move || problem.get().map(|p| view! { <p class="alert alert--error" role="alert">{p}</p> })}
            {move || {
                let list = rows();
                if list.is_empty() {
                    view! { <p class="empty">{i18n.tr(Msg::NoAbsences)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="deals-table team-absences__table">
                                <caption class="visually-hidden">{i18n.tr(Msg::AbsencesCaption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(Msg::ColMember)}</th>
                                        <th scope="col">{i18n.tr(Msg::AbsencePeriod)}</th>
                                        <th scope="col">{i18n.tr(Msg::Notes)}</th>
                                        <th scope="col">{i18n.tr(Msg::Actions)}</th>
                                    </tr>
                                </thead>
                                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
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

    #[test]
    fn absence_errors_name_what_to_fix() {
        let f = |field: &str, code: &str| FieldError {
            field: field.into(),
            code: code.into(),
            message: String::new(),
        };
        assert_eq!(
            field_msg(&f("ends_on", "before_start")),
            Msg::AbsenceEndsBefore
        );
        assert_eq!(field_msg(&f("ends_on", "too_long")), Msg::AbsenceTooLong);
        assert_eq!(field_msg(&f("note", "too_long")), Msg::TooLong);
        assert_eq!(field_msg(&f("starts_on", "invalid")), Msg::DateNeeded);
    }
}
