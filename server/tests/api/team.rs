//! The team role matrix, absences and routing through the API (and `route` through the
//! service): shape, changes and their audit, who may, refusals, the last manager, absences and
//! capacities in the preview, recorded decisions, fairness by weight.

use crate::common::{TestApp, count, spawn_app};
use sea_orm::{ConnectionTrait, Statement};
use server::service::team;
use shared::api::{
    GapReason, NewAbsence, RoleCell, RoleCellUpdate, RoutingPreviewQuery, TeamMatrix,
};
use shared::client::Client;
use shared::routing::Verdict;
use shared::{MemberId, Role, SegmentId, TerritoryId};

const MANAGER: &str = "manager@example.com";
const CLOSER: &str = "closer1@example.com";

async fn manager(app: &TestApp) -> Client {
    app.signed_in(MANAGER).await
}

/// The demo member ids by e-mail order: manager 1, appointers 2–4, closers 5–6, success 7–8,
/// admin 9 (they are created in that order).
fn demo(email: &str) -> MemberId {
    let i = server::demo::DEMO_MEMBERS
        .iter()
        .position(|(e, _, _)| *e == email)
        .expect(email);
    MemberId(i as i64 + 1)
}

fn cell(m: &TeamMatrix, who: MemberId, role: Role) -> &RoleCell {
    m.members
        .iter()
        .find(|x| x.id == who)
        .and_then(|x| x.roles.iter().find(|c| c.role == role))
        .expect("cell")
}

fn update(held: bool, weight: u32) -> RoleCellUpdate {
    RoleCellUpdate {
        held,
        weight,
        capacity_open: None,
        capacity_daily: None,
        territory_ids: vec![],
        segment_ids: vec![],
    }
}

fn closer_preview() -> RoutingPreviewQuery {
    RoutingPreviewQuery {
        role: Role::Closer,
        territory_id: None,
        segment_id: None,
    }
}

fn today() -> chrono::NaiveDate {
    team::team_day(chrono::Utc::now()).0
}

#[tokio::test]
async fn the_matrix_has_every_member_and_role() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let m = c.team_matrix().await.expect("matrix");
    assert_eq!(m.members.len(), server::demo::DEMO_MEMBERS.len());
    assert_eq!(m.today, today());
    let territories = c.territories().await.expect("territories");
    for (row, (_, name, roles)) in m.members.iter().zip(server::demo::DEMO_MEMBERS) {
        assert_eq!(&row.name, name);
        let listed: Vec<Role> = row.roles.iter().map(|c| c.role).collect();
        assert_eq!(listed, Role::ALL);
        let held: Vec<Role> = row
            .roles
            .iter()
            .filter(|c| c.held)
            .map(|c| c.role)
            .collect();
        assert_eq!(held, *roles);
        assert!(row.absences.is_empty() && !row.absent_today);
    }
    let closer = cell(&m, demo(CLOSER), Role::Closer);
    assert!(closer.held && closer.weight >= 1);
    assert_eq!(
        closer.territory_ids,
        territories.iter().map(|t| t.id).collect::<Vec<_>>()
    );
    assert!(closer.segment_ids.is_empty(), "covers every segment");
    // The demo closers own open deals.
    let open: u32 = [demo(CLOSER), demo("closer2@example.com")]
        .into_iter()
        .map(|id| cell(&m, id, Role::Closer).open)
        .sum();
    assert!(open > 0);
    assert!(m.gaps.is_empty(), "{:?}", m.gaps);
}

#[tokio::test]
async fn only_managers_see_or_change_the_team() {
    let app = spawn_app().await;
    let c = app.signed_in(CLOSER).await;
    let id = demo(CLOSER);
    let forbidden = |r: Result<(), shared::client::ClientError>| {
        assert_eq!(r.expect_err("refused").status(), Some(403));
    };
    forbidden(c.team_matrix().await.map(|_| ()));
    forbidden(
        c.update_role_cell(id, Role::Manager, &update(true, 1))
            .await
            .map(|_| ()),
    );
    forbidden(
        c.add_absence(
            id,
            &NewAbsence {
                starts_on: today(),
                ends_on: today(),
                note: String::new(),
            },
        )
        .await
        .map(|_| ()),
    );
    forbidden(c.remove_absence(id, 1).await);
    forbidden(c.routing_preview(&closer_preview()).await.map(|_| ()));
    let anonymous = app.client();
    assert_eq!(
        anonymous
            .team_matrix()
            .await
            .expect_err("no session")
            .status(),
        Some(401)
    );
}

