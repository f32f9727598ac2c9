//! The deal's edit form. An edit is sent with the version it started from; when someone else
//! saved first (409), the conflict panel shows every field that differs (theirs now, the
//! member's unsaved value) and the member either takes their version or applies the fields
//! they changed on top of it. Nothing is ever overwritten without the member choosing so.

use super::{DealContext, focus_later};
use crate::app::{is_unauthorized, use_session};
use crate::components::format::format_date;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{DealPatch, DealRow, MemberRef};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError, Locale, MemberId, Money, Role};

/// The form's values, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Form {
    pub title: String,
    pub amount: String,
    pub close_on: String,
    pub appointer: String,
    pub closer: String,
    pub success: String,
}

fn owner_value(m: Option<&MemberRef>) -> String {
    m.map(|m| m.id.to_string()).unwrap_or_default()
}

/// Minor units as the member types them: `1500000` for yen, `12.50` for dollars.
pub(super) fn amount_text(minor: i64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let scale_u = scale.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale_u,
        abs % scale_u,
        width = digits as usize
    )
}

/// An amount as typed (separators, a currency sign and full-width digits allowed) in minor
/// units; `None` if it is not a number with at most `digits` decimals.
pub(super) fn parse_amount(typed: &str, digits: u32) -> Option<i64> {
    let cleaned: String = typed
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '－' => Some('-'),
            ',' | '，' | ' ' | '¥' | '￥' | '$' | '€' | '円' => None,
            c => Some(c),
        })
        .collect();
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > digits as usize {
        return None;
    }
    let scale = 10i64.checked_pow(digits)?;
    let frac_value = if frac.is_empty() {
        0
    } else {
        frac.parse::<i64>().ok()? * 10i64.checked_pow(digits - frac.len() as u32)?
    };
    let value = whole
        .parse::<i64>()
        .ok()?
        .checked_mul(scale)?
        .checked_add(frac_value)?;
    Some(if neg { -value } else { value })
}

impl Form {
    /// The form for a deal as it is.
    pub fn of(d: &DealRow) -> Self {
        Self {
            title: d.title.clone(),
            amount: amount_text(d.amount.amount, d.amount.minor_digits()),
            close_on: d
                .expected_close_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            appointer: owner_value(d.appointer.as_ref()),
            closer: owner_value(d.closer.as_ref()),
            success: owner_value(d.success.as_ref()),
        }
    }

