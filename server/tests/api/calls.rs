//! Call mode through the API: the queue, starting a call on the published version, answers
//! recorded once and validated against the version's graph, `back`, finishing with each
//! outcome (an appointment moves the deal into the closers' first stage and opens the
//! hand-off), roles on every route, and the numbers per step on a small known set of calls.

use crate::common::{TestApp, count, spawn_app};
use chrono::{Duration, Utc};
use shared::api::{
    Call, CallAnswer, DealRow, FinishCall, HandoffQuery, HandoffStatus, MoveDeal, NewActivity,
    NewDeal, NewScript, OutcomeCount, Pipeline, PublishScript, QueueReason, SaveDraft,
    ScriptPurpose, ScriptQuery, StageKind, StartCall, StatsQuery,
};
use shared::client::{Client, ClientError};
use shared::script::{Answer, Outcome, ScriptGraph, Step};
use shared::{AccountId, DealId, MemberId, PipelineId, Role, ScriptId, StageId};

const MANAGER: &str = "manager@example.com";
const ADMIN: &str = "admin@example.com";
const APPOINTER: &str = "appointer1@example.com";
const APPOINTER2: &str = "appointer2@example.com";
const CLOSER: &str = "closer1@example.com";
const SUCCESS: &str = "success1@example.com";

fn status<T: std::fmt::Debug>(r: Result<T, ClientError>) -> u16 {
    r.expect_err("should be refused").status().unwrap_or(0)
}

fn fields<T: std::fmt::Debug>(r: Result<T, ClientError>) -> Vec<String> {
    let e = r.expect_err("should be refused");
    assert_eq!(e.status(), Some(422), "{e:?}");
    e.api_error()
        .map(|a| a.error.fields.iter().map(|f| f.field.clone()).collect())
        .unwrap_or_default()
}

fn step(key: &str, shared: bool, answers: Vec<Answer>) -> Step {
    Step {
        key: key.into(),
        text: format!("{key}のトーク"),
        shared,
        answers,
        ..Default::default()
    }
}

fn to(label: &str, next: &str) -> Answer {
    Answer {
        label: label.into(),
        next: Some(next.into()),
        ..Default::default()
    }
}

fn ends(label: &str, o: Outcome) -> Answer {
    Answer {
        label: label.into(),
        outcome: Some(o),
        ..Default::default()
    }
}

/// open: [本人 → pitch, 不在 → call back]; pitch: [日程 → appointment, 忙しい → busy,
/// 不要 → not interested]; busy (shared): [日時 → call back, 断る → not interested].
fn graph() -> ScriptGraph {
    ScriptGraph {
        start: "open".into(),
        steps: vec![
            step(
                "open",
                false,
                vec![to("本人", "pitch"), ends("不在", Outcome::CallBack)],
            ),
            step(
                "pitch",
                false,
                vec![
                    ends("日程が決まった", Outcome::AppointmentSet),
                    to("忙しい", "busy"),
                    ends("不要", Outcome::NotInterested),
                ],
            ),
            step(
                "busy",
                true,
                vec![
                    ends("日時を聞けた", Outcome::CallBack),
                    ends("断られた", Outcome::NotInterested),
                ],
            ),
        ],
    }
}

struct World {
    app: TestApp,
    manager: Client,
    appointer: Client,
    appointer_id: MemberId,
    closer_id: MemberId,
    pipeline: Pipeline,
    script: ScriptId,
}

/// The stage of pipeline 1 at `i` (in order).
fn stage(p: &Pipeline, i: usize) -> StageId {
    p.stages[i].id
}

fn first_closer_stage(p: &Pipeline) -> StageId {
    p.stages
        .iter()
        .find(|s| s.owning_role == Role::Closer && s.kind == StageKind::Open)
        .expect("a closer stage")
        .id
}

async fn world(purpose: ScriptPurpose) -> World {
    let app = spawn_app().await;
    let manager = app.signed_in(MANAGER).await;
    let appointer = app.signed_in(APPOINTER).await;
    let appointer_id = appointer.me().await.expect("me").id;
    let closer_id = app.signed_in(CLOSER).await.me().await.expect("me").id;
    let pipeline = manager
        .pipelines()
        .await
        .expect("pipelines")
        .into_iter()
        .find(|p| p.id == PipelineId(1))
        .expect("pipeline 1");
    let s = manager
        .create_script(&NewScript {
            name: "テスト架電".into(),
            pipeline_id: PipelineId(1),
            purpose,
            graph: Some(graph()),
        })
        .await
        .expect("create script");
    manager
        .publish_script(s.id, &PublishScript { version: 1 })
        .await
        .expect("publish");
    World {
        app,
        manager,
        appointer,
        appointer_id,
        closer_id,
        pipeline,
        script: s.id,
    }
}

