//! A talk script's numbers at size: the demo team in a fresh SQLite file (WAL, as served) with
//! 100,000 finished calls on the demo script's published version (random walks through its
//! graph, with their answer rows, a tenth of them undone by `back`), then
//! `GET /api/v1/scripts/{id}/stats` over HTTP against the server running in this process:
//! 30 timed requests each right after the read cache was invalidated (what every finished
//! call, deal move or publish does: the numbers are computed from the tables), then 30 timed
//! requests with nothing written in between (served from the cache), after 3 warm-ups.
//! Release build:
//!
//! ```sh
//! cargo run --release -p server --example script_stats_load [calls]
//! ```

use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use shared::ScriptId;
use shared::api::{LoginRequest, StatsQuery};
use shared::client::Client;
use shared::script::ScriptGraph;
use std::net::SocketAddr;
use std::time::Instant;

/// xorshift: the same calls on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    head: &str,
    width: usize,
    rows: &[Vec<Value>],
) -> Result<(), sea_orm::DbErr> {
    let one = format!("({})", vec!["?"; width].join(","));
    for chunk in rows.chunks(30_000 / width) {
        let sql = format!(
            "{head} VALUES {}",
            vec![one.as_str(); chunk.len()].join(",")
        );
        let values: Vec<Value> = chunk.iter().flatten().cloned().collect();
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    // BATON_STATS_DB keeps the seeded database at that path (to look at its queries).
    let file = std::env::var("BATON_STATS_DB")
        .unwrap_or_else(|_| format!("{}/stats.db", dir.path().display()));
    let url = format!("sqlite://{file}?mode=rwc");
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed_if_empty(&db).await?;

    let script = ScriptId(1);
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT v.id, v.graph FROM talk_script_versions v JOIN talk_scripts s \
             ON s.id = v.script_id AND v.number = s.published_version WHERE s.id = 1",
        ))
        .await?
        .ok_or("the demo script is not published")?;
    let version_id: i64 = row.try_get("", "id")?;
    let graph: ScriptGraph = serde_json::from_str(&row.try_get::<String>("", "graph")?)?;
    let deals: Vec<i64> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM deals WHERE pipeline_id = 1",
        ))
        .await?
        .into_iter()
        .filter_map(|r| r.try_get_by_index(0).ok())
        .collect();
    let booked: i64 = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM stages WHERE pipeline_id = 1 AND owning_role = 'closer' \
             AND kind = 'open' ORDER BY position LIMIT 1",
        ))
        .await?
        .ok_or("no closer stage")?
        .try_get_by_index(0)?;
    let member: i64 = 2;

    let seeding = Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = chrono::Utc::now() - chrono::Duration::days(90);
    let mut calls: Vec<Vec<Value>> = Vec::with_capacity(n);
    let mut steps: Vec<Vec<Value>> = Vec::with_capacity(n * 4);
    let mut reach: Vec<Vec<Value>> = Vec::with_capacity(n * 4);
    let shared_steps: Vec<usize> = (0..graph.steps.len())
        .filter(|i| graph.steps[*i].shared)
        .collect();
    for c in 0..n {
        let id = c as i64 + 1;
        let at = start + chrono::Duration::seconds(c as i64 * 70);
        let mut here = graph
            .steps
            .iter()
            .position(|s| s.key == graph.start)
            .ok_or("no start step")?;
        let mut seq = 0;
        let mut outcome = None;
        let mut last = graph.start.clone();
        let mut path: Vec<(String, i32)> = Vec::new();
        for _ in 0..12 {
            let step = &graph.steps[here];
            last = step.key.clone();
            // Now and then an objection from anywhere.
            if !shared_steps.is_empty() && rng.below(10) == 0 {
                here = shared_steps[rng.below(shared_steps.len())];
                continue;
            }
            let i = rng.below(step.answers.len());
            seq += 1;
            // A tenth of the answers are taken back and given again.
            if rng.below(10) == 0 {
                steps.push(vec![
                    id.into(),
                    step.key.clone().into(),
                    seq.into(),
                    Some(i as i32).into(),
                    "answer".into(),
                    true.into(),
                    at.into(),
                ]);
                seq += 1;
                steps.push(vec![
                    id.into(),
                    step.key.clone().into(),
                    seq.into(),
                    None::<i32>.into(),
                    "back".into(),
                    false.into(),
                    at.into(),
                ]);
                seq += 1;
            }
            steps.push(vec![
                id.into(),
                step.key.clone().into(),
                seq.into(),
                Some(i as i32).into(),
                "answer".into(),
                false.into(),
                at.into(),
            ]);
            path.push((step.key.clone(), i as i32));
            let a = &step.answers[i];
            if let Some(o) = a.outcome {
                outcome = Some(o);
                break;
            }
            match a
                .next
                .as_ref()
                .and_then(|k| graph.steps.iter().position(|s| &s.key == k))
            {
                Some(next) => here = next,
                None => break,
            }
        }
        let at_step = outcome.is_none().then(|| last.clone());
        let outcome = outcome.unwrap_or(shared::script::Outcome::NoAnswer);
        // The rows the finish writes, as it writes them.
        for (k, a, first) in server::service::calls::reach_rows(&path, at_step.as_deref()) {
            reach.push(vec![
                id.into(),
                version_id.into(),
                k.into(),
                a.into(),
                first.into(),
                outcome.as_str().into(),
            ]);
        }
        let appointment = outcome == shared::script::Outcome::AppointmentSet;
        calls.push(vec![
            id.into(),
            member.into(),
            version_id.into(),
            deals[rng.below(deals.len())].into(),
            at.into(),
            (at + chrono::Duration::seconds(60)).into(),
            outcome.as_str().into(),
            "".into(),
            last.into(),
            at_step.into(),
            appointment.then_some(booked).into(),
        ]);
    }
    let txn = db.begin().await?;
    insert_rows(
        &txn,
        "INSERT INTO calls (id, member_id, script_version_id, deal_id, started_at, finished_at, \
         outcome, notes, end_step, at_step, booked_stage_id)",
        11,
        &calls,
    )
    .await?;
    insert_rows(
        &txn,
        "INSERT INTO call_steps (call_id, step_key, seq, answer_index, kind, undone, at)",
        7,
        &steps,
    )
    .await?;
    insert_rows(
        &txn,
        "INSERT INTO call_reach (call_id, script_version_id, step_key, answer_index, first, outcome)",
        6,
        &reach,
    )
    .await?;
    txn.commit().await?;
    db.execute_unprepared("ANALYZE").await?;
    println!(
        "seeded {n} calls with {} answer rows in {:.1} s",
        steps.len(),
        seeding.elapsed().as_secs_f64()
    );

    // The server, over HTTP.
    let dist = tempfile::tempdir()?;
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Baton</title>",
    )?;
    let config = server::config::Config {
        dist: dist.path().to_path_buf(),
        ..Default::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = server::state::AppState::new(db.clone(), config);
    let reads = state.reads.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            server::router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let client = Client::new(format!("http://{addr}"));
    client
        .login(&LoginRequest {
            email: "manager@example.com".into(),
            password: server::demo::DEMO_PASSWORD.into(),
        })
        .await?;
    let q = StatsQuery::default();
    let mut counted = 0;
    for _ in 0..3 {
        counted = client.script_stats(script, &q).await?.stats.calls;
    }
    for (what, written) in [
        ("computed (a write just invalidated the cache)", true),
        ("from the cache (nothing written since)", false),
    ] {
        let mut times = Vec::new();
        for _ in 0..30 {
            if written {
                reads.invalidate();
            }
            let t = Instant::now();
            counted = client.script_stats(script, &q).await?.stats.calls;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "GET /api/v1/scripts/{script}/stats over {counted} calls, {what}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} requests",
            pct(0.5),
            pct(0.95),
            times[times.len() - 1],
            times.len()
        );
    }
    Ok(())
}
