//! OpenID Connect login: the authorization code flow with PKCE (S256), a
//! nonce, and the state kept on the server (table `oidc_logins`, used once,
//! at most ten minutes old) and bound to the browser by a short-lived cookie.
//!
//! `start` sends the browser to the municipality's provider; `callback`
//! takes its answer, exchanges the code at the token endpoint, checks the ID
//! token (signature from the provider's JWKS, issuer, audience, expiry, nonce)
//! and starts a session for the account linked to the identity. An account is
//! linked the first time when its user name (in the provider's municipality)
//! equals the `preferred_username` claim; nobody gets an account just by
//! logging in. Every refusal is written to the audit log and shown as a Dutch
//! page; nothing a provider or a visitor sends ends in a 500.

use super::session::{self, SESSION_COOKIE};
use super::{account_entry, audit_entry};
use crate::error::{title_for, AppError, AppResult, Problem};
use crate::state::{AppState, OidcProviderConfig};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use kompas_domain::{AuditAction, AuditOutcome};
use kompas_store::oidc::{self as store, PendingLogin};
use kompas_store::users::User;
use kompas_store::{audit, sessions, tenancy, users, StoreError};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;
use url::Url;

/// Shown when the identity is fine but no Kompas account belongs to it.
pub const NOT_PROVISIONED: &str = "Uw account is nog niet aangemaakt in Kompas. \
    Vraag de beheerder van uw gemeente om een account.";
pub const EXPIRED: &str =
    "Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw met inloggen.";
pub const OTHER_BROWSER: &str = "Deze inlogpoging is in een andere browser of een ander tabblad \
    begonnen. Begin opnieuw met inloggen.";
pub const INCOMPLETE: &str =
    "Het antwoord van de inlogdienst is onvolledig. Begin opnieuw met inloggen.";
pub const NOT_CONFIRMED: &str =
    "De inlogdienst van uw gemeente heeft de inlogpoging niet bevestigd. \
    Begin opnieuw met inloggen.";
pub const INVALID_TOKEN: &str = "De inlogdienst van uw gemeente stuurde een identiteitsbewijs dat \
    Kompas niet kan vertrouwen. Begin opnieuw met inloggen; blijft dit gebeuren, neem dan contact \
    op met de beheerder.";
pub const DISABLED: &str = "Uw account in Kompas is geblokkeerd. Neem contact op met de beheerder \
    van uw gemeente.";
pub const UNAVAILABLE: &str = "De inlogdienst van uw gemeente is nu niet bereikbaar of niet goed \
    ingesteld. Probeer het later opnieuw of log in met uw gebruikersnaam en wachtwoord.";

/// A pending login older than this is refused and eventually purged.
const PENDING_MINUTES: i64 = 10;
/// Clock difference tolerated between us and the provider.
const LEEWAY_SECONDS: i64 = 60;
/// Answers from a provider larger than this are refused.
const MAX_BODY: usize = 512 * 1024;
/// Discovery documents and keys are fetched again after this long.
const METADATA_TTL: std::time::Duration = std::time::Duration::from_secs(60 * 60);
/// An unknown key id makes us fetch the JWKS again, but not more often than this.
const JWKS_MIN_REFRESH: std::time::Duration = std::time::Duration::from_secs(30);
/// Binds a pending login to the browser that started it (holds the state).
const FLOW_COOKIE: &str = "kompas_sso";
const FLOW_COOKIE_PATH: &str = "/inloggen/sso";
/// `amr` values that show the provider already asked for a second factor.
const SECOND_FACTOR_AMR: [&str; 4] = ["mfa", "otp", "hwk", "sms"];

fn provider<'a>(state: &'a AppState, name: &str) -> AppResult<&'a OidcProviderConfig> {
    state
        .config
        .oidc
        .iter()
        .find(|p| p.name == name)
        .ok_or(AppError::NotFound)
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0_u8; N];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

/// The PKCE `code_challenge` for a verifier (method S256, RFC 7636).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// True when the provider's `amr` claim shows a second factor was used.
pub fn amr_has_second_factor(amr: &[String]) -> bool {
    amr.iter().any(|a| SECOND_FACTOR_AMR.contains(&a.as_str()))
}

