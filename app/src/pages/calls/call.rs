//! `/calls/:id`: a call run on its script version. One step at a time in large type with its
//! variables filled; its answers as big buttons (1–9); the shared objection steps as buttons
//! of their own (letters); the linked knowledge-base article in a panel beside the step (`K`);
//! notes (`N`); back (`B`); the path so far; and, once an answer leads to an outcome (or the
//! member ends the call), the finish panel.
//!
//! The screen never waits for the server: a click moves the run on at once and is queued
//! ([`super::send`]), one request at a time, in order. The queue is kept in `localStorage`
//! with the notes being typed, so a reload or a crash resumes where the server has the call,
//! with any click it had not confirmed sent again (safely: same sequence number and key).

use super::finish::{FinishPanel, Summary};
use super::keys::{self, Action, Press};
use super::run::{At, Position, Run, notes_after_back, vars};
use super::screen::{Commands, Notes, Objections, Person, Status, StepView};
use super::send::{Answered, Pending, SendQueue, Settled, Why, still_to_send};
use super::side::{ArticlePanel, PathView};
use super::{keep, kept, request_error};
use crate::app::{Session, is_unauthorized, use_session};
use crate::components::format::FALLBACK_TIME_ZONE;
use crate::i18n::{I18n, Msg, text, use_i18n, use_page_title};
use crate::pages::deal::focus_later;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::api::{Article, Call, CallContext, FinishCall};
use shared::client::ClientError;
use shared::script::{Outcome, Vars};
use shared::{ArticleId, CallId};
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// The element focused after every move, so the new step is read out.
pub(super) const STEP_TEXT_ID: &str = "call-step-text";
/// The notes field.
pub(super) const NOTES_ID: &str = "call-notes";
/// The article panel's heading (focused when it opens).
pub(super) const ARTICLE_TITLE_ID: &str = "call-article-title";

/// A linked article as loaded.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ArticleLoad {
    /// On its way.
    Loading,
    /// Here.
    Loaded(Article),
    /// It could not be loaded.
    Failed,
}

/// What the parts of the call screen share.
#[derive(Clone, Copy)]
pub(super) struct CallCtx {
    pub id: CallId,
    pub session: Session,
    pub i18n: I18n,
    /// The run as the screen has it.
    pub run: RwSignal<Run>,
    /// Where it is (derived from `run`).
    pub at: Memo<At>,
    /// A shared step being looked at instead of the current one (nothing recorded yet).
    pub viewing: RwSignal<Option<String>>,
    /// The notes being typed at this step.
    pub notes: RwSignal<String>,
    /// Whether the article panel is open.
    pub article_open: RwSignal<bool>,
    /// Articles loaded so far.
    pub articles: RwSignal<HashMap<ArticleId, ArticleLoad>>,
    /// Clicks not yet confirmed.
    pub queue: StoredValue<SendQueue>,
    /// Their number (for the screen).
    pub pending: RwSignal<usize>,
    /// Whether the connection was lost on the last attempt.
    pub offline: RwSignal<bool>,
    /// Why the screen was corrected from the server.
    pub problem: RwSignal<Option<Msg>>,
    /// The finished call.
    pub finished: RwSignal<Option<Call>>,
    /// The finish as sent (for the summary).
    pub sent: RwSignal<Option<FinishCall>>,
    /// Why a one-click finish (wrong contact, no answer) failed.
    pub quick_error: RwSignal<Option<Msg>>,
    /// Whether a one-click finish is on its way.
    pub quick_sending: RwSignal<bool>,
    /// Whether a finish is on its way (the call then takes no more clicks).
    pub closing: RwSignal<bool>,
    /// An outcome the member chose to end the call with (otherwise the one reached).
    pub finishing: RwSignal<Option<Outcome>>,
    /// Bumped whenever the call is loaded again from the server.
    pub generation: RwSignal<u32>,
    /// The call's context: the deal, the person called, the closers.
    pub context: StoredValue<CallContext>,
    /// The variables' values.
    pub vars: StoredValue<Vars>,
    /// The member's time zone.
    pub zone: StoredValue<String>,
}

