//! The deals of a pipeline, as the list view reads them.

use crate::common::spawn_app;
use shared::api::DealQuery;
use shared::{MemberId, PipelineId};
use std::collections::HashSet;

#[tokio::test]
async fn pages_cover_every_deal_once_in_pipeline_order() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let pipelines = c.pipelines().await.expect("pipelines");
    assert_eq!(pipelines.len(), 2);
    let sales = &pipelines[0];
    assert_eq!(
        sales
            .stages
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        [
            "新規リード",
            "架電中",
            "アポ獲得",
            "商談",
            "提案",
            "交渉",
            "受注",
            "失注"
        ]
    );
    let position = |stage| {
        sales
            .stages
            .iter()
            .position(|s| s.id == stage)
            .expect("stage of the pipeline")
    };

    let q = DealQuery {
        pipeline_id: Some(sales.id),
        limit: Some(37),
        ..DealQuery::default()
    };
    let mut seen = Vec::new();
    let mut page = c.deals(&q).await.expect("first page");
    let totals = page.totals.clone();
    loop {
        assert!(page.deals.len() <= 37);
        seen.extend(page.deals.iter().map(|d| (position(d.stage_id), d.id)));
        let Some(cursor) = page.next_cursor.clone() else {
            break;
        };
        page = c
            .deals(&DealQuery {
                cursor: Some(cursor),
                ..q.clone()
            })
            .await
            .expect("next page");
    }
    let ids: HashSet<_> = seen.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids.len(), seen.len(), "no deal twice");
    let total: i64 = totals.iter().map(|t| t.count).sum();
    assert_eq!(seen.len() as i64, total, "every deal once");
    assert!(
        seen.windows(2).all(|w| w[0].0 <= w[1].0),
        "grouped by stage in pipeline order"
    );
    assert!(
        total > 150,
        "the demo sales pipeline is substantial: {total}"
    );

    // The same in one call that follows the cursors.
    let all = c
        .all_deals(&DealQuery {
            pipeline_id: Some(sales.id),
            ..DealQuery::default()
        })
        .await
        .expect("all");
    assert_eq!(all.deals.len() as i64, total);
    // Totals add up to the deals' amounts, per stage.
    for t in &totals {
        let sum: i64 = all
            .deals
            .iter()
            .filter(|d| d.stage_id == t.stage_id)
            .map(|d| d.amount.amount)
            .sum();
        assert_eq!(sum, t.amount.amount);
        let stage = sales
            .stages
            .iter()
            .find(|s| s.id == t.stage_id)
            .expect("stage");
        let weighted: i64 = all
            .deals
            .iter()
            .filter(|d| d.stage_id == t.stage_id)
            .map(|d| d.amount.amount * i64::from(stage.probability))
            .sum::<i64>()
            / 100;
        assert_eq!(
            weighted, t.weighted.amount,
            "weighted total of {}",
            stage.name
        );
        assert_eq!(t.amount.currency, "JPY");
    }
}

#[tokio::test]
async fn the_owner_filter_keeps_only_that_members_deals() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer1@example.com").await;
    let members = c.members().await.expect("members");
    assert_eq!(members.len(), 9);
    let closer = members
        .iter()
        .find(|m| m.name == "伊藤 大輔")
        .expect("closer1");
    let all = c
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            ..DealQuery::default()
        })
        .await
        .expect("all");
    let mine = c
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            owner_id: Some(closer.id),
            ..DealQuery::default()
        })
        .await
        .expect("filtered");
    assert!(!mine.deals.is_empty());
    assert!(mine.deals.len() < all.deals.len());
    for d in &mine.deals {
        let owners = [&d.appointer, &d.closer, &d.success];
        assert!(
            owners
                .iter()
                .any(|o| o.as_ref().is_some_and(|o| o.id == closer.id)),
            "{d:?}"
        );
    }
    let expected = all
        .deals
        .iter()
        .filter(|d| {
            [&d.appointer, &d.closer, &d.success]
                .iter()
                .any(|o| o.as_ref().is_some_and(|o| o.id == closer.id))
        })
        .count();
    assert_eq!(mine.deals.len(), expected);
    assert_eq!(
        mine.totals.iter().map(|t| t.count).sum::<i64>(),
        expected as i64
    );
    // Nobody's deals: an empty list, not an error.
    let none = c
        .deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            owner_id: Some(MemberId(999_999)),
            ..DealQuery::default()
        })
        .await
        .expect("empty");
    assert!(none.deals.is_empty() && none.totals.is_empty() && none.next_cursor.is_none());
}

#[tokio::test]
async fn the_stage_filter_and_the_customer_success_pipeline() {
    let app = spawn_app().await;
    let c = app.signed_in("success1@example.com").await;
    let pipelines = c.pipelines().await.expect("pipelines");
    let cs = &pipelines[1];
    assert_eq!(cs.kind, shared::api::PipelineKind::Success);
    let onboarding = cs.stages[0].id;
    let page = c
        .all_deals(&DealQuery {
            pipeline_id: Some(cs.id),
            stage_id: Some(onboarding),
            ..DealQuery::default()
        })
        .await
        .expect("deals");
    assert!(!page.deals.is_empty());
    assert!(
        page.deals
            .iter()
            .all(|d| d.stage_id == onboarding && d.success.is_some())
    );
    assert_eq!(page.totals.len(), 1);
}