/// One relying-party flow against a provider: the staff login here, the
/// residents' DigiD login in `crate::resident::digid`. The discovery, PKCE,
/// state and ID-token checks are the same; where the browser comes back, the
/// cookie binding the attempt and the scope differ.
pub struct Flow<'a> {
    pub provider: &'a OidcProviderConfig,
    /// The full callback address registered at the provider.
    pub redirect_uri: String,
    pub cookie: &'static str,
    pub cookie_path: String,
    pub scope: &'static str,
}

/// The staff flow for a provider.
fn staff_flow<'a>(state: &AppState, p: &'a OidcProviderConfig) -> Flow<'a> {
    Flow {
        provider: p,
        redirect_uri: format!(
            "{}/inloggen/sso/{}/terug",
            state.config.public_url.trim_end_matches('/'),
            crate::pages::url_encode(&p.name)
        ),
        cookie: FLOW_COOKIE,
        cookie_path: FLOW_COOKIE_PATH.into(),
        scope: "openid profile email",
    }
}

impl Flow<'_> {
    /// The cookie binding a pending login to the browser (empty value and
    /// `max_age` 0 remove it).
    pub fn cookie(&self, state: &AppState, value: &str, max_age: i64) -> HeaderValue {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        HeaderValue::from_str(&format!(
            "{}={value}; Path={}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
            self.cookie, self.cookie_path
        ))
        .unwrap_or(HeaderValue::from_static(""))
    }
}

// ---------------------------------------------------------------------------
// Talking to the provider.

fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Kompas/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default()
    })
}

/// Reads a JSON answer of at most `MAX_BODY` bytes.
async fn read_json<T: serde::de::DeserializeOwned>(
    mut res: reqwest::Response,
) -> Result<T, String> {
    if res.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err("antwoord te groot".into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = res
        .chunk()
        .await
        .map_err(|e| format!("lezen mislukt: {e}"))?
    {
        if body.len() + chunk.len() > MAX_BODY {
            return Err("antwoord te groot".into());
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| format!("geen geldige JSON: {e}"))
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &Url) -> Result<T, String> {
    let res = http()
        .get(url.clone())
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| format!("{url} niet bereikbaar: {e}"))?;
    if !res.status().is_success() {
        return Err(format!("{url} antwoordde {}", res.status()));
    }
    read_json(res).await.map_err(|e| format!("{url}: {e}"))
}

#[derive(Debug, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    id_token_signing_alg_values_supported: Vec<String>,
}

/// What we use from the discovery document.
#[derive(Debug, Clone)]
struct Metadata {
    authorization_endpoint: Url,
    token_endpoint: Url,
    jwks_uri: Url,
    /// Asymmetric algorithms the provider signs ID tokens with.
    algorithms: Vec<Algorithm>,
}

#[derive(Clone)]
struct Key {
    kid: Option<String>,
    alg: Option<Algorithm>,
    kind: KeyKind,
    key: DecodingKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
}

/// Algorithms we accept for ID tokens, with the key kind each needs. No
/// `none`, no shared-secret (HS*) algorithms.
fn key_kind_for(alg: Algorithm) -> Option<KeyKind> {
    match alg {
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => Some(KeyKind::Rsa),
        Algorithm::ES256 => Some(KeyKind::EcP256),
        Algorithm::ES384 => Some(KeyKind::EcP384),
        _ => None,
    }
}

struct Cached {
    metadata: Metadata,
    fetched: Instant,
    keys: Option<(Arc<Vec<Key>>, Instant)>,
}

/// Discovery documents and keys per issuer, for the life of the process.
fn cache() -> &'static Mutex<HashMap<String, Cached>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Cached>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// An endpoint from the discovery document: https, unless the issuer itself
/// is plain http (a development or test provider).
fn endpoint(issuer: &Url, raw: &str, what: &str) -> Result<Url, String> {
    let u = Url::parse(raw).map_err(|e| format!("{what} '{raw}' is geen geldige URL: {e}"))?;
    let ok = u.scheme() == "https" || (u.scheme() == "http" && issuer.scheme() == "http");
    if ok {
        Ok(u)
    } else {
        Err(format!("{what} '{raw}' gebruikt geen https"))
    }
}

