//! Open Referral HSDS 3.0 on both databases: the specification's own examples
//! (nested JSON and the tabular package) through the real import, export
//! and compare; idempotent imports; an invalid record refuses the whole
//! file; and the public API under /api/hsds/.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas::hsds_cli::{self, ImportArgs};
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OpeningHours, TargetGroup,
};
use kompas_interop::hsds::compare::missing;
use kompas_interop::hsds::vocab;
use kompas_interop::hsds::ImportReport;
use kompas_store::directory::{self as dir, Location, OfferPlace, OrganizationInput};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hsds-3.0")
        .join(rel)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn import(app: &TestApp, path: &Path, dry_run: bool) -> (ImportReport, String) {
    let mut out = Vec::new();
    let report = hsds_cli::import(
        &app.db,
        &ImportArgs {
            path: path.to_path_buf(),
            dry_run,
            municipality: Some("GM9901".into()),
        },
        &mut out,
    )
    .await
    .unwrap();
    (report, String::from_utf8(out).unwrap())
}

async fn export(app: &TestApp, name: &str) -> PathBuf {
    let dir = app.dir.0.join(name);
    let mut out = Vec::new();
    hsds_cli::export(&app.db, &dir, &mut out).await.unwrap();
    dir
}

fn exported_service(dir: &Path, id: &str) -> Value {
    let all = read_json(&dir.join("services.json"));
    all.as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("service {id} not in the export"))
}

async fn count(app: &TestApp, table: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn counts(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        count(app, "offers").await,
        count(app, "organizations").await,
        count(app, "locations").await,
        count(app, "offer_history").await,
    )
}

const EXAMPLE_ID: &str = "ac148810-d857-441c-9679-408f346de14b";

