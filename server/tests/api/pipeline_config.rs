//! Configuring pipelines: managers add, rename, reorder and remove stages; a stage with deals
//! cannot vanish.

use crate::common::spawn_app;
use shared::api::{
    DealQuery, MoveDeal, NewPipeline, NewStage, PipelineKind, PipelinePatch, StageKind, StageOrder,
    StagePatch,
};
use shared::{PipelineId, Role, StageId};

fn stage(name: &str, probability: i32, role: Role) -> NewStage {
    NewStage {
        name: name.into(),
        probability,
        owning_role: role,
        stall_days: 10,
        kind: StageKind::Open,
        position: None,
    }
}

#[tokio::test]
async fn a_manager_builds_and_reshapes_a_pipeline() {
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let p = m
        .create_pipeline(&NewPipeline {
            name: "アップセル".into(),
            kind: PipelineKind::Sales,
            stages: vec![
                stage("提案準備", 20, Role::Closer),
                stage("提案済み", 50, Role::Closer),
                stage("受注", 100, Role::Closer),
            ],
        })
        .await
        .expect("create");
    assert_eq!(
        p.stages.iter().map(|s| s.position).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert_eq!(m.pipelines().await.expect("list").len(), 3);
    let p = m
        .rename_pipeline(
            p.id,
            &PipelinePatch {
                name: "既存顧客アップセル".into(),
            },
        )
        .await
        .expect("rename");
    assert_eq!(p.name, "既存顧客アップセル");
    // Insert a stage second.
    let p = m
        .add_stage(
            p.id,
            &NewStage {
                position: Some(1),
                ..stage("ヒアリング", 30, Role::Closer)
            },
        )
        .await
        .expect("add");
    assert_eq!(
        p.stages.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["提案準備", "ヒアリング", "提案済み", "受注"]
    );
    assert_eq!(
        p.stages.iter().map(|s| s.position).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    // Settings.
    let won = p.stages[3].id;
    let p = m
        .update_stage(
            p.id,
            won,
            &StagePatch {
                kind: Some(StageKind::Won),
                stall_days: Some(365),
                ..StagePatch::default()
            },
        )
        .await
        .expect("update");
    assert_eq!(
        (p.stages[3].kind, p.stages[3].stall_days),
        (StageKind::Won, 365)
    );
    // Reorder.
    let ids: Vec<StageId> = p.stages.iter().map(|s| s.id).collect();
    let p = m
        .reorder_stages(
            p.id,
            &StageOrder {
                stage_ids: vec![ids[1], ids[0], ids[2], ids[3]],
            },
        )
        .await
        .expect("reorder");
    assert_eq!(p.stages[0].name, "ヒアリング");
    let e = m
        .reorder_stages(
            p.id,
            &StageOrder {
                stage_ids: vec![ids[0], ids[1]],
            },
        )
        .await
        .expect_err("not every stage");
    assert_eq!(e.status(), Some(422));
    // Remove an empty stage.
    let p = m.remove_stage(p.id, ids[2]).await.expect("remove");
    assert_eq!(p.stages.len(), 3);
    assert!(!p.stages.iter().any(|s| s.id == ids[2]));
    assert_eq!(
        p.stages.iter().map(|s| s.position).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    // Bad values name their field.
    let e = m
        .add_stage(p.id, &stage("", 120, Role::Closer))
        .await
        .expect_err("bad stage");
    let fields: Vec<String> = e
        .api_error()
        .expect("api")
        .error
        .fields
        .iter()
        .map(|f| f.field.clone())
        .collect();
    assert_eq!(fields, ["name", "probability"]);
}

#[tokio::test]
async fn a_stage_with_deals_cannot_vanish_and_its_history_stays() {
    let app = spawn_app().await;
    let m = app.signed_in("manager@example.com").await;
    let sales = m.pipelines().await.expect("pipelines").remove(0);
    let negotiation = sales.stages[5].id;
    let e = m
        .remove_stage(sales.id, negotiation)
        .await
        .expect_err("has deals");
    assert_eq!(e.status(), Some(409));
    assert!(e.to_string().contains("move them"), "{e}");
    // Move every deal out, then it can go; the deals' history still names it.
    let deals = m
        .all_deals(&DealQuery {
            pipeline_id: Some(sales.id),
            stage_id: Some(negotiation),
            ..DealQuery::default()
        })
        .await
        .expect("deals")
        .deals;
    for d in &deals {
        m.move_deal(
            d.id,
            &MoveDeal {
                stage_id: sales.stages[4].id,
                after_id: None,
                before_id: None,
                version: d.version,
            },
        )
        .await
        .expect("move out");
    }
    let p = m
        .remove_stage(sales.id, negotiation)
        .await
        .expect("now empty");
    assert_eq!(p.stages.len(), sales.stages.len() - 1);
    let history = m.deal_history(deals[0].id).await.expect("history");
    assert!(
        history.iter().any(|h| h.to_stage_id == negotiation),
        "history keeps the archived stage"
    );
    // And nothing can be moved into it any more.
    let d = m.deal(deals[0].id).await.expect("deal");
    let e = m
        .move_deal(
            d.id,
            &MoveDeal {
                stage_id: negotiation,
                after_id: None,
                before_id: None,
                version: d.version,
            },
        )
        .await
        .expect_err("archived");
    assert_eq!(e.status(), Some(422));
    // The board no longer has its column.
    let board = m
        .board(sales.id, &shared::api::BoardQuery::default())
        .await
        .expect("board");
    assert!(!board.columns.iter().any(|c| c.stage.id == negotiation));
}

#[tokio::test]
async fn only_managers_configure_pipelines() {
    let app = spawn_app().await;
    for email in [
        "appointer1@example.com",
        "closer1@example.com",
        "admin@example.com",
    ] {
        let c = app.signed_in(email).await;
        let e = c
            .rename_pipeline(PipelineId(1), &PipelinePatch { name: "x".into() })
            .await
            .expect_err("not a manager");
        assert_eq!(e.status(), Some(403), "{email}");
        assert_eq!(
            c.remove_stage(PipelineId(1), StageId(8))
                .await
                .expect_err("not a manager")
                .status(),
            Some(403)
        );
    }
    let m = app.signed_in("manager@example.com").await;
    assert_eq!(
        m.rename_pipeline(PipelineId(9), &PipelinePatch { name: "x".into() })
            .await
            .expect_err("none")
            .status(),
        Some(404)
    );
    assert_eq!(
        m.remove_stage(PipelineId(1), StageId(9))
            .await
            .expect_err("another pipeline's")
            .status(),
        Some(404)
    );
    let one = m
        .create_pipeline(&NewPipeline {
            name: "単一".into(),
            kind: PipelineKind::Success,
            stages: vec![stage("唯一", 50, Role::Success)],
        })
        .await
        .expect("create");
    assert_eq!(
        m.remove_stage(one.id, one.stages[0].id)
            .await
            .expect_err("last stage")
            .status(),
        Some(409)
    );
}
