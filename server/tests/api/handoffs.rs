//! Hand-offs through the API: a move across roles opens one with a deadline; the receiver
//! accepts (and owns the deal) or rejects with a reason (and the deal goes back); by hand with
//! the type's required note; the managers' numbers; types and reasons.

use crate::common::{TestApp, spawn_app};
use shared::api::{
    BoardQuery, DealCard, HandoffKind, HandoffNotePatch, HandoffQuery, HandoffStatus,
    HandoffTypePatch, MoveDeal, NewHandoff, Party, RejectHandoff, SlaState, StatsPeriod,
};
use shared::client::Client;
use shared::{MemberId, PipelineId, Role, StageId};
use std::collections::BTreeMap;

const APPOINTER: &str = "appointer1@example.com";
const CLOSER: &str = "closer1@example.com";

/// The stage named `name` in the sales pipeline, and the appointer's deals in it with no
/// hand-off pending.
async fn stage_and_deals(c: &Client, name: &str, appointer: &str) -> (StageId, Vec<DealCard>) {
    let board = c
        .board(
            PipelineId(1),
            &BoardQuery {
                limit: Some(200),
                ..Default::default()
            },
        )
        .await
        .expect("board");
    let col = board
        .columns
        .into_iter()
        .find(|c| c.stage.name == name)
        .expect(name);
    let mine = col
        .cards
        .into_iter()
        .filter(|d| {
            d.pending_handoff.is_none()
                && d.deal
                    .appointer
                    .as_ref()
                    .is_some_and(|m| m.name == appointer)
        })
        .collect();
    (col.stage.id, mine)
}

/// The appointer passes one of their appointments to the closers' first stage.
async fn hand_over(app: &TestApp, nth: usize) -> (Client, DealCard, StageId, StageId) {
    let a = app.signed_in(APPOINTER).await;
    let (from, deals) = stage_and_deals(&a, "アポ獲得", "佐藤 美咲").await;
    let (to, _) = stage_and_deals(&a, "商談", "").await;
    let deal = deals.get(nth).cloned().expect("an appointment of theirs");
    a.move_deal(
        deal.deal.id,
        &MoveDeal {
            stage_id: to,
            after_id: None,
            before_id: None,
            version: deal.deal.version,
        },
    )
    .await
    .expect("move");
    (a, deal, from, to)
}

/// The hand-off the appointer sent for `deal`.
async fn sent_for(a: &Client, deal: shared::DealId) -> shared::api::Handoff {
    a.handoffs(&HandoffQuery {
        from: Some(Party::Me),
        deal_id: Some(deal),
        status: Some(HandoffStatus::Pending),
        ..Default::default()
    })
    .await
    .expect("sent")
    .into_iter()
    .next()
    .expect("a pending hand-off")
}

/// The closer a hand-off went to (the deal's closer, or whom the team matrix chose), signed in.
async fn receiver_of(app: &TestApp, h: &shared::api::Handoff) -> (Client, String) {
    let name = h.to.as_ref().map(|m| m.name.clone()).expect("a receiver");
    let email = if name == "渡辺 由美" {
        "closer2@example.com"
    } else {
        CLOSER
    };
    (app.signed_in(email).await, name)
}