impl World {
    /// A new deal in the pipeline's first stage, the appointer's.
    async fn deal(&self, title: &str) -> DealRow {
        self.deal_for(title, self.appointer_id).await
    }

    async fn deal_for(&self, title: &str, appointer: MemberId) -> DealRow {
        self.manager
            .create_deal(&NewDeal {
                pipeline_id: PipelineId(1),
                stage_id: Some(stage(&self.pipeline, 0)),
                account_id: AccountId(1),
                title: title.into(),
                amount: 1_000_000,
                currency: None,
                appointer_id: Some(appointer),
                closer_id: None,
                success_id: None,
                expected_close_on: None,
            })
            .await
            .expect("create deal")
    }

    async fn start(&self, deal: DealId) -> Call {
        self.appointer
            .start_call(&StartCall {
                deal_id: deal,
                script_id: self.script,
            })
            .await
            .expect("start call")
    }

    /// A call through `answers` (`None` is back), finished with `finish` (unless none).
    async fn run(
        &self,
        deal: DealId,
        answers: &[Option<(&str, u32)>],
        finish: Option<FinishCall>,
    ) -> Call {
        let mut call = self.start(deal).await;
        for a in answers {
            let body = match a {
                Some((k, i)) => CallAnswer::answer(k, *i),
                None => CallAnswer::back(),
            };
            call = self
                .appointer
                .answer_call(call.id, &body)
                .await
                .expect("answer");
        }
        match finish {
            Some(f) => self
                .appointer
                .finish_call(call.id, &f)
                .await
                .expect("finish"),
            None => call,
        }
    }

    fn appointment(&self) -> FinishCall {
        FinishCall {
            meeting_at: Some(Utc::now() + Duration::days(3)),
            closer_id: Some(self.closer_id),
            ..FinishCall::new(Outcome::AppointmentSet)
        }
    }
}

fn not_interested() -> FinishCall {
    FinishCall {
        reason: Some("予算がない".into()),
        ..FinishCall::new(Outcome::NotInterested)
    }
}

fn call_back() -> FinishCall {
    FinishCall {
        call_back_at: Some(Utc::now() + Duration::days(1)),
        ..FinishCall::new(Outcome::CallBack)
    }
}

#[tokio::test]
async fn the_queue_lists_due_deals_soonest_first_with_their_script() {
    let w = world(ScriptPurpose::FollowUp).await;
    let cold = w
        .manager
        .scripts(&ScriptQuery {
            pipeline_id: Some(PipelineId(1)),
            purpose: Some(ScriptPurpose::ColdCall),
        })
        .await
        .expect("scripts")[0]
        .id;
    let never = w.deal("未架電").await;
    let planned = w.deal("予定あり").await;
    let later = w.deal("予定は明日").await;
    let theirs = w
        .deal_for(
            "他のアポインター",
            w.app.signed_in(APPOINTER2).await.me().await.expect("me").id,
        )
        .await;
    let plan = |at| NewActivity {
        kind: "call".into(),
        subject: "架電".into(),
        notes: String::new(),
        planned_at: Some(at),
        done_at: None,
    };
    // Due long ago (before the deals were created), and tomorrow.
    let due = Utc::now() - Duration::days(400);
    w.manager
        .add_activity(planned.id, &plan(due))
        .await
        .expect("plan");
    w.manager
        .add_activity(later.id, &plan(Utc::now() + Duration::days(1)))
        .await
        .expect("plan");

    let q = w.appointer.call_queue().await.expect("queue");
    let ids: Vec<DealId> = q.iter().map(|e| e.deal.id).collect();
    let at = |id: DealId| ids.iter().position(|x| *x == id);
    assert!(
        at(later.id).is_none(),
        "a call planned for tomorrow is not due"
    );
    assert!(at(theirs.id).is_none(), "another appointer's deal");
    let (p, n) = (
        at(planned.id).expect("planned call due"),
        at(never.id).expect("never called"),
    );
    assert!(p < n, "soonest due first");
    assert!(q.windows(2).all(|x| x[0].due_at <= x[1].due_at));
    let e = &q[n];
    assert_eq!(e.reason, QueueReason::NeverCalled);
    assert!(e.due_at <= Utc::now());
    assert_eq!(e.script.as_ref().map(|s| s.id), Some(cold), "cold call");
    assert_eq!(e.stage_name, w.pipeline.stages[0].name);
    assert!(e.contact.is_some(), "the account's primary contact");
    assert_eq!(q[p].reason, QueueReason::PlannedCall);
    assert_eq!(q[p].due_at.trunc_subsecs_micro(), due.trunc_subsecs_micro());
    let first_plan = q[p].planned_activity_id;
    assert!(first_plan.is_some());

    // Called once without a plan: out of the queue. Called back: due then, on the
    // follow-up script.
    w.run(never.id, &[], Some(FinishCall::new(Outcome::NoAnswer)))
        .await;
    let q = w.appointer.call_queue().await.expect("queue");
    assert!(q.iter().all(|e| e.deal.id != never.id));
    let f = FinishCall {
        call_back_at: Some(Utc::now() - Duration::minutes(1)),
        ..FinishCall::new(Outcome::CallBack)
    };
    w.run(planned.id, &[Some(("open", 1))], Some(f)).await;
    let q = w.appointer.call_queue().await.expect("queue");
    let e = q
        .iter()
        .find(|e| e.deal.id == planned.id)
        .expect("due again");
    assert_eq!(e.reason, QueueReason::PlannedCall);
    assert_eq!(e.script.as_ref().map(|s| s.id), Some(w.script), "follow-up");
    assert_ne!(
        e.planned_activity_id, first_plan,
        "the planned call was done; the new one is due"
    );

    for who in [CLOSER, SUCCESS, ADMIN] {
        assert_eq!(
            status(w.app.signed_in(who).await.call_queue().await),
            403,
            "{who}"
        );
    }
}

