//! What managers do on `/success`: pick whose inbox to see, keep the onboarding checklist
//! template (add, edit, remove, reorder; each item's error beside it) and set each segment's
//! contact interval.

use crate::app::use_session;
use crate::i18n::{self, Msg, text, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{ChecklistTemplate, Segment, SegmentPatch, SuccessOwner};
use shared::client::ClientError;
use shared::{FieldError, Role, SegmentId};

/// The member picker: the manager's own inbox, one success member's, or everyone's.
#[component]
pub fn OwnerPicker(owner: RwSignal<SuccessOwner>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let members = LocalResource::new(move || {
        let client = session.client();
        async move { client.members().await }
    });
    let options = move || {
        members
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.active && m.roles.contains(&Role::Success))
            .map(|m| {
                let id = m.id;
                view! {
                    <option value=id.to_string() prop:selected=move || owner.get() == SuccessOwner::Member(id)>
                        {m.name}
                    </option>
                }
            })
            .collect_view()
    };
    let change = move |ev: leptos::ev::Event| {
        if let Some(o) = SuccessOwner::parse(&event_target_value(&ev)) {
            owner.set(o);
        }
    };
    view! {
        <div class="success-picker">
            <label for="success-owner">{i18n.tr(Msg::WhoseAccounts)}</label>
            <select id="success-owner" class="select" on:change=change>
                <option value="me" prop:selected=move || owner.get() == SuccessOwner::Me>{i18n.tr(Msg::Myself)}</option>
                <option value="all" prop:selected=move || owner.get() == SuccessOwner::All>{i18n.tr(Msg::Everyone)}</option>
                {options}
            </select>
        </div>
    }
}

fn item_error(f: &FieldError) -> Msg {
    match f.code.as_str() {
        "required" => Msg::ItemEmpty,
        "too_long" => Msg::ItemTooLong,
        "duplicate" => Msg::ItemRepeated,
        _ => Msg::CheckInput,
    }
}

