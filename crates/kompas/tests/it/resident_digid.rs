//! Residents log in with DigiD through the municipality's OpenID Connect
//! broker: the real app against the in-process test provider, which returns
//! a BSN, an assurance level and (DigiD Machtigen) the BSN acted for.

use crate::oidc_provider;

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::{AuditAction, AuditOutcome};
use kompas_store::audit;
use kompas_store::toegang as tg;
use oidc_provider::{Misbehaviour, TestIdentity, TestProvider};

const PARENT_BSN: &str = "999901011";
const CHILD_BSN: &str = "999901023";
/// Passes the elfproef; nobody has it.
const STRANGER_BSN: &str = "999901035";
/// In a household of the other municipality (Beekhuizen).
const ELSEWHERE_BSN: &str = "999901047";

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .unwrap_or_else(|| panic!("no location on a {} answer", res.status()))
        .to_str()
        .unwrap()
        .to_string()
}

async fn spawn(backend: Backend, provider: &TestProvider) -> Option<TestApp> {
    let cfg = provider.digid_config("GM9901");
    TestApp::spawn_with(backend, move |s| s.digid = vec![cfg]).await
}

/// Logs in at the broker as the provider's current identity: Kompas's answer
/// to the broker's redirect back.
async fn digid_login(app: &Browser) -> reqwest::Response {
    let res = app.get("/mijn/digid/GM9901").await;
    assert_eq!(res.status(), 303, "start");
    let res = app.client.get(location(&res)).send().await.unwrap();
    assert_eq!(res.status(), 303, "authorize");
    let back = location(&res);
    assert!(
        back.starts_with(&app.url("/mijn/digid/GM9901/terug?")),
        "{back}"
    );
    app.client.get(&back).send().await.unwrap()
}

/// A refusal page: the status and a sentence on it, never a 500.
async fn assert_page(res: reqwest::Response, status: u16, text: &str) -> String {
    let got = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert!(body.contains(text), "expected «{text}» in {body}");
    body
}

struct Family {
    household: i64,
    parent: i64,
    child: i64,
}

