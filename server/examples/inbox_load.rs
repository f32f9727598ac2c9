//! The hand-off inbox at size: a demo team in a SQLite file (WAL, as served) with 1,000 open
//! hand-offs addressed to one closer; times the inbox (`to=me&status=pending`) as the server
//! computes it (query, deadlines, JSON), 200 times. Release build:
//!
//! ```sh
//! cargo run --release -p server --example inbox_load [open_handoffs]
//! ```

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::Query;
use server::migration::tables::Handoffs;
use server::service::handoffs;
use shared::api::{HandoffQuery, HandoffStatus, Party};
use shared::{MemberId, Role};
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let dir = std::env::temp_dir().join(format!("baton-inbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}/inbox.db?mode=rwc", dir.display());
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed_if_empty(&db).await?;

    // The closer and deals to hand over (the demo's own deals, round and round).
    let closer = MemberId(6);
    let deals: Vec<(i64, i64)> = db
        .query_all(
            &Query::select()
                .columns([
                    server::migration::tables::Deals::Id,
                    server::migration::tables::Deals::AccountId,
                ])
                .from(server::migration::tables::Deals::Table)
                .to_owned(),
        )
        .await?
        .into_iter()
        .filter_map(|r| Some((r.try_get_by_index(0).ok()?, r.try_get_by_index(1).ok()?)))
        .collect();
    let now = chrono::Utc::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let mut q = Query::insert();
        q.into_table(Handoffs::Table).columns([
            Handoffs::Kind,
            Handoffs::DealId,
            Handoffs::AccountId,
            Handoffs::FromMemberId,
            Handoffs::FromRole,
            Handoffs::ToMemberId,
            Handoffs::ToRole,
            Handoffs::Note,
            Handoffs::Status,
            Handoffs::SentAt,
            Handoffs::DueAt,
            Handoffs::CreatedAt,
        ]);
        for i in chunk {
            let (deal, account) = deals[i % deals.len()];
            let sent = now - chrono::Duration::minutes(*i as i64);
            q.values([
                "appointment".into(),
                deal.into(),
                account.into(),
                2i64.into(),
                "appointer".into(),
                closer.0.into(),
                "closer".into(),
                r#"{"need":"営業管理の一元化","budget":"年300万円"}"#.into(),
                "pending".into(),
                sent.into(),
                (sent + chrono::Duration::hours(4)).into(),
                sent.into(),
            ])?;
        }
        db.execute(&q).await?;
    }

    let actor = server::session::CurrentMember {
        me: shared::api::Me {
            id: closer,
            name: "closer".into(),
            email: "closer1@example.com".into(),
            roles: vec![Role::Closer],
            locale: shared::Locale::Ja,
            time_zone: "Asia/Tokyo".into(),
        },
        session_id: String::new(),
    };
    let q = HandoffQuery {
        to: Some(Party::Me),
        status: Some(HandoffStatus::Pending),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut rows = 0;
    let mut bytes = 0;
    for _ in 0..220 {
        let t = Instant::now();
        let list = handoffs::list(&db, &actor, &q).await?;
        let body = serde_json::to_vec(&list)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        rows = list.len();
        bytes = body.len();
    }
    // The first 20 warm the caches.
    let mut times = times.split_off(20);
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "inbox of {rows} open hand-offs ({} KB JSON): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} requests",
        bytes / 1024,
        pct(0.5),
        pct(0.95),
        times[times.len() - 1],
        times.len()
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
