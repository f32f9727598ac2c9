//! A deal's page (`/deals/:id`): its fields, an edit form with the version check (a conflict
//! shows what changed and lets the member take the new values or apply theirs again), its
//! stage history, its activities (plan or log one) and its audit trail.

use crate::app::{is_unauthorized, use_session};
use crate::components::format::{DateTimeFormatter, format_date, now_ms, whole_days_since};
use crate::i18n::{self, Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::api::{
    Activity, AuditEntry, DealPatch, DealRow, MemberSummary, NewActivity, Pipeline, StageMove,
};
use shared::client::ClientError;
use shared::{DealId, ErrorCode, FieldError, Locale, MemberId, Role, StageId};

/// Everything the page shows about one deal.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    deal: DealRow,
    history: Vec<StageMove>,
    activities: Vec<Activity>,
    audit: Vec<AuditEntry>,
}

async fn load(client: shared::client::Client, id: DealId) -> Result<Loaded, ClientError> {
    let deal = client.deal(id).await?;
    let history = client.deal_history(id).await?;
    let activities = client.deal_activities(id).await?;
    let audit = client.deal_audit(id).await?;
    Ok(Loaded {
        deal,
        history,
        activities,
        audit,
    })
}

/// The form's values, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    title: String,
    amount: String,
    close_on: String,
    appointer: String,
    closer: String,
    success: String,
}

impl Form {
    fn of(d: &DealRow) -> Self {
        let id = |m: &Option<shared::api::MemberRef>| {
            m.as_ref().map(|m| m.id.to_string()).unwrap_or_default()
        };
        Self {
            title: d.title.clone(),
            amount: d.amount.amount.to_string(),
            close_on: d
                .expected_close_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            appointer: id(&d.appointer),
            closer: id(&d.closer),
            success: id(&d.success),
        }
    }

    /// The changes from `base` as a patch on `version`; field errors if a value cannot be read.
    fn patch(
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
        if self.title != was.title {
            p.title = Some(self.title.clone());
        }
        if self.amount.trim() != was.amount {
            match self.amount.trim().replace([',', '，'], "").parse::<i64>() {
                Ok(v) => p.amount = Some(v),
                Err(_) => errors.push(FieldError {
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
}

fn field_msg(e: &FieldError) -> Msg {
    match e.code.as_str() {
        "required" => Msg::FieldRequired,
        "too_long" => Msg::TooLong,
        _ => Msg::FieldInvalid,
    }
}

/// `/deals/:id`.
#[component]
pub fn DealPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let params = use_params_map();
    use_page_title(Msg::DealDetail);
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get_str("id")
                .and_then(|s| s.parse::<i64>().ok())
                .map(DealId)
        })
    });
    let reload = RwSignal::new(0u32);
    // Survives the reload that follows a save.
    let saved = RwSignal::new(false);
    let data = LocalResource::new(move || {
        let id = id.get();
        reload.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(load(client, id).await),
                None => None,
            }
        }
    });
    let pipelines = LocalResource::new(move || {
        let client = session.client();
        async move { client.pipelines().await.unwrap_or_default() }
    });
    let members = LocalResource::new(move || {
        let client = session.client();
        async move { client.members().await.unwrap_or_default() }
    });
    Effect::new(move || {
        if data.with(|d| matches!(d, Some(Some(Err(e))) if is_unauthorized(e))) {
            session.expire();
        }
    });
    let time_zone = Memo::new(move |_| {
        session.with_me(|me| me.map_or_else(|| "Asia/Tokyo".to_owned(), |m| m.time_zone.clone()))
    });

    let body = move || {
        let locale = i18n.locale();
        match data.get() {
            None => view! { <p role="status" class="status">{text(locale, Msg::Loading)}</p> }
                .into_any(),
            Some(None) => not_found(locale).into_any(),
            Some(Some(Err(e))) if e.status() == Some(404) => not_found(locale).into_any(),
            Some(Some(Err(e))) => {
                let msg = if e.status().is_none() {
                    Msg::Unreachable
                } else {
                    Msg::LoadFailed
                };
                view! {
                    <div class="load-error">
                        <p role="alert" class="alert alert--error">{text(locale, msg)}</p>
                        <button type="button" class="button" on:click=move |_| reload.update(|n| *n += 1)>
                            {text(locale, Msg::Retry)}
                        </button>
                    </div>
                }
                .into_any()
            }
            Some(Some(Ok(loaded))) => {
                let formatter = time_zone.with(|tz| DateTimeFormatter::new(locale, tz));
                let pipelines = pipelines.get().unwrap_or_default();
                let members = members.get().unwrap_or_default();
                view! {
                    <DealView
                        loaded=loaded
                        pipelines=pipelines
                        members=members
                        formatter=formatter
                        reload=reload
                        saved=saved
                    />
                }
                .into_any()
            }
        }
    };
    view! { <div class="page page--deal">{body}</div> }
}

