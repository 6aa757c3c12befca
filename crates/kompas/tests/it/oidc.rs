//! Single sign-on (OpenID Connect) end to end: the real app against the
//! in-process test provider in `oidc_provider.rs`. Redirects are followed by
//! hand; the client keeps cookies like a browser.

use crate::oidc_provider;

use crate::both;
use crate::support::*;
use kompas_store::{audit, oidc as store, users};
use kompas_web::auth::oidc::{
    DISABLED, EXPIRED, INCOMPLETE, INVALID_TOKEN, NOT_CONFIRMED, NOT_PROVISIONED, OTHER_BROWSER,
    UNAVAILABLE,
};
use oidc_provider::{Misbehaviour, TestIdentity, TestProvider};
use sqlx::Row;

const NAME: &str = "wilgendaal";

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .unwrap_or_else(|| panic!("no location on a {} answer", res.status()))
        .to_str()
        .unwrap()
        .to_string()
}

async fn spawn(backend: Backend, provider: &TestProvider) -> Option<TestApp> {
    let cfg = provider.config(NAME, "GM9901");
    TestApp::spawn_with(backend, move |s| s.oidc = vec![cfg]).await
}

/// Starts a login at Kompas and lets the provider approve it: the callback URL
/// the browser is sent back to.
async fn via_provider(app: &Browser) -> String {
    let res = app.get(&format!("/inloggen/sso/{NAME}")).await;
    assert_eq!(res.status(), 303, "start");
    let authorize = location(&res);
    let res = app.client.get(&authorize).send().await.unwrap();
    assert_eq!(
        res.status(),
        303,
        "authorize: {}",
        res.text().await.unwrap_or_default()
    );
    let back = location(&res);
    assert!(
        back.starts_with(&app.url(&format!("/inloggen/sso/{NAME}/terug?"))),
        "{back}"
    );
    back
}

async fn sso_login(app: &Browser) -> reqwest::Response {
    let back = via_provider(app).await;
    app.client.get(&back).send().await.unwrap()
}

/// A refusal: the given status and Dutch message, never a 500.
async fn assert_refused(res: reqwest::Response, status: u16, message: &str) {
    let got = res.status();
    let body = res.text().await.unwrap();
    assert_ne!(got, 500, "{body}");
    assert_eq!(got, status, "{body}");
    assert!(body.contains(message), "expected «{message}» in {body}");
}

async fn me(app: &Browser) -> (u16, serde_json::Value) {
    let res = app.get("/api/v1/me").await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

async fn audit_rows(app: &TestApp) -> Vec<(String, Option<String>, String)> {
    audit::recent_installation_wide(&app.db, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.entry.action.as_str().to_string(),
                r.entry.actor_username,
                r.entry.detail.unwrap_or_default(),
            )
        })
        .collect()
}

both!(
    sso_login_links_a_provisioned_account,
    |backend| async move {
        let provider =
            TestProvider::start(TestIdentity::new("sub-roos", "Redacteur", &["pwd"])).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        assert_eq!(me(&app).await.0, 401);

        let res = sso_login(&app).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
        let (status, body) = me(&app).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["username"], "redacteur");
        assert_eq!(body["municipality"], "GM9901");

        // What Kompas asked the provider for.
        provider.with_record(|r| {
            let q = &r.authorize_requests[0];
            assert_eq!(q["response_type"], "code");
            assert_eq!(q["client_id"], "kompas");
            assert_eq!(q["redirect_uri"], app.url("/inloggen/sso/wilgendaal/terug"));
            assert_eq!(q["scope"], "openid profile email");
            assert_eq!(q["code_challenge_method"], "S256");
            assert_eq!(q["code_challenge"].len(), 43);
            assert!(q["nonce"].len() >= 43);
            assert!(q["state"].len() == 64 && q["state"].bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(r.token_auth, vec!["basic".to_string()]);
        });

        // The identity is linked, and the state is gone.
        let linked = users::by_oidc(&app.db, &provider.issuer, "sub-roos")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(linked.username, "redacteur");
        let pending: i64 = sqlx::query("SELECT COUNT(*) AS n FROM oidc_logins")
            .fetch_one(app.db.reader())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(pending, 0);

        // Audited: the link and the login.
        let rows = audit_rows(&app).await;
        assert!(
            rows.iter().any(|(a, who, d)| a == "login"
                && who.as_deref() == Some("redacteur")
                && d == "ingelogd via SSO wilgendaal"),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|(a, _, d)| a == "update" && d == "SSO-identiteit van wilgendaal gekoppeld"),
            "{rows:?}"
        );

        // Next time the link is found by subject, whatever the user name claim says.
        provider.set_identity(TestIdentity::new(
            "sub-roos",
            "roos@wilgendaal.example",
            &["pwd"],
        ));
        let other = app.other_client();
        let res = sso_login(&other).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/");
        assert_eq!(me(&other).await.1["username"], "redacteur");

        // Logging in again in a browser with a session replaces that session.
        let sessions = "SELECT COUNT(*) AS n FROM sessions WHERE user_id = $1";
        let before = count(&app, sessions, linked.id).await;
        let res = sso_login(&app).await;
        assert_eq!(res.status(), 303);
        assert_eq!(count(&app, sessions, linked.id).await, before);
        assert_eq!(me(&app).await.0, 200);

        // Discovery and keys are cached per issuer.
        provider.with_record(|r| {
            assert!(r.discovery_requests <= 1, "{r:?}");
            assert!(r.jwks_requests <= 1, "{r:?}");
            assert_eq!(r.authorize_requests.len(), 3);
        });
    }
);

