//! The team role matrix (roles, weights, capacities, coverage), absences, and routing: who gets
//! the next lead, appointment or won account.
//!
//! The choice itself is `shared::routing` (pure); this module gathers the candidates (holders
//! of the role among active members, with their coverage, absences, open items and items of
//! the day), stores the credits it returns and records every decision in `routing_decisions`
//! with the considered list as its reason.

use super::audit::{self, Change};
use super::{ServiceError, ServiceResult, invalid, now};
use crate::migration::tables::{
    Deals, Handoffs, MemberAbsences, MemberRoleSegments, MemberRoleTerritories, MemberRoles,
    Members, RoutingDecisions, Segments, Stages, Territories,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, LockType, Order, Query};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, TransactionSession, TransactionTrait};
use serde::Serialize;
use shared::api::{
    Absence, AbsenceRef, CoverageGap, GapReason, MatrixMember, NewAbsence, PreviewCandidate,
    RoleCell, RoleCellUpdate, RoutingPreview, RoutingPreviewQuery, TeamMatrix,
};
use shared::routing::{self, Candidate, Verdict};
use shared::{FieldError, MemberId, Role, SegmentId, TerritoryId};
use std::collections::{BTreeSet, HashMap};

/// The team's time zone, Asia/Tokyo: UTC+9 all year (no daylight saving).
const TEAM_OFFSET_HOURS: i64 = 9;

/// The roles work is routed to (and whose coverage gaps the matrix shows).
pub const ROUTED_ROLES: [Role; 3] = [Role::Appointer, Role::Closer, Role::Success];

/// Decisions inserted per statement (7 values each; well under both databases' limits).
const DECISION_CHUNK: usize = 1_000;

/// Today in the team's time zone, and its midnight as a UTC instant.
pub fn team_day(at: DateTime<Utc>) -> (NaiveDate, DateTime<Utc>) {
    let local = at + Duration::hours(TEAM_OFFSET_HOURS);
    let today = local.date_naive();
    let midnight = today.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(9);
    (today, midnight)
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(Ord::max(v, 0)).unwrap_or(u32::MAX)
}

fn cap(v: Option<i32>) -> Option<u32> {
    v.map(|c| to_u32(i64::from(c)))
}

fn cap_value(v: Option<u32>) -> Option<i32> {
    v.map(|c| i32::try_from(c).unwrap_or(i32::MAX))
}

// ---------------------------------------------------------------------------------------------
// Reading the team

#[derive(Debug, FromQueryResult)]
struct RoleRow {
    member_id: i64,
    role: String,
    weight: i32,
    capacity_open: Option<i32>,
    capacity_daily: Option<i32>,
    route_credit: i64,
}

#[derive(Debug, FromQueryResult)]
struct CoverageRow {
    member_id: i64,
    role: String,
    id: i64,
}

#[derive(Debug, FromQueryResult)]
struct CountRow {
    member_id: i64,
    role: String,
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct AbsenceRow {
    id: i64,
    member_id: i64,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    note: String,
}

#[derive(Debug, FromQueryResult)]
struct MemberRow {
    id: i64,
    name: String,
}

#[derive(Debug, FromQueryResult)]
struct IdRow {
    id: i64,
}

/// Roles held by active members (one role, or all), by member.
async fn role_rows<C: ConnectionTrait>(db: &C, role: Option<Role>) -> ServiceResult<Vec<RoleRow>> {
    let mut s = Query::select();
    s.columns([
        (MemberRoles::Table, MemberRoles::MemberId),
        (MemberRoles::Table, MemberRoles::Role),
        (MemberRoles::Table, MemberRoles::Weight),
        (MemberRoles::Table, MemberRoles::CapacityOpen),
        (MemberRoles::Table, MemberRoles::CapacityDaily),
        (MemberRoles::Table, MemberRoles::RouteCredit),
    ])
    .from(MemberRoles::Table)
    .inner_join(
        Members::Table,
        Expr::col((Members::Table, Members::Id))
            .equals((MemberRoles::Table, MemberRoles::MemberId)),
    )
    .and_where(Expr::col((Members::Table, Members::Active)).eq(true))
    .order_by((MemberRoles::Table, MemberRoles::MemberId), Order::Asc);
    if let Some(r) = role {
        s.and_where(Expr::col((MemberRoles::Table, MemberRoles::Role)).eq(r.as_str()));
    }
    Ok(
        RoleRow::find_by_statement(db.get_database_backend().build(&s))
            .all(db)
            .await?,
    )
}

/// Coverage lists: (member, role) → ids, for territories or segments.
async fn coverage<C: ConnectionTrait>(
    db: &C,
    territories: bool,
    role: Option<Role>,
    member: Option<MemberId>,
) -> ServiceResult<HashMap<(i64, String), Vec<i64>>> {
    let mut s = Query::select();
    if territories {
        s.columns([MemberRoleTerritories::MemberId, MemberRoleTerritories::Role])
            .expr_as(
                Expr::col(MemberRoleTerritories::TerritoryId),
                Alias::new("id"),
            )
            .from(MemberRoleTerritories::Table)
            .order_by(MemberRoleTerritories::TerritoryId, Order::Asc);
    } else {
        s.columns([MemberRoleSegments::MemberId, MemberRoleSegments::Role])
            .expr_as(Expr::col(MemberRoleSegments::SegmentId), Alias::new("id"))
            .from(MemberRoleSegments::Table)
            .order_by(MemberRoleSegments::SegmentId, Order::Asc);
    }
    if let Some(r) = role {
        s.and_where(Expr::col(Alias::new("role")).eq(r.as_str()));
    }
    if let Some(m) = member {
        s.and_where(Expr::col(Alias::new("member_id")).eq(m.0));
    }
    let rows = CoverageRow::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?;
    let mut out: HashMap<(i64, String), Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry((r.member_id, r.role)).or_default().push(r.id);
    }
    Ok(out)
}

