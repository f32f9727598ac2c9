//! The new-deal dialog of a column: title, account (an existing one found by name, or a new
//! one), amount and expected close date. The deal goes to the end of the column.
//!
//! The dialog is the browser's modal `<dialog>`: the rest of the page is inert while it is open
//! (focus stays inside), Escape closes it, and the focus goes back to the button that opened it.

use super::{board_ctx, is_stalled};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Account, AccountQuery, NewAccount, NewDeal, Stage};
use shared::client::ClientError;
use shared::{ErrorCode, FieldError};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The message for a field error from the server or the shared checks.
fn field_msg(e: &FieldError) -> Msg {
    match e.code.as_str() {
        "required" => Msg::FieldRequired,
        "too_long" => Msg::TooLong,
        _ => Msg::FieldInvalid,
    }
}

/// What went wrong, for the dialog: per field, or as a whole.
fn errors_of(err: &ClientError) -> (Vec<FieldError>, Option<Msg>) {
    match err.code() {
        Some(ErrorCode::Validation) => {
            let fields = err
                .api_error()
                .map(|e| e.error.fields.clone())
                .unwrap_or_default();
            let general = fields.is_empty().then_some(Msg::CheckInput);
            (fields, general)
        }
        Some(ErrorCode::Forbidden) => (Vec::new(), Some(Msg::CreateForbidden)),
        None if err.status().is_none() => (Vec::new(), Some(Msg::Unreachable)),
        _ => (Vec::new(), Some(Msg::ServerError)),
    }
}

