//! Reading the board: columns, totals, cards, filters and column pages.

use crate::common::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Statement};
use shared::api::{BoardQuery, DealQuery, MoveDeal};
use shared::{MemberId, PipelineId, Role, SegmentId, StageId};

async fn ids(app: &TestApp, sql: &str) -> Vec<i64> {
    app.db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query")
        .iter()
        .map(|r| r.try_get::<i64>("", "id").expect("id"))
        .collect()
}

#[tokio::test]
async fn columns_carry_server_totals_and_page_through_every_card() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let board = c
        .board(
            PipelineId(1),
            &BoardQuery {
                limit: Some(7),
                ..BoardQuery::default()
            },
        )
        .await
        .expect("board");
    let pipeline = c.pipelines().await.expect("pipelines").remove(0);
    assert_eq!(
        board
            .columns
            .iter()
            .map(|col| col.stage.id)
            .collect::<Vec<_>>(),
        pipeline.stages.iter().map(|s| s.id).collect::<Vec<_>>()
    );
    let list = c
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            ..DealQuery::default()
        })
        .await
        .expect("list");
    for col in &board.columns {
        let expected: Vec<_> = list
            .deals
            .iter()
            .filter(|d| d.stage_id == col.stage.id)
            .collect();
        assert_eq!(col.count, expected.len() as i64, "{}", col.stage.name);
        let amount: i64 = expected.iter().map(|d| d.amount.amount).sum();
        let weighted: i64 = expected
            .iter()
            .map(|d| d.amount.amount * i64::from(col.stage.probability))
            .sum::<i64>()
            / 100;
        if col.count > 0 {
            assert_eq!(
                (col.totals[0].amount.amount, col.totals[0].weighted.amount),
                (amount, weighted),
                "{}",
                col.stage.name
            );
        }
        assert!(col.cards.len() <= 7);
        // Follow the column's cursor to the end: the same deals, in the same order.
        let mut seen: Vec<_> = col.cards.iter().map(|k| k.deal.id).collect();
        let mut cursor = col.next_cursor.clone();
        while let Some(cur) = cursor {
            let page = c
                .column(
                    PipelineId(1),
                    col.stage.id,
                    &BoardQuery {
                        limit: Some(7),
                        cursor: Some(cur),
                        ..BoardQuery::default()
                    },
                )
                .await
                .expect("page");
            seen.extend(page.cards.iter().map(|k| k.deal.id));
            cursor = page.next_cursor;
        }
        assert_eq!(
            seen,
            expected.iter().map(|d| d.id).collect::<Vec<_>>(),
            "{}",
            col.stage.name
        );
    }
}

#[tokio::test]
async fn cards_know_stalls_next_activities_and_pending_hand_offs() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let board = c
        .board(
            PipelineId(1),
            &BoardQuery {
                limit: Some(200),
                ..BoardQuery::default()
            },
        )
        .await
        .expect("board");
    let now = chrono::Utc::now();
    let mut stalled = 0;
    for col in &board.columns {
        for card in &col.cards {
            let over = now - card.deal.stage_entered_at
                > chrono::Duration::days(i64::from(col.stage.stall_days));
            assert_eq!(card.stalled, over, "deal {}", card.deal.id);
            stalled += usize::from(card.stalled);
            if let Some(next) = &card.next_activity {
                assert!(next.planned_at >= now - chrono::Duration::minutes(1));
                let earliest = ids(
                    &app,
                    &format!(
                        "SELECT id FROM activities WHERE deal_id = {} AND done_at IS NULL AND planned_at >= (SELECT planned_at FROM activities WHERE id = {}) ORDER BY planned_at LIMIT 1",
                        card.deal.id, next.id
                    ),
                )
                .await;
                assert_eq!(earliest, vec![next.id.0], "the earliest planned activity");
            }
        }
    }
    assert!(stalled > 0, "the demo has stalled deals");
    assert!(
        board
            .columns
            .iter()
            .flat_map(|col| &col.cards)
            .any(|k| k.next_activity.is_some())
    );
    // The stalled filter keeps exactly the stalled cards.
    let only = c
        .board(
            PipelineId(1),
            &BoardQuery {
                stalled: Some(true),
                limit: Some(200),
                ..BoardQuery::default()
            },
        )
        .await
        .expect("stalled");
    assert_eq!(
        only.columns.iter().map(|col| col.count).sum::<i64>(),
        stalled as i64
    );
    assert!(
        only.columns
            .iter()
            .flat_map(|col| &col.cards)
            .all(|k| k.stalled)
    );
    // A hand-off move shows on the card.
    let set = &board.columns[2];
    let card = set
        .cards
        .iter()
        .find(|k| k.deal.closer.is_some() && k.pending_handoff.is_none())
        .expect("an appointment");
    c.move_deal(
        card.deal.id,
        &MoveDeal {
            stage_id: board.columns[3].stage.id,
            after_id: None,
            before_id: None,
            version: card.deal.version,
        },
    )
    .await
    .expect("hand over");
    let after = c
        .board(
            PipelineId(1),
            &BoardQuery {
                limit: Some(200),
                ..BoardQuery::default()
            },
        )
        .await
        .expect("board");
    let moved = after.columns[3]
        .cards
        .iter()
        .find(|k| k.deal.id == card.deal.id)
        .expect("in the meeting column");
    let h = moved.pending_handoff.as_ref().expect("a pending hand-off");
    assert_eq!(h.to_role, Role::Closer);
    assert_eq!(
        h.to.as_ref().map(|m| m.id),
        card.deal.closer.as_ref().map(|m| m.id)
    );
}

