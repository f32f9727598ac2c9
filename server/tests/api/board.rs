//! Moving deals: order, version conflicts, role rules, history, audit and hand-offs, and many
//! moves at once.

use crate::common::{TestApp, spawn_app};
use shared::api::{DealQuery, DealRow, MoveDeal, Pipeline};
use shared::client::Client;
use shared::{DealId, ErrorCode, PipelineId, StageId};

async fn count(app: &TestApp, sql: &str) -> i64 {
    crate::common::count(&app.db, sql).await
}

async fn sales(c: &Client) -> Pipeline {
    c.pipelines().await.expect("pipelines").remove(0)
}

async fn stage_deals(c: &Client, stage: StageId) -> Vec<DealRow> {
    c.all_deals(&DealQuery {
        pipeline_id: Some(PipelineId(1)),
        stage_id: Some(stage),
        ..DealQuery::default()
    })
    .await
    .expect("deals")
    .deals
}

fn to(stage: StageId, version: i32) -> MoveDeal {
    MoveDeal {
        stage_id: stage,
        after_id: None,
        before_id: None,
        version,
    }
}

#[tokio::test]
async fn a_move_lands_between_its_neighbours_and_is_recorded() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let p = sales(&c).await;
    let (lead, proposal) = (p.stages[0].id, p.stages[4].id);
    let deal = stage_deals(&c, lead).await.remove(0);
    let targets = stage_deals(&c, proposal).await;
    let (a, b) = (&targets[0], &targets[1]);
    let moved = c
        .move_deal(
            deal.id,
            &MoveDeal {
                stage_id: proposal,
                after_id: Some(a.id),
                before_id: Some(b.id),
                version: deal.version,
            },
        )
        .await
        .expect("move");
    assert_eq!(moved.stage_id, proposal);
    assert_eq!(moved.version, deal.version + 1);
    assert!(moved.stage_entered_at > deal.stage_entered_at);
    let now: Vec<DealId> = stage_deals(&c, proposal)
        .await
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(&now[..3], &[a.id, deal.id, b.id]);
    // The list shows it at once (the read cache was invalidated).
    assert!(!stage_deals(&c, lead).await.iter().any(|d| d.id == deal.id));
    let history = c.deal_history(deal.id).await.expect("history");
    let last = history.last().expect("an entry");
    assert_eq!(
        (last.from_stage_id, last.to_stage_id),
        (Some(lead), proposal)
    );
    assert_eq!(
        last.moved_by.as_ref().map(|m| m.name.as_str()),
        Some("田中 誠")
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "audit_log WHERE entity = 'deal' AND entity_id = {} AND field = 'stage_id'",
                deal.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "audit_log WHERE entity = 'deal' AND entity_id = {} AND field = 'rank'",
                deal.id
            )
        )
        .await,
        1
    );
    // Within a stage: to the end, then right before the first.
    let moved = c
        .move_deal(deal.id, &to(proposal, moved.version))
        .await
        .expect("to the end");
    assert_eq!(
        stage_deals(&c, proposal).await.last().map(|d| d.id),
        Some(deal.id)
    );
    let first = stage_deals(&c, proposal).await[0].id;
    let moved = c
        .move_deal(
            deal.id,
            &MoveDeal {
                stage_id: proposal,
                after_id: None,
                before_id: Some(first),
                version: moved.version,
            },
        )
        .await
        .expect("to the front");
    assert_eq!(stage_deals(&c, proposal).await[0].id, deal.id);
    assert_eq!(
        c.deal_history(deal.id).await.expect("history").len(),
        history.len(),
        "moves within a stage are not stage history"
    );
    assert_eq!(c.deal(deal.id).await.expect("get").version, moved.version);
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_deal_as_it_is() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let p = sales(&c).await;
    let deal = stage_deals(&c, p.stages[3].id).await.remove(0);
    let first = c
        .move_deal(deal.id, &to(p.stages[4].id, deal.version))
        .await
        .expect("first move");
    let e = c
        .move_deal(deal.id, &to(p.stages[5].id, deal.version))
        .await
        .expect_err("stale");
    assert_eq!(
        (e.status(), e.code()),
        (Some(409), Some(ErrorCode::Conflict))
    );
    let current: DealRow = serde_json::from_value(
        e.api_error()
            .and_then(|a| a.error.current.clone())
            .expect("current"),
    )
    .expect("a deal");
    assert_eq!(
        current, first,
        "the 409 carries the deal as the server has it"
    );
    assert_eq!(
        c.deal(deal.id).await.expect("get").stage_id,
        p.stages[4].id,
        "nothing changed"
    );
}

