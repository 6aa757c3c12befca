//! A small OpenID provider for TESTS ONLY, served in-process on 127.0.0.1:0:
//! discovery, JWKS, an authorize endpoint that approves a preconfigured test
//! identity at once, and a token endpoint that checks the client credentials
//! and the PKCE verifier and returns an RS256-signed ID token. Knobs make it
//! misbehave the ways a real provider (or an attacker in between) might.
//!
//! The RSA keys under `tests/fixtures/` exist for these tests only.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SIGNING_KEY_PEM: &str = include_str!("../fixtures/oidc_provider_key.pem");
const SIGNING_JWK: &str = include_str!("../fixtures/oidc_provider_key.jwk.json");
const OTHER_KEY_PEM: &str = include_str!("../fixtures/oidc_other_key.pem");
const OTHER_JWK: &str = include_str!("../fixtures/oidc_other_key.jwk.json");
pub const KID: &str = "kompas-test-1";

/// The person the provider logs in, without asking.
#[derive(Debug, Clone)]
pub struct TestIdentity {
    pub sub: String,
    pub preferred_username: Option<String>,
    pub amr: Vec<String>,
    /// More claims, as a DigiD broker adds them (BSN, assurance level,
    /// the BSN of the person acted for).
    pub extra: Vec<(String, Value)>,
}

impl TestIdentity {
    pub fn new(sub: &str, preferred_username: &str, amr: &[&str]) -> TestIdentity {
        TestIdentity {
            sub: sub.into(),
            preferred_username: Some(preferred_username.into()),
            amr: amr.iter().map(|s| s.to_string()).collect(),
            extra: Vec::new(),
        }
    }

    /// A resident as a DigiD broker returns them: `bsn` and `loa` claims,
    /// and `acting_for_bsn` with DigiD Machtigen.
    pub fn digid(bsn: &str, level: &str, acting_for: Option<&str>) -> TestIdentity {
        let mut extra = vec![
            ("bsn".to_string(), json!(bsn)),
            ("loa".to_string(), json!(level)),
        ];
        if let Some(other) = acting_for {
            extra.push(("acting_for_bsn".to_string(), json!(other)));
        }
        TestIdentity {
            sub: format!("digid-{bsn}"),
            preferred_username: None,
            amr: Vec::new(),
            extra,
        }
    }
}

/// Ways to misbehave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Misbehaviour {
    #[default]
    None,
    /// The authorize endpoint answers `error=access_denied`.
    DenyAccess,
    /// The ID token carries a nonce other than the one received.
    WrongNonce,
    /// The ID token carries no nonce at all.
    NoNonce,
    /// The ID token is for another client.
    WrongAudience,
    /// The ID token names another issuer.
    WrongIssuer,
    /// The ID token expired ten minutes ago.
    Expired,
    /// Signed by another key, under the kid of the published key.
    OtherKey,
    /// Signed by a key whose kid is not in the JWKS.
    UnknownKid,
    /// `alg: none`, no signature.
    Unsigned,
    /// HS256 with the public key as the shared secret (algorithm confusion).
    SymmetricWithPublicKey,
    /// Not a JWT at all.
    Garbage,
    /// A token answer without `id_token`.
    NoIdToken,
    /// The token endpoint fails with a 500.
    TokenEndpointDown,
}

#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    nonce: String,
    challenge: String,
    identity: TestIdentity,
}

#[derive(Debug, Default)]
pub struct Record {
    pub discovery_requests: usize,
    pub jwks_requests: usize,
    pub authorize_requests: Vec<HashMap<String, String>>,
    /// How each token request authenticated: "basic", "public" or "refused".
    pub token_auth: Vec<String>,
}

struct Inner {
    identity: TestIdentity,
    misbehaviour: Misbehaviour,
    codes: HashMap<String, Grant>,
    record: Record,
}

#[derive(Clone)]
struct Shared {
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    inner: Arc<Mutex<Inner>>,
}

pub struct TestProvider {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    shared: Shared,
}

impl TestProvider {
    /// A provider for a confidential client (`kompas` / `geheim`).
    pub async fn start(identity: TestIdentity) -> TestProvider {
        Self::start_for("kompas", Some("geheim:met/tekens&"), identity).await
    }

