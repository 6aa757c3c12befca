//! Settings from a TOML file (`--config`) and `KOMPAS_*` environment variables
//! (which win). Names are shared with operators' scripts: keep them stable.

use anyhow::{bail, Context};
use kompas_domain::secret_key::{KeyProblem, Keyring, MasterKey};
use kompas_store::DatabaseUrl;
use kompas_web::{DigidConfig, OidcProviderConfig};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    secret_key: Option<SecretString>,
    /// Keys that may still open stored secrets until `kompas secrets rotate`.
    #[serde(default)]
    old_secret_keys: Vec<SecretString>,
    assets_dir: Option<PathBuf>,
    public_url: Option<String>,
    /// Kept for older files; cookies are `Secure` unless `insecure_cookies`.
    secure_cookies: Option<bool>,
    /// Plain HTTP without TLS (the local demo only): cookies without `Secure`, no HSTS.
    insecure_cookies: Option<bool>,
    session_idle_minutes: Option<i64>,
    #[serde(default)]
    oidc: Vec<OidcProviderConfig>,
    /// `[[digid]]`: residents' DigiD login through a broker, per municipality.
    #[serde(default)]
    digid: Vec<DigidConfig>,
    /// The monitor hides cells of fewer households than this (default 10, at least 5).
    monitor_min_households: Option<u32>,
    /// The monitor rounds counts below municipal level to multiples of this (default 5).
    monitor_rounding: Option<u32>,
    /// Working days for the first contact on a question that is not urgent (default 5, 1–30).
    first_contact_days: Option<u32>,
    /// Which public holidays differ per municipality (Goede Vrijdag, Bevrijdingsdag).
    holidays: Option<kompas_domain::toegang::calendar::HolidayRules>,
    /// Proxies whose forwarding header names the client: addresses or networks.
    trusted_proxies: Option<Vec<String>>,
    /// The header those proxies write: `x-forwarded-for` (default) or `forwarded`.
    forwarded_header: Option<String>,
    limits: Option<FileLimits>,
    /// How often (milliseconds) the search index looks for changes made by
    /// other instances (default 500, 50–1000).
    index_poll_ms: Option<u32>,
}

/// `[limits]`: budgets per client, caps and timeouts (0 turns a budget or cap off).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    login_per_address_per_minute: Option<u32>,
    login_per_account_per_minute: Option<u32>,
    api_per_minute: Option<u32>,
    api_in_flight: Option<u32>,
    search_per_minute: Option<u32>,
    search_in_flight: Option<u32>,
    questions_per_minute: Option<u32>,
    reports_per_minute: Option<u32>,
    header_timeout_seconds: Option<u32>,
    request_timeout_seconds: Option<u32>,
    max_connections: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `KOMPAS_SECRET_KEY`: checked for strength when read; `serve` refuses to
    /// start without it (see `keyring`).
    pub secret_key: Option<SecretString>,
    /// `KOMPAS_SECRET_KEY_OLD` (comma-separated) or `old_secret_keys`.
    pub old_secret_keys: Vec<SecretString>,
    pub assets_dir: PathBuf,
    pub public_url: String,
    pub secure_cookies: bool,
    pub session_idle_minutes: i64,
    pub oidc: Vec<OidcProviderConfig>,
    pub digid: Vec<DigidConfig>,
    pub suppression: kompas_domain::monitor::SuppressionPolicy,
    pub first_contact_days: kompas_domain::toegang::calendar::FirstContactDays,
    pub holidays: kompas_domain::toegang::calendar::HolidayRules,
    /// Budgets, caps on requests in flight, which proxies to believe.
    pub limits: kompas_web::limits::LimitsConfig,
    /// Header timeout and connection cap of the server loop.
    pub server: crate::server::ServerLimits,
    /// `index_poll_ms` / `KOMPAS_INDEX_POLL_MS`.
    pub index_poll: std::time::Duration,
}

/// Where overrides come from; tests pass their own instead of the process env.
pub trait Env {
    fn get(&self, key: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    }
}

