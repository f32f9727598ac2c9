//! Customer success through the API: a success member's accounts with what was promised and
//! the onboarding checklist (copied from the managers' template when success takes an account
//! over), ticking items, accounts past their segment's contact interval, and who may do what.

use crate::common::{TestApp, count, raw_signed_in, spawn_app};
use chrono::{Duration, SubsecRound, Utc};
use shared::api::{
    ChecklistItemPatch, ChecklistTemplate, HandoffQuery, HandoffStatus, NewAccount, NewActivity,
    NewDeal, NewHandoff, SegmentPatch, SuccessAccount, SuccessOwner, SuccessQuery,
};
use shared::client::{Client, ClientError};
use shared::{AccountId, ChecklistItemId, MemberId, PipelineId, Role, StageId};
use std::collections::BTreeMap;

const MANAGER: &str = "manager@example.com";
const SUCCESS1: &str = "success1@example.com";
const SUCCESS2: &str = "success2@example.com";
const APPOINTER: &str = "appointer1@example.com";
/// The sales pipeline's won stage (受注), owned by closers.
const WON_STAGE: StageId = StageId(7);
const CLOSER1: MemberId = MemberId(5);

fn q(owner: Option<SuccessOwner>, stale: bool) -> SuccessQuery {
    SuccessQuery {
        owner,
        stale: stale.then_some(true),
    }
}

async fn mine(c: &Client) -> Vec<SuccessAccount> {
    c.success_accounts(&q(None, false)).await.expect("inbox")
}

fn field_of(e: &ClientError) -> Vec<String> {
    e.api_error()
        .map(|a| a.error.fields.iter().map(|f| f.field.clone()).collect())
        .unwrap_or_default()
}