trait Micro {
    fn trunc_subsecs_micro(self) -> Self;
}

impl Micro for chrono::DateTime<Utc> {
    fn trunc_subsecs_micro(self) -> Self {
        use chrono::SubsecRound;
        self.trunc_subsecs(6)
    }
}

#[tokio::test]
async fn calls_start_on_the_published_version_for_those_who_may_work_the_deal() {
    let w = world(ScriptPurpose::FollowUp).await;
    let d = w.deal("架電先").await;
    let call = w.start(d.id).await;
    assert_eq!(call.step.as_deref(), Some("open"));
    assert_eq!(call.version, 1);
    assert_eq!(call.graph, graph());
    assert_eq!(call.seq, 0);
    assert_eq!(call.path, vec![]);
    assert_eq!(call.member.id, w.appointer_id);
    assert_eq!(w.appointer.get_call(call.id).await.expect("get"), call);

    let body = |deal_id, script_id| StartCall { deal_id, script_id };
    // Roles and ownership.
    for who in [CLOSER, SUCCESS, ADMIN, APPOINTER2] {
        let c = w.app.signed_in(who).await;
        assert_eq!(
            status(c.start_call(&body(d.id, w.script)).await),
            403,
            "{who}"
        );
        assert_eq!(status(c.get_call(call.id).await), 403, "{who}");
        assert_eq!(
            status(c.answer_call(call.id, &CallAnswer::answer("open", 0)).await),
            403,
            "{who}"
        );
        assert_eq!(
            status(
                c.finish_call(call.id, &FinishCall::new(Outcome::NoAnswer))
                    .await
            ),
            403,
            "{who}"
        );
    }
    // Managers may call any deal.
    let m = w
        .manager
        .start_call(&body(d.id, w.script))
        .await
        .expect("a manager calls");
    assert_eq!(m.member.name, w.manager.me().await.expect("me").name);
    // Unknown deal or script, a script never published.
    assert_eq!(
        fields(
            w.appointer
                .start_call(&body(DealId(999_999), w.script))
                .await
        ),
        vec!["deal_id"]
    );
    assert_eq!(
        fields(w.appointer.start_call(&body(d.id, ScriptId(999_999))).await),
        vec!["script_id"]
    );
    let draft = w
        .manager
        .create_script(&NewScript {
            name: "未公開".into(),
            pipeline_id: PipelineId(1),
            purpose: ScriptPurpose::Reactivation,
            graph: Some(graph()),
        })
        .await
        .expect("create");
    assert_eq!(
        fields(w.appointer.start_call(&body(d.id, draft.id)).await),
        vec!["script_id"]
    );
    assert_eq!(
        status(w.appointer.get_call(shared::CallId(999_999)).await),
        404
    );
}

