//! Signing in and out, sessions, expiry, rate limits, preferences.

use crate::common::{raw, spawn_app, spawn_with, test_db};
use sea_orm::{ConnectionTrait, Statement};
use server::config::Config;
use shared::api::{LoginRequest, MePatch};
use shared::{ErrorCode, Locale, Role};

fn login(email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email.into(),
        password: password.into(),
    }
}

#[tokio::test]
async fn demo_manager_signs_in_and_the_session_holds() {
    let app = spawn_app().await;
    let c = app.client();
    let me = c
        .login(&login("manager@example.com", "baton-demo"))
        .await
        .expect("sign in");
    assert_eq!(me.email, "manager@example.com");
    assert_eq!(me.roles, vec![Role::Manager]);
    assert_eq!(me.time_zone, "Asia/Tokyo");
    assert_eq!(me.locale, Locale::Ja);
    // The session is a cookie: the next call is signed in.
    assert_eq!(c.me().await.expect("me").id, me.id);
    // Every demo role signs in with the same password.
    for email in [
        "appointer1@example.com",
        "closer1@example.com",
        "success1@example.com",
        "admin@example.com",
    ] {
        app.client()
            .login(&login(email, "baton-demo"))
            .await
            .expect(email);
    }
}

#[tokio::test]
async fn the_cookie_is_httponly_samesite_and_the_token_is_not_stored() {
    let app = spawn_app().await;
    let resp = raw()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "manager@example.com", "password": "baton-demo"}))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("baton_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let token = cookie
        .trim_start_matches("baton_session=")
        .split(';')
        .next()
        .unwrap_or_default();
    let stored = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM sessions",
        ))
        .await
        .expect("query")
        .expect("a session row");
    let id: String = stored.try_get("", "id").expect("id");
    assert_ne!(id, token, "only the token's hash is stored");
    assert_eq!(id, server::session::token_id(token));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let a = app
        .client()
        .login(&login("manager@example.com", "wrong"))
        .await
        .expect_err("refused");
    let b = app
        .client()
        .login(&login("nobody@example.com", "baton-demo"))
        .await
        .expect_err("refused");
    assert_eq!(a.status(), Some(401));
    assert_eq!(a.code(), Some(ErrorCode::Unauthorized));
    assert_eq!(
        a.api_error().map(|e| e.error.message.clone()),
        b.api_error().map(|e| e.error.message.clone())
    );
    assert_eq!(a.to_string(), "The email or password is incorrect.");
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = spawn_app().await;
    let c = app.signed_in("closer1@example.com").await;
    c.logout().await.expect("sign out");
    assert_eq!(c.me().await.expect_err("signed out").status(), Some(401));
    // Signing out again is harmless.
    c.logout().await.expect("sign out twice");
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer1@example.com").await;
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            match app.db.get_database_backend() {
                sea_orm::DbBackend::Postgres => "UPDATE sessions SET expires_at = $1",
                _ => "UPDATE sessions SET expires_at = ?",
            },
            [(chrono::Utc::now() - chrono::Duration::minutes(1)).into()],
        ))
        .await
        .expect("expire");
    assert_eq!(
        c.me().await.expect_err("expired").code(),
        Some(ErrorCode::Unauthorized)
    );
    let n = server::service::auth::purge_expired(&app.db)
        .await
        .expect("purge");
    assert_eq!(n, 0, "an expired session is removed when it is presented");
}

#[tokio::test]
async fn a_deactivated_member_loses_their_session() {
    let app = spawn_app().await;
    let c = app.signed_in("closer2@example.com").await;
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE members SET active = false WHERE email = 'closer2@example.com'",
        ))
        .await
        .expect("deactivate");
    assert_eq!(c.me().await.expect_err("inactive").status(), Some(401));
    let again = app
        .client()
        .login(&login("closer2@example.com", "baton-demo"))
        .await
        .expect_err("inactive");
    assert_eq!(again.status(), Some(401));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_with(
        crate::common::demo_db().await,
        Config {
            login_failures_per_account: 3,
            ..Config::default()
        },
    )
    .await;
    for _ in 0..3 {
        let e = app
            .client()
            .login(&login("manager@example.com", "guess"))
            .await
            .expect_err("wrong");
        assert_eq!(e.status(), Some(401));
    }
    let e = app
        .client()
        .login(&login("manager@example.com", "baton-demo"))
        .await
        .expect_err("locked");
    assert_eq!(e.status(), Some(429));
    assert_eq!(e.code(), Some(ErrorCode::RateLimited));
    // Another account is not affected.
    app.client()
        .login(&login("closer1@example.com", "baton-demo"))
        .await
        .expect("other account");
    // The answer says when to retry.
    let resp = raw()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "manager@example.com", "password": "x"}))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 429);
    let retry: u64 = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    assert!(retry > 0 && retry <= 900, "{retry}");
}

#[tokio::test]
async fn failures_from_one_address_are_limited_across_accounts() {
    let app = spawn_with(
        crate::common::demo_db().await,
        Config {
            login_failures_per_address: 4,
            ..Config::default()
        },
    )
    .await;
    for i in 0..4 {
        let e = app
            .client()
            .login(&login(&format!("probe{i}@example.com"), "x"))
            .await
            .expect_err("unknown");
        assert_eq!(e.status(), Some(401));
    }
    let e = app
        .client()
        .login(&login("manager@example.com", "baton-demo"))
        .await
        .expect_err("address locked");
    assert_eq!(e.status(), Some(429));
}

#[tokio::test]
async fn language_and_time_zone_persist_for_the_member() {
    let app = spawn_app().await;
    let c = app.signed_in("appointer2@example.com").await;
    let me = c
        .update_me(&MePatch {
            locale: Some(Locale::En),
            time_zone: Some("Europe/Berlin".into()),
        })
        .await
        .expect("patch");
    assert_eq!(me.locale, Locale::En);
    // A new sign-in (another browser) sees the choice.
    let other = app.signed_in("appointer2@example.com").await;
    let me = other.me().await.expect("me");
    assert_eq!(
        (me.locale, me.time_zone.as_str()),
        (Locale::En, "Europe/Berlin")
    );
    let bad = c
        .update_me(&MePatch {
            locale: None,
            time_zone: Some("Tokyo".into()),
        })
        .await
        .expect_err("bad zone");
    assert_eq!(bad.status(), Some(422));
    assert_eq!(
        bad.api_error()
            .map(|e| e.error.fields[0].field.clone())
            .as_deref(),
        Some("time_zone")
    );
}

#[tokio::test]
async fn an_empty_database_has_no_one_to_sign_in() {
    let app = spawn_with(test_db().await, Config::default()).await;
    let e = app
        .client()
        .login(&login("manager@example.com", "baton-demo"))
        .await
        .expect_err("no members");
    assert_eq!(e.status(), Some(401));
}