#[tokio::test]
async fn filters_combine_and_totals_follow_them() {
    let app = spawn_app().await;
    let c = app.signed_in("closer2@example.com").await;
    let all = |q: BoardQuery| {
        let c = c.clone();
        async move {
            c.board(
                PipelineId(1),
                &BoardQuery {
                    limit: Some(200),
                    ..q
                },
            )
            .await
            .expect("board")
        }
    };
    let cards = |b: &shared::api::Board| {
        b.columns
            .iter()
            .flat_map(|col| col.cards.clone())
            .collect::<Vec<_>>()
    };
    let total = |b: &shared::api::Board| b.columns.iter().map(|col| col.count).sum::<i64>();

    let closer = MemberId(5);
    let b = all(BoardQuery {
        owner_id: Some(closer),
        role: Some(Role::Closer),
        ..BoardQuery::default()
    })
    .await;
    assert!(total(&b) > 0);
    assert!(
        cards(&b)
            .iter()
            .all(|k| k.deal.closer.as_ref().map(|m| m.id) == Some(closer))
    );
    let b = all(BoardQuery {
        owner_id: Some(closer),
        role: Some(Role::Appointer),
        ..BoardQuery::default()
    })
    .await;
    assert_eq!(total(&b), 0, "the closer books no appointments");

    let b = all(BoardQuery {
        role: Some(Role::Appointer),
        ..BoardQuery::default()
    })
    .await;
    assert!(
        b.columns
            .iter()
            .all(|col| col.count == 0 || col.stage.owning_role == Role::Appointer)
    );

    let b = all(BoardQuery {
        segment_id: Some(SegmentId(1)),
        ..BoardQuery::default()
    })
    .await;
    let enterprise = ids(&app, "SELECT d.id AS id FROM deals d JOIN accounts a ON a.id = d.account_id WHERE d.pipeline_id = 1 AND a.segment_id = 1").await;
    assert_eq!(total(&b), enterprise.len() as i64);
    assert!(cards(&b).iter().all(|k| enterprise.contains(&k.deal.id.0)));

    let b = all(BoardQuery {
        min_amount: Some(2_000_000),
        max_amount: Some(5_000_000),
        ..BoardQuery::default()
    })
    .await;
    assert!(total(&b) > 0);
    assert!(
        cards(&b)
            .iter()
            .all(|k| (2_000_000..=5_000_000).contains(&k.deal.amount.amount))
    );

    let b = all(BoardQuery {
        q: Some("製作所".into()),
        ..BoardQuery::default()
    })
    .await;
    assert!(total(&b) > 0);
    assert!(
        cards(&b)
            .iter()
            .all(|k| k.deal.account.name.contains("製作所") || k.deal.title.contains("製作所"))
    );
    let b = all(BoardQuery {
        q: Some("100%_".into()),
        ..BoardQuery::default()
    })
    .await;
    assert_eq!(total(&b), 0, "wildcards are matched literally");

    let b = all(BoardQuery {
        q: Some("製作所".into()),
        segment_id: Some(SegmentId(2)),
        min_amount: Some(1_000_000),
        ..BoardQuery::default()
    })
    .await;
    assert!(
        cards(&b)
            .iter()
            .all(|k| k.deal.account.name.contains("製作所") && k.deal.amount.amount >= 1_000_000)
    );
}

#[tokio::test]
async fn bad_board_requests_are_refused() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    assert_eq!(
        c.board(PipelineId(99), &BoardQuery::default())
            .await
            .expect_err("no pipeline")
            .status(),
        Some(404)
    );
    assert_eq!(
        c.column(PipelineId(1), StageId(10), &BoardQuery::default())
            .await
            .expect_err("another pipeline's stage")
            .status(),
        Some(404)
    );
    for q in [
        BoardQuery {
            limit: Some(0),
            ..BoardQuery::default()
        },
        BoardQuery {
            limit: Some(201),
            ..BoardQuery::default()
        },
        BoardQuery {
            min_amount: Some(10),
            max_amount: Some(5),
            ..BoardQuery::default()
        },
        BoardQuery {
            q: Some("あ".repeat(101)),
            ..BoardQuery::default()
        },
    ] {
        assert_eq!(
            c.board(PipelineId(1), &q)
                .await
                .expect_err("refused")
                .status(),
            Some(422),
            "{q:?}"
        );
    }
    let e = c
        .column(
            PipelineId(1),
            StageId(1),
            &BoardQuery {
                cursor: Some("zz".into()),
                ..BoardQuery::default()
            },
        )
        .await
        .expect_err("bad cursor");
    assert_eq!(e.status(), Some(422));
    let raw = crate::common::raw_signed_in(&app, "manager@example.com").await;
    for (path, status) in [
        ("/api/v1/pipelines/1/board?role=boss", 400),
        ("/api/v1/pipelines/1/board?stalled=maybe", 400),
        ("/api/v1/pipelines/x/board", 404),
        ("/api/v1/pipelines/1/stages/y/deals", 404),
    ] {
        assert_eq!(
            raw.get(app.url(path)).send().await.expect("send").status(),
            status,
            "{path}"
        );
    }
    assert_eq!(
        crate::common::raw()
            .get(app.url("/api/v1/pipelines/1/board"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );
}