    pub async fn start_for(
        client_id: &str,
        client_secret: Option<&str>,
        identity: TestIdentity,
    ) -> TestProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let issuer = format!("http://{}", listener.local_addr().expect("addr"));
        let shared = Shared {
            issuer: issuer.clone(),
            client_id: client_id.into(),
            client_secret: client_secret.map(str::to_string),
            inner: Arc::new(Mutex::new(Inner {
                identity,
                misbehaviour: Misbehaviour::None,
                codes: HashMap::new(),
                record: Record::default(),
            })),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestProvider {
            issuer,
            client_id: client_id.into(),
            client_secret: client_secret.map(str::to_string),
            shared,
        }
    }

    /// A DigiD broker configuration for this provider (default claim names,
    /// minimum level substantieel).
    pub fn digid_config(&self, municipality: &str) -> kompas_web::DigidConfig {
        kompas_web::DigidConfig {
            municipality: municipality.into(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone().map(Into::into),
            bsn_claim: "bsn".into(),
            level_claim: "loa".into(),
            acting_for_claim: "acting_for_bsn".into(),
            minimum_level: kompas_domain::resident_login::AssuranceLevel::Substantieel,
        }
    }

    /// The Kompas configuration for this provider.
    pub fn config(&self, name: &str, municipality: &str) -> kompas_web::OidcProviderConfig {
        kompas_web::OidcProviderConfig {
            name: name.into(),
            label: "Inloggen met uw gemeente-account".into(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone().map(Into::into),
            municipality: municipality.into(),
        }
    }

    pub fn set_identity(&self, identity: TestIdentity) {
        self.shared.inner.lock().unwrap().identity = identity;
    }

    pub fn misbehave(&self, m: Misbehaviour) {
        self.shared.inner.lock().unwrap().misbehaviour = m;
    }

    pub fn with_record<T>(&self, f: impl FnOnce(&Record) -> T) -> T {
        f(&self.shared.inner.lock().unwrap().record)
    }
}

fn jwk(raw: &str, kid: &str, use_: &str, alg: &str) -> Value {
    let mut v: Value = serde_json::from_str(raw).expect("jwk fixture");
    v["kid"] = json!(kid);
    v["use"] = json!(use_);
    v["alg"] = json!(alg);
    v
}

async fn discovery(State(s): State<Shared>) -> Json<Value> {
    s.inner.lock().unwrap().record.discovery_requests += 1;
    let i = &s.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"],
        "scopes_supported": ["openid", "profile", "email"],
    }))
}

async fn jwks(State(s): State<Shared>) -> Json<Value> {
    s.inner.lock().unwrap().record.jwks_requests += 1;
    // The encryption key must be skipped by the client, not break the set.
    Json(json!({ "keys": [
        jwk(OTHER_JWK, "kompas-test-enc", "enc", "RSA-OAEP"),
        jwk(SIGNING_JWK, KID, "sig", "RS256"),
    ]}))
}

fn bad_request(msg: &str) -> Response {
    (StatusCode::BAD_REQUEST, msg.to_string()).into_response()
}

fn redirect(to: &url::Url) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, to.as_str().to_string())],
    )
        .into_response()
}

async fn authorize(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let mut inner = s.inner.lock().unwrap();
    inner.record.authorize_requests.push(q.clone());
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    if p("client_id") != s.client_id {
        return bad_request("unknown client");
    }
    if p("response_type") != "code"
        || p("code_challenge_method") != "S256"
        || p("code_challenge").is_empty()
    {
        return bad_request("code flow with PKCE S256 only");
    }
    if !p("scope").split(' ').any(|x| x == "openid") {
        return bad_request("scope openid missing");
    }
    let Ok(mut to) = url::Url::parse(&p("redirect_uri")) else {
        return bad_request("bad redirect_uri");
    };
    if inner.misbehaviour == Misbehaviour::DenyAccess {
        to.query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &p("state"));
        return redirect(&to);
    }
    let code = format!("code-{}", crate::support::random_hex(16));
    let grant = Grant {
        client_id: p("client_id"),
        redirect_uri: p("redirect_uri"),
        nonce: p("nonce"),
        challenge: p("code_challenge"),
        identity: inner.identity.clone(),
    };
    inner.codes.insert(code.clone(), grant);
    to.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &p("state"));
    redirect(&to)
}

