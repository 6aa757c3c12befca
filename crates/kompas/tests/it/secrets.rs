//! Secrets (issue 11 §4): the server needs a strong `KOMPAS_SECRET_KEY`; TOTP
//! secrets are sealed with it in the database and in backups, and a key can
//! be rotated; the resident's one-time link survives a mail scanner's GET;
//! the access log shows no one-time token or reason; cookies are `Secure`.

use crate::both;
use crate::support::*;
use kompas_devtools::demo::DEMO_TOTP_SECRET;
use kompas_domain::secret_key::{Keyring, MasterKey, OpenError, Sealed};
use kompas_store::{resident, secrets, Db};
use kompas_web::auth::session::hash_token;
use secrecy::ExposeSecret;
use sqlx::Row;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kompas");

fn key(text: &str) -> MasterKey {
    MasterKey::parse(text).unwrap()
}

fn ring(current: &str, old: &[&str]) -> Keyring {
    Keyring::new(key(current), old.iter().map(|k| key(k)).collect())
}

/// The stored text of an account's TOTP secret, as the database holds it.
pub(crate) async fn stored_totp(db: &Db, username: &str) -> (i64, String) {
    let r = sqlx::query("SELECT id, totp_secret FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(db.reader())
        .await
        .unwrap();
    (r.try_get("id").unwrap(), r.try_get("totp_secret").unwrap())
}

async fn sealed_accounts(db: &Db) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM users WHERE totp_secret IS NOT NULL")
        .fetch_one(db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// The binary with a clean environment: only what the test gives.
fn kompas(dir: &TempDir) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("KOMPAS_DATA_DIR", &dir.0)
        .env(
            "KOMPAS_DATABASE_URL",
            format!("sqlite://{}", dir.0.join("kompas.db").display()),
        )
        .env("KOMPAS_LISTEN", "127.0.0.1:0")
        .env("KOMPAS_LOG", "warn")
        .stdin(Stdio::null());
    c
}

#[test]
fn serve_refuses_a_missing_or_weak_secret_key() {
    let dir = TempDir::new("kompas-nokey");
    for key in [
        None,
        Some("geheim"),
        Some("Z2VoZWlt"),
        Some("0000000000000000000000000000000000000000000000000000000000000000"),
    ] {
        let mut c = kompas(&dir);
        if let Some(k) = key {
            c.env("KOMPAS_SECRET_KEY", k);
        }
        let out = c.arg("serve").output().unwrap();
        assert!(!out.status.success(), "serve started with key {key:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains("KOMPAS_SECRET_KEY") && err.contains("kompas secrets new-key"),
            "the message says what is wrong and how to make a key: {err}"
        );
        if let Some(k) = key {
            assert!(!err.contains(k), "the key is not repeated: {err}");
        }
    }
    // `kompas secrets new-key` makes a key that is accepted.
    let out = kompas(&dir).args(["secrets", "new-key"]).output().unwrap();
    assert!(out.status.success());
    let made = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(MasterKey::parse(&made).is_ok(), "{made}");
}

#[test]
fn the_demo_makes_its_key_once_readable_by_the_owner_only() {
    let dir = TempDir::new("kompas-demokey");
    let mut settings = kompas::settings::Settings::load(
        None,
        &MapEnv(
            [("KOMPAS_DATA_DIR".to_string(), dir.0.display().to_string())]
                .into_iter()
                .collect(),
        ),
    )
    .unwrap();
    assert!(settings.secure_cookies, "Secure by default");
    assert!(settings.keyring().is_err(), "no key configured");
    settings.for_local_demo().unwrap();
    assert!(!settings.secure_cookies, "the local demo speaks plain HTTP");
    let first = settings.keyring().unwrap().current_id().to_string();
    let file = dir.0.join(kompas::settings::KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut again = kompas::settings::Settings::load(
        None,
        &MapEnv(
            [("KOMPAS_DATA_DIR".to_string(), dir.0.display().to_string())]
                .into_iter()
                .collect(),
        ),
    )
    .unwrap();
    again.for_local_demo().unwrap();
    assert_eq!(again.keyring().unwrap().current_id(), first, "reused");
}

both!(
    totp_secrets_are_sealed_in_the_database_and_in_backups,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (id, stored) = stored_totp(&app.db, "consulent").await;
        assert!(stored.starts_with("v1."), "{stored}");
        assert!(!stored.contains(DEMO_TOTP_SECRET));
        // It opens with the server's key, for this account only.
        let sealed = Sealed::from_stored(stored.clone());
        let opened = secrets::open_totp(&test_keyring(), id, &sealed).unwrap();
        assert_eq!(opened.expose_secret(), DEMO_TOTP_SECRET);
        assert!(secrets::open_totp(&test_keyring(), id + 1, &sealed).is_err());
        // Debug output of the account shows no secret.
        let user = kompas_store::users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap();
        assert!(!format!("{user:?}").contains(&stored));

        // Logging in with the second factor still works.
        app.login("consulent").await;
        assert_eq!(app.get("/api/v1/me").await.status(), 200);

        // A backup holds the envelope, never the plain secret.
        let path = app.dir.0.join("backup.jsonl");
        kompas::commands::backup_to(&app.db, &path).await.unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&stored), "the sealed secret is backed up");
        assert!(
            !text.contains(DEMO_TOTP_SECRET),
            "no plain TOTP secret in the backup"
        );
    }
);

