//! Input at the edge (issue 11, item 6), through the real app on both
//! databases: NUL and other control characters and over-long fields get a
//! Dutch 400/422 (never a 500: PostgreSQL cannot store a NUL), links must be
//! http(s), mailto or tel, CSV exports write formulas as text, and imports
//! name duplicate rows.

use crate::both;
use crate::support::*;
use kompas::hsds_cli::{self, ImportArgs};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_interop::hsds::ImportReport;
use kompas_store::monitor::{self as store, Scope};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

async fn rows(app: &TestApp, table: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) AS n FROM {table} WHERE $1 = $1"),
        1,
    )
    .await
}

async fn hsds_import(app: &TestApp, path: &Path) -> (ImportReport, String) {
    let mut out = Vec::new();
    let report = hsds_cli::import(
        &app.db,
        &ImportArgs {
            path: path.to_path_buf(),
            dry_run: false,
            municipality: Some("GM9901".into()),
        },
        &mut out,
    )
    .await
    .unwrap();
    (report, String::from_utf8(out).unwrap())
}

fn reference_service() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hsds-3.0/examples/service_full.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A complete offer form as a partner sends it, with `name` and `website`.
fn offer_fields<'a>(name: &'a str, website: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("naam", name),
        (
            "omschrijving",
            "Elke donderdag wandelen we een uur door het park.",
        ),
        ("laag", "2"),
        ("leefgebied", "lichamelijke-gezondheid"),
        ("toegang", "vrij"),
        ("gratis", "1"),
        ("status", "active"),
        ("website", website),
    ]
}

both!(
    nul_bytes_get_a_dutch_refusal_never_a_server_error,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // The public HSDS API: a query parameter (was a 500 on PostgreSQL) and a path segment.
        let res = app.get("/api/hsds/services?organization_id=%00").await;
        assert_eq!(res.status(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains("'organization_id'") && detail.contains("NUL (U+0000)"),
            "{detail}"
        );
        assert_eq!(app.get("/api/hsds/services/%00").await.status(), 400);
        let page = app.get("/zoeken?q=schulden%00").await;
        assert_eq!(page.status(), 400);
        assert!(page.text().await.unwrap().contains("onzichtbaar teken"));

        // The resident's question (was a 500 on PostgreSQL): nothing stored.
        let questions = rows(&app, "questions").await;
        let resident = app.other_client();
        let res = resident
            .post_form(
                "/vraag-stellen",
                &[
                    ("vraag", "Ik kan de huur\0 niet meer betalen"),
                    ("contact", "telefoon"),
                    ("telefoon", "06 12345678"),
                    ("toestemming", "ja"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("vraag") && page.contains("NUL (U+0000)") && page.contains("Vorige"),
            "{page}"
        );
        assert_eq!(rows(&app, "questions").await, questions);

        // Logging in (was a 500 on PostgreSQL).
        let res = app
            .other_client()
            .login_password("consulent\0", kompas_devtools::demo::DEMO_PASSWORD)
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("gebruikersnaam"));

        // A partner's proposal (one with a NUL could never be approved): refused
        // before it is stored; the same proposal without it goes through.
        let partner = app.other_client();
        partner.login("partner").await;
        let changes = rows(&app, "offer_changes").await;
        let res = partner
            .post_form(
                "/partner/aanbod/nieuw",
                &offer_fields("Wandelgroep\0 Zonnewijzer", ""),
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("naam"));
        assert_eq!(rows(&app, "offer_changes").await, changes);
        let res = partner
            .post_form(
                "/partner/aanbod/nieuw",
                &offer_fields("Wandelgroep Zonnewijzer", ""),
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(rows(&app, "offer_changes").await, changes + 1);
    }
);

both!(
    over_long_fields_and_stray_line_breaks_are_refused,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let resident = app.other_client();
        let ask = |vraag: String, naam: String| {
            let resident = resident.clone();
            async move {
                resident
                    .post_form(
                        "/vraag-stellen",
                        &[
                            ("vraag", vraag.as_str()),
                            ("naam", naam.as_str()),
                            ("contact", "telefoon"),
                            ("telefoon", "06 12345678"),
                            ("toestemming", "ja"),
                        ],
                    )
                    .await
            }
        };
        let res = ask("x".repeat(10_001), "Noor".into()).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("hoogstens 10.000 tekens, nu 10.001"),
            "{page}"
        );
        let res = ask("Hulp bij post".into(), "N".repeat(1_001)).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("hoogstens 1.000 tekens"));
        // A line break belongs in a text area, not in a one-line field.
        let res = ask("Hulp bij post".into(), "Noor\r\nVerbeek".into()).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("regeleinde"));
        // Line breaks and tabs in a text area pass the edge.
        let res = ask("Hulp bij post.\r\n\tEn bij de huur.".into(), "Noor".into()).await;
        assert_eq!(res.status(), 303);
        // The address: a search of more than 8 000 characters.
        let res = app.get(&format!("/zoeken?q={}", "a".repeat(8_001))).await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("hoogstens 8.000 tekens"));
    }
);