fn won_note() -> BTreeMap<String, String> {
    [
        ("contract_terms", "3年契約・月額課金"),
        ("deliverables", "データ移行と研修 3回"),
        ("key_contacts", "総務部 課長 田中様"),
        ("risks", "現行システムの解約が来月末"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// A new account with a won deal, handed by its closer to `success` and accepted.
async fn take_over(app: &TestApp, name: &str, success: &str) -> AccountId {
    let m = app.signed_in(MANAGER).await;
    let account = m
        .create_account(&NewAccount {
            name: name.into(),
            name_kana: None,
            segment_id: Some(shared::SegmentId(1)),
            territory_id: None,
            phone: None,
        })
        .await
        .expect("account");
    let deal = m
        .create_deal(&NewDeal {
            pipeline_id: PipelineId(1),
            stage_id: Some(WON_STAGE),
            account_id: account.id,
            title: "勤怠管理 導入".into(),
            amount: 1_200_000,
            currency: None,
            appointer_id: Some(MemberId(2)),
            closer_id: Some(CLOSER1),
            success_id: None,
            expected_close_on: None,
        })
        .await
        .expect("deal");
    let s = app.signed_in(success).await;
    let me = s.me().await.expect("me");
    let h = m
        .create_handoff(&NewHandoff {
            deal_id: deal.id,
            to_member_id: me.id,
            to_role: Role::Success,
            note: won_note(),
        })
        .await
        .expect("hand over");
    assert_eq!(h.kind, shared::api::HandoffKind::Won);
    s.accept_handoff(h.id).await.expect("accept");
    account.id
}

#[tokio::test]
async fn a_success_member_sees_their_accounts_with_what_was_promised_and_a_checklist() {
    let app = spawn_app().await;
    let s = app.signed_in(SUCCESS1).await;
    let me = s.me().await.expect("me");
    let list = mine(&s).await;
    assert!(list.len() >= 10, "the demo hands success1 accounts");
    let template = s.checklist_template().await.expect("template").items;
    assert_eq!(template.len(), 5);
    for a in &list {
        assert!(a.owned_by(me.id), "only their own accounts");
        assert!(
            a.deals.iter().all(|d| d.stage_name != "解約"),
            "no lost deals"
        );
        // An account taken over before: its checklist is copied on first read.
        let labels: Vec<&str> = a.checklist.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, template);
        assert_eq!(a.checklist_done, 0);
        assert_eq!(
            a.overdue_days.is_some(),
            a.days_since_contact.unwrap_or(0) > a.contact_interval_days.unwrap_or(u32::MAX)
        );
    }
    let promised = list
        .iter()
        .flat_map(|a| &a.deals)
        .find_map(|d| d.handed_over.as_ref())
        .expect("a won hand-off");
    assert!(promised.note.contains_key("deliverables"));
    assert!(promised.from.is_some(), "and who promised it");
    // Reading again copies nothing more.
    let items = count(&app.db, "account_checklist_items").await;
    mine(&s).await;
    assert_eq!(count(&app.db, "account_checklist_items").await, items);

    let names: Vec<&str> = list.iter().map(|a| a.account.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "by account name");
}

#[tokio::test]
async fn accepting_a_won_hand_off_copies_the_template_which_later_edits_leave_alone() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let first = take_over(&app, "株式会社テスト一号", SUCCESS1).await;
    // Copied at acceptance, before any read of the inbox.
    assert_eq!(
        count(
            &app.db,
            &format!("account_checklist_items WHERE account_id = {}", first.0)
        )
        .await,
        5
    );
    let new_template = ChecklistTemplate {
        items: vec!["契約書の受領".into(), "  初回訪問  ".into()],
    };
    let saved = m
        .update_checklist_template(&new_template)
        .await
        .expect("save");
    assert_eq!(saved.items, ["契約書の受領", "初回訪問"], "trimmed");
    let second = take_over(&app, "株式会社テスト二号", SUCCESS1).await;

    let s = app.signed_in(SUCCESS1).await;
    let list = mine(&s).await;
    let of = |id: AccountId| {
        list.iter()
            .find(|a| a.account.id == id)
            .expect("in the inbox")
    };
    assert_eq!(
        of(first).checklist.len(),
        5,
        "the running onboarding keeps its copy"
    );
    let labels: Vec<&str> = of(second)
        .checklist
        .iter()
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(labels, ["契約書の受領", "初回訪問"]);
    let deal = &of(second).deals[0];
    let h = deal.handed_over.as_ref().expect("promised");
    assert_eq!(h.note["risks"], "現行システムの解約が来月末");
    assert_eq!(h.from.as_ref().map(|f| f.id), Some(CLOSER1));
    assert_eq!(of(second).last_contacted_at, None);
    assert_eq!(
        of(second).days_since_contact,
        Some(0),
        "counted from the take-over"
    );
    // The hand-off is the one the inbox shows.
    let accepted = s
        .handoffs(&HandoffQuery {
            deal_id: Some(deal.id),
            status: Some(HandoffStatus::Accepted),
            ..Default::default()
        })
        .await
        .expect("hand-offs");
    assert_eq!(accepted[0].id, h.handoff_id);
}

#[tokio::test]
async fn an_item_is_ticked_by_the_owner_or_a_manager_with_who_and_when() {
    let app = spawn_app().await;
    let s1 = app.signed_in(SUCCESS1).await;
    let me = s1.me().await.expect("me");
    let s2 = app.signed_in(SUCCESS2).await;
    mine(&s2).await;
    let list = mine(&s1).await;
    let theirs: Vec<AccountId> = mine(&s2).await.iter().map(|a| a.account.id).collect();
    let a = list
        .iter()
        .find(|a| !theirs.contains(&a.account.id))
        .expect("an account only success1 owns");
    let item = &a.checklist[1];
    let audit_before = count(&app.db, "audit_log WHERE entity = 'account'").await;

    let done = s1
        .update_checklist_item(a.account.id, item.id, &ChecklistItemPatch { done: true })
        .await
        .expect("tick");
    assert!(done.done);
    assert_eq!(done.done_by.as_ref().map(|m| m.id), Some(me.id));
    let at = done.done_at.expect("when");
    assert!((Utc::now() - at).num_seconds() < 60);
    assert_eq!(
        count(&app.db, "audit_log WHERE entity = 'account'").await,
        audit_before + 1
    );
    let after = mine(&s1).await;
    let same = after
        .iter()
        .find(|x| x.account.id == a.account.id)
        .expect("still there");
    assert_eq!(same.checklist_done, 1);
    assert!(same.checklist[1].done);

    // Another success member, an appointer: refused, nothing changed.
    let patch = ChecklistItemPatch { done: false };
    let e = s2
        .update_checklist_item(a.account.id, item.id, &patch)
        .await
        .expect_err("not theirs");
    assert_eq!(e.status(), Some(403));
    let ap = app.signed_in(APPOINTER).await;
    let e = ap
        .update_checklist_item(a.account.id, item.id, &patch)
        .await
        .expect_err("not success");
    assert_eq!(e.status(), Some(403));
    // The item under another account, or no such item: 404.
    let other = list
        .iter()
        .find(|x| x.account.id != a.account.id)
        .expect("another");
    let e = s1
        .update_checklist_item(other.account.id, item.id, &patch)
        .await
        .expect_err("wrong account");
    assert_eq!(e.status(), Some(404));
    let e = s1
        .update_checklist_item(a.account.id, ChecklistItemId(999_999), &patch)
        .await
        .expect_err("no item");
    assert_eq!(e.status(), Some(404));
    // A manager unticks it.
    let m = app.signed_in(MANAGER).await;
    let undone = m
        .update_checklist_item(a.account.id, item.id, &patch)
        .await
        .expect("manager");
    assert!(!undone.done && undone.done_at.is_none() && undone.done_by.is_none());
    // A body that is not a bool: 422 naming the field.
    let raw = raw_signed_in(&app, SUCCESS1).await;
    let r = raw
        .patch(app.url(&shared::api::checklist_item_path(a.account.id, item.id)))
        .json(&serde_json::json!({"done": "yes"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn members_read_only_the_inboxes_they_may() {
    let app = spawn_app().await;
    let s1 = app.signed_in(SUCCESS1).await;
    let s2 = app.signed_in(SUCCESS2).await;
    let id1 = s1.me().await.expect("me").id;
    let id2 = s2.me().await.expect("me").id;
    // Their own, by id too.
    assert_eq!(
        s1.success_accounts(&q(Some(SuccessOwner::Member(id1)), false))
            .await
            .expect("own")
            .len(),
        mine(&s1).await.len()
    );
    for owner in [SuccessOwner::Member(id2), SuccessOwner::All] {
        let e = s1
            .success_accounts(&q(Some(owner), false))
            .await
            .expect_err("not theirs");
        assert_eq!(e.status(), Some(403));
    }
    let ap = app.signed_in(APPOINTER).await;
    for r in [
        ap.success_accounts(&q(None, false)).await.map(|_| ()),
        ap.checklist_template().await.map(|_| ()),
    ] {
        assert_eq!(r.expect_err("not success").status(), Some(403));
    }
    // Managers: anyone's, or everyone's.
    let m = app.signed_in(MANAGER).await;
    let two = m
        .success_accounts(&q(Some(SuccessOwner::Member(id2)), false))
        .await
        .expect("success2's");
    assert!(!two.is_empty() && two.iter().all(|a| a.owned_by(id2)));
    let all = m
        .success_accounts(&q(Some(SuccessOwner::All), false))
        .await
        .expect("all");
    assert!(all.iter().any(|a| a.owned_by(id1)) && all.iter().any(|a| a.owned_by(id2)));
    assert!(m.checklist_template().await.is_ok());
    // A malformed owner: 400.
    let raw = raw_signed_in(&app, MANAGER).await;
    let r = raw
        .get(app.url("/api/v1/success/accounts?owner=someone"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn only_managers_change_the_template_and_each_item_is_checked() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let s = app.signed_in(SUCCESS1).await;
    let before = m.checklist_template().await.expect("template");
    let good = ChecklistTemplate {
        items: vec!["キックオフ".into()],
    };
    let e = s
        .update_checklist_template(&good)
        .await
        .expect_err("success");
    assert_eq!(e.status(), Some(403));
    for (items, field) in [
        (vec!["キックオフ".to_owned(), " ".to_owned()], "items[1]"),
        (vec!["x".repeat(201)], "items[0]"),
        (vec!["研修".to_owned(), "研修".to_owned()], "items[1]"),
        (vec![], "items"),
        ((0..31).map(|i| format!("項目{i}")).collect(), "items"),
    ] {
        let e = m
            .update_checklist_template(&ChecklistTemplate { items })
            .await
            .expect_err("invalid");
        assert_eq!(e.status(), Some(422));
        assert_eq!(field_of(&e), [field]);
    }
    assert_eq!(m.checklist_template().await.expect("template"), before);
    let audit = count(&app.db, "audit_log WHERE entity = 'checklist_template'").await;
    assert_eq!(
        m.update_checklist_template(&good).await.expect("save"),
        good
    );
    assert_eq!(s.checklist_template().await.expect("read"), good);
    assert_eq!(
        count(&app.db, "audit_log WHERE entity = 'checklist_template'").await,
        audit + 1
    );
}

#[tokio::test]
async fn accounts_past_their_segments_interval_are_listed_most_overdue_first() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let s = app.signed_in(SUCCESS1).await;
    let segments = m.segments().await.expect("segments");
    assert_eq!(segments[0].contact_interval_days, Some(14));
    let every_day = SegmentPatch {
        contact_interval_days: Some(1),
    };
    for seg in &segments {
        let saved = m.update_segment(seg.id, &every_day).await.expect("set");
        assert_eq!(saved.contact_interval_days, Some(1));
    }
    let stale = s.success_accounts(&q(None, true)).await.expect("stale");
    let all = mine(&s).await;
    let expected = all
        .iter()
        .filter(|a| a.days_since_contact.is_some_and(|d| d > 1))
        .count();
    assert!(expected > 0, "some demo accounts go unvisited for days");
    assert_eq!(stale.len(), expected);
    let overdue: Vec<u32> = stale.iter().filter_map(|a| a.overdue_days).collect();
    assert_eq!(overdue.len(), stale.len());
    assert!(
        overdue.windows(2).all(|w| w[0] >= w[1]),
        "most overdue first"
    );
    for a in &stale {
        assert_eq!(a.contact_interval_days, Some(1));
        assert_eq!(a.overdue_days, a.days_since_contact.map(|d| d - 1));
    }

    // No rhythm for the first segment: its accounts leave the list.
    let first = stale[0].segment.as_ref().expect("a segment").id;
    let cleared = m
        .update_segment(
            first,
            &SegmentPatch {
                contact_interval_days: None,
            },
        )
        .await
        .expect("clear");
    assert_eq!(cleared.contact_interval_days, None);
    let stale2 = s.success_accounts(&q(None, true)).await.expect("stale");
    assert!(
        stale2
            .iter()
            .all(|a| a.segment.as_ref().map(|x| x.id) != Some(first))
    );
    assert!(stale2.len() < stale.len());
    assert_eq!(
        m.segments()
            .await
            .expect("segments")
            .iter()
            .find(|x| x.id == first)
            .and_then(|x| x.contact_interval_days),
        None
    );

    // Managers only; 1–365; a segment that exists; the field named.
    let e = s
        .update_segment(first, &every_day)
        .await
        .expect_err("success");
    assert_eq!(e.status(), Some(403));
    for n in [0, 366] {
        let e = m
            .update_segment(
                first,
                &SegmentPatch {
                    contact_interval_days: Some(n),
                },
            )
            .await
            .expect_err("out of range");
        assert_eq!(e.status(), Some(422));
        assert_eq!(field_of(&e), ["contact_interval_days"]);
    }
    let e = m
        .update_segment(shared::SegmentId(999), &every_day)
        .await
        .expect_err("no segment");
    assert_eq!(e.status(), Some(404));
    let raw = raw_signed_in(&app, MANAGER).await;
    let r = raw
        .patch(app.url(&format!("/api/v1/segments/{}", first.0)))
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422, "the interval must be named");
}

#[tokio::test]
async fn a_done_contact_moves_the_accounts_last_contact_forward_only() {
    let app = spawn_app().await;
    let s = app.signed_in(SUCCESS1).await;
    let account = take_over(&app, "株式会社テスト三号", SUCCESS1).await;
    let of = |list: Vec<SuccessAccount>| {
        list.into_iter()
            .find(|a| a.account.id == account)
            .expect("in the inbox")
    };
    let deal = of(mine(&s).await).deals[0].id;
    let log = |kind: &str, done: Option<chrono::DateTime<Utc>>, planned: bool| NewActivity {
        kind: kind.into(),
        subject: "フォロー".into(),
        notes: String::new(),
        planned_at: planned.then(|| Utc::now() + Duration::days(1)),
        done_at: done,
    };
    // A task or a planned call is no contact.
    s.add_activity(deal, &log("task", Some(Utc::now()), false))
        .await
        .expect("task");
    s.add_activity(deal, &log("call", None, true))
        .await
        .expect("planned");
    assert_eq!(of(mine(&s).await).last_contacted_at, None);
    // A visit three days ago counts.
    let visit = (Utc::now() - Duration::days(3)).trunc_subsecs(6);
    s.add_activity(deal, &log("visit", Some(visit), false))
        .await
        .expect("visit");
    let a = of(mine(&s).await);
    assert_eq!(a.last_contacted_at, Some(visit));
    assert_eq!(a.days_since_contact, Some(3));
    // An older call does not move it back; a newer e-mail moves it on.
    s.add_activity(deal, &log("call", Some(visit - Duration::days(5)), false))
        .await
        .expect("old call");
    assert_eq!(of(mine(&s).await).last_contacted_at, Some(visit));
    let mail = Utc::now().trunc_subsecs(6);
    s.add_activity(deal, &log("email", Some(mail), false))
        .await
        .expect("mail");
    let a = of(mine(&s).await);
    assert_eq!(a.last_contacted_at, Some(mail));
    assert_eq!((a.days_since_contact, a.overdue_days), (Some(0), None));
}
