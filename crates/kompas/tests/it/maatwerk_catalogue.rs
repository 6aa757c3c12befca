//! The maatwerk catalogue in the database and in the browser: providers,
//! products and contracts per municipality, the tariff on a day, a new
//! tariff ending the contract before it, history of every change, the CSV
//! import (all or nothing, errors by line and column, a dry run), the pages
//! for contract managers, and another municipality's scope.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::maatwerk::catalogue::{ContractDraft, Product, ProductDraft, ProviderDraft};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk::{self as mw, ChangedBy, Entity};
use kompas_store::StoreError;
use sqlx::Row;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn by() -> ChangedBy {
    ChangedBy {
        user_id: None,
        now: chrono::Utc::now(),
    }
}

fn product(code: &str, variant: &str, unit: &str, frequency: &str) -> Product {
    ProductDraft {
        law: "wmo".into(),
        category: "01".into(),
        code: code.into(),
        name: format!("Testproduct {code}"),
        variant: variant.into(),
        unit: unit.into(),
        frequency: frequency.into(),
        valid_from: "01-01-2025".into(),
        valid_until: String::new(),
    }
    .check()
    .unwrap()
}

fn contract(tariff: &str, from: &str, until: &str) -> kompas_domain::maatwerk::catalogue::Contract {
    ContractDraft {
        tariff: tariff.into(),
        valid_from: from.into(),
        valid_until: until.into(),
    }
    .check()
    .unwrap()
}

/// Adds a contract (tariff, from, until) for (provider, product).
async fn add(
    tx: &mut kompas_store::Conn,
    scope: &MunicipalityScope,
    (provider, product): (i64, i64),
    (tariff, from, until): (&str, &str, &str),
) -> Result<mw::AddedContract, StoreError> {
    let c = contract(tariff, from, until);
    mw::add_contract(tx, scope, provider, product, &c, by()).await
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// A provider and a product of Wilgendaal; (scope, provider, product).
async fn provider_and_product(app: &TestApp) -> (MunicipalityScope, i64, i64) {
    let m = wilgendaal(app).await;
    let scope = MunicipalityScope::single(m);
    let provider = ProviderDraft {
        name: "Thuiszorg Proef".into(),
        agb: "75998801".into(),
        kvk: "69998801".into(),
    }
    .check()
    .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let p = mw::create_provider(&mut tx, &scope, m, &provider, by())
        .await
        .unwrap();
    let r = mw::create_product(
        &mut tx,
        &scope,
        m,
        &product("01T99", "inspanning", "04", "2"),
        by(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (scope, p, r)
}

both!(
    a_new_tariff_ends_the_contract_before_it_and_the_tariff_follows_the_date,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, provider, product) = provider_and_product(&app).await;
        let tariff = |on: NaiveDate| {
            let (app, scope) = (&app, &scope);
            async move {
                let mut conn = app.db.begin().await.unwrap();
                mw::contract_tariff(&mut conn, scope, provider, product, on)
                    .await
                    .unwrap()
            }
        };
        let mut tx = app.db.begin().await.unwrap();
        let first = add(
            &mut tx,
            &scope,
            (provider, product),
            ("31,20", "01-01-2025", ""),
        )
        .await
        .unwrap();
        assert_eq!(first.ended, None);
        let second = add(
            &mut tx,
            &scope,
            (provider, product),
            ("32,85", "01-01-2026", ""),
        )
        .await
        .unwrap();
        assert_eq!(second.ended, Some((first.id, d(2025, 12, 31))));
        tx.commit().await.unwrap();

        assert_eq!(tariff(d(2024, 12, 31)).await, None);
        assert_eq!(tariff(d(2025, 1, 1)).await, Some(3120));
        assert_eq!(tariff(d(2025, 12, 31)).await, Some(3120));
        assert_eq!(tariff(d(2026, 1, 1)).await, Some(3285));
        assert_eq!(tariff(d(2030, 6, 1)).await, Some(3285));

        // An overlap that is not a follow-up is refused and leaves nothing.
        let mut tx = app.db.begin().await.unwrap();
        let overlap = add(
            &mut tx,
            &scope,
            (provider, product),
            ("30,00", "01-06-2025", "30-06-2025"),
        )
        .await;
        assert!(
            matches!(overlap, Err(StoreError::Invalid(ref m)) if m.contains("al een contract")),
            "{overlap:?}"
        );
        drop(tx);

        // Ending: only shorter, never before the start.
        let mut tx = app.db.begin().await.unwrap();
        mw::end_contract(&mut tx, &scope, second.id, d(2026, 6, 30), by())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(tariff(d(2026, 7, 1)).await, None);
        let mut tx = app.db.begin().await.unwrap();
        for day in [d(2026, 7, 31), d(2025, 12, 1)] {
            let e = mw::end_contract(&mut tx, &scope, second.id, day, by()).await;
            assert!(matches!(e, Err(StoreError::Invalid(_))), "{day}: {e:?}");
        }
        drop(tx);

        // The provider's history: created, then both contracts and their endings, in order.
        let mut conn = app.db.begin().await.unwrap();
        let h = mw::history(&mut conn, &scope, Entity::Provider, provider)
            .await
            .unwrap();
        let seen: Vec<(Entity, &str)> = h.iter().map(|c| (c.entity, c.action.as_str())).collect();
        assert_eq!(
            seen,
            vec![
                (Entity::Provider, "created"),
                (Entity::Contract, "created"),
                (Entity::Contract, "ended"),
                (Entity::Contract, "created"),
                (Entity::Contract, "ended"),
            ]
        );
        assert_eq!(
            h[2].before.as_ref().unwrap()["geldig_tot"],
            serde_json::Value::Null
        );
        assert_eq!(h[2].after["geldig_tot"], "2025-12-31");
        assert_eq!(h[3].after["tarief_cent"], 3285);
        let listed = mw::contracts_of_provider(&mut conn, &scope, provider)
            .await
            .unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(
            mw::contracts_of_product(&mut conn, &scope, product)
                .await
                .unwrap()
                .len(),
            2
        );
        let row = mw::provider_by_id(&mut conn, &scope, provider)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.contracts, row.agb.as_str()), (2, "75998801"));
    }
);