#[tokio::test]
async fn roles_decide_who_may_move_where() {
    let app = spawn_app().await;
    let appointer = app.signed_in("appointer1@example.com").await;
    let p = sales(&appointer).await;
    let set = stage_deals(&appointer, p.stages[2].id).await;
    let deal = set
        .iter()
        .find(|d| d.closer.is_some())
        .expect("an appointment with a closer");
    let e = appointer
        .move_deal(deal.id, &to(p.stages[6].id, deal.version))
        .await
        .expect_err("into won");
    assert_eq!(e.status(), Some(403));
    let pending_before = count(&app, "handoffs WHERE status = 'pending'").await;
    let moved = appointer
        .move_deal(deal.id, &to(p.stages[3].id, deal.version))
        .await
        .expect("the hand-off move");
    assert_eq!(moved.stage_id, p.stages[3].id);
    assert_eq!(
        count(&app, "handoffs WHERE status = 'pending'").await,
        pending_before + 1
    );
    let closer = deal.closer.as_ref().expect("closer").id;
    assert_eq!(
        count(&app, &format!("handoffs WHERE deal_id = {} AND kind = 'appointment' AND from_role = 'appointer' AND to_role = 'closer' AND to_member_id = {} AND status = 'pending'", deal.id, closer)).await,
        1
    );
    // The closer works it on, but cannot send it back by dragging.
    let c = app.signed_in("closer1@example.com").await;
    let moved = c
        .move_deal(deal.id, &to(p.stages[4].id, moved.version))
        .await
        .expect("closer moves it on");
    let e = c
        .move_deal(deal.id, &to(p.stages[2].id, moved.version))
        .await
        .expect_err("back");
    assert_eq!(e.status(), Some(403));
    let admin = app.signed_in("admin@example.com").await;
    assert_eq!(
        admin
            .move_deal(deal.id, &to(p.stages[5].id, moved.version))
            .await
            .expect_err("admin")
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn bad_moves_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let pipelines = c.pipelines().await.expect("pipelines");
    let deal = stage_deals(&c, pipelines[0].stages[1].id).await.remove(0);
    let other = stage_deals(&c, pipelines[0].stages[2].id).await.remove(0);
    let e = c
        .move_deal(deal.id, &to(pipelines[1].stages[0].id, deal.version))
        .await
        .expect_err("other pipeline");
    assert_eq!(e.status(), Some(422));
    let e = c
        .move_deal(
            deal.id,
            &MoveDeal {
                stage_id: deal.stage_id,
                after_id: Some(deal.id),
                before_id: None,
                version: deal.version,
            },
        )
        .await
        .expect_err("next to itself");
    assert_eq!(e.status(), Some(422));
    let e = c
        .move_deal(
            deal.id,
            &MoveDeal {
                stage_id: deal.stage_id,
                after_id: Some(other.id),
                before_id: None,
                version: deal.version,
            },
        )
        .await
        .expect_err("a neighbour in another stage");
    assert_eq!(e.status(), Some(409));
    assert_eq!(
        c.move_deal(DealId(999_999), &to(deal.stage_id, 1))
            .await
            .expect_err("no deal")
            .status(),
        Some(404)
    );
    assert_eq!(c.deal(deal.id).await.expect("get"), deal, "nothing changed");
    let r = crate::common::raw()
        .get(app.url("/api/v1/deals/abc"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 401, "no session first");
    let raw = crate::common::raw_signed_in(&app, "manager@example.com").await;
    for path in [
        "/api/v1/deals/abc",
        "/api/v1/deals/0",
        "/api/v1/deals/-3/history",
    ] {
        assert_eq!(
            raw.get(app.url(path)).send().await.expect("send").status(),
            404,
            "{path}"
        );
    }
    let r = raw
        .post(app.url(&format!("/api/v1/deals/{}/move", deal.id)))
        .json(&serde_json::json!({"stage_id": 2, "version": 1, "position": 3}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422, "unknown field");
}

#[tokio::test]
async fn many_moves_into_one_gap_keep_a_total_order() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let p = sales(&c).await;
    let target = p.stages[5].id;
    let anchor = stage_deals(&c, target).await;
    let (a, b) = (anchor[0].id, anchor[1].id);
    let movers: Vec<DealRow> = stage_deals(&c, p.stages[1].id)
        .await
        .into_iter()
        .take(40)
        .collect();
    // Always right after `a`: each lands in the gap the previous one left.
    for d in &movers {
        c.move_deal(
            d.id,
            &MoveDeal {
                stage_id: target,
                after_id: Some(a),
                before_id: None,
                version: d.version,
            },
        )
        .await
        .expect("move into the gap");
    }
    let now: Vec<DealId> = stage_deals(&c, target).await.iter().map(|d| d.id).collect();
    let mut expected = vec![a];
    expected.extend(movers.iter().rev().map(|d| d.id));
    expected.push(b);
    assert_eq!(&now[..expected.len()], &expected[..]);
}

#[tokio::test]
async fn concurrent_moves_lose_nothing() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let p = sales(&c).await;
    let target = p.stages[4].id;
    let anchor = stage_deals(&c, target).await[0].id;
    let movers: Vec<DealRow> = stage_deals(&c, p.stages[0].id)
        .await
        .into_iter()
        .take(24)
        .collect();
    // Different deals into the same gap at once: every move is acknowledged and kept.
    let tasks: Vec<_> = movers
        .iter()
        .map(|d| {
            let c = c.clone();
            let m = MoveDeal {
                stage_id: target,
                after_id: Some(anchor),
                before_id: None,
                version: d.version,
            };
            let id = d.id;
            tokio::spawn(async move { c.move_deal(id, &m).await })
        })
        .collect();
    for t in tasks {
        t.await.expect("join").expect("every move is applied");
    }
    let now = stage_deals(&c, target).await;
    for d in &movers {
        assert!(
            now.iter().any(|n| n.id == d.id),
            "deal {} is in the stage",
            d.id
        );
    }
    let dup = count(
        &app,
        "(SELECT stage_id, rank FROM deals GROUP BY stage_id, rank HAVING COUNT(*) > 1) AS d",
    )
    .await;
    assert_eq!(dup, 0, "ranks are a total order");
    // One deal moved by many at once with the same version: exactly one wins.
    let deal = now[now.len() - 1].clone();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = c.clone();
            let m = to(p.stages[3 + (i % 3)].id, deal.version);
            tokio::spawn(async move { c.move_deal(deal.id, &m).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("join") {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.status(), Some(409)),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(
        c.deal(deal.id).await.expect("get").version,
        deal.version + 1
    );
}

#[tokio::test]
async fn a_retried_move_is_applied_once() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let p = sales(&c).await;
    let deal = stage_deals(&c, p.stages[1].id).await.remove(0);
    let m = to(p.stages[2].id, deal.version);
    let first = c
        .move_deal_once(deal.id, &m, "move-7f3a")
        .await
        .expect("first");
    // The same request again (a lost response, a double click): the same answer, no second move.
    let again = c
        .move_deal_once(deal.id, &m, "move-7f3a")
        .await
        .expect("retry");
    assert_eq!(again, first);
    assert_eq!(
        c.deal(deal.id).await.expect("get").version,
        deal.version + 1
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "audit_log WHERE entity = 'deal' AND entity_id = {} AND field = 'rank'",
                deal.id
            )
        )
        .await,
        1
    );
    // Without the key, the same stale request is a conflict.
    assert_eq!(
        c.move_deal(deal.id, &m).await.expect_err("stale").status(),
        Some(409)
    );
    // A key is one request: reusing it for another deal is refused.
    let other = stage_deals(&c, p.stages[1].id).await.remove(0);
    let e = c
        .move_deal_once(other.id, &to(p.stages[2].id, other.version), "move-7f3a")
        .await
        .expect_err("reused");
    assert_eq!(e.status(), Some(422));
    // Keys are per member.
    let other_member = app.signed_in("appointer1@example.com").await;
    other_member
        .move_deal_once(other.id, &to(p.stages[2].id, other.version), "move-7f3a")
        .await
        .expect("another member's key space");
    // Concurrent duplicates: every copy gets the one answer.
    let third = stage_deals(&c, p.stages[1].id).await.remove(0);
    let m = to(p.stages[2].id, third.version);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (c, m) = (c.clone(), m.clone());
            tokio::spawn(async move { c.move_deal_once(third.id, &m, "dup-1").await })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("join").expect("each copy succeeds"));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        c.deal(third.id).await.expect("get").version,
        third.version + 1
    );
    let r = crate::common::raw_signed_in(&app, "manager@example.com").await;
    let resp = r
        .post(app.url(&format!("/api/v1/deals/{}/move", third.id)))
        .header("Idempotency-Key", "x".repeat(201))
        .json(&to(p.stages[2].id, third.version + 1))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 400);
}