both!(the_nested_examples_round_trip, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // The list example first, then the full one (same service: an update).
    let list = reference("examples/service_list.json");
    let (report, out) = import(&app, &list, false).await;
    assert!(report.ok(), "{out}");
    assert!(report.committed);
    assert_eq!((report.created, report.updated), (1, 0), "{out}");
    // Foreign data: the defaults are reported, never silent.
    for field in ["laag", "toegang", "leefgebieden"] {
        assert!(
            report.warnings.iter().any(|w| w.field.starts_with(field)),
            "a warning about {field}: {out}"
        );
    }
    let dir = export(&app, "export-list").await;
    let expected = read_json(&list)["contents"][0].clone();
    let got = exported_service(&dir, EXAMPLE_ID);
    assert_eq!(missing(&expected, &got), Vec::<String>::new());

    let full = reference("examples/service_full.json");
    let (report, out) = import(&app, &full, false).await;
    assert!(report.ok(), "{out}");
    assert_eq!((report.created, report.updated), (0, 1), "{out}");
    let dir = export(&app, "export-full").await;
    let expected = read_json(&full);
    let got = exported_service(&dir, EXAMPLE_ID);
    assert_eq!(missing(&expected, &got), Vec::<String>::new());
    // Our own attributes travel with it, as HSDS attributes.
    let layer = got["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["taxonomy_term"]["taxonomy"] == vocab::LAYER)
        .expect("a kompas-laag attribute");
    assert_eq!(layer["taxonomy_term"]["code"], "laag-3");
    // What Kompas made of it.
    let offer = dir::offer_by_hsds(&app.db, EXAMPLE_ID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(offer.draft.name, "Community Counselling");
    assert_eq!(offer.draft.life_domains, vec![LifeDomain::MentalHealth]);
    assert_eq!(
        offer.draft.ages,
        AgeRange::new(Some(12), Some(100)).unwrap()
    );
    assert_eq!(
        offer.draft.hours.lines_nl(),
        vec!["donderdag en vrijdag: 10:00 – 18:00"]
    );
    assert_eq!(
        offer.draft.last_checked,
        NaiveDate::from_ymd_opt(2005, 1, 1)
    );
    assert_eq!(offer.draft.checked_by.as_deref(), Some("email@example.com"));
    assert!(!offer.draft.free);
    assert_eq!(
        offer.organization_hsds_id,
        "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    );
    assert_eq!(
        offer.location.as_ref().map(|l| l.name.as_str()),
        Some("MyCity Civic Center")
    );
    // Importing our own export gives the same offer back.
    let (report, out) = import(&app, &dir.join("services.json"), true).await;
    assert!(report.ok(), "{out}");
    assert!(
        report.unchanged >= 1 && report.changed.is_empty(),
        "re-importing the export changes nothing: {out}"
    );
});

both!(the_tabular_example_round_trips, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let csv_dir = reference("examples/csv");
    let (report, out) = import(&app, &csv_dir, false).await;
    assert!(report.ok(), "{out}");
    assert_eq!(report.created, 1, "{out}");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.field == "attributes.csv" && w.reason.contains("hoort bij geen")),
        "rows that belong to nothing are reported: {out}"
    );
    let dir = export(&app, "export-tabular").await;
    for file in [
        "datapackage.json",
        "services.json",
        "services.csv",
        "organizations.csv",
        "locations.csv",
        "service_at_location.csv",
        "addresses.csv",
        "phones.csv",
        "schedules.csv",
        "service_areas.csv",
        "cost_options.csv",
        "taxonomies.csv",
        "taxonomy_terms.csv",
        "attributes.csv",
    ] {
        assert!(dir.join(file).is_file(), "{file} written");
    }
    // Every linked row of the example comes back with the same values.
    for t in kompas_interop::hsds::tabular::TABLES {
        if matches!(
            t.name,
            "attribute" | "taxonomy_term" | "taxonomy" | "metadata" | "meta_table_description"
        ) {
            continue; // rows in the example that belong to nothing (see the warnings)
        }
        let mut original = csv::Reader::from_path(csv_dir.join(t.file)).unwrap();
        let headers: Vec<String> = original
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        let mut exported = csv::Reader::from_path(dir.join(t.file)).unwrap();
        let columns: Vec<String> = exported
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        let rows: Vec<csv::StringRecord> = exported.records().map(Result::unwrap).collect();
        for rec in original.records() {
            let rec = rec.unwrap();
            let row = rows
                .iter()
                .find(|r| r[0] == rec[0])
                .unwrap_or_else(|| panic!("{} row {} missing", t.file, &rec[0]));
            for (h, v) in headers.iter().zip(rec.iter()) {
                let i = columns.iter().position(|c| c == h).unwrap();
                assert_eq!(&row[i], v, "{} {} {h}", t.file, &rec[0]);
            }
        }
    }
    // Our taxonomies are in the package.
    let terms = std::fs::read_to_string(dir.join("taxonomy_terms.csv")).unwrap();
    assert!(terms.contains("laag-3"));
    // The package we wrote imports again, through its datapackage.json.
    let (report, out) = import(&app, &dir.join("datapackage.json"), true).await;
    assert!(report.ok(), "{out}");
    assert!(report.changed.is_empty() && report.unchanged >= 1, "{out}");
});

both!(importing_twice_gives_the_same_state, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let full = reference("examples/service_full.json");
    let (first, out) = import(&app, &full, false).await;
    assert!(first.ok() && first.created == 1, "{out}");
    let before = dir::offer_by_hsds(&app.db, EXAMPLE_ID)
        .await
        .unwrap()
        .unwrap();
    let n = counts(&app).await;
    let (second, out) = import(&app, &full, false).await;
    assert!(second.ok(), "{out}");
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (0, 0, 1),
        "{out}"
    );
    let after = dir::offer_by_hsds(&app.db, EXAMPLE_ID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before, after, "same offer, same version");
    assert_eq!(counts(&app).await, n, "no new rows anywhere");
});

