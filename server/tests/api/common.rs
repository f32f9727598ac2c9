//! `spawn_app()` and `test_db()`.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::config::Config;
use server::state::AppState;
use shared::client::Client;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh, migrated database.
pub async fn test_db() -> DatabaseConnection {
    let db = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            static N: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "baton_t_{}_{}_{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst),
                chrono::Utc::now().timestamp_micros() % 1_000_000
            );
            let admin_db = server::db::connect(&admin)
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin_db
                .execute_raw(Statement::from_string(
                    admin_db.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create a test database");
            admin_db.close().await.ok();
            let (base, _) = admin
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL ends in /database");
            server::db::connect(&format!("{base}/{name}"))
                .await
                .expect("connect to the test database")
        }
        _ => server::db::connect("sqlite::memory:")
            .await
            .expect("open in-memory SQLite"),
    };
    server::db::migrate(&db).await.expect("migrate");
    db
}

/// A fresh database with the demo team.
pub async fn demo_db() -> DatabaseConnection {
    let db = test_db().await;
    assert!(server::demo::seed_if_empty(&db).await.expect("seed"));
    db
}

/// A running server.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    /// Kept alive for the server's lifetime.
    pub _dist: tempfile::TempDir,
}

impl TestApp {
    /// The base URL.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A new client (its own cookie jar) for this server.
    pub fn client(&self) -> Client {
        Client::new(self.url(""))
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Client {
        let c = self.client();
        c.login(&shared::api::LoginRequest {
            email: email.into(),
            password: server::demo::DEMO_PASSWORD.into(),
        })
        .await
        .expect("demo sign-in");
        c
    }
}

/// Starts the server on a random loopback port over the demo team.
pub async fn spawn_app() -> TestApp {
    spawn_with(demo_db().await, Config::default()).await
}

/// Starts the server over `db` with `config` (its address and app directory are replaced).
pub async fn spawn_with(db: DatabaseConnection, config: Config) -> TestApp {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><html><head><title>Baton</title></head><body></body></html>",
    )
    .expect("write index");
    std::fs::write(dist.path().join("app-0123456789abcdef_bg.wasm"), b"\0asm")
        .expect("write asset");
    let config = Config {
        dist: dist.path().to_path_buf(),
        ..config
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = AppState::new(db.clone(), config);
    tokio::spawn(async move {
        axum::serve(
            listener,
            server::router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        addr,
        db,
        _dist: dist,
    }
}

/// A raw HTTP client for requests the typed client would never send.
pub fn raw() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

/// `SELECT COUNT(*) FROM {from}` (the rest of the query after FROM).
pub async fn count(db: &DatabaseConnection, from: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {from}"),
        ))
        .await
        .expect("count")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("n")
}

/// A raw HTTP client signed in as `email` with the demo password.
pub async fn raw_signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = raw();
    let r = c
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": server::demo::DEMO_PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(r.status(), 200);
    c
}