both!(links_must_be_web_mail_or_phone, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let offers = rows(&app, "offers").await;
    let orgs = rows(&app, "organizations").await;
    let mut service = reference_service();
    service["id"] = json!("66666666-6666-4666-8666-666666666666");
    service["url"] = json!("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==");
    service["organization"]["website"] = json!("javascript:alert(document.cookie)");
    let file = app.dir.0.join("links.json");
    std::fs::write(&file, json!([service]).to_string()).unwrap();
    let (report, out) = hsds_import(&app, &file).await;
    assert!(!report.ok() && !report.committed, "{out}");
    let reason = |field: &str| {
        report
            .errors
            .iter()
            .find(|e| e.record == "66666666-6666-4666-8666-666666666666" && e.field == field)
            .map(|e| e.reason.clone())
            .unwrap_or_else(|| panic!("no error for {field}: {out}"))
    };
    assert!(reason("link (organization.website)").contains("https://, http://, mailto: of tel:"));
    assert!(reason("website (url)").contains("https://"));
    assert_eq!(rows(&app, "offers").await, offers, "nothing imported");
    assert_eq!(rows(&app, "organizations").await, orgs);

    // Mail and phone links are fine in link fields.
    let mut fine = reference_service();
    fine["id"] = json!("77777777-7777-4777-8777-777777777777");
    fine["organization"]["website"] = json!("mailto:info@example.org");
    std::fs::write(&file, json!([fine]).to_string()).unwrap();
    let (report, out) = hsds_import(&app, &file).await;
    assert!(report.ok() && report.committed, "{out}");

    // The offer form: a partner's website must be a web address.
    let partner = app.other_client();
    partner.login("partner").await;
    let res = partner
        .post_form(
            "/partner/aanbod/nieuw",
            &offer_fields("Wandelgroep Zonnewijzer", "javascript:alert(1)"),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("een websiteadres begint met https://"));
});

both!(csv_exports_write_formulas_as_text, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.login("beleid").await;
    let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    let indicator = store::indicators(&app.db, Scope::Municipality(m.id))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.draft.code.as_str() == "eenzaamheid")
        .unwrap()
        .id;
    let formula = "=1+2+cmd|' /C calc'!A0";
    let text = format!(
        "periode;gebied;indicator;waarde;opmerking\n2019;GM9901;eenzaamheid;-3,5;{formula}\n2018;GM9901;eenzaamheid;4;@SUM(A1)\n"
    );
    let res = app
        .post_form(
            "/monitor/metingen/import",
            &[("csv", text.as_str()), ("bevestig", "ja")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let csv_text = app
        .get(&format!("/monitor/indicatoren/{indicator}/csv"))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |period: &str| {
        rows.iter()
            .find(|r| &r[0] == period)
            .unwrap_or_else(|| panic!("{period} in {csv_text}"))
            .clone()
    };
    assert_eq!(&row("2019")[3], "-3,5", "a figure stays a number");
    assert_eq!(&row("2019")[6], format!("'{formula}"));
    assert_eq!(&row("2018")[6], "'@SUM(A1)");

    // The HSDS tabular package: text that starts with '=' is quoted, and the
    // package reads back as it was.
    let mut draft = crate::directory::draft(
        "formule-aanbod",
        "Formule-aanbod",
        Layer::SocialBase,
        LifeDomain::Participation,
        &[],
    );
    draft.description = "=HYPERLINK(\"http://example.org\")".into();
    draft.phone = Some("+31 20 123 45 67".into());
    crate::directory::seed_offers(&app, std::slice::from_ref(&draft)).await;
    let out_dir = app.dir.0.join("export");
    hsds_cli::export(&app.db, &out_dir, &mut Vec::<u8>::new())
        .await
        .unwrap();
    let services = std::fs::read_to_string(out_dir.join("services.csv")).unwrap();
    assert!(
        services.contains("\"'=HYPERLINK(\"\"http://example.org\"\")\""),
        "{services}"
    );
    let phones = std::fs::read_to_string(out_dir.join("phones.csv")).unwrap();
    assert!(
        phones.contains(",+31 20 123 45 67"),
        "a phone number stays: {phones}"
    );
    let (report, out) = hsds_import(&app, &out_dir.join("datapackage.json")).await;
    assert!(report.ok() && report.created == 0, "{out}");
    use sqlx::Row;
    let back: Vec<String> = sqlx::query("SELECT description FROM offers WHERE name = $1")
        .bind("Formule-aanbod")
        .fetch_all(app.db.reader())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("description").unwrap())
        .collect();
    assert_eq!(
        back,
        vec![draft.description],
        "the quote is taken off again"
    );
});

