//! The sociale kaart through the real app on both databases: search, filters,
//! offer pages, error reports, the vraagwijzer and the editorial workflow.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OpeningHours, TargetGroup,
};
use kompas_store::directory::{self as dir, OfferPlace, OrganizationInput};

pub(crate) fn draft(
    id: &str,
    name: &str,
    layer: Layer,
    domain: LifeDomain,
    keywords: &[&str],
) -> OfferDraft {
    OfferDraft {
        hsds_id: id.into(),
        name: name.into(),
        description: format!("{name}: hulp in Wilgendaal voor wie dat nodig heeft."),
        for_whom: "Inwoners van Wilgendaal".into(),
        application_process: "Bel of loop binnen.".into(),
        status: OfferStatus::Active,
        layer,
        access: if layer >= Layer::Targeted {
            AccessRoute::Indication
        } else {
            AccessRoute::Open
        },
        referrer: (layer >= Layer::Targeted).then(|| "Sociaal Team Wilgendaal".into()),
        ages: AgeRange::default(),
        free: true,
        cost_text: String::new(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        life_domains: vec![domain],
        target_groups: vec![TargetGroup::Adults],
        areas_served: Vec::new(),
        hours: OpeningHours::default(),
        phone: Some("0123 45 67 89".into()),
        email: None,
        url: None,
        last_checked: NaiveDate::from_ymd_opt(2026, 10, 1),
        checked_by: None,
    }
}

/// Three offers of the partner's organisation, indexed. Returns their ids.
pub(crate) async fn seed(app: &TestApp) -> Vec<i64> {
    let drafts = [
        draft(
            "test-zonnebloemcafe",
            "Zonnebloemcafé",
            Layer::SocialBase,
            LifeDomain::SocialNetwork,
            &["koffie", "eenzaam"],
        ),
        draft(
            "test-geldmaatje",
            "Geldmaatje Zonnebloem",
            Layer::OpenAccess,
            LifeDomain::Finances,
            &["schulden", "rekeningen"],
        ),
        draft(
            "test-schuldregeling",
            "Schuldregeling Zonnebloem",
            Layer::Targeted,
            LifeDomain::Finances,
            // As relevant to "schulden" as the Geldmaatje: then the lighter
            // one comes first (a clearly better match would not give way).
            &["schulden", "regeling"],
        ),
    ];
    seed_offers(app, &drafts).await
}

/// `drafts` as offers of the partner's organisation, indexed. Returns their ids.
pub(crate) async fn seed_offers(app: &TestApp, drafts: &[OfferDraft]) -> Vec<i64> {
    let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let org = dir::upsert_organization(
        &mut tx,
        m.id,
        &OrganizationInput {
            hsds_id: "stichting-welzijn-wilgendaal".into(),
            name: "Stichting Welzijn Wilgendaal".into(),
            ..OrganizationInput::default()
        },
    )
    .await
    .unwrap();
    let place = OfferPlace {
        municipality_id: m.id,
        organization_id: org,
        location_id: None,
    };
    let mut ids = Vec::new();
    for d in drafts {
        ids.push(
            dir::save_offer(
                &mut tx,
                place,
                d,
                None,
                None,
                "test",
                "testgegevens",
                chrono::Utc::now(),
            )
            .await
            .unwrap()
            .id(),
        );
    }
    tx.commit().await.unwrap();
    kompas_web::directory::sync_index(&app.state).await.unwrap();
    ids
}

fn position(page: &str, text: &str) -> Option<usize> {
    page.find(text)
}

both!(
    search_finds_offers_lightest_first_with_filters,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        seed(&app).await;
        let page = app
            .get("/zoeken?q=schulden+zonnebloem")
            .await
            .text()
            .await
            .unwrap();
        let (light, heavy) = (
            position(&page, "Geldmaatje Zonnebloem"),
            position(&page, "Schuldregeling Zonnebloem"),
        );
        assert!(light.is_some() && heavy.is_some(), "both debt offers found");
        assert!(light < heavy, "the lighter offer comes first");
        // Filter: no referral needed leaves out the indicated one.
        let page = app
            .get("/zoeken?q=schulden+zonnebloem&zonder-verwijzing=1")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Geldmaatje Zonnebloem") && !page.contains("Schuldregeling Zonnebloem")
        );
        // A typo still finds it.
        let page = app
            .get("/zoeken?q=zonnebloemcfe")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Zonnebloemcafé"), "typo tolerance");
        // Bad filter values get a Dutch 400, not a 500.
        let res = app.get("/zoeken?laag=9").await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("laag"));
        let long = "a".repeat(2000);
        assert_eq!(
            app.get(&format!("/zoeken?q={long}%27%22%3C"))
                .await
                .status(),
            200
        );
    }
);