    /// The changes from `base` as a patch on `version` (owners only if `owners`), checked with
    /// the shared rules; field errors otherwise.
    pub fn patch(
        &self,
        base: &DealRow,
        version: i32,
        owners: bool,
    ) -> Result<DealPatch, Vec<FieldError>> {
        let was = Form::of(base);
        let mut errors = Vec::new();
        let mut p = DealPatch {
            version,
            ..DealPatch::default()
        };
        if self.title.trim() != was.title {
            p.title = Some(self.title.trim().to_owned());
        }
        if self.amount.trim() != was.amount {
            match parse_amount(&self.amount, base.amount.minor_digits()) {
                Some(v) if v != base.amount.amount => p.amount = Some(v),
                Some(_) => {}
                None => errors.push(FieldError {
                    field: "amount".into(),
                    code: "invalid_value".into(),
                    message: String::new(),
                }),
            }
        }
        if self.close_on != was.close_on {
            p.expected_close_on =
                Some(chrono::NaiveDate::parse_from_str(&self.close_on, "%Y-%m-%d").ok());
        }
        if owners {
            let member = |s: &str| s.parse::<i64>().ok().map(MemberId);
            if self.appointer != was.appointer {
                p.appointer_id = Some(member(&self.appointer));
            }
            if self.closer != was.closer {
                p.closer_id = Some(member(&self.closer));
            }
            if self.success != was.success {
                p.success_id = Some(member(&self.success));
            }
        }
        if let Err(mut e) = p.validate() {
            errors.append(&mut e);
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }

    /// The member's changes (this form against `was`) laid over `now`.
    pub fn rebase(&self, was: &Form, now: &Form) -> Form {
        let pick = |mine: &String, old: &String, theirs: &String| {
            if mine.trim() != old.trim() {
                mine.clone()
            } else {
                theirs.clone()
            }
        };
        Form {
            title: pick(&self.title, &was.title, &now.title),
            amount: pick(&self.amount, &was.amount, &now.amount),
            close_on: pick(&self.close_on, &was.close_on, &now.close_on),
            appointer: pick(&self.appointer, &was.appointer, &now.appointer),
            closer: pick(&self.closer, &was.closer, &now.closer),
            success: pick(&self.success, &was.success, &now.success),
        }
    }

    /// Whether nothing differs from `d`.
    pub fn is_unchanged(&self, d: &DealRow) -> bool {
        let was = Form::of(d);
        let amount_same = parse_amount(&self.amount, d.amount.minor_digits())
            .is_some_and(|a| a == d.amount.amount);
        Form {
            amount: was.amount.clone(),
            title: self.title.trim().to_owned(),
            ..self.clone()
        } == was
            && amount_same
    }
}

/// The message beside a field for its error.
fn field_msg(e: &FieldError) -> Msg {
    match (e.field.as_str(), e.code.as_str()) {
        ("amount", "negative") => Msg::AmountNegative,
        ("amount", _) => Msg::AmountInvalid,
        ("appointer_id" | "closer_id" | "success_id", _) => Msg::OwnerInvalid,
        (_, "required") => Msg::FieldRequired,
        (_, "too_long") => Msg::TooLong,
        _ => Msg::FieldInvalid,
    }
}

/// One field shown in the conflict panel.
struct Difference {
    label: String,
    theirs: String,
    yours: String,
}

/// The fields where the deal now or the member's form differ from what the edit started from.
fn differences(
    locale: Locale,
    ctx: DealContext,
    was: &DealRow,
    now: &DealRow,
    mine: &Form,
) -> Vec<Difference> {
    let was_form = Form::of(was);
    let now_form = Form::of(now);
    let digits = now.amount.minor_digits();
    let money = |typed: &str| {
        parse_amount(typed, digits).map_or_else(
            || typed.to_owned(),
            |a| {
                Money {
                    amount: a,
                    currency: now.amount.currency.clone(),
                }
                .display()
            },
        )
    };
    let date = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or_else(
            |_| text(locale, Msg::NotSet).to_owned(),
            |d| format_date(locale, d),
        )
    };
    let member = |s: &str| {
        s.parse::<i64>()
            .ok()
            .map(|id| {
                ctx.member_name(id)
                    .or_else(|| {
                        [
                            &now.appointer,
                            &now.closer,
                            &now.success,
                            &was.appointer,
                            &was.closer,
                            &was.success,
                        ]
                        .into_iter()
                        .flatten()
                        .find(|m| m.id.0 == id)
                        .map(|m| m.name.clone())
                    })
                    .unwrap_or_else(|| id.to_string())
            })
            .unwrap_or_else(|| text(locale, Msg::Unassigned).to_owned())
    };
    type Show<'a> = &'a dyn Fn(&str) -> String;
    let plain = |s: &str| s.to_owned();
    let rows: [(String, &String, &String, &String, Show); 6] = [
        (
            text(locale, Msg::DealTitle).to_owned(),
            &was_form.title,
            &now_form.title,
            &mine.title,
            &plain,
        ),
        (
            i18n::amount_label(locale, &now.amount.currency),
            &was_form.amount,
            &now_form.amount,
            &mine.amount,
            &money,
        ),
        (
            text(locale, Msg::ExpectedClose).to_owned(),
            &was_form.close_on,
            &now_form.close_on,
            &mine.close_on,
            &date,
        ),
        (
            text(locale, Msg::ColAppointer).to_owned(),
            &was_form.appointer,
            &now_form.appointer,
            &mine.appointer,
            &member,
        ),
        (
            text(locale, Msg::ColCloser).to_owned(),
            &was_form.closer,
            &now_form.closer,
            &mine.closer,
            &member,
        ),
        (
            text(locale, Msg::ColSuccess).to_owned(),
            &was_form.success,
            &now_form.success,
            &mine.success,
            &member,
        ),
    ];
    rows.into_iter()
        .filter(|(_, was, now, mine, _)| was.trim() != now.trim() || was.trim() != mine.trim())
        .map(|(label, _, now, mine, show)| Difference {
            label,
            theirs: show(now),
            yours: show(mine),
        })
        .collect()
}

