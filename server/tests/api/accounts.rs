//! Accounts, segments and territories through the API.

use crate::common::spawn_app;
use shared::api::{AccountQuery, NewAccount};
use shared::{ErrorCode, SegmentId, TerritoryId};

#[tokio::test]
async fn members_search_accounts_by_name_or_kana() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer1@example.com").await;
    let all = c.accounts(&AccountQuery::default()).await.expect("list");
    assert_eq!(all.len(), 20, "twenty by default");
    let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "by name");
    let first = &all[0];
    let by_name = c
        .accounts(&AccountQuery {
            q: Some(first.name.clone()),
            limit: Some(50),
        })
        .await
        .expect("by name");
    assert!(by_name.iter().any(|a| a.id == first.id));
    assert!(by_name.iter().all(|a| a.name.contains(&first.name)));
    if !first.name_kana.is_empty() {
        let by_kana = c
            .accounts(&AccountQuery {
                q: Some(first.name_kana.clone()),
                limit: Some(50),
            })
            .await
            .expect("by kana");
        assert!(by_kana.iter().any(|a| a.id == first.id));
    }
    let none = c
        .accounts(&AccountQuery {
            q: Some("100%_存在しない".into()),
            limit: None,
        })
        .await
        .expect("wildcards are literal");
    assert!(none.is_empty());
    let err = c
        .accounts(&AccountQuery {
            q: None,
            limit: Some(51),
        })
        .await
        .expect_err("limit");
    assert_eq!(err.status(), Some(422));
}

#[tokio::test]
async fn a_member_creates_an_account_and_finds_it() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer2@example.com").await;
    let segments = c.segments().await.expect("segments");
    let territories = c.territories().await.expect("territories");
    assert!(!segments.is_empty() && !territories.is_empty());
    let a = c
        .create_account(&NewAccount {
            name: "  瑞穂精密工業株式会社 ".into(),
            name_kana: Some("ミズホセイミツコウギョウ".into()),
            segment_id: Some(segments[0].id),
            territory_id: Some(territories[0].id),
            phone: Some("03-1234-5678".into()),
        })
        .await
        .expect("create");
    assert_eq!(a.name, "瑞穂精密工業株式会社");
    let found = c
        .accounts(&AccountQuery {
            q: Some("セイミツコウギョウ".into()),
            limit: None,
        })
        .await
        .expect("search");
    assert_eq!(found.iter().map(|x| x.id).collect::<Vec<_>>(), [a.id]);
    let audit = crate::common::count(
        &app.db,
        &format!(
            "audit_log WHERE entity = 'account' AND entity_id = {}",
            a.id
        ),
    )
    .await;
    assert_eq!(audit, 1);
}

#[tokio::test]
async fn a_bad_account_changes_nothing() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer1@example.com").await;
    let before = crate::common::count(&app.db, "accounts").await;
    let err = c
        .create_account(&NewAccount {
            name: " ".into(),
            name_kana: None,
            segment_id: None,
            territory_id: None,
            phone: None,
        })
        .await
        .expect_err("blank");
    assert_eq!(err.code(), Some(ErrorCode::Validation));
    let err = c
        .create_account(&NewAccount {
            name: "有効な名前".into(),
            name_kana: None,
            segment_id: Some(SegmentId(999)),
            territory_id: Some(TerritoryId(999)),
            phone: None,
        })
        .await
        .expect_err("unknown refs");
    let fields: Vec<String> = err
        .api_error()
        .map(|e| e.error.fields.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["segment_id", "territory_id"]);
    assert_eq!(crate::common::count(&app.db, "accounts").await, before);
    let anon = app.client();
    assert_eq!(
        anon.accounts(&AccountQuery::default())
            .await
            .expect_err("401")
            .status(),
        Some(401)
    );
}