fn note(fields: &[(&str, &str)]) -> BTreeMap<String, String> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn an_appointment_moved_to_the_closers_waits_in_their_inbox_and_is_accepted() {
    let app = spawn_app().await;
    let (a, deal, _, to) = hand_over(&app, 0).await;
    let sent = a
        .handoffs(&HandoffQuery {
            from: Some(Party::Me),
            deal_id: Some(deal.deal.id),
            ..Default::default()
        })
        .await
        .expect("sent");
    assert_eq!(sent.len(), 1);
    let h = &sent[0];
    assert_eq!(h.kind, HandoffKind::Appointment);
    assert_eq!(h.status, HandoffStatus::Pending);
    assert_eq!((h.from_role, h.to_role), (Role::Appointer, Role::Closer));
    let due = h.due_at.expect("a deadline");
    assert!(due > h.sent_at, "four business hours after sending");
    assert_eq!(
        h.missing.len(),
        5,
        "the appointment note is still to write: {:?}",
        h.missing
    );

    // The giver completes the note; it is then complete.
    let patched = a
        .update_handoff_note(
            h.id,
            &HandoffNotePatch {
                note: note(&[
                    ("need", "営業管理の一元化"),
                    ("budget", "年300万円"),
                    ("decision_maker", "情報システム部長"),
                    ("timing", "来期4月"),
                    ("promised", "デモを来週"),
                ]),
            },
        )
        .await
        .expect("note");
    assert!(patched.missing.is_empty());

    // In the receiver's inbox: the deal's closer, or the one the team matrix routed it to.
    let (c, receiver) = receiver_of(&app, h).await;
    let inbox = c
        .handoffs(&HandoffQuery {
            to: Some(Party::Me),
            status: Some(HandoffStatus::Pending),
            ..Default::default()
        })
        .await
        .expect("inbox");
    let mine = inbox.iter().find(|x| x.id == h.id).expect("in the inbox");
    assert_eq!(mine.note["budget"], "年300万円");
    assert_ne!(mine.sla, SlaState::Breached);

    // The appointer cannot accept their own hand-off.
    assert_eq!(
        a.accept_handoff(h.id).await.unwrap_err().status(),
        Some(403)
    );
    let accepted = c.accept_handoff(h.id).await.expect("accept");
    assert_eq!(accepted.status, HandoffStatus::Accepted);
    assert_eq!(
        accepted.to.as_ref().map(|m| m.name.as_str()),
        Some(receiver.as_str())
    );
    let now = c.deal(deal.deal.id).await.expect("deal");
    assert_eq!(now.closer.map(|m| m.name), Some(receiver.clone()));
    assert_eq!(
        now.appointer.map(|m| m.name),
        Some("佐藤 美咲".to_owned()),
        "the giver keeps credit"
    );
    assert_eq!(now.stage_id, to);
    // Answered once only.
    assert_eq!(
        c.accept_handoff(h.id).await.unwrap_err().status(),
        Some(409)
    );
    // Audited.
    let audit = c.deal_audit(deal.deal.id).await.expect("audit");
    assert!(audit.iter().any(|e| e.field == "closer_id"));
}