/// The edit form and, after a refused save, the conflict panel.
#[component]
pub(super) fn EditForm(ctx: DealContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let deal = ctx.deal;
    let form = RwSignal::new(deal.with_untracked(Form::of));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let status = RwSignal::new(None::<Msg>);
    let conflict = RwSignal::new(None::<DealRow>);
    let saving = RwSignal::new(false);
    let (is_manager, is_staff, me) = session.with_me(|m| {
        (
            m.is_some_and(|m| m.has(Role::Manager)),
            m.is_some_and(|m| m.has(Role::Manager) || m.has(Role::Admin)),
            m.map(|m| m.id),
        )
    });
    let can_edit = move || {
        is_staff
            || deal.with(|d| {
                [&d.appointer, &d.closer, &d.success]
                    .into_iter()
                    .flatten()
                    .any(|o| Some(o.id) == me)
            })
    };

    let save = move |base: DealRow, version: i32| {
        let patch = match form.with_untracked(|f| f.patch(&base, version, is_manager)) {
            Ok(p) => p,
            Err(e) => {
                if let Some(first) = e.first() {
                    focus_later(format!("deal-{}", first.field));
                }
                errors.set(e);
                return;
            }
        };
        errors.set(Vec::new());
        general.set(None);
        status.set(None);
        saving.set(true);
        let client = session.client();
        let id = base.id;
        spawn_local(async move {
            let result = client.update_deal(id, &patch).await;
            saving.try_set(false);
            match result {
                Ok(row) => {
                    form.set(Form::of(&row));
                    deal.set(row);
                    conflict.set(None);
                    status.set(Some(Msg::Saved));
                    ctx.changed.update(|n| *n += 1);
                }
                Err(e) => on_refused(&e, session, conflict, general, errors),
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || !can_edit() {
            return;
        }
        let base = deal.get_untracked();
        if conflict.with_untracked(Option::is_none)
            && form.with_untracked(|f| f.is_unchanged(&base))
        {
            errors.set(Vec::new());
            status.set(Some(Msg::NothingChanged));
            return;
        }
        let version = base.version;
        save(base, version);
    };
    let reapply = move |_| {
        let Some(now) = conflict.get_untracked() else {
            return;
        };
        let was = deal.with_untracked(Form::of);
        let next = form.with_untracked(|mine| mine.rebase(&was, &Form::of(&now)));
        deal.set(now.clone());
        conflict.set(None);
        general.set(None);
        form.set(next);
        let version = now.version;
        save(now, version);
        focus_later("deal-save".into());
    };
    let take_theirs = move |_| {
        let Some(now) = conflict.get_untracked() else {
            return;
        };
        form.set(Form::of(&now));
        deal.set(now);
        conflict.set(None);
        general.set(None);
        errors.set(Vec::new());
        ctx.changed.update(|n| *n += 1);
        focus_later("deal-title".into());
    };

    let error_for = move |field: &'static str| {
        move || {
            errors.with(|f| {
                f.iter().find(|e| e.field == field).map(|e| {
                    let msg = field_msg(e);
                    view! { <p class="field__error" id=format!("deal-{field}-error")>{i18n.tr(msg)}</p> }
                })
            })
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            errors
                .with(|f| f.iter().any(|e| e.field == field))
                .to_string()
        }
    };
    let described = move |field: &'static str| {
        move || {
            errors
                .with(|f| f.iter().any(|e| e.field == field))
                .then(|| format!("deal-{field}-error"))
        }
    };

    let owner_select = move |field: &'static str,
                             label: Msg,
                             role: Role,
                             current: fn(&DealRow) -> Option<&MemberRef>,
                             get: fn(&Form) -> &String,
                             set: fn(&mut Form, String)| {
        let id = format!("deal-{field}");
        let options = move || {
            let mut list: Vec<(MemberId, String)> = ctx.members.with(|all| {
                all.iter()
                    .filter(|m| m.active && m.roles.contains(&role))
                    .map(|m| (m.id, m.name.clone()))
                    .collect()
            });
            // The owner as saved stays choosable even if no longer active in the role.
            if let Some(o) = deal.with(|d| current(d).cloned())
                && !list.iter().any(|(id, _)| *id == o.id)
            {
                list.push((o.id, o.name));
            }
            list.into_iter()
                .map(|(mid, name)| {
                    let value = mid.to_string();
                    let selected = value.clone();
                    view! {
                        <option value=value prop:selected=move || form.with(|f| *get(f) == selected)>
                            {name}
                        </option>
                    }
                })
                .collect_view()
        };
        view! {
            <div class="field">
                <label class="field__label" for=id.clone()>{i18n.tr(label)}</label>
                <select
                    id=id
                    class="select"
                    disabled=move || !is_manager || !can_edit()
                    aria-invalid=invalid(field)
                    aria-describedby=described(field)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| set(f, v));
                    }
                >
                    <option value="" prop:selected=move || form.with(|f| get(f).is_empty())>
                        {i18n.tr(Msg::Unassigned)}
                    </option>
                    {options}
                </select>
                {error_for(field)}
            </div>
        }
    };

    let conflict_panel = move || {
        let now = conflict.get()?;
        let locale = i18n.locale();
        let rows = deal.with(|was| form.with(|mine| differences(locale, ctx, was, &now, mine)));
        Some(view! {
            <section class="conflict" aria-labelledby="deal-conflict-heading">
                <h3 id="deal-conflict-heading" class="conflict__title" tabindex="-1">
                    {i18n.tr(Msg::ConflictHeading)}
                </h3>
                <table class="conflict__table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::Field)}</th>
                            <th scope="col">{i18n.tr(Msg::ConflictTheirs)}</th>
                            <th scope="col">{i18n.tr(Msg::ConflictYours)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let same = r.theirs == r.yours;
                                view! {
                                    <tr class:is-same=same>
                                        <th scope="row">{r.label}</th>
                                        <td>{r.theirs}</td>
                                        <td>{r.yours}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <p class="field__hint">{i18n.tr(Msg::ConflictHint)}</p>
                <div class="form__actions">
                    <button type="button" class="button" on:click=take_theirs>{i18n.tr(Msg::TakeTheirs)}</button>
                    <button type="button" class="button button--primary" on:click=reapply>{i18n.tr(Msg::ReapplyMine)}</button>
                </div>
            </section>
        })
    };
    Effect::new(move || {
        if conflict.with(Option::is_some) {
            focus_later("deal-conflict-heading".into());
        }
    });

    let amount_label = move || deal.with(|d| i18n::amount_label(i18n.locale(), &d.amount.currency));
    let disabled = move || !can_edit();

    view! {
        <section class="panel" aria-labelledby="deal-edit-heading">
            <h2 id="deal-edit-heading" class="panel__title">{i18n.tr(Msg::EditDeal)}</h2>
            {move || (!can_edit()).then(|| view! { <p class="field__hint">{i18n.tr(Msg::EditNotAllowed)}</p> })}
            <form class="form" on:submit=on_submit novalidate>
                <div class="field">
                    <label class="field__label" for="deal-title">{i18n.tr(Msg::DealTitle)}</label>
                    <input
                        id="deal-title"
                        class="input"
                        maxlength="200"
                        required
                        disabled=disabled
                        aria-invalid=invalid("title")
                        aria-describedby=described("title")
                        prop:value=move || form.with(|f| f.title.clone())
                        on:input=move |ev| form.update(|f| f.title = event_target_value(&ev))
                    />
                    {error_for("title")}
                </div>
                <div class="field">
                    <label class="field__label" for="deal-amount">{amount_label}</label>
                    <input
                        id="deal-amount"
                        class="input"
                        inputmode="decimal"
                        disabled=disabled
                        aria-invalid=invalid("amount")
                        aria-describedby=described("amount")
                        prop:value=move || form.with(|f| f.amount.clone())
                        on:input=move |ev| form.update(|f| f.amount = event_target_value(&ev))
                    />
                    {error_for("amount")}
                </div>
                <div class="field">
                    <label class="field__label" for="deal-expected_close_on">{i18n.tr(Msg::ExpectedClose)}</label>
                    <input
                        id="deal-expected_close_on"
                        class="input"
                        type="date"
                        disabled=disabled
                        aria-invalid=invalid("expected_close_on")
                        aria-describedby=described("expected_close_on")
                        prop:value=move || form.with(|f| f.close_on.clone())
                        on:input=move |ev| form.update(|f| f.close_on = event_target_value(&ev))
                    />
                    {error_for("expected_close_on")}
                </div>
                {owner_select("appointer_id", Msg::ColAppointer, Role::Appointer, |d| d.appointer.as_ref(), |f| &f.appointer, |f, v| f.appointer = v)}
                {owner_select("closer_id", Msg::ColCloser, Role::Closer, |d| d.closer.as_ref(), |f| &f.closer, |f, v| f.closer = v)}
                {owner_select("success_id", Msg::ColSuccess, Role::Success, |d| d.success.as_ref(), |f| &f.success, |f, v| f.success = v)}
                {(!is_manager).then(|| view! { <p class="field__hint">{i18n.tr(Msg::OwnersManagersOnly)}</p> })}
                {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                {conflict_panel}
                <div class="form__actions">
                    <button
                        type="submit"
                        id="deal-save"
                        class="button button--primary"
                        disabled=move || saving.get() || conflict.with(Option::is_some) || !can_edit()
                    >
                        {i18n.tr(Msg::Save)}
                    </button>
                    <p class="form__status" role="status">
                        {move || status.get().map(|m| i18n.tr(m)())}
                    </p>
                </div>
            </form>
        </section>
    }
}

/// Shows why a save was refused: the conflict panel, field errors, or a message.
fn on_refused(
    e: &ClientError,
    session: crate::app::Session,
    conflict: RwSignal<Option<DealRow>>,
    general: RwSignal<Option<Msg>>,
    errors: RwSignal<Vec<FieldError>>,
) {
    if is_unauthorized(e) {
        session.expire();
        return;
    }
    match e.code() {
        Some(ErrorCode::Conflict) => {
            let current = e
                .api_error()
                .and_then(|x| x.error.current.clone())
                .and_then(|v| serde_json::from_value::<DealRow>(v).ok());
            if current.is_none() {
                general.set(Some(Msg::EditConflict));
            }
            conflict.set(current);
        }
        Some(ErrorCode::Validation) => {
            let fields = e
                .api_error()
                .map(|x| x.error.fields.clone())
                .unwrap_or_default();
            if let Some(first) = fields.first() {
                focus_later(format!("deal-{}", first.field));
            }
            general.set(fields.is_empty().then_some(Msg::CheckInput));
            errors.set(fields);
        }
        Some(ErrorCode::Forbidden) => general.set(Some(Msg::EditForbidden)),
        _ if e.status().is_none() => general.set(Some(Msg::Unreachable)),
        _ => general.set(Some(Msg::ServerError)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::AccountRef;
    use shared::{AccountId, DealId, PipelineId, StageId};

    fn deal() -> DealRow {
        DealRow {
            id: DealId(1),
            pipeline_id: PipelineId(1),
            stage_id: StageId(2),
            title: "基幹システム更改".into(),
            account: AccountRef {
                id: AccountId(3),
                name: "山田製作所".into(),
            },
            amount: Money::jpy(1_500_000),
            appointer: None,
            closer: Some(MemberRef {
                id: MemberId(7),
                name: "佐藤".into(),
            }),
            success: None,
            expected_close_on: None,
            stage_entered_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            version: 4,
            rank: "0i00".into(),
        }
    }

    #[test]
    fn amounts_are_read_as_typed() {
        assert_eq!(parse_amount("1,500,000", 0), Some(1_500_000));
        assert_eq!(parse_amount("￥１５０万", 0), None);
        assert_eq!(parse_amount("１５００００", 0), Some(150_000));
        assert_eq!(parse_amount("12.5", 2), Some(1250));
        assert_eq!(parse_amount("12.345", 2), None);
        assert_eq!(parse_amount("1.5", 0), None);
        assert_eq!(parse_amount("たくさん", 0), None);
        assert_eq!(parse_amount("-3", 0), Some(-3));
        assert_eq!(amount_text(1250, 2), "12.50");
        assert_eq!(amount_text(1_500_000, 0), "1500000");
    }

    #[test]
    fn a_patch_holds_only_what_changed() {
        let d = deal();
        let mut f = Form::of(&d);
        assert!(f.is_unchanged(&d));
        f.amount = "1,600,000".into();
        f.closer = String::new();
        let p = f.patch(&d, d.version, true).unwrap_or_default();
        assert_eq!(p.version, 4);
        assert_eq!(p.amount, Some(1_600_000));
        assert_eq!(p.closer_id, Some(None));
        assert_eq!(p.title, None);
        // Owners are left out for members who may not change them.
        let p = f.patch(&d, d.version, false).unwrap_or_default();
        assert_eq!(p.closer_id, None);
        f.amount = "-1".into();
        let fields: Vec<String> = f
            .patch(&d, 4, true)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["amount"]);
    }

    #[test]
    fn reapplying_keeps_their_other_changes() {
        let was = deal();
        let mut now = deal();
        now.title = "基幹システム更改（第2期）".into();
        now.version = 5;
        let mut mine = Form::of(&was);
        mine.amount = "2000000".into();
        let next = mine.rebase(&Form::of(&was), &Form::of(&now));
        assert_eq!(next.title, now.title);
        assert_eq!(next.amount, "2000000");
        let p = next.patch(&now, now.version, true).unwrap_or_default();
        assert_eq!(p.version, 5);
        assert_eq!(p.amount, Some(2_000_000));
        assert_eq!(p.title, None);
    }
}
