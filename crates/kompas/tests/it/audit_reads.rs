//! Every page that shows personal data leaves an audit row, route by route.
//! Every worker, partner and resident page must be listed here as showing
//! personal data (and is then visited and checked) or as showing none, so a
//! new page cannot slip past without a decision.

use crate::both;
use crate::support::*;
use kompas_domain::plan::{HandoverNote, ReferralAction};
use kompas_store::plan::{self as plan, By};
use std::collections::BTreeSet;

/// Pages with personal data: each read must write an audit row about the household.
const PERSONAL: &[&str] = &[
    "/werk/vragen/{id}",
    "/werk/huishoudens",
    "/werk/huishoudens/{id}",
    "/werk/huishoudens/{id}/toestemming",
    "/werk/trajecten/{id}",
    "/werk/trajecten/{id}/plan",
    "/werk/maatwerk/{id}",
    "/werk/maatwerk/{id}/besluit",
    "/werk/maatwerk/besluiten/{id}",
    "/werk/maatwerk/besluiten/{id}/brief",
    "/werk/maatwerk/besluiten/{id}/document",
    "/partner/verwijzingen/{id}",
    // A provider's allocations name their clients; a message carries BSN and name.
    "/partner/toewijzingen",
    "/partner/berichten/{id}",
    "/beheer/berichten/{id}",
    "/beheer/berichten/{id}/xml",
    "/mijn",
    "/mijn/besluiten/{id}",
    // Names and the question's first words, a row per line shown.
    "/werk/wachtrij",
    "/werk/trajecten",
    // The full list of who looked at the household's file.
    "/mijn/inzage",
];

/// Pages without personal data: forms, ids and statuses only.
const NOT_PERSONAL: &[&str] = &[
    "/werk/vragen/nieuw",
    "/werk/signalen/import",
    "/werk/signalen/import/voorbeeld.csv",
    // Counts per worker; the only names are the workers' own.
    "/werk/team",
    // Case and question numbers with dates; no names (the feed likewise).
    "/werk/agenda",
    // The worker's own work phone and e-mail; changing them is audited.
    "/werk/mijn-gegevens",
    // Path and household numbers, laws and deadlines (the list itself is
    // still audited once per view).
    "/werk/maatwerk",
    "/partner/verwijzingen",
    "/partner/signalen",
    "/partner/aanbod",
    // Shows a button only; its POST logs a login row of its own.
    "/mijn/inloggen/{token}",
    // DigiD: a redirect to the broker, and its answer (which logs a login
    // row of its own, or a refusal).
    "/mijn/digid/{gemeente}",
    "/mijn/digid/{gemeente}/terug",
    // The maatwerk catalogue: providers, products, contracts and tariffs are
    // business data (each read is still audited, see maatwerk_catalogue.rs).
    "/beheer/maatwerk",
    "/beheer/maatwerk/aanbieders/{id}",
    "/beheer/maatwerk/producten",
    "/beheer/maatwerk/producten/{id}",
    "/beheer/maatwerk/import",
    "/beheer/maatwerk/import/voorbeeld.csv",
    // The municipality's letter texts: no resident in them.
    "/beheer/maatwerk/brieven",
    // The municipality's own contact details: no resident in them.
    "/beheer/gemeente",
    "/beheer/gemeente/{id}",
    // Kinds, dates, providers and allocation numbers; no names (the list is
    // still audited once per view).
    "/beheer/berichten",
];