/// Absences that have not ended by `today`, by member and first day.
async fn absences_from<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    member: Option<MemberId>,
) -> ServiceResult<Vec<AbsenceRow>> {
    let mut s = Query::select();
    s.columns([
        MemberAbsences::Id,
        MemberAbsences::MemberId,
        MemberAbsences::StartsOn,
        MemberAbsences::EndsOn,
        MemberAbsences::Note,
    ])
    .from(MemberAbsences::Table)
    .and_where(Expr::col(MemberAbsences::EndsOn).gte(today))
    .order_by(MemberAbsences::MemberId, Order::Asc)
    .order_by(MemberAbsences::StartsOn, Order::Asc)
    .order_by(MemberAbsences::Id, Order::Asc);
    if let Some(m) = member {
        s.and_where(Expr::col(MemberAbsences::MemberId).eq(m.0));
    }
    Ok(
        AbsenceRow::find_by_statement(db.get_database_backend().build(&s))
            .all(db)
            .await?,
    )
}

/// Open items and items of the day, per (member, role).
#[derive(Debug, Default)]
struct Load {
    open: HashMap<(i64, Role), u32>,
    today: HashMap<(i64, Role), u32>,
}

impl Load {
    fn open(&self, member: i64, role: Role) -> u32 {
        self.open.get(&(member, role)).copied().unwrap_or(0)
    }
    fn today(&self, member: i64, role: Role) -> u32 {
        self.today.get(&(member, role)).copied().unwrap_or(0)
    }
}

/// Counts the current load: open deals owned in each role (stages of kind `open`), pending
/// hand-offs addressed to the member in the role, and routing decisions since `midnight`.
async fn load<C: ConnectionTrait>(
    db: &C,
    role: Option<Role>,
    midnight: DateTime<Utc>,
) -> ServiceResult<Load> {
    let backend = db.get_database_backend();
    let mut out = Load::default();
    for (r, owner) in [
        (Role::Appointer, Deals::AppointerId),
        (Role::Closer, Deals::CloserId),
        (Role::Success, Deals::SuccessId),
    ] {
        if role.is_some_and(|x| x != r) {
            continue;
        }
        let mut s = Query::select();
        s.expr_as(Expr::col((Deals::Table, owner)), Alias::new("member_id"))
            .expr_as(Expr::val(r.as_str()), Alias::new("role"))
            .expr_as(
                Expr::col((Deals::Table, Deals::Id)).count(),
                Alias::new("n"),
            )
            .from(Deals::Table)
            .inner_join(
                Stages::Table,
                Expr::col((Stages::Table, Stages::Id)).equals((Deals::Table, Deals::StageId)),
            )
            .and_where(Expr::col((Stages::Table, Stages::Kind)).eq("open"))
            .and_where(Expr::col((Deals::Table, owner)).is_not_null())
            .group_by_col((Deals::Table, owner));
        for row in CountRow::find_by_statement(backend.build(&s))
            .all(db)
            .await?
        {
            *out.open.entry((row.member_id, r)).or_default() += to_u32(row.n);
        }
    }
    let mut h = Query::select();
    h.expr_as(Expr::col(Handoffs::ToMemberId), Alias::new("member_id"))
        .expr_as(Expr::col(Handoffs::ToRole), Alias::new("role"))
        .expr_as(Expr::col(Handoffs::Id).count(), Alias::new("n"))
        .from(Handoffs::Table)
        .and_where(Expr::col(Handoffs::Status).eq("pending"))
        .and_where(Expr::col(Handoffs::ToMemberId).is_not_null())
        .group_by_col(Handoffs::ToMemberId)
        .group_by_col(Handoffs::ToRole);
    if let Some(r) = role {
        h.and_where(Expr::col(Handoffs::ToRole).eq(r.as_str()));
    }
    for row in CountRow::find_by_statement(backend.build(&h))
        .all(db)
        .await?
    {
        if let Ok(r) = row.role.parse::<Role>() {
            *out.open.entry((row.member_id, r)).or_default() += to_u32(row.n);
        }
    }
    let mut d = Query::select();
    d.columns([RoutingDecisions::MemberId, RoutingDecisions::Role])
        .expr_as(Expr::col(RoutingDecisions::Id).count(), Alias::new("n"))
        .from(RoutingDecisions::Table)
        .and_where(Expr::col(RoutingDecisions::MemberId).is_not_null())
        .and_where(Expr::col(RoutingDecisions::At).gte(midnight))
        .group_by_col(RoutingDecisions::MemberId)
        .group_by_col(RoutingDecisions::Role);
    if let Some(r) = role {
        d.and_where(Expr::col(RoutingDecisions::Role).eq(r.as_str()));
    }
    for row in CountRow::find_by_statement(backend.build(&d))
        .all(db)
        .await?
    {
        if let Ok(r) = row.role.parse::<Role>() {
            *out.today.entry((row.member_id, r)).or_default() += to_u32(row.n);
        }
    }
    Ok(out)
}

