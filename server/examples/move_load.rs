//! Moves under load: `N` clients on loopback, each owning one deal and moving it back and forth
//! between two stages with the version the server returned, for a fixed time. Prints moves per
//! second and latency percentiles. Run against a release server with the demo team:
//!
//! ```sh
//! cargo run --release -p server --example move_load -- http://127.0.0.1:3200 200 15 [rate]
//! ```
//!
//! Without `rate`, each client sends its next move as soon as the last is answered (the most
//! the server can do; latency is then clients ÷ throughput). With `rate` (moves per second, for
//! all clients together), each client sends on a fixed schedule and latency is measured from
//! the scheduled time, so a stall is counted in full (no coordinated omission).

use shared::api::{DealQuery, LoginRequest, MoveDeal};
use shared::client::Client;
use shared::{PipelineId, StageId};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:3200".into());
    let clients: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(200);
    let seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(15);
    let rate: Option<f64> = args.get(4).and_then(|a| a.parse().ok());
    // Each client's interval between moves under a fixed rate.
    let interval = rate.map(|r| Duration::from_secs_f64(clients as f64 / r));

    let c = Client::new(&base);
    c.login(&LoginRequest {
        email: "manager@example.com".into(),
        password: "baton-demo".into(),
    })
    .await?;
    let pipeline = c
        .pipelines()
        .await?
        .into_iter()
        .next()
        .ok_or("no pipeline")?;
    let stages: Vec<StageId> = pipeline.stages.iter().map(|s| s.id).collect();
    let (a, b) = (stages[3], stages[4]);
    let deals = c
        .all_deals(&DealQuery {
            pipeline_id: Some(PipelineId(pipeline.id.0)),
            ..DealQuery::default()
        })
        .await?
        .deals;
    if deals.len() < clients {
        return Err(format!("{} deals for {clients} clients", deals.len()).into());
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = deals
        .into_iter()
        .take(clients)
        .enumerate()
        .map(|(i, d)| {
            let c = c.clone();
            tokio::spawn(async move {
                // Spread the clients' schedules over one interval.
                let mut next =
                    interval.map(|iv| Instant::now() + iv.mul_f64(i as f64 / clients as f64));
                let (mut version, mut stage) = (d.version, d.stage_id);
                let mut latencies = Vec::new();
                let mut failures = 0u64;
                while Instant::now() < deadline {
                    let to = if stage == a { b } else { a };
                    let t0 = match (next, interval) {
                        (Some(at), Some(iv)) => {
                            tokio::time::sleep_until(at.into()).await;
                            next = Some(at + iv);
                            at
                        }
                        _ => Instant::now(),
                    };
                    match c
                        .move_deal(
                            d.id,
                            &MoveDeal {
                                stage_id: to,
                                after_id: None,
                                before_id: None,
                                version,
                            },
                        )
                        .await
                    {
                        Ok(moved) => {
                            latencies.push(t0.elapsed());
                            version = moved.version;
                            stage = moved.stage_id;
                        }
                        Err(e) => {
                            if failures == 0 {
                                eprintln!("deal {}: {e}", d.id);
                            }
                            failures += 1;
                        }
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await?;
        all.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let mode = match rate {
        Some(r) => format!("offered {r:.0}/s"),
        None => "closed loop".to_owned(),
    };
    println!(
        "{} moves in {elapsed:.1} s by {clients} clients ({mode}): {:.0} moves/s; p50 {:.1} ms, p99 {:.1} ms; {failures} failed",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    Ok(())
}