/// `items[3]` → 3.
fn item_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("items[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The checklist template editor.
#[component]
pub fn TemplateEditor() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    // Each row: a stable key and its text.
    let rows = RwSignal::new(Vec::<(u32, RwSignal<String>)>::new());
    let next_key = StoredValue::new(0u32);
    let errors = RwSignal::new(Vec::<(usize, Msg)>::new());
    let list_error = RwSignal::new(None::<Msg>);
    let status = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let add_row = move |label: String| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push((key, RwSignal::new(label))));
        key
    };
    {
        let client = session.client();
        spawn_local(async move {
            match client.checklist_template().await {
                Ok(t) => {
                    if rows.is_disposed() {
                        return;
                    }
                    for label in t.items {
                        add_row(label);
                    }
                    let _ = loaded.try_set(true);
                }
                Err(e) => {
                    session.check(&e);
                    let _ = list_error.try_set(Some(Msg::LoadFailed));
                }
            }
        });
    }
    let input_id = move |key: u32| format!("tpl-item-{key}");
    let show = move |fields: Vec<FieldError>| {
        let mut per_item = Vec::new();
        let mut whole = None;
        for f in &fields {
            match item_index(&f.field) {
                Some(i) => per_item.push((i, item_error(f))),
                None => whole = Some(Msg::ItemsCount),
            }
        }
        if let Some((i, _)) = per_item.first()
            && let Some((key, _)) = rows.with_untracked(|r| r.get(*i).copied())
        {
            crate::pages::deal::focus_later(input_id(key));
        }
        errors.set(per_item);
        list_error.set(whole);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = ChecklistTemplate {
            items: rows.with_untracked(|r| r.iter().map(|(_, s)| s.get_untracked()).collect()),
        };
        status.set(None);
        if let Err(fields) = body.validate() {
            show(fields);
            return;
        }
        errors.set(Vec::new());
        list_error.set(None);
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            match client.update_checklist_template(&body).await {
                Ok(_) => {
                    let _ = status.try_set(Some(Msg::TemplateSaved));
                }
                Err(e) => {
                    session.check(&e);
                    match e.api_error() {
                        Some(a) if !a.error.fields.is_empty() => show(a.error.fields.clone()),
                        _ => {
                            let _ = list_error.try_set(Some(match e.status() {
                                Some(403) => Msg::ManagersOnly,
                                None => Msg::Unreachable,
                                _ => Msg::ServerError,
                            }));
                        }
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let position = move |key: u32| rows.with(|r| r.iter().position(|(k, _)| *k == key));
    let swap = move |key: u32, up: bool, button: &'static str| {
        rows.update(|r| {
            if let Some(i) = r.iter().position(|(k, _)| *k == key) {
                let j = if up { i.checked_sub(1) } else { Some(i + 1) };
                if let Some(j) = j.filter(|j| *j < r.len()) {
                    r.swap(i, j);
                }
            }
        });
        errors.set(Vec::new());
        // Keep the keyboard on the moved item's button (or its other one at an end).
        let (pos, len) = (position(key).unwrap_or(0), rows.with_untracked(Vec::len));
        let target = match (button, pos, len) {
            ("up", 0, _) => "down",
            ("down", p, l) if p + 1 >= l => "up",
            (b, _, _) => b,
        };
        crate::pages::deal::focus_later(format!("tpl-{target}-{key}"));
    };
    let remove = move |key: u32| {
        let pos = position(key).unwrap_or(0);
        rows.update(|r| r.retain(|(k, _)| *k != key));
        errors.set(Vec::new());
        let next = rows.with_untracked(|r| r.get(pos).or_else(|| r.last()).map(|(k, _)| *k));
        match next {
            Some(k) => crate::pages::deal::focus_later(input_id(k)),
            None => crate::pages::deal::focus_later("tpl-add".into()),
        }
    };
    let add = move |_| {
        let key = add_row(String::new());
        crate::pages::deal::focus_later(input_id(key));
    };

    view! {
        <section class="success-settings__block" aria-labelledby="tpl-title">
            <h2 class="success-section__title" id="tpl-title">{i18n.tr(Msg::TemplateHeading)}</h2>
            <p class="page__lead">{i18n.tr(Msg::TemplateHelp)}</p>
            <form class="template-editor" on:submit=save novalidate>
                <ol class="template-editor__items">
                    <For
                        each=move || rows.get()
                        key=|(k, _)| *k
                        children=move |(key, value)| {
                            let n = move || position(key).map_or(0, |p| p + 1);
                            let first = move || n() <= 1;
                            let last = move || n() >= rows.with(Vec::len);
                            let name = move || i18n::item_n(i18n.locale(), n());
                            let aria = move |msg: Msg| move || format!("{} — {}", i18n.t(msg), name());
                            let err = move || {
                                let p = position(key)?;
                                errors.with(|e| e.iter().find(|(i, _)| *i == p).map(|(_, m)| *m))
                            };
                            let err_id = format!("tpl-err-{key}");
                            let described = err_id.clone();
                            view! {
                                <li class="template-editor__row">
                                    <input
                                        id=input_id(key)
                                        class="input"
                                        maxlength="200"
                                        aria-label=name
                                        aria-invalid=move || err().is_some().to_string()
                                        aria-describedby=move || err().map(|_| described.clone())
                                        prop:value=value
                                        on:input=move |ev| value.set(event_target_value(&ev))
                                    />
                                    <button type="button" id=format!("tpl-up-{key}") class="button button--quiet"
                                        disabled=first
                                        aria-label=aria(Msg::MoveUp)
                                        on:click=move |_| swap(key, true, "up")>
                                        <span aria-hidden="true">"↑"</span>
                                    </button>
                                    <button type="button" id=format!("tpl-down-{key}") class="button button--quiet"
                                        disabled=last
                                        aria-label=aria(Msg::MoveDown)
                                        on:click=move |_| swap(key, false, "down")>
                                        <span aria-hidden="true">"↓"</span>
                                    </button>
                                    <button type="button" class="button button--quiet button--danger"
                                        aria-label=aria(Msg::RemoveItem)
                                        on:click=move |_| remove(key)>
                                        {i18n.tr(Msg::RemoveItem)}
                                    </button>
                                    {move || err().map(|m| view! {
                                        <p class="field__error" id=err_id.clone()>{i18n.tr(m)}</p>
                                    })}
                                </li>
                            }
                        }
                    />
                </ol>
                {move || list_error.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                <div class="template-editor__actions">
                    <button type="button" id="tpl-add" class="button" on:click=add disabled=move || !loaded.get()>
                        {i18n.tr(Msg::AddItem)}
                    </button>
                    <button type="submit" class="button button--primary" disabled=move || busy.get() || !loaded.get()>
                        {i18n.tr(Msg::SaveTemplate)}
                    </button>
                </div>
                <div role="status" aria-live="polite">
                    {move || status.get().map(|m| view! { <p class="alert alert--ok">{i18n.tr(m)}</p> })}
                </div>
            </form>
        </section>
    }
}

/// Each segment's contact interval, saved one by one.
#[component]
pub fn SegmentIntervals(on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let segments = LocalResource::new(move || {
        let client = session.client();
        async move { client.segments().await }
    });
    let body = move || {
        match segments.get() {
        None => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            session.check(&e);
            view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::LoadFailed)}</p> }
                .into_any()
        }
        Some(Ok(list)) => view! {
            <table class="intervals">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::ColSegment)}</th>
                        <th scope="col">{i18n.tr(Msg::IntervalLabel)}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.tr(Msg::Save)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|s| view! { <IntervalRow segment=s on_saved=on_saved /> })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
    };
    view! {
        <section class="success-settings__block" aria-labelledby="intervals-title">
            <h2 class="success-section__title" id="intervals-title">{i18n.tr(Msg::IntervalsHeading)}</h2>
            <p class="page__lead">{i18n.tr(Msg::IntervalHelp)}</p>
            {body}
        </section>
    }
}

