//! Services against a real database with the real migrations (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set).

use crate::common::{count, demo_db, test_db};
use server::service::{self, ServiceError};
use shared::api::{DealQuery, NewMember};
use shared::{PipelineId, Role};

#[tokio::test]
async fn migrations_run_twice_without_harm() {
    let db = test_db().await;
    server::db::migrate(&db)
        .await
        .expect("second run is a no-op");
    assert_eq!(count(&db, "members").await, 0);
}

#[tokio::test]
async fn the_demo_team_is_believable_and_seeded_once() {
    let db = demo_db().await;
    assert_eq!(count(&db, "members").await, 9);
    assert_eq!(count(&db, "member_roles WHERE role = 'appointer'").await, 3);
    assert_eq!(count(&db, "member_roles WHERE role = 'closer'").await, 2);
    assert_eq!(count(&db, "member_roles WHERE role = 'success'").await, 2);
    assert_eq!(count(&db, "accounts").await, 200);
    assert!(count(&db, "contacts").await >= 200);
    let deals = count(&db, "deals").await;
    assert!((280..=340).contains(&deals), "{deals}");
    assert!(
        count(&db, "deals WHERE pipeline_id = 2").await >= 60,
        "customer-success deals"
    );
    assert!(
        count(&db, "activities").await > 1000,
        "30 days of activities"
    );
    assert!(
        count(&db, "activities WHERE done_at IS NULL").await > 0,
        "planned activities too"
    );
    assert_eq!(count(&db, "talk_scripts").await, 1);
    assert_eq!(count(&db, "talk_script_versions").await, 1);
    assert!(count(&db, "kb_articles WHERE category = 'objection'").await >= 3);
    assert!(count(&db, "handoffs WHERE status = 'rejected'").await >= 1);
    assert!(
        count(&db, "stage_history").await >= deals,
        "every deal has its history"
    );
    assert_eq!(count(&db, "deals d WHERE NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.deal_id = d.id AND h.to_stage_id = d.stage_id)").await, 0,
        "each deal's history ends in its stage");
    assert_eq!(
        count(&db, "accounts WHERE name NOT LIKE '%株式会社%'").await,
        0,
        "Japanese company names"
    );
    assert!(
        !server::demo::seed_if_empty(&db).await.expect("second seed"),
        "seeds only an empty database"
    );
    assert_eq!(count(&db, "members").await, 9);
    // New rows after the seed get fresh ids (PostgreSQL sequences were moved past the seed).
    let m = service::members::create_member(
        &db,
        None,
        &NewMember {
            email: "late@example.com".into(),
            name: "後藤".into(),
            password: "password-1".into(),
            roles: vec![Role::Closer],
            locale: None,
            time_zone: None,
        },
    )
    .await
    .expect("create after seed");
    assert_eq!(m.id.0, 10);
}