async fn fetch_metadata(p: &OidcProviderConfig) -> Result<Metadata, String> {
    let issuer =
        Url::parse(&p.issuer).map_err(|e| format!("issuer '{}' is ongeldig: {e}", p.issuer))?;
    let url = endpoint(
        &issuer,
        &format!(
            "{}/.well-known/openid-configuration",
            p.issuer.trim_end_matches('/')
        ),
        "discovery-adres",
    )?;
    let d: Discovery = get_json(&url).await?;
    if d.issuer != p.issuer {
        return Err(format!(
            "discovery noemt issuer '{}', ingesteld is '{}'",
            d.issuer, p.issuer
        ));
    }
    let algorithms: Vec<Algorithm> = if d.id_token_signing_alg_values_supported.is_empty() {
        vec![Algorithm::RS256]
    } else {
        d.id_token_signing_alg_values_supported
            .iter()
            .filter_map(|a| Algorithm::from_str(a).ok())
            .filter(|a| key_kind_for(*a).is_some())
            .collect()
    };
    if algorithms.is_empty() {
        return Err("de inlogdienst ondertekent ID-tokens niet met RSA of EC".into());
    }
    Ok(Metadata {
        authorization_endpoint: endpoint(
            &issuer,
            &d.authorization_endpoint,
            "authorization_endpoint",
        )?,
        token_endpoint: endpoint(&issuer, &d.token_endpoint, "token_endpoint")?,
        jwks_uri: endpoint(&issuer, &d.jwks_uri, "jwks_uri")?,
        algorithms,
    })
}

/// The provider's metadata, from the cache when fresh. A stale copy is used
/// when the provider cannot be reached for a new one.
async fn metadata(p: &OidcProviderConfig) -> Result<Metadata, String> {
    let cached = cache()
        .lock()
        .ok()
        .and_then(|c| c.get(&p.issuer).map(|e| (e.metadata.clone(), e.fetched)));
    if let Some((m, fetched)) = &cached {
        if fetched.elapsed() < METADATA_TTL {
            return Ok(m.clone());
        }
    }
    match fetch_metadata(p).await {
        Ok(m) => {
            if let Ok(mut c) = cache().lock() {
                c.insert(
                    p.issuer.clone(),
                    Cached {
                        metadata: m.clone(),
                        fetched: Instant::now(),
                        keys: None,
                    },
                );
            }
            Ok(m)
        }
        Err(e) => match cached {
            Some((m, _)) => {
                tracing::warn!(issuer = %p.issuer, error = %e, "OIDC discovery failed; using the cached copy");
                Ok(m)
            }
            None => Err(e),
        },
    }
}

#[derive(Debug, Deserialize)]
struct RawJwks {
    keys: Vec<serde_json::Value>,
}

/// One signing key from a JWK; keys for encryption or of kinds we do not use
/// are skipped rather than failing the whole set.
fn parse_jwk(v: &serde_json::Value) -> Option<Key> {
    let s = |name: &str| v.get(name).and_then(serde_json::Value::as_str);
    if s("use").is_some_and(|u| u != "sig") {
        return None;
    }
    let alg = match s("alg") {
        Some(a) => Some(
            Algorithm::from_str(a)
                .ok()
                .filter(|a| key_kind_for(*a).is_some())?,
        ),
        None => None,
    };
    let (kind, key) = match s("kty")? {
        "RSA" => (
            KeyKind::Rsa,
            DecodingKey::from_rsa_components(s("n")?, s("e")?).ok()?,
        ),
        "EC" => {
            let kind = match s("crv")? {
                "P-256" => KeyKind::EcP256,
                "P-384" => KeyKind::EcP384,
                _ => return None,
            };
            (
                kind,
                DecodingKey::from_ec_components(s("x")?, s("y")?).ok()?,
            )
        }
        _ => return None,
    };
    if alg.is_some_and(|a| key_kind_for(a) != Some(kind)) {
        return None;
    }
    Some(Key {
        kid: s("kid").map(str::to_string),
        alg,
        kind,
        key,
    })
}

/// The provider's signing keys; `refresh` fetches them again unless that
/// happened very recently.
async fn keys(
    p: &OidcProviderConfig,
    m: &Metadata,
    refresh: bool,
) -> Result<Arc<Vec<Key>>, String> {
    let cached = cache()
        .lock()
        .ok()
        .and_then(|c| c.get(&p.issuer).and_then(|e| e.keys.clone()));
    if let Some((k, fetched)) = &cached {
        let fresh = fetched.elapsed() < METADATA_TTL;
        let recent = fetched.elapsed() < JWKS_MIN_REFRESH;
        if (fresh && !refresh) || recent {
            return Ok(k.clone());
        }
    }
    let raw: RawJwks = get_json(&m.jwks_uri).await?;
    let parsed: Vec<Key> = raw.keys.iter().filter_map(parse_jwk).collect();
    if parsed.is_empty() {
        return Err("de JWKS van de inlogdienst bevat geen bruikbare sleutel".into());
    }
    let parsed = Arc::new(parsed);
    if let Ok(mut c) = cache().lock() {
        if let Some(e) = c.get_mut(&p.issuer) {
            e.keys = Some((parsed.clone(), Instant::now()));
        }
    }
    Ok(parsed)
}