#[tokio::test]
async fn answers_are_checked_against_the_graph_and_recorded_once() {
    let w = world(ScriptPurpose::FollowUp).await;
    let d = w.deal("回答").await;
    let call = w.start(d.id).await;
    let a = &w.appointer;

    assert_eq!(
        fields(
            a.answer_call(call.id, &CallAnswer::answer("nowhere", 0))
                .await
        ),
        vec!["step_key"]
    );
    assert_eq!(
        fields(a.answer_call(call.id, &CallAnswer::answer("open", 2)).await),
        vec!["answer_index"]
    );
    assert_eq!(
        fields(
            a.answer_call(call.id, &CallAnswer::answer("pitch", 0))
                .await
        ),
        vec!["step_key"],
        "not the step the call is at"
    );
    assert_eq!(
        fields(a.answer_call(call.id, &CallAnswer::default()).await),
        vec!["step_key", "answer_index"]
    );
    assert_eq!(
        fields(a.answer_call(call.id, &CallAnswer::back()).await),
        vec!["back"],
        "nothing to go back from"
    );
    assert_eq!(count(&w.app.db, "call_steps").await, 0, "nothing recorded");

    // An answer, retried with its key: recorded once.
    let first = a
        .answer_call_once(call.id, &CallAnswer::answer("open", 0), "click-1")
        .await
        .expect("answer");
    assert_eq!(first.seq, 1);
    assert_eq!(first.step.as_deref(), Some("pitch"));
    assert_eq!(first.path.len(), 1);
    assert_eq!(first.path[0].label, "本人");
    let again = a
        .answer_call_once(call.id, &CallAnswer::answer("open", 0), "click-1")
        .await
        .expect("retried");
    assert_eq!(again, first);
    assert_eq!(count(&w.app.db, "call_steps").await, 1);
    assert_eq!(
        fields(
            a.answer_call_once(call.id, &CallAnswer::answer("pitch", 1), "click-1")
                .await
        ),
        vec!["Idempotency-Key"]
    );

    // By sequence number: the same click again is answered as it is; another click under a
    // number used, or one that skips a number, is a conflict.
    let with_seq = |k: &str, i, s| CallAnswer {
        seq: Some(s),
        ..CallAnswer::answer(k, i)
    };
    let second = a
        .answer_call(call.id, &with_seq("pitch", 1, 2))
        .await
        .expect("answer");
    assert_eq!(second.seq, 2);
    assert_eq!(second.step.as_deref(), Some("busy"));
    assert_eq!(
        a.answer_call(call.id, &with_seq("pitch", 1, 2))
            .await
            .expect("repeat"),
        second
    );
    assert_eq!(count(&w.app.db, "call_steps").await, 2);
    assert_eq!(
        status(a.answer_call(call.id, &with_seq("pitch", 0, 2)).await),
        409
    );
    assert_eq!(
        status(a.answer_call(call.id, &with_seq("busy", 0, 5)).await),
        409
    );

    // Back undoes the latest answer in force; it is recorded too.
    let back = a
        .answer_call(call.id, &CallAnswer::back())
        .await
        .expect("back");
    assert_eq!(back.seq, 3);
    assert_eq!(back.step.as_deref(), Some("pitch"));
    assert_eq!(back.path.len(), 1);
    assert_eq!(count(&w.app.db, "call_steps").await, 3);
    // A shared step may be answered from anywhere; an outcome answer ends the path.
    let objection = a
        .answer_call(call.id, &CallAnswer::answer("busy", 1))
        .await
        .expect("objection");
    assert_eq!(objection.step, None);
    assert_eq!(objection.reached_outcome, Some(Outcome::NotInterested));
    assert_eq!(
        fields(a.answer_call(call.id, &CallAnswer::answer("open", 0)).await),
        vec!["step_key"],
        "after an outcome, only back or a shared step"
    );

    // A finished call takes no answers and no second finish; a retried click still answers.
    let done = a
        .finish_call(call.id, &not_interested())
        .await
        .expect("finish");
    assert_eq!(done.outcome, Some(Outcome::NotInterested));
    assert_eq!(done.reason.as_deref(), Some("予算がない"));
    assert_eq!(
        status(a.answer_call(call.id, &CallAnswer::answer("busy", 0)).await),
        409
    );
    assert_eq!(status(a.finish_call(call.id, &not_interested()).await), 409);
    assert_eq!(
        a.answer_call_once(call.id, &CallAnswer::answer("open", 0), "click-1")
            .await
            .expect("replayed")
            .seq,
        4
    );
}

