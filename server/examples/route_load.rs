//! Routing at size: 50 appointers (weights 1–5, some covering only some territories or
//! segments, some with daily capacities, two away today) and 10,000 new leads (accounts) in a
//! SQLite file (WAL, as served); times `route_many`, which chooses for every lead in memory,
//! writes the credits once and records every decision with its reason, in one transaction.
//! Release build:
//!
//! ```sh
//! cargo run --release -p server --example route_load [leads] [members]
//! ```

use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::migration::tables::{
    Accounts, MemberAbsences, MemberRoleSegments, MemberRoleTerritories, MemberRoles, Members,
    Segments, Territories,
};
use server::service::team::{self, RouteSubject};
use shared::{Role, SegmentId, TerritoryId};
use std::time::Instant;

const TERRITORIES: i64 = 10;
const SEGMENTS: i64 = 4;

async fn seed(
    db: &DatabaseConnection,
    leads: usize,
    members: usize,
) -> Result<Vec<RouteSubject>, Box<dyn std::error::Error>> {
    let now = chrono::Utc::now();
    let mut q = Query::insert();
    q.into_table(Territories::Table).columns([
        Territories::Id,
        Territories::Name,
        Territories::Position,
    ]);
    for t in 1..=TERRITORIES {
        q.values([t.into(), format!("エリア{t}").into(), (t as i32).into()])?;
    }
    db.execute(&q).await?;
    let mut q = Query::insert();
    q.into_table(Segments::Table)
        .columns([Segments::Id, Segments::Name, Segments::Position]);
    for s in 1..=SEGMENTS {
        q.values([s.into(), format!("セグメント{s}").into(), (s as i32).into()])?;
    }
    db.execute(&q).await?;

    let mut q = Query::insert();
    q.into_table(Members::Table).columns([
        Members::Id,
        Members::Email,
        Members::Name,
        Members::PasswordHash,
        Members::Active,
        Members::CreatedAt,
        Members::UpdatedAt,
    ]);
    for m in 1..=members as i64 {
        q.values([
            m.into(),
            format!("appointer{m}@example.com").into(),
            format!("アポインター {m}").into(),
            "x".into(),
            true.into(),
            now.into(),
            now.into(),
        ])?;
    }
    db.execute(&q).await?;
    let mut roles = Query::insert();
    roles.into_table(MemberRoles::Table).columns([
        MemberRoles::MemberId,
        MemberRoles::Role,
        MemberRoles::Weight,
        MemberRoles::CapacityDaily,
        MemberRoles::CreatedAt,
    ]);
    let mut terr = Query::insert();
    terr.into_table(MemberRoleTerritories::Table).columns([
        MemberRoleTerritories::MemberId,
        MemberRoleTerritories::Role,
        MemberRoleTerritories::TerritoryId,
    ]);
    let mut seg = Query::insert();
    seg.into_table(MemberRoleSegments::Table).columns([
        MemberRoleSegments::MemberId,
        MemberRoleSegments::Role,
        MemberRoleSegments::SegmentId,
    ]);
    for m in 1..=members as i64 {
        let weight = (m % 5 + 1) as i32;
        // One in five has a daily limit.
        let daily = (m % 5 == 0).then_some(150i32);
        roles.values([
            m.into(),
            "appointer".into(),
            weight.into(),
            daily.into(),
            now.into(),
        ])?;
        // One in three covers only three territories; one in seven two segments.
        if m % 3 == 0 {
            for t in 0..3 {
                let t = (m + t) % TERRITORIES + 1;
                terr.values([m.into(), "appointer".into(), t.into()])?;
            }
        }
        if m % 7 == 0 {
            for s in [1, 2] {
                seg.values([m.into(), "appointer".into(), s.into()])?;
            }
        }
    }
    db.execute(&roles).await?;
    db.execute(&terr).await?;
    db.execute(&seg).await?;
    // Two away today.
    let today = team::team_day(now).0;
    let mut q = Query::insert();
    q.into_table(MemberAbsences::Table).columns([
        MemberAbsences::MemberId,
        MemberAbsences::StartsOn,
        MemberAbsences::EndsOn,
        MemberAbsences::Note,
        MemberAbsences::CreatedAt,
    ]);
    for m in [4i64, 11] {
        q.values([
            m.into(),
            today.into(),
            today.into(),
            "休暇".into(),
            now.into(),
        ])?;
    }
    db.execute(&q).await?;

    let mut subjects = Vec::with_capacity(leads);
    for chunk in (0..leads).collect::<Vec<_>>().chunks(2_000) {
        let mut q = Query::insert();
        q.into_table(Accounts::Table).columns([
            Accounts::Id,
            Accounts::Name,
            Accounts::SegmentId,
            Accounts::TerritoryId,
            Accounts::CreatedAt,
            Accounts::UpdatedAt,
        ]);
        for i in chunk {
            let id = *i as i64 + 1;
            let t = (id * 7) % TERRITORIES + 1;
            let s = (id * 3) % SEGMENTS + 1;
            q.values([
                id.into(),
                format!("株式会社リード{id}").into(),
                s.into(),
                t.into(),
                now.into(),
                now.into(),
            ])?;
            subjects.push(RouteSubject {
                kind: "account".into(),
                id,
                territory: Some(TerritoryId(t)),
                segment: Some(SegmentId(s)),
            });
        }
        db.execute(&q).await?;
    }
    Ok(subjects)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let leads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let members: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = tempfile_dir()?;
    let url = format!("sqlite://{}/route.db?mode=rwc", dir.display());
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    let subjects = seed(&db, leads, members).await?;

    let start = Instant::now();
    let chosen = team::route_many(&db, Role::Appointer, &subjects).await?;
    let elapsed = start.elapsed();

    let routed = chosen.iter().filter(|c| c.is_some()).count();
    let decisions = db
        .query_one(
            &Query::select()
                .expr(sea_orm::sea_query::Expr::cust("COUNT(*)"))
                .from(server::migration::tables::RoutingDecisions::Table)
                .to_owned(),
        )
        .await?
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0);
    let mut per_member = std::collections::BTreeMap::<i64, u32>::new();
    for m in chosen.iter().flatten() {
        *per_member.entry(m.0).or_default() += 1;
    }
    let busiest = per_member.values().max().copied().unwrap_or(0);
    let idlest = per_member.values().min().copied().unwrap_or(0);
    println!(
        "route_many: {leads} leads across {members} appointers in {:.0} ms ({:.1} µs a lead); \
         {routed} routed, {decisions} decisions recorded; {} members got work (most {busiest}, least {idlest})",
        elapsed.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64() * 1e6 / leads.max(1) as f64,
        per_member.len(),
    );
    db.close().await?;
    std::fs::remove_dir_all(&dir).ok();
    if elapsed.as_secs_f64() > 1.0 {
        return Err(format!("too slow: {elapsed:?} > 1 s").into());
    }
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("baton-route-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