#[tokio::test]
async fn a_manager_gives_a_role_with_coverage_and_takes_it_back_audited() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let closer = app.signed_in(CLOSER).await;
    assert!(!closer.me().await.expect("me").has(Role::Success));
    let id = demo(CLOSER);
    let t = c.territories().await.expect("territories")[0].id;
    let s = c.segments().await.expect("segments")[0].id;
    let audit_where = format!(
        "audit_log WHERE entity = 'member' AND entity_id = {} AND field LIKE 'role.success.%'",
        id.0
    );
    let audited = || count(&app.db, &audit_where);
    assert_eq!(audited().await, 0);
    let got = c
        .update_role_cell(
            id,
            Role::Success,
            &RoleCellUpdate {
                held: true,
                weight: 3,
                capacity_open: Some(5),
                capacity_daily: Some(2),
                territory_ids: vec![t, t],
                segment_ids: vec![s],
            },
        )
        .await
        .expect("give");
    assert!(got.held);
    assert_eq!(
        (got.weight, got.capacity_open, got.capacity_daily),
        (3, Some(5), Some(2))
    );
    assert_eq!(got.territory_ids, [t], "duplicates dropped");
    assert_eq!(got.segment_ids, [s]);
    let m = c.team_matrix().await.expect("matrix");
    assert_eq!(cell(&m, id, Role::Success), &got);
    // held, weight, both capacities, territories, segments.
    assert_eq!(audited().await, 6);
    // At once: the member's session sees the new role.
    assert!(closer.me().await.expect("me").has(Role::Success));

    // Coverage back to "all", then the role taken back.
    let got = c
        .update_role_cell(id, Role::Success, &update(true, 3))
        .await
        .expect("widen");
    assert!(got.territory_ids.is_empty() && got.capacity_open.is_none());
    assert_eq!(audited().await, 10);
    let got = c
        .update_role_cell(id, Role::Success, &update(false, 1))
        .await
        .expect("take back");
    assert!(!got.held);
    assert!(!closer.me().await.expect("me").has(Role::Success));
    assert_eq!(
        count(
            &app.db,
            &format!(
                "member_roles WHERE member_id = {} AND role = 'success'",
                id.0
            )
        )
        .await,
        0
    );
    // The same again changes nothing and writes nothing.
    let before = audited().await;
    c.update_role_cell(id, Role::Success, &update(false, 1))
        .await
        .expect("no change");
    assert_eq!(audited().await, before);
}