fn token_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// Client authentication: client_secret_basic (both parts form-encoded), or a
/// public client naming itself in the body.
fn client_of(
    s: &Shared,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<String, ()> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    match (basic, &s.client_secret) {
        (Some(b), Some(secret)) => {
            let raw = String::from_utf8(STANDARD.decode(b).map_err(|_| ())?).map_err(|_| ())?;
            let (id, pw) = raw.split_once(':').ok_or(())?;
            let dec = |x: &str| {
                url::form_urlencoded::parse(format!("x={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            if dec(id).as_deref() == Some(s.client_id.as_str())
                && dec(pw).as_deref() == Some(secret.as_str())
            {
                Ok("basic".into())
            } else {
                Err(())
            }
        }
        (None, None) if form.get("client_id") == Some(&s.client_id) => Ok("public".into()),
        _ => Err(()),
    }
}

async fn token(State(s): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let mut inner = s.inner.lock().unwrap();
    let auth = client_of(&s, &headers, &form);
    inner
        .record
        .token_auth
        .push(auth.clone().unwrap_or_else(|_| "refused".into()));
    if auth.is_err() {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if inner.misbehaviour == Misbehaviour::TokenEndpointDown {
        return (StatusCode::INTERNAL_SERVER_ERROR, "kapot").into_response();
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return token_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    let Some(grant) = form.get("code").and_then(|c| inner.codes.remove(c)) else {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    if grant.client_id != s.client_id || form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.challenge {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let m = inner.misbehaviour;
    if m == Misbehaviour::NoIdToken {
        return Json(json!({"access_token": "at", "token_type": "Bearer", "expires_in": 300}))
            .into_response();
    }
    let now = chrono::Utc::now().timestamp();
    let id = &grant.identity;
    let mut claims = json!({
        "iss": if m == Misbehaviour::WrongIssuer { "http://elders.example".to_string() } else { s.issuer.clone() },
        "sub": id.sub,
        "aud": if m == Misbehaviour::WrongAudience { "iemand-anders".to_string() } else { s.client_id.clone() },
        "azp": s.client_id,
        "iat": now,
        "exp": if m == Misbehaviour::Expired { now - 600 } else { now + 300 },
        "nonce": if m == Misbehaviour::WrongNonce { "een-andere-nonce".to_string() } else { grant.nonce.clone() },
    });
    if m == Misbehaviour::NoNonce {
        claims.as_object_mut().unwrap().remove("nonce");
    }
    if let Some(u) = &id.preferred_username {
        claims["preferred_username"] = json!(u);
    }
    if !id.amr.is_empty() {
        claims["amr"] = json!(id.amr);
    }
    for (name, value) in &id.extra {
        claims[name.as_str()] = value.clone();
    }
    let id_token = sign(m, &claims);
    Json(json!({"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token})).into_response()
}

fn sign(m: Misbehaviour, claims: &Value) -> String {
    let rsa = |pem: &str, kid: &str| {
        let mut h = Header::new(Algorithm::RS256);
        h.kid = Some(kid.into());
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("test key");
        jsonwebtoken::encode(&h, claims, &key).expect("sign")
    };
    match m {
        Misbehaviour::OtherKey => rsa(OTHER_KEY_PEM, KID),
        Misbehaviour::UnknownKid => rsa(OTHER_KEY_PEM, "gedraaide-sleutel"),
        Misbehaviour::Unsigned => {
            let head = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
            let body = URL_SAFE_NO_PAD.encode(claims.to_string());
            format!("{head}.{body}.")
        }
        Misbehaviour::SymmetricWithPublicKey => {
            let mut h = Header::new(Algorithm::HS256);
            h.kid = Some(KID.into());
            let key = EncodingKey::from_secret(SIGNING_JWK.as_bytes());
            jsonwebtoken::encode(&h, claims, &key).expect("sign")
        }
        Misbehaviour::Garbage => "dit.is.geen-jwt".into(),
        _ => rsa(SIGNING_KEY_PEM, KID),
    }
}