both!(
    plain_text_secrets_from_before_are_sealed_at_start,
    |backend| async move {
        let dir = TempDir::new("kompas-plain");
        let Some(url) = fresh_database(backend, &dir).await else {
            return;
        };
        let settings = settings_for(&url, &dir);
        let db = kompas::open_database(&settings).await.unwrap();
        kompas_devtools::demo::load(&db, &test_keyring(), chrono::Utc::now())
            .await
            .unwrap();
        // As an older version stored it.
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE username = 'consulent'")
            .bind(DEMO_TOTP_SECRET)
            .execute(db.writer())
            .await
            .unwrap();
        let app = kompas::Application::build_default(&settings, db.clone())
            .await
            .unwrap();
        let (_, stored) = stored_totp(&db, "consulent").await;
        assert!(stored.starts_with("v1."), "sealed at start: {stored}");
        let addr = app.addr;
        tokio::spawn(app.run_until(std::future::pending()));
        let web = Browser::new(&format!("http://{addr}"));
        web.login("consulent").await;
        assert_eq!(web.get("/api/v1/me").await.status(), 200);
    }
);

both!(
    rotation_moves_every_secret_to_the_new_key,
    |backend| async move {
        let dir = TempDir::new("kompas-rotate");
        let Some(url) = fresh_database(backend, &dir).await else {
            return;
        };
        let mut settings = settings_for(&url, &dir);
        let db = kompas::open_database(&settings).await.unwrap();
        kompas_devtools::demo::load(&db, &test_keyring(), chrono::Utc::now())
            .await
            .unwrap();
        let total = sealed_accounts(&db).await;
        assert!(total >= 4);
        let (id, before) = stored_totp(&db, "consulent").await;
        let before = Sealed::from_stored(before);
        let new_only = ring(TEST_SECRET_KEY_2, &[]);
        let rotating = ring(TEST_SECRET_KEY_2, &[TEST_SECRET_KEY]);

        // Before rotation: the new key alone cannot open it; with the old key listed it can.
        assert!(matches!(
            secrets::open_totp(&new_only, id, &before),
            Err(OpenError::UnknownKey(_))
        ));
        assert_eq!(
            secrets::open_totp(&rotating, id, &before)
                .unwrap()
                .expose_secret(),
            DEMO_TOTP_SECRET
        );
        // Without the old key, rotation refuses and changes nothing.
        let err = secrets::rotate(&db, &new_only, chrono::Utc::now())
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("KOMPAS_SECRET_KEY_OLD"), "{err}");
        assert_eq!(stored_totp(&db, "consulent").await.1, before.as_stored());

        // One account still in plain text from before encryption.
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE username = 'beheer'")
            .bind(DEMO_TOTP_SECRET)
            .execute(db.writer())
            .await
            .unwrap();
        let r = secrets::rotate(&db, &rotating, chrono::Utc::now())
            .await
            .unwrap();
        assert_eq!(r.plaintext, 1);
        assert_eq!(r.old_key as i64, total - 1);
        assert_eq!(r.current, 0);
        // Again: nothing left to do.
        let r = secrets::rotate(&db, &rotating, chrono::Utc::now())
            .await
            .unwrap();
        assert_eq!((r.changed(), r.current as i64), (0, total));

        // After rotation the old key is not needed, and no longer enough.
        let (_, after) = stored_totp(&db, "consulent").await;
        let after = Sealed::from_stored(after);
        assert_eq!(after.key_id(), Some(new_only.current_id()));
        assert_eq!(
            secrets::open_totp(&new_only, id, &after)
                .unwrap()
                .expose_secret(),
            DEMO_TOTP_SECRET
        );
        assert!(secrets::open_totp(&test_keyring(), id, &after).is_err());
        let census = secrets::census(&db).await.unwrap();
        assert_eq!(
            census.into_iter().collect::<Vec<_>>(),
            vec![(Some(new_only.current_id().to_string()), total as usize)]
        );
        assert!(
            matches!(
                kompas_store::audit::verify(&db).await.unwrap(),
                kompas_store::audit::Verification::Intact { .. }
            ),
            "the audit chain holds the rotation rows"
        );

        // A server with only the new key logs in with the second factor.
        settings.secret_key = Some(TEST_SECRET_KEY_2.to_string().into());
        let app = kompas::Application::build_default(&settings, db.clone())
            .await
            .unwrap();
        let addr = app.addr;
        tokio::spawn(app.run_until(std::future::pending()));
        let web = Browser::new(&format!("http://{addr}"));
        web.login("consulent").await;
        assert_eq!(web.get("/api/v1/me").await.status(), 200);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rotate_command_takes_the_old_keys_from_the_environment() {
    let dir = TempDir::new("kompas-rotate-cli");
    let url = fresh_database(Backend::Sqlite, &dir).await.unwrap();
    {
        let settings = settings_for(&url, &dir);
        let db = kompas::open_database(&settings).await.unwrap();
        kompas_devtools::demo::load(&db, &test_keyring(), chrono::Utc::now())
            .await
            .unwrap();
        db.close().await;
    }
    let rotate = |old: Option<&str>| {
        let mut c = kompas(&dir);
        c.env("KOMPAS_DATABASE_URL", url.expose())
            .env("KOMPAS_SECRET_KEY", TEST_SECRET_KEY_2);
        if let Some(o) = old {
            c.env("KOMPAS_SECRET_KEY_OLD", o);
        }
        c.args(["secrets", "rotate"]).output().unwrap()
    };
    let out = rotate(None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("KOMPAS_SECRET_KEY_OLD"));
    let out = rotate(Some(&format!("{TEST_SECRET_KEY_2}, {TEST_SECRET_KEY}")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("opnieuw versleuteld"), "{said}");
    let db = Db::connect(&url).await.unwrap();
    let (id, stored) = stored_totp(&db, "consulent").await;
    let opened = secrets::open_totp(
        &ring(TEST_SECRET_KEY_2, &[]),
        id,
        &Sealed::from_stored(stored),
    );
    assert!(opened.is_ok());
    db.close().await;
}

/// A one-time link for the member of a fresh household; returns the token.
async fn link_for_member(app: &TestApp, postcode: &str) -> (String, i64) {
    let mut tx = app.db.begin().await.unwrap();
    let fx = household_with_case(app, &mut tx, postcode, "Lotte Brink").await;
    let token = random_hex(32);
    resident::create_link(
        &mut tx,
        fx.member,
        &hash_token(&token),
        fx.pro.id,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (token, fx.household)
}

both!(
    opening_the_resident_link_does_not_use_it_up,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (token, _) = link_for_member(&app, "9905 AB").await;
        let path = format!("/mijn/inloggen/{token}");
        // A mail scanner (no cookies, GET only), twice.
        for _ in 0..2 {
            let scanner = app.other_client();
            let res = scanner.get(&path).await;
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["referrer-policy"], "no-referrer");
            assert!(res
                .headers()
                .get_all("set-cookie")
                .iter()
                .all(|c| !c.to_str().unwrap().starts_with("kompas_inwoner=")));
            let page = res.text().await.unwrap();
            assert!(page.contains("Bekijk mijn plan"), "{page}");
            assert!(page.contains(&format!("action=\"{path}\"")));
        }
        assert!(
            resident::link_usable(&app.db, &hash_token(&token), chrono::Utc::now())
                .await
                .unwrap()
        );
        // A POST without the form's token is refused and uses nothing.
        let res = app
            .other_client()
            .client
            .post(app.url(&path))
            .form(&[("csrf", "verkeerd")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // The resident presses the button: logged in, the link used up.
        let resident = app.other_client();
        assert_eq!(resident.get(&path).await.status(), 200);
        let res = resident.post_form(&path, &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/mijn");
        let page = resident.get("/mijn").await.text().await.unwrap();
        assert!(page.contains("Welkom, Lotte Brink"), "{page}");
        assert_eq!(app.other_client().get(&path).await.status(), 410);
        assert_eq!(app.other_client().post_form(&path, &[]).await.status(), 410);
        // Something that is not a token at all.
        assert_eq!(app.get("/mijn/inloggen/niet-een-token").await.status(), 410);
    }
);

both!(
    cookies_are_secure_with_hsts_by_default,
    |backend| async move {
        let Some(app) = TestApp::spawn_with(backend, |s| s.secure_cookies = true).await else {
            return;
        };
        let res = app.get("/inloggen").await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains"
        );
        let csrf_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(csrf_cookie.starts_with("kompas_csrf="), "{csrf_cookie}");
        assert!(csrf_cookie.contains("; Secure"), "{csrf_cookie}");
        // The session cookie of a login too (a browser over HTTP would not
        // send the Secure CSRF cookie back, so the test sends it itself).
        let value = csrf_cookie
            .trim_start_matches("kompas_csrf=")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let html = res.text().await.unwrap();
        let token = extract_csrf(&html).unwrap();
        assert_eq!(token, value);
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(app.url("/inloggen"))
            .header("cookie", format!("kompas_csrf={value}"))
            .form(&[
                ("gebruikersnaam", "redacteur"),
                ("wachtwoord", kompas_devtools::demo::DEMO_PASSWORD),
                ("csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let session = res.headers()["set-cookie"].to_str().unwrap();
        assert!(session.starts_with("kompas_sessie="), "{session}");
        assert!(session.contains("; Secure") && session.contains("HttpOnly"));

        // The test servers (and the demo) turn it off explicitly.
        let Some(plain) = TestApp::spawn(backend).await else {
            return;
        };
        let res = plain.get("/inloggen").await;
        assert!(res.headers().get("strict-transport-security").is_none());
        assert!(!res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
);

/// The access log of the real binary (JSON on stderr) after a resident link
/// is opened and used, and a household is asked for with a reason.
async fn access_log_hides_tokens_and_reasons(backend: Backend) {
    let dir = TempDir::new("kompas-accesslog");
    let Some(url) = fresh_database(backend, &dir).await else {
        return;
    };
    let settings = settings_for(&url, &dir);
    let db = kompas::open_database(&settings).await.unwrap();
    kompas_devtools::demo::load(&db, &test_keyring(), chrono::Utc::now())
        .await
        .unwrap();
    let token = random_hex(32);
    let household = {
        let municipality = kompas_store::tenancy::municipality_by_code(&db, "GM9901")
            .await
            .unwrap()
            .id;
        let pro = kompas_store::users::by_username(&db, "consulent")
            .await
            .unwrap()
            .unwrap();
        let now = chrono::Utc::now();
        let mut tx = db.begin().await.unwrap();
        let address = kompas_store::toegang::Address {
            postcode: Some("9906 AB".into()),
            house_number: Some(1),
            house_number_addition: None,
            street: "Proeflaan".into(),
            city: "Wilgendaal".into(),
            area_code: None,
        };
        let h = kompas_store::toegang::create_household(&mut tx, municipality, &address, now)
            .await
            .unwrap();
        let m =
            kompas_store::toegang::add_member(&mut tx, h, "Lotte Brink", None, "ouder", None, now)
                .await
                .unwrap();
        resident::create_link(&mut tx, m, &hash_token(&token), pro.id, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        h
    };
    db.close().await;
    let log = dir.0.join("access.log");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = kompas(&dir)
        .env("KOMPAS_DATABASE_URL", url.expose())
        .env("KOMPAS_SECRET_KEY", TEST_SECRET_KEY)
        .env("KOMPAS_INSECURE_COOKIES", "1")
        .env("KOMPAS_LISTEN", format!("127.0.0.1:{port}"))
        .env("KOMPAS_LOG", "info")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/health"))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(started.elapsed() < Duration::from_secs(30), "no start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let web = Browser::new(&base);
    let link = format!("/mijn/inloggen/{token}");
    assert_eq!(web.get(&link).await.status(), 200);
    assert_eq!(web.post_form(&link, &[]).await.status(), 303);
    let reason = "Schuldhulp+voor+Lotte+Brink";
    web.get(&format!("/werk/huishoudens/{household}?reden={reason}"))
        .await;
    web.login("consulent").await;
    web.get(&format!("/werk/huishoudens/{household}?reden={reason}"))
        .await;
    // Let the log lines reach the file, then stop the server.
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("/mijn/inloggen/[verborgen]"),
        "the link's requests are logged: {text}"
    );
    assert!(text.contains(&format!("/werk/huishoudens/{household}")));
    assert!(!text.contains(&token), "no token in the log: {text}");
    assert!(
        !text.contains("Schuldhulp") && !text.contains("reden="),
        "{text}"
    );
    assert!(!text.contains(DEMO_TOTP_SECRET));
    assert!(!text.contains(TEST_SECRET_KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_log_hides_tokens_and_reasons_sqlite() {
    access_log_hides_tokens_and_reasons(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_log_hides_tokens_and_reasons_postgres() {
    access_log_hides_tokens_and_reasons(Backend::Postgres).await;
}