#[tokio::test]
async fn bad_cells_and_absences_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let id = demo(CLOSER);
    let field = |e: shared::client::ClientError| {
        assert_eq!(e.status(), Some(422), "{e}");
        e.api_error()
            .map(|a| {
                a.error
                    .fields
                    .iter()
                    .map(|f| f.field.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let e = c
        .update_role_cell(id, Role::Closer, &update(true, 0))
        .await
        .expect_err("weight 0");
    assert_eq!(field(e), ["weight"]);
    let e = c
        .update_role_cell(id, Role::Closer, &update(true, 101))
        .await
        .expect_err("weight 101");
    assert_eq!(field(e), ["weight"]);
    let e = c
        .update_role_cell(
            id,
            Role::Closer,
            &RoleCellUpdate {
                territory_ids: vec![TerritoryId(9999)],
                segment_ids: vec![SegmentId(9999)],
                ..update(true, 1)
            },
        )
        .await
        .expect_err("unknown territory");
    assert_eq!(field(e), ["territory_ids", "segment_ids"]);
    let e = c
        .update_role_cell(MemberId(9999), Role::Closer, &update(true, 1))
        .await
        .expect_err("unknown member");
    assert_eq!(e.status(), Some(404));
    let raw = crate::common::raw_signed_in(&app, MANAGER).await;
    let r = raw
        .put(app.url(&format!("/api/v1/team/members/{}/roles/boss", id.0)))
        .json(&update(true, 1))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    let r = raw
        .put(app.url(&format!("/api/v1/team/members/{}/roles/closer", id.0)))
        .json(&serde_json::json!({"held": true, "weight": "heavy"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422);
    let e = c
        .add_absence(
            id,
            &NewAbsence {
                starts_on: today(),
                ends_on: today() - chrono::Duration::days(1),
                note: String::new(),
            },
        )
        .await
        .expect_err("ends before it starts");
    assert_eq!(field(e), ["ends_on"]);
    let e = c
        .routing_preview(&RoutingPreviewQuery {
            territory_id: Some(TerritoryId(9999)),
            ..closer_preview()
        })
        .await
        .expect_err("unknown territory");
    assert_eq!(field(e), ["territory_id"]);
    // Nothing was written.
    assert_eq!(
        count(&app.db, "audit_log WHERE field LIKE 'role.%'").await,
        0
    );
}

#[tokio::test]
async fn the_last_manager_role_stays() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let me = demo(MANAGER);
    let e = c
        .update_role_cell(me, Role::Manager, &update(false, 1))
        .await
        .expect_err("last manager");
    assert_eq!(e.status(), Some(409));
    assert!(
        e.api_error()
            .is_some_and(|a| a.error.message.contains("last manager")),
        "{e}"
    );
    let other = demo("appointer1@example.com");
    c.update_role_cell(other, Role::Manager, &update(true, 1))
        .await
        .expect("a second manager");
    let got = c
        .update_role_cell(me, Role::Manager, &update(false, 1))
        .await
        .expect("no longer the last");
    assert!(!got.held);
    // Stepped down: the change is seen at once.
    assert_eq!(
        c.team_matrix().await.expect_err("not a manager").status(),
        Some(403)
    );
}

#[tokio::test]
async fn an_absent_member_is_skipped_until_the_absence_is_removed() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let one = demo(CLOSER);
    let two = demo("closer2@example.com");
    let a = c
        .add_absence(
            one,
            &NewAbsence {
                starts_on: today() - chrono::Duration::days(1),
                ends_on: today() + chrono::Duration::days(2),
                note: " 研修 ".into(),
            },
        )
        .await
        .expect("absence");
    assert_eq!((a.member_id, a.note.as_str()), (one, "研修"));
    let m = c.team_matrix().await.expect("matrix");
    let row = m.members.iter().find(|x| x.id == one).expect("row");
    assert!(row.absent_today);
    assert_eq!(row.absences, std::slice::from_ref(&a));
    let p = c.routing_preview(&closer_preview()).await.expect("preview");
    assert_eq!(p.chosen, Some(two));
    let verdict = |p: &shared::api::RoutingPreview, who: MemberId| {
        p.candidates
            .iter()
            .find(|x| x.member_id == who)
            .map(|x| x.verdict)
    };
    assert_eq!(verdict(&p, one), Some(Verdict::Absent));
    assert_eq!(verdict(&p, two), Some(Verdict::Chosen));
    assert_eq!(p.candidates.len(), 2, "every closer, and only closers");

    // Both away: a gap for every pair, and nobody chosen.
    let b = c
        .add_absence(
            two,
            &NewAbsence {
                starts_on: today(),
                ends_on: today(),
                note: String::new(),
            },
        )
        .await
        .expect("absence");
    let m = c.team_matrix().await.expect("matrix");
    assert!(
        m.gaps
            .iter()
            .any(|g| g.role == Role::Closer && g.reason == GapReason::AllAbsent)
    );
    assert_eq!(
        c.routing_preview(&closer_preview())
            .await
            .expect("preview")
            .chosen,
        None
    );

    // Not that member's, then removed, then gone.
    assert_eq!(
        c.remove_absence(one, b.id)
            .await
            .expect_err("not theirs")
            .status(),
        Some(404)
    );
    c.remove_absence(two, b.id).await.expect("remove");
    c.remove_absence(one, a.id).await.expect("remove");
    assert_eq!(
        c.remove_absence(one, a.id)
            .await
            .expect_err("gone")
            .status(),
        Some(404)
    );
    let p = c.routing_preview(&closer_preview()).await.expect("preview");
    assert!(
        p.candidates
            .iter()
            .all(|x| matches!(x.verdict, Verdict::Chosen | Verdict::Waiting))
    );
    assert_eq!(count(&app.db, "audit_log WHERE field = 'absence'").await, 4);
}

#[tokio::test]
async fn the_preview_honours_capacity_and_coverage_and_changes_nothing() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let one = demo(CLOSER);
    let two = demo("closer2@example.com");
    let m = c.team_matrix().await.expect("matrix");
    let open_two = cell(&m, two, Role::Closer).open;
    c.update_role_cell(
        two,
        Role::Closer,
        &RoleCellUpdate {
            capacity_open: Some(open_two),
            ..update(true, 50)
        },
    )
    .await
    .expect("cap closer 2");
    let p = c.routing_preview(&closer_preview()).await.expect("preview");
    let two_row = p
        .candidates
        .iter()
        .find(|x| x.member_id == two)
        .expect("closer 2");
    assert_eq!(two_row.verdict, Verdict::FullOpen);
    assert_eq!(
        (two_row.open, two_row.capacity_open, two_row.weight),
        (open_two, Some(open_two), 50)
    );
    assert_eq!(p.chosen, Some(one));

    // A daily capacity of zero: full for today.
    c.update_role_cell(
        one,
        Role::Closer,
        &RoleCellUpdate {
            capacity_daily: Some(0),
            ..update(true, 1)
        },
    )
    .await
    .expect("cap closer 1");
    let p = c.routing_preview(&closer_preview()).await.expect("preview");
    assert_eq!(p.chosen, None);
    assert!(
        p.candidates
            .iter()
            .any(|x| x.member_id == one && x.verdict == Verdict::FullToday)
    );

    // Coverage: closer 1 only covers the first territory.
    let ts = c.territories().await.expect("territories");
    c.update_role_cell(
        one,
        Role::Closer,
        &RoleCellUpdate {
            territory_ids: vec![ts[0].id],
            ..update(true, 1)
        },
    )
    .await
    .expect("narrow");
    let p = c
        .routing_preview(&RoutingPreviewQuery {
            territory_id: Some(ts[1].id),
            ..closer_preview()
        })
        .await
        .expect("preview");
    assert!(
        p.candidates
            .iter()
            .any(|x| x.member_id == one && x.verdict == Verdict::NotCovering)
    );
    let again = c
        .routing_preview(&RoutingPreviewQuery {
            territory_id: Some(ts[1].id),
            ..closer_preview()
        })
        .await
        .expect("preview");
    assert_eq!(p, again, "a preview changes nothing");
    assert_eq!(count(&app.db, "routing_decisions").await, 0);
}

#[tokio::test]
async fn route_records_the_decision_and_its_reason() {
    let app = spawn_app().await;
    let chosen = team::route(&app.db, Role::Closer, None, None, "account", 7)
        .await
        .expect("route");
    let chosen = chosen.expect("someone");
    assert!([demo(CLOSER), demo("closer2@example.com")].contains(&chosen));
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT member_id, role, reason FROM routing_decisions WHERE subject_kind = 'account' AND subject_id = 7",
        ))
        .await
        .expect("query")
        .expect("a decision");
    assert_eq!(
        row.try_get::<Option<i64>>("", "member_id").ok(),
        Some(Some(chosen.0))
    );
    assert_eq!(
        row.try_get::<String>("", "role").ok().as_deref(),
        Some("closer")
    );
    let reason: serde_json::Value =
        serde_json::from_str(&row.try_get::<String>("", "reason").expect("reason")).expect("json");
    let list = reason.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(
        list.iter()
            .filter(|x| x["verdict"] == "chosen")
            .map(|x| x["member_id"].as_i64())
            .collect::<Vec<_>>(),
        [Some(chosen.0)]
    );
    // Counted for today, in the matrix and the preview.
    let c = manager(&app).await;
    let m = c.team_matrix().await.expect("matrix");
    assert_eq!(cell(&m, chosen, Role::Closer).today, 1);

    // Nobody holds the role: no one chosen, the decision recorded all the same.
    let none = team::route(&app.db, Role::Admin, None, None, "task", 1)
        .await
        .expect("route");
    assert_eq!(none, Some(demo("admin@example.com")));
    c.update_role_cell(demo("admin@example.com"), Role::Admin, &update(false, 1))
        .await
        .expect("no admins");
    let none = team::route(&app.db, Role::Admin, None, None, "task", 2)
        .await
        .expect("route");
    assert_eq!(none, None);
    assert_eq!(
        count(&app.db, "routing_decisions WHERE member_id IS NULL").await,
        1
    );
}

