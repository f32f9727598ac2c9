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

/// The sales pipeline's column named `name`: its stage and every card in it.
async fn column_of(c: &Client, name: &str) -> (StageId, Vec<DealCard>) {
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
    (col.stage.id, col.cards)
}

#[tokio::test]
async fn a_deal_s_whole_chain_of_hands_is_readable_by_anyone_who_opens_the_deal() {
    let app = spawn_app().await;
    let (a, deal, _, _) = hand_over(&app, 5).await;
    let h = sent_for(&a, deal.deal.id).await;
    // Neither giver nor receiver: another appointer, and customer success.
    for email in ["appointer2@example.com", "success1@example.com"] {
        let other = app.signed_in(email).await;
        let chain = other
            .handoffs(&HandoffQuery {
                deal_id: Some(deal.deal.id),
                ..Default::default()
            })
            .await
            .expect("the deal's chain");
        assert!(
            chain.iter().any(|x| x.id == h.id),
            "{email} reads the chain"
        );
        // Without a deal, a member's list is still their own.
        let own = other.handoffs(&HandoffQuery::default()).await.expect("own");
        assert!(own.iter().all(|x| x.id != h.id), "{email}: not theirs");
        // Naming someone else is still for managers, deal or not.
        let named = HandoffQuery {
            from: h.from.as_ref().map(|m| Party::Member(m.id)),
            deal_id: Some(deal.deal.id),
            ..Default::default()
        };
        assert_eq!(
            other.handoffs(&named).await.unwrap_err().status(),
            Some(403)
        );
    }
}