/// A member holding the role, with everything routing needs.
#[derive(Debug, Clone)]
struct Holder {
    member: i64,
    weight: u32,
    capacity_open: Option<u32>,
    capacity_daily: Option<u32>,
    credit: i64,
    territories: Vec<i64>,
    segments: Vec<i64>,
    absent: bool,
    open: u32,
    today: u32,
}

impl Holder {
    /// Empty lists cover everything; an item without a territory (or segment) is covered by
    /// every holder.
    fn covers(&self, territory: Option<TerritoryId>, segment: Option<SegmentId>) -> bool {
        let t_ok = self.territories.is_empty()
            || territory.is_none_or(|t| self.territories.contains(&t.0));
        let s_ok = self.segments.is_empty() || segment.is_none_or(|s| self.segments.contains(&s.0));
        t_ok && s_ok
    }

    fn candidate(&self, territory: Option<TerritoryId>, segment: Option<SegmentId>) -> Candidate {
        Candidate {
            member: MemberId(self.member),
            weight: self.weight,
            credit: self.credit,
            covers: self.covers(territory, segment),
            absent: self.absent,
            open: self.open,
            capacity_open: self.capacity_open,
            today: self.today,
            capacity_daily: self.capacity_daily,
        }
    }
}

fn is_absent(absences: &[AbsenceRow], member: i64, today: NaiveDate) -> bool {
    absences
        .iter()
        .any(|a| a.member_id == member && a.starts_on <= today && today <= a.ends_on)
}

/// Every active member holding `role`, by id.
async fn holders<C: ConnectionTrait>(
    db: &C,
    role: Role,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<Holder>> {
    let (today, midnight) = team_day(at);
    let rows = role_rows(db, Some(role)).await?;
    let mut territories = coverage(db, true, Some(role), None).await?;
    let mut segments = coverage(db, false, Some(role), None).await?;
    let absences = absences_from(db, today, None).await?;
    let load = load(db, Some(role), midnight).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let key = (r.member_id, r.role.clone());
            Holder {
                member: r.member_id,
                weight: to_u32(i64::from(r.weight)).clamp(1, routing::MAX_WEIGHT),
                capacity_open: cap(r.capacity_open),
                capacity_daily: cap(r.capacity_daily),
                credit: r.route_credit,
                territories: territories.remove(&key).unwrap_or_default(),
                segments: segments.remove(&key).unwrap_or_default(),
                absent: is_absent(&absences, r.member_id, today),
                open: load.open(r.member_id, role),
                today: load.today(r.member_id, role),
            }
        })
        .collect())
}

async fn existing_ids<C: ConnectionTrait>(
    db: &C,
    territories: bool,
    ids: &[i64],
) -> ServiceResult<BTreeSet<i64>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let mut s = Query::select();
    if territories {
        s.column(Territories::Id)
            .from(Territories::Table)
            .and_where(Expr::col(Territories::Id).is_in(ids.iter().copied()));
    } else {
        s.column(Segments::Id)
            .from(Segments::Table)
            .and_where(Expr::col(Segments::Id).is_in(ids.iter().copied()));
    }
    Ok(
        IdRow::find_by_statement(db.get_database_backend().build(&s))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect(),
    )
}

/// Refuses ids that name no territory (or segment), naming the field.
async fn check_ids<C: ConnectionTrait>(
    db: &C,
    field: &str,
    territories: bool,
    ids: &[i64],
) -> ServiceResult<()> {
    let found = existing_ids(db, territories, ids).await?;
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains(id))
        .map(i64::to_string)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        let what = if territories { "territory" } else { "segment" };
        Err(ServiceError::Invalid(vec![FieldError {
            field: field.into(),
            code: "not_found".into(),
            message: format!("No such {what}: {}.", missing.join(", ")),
        }]))
    }
}