both!(
    a_second_factor_is_owed_unless_the_provider_did_mfa,
    |backend| async move {
        let provider =
            TestProvider::start(TestIdentity::new("sub-claire", "consulent", &["pwd"])).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        let res = sso_login(&app).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/inloggen/tweede-stap?terug=%2F");
        assert_eq!(
            me(&app).await.0,
            401,
            "not signed in before the second step"
        );
        assert_eq!(app.get("/inloggen/tweede-stap").await.status(), 200);
        let code = current_totp(kompas_devtools::demo::DEMO_TOTP_SECRET, 0);
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", &code), ("terug", "/")])
            .await;
        assert_eq!(res.status(), 303);
        let (status, body) = me(&app).await;
        assert_eq!(status, 200);
        assert_eq!(body["username"], "consulent");
        assert!(
            audit_rows(&app)
                .await
                .iter()
                .any(|(a, _, d)| a == "login"
                    && d == "ingelogd via SSO wilgendaal, tweede stap volgt")
        );

        // An administrator whose provider asked for a second factor is done at once.
        provider.set_identity(TestIdentity::new("sub-bram", "beheer", &["pwd", "mfa"]));
        let admin = app.other_client();
        let res = sso_login(&admin).await;
        assert_eq!(location(&res), "/");
        let (status, body) = me(&admin).await;
        assert_eq!(status, 200);
        assert_eq!(body["role"], "admin");

        // Without it, the administrator owes the second step too.
        provider.set_identity(TestIdentity::new("sub-bram", "beheer", &["pwd"]));
        let again = app.other_client();
        let res = sso_login(&again).await;
        assert_eq!(location(&res), "/inloggen/tweede-stap?terug=%2F");
        assert_eq!(me(&again).await.0, 401);
    }
);