/// A fresh idempotency key for one click.
fn new_key() -> String {
    let a = (js_sys::Math::random() * 1e15) as u64;
    let b = (js_sys::Math::random() * 1e15) as u64;
    format!("ca-{a:x}{b:x}")
}

/// What a correction from the server tells the member.
fn why_msg(why: Why) -> Msg {
    match why {
        Why::Diverged => Msg::CallDiverged,
        Why::Refused(Some(409)) => Msg::CallConflict,
        Why::Refused(None) | Why::Refused(Some(500..)) => Msg::CallServerFailed,
        Why::Refused(Some(_)) => Msg::CallRefused,
    }
}

/// Whether the focus is somewhere the member types.
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    if el.is_content_editable() {
        return true;
    }
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            el.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit" | "reset")
        ),
        _ => false,
    }
}

impl CallCtx {
    /// The key of the step shown: the one looked at, else the one the call is at (tracked).
    pub fn shown(self) -> Option<String> {
        self.viewing.get().or_else(|| match self.at.get() {
            At::Step(k) => Some(k),
            _ => None,
        })
    }

    fn shown_untracked(self) -> Option<String> {
        untrack(move || self.shown())
    }

    /// The outcome the finish panel is for: the one chosen, else the one reached (tracked).
    pub fn panel_outcome(self) -> Option<Outcome> {
        self.finishing.get().or_else(|| match self.at.get() {
            At::Outcome { outcome, .. } => Some(outcome),
            _ => None,
        })
    }

    /// The reason the reached answer says, if any (tracked).
    pub fn reached_reason(self) -> Option<String> {
        match self.at.get() {
            At::Outcome { reason, .. } => reason,
            _ => None,
        }
    }

    /// Finished, or being finished: no more clicks.
    fn is_finished(self) -> bool {
        self.finished.with_untracked(Option::is_some) || self.closing.get_untracked()
    }

    /// After any move: the new step, read out; panels closed.
    fn moved(self) {
        self.viewing.set(None);
        self.article_open.set(false);
        self.finishing.set(None);
        focus_later(STEP_TEXT_ID.into());
    }

    /// Gives answer `index` of `step` (the one shown).
    pub fn give(self, step: &str, index: u32) {
        if self.is_finished() {
            return;
        }
        let typed = self.notes.get_untracked();
        let given = self
            .run
            .try_update(|r| {
                r.answer(step, index, typed.trim().to_owned())
                    .map(|body| (body, r.position()))
            })
            .and_then(Result::ok);
        let Some((body, expect)) = given else {
            return;
        };
        self.notes.set(String::new());
        keep(self.id, "notes", "");
        self.moved();
        self.send(body, expect);
    }

    /// Back: leaves a shared step only looked at, else undoes the latest answer.
    pub fn go_back(self) {
        if self.is_finished() {
            return;
        }
        if self.viewing.get_untracked().is_some() {
            self.moved();
            return;
        }
        let undone = self
            .run
            .try_update(|r| r.back().map(|(body, undone)| (body, undone, r.position())))
            .and_then(Result::ok);
        let Some((body, undone, expect)) = undone else {
            self.announce(Msg::CallAtStart);
            return;
        };
        let notes = notes_after_back(&undone.notes, &self.notes.get_untracked());
        keep(self.id, "notes", &notes);
        self.notes.set(notes);
        self.moved();
        self.send(body, expect);
    }

    /// Shows shared step `index` (nothing is recorded until one of its answers is given).
    pub fn open_shared(self, index: usize) {
        if self.is_finished() {
            return;
        }
        let key = self
            .run
            .with_untracked(|r| r.shared_steps().get(index).map(|s| s.key.clone()));
        let Some(key) = key else {
            return;
        };
        let current = self.at.with_untracked(|a| match a {
            At::Step(k) => Some(k.clone()),
            _ => None,
        });
        self.article_open.set(false);
        self.viewing
            .set((current.as_deref() != Some(key.as_str())).then_some(key));
        focus_later(STEP_TEXT_ID.into());
    }