#[tokio::test]
async fn a_rejected_hand_off_needs_a_reason_and_sends_the_deal_back() {
    let app = spawn_app().await;
    let (a, deal, from, _) = hand_over(&app, 1).await;
    let sent = sent_for(&a, deal.deal.id).await;
    let (c, _) = receiver_of(&app, &sent).await;
    let inbox = c
        .handoffs(&HandoffQuery {
            to: Some(Party::Me),
            deal_id: Some(deal.deal.id),
            ..Default::default()
        })
        .await
        .expect("inbox");
    let h = inbox.first().expect("pending");

    let none = c
        .reject_handoff(h.id, &RejectHandoff::default())
        .await
        .unwrap_err();
    assert_eq!(none.status(), Some(422));
    assert!(format!("{none:?}").contains("reason"));
    let unknown = c
        .reject_handoff(
            h.id,
            &RejectHandoff {
                reason: "because".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.status(), Some(422));
    let reasons = c.reject_reasons().await.expect("reasons");
    assert!(
        reasons
            .iter()
            .any(|r| r.code == "no_budget" && r.label_ja == "予算なし")
    );
    let rejected = c
        .reject_handoff(
            h.id,
            &RejectHandoff {
                reason: "no_budget".into(),
                note: "予算が来期まで取れない".into(),
            },
        )
        .await
        .expect("reject");
    assert_eq!(rejected.status, HandoffStatus::Rejected);
    assert_eq!(rejected.reject_reason.as_deref(), Some("no_budget"));
    // Back in the appointer's stage, first in its order, and nothing overwritten: the
    // hand-off stays in the deal's chain.
    let back = a.deal(deal.deal.id).await.expect("deal");
    assert_eq!(back.stage_id, from);
    assert!(back.closer.is_none() || back.closer == deal.deal.closer);
    let chain = a
        .handoffs(&HandoffQuery {
            deal_id: Some(deal.deal.id),
            from: Some(Party::Me),
            ..Default::default()
        })
        .await
        .expect("chain");
    assert_eq!(
        chain[0].reject_note.as_deref(),
        Some("予算が来期まで取れない")
    );
    let history = a.deal_history(deal.deal.id).await.expect("history");
    assert_eq!(
        history.last().map(|m| m.to_stage_id),
        Some(from),
        "{history:?}"
    );
    assert_eq!(
        c.reject_handoff(
            h.id,
            &RejectHandoff {
                reason: "no_budget".into(),
                note: String::new()
            }
        )
        .await
        .unwrap_err()
        .status(),
        Some(409)
    );
}

#[tokio::test]
async fn by_hand_the_type_s_fields_are_required_and_only_one_waits_at_a_time() {
    let app = spawn_app().await;
    let a = app.signed_in(APPOINTER).await;
    let (_, deals) = stage_and_deals(&a, "アポ獲得", "佐藤 美咲").await;
    let deal = &deals[2];
    let closers = app
        .signed_in("manager@example.com")
        .await
        .members()
        .await
        .expect("members");
    let closer2 = closers
        .iter()
        .find(|m| m.name == "渡辺 由美")
        .expect("closer2")
        .id;
    let body = |fields: &[(&str, &str)]| NewHandoff {
        deal_id: deal.deal.id,
        to_member_id: closer2,
        to_role: Role::Closer,
        note: note(fields),
    };
    let err = a.create_handoff(&body(&[("need", "x")])).await.unwrap_err();
    assert_eq!(err.status(), Some(422));
    let text = format!("{err:?}");
    for f in [
        "note.budget",
        "note.decision_maker",
        "note.timing",
        "note.promised",
    ] {
        assert!(text.contains(f), "{f} named: {text}");
    }
    // The receiver must hold the role.
    let wrong = NewHandoff {
        to_member_id: MemberId(1),
        ..body(&[])
    };
    assert_eq!(
        a.create_handoff(&wrong).await.unwrap_err().status(),
        Some(422)
    );
    let full = [
        ("need", "x"),
        ("budget", "y"),
        ("decision_maker", "z"),
        ("timing", "t"),
        ("promised", "p"),
    ];
    let h = a.create_handoff(&body(&full)).await.expect("create");
    assert_eq!(h.to.as_ref().map(|m| m.id), Some(closer2));
    assert_eq!(
        a.create_handoff(&body(&full)).await.unwrap_err().status(),
        Some(409)
    );
    // Only the named receiver answers it; others do not even see it.
    let c1 = app.signed_in(CLOSER).await;
    assert_eq!(
        c1.accept_handoff(h.id).await.unwrap_err().status(),
        Some(404)
    );
    // Another member's inbox is for managers.
    let other = HandoffQuery {
        to: Some(Party::Member(closer2)),
        ..Default::default()
    };
    assert_eq!(c1.handoffs(&other).await.unwrap_err().status(), Some(403));
    let c2 = app.signed_in("closer2@example.com").await;
    assert_eq!(
        c2.accept_handoff(h.id).await.expect("accept").status,
        HandoffStatus::Accepted
    );
}

#[tokio::test]
async fn managers_see_sent_accepted_rejected_by_reason_and_set_the_types() {
    let app = spawn_app().await;
    let (a, d1, _, _) = hand_over(&app, 3).await;
    let (_, d2, _, _) = hand_over(&app, 4).await;
    let (h1, h2) = (
        sent_for(&a, d1.deal.id).await,
        sent_for(&a, d2.deal.id).await,
    );
    let (c, receiver) = receiver_of(&app, &h1).await;
    c.accept_handoff(h1.id).await.expect("accept");
    let (c2, _) = receiver_of(&app, &h2).await;
    c2.reject_handoff(
        h2.id,
        &RejectHandoff {
            reason: "not_a_fit".into(),
            note: String::new(),
        },
    )
    .await
    .expect("reject");

    let m = app.signed_in("manager@example.com").await;
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .date_naive();
    let period = StatsPeriod {
        from: today,
        to: today,
    };
    let stats = m.handoff_stats(&period).await.expect("stats");
    let giver = stats
        .rows
        .iter()
        .find(|r| r.member.name == "佐藤 美咲" && r.to_role == Role::Closer)
        .expect("the appointer's row");
    assert_eq!((giver.sent, giver.accepted, giver.rejected), (2, 1, 1));
    assert_eq!(giver.rejected_by_reason[0].reason, "not_a_fit");
    let receiver = stats
        .rows
        .iter()
        .find(|r| r.member.name == receiver && r.from_role == Role::Appointer)
        .expect("the closer's row");
    assert!(receiver.received >= 1);
    assert!(receiver.median_minutes_to_accept.is_some());
    // Managers only; a period that ends before it starts is refused.
    assert_eq!(
        c.handoff_stats(&period).await.unwrap_err().status(),
        Some(403)
    );
    let backwards = StatsPeriod {
        from: today,
        to: today - chrono::Duration::days(1),
    };
    assert_eq!(
        m.handoff_stats(&backwards).await.unwrap_err().status(),
        Some(422)
    );

    // Types: managers set the deadline and the fields.
    let patch = HandoffTypePatch {
        sla_minutes: 120,
        required_fields: vec!["need".into(), "budget".into()],
    };
    assert_eq!(
        c.update_handoff_type(HandoffKind::Appointment, &patch)
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    let t = m
        .update_handoff_type(HandoffKind::Appointment, &patch)
        .await
        .expect("type");
    assert_eq!(t.sla_minutes, 120);
    let bad = HandoffTypePatch {
        sla_minutes: 0,
        required_fields: vec![],
    };
    assert_eq!(
        m.update_handoff_type(HandoffKind::Appointment, &bad)
            .await
            .unwrap_err()
            .status(),
        Some(422)
    );
    let types = m.handoff_types().await.expect("types");
    assert_eq!(
        types
            .iter()
            .find(|t| t.kind == HandoffKind::Appointment)
            .map(|t| t.required_fields.len()),
        Some(2)
    );
}

#[tokio::test]
async fn new_leads_and_unowned_appointments_are_routed_by_the_team_matrix() {
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let accounts = m
        .accounts(&shared::api::AccountQuery::default())
        .await
        .expect("accounts");
    // A lead the manager adds without an appointer goes to one.
    let lead = m
        .create_deal(&shared::api::NewDeal {
            pipeline_id: PipelineId(1),
            stage_id: None,
            account_id: accounts[0].id,
            title: "ルーティング確認".into(),
            amount: 100_000,
            currency: None,
            appointer_id: None,
            closer_id: None,
            success_id: None,
            expected_close_on: None,
        })
        .await
        .expect("create");
    let appointer = lead.appointer.expect("routed to an appointer");
    let members = m.members().await.expect("members");
    assert!(
        members
            .iter()
            .any(|x| x.id == appointer.id && x.roles.contains(&Role::Appointer))
    );
    // An appointment with no closer yet is addressed to the closer the matrix chooses.
    let a = app.signed_in(APPOINTER).await;
    let (_, deals) = stage_and_deals(&a, "アポ獲得", "佐藤 美咲").await;
    let (to, _) = stage_and_deals(&a, "商談", "").await;
    let unowned = deals
        .iter()
        .find(|d| d.deal.closer.is_none())
        .expect("an appointment without a closer");
    a.move_deal(
        unowned.deal.id,
        &MoveDeal {
            stage_id: to,
            after_id: None,
            before_id: None,
            version: unowned.deal.version,
        },
    )
    .await
    .expect("move");
    let h = sent_for(&a, unowned.deal.id).await;
    let to = h.to.expect("routed to a closer");
    assert!(
        members
            .iter()
            .any(|x| x.id == to.id && x.roles.contains(&Role::Closer))
    );
}
