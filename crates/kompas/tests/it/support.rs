//! Test support: a fresh database per test on SQLite or PostgreSQL, and the
//! real application served on a random loopback port.

#![allow(dead_code)]

use kompas::settings::{Env, Settings};
use kompas::Application;
use kompas_devtools::demo;
use kompas_domain::totp::TotpSecret;
use kompas_store::{DatabaseUrl, Db, DbKind};
use rand::RngCore;
use std::collections::HashMap;
use std::path::PathBuf;

/// Runs a test body on both databases: `both!(name, |backend| async move { … })`
/// makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::support::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::support::Backend::Postgres).await
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", random_hex(8)));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn random_hex(n: usize) -> String {
    let mut b = vec![0_u8; n];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// A fresh, empty database of the given kind (not migrated), or `None` when no
/// PostgreSQL server was given and none is required.
pub async fn fresh_database(backend: Backend, dir: &TempDir) -> Option<DatabaseUrl> {
    match backend {
        Backend::Sqlite => Some(
            DatabaseUrl::parse(&format!("sqlite://{}", dir.0.join("kompas.db").display()))
                .expect("url"),
        ),
        Backend::Postgres => {
            let Ok(admin) = std::env::var("KOMPAS_TEST_POSTGRES_URL") else {
                if std::env::var("KOMPAS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                    panic!("KOMPAS_REQUIRE_POSTGRES=1 but KOMPAS_TEST_POSTGRES_URL is not set");
                }
                eprintln!(
                    "skipped: no PostgreSQL (set KOMPAS_TEST_POSTGRES_URL, or run scripts/test)"
                );
                return None;
            };
            let name = format!("kompas_test_{}", random_hex(6));
            let admin_url = DatabaseUrl::parse(&admin).expect("admin url");
            let admin_db = Db::connect(&admin_url)
                .await
                .expect("connect to test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin_db.writer())
                .await
                .expect("create test database");
            admin_db.close().await;
            let mut url = url::Url::parse(&admin).expect("url");
            url.set_path(&format!("/{name}"));
            Some(DatabaseUrl::parse(url.as_str()).expect("url"))
        }
    }
}

pub struct NoEnv;
impl Env for NoEnv {
    fn get(&self, _: &str) -> Option<String> {
        None
    }
}

pub struct MapEnv(pub HashMap<String, String>);
impl Env for MapEnv {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
}

/// The secret key of the test servers (32 random bytes, base64); test data only.
pub const TEST_SECRET_KEY: &str = "LWPxmEAqP8mbJChTWgggNqMHG8Z9eK/gkILIXtUYn0U=";
/// A second key, for rotation tests.
pub const TEST_SECRET_KEY_2: &str = "ug50FNtRqb0g+nF5TyPa+tYoyb/TNq18GA1sx5wF0/k=";

/// Settings of a test server: the given database, a random port, the test
/// key, and cookies without `Secure` (the tests speak plain HTTP).
pub fn settings_for(url: &DatabaseUrl, dir: &TempDir) -> Settings {
    let env = MapEnv(HashMap::from([
        ("KOMPAS_DATABASE_URL".to_string(), url.expose().to_string()),
        ("KOMPAS_DATA_DIR".to_string(), dir.0.display().to_string()),
        ("KOMPAS_LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("KOMPAS_SECRET_KEY".to_string(), TEST_SECRET_KEY.to_string()),
        ("KOMPAS_INSECURE_COOKIES".to_string(), "1".to_string()),
    ]));
    Settings::load(None, &env).expect("settings")
}

/// The keyring of the test key.
pub fn test_keyring() -> kompas_domain::secret_key::Keyring {
    kompas_domain::secret_key::Keyring::new(
        kompas_domain::secret_key::MasterKey::parse(TEST_SECRET_KEY).expect("test key"),
        vec![],
    )
}

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub db: Db,
    pub state: kompas_web::AppState,
    pub backend: Backend,
    pub dir: TempDir,
    /// The first browser; `other_client()` gives more, each with its own cookies.
    pub web: Browser,
}

impl std::ops::Deref for TestApp {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.web
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    /// The real application with the demo municipality, on a random port.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(
        backend: Backend,
        configure: impl FnOnce(&mut Settings),
    ) -> Option<TestApp> {
        let dir = TempDir::new("kompas-test");
        let url = fresh_database(backend, &dir).await?;
        let mut settings = settings_for(&url, &dir);
        configure(&mut settings);
        let db = kompas::open_database(&settings).await.expect("database");
        demo::load(&db, &settings.keyring().expect("key"), chrono::Utc::now())
            .await
            .expect("demo data");
        let app = Application::build_default(&settings, db.clone())
            .await
            .expect("app");
        let addr = app.addr;
        let state = app.state.clone();
        tokio::spawn(app.run_until(std::future::pending()));
        Some(TestApp {
            addr,
            db,
            state,
            backend,
            dir,
            web: Browser::new(&format!("http://{addr}")),
        })
    }
}

