//! The settings of one member's routed role, in a modal dialog: the territories and segments
//! it covers (none chosen: all), its weight and its limits (open items at once, new items a
//! day; empty: no limit). Checked here with the shared rules first; the server's field errors
//! (422) are shown beside their fields. Saved with the same `PUT` as the toggle; Escape or
//! Cancel closes without saving, and the focus goes back to the cell's edit button.

use super::matrix::{edit_id, refusal};
use super::{TeamCtx, find_cell};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{self, Msg, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::RoleCellUpdate;
use shared::{ErrorCode, FieldError, MemberId, Role};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The message for a refused field.
fn field_msg(f: &FieldError) -> Msg {
    match (f.field.as_str(), f.code.as_str()) {
        ("weight", _) => Msg::WeightRange,
        ("capacity_open" | "capacity_daily", _) => Msg::CapacityRange,
        ("territory_ids" | "segment_ids", "not_found") => Msg::UnknownPlace,
        _ => Msg::CheckInput,
    }
}

/// A limit as typed: empty is no limit; anything but a whole number is refused.
fn parse_limit(s: &str) -> Result<Option<u32>, ()> {
    let t = s.trim();
    if t.is_empty() {
        Ok(None)
    } else {
        t.parse::<u32>().map(Some).map_err(|_| ())
    }
}

/// The id of a field's control.
fn control(field: &str) -> String {
    format!("ce-{field}")
}

/// The dialog.
#[component]
pub(super) fn CellEditor(member: MemberId, role: Role) -> impl IntoView {
    let ctx = expect_context::<TeamCtx>();
    let session = use_session();
    let i18n = use_i18n();
    let start = ctx
        .matrix
        .with_untracked(|m| find_cell(m.as_ref(), member, role));
    let name = ctx.name_of(member);
    let territories = RwSignal::new(
        start
            .as_ref()
            .map(|c| c.territory_ids.clone())
            .unwrap_or_default(),
    );
    let segments = RwSignal::new(
        start
            .as_ref()
            .map(|c| c.segment_ids.clone())
            .unwrap_or_default(),
    );
    let show = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    let weight = RwSignal::new(start.as_ref().map_or(1, |c| c.weight).to_string());
    let cap_open = RwSignal::new(show(start.as_ref().and_then(|c| c.capacity_open)));
    let cap_daily = RwSignal::new(show(start.as_ref().and_then(|c| c.capacity_daily)));
    let form_errors = super::FieldErrors::new(control);
    let errors = form_errors.list;
    let general = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let close = move || ctx.editing.set(None);

    // Escape asks the dialog to cancel: close it through the page, not behind its back.
    let on_cancel = send_wrapper::SendWrapper::new(Closure::<dyn FnMut(web_sys::Event)>::new(
        move |ev: web_sys::Event| {
            ev.prevent_default();
            close();
        },
    ));
    let on_cancel_js = on_cancel
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    Effect::new(move || {
        if let Some(d) = dialog.get() {
            let _ = d.add_event_listener_with_callback("cancel", &on_cancel_js);
            if !d.open() {
                let _ = d.show_modal();
            }
            if let Some(first) = d
                .query_selector("input")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = first.focus();
            }
        }
    });
    on_cleanup(move || {
        drop(on_cancel);
        crate::pages::deal::focus_later(edit_id(member, role));
    });

    let refuse = move |list: Vec<(String, Msg)>| {
        if let Some((field, _)) = list.first() {
            let id = match field.as_str() {
                "territory_ids" | "segment_ids" => format!("{}-0", control(field)),
                f => control(f),
            };
            crate::pages::deal::focus_later(id);
        }
        errors.try_set(list);
    };

    let saved_name = name.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        general.set(None);
        let mut bad = Vec::new();
        let w = weight
            .get_untracked()
            .trim()
            .parse::<u32>()
            .unwrap_or_else(|_| {
                bad.push(("weight".to_owned(), Msg::WholeNumberNeeded));
                1
            });
        let mut limit = |field: &str, v: String| {
            parse_limit(&v).unwrap_or_else(|()| {
                bad.push((field.to_owned(), Msg::WholeNumberNeeded));
                None
            })
        };
        let capacity_open = limit("capacity_open", cap_open.get_untracked());
        let capacity_daily = limit("capacity_daily", cap_daily.get_untracked());
        let body = RoleCellUpdate {
            held: true,
            weight: w,
            capacity_open,
            capacity_daily,
            territory_ids: territories.get_untracked(),
            segment_ids: segments.get_untracked(),
        };
        if bad.is_empty()
            && let Err(fields) = body.validate()
        {
            bad = fields
                .iter()
                .map(|f| (f.field.clone(), field_msg(f)))
                .collect();
        }
        if !bad.is_empty() {
            refuse(bad);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let client = session.client();
        let name = saved_name.clone();
        spawn_local(async move {
            let r = client.update_role_cell(member, role, &body).await;
            saving.try_set(false);
            let locale = i18n.locale_untracked();
            match r {
                Ok(_) => {
                    ctx.status
                        .set(Some(i18n::member_role_saved(locale, &name, role)));
                    close();
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
                        general.try_set(Some(i18n::text(locale, Msg::CheckInput).to_owned()));
                    } else {
                        refuse(fields);
                    }
                }
                Err(e) => {
                    general.try_set(Some(refusal(locale, &e, Some(role))));
                }
            }
            ctx.refresh();
        });
    };

    let error_for = move |field: &'static str| form_errors.view(field);
    let invalid = move |field: &'static str| form_errors.invalid(field);
    let number = move |field: &'static str,
                       label: Msg,
                       hint: Option<Msg>,
                       value: RwSignal<String>,
                       min: &'static str,
                       max: &'static str| {
        let described = if hint.is_some() {
            format!("{0}-hint {0}-error", control(field))
        } else {
            format!("{}-error", control(field))
        };
        view! {
            <div class="field">
                <label class="field__label" for=control(field)>{i18n.tr(label)}</label>
                <input
                    id=control(field)
                    class="input input--num"
                    type="number"
                    inputmode="numeric"
                    min=min
                    max=max
                    step="1"
                    aria-invalid=invalid(field)
                    aria-describedby=described
                    prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {hint.map(|h| view! { <p class="field__hint" id=format!("{}-hint", control(field))>{i18n.tr(h)}</p> })}
                {error_for(field)}
            </div>
        }
    };
    let territory_boxes = move || {
        ctx.territories
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let id = t.id;
                let on = move || territories.with(|l| l.contains(&id));
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            id=format!("{}-{i}", control("territory_ids"))
                            prop:checked=on
                            on:change=move |ev| {
                                let want = event_target_checked(&ev);
                                territories.update(|l| toggle_in(l, id, want));
                            }
                        />
                        {t.name.clone()}
                    </label>
                }
            })
            .collect_view()
    };
    let segment_boxes = move || {
        ctx.segments
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let id = s.id;
                let on = move || segments.with(|l| l.contains(&id));
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            id=format!("{}-{i}", control("segment_ids"))
                            prop:checked=on
                            on:change=move |ev| {
                                let want = event_target_checked(&ev);
                                segments.update(|l| toggle_in(l, id, want));
                            }
                        />
                        {s.name.clone()}
                    </label>
                }
            })
            .collect_view()
    };
    let heading = move || i18n::member_role_settings(i18n.locale(), &name, role);

    view! {
        <dialog class="dialog team-dialog" node_ref=dialog aria-labelledby="ce-heading">
            <h2 id="ce-heading" class="dialog__title">{heading}</h2>
            <form class="form" on:submit=save novalidate>
                <div class="team-dialog__lists">
                    <fieldset class="team-dialog__list" aria-describedby="ce-coverage-hint ce-territory_ids-error">
                        <legend class="field__label">{i18n.tr(Msg::CoverTerritories)}</legend>
                        {territory_boxes}
                        {error_for("territory_ids")}
                    </fieldset>
                    <fieldset class="team-dialog__list" aria-describedby="ce-coverage-hint ce-segment_ids-error">
                        <legend class="field__label">{i18n.tr(Msg::CoverSegments)}</legend>
                        {segment_boxes}
                        {error_for("segment_ids")}
                    </fieldset>
                </div>
                <p class="field__hint" id="ce-coverage-hint">{i18n.tr(Msg::CoverageHint)}</p>
                <div class="team-dialog__numbers">
                    {number("weight", Msg::Weight, Some(Msg::WeightHint), weight, "1", "100")}
                    {number("capacity_open", Msg::CapacityOpen, Some(Msg::CapacityHint), cap_open, "0", "100000")}
                    {number("capacity_daily", Msg::CapacityDaily, Some(Msg::CapacityHint), cap_daily, "0", "100000")}
                </div>
                {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
                <div class="dialog__actions">
                    <button type="button" class="button button--quiet" on:click=move |_| close()>
                        {i18n.tr(Msg::Cancel)}
                    </button>
                    <button type="submit" class="button button--primary" disabled=saving aria-busy=move || saving.get().then_some("true")>
                        {i18n.tr(Msg::Save)}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// Adds `id` to the list or takes it out.
fn toggle_in<T: PartialEq + Ord>(list: &mut Vec<T>, id: T, on: bool) {
    if on {
        if !list.contains(&id) {
            list.push(id);
            list.sort();
        }
    } else {
        list.retain(|x| *x != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{SegmentId, TerritoryId};

    #[test]
    fn limits_as_typed() {
        assert_eq!(parse_limit(""), Ok(None));
        assert_eq!(parse_limit("  "), Ok(None));
        assert_eq!(parse_limit(" 20 "), Ok(Some(20)));
        assert_eq!(parse_limit("-1"), Err(()));
        assert_eq!(parse_limit("2.5"), Err(()));
    }

    #[test]
    fn coverage_lists_stay_sorted_and_unique() {
        let mut l = vec![TerritoryId(3)];
        toggle_in(&mut l, TerritoryId(1), true);
        toggle_in(&mut l, TerritoryId(1), true);
        assert_eq!(l, [TerritoryId(1), TerritoryId(3)]);
        toggle_in(&mut l, TerritoryId(3), false);
        assert_eq!(l, [TerritoryId(1)]);
        let mut s: Vec<SegmentId> = Vec::new();
        toggle_in(&mut s, SegmentId(2), false);
        assert!(s.is_empty());
    }

    #[test]
    fn field_errors_name_what_to_fix() {
        let f = |field: &str, code: &str| FieldError {
            field: field.into(),
            code: code.into(),
            message: String::new(),
        };
        assert_eq!(field_msg(&f("weight", "out_of_range")), Msg::WeightRange);
        assert_eq!(
            field_msg(&f("capacity_daily", "out_of_range")),
            Msg::CapacityRange
        );
        assert_eq!(field_msg(&f("segment_ids", "not_found")), Msg::UnknownPlace);
        assert_eq!(field_msg(&f("segment_ids", "too_many")), Msg::CheckInput);
    }
}