both!(
    products_are_listed_by_law_and_date_and_keep_their_codes_once_contracted,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, provider, product_id) = provider_and_product(&app).await;
        let mut conn = app.db.begin().await.unwrap();
        // The demo catalogue has Wmo and Jeugdwet products; Wmo comes first,
        // then category and code.
        let all = mw::products(&mut conn, &scope, None, None).await.unwrap();
        let keys: Vec<(Law, &str, String)> = all
            .iter()
            .map(|p| (p.law, p.category.code, p.code.as_str().to_string()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(all.iter().any(|p| p.law == Law::Jeugdwet));
        let youth = mw::products(&mut conn, &scope, Some(Law::Jeugdwet), None)
            .await
            .unwrap();
        assert!(!youth.is_empty() && youth.iter().all(|p| p.law == Law::Jeugdwet));
        assert!(mw::products(&mut conn, &scope, None, Some(d(2024, 12, 31)))
            .await
            .unwrap()
            .is_empty());
        let on = mw::products(&mut conn, &scope, Some(Law::Wmo), Some(d(2026, 3, 1)))
            .await
            .unwrap();
        assert!(on.iter().any(|p| p.id == product_id));
        drop(conn);

        // A duplicate code is a conflict, a change without change writes nothing.
        let mut tx = app.db.begin().await.unwrap();
        let twice = mw::create_product(
            &mut tx,
            &scope,
            wilgendaal(&app).await,
            &product("01T99", "output", "82", "6"),
            by(),
        )
        .await;
        assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
        drop(tx);
        let mut tx = app.db.begin().await.unwrap();
        let same = product("01T99", "inspanning", "04", "2");
        assert!(
            !mw::update_product(&mut tx, &scope, product_id, &same, by())
                .await
                .unwrap()
        );
        // Without contracts everything may change.
        let output = product("01T99", "output", "82", "6");
        assert!(
            mw::update_product(&mut tx, &scope, product_id, &output, by())
                .await
                .unwrap()
        );
        add(
            &mut tx,
            &scope,
            (provider, product_id),
            ("100", "01-01-2026", ""),
        )
        .await
        .unwrap();
        // With one, the unit stays, and the period must keep holding it.
        let e = mw::update_product(&mut tx, &scope, product_id, &same, by()).await;
        assert!(matches!(e, Err(StoreError::Invalid(_))), "{e:?}");
        let mut shorter = output.clone();
        shorter.valid_until = Some(d(2026, 6, 30));
        let e = mw::update_product(&mut tx, &scope, product_id, &shorter, by()).await;
        assert!(
            matches!(e, Err(StoreError::Invalid(ref m)) if m.contains("past dan niet")),
            "{e:?}"
        );
        let mut renamed = output.clone();
        renamed.name = "Nieuwe naam".into();
        assert!(
            mw::update_product(&mut tx, &scope, product_id, &renamed, by())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let mut conn = app.db.begin().await.unwrap();
        let h = mw::history(&mut conn, &scope, Entity::Product, product_id)
            .await
            .unwrap();
        let actions: Vec<&str> = h.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, vec!["created", "changed", "changed"]);
        assert_eq!(h[2].before.as_ref().unwrap()["naam"], "Testproduct 01T99");
        assert_eq!(h[2].after["naam"], "Nieuwe naam");
    }
);

