//! The draft editor of `/scripts/:id` (managers and admins): the editor's state and its
//! protocol with the server, and the page around the steps, the map and the problems.
//!
//! Every edit goes through [`Editor::edit`]: the draft changes here at once, is kept in this
//! browser (`draft_store`) until the server has it, and is saved 800 ms after the last edit
//! (`PUT /scripts/{id}/draft` with the draft version it started from; one save at a time, a
//! failed one is tried again). A 409 stops saving and shows who saved when; the member then
//! loads the other draft (dropping theirs) or keeps theirs (saved on top of the current
//! version): nothing is overwritten without that choice. Publishing saves first, then sends
//! the version; autosave waits while it runs so the two never race.

use super::anchors;
use super::draft_store::{self, Kept, Offer};
use super::map::FlowMap;
use super::problems::ProblemsPanel;
use super::steps::StepsEditor;
use super::text;
use super::versions::VersionsList;
use super::{ScriptFacts, ScriptsCtx, focus_later};
use crate::app::{Session, is_unauthorized, use_session};
use crate::i18n::{I18n, Msg, use_i18n};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::ErrorCode;
use shared::api::{PublishScript, SaveDraft, Script};
use shared::client::ClientError;
use shared::script::{Problem, ScriptDiff, ScriptGraph, article_problems, diff, validate};
use std::collections::{BTreeSet, HashMap};

/// Milliseconds from the last edit to the save.
const SAVE_AFTER_MS: u32 = 800;
/// Milliseconds before a failed save is tried again.
const RETRY_AFTER_MS: u32 = 4000;

/// Where the draft stands with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SaveStatus {
    /// The server has the draft as shown.
    Saved,
    /// Edits not yet sent.
    Unsaved,
    /// A save is on its way.
    Saving,
    /// The last save failed (why); it is tried again.
    Failed(Msg),
    /// Someone else saved first; the member chooses.
    Conflict,
}

/// The editor's state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    session: Session,
    i18n: I18n,
    /// The script as the server last answered (its draft is what the server has).
    pub script: RwSignal<Script>,
    /// The draft as edited here.
    pub draft: RwSignal<ScriptGraph>,
    /// Every problem of the draft, live.
    pub problems: Memo<Vec<Problem>>,
    /// Problem texts by the control they are about (anchor id → texts).
    pub by_anchor: Memo<HashMap<String, Vec<String>>>,
    /// The steps' keys, in order (for the target and start selects).
    pub keys: Memo<Vec<String>>,
    /// The save status.
    pub status: RwSignal<SaveStatus>,
    /// The script as another manager saved it (a 409).
    pub conflict: RwSignal<Option<Script>>,
    /// A draft kept in this browser, offered back (and whether the server moved on since).
    pub restore: RwSignal<Option<(Kept, bool)>>,
    /// The last thing done, said politely.
    pub announce: RwSignal<Option<String>>,
    /// The draft before the last deletion, while it can be undone.
    pub undo: RwSignal<Option<ScriptGraph>>,
    /// Publishing is on its way.
    pub publishing: RwSignal<bool>,
    /// What the publish answer said (an error, a problem list is in `server_problems`).
    pub publish_error: RwSignal<Option<String>>,
    /// Problems the server named on publishing, for the draft it had.
    pub server_problems: RwSignal<(ScriptGraph, Vec<Problem>)>,
    store_key: StoredValue<String>,
    generation: StoredValue<u64>,
    in_flight: StoredValue<bool>,
}