#[tokio::test]
async fn routing_shares_the_work_by_weight() {
    let app = spawn_app().await;
    let c = manager(&app).await;
    let one = demo(CLOSER);
    let two = demo("closer2@example.com");
    c.update_role_cell(one, Role::Closer, &update(true, 2))
        .await
        .expect("weight 2");
    c.update_role_cell(two, Role::Closer, &update(true, 1))
        .await
        .expect("weight 1");
    let mut counts = [0u32; 2];
    for i in 0..30 {
        let m = team::route(&app.db, Role::Closer, None, None, "account", i)
            .await
            .expect("route")
            .expect("someone");
        counts[usize::from(m == two)] += 1;
    }
    assert_eq!(counts, [20, 10]);
    // The batch form goes on from the stored credits, the same way.
    let subjects: Vec<team::RouteSubject> = (100..130)
        .map(|i| team::RouteSubject {
            kind: "account".into(),
            id: i,
            territory: None,
            segment: None,
        })
        .collect();
    let chosen = team::route_many(&app.db, Role::Closer, &subjects)
        .await
        .expect("batch");
    assert_eq!(chosen.iter().filter(|m| **m == Some(one)).count(), 20);
    assert_eq!(chosen.iter().filter(|m| **m == Some(two)).count(), 10);
    assert_eq!(count(&app.db, "routing_decisions").await, 60);
    let p = c.routing_preview(&closer_preview()).await.expect("preview");
    let today: u32 = p.candidates.iter().map(|x| x.today).sum();
    assert_eq!(today, 60);
}
