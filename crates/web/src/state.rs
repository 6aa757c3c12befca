use crate::assets::Assets;
use kompas_domain::lockout::LockoutPolicy;
use kompas_domain::Clock;
use kompas_store::Db;
use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;

/// A single sign-on provider (OpenID Connect) for one municipality.
/// `Debug` shows the client secret as `[REDACTED]`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct OidcProviderConfig {
    /// Short name used in URLs, e.g. `wilgendaal`.
    pub name: String,
    /// Button text, e.g. "Inloggen met uw gemeente-account".
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<secrecy::SecretString>,
    /// CBS code of the municipality whose users log in here.
    pub municipality: String,
}

/// A municipality's DigiD login for residents, through an OpenID Connect
/// broker that returns the BSN and the assurance level as claims.
/// `Debug` shows the client secret as `[REDACTED]`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigidConfig {
    /// CBS code of the municipality whose residents log in here.
    pub municipality: String,
    pub issuer: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<secrecy::SecretString>,
    /// The claim with the BSN of the person who logged in.
    #[serde(default = "default_bsn_claim")]
    pub bsn_claim: String,
    /// The claim with the assurance level (see `AssuranceLevel::parse`).
    #[serde(default = "default_level_claim")]
    pub level_claim: String,
    /// DigiD Machtigen: the claim with the BSN of the person the logged-in
    /// gemachtigde acts for; absent when acting for oneself.
    #[serde(default = "default_acting_for_claim")]
    pub acting_for_claim: String,
    /// Logins below this level are refused (default: substantieel).
    #[serde(default = "default_minimum_level")]
    pub minimum_level: kompas_domain::resident_login::AssuranceLevel,
}

fn default_bsn_claim() -> String {
    "bsn".into()
}
fn default_level_claim() -> String {
    "loa".into()
}
fn default_acting_for_claim() -> String {
    "acting_for_bsn".into()
}
fn default_minimum_level() -> kompas_domain::resident_login::AssuranceLevel {
    kompas_domain::resident_login::AssuranceLevel::Substantieel
}

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Cookies get `Secure` and HSTS is sent (the default). Only the local
    /// demo and tests over plain HTTP turn this off (`insecure_cookies`).
    pub secure_cookies: bool,
    /// A session ends after this many idle minutes.
    pub session_idle_minutes: i64,
    pub lockout: LockoutPolicy,
    /// Budgets, caps and timeouts against abuse, and which proxies to believe.
    pub limits: crate::limits::LimitsConfig,
    /// The public base URL (for SSO redirects), e.g. `https://kompas.example.nl`.
    pub public_url: String,
    pub oidc: Vec<OidcProviderConfig>,
    /// DigiD brokers for residents, at most one per municipality.
    pub digid: Vec<DigidConfig>,
    /// The small-number rules of the monitor (never off).
    pub suppression: kompas_domain::monitor::SuppressionPolicy,
    /// Working days for the first contact on a question that is not urgent.
    pub first_contact_days: kompas_domain::toegang::calendar::FirstContactDays,
    /// The public holidays that differ per municipality.
    pub holidays: kompas_domain::toegang::calendar::HolidayRules,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            session_idle_minutes: 60,
            lockout: LockoutPolicy::default(),
            limits: crate::limits::LimitsConfig::default(),
            public_url: "http://127.0.0.1:8080".into(),
            oidc: Vec::new(),
            digid: Vec::new(),
            suppression: kompas_domain::monitor::SuppressionPolicy::default(),
            first_contact_days: Default::default(),
            holidays: Default::default(),
        }
    }
}

pub struct Inner {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: WebConfig,
    /// Budgets per client address and account, caps on requests in flight.
    pub limits: crate::limits::Limits,
    pub assets: Assets,
    pub metrics: PrometheusHandle,
    /// The name shown in the header: the (first) municipality of the installation.
    pub site_name: String,
    /// The municipality whose sociale kaart the public pages show.
    pub home_municipality: Option<i64>,
    pub search: Arc<kompas_search::SearchIndex>,
    /// How `search` follows the database's change feed.
    pub index_feed: crate::directory::follower::Follower,
    /// The installation's key: opens and seals stored secrets (TOTP).
    pub secrets: Arc<kompas_domain::secret_key::Keyring>,
    /// The monitor's computed indicators, while the case events stay the same.
    pub monitor: crate::monitor::cache::Cache,
    /// Finished answers of the public search API.
    pub api_cache: crate::response_cache::ResponseCache,
    /// The home municipality's contact details for the footer (read at start,
    /// after an admin saves them and with the index's polling).
    pub contact: crate::pages::contact::ContactCache,
}

/// The municipality an installation presents on its public pages.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub municipality_id: Option<i64>,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        config: WebConfig,
        assets: Assets,
        site: Site,
        search: Arc<kompas_search::SearchIndex>,
        secrets: Arc<kompas_domain::secret_key::Keyring>,
    ) -> Self {
        AppState(Arc::new(Inner {
            db,
            clock,
            limits: crate::limits::Limits::new(config.limits.clone()),
            config,
            assets,
            metrics: crate::telemetry::metrics_handle(),
            site_name: site.name,
            home_municipality: site.municipality_id,
            search,
            index_feed: crate::directory::follower::Follower::default(),
            secrets,
            monitor: crate::monitor::cache::Cache::default(),
            api_cache: crate::response_cache::ResponseCache::new(
                4_096,
                std::time::Duration::from_secs(10),
            ),
            contact: Default::default(),
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::OidcProviderConfig;

    #[test]
    fn debug_output_hides_the_client_secret() {
        let p: OidcProviderConfig = serde_json::from_value(serde_json::json!({
            "name": "wilgendaal",
            "label": "Inloggen",
            "issuer": "https://sso.example.nl",
            "client_id": "kompas",
            "client_secret": "zeer-geheim-123",
            "municipality": "GM9901",
        }))
        .unwrap();
        let shown = format!("{p:?}");
        assert!(!shown.contains("zeer-geheim-123"), "{shown}");
        assert!(shown.contains("kompas"));
    }
}