impl Editor {
    fn new(session: Session, script: Script, ctx: ScriptsCtx) -> Self {
        let i18n = use_i18n();
        let member = session
            .with_me(|m| m.map(|m| m.id))
            .unwrap_or(shared::MemberId(0));
        let key = draft_store::key(member, script.id);
        let server_graph = script.draft.clone().unwrap_or_default();
        let server_problems = (server_graph.clone(), script.draft_problems.clone());
        let kept = draft_store::load(&key);
        let restore = match draft_store::offer(kept.as_ref(), &server_graph, script.draft_version) {
            Offer::Nothing => None,
            Offer::Forget => {
                draft_store::forget(&key);
                None
            }
            Offer::Restore { server_changed } => kept.map(|k| (k, server_changed)),
        };
        let draft = RwSignal::new(server_graph);
        let server_problems = RwSignal::new(server_problems);
        let articles = ctx.articles;
        let problems = Memo::new(move |_| {
            draft.with(|g| {
                let mut p = validate(g);
                // Article links are checked once the articles are known.
                if let Some(list) = articles.get() {
                    let known: BTreeSet<_> = list.iter().map(|a| a.id).collect();
                    p.extend(article_problems(g, &known));
                }
                server_problems.with(
                    |(at, extra)| {
                        if at == g { anchors::merge(p, extra) } else { p }
                    },
                )
            })
        });
        let by_anchor = Memo::new(move |_| {
            let locale = i18n.locale();
            let mut m: HashMap<String, Vec<String>> = HashMap::new();
            problems.with(|ps| {
                for p in ps {
                    m.entry(anchors::anchor(p))
                        .or_default()
                        .push(text::problem_beside(locale, p));
                }
            });
            m
        });
        let keys =
            Memo::new(move |_| draft.with(|g| g.steps.iter().map(|s| s.key.clone()).collect()));
        Self {
            session,
            i18n,
            script: RwSignal::new(script),
            draft,
            problems,
            by_anchor,
            keys,
            status: RwSignal::new(SaveStatus::Saved),
            conflict: RwSignal::new(None),
            restore: RwSignal::new(restore),
            announce: RwSignal::new(None),
            undo: RwSignal::new(None),
            publishing: RwSignal::new(false),
            publish_error: RwSignal::new(None),
            server_problems,
            store_key: StoredValue::new(key),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new(false),
        }
    }

    /// `m` in the current language (untracked, for answers arriving later).
    fn t(self, m: Msg) -> String {
        crate::i18n::text(self.i18n.locale_untracked(), m).to_owned()
    }

    /// The server's draft.
    fn saved_graph(self) -> ScriptGraph {
        self.script
            .with_untracked(|s| s.draft.clone().unwrap_or_default())
    }

    /// Changes the draft; it is kept here and saved soon.
    pub fn edit(self, f: impl FnOnce(&mut ScriptGraph)) {
        self.undo.set(None);
        self.draft.update(f);
        self.changed();
    }

    /// The draft changed (by an edit, an undo or a restore).
    pub fn changed(self) {
        self.publish_error.set(None);
        let same = self.draft.with_untracked(|g| *g == self.saved_graph());
        let key = self.store_key.get_value();
        if same {
            draft_store::forget(&key);
            if !self.in_flight.get_value() && self.conflict.with_untracked(Option::is_none) {
                self.status.set(SaveStatus::Saved);
            }
            return;
        }
        // While an earlier copy is offered back, it is not overwritten.
        if self.restore.with_untracked(Option::is_none) {
            draft_store::store(
                &key,
                &Kept {
                    base_version: self.script.with_untracked(|s| s.draft_version),
                    graph: self.draft.get_untracked(),
                    kept_at_ms: js_sys::Date::now() as i64,
                },
            );
        }
        if self.conflict.with_untracked(Option::is_none) && !self.in_flight.get_value() {
            self.status.set(SaveStatus::Unsaved);
        }
        self.schedule(SAVE_AFTER_MS);
    }

    /// Saves `ms` from now unless another edit comes first.
    fn schedule(self, ms: u32) {
        let n = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(n);
        spawn_local(async move {
            TimeoutFuture::new(ms).await;
            if self.generation.try_get_value() == Some(n) {
                self.save().await;
            }
        });
    }

    /// Sends the draft if the server does not have it; whether the server has the draft as
    /// shown afterwards.
    pub async fn save(self) -> bool {
        if self.conflict.with_untracked(Option::is_some) {
            return false;
        }
        if self.in_flight.get_value() || self.publishing.get_untracked() {
            // The running request schedules the next save when it is done.
            return false;
        }
        let graph = self.draft.get_untracked();
        if graph == self.saved_graph() {
            self.status.set(SaveStatus::Saved);
            return true;
        }
        self.in_flight.set_value(true);
        self.status.set(SaveStatus::Saving);
        let id = self.script.with_untracked(|s| s.id);
        let body = SaveDraft {
            graph: graph.clone(),
            version: self.script.with_untracked(|s| s.draft_version),
        };
        let result = self.session.client().save_draft(id, &body).await;
        if self.in_flight.try_set_value(false).is_some() {
            // The page is gone; the copy in this browser remains.
            return false;
        }
        match result {
            Ok(s) => {
                self.server_problems
                    .set((graph.clone(), s.draft_problems.clone()));
                self.script.set(s);
                if self.draft.with_untracked(|g| *g == graph) {
                    draft_store::forget(&self.store_key.get_value());
                    self.status.set(SaveStatus::Saved);
                    true
                } else {
                    self.status.set(SaveStatus::Unsaved);
                    self.schedule(SAVE_AFTER_MS);
                    false
                }
            }
            Err(e) => {
                self.failed(&e);
                false
            }
        }
    }

