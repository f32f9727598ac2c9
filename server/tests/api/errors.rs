//! The API refuses what it should, with its error shape and the right status, never a 500.

use crate::common::{raw, spawn_app};
use shared::api::NewMember;
use shared::{ErrorCode, Role};

async fn body(resp: reqwest::Response) -> (u16, serde_json::Value) {
    let status = resp.status().as_u16();
    let v = resp.json::<serde_json::Value>().await.unwrap_or_default();
    (status, v)
}

#[tokio::test]
async fn every_private_endpoint_needs_a_session() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/pipelines",
        "/api/v1/deals?pipeline_id=1",
    ] {
        let (status, v) = body(raw().get(app.url(path)).send().await.expect("send")).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(v["error"]["code"], "unauthorized", "{path}");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let (status, _) = body(
        raw()
            .post(app.url("/api/v1/members"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(status, 401);
    // A forged cookie is no session.
    let (status, _) = body(
        raw()
            .get(app.url("/api/v1/me"))
            .header("cookie", "baton_session=deadbeef")
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(status, 401);
}

fn new_member(email: &str) -> NewMember {
    NewMember {
        email: email.into(),
        name: "木村 拓也".into(),
        password: "long-enough-1".into(),
        roles: vec![Role::Appointer],
        locale: None,
        time_zone: None,
    }
}

#[tokio::test]
async fn only_managers_add_members() {
    let app = spawn_app().await;
    for email in [
        "appointer1@example.com",
        "closer1@example.com",
        "success1@example.com",
        "admin@example.com",
    ] {
        let c = app.signed_in(email).await;
        let e = c
            .create_member(&new_member("new@example.com"))
            .await
            .expect_err("not a manager");
        assert_eq!(
            (e.status(), e.code()),
            (Some(403), Some(ErrorCode::Forbidden)),
            "{email}"
        );
    }
    let manager = app.signed_in("manager@example.com").await;
    let m = manager
        .create_member(&new_member("New@Example.com"))
        .await
        .expect("manager adds");
    assert_eq!(m.roles, vec![Role::Appointer]);
    // The new member signs in (the address is case-insensitive).
    let c = app.client();
    c.login(&shared::api::LoginRequest {
        email: "new@example.com".into(),
        password: "long-enough-1".into(),
    })
    .await
    .expect("new member signs in");
    // The same address again is refused, naming the field.
    let e = manager
        .create_member(&new_member("new@example.com"))
        .await
        .expect_err("taken");
    assert_eq!(e.status(), Some(422));
    let f = &e.api_error().expect("api error").error.fields[0];
    assert_eq!((f.field.as_str(), f.code.as_str()), ("email", "taken"));
    // And bad input names every field at fault.
    let bad = NewMember {
        email: "nope".into(),
        name: "".into(),
        password: "short".into(),
        roles: vec![],
        ..new_member("")
    };
    let e = manager.create_member(&bad).await.expect_err("invalid");
    let fields: Vec<String> = e
        .api_error()
        .expect("api error")
        .error
        .fields
        .iter()
        .map(|f| f.field.clone())
        .collect();
    assert_eq!(fields, ["email", "name", "password", "roles"]);
}

#[tokio::test]
async fn malformed_bodies_are_400_and_wrong_shapes_422_with_fields() {
    let app = spawn_app().await;
    let post = |body: &'static str| {
        raw()
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let (s, v) = body(post("{\"email\": ").await.expect("send")).await;
    assert_eq!((s, v["error"]["code"].as_str()), (400, Some("bad_request")));
    let (s, v) = body(post(r#"{"email" "x"}"#).await.expect("send")).await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = body(
        post(r#"{"email":"manager@example.com","password":"baton-demo","admin":true}"#)
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["fields"][0]["field"], "admin");
    assert_eq!(v["error"]["fields"][0]["code"], "unknown_field");
    let (s, v) = body(
        post(r#"{"email":"manager@example.com","password":12}"#)
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["fields"][0]["field"], "password");
    assert_eq!(v["error"]["fields"][0]["code"], "invalid_type");
    let (s, v) = body(
        post(r#"{"email":"manager@example.com"}"#)
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["fields"][0]["field"], "password");
    assert_eq!(v["error"]["fields"][0]["code"], "required");
    let (s, v) = body(
        post(r#"{"email":"not-an-email","password":""}"#)
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["fields"].as_array().map(Vec::len), Some(2));
    // Not JSON at all.
    let (s, v) = body(
        raw()
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "text/plain")
            .body("hi")
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"email":"manager@example.com","password":"{}"}}"#,
        "x".repeat(300 * 1024)
    );
    let (s, v) = body(
        raw()
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(huge)
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
}

#[tokio::test]
async fn bad_query_strings_are_refused_with_the_parameter_named() {
    let app = spawn_app().await;
    let c = crate::common::raw_signed_in(&app, "manager@example.com").await;
    for (q, status, field) in [
        ("pipeline_id=abc", 400, "pipeline_id"),
        ("pipeline_id=1&owner_id=-x", 400, "owner_id"),
        ("pipeline_id=1&limit=99999999999", 400, "limit"),
        ("", 422, "pipeline_id"),
        ("pipeline_id=1&limit=0", 422, "limit"),
        ("pipeline_id=1&limit=501", 422, "limit"),
        ("pipeline_id=1&cursor=garbage", 422, "cursor"),
    ] {
        let (s, v) = body(
            c.get(app.url(&format!("/api/v1/deals?{q}")))
                .send()
                .await
                .expect("send"),
        )
        .await;
        assert_eq!(s, status, "{q}: {v}");
        assert_eq!(v["error"]["fields"][0]["field"], field, "{q}: {v}");
    }
    let (s, v) = body(
        c.get(app.url("/api/v1/deals?pipeline_id=999"))
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!((s, v["error"]["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing", "/api", "/api/v2/deals"] {
        let (s, v) = body(raw().get(app.url(path)).send().await.expect("send")).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (404, Some("not_found")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn openapi_documents_every_endpoint() {
    let app = spawn_app().await;
    let doc: serde_json::Value = raw()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    for (path, method) in [
        ("/api/health", "get"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/me", "patch"),
        ("/api/v1/members", "get"),
        ("/api/v1/members", "post"),
        ("/api/v1/pipelines", "get"),
        ("/api/v1/deals", "get"),
        ("/api/v1/deals", "post"),
        ("/api/v1/deals/{id}", "get"),
        ("/api/v1/deals/{id}", "patch"),
        ("/api/v1/deals/{id}/move", "post"),
        ("/api/v1/deals/{id}/history", "get"),
        ("/api/v1/pipelines/{id}/board", "get"),
        ("/api/v1/pipelines", "post"),
        ("/api/v1/pipelines/{id}", "patch"),
        ("/api/v1/pipelines/{id}/stages", "post"),
        ("/api/v1/pipelines/{id}/stages/order", "put"),
        ("/api/v1/pipelines/{id}/stages/{stage_id}", "patch"),
        ("/api/v1/pipelines/{id}/stages/{stage_id}", "delete"),
        ("/api/v1/events", "get"),
        ("/api/v1/pipelines/{id}/stages/{stage_id}/deals", "get"),
        ("/api/v1/deals/{id}/activities", "get"),
        ("/api/v1/deals/{id}/activities", "post"),
        ("/api/v1/deals/{id}/audit", "get"),
        ("/api/v1/accounts", "get"),
        ("/api/v1/accounts", "post"),
        ("/api/v1/segments", "get"),
        ("/api/v1/territories", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is documented"
        );
    }
    for schema in [
        "ApiError",
        "LoginRequest",
        "Me",
        "DealPage",
        "DealRow",
        "Pipeline",
        "NewMember",
        "Money",
        "MoveDeal",
        "StageMove",
        "NewDeal",
        "DealPatch",
        "Board",
        "Column",
        "DealCard",
        "ColumnPage",
        "Activity",
        "NewActivity",
        "AuditEntry",
        "Account",
        "NewAccount",
        "Segment",
        "Territory",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is documented"
        );
    }
    assert!(doc["components"]["securitySchemes"]["session"].is_object());
}