#[tokio::test]
async fn managers_add_edit_retire_and_reorder_reject_reasons() {
    use shared::api::{NewRejectReason, RejectReasonPatch};
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let c = app.signed_in(CLOSER).await;
    let new = |code: &str, ja: &str, en: &str| NewRejectReason {
        code: code.into(),
        label_ja: ja.into(),
        label_en: en.into(),
    };
    // Managers only.
    assert_eq!(
        c.create_reject_reason(&new("", "早すぎる", "Too early"))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        c.update_reject_reason(
            "no_budget",
            &RejectReasonPatch {
                active: Some(false),
                ..Default::default()
            }
        )
        .await
        .unwrap_err()
        .status(),
        Some(403)
    );
    // Bad input names the field; nothing is added.
    for (body, field) in [
        (new("", " ", "Too early"), "label_ja"),
        (new("", "早すぎる", ""), "label_en"),
        (new("Too Early", "早すぎる", "Too early"), "code"),
        (new("", &"長".repeat(101), "Too early"), "label_ja"),
    ] {
        let err = m.create_reject_reason(&body).await.unwrap_err();
        assert_eq!(err.status(), Some(422), "{body:?}");
        assert!(format!("{err:?}").contains(field), "{field}: {err:?}");
    }
    let before = m.all_reject_reasons().await.expect("reasons");
    assert_eq!(before.len(), 5);
    // A code made from the English label, then made unique; a typed code taken is a conflict.
    let made = m
        .create_reject_reason(&new("", "早すぎる", "Too early"))
        .await
        .expect("create");
    assert_eq!(made.code, "too_early");
    assert!(made.active);
    let again = m
        .create_reject_reason(&new("", "まだ早い", "Too early!"))
        .await
        .expect("create");
    assert_eq!(again.code, "too_early_2");
    let typed = m
        .create_reject_reason(&new("wrong_person", "担当者違い", "Wrong person"))
        .await
        .expect("typed code");
    assert_eq!(typed.code, "wrong_person");
    assert_eq!(
        m.create_reject_reason(&new("no_budget", "予算", "Budget"))
            .await
            .unwrap_err()
            .status(),
        Some(409)
    );
    let list = m.reject_reasons().await.expect("reasons");
    assert_eq!(
        list.last().map(|r| r.code.as_str()),
        Some("wrong_person"),
        "offered last"
    );

    // Labels change; an empty one is refused.
    let edited = m
        .update_reject_reason(
            "too_early_2",
            &RejectReasonPatch {
                label_en: Some("Not yet".into()),
                ..Default::default()
            },
        )
        .await
        .expect("edit");
    assert_eq!(
        (edited.label_ja.as_str(), edited.label_en.as_str()),
        ("まだ早い", "Not yet")
    );
    let empty = m
        .update_reject_reason(
            "too_early_2",
            &RejectReasonPatch {
                label_ja: Some("".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(empty.status(), Some(422));
    assert!(format!("{empty:?}").contains("label_ja"));
    // Reorder: first place; a place out of range names the field; an unknown code is 404.
    m.update_reject_reason(
        "wrong_person",
        &RejectReasonPatch {
            position: Some(0),
            ..Default::default()
        },
    )
    .await
    .expect("reorder");
    let order: Vec<String> = m
        .reject_reasons()
        .await
        .expect("reasons")
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(order[0], "wrong_person");
    assert_eq!(order[1], "missing_information");
    assert_eq!(order.len(), 8);
    let far = m
        .update_reject_reason(
            "wrong_person",
            &RejectReasonPatch {
                position: Some(8),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(far.status(), Some(422));
    assert!(format!("{far:?}").contains("position"));
    assert_eq!(
        m.update_reject_reason("nope", &RejectReasonPatch::default())
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );

    // A reason given to a hand-off, then retired: no longer offered nor accepted, still on the
    // hand-off and in the numbers.
    let (a, deal, _, _) = hand_over(&app, 6).await;
    let h = sent_for(&a, deal.deal.id).await;
    let (r, _) = receiver_of(&app, &h).await;
    r.reject_handoff(
        h.id,
        &RejectHandoff {
            reason: "too_early".into(),
            note: String::new(),
        },
    )
    .await
    .expect("reject");
    let retired = m
        .update_reject_reason(
            "too_early",
            &RejectReasonPatch {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .expect("retire");
    assert!(!retired.active);
    assert!(
        c.reject_reasons()
            .await
            .expect("offered")
            .iter()
            .all(|r| r.code != "too_early")
    );
    let all = c.all_reject_reasons().await.expect("all");
    assert!(all.iter().any(|r| r.code == "too_early" && !r.active));
    let (a2, deal2, _, _) = hand_over(&app, 7).await;
    let h2 = sent_for(&a2, deal2.deal.id).await;
    let (r2, _) = receiver_of(&app, &h2).await;
    let refused = r2
        .reject_handoff(
            h2.id,
            &RejectHandoff {
                reason: "too_early".into(),
                note: String::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(422));
    assert_eq!(
        a.handoffs(&HandoffQuery {
            deal_id: Some(deal.deal.id),
            ..Default::default()
        })
        .await
        .expect("chain")[0]
            .reject_reason
            .as_deref(),
        Some("too_early")
    );
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .date_naive();
    let stats = m
        .handoff_stats(&StatsPeriod {
            from: today,
            to: today,
        })
        .await
        .expect("stats");
    assert!(
        stats
            .rows
            .iter()
            .flat_map(|r| &r.rejected_by_reason)
            .any(|x| x.reason == "too_early" && x.count == 1)
    );
    // Retire every other reason: the last one offered stays.
    let offered = m.reject_reasons().await.expect("offered");
    let (last, rest) = offered.split_last().expect("some");
    for x in rest {
        m.update_reject_reason(
            &x.code,
            &RejectReasonPatch {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .expect("retire");
    }
    let err = m
        .update_reject_reason(
            &last.code,
            &RejectReasonPatch {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422));
    assert!(format!("{err:?}").contains("active"));
    // Offered again.
    let back = m
        .update_reject_reason(
            "too_early",
            &RejectReasonPatch {
                active: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("offer again");
    assert!(back.active);
}

#[tokio::test]
async fn won_deals_credit_every_member_who_carried_them_in_each_role() {
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let c1 = app.signed_in(CLOSER).await;
    let me = c1.me().await.expect("me");
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .date_naive();
    let period = StatsPeriod {
        from: today,
        to: today,
    };
    let credit = |s: &shared::api::HandoffStats, member: MemberId, role: Role| {
        s.won_credit
            .iter()
            .find(|x| x.member.id == member && x.role == role)
            .map_or((0, 0), |x| {
                (
                    x.deals,
                    x.amounts
                        .iter()
                        .find(|a| a.currency == "JPY")
                        .map_or(0, |a| a.amount),
                )
            })
    };
    let before = m.handoff_stats(&period).await.expect("stats");

    // closer1 hands a deal in negotiation to closer2 by hand; closer2 takes it and wins it.
    let (_, negotiating) = column_of(&c1, "交渉").await;
    let deal = negotiating
        .into_iter()
        .find(|d| {
            d.pending_handoff.is_none() && d.deal.closer.as_ref().is_some_and(|x| x.id == me.id)
        })
        .expect("a deal of closer1 in negotiation")
        .deal;
    let members = m.members().await.expect("members");
    let closer2 = members
        .iter()
        .find(|x| x.name == "渡辺 由美")
        .expect("closer2")
        .id;
    let h = c1
        .create_handoff(&NewHandoff {
            deal_id: deal.id,
            to_member_id: closer2,
            to_role: Role::Closer,
            note: BTreeMap::new(),
        })
        .await
        .expect("by hand");
    let c2 = app.signed_in("closer2@example.com").await;
    c2.accept_handoff(h.id).await.expect("accept");
    let (won_stage, _) = column_of(&c2, "受注").await;
    let now = c2.deal(deal.id).await.expect("deal");
    c2.move_deal(
        deal.id,
        &MoveDeal {
            stage_id: won_stage,
            after_id: None,
            before_id: None,
            version: now.version,
        },
    )
    .await
    .expect("won");

    let after = m.handoff_stats(&period).await.expect("stats");
    let amount = deal.amount.amount;
    for (member, role) in [
        (me.id, Role::Closer),
        (closer2, Role::Closer),
        (
            deal.appointer.as_ref().expect("appointer").id,
            Role::Appointer,
        ),
    ] {
        let (d0, a0) = credit(&before, member, role);
        assert_eq!(
            credit(&after, member, role),
            (d0 + 1, a0 + amount),
            "{member:?} as {role:?}"
        );
    }
    // The appointer is not credited as a closer, nor closer2 as an appointer, for this deal.
    assert_eq!(
        credit(&after, closer2, Role::Appointer),
        credit(&before, closer2, Role::Appointer)
    );
    // Another period does not count it.
    let tomorrow = today + chrono::Duration::days(1);
    let later = m
        .handoff_stats(&StatsPeriod {
            from: tomorrow,
            to: tomorrow,
        })
        .await
        .expect("stats");
    assert!(later.won_credit.is_empty());
}

#[tokio::test]
async fn openapi_documents_the_reason_endpoints_and_the_won_credit() {
    let app = spawn_app().await;
    let doc: serde_json::Value = crate::common::raw()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    for (path, method) in [
        ("/api/v1/handoffs/reasons", "get"),
        ("/api/v1/handoffs/reasons", "post"),
        ("/api/v1/handoffs/reasons/{code}", "patch"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is documented"
        );
    }
    for schema in ["NewRejectReason", "RejectReasonPatch", "WonCredit"] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is documented"
        );
    }
    let params = &doc["paths"]["/api/v1/handoffs/reasons"]["get"]["parameters"];
    assert!(
        params
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x["name"] == "include_retired")),
        "{params}"
    );
}
