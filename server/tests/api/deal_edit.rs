//! Creating and editing deals: validation, roles, versions and the audit trail.

use crate::common::{TestApp, spawn_app};
use shared::api::{DealPatch, DealQuery, NewDeal};
use shared::{AccountId, ErrorCode, MemberId, PipelineId, StageId};

async fn count(app: &TestApp, sql: &str) -> i64 {
    crate::common::count(&app.db, sql).await
}

fn new_deal() -> NewDeal {
    NewDeal {
        pipeline_id: PipelineId(1),
        stage_id: None,
        account_id: AccountId(7),
        title: "  経費精算システム 追加導入 ".into(),
        amount: 2_400_000,
        currency: None,
        appointer_id: Some(MemberId(2)),
        closer_id: None,
        success_id: None,
        expected_close_on: None,
    }
}

#[tokio::test]
async fn an_appointer_creates_a_lead_at_the_end_of_the_first_stage() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer1@example.com").await;
    let d = c.create_deal(&new_deal()).await.expect("create");
    assert_eq!(
        (
            d.stage_id,
            d.title.as_str(),
            d.amount.currency.as_str(),
            d.version
        ),
        (StageId(1), "経費精算システム 追加導入", "JPY", 1)
    );
    let stage = c
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            stage_id: Some(StageId(1)),
            ..DealQuery::default()
        })
        .await
        .expect("stage");
    assert_eq!(
        stage.deals.last().map(|x| x.id),
        Some(d.id),
        "at the end of the stage, visible at once"
    );
    let history = c.deal_history(d.id).await.expect("history");
    assert_eq!(
        (
            history.len(),
            history[0].from_stage_id,
            history[0].to_stage_id
        ),
        (1, None, StageId(1))
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "audit_log WHERE entity = 'deal' AND entity_id = {} AND field = 'created'",
                d.id
            )
        )
        .await,
        1
    );
    // Not into a stage the appointer's role does not own.
    let e = c
        .create_deal(&NewDeal {
            stage_id: Some(StageId(6)),
            ..new_deal()
        })
        .await
        .expect_err("negotiation");
    assert_eq!(e.status(), Some(403));
}

#[tokio::test]
async fn bad_new_deals_name_the_field_and_create_nothing() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let before = count(&app, "deals").await;
    for (new, field) in [
        (
            NewDeal {
                title: " ".into(),
                ..new_deal()
            },
            "title",
        ),
        (
            NewDeal {
                amount: -1,
                ..new_deal()
            },
            "amount",
        ),
        (
            NewDeal {
                currency: Some("yen".into()),
                ..new_deal()
            },
            "currency",
        ),
        (
            NewDeal {
                account_id: AccountId(9999),
                ..new_deal()
            },
            "account_id",
        ),
        (
            NewDeal {
                stage_id: Some(StageId(10)),
                ..new_deal()
            },
            "stage_id",
        ),
        (
            NewDeal {
                pipeline_id: PipelineId(77),
                ..new_deal()
            },
            "pipeline_id",
        ),
        (
            NewDeal {
                closer_id: Some(MemberId(2)),
                ..new_deal()
            },
            "closer_id",
        ),
        (
            NewDeal {
                appointer_id: Some(MemberId(424242)),
                ..new_deal()
            },
            "appointer_id",
        ),
    ] {
        let e = c.create_deal(&new).await.expect_err(field);
        assert_eq!(e.status(), Some(422), "{field}");
        assert_eq!(
            e.api_error()
                .map(|a| a.error.fields[0].field.clone())
                .as_deref(),
            Some(field)
        );
    }
    assert_eq!(count(&app, "deals").await, before);
}

#[tokio::test]
async fn edits_carry_their_version_and_every_change_is_audited() {
    let app = spawn_app().await;
    let closer = app.signed_in("closer1@example.com").await;
    let mine = closer
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            owner_id: Some(MemberId(5)),
            ..DealQuery::default()
        })
        .await
        .expect("mine")
        .deals
        .into_iter()
        .find(|d| d.closer.as_ref().is_some_and(|m| m.id == MemberId(5)))
        .expect("a deal of closer1");
    let patch = DealPatch {
        version: mine.version,
        title: Some("データ分析基盤 全社展開".into()),
        amount: Some(mine.amount.amount + 500_000),
        expected_close_on: Some(None),
        ..DealPatch::default()
    };
    let edited = closer.update_deal(mine.id, &patch).await.expect("edit");
    assert_eq!(edited.version, mine.version + 1);
    assert_eq!(
        (
            edited.title.as_str(),
            edited.amount.amount,
            edited.expected_close_on
        ),
        (
            "データ分析基盤 全社展開",
            mine.amount.amount + 500_000,
            None
        )
    );
    let audited = count(&app, &format!("audit_log WHERE entity = 'deal' AND entity_id = {} AND field IN ('title', 'amount', 'expected_close_on')", mine.id)).await;
    assert_eq!(
        audited,
        if mine.expected_close_on.is_some() {
            3
        } else {
            2
        }
    );
    // The same edit again, from the old version: refused, with the deal as it is now.
    let e = closer
        .update_deal(
            mine.id,
            &DealPatch {
                title: Some("別の名前".into()),
                ..patch.clone()
            },
        )
        .await
        .expect_err("stale");
    assert_eq!(
        (e.status(), e.code()),
        (Some(409), Some(ErrorCode::Conflict))
    );
    let current: shared::api::DealRow = serde_json::from_value(
        e.api_error()
            .and_then(|a| a.error.current.clone())
            .expect("current"),
    )
    .expect("deal");
    assert_eq!(current, edited);
    // No change at all: no new version.
    let same = closer
        .update_deal(
            mine.id,
            &DealPatch {
                version: edited.version,
                title: Some(edited.title.clone()),
                ..DealPatch::default()
            },
        )
        .await
        .expect("no-op");
    assert_eq!(same.version, edited.version);
    // Owners are the manager's to change.
    let e = closer
        .update_deal(
            mine.id,
            &DealPatch {
                version: edited.version,
                closer_id: Some(Some(MemberId(6))),
                ..DealPatch::default()
            },
        )
        .await
        .expect_err("owner");
    assert_eq!(e.status(), Some(403));
    let manager = app.signed_in("manager@example.com").await;
    let reassigned = manager
        .update_deal(
            mine.id,
            &DealPatch {
                version: edited.version,
                closer_id: Some(Some(MemberId(6))),
                ..DealPatch::default()
            },
        )
        .await
        .expect("manager reassigns");
    assert_eq!(
        reassigned.closer.map(|m| m.name),
        Some("渡辺 由美".to_owned())
    );
    let e = manager
        .update_deal(
            mine.id,
            &DealPatch {
                version: reassigned.version,
                closer_id: Some(Some(MemberId(2))),
                ..DealPatch::default()
            },
        )
        .await
        .expect_err("not a closer");
    assert_eq!(e.status(), Some(422));
    // Someone else's deal is not a closer's to edit.
    let e = closer
        .update_deal(
            mine.id,
            &DealPatch {
                version: reassigned.version,
                title: Some("x".into()),
                ..DealPatch::default()
            },
        )
        .await
        .expect_err("not theirs now");
    assert_eq!(e.status(), Some(403));
    let raw = crate::common::raw_signed_in(&app, "manager@example.com").await;
    let r = raw
        .patch(app.url(&format!("/api/v1/deals/{}", mine.id)))
        .json(&serde_json::json!({"version": reassigned.version, "stage_id": 3}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422, "moves go through /move, not PATCH");
}
