//! A deal's activities and audit trail through the API.

use crate::common::spawn_app;
use chrono::{Duration, Utc};
use shared::api::{DealPatch, NewActivity};
use shared::{DealId, ErrorCode};

fn planned(subject: &str, in_days: i64) -> NewActivity {
    NewActivity {
        kind: "meeting".into(),
        subject: subject.into(),
        notes: String::new(),
        planned_at: Some(Utc::now() + Duration::days(in_days)),
        done_at: None,
    }
}

#[tokio::test]
async fn a_member_plans_and_logs_activities_in_order() {
    let app = spawn_app().await;
    let c = app.signed_in("closer1@example.com").await;
    let id = DealId(1);
    let before = c.deal_activities(id).await.expect("list").len();
    let later = c.add_activity(id, &planned("デモ", 7)).await.expect("plan");
    let sooner = c
        .add_activity(id, &planned("ヒアリング", 1))
        .await
        .expect("plan");
    let done = c
        .add_activity(
            id,
            &NewActivity {
                kind: "call".into(),
                subject: "日程調整".into(),
                notes: "先方都合で再調整".into(),
                planned_at: None,
                done_at: Some(Utc::now()),
            },
        )
        .await
        .expect("log");
    assert_eq!(
        done.member.id,
        c.me().await.expect("me").id,
        "by the signed-in member"
    );
    let list = c.deal_activities(id).await.expect("list");
    assert_eq!(list.len(), before + 3);
    let planned_ids: Vec<_> = list
        .iter()
        .filter(|a| a.done_at.is_none())
        .map(|a| a.id)
        .collect();
    let sooner_at = planned_ids.iter().position(|x| *x == sooner.id);
    let later_at = planned_ids.iter().position(|x| *x == later.id);
    assert!(sooner_at < later_at, "planned: soonest first");
    let first_done = list.iter().position(|a| a.done_at.is_some());
    let last_planned = list.iter().rposition(|a| a.done_at.is_none());
    assert!(last_planned < first_done, "planned before done");
    assert_eq!(
        list[first_done.expect("a done one")].id,
        done.id,
        "latest done first"
    );
}

#[tokio::test]
async fn a_bad_activity_changes_nothing() {
    let app = spawn_app().await;
    let c = app.signed_in("closer1@example.com").await;
    let before = crate::common::count(&app.db, "activities").await;
    let mut a = planned(" ", 1);
    a.kind = "fax".into();
    let err = c.add_activity(DealId(1), &a).await.expect_err("invalid");
    assert_eq!(err.code(), Some(ErrorCode::Validation));
    let err = c
        .add_activity(DealId(999_999), &planned("x", 1))
        .await
        .expect_err("no deal");
    assert_eq!(err.status(), Some(404));
    assert_eq!(crate::common::count(&app.db, "activities").await, before);
    assert_eq!(
        c.deal_audit(DealId(999_999))
            .await
            .expect_err("no deal")
            .status(),
        Some(404)
    );
}

#[tokio::test]
async fn the_audit_trail_names_who_changed_what_newest_first() {
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let d = m.deal(DealId(1)).await.expect("deal");
    let patched = m
        .update_deal(
            d.id,
            &DealPatch {
                version: d.version,
                amount: Some(d.amount.amount + 1000),
                ..DealPatch::default()
            },
        )
        .await
        .expect("patch");
    let me = m.me().await.expect("me");
    let trail = m.deal_audit(d.id).await.expect("audit");
    let newest = &trail[0];
    assert_eq!(newest.field, "amount");
    assert_eq!(newest.old_value, Some(d.amount.amount.to_string()));
    assert_eq!(newest.new_value, Some(patched.amount.amount.to_string()));
    assert!(newest.member.as_ref().is_some_and(|x| x.id == me.id));
    assert!(trail.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
}
