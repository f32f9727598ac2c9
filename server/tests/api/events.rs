//! Live events over server-sent events: others' changes arrive at once, and a reconnecting
//! client gets what it missed.

use crate::common::{TestApp, raw, spawn_app};
use futures_util::StreamExt;
use shared::api::{DealQuery, MoveDeal};
use shared::{PipelineId, StageId};
use std::time::Duration;

/// A signed-in event stream; `last` resumes after that id.
async fn subscribe(
    app: &TestApp,
    last: Option<i64>,
) -> impl futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> {
    subscribe_at(app, "/api/v1/events", last).await
}

/// A signed-in event stream at `path` (with its query); `last` resumes after that id.
async fn subscribe_at(
    app: &TestApp,
    path: &str,
    last: Option<i64>,
) -> impl futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> {
    let c = raw();
    c.post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "manager@example.com", "password": "baton-demo"}))
        .send()
        .await
        .expect("sign in");
    let mut req = c.get(app.url(path));
    if let Some(l) = last {
        req = req.header("Last-Event-ID", l.to_string());
    }
    let resp = req.send().await.expect("events");
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"))
    );
    resp.bytes_stream()
}

/// Reads events until `want` of them have arrived or two seconds pass: (id, kind, data).
async fn read_events(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Unpin),
    want: usize,
) -> Vec<(i64, String, serde_json::Value)> {
    let mut buf = String::new();
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while out.len() < want {
        let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, stream.next()).await else {
            break;
        };
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let (mut id, mut kind, mut data) = (None, None, None);
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("id:") {
                    id = v.trim().parse().ok();
                } else if let Some(v) = line.strip_prefix("event:") {
                    kind = Some(v.trim().to_owned());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data = serde_json::from_str(v.trim()).ok();
                }
            }
            if let (Some(id), Some(kind), Some(data)) = (id, kind, data) {
                out.push((id, kind, data));
            }
        }
    }
    out
}

#[tokio::test]
async fn a_move_reaches_every_open_stream_at_once() {
    let app = spawn_app().await;
    let mut watcher = Box::pin(subscribe(&app, None).await);
    let c = app.signed_in("manager@example.com").await;
    let deal = c
        .deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            stage_id: Some(StageId(4)),
            ..DealQuery::default()
        })
        .await
        .expect("deals")
        .deals
        .remove(0);
    let started = std::time::Instant::now();
    let moved = c
        .move_deal(
            deal.id,
            &MoveDeal {
                stage_id: StageId(5),
                after_id: None,
                before_id: None,
                version: deal.version,
            },
        )
        .await
        .expect("move");
    let events = read_events(&mut watcher, 1).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "within a second: {:?}",
        started.elapsed()
    );
    let (_, kind, data) = events.first().expect("an event");
    assert_eq!(kind, "deal.moved");
    assert_eq!(data["id"], deal.id.0);
    assert_eq!(data["stage_id"], 5);
    assert_eq!(data["version"], moved.version);
}

#[tokio::test]
async fn a_reconnecting_client_gets_what_it_missed_in_order() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let mut first = Box::pin(subscribe(&app, None).await);
    let deals = c
        .deals(&DealQuery {
            pipeline_id: Some(PipelineId(1)),
            stage_id: Some(StageId(5)),
            limit: Some(3),
            ..DealQuery::default()
        })
        .await
        .expect("deals")
        .deals;
    c.move_deal(
        deals[0].id,
        &MoveDeal {
            stage_id: StageId(6),
            after_id: None,
            before_id: None,
            version: deals[0].version,
        },
    )
    .await
    .expect("move 1");
    let seen = read_events(&mut first, 1).await;
    let last_seen = seen.first().expect("first event").0;
    drop(first);
    // While disconnected: two more changes.
    c.move_deal(
        deals[1].id,
        &MoveDeal {
            stage_id: StageId(6),
            after_id: None,
            before_id: None,
            version: deals[1].version,
        },
    )
    .await
    .expect("move 2");
    c.update_deal(
        deals[2].id,
        &shared::api::DealPatch {
            version: deals[2].version,
            title: Some("再開後の案件".into()),
            ..Default::default()
        },
    )
    .await
    .expect("edit");
    let mut again = Box::pin(subscribe(&app, Some(last_seen)).await);
    let missed = read_events(&mut again, 2).await;
    assert_eq!(missed.len(), 2, "{missed:?}");
    assert!(
        missed[0].0 > last_seen && missed[1].0 > missed[0].0,
        "in order, after the last seen"
    );
    assert_eq!(
        (missed[0].1.as_str(), &missed[0].2["id"]),
        ("deal.moved", &serde_json::json!(deals[1].id.0))
    );
    assert_eq!(
        (missed[1].1.as_str(), &missed[1].2["title"]),
        ("deal.updated", &serde_json::json!("再開後の案件"))
    );
    // And then live again, without repeating the replay.
    let new = c
        .create_deal(&shared::api::NewDeal {
            pipeline_id: PipelineId(1),
            stage_id: None,
            account_id: shared::AccountId(3),
            title: "新しいリード".into(),
            amount: 0,
            currency: None,
            appointer_id: None,
            closer_id: None,
            success_id: None,
            expected_close_on: None,
        })
        .await
        .expect("create");
    let live = read_events(&mut again, 1).await;
    assert_eq!(live.len(), 1);
    assert_eq!(
        (live[0].1.as_str(), &live[0].2["id"]),
        ("deal.created", &serde_json::json!(new.id.0))
    );
}