/// Keeps Tab and Shift+Tab inside the dialog: from its last control to its first and back.
fn trap_tab(dialog: &web_sys::HtmlDialogElement, ev: &leptos::ev::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(
        "input:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex=\"0\"]",
    ) else {
        return;
    };
    let item = |i: u32| {
        list.item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (item(0), item(list.length().saturating_sub(1))) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
    if ev.shift_key() && at(&first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(&last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// The dialog.
#[component]
pub fn NewDealDialog(stage: Stage) -> impl IntoView {
    let ctx = board_ctx();
    let session = use_session();
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let close_on = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Account>::new());
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let general = RwSignal::new(None::<Msg>);
    let saving = RwSignal::new(false);
    let search_token = StoredValue::new(0u64);
    let first = NodeRef::<leptos::html::Input>::new();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let close = move || ctx.adding.set(None);
    // The button that opened the dialog gets the focus back.
    let opener = send_wrapper::SendWrapper::new(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    // Escape asks the dialog to cancel: close it through the board, not behind its back.
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
            if let Some(el) = first.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || {
        drop(on_cancel);
        // Once the dialog is gone (while it is open, the page behind it cannot take focus).
        let opener = opener.take();
        request_animation_frame(move || {
            if let Some(el) = opener {
                let _ = el.focus();
            }
        });
    });

    let search = move |text: String| {
        let token = search_token.get_value().wrapping_add(1);
        search_token.set_value(token);
        let client = session.client();
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(200).await;
            if search_token.try_get_value() != Some(token) {
                return;
            }
            let q = AccountQuery {
                q: Some(text).filter(|t| !t.trim().is_empty()),
                limit: Some(20),
            };
            if let Ok(list) = client.accounts(&q).await {
                found.try_set(list);
            }
        });
    };
    search(String::new());

    let error_for = move |field: &'static str| {
        move || {
            fields.with(|f| {
                f.iter()
                    .find(|e| e.field == field)
                    .map(|e| view! { <p class="field__error" id=format!("nd-{field}-error")>{i18n.tr(field_msg(e))}</p> })
            })
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            fields
                .with(|f| f.iter().any(|e| e.field == field))
                .to_string()
        }
    };

    let stage_id = stage.id;
    let pipeline_id = ctx.pipeline.with_untracked(|p| p.as_ref().map(|p| p.id));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Some(pipeline_id) = pipeline_id else {
            return;
        };
        let name = account.get_untracked().trim().to_owned();
        let amount_text = amount.get_untracked().trim().to_owned();
        let mut local = Vec::new();
        let amount_value = if amount_text.is_empty() {
            0
        } else {
            match amount_text.replace([',', '，'], "").parse::<i64>() {
                Ok(v) if v >= 0 => v,
                _ => {
                    local.push(FieldError {
                        field: "amount".into(),
                        code: "invalid_value".into(),
                        message: String::new(),
                    });
                    0
                }
            }
        };
        let close = close_on.get_untracked();
        let new = NewDeal {
            pipeline_id,
            stage_id: Some(stage_id),
            account_id: shared::AccountId(0),
            title: title.get_untracked(),
            amount: amount_value,
            currency: None,
            appointer_id: None,
            closer_id: None,
            success_id: None,
            expected_close_on: chrono::NaiveDate::parse_from_str(&close, "%Y-%m-%d").ok(),
        };
        if let Err(mut f) = new.validate() {
            local.append(&mut f);
        }
        if name.is_empty() {
            local.push(FieldError {
                field: "account".into(),
                code: "required".into(),
                message: String::new(),
            });
        }
        if !local.is_empty() {
            fields.set(local);
            return;
        }
        fields.set(Vec::new());
        general.set(None);
        saving.set(true);
        let existing = found.with_untracked(|l| l.iter().find(|a| a.name == name).map(|a| a.id));
        let client = session.client();
        spawn_local(async move {
            let account_id = match existing {
                Some(id) => Ok(id),
                None => client
                    .create_account(&NewAccount {
                        name: name.clone(),
                        name_kana: None,
                        segment_id: None,
                        territory_id: None,
                        phone: None,
                    })
                    .await
                    .map(|a| a.id)
                    .map_err(|e| {
                        // The account's own field errors belong to the account field.
                        let (f, g) = errors_of(&e);
                        let f = f
                            .into_iter()
                            .map(|mut x| {
                                x.field = "account".into();
                                x
                            })
                            .collect::<Vec<_>>();
                        (e, f, g)
                    }),
            };
            let result = match account_id {
                Ok(id) => client
                    .create_deal(&NewDeal {
                        account_id: id,
                        ..new
                    })
                    .await
                    .map_err(|e| {
                        let (f, g) = errors_of(&e);
                        (e, f, g)
                    }),
                Err(e) => Err(e),
            };
            saving.try_set(false);
            match result {
                Ok(deal) => {
                    let stalled = ctx.pipeline.with_untracked(|p| {
                        p.as_ref()
                            .and_then(|p| p.stages.iter().find(|s| s.id == deal.stage_id))
                            .is_some_and(|s| is_stalled(s, &deal))
                    });
                    ctx.board.update(|b| {
                        if let Some(b) = b {
                            b.place(deal, stalled);
                        }
                    });
                    ctx.schedule_reconcile();
                    ctx.adding.set(None);
                }
                Err((e, _, _)) if is_unauthorized(&e) => session.expire(),
                Err((_, f, g)) => {
                    fields.try_set(f);
                    general.try_set(g);
                }
            }
        });
    };

    let heading = format!(
        "{} — {}",
        crate::i18n::text(i18n.locale_untracked(), Msg::NewDeal),
        stage.name
    );
    view! {
        <dialog
            class="dialog"
            node_ref=dialog
            aria-labelledby="new-deal-heading"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Tab" && let Some(d) = dialog.get_untracked() {
                    trap_tab(&d, &ev);
                }
            }
        >
            <h2 id="new-deal-heading" class="dialog__title">{heading}</h2>
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label class="field__label" for="nd-title">{i18n.tr(Msg::DealTitle)}</label>
                    <input
                        id="nd-title"
                        class="input"
                        node_ref=first
                        maxlength="200"
                        aria-invalid=invalid("title")
                        aria-describedby="nd-title-error"
                        prop:value=title
                        on:input=move |ev| title.set(event_target_value(&ev))
                    />
                    {error_for("title")}
                </div>
                <div class="field">
                    <label class="field__label" for="nd-account">{i18n.tr(Msg::Account)}</label>
                    <input
                        id="nd-account"
                        class="input"
                        list="nd-accounts"
                        autocomplete="off"
                        maxlength="200"
                        aria-invalid=invalid("account")
                        aria-describedby="nd-account-hint nd-account-error"
                        prop:value=account
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            account.set(v.clone());
                            search(v);
                        }
                    />
                    <datalist id="nd-accounts">
                        {move || {
                            found
                                .get()
                                .into_iter()
                                .map(|a| view! { <option value=a.name.clone()></option> })
                                .collect_view()
                        }}
                    </datalist>
                    <p class="field__hint" id="nd-account-hint">{i18n.tr(Msg::AccountHint)}</p>
                    {error_for("account")}
                </div>
                <div class="field">
                    <label class="field__label" for="nd-amount">{i18n.tr(Msg::AmountYen)}</label>
                    <input
                        id="nd-amount"
                        class="input"
                        inputmode="numeric"
                        aria-invalid=invalid("amount")
                        aria-describedby="nd-amount-error"
                        prop:value=amount
                        on:input=move |ev| amount.set(event_target_value(&ev))
                    />
                    {error_for("amount")}
                </div>
                <div class="field">
                    <label class="field__label" for="nd-close">{i18n.tr(Msg::ExpectedClose)}</label>
                    <input
                        id="nd-close"
                        class="input"
                        type="date"
                        prop:value=close_on
                        on:input=move |ev| close_on.set(event_target_value(&ev))
                    />
                </div>
                {move || general.get().map(|m| view! { <p class="alert alert--error" role="alert">{i18n.tr(m)}</p> })}
                <div class="dialog__actions">
                    <button type="button" class="button button--quiet" on:click=move |_| close()>
                        {i18n.tr(Msg::Cancel)}
                    </button>
                    <button type="submit" class="button button--primary" disabled=saving>
                        {i18n.tr(Msg::Create)}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