impl TestApp {
    /// A second instance of the application on the same database (its own
    /// port, data directory and search index, built as a server starts),
    /// as when several servers share one PostgreSQL.
    pub async fn second_instance(&self) -> TestApp {
        let dir = TempDir::new("kompas-test-second");
        let settings = settings_for(self.db.url(), &dir);
        let db = kompas::open_database(&settings).await.expect("database");
        let app = Application::build_default(&settings, db.clone())
            .await
            .expect("second app");
        let addr = app.addr;
        let state = app.state.clone();
        tokio::spawn(app.run_until(std::future::pending()));
        TestApp {
            addr,
            db,
            state,
            backend: self.backend,
            dir,
            web: Browser::new(&format!("http://{addr}")),
        }
    }
}

/// One browser: a cookie jar and the base URL of the app.
#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            base: base.to_string(),
            client: client(),
        }
    }

    /// Another browser (own cookies) on the same app.
    pub fn other_client(&self) -> Browser {
        Browser::new(&self.base)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The CSRF token of this browser's current viewer, read from a page form.
    pub async fn try_csrf(&self) -> Option<String> {
        let html = self
            .client
            .get(self.url("/inloggen"))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        if let Some(t) = extract_csrf(&html) {
            return Some(t);
        }
        let html = self
            .client
            .get(self.url("/"))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        extract_csrf(&html)
    }

    pub async fn csrf(&self) -> String {
        self.try_csrf().await.expect("a csrf field on the page")
    }

    /// POSTs a form with the viewer's CSRF token added; `None` when the server is gone.
    pub async fn try_post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Option<reqwest::Response> {
        let token = self.try_csrf().await?;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &token));
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .ok()
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.try_post_form(path, fields).await.expect("POST")
    }

    /// POSTs `multipart/form-data` as a browser sends a file upload, with the
    /// CSRF token as a part; `files` are (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> reqwest::Response {
        const BOUNDARY: &str = "----kompas-test-7d1f3c";
        let token = self.csrf().await;
        let mut body: Vec<u8> = Vec::new();
        let mut fields = fields.to_vec();
        fields.push(("csrf", &token));
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.client
            .post(self.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn try_login_password(
        &self,
        username: &str,
        password: &str,
    ) -> Option<reqwest::Response> {
        self.try_post_form(
            "/inloggen",
            &[
                ("gebruikersnaam", username),
                ("wachtwoord", password),
                ("terug", "/"),
            ],
        )
        .await
    }

    pub async fn login_password(&self, username: &str, password: &str) -> reqwest::Response {
        self.try_login_password(username, password)
            .await
            .expect("login")
    }

    /// Logs in completely as a demo account, with the second factor when the role needs one.
    pub async fn login(&self, username: &str) {
        let res = self.login_password(username, demo::DEMO_PASSWORD).await;
        assert_eq!(res.status(), 303, "login of {username}");
        let to = res.headers()["location"].to_str().unwrap().to_string();
        if to.starts_with("/inloggen/tweede-stap") {
            // A code is accepted once per account; a second login within the same
            // 30 seconds uses the next step's code (one step of drift is allowed).
            for step in [0, 1] {
                let code = current_totp(demo::DEMO_TOTP_SECRET, step);
                let res = self
                    .post_form("/inloggen/tweede-stap", &[("code", &code), ("terug", "/")])
                    .await;
                if res.status() == 303 {
                    return;
                }
            }
            panic!("second factor of {username} refused");
        }
    }
}

/// The session token a response sets, if any.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("kompas_sessie="))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
        .filter(|v| !v.is_empty())
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[i..].chars().take_while(|c| *c != '"').collect())
}

/// The TOTP code for now, shifted by `steps` time steps.
pub fn current_totp(secret_b32: &str, steps: i64) -> String {
    let secret = TotpSecret::from_base32(secret_b32).expect("secret");
    secret.code_at_step(chrono::Utc::now().timestamp() / 30 + steps)
}

pub fn kind_of(backend: Backend) -> DbKind {
    match backend {
        Backend::Sqlite => DbKind::Sqlite,
        Backend::Postgres => DbKind::Postgres,
    }
}

/// The demo municipality GM9901's id.
pub async fn wilgendaal(app: &TestApp) -> i64 {
    kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap()
        .id
}