/// The `versie` field of an offer form.
pub(crate) fn form_version(form: &str) -> String {
    form.split("name=\"versie\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The editor's form for the seeded Zonnebloemcafé, now with a breiclub.
pub(crate) fn breiclub_edit(version: &str) -> [(&'static str, &str); 9] {
    [
        ("naam", "Zonnebloemcafé"),
        (
            "omschrijving",
            "Koffie en een goed gesprek, nu ook met breiclub.",
        ),
        ("laag", "2"),
        ("leefgebied", "sociaal-netwerk"),
        ("toegang", "vrij"),
        ("gratis", "1"),
        ("trefwoorden", "koffie, eenzaam, breien"),
        ("status", "active"),
        ("versie", version),
    ]
}

both!(an_edit_is_searchable_at_once, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let ids = seed(&app).await;
    app.login("redacteur").await;
    let form = app
        .get(&format!("/redactie/aanbod/{}", ids[0]))
        .await
        .text()
        .await
        .unwrap();
    let version = form_version(&form);
    let fields = breiclub_edit(&version);
    assert_eq!(
        app.post_form(&format!("/redactie/aanbod/{}", ids[0]), &fields)
            .await
            .status(),
        303
    );
    let page = app.get("/zoeken?q=breiclub").await.text().await.unwrap();
    assert!(
        page.contains("Zonnebloemcafé"),
        "found by the new word right away"
    );
    // Saving again on the old version is refused with a readable conflict.
    let res = app
        .post_form(&format!("/redactie/aanbod/{}", ids[0]), &fields)
        .await;
    assert_eq!(res.status(), 409);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("intussen door iemand anders gewijzigd"));
    let history = dir::offer_history(&app.db, ids[0]).await.unwrap();
    assert!(history.len() >= 2 && history[0].reason.contains("redactie"));
});

both!(
    a_partner_proposes_and_an_editor_decides,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let partner = app.other_client();
        partner.login("partner").await;
        let list = partner.get("/partner/aanbod").await.text().await.unwrap();
        assert!(list.contains("Geldmaatje Zonnebloem"));
        let fields = [
            ("naam", "Geldmaatje Zonnebloem"),
            (
                "omschrijving",
                "Een vrijwilliger helpt u met post, rekeningen en een plan.",
            ),
            ("laag", "3"),
            ("leefgebied", "financien"),
            ("toegang", "aanmelden"),
            ("gratis", "1"),
            ("trefwoorden", "schulden, post, rekeningen"),
            ("status", "active"),
        ];
        assert_eq!(
            partner
                .post_form(&format!("/partner/aanbod/{}", ids[1]), &fields)
                .await
                .status(),
            303
        );
        // Not public until approved.
        assert!(!app
            .get(&format!("/aanbod/{}", ids[1]))
            .await
            .text()
            .await
            .unwrap()
            .contains("met post, rekeningen en een plan"));
        // A partner cannot touch another organisation's offer.
        let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let other = dir::upsert_organization(
            &mut tx,
            m.id,
            &OrganizationInput {
                hsds_id: "ander".into(),
                name: "Andere Stichting".into(),
                ..OrganizationInput::default()
            },
        )
        .await
        .unwrap();
        let foreign = dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: m.id,
                organization_id: other,
                location_id: None,
            },
            &draft(
                "test-ander",
                "Ander aanbod",
                Layer::SocialBase,
                LifeDomain::Housing,
                &[],
            ),
            None,
            None,
            "test",
            "test",
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .id();
        tx.commit().await.unwrap();
        assert_eq!(
            partner
                .get(&format!("/partner/aanbod/{foreign}"))
                .await
                .status(),
            404
        );

        app.login("redacteur").await;
        let queue = app.get("/redactie/wachtrij").await.text().await.unwrap();
        assert!(
            queue.contains("met post, rekeningen en een plan"),
            "the editor sees the proposal"
        );
        let change = dir::pending_changes(&app.db, m.id).await.unwrap().remove(0);
        // Rejecting needs a reason.
        let res = app
            .post_form(
                &format!("/redactie/wachtrij/{}", change.id),
                &[("besluit", "afwijzen"), ("toelichting", "")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            app.post_form(
                &format!("/redactie/wachtrij/{}", change.id),
                &[("besluit", "goedkeuren"), ("toelichting", "")]
            )
            .await
            .status(),
            303
        );
        let page = app
            .get(&format!("/aanbod/{}", ids[1]))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("met post, rekeningen en een plan"),
            "approved change is public"
        );
        let page = app.get("/zoeken?q=post+plan").await.text().await.unwrap();
        assert!(
            page.contains("Geldmaatje Zonnebloem"),
            "and searchable at once"
        );
        let list = partner.get("/partner/aanbod").await.text().await.unwrap();
        assert!(list.contains("goedgekeurd"));
        // Deciding twice is refused.
        assert_eq!(
            app.post_form(
                &format!("/redactie/wachtrij/{}", change.id),
                &[("besluit", "goedkeuren")]
            )
            .await
            .status(),
            409
        );
    }
);