fn interval_error(e: &ClientError) -> Msg {
    match e.status() {
        Some(422) => Msg::IntervalRange,
        Some(403) => Msg::ManagersOnly,
        None => Msg::Unreachable,
        _ => Msg::ServerError,
    }
}

#[component]
fn IntervalRow(
    segment: Segment,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let id: SegmentId = segment.id;
    let value = RwSignal::new(
        segment
            .contact_interval_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<Msg>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let input_id = format!("interval-{id}");
    let err_id = format!("interval-err-{id}");
    let described = err_id.clone();
    let name = segment.name.clone();
    let aria = move |msg: Msg| {
        let name = name.clone();
        move || format!("{} — {name}", i18n.t(msg))
    };
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        saved.set(false);
        let raw = value.get_untracked();
        let raw = raw.trim();
        let days = if raw.is_empty() {
            None
        } else {
            match raw.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    error.set(Some(Msg::IntervalRange));
                    return;
                }
            }
        };
        let patch = SegmentPatch {
            contact_interval_days: days,
        };
        if patch.validate().is_err() {
            error.set(Some(Msg::IntervalRange));
            return;
        }
        error.set(None);
        busy.set(true);
        let client = session.client();
        spawn_local(async move {
            match client.update_segment(id, &patch).await {
                Ok(_) => {
                    let _ = saved.try_set(true);
                    on_saved();
                }
                Err(e) => {
                    session.check(&e);
                    let _ = error.try_set(Some(interval_error(&e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <tr>
            <th scope="row">{segment.name.clone()}</th>
            <td>
                <input id=input_id class="input input--num" type="number" min="1" max="365" inputmode="numeric"
                    aria-label=aria(Msg::IntervalLabel)
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=move || error.get().map(|_| described.clone())
                    prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { save(()) } />
                {move || error.get().map(|m| view! { <p class="field__error" id=err_id.clone()>{i18n.tr(m)}</p> })}
            </td>
            <td>
                <button type="button" class="button button--quiet" aria-label=aria(Msg::Save) on:click=move |_| save(())>
                    {i18n.tr(Msg::Save)}
                </button>
                <span role="status" class="intervals__saved">
                    {move || saved.get().then(|| text(i18n.locale(), Msg::IntervalSaved))}
                </span>
            </td>
        </tr>
    }
}