#[tokio::test]
async fn creating_a_member_is_audited_and_a_duplicate_refused() {
    let db = test_db().await;
    let new = NewMember {
        email: "Lead@Example.com".into(),
        name: "  前田 彩 ".into(),
        password: "password-1".into(),
        roles: vec![Role::Closer, Role::Manager, Role::Closer],
        locale: Some(shared::Locale::En),
        time_zone: None,
    };
    let m = service::members::create_member(&db, None, &new)
        .await
        .expect("create");
    assert_eq!(m.name, "前田 彩");
    assert_eq!(m.roles, vec![Role::Manager, Role::Closer]);
    assert_eq!(count(&db, "audit_log WHERE entity = 'member'").await, 2);
    match service::members::create_member(
        &db,
        None,
        &NewMember {
            email: "lead@example.com".into(),
            ..new.clone()
        },
    )
    .await
    {
        Err(ServiceError::Invalid(f)) => assert_eq!(f[0].code, "taken"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(count(&db, "members").await, 1, "nothing changed");
    let found = service::auth::authenticate(&db, "LEAD@example.com", "password-1")
        .await
        .expect("auth");
    assert!(found.is_some());
    assert!(
        service::auth::authenticate(&db, "lead@example.com", "password-2")
            .await
            .expect("auth")
            .is_none()
    );
}

#[tokio::test]
async fn deal_pages_are_a_total_order() {
    let db = demo_db().await;
    let mut q = DealQuery {
        pipeline_id: Some(PipelineId(1)),
        limit: Some(10),
        ..DealQuery::default()
    };
    let mut keys = Vec::new();
    loop {
        let page = service::deals::list_deals(&db, &q).await.expect("page");
        keys.extend(page.deals.iter().map(|d| d.id));
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    let n = count(&db, "deals WHERE pipeline_id = 1").await;
    assert_eq!(keys.len() as i64, n);
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), keys.len());
}

#[tokio::test]
async fn preferences_are_audited() {
    let db = demo_db().await;
    service::members::update_preferences(
        &db,
        shared::MemberId(2),
        &shared::api::MePatch {
            locale: Some(shared::Locale::En),
            time_zone: None,
        },
    )
    .await
    .expect("patch");
    assert_eq!(
        count(
            &db,
            "audit_log WHERE entity = 'member' AND field = 'locale' AND new_value = 'en'"
        )
        .await,
        1
    );
    // No change, no entry.
    service::members::update_preferences(
        &db,
        shared::MemberId(2),
        &shared::api::MePatch {
            locale: Some(shared::Locale::En),
            time_zone: None,
        },
    )
    .await
    .expect("patch");
    assert_eq!(count(&db, "audit_log WHERE field = 'locale'").await, 1);
}

fn member(id: i64, role: Role) -> server::session::CurrentMember {
    server::session::CurrentMember {
        me: shared::api::Me {
            id: shared::MemberId(id),
            name: format!("m{id}"),
            email: format!("m{id}@example.com"),
            roles: vec![role],
            locale: shared::Locale::Ja,
            time_zone: "Asia/Tokyo".into(),
        },
        session_id: String::new(),
    }
}

/// Moves applied together in one transaction (as the group-commit writer does) each keep their
/// own outcome: a later move sees the earlier ones, a stale or forbidden one changes nothing,
/// a repeated key is answered as the first time, and the appended rows are written in order.
#[tokio::test]
async fn a_batch_of_moves_keeps_each_moves_outcome() {
    use sea_orm::TransactionTrait;
    use server::service::move_batch::{MoveBatch, MoveRequest};
    use shared::api::MoveDeal;
    use shared::{DealId, StageId};
    let db = demo_db().await;
    let pipeline = service::pipelines::find_pipeline(&db, PipelineId(1))
        .await
        .expect("pipeline");
    let (from, to) = (pipeline.stages[3].id, pipeline.stages[4].id);
    let won = pipeline
        .stages
        .iter()
        .find(|s| s.kind == shared::api::StageKind::Won)
        .expect("won stage")
        .id;
    let deals = service::deals::list_deals(
        &db,
        &DealQuery {
            pipeline_id: Some(PipelineId(1)),
            stage_id: Some(from),
            ..DealQuery::default()
        },
    )
    .await
    .expect("deals")
    .deals;
    let (a, b, c) = (&deals[0], &deals[1], &deals[2]);
    let manager = member(1, Role::Manager);
    let appointer = member(2, Role::Appointer);
    let end = |stage: StageId, version: i32| MoveDeal {
        stage_id: stage,
        after_id: None,
        before_id: None,
        version,
    };
    let (ma, mb, mc) = (end(to, a.version), end(to, b.version), end(won, c.version));
    let before_b = MoveDeal {
        before_id: Some(b.id),
        ..end(to, a.version + 1)
    };
    let requests = [
        MoveRequest {
            actor: &manager,
            id: a.id,
            req: &ma,
            key: Some("k-a"),
        },
        MoveRequest {
            actor: &manager,
            id: b.id,
            req: &mb,
            key: None,
        },
        // Stale: `a` moved a moment ago in this same batch.
        MoveRequest {
            actor: &manager,
            id: a.id,
            req: &ma,
            key: None,
        },
        // Forbidden: an appointer cannot close a deal.
        MoveRequest {
            actor: &appointer,
            id: c.id,
            req: &mc,
            key: None,
        },
        // The first request again: answered as it was, applied once.
        MoveRequest {
            actor: &manager,
            id: a.id,
            req: &ma,
            key: Some("k-a"),
        },
        // Sees `b` where the batch put it.
        MoveRequest {
            actor: &manager,
            id: a.id,
            req: &before_b,
            key: None,
        },
    ];
    let events_before = count(&db, "events").await;
    let history_before = count(&db, "stage_history").await;
    let txn = db.begin().await.expect("begin");
    let mut batch = MoveBatch::default();
    batch.prefetch(&txn, &requests).await.expect("prefetch");
    let mut results = Vec::new();
    for m in requests {
        results.push(batch.apply(&txn, m).await);
    }
    batch.flush(&txn).await.expect("flush");
    txn.commit().await.expect("commit");

    let first = results[0].as_ref().expect("a moved");
    let second = results[1].as_ref().expect("b moved");
    assert!(first.deal.rank < second.deal.rank, "b after a at the end");
    assert!(matches!(results[2], Err(ServiceError::Stale { .. })));
    assert!(matches!(results[3], Err(ServiceError::Forbidden)));
    assert_eq!(
        results[4].as_ref().expect("replayed").deal,
        first.deal,
        "the repeated key gets the first answer"
    );
    let last = results[5].as_ref().expect("a before b");
    assert!(last.deal.rank < second.deal.rank);
    assert_eq!(last.deal.version, a.version + 2);

    let now = |id: DealId| {
        let db = db.clone();
        async move {
            service::deals::get_deal(&db, id)
                .await
                .expect("read")
                .expect("deal")
        }
    };
    assert_eq!(now(a.id).await, last.deal, "the answer is what was stored");
    assert_eq!(now(b.id).await, second.deal);
    assert_eq!(now(c.id).await, *c, "the forbidden move changed nothing");
    assert_eq!(count(&db, "events").await, events_before + 3);
    assert_eq!(
        count(&db, "stage_history").await,
        history_before + 2,
        "a and b entered the stage; a's reorder is no stage change"
    );
    assert_eq!(
        count(&db, "idempotency_keys WHERE key = 'k-a'").await,
        1,
        "the key is stored once"
    );
}