both!(
    an_invalid_record_refuses_the_whole_import,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut good = read_json(&reference("examples/service_full.json"));
        good["id"] = json!("11111111-1111-4111-8111-111111111111");
        let mut nameless = good.clone();
        nameless["id"] = json!("22222222-2222-4222-8222-222222222222");
        nameless.as_object_mut().unwrap().remove("name");
        let mut layer9 = good.clone();
        layer9["id"] = json!("33333333-3333-4333-8333-333333333333");
        layer9["attributes"] = json!([{
            "id": "44444444-4444-4444-8444-444444444444",
            "taxonomy_term": {"id": "55555555-5555-4555-8555-555555555555", "name": "Laag 9",
                "description": "bestaat niet", "taxonomy": "kompas-laag", "code": "laag-9"}
        }]);
        let file = app.dir.0.join("invalid.json");
        std::fs::write(&file, json!([good, nameless, layer9]).to_string()).unwrap();
        let offers = count(&app, "offers").await;
        let orgs = count(&app, "organizations").await;

        let (report, out) = import(&app, &file, false).await;
        assert!(!report.ok() && !report.committed, "{out}");
        let has = |record: &str, field: &str| {
            report
                .errors
                .iter()
                .any(|e| e.record == record && e.field.starts_with(field))
        };
        assert!(has("22222222-2222-4222-8222-222222222222", "naam"), "{out}");
        assert!(has("33333333-3333-4333-8333-333333333333", "laag"), "{out}");
        assert!(
            out.contains("laag-9") && out.contains("Import geweigerd"),
            "{out}"
        );
        assert!(
            dir::offer_by_hsds(&app.db, "11111111-1111-4111-8111-111111111111")
                .await
                .unwrap()
                .is_none(),
            "the valid record was not written either"
        );
        assert_eq!(count(&app, "offers").await, offers);
        assert_eq!(count(&app, "organizations").await, orgs);

        // A dry run of a valid file reports, and stores nothing.
        std::fs::write(&file, json!([good]).to_string()).unwrap();
        let (report, out) = import(&app, &file, true).await;
        assert!(
            report.ok() && !report.committed && report.created == 1,
            "{out}"
        );
        assert!(out.contains("niets opgeslagen"), "{out}");
        assert_eq!(count(&app, "offers").await, offers);

        // Rubbish is refused with a reason, not a panic.
        std::fs::write(&file, "{niet: json").unwrap();
        let err = hsds_cli::import(
            &app.db,
            &ImportArgs {
                path: file.clone(),
                dry_run: false,
                municipality: None,
            },
            &mut Vec::new(),
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("geen geldige JSON"), "{err}");
    }
);

// ---------------------------------------------------------------- the API

fn draft(id: &str, name: &str, layer: Layer, domain: LifeDomain, keywords: &[&str]) -> OfferDraft {
    OfferDraft {
        hsds_id: id.into(),
        name: name.into(),
        description: format!("{name}: hulp voor inwoners van Wilgendaal."),
        for_whom: "Inwoners van Wilgendaal".into(),
        application_process: "Bel of loop binnen.".into(),
        status: OfferStatus::Active,
        layer,
        access: AccessRoute::Open,
        referrer: None,
        ages: AgeRange::default(),
        free: true,
        cost_text: String::new(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        life_domains: vec![domain],
        target_groups: vec![TargetGroup::Adults],
        areas_served: vec!["WK990101".into()],
        hours: OpeningHours::default(),
        phone: Some("0123 45 67 89".into()),
        email: Some("info@hsdstest.example".into()),
        url: Some("https://hsdstest.example/aanbod".into()),
        last_checked: NaiveDate::from_ymd_opt(2026, 10, 1),
        checked_by: Some("redacteur".into()),
    }
}

/// Three active offers and one inactive one of a test organisation.
async fn seed(app: &TestApp) {
    let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let org = dir::upsert_organization(
        &mut tx,
        m.id,
        &OrganizationInput {
            hsds_id: "hsds-test-org".into(),
            name: "Stichting HSDS-test".into(),
            description: "Organisatie voor de HSDS-tests.".into(),
            website: Some("https://hsdstest.example".into()),
            ..OrganizationInput::default()
        },
    )
    .await
    .unwrap();
    let location = dir::upsert_location(
        &mut tx,
        &Location {
            hsds_id: "hsds-test-buurthuis".into(),
            organization_id: Some(org),
            name: "Buurthuis De Test".into(),
            address: Some("Testlaan 1".into()),
            postcode: Some("9901 AB".into()),
            city: Some("Wilgendaal".into()),
            area_code: Some("WK990101".into()),
            ..Location::default()
        },
    )
    .await
    .unwrap();
    let mut hours = OpeningHours::default();
    hours.add("ma,wo", "09:00", "12:00").unwrap();
    let mut inactive = draft(
        "hsds-test-gesloten",
        "Gesloten Xylofoonclub",
        Layer::SocialBase,
        LifeDomain::SocialNetwork,
        &["xylofoon"],
    );
    inactive.status = OfferStatus::Inactive;
    for (d, at) in [
        (
            OfferDraft {
                hours,
                ..draft(
                    "hsds-test-xylofooncafe",
                    "Xylofooncafé",
                    Layer::SocialBase,
                    LifeDomain::SocialNetwork,
                    &["xylofoon", "koffie"],
                )
            },
            Some(location),
        ),
        (
            draft(
                "hsds-test-xylofoonmaatje",
                "Xylofoonmaatje",
                Layer::OpenAccess,
                LifeDomain::Finances,
                &["xylofoon"],
            ),
            None,
        ),
        (
            draft(
                "hsds-test-xylofoonles",
                "Xylofoonles",
                Layer::OpenAccess,
                LifeDomain::LanguageAndSkills,
                &["xylofoon"],
            ),
            None,
        ),
        (inactive, None),
    ] {
        dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: m.id,
                organization_id: org,
                location_id: at,
            },
            &d,
            None,
            None,
            "test",
            "testgegevens",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    kompas_web::directory::sync_index(&app.state).await.unwrap();
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "*",
        "CORS on {path}"
    );
    res.json().await.unwrap()
}