    /// The article linked from the step shown, if any.
    pub fn shown_article(self) -> Option<ArticleId> {
        let key = self.shown()?;
        self.run.with(|r| r.step(&key).and_then(|s| s.article))
    }

    /// Loads an article unless it is loaded or on its way.
    fn load_article(self, id: ArticleId) {
        let known = self.articles.with_untracked(|m| {
            matches!(
                m.get(&id),
                Some(ArticleLoad::Loading | ArticleLoad::Loaded(_))
            )
        });
        if known {
            return;
        }
        self.articles.update(|m| {
            m.insert(id, ArticleLoad::Loading);
        });
        let client = self.session.client();
        spawn_local(async move {
            let got = match client.article(id).await {
                Ok(a) => ArticleLoad::Loaded(a),
                Err(_) => ArticleLoad::Failed,
            };
            self.articles.try_update(|m| {
                m.insert(id, got);
            });
        });
    }

    /// Opens (or closes) the article panel.
    pub fn toggle_article(self) {
        if self.article_open.get_untracked() {
            self.article_open.set(false);
            focus_later(STEP_TEXT_ID.into());
            return;
        }
        match untrack(move || self.shown_article()) {
            Some(id) => {
                self.load_article(id);
                self.article_open.set(true);
                focus_later(ARTICLE_TITLE_ID.into());
            }
            None => self.announce(Msg::CallNoArticle),
        }
    }

    /// Escape: closes the article, leaves a shared step looked at, or closes a finish panel
    /// the member opened.
    fn escape(self) {
        if self.article_open.get_untracked() {
            self.article_open.set(false);
            focus_later(STEP_TEXT_ID.into());
        } else if self.viewing.get_untracked().is_some() {
            self.viewing.set(None);
            focus_later(STEP_TEXT_ID.into());
        } else if self.finishing.get_untracked().is_some() {
            self.finishing.set(None);
            focus_later(STEP_TEXT_ID.into());
        }
    }