async fn member_row<C: ConnectionTrait>(db: &C, id: MemberId) -> ServiceResult<MemberRow> {
    let mut s = Query::select();
    s.columns([Members::Id, Members::Name])
        .from(Members::Table)
        .and_where(Expr::col(Members::Id).eq(id.0));
    MemberRow::find_by_statement(db.get_database_backend().build(&s))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("member"))
}

// ---------------------------------------------------------------------------------------------
// The matrix

fn to_absence(a: &AbsenceRow) -> Absence {
    Absence {
        id: a.id,
        member_id: MemberId(a.member_id),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        note: a.note.clone(),
    }
}

fn cell(
    role: Role,
    row: Option<&RoleRow>,
    territories: Option<&Vec<i64>>,
    segments: Option<&Vec<i64>>,
    open: u32,
    today: u32,
) -> RoleCell {
    match row {
        Some(r) => RoleCell {
            role,
            held: true,
            weight: to_u32(i64::from(r.weight)).clamp(1, routing::MAX_WEIGHT),
            capacity_open: cap(r.capacity_open),
            capacity_daily: cap(r.capacity_daily),
            territory_ids: territories
                .map(|v| v.iter().copied().map(TerritoryId).collect())
                .unwrap_or_default(),
            segment_ids: segments
                .map(|v| v.iter().copied().map(SegmentId).collect())
                .unwrap_or_default(),
            open,
            today,
        },
        None => RoleCell {
            role,
            held: false,
            weight: 1,
            capacity_open: None,
            capacity_daily: None,
            territory_ids: Vec::new(),
            segment_ids: Vec::new(),
            open,
            today,
        },
    }
}

/// The matrix: every active member × the five roles, their absences, and the coverage gaps.
pub async fn matrix<C: ConnectionTrait>(db: &C) -> ServiceResult<TeamMatrix> {
    let (today, midnight) = team_day(now());
    let mut s = Query::select();
    s.columns([Members::Id, Members::Name])
        .from(Members::Table)
        .and_where(Expr::col(Members::Active).eq(true))
        .order_by(Members::Id, Order::Asc);
    let members = MemberRow::find_by_statement(db.get_database_backend().build(&s))
        .all(db)
        .await?;
    let rows = role_rows(db, None).await?;
    let by_key: HashMap<(i64, &str), &RoleRow> = rows
        .iter()
        .map(|r| ((r.member_id, r.role.as_str()), r))
        .collect();
    let territories = coverage(db, true, None, None).await?;
    let segments = coverage(db, false, None, None).await?;
    let absences = absences_from(db, today, None).await?;
    let load = load(db, None, midnight).await?;

    let out_members: Vec<MatrixMember> = members
        .iter()
        .map(|m| {
            let roles = Role::ALL
                .iter()
                .map(|&role| {
                    let key = (m.id, role.as_str().to_owned());
                    cell(
                        role,
                        by_key.get(&(m.id, role.as_str())).copied(),
                        territories.get(&key),
                        segments.get(&key),
                        load.open(m.id, role),
                        load.today(m.id, role),
                    )
                })
                .collect();
            MatrixMember {
                id: MemberId(m.id),
                name: m.name.clone(),
                roles,
                absences: absences
                    .iter()
                    .filter(|a| a.member_id == m.id)
                    .map(to_absence)
                    .collect(),
                absent_today: is_absent(&absences, m.id, today),
            }
        })
        .collect();

    let all_territories = super::accounts::territories(db).await?;
    let all_segments = super::accounts::segments(db).await?;
    let mut gaps = Vec::new();
    for t in &all_territories {
        for s in &all_segments {
            for role in ROUTED_ROLES {
                let covering: Vec<&MatrixMember> = out_members
                    .iter()
                    .filter(|m| {
                        m.roles.iter().any(|c| {
                            c.role == role
                                && c.held
                                && (c.territory_ids.is_empty() || c.territory_ids.contains(&t.id))
                                && (c.segment_ids.is_empty() || c.segment_ids.contains(&s.id))
                        })
                    })
                    .collect();
                let reason = if covering.is_empty() {
                    Some(GapReason::Nobody)
                } else if covering.iter().all(|m| m.absent_today) {
                    Some(GapReason::AllAbsent)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    gaps.push(CoverageGap {
                        territory_id: t.id,
                        segment_id: s.id,
                        role,
                        reason,
                    });
                }
            }
        }
    }
    Ok(TeamMatrix {
        today,
        members: out_members,
        gaps,
    })
}

// ---------------------------------------------------------------------------------------------
// Changing a cell

fn ids_text(ids: &[i64]) -> String {
    if ids.is_empty() {
        "all".to_owned()
    } else {
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    }
}

fn cap_text(v: Option<u32>) -> String {
    v.map_or_else(|| "none".to_owned(), |c| c.to_string())
}