fn names(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

both!(
    the_hsds_api_pages_filters_and_refuses_politely,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        seed(&app).await;
        let org = vocab::public_id("organization", "hsds-test-org");

        let info = get_json(&app, "/api/hsds/").await;
        assert_eq!(info["version"], "3.0");
        assert!(info["profile"]
            .as_str()
            .unwrap()
            .ends_with("/api/hsds/profile"));
        let profile = get_json(&app, "/api/hsds/profile").await;
        assert!(profile["modifications"]["address.json"]["required"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f != "state_province"));

        // Pagination shape; only active offers.
        let p1 = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&per_page=2"),
        )
        .await;
        for key in [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ] {
            assert!(p1.get(key).is_some(), "{key} in the page");
        }
        assert_eq!(p1["total_items"], 3, "the inactive offer is not listed");
        assert_eq!(p1["total_pages"], 2);
        assert_eq!(p1["page_number"], 1);
        assert_eq!(p1["size"], 2);
        assert_eq!(
            (p1["first_page"].as_bool(), p1["last_page"].as_bool()),
            (Some(true), Some(false))
        );
        assert_eq!(p1["empty"], false);
        assert!(
            p1["contents"][0]
                .as_object()
                .unwrap()
                .values()
                .all(|v| !v.is_array()),
            "list items carry no child arrays"
        );
        let p2 = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&per_page=2&page=2"),
        )
        .await;
        assert_eq!(
            (p2["size"].as_u64(), p2["last_page"].as_bool()),
            (Some(1), Some(true))
        );
        let p9 = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&page=9"),
        )
        .await;
        assert_eq!(
            (p9["empty"].as_bool(), p9["size"].as_u64()),
            (Some(true), Some(0))
        );
        let inactive = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&status=inactive"),
        )
        .await;
        assert_eq!(names(&inactive), vec!["Gesloten Xylofoonclub"]);

        // Search uses the index (active offers only).
        let found = get_json(&app, "/api/hsds/services?search=xylofoon&per_page=100").await;
        let mut n = names(&found);
        n.sort();
        assert_eq!(n, vec!["Xylofooncafé", "Xylofoonles", "Xylofoonmaatje"]);
        // Filters add up (AND).
        let layer2 = vocab::term_id(vocab::LAYER, "laag-2");
        let l2 = get_json(
            &app,
            &format!("/api/hsds/services?search=xylofoon&taxonomy_term_id={layer2}"),
        )
        .await;
        assert_eq!(names(&l2), vec!["Xylofooncafé"]);
        let by_tax = get_json(
            &app,
            &format!(
                "/api/hsds/services?organization_id={org}&taxonomy_id={}",
                vocab::taxonomy_id(vocab::LIFE_DOMAIN)
            ),
        )
        .await;
        assert_eq!(by_tax["total_items"], 3);
        let future = get_json(
            &app,
            &format!(
                "/api/hsds/services?organization_id={org}&modified_after=2999-01-01T00:00:00Z"
            ),
        )
        .await;
        assert_eq!(future["total_items"], 0);
        let past = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&modified_after=2000-01-01"),
        )
        .await;
        assert_eq!(past["total_items"], 3);
        let minimal = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&minimal=true"),
        )
        .await;
        let keys: Vec<&String> = minimal["contents"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["id", "last_modified"]);
        let full = get_json(
            &app,
            &format!("/api/hsds/services?organization_id={org}&full=true"),
        )
        .await;
        assert!(full["contents"][0]["attributes"].is_array());
        assert!(full["contents"][0]["organization"]["name"] == "Stichting HSDS-test");

        // ndjson: everything, one object a line.
        let res = app
            .get(&format!(
                "/api/hsds/services?organization_id={org}&format=ndjson&per_page=1"
            ))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-ndjson"));
        let body = res.text().await.unwrap();
        assert_eq!(body.lines().count(), 3);
        for line in body.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            assert!(vocab::is_uuid(v["id"].as_str().unwrap()));
        }

        // One service, by our id or by its HSDS UUID; any status.
        let cafe = get_json(&app, "/api/hsds/services/hsds-test-xylofooncafe").await;
        let uuid = cafe["id"].as_str().unwrap().to_string();
        assert_eq!(uuid, vocab::public_id("service", "hsds-test-xylofooncafe"));
        let same = get_json(&app, &format!("/api/hsds/services/{uuid}")).await;
        assert_eq!(same, cafe);
        assert_eq!(cafe["schedules"][0]["byday"], "MO,WE");
        assert_eq!(cafe["service_areas"][0]["extent"], "WK990101");
        assert_eq!(cafe["service_areas"][0]["extent_type"], "text");
        assert_eq!(cafe["cost_options"][0]["option"], "Gratis");
        assert_eq!(cafe["cost_options"][0]["amount"], 0);
        assert_eq!(cafe["assured_date"], "2026-10-01");
        let address = &cafe["service_at_locations"][0]["location"]["addresses"][0];
        assert_eq!(address["postal_code"], "9901 AB");
        assert_eq!(address["country"], "NL");
        get_json(&app, "/api/hsds/services/hsds-test-gesloten").await;
        let res = app.get("/api/hsds/services/bestaat-niet").await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        // The API's errors are the one error type, rendered as JSON by the
        // error layer, which keeps the open CORS header.
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 404);
        assert_eq!(problem["instance"], "/api/hsds/services/bestaat-niet");
        assert!(problem["detail"]
            .as_str()
            .unwrap()
            .contains("'bestaat-niet'"));
        assert!(!problem["request_id"].as_str().unwrap().is_empty());
        let res = app.get("/api/hsds/organizations/bestaat-niet").await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        let res = app.get("/api/hsds/services?page=0").await;
        assert_eq!(res.status(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_eq!(res.headers()["access-control-allow-origin"], "*");

        // Organisations, taxonomies, terms, services at locations.
        let orgs = get_json(&app, "/api/hsds/organizations?search=hsds-test").await;
        assert_eq!(orgs["total_items"], 1);
        let one = get_json(&app, &format!("/api/hsds/organizations/{org}")).await;
        assert_eq!(one["name"], "Stichting HSDS-test");
        assert_eq!(one["services"].as_array().unwrap().len(), 3);
        let tax = get_json(&app, "/api/hsds/taxonomies?per_page=100").await;
        assert!(tax["contents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == vocab::LAYER));
        let terms = get_json(
            &app,
            &format!("/api/hsds/taxonomy_terms?taxonomy_id={}", vocab::LAYER),
        )
        .await;
        assert_eq!(terms["total_items"], 5);
        let here = get_json(
            &app,
            &format!("/api/hsds/service_at_locations?postcode=9901AB&organization_id={org}"),
        )
        .await;
        assert_eq!(here["total_items"], 1);
        assert_eq!(here["contents"][0]["service_id"], uuid);
        let near = get_json(
            &app,
            &format!(
                "/api/hsds/service_at_locations?postcode=9903&proximity=2&organization_id={org}"
            ),
        )
        .await;
        assert_eq!(near["total_items"], 1);
        let far = get_json(
            &app,
            &format!(
                "/api/hsds/service_at_locations?postcode=9903&proximity=1&organization_id={org}"
            ),
        )
        .await;
        assert_eq!(far["total_items"], 0);

        // Wrong parameters: 400 problem+json in Dutch, with CORS, never 500.
        let long = "a".repeat(2000);
        for (path, word) in [
            ("/api/hsds/services?per_page=abc".to_string(), "per_page"),
            ("/api/hsds/services?per_page=101".to_string(), "per_page"),
            ("/api/hsds/services?page=0".to_string(), "page"),
            ("/api/hsds/services?kleur=rood".to_string(), "onbekend"),
            (format!("/api/hsds/services?search={long}"), "te lang"),
            (
                "/api/hsds/services?modified_after=gisteren".to_string(),
                "modified_after",
            ),
            ("/api/hsds/services?full=misschien".to_string(), "full"),
            ("/api/hsds/services?format=xml".to_string(), "format"),
            ("/api/hsds/services?status=open".to_string(), "status"),
            ("/api/hsds/services?page=1&page=2".to_string(), "meer dan"),
            (
                "/api/hsds/service_at_locations?postcode=abc".to_string(),
                "postcode",
            ),
            (
                "/api/hsds/service_at_locations?proximity=3".to_string(),
                "proximity",
            ),
            (
                "/api/hsds/taxonomy_terms?top_only=ja".to_string(),
                "top_only",
            ),
            ("/api/hsds/organizations?per_page=0".to_string(), "per_page"),
            ("/api/hsds/?x=1".to_string(), "onbekend"),
        ] {
            let res = app.get(&path).await;
            assert_eq!(res.status(), 400, "{path}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
            assert_eq!(res.headers()["access-control-allow-origin"], "*", "{path}");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["status"], 400);
            let detail = problem["detail"].as_str().unwrap();
            assert!(detail.contains(word), "{path}: {detail}");
        }

        // The CORS preflight.
        let res = app
            .client
            .request(reqwest::Method::OPTIONS, app.url("/api/hsds/services"))
            .header("origin", "https://elders.example")
            .header("access-control-request-method", "GET")
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        assert!(res.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("GET"));

        // Documented in the OpenAPI document.
        let doc = get_json_plain(&app, "/api/v1/openapi.json").await;
        for p in [
            "/api/hsds/services",
            "/api/hsds/services/{id}",
            "/api/hsds/service_at_locations",
            "/api/v1/maatwerk/besluiten",
            "/api/v1/maatwerk/besluiten/{id}",
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p} documented");
        }
    }
);

async fn get_json_plain(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// All pages of a list, following `page` until the last one.
async fn all_pages(app: &TestApp, query: &str) -> (Vec<String>, u64) {
    let (mut ids, mut page) = (Vec::new(), 1);
    loop {
        let p = get_json(
            app,
            &format!("/api/hsds/services?{query}&per_page=2&page={page}"),
        )
        .await;
        let total = p["total_items"].as_u64().unwrap();
        ids.extend(
            p["contents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string()),
        );
        if p["last_page"] == true || p["empty"] == true {
            return (ids, total);
        }
        page += 1;
    }
}

fn term_ids(service: &Value) -> Vec<(String, String)> {
    service["attributes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    let t = &x["taxonomy_term"];
                    let term = t["id"].as_str().or(x["taxonomy_term_id"].as_str());
                    let tax = t["taxonomy_id"]
                        .as_str()
                        .or(t["taxonomy_detail"]["id"].as_str());
                    (
                        term.unwrap_or_default().to_string(),
                        tax.unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

both!(
    every_list_filter_agrees_with_the_whole_directory,
    |backend| async move {
        // The API filters in SQL where it can; whatever it does, each filter
        // must select exactly what the same filter selects on the complete
        // dump, and its pages must add up to it. It pages two at a time, far
        // beyond one client's budget (tested in limits.rs): no budget here.
        let Some(app) = TestApp::spawn_with(backend, |s| s.limits.api_per_client = 0).await else {
            return;
        };
        seed(&app).await;
        import(&app, &reference("examples/service_full.json"), false).await;
        let res = app
            .get("/api/hsds/services?status=all&format=ndjson&full=true")
            .await;
        assert_eq!(res.status(), 200);
        let dump: Vec<Value> = res
            .text()
            .await
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(dump.len() >= 6, "the dump holds every service");

        let foreign = dump
            .iter()
            .flat_map(term_ids)
            .find(|(_, tax)| {
                !vocab::TAXONOMIES
                    .iter()
                    .any(|(k, _)| vocab::taxonomy_id(k) == *tax)
                    && !tax.is_empty()
            })
            .expect("the spec's example brings a taxonomy of its own");
        let active = |s: &Value| s["status"] == "active";
        let layer2 = vocab::term_id(vocab::LAYER, "laag-2");
        let domains = vocab::taxonomy_id(vocab::LIFE_DOMAIN);
        let org = vocab::public_id("organization", "hsds-test-org");
        type Filter<'a> = Box<dyn Fn(&Value) -> bool + 'a>;
        let cases: Vec<(String, Filter)> = vec![
            (String::new(), Box::new(active)),
            ("status=all".into(), Box::new(|_: &Value| true)),
            (
                "status=inactive".into(),
                Box::new(|s: &Value| s["status"] == "inactive"),
            ),
            (
                format!("taxonomy_term_id={layer2}"),
                Box::new(|s: &Value| active(s) && term_ids(s).iter().any(|(t, _)| *t == layer2)),
            ),
            (
                format!("taxonomy_id={domains}"),
                Box::new(|s: &Value| active(s) && term_ids(s).iter().any(|(_, x)| *x == domains)),
            ),
            (
                format!("taxonomy_term_id={}", foreign.0),
                Box::new(|s: &Value| active(s) && term_ids(s).iter().any(|(t, _)| *t == foreign.0)),
            ),
            (
                format!("taxonomy_id={}", foreign.1),
                Box::new(|s: &Value| active(s) && term_ids(s).iter().any(|(_, x)| *x == foreign.1)),
            ),
            (
                format!("organization_id={org}&status=all"),
                Box::new(|s: &Value| s["organization_id"] == org.as_str()),
            ),
            (
                "modified_after=2020-01-01".into(),
                Box::new(|s: &Value| {
                    active(s) && s["last_modified"].as_str().unwrap_or_default() >= "2020-01-01"
                }),
            ),
        ];
        for (query, keep) in &cases {
            let mut expected: Vec<String> = dump
                .iter()
                .filter(|s| keep(s))
                .map(|s| s["id"].as_str().unwrap().to_string())
                .collect();
            let (mut got, total) = all_pages(&app, query).await;
            assert_eq!(
                total as usize,
                got.len(),
                "{query}: total_items counts the pages"
            );
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "{query}");
            let streamed = app
                .get(&format!("/api/hsds/services?{query}&format=ndjson"))
                .await
                .text()
                .await
                .unwrap();
            assert_eq!(
                streamed.lines().count(),
                expected.len(),
                "{query} as ndjson"
            );
        }
        assert!(
            cases.iter().any(|(q, keep)| !q.is_empty()
                && dump.iter().any(keep)
                && dump.iter().any(|s| !keep(s))),
            "the filters actually split the directory"
        );
    }
);

both!(
    a_cached_search_answer_gives_way_to_an_edit_at_once,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        seed(&app).await;
        let path = "/api/hsds/services?search=xylofoon&per_page=100";
        let before = get_json(&app, path).await;
        assert_eq!(get_json(&app, path).await, before, "the same answer twice");
        assert!(names(&before).contains(&"Xylofooncafé".to_string()));

        // An editor renames the offer; the next identical request must show it.
        let offer = dir::offers_after(&app.db, 0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.draft.name == "Xylofooncafé")
            .unwrap();
        let mut draft = offer.draft.clone();
        draft.name = "Xylofooncafé De Klankkast".into();
        let mut tx = app.db.begin().await.unwrap();
        dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: offer.municipality_id,
                organization_id: offer.organization_id,
                location_id: offer.location.as_ref().map(|l| l.id),
            },
            &draft,
            offer.hsds_extra.as_deref(),
            Some(offer.version),
            "redacteur",
            "naam aangepast",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        kompas_web::directory::reindex(&app.state, &[offer.id])
            .await
            .unwrap();
        let after = get_json(&app, path).await;
        assert!(
            names(&after).contains(&"Xylofooncafé De Klankkast".to_string()),
            "{:?}",
            names(&after)
        );
    }
);