    /// A save or a publish was refused or lost.
    fn failed(self, e: &ClientError) {
        if is_unauthorized(e) {
            self.session.expire();
            self.status.set(SaveStatus::Failed(Msg::SessionExpired));
            return;
        }
        if e.code() == Some(ErrorCode::Conflict) {
            let current = e
                .api_error()
                .and_then(|x| x.error.current.clone())
                .and_then(|v| serde_json::from_value::<Script>(v).ok());
            match current {
                Some(s) => {
                    self.conflict.set(Some(s));
                    self.status.set(SaveStatus::Conflict);
                }
                None => self.status.set(SaveStatus::Failed(Msg::ServerError)),
            }
            return;
        }
        let msg = match e.status() {
            None => Msg::Unreachable,
            Some(403) => Msg::ScriptsEditorsOnly,
            Some(404) => Msg::ScriptsNotFound,
            Some(413 | 422) => Msg::CheckInput,
            _ => Msg::ServerError,
        };
        self.status.set(SaveStatus::Failed(msg));
        if matches!(msg, Msg::Unreachable | Msg::ServerError) {
            self.schedule(RETRY_AFTER_MS);
        }
    }

    /// Loads the other manager's draft; the member's edits are dropped.
    pub fn take_theirs(self) {
        let Some(s) = self.conflict.get_untracked() else {
            return;
        };
        self.conflict.set(None);
        self.draft.set(s.draft.clone().unwrap_or_default());
        self.script.set(s);
        draft_store::forget(&self.store_key.get_value());
        self.status.set(SaveStatus::Saved);
        self.announce.set(Some(self.t(Msg::ScriptsTookTheirs)));
    }

    /// Keeps the member's draft and saves it on top of the other one.
    pub fn keep_mine(self) {
        let Some(s) = self.conflict.get_untracked() else {
            return;
        };
        self.conflict.set(None);
        self.script.set(s);
        self.status.set(SaveStatus::Unsaved);
        spawn_local(async move {
            self.save().await;
        });
    }

    /// Takes the draft kept in this browser.
    pub fn restore_kept(self) {
        let Some((kept, _)) = self.restore.get_untracked() else {
            return;
        };
        self.restore.set(None);
        self.draft.set(kept.graph);
        self.changed();
    }

    /// Forgets the draft kept in this browser.
    pub fn discard_kept(self) {
        self.restore.set(None);
        draft_store::forget(&self.store_key.get_value());
        // The draft as edited since is kept again.
        self.changed();
    }

    /// Saves, then publishes the draft at the version saved.
    pub async fn publish(self) {
        self.publish_error.set(None);
        self.announce.set(None);
        if !self.save().await {
            if self.status.try_get_untracked() == Some(SaveStatus::Saving) {
                self.publish_error
                    .try_set(Some(self.t(Msg::ScriptsWaitForSave)));
            }
            return;
        }
        self.publishing.set(true);
        let (id, version) = self.script.with_untracked(|s| (s.id, s.draft_version));
        let graph = self.draft.get_untracked();
        let result = self
            .session
            .client()
            .publish_script(id, &PublishScript { version })
            .await;
        if self.publishing.try_set(false).is_some() {
            return;
        }
        let locale = self.i18n.locale_untracked();
        match result {
            Ok(s) => {
                let n = s.published_version.unwrap_or_default();
                self.script.set(s);
                self.server_problems.set((graph, Vec::new()));
                self.announce.set(Some(text::version_published(locale, n)));
            }
            Err(e) if e.code() == Some(ErrorCode::Validation) => {
                let fields = e
                    .api_error()
                    .map(|x| x.error.fields.clone())
                    .unwrap_or_default();
                let found = anchors::from_fields(&fields, &graph);
                if fields.iter().any(|f| f.code == "unchanged") {
                    let n = self
                        .script
                        .with_untracked(|s| s.published_version)
                        .unwrap_or_default();
                    self.publish_error
                        .set(Some(text::unchanged_since(locale, n)));
                } else if found.is_empty() {
                    self.publish_error.set(Some(self.t(Msg::CheckInput)));
                } else {
                    self.publish_error
                        .set(Some(text::publish_blocked(locale, found.len())));
                }
                self.server_problems.set((graph, found));
            }
            Err(e) => {
                let before = self.status.get_untracked();
                self.failed(&e);
                if let SaveStatus::Failed(m) = self.status.get_untracked() {
                    // The draft itself is saved; only publishing failed.
                    self.status.set(before);
                    self.publish_error.set(Some(self.t(m)));
                }
            }
        }
    }

