//! Sharing with partners: a partner's view of a referral is computed from
//! the household's consent alone — nothing without it, only the consented
//! life domains with it, and nothing again the moment it is withdrawn.

use crate::both;
use crate::support::*;
use kompas_domain::directory::LifeDomain;
use kompas_domain::plan::{GoalStatus, GoalText, HandoverNote, ReferralAction};
use kompas_store::plan::{self as plan, By};
use sqlx::Row;

const HANDOVER: &str = "Mevrouw wil graag hulp bij het ordenen van de post. Bel haar na drie uur.";
const MONEY_GOAL: &str = "Overzicht krijgen van alle rekeningen";
const MONEY_NOTE: &str = "Drie aanmaningen van de energieleverancier";
const HOUSE_GOAL: &str = "Een woning zoeken met een lagere huur";
const HOUSE_NOTE: &str = "Huurachterstand van twee maanden";

both!(
    a_partner_sees_only_what_consent_allows_and_nothing_after_withdrawal,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // A household with a case, goals and notes in two life domains, and a
        // referral sent to the partner's organisation.
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XR", "Wies Hoogendoorn").await;
        let (muni, h, member, case) = (fx.municipality, fx.household, fx.member, fx.case);
        let welzijn = kompas_store::tenancy::organization_by_name(
            &app.db,
            muni,
            "Stichting Welzijn Wilgendaal",
        )
        .await
        .unwrap()
        .id;
        let by = By::user(&fx.pro, chrono::Utc::now());
        let mut version = 1;
        for (domain, text, note) in [
            (LifeDomain::Finances, MONEY_GOAL, MONEY_NOTE),
            (LifeDomain::Housing, HOUSE_GOAL, HOUSE_NOTE),
        ] {
            let goal = kompas_domain::plan::Goal {
                domain,
                text: GoalText::parse(text).unwrap(),
                due: None,
                actor: kompas_domain::plan::Actor::Resident,
                status: GoalStatus::Running,
            };
            plan::add_goal(
                &mut tx,
                case,
                version,
                &goal,
                &kompas_domain::plan::Concerns::household(),
                by,
            )
            .await
            .unwrap();
            version += 1;
            plan::add_domain_note(
                &mut tx,
                case,
                domain,
                note,
                &kompas_domain::plan::Concerns::household(),
                by,
            )
            .await
            .unwrap();
        }
        let note = HandoverNote::parse(HANDOVER).unwrap();
        let referral = plan::create_referral(
            &mut tx,
            case,
            version,
            &plan::NewReferral {
                goal_id: None,
                offer_id: None,
                organization_id: Some(welzijn),
                layer: Some(kompas_domain::directory::Layer::OpenAccess),
                handover_note: &note,
            },
            by,
        )
        .await
        .unwrap();
        plan::referral_step(&mut tx, referral, 1, &ReferralAction::Send, "", by)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let partner = app.web.other_client();
        partner.login("partner").await;
        let inbox = partner
            .get("/partner/verwijzingen")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            inbox.contains(&format!("/partner/verwijzingen/{referral}")),
            "{inbox}"
        );
        assert!(inbox.contains("wacht op uw antwoord"));
        let page = |p: &Browser| {
            let p = p.clone();
            async move {
                p.get(&format!("/partner/verwijzingen/{referral}"))
                    .await
                    .text()
                    .await
                    .unwrap()
            }
        };
        let secrets = [
            HANDOVER,
            "Wies Hoogendoorn",
            MONEY_GOAL,
            MONEY_NOTE,
            HOUSE_GOAL,
            HOUSE_NOTE,
        ];
        // Without consent: the referral itself, nothing about the household.
        let before = page(&partner).await;
        assert!(before.contains("geen toestemming"), "{before}");
        for s in secrets {
            assert!(!before.contains(s), "without consent, {s:?} stays hidden");
        }

        // The professional records consent for one life domain.
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let res = worker
            .post_form(
                &format!("/werk/huishoudens/{h}/toestemming"),
                &[
                    ("reden", "toestemming vastleggen"),
                    ("lid", &member.to_string()),
                    ("organisatie", &welzijn.to_string()),
                    ("leefgebied", "financien"),
                    ("doel", "hulp bij de administratie"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        // Consent to an organisation of another municipality is refused.
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        let foreign = kompas_store::tenancy::organizations(&app.db, beekhuizen.id)
            .await
            .unwrap()
            .remove(0);
        let consents = count(
            &app,
            "SELECT COUNT(*) AS n FROM consents WHERE household_id = $1",
            h,
        )
        .await;
        let res = worker
            .post_form(
                &format!("/werk/huishoudens/{h}/toestemming"),
                &[
                    ("reden", "toestemming vastleggen"),
                    ("lid", &member.to_string()),
                    ("organisatie", &foreign.id.to_string()),
                    ("leefgebied", "financien"),
                    ("doel", "hulp bij de administratie"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let back = res.headers()["location"].to_str().unwrap().to_string();
        let said = worker.get(&back).await.text().await.unwrap();
        assert!(
            said.contains("werkt niet in de gemeente van dit huishouden"),
            "{said}"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM consents WHERE household_id = $1",
                h,
            )
            .await,
            consents
        );
        let consent_page = worker
            .get(&format!("/werk/huishoudens/{h}/toestemming?reden=controle"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            consent_page.contains("hulp bij de administratie"),
            "{consent_page}"
        );
        let consent_id: i64 = sqlx::query("SELECT MAX(id) AS id FROM consents")
            .fetch_one(app.db.reader())
            .await
            .unwrap()
            .try_get("id")
            .unwrap();

        // With consent: the note, who consented, and only the consented domain.
        let with = page(&partner).await;
        for s in [HANDOVER, "Wies Hoogendoorn", MONEY_GOAL, MONEY_NOTE] {
            assert!(with.contains(s), "with consent, {s:?} is shown: {with}");
        }
        for s in [HOUSE_GOAL, HOUSE_NOTE] {
            assert!(!with.contains(s), "{s:?} is outside the consent");
        }
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'verwijzing' AND object_id = $1 AND action = 'read'",
        )
        .bind(referral.to_string())
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(audited, 1, "the read with personal data is audited");

        // The partner accepts; a step that is not the partner's is refused.
        let res = partner
            .post_form(
                &format!("/partner/verwijzingen/{referral}/stap"),
                &[("actie", "annuleren")],
            )
            .await;
        let res = partner
            .get(res.headers()["location"].to_str().unwrap())
            .await
            .text()
            .await
            .unwrap();
        assert!(res.contains("Kies wat u met de verwijzing doet"), "{res}");
        let res = partner
            .post_form(
                &format!("/partner/verwijzingen/{referral}/stap"),
                &[
                    ("actie", "accepteren"),
                    ("toelichting", "Wij bellen deze week."),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let r = plan::referral_for_organization(&app.db, welzijn, referral)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status.code(), "geaccepteerd");
        // Accepting twice is an illegal step: refused, nothing changes.
        partner
            .post_form(
                &format!("/partner/verwijzingen/{referral}/stap"),
                &[("actie", "accepteren")],
            )
            .await;
        let again = plan::referral_for_organization(&app.db, welzijn, referral)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.version, r.version);

        // Withdrawal counts at once.
        let res = worker
            .post_form(
                &format!("/werk/huishoudens/{h}/toestemming/{consent_id}/intrekken"),
                &[("reden", "de inwoner trekt de toestemming in")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let after = page(&partner).await;
        assert!(after.contains("geen toestemming"));
        for s in secrets {
            assert!(
                !after.contains(s),
                "after withdrawal, {s:?} is hidden again"
            );
        }

        // Another organisation's partner does not even find the referral.
        let other_org = kompas_store::tenancy::organizations(&app.db, muni)
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.id != welzijn)
            .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let other = plan::create_referral(
            &mut tx,
            case,
            version + 1,
            &plan::NewReferral {
                goal_id: None,
                offer_id: None,
                organization_id: Some(other_org.id),
                layer: None,
                handover_note: &note,
            },
            by,
        )
        .await
        .unwrap();
        plan::referral_step(&mut tx, other, 1, &ReferralAction::Send, "", by)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let res = partner.get(&format!("/partner/verwijzingen/{other}")).await;
        assert_eq!(res.status(), 404);
    }
);