#[tokio::test]
async fn each_outcome_names_what_it_needs_and_changes_nothing_when_refused() {
    let w = world(ScriptPurpose::FollowUp).await;
    let d = w.deal("終了").await;
    let call = w.start(d.id).await;
    let a = &w.appointer;
    let before = count(&w.app.db, "activities").await;
    assert_eq!(
        fields(
            a.finish_call(call.id, &FinishCall::new(Outcome::AppointmentSet))
                .await
        ),
        vec!["meeting_at", "closer_id"]
    );
    let not_a_closer = FinishCall {
        closer_id: Some(w.appointer_id),
        ..w.appointment()
    };
    assert_eq!(
        fields(a.finish_call(call.id, &not_a_closer).await),
        vec!["closer_id"]
    );
    assert_eq!(
        fields(
            a.finish_call(call.id, &FinishCall::new(Outcome::CallBack))
                .await
        ),
        vec!["call_back_at"]
    );
    assert_eq!(
        fields(
            a.finish_call(call.id, &FinishCall::new(Outcome::NotInterested))
                .await
        ),
        vec!["reason"]
    );
    assert_eq!(count(&w.app.db, "activities").await, before);
    let c = a.get_call(call.id).await.expect("get");
    assert_eq!((c.outcome, c.finished_at), (None, None));
    assert_eq!(a.deal(d.id).await.expect("deal"), d);

    // Call back: the call recorded, the next call planned.
    let at = Utc::now() + Duration::days(2);
    let f = FinishCall {
        call_back_at: Some(at),
        notes: "来週再架電".into(),
        ..FinishCall::new(Outcome::CallBack)
    };
    let done = w.run(d.id, &[Some(("open", 1))], Some(f)).await;
    assert_eq!(done.outcome, Some(Outcome::CallBack));
    let acts = a.deal_activities(d.id).await.expect("activities");
    let planned: Vec<_> = acts
        .iter()
        .filter(|x| x.kind == "call" && x.done_at.is_none())
        .collect();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].planned_at, Some(at.trunc_subsecs_micro()));
    let recorded = acts
        .iter()
        .find(|x| Some(x.id) == done.activity_id)
        .expect("the call's activity");
    assert_eq!(recorded.kind, "call");
    assert!(recorded.notes.contains("来週再架電"), "{}", recorded.notes);
    assert!(
        recorded.notes.contains("open → 不在"),
        "the path: {}",
        recorded.notes
    );

    // Wrong contact and no answer just record.
    for o in [Outcome::WrongContact, Outcome::NoAnswer] {
        let before = count(&w.app.db, "activities").await;
        let done = w.run(d.id, &[], Some(FinishCall::new(o))).await;
        assert_eq!(done.outcome, Some(o));
        assert!(done.activity_id.is_some());
        assert_eq!(count(&w.app.db, "activities").await, before + 1);
    }
    assert_eq!(a.deal(d.id).await.expect("deal").stage_id, d.stage_id);
}

#[tokio::test]
async fn an_appointment_moves_the_deal_to_the_closers_and_opens_the_hand_off() {
    let w = world(ScriptPurpose::FollowUp).await;
    let d = w.deal("アポ").await;
    assert_eq!(d.closer, None);
    let meeting_at = Utc::now() + Duration::days(3);
    let f = FinishCall {
        meeting_at: Some(meeting_at),
        notes: "決裁者同席".into(),
        ..w.appointment()
    };
    let events = count(&w.app.db, "events WHERE kind = 'deal.moved'").await;
    let done = w
        .run(d.id, &[Some(("open", 0)), Some(("pitch", 0))], Some(f))
        .await;
    assert_eq!(done.outcome, Some(Outcome::AppointmentSet));
    assert_eq!(done.path.len(), 2);

    let moved = w.appointer.deal(d.id).await.expect("deal");
    assert_eq!(moved.stage_id, first_closer_stage(&w.pipeline));
    assert_eq!(moved.closer.as_ref().map(|c| c.id), Some(w.closer_id));
    let history = w.appointer.deal_history(d.id).await.expect("history");
    assert_eq!(
        history.last().map(|h| (h.from_stage_id, h.to_stage_id)),
        Some((Some(d.stage_id), moved.stage_id))
    );
    assert_eq!(
        count(&w.app.db, "events WHERE kind = 'deal.moved'").await,
        events + 1
    );
    let closer = w.app.signed_in(CLOSER).await;
    let inbox = closer
        .handoffs(&HandoffQuery {
            deal_id: Some(d.id),
            ..Default::default()
        })
        .await
        .expect("hand-offs");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].status, HandoffStatus::Pending);
    assert_eq!(inbox[0].to.as_ref().map(|m| m.id), Some(w.closer_id));
    assert_eq!(inbox[0].from.as_ref().map(|m| m.id), Some(w.appointer_id));

    let acts = w.appointer.deal_activities(d.id).await.expect("activities");
    let meeting = acts
        .iter()
        .find(|a| a.kind == "meeting")
        .expect("the meeting planned");
    assert_eq!(meeting.member.id, w.closer_id);
    assert_eq!(meeting.planned_at, Some(meeting_at.trunc_subsecs_micro()));
    assert_eq!(meeting.done_at, None);
    let call = acts
        .iter()
        .find(|a| Some(a.id) == done.activity_id)
        .expect("the call recorded");
    assert!(call.done_at.is_some());
    assert!(call.notes.contains("決裁者同席"));
    assert!(
        call.notes.contains("pitch → 日程が決まった"),
        "{}",
        call.notes
    );
    assert_eq!(
        count(
            &w.app.db,
            &format!(
                "activities WHERE id = {} AND outcome = 'appointment_set' \
                 AND duration_seconds IS NOT NULL AND call_id = {}",
                call.id, done.id
            )
        )
        .await,
        1
    );

    // The deal is with the closers now: another appointment on it is refused, naming why.
    let again = w.start(d.id).await;
    assert_eq!(
        fields(w.appointer.finish_call(again.id, &w.appointment()).await),
        vec!["outcome"]
    );
}