    /// Why publishing is not possible now (none: it is).
    pub fn publish_blocker(self) -> Option<String> {
        let locale = self.i18n.locale();
        let n = self.problems.with(Vec::len);
        if n > 0 {
            return Some(text::publish_blocked(locale, n));
        }
        if self.conflict.with(Option::is_some) {
            return Some(self.t(Msg::ScriptsResolveConflict));
        }
        let unchanged = self.script.with(|s| {
            s.published_version
                .filter(|_| self.draft.with(|g| s.published.as_ref() == Some(g)))
        });
        unchanged.map(|n| text::unchanged_since(locale, n))
    }
}

/// The editor page for a script whose draft the member may edit.
#[component]
pub(super) fn EditorView(script: Script) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    let ed = Editor::new(session, script, ctx);
    provide_context(ed);

    let status_text = move || {
        let locale = i18n.locale();
        match ed.status.get() {
            SaveStatus::Saved => i18n.t(Msg::ScriptsSaved).to_owned(),
            SaveStatus::Unsaved => i18n.t(Msg::ScriptsUnsaved).to_owned(),
            SaveStatus::Saving => i18n.t(Msg::ScriptsSaving).to_owned(),
            SaveStatus::Conflict => i18n.t(Msg::ScriptsConflictStatus).to_owned(),
            SaveStatus::Failed(m) => match locale {
                shared::Locale::Ja => format!("保存できませんでした：{}", i18n.t(m)),
                shared::Locale::En => format!("Not saved: {}", i18n.t(m)),
            },
        }
    };
    let status_class = move || match ed.status.get() {
        SaveStatus::Saved => "save-status save-status--saved",
        SaveStatus::Unsaved | SaveStatus::Saving => "save-status",
        SaveStatus::Failed(_) | SaveStatus::Conflict => "save-status save-status--error",
    };
    let blocker = Memo::new(move |_| ed.publish_blocker());
    let publish = move |_| {
        if ed.publishing.get_untracked() {
            return;
        }
        spawn_local(ed.publish());
    };
    let name = move || ed.script.with(|s| s.name.clone());
    view! {
        <div class="page page--script">
            <p class="crumbs">
                <A href="/scripts">{i18n.tr(Msg::ScriptsBack)}</A>
            </p>
            <div class="page__head">
                <h1 class="page__title">{name}</h1>
                // The numbers exist once a version is published (managers and admins, as here).
                {move || {
                    ed.script
                        .with(|s| s.published_version.is_some().then_some(s.id))
                        .map(|id| {
                            view! {
                                <A href=format!("/scripts/{id}/stats") attr:class="button button--quiet">
                                    {i18n.tr(Msg::KbNumbers)}
                                </A>
                            }
                        })
                }}
            </div>
            <ScriptFacts script=ed.script.into() />
            <RestoreOffer />
            <ConflictPanel />
            <FlowMap
                graph=ed.draft.into()
                problems=ed.problems.into()
                prefix=None
            />
            <div class="script-grid">
                <StepsEditor />
                <aside class="script-side">
                    <div class="panel script-publish">
                        <p class=status_class role="status" aria-live="polite" id="save-status">
                            {status_text}
                        </p>
                        <button
                            type="button"
                            class="button button--primary"
                            on:click=publish
                            disabled=move || {
                                blocker.with(Option::is_some) || ed.publishing.get()
                                    || ed.status.get() == SaveStatus::Saving
                            }
                            aria-busy=move || ed.publishing.get().then_some("true")
                            aria-describedby="publish-why"
                        >
                            {i18n.tr(Msg::ScriptsPublish)}
                        </button>
                        <p class="script-publish__why" id="publish-why">
                            {move || blocker.get()}
                        </p>
                        <div role="status" aria-live="polite" class="script-announce">
                            {move || {
                                ed.announce
                                    .get()
                                    .map(|m| {
                                        view! {
                                            <p class="alert alert--ok">
                                                {m}
                                                {move || {
                                                    ed.undo
                                                        .with(Option::is_some)
                                                        .then(|| {
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="button button--quiet"
                                                                    on:click=move |_| {
                                                                        if let Some(g) = ed.undo.get_untracked() {
                                                                            ed.undo.set(None);
                                                                            ed.draft.set(g);
                                                                            ed.changed();
                                                                            ed.announce
                                                                                .set(Some(ed.t(Msg::ScriptsUndone)));
                                                                        }
                                                                    }
                                                                >
                                                                    {i18n.tr(Msg::ScriptsUndo)}
                                                                </button>
                                                            }
                                                        })
                                                }}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                        <div role="alert" class="script-publish-error">
                            {move || {
                                ed.publish_error
                                    .get()
                                    .map(|m| view! { <p class="alert alert--error">{m}</p> })
                            }}
                        </div>
                    </div>
                    <ProblemsPanel />
                    <VersionsList script=ed.script.into() />
                </aside>
            </div>
        </div>
    }
}

/// The offer to restore the draft kept in this browser.
#[component]
fn RestoreOffer() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    move || {
        ed.restore.get().map(|(kept, server_changed)| {
            let when = chrono::DateTime::from_timestamp_millis(kept.kept_at_ms)
                .map(|t| ctx.formatter.with(|f| f.format(t)))
                .unwrap_or_default();
            let message = text::restore_offer(i18n.locale(), &when, server_changed);
            view! {
                <section class="conflict script-offer" role="alert" aria-labelledby="restore-title">
                    <p class="conflict__title" id="restore-title">{i18n.tr(Msg::ScriptsRestoreTitle)}</p>
                    <p>{message}</p>
                    <div class="form__actions">
                        <button type="button" class="button button--primary" on:click=move |_| ed.restore_kept()>
                            {i18n.tr(Msg::ScriptsRestore)}
                        </button>
                        <button type="button" class="button" on:click=move |_| ed.discard_kept()>
                            {i18n.tr(Msg::ScriptsDiscardKept)}
                        </button>
                    </div>
                </section>
            }
        })
    }
}

/// The 409 panel: who saved when, what differs, and the two ways on.
#[component]
fn ConflictPanel() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let i18n = use_i18n();
    let ctx = expect_context::<ScriptsCtx>();
    move || {
        ed.conflict.get().map(|theirs| {
            let when = ctx.formatter.with(|f| f.format(theirs.updated_at));
            let locale = i18n.locale();
            let their_graph = theirs.draft.clone().unwrap_or_default();
            let changes: ScriptDiff = ed.draft.with_untracked(|mine| diff(&their_graph, mine));
            let articles = ctx.articles.get().unwrap_or_default();
            let lines = text::diff_entries(locale, &changes, &articles);
            view! {
                <section class="conflict script-conflict" role="alert" aria-labelledby="conflict-title">
                    <p class="conflict__title" id="conflict-title">{i18n.tr(Msg::ScriptsConflictTitle)}</p>
                    <p>{text::conflict(locale, &when)}</p>
                    <details class="script-conflict__diff">
                        <summary>{i18n.tr(Msg::ScriptsConflictDiff)}</summary>
                        <ul>
                            {lines
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            {e.title}
                                            <ul>
                                                {e.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                                            </ul>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </details>
                    <div class="form__actions">
                        <button type="button" class="button" on:click=move |_| {
                            ed.take_theirs();
                            focus_later(anchors::STEPS.to_owned());
                        }>
                            {i18n.tr(Msg::ScriptsTakeTheirs)}
                        </button>
                        <button type="button" class="button button--primary" on:click=move |_| ed.keep_mine()>
                            {i18n.tr(Msg::ScriptsKeepMine)}
                        </button>
                    </div>
                </section>
            }
        })
    }
}