both!(
    another_municipality_neither_sees_nor_changes_the_catalogue,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (_, provider, product) = provider_and_product(&app).await;
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let other = MunicipalityScope::single(beekhuizen);
        let mut tx = app.db.begin().await.unwrap();
        assert!(mw::provider_by_id(&mut tx, &other, provider)
            .await
            .unwrap()
            .is_none());
        assert!(mw::product_by_id(&mut tx, &other, product)
            .await
            .unwrap()
            .is_none());
        assert!(mw::providers(&mut tx, &other).await.unwrap().is_empty());
        assert!(mw::products(&mut tx, &other, None, None)
            .await
            .unwrap()
            .is_empty());
        assert!(mw::history(&mut tx, &other, Entity::Provider, provider)
            .await
            .unwrap()
            .is_empty());
        let c = contract("10", "01-01-2026", "");
        let e = mw::add_contract(&mut tx, &other, provider, product, &c, by()).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        let p = mw::provider_by_id(
            &mut tx,
            &MunicipalityScope::single(wilgendaal(&app).await),
            provider,
        )
        .await
        .unwrap()
        .unwrap()
        .provider();
        let e = mw::update_provider(&mut tx, &other, provider, &p, by()).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        // Nor can it add to Wilgendaal by naming its municipality.
        let e = mw::create_provider(&mut tx, &other, wilgendaal(&app).await, &p, by()).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        // A Wilgendaal contract is not reachable nor priced from Beekhuizen.
        let demo_contract: i64 = sqlx::query("SELECT MIN(id) AS n FROM maatwerk_contracts")
            .fetch_one(&mut *tx)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert!(mw::contract_by_id(&mut tx, &other, demo_contract)
            .await
            .unwrap()
            .is_none());
        let e = mw::end_contract(&mut tx, &other, demo_contract, d(2026, 12, 31), by()).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        let c = mw::contract_by_id(&mut tx, &everywhere(&app.db).await, demo_contract)
            .await
            .unwrap()
            .unwrap();
        let on = c.contract.valid_from;
        assert!(
            mw::contract_tariff(&mut tx, &other, c.provider_id, c.product_id, on)
                .await
                .unwrap()
                .is_none()
        );
    }
);