/// Sets one cell of the matrix (managers): holds the role or not, its weight, capacities and
/// coverage. The last manager role of the team cannot be removed. Every change is audited in
/// the same transaction.
pub async fn update_cell<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: MemberId,
    member: MemberId,
    role: Role,
    body: &RoleCellUpdate,
) -> ServiceResult<RoleCell> {
    let txn = db.begin().await?;
    member_row(&txn, member).await?;
    body.validate().map_err(ServiceError::Invalid)?;
    let territories: Vec<i64> = body
        .territory_ids
        .iter()
        .map(|t| t.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let segments: Vec<i64> = body
        .segment_ids
        .iter()
        .map(|s| s.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    for (field, is_t, ids) in [
        ("territory_ids", true, &territories),
        ("segment_ids", false, &segments),
    ] {
        if let Err(ServiceError::Invalid(mut f)) = check_ids(&txn, field, is_t, ids).await {
            errors.append(&mut f);
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }

    let pg = txn.get_database_backend() == DbBackend::Postgres;
    // The member's current cell (locked on PostgreSQL, so two managers' changes queue).
    let mut cur = Query::select();
    cur.columns([
        MemberRoles::MemberId,
        MemberRoles::Role,
        MemberRoles::Weight,
        MemberRoles::CapacityOpen,
        MemberRoles::CapacityDaily,
        MemberRoles::RouteCredit,
    ])
    .from(MemberRoles::Table)
    .and_where(Expr::col(MemberRoles::MemberId).eq(member.0))
    .and_where(Expr::col(MemberRoles::Role).eq(role.as_str()));
    if pg {
        cur.lock(LockType::Update);
    }
    let old = RoleRow::find_by_statement(txn.get_database_backend().build(&cur))
        .one(&txn)
        .await?;
    let old_t = coverage(&txn, true, Some(role), Some(member))
        .await?
        .into_values()
        .next()
        .unwrap_or_default();
    let old_s = coverage(&txn, false, Some(role), Some(member))
        .await?
        .into_values()
        .next()
        .unwrap_or_default();

    if role == Role::Manager && old.is_some() && !body.held {
        // Lock every manager row, then count the active managers.
        let mut s = Query::select();
        s.column((MemberRoles::Table, MemberRoles::MemberId))
            .from(MemberRoles::Table)
            .inner_join(
                Members::Table,
                Expr::col((Members::Table, Members::Id))
                    .equals((MemberRoles::Table, MemberRoles::MemberId)),
            )
            .and_where(
                Expr::col((MemberRoles::Table, MemberRoles::Role)).eq(Role::Manager.as_str()),
            )
            .and_where(Expr::col((Members::Table, Members::Active)).eq(true));
        if pg {
            s.lock_with_tables(LockType::Update, [MemberRoles::Table]);
        }
        #[derive(FromQueryResult)]
        struct M {
            member_id: i64,
        }
        let managers = M::find_by_statement(txn.get_database_backend().build(&s))
            .all(&txn)
            .await?;
        if !managers.iter().any(|m| m.member_id != member.0) {
            return Err(ServiceError::Conflict(
                "This is the team's last manager role: give another member the manager role first."
                    .into(),
            ));
        }
    }

    let t = now();
    match (&old, body.held) {
        (Some(_), true) => {
            let mut u = Query::update();
            u.table(MemberRoles::Table)
                .values([
                    (MemberRoles::Weight, (body.weight as i32).into()),
                    (
                        MemberRoles::CapacityOpen,
                        cap_value(body.capacity_open).into(),
                    ),
                    (
                        MemberRoles::CapacityDaily,
                        cap_value(body.capacity_daily).into(),
                    ),
                ])
                .and_where(Expr::col(MemberRoles::MemberId).eq(member.0))
                .and_where(Expr::col(MemberRoles::Role).eq(role.as_str()));
            txn.execute(&u).await?;
        }
        (None, true) => {
            let mut q = Query::insert();
            q.into_table(MemberRoles::Table)
                .columns([
                    MemberRoles::MemberId,
                    MemberRoles::Role,
                    MemberRoles::Weight,
                    MemberRoles::CapacityOpen,
                    MemberRoles::CapacityDaily,
                    MemberRoles::CreatedAt,
                    MemberRoles::RouteCredit,
                ])
                .values([
                    member.0.into(),
                    role.as_str().into(),
                    (body.weight as i32).into(),
                    cap_value(body.capacity_open).into(),
                    cap_value(body.capacity_daily).into(),
                    t.into(),
                    0i64.into(),
                ])
                .map_err(internal)?;
            txn.execute(&q).await?;
        }
        (Some(_), false) => {
            let mut d = Query::delete();
            d.from_table(MemberRoles::Table)
                .and_where(Expr::col(MemberRoles::MemberId).eq(member.0))
                .and_where(Expr::col(MemberRoles::Role).eq(role.as_str()));
            txn.execute(&d).await?;
        }
        (None, false) => {}
    }
    let (new_t, new_s) = if body.held {
        (territories.clone(), segments.clone())
    } else {
        (Vec::new(), Vec::new())
    };
    if new_t != old_t {
        let mut d = Query::delete();
        d.from_table(MemberRoleTerritories::Table)
            .and_where(Expr::col(MemberRoleTerritories::MemberId).eq(member.0))
            .and_where(Expr::col(MemberRoleTerritories::Role).eq(role.as_str()));
        txn.execute(&d).await?;
        if !new_t.is_empty() {
            let mut q = Query::insert();
            q.into_table(MemberRoleTerritories::Table).columns([
                MemberRoleTerritories::MemberId,
                MemberRoleTerritories::Role,
                MemberRoleTerritories::TerritoryId,
            ]);
            for id in &new_t {
                q.values([member.0.into(), role.as_str().into(), (*id).into()])
                    .map_err(internal)?;
            }
            txn.execute(&q).await?;
        }
    }
    if new_s != old_s {
        let mut d = Query::delete();
        d.from_table(MemberRoleSegments::Table)
            .and_where(Expr::col(MemberRoleSegments::MemberId).eq(member.0))
            .and_where(Expr::col(MemberRoleSegments::Role).eq(role.as_str()));
        txn.execute(&d).await?;
        if !new_s.is_empty() {
            let mut q = Query::insert();
            q.into_table(MemberRoleSegments::Table).columns([
                MemberRoleSegments::MemberId,
                MemberRoleSegments::Role,
                MemberRoleSegments::SegmentId,
            ]);
            for id in &new_s {
                q.values([member.0.into(), role.as_str().into(), (*id).into()])
                    .map_err(internal)?;
            }
            txn.execute(&q).await?;
        }
    }

    // The audit trail: one entry per changed setting.
    let old_cell = old.as_ref().map(|r| {
        (
            to_u32(i64::from(r.weight)),
            cap(r.capacity_open),
            cap(r.capacity_daily),
        )
    });
    let new_cell = body
        .held
        .then_some((body.weight, body.capacity_open, body.capacity_daily));
    let mut changes: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    if old_cell.is_some() != new_cell.is_some() {
        changes.push((
            "held".into(),
            Some(old_cell.is_some().to_string()),
            Some(new_cell.is_some().to_string()),
        ));
    }
    let o = old_cell.unwrap_or((0, None, None));
    let n = new_cell.unwrap_or((0, None, None));
    if old_cell.is_some() || new_cell.is_some() {
        if o.0 != n.0 {
            let show = |w: u32| (w > 0).then(|| w.to_string());
            changes.push(("weight".into(), show(o.0), show(n.0)));
        }
        if o.1 != n.1 {
            changes.push((
                "capacity_open".into(),
                Some(cap_text(o.1)),
                Some(cap_text(n.1)),
            ));
        }
        if o.2 != n.2 {
            changes.push((
                "capacity_daily".into(),
                Some(cap_text(o.2)),
                Some(cap_text(n.2)),
            ));
        }
    }
    if new_t != old_t {
        changes.push((
            "territories".into(),
            Some(ids_text(&old_t)),
            Some(ids_text(&new_t)),
        ));
    }
    if new_s != old_s {
        changes.push((
            "segments".into(),
            Some(ids_text(&old_s)),
            Some(ids_text(&new_s)),
        ));
    }
    let fields: Vec<String> = changes
        .iter()
        .map(|(f, _, _)| format!("role.{}.{f}", role.as_str()))
        .collect();
    let rows: Vec<_> = changes
        .into_iter()
        .zip(&fields)
        .map(|((_, old, new), field)| {
            (
                actor,
                Change {
                    entity: "member",
                    entity_id: member.0,
                    field,
                    old,
                    new,
                },
                t,
            )
        })
        .collect();
    audit::record_rows(&txn, &rows).await?;

    let (_, midnight) = team_day(t);
    let l = load(&txn, Some(role), midnight).await?;
    txn.commit().await?;
    Ok(RoleCell {
        role,
        held: body.held,
        weight: if body.held { body.weight } else { 1 },
        capacity_open: body.held.then_some(body.capacity_open).flatten(),
        capacity_daily: body.held.then_some(body.capacity_daily).flatten(),
        territory_ids: new_t.into_iter().map(TerritoryId).collect(),
        segment_ids: new_s.into_iter().map(SegmentId).collect(),
        open: l.open(member.0, role),
        today: l.today(member.0, role),
    })
}

// ---------------------------------------------------------------------------------------------
// Absences

/// Records an absence (managers).
pub async fn add_absence<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: MemberId,
    member: MemberId,
    body: &NewAbsence,
) -> ServiceResult<Absence> {
    let txn = db.begin().await?;
    member_row(&txn, member).await?;
    body.validate().map_err(ServiceError::Invalid)?;
    let note = body.note.trim().to_owned();
    let mut q = Query::insert();
    q.into_table(MemberAbsences::Table)
        .columns([
            MemberAbsences::MemberId,
            MemberAbsences::StartsOn,
            MemberAbsences::EndsOn,
            MemberAbsences::Note,
            MemberAbsences::CreatedAt,
        ])
        .values([
            member.0.into(),
            body.starts_on.into(),
            body.ends_on.into(),
            note.clone().into(),
            now().into(),
        ])
        .map_err(internal)?;
    q.returning_col(MemberAbsences::Id);
    let id = txn
        .query_one(&q)
        .await?
        .ok_or_else(|| internal("no absence id"))?
        .try_get::<i64>("", "id")?;
    audit::record(
        &txn,
        Some(actor),
        Change {
            entity: "member",
            entity_id: member.0,
            field: "absence",
            old: None,
            new: Some(format!("{id}: {} – {}", body.starts_on, body.ends_on)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Absence {
        id,
        member_id: member,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        note,
    })
}

/// Removes one of the member's absences (managers); 404 if it is not theirs.
pub async fn remove_absence<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: MemberId,
    member: MemberId,
    which: AbsenceRef,
) -> ServiceResult<()> {
    let txn = db.begin().await?;
    member_row(&txn, member).await?;
    let mut s = Query::select();
    s.columns([
        MemberAbsences::Id,
        MemberAbsences::MemberId,
        MemberAbsences::StartsOn,
        MemberAbsences::EndsOn,
        MemberAbsences::Note,
    ])
    .from(MemberAbsences::Table)
    .and_where(Expr::col(MemberAbsences::Id).eq(which.absence_id))
    .and_where(Expr::col(MemberAbsences::MemberId).eq(member.0));
    let a = AbsenceRow::find_by_statement(txn.get_database_backend().build(&s))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("absence"))?;
    let mut d = Query::delete();
    d.from_table(MemberAbsences::Table)
        .and_where(Expr::col(MemberAbsences::Id).eq(a.id));
    txn.execute(&d).await?;
    audit::record(
        &txn,
        Some(actor),
        Change {
            entity: "member",
            entity_id: member.0,
            field: "absence",
            old: Some(format!("{}: {} – {}", a.id, a.starts_on, a.ends_on)),
            new: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Routing

async fn check_place<C: ConnectionTrait>(
    db: &C,
    territory: Option<TerritoryId>,
    segment: Option<SegmentId>,
) -> ServiceResult<()> {
    if let Some(t) = territory {
        check_ids(db, "territory_id", true, &[t.0]).await?;
    }
    if let Some(s) = segment {
        check_ids(db, "segment_id", false, &[s.0]).await?;
    }
    Ok(())
}

/// Who would get the next item of `role` for the territory and segment; changes nothing.
pub async fn preview<C: ConnectionTrait>(
    db: &C,
    q: &RoutingPreviewQuery,
) -> ServiceResult<RoutingPreview> {
    check_place(db, q.territory_id, q.segment_id).await?;
    let holders = holders(db, q.role, now()).await?;
    let candidates: Vec<Candidate> = holders
        .iter()
        .map(|h| h.candidate(q.territory_id, q.segment_id))
        .collect();
    let decision = routing::choose(&candidates);
    let mut s = Query::select();
    s.columns([Members::Id, Members::Name])
        .from(Members::Table)
        .and_where(Expr::col(Members::Id).is_in(holders.iter().map(|h| h.member)));
    let names: HashMap<i64, String> =
        MemberRow::find_by_statement(db.get_database_backend().build(&s))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.name))
            .collect();
    Ok(RoutingPreview {
        role: q.role,
        territory_id: q.territory_id,
        segment_id: q.segment_id,
        chosen: decision.chosen,
        candidates: candidates
            .iter()
            .zip(&decision.considered)
            .map(|(c, d)| PreviewCandidate {
                member_id: c.member,
                name: names.get(&c.member.0).cloned().unwrap_or_default(),
                verdict: d.verdict,
                weight: c.weight,
                credit: c.credit,
                open: c.open,
                capacity_open: c.capacity_open,
                today: c.today,
                capacity_daily: c.capacity_daily,
            })
            .collect(),
    })
}

/// Something to route: what it is (`account`, `deal`, …), its id, and where it falls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteSubject {
    /// `account`, `deal`, `handoff`, …
    pub kind: String,
    /// Its id.
    pub id: i64,
    /// Its territory (none: every holder covers it).
    pub territory: Option<TerritoryId>,
    /// Its segment (none: every holder covers it).
    pub segment: Option<SegmentId>,
}

/// One member's part in a recorded decision (the `reason` of `routing_decisions`): the member
/// and the verdict; the weight and the load for those who were eligible or full (not for the
/// absent or those not covering), and the credit after the decision for the eligible.
#[derive(Serialize)]
struct Considered {
    member_id: i64,
    verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    open: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    today: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<i64>,
}

/// Routes one item of `role`: chooses among the holders, stores their new credits and records
/// the decision (with the considered list as its reason), in one transaction. `None` when
/// nobody is eligible (the decision is recorded all the same).
pub async fn route<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    role: Role,
    territory: Option<TerritoryId>,
    segment: Option<SegmentId>,
    subject_kind: &str,
    subject_id: i64,
) -> ServiceResult<Option<MemberId>> {
    let chosen = route_many(
        db,
        role,
        &[RouteSubject {
            kind: subject_kind.to_owned(),
            id: subject_id,
            territory,
            segment,
        }],
    )
    .await?;
    Ok(chosen.into_iter().next().flatten())
}

/// Routes many items of `role` in one transaction: the holders are read once, each choice is
/// applied in memory (`routing::apply`), the credits are written once at the end and the
/// decisions are inserted many rows per statement. Returns each subject's member, in order.
pub async fn route_many<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    role: Role,
    subjects: &[RouteSubject],
) -> ServiceResult<Vec<Option<MemberId>>> {
    if subjects.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(bad) = subjects
        .iter()
        .find(|s| s.kind.is_empty() || s.kind.len() > 40)
    {
        return Err(invalid(
            "subject_kind",
            &format!("Not a subject kind: `{}`.", bad.kind),
        ));
    }
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Routers of one role take turns: credits are read, then written.
        let mut lock = Query::select();
        lock.column(MemberRoles::MemberId)
            .from(MemberRoles::Table)
            .and_where(Expr::col(MemberRoles::Role).eq(role.as_str()))
            .lock(LockType::Update);
        txn.execute(&lock).await?;
    }
    let at = now();
    let holders = holders(&txn, role, at).await?;
    let mut candidates: Vec<Candidate> = holders.iter().map(|h| h.candidate(None, None)).collect();
    let start_credits: Vec<i64> = candidates.iter().map(|c| c.credit).collect();
    let mut chosen = Vec::with_capacity(subjects.len());
    let mut rows: Vec<(Option<i64>, String)> = Vec::with_capacity(subjects.len());
    let mut considered: Vec<Considered> = Vec::with_capacity(holders.len());
    for s in subjects {
        for (c, h) in candidates.iter_mut().zip(&holders) {
            c.covers = h.covers(s.territory, s.segment);
        }
        let d = routing::choose(&candidates);
        considered.clear();
        considered.extend(candidates.iter().zip(&d.considered).map(|(c, k)| {
            let load = !matches!(k.verdict, Verdict::NotCovering | Verdict::Absent);
            Considered {
                member_id: c.member.0,
                verdict: k.verdict,
                weight: load.then_some(c.weight),
                open: load.then_some(c.open),
                today: load.then_some(c.today),
                credit: k.credit,
            }
        }));
        let reason = serde_json::to_string(&considered).map_err(internal)?;
        routing::apply(&mut candidates, &d);
        rows.push((d.chosen.map(|m| m.0), reason));
        chosen.push(d.chosen);
    }

    // The credits that changed, in one statement.
    let changed: Vec<(i64, i64)> = candidates
        .iter()
        .zip(&start_credits)
        .filter(|(c, before)| c.credit != **before)
        .map(|(c, _)| (c.member.0, c.credit))
        .collect();
    if !changed.is_empty() {
        let mut case = CaseStatement::new();
        for (m, credit) in &changed {
            case = case.case(Expr::col(MemberRoles::MemberId).eq(*m), Expr::val(*credit));
        }
        case = case.finally(Expr::col(MemberRoles::RouteCredit));
        let mut u = Query::update();
        u.table(MemberRoles::Table)
            .value(MemberRoles::RouteCredit, case)
            .and_where(Expr::col(MemberRoles::Role).eq(role.as_str()))
            .and_where(Expr::col(MemberRoles::MemberId).is_in(changed.iter().map(|(m, _)| *m)));
        txn.execute(&u).await?;
    }

    for (chunk_rows, chunk_subjects) in rows
        .chunks(DECISION_CHUNK)
        .zip(subjects.chunks(DECISION_CHUNK))
    {
        let mut q = Query::insert();
        q.into_table(RoutingDecisions::Table).columns([
            RoutingDecisions::Role,
            RoutingDecisions::SubjectKind,
            RoutingDecisions::SubjectId,
            RoutingDecisions::MemberId,
            RoutingDecisions::Reason,
            RoutingDecisions::At,
        ]);
        for ((member, reason), s) in chunk_rows.iter().zip(chunk_subjects) {
            q.values([
                role.as_str().into(),
                s.kind.as_str().into(),
                s.id.into(),
                (*member).into(),
                reason.as_str().into(),
                at.into(),
            ])
            .map_err(internal)?;
        }
        txn.execute(&q).await?;
    }
    txn.commit().await?;
    Ok(chosen)
}

/// Routes a deal's work in `role` by its account's territory and segment (see [`route`]).
pub async fn route_deal<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    role: Role,
    account: i64,
    subject_kind: &str,
    subject_id: i64,
) -> ServiceResult<Option<MemberId>> {
    let place = <crate::entity::account::Entity as sea_orm::EntityTrait>::find_by_id(account)
        .one(db)
        .await?;
    let (territory, segment) = place.map_or((None, None), |a| {
        (a.territory_id.map(TerritoryId), a.segment_id.map(SegmentId))
    });
    route(db, role, territory, segment, subject_kind, subject_id).await
}