both!(
    visitors_report_errors_and_editors_handle_them,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let visitor = app.other_client();
        let res = visitor
            .post_form(&format!("/aanbod/{}/melding", ids[0]), &[("melding", "x")])
            .await;
        assert_eq!(res.status(), 422, "too short");
        let res = visitor
            .post_form(
                &format!("/aanbod/{}/melding", ids[0]),
                &[(
                    "melding",
                    "Het café is verhuisd naar de Dorpsstraat <script>alert(1)</script>",
                )],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Dank u wel"));
        // A bot filling the hidden field is thanked but nothing is stored.
        visitor
            .post_form(
                &format!("/aanbod/{}/melding", ids[0]),
                &[
                    ("melding", "koop nu goedkope dingen"),
                    ("website", "http://spam"),
                ],
            )
            .await;
        app.login("redacteur").await;
        let page = app.get("/redactie/meldingen").await.text().await.unwrap();
        assert!(page.contains("verhuisd naar de Dorpsstraat"));
        let at = page.find("Dorpsstraat").unwrap_or(0);
        let around: String = page[at..].chars().take(80).collect();
        assert!(
            !page.contains("<script>alert")
                && (around.contains("&lt;script&gt;") || around.contains("&#60;script&#62;")),
            "partner and visitor text is escaped: {around}"
        );
        assert!(!page.contains("goedkope dingen"));
    }
);

both!(
    stale_offers_are_marked_and_can_be_confirmed_in_bulk,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let mut old = draft(
            "test-oud",
            "Oude Zonnebloemgroep",
            Layer::SocialBase,
            LifeDomain::SocialNetwork,
            &["zonnebloemgroep"],
        );
        old.last_checked = NaiveDate::from_ymd_opt(2020, 1, 1);
        let org = dir::offer_by_id(&app.db, ids[0])
            .await
            .unwrap()
            .unwrap()
            .organization_id;
        let stale = dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: m.id,
                organization_id: org,
                location_id: None,
            },
            &old,
            None,
            None,
            "test",
            "test",
            chrono::Utc::now(),
        )
        .await
        .unwrap()
        .id();
        tx.commit().await.unwrap();
        kompas_web::directory::sync_index(&app.state).await.unwrap();
        let page = app
            .get("/zoeken?q=zonnebloemgroep")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("langer dan een jaar niet gecontroleerd"));
        app.login("redacteur").await;
        let report = app.get("/redactie/verouderd").await.text().await.unwrap();
        assert!(report.contains("Oude Zonnebloemgroep"));
        let s = stale.to_string();
        assert_eq!(
            app.post_form("/redactie/verouderd", &[("aanbod", s.as_str())])
                .await
                .status(),
            303
        );
        let report = app.get("/redactie/verouderd").await.text().await.unwrap();
        assert!(!report.contains("Oude Zonnebloemgroep"));
        let page = app
            .get("/zoeken?q=zonnebloemgroep")
            .await
            .text()
            .await
            .unwrap();
        assert!(!page.contains("langer dan een jaar niet gecontroleerd"));
    }
);