/// The id of the record a form made: the page it redirects to is `{page}{id}?melding=…`.
fn created(res: &reqwest::Response, page: &str) -> i64 {
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap();
    let id = to.strip_prefix(page).unwrap_or_else(|| panic!("{to}"));
    id.split('?').next().unwrap().parse().unwrap()
}

const FILE: &str = "soort;naam;agb;kvk;wet;categorie;productcode;variant;eenheid;frequentie;tarief;geldig_van;geldig_tot\n\
aanbieder;Vervoer Proef;75998802;;;;;;;;;;\n\
product;Proefvervoer;;;wmo;08;08P01;output;82;2;;01-01-2026;\n\
contract;;75998802;;wmo;08;08P01;;;;12,50;01-01-2026;\n";

both!(
    a_catalogue_file_is_stored_all_or_nothing_with_a_dry_run_first,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let m = wilgendaal(&app).await;
        let scope = MunicipalityScope::single(m);
        let count = "SELECT COUNT(*) AS n FROM maatwerk_providers";
        let changes = "SELECT COUNT(*) AS n FROM maatwerk_catalogue_changes";
        let (providers, history) = (scalar(&app, count).await, scalar(&app, changes).await);
        let import = |text: &'static str, dry_run: bool| {
            let (app, scope) = (&app, &scope);
            async move {
                kompas_app::maatwerk::import(&app.db, scope, m, text, dry_run, by())
                    .await
                    .unwrap()
            }
        };

        // One bad line (a tariff of 0, an unknown product) refuses the file.
        let bad = "soort;naam;agb;wet;categorie;productcode;tarief;geldig_van\n\
                   aanbieder;Goed;75998803;;;;;\n\
                   contract;;75998803;wmo;08;08X01;0;01-01-2026\n";
        let r = import(bad, false).await;
        assert!(!r.stored);
        let at: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            at,
            vec!["regel 3, kolom tarief: Een bedrag moet meer zijn dan € 0".to_string()]
        );
        let unknown = "soort;agb;wet;categorie;productcode;tarief;geldig_van\n\
                       contract;75998899;wmo;08;08X01;10;01-01-2026\n";
        let r = import(unknown, false).await;
        let cols: Vec<(usize, &str)> = r
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(cols, vec![(2, "agb"), (2, "productcode")]);
        assert_eq!(scalar(&app, count).await, providers);

        // The dry run says what would change and stores nothing.
        let r = import(FILE, true).await;
        assert!(r.ok() && !r.stored, "{r}");
        assert_eq!(r.notes.len(), 3, "{:?}", r.notes);
        assert!(r.notes[2].contains("€ 12,50"), "{:?}", r.notes);
        assert_eq!(
            (scalar(&app, count).await, scalar(&app, changes).await),
            (providers, history)
        );

        // Stored for real, then again: nothing changes the second time.
        let r = import(FILE, false).await;
        assert!(r.stored, "{r}");
        assert_eq!(scalar(&app, count).await, providers + 1);
        assert_eq!(scalar(&app, changes).await, history + 3);

        // A file whose last line the store refuses (an overlapping contract)
        // leaves even its good first line out.
        let overlap = "soort;naam;agb;wet;categorie;productcode;tarief;geldig_van;geldig_tot\n\
                       aanbieder;Nog een;75998804;;;;;;\n\
                       contract;;75998802;wmo;08;08P01;9,00;01-06-2025;31-01-2026\n";
        let r = import(overlap, false).await;
        assert!(!r.stored);
        assert_eq!(
            r.errors
                .iter()
                .map(|e| (e.row, e.column.as_str()))
                .collect::<Vec<_>>(),
            vec![(3, "geldig_van")],
            "{r}"
        );
        assert_eq!(scalar(&app, count).await, providers + 1);
        // The same file again changes nothing (the same contract is no new one).
        let r = import(FILE, false).await;
        assert!(r.stored, "{r}");
        assert_eq!(
            r.notes,
            vec!["niets veranderd: alles in het bestand staat al zo in de catalogus".to_string()]
        );
        assert_eq!(scalar(&app, changes).await, history + 3);
    }
);