both!(
    accounts_that_cannot_be_linked_are_refused,
    |backend| async move {
        let provider = TestProvider::start(TestIdentity::new("sub-x", "onbekend", &["pwd"])).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        let not_linked = |sub: &'static str| {
            let db = app.db.clone();
            let issuer = provider.issuer.clone();
            async move { users::by_oidc(&db, &issuer, sub).await.unwrap().is_none() }
        };

        // Nobody with that name.
        assert_refused(sso_login(&app).await, 403, NOT_PROVISIONED).await;
        assert!(not_linked("sub-x").await);
        // No user name claim at all.
        provider.set_identity(TestIdentity {
            sub: "sub-y".into(),
            preferred_username: None,
            amr: vec![],
            extra: vec![],
        });
        assert_refused(sso_login(&app).await, 403, NOT_PROVISIONED).await;
        assert!(not_linked("sub-y").await);
        // An account of another municipality.
        provider.set_identity(TestIdentity::new("sub-bea", "beheer-beekhuizen", &["mfa"]));
        assert_refused(sso_login(&app).await, 403, NOT_PROVISIONED).await;
        assert!(not_linked("sub-bea").await);
        // A blocked account.
        let beleid = users::by_username(&app.db, "beleid")
            .await
            .unwrap()
            .unwrap();
        let mut conn = app.db.writer().acquire().await.unwrap();
        users::set_disabled(
            &mut conn,
            &kompas_domain::MunicipalityScope::single(beleid.municipality_id),
            beleid.id,
            true,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        drop(conn);
        provider.set_identity(TestIdentity::new("sub-bas", "beleid", &["pwd"]));
        assert_refused(sso_login(&app).await, 403, DISABLED).await;
        assert!(not_linked("sub-bas").await);
        // An account already linked to another identity.
        provider.set_identity(TestIdentity::new("sub-roos-1", "redacteur", &["pwd"]));
        assert_eq!(sso_login(&app.other_client()).await.status(), 303);
        provider.set_identity(TestIdentity::new("sub-roos-2", "redacteur", &["pwd"]));
        assert_refused(sso_login(&app).await, 403, NOT_PROVISIONED).await;
        assert!(not_linked("sub-roos-2").await);
        assert_eq!(me(&app).await.0, 401);

        let rows = audit_rows(&app).await;
        let failed: Vec<_> = rows
            .iter()
            .filter(|(a, _, _)| a == "failed_login")
            .collect();
        assert_eq!(failed.len(), 5, "{rows:?}");
        assert!(
            failed
                .iter()
                .all(|(_, _, d)| d.starts_with("SSO wilgendaal: ")),
            "{failed:?}"
        );
        assert!(failed
            .iter()
            .any(|(_, who, d)| who.as_deref() == Some("onbekend")
                && d.contains("geen account met deze gebruikersnaam")));
        assert!(failed
            .iter()
            .any(|(_, who, d)| who.as_deref() == Some("beleid") && d.contains("geblokkeerd")));
    }
);

both!(
    a_state_is_used_once_in_the_browser_that_started_it,
    |backend| async move {
        let provider =
            TestProvider::start(TestIdentity::new("sub-roos", "redacteur", &["pwd"])).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        // Replay of a used answer.
        let back = via_provider(&app).await;
        assert_eq!(app.client.get(&back).send().await.unwrap().status(), 303);
        assert_refused(app.client.get(&back).send().await.unwrap(), 403, EXPIRED).await;

        // An answer brought to another browser is refused, and used up.
        let back = via_provider(&app).await;
        let stranger = app.other_client();
        assert_refused(
            stranger.client.get(&back).send().await.unwrap(),
            403,
            OTHER_BROWSER,
        )
        .await;
        assert_refused(app.client.get(&back).send().await.unwrap(), 403, EXPIRED).await;

        // A state older than ten minutes.
        let state = random_hex(32);
        let mut conn = app.db.writer().acquire().await.unwrap();
        store::save_pending(
            &mut conn,
            &store::PendingLogin {
                state: state.clone(),
                provider: NAME.into(),
                nonce: "n".into(),
                pkce_verifier: "v".into(),
                created_at: chrono::Utc::now() - chrono::Duration::minutes(11),
            },
        )
        .await
        .unwrap();
        drop(conn);
        let res = reqwest::Client::new()
            .get(app.url(&format!("/inloggen/sso/{NAME}/terug?code=c&state={state}")))
            .header("cookie", format!("kompas_sso={state}"))
            .send()
            .await
            .unwrap();
        assert_refused(res, 403, EXPIRED).await;

        // Answers that are incomplete or nonsense.
        let terug = format!("/inloggen/sso/{NAME}/terug");
        assert_refused(app.get(&terug).await, 403, INCOMPLETE).await;
        assert_refused(
            app.get(&format!("{terug}?state=%ZZ%&code=&&=")).await,
            403,
            INCOMPLETE,
        )
        .await;
        assert_refused(
            app.get(&format!("{terug}?state={}&code=c", "x".repeat(5000)))
                .await,
            403,
            INCOMPLETE,
        )
        .await;
        assert_refused(
            app.get(&format!("{terug}?state=onbekend&code=c")).await,
            403,
            EXPIRED,
        )
        .await;
        assert_refused(
            app.get(&format!("{terug}?error=access_denied")).await,
            403,
            NOT_CONFIRMED,
        )
        .await;
        // Unknown providers do not exist.
        assert_eq!(app.get("/inloggen/sso/onbekend").await.status(), 404);
        assert_eq!(
            app.get("/inloggen/sso/onbekend/terug?code=c&state=s")
                .await
                .status(),
            404
        );

        let rows = audit_rows(&app).await;
        assert!(
            rows.iter()
                .any(|(a, _, d)| a == "failed_login" && d.contains("al gebruikte state")),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|(a, _, d)| a == "failed_login" && d.contains("ouder dan 10 minuten")),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|(a, _, d)| a == "failed_login" && d.contains("niet bij deze browser")),
            "{rows:?}"
        );
    }
);