#[derive(Debug, Deserialize)]
struct TokenResponse {
    #[serde(default)]
    id_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenError {
    #[serde(default)]
    error: String,
}

enum Exchange {
    Tokens(TokenResponse),
    /// The provider refused (e.g. `invalid_grant`).
    Refused(String),
    Unreachable(String),
}

/// Exchanges the code at the token endpoint (client_secret_basic when a
/// secret is configured, otherwise as a public client).
async fn exchange_code(
    p: &OidcProviderConfig,
    m: &Metadata,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Exchange {
    let body = {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("code_verifier", verifier);
        if p.client_secret.is_none() {
            form.append_pair("client_id", &p.client_id);
        }
        form.finish()
    };
    let mut req = http()
        .post(m.token_endpoint.clone())
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(secret) = &p.client_secret {
        // RFC 6749 §2.3.1: both parts form-encoded before Basic.
        let user = crate::pages::url_encode(&p.client_id);
        let pass = crate::pages::url_encode(secrecy::ExposeSecret::expose_secret(secret));
        req = req.basic_auth(user, Some(pass));
    }
    let res = match req.body(body).send().await {
        Ok(r) => r,
        Err(e) => return Exchange::Unreachable(format!("tokenendpoint niet bereikbaar: {e}")),
    };
    let status = res.status();
    if status.is_success() {
        match read_json::<TokenResponse>(res).await {
            Ok(t) => Exchange::Tokens(t),
            Err(e) => Exchange::Refused(format!("tokenantwoord onleesbaar: {e}")),
        }
    } else if status.is_client_error() {
        let error = read_json::<TokenError>(res)
            .await
            .map(|e| e.error)
            .unwrap_or_default();
        Exchange::Refused(format!(
            "tokenendpoint weigerde ({status}) {}",
            printable(&error, 60)
        ))
    } else {
        Exchange::Unreachable(format!("tokenendpoint antwoordde {status}"))
    }
}

// ---------------------------------------------------------------------------
// The ID token.

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct IdClaims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: f64,
    #[serde(default)]
    nbf: Option<f64>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    amr: Option<Vec<String>>,
    /// Every other claim (a DigiD broker's BSN and assurance level).
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// The verified identity from an ID token.
#[derive(Clone)]
pub struct Identity {
    pub subject: String,
    pub preferred_username: Option<String>,
    pub amr: Vec<String>,
    /// The token's other claims, by name.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for Identity {
    // Claims may hold a BSN: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("preferred_username", &self.preferred_username)
            .finish_non_exhaustive()
    }
}

enum TokenCheck {
    Valid(Identity),
    /// No key with the token's key id (the provider may have rotated its keys).
    UnknownKey,
    Invalid(String),
}

fn verify_id_token(
    token: &str,
    keys: &[Key],
    p: &OidcProviderConfig,
    m: &Metadata,
    nonce: &str,
    now: DateTime<Utc>,
) -> TokenCheck {
    let head = match jsonwebtoken::decode_header(token) {
        Ok(h) => h,
        Err(e) => return TokenCheck::Invalid(format!("ID-token onleesbaar: {e}")),
    };
    let Some(kind) = key_kind_for(head.alg).filter(|_| m.algorithms.contains(&head.alg)) else {
        return TokenCheck::Invalid(format!(
            "ID-token met niet toegestaan algoritme {:?}",
            head.alg
        ));
    };
    let candidates: Vec<&Key> = keys
        .iter()
        .filter(|k| k.kind == kind && k.alg.is_none_or(|a| a == head.alg))
        .filter(|k| match &head.kid {
            Some(kid) => k.kid.as_deref() == Some(kid.as_str()),
            None => true,
        })
        .collect();
    let key = match (candidates.as_slice(), &head.kid) {
        ([k], _) => *k,
        ([], _) => return TokenCheck::UnknownKey,
        (_, None) => return TokenCheck::Invalid("ID-token zonder kid en meerdere sleutels".into()),
        (_, Some(_)) => return TokenCheck::Invalid("meerdere sleutels met dezelfde kid".into()),
    };
    let mut v = Validation::new(head.alg);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    v.set_audience(&[p.client_id.as_str()]);
    v.set_issuer(&[p.issuer.as_str()]);
    // Times are checked below against our own clock.
    v.validate_exp = false;
    v.validate_nbf = false;
    let claims = match jsonwebtoken::decode::<IdClaims>(token, &key.key, &v) {
        Ok(d) => d.claims,
        Err(e) => {
            use jsonwebtoken::errors::ErrorKind as K;
            let reason = match e.kind() {
                K::InvalidSignature => "handtekening van het ID-token klopt niet".to_string(),
                K::InvalidAudience => "ID-token is niet voor Kompas bedoeld (aud)".to_string(),
                K::InvalidIssuer => "ID-token van een andere uitgever (iss)".to_string(),
                K::MissingRequiredClaim(c) => format!("ID-token mist claim {c}"),
                _ => format!("ID-token ongeldig: {e}"),
            };
            return TokenCheck::Invalid(reason);
        }
    };
    if claims.iss != p.issuer {
        return TokenCheck::Invalid("ID-token van een andere uitgever (iss)".into());
    }
    let audiences = match &claims.aud {
        Audience::One(a) => vec![a.as_str()],
        Audience::Many(v) => v.iter().map(String::as_str).collect(),
    };
    if !audiences.contains(&p.client_id.as_str()) {
        return TokenCheck::Invalid("ID-token is niet voor Kompas bedoeld (aud)".into());
    }
    if audiences.len() > 1 && claims.azp.as_deref().is_some_and(|a| a != p.client_id) {
        return TokenCheck::Invalid(
            "ID-token is voor een andere toepassing uitgegeven (azp)".into(),
        );
    }
    let now_s = now.timestamp() as f64;
    if claims.exp + (LEEWAY_SECONDS as f64) < now_s {
        return TokenCheck::Invalid("ID-token is verlopen (exp)".into());
    }
    if claims
        .nbf
        .is_some_and(|nbf| nbf - (LEEWAY_SECONDS as f64) > now_s)
    {
        return TokenCheck::Invalid("ID-token is nog niet geldig (nbf)".into());
    }
    if claims.nonce.as_deref() != Some(nonce) {
        return TokenCheck::Invalid("nonce in het ID-token klopt niet".into());
    }
    if claims.sub.is_empty() || claims.sub.len() > 255 {
        return TokenCheck::Invalid("ID-token met ongeldige sub".into());
    }
    TokenCheck::Valid(Identity {
        subject: claims.sub,
        preferred_username: claims.preferred_username,
        amr: claims.amr.unwrap_or_default(),
        claims: claims.extra,
    })
}

// ---------------------------------------------------------------------------
// Handlers.

pub async fn start(State(state): State<AppState>, Path(name): Path<String>) -> AppResult<Response> {
    let p = provider(&state, &name)?;
    begin(&state, &staff_flow(&state, p)).await
}

/// Sends the browser to the provider, with a new pending login bound to it.
pub async fn begin(state: &AppState, flow: &Flow<'_>) -> AppResult<Response> {
    let p = flow.provider;
    let m = match metadata(p).await {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(provider = %p.name, error = %e, "OIDC provider unavailable");
            return Ok(unavailable());
        }
    };
    let now = state.clock.now();
    let pending = PendingLogin {
        state: hex::encode(random_bytes::<32>()),
        provider: p.name.clone(),
        nonce: URL_SAFE_NO_PAD.encode(random_bytes::<32>()),
        pkce_verifier: URL_SAFE_NO_PAD.encode(random_bytes::<32>()),
        created_at: now,
    };
    let mut tx = state.db.begin().await?;
    store::purge_pending(&mut tx, now - Duration::minutes(PENDING_MINUTES)).await?;
    store::save_pending(&mut tx, &pending).await?;
    tx.commit().await.map_err(kompas_store::StoreError::from)?;