    /// Says something politely (the live region under the step).
    fn announce(self, msg: Msg) {
        self.problem.set(None);
        let locale = self.i18n.locale_untracked();
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("call-announce"))
        {
            el.set_text_content(Some(text(locale, msg)));
        }
    }

    fn sync_counts(self) {
        let (n, offline) = self.queue.with_value(|q| (q.len(), q.offline()));
        self.pending.set(n);
        self.offline.set(offline);
        let kept = self.queue.with_value(SendQueue::items);
        let json = if kept.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&kept).unwrap_or_default()
        };
        keep(self.id, "pending", &json);
    }

    /// Queues a click and makes sure the queue is moving.
    fn send(self, body: shared::api::CallAnswer, expect: Position) {
        self.queue.update_value(|q| {
            q.push(Pending {
                body,
                key: new_key(),
                expect,
            })
        });
        self.sync_counts();
        self.pump();
    }

    /// Sends the next click, unless one is on its way.
    pub fn pump(self) {
        let Some(p) = self.queue.try_update_value(SendQueue::take).flatten() else {
            return;
        };
        let client = self.session.client();
        let generation = self.generation.get_untracked();
        spawn_local(async move {
            let result = client.answer_call_once(self.id, &p.body, &p.key).await;
            if self.generation.try_get_untracked() != Some(generation) {
                return;
            }
            let answered = match &result {
                Ok(call) => Answered::Recorded {
                    seq: call.seq,
                    at: Position::of_call(call),
                },
                Err(ClientError::Network(_)) => Answered::Network,
                Err(e) if is_unauthorized(e) => Answered::Unauthorized,
                Err(e) => Answered::Refused(e.status()),
            };
            let Some(settled) = self.queue.try_update_value(|q| q.settle(answered)) else {
                return;
            };
            self.sync_counts();
            match settled {
                Settled::Confirmed => self.pump(),
                Settled::Retry(wait) => {
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                    if self.generation.try_get_untracked() == Some(generation) {
                        self.pump();
                    }
                }
                Settled::Reload(why) => self.reload(Some(why_msg(why))),
                Settled::Expired => self.session.expire(),
            }
        });
    }

    /// Loads the call again from the server and shows where it really is, saying why.
    pub fn reload(self, why: Option<Msg>) {
        self.generation.update(|g| *g += 1);
        self.queue.update_value(SendQueue::clear);
        self.sync_counts();
        let client = self.session.client();
        spawn_local(async move {
            match client.get_call(self.id).await {
                Ok(call) => {
                    self.apply(&call);
                    let _ = self.problem.try_set(why);
                }
                Err(e) if is_unauthorized(&e) => self.session.expire(),
                Err(_) => {
                    let _ = self.problem.try_set(Some(Msg::CallReloadFailed));
                }
            }
        });
    }

    /// Shows the call as the server has it.
    pub fn apply(self, call: &Call) {
        self.run.set(Run::from_call(call));
        self.viewing.set(None);
        self.finishing.set(None);
        self.article_open.set(false);
        if call.finished_at.is_some() {
            keep(self.id, "notes", "");
            keep(self.id, "pending", "");
            self.finished.set(Some(call.clone()));
        }
    }

    /// Waits until every click is confirmed; false if the call was loaded again meanwhile.
    pub async fn drained(self) -> bool {
        let generation = self.generation.get_untracked();
        loop {
            if self.generation.try_get_untracked() != Some(generation) {
                return false;
            }
            if self.queue.try_with_value(SendQueue::is_empty) != Some(false) {
                return true;
            }
            gloo_timers::future::TimeoutFuture::new(40).await;
        }
    }

    /// Finishing worked: forget what was kept on this device.
    pub fn done(self, call: Call, sent: FinishCall) {
        keep(self.id, "notes", "");
        keep(self.id, "pending", "");
        self.notes.set(String::new());
        self.sent.set(Some(sent));
        self.finished.set(Some(call));
        focus_later("call-summary-title".into());
    }

    fn on_key(self, ev: &web_sys::KeyboardEvent) {
        if self.is_finished() {
            return;
        }
        let typing = typing_in(ev.target());
        let (key, code) = (ev.key(), ev.code());
        let press = Press {
            key: &key,
            code: &code,
            modified: ev.ctrl_key() || ev.alt_key() || ev.meta_key(),
            shift: ev.shift_key(),
            typing,
            repeat: ev.repeat(),
        };
        let Some(action) = keys::action(press) else {
            return;
        };
        match action {
            Action::Escape if typing => {
                if let Some(el) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.blur();
                }
            }
            Action::Escape => self.escape(),
            Action::Answer(i) => {
                let Some(step) = self.shown_untracked() else {
                    return;
                };
                ev.prevent_default();
                self.give(&step, i);
            }
            Action::Shared(i) => {
                ev.prevent_default();
                self.open_shared(i);
            }
            Action::Back => {
                ev.prevent_default();
                self.go_back();
            }
            Action::Article => {
                ev.prevent_default();
                self.toggle_article();
            }
            Action::Notes => {
                ev.prevent_default();
                // At once: what is typed right after N goes into the notes, not to the call.
                if !crate::pages::deal::focus_now(NOTES_ID) {
                    focus_later(NOTES_ID.into());
                }
            }
        }
    }
}

/// `/calls/:id`.
#[component]
pub fn CallPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    use_page_title(Msg::CallMode);
    let id = crate::components::route::route_id(CallId);
    let attempt = RwSignal::new(0u32);
    let call = LocalResource::new(move || {
        let id = id.get();
        attempt.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(client.get_call(id).await),
                None => None,
            }
        }
    });
    let context = LocalResource::new(move || {
        let id = id.get();
        attempt.track();
        let client = session.client();
        async move {
            match id {
                Some(id) => Some(client.call_context(id).await),
                None => None,
            }
        }
    });
    let body = move || {
        let failed = |e: ClientError| {
            if is_unauthorized(&e) {
                session.expire();
            }
            let msg = request_error(&e);
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                    <p><A href="/calls">{i18n.tr(Msg::CallBackToQueue)}</A></p>
                </div>
            }
            .into_any()
        };
        match (call.get(), context.get()) {
            (Some(None), _) | (_, Some(None)) => {
                view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::CallNotFound)}</p> }
                    .into_any()
            }
            (Some(Some(Err(e))), _) | (_, Some(Some(Err(e)))) => failed(e),
            (Some(Some(Ok(c))), Some(Some(Ok(x)))) => view! { <CallScreen call=c context=x /> }.into_any(),
            _ => view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any(),
        }
    };
    view! { <div class="page page--call">{body}</div> }
}

