//! Payment-arrears signals (vroegsignalering) through the upload page and
//! `kompas import signals`: matched by BSN or address, merged within three
//! months, refused whole when a row is wrong unless the bad rows are skipped.

use crate::both;
use crate::support::*;
use kompas_store::toegang as tg;
use sqlx::Row;

const HEADER: &str =
    "soort;schuldeiser;bedrag;maanden_achterstand;postcode;huisnummer;toevoeging;naam;geboortedatum;bsn;datum\n";

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn signals(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM arrears_signals").await
}

/// The arrears questions of the household at 9903 XQ `number`, with their signal counts.
async fn arrears_at(app: &TestApp, municipality: i64, number: i64) -> Vec<(i64, bool, usize)> {
    let hs = tg::households_at(&app.db, municipality, "9903 XQ", number, None)
        .await
        .unwrap();
    assert!(hs.len() <= 1, "one household per address");
    let Some(h) = hs.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for q in tg::questions_of_household(&app.db, h.id).await.unwrap() {
        assert_eq!(q.channel.code(), "vroegsignalering");
        let n = tg::arrears_of_question(&app.db, q.id).await.unwrap().len();
        out.push((q.id, q.urgent, n));
    }
    out
}

both!(
    arrears_signals_are_matched_merged_and_refused_whole,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let muni = wilgendaal(&app).await;
        // One household known by a member's BSN, one known by its address only.
        let now = chrono::Utc::now();
        let address = |n: i64| tg::Address {
            postcode: Some("9903 XQ".into()),
            house_number: Some(n),
            house_number_addition: None,
            street: "Wilgenlaan".into(),
            city: "Wilgendaal".into(),
            area_code: None,
        };
        let mut tx = app.db.begin().await.unwrap();
        let known = tg::create_household(&mut tx, muni, &address(971), now)
            .await
            .unwrap();
        tg::add_member(
            &mut tx,
            known,
            "Sanne Okkerse",
            None,
            "ouder",
            Some("123456782"),
            now,
        )
        .await
        .unwrap();
        // Different address on purpose: the BSN must win over the address.
        tg::create_household(&mut tx, muni, &address(972), now)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let pro = app.web.other_client();
        pro.login("consulent").await;
        assert_eq!(pro.get("/werk/signalen/import").await.status(), 200);
        let before = signals(&app).await;
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE purpose = 'vroegsignalering'";
        let audit_before = count(&app, audited).await;

        // Two bad rows: nothing lands, each problem named by row and column,
        // and the text comes back to be put right.
        let bad = format!(
            "{HEADER}huur;Woonstichting Lindehof;812,40;2;9903 XQ;980;;Sanne Okkerse;;123456782;02-11-2026\n\
             energie;Stroomkracht;veel;1;9903 XQ;972;;Ties Vermaat;;;03-11-2026\n\
             water;Waterbedrijf Oost;45,10;1;9903 XQ;973;;Joke Lint;;123456789;03-11-2026\n"
        );
        let res = pro
            .post_multipart(
                "/werk/signalen/import",
                &[],
                &[("bestand", "signalen.csv", bad.as_bytes())],
            )
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("regel 3, kolom bedrag"), "{page}");
        assert!(page.contains("regel 4, kolom bsn"), "{page}");
        assert!(page.contains("Er is niets ingelezen"));
        assert!(page.contains("Woonstichting Lindehof"), "the text is kept");
        assert_eq!(signals(&app).await, before, "nothing stored");

        // Skipping the bad rows stores the good one: found by BSN, though the
        // address in the file is another.
        let res = pro
            .post_multipart(
                "/werk/signalen/import",
                &[("overslaan", "ja")],
                &[("bestand", "signalen.csv", bad.as_bytes())],
            )
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("1 signaal verwerkt"), "{page}");
        assert!(page.contains("1 gevonden op BSN"), "{page}");
        assert!(page.contains("Deze regels zijn overgeslagen"));
        assert_eq!(signals(&app).await, before + 1);
        let first = arrears_at(&app, muni, 971).await;
        assert_eq!(first.len(), 1);
        assert!(
            arrears_at(&app, muni, 980).await.is_empty(),
            "no household at the file's address"
        );

        // Pasted text (Windows-1252 is for files; this is UTF-8): a repeat by
        // BSN within three months joins the open question; an address match;
        // a new address twice, the second joining the question of the first.
        let good = format!(
            "{HEADER}huur;Woonstichting Lindehof;1.624,80;3;9903 XQ;971;;Sanne Okkerse;;123456782;20-11-2026\n\
             energie;Stroomkracht;310,00;3;9903 XQ;972;;Ties Vermaat;14-02-1990;;18-11-2026\n\
             zorgverzekering;Zorgverzekeraar Noord;220,00;2;9903 XQ;974;B;Eef Dijkstra;;;01-09-2026\n\
             water;Waterbedrijf Oost;60,00;1;9903 XQ;974;B;Eef Dijkstra;;;15-11-2026\n"
        );
        let res = pro
            .post_multipart("/werk/signalen/import", &[("tekst", &good)], &[])
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("4 signalen verwerkt: 2 nieuwe vragen, 2 samengevoegd met een open vraag. Huishoudens: 1 gevonden op BSN, 2 op adres, 1 nieuw."),
            "{page}"
        );
        let merged = arrears_at(&app, muni, 971).await;
        assert_eq!(merged.len(), 1, "still one question");
        assert_eq!(merged[0].0, first[0].0);
        assert_eq!(merged[0].2, 2, "two signals on it");
        assert!(merged[0].1, "rent three months behind made it urgent");
        let by_address = arrears_at(&app, muni, 972).await;
        assert_eq!(by_address.len(), 1);
        assert!(by_address[0].1, "energy three months behind is urgent");
        let hs = tg::households_at(&app.db, muni, "9903 XQ", 974, Some("B"))
            .await
            .unwrap();
        assert_eq!(hs.len(), 1, "one new household for both rows");
        let members = tg::members(&app.db, hs[0].id).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].name, "Eef Dijkstra");
        let qs = tg::questions_of_household(&app.db, hs[0].id).await.unwrap();
        assert_eq!(qs.len(), 1);
        assert_eq!(
            tg::arrears_of_question(&app.db, qs[0].id)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(!qs[0].urgent);
        assert!(!qs[0].body.contains("Eef"), "no name in the question text");
        // The question page shows the amounts in euros and the dates in Dutch.
        let question = pro
            .get(&format!("/werk/vragen/{}", merged[0].0))
            .await
            .text()
            .await
            .unwrap();
        assert!(question.contains("€ 1.624,80"), "{question}");
        assert!(question.contains("20-11-2026"), "{question}");
        assert!(!question.contains("162480"), "{question}");
        assert_eq!(signals(&app).await, before + 5);
        assert_eq!(
            count(&app, audited).await,
            audit_before + 5,
            "a row per signal"
        );

        // The command line refuses the bad file whole, then skips its bad rows.
        let file = app.dir.0.join("signalen.csv");
        std::fs::write(&file, &bad).unwrap();
        let run = |skip: bool| kompas::signals_cli::SignalsImport {
            file: &file,
            municipality: Some("GM9901"),
            skip_invalid: skip,
            dry_run: false,
            first_contact_days: Default::default(),
            holidays: Default::default(),
        };
        let mut out = Vec::new();
        let err = kompas::signals_cli::import_signals(&app.db, &run(false), &mut out)
            .await
            .unwrap_err();
        let printed = String::from_utf8(out).unwrap();
        assert!(err.to_string().contains("er is niets opgeslagen"), "{err}");
        assert!(printed.contains("regel 4, kolom bsn"), "{printed}");
        assert_eq!(signals(&app).await, before + 5);
        let mut out = Vec::new();
        kompas::signals_cli::import_signals(&app.db, &run(true), &mut out)
            .await
            .unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert!(
            printed.contains("2 regel(s) overgeslagen: 3, 4"),
            "{printed}"
        );
        assert!(printed.contains("1 signaal verwerkt"), "{printed}");
        assert_eq!(signals(&app).await, before + 6);
    }
);