both!(imports_name_duplicate_rows_and_ids, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Arrears signals: the same line twice.
    let pro = app.other_client();
    pro.login("consulent").await;
    let signals = rows(&app, "arrears_signals").await;
    let line =
        "huur;Woonstichting Lindehof;812,40;2;9903 XQ;980;;Sanne Okkerse;;123456782;02-11-2026\n";
    let text = format!(
            "soort;schuldeiser;bedrag;maanden_achterstand;postcode;huisnummer;toevoeging;naam;geboortedatum;bsn;datum\n{line}{line}"
        );
    let res = pro
        .post_multipart("/werk/signalen/import", &[("tekst", &text)], &[])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("regel 3: deze regel staat er twee keer in (ook regel 2)"),
        "{page}"
    );
    assert_eq!(rows(&app, "arrears_signals").await, signals);

    // Measurements: the same indicator, period and area twice.
    let beleid = app.other_client();
    beleid.login("beleid").await;
    let measurements = rows(&app, "monitor_measurements").await;
    let res = beleid
            .post_form(
                "/monitor/metingen/import",
                &[(
                    "csv",
                    "periode;gebied;indicator;waarde\n2017;GM9901;eenzaamheid;10\n2017;GM9901;eenzaamheid;11\n",
                )],
            )
            .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(
            "regel 3, kolom indicator: dezelfde indicator, periode en gebied staan ook op regel 2"
        ),
        "{page}"
    );
    assert_eq!(rows(&app, "monitor_measurements").await, measurements);

    // HSDS, nested: one organisation id with two different names.
    let offers = rows(&app, "offers").await;
    let mut first = reference_service();
    first["id"] = json!("88888888-8888-4888-8888-888888888888");
    let mut second = first.clone();
    second["id"] = json!("99999999-9999-4999-8999-999999999999");
    second["organization"]["name"] = json!("Een andere naam");
    let file = app.dir.0.join("dubbel.json");
    std::fs::write(&file, json!([first, second]).to_string()).unwrap();
    let (report, out) = hsds_import(&app, &file).await;
    assert!(!report.committed, "{out}");
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.record == "99999999-9999-4999-8999-999999999999"
                && e.field == "organisatie (organization)"
                && e.reason.contains("verschillende gegevens (naam)")),
        "{out}"
    );

    // HSDS, tabular: a row twice, and an id for two different rows.
    let package = app.dir.0.join("pakket");
    hsds_cli::export(&app.db, &package, &mut Vec::<u8>::new())
        .await
        .unwrap();
    let orgs_csv = package.join("organizations.csv");
    let text = std::fs::read_to_string(&orgs_csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3, "{text}");
    let changed = lines[2].replacen(',', ",Anders ", 2);
    let doubled = format!("{}\n{}\n{}\n{}\n", text.trim_end(), lines[1], changed, "");
    std::fs::write(&orgs_csv, doubled.trim_end()).unwrap();
    let (report, out) = hsds_import(&app, &package).await;
    assert!(!report.committed, "{out}");
    let n = lines.len();
    let has = |line: usize, reason: &str| {
        report.errors.iter().any(|e| {
            e.field == format!("organizations.csv, regel {}, kolom id", line)
                && e.reason.contains(reason)
        })
    };
    assert!(has(n + 1, "twee keer in (ook regel 2)"), "{out}");
    assert!(
        has(n + 2, "staat ook op regel 3, met andere gegevens"),
        "{out}"
    );
    assert_eq!(rows(&app, "offers").await, offers, "nothing imported");
});