/// The call, loaded.
#[component]
fn CallScreen(call: Call, context: CallContext) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let id = call.id;
    let mut run = Run::from_call(&call);
    // Clicks this device made that the server had not confirmed: replayed and sent again.
    let kept_clicks: Vec<Pending> = kept(id, "pending")
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    let mut replayed = Vec::new();
    if call.finished_at.is_some() {
        keep(id, "pending", "");
        keep(id, "notes", "");
    } else {
        for p in still_to_send(kept_clicks, call.seq) {
            if run.replay(&p.body).is_err() {
                break;
            }
            replayed.push(p);
        }
    }
    let zone = untrack(move || {
        session
            .with_me(|m| m.map_or_else(|| FALLBACK_TIME_ZONE.to_owned(), |m| m.time_zone.clone()))
    });
    let contact = context
        .contact
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let account = context
        .deal
        .as_ref()
        .map(|d| d.account.name.clone())
        .unwrap_or_default();
    let values = vars(
        &contact,
        &account,
        &call.member.name,
        &context.member_company,
    );
    let run = RwSignal::new(run);
    let at = Memo::new(move |_| run.with(Run::at));
    let ctx = CallCtx {
        id,
        session,
        i18n,
        run,
        at,
        viewing: RwSignal::new(None),
        notes: RwSignal::new(kept(id, "notes").unwrap_or_default()),
        article_open: RwSignal::new(false),
        articles: RwSignal::new(HashMap::new()),
        queue: StoredValue::new(SendQueue::with(replayed)),
        pending: RwSignal::new(0),
        offline: RwSignal::new(false),
        problem: RwSignal::new(None),
        finished: RwSignal::new(call.finished_at.is_some().then(|| call.clone())),
        sent: RwSignal::new(None),
        quick_error: RwSignal::new(None),
        quick_sending: RwSignal::new(false),
        closing: RwSignal::new(false),
        finishing: RwSignal::new(None),
        generation: RwSignal::new(0),
        context: StoredValue::new(context),
        vars: StoredValue::new(values),
        zone: StoredValue::new(zone),
    };
    provide_context(ctx);
    ctx.sync_counts();
    ctx.pump();

    let handle = window_event_listener(leptos::ev::keydown, move |ev| ctx.on_key(&ev));
    on_cleanup(move || handle.remove());

    // The linked article is fetched as soon as its step shows, so `K` opens it at once.
    Effect::new(move || {
        if let Some(a) = ctx.shown_article() {
            ctx.load_article(a);
        }
    });

    let deal = ctx.context.with_value(|c| c.deal.clone());
    let title = deal.as_ref().map(|d| d.title.clone()).unwrap_or_default();
    let deal_href = deal.as_ref().map(|d| format!("/deals/{}", d.id));
    view! {
        <div class="page__head">
            <div>
                <p class="crumbs"><A href="/calls">{i18n.tr(Msg::CallQueue)}</A></p>
                <h1 class="page__title">{title}</h1>
            </div>
            {deal_href.map(|h| view! { <A href=h attr:class="button button--quiet">{i18n.tr(Msg::CallOpenDeal)}</A> })}
        </div>
        <Person />
        <Show
            when=move || ctx.finished.with(Option::is_none)
            fallback=|| view! { <Summary /> }
        >
            <div class="call">
                <div class="call__main">
                    <Status />
                    {move || match ctx.viewing.get().is_none().then(|| ctx.panel_outcome()).flatten() {
                        Some(o) => view! { <FinishPanel outcome=o /> }.into_any(),
                        None => view! { <StepView /> }.into_any(),
                    }}
                    <Objections />
                    <Commands />
                    <Notes />
                </div>
                <div class="call__side">
                    <ArticlePanel />
                    <PathView />
                </div>
            </div>
        </Show>
    }
}