both!(
    synonyms_from_editors_work_on_the_next_search,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        seed(&app).await;
        assert!(!app
            .get("/zoeken?q=centjesnood")
            .await
            .text()
            .await
            .unwrap()
            .contains("Geldmaatje Zonnebloem"));
        // Beekhuizen's editor's words are for Beekhuizen's searches only.
        let bram = beekhuizen_editor(&app).await;
        assert_eq!(
            bram.post_form(
                "/redactie/synoniemen",
                &[("csv", "woord,betekent\ncentjesnood,schulden")]
            )
            .await
            .status(),
            303
        );
        assert!(!app
            .get("/zoeken?q=centjesnood")
            .await
            .text()
            .await
            .unwrap()
            .contains("Geldmaatje Zonnebloem"));
        app.login("redacteur").await;
        let res = app
            .post_form(
                "/redactie/synoniemen",
                &[("csv", "woord,betekent\ncentjesnood,schulden\nfout regel")],
            )
            .await;
        assert_eq!(res.status(), 422, "a bad line refuses the whole list");
        assert!(!app
            .get("/redactie/synoniemen")
            .await
            .text()
            .await
            .unwrap()
            .contains("centjesnood"));
        assert_eq!(
            app.post_form(
                "/redactie/synoniemen",
                &[("csv", "woord,betekent\ncentjesnood,schulden")]
            )
            .await
            .status(),
            303
        );
        assert!(app
            .get("/zoeken?q=centjesnood")
            .await
            .text()
            .await
            .unwrap()
            .contains("Geldmaatje Zonnebloem"));
    }
);

both!(
    the_vraagwijzer_answers_lightest_first,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        seed(&app).await;
        let page = app
            .get("/vraagwijzer?voor=mijzelf&over=financien")
            .await
            .text()
            .await
            .unwrap();
        let answer = &page
            [page.find("id=\"antwoord\"").expect("an answer")..page.find("id=\"uitleg\"").unwrap()];
        let layers: Vec<u8> = answer
            .split("kompas-layer kompas-layer--")
            .skip(1)
            .filter_map(|rest| rest.chars().next()?.to_digit(10).map(|d| d as u8))
            .collect();
        assert!(!layers.is_empty(), "the answer lists offers");
        assert!(
            layers.windows(2).all(|w| w[0] <= w[1]),
            "lightest first: {layers:?}"
        );
        let res = app
            .get("/vraagwijzer?voor=mijzelf&over=financien&postcode=12")
            .await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("postcode"));
    }
);

both!(a_partner_proposes_a_new_offer, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let partner = app.other_client();
    partner.login("partner").await;
    let bad = partner
        .post_form(
            "/partner/aanbod/nieuw",
            &[
                ("naam", "Wandelgroep Zonnewijzer"),
                ("laag", "2"),
                ("toegang", "vrij"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("omschrijving") && page.contains("Wandelgroep Zonnewijzer"),
        "problems named, input kept"
    );
    let fields = [
        ("naam", "Wandelgroep Zonnewijzer"),
        (
            "omschrijving",
            "Elke donderdag wandelen we een uur door het park.",
        ),
        ("laag", "2"),
        ("leefgebied", "lichamelijke-gezondheid"),
        ("toegang", "vrij"),
        ("gratis", "1"),
        ("status", "active"),
    ];
    assert_eq!(
        partner
            .post_form("/partner/aanbod/nieuw", &fields)
            .await
            .status(),
        303
    );
    assert!(!app
        .get("/zoeken?q=zonnewijzer")
        .await
        .text()
        .await
        .unwrap()
        .contains("Wandelgroep Zonnewijzer"));
    app.login("redacteur").await;
    let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    let change = dir::pending_changes(&app.db, m.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.offer_id.is_none())
        .expect("the proposal");
    assert_eq!(
        app.post_form(
            &format!("/redactie/wachtrij/{}", change.id),
            &[("besluit", "goedkeuren")]
        )
        .await
        .status(),
        303
    );
    let page = app.get("/zoeken?q=zonnewijzer").await.text().await.unwrap();
    assert!(
        page.contains("Wandelgroep Zonnewijzer"),
        "the new offer is public and searchable"
    );
});