    let mut target = m.authorization_endpoint.clone();
    target
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &p.client_id)
        .append_pair("redirect_uri", &flow.redirect_uri)
        .append_pair("scope", flow.scope)
        .append_pair("state", &pending.state)
        .append_pair("nonce", &pending.nonce)
        .append_pair("code_challenge", &pkce_challenge(&pending.pkce_verifier))
        .append_pair("code_challenge_method", "S256");
    let location = HeaderValue::from_str(target.as_str()).map_err(anyhow::Error::from)?;
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(header::LOCATION, location);
    res.headers_mut().insert(
        header::SET_COOKIE,
        flow.cookie(state, &pending.state, PENDING_MINUTES * 60),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Why a login did not happen.
pub enum Failure {
    /// Refused: a message for the person, a reason for the audit log.
    Refused {
        message: &'static str,
        reason: String,
        /// Whom it was about, as far as known.
        user: Option<Box<User>>,
        name: Option<String>,
        outcome: AuditOutcome,
    },
    /// The provider could not be reached or is misconfigured.
    Unavailable(String),
    Internal(AppError),
}

impl Failure {
    pub fn refused(message: &'static str, reason: impl Into<String>) -> Failure {
        Failure::Refused {
            message,
            reason: reason.into(),
            user: None,
            name: None,
            outcome: AuditOutcome::Failure,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Internal(e.into())
    }
}

pub fn internal<E: std::error::Error + Send + Sync + 'static>(e: E) -> Failure {
    Failure::Internal(AppError::Internal(anyhow::Error::from(e)))
}

/// At most `max` characters without control characters, for audit details.
pub fn printable(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

pub fn unavailable() -> Response {
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let mut res = status.into_response();
    res.extensions_mut().insert(Problem {
        status,
        title: title_for(status),
        detail: UNAVAILABLE.to_string(),
    });
    res
}

pub async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = provider(&state, &name)?;
    let params: HashMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    match finish_login(&state, &staff_flow(&state, p), &params, &headers).await {
        Ok(res) => Ok(res),
        Err(f) => refuse(&state, p, f).await,
    }
}

/// Records the failure in the audit log and shows it.
async fn refuse(state: &AppState, p: &OidcProviderConfig, f: Failure) -> AppResult<Response> {
    let (message, reason, user, name, outcome) = match f {
        Failure::Internal(e) => return Err(e),
        Failure::Refused {
            message,
            reason,
            user,
            name,
            outcome,
        } => (Some(message), reason, user, name, outcome),
        Failure::Unavailable(reason) => (None, reason, None, None, AuditOutcome::Failure),
    };
    let user = user.as_deref();
    let now = state.clock.now();
    let mut e = audit_entry(
        now,
        user,
        AuditAction::FailedLogin,
        "user",
        user.map(|u| u.id.to_string()),
    );
    if user.is_none() {
        e.actor_username = name.map(|n| printable(&n, 64));
        e.municipality_id = tenancy::municipality_by_code(&state.db, &p.municipality)
            .await
            .ok()
            .map(|m| m.id);
    }
    e.outcome = outcome;
    e.detail = Some(printable(&format!("SSO {}: {reason}", p.name), 300));
    audit::record(&state.db, &e).await?;
    match message {
        Some(message) => {
            // The reason (which may name a person) is in the audit log only.
            tracing::info!(provider = %p.name, "SSO login refused");
            Err(AppError::BadRequestForbidden(message.to_string()))
        }
        None => {
            tracing::warn!(provider = %p.name, error = %reason, "OIDC provider unavailable");
            Ok(unavailable())
        }
    }
}

async fn finish_login(
    state: &AppState,
    flow: &Flow<'_>,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Response, Failure> {
    let identity = verify_answer(state, flow, params, headers).await?;
    let p = flow.provider;
    let (user, newly_linked) = account_for(state, p, &identity).await?;
    start_session(state, flow, headers, user, newly_linked, &identity).await
}

/// Checks the provider's answer (the state used once, bound to this browser,
/// not too old), exchanges the code and verifies the ID token: the identity.
pub async fn verify_answer(
    state: &AppState,
    flow: &Flow<'_>,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Identity, Failure> {
    let p = flow.provider;
    let now = state.clock.now();
    let param = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let st = param("state").filter(|s| s.len() <= 128);

    // The state is used once, whatever happens next.
    let pending = match st {
        Some(st) => {
            let mut conn = state.db.writer().acquire().await.map_err(internal)?;
            store::take_pending(&mut conn, st).await?
        }
        None => None,
    };
    if let Some(error) = param("error") {
        return Err(Failure::refused(
            NOT_CONFIRMED,
            format!("inlogdienst meldde '{}'", printable(error, 60)),
        ));
    }
    let (Some(st), Some(code)) = (st, param("code").filter(|c| c.len() <= 4096)) else {
        return Err(Failure::refused(
            INCOMPLETE,
            "antwoord zonder code of state",
        ));
    };
    let Some(pending) = pending else {
        return Err(Failure::refused(EXPIRED, "onbekende of al gebruikte state"));
    };
    if pending.provider != p.name {
        return Err(Failure::refused(
            EXPIRED,
            "state hoort bij een andere inlogdienst",
        ));
    }
    if now - pending.created_at > Duration::minutes(PENDING_MINUTES) {
        return Err(Failure::refused(EXPIRED, "state ouder dan 10 minuten"));
    }
    if session::read_cookie(headers, flow.cookie) != Some(st) {
        return Err(Failure::refused(
            OTHER_BROWSER,
            "state hoort niet bij deze browser",
        ));
    }

    let m = metadata(p).await.map_err(Failure::Unavailable)?;
    let tokens = match exchange_code(p, &m, code, &flow.redirect_uri, &pending.pkce_verifier).await
    {
        Exchange::Tokens(t) => t,
        Exchange::Refused(reason) => return Err(Failure::refused(NOT_CONFIRMED, reason)),
        Exchange::Unreachable(reason) => return Err(Failure::Unavailable(reason)),
    };
    let Some(id_token) = tokens.id_token else {
        return Err(Failure::refused(
            INVALID_TOKEN,
            "tokenantwoord zonder id_token",
        ));
    };
    let mut check = {
        let k = keys(p, &m, false).await.map_err(Failure::Unavailable)?;
        verify_id_token(&id_token, &k, p, &m, &pending.nonce, now)
    };
    if matches!(check, TokenCheck::UnknownKey) {
        let k = keys(p, &m, true).await.map_err(Failure::Unavailable)?;
        check = verify_id_token(&id_token, &k, p, &m, &pending.nonce, now);
    }
    match check {
        TokenCheck::Valid(i) => Ok(i),
        TokenCheck::UnknownKey => Err(Failure::refused(
            INVALID_TOKEN,
            "ID-token ondertekend met een onbekende sleutel",
        )),
        TokenCheck::Invalid(reason) => Err(Failure::refused(INVALID_TOKEN, reason)),
    }
}

/// The account of a verified identity: the linked one, or (the first time)
/// the enabled, unlinked account with the same user name in the provider's
/// municipality.
async fn account_for(
    state: &AppState,
    p: &OidcProviderConfig,
    id: &Identity,
) -> Result<(User, bool), Failure> {
    let name = id
        .preferred_username
        .as_deref()
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty() && n.len() <= 128);
    // Every refusal here is a denial, recorded with the identity's subject.
    let refused = |message, reason: &str, user: Option<User>| Failure::Refused {
        message,
        reason: format!("{reason} (sub {})", printable(&id.subject, 80)),
        user: user.map(Box::new),
        name: name.clone().or_else(|| Some(id.subject.clone())),
        outcome: AuditOutcome::Denied,
    };
    if let Some(u) = users::by_oidc(&state.db, &p.issuer, &id.subject).await? {
        if u.disabled {
            return Err(refused(DISABLED, "account geblokkeerd", Some(u)));
        }
        return Ok((u, false));
    }
    let municipality = match tenancy::municipality_by_code(&state.db, &p.municipality).await {
        Ok(m) => m,
        Err(StoreError::NotFound(_)) => {
            return Err(Failure::Unavailable(format!(
                "gemeente {} van deze inlogdienst bestaat niet in Kompas",
                p.municipality
            )))
        }
        Err(e) => return Err(e.into()),
    };
    let Some(name) = name.clone() else {
        return Err(refused(
            NOT_PROVISIONED,
            "geen preferred_username en geen koppeling",
            None,
        ));
    };
    let Some(u) = users::by_username(&state.db, &name).await? else {
        return Err(refused(
            NOT_PROVISIONED,
            "geen account met deze gebruikersnaam",
            None,
        ));
    };
    if u.municipality_id != municipality.id {
        return Err(refused(
            NOT_PROVISIONED,
            "account hoort bij een andere gemeente",
            None,
        ));
    }
    if u.disabled {
        return Err(refused(DISABLED, "account geblokkeerd", Some(u)));
    }
    if store::identity_of(&state.db, u.id).await?.is_some() {
        return Err(refused(
            NOT_PROVISIONED,
            "account is al aan een andere SSO-identiteit gekoppeld",
            Some(u),
        ));
    }
    Ok((u, true))
}