fn outcomes(list: &[(Outcome, i64)]) -> Vec<OutcomeCount> {
    list.iter()
        .map(|(outcome, count)| OutcomeCount {
            outcome: *outcome,
            count: *count,
        })
        .collect()
}

#[tokio::test]
async fn stats_count_a_known_set_of_calls_exactly() {
    use Outcome::*;
    let w = world(ScriptPurpose::FollowUp).await;
    let (a, b, c, dd, e) = (
        w.deal("A").await,
        w.deal("B").await,
        w.deal("C").await,
        w.deal("D").await,
        w.deal("E").await,
    );
    let o = |k, i| Some((k, i));
    // c1 (A): appointment, later meeting held and won.
    w.run(a.id, &[o("open", 0), o("pitch", 0)], Some(w.appointment()))
        .await;
    // c2 (B): objection, lost there.
    w.run(
        b.id,
        &[o("open", 0), o("pitch", 1), o("busy", 1)],
        Some(not_interested()),
    )
    .await;
    // c3 (B): not there, call back.
    w.run(b.id, &[o("open", 1)], Some(call_back())).await;
    // c4 (C): not interested at the pitch.
    w.run(c.id, &[o("open", 0), o("pitch", 2)], Some(not_interested()))
        .await;
    // c5 (C): an answer undone and given again, then the objection, call back.
    w.run(
        c.id,
        &[
            o("open", 0),
            None,
            o("open", 0),
            o("pitch", 1),
            o("busy", 0),
        ],
        Some(call_back()),
    )
    .await;
    // c6 (D): no answer at all.
    w.run(dd.id, &[], Some(FinishCall::new(NoAnswer))).await;
    // c7 (E): appointment, nothing after.
    w.run(e.id, &[o("open", 0), o("pitch", 0)], Some(w.appointment()))
        .await;
    // c8 (C): not finished, not counted.
    w.run(c.id, &[o("open", 0)], None).await;

    // A's meeting is held (the closer moves it on), then it is won.
    let proposal = w
        .pipeline
        .stages
        .iter()
        .filter(|s| s.owning_role == Role::Closer && s.kind == StageKind::Open)
        .nth(1)
        .expect("a second closer stage")
        .id;
    let won = w
        .pipeline
        .stages
        .iter()
        .find(|s| s.kind == StageKind::Won)
        .expect("won")
        .id;
    for to in [proposal, won] {
        let now = w.manager.deal(a.id).await.expect("deal");
        w.manager
            .move_deal(
                a.id,
                &MoveDeal {
                    stage_id: to,
                    after_id: None,
                    before_id: None,
                    version: now.version,
                },
            )
            .await
            .expect("move");
    }

    let s = w
        .manager
        .script_stats(w.script, &StatsQuery::default())
        .await
        .expect("stats");
    let v = &s.stats;
    assert_eq!(v.version, 1);
    assert_eq!(v.calls, 7);
    assert_eq!(
        v.outcomes,
        outcomes(&[
            (AppointmentSet, 2),
            (CallBack, 2),
            (NotInterested, 2),
            (NoAnswer, 1)
        ])
    );
    assert_eq!((v.appointment_set.count, v.appointment_set.of), (2, 7));
    assert_eq!((v.meeting_held.count, v.meeting_held.of), (1, 7));
    assert_eq!((v.won.count, v.won.of), (1, 7));
    assert_eq!(v.steps.len(), 3);

    let open = &v.steps[0];
    assert_eq!(open.key, "open");
    assert_eq!(open.reached, 7);
    assert_eq!(
        open.answers.iter().map(|x| x.count).collect::<Vec<_>>(),
        vec![5, 1],
        "the undone answer is not counted"
    );
    assert_eq!(open.ended, outcomes(&[(CallBack, 1), (NoAnswer, 1)]));
    assert_eq!(open.outcomes, v.outcomes);
    assert_eq!(
        (open.appointment_set.count, open.appointment_set.of),
        (2, 7)
    );
    assert_eq!((open.meeting_held.count, open.won.count), (1, 1));

    let pitch = &v.steps[1];
    assert_eq!(pitch.reached, 5);
    assert_eq!(
        pitch.answers.iter().map(|x| x.count).collect::<Vec<_>>(),
        vec![2, 2, 1]
    );
    assert_eq!(
        pitch.ended,
        outcomes(&[(AppointmentSet, 2), (NotInterested, 1)])
    );
    assert_eq!(
        (pitch.appointment_set.count, pitch.appointment_set.of),
        (2, 5)
    );
    assert_eq!(pitch.appointment_set.rate, Some(0.4));
    assert_eq!((pitch.meeting_held.count, pitch.meeting_held.of), (1, 5));
    assert_eq!((pitch.won.count, pitch.won.of), (1, 5));

    let busy = &v.steps[2];
    assert!(busy.shared);
    assert_eq!(busy.reached, 2);
    assert_eq!(
        busy.answers.iter().map(|x| x.count).collect::<Vec<_>>(),
        vec![1, 1]
    );
    assert_eq!(busy.ended, outcomes(&[(CallBack, 1), (NotInterested, 1)]));
    assert_eq!(
        (busy.appointment_set.count, busy.appointment_set.of),
        (0, 2)
    );
    let worst = v
        .worst_objection
        .as_ref()
        .expect("an objection lost a call");
    assert_eq!(worst.key, "busy");
    assert_eq!((worst.lost.count, worst.lost.of), (1, 2));
    assert_eq!(worst.lost.rate, Some(0.5));

    // Numbers already read are not served again once another call has finished.
    w.run(dd.id, &[], Some(FinishCall::new(NoAnswer))).await;
    let again = w
        .manager
        .script_stats(w.script, &StatsQuery::default())
        .await
        .expect("stats after another call");
    assert_eq!(again.stats.calls, 8);
    assert_eq!(
        again.stats.outcomes,
        outcomes(&[
            (AppointmentSet, 2),
            (CallBack, 2),
            (NotInterested, 2),
            (NoAnswer, 2)
        ])
    );

    // A second version, side by side.
    let mut g2 = graph();
    g2.steps[0].text = "改訂したトーク".into();
    let script = w.manager.script(w.script).await.expect("script");
    w.manager
        .save_draft(
            w.script,
            &SaveDraft {
                graph: g2,
                version: script.draft_version,
            },
        )
        .await
        .expect("save");
    w.manager
        .publish_script(
            w.script,
            &PublishScript {
                version: script.draft_version + 1,
            },
        )
        .await
        .expect("publish v2");
    let x = w.run(dd.id, &[o("open", 1)], Some(call_back())).await;
    assert_eq!(x.version, 2, "calls run the published version");
    let s = w
        .manager
        .script_stats(
            w.script,
            &StatsQuery {
                version: Some(1),
                compare: Some(2),
            },
        )
        .await
        .expect("compare");
    assert_eq!(s.stats.calls, 8);
    let v2 = s.compare.expect("version 2");
    assert_eq!((v2.version, v2.calls), (2, 1));
    assert_eq!(v2.outcomes, outcomes(&[(CallBack, 1)]));
    assert_eq!(v2.steps[0].reached, 1);
    assert_eq!(v2.worst_objection, None);
    let latest = w
        .manager
        .script_stats(w.script, &StatsQuery::default())
        .await
        .expect("published version");
    assert_eq!(latest.stats.version, 2);

    // Managers and admins only; unknown versions and scripts.
    let admin = w.app.signed_in(ADMIN).await;
    assert!(
        admin
            .script_stats(w.script, &StatsQuery::default())
            .await
            .is_ok()
    );
    for who in [APPOINTER, CLOSER, SUCCESS] {
        let c = w.app.signed_in(who).await;
        assert_eq!(
            status(c.script_stats(w.script, &StatsQuery::default()).await),
            403,
            "{who}"
        );
    }
    let v99 = StatsQuery {
        version: Some(99),
        compare: None,
    };
    assert_eq!(status(w.manager.script_stats(w.script, &v99).await), 404);
    assert_eq!(
        status(
            w.manager
                .script_stats(ScriptId(999_999), &StatsQuery::default())
                .await
        ),
        404
    );
}