both!(
    every_page_with_personal_data_writes_an_audit_row,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // Every GET page for workers, partners and residents is classified.
        let pages: BTreeSet<String> = kompas_web::route_table(app.state.clone())
            .iter()
            .filter(|r| r.method == "GET")
            .map(|r| r.path.clone())
            .filter(|p| {
                p.starts_with("/werk/")
                    || p.starts_with("/partner/")
                    || p.starts_with("/mijn")
                    || p.starts_with("/beheer/maatwerk")
                    || p.starts_with("/beheer/berichten")
            })
            .filter(|p| !p.starts_with("/partner/aanbod/"))
            .collect();
        let known: BTreeSet<String> = PERSONAL
            .iter()
            .chain(NOT_PERSONAL)
            .map(|p| p.to_string())
            .collect();
        let unclassified: Vec<_> = pages.difference(&known).collect();
        assert!(
            unclassified.is_empty(),
            "classify these pages: {unclassified:?}"
        );

        // A household with a question, a case, consent and a referral to the partner.
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9904 AX", "Rik Wolters").await;
        let by = By::user(&fx.pro, chrono::Utc::now());
        let welzijn = kompas_store::tenancy::organization_by_name(
            &app.db,
            fx.municipality,
            "Stichting Welzijn Wilgendaal",
        )
        .await
        .unwrap()
        .id;
        let grant = kompas_domain::plan::ConsentGrant::new(
            fx.member,
            welzijn,
            [kompas_domain::directory::LifeDomain::Finances]
                .into_iter()
                .collect(),
            kompas_domain::plan::Purpose::parse("hulp bij de post").unwrap(),
            by.today(),
            None,
        )
        .unwrap();
        plan::add_consent(&mut tx, fx.household, &grant, by)
            .await
            .unwrap();
        let note = HandoverNote::parse("Rik wil hulp bij de post.").unwrap();
        let referral = plan::create_referral(
            &mut tx,
            fx.case,
            1,
            &plan::NewReferral {
                goal_id: None,
                offer_id: None,
                organization_id: Some(welzijn),
                layer: None,
                handover_note: &note,
            },
            by,
        )
        .await
        .unwrap();
        plan::referral_step(&mut tx, referral, 1, &ReferralAction::Send, "", by)
            .await
            .unwrap();
        let question = kompas_store::toegang::create_question(
            &mut tx,
            &kompas_store::toegang::NewQuestion {
                municipality_id: fx.municipality,
                channel: kompas_domain::toegang::question::Channel::Professional,
                urgent: false,
                body: "Rik vraagt hulp bij de post".into(),
                life_domains: Vec::new(),
                contact_name: Some("Rik Wolters".into()),
                contact_phone: None,
                contact_email: None,
                contact_way: None,
                age_group: kompas_domain::toegang::question::AgeGroup::Adult,
                area_code: None,
                postcode: None,
                household_id: Some(fx.household),
                submitted_by: Some(fx.pro.id),
                submitter_organization: None,
                reason: None,
                received_at: by.at,
                due_date: by.today(),
            },
            Some(fx.pro.role),
        )
        .await
        .unwrap();
        let maatwerk = kompas_store::maatwerk::start_path(
            &mut tx,
            &kompas_domain::MunicipalityScope::single(fx.municipality),
            fx.household,
            Some(fx.member),
            kompas_domain::maatwerk::Law::Wmo,
            by.today(),
            Some(fx.pro.id),
            by.at,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (decision, _) = sent_decision_with_objection(
            &app,
            &kompas_domain::MunicipalityScope::single(fx.municipality),
            maatwerk,
        )
        .await;

        // The partner's organisation acts for a provider with an allocation
        // and a message about this household.
        let scope = kompas_domain::MunicipalityScope::single(fx.municipality);
        let partner_org = kompas_store::users::by_username(&app.db, "partner")
            .await
            .unwrap()
            .unwrap()
            .organization_id
            .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let (provider, _) =
            kompas_store::maatwerk::provider_with_agb(&mut tx, &scope, fx.municipality, "75990011")
                .await
                .unwrap()
                .unwrap();
        kompas_store::maatwerk::link_provider_to_organization(
            &mut tx,
            &scope,
            provider,
            Some(partner_org),
        )
        .await
        .unwrap();
        kompas_store::maatwerk::allocate(&mut tx, &scope, decision, 1, provider, by.at)
            .await
            .unwrap();
        let message = kompas_store::maatwerk::insert_message(
            &mut tx,
            &kompas_store::maatwerk::NewMessage {
                municipality_id: fx.municipality,
                law: kompas_domain::maatwerk::Law::Wmo,
                kind: "301".into(),
                direction: kompas_store::maatwerk::Direction::Out,
                message_ref: "AUDIT1".into(),
                dated_on: by.today(),
                agb_code: "75990011".into(),
                provider_id: Some(provider),
                household_id: Some(fx.household),
                replies_to: None,
                answer_due_on: None,
                status: "klaar".into(),
                summary: "Toewijzing (test)".into(),
                problems: None,
                xml: "<bericht/>".into(),
                file_name: None,
            },
            &[],
            by.at,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let contracts = app.web.other_client();
        contracts.login("contractbeheer").await;

        let worker = app.web.other_client();
        worker.login("consulent").await;
        let partner = app.web.other_client();
        partner.login("partner").await;
        let resident = app.web.other_client();
        // The resident enters with a one-time link made by the worker.
        let made = worker
            .post_form(
                &format!(
                    "/werk/huishoudens/{}/leden/{}/inloglink",
                    fx.household, fx.member
                ),
                &[("reden", "plan delen")],
            )
            .await
            .text()
            .await
            .unwrap();
        let at = made.find("/mijn/inloggen/").unwrap();
        let link = &made[at..at + "/mijn/inloggen/".len() + 64];
        assert_eq!(resident.get(link).await.status(), 200);
        assert_eq!(resident.post_form(link, &[]).await.status(), 303);

        let h = fx.household;
        for route in PERSONAL {
            let (who, path) = match *route {
                "/werk/vragen/{id}" => (&worker, format!("/werk/vragen/{question}")),
                "/werk/huishoudens" => (
                    &worker,
                    "/werk/huishoudens?zoek=Rik+Wolters&reden=controle".to_string(),
                ),
                "/werk/huishoudens/{id}" => {
                    (&worker, format!("/werk/huishoudens/{h}?reden=controle"))
                }
                "/werk/huishoudens/{id}/toestemming" => (
                    &worker,
                    format!("/werk/huishoudens/{h}/toestemming?reden=controle"),
                ),
                "/werk/trajecten/{id}" => (&worker, format!("/werk/trajecten/{}", fx.case)),
                "/werk/trajecten/{id}/plan" => {
                    (&worker, format!("/werk/trajecten/{}/plan", fx.case))
                }
                "/werk/maatwerk/{id}" => (&worker, format!("/werk/maatwerk/{maatwerk}")),
                "/werk/maatwerk/{id}/besluit" => {
                    (&worker, format!("/werk/maatwerk/{maatwerk}/besluit"))
                }
                "/werk/maatwerk/besluiten/{id}" => {
                    (&worker, format!("/werk/maatwerk/besluiten/{decision}"))
                }
                "/werk/maatwerk/besluiten/{id}/brief" => (
                    &worker,
                    format!("/werk/maatwerk/besluiten/{decision}/brief"),
                ),
                "/werk/maatwerk/besluiten/{id}/document" => (
                    &worker,
                    format!("/werk/maatwerk/besluiten/{decision}/document"),
                ),
                "/partner/verwijzingen/{id}" => {
                    (&partner, format!("/partner/verwijzingen/{referral}"))
                }
                "/partner/toewijzingen" => (&partner, "/partner/toewijzingen".to_string()),
                "/partner/berichten/{id}" => (&partner, format!("/partner/berichten/{message}")),
                "/beheer/berichten/{id}" => (&contracts, format!("/beheer/berichten/{message}")),
                "/beheer/berichten/{id}/xml" => {
                    (&contracts, format!("/beheer/berichten/{message}/xml"))
                }
                "/werk/wachtrij" => (&worker, "/werk/wachtrij".to_string()),
                "/werk/trajecten" => (&worker, "/werk/trajecten".to_string()),
                "/mijn" => (&resident, "/mijn".to_string()),
                "/mijn/besluiten/{id}" => (&resident, format!("/mijn/besluiten/{decision}")),
                "/mijn/inzage" => (&resident, "/mijn/inzage".to_string()),
                other => panic!("no visit written for {other}"),
            };
            let before = reads_about(&app, h).await;
            let res = who.get(&path).await;
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(
                reads_about(&app, h).await,
                before + 1,
                "{route} leaves one read row"
            );
        }
    }
);