both!(
    a_contract_manager_keeps_the_catalogue_in_the_browser,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let c = app.other_client();
        c.login("contractbeheer").await;
        let home = c.get("/beheer/maatwerk").await;
        assert_eq!(home.status(), 200);
        let text = home.text().await.unwrap();
        assert!(
            text.contains("Thuiszorg De Wilgenhoek") && text.contains("75990011"),
            "demo providers listed"
        );

        // Errors per field, in Dutch, and nothing stored.
        let res = c
            .post_form(
                "/beheer/maatwerk/aanbieders",
                &[("naam", ""), ("agb", "123")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let text = res.text().await.unwrap();
        assert!(
            text.contains("Naam: Geef de naam van de aanbieder."),
            "{text}"
        );
        assert!(
            text.contains("AGB-code: Een AGB-code heeft 8 cijfers"),
            "{text}"
        );
        let res = c
            .post_form(
                "/beheer/maatwerk/aanbieders",
                &[("naam", "Zorg Via Browser"), ("agb", "7599 8805")],
            )
            .await;
        let id = created(&res, "/beheer/maatwerk/aanbieders/");
        // The same AGB code again is a conflict shown on the form.
        let res = c
            .post_form(
                "/beheer/maatwerk/aanbieders",
                &[("naam", "Dubbel"), ("agb", "75998805")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("al een aanbieder met AGB-code 75998805"));

        // A task-based product in hours is refused with the reason.
        let product = |unit: &'static str| {
            [
                ("wet", "jeugdwet"),
                ("categorie", "50"),
                ("productcode", "50T77"),
                ("naam", "Buurtteam proef"),
                ("variant", "taak"),
                ("eenheid", unit),
                ("frequentie", "4"),
                ("geldig_van", "01-01-2026"),
                ("geldig_tot", ""),
            ]
        };
        let res = c
            .post_form("/beheer/maatwerk/producten", &product("04"))
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Eenheid: Taakgericht werkt niet in uur; kies euro"));
        let res = c
            .post_form("/beheer/maatwerk/producten", &product("83"))
            .await;
        let product_id = created(&res, "/beheer/maatwerk/producten/");

        // A contract: a budget per month, then ended.
        let pid = product_id.to_string();
        let res = c
            .post_form(
                &format!("/beheer/maatwerk/aanbieders/{id}/contracten"),
                &[
                    ("product", &pid),
                    ("tarief", "48.500,00"),
                    ("geldig_van", "01-01-2026"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = c
            .get(&format!("/beheer/maatwerk/aanbieders/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("€ 48.500,00 per maand"), "{page}");
        assert!(
            page.contains("Aanbieder toegevoegd") && page.contains("Contract "),
            "history shown"
        );
        let contract: i64 = sqlx::query("SELECT id FROM maatwerk_contracts WHERE provider_id = $1")
            .bind(id)
            .fetch_one(app.db.reader())
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let res = c
            .post_form(
                &format!("/beheer/maatwerk/contracten/{contract}/beeindigen"),
                &[("geldig_tot", "31-12-2026")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = c
            .get(&format!("/beheer/maatwerk/aanbieders/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Contract ") && page.contains("beëindigd"),
            "{page}"
        );
        assert!(
            page.contains("geldig tot en met: leeg → 31-12-2026")
                && page.contains("product: 50T77 Buurtteam proef"),
            "history in words: {page}"
        );
        let mut conn = app.db.begin().await.unwrap();
        let scope = MunicipalityScope::single(wilgendaal(&app).await);
        assert_eq!(
            mw::contract_tariff(&mut conn, &scope, id, product_id, d(2026, 12, 31))
                .await
                .unwrap(),
            Some(4_850_000)
        );
        assert_eq!(
            mw::contract_tariff(&mut conn, &scope, id, product_id, d(2027, 1, 1))
                .await
                .unwrap(),
            None
        );
        drop(conn);

        // The import page: a dry run shows the changes, stores nothing.
        let res = c
            .post_multipart(
                "/beheer/maatwerk/import",
                &[("proef", "ja")],
                &[("bestand", "c.csv", FILE.as_bytes())],
            )
            .await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        assert!(
            text.contains("nog niets opgeslagen")
                && text.contains("nieuwe aanbieder Vervoer Proef"),
            "{text}"
        );
        // Commas, a quoted tariff and a byte-order mark read the same.
        let commas = FILE.replace(';', ",").replace(",12,50,", ",\"12,50\",");
        let bom = format!("\u{feff}{commas}");
        let res = c
            .post_multipart(
                "/beheer/maatwerk/import",
                &[],
                &[("bestand", "c.csv", bom.as_bytes())],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Opgeslagen."));
        let res = c
            .post_multipart("/beheer/maatwerk/import", &[("csv", "soort\niets\n")], &[])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("regel 2, kolom soort"));

        // Every read and change left an audit row.
        let rows = |object: &'static str, action: &'static str| {
            let app = &app;
            async move {
                sqlx::query(
                    "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = $1 AND action = $2",
                )
                .bind(object)
                .bind(action)
                .fetch_one(app.db.reader())
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
            }
        };
        assert!(rows("maatwerk-catalogus", "read").await >= 1);
        assert_eq!(rows("maatwerk-aanbieder", "create").await, 1);
        assert!(rows("maatwerk-aanbieder", "read").await >= 2);
        assert_eq!(rows("maatwerk-product", "create").await, 1);
        assert_eq!(rows("maatwerk-contract", "create").await, 1);
        assert_eq!(rows("maatwerk-contract", "update").await, 1);
        assert_eq!(
            rows("maatwerk-catalogus", "update").await,
            1,
            "one stored import"
        );

        // A consultant may not.
        let consulent = app.other_client();
        consulent.login("consulent").await;
        assert_eq!(consulent.get("/beheer/maatwerk").await.status(), 403);
    }
);

both!(
    the_command_line_reads_a_catalogue_file_all_or_nothing,
    |backend| async move {
        let dir = TempDir::new("kompas-catalogus");
        let Some(url) = fresh_database(backend, &dir).await else {
            return;
        };
        let run = |args: &[&str]| {
            let out = crate::process::kompas(url.expose(), &dir)
                .args(args)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            (out.status.success(), text)
        };
        assert!(run(&["municipality", "--code", "GM9901", "--name", "Wilgendaal"]).0);
        let good = dir.0.join("catalogus.csv");
        std::fs::write(&good, FILE).unwrap();
        let bad = dir.0.join("fout.csv");
        std::fs::write(&bad, FILE.replace("12,50", "twaalf")).unwrap();
        let import = |file: &std::path::Path, dry_run: bool| {
            let mut args = vec![
                "maatwerk",
                "import-catalogus",
                file.to_str().unwrap(),
                "--municipality",
                "GM9901",
            ];
            if dry_run {
                args.push("--dry-run");
            }
            run(&args)
        };
        let (ok, text) = import(&bad, false);
        assert!(!ok && text.contains("regel 4, kolom tarief"), "{text}");
        let (ok, text) = import(&good, true);
        assert!(ok && text.contains("niets opgeslagen (proefrun)"), "{text}");
        assert!(text.contains("nieuwe aanbieder Vervoer Proef"), "{text}");
        let db = kompas_store::Db::connect(&url).await.unwrap();
        let providers = |db: &kompas_store::Db| {
            let db = db.clone();
            async move {
                sqlx::query("SELECT COUNT(*) AS n FROM maatwerk_providers")
                    .fetch_one(db.reader())
                    .await
                    .unwrap()
                    .try_get::<i64, _>("n")
                    .unwrap()
            }
        };
        assert_eq!(providers(&db).await, 0);
        let (ok, text) = import(&good, false);
        assert!(ok && text.contains("opgeslagen"), "{text}");
        assert_eq!(providers(&db).await, 1);
        db.close().await;
    }
);