#[tokio::test]
async fn the_call_context_names_the_person_the_company_and_a_closer() {
    let config = server::config::Config {
        company_name: "テスト商事株式会社".into(),
        ..server::config::Config::default()
    };
    let app = crate::common::spawn_with(crate::common::demo_db().await, config).await;
    let manager = app.signed_in(MANAGER).await;
    let appointer = app.signed_in(APPOINTER).await;
    let appointer_id = appointer.me().await.expect("me").id;
    let closer_id = app.signed_in(CLOSER).await.me().await.expect("me").id;
    let pipeline = manager
        .pipelines()
        .await
        .expect("pipelines")
        .into_iter()
        .find(|p| p.id == PipelineId(1))
        .expect("pipeline 1");
    let new_deal = |title: &str, closer: Option<MemberId>| NewDeal {
        pipeline_id: PipelineId(1),
        stage_id: Some(stage(&pipeline, 0)),
        account_id: AccountId(1),
        title: title.into(),
        amount: 0,
        currency: None,
        appointer_id: Some(appointer_id),
        closer_id: closer,
        success_id: None,
        expected_close_on: None,
    };
    let start = |deal_id| StartCall {
        deal_id,
        script_id: ScriptId(1),
    };

    // A deal without a contact or a closer: the account's primary contact, the routed closer.
    let d = manager
        .create_deal(&new_deal("文脈", None))
        .await
        .expect("deal");
    let call = appointer.start_call(&start(d.id)).await.expect("start");
    let ctx = appointer.call_context(call.id).await.expect("context");
    assert_eq!(ctx.call_id, call.id);
    assert_eq!(ctx.script.id, ScriptId(1));
    assert_eq!(ctx.script.version, 1);
    assert_eq!(ctx.script.name, "新規開拓 架電スクリプト");
    assert_eq!(ctx.deal.as_ref().map(|x| x.id), Some(d.id));
    assert_eq!(ctx.member_company, "テスト商事株式会社");
    let primary = {
        use sea_orm::ConnectionTrait;
        app.db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT MIN(id) AS n FROM contacts WHERE account_id = 1 AND is_primary = true",
            ))
            .await
            .expect("query")
            .expect("a row")
            .try_get::<i64>("", "n")
            .expect("n")
    };
    assert_eq!(ctx.contact.as_ref().map(|c| c.id.0), Some(primary));
    assert!(ctx.contact.as_ref().is_some_and(|c| !c.phone.is_empty()));
    let names: Vec<&str> = ctx.closers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"伊藤 大輔") && names.contains(&"渡辺 由美"));
    let suggested = ctx.suggested_closer.expect("a routed closer");
    assert_eq!(suggested.source, shared::api::CloserSource::Routing);
    assert!(ctx.closers.contains(&suggested.member));

    // The deal's own closer is kept.
    let owned = manager
        .create_deal(&new_deal("担当あり", Some(closer_id)))
        .await
        .expect("deal");
    let call2 = appointer.start_call(&start(owned.id)).await.expect("start");
    let ctx2 = appointer.call_context(call2.id).await.expect("context");
    let kept = ctx2.suggested_closer.expect("the deal's closer");
    assert_eq!(kept.source, shared::api::CloserSource::Deal);
    assert_eq!(kept.member.id, closer_id);

    // Only the member who made the call, or a manager.
    assert!(manager.call_context(call.id).await.is_ok());
    for who in [APPOINTER2, CLOSER, SUCCESS, ADMIN] {
        let c = app.signed_in(who).await;
        assert_eq!(status(c.call_context(call.id).await), 403, "{who}");
    }
    assert_eq!(
        status(appointer.call_context(shared::CallId(999_999)).await),
        404
    );
    let doc: serde_json::Value = crate::common::raw()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert!(doc["paths"]["/api/v1/calls/{id}/context"]["get"].is_object());
    assert!(doc["components"]["schemas"]["CallContext"].is_object());
}