fn not_found(locale: Locale) -> impl IntoView {
    view! {
        <div class="page__head">
            <h1 class="page__title">{text(locale, Msg::DealNotFound)}</h1>
        </div>
        <p><A href="/board">{text(locale, Msg::BackToBoard)}</A></p>
    }
}

fn stage_name(pipelines: &[Pipeline], id: StageId) -> String {
    pipelines
        .iter()
        .flat_map(|p| p.stages.iter())
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The loaded deal.
#[component]
fn DealView(
    loaded: Loaded,
    pipelines: Vec<Pipeline>,
    members: Vec<MemberSummary>,
    formatter: DateTimeFormatter,
    reload: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let on_change = move || reload.update(|n| *n += 1);
    let session = use_session();
    let i18n = use_i18n();
    let locale = i18n.locale_untracked();
    let deal = RwSignal::new(loaded.deal.clone());
    let form = RwSignal::new(Form::of(&loaded.deal));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let conflict = RwSignal::new(None::<DealRow>);
    let saving = RwSignal::new(false);
    let is_manager = session.with_me(|m| m.is_some_and(|m| m.roles.contains(&Role::Manager)));

    let save = move |base: DealRow, version: i32| {
        let f = form.get_untracked();
        let patch = match f.patch(&base, version, is_manager) {
            Ok(p) => p,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        errors.set(Vec::new());
        general.set(None);
        saved.set(false);
        saving.set(true);
        let client = session.client();
        let id = base.id;
        spawn_local(async move {
            let result = client.update_deal(id, &patch).await;
            saving.try_set(false);
            match result {
                Ok(row) => {
                    deal.set(row.clone());
                    form.set(Form::of(&row));
                    conflict.set(None);
                    saved.set(true);
                    on_change();
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => match e.code() {
                    Some(ErrorCode::Conflict) => {
                        let current = e
                            .api_error()
                            .and_then(|x| x.error.current.clone())
                            .and_then(|v| serde_json::from_value::<DealRow>(v).ok());
                        conflict.set(current);
                        general.set(Some(Msg::EditConflict));
                    }
                    Some(ErrorCode::Validation) => {
                        let fields = e
                            .api_error()
                            .map(|x| x.error.fields.clone())
                            .unwrap_or_default();
                        general.set(fields.is_empty().then_some(Msg::CheckInput));
                        errors.set(fields);
                    }
                    Some(ErrorCode::Forbidden) => general.set(Some(Msg::EditForbidden)),
                    _ if e.status().is_none() => general.set(Some(Msg::Unreachable)),
                    _ => general.set(Some(Msg::ServerError)),
                },
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !saving.get_untracked() {
            let base = deal.get_untracked();
            save(base.clone(), base.version);
        }
    };
    // Keep the member's edits, based on the deal as it is now.
    let reapply = move |_| {
        if let Some(now) = conflict.get_untracked() {
            let mine = form.get_untracked();
            let base = deal.get_untracked();
            deal.set(now.clone());
            conflict.set(None);
            general.set(None);
            // Changes made here against the old values, applied to the new version.
            let mut next = Form::of(&now);
            let was = Form::of(&base);
            macro_rules! keep {
                ($f:ident) => {
                    if mine.$f != was.$f {
                        next.$f = mine.$f.clone();
                    }
                };
            }
            keep!(title);
            keep!(amount);
            keep!(close_on);
            keep!(appointer);
            keep!(closer);
            keep!(success);
            form.set(next);
            save(now.clone(), now.version);
        }
    };
    let take_theirs = move |_| {
        if let Some(now) = conflict.get_untracked() {
            deal.set(now.clone());
            form.set(Form::of(&now));
            conflict.set(None);
            general.set(None);
            on_change();
        }
    };

    let error_for = move |field: &'static str| {
        move || {
            errors.with(|f| {
                f.iter().find(|e| e.field == field).map(|e| {
                    view! { <p class="field__error" id=format!("deal-{field}-error")>{i18n.tr(field_msg(e))}</p> }
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

    let owner_members = members.clone();
    let owner_select = move |field: &'static str,
                             label: Msg,
                             role: Role,
                             get: fn(&Form) -> String,
                             set: fn(&mut Form, String)| {
        let options: Vec<(MemberId, String)> = owner_members
            .iter()
            .filter(|m| m.roles.contains(&role))
            .map(|m| (m.id, m.name.clone()))
            .collect();
        let id = format!("deal-{field}");
        view! {
            <div class="field">
                <label class="field__label" for=id.clone()>{i18n.tr(label)}</label>
                <select
                    id=id
                    class="select"
                    disabled=!is_manager
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| set(f, v));
                    }
                >
                    <option value="" selected=move || form.with(|f| get(f).is_empty())>{i18n.tr(Msg::Unassigned)}</option>
                    {options
                        .into_iter()
                        .map(|(mid, name)| {
                            let value = mid.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || form.with(|f| get(f) == v2)>{name}</option> }
                        })
                        .collect_view()}
                </select>
                {error_for(field)}
            </div>
        }
    };

    let d = loaded.deal.clone();
    let pipeline_name = pipelines
        .iter()
        .find(|p| p.id == d.pipeline_id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let stage_now = {
        let pipelines = pipelines.clone();
        move || stage_name(&pipelines, deal.with(|d| d.stage_id))
    };
    let days = move || {
        i18n::days_in_stage(
            locale,
            whole_days_since(deal.with(|d| d.stage_entered_at), now_ms()),
        )
    };
    let history_rows = loaded
        .history
        .iter()
        .rev()
        .map(|h| {
            let from = h.from_stage_id.map(|s| stage_name(&pipelines, s));
            let to = stage_name(&pipelines, h.to_stage_id);
            let who = h
                .moved_by
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default();
            let when = formatter.format(h.moved_at);
            view! {
                <li class="timeline__item">
                    <span class="timeline__what">
                        {match from {
                            Some(f) => format!("{f} → {to}"),
                            None => format!("→ {to}"),
                        }}
                    </span>
                    <span class="timeline__meta">{format!("{who} · {when}")}</span>
                </li>
            }
        })
        .collect_view();
    let activity_rows = loaded
        .activities
        .iter()
        .map(|a| {
            let when = a.done_at.or(a.planned_at).map(|t| formatter.format(t)).unwrap_or_default();
            let state = if a.done_at.is_some() { Msg::ActivityDone } else { Msg::ActivityPlanned };
            view! {
                <li class="timeline__item">
                    <span class="timeline__what">
                        <span class="badge">{text(locale, state)}</span>
                        " "
                        {activity_kind(locale, &a.kind)}
                        " · "
                        {a.subject.clone()}
                    </span>
                    <span class="timeline__meta">{format!("{} · {when}", a.member.name)}</span>
                    {(!a.notes.is_empty()).then(|| view! { <span class="timeline__notes">{a.notes.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    let audit_rows = loaded
        .audit
        .iter()
        .map(|e| {
            let who = e
                .member
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_else(|| text(locale, Msg::System).to_owned());
            let show = |v: &Option<String>| {
                let v = v.clone().unwrap_or_default();
                match e.field.as_str() {
                    "stage_id" => v
                        .parse::<i64>()
                        .map(|s| stage_name(&pipelines, StageId(s)))
                        .unwrap_or(v),
                    "appointer_id" | "closer_id" | "success_id" => v
                        .parse::<i64>()
                        .ok()
                        .and_then(|m| members.iter().find(|x| x.id.0 == m).map(|x| x.name.clone()))
                        .unwrap_or(v),
                    _ => v,
                }
            };
            view! {
                <tr>
                    <td>{formatter.format(e.at)}</td>
                    <td>{who}</td>
                    <td>{field_name(locale, &e.field)}</td>
                    <td>{show(&e.old_value)}</td>
                    <td>{show(&e.new_value)}</td>
                </tr>
            }
        })
        .collect_view();
    let close_text = d.expected_close_on.map(|c| format_date(locale, c));

    view! {
        <div class="page__head">
            <div>
                <p class="crumbs"><A href=format!("/board?pipeline={}", d.pipeline_id)>{pipeline_name.clone()}</A></p>
                <h1 class="page__title">{move || deal.with(|d| d.title.clone())}</h1>
                <p class="deal-facts">
                    <span>{d.account.name.clone()}</span>
                    <span>{stage_now}</span>
                    <span>{days}</span>
                    <span>{move || deal.with(|d| d.amount.display())}</span>
                    {close_text.map(|c| view! { <span>{format!("{} {c}", text(locale, Msg::ExpectedClose))}</span> })}
                </p>
            </div>
        </div>
        <div class="deal-grid">
            <section class="panel" aria-labelledby="deal-edit-heading">
                <h2 id="deal-edit-heading" class="panel__title">{i18n.tr(Msg::EditDeal)}</h2>
                <form class="form" on:submit=on_submit novalidate>
                    <div class="field">
                        <label class="field__label" for="deal-title">{i18n.tr(Msg::DealTitle)}</label>
                        <input
                            id="deal-title"
                            class="input"
                            maxlength="200"
                            aria-invalid=invalid("title")
                            aria-describedby="deal-title-error"
                            prop:value=move || form.with(|f| f.title.clone())
                            on:input=move |ev| form.update(|f| f.title = event_target_value(&ev))
                        />
                        {error_for("title")}
                    </div>
                    <div class="field">
                        <label class="field__label" for="deal-amount">{i18n.tr(Msg::AmountYen)}</label>
                        <input
                            id="deal-amount"
                            class="input"
                            inputmode="numeric"
                            aria-invalid=invalid("amount")
                            aria-describedby="deal-amount-error"
                            prop:value=move || form.with(|f| f.amount.clone())
                            on:input=move |ev| form.update(|f| f.amount = event_target_value(&ev))
                        />
                        {error_for("amount")}
                    </div>
                    <div class="field">
                        <label class="field__label" for="deal-close">{i18n.tr(Msg::ExpectedClose)}</label>
                        <input
                            id="deal-close"
                            class="input"
                            type="date"
                            prop:value=move || form.with(|f| f.close_on.clone())
                            on:input=move |ev| form.update(|f| f.close_on = event_target_value(&ev))
                        />
                    </div>
                    {owner_select("appointer_id", Msg::ColAppointer, Role::Appointer, |f| f.appointer.clone(), |f, v| f.appointer = v)}
                    {owner_select("closer_id", Msg::ColCloser, Role::Closer, |f| f.closer.clone(), |f, v| f.closer = v)}
                    {owner_select("success_id", Msg::ColSuccess, Role::Success, |f| f.success.clone(), |f, v| f.success = v)}
                    {(!is_manager).then(|| view! { <p class="field__hint">{i18n.tr(Msg::OwnersManagersOnly)}</p> })}
                    {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                    {move || {
                        conflict
                            .get()
                            .map(|now| {
                                let fmt_close = now.expected_close_on.map(|c| format_date(locale, c)).unwrap_or_default();
                                view! {
                                    <div class="conflict" role="group" aria-label=i18n.tr(Msg::TheirVersion)>
                                        <p class="conflict__title">{i18n.tr(Msg::TheirVersion)}</p>
                                        <dl class="conflict__values">
                                            <dt>{i18n.tr(Msg::DealTitle)}</dt><dd>{now.title.clone()}</dd>
                                            <dt>{i18n.tr(Msg::AmountYen)}</dt><dd>{now.amount.display()}</dd>
                                            <dt>{i18n.tr(Msg::ExpectedClose)}</dt><dd>{fmt_close}</dd>
                                        </dl>
                                        <div class="dialog__actions">
                                            <button type="button" class="button" on:click=take_theirs>{i18n.tr(Msg::TakeTheirs)}</button>
                                            <button type="button" class="button button--primary" on:click=reapply>{i18n.tr(Msg::ReapplyMine)}</button>
                                        </div>
                                    </div>
                                }
                            })
                    }}
                    {move || saved.get().then(|| view! { <p class="alert alert--ok" role="status">{i18n.tr(Msg::Saved)}</p> })}
                    <div class="dialog__actions">
                        <button type="submit" class="button button--primary" disabled=saving>{i18n.tr(Msg::Save)}</button>
                    </div>
                </form>
            </section>
            <div class="deal-side">
                <section class="panel" aria-labelledby="deal-activities-heading">
                    <h2 id="deal-activities-heading" class="panel__title">{i18n.tr(Msg::Activities)}</h2>
                    <NewActivityForm deal=d.id reload=reload />
                    <ul class="timeline">{activity_rows}</ul>
                </section>
                <section class="panel" aria-labelledby="deal-history-heading">
                    <h2 id="deal-history-heading" class="panel__title">{i18n.tr(Msg::StageHistory)}</h2>
                    <ul class="timeline">{history_rows}</ul>
                </section>
            </div>
        </div>
        <section class="panel" aria-labelledby="deal-audit-heading">
            <h2 id="deal-audit-heading" class="panel__title">{i18n.tr(Msg::AuditTrail)}</h2>
            <div class="table-wrap">
                <table class="deals-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Msg::When)}</th>
                            <th scope="col">{i18n.tr(Msg::Who)}</th>
                            <th scope="col">{i18n.tr(Msg::Field)}</th>
                            <th scope="col">{i18n.tr(Msg::Before)}</th>
                            <th scope="col">{i18n.tr(Msg::After)}</th>
                        </tr>
                    </thead>
                    <tbody>{audit_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn activity_kind(locale: Locale, kind: &str) -> &'static str {
    let msg = match kind {
        "call" => Msg::KindCall,
        "meeting" => Msg::KindMeeting,
        "email" => Msg::KindEmail,
        "visit" => Msg::KindVisit,
        _ => Msg::KindTask,
    };
    text(locale, msg)
}

fn field_name(locale: Locale, field: &str) -> String {
    let msg = match field {
        "created" => Some(Msg::FieldCreated),
        "stage_id" => Some(Msg::FieldStage),
        "rank" => Some(Msg::FieldRank),
        "title" => Some(Msg::DealTitle),
        "amount" => Some(Msg::AmountYen),
        "expected_close_on" => Some(Msg::ExpectedClose),
        "appointer_id" => Some(Msg::ColAppointer),
        "closer_id" => Some(Msg::ColCloser),
        "success_id" => Some(Msg::ColSuccess),
        _ => None,
    };
    msg.map_or_else(|| field.to_owned(), |m| text(locale, m).to_owned())
}

/// Plan an activity or log one done.
#[component]
fn NewActivityForm(deal: DealId, reload: RwSignal<u32>) -> impl IntoView {
    let on_added = move || reload.update(|n| *n += 1);
    let session = use_session();
    let i18n = use_i18n();
    let kind = RwSignal::new("call".to_owned());
    let subject = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let at = if done.get_untracked() {
            Some(chrono::Utc::now())
        } else {
            // A local date-time from the picker, in the browser's zone.
            let text = when.get_untracked();
            let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&text)).get_time();
            (!ms.is_nan())
                .then(|| chrono::DateTime::from_timestamp_millis(ms as i64))
                .flatten()
        };
        let mut new = NewActivity {
            kind: kind.get_untracked(),
            subject: subject.get_untracked(),
            notes: String::new(),
            planned_at: None,
            done_at: None,
        };
        if done.get_untracked() {
            new.done_at = at;
        } else {
            new.planned_at = at;
        }
        if let Err(e) = new.validate() {
            errors.set(e);
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        let client = session.client();
        spawn_local(async move {
            match client.add_activity(deal, &new).await {
                Ok(_) => {
                    subject.set(String::new());
                    on_added();
                }
                Err(e) if is_unauthorized(&e) => session.expire(),
                Err(e) => {
                    let fields = e
                        .api_error()
                        .map(|x| x.error.fields.clone())
                        .unwrap_or_default();
                    general.set(fields.is_empty().then_some(Msg::ServerError));
                    errors.set(fields);
                }
            }
        });
    };
    let invalid = move |field: &'static str| {
        move || {
            errors
                .with(|f| f.iter().any(|e| e.field == field))
                .to_string()
        }
    };
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|f| {
                f.iter()
                    .find(|e| e.field == field)
                    .map(|e| view! { <p class="field__error">{i18n.tr(field_msg(e))}</p> })
            })
        }
    };
    view! {
        <form class="form form--inline" on:submit=submit novalidate>
            <div class="field">
                <label class="field__label" for="act-kind">{i18n.tr(Msg::ActivityKind)}</label>
                <select id="act-kind" class="select" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {["call", "meeting", "email", "visit", "task"]
                        .into_iter()
                        .map(|k| view! { <option value=k>{move || activity_kind(i18n.locale(), k)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="act-subject">{i18n.tr(Msg::Subject)}</label>
                <input
                    id="act-subject"
                    class="input"
                    maxlength="200"
                    aria-invalid=invalid("subject")
                    prop:value=subject
                    on:input=move |ev| subject.set(event_target_value(&ev))
                />
                {error_for("subject")}
            </div>
            <div class="field">
                <label class="field__label" for="act-when">{i18n.tr(Msg::PlannedAt)}</label>
                <input
                    id="act-when"
                    class="input"
                    type="datetime-local"
                    disabled=done
                    aria-invalid=invalid("planned_at")
                    prop:value=when
                    on:input=move |ev| when.set(event_target_value(&ev))
                />
                {error_for("planned_at")}
            </div>
            <div class="filter--check">
                <input id="act-done" type="checkbox" prop:checked=done on:change=move |ev| done.set(event_target_checked(&ev)) />
                <label for="act-done">{i18n.tr(Msg::AlreadyDone)}</label>
            </div>
            {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
            <button type="submit" class="button">{i18n.tr(Msg::AddActivity)}</button>
        </form>
    }
}