impl Settings {
    pub fn load(config: Option<&Path>, env: &dyn Env) -> anyhow::Result<Settings> {
        let file: FileSettings = match config {
            None => FileSettings::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!(
                        "configuratiebestand {} kan niet worden gelezen",
                        path.display()
                    )
                })?;
                toml::from_str(&text).map_err(|e| {
                    anyhow::anyhow!(
                        "configuratiebestand {}: {}",
                        path.display(),
                        e.to_string().replace('\n', " ").trim()
                    )
                })?
            }
        };
        let (limits, server) = limits(env, &file)?;
        let data_dir = env
            .get("KOMPAS_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let raw_url = env
            .get("KOMPAS_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("kompas.db").display()));
        let database_url = DatabaseUrl::parse(&raw_url)
            .map_err(|e| anyhow::anyhow!("KOMPAS_DATABASE_URL: {e}"))?;
        let listen_raw = env
            .get("KOMPAS_LISTEN")
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen: SocketAddr = listen_raw.parse().with_context(|| {
            format!("KOMPAS_LISTEN: '{listen_raw}' is geen adres met poort, bijvoorbeeld 127.0.0.1:8080")
        })?;
        let session_idle_minutes = file.session_idle_minutes.unwrap_or(60);
        if !(5..=24 * 60).contains(&session_idle_minutes) {
            bail!("session_idle_minutes moet tussen 5 en 1440 liggen");
        }
        let insecure = match env.get("KOMPAS_INSECURE_COOKIES") {
            Some(v) => yes(&v).with_context(|| {
                format!("KOMPAS_INSECURE_COOKIES: '{v}' is geen 1/0 of true/false")
            })?,
            None => file.insecure_cookies.unwrap_or(false),
        };
        let secure_cookies = !insecure && file.secure_cookies.unwrap_or(true);
        let secret_key = env
            .get("KOMPAS_SECRET_KEY")
            .map(SecretString::from)
            .or(file.secret_key);
        if let Some(k) = &secret_key {
            MasterKey::parse(k.expose_secret())?;
        }
        let old_secret_keys: Vec<SecretString> = match env.get("KOMPAS_SECRET_KEY_OLD") {
            Some(list) => list
                .split([',', ' ', '\n'])
                .filter(|k| !k.trim().is_empty())
                .map(|k| SecretString::from(k.trim().to_string()))
                .collect(),
            None => file.old_secret_keys,
        };
        for k in &old_secret_keys {
            MasterKey::parse(k.expose_secret())
                .map_err(|e| anyhow::anyhow!("KOMPAS_SECRET_KEY_OLD: {e}"))?;
        }
        let public_url = env
            .get("KOMPAS_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        let number = |key: &str, file: Option<u32>, default: u32| -> anyhow::Result<u32> {
            match env.get(key) {
                Some(v) => v
                    .trim()
                    .parse()
                    .with_context(|| format!("{key}: '{v}' is geen geheel getal")),
                None => Ok(file.unwrap_or(default)),
            }
        };
        let suppression = kompas_domain::monitor::SuppressionPolicy::new(
            number(
                "KOMPAS_MONITOR_MIN_HOUSEHOLDS",
                file.monitor_min_households,
                10,
            )?,
            number("KOMPAS_MONITOR_ROUNDING", file.monitor_rounding, 5)?,
        )
        .map_err(|e| anyhow::anyhow!("monitor: {e}"))?;
        let first_contact_days =
            kompas_domain::toegang::calendar::FirstContactDays::new(i64::from(number(
                "KOMPAS_FIRST_CONTACT_DAYS",
                file.first_contact_days,
                5,
            )?))
            .map_err(|e| anyhow::anyhow!("first_contact_days: {e}"))?;
        let index_poll = number("KOMPAS_INDEX_POLL_MS", file.index_poll_ms, 500)?;
        if !(50..=1000).contains(&index_poll) {
            anyhow::bail!(
                "index_poll_ms (KOMPAS_INDEX_POLL_MS): {index_poll} ligt niet tussen 50 en 1000 milliseconden"
            );
        }
        let mut digid_places: Vec<&str> =
            file.digid.iter().map(|d| d.municipality.as_str()).collect();
        digid_places.sort_unstable();
        if let Some(w) = digid_places.windows(2).find(|w| w[0] == w[1]) {
            bail!("[[digid]]: gemeente {} staat er meer dan één keer in", w[0]);
        }
        Ok(Settings {
            index_poll: std::time::Duration::from_millis(u64::from(index_poll)),
            limits,
            server,
            database_url,
            listen,
            data_dir,
            secret_key,
            old_secret_keys,
            assets_dir: env
                .get("KOMPAS_ASSETS_DIR")
                .map(PathBuf::from)
                .or(file.assets_dir)
                .unwrap_or_else(kompas_web::assets::default_dir),
            public_url,
            secure_cookies,
            session_idle_minutes,
            oidc: file.oidc,
            digid: file.digid,
            suppression,
            first_contact_days,
            holidays: file.holidays.unwrap_or_default(),
        })
    }

    /// The keyring for stored secrets: the current key and the old ones.
    /// Refuses a missing key with a message that says how to make one.
    pub fn keyring(&self) -> anyhow::Result<Keyring> {
        let current = match &self.secret_key {
            Some(k) => MasterKey::parse(k.expose_secret())?,
            None => return Err(KeyProblem::Missing.into()),
        };
        let old = self
            .old_secret_keys
            .iter()
            .map(|k| MasterKey::parse(k.expose_secret()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("KOMPAS_SECRET_KEY_OLD: {e}"))?;
        Ok(Keyring::new(current, old))
    }

    /// For a local, throw-away or demo server on plain HTTP: without a
    /// configured key, the key in `DATA_DIR/secret.key` (made on first use,
    /// readable by the owner only); cookies without `Secure`.
    pub fn for_local_demo(&mut self) -> anyhow::Result<()> {
        if self.secret_key.is_none() {
            self.secret_key = Some(key_in_data_dir(&self.data_dir)?);
        }
        self.secure_cookies = false;
        Ok(())
    }

    pub fn web_config(&self) -> kompas_web::WebConfig {
        kompas_web::WebConfig {
            secure_cookies: self.secure_cookies,
            session_idle_minutes: self.session_idle_minutes,
            public_url: self.public_url.clone(),
            oidc: self.oidc.clone(),
            digid: self.digid.clone(),
            suppression: self.suppression,
            first_contact_days: self.first_contact_days,
            holidays: self.holidays,
            limits: self.limits.clone(),
            ..kompas_web::WebConfig::default()
        }
    }
}

fn yes(v: &str) -> anyhow::Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "ja" | "yes" => Ok(true),
        "0" | "false" | "nee" | "no" => Ok(false),
        _ => bail!("not a yes/no value"),
    }
}

