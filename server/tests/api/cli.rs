//! The `baton-server` command: a real team starts without demo data.

use std::io::Write;
use std::process::{Command, Stdio};

fn baton(db_url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baton-server"));
    c.env("DATABASE_URL", db_url)
        .env_remove("BATON_MEMBER_PASSWORD")
        .env("RUST_LOG", "warn");
    c
}

/// `baton-server serve` with `BATON_DEMO=1` on a free loopback port, and a client for it.
fn serve_demo(
    db_url: &str,
    dist: &std::path::Path,
) -> (std::process::Child, shared::client::Client) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let child = baton(db_url)
        .env("BATON_DEMO", "1")
        .env("BATON_ADDR", format!("127.0.0.1:{port}"))
        .env("BATON_DIST", dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    (
        child,
        shared::client::Client::new(format!("http://127.0.0.1:{port}")),
    )
}

/// Whether the server answers its health check within ten seconds.
async fn healthy(client: &shared::client::Client) -> bool {
    for _ in 0..100 {
        if client.health().await.is_ok() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn member_add_creates_a_member_who_can_sign_in() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/nested/baton.db", dir.path().display());
    let mut child = baton(&url)
        .args([
            "member",
            "add",
            "--email",
            "boss@example.com",
            "--name",
            "社長",
            "--role",
            "manager",
            "--role",
            "closer",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"a-strong-password\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("boss@example.com") && stdout.contains("manager, closer"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("a-strong-password"),
        "the password is never printed"
    );

    let db = server::db::connect(&url)
        .await
        .expect("open the file it created");
    let m = server::service::auth::authenticate(&db, "boss@example.com", "a-strong-password")
        .await
        .expect("auth");
    assert!(m.is_some());

    // The same address twice is refused with the reason, and a short password too.
    let out = baton(&url)
        .args([
            "member",
            "add",
            "--email",
            "boss@example.com",
            "--role",
            "manager",
        ])
        .env("BATON_MEMBER_PASSWORD", "another-password")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let out = baton(&url)
        .args([
            "member",
            "add",
            "--email",
            "x@example.com",
            "--role",
            "closer",
        ])
        .env("BATON_MEMBER_PASSWORD", "short")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));
    let out = baton(&url)
        .args([
            "member",
            "add",
            "--email",
            "x@example.com",
            "--role",
            "boss",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success(), "unknown role refused");
}

#[tokio::test]
async fn serve_with_baton_demo_seeds_prints_the_logins_and_answers() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut child, client) = serve_demo(
        &format!("sqlite://{}/b.db", dir.path().display()),
        dir.path(),
    );
    let healthy = healthy(&client).await;
    let signed_in = client
        .login(&shared::api::LoginRequest {
            email: "manager@example.com".into(),
            password: "baton-demo".into(),
        })
        .await;
    child.kill().ok();
    let out = child.wait_with_output().expect("output");
    assert!(healthy, "the server answered");
    assert!(
        signed_in.is_ok(),
        "the demo manager signs in: {signed_in:?}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for login in [
        "manager@example.com",
        "appointer1@example.com",
        "closer1@example.com",
        "success1@example.com",
        "baton-demo",
    ] {
        assert!(stdout.contains(login), "{login} is printed: {stdout}");
    }
}

#[tokio::test]
async fn demo_logins_are_not_printed_over_a_real_team() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/b.db", dir.path().display());
    let out = baton(&url)
        .args([
            "member",
            "add",
            "--email",
            "boss@example.com",
            "--role",
            "manager",
        ])
        .env("BATON_MEMBER_PASSWORD", "a-strong-password")
        .output()
        .expect("run");
    assert!(out.status.success());
    let (mut child, client) = serve_demo(&url, dir.path());
    healthy(&client).await;
    let demo = client
        .login(&shared::api::LoginRequest {
            email: "manager@example.com".into(),
            password: "baton-demo".into(),
        })
        .await;
    child.kill().ok();
    let stdout =
        String::from_utf8_lossy(&child.wait_with_output().expect("output").stdout).into_owned();
    assert_eq!(
        demo.expect_err("no demo team was seeded").status(),
        Some(401)
    );
    assert!(!stdout.contains("manager@example.com"), "{stdout}");
    assert!(stdout.contains("own team"), "{stdout}");
}

#[tokio::test]
async fn demo_deals_grows_the_demo_pipeline_with_short_ranks() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/baton.db", dir.path().display());
    let out = baton(&url)
        .args(["demo-deals", "1200"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Added 1200 deals"));
    let db = server::db::connect(&url).await.expect("connect");
    let total = crate::common::count(&db, "deals WHERE pipeline_id = 1").await;
    assert_eq!(
        total,
        230 + 1200,
        "the demo's 230 sales deals and the new ones"
    );
    assert_eq!(
        crate::common::count(&db, "deals WHERE length(rank) > 4").await,
        0,
        "appended ranks stay short"
    );
    // Every stage still a total order (the unique index would have refused a duplicate).
    let again = baton(&url)
        .args(["demo-deals", "10"])
        .output()
        .expect("run again");
    assert!(again.status.success());
    assert_eq!(
        crate::common::count(&db, "deals WHERE pipeline_id = 1").await,
        230 + 1210
    );
}