/// Sanne (adult parent) and Daan (10) in one Wilgendaal household with a
/// case, and someone with `ELSEWHERE_BSN` in Beekhuizen.
async fn family(app: &TestApp) -> Family {
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    let fx = household_with_case(app, &mut tx, "9903 DG", "Yara Sterk").await;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    let parent = tg::add_member(
        &mut tx,
        fx.household,
        "Sanne Sterk",
        d(1986, 4, 2),
        "ouder",
        Some(PARENT_BSN),
        now,
    )
    .await
    .unwrap();
    let child = tg::add_member(
        &mut tx,
        fx.household,
        "Daan Sterk",
        d(2016, 9, 1),
        "kind",
        Some(CHILD_BSN),
        now,
    )
    .await
    .unwrap();
    let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
        .await
        .unwrap()
        .id;
    let address = tg::Address {
        postcode: Some("9904 AA".into()),
        house_number: Some(3),
        house_number_addition: None,
        street: "Elders".into(),
        city: "Beekhuizen".into(),
        area_code: None,
    };
    let there = tg::create_household(&mut tx, beekhuizen, &address, now)
        .await
        .unwrap();
    tg::add_member(
        &mut tx,
        there,
        "Els Elders",
        d(1970, 1, 1),
        "ouder",
        Some(ELSEWHERE_BSN),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    Family {
        household: fx.household,
        parent,
        child,
    }
}

/// The resident login rows (success and refusal), newest first.
async fn resident_logins(app: &TestApp) -> Vec<kompas_domain::AuditEntry> {
    audit::recent_installation_wide(&app.db, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry)
        .filter(|e| {
            e.actor_role.as_deref() == Some("inwoner")
                && matches!(e.action, AuditAction::Login | AuditAction::FailedLogin)
        })
        .collect()
}

/// No audit row anywhere holds one of these BSNs.
async fn assert_no_bsn_in_audit(app: &TestApp) {
    for r in audit::recent_installation_wide(&app.db, 2000)
        .await
        .unwrap()
    {
        let row = format!("{:?}", r.entry);
        for bsn in [PARENT_BSN, CHILD_BSN, STRANGER_BSN, ELSEWHERE_BSN] {
            assert!(!row.contains(bsn), "BSN in the audit log: {row}");
        }
    }
}

both!(
    digid_with_a_matching_bsn_opens_mijn_for_that_member,
    |backend| async move {
        let provider =
            TestProvider::start(TestIdentity::digid(PARENT_BSN, "substantieel", None)).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        let f = family(&app).await;
        let resident = app.web.other_client();

        // Not signed in: /mijn offers DigiD and explains the link.
        let login = resident.get("/mijn").await.text().await.unwrap();
        assert!(login.contains("href=\"/mijn/digid/GM9901\""), "{login}");
        assert!(login.contains("Inloggen met DigiD"));
        assert!(login.contains("persoonlijke link"));

        let res = digid_login(&resident).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/mijn");
        let page = resident.get("/mijn").await.text().await.unwrap();
        assert!(page.contains("Welkom, Sanne Sterk."), "{page}");
        // The header names her and offers to log out, not to log in.
        assert!(page.contains("<bdi>Sanne Sterk</bdi>"), "{page}");
        assert!(page.contains("action=\"/mijn/uitloggen\""));
        assert!(!page.contains("href=\"/inloggen\""), "{page}");

        // What Kompas asked the broker for.
        provider.with_record(|r| {
            let q = &r.authorize_requests[0];
            assert_eq!(q["scope"], "openid");
            assert_eq!(q["redirect_uri"], app.url("/mijn/digid/GM9901/terug"));
            assert_eq!(q["code_challenge_method"], "S256");
        });

        // The login is audited for this member, with the level, without the BSN.
        let rows = resident_logins(&app).await;
        let login = rows
            .iter()
            .find(|e| e.action == AuditAction::Login)
            .expect("a login row");
        assert_eq!(login.object_id, Some(f.parent.to_string()));
        assert_eq!(
            login.subject.as_deref(),
            Some(format!("huishouden:{}", f.household).as_str())
        );
        assert!(
            login
                .detail
                .as_deref()
                .unwrap_or_default()
                .contains("DigiD (niveau substantieel)"),
            "{login:?}"
        );
        assert_no_bsn_in_audit(&app).await;

        // Logging out ends it.
        resident.post_form("/mijn/uitloggen", &[]).await;
        let after = resident.get("/mijn").await.text().await.unwrap();
        assert!(!after.contains("Welkom, Sanne"));
    }
);

both!(
    a_parent_with_machtiging_opens_the_child_view_and_the_audit_says_who_acted,
    |backend| async move {
        let provider = TestProvider::start(TestIdentity::digid(
            PARENT_BSN,
            "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
            Some(CHILD_BSN),
        ))
        .await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        let f = family(&app).await;
        let parent = app.web.other_client();
        assert_eq!(digid_login(&parent).await.status(), 303);
        let page = parent.get("/mijn").await.text().await.unwrap();
        assert!(page.contains("Welkom, Sanne Sterk."), "{page}");
        assert!(
            page.contains("namens <bdi>Daan Sterk</bdi>"),
            "the page says for whom: {page}"
        );

        // Every row of this session says who acted for whom.
        let acted = format!(
            "inwoner:gezinslid-{} namens gezinslid-{}",
            f.parent, f.child
        );
        let rows: Vec<_> = audit::for_subject(&app.db, &format!("huishouden:{}", f.household))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.entry)
            .filter(|e| e.actor_role.as_deref() == Some("inwoner"))
            .collect();
        assert!(rows.len() >= 2, "the login and the read: {rows:?}");
        for e in &rows {
            assert_eq!(e.actor_username.as_deref(), Some(acted.as_str()), "{e:?}");
            assert_eq!(e.object_id, Some(f.child.to_string()));
            assert!(e
                .detail
                .as_deref()
                .unwrap_or_default()
                .contains("DigiD Machtigen"));
        }
        assert!(rows.iter().any(|e| e.action == AuditAction::Login));
        assert!(rows.iter().any(|e| e.action == AuditAction::Read));

        // A child cannot act for a parent.
        provider.set_identity(TestIdentity::digid(
            CHILD_BSN,
            "substantieel",
            Some(PARENT_BSN),
        ));
        let kid = app.web.other_client();
        assert_page(
            digid_login(&kid).await,
            403,
            "U kunt niet namens deze persoon inloggen",
        )
        .await;
        assert!(!kid
            .get("/mijn")
            .await
            .text()
            .await
            .unwrap()
            .contains("Welkom"));
        let refused = resident_logins(&app).await;
        let denied = refused
            .iter()
            .find(|e| e.action == AuditAction::FailedLogin)
            .expect("the refusal is audited");
        assert_eq!(denied.outcome, AuditOutcome::Denied);
        assert!(
            denied
                .detail
                .as_deref()
                .unwrap_or_default()
                .contains("DigiD Machtigen geweigerd: gemachtigde is geen ouder of verzorger"),
            "{denied:?}"
        );
        // Acting for someone in another household (another municipality even).
        provider.set_identity(TestIdentity::digid(
            PARENT_BSN,
            "substantieel",
            Some(ELSEWHERE_BSN),
        ));
        assert_page(
            digid_login(&app.web.other_client()).await,
            404,
            "We kunnen uw gegevens niet vinden",
        )
        .await;
        assert_no_bsn_in_audit(&app).await;
    }
);