both!(
    a_misbehaving_provider_is_refused_never_with_a_500,
    |backend| async move {
        let provider =
            TestProvider::start(TestIdentity::new("sub-roos", "redacteur", &["pwd"])).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        use Misbehaviour as M;
        let cases = [
            (M::DenyAccess, 403, NOT_CONFIRMED),
            (M::WrongNonce, 403, INVALID_TOKEN),
            (M::NoNonce, 403, INVALID_TOKEN),
            (M::WrongAudience, 403, INVALID_TOKEN),
            (M::WrongIssuer, 403, INVALID_TOKEN),
            (M::Expired, 403, INVALID_TOKEN),
            (M::OtherKey, 403, INVALID_TOKEN),
            (M::UnknownKid, 403, INVALID_TOKEN),
            (M::Unsigned, 403, INVALID_TOKEN),
            (M::SymmetricWithPublicKey, 403, INVALID_TOKEN),
            (M::Garbage, 403, INVALID_TOKEN),
            (M::NoIdToken, 403, INVALID_TOKEN),
            (M::TokenEndpointDown, 503, UNAVAILABLE),
        ];
        for (knob, status, message) in cases {
            provider.misbehave(knob);
            let res = sso_login(&app).await;
            assert_eq!(res.status(), status, "{knob:?}");
            assert_refused(res, status, message).await;
            assert_eq!(me(&app).await.0, 401, "{knob:?}");
        }
        assert!(users::by_oidc(&app.db, &provider.issuer, "sub-roos")
            .await
            .unwrap()
            .is_none());
        let rows = audit_rows(&app).await;
        let failed: Vec<_> = rows
            .iter()
            .filter(|(a, _, _)| a == "failed_login")
            .map(|r| r.2.clone())
            .collect();
        assert_eq!(failed.len(), cases.len(), "{rows:?}");
        for reason in [
            "nonce",
            "aud",
            "iss",
            "verlopen",
            "handtekening",
            "onbekende sleutel",
            "algoritme",
        ] {
            assert!(
                failed.iter().any(|d| d.contains(reason)),
                "no refusal for {reason}: {failed:?}"
            );
        }
        assert!(!rows.iter().any(|(a, _, _)| a == "login"), "{rows:?}");

        // Behaving again, the same provider works.
        provider.misbehave(M::None);
        assert_eq!(location(&sso_login(&app).await), "/");
        assert_eq!(me(&app).await.1["username"], "redacteur");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_client_and_an_unreachable_provider() {
    let provider = TestProvider::start_for(
        "kompas-publiek",
        None,
        TestIdentity::new("s", "redacteur", &[]),
    )
    .await;
    let down = kompas_web::OidcProviderConfig {
        name: "weg".into(),
        label: "Weg".into(),
        issuer: "http://127.0.0.1:9".into(),
        client_id: "kompas".into(),
        client_secret: None,
        municipality: "GM9901".into(),
    };
    let cfg = provider.config(NAME, "GM9901");
    let app = TestApp::spawn_with(Backend::Sqlite, move |s| s.oidc = vec![cfg, down])
        .await
        .unwrap();
    let res = sso_login(&app).await;
    assert_eq!(location(&res), "/");
    provider.with_record(|r| assert_eq!(r.token_auth, vec!["public".to_string()]));

    assert_refused(app.get("/inloggen/sso/weg").await, 503, UNAVAILABLE).await;
    // The login page offers both.
    let html = app
        .other_client()
        .get("/inloggen")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("/inloggen/sso/wilgendaal") && html.contains("/inloggen/sso/weg"));
}
