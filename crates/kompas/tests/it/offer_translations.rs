//! Offers in residents' languages (issue 15): an editor of the offer's
//! municipality enters translations on the offer form; the public offer page
//! and result cards show them in the resident's language, or the Dutch text
//! marked as Dutch; the HSDS API lists the languages and answers in one when
//! asked; export and import keep the translations. Another municipality's
//! editor cannot touch them.

use crate::both;
use crate::directory::{breiclub_edit, form_version, seed};
use crate::support::*;
use kompas::hsds_cli::{self, ImportArgs};
use kompas_domain::directory::OfferTranslation;
use kompas_domain::language::Language;
use kompas_domain::MunicipalityScope;
use kompas_store::directory as dir;
use kompas_store::offer_translations as tr;
use serde_json::Value;

const EN_NAME: &str = "Sunflower café";
const EN_DESCRIPTION: &str = "Coffee and a good chat, now with a knitting club.";
const AR_NAME: &str = "مقهى عباد الشمس";
const AR_DESCRIPTION: &str = "قهوة وحديث طيب.";

/// Saves the editor's form of the Zonnebloemcafé with `extra` fields.
async fn save(c: &Browser, id: i64, extra: &[(&str, &str)]) -> reqwest::Response {
    let edit = format!("/redactie/aanbod/{id}");
    let form = c.get(&edit).await.text().await.unwrap();
    let version = form_version(&form);
    let mut fields = breiclub_edit(&version).to_vec();
    fields.push(("aanmelden", "Bel of loop binnen."));
    fields.extend_from_slice(extra);
    c.post_form(&edit, &fields).await
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

async fn api(app: &TestApp, path: &str, accept_language: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(l) = accept_language {
        req = req.header("accept-language", l);
    }
    req.send().await.unwrap()
}

fn language_codes(service: &Value) -> Vec<String> {
    service["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap().to_string())
        .collect()
}

both!(
    editors_translate_an_offer_and_residents_read_it,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let editor = app.other_client();
        editor.login("redacteur").await;

        // The form has a section per language, empty at first.
        let form = editor
            .get(&format!("/redactie/aanbod/{}", ids[0]))
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains(">Vertalingen</h2>"));
        for code in ["en", "ar", "tr", "pl", "uk"] {
            assert!(form.contains(&format!("name=\"{code}_naam\"")), "{code}");
        }

        let res = save(
            &editor,
            ids[0],
            &[
                ("en_naam", EN_NAME),
                ("en_omschrijving", EN_DESCRIPTION),
                ("ar_naam", AR_NAME),
                ("ar_omschrijving", AR_DESCRIPTION),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        let stored = tr::of_offer(&app.db, ids[0]).await.unwrap();
        assert_eq!(
            stored.iter().map(|t| t.language).collect::<Vec<_>>(),
            vec![Language::En, Language::Ar]
        );
        let history = dir::offer_history(&app.db, ids[0]).await.unwrap();
        assert!(
            history[0]
                .reason
                .ends_with("vertaling gewijzigd (Engels, Arabisch)"),
            "{}",
            history[0].reason
        );
        // The form shows them back.
        let form = editor
            .get(&format!("/redactie/aanbod/{}", ids[0]))
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains(&format!("value=\"{EN_NAME}\"")));
        assert!(form.contains(AR_DESCRIPTION));

        // English: the English name and description; the how-to-apply has no
        // translation, so it is the Dutch one, marked.
        let en = page(&app, &format!("/aanbod/{}?taal=en", ids[0])).await;
        assert!(
            en.contains(&format!("lang=\"en\" dir=\"ltr\">{EN_NAME}</span>")),
            "{en}"
        );
        assert!(en.contains(EN_DESCRIPTION));
        assert!(en.contains("lang=\"nl\" dir=\"ltr\">Bel of loop binnen.</span> <span class=\"kompas-lang-note\">(in Dutch)</span>"), "{en}");
        // Arabic: right to left.
        let ar = page(&app, &format!("/aanbod/{}?taal=ar", ids[0])).await;
        assert!(ar.contains(&format!("lang=\"ar\" dir=\"rtl\">{AR_NAME}</span>")));
        // Turkish: no translation, the Dutch text marked as Dutch, in Turkish.
        let tr_page = page(&app, &format!("/aanbod/{}?taal=tr", ids[0])).await;
        assert!(tr_page.contains("lang=\"nl\" dir=\"ltr\">Zonnebloemcafé</span></h1><p class=\"utrecht-paragraph kompas-lang-note\">(Felemenkçe)</p>"), "{tr_page}");
        assert!(tr_page.contains(
            "lang=\"nl\" dir=\"ltr\">Koffie en een goed gesprek, nu ook met breiclub.</span>"
        ));
        assert!(!tr_page.contains(EN_NAME));
        // Dutch: the offer's own text, unmarked.
        let nl = page(&app, &format!("/aanbod/{}?taal=nl", ids[0])).await;
        assert!(nl.contains("<span>Zonnebloemcafé</span>"));
        assert!(!nl.contains("kompas-lang-note"));

        // Result cards: the translated name where there is one, the others marked.
        let cards = page(&app, "/zoeken?q=zonnebloem&taal=en").await;
        assert!(
            cards.contains(&format!("lang=\"en\" dir=\"ltr\">{EN_NAME}</span>")),
            "{cards}"
        );
        assert!(cards.contains("lang=\"nl\" dir=\"ltr\">Geldmaatje Zonnebloem</span></a> <span class=\"kompas-lang-note\">(in Dutch)</span>"));

        // A too-long translated description: an error on that field, in Dutch,
        // and everything typed comes back.
        let long = "x".repeat(5001);
        let res = save(
            &editor,
            ids[0],
            &[
                ("en_naam", "Sunflower café, renamed"),
                ("en_omschrijving", &long),
                ("tr_naam", "Ayçiçeği kafe"),
            ],
        )
        .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("omschrijving (Engels): de omschrijving is langer dan 5000 tekens"),
            "{body}"
        );
        assert!(body.contains("value=\"Sunflower café, renamed\""));
        assert!(body.contains(&long));
        assert!(body.contains("value=\"Ayçiçeği kafe\""));
        assert_eq!(
            tr::of_offer(&app.db, ids[0]).await.unwrap(),
            stored,
            "nothing saved"
        );

        // Emptying a language removes it; the others stay.
        let res = save(
            &editor,
            ids[0],
            &[
                ("en_naam", EN_NAME),
                ("en_omschrijving", EN_DESCRIPTION),
                ("ar_naam", AR_NAME),
                ("ar_omschrijving", AR_DESCRIPTION),
                ("tr_naam", "Ayçiçeği kafe"),
                ("tr_naam", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(tr::of_offer(&app.db, ids[0]).await.unwrap(), stored);

        // Another municipality's editor finds no such offer, for reading or
        // saving, and the store refuses it outside the scope.
        let bram = beekhuizen_editor(&app).await;
        let edit = format!("/redactie/aanbod/{}", ids[0]);
        assert_eq!(bram.get(&edit).await.status(), 404);
        let version = form_version(&editor.get(&edit).await.text().await.unwrap());
        let mut fields = breiclub_edit(&version).to_vec();
        fields.push(("en_naam", "Hijacked"));
        assert_eq!(bram.post_form(&edit, &fields).await.status(), 404);
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let refused = tr::set_in_scope(
            &mut tx,
            &MunicipalityScope::single(beekhuizen.id),
            ids[0],
            &[OfferTranslation {
                language: Language::En,
                name: "Hijacked".into(),
                description: String::new(),
                how_to_apply: String::new(),
            }],
            "Bram",
            chrono::Utc::now(),
        )
        .await;
        assert!(matches!(
            refused,
            Err(kompas_store::StoreError::NotFound(_))
        ));
        drop(tx);
        assert_eq!(tr::of_offer(&app.db, ids[0]).await.unwrap(), stored);

        // The HSDS API: the languages, Dutch by default, English when asked.
        let path = "/api/hsds/services/test-zonnebloemcafe";
        let dutch: Value = api(&app, path, None).await.json().await.unwrap();
        assert_eq!(language_codes(&dutch), vec!["nl", "en", "ar"]);
        assert_eq!(dutch["name"], "Zonnebloemcafé");
        let english: Value = api(&app, &format!("{path}?taal=en"), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(english["name"], EN_NAME);
        assert_eq!(english["description"], EN_DESCRIPTION);
        assert_eq!(english["application_process"], "Bel of loop binnen.");
        let by_header: Value = api(&app, path, Some("en-GB,en;q=0.9"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(by_header["name"], EN_NAME);
        let untranslated = api(&app, "/api/hsds/services/test-geldmaatje?taal=en", None)
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(untranslated["name"], "Geldmaatje Zonnebloem");
        assert_eq!(language_codes(&untranslated), vec!["nl"]);
        // A search list, in Arabic and then (not from the cache) in English.
        for (query, name) in [("taal=ar", AR_NAME), ("taal=en", EN_NAME)] {
            let list: Value = api(
                &app,
                &format!("/api/hsds/services?search=zonnebloemcafe&{query}"),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
            assert!(
                list["contents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["name"] == name),
                "{query}: {list}"
            );
        }
        assert_eq!(
            api(&app, &format!("{path}?taal=xx"), None).await.status(),
            400
        );
    }
);

both!(
    translations_survive_export_and_import,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let translations = vec![
            OfferTranslation {
                language: Language::En,
                name: EN_NAME.into(),
                description: EN_DESCRIPTION.into(),
                how_to_apply: "Just walk in.".into(),
            },
            OfferTranslation {
                language: Language::Ar,
                name: AR_NAME.into(),
                description: AR_DESCRIPTION.into(),
                how_to_apply: String::new(),
            },
        ];
        let mut tx = app.db.begin().await.unwrap();
        assert!(tr::replace(
            &mut tx,
            ids[0],
            &translations,
            "test",
            "test",
            chrono::Utc::now()
        )
        .await
        .unwrap());
        tx.commit().await.unwrap();

        let dir = app.dir.0.join("export-translations");
        let mut out = Vec::new();
        hsds_cli::export(&app.db, &dir, &mut out).await.unwrap();
        let services: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("services.json")).unwrap())
                .unwrap();
        let exported = services
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Zonnebloemcafé")
            .unwrap();
        assert_eq!(language_codes(exported), vec!["nl", "en", "ar"]);

        let import = |path: std::path::PathBuf| {
            let db = app.db.clone();
            async move {
                let mut out = Vec::new();
                let report = hsds_cli::import(
                    &db,
                    &ImportArgs {
                        path,
                        dry_run: false,
                        municipality: Some("GM9901".into()),
                    },
                    &mut out,
                )
                .await
                .unwrap();
                (report, String::from_utf8(out).unwrap())
            }
        };
        // Re-importing our own export changes nothing.
        let (report, out) = import(dir.join("services.json")).await;
        assert!(report.ok(), "{out}");
        assert_eq!((report.updated, report.created), (0, 0), "{out}");

        // Translations lost here come back from the export, both serialisations.
        for file in ["services.json", "datapackage.json"] {
            sqlx::query("DELETE FROM offer_translations")
                .execute(app.db.writer())
                .await
                .unwrap();
            let (report, out) = import(dir.join(file)).await;
            assert!(report.ok(), "{file}: {out}");
            assert!(report.changed.contains(&ids[0]), "{file}: {out}");
            assert_eq!(
                tr::of_offer(&app.db, ids[0]).await.unwrap(),
                translations,
                "{file}"
            );
        }
        // And the public page shows what came in.
        let en = page(&app, &format!("/aanbod/{}?taal=en", ids[0])).await;
        assert!(en.contains("Just walk in."));
    }
);

both!(
    a_results_page_reads_the_same_offers_on_the_requests_thread_as_through_sqlx,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // One offer with a located place and coordinates, one translated.
        let all = dir::offers_after(&app.db, 0, 10_000).await.unwrap();
        let (first, second) = (all[0].clone(), all[1].clone());
        let mut tx = app.db.begin().await.unwrap();
        let place = dir::upsert_location(
            &mut tx,
            &kompas_domain::directory::record::Location {
                id: 0,
                hsds_id: "test-buurthuis".into(),
                organization_id: Some(first.organization_id),
                name: "Buurthuis De Linde".into(),
                address: Some("Lindeplein 4".into()),
                postcode: Some("9901 AB".into()),
                city: Some("Wilgendaal".into()),
                area_code: None,
                latitude: Some(52.0907),
                longitude: Some(5.1214),
            },
        )
        .await
        .unwrap();
        sqlx::query("UPDATE offers SET location_id = $1 WHERE id = $2")
            .bind(place)
            .bind(first.id)
            .execute(&mut *tx)
            .await
            .unwrap();
        tr::replace(
            &mut tx,
            second.id,
            &[OfferTranslation {
                language: Language::En,
                name: EN_NAME.into(),
                description: EN_DESCRIPTION.into(),
                how_to_apply: String::new(),
            }],
            "test",
            "vertaling",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let ids: Vec<i64> = all.iter().map(|o| o.id).rev().collect();
        // SQLite in a file reads these on the request's thread.
        assert_eq!(app.db.reads_inline(), backend == Backend::Sqlite);
        let through_sqlx = app.db.without_inline_reads();
        assert!(!through_sqlx.reads_inline());
        let here = dir::offers_by_ids(&app.db, &ids).await.unwrap();
        let there = dir::offers_by_ids(&through_sqlx, &ids).await.unwrap();
        assert_eq!(here.len(), ids.len());
        assert_eq!(here, there);
        // In the order asked, with the place and its coordinates.
        assert_eq!(here.iter().map(|o| o.id).collect::<Vec<_>>(), ids);
        let located = here.iter().find(|o| o.id == first.id).unwrap();
        let at = located.location.as_ref().unwrap();
        assert_eq!((at.latitude, at.longitude), (Some(52.0907), Some(5.1214)));
        assert_eq!(at.postcode.as_deref(), Some("9901 AB"));

        let mut orgs: Vec<i64> = here.iter().map(|o| o.organization_id).collect();
        orgs.sort_unstable();
        orgs.dedup();
        let by_id = |mut v: Vec<kompas_domain::directory::record::DirectoryOrganization>| {
            v.sort_by_key(|o| o.id);
            v
        };
        let orgs_here = by_id(dir::organizations_by_ids(&app.db, &orgs).await.unwrap());
        assert_eq!(orgs_here.len(), orgs.len());
        assert_eq!(
            orgs_here,
            by_id(
                dir::organizations_by_ids(&through_sqlx, &orgs)
                    .await
                    .unwrap()
            )
        );

        let mut filled = here.clone();
        tr::fill(&app.db, &mut filled).await.unwrap();
        let mut filled_there = there.clone();
        tr::fill(&through_sqlx, &mut filled_there).await.unwrap();
        assert_eq!(filled, filled_there);
        let translated = filled.iter().find(|o| o.id == second.id).unwrap();
        assert!(translated
            .translations
            .iter()
            .any(|t| t.language == Language::En && t.name == EN_NAME));
    }
);
