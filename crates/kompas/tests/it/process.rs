//! The real `kompas` binary as a process: bad configuration, an unreachable
//! database, `audit verify` after tampering, a crash under write load, and
//! `healthcheck` as a container runs it.

use crate::both;
use crate::support::*;
use kompas_devtools::demo::DEMO_PASSWORD;
use kompas_store::{sessions, users, Db};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kompas");

/// The `kompas` binary with a database, a data directory and nothing else from the environment.
pub(crate) fn kompas(url: &str, dir: &TempDir) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("KOMPAS_DATABASE_URL", url)
        .env("KOMPAS_DATA_DIR", &dir.0)
        .env("KOMPAS_LOG", "warn")
        .env("KOMPAS_SECRET_KEY", TEST_SECRET_KEY)
        .env("KOMPAS_INSECURE_COOKIES", "1")
        .stdin(Stdio::null());
    c
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_malformed_configuration_file_gives_one_clear_line() {
    let dir = TempDir::new("kompas-badconfig");
    let file = dir.0.join("kompas.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:8080\"\ndatabase_url = 42\n").unwrap();
    let out = Command::new(BIN)
        .args(["--config", file.to_str().unwrap(), "serve"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("kompas.toml") && err.contains("database_url"),
        "{err}"
    );
}

#[tokio::test]
async fn healthcheck_succeeds_only_while_a_server_answers_on_the_listen_port() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let healthcheck = |listen: String| {
        let dir = TempDir::new("kompas-healthcheck");
        let url = format!("sqlite://{}", dir.0.join("kompas.db").display());
        let mut c = kompas(&url, &dir);
        c.env("KOMPAS_LISTEN", listen).arg("healthcheck");
        tokio::task::spawn_blocking(move || (c.output().unwrap(), dir))
    };
    // As in the image: the server listens on every interface, the check asks loopback.
    let (out, _dir) = healthcheck(format!("0.0.0.0:{}", app.addr.port()))
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (out, _dir) = healthcheck(format!("127.0.0.1:{}", free_port()))
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("geen verbinding"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unreachable_database_gives_one_clear_line() {
    let dir = TempDir::new("kompas-nodb");
    let out = kompas("postgres://kompas:geheim@127.0.0.1:1/kompas", &dir)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("niet bereikbaar") && err.contains("127.0.0.1:1"),
        "{err}"
    );
    assert!(!err.contains("geheim"), "the password is not shown: {err}");
    let out = kompas("mysql://x/y", &dir).arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("onbekende database-URL"));
}

both!(
    audit_verify_names_a_row_changed_by_hand,
    |backend| async move {
        let dir = TempDir::new("kompas-verify");
        let Some(url) = fresh_database(backend, &dir).await else {
            return;
        };
        let out = kompas(url.expose(), &dir)
            .args(["municipality", "--code", "GM9901", "--name", "Wilgendaal"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for name in ["ans", "bert", "cor"] {
            let mut c = kompas(url.expose(), &dir);
            c.args([
                "user",
                "add",
                "--username",
                name,
                "--name",
                name,
                "--role",
                "editor",
                "--municipality",
                "GM9901",
            ]);
            assert!(c.output().unwrap().status.success());
        }
        let out = kompas(url.expose(), &dir)
            .args(["audit", "verify"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("4 regels"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let db = Db::connect(&url).await.unwrap();
        sqlx::query("UPDATE audit_log SET detail = 'gebruiker bert met rol admin' WHERE seq = 3")
            .execute(db.writer())
            .await
            .unwrap();
        db.close().await;
        let out = kompas(url.expose(), &dir)
            .args(["audit", "verify"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("auditregel 3"), "{err}");
    }
);

/// Many writes (new users, logins with sessions, audit rows) while the server is
/// killed with SIGKILL: every acknowledged write is there after a restart, and
/// the audit chain is unbroken.
async fn crash_under_load(backend: Backend) {
    let dir = TempDir::new("kompas-crash");
    let Some(url) = fresh_database(backend, &dir).await else {
        return;
    };
    {
        let settings = settings_for(&url, &dir);
        let db = kompas::open_database(&settings).await.unwrap();
        kompas_devtools::demo::load(&db, &test_keyring(), chrono::Utc::now())
            .await
            .unwrap();
        db.close().await;
    }
    let port = free_port();
    let mut server = kompas(url.expose(), &dir)
        .env("KOMPAS_LISTEN", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/health"))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin = Browser::new(&base);
    admin.login("beheer").await;
    let created: Arc<Mutex<Vec<String>>> = Arc::default();
    let sessions_made: Arc<Mutex<Vec<String>>> = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut writers = Vec::new();
    for w in 0..6 {
        let admin = admin.clone();
        let created = created.clone();
        let sessions_made = sessions_made.clone();
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            // Until the server is gone (bounded in time all the same).
            while Instant::now() < deadline {
                n += 1;
                if w % 2 == 0 {
                    // A new account: a user row and an audit row in one transaction.
                    let name = format!("crash-{w}-{n}");
                    let form = [
                        ("gebruikersnaam", name.as_str()),
                        ("naam", "Crash Test"),
                        ("rol", "editor"),
                        ("gemeente", "GM9901"),
                        ("organisatie", ""),
                        ("wachtwoord", "crash-test-wachtwoord"),
                    ];
                    match admin.try_post_form("/beheer/gebruikers", &form).await {
                        Some(res) if res.status() == 303 => created.lock().unwrap().push(name),
                        Some(_) => {}
                        None => break,
                    }
                } else {
                    // A login: a session row and an audit row.
                    let Some(res) = admin
                        .other_client()
                        .try_login_password("redacteur", DEMO_PASSWORD)
                        .await
                    else {
                        break;
                    };
                    if res.status() == 303 {
                        let cookie = session_cookie(&res);
                        if let Some(c) = cookie {
                            sessions_made.lock().unwrap().push(c);
                        }
                    }
                }
            }
        }));
    }
    // Kill it mid-load: once a few writes of each kind were acknowledged
    // (however slow the machine), and a little later, so more are in flight.
    let enough = |c: &Arc<Mutex<Vec<String>>>| c.lock().unwrap().len() > 3;
    while !(enough(&created) && enough(&sessions_made)) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let created = created.lock().unwrap().clone();
    let sessions_made = sessions_made.lock().unwrap().clone();
    assert!(
        created.len() > 3 && sessions_made.len() > 3,
        "the load did write ({} users, {} sessions)",
        created.len(),
        sessions_made.len()
    );

    // Restart and check.
    let db = Db::connect(&url).await.unwrap();
    for name in &created {
        assert!(
            users::by_username(&db, name).await.unwrap().is_some(),
            "acknowledged user {name} survived"
        );
    }
    for token in &sessions_made {
        let hash = kompas_web::auth::session::hash_token(token);
        assert!(
            sessions::get(&db, &hash, chrono::Utc::now())
                .await
                .unwrap()
                .is_some(),
            "acknowledged session survived"
        );
    }
    db.close().await;
    let out = kompas(url.expose(), &dir)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "audit verify after crash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "crash test ({backend:?}): {} users and {} sessions acknowledged, all present",
        created.len(),
        sessions_made.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn crash_loses_no_acknowledged_write_sqlite() {
    crash_under_load(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn crash_loses_no_acknowledged_write_postgres() {
    crash_under_load(Backend::Postgres).await;
}