async fn start_session(
    state: &AppState,
    flow: &Flow<'_>,
    headers: &HeaderMap,
    user: User,
    link: bool,
    id: &Identity,
) -> Result<Response, Failure> {
    let p = flow.provider;
    let now = state.clock.now();
    let mut tx = state.db.writer().begin().await.map_err(internal)?;
    if link {
        let linked =
            match store::link_if_unlinked(&mut tx, user.id, &p.issuer, &id.subject, now).await {
                Ok(l) => l,
                Err(StoreError::Conflict(_)) => false,
                Err(e) => return Err(e.into()),
            };
        if !linked {
            return Err(Failure::Refused {
                message: NOT_PROVISIONED,
                reason: "koppelen mislukt: account of identiteit intussen gewijzigd".into(),
                user: Some(Box::new(user)),
                name: None,
                outcome: AuditOutcome::Denied,
            });
        }
        let mut e = account_entry(now, &user, AuditAction::Update);
        e.detail = Some(format!("SSO-identiteit van {} gekoppeld", p.name));
        audit::append(&mut tx, &e).await?;
    }
    // A new session id at every login; the old one (if any) is dropped.
    if let Some(old) = session::read_cookie(headers, SESSION_COOKIE) {
        sessions::delete(&mut tx, &session::hash_token(old)).await?;
    }
    let needs_second_factor = user.role.requires_second_factor() && !amr_has_second_factor(&id.amr);
    let token = session::start(state, &mut tx, user.id, !needs_second_factor).await?;
    let mut e = account_entry(now, &user, AuditAction::Login);
    e.detail = Some(if needs_second_factor {
        format!("ingelogd via SSO {}, tweede stap volgt", p.name)
    } else {
        format!("ingelogd via SSO {}", p.name)
    });
    audit::append(&mut tx, &e).await?;
    tx.commit().await.map_err(internal)?;

    let target = if needs_second_factor {
        "/inloggen/tweede-stap?terug=%2F"
    } else {
        "/"
    };
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_static(target));
    h.append(header::SET_COOKIE, session::session_cookie(state, &token));
    h.append(header::SET_COOKIE, flow.cookie(state, "", 0));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_matches_rfc7636_example() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn second_factor_from_amr() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(amr_has_second_factor(&v(&["pwd", "mfa"])));
        assert!(amr_has_second_factor(&v(&["otp"])));
        assert!(amr_has_second_factor(&v(&["hwk"])));
        assert!(amr_has_second_factor(&v(&["sms"])));
        assert!(!amr_has_second_factor(&v(&["pwd"])));
        assert!(!amr_has_second_factor(&v(&[])));
    }

    #[test]
    fn jwks_skips_encryption_and_unknown_keys() {
        let rsa = serde_json::json!({"kty": "RSA", "kid": "a", "use": "sig", "alg": "RS256", "n": "sXch", "e": "AQAB"});
        let enc = serde_json::json!({"kty": "RSA", "kid": "b", "use": "enc", "alg": "RSA-OAEP", "n": "sXch", "e": "AQAB"});
        let hs = serde_json::json!({"kty": "oct", "kid": "c", "k": "c2VjcmV0"});
        let mismatch =
            serde_json::json!({"kty": "RSA", "kid": "d", "alg": "ES256", "n": "sXch", "e": "AQAB"});
        assert_eq!(
            parse_jwk(&rsa).map(|k| (k.kid, k.kind)),
            Some((Some("a".into()), KeyKind::Rsa))
        );
        assert!(parse_jwk(&enc).is_none());
        assert!(parse_jwk(&hs).is_none());
        assert!(parse_jwk(&mismatch).is_none());
    }

    #[test]
    fn endpoints_must_be_https_for_https_issuers() {
        let https = Url::parse("https://login.example.nl/realms/x").ok();
        let http = Url::parse("http://127.0.0.1:9000").ok();
        let (Some(https), Some(http)) = (https, http) else {
            return;
        };
        assert!(endpoint(&https, "http://login.example.nl/token", "t").is_err());
        assert!(endpoint(&https, "https://login.example.nl/token", "t").is_ok());
        assert!(endpoint(&http, "http://127.0.0.1:9000/token", "t").is_ok());
        assert!(endpoint(&https, "javascript:alert(1)", "t").is_err());
    }
}