/// The file the demo keeps its secret key in.
pub const KEY_FILE: &str = "secret.key";

/// Reads `dir/secret.key`, or makes it (32 random bytes in base64, mode 0600).
pub fn key_in_data_dir(dir: &Path) -> anyhow::Result<SecretString> {
    let path = dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            MasterKey::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            return Ok(SecretString::from(text.trim().to_string()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => bail!("{} kan niet worden gelezen: {e}", path.display()),
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("map {} kan niet worden gemaakt", dir.display()))?;
    let key = MasterKey::generate(&mut rand::rngs::OsRng);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("{} kan niet worden gemaakt", path.display()))?;
    std::io::Write::write_all(&mut file, format!("{}\n", key.expose_secret()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("{} kan niet worden geschreven", path.display()))?;
    Ok(key)
}

/// `trusted_proxies`, `forwarded_header` and `[limits]`, each overridden by
/// its `KOMPAS_*` variable (`KOMPAS_TRUSTED_PROXIES` comma separated,
/// `KOMPAS_LIMITS_API_PER_MINUTE`, …).
fn limits(
    env: &dyn Env,
    file: &FileSettings,
) -> anyhow::Result<(
    kompas_web::limits::LimitsConfig,
    crate::server::ServerLimits,
)> {
    use kompas_web::limits::client::{ForwardedHeader, TrustedProxies};
    let proxies: Vec<String> = match env.get("KOMPAS_TRUSTED_PROXIES") {
        Some(v) => v.split(',').map(str::to_string).collect(),
        None => file.trusted_proxies.clone().unwrap_or_default(),
    };
    let trusted_proxies = TrustedProxies::parse(proxies.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
    let forwarded_header = match env
        .get("KOMPAS_FORWARDED_HEADER")
        .or(file.forwarded_header.clone())
    {
        Some(h) => {
            ForwardedHeader::parse(&h).map_err(|e| anyhow::anyhow!("forwarded_header: {e}"))?
        }
        None => ForwardedHeader::default(),
    };
    let none = FileLimits::default();
    let f = file.limits.as_ref().unwrap_or(&none);
    let d = kompas_web::limits::LimitsConfig::default();
    let ds = crate::server::ServerLimits::default();
    // One `[limits]` key: the environment, else the file, else the default,
    // within `range`.
    let get = |key: &str, from_file: Option<u32>, default: u64, range: RangeInclusive<u32>| {
        let var = format!("KOMPAS_LIMITS_{}", key.to_ascii_uppercase());
        let value: u32 = match env.get(&var) {
            Some(v) => v
                .trim()
                .parse()
                .with_context(|| format!("{var}: '{v}' is geen geheel getal"))?,
            None => from_file.unwrap_or(u32::try_from(default).unwrap_or(u32::MAX)),
        };
        if !range.contains(&value) {
            bail!(
                "limits.{key} moet tussen {} en {} liggen (nu {value})",
                range.start(),
                range.end()
            );
        }
        anyhow::Ok(value)
    };
    macro_rules! limit {
        ($key:ident, $default:expr, $range:expr) => {
            get(stringify!($key), f.$key, u64::from($default), $range)?
        };
    }
    const BUDGET: RangeInclusive<u32> = 0..=1_000_000;
    let config = kompas_web::limits::LimitsConfig {
        trusted_proxies,
        forwarded_header,
        login_per_address: limit!(login_per_address_per_minute, d.login_per_address, BUDGET),
        login_per_account: limit!(login_per_account_per_minute, d.login_per_account, BUDGET),
        api_per_client: limit!(api_per_minute, d.api_per_client, BUDGET),
        api_in_flight: limit!(api_in_flight, d.api_in_flight, 0..=10_000),
        search_per_client: limit!(search_per_minute, d.search_per_client, BUDGET),
        search_in_flight: limit!(search_in_flight, d.search_in_flight, 0..=10_000),
        questions_per_client: limit!(questions_per_minute, d.questions_per_client, BUDGET),
        reports_per_client: limit!(reports_per_minute, d.reports_per_client, BUDGET),
        request_timeout: Duration::from_secs(u64::from(limit!(
            request_timeout_seconds,
            d.request_timeout.as_secs() as u32,
            1..=3_600
        ))),
    };
    let server = crate::server::ServerLimits {
        header_timeout: Duration::from_secs(u64::from(limit!(
            header_timeout_seconds,
            ds.header_timeout.as_secs() as u32,
            1..=300
        ))),
        max_connections: limit!(max_connections, ds.max_connections as u32, 1..=1_000_000) as usize,
    };
    Ok((config, server))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, &'static str>);
    impl Env for MapEnv {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).map(|s| s.to_string())
        }
    }

    #[test]
    fn first_contact_days_come_from_file_or_env_within_1_to_30() {
        let path =
            std::env::temp_dir().join(format!("kompas-settings-{}.toml", std::process::id()));
        std::fs::write(
            &path,
            "first_contact_days = 3\n[holidays]\ngood_friday_off = true\nliberation_day = \"every-year\"\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path), &MapEnv(HashMap::new())).unwrap();
        assert_eq!(s.first_contact_days.get(), 3);
        assert!(s.holidays.good_friday_off);
        let env = MapEnv(HashMap::from([("KOMPAS_FIRST_CONTACT_DAYS", "8")]));
        assert_eq!(
            Settings::load(Some(&path), &env)
                .unwrap()
                .first_contact_days
                .get(),
            8
        );
        assert_eq!(
            Settings::load(None, &MapEnv(HashMap::new()))
                .unwrap()
                .first_contact_days
                .get(),
            5
        );
        let env = MapEnv(HashMap::from([("KOMPAS_FIRST_CONTACT_DAYS", "0")]));
        let e = Settings::load(None, &env).unwrap_err().to_string();
        assert!(e.contains("1 tot en met 30"), "{e}");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn digid_brokers_come_from_the_file_with_defaults_and_one_per_municipality() {
        use kompas_domain::resident_login::AssuranceLevel;
        let path = std::env::temp_dir().join(format!("kompas-digid-{}.toml", std::process::id()));
        let one = "[[digid]]\nmunicipality = \"GM9901\"\nissuer = \"https://broker.example.nl\"\nclient_id = \"kompas\"\nclient_secret = \"geheim\"\n";
        std::fs::write(
            &path,
            format!("{one}level_claim = \"acr\"\nminimum_level = \"midden\"\n"),
        )
        .unwrap();
        let s = Settings::load(Some(&path), &MapEnv(HashMap::new())).unwrap();
        let d = &s.digid[0];
        assert_eq!(d.municipality, "GM9901");
        assert_eq!(d.bsn_claim, "bsn");
        assert_eq!(d.level_claim, "acr");
        assert_eq!(d.minimum_level, AssuranceLevel::Midden);
        assert!(!format!("{d:?}").contains("geheim"));
        // The default minimum is substantieel; a level that does not exist is refused.
        std::fs::write(&path, one).unwrap();
        let s = Settings::load(Some(&path), &MapEnv(HashMap::new())).unwrap();
        assert_eq!(s.digid[0].minimum_level, AssuranceLevel::Substantieel);
        std::fs::write(&path, format!("{one}minimum_level = \"heel-hoog\"\n")).unwrap();
        assert!(Settings::load(Some(&path), &MapEnv(HashMap::new())).is_err());
        std::fs::write(&path, format!("{one}{one}")).unwrap();
        let e = Settings::load(Some(&path), &MapEnv(HashMap::new()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("GM9901"), "{e}");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn defaults_to_embedded_sqlite_on_loopback() {
        let s = Settings::load(None, &MapEnv(HashMap::new())).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database_url.sqlite_path(), Some("data/kompas.db"));
    }

    #[test]
    fn environment_wins_over_the_file() {
        let dir = std::env::temp_dir().join(format!("kompas-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("k.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\ndata_dir = \"/srv/k\"\n",
        )
        .unwrap();
        let env = MapEnv(HashMap::from([("KOMPAS_LISTEN", "0.0.0.0:7000")]));
        let s = Settings::load(Some(&file), &env).unwrap();
        assert_eq!(s.listen.to_string(), "0.0.0.0:7000");
        assert_eq!(s.database_url.sqlite_path(), Some("/srv/k/kompas.db"));
    }

    #[test]
    fn a_malformed_file_names_file_and_line() {
        let dir = std::env::temp_dir().join(format!("kompas-settings-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nlisten_typo = 3\n").unwrap();
        let err = Settings::load(Some(&file), &MapEnv(HashMap::new()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.toml"), "{err}");
        assert!(
            err.contains("line 2") || err.contains("listen_typo"),
            "{err}"
        );
        assert!(!err.contains('\n'));
    }

    #[test]
    fn the_index_polls_at_most_a_second_apart() {
        let s = Settings::load(None, &MapEnv(HashMap::new())).unwrap();
        assert_eq!(s.index_poll, std::time::Duration::from_millis(500));
        let env = MapEnv(HashMap::from([("KOMPAS_INDEX_POLL_MS", "200")]));
        let s = Settings::load(None, &env).unwrap();
        assert_eq!(s.index_poll, std::time::Duration::from_millis(200));
        for bad in ["5000", "0"] {
            let env = MapEnv(HashMap::from([("KOMPAS_INDEX_POLL_MS", bad)]));
            let err = Settings::load(None, &env).unwrap_err().to_string();
            assert!(err.contains("KOMPAS_INDEX_POLL_MS"), "{err}");
        }
    }

    #[test]
    fn the_small_number_rules_can_be_stricter_but_never_off() {
        let env = MapEnv(HashMap::from([("KOMPAS_MONITOR_MIN_HOUSEHOLDS", "20")]));
        let s = Settings::load(None, &env).unwrap();
        assert_eq!(s.suppression.min_households(), 20);
        assert_eq!(s.web_config().suppression.rounding(), 5);
        let env = MapEnv(HashMap::from([("KOMPAS_MONITOR_MIN_HOUSEHOLDS", "1")]));
        let err = Settings::load(None, &env).unwrap_err().to_string();
        assert!(err.contains("kan niet uit"), "{err}");
    }

    const KEY: &str = "LWPxmEAqP8mbJChTWgggNqMHG8Z9eK/gkILIXtUYn0U=";
    const KEY_2: &str = "ug50FNtRqb0g+nF5TyPa+tYoyb/TNq18GA1sx5wF0/k=";

    #[test]
    fn the_secret_key_is_checked_when_read_and_never_shown() {
        let s = Settings::load(None, &MapEnv(HashMap::new())).unwrap();
        let err = s.keyring().unwrap_err().to_string();
        assert!(
            err.contains("ontbreekt") && err.contains("kompas secrets new-key"),
            "{err}"
        );
        let env = MapEnv(HashMap::from([(
            "KOMPAS_SECRET_KEY",
            "correct horse battery",
        )]));
        let err = Settings::load(None, &env).unwrap_err().to_string();
        assert!(err.contains("KOMPAS_SECRET_KEY"), "{err}");
        let env = MapEnv(HashMap::from([
            ("KOMPAS_SECRET_KEY", KEY),
            ("KOMPAS_SECRET_KEY_OLD", "kort"),
        ]));
        let err = Settings::load(None, &env).unwrap_err().to_string();
        assert!(err.contains("KOMPAS_SECRET_KEY_OLD"), "{err}");
        let env = MapEnv(HashMap::from([
            ("KOMPAS_SECRET_KEY", KEY),
            ("KOMPAS_SECRET_KEY_OLD", KEY_2),
        ]));
        let s = Settings::load(None, &env).unwrap();
        let ring = s.keyring().unwrap();
        assert_eq!(ring.old_ids().len(), 1);
        let shown = format!("{s:?}");
        assert!(!shown.contains(KEY) && !shown.contains(KEY_2), "{shown}");
    }

    #[test]
    fn old_keys_and_cookies_come_from_the_file_too() {
        let dir = std::env::temp_dir().join(format!("kompas-settings-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("k.toml");
        std::fs::write(
            &file,
            format!("secret_key = \"{KEY}\"\nold_secret_keys = [\"{KEY_2}\"]\ninsecure_cookies = true\n"),
        )
        .unwrap();
        let s = Settings::load(Some(&file), &MapEnv(HashMap::new())).unwrap();
        assert_eq!(s.keyring().unwrap().old_ids().len(), 1);
        assert!(!s.secure_cookies);
        assert!(!s.web_config().secure_cookies);
        std::fs::write(&file, "secure_cookies = false\n").unwrap();
        let s = Settings::load(Some(&file), &MapEnv(HashMap::new())).unwrap();
        assert!(!s.secure_cookies, "an older file's explicit choice is kept");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn cookies_are_secure_unless_plain_http_is_asked_for() {
        let s = Settings::load(None, &MapEnv(HashMap::new())).unwrap();
        assert!(s.secure_cookies && s.web_config().secure_cookies);
        let env = MapEnv(HashMap::from([("KOMPAS_INSECURE_COOKIES", "1")]));
        assert!(!Settings::load(None, &env).unwrap().secure_cookies);
        let env = MapEnv(HashMap::from([("KOMPAS_INSECURE_COOKIES", "misschien")]));
        assert!(Settings::load(None, &env).is_err());
    }

    #[test]
    fn an_unknown_database_url_is_refused() {
        let env = MapEnv(HashMap::from([("KOMPAS_DATABASE_URL", "mysql://x/y")]));
        let err = Settings::load(None, &env).unwrap_err().to_string();
        assert!(err.contains("KOMPAS_DATABASE_URL"), "{err}");
    }

    #[test]
    fn limits_come_from_file_and_env_with_dutch_errors() {
        let dir =
            std::env::temp_dir().join(format!("kompas-settings-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("l.toml");
        std::fs::write(
            &file,
            "trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n[limits]\napi_per_minute = 60\nheader_timeout_seconds = 2\n",
        )
        .unwrap();
        let s = Settings::load(Some(&file), &MapEnv(HashMap::new())).unwrap();
        assert!(s
            .limits
            .trusted_proxies
            .contains("10.1.2.3".parse().unwrap()));
        assert!(!s
            .limits
            .trusted_proxies
            .contains("11.1.2.3".parse().unwrap()));
        assert_eq!(s.limits.api_per_client, 60);
        assert_eq!(s.web_config().limits.api_per_client, 60);
        assert_eq!(s.server.header_timeout.as_secs(), 2);
        assert_eq!(s.server.max_connections, 512);
        let env = MapEnv(HashMap::from([
            ("KOMPAS_TRUSTED_PROXIES", "192.168.0.0/16, ::1"),
            ("KOMPAS_LIMITS_API_PER_MINUTE", "0"),
            ("KOMPAS_FORWARDED_HEADER", "forwarded"),
        ]));
        let s = Settings::load(Some(&file), &env).unwrap();
        assert!(!s
            .limits
            .trusted_proxies
            .contains("10.1.2.3".parse().unwrap()));
        assert!(s.limits.trusted_proxies.contains("::1".parse().unwrap()));
        assert_eq!(s.limits.api_per_client, 0);
        let env = MapEnv(HashMap::from([("KOMPAS_TRUSTED_PROXIES", "10.0.0.0/33")]));
        let e = Settings::load(None, &env).unwrap_err().to_string();
        assert!(
            e.contains("trusted_proxies") && e.contains("10.0.0.0/33"),
            "{e}"
        );
        let env = MapEnv(HashMap::from([(
            "KOMPAS_LIMITS_HEADER_TIMEOUT_SECONDS",
            "0",
        )]));
        let e = Settings::load(None, &env).unwrap_err().to_string();
        assert!(e.contains("header_timeout_seconds"), "{e}");
        std::fs::remove_file(&file).unwrap();
    }
}