#[tokio::test]
async fn a_stream_opened_from_where_a_board_was_read_misses_no_change_after_it() {
    let app = spawn_app().await;
    let c = app.signed_in("manager@example.com").await;
    let board = c
        .board(PipelineId(1), &shared::api::BoardQuery::default())
        .await
        .expect("board");
    let card = board.columns[3].cards[0].clone();
    // A change after the board was read, before the stream is open.
    c.move_deal(
        card.deal.id,
        &MoveDeal {
            stage_id: board.columns[4].stage.id,
            after_id: None,
            before_id: None,
            version: card.deal.version,
        },
    )
    .await
    .expect("move");
    let path = format!("/api/v1/events?last_event_id={}", board.last_event_id);
    let mut stream = Box::pin(subscribe_at(&app, &path, None).await);
    let missed = read_events(&mut stream, 1).await;
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert!(missed[0].0 > board.last_event_id);
    assert_eq!(
        (missed[0].1.as_str(), &missed[0].2["id"]),
        ("deal.moved", &serde_json::json!(card.deal.id.0))
    );
    // A board read after the move names its event, or a later one.
    let again = c
        .board(PipelineId(1), &shared::api::BoardQuery::default())
        .await
        .expect("board again");
    assert!(again.last_event_id >= missed[0].0);
}

#[tokio::test]
async fn events_need_a_session() {
    let app = spawn_app().await;
    assert_eq!(
        raw()
            .get(app.url("/api/v1/events"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );
}

/// With PostgreSQL, several server instances share one database: a move on one reaches the
/// streams of another through LISTEN/NOTIFY, not by waiting for its next poll (the second
/// instance here polls only every minute). SQLite has one server process per file.
#[tokio::test]
async fn with_postgresql_a_move_on_one_instance_reaches_another_at_once() {
    let first = spawn_app().await;
    if first.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    let second = crate::common::spawn_with(
        first.db.clone(),
        server::config::Config {
            event_poll: Duration::from_secs(60),
            ..server::config::Config::default()
        },
    )
    .await;
    let mut watcher = Box::pin(subscribe(&second, None).await);
    // Let the second instance settle (its pump's starting point, its listening connection).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let c = first.signed_in("manager@example.com").await;
    let deal = c.deal(shared::DealId(1)).await.expect("deal");
    let to = if deal.stage_id == StageId(5) { 4 } else { 5 };
    c.move_deal(
        deal.id,
        &MoveDeal {
            stage_id: StageId(to),
            after_id: None,
            before_id: None,
            version: deal.version,
        },
    )
    .await
    .expect("move");
    // The move (and, if it crossed roles, the hand-off it opened).
    let want = if deal.stage_id.0 < 4 { 2 } else { 1 };
    let events = read_events(&mut watcher, want).await;
    let (_, _, data) = events
        .iter()
        .find(|(_, kind, _)| kind == "deal.moved")
        .expect("the other instance's event, within 2 s");
    assert_eq!(data["id"], deal.id.0);
    assert_eq!(data["stage_id"], to);
}