both!(
    too_low_a_level_no_match_and_forged_tokens_are_refused_with_a_clear_page,
    |backend| async move {
        let provider = TestProvider::start(TestIdentity::digid(PARENT_BSN, "midden", None)).await;
        let Some(app) = spawn(backend, &provider).await else {
            return;
        };
        family(&app).await;
        let before = resident_logins(&app).await.len();

        // DigiD with SMS is "midden": below the minimum.
        let b = app.web.other_client();
        let page = assert_page(
            digid_login(&b).await,
            403,
            "Voor uw plan is inloggen met niveau substantieel nodig",
        )
        .await;
        assert!(page.contains("href=\"/mijn/digid/GM9901\""), "try again");
        assert!(!b
            .get("/mijn")
            .await
            .text()
            .await
            .unwrap()
            .contains("Welkom"));

        // A BSN nobody here has, or one only another municipality has.
        for bsn in [STRANGER_BSN, ELSEWHERE_BSN] {
            provider.set_identity(TestIdentity::digid(bsn, "hoog", None));
            let page = assert_page(
                digid_login(&app.web.other_client()).await,
                404,
                "We kunnen uw gegevens niet vinden",
            )
            .await;
            // What to do instead: the municipality, the one-time link, the question form.
            assert!(page.contains("persoonlijke link"), "{page}");
            assert!(page.contains("href=\"/vraag-stellen\""));
        }

        // In English when the resident chose English.
        let en = app.web.other_client();
        en.get("/mijn?taal=en").await;
        assert_page(digid_login(&en).await, 404, "We cannot find your details").await;

        // A BSN that fails the elfproef, and forged or broken tokens.
        provider.set_identity(TestIdentity::digid("123456789", "hoog", None));
        assert_page(
            digid_login(&app.web.other_client()).await,
            400,
            "Het antwoord van DigiD was niet goed",
        )
        .await;
        provider.set_identity(TestIdentity::digid(PARENT_BSN, "hoog", None));
        for m in [
            Misbehaviour::OtherKey,
            Misbehaviour::Unsigned,
            Misbehaviour::WrongAudience,
            Misbehaviour::WrongNonce,
        ] {
            provider.misbehave(m);
            let b = app.web.other_client();
            assert_page(digid_login(&b).await, 400, "Inloggen is niet gelukt").await;
            assert!(
                !b.get("/mijn")
                    .await
                    .text()
                    .await
                    .unwrap()
                    .contains("Welkom"),
                "{m:?} opened a session"
            );
        }
        provider.misbehave(Misbehaviour::None);
        // The answer replayed: the state is used up.
        let b = app.web.other_client();
        let res = b.get("/mijn/digid/GM9901").await;
        let res = b.client.get(location(&res)).send().await.unwrap();
        let back = location(&res);
        assert_eq!(b.client.get(&back).send().await.unwrap().status(), 303);
        assert_page(
            b.client.get(&back).send().await.unwrap(),
            400,
            "Het inloggen duurde te lang",
        )
        .await;

        // Every refusal is audited: 1 level + 3 no match + 1 elfproef + 4 tokens + 1 replay.
        let rows = resident_logins(&app).await;
        let refusals = rows
            .iter()
            .filter(|e| e.action == AuditAction::FailedLogin)
            .count();
        assert_eq!(refusals, 10, "{rows:?}");
        assert_eq!(rows.len() - before, 11, "and the one login that worked");
        assert_no_bsn_in_audit(&app).await;

        // An unknown municipality has no DigiD here.
        assert_eq!(app.get("/mijn/digid/GM0000").await.status(), 404);
    }
);