/// A browser signed in as a new editor of Beekhuizen (GM9902), the demo's
/// other municipality.
pub async fn beekhuizen_editor(app: &TestApp) -> Browser {
    kompas::commands::user_add(
        &app.db,
        kompas::commands::AddUser {
            username: "redacteur-beekhuizen".into(),
            name: "Bram Beekhuizen".into(),
            role: "editor".into(),
            municipality: "GM9902".into(),
            organisation: None,
            password: kompas_devtools::demo::DEMO_PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let bram = app.other_client();
    bram.login("redacteur-beekhuizen").await;
    bram
}

/// A household (house number 1 at `postcode`) with one member and a case
/// coordinated by the demo professional, made in the caller's transaction.
pub struct CaseFixture {
    pub municipality: i64,
    pub pro: kompas_store::users::User,
    pub household: i64,
    pub member: i64,
    pub case: i64,
}

pub async fn household_with_case(
    app: &TestApp,
    tx: &mut kompas_store::Tx,
    postcode: &str,
    member_name: &str,
) -> CaseFixture {
    use kompas_store::toegang as tg;
    let municipality = wilgendaal(app).await;
    let pro = kompas_store::users::by_username(&app.db, "consulent")
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let address = tg::Address {
        postcode: Some(postcode.into()),
        house_number: Some(1),
        house_number_addition: None,
        street: "Proeflaan".into(),
        city: "Wilgendaal".into(),
        area_code: None,
    };
    let household = tg::create_household(tx, municipality, &address, now)
        .await
        .unwrap();
    let member = tg::add_member(tx, household, member_name, None, "ouder", None, now)
        .await
        .unwrap();
    let case = tg::open_case(tx, municipality, household, (pro.id, pro.role), now, None)
        .await
        .unwrap();
    CaseFixture {
        municipality,
        pro,
        household,
        member,
        case,
    }
}

/// The `n` column of a query with one id parameter, e.g. a COUNT(*) AS n.
pub async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Every municipality of the installation, for tests that read records back
/// the way the operator would (not as a user of one municipality).
pub async fn everywhere(db: &kompas_store::Db) -> kompas_domain::MunicipalityScope {
    let ids = kompas_store::tenancy::municipalities(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id);
    kompas_domain::MunicipalityScope::new(ids).unwrap()
}

/// A question as stored, read back the way the operator would.
pub async fn question_of(app: &TestApp, id: i64) -> kompas_store::toegang::Question {
    kompas_store::toegang::question_by_id(&app.db, &everywhere(&app.db).await, id)
        .await
        .unwrap()
        .unwrap()
}

/// A sent Wmo decision on `path` granting household help, with an open
/// objection against it, made through the store; (decision, objection).
pub async fn sent_decision_with_objection(
    app: &TestApp,
    scope: &kompas_domain::MunicipalityScope,
    path: i64,
) -> (i64, i64) {
    use kompas_domain::maatwerk::codes::{category, Frequency, Unit};
    use kompas_domain::maatwerk::decision::{
        Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome,
    };
    use kompas_domain::maatwerk::Law;
    let now = chrono::Utc::now();
    // The Dutch day: paths may have started on it, a day after the UTC date near midnight.
    let today = kompas_domain::dutch_time::local(now).date();
    let draft = DecisionDraft {
        law: Law::Wmo,
        kind: DecisionKind::First,
        replaces: None,
        lines: vec![Line {
            category: category(Law::Wmo, "01").unwrap(),
            product: None,
            outcome: Outcome::Granted,
            amount: Some(Amount::Volume {
                quantity: 3,
                unit: Unit::Hour,
                frequency: Frequency::PerWeek,
            }),
            delivery: Delivery::InKind,
            start: Some(today),
            end: None,
            reasoning: "Het huis schoonhouden lukt niet meer zonder hulp.".into(),
        }],
    };
    let mut tx = app.db.begin().await.unwrap();
    let m = kompas_store::maatwerk::path_by_id(&mut tx, scope, path)
        .await
        .unwrap()
        .unwrap();
    let mut version = m.version;
    for step in [
        kompas_store::maatwerk::Step::Report(today),
        kompas_store::maatwerk::Step::Application(today),
    ] {
        if m.path.melding.is_some() {
            kompas_store::maatwerk::record_step(&mut tx, scope, path, version, &step)
                .await
                .unwrap();
            version += 1;
        }
    }
    let d = kompas_store::maatwerk::save_decision(&mut tx, scope, path, &draft, None, now)
        .await
        .unwrap();
    kompas_app::maatwerk::send_decision(&mut tx, scope, d, today, now)
        .await
        .unwrap();
    let o = kompas_store::maatwerk::register_objection(&mut tx, scope, d, today, false, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (d, o)
}

/// Audit rows that record a read about a household.
pub async fn reads_about(app: &TestApp, household: i64) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE subject = $1 AND action = 'read'")
        .bind(format!("huishouden:{household}"))
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}
