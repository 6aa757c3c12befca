//! Finding a household (issue 16): by name, street, address, date of birth
//! or BSN, only within the worker's municipalities, with a reason, and every
//! household shown logged as read with that reason.

use crate::both;
use crate::support::*;
use kompas_store::toegang as tg;

both!(
    a_worker_finds_a_household_by_name_address_birth_date_or_bsn,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XZ", "Bram Vissering").await;
        let now = chrono::Utc::now();
        let born = chrono::NaiveDate::from_ymd_opt(1979, 11, 23);
        tg::add_member(
            &mut tx,
            fx.household,
            "Eva Vissering",
            born,
            "partner",
            Some("999990135"),
            now,
        )
        .await
        .unwrap();
        // The same name in another municipality.
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        let address = tg::Address {
            postcode: Some("9903 XZ".into()),
            house_number: Some(1),
            house_number_addition: None,
            street: "Proeflaan".into(),
            city: "Beekhuizen".into(),
            area_code: None,
        };
        let foreign = tg::create_household(&mut tx, beekhuizen.id, &address, now)
            .await
            .unwrap();
        tg::add_member(&mut tx, foreign, "Bram Vissering", None, "ouder", None, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let worker = app.web.other_client();
        worker.login("consulent").await;
        let find = |q: &str, reason: &str| {
            let worker = worker.clone();
            let url = format!(
                "/werk/huishoudens?zoek={}&reden={}",
                urlencoding(q),
                urlencoding(reason)
            );
            async move { worker.get(&url).await.text().await.unwrap() }
        };
        let link = format!("/werk/huishoudens/{}?reden=", fx.household);
        let foreign_link = format!("/werk/huishoudens/{foreign}?");
        for q in [
            "vissering",
            "9903 XZ 1",
            "23-11-1979",
            "999990135",
            "proeflaan",
        ] {
            let before = reads_about(&app, fx.household).await;
            let page = find(q, "telefoontje van een inwoner").await;
            assert!(page.contains(&link), "{q}: {page}");
            assert!(page.contains("Eva Vissering (geboren 23-11-1979"), "{q}");
            assert!(
                !page.contains(&foreign_link),
                "{q}: another municipality's household"
            );
            assert_eq!(reads_about(&app, fx.household).await, before + 1, "{q}");
        }
        // The BSN itself never goes into the log; the kind of search does.
        let purposes: Vec<String> = {
            use sqlx::Row;
            sqlx::query("SELECT purpose FROM audit_log WHERE subject = $1")
                .bind(format!("huishouden:{}", fx.household))
                .fetch_all(app.db.reader())
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    r.try_get::<Option<String>, _>("purpose")
                        .unwrap()
                        .unwrap_or_default()
                })
                .collect()
        };
        assert!(purposes
            .iter()
            .any(|p| p == "gevonden bij zoeken op BSN: telefoontje van een inwoner"));
        assert!(purposes.iter().all(|p| !p.contains("999990135")));

        // Without a reason, or with something that cannot be searched: a
        // clear message and nothing shown or logged.
        let before = reads_about(&app, fx.household).await;
        let page = find("vissering", "").await;
        assert!(page.contains("Schrijf op waarom u zoekt"), "{page}");
        assert!(!page.contains(&link));
        let page = find("123456789", "controle").await;
        assert!(page.contains("elfproef"), "{page}");
        assert_eq!(reads_about(&app, fx.household).await, before);
    }
);

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

both!(
    the_reason_is_asked_once_per_household_per_session_and_every_read_logged,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 YA", "Tess Hoekstra").await;
        tx.commit().await.unwrap();
        let h = fx.household;
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let page = |b: &Browser, q: &'static str| {
            let b = b.clone();
            async move {
                b.get(&format!("/werk/huishoudens/{h}{q}"))
                    .await
                    .text()
                    .await
                    .unwrap()
            }
        };
        let asks = "Waarom bekijkt u dit huishouden?";
        assert!(page(&worker, "").await.contains(asks));
        let before = reads_about(&app, h).await;
        let first = page(&worker, "?reden=voorbereiden+gesprek").await;
        assert!(
            first.contains("Bekeken met als reden: voorbereiden gesprek"),
            "{first}"
        );
        // Later visits in the same session do not ask again, and are logged.
        for _ in 0..2 {
            let again = page(&worker, "").await;
            assert!(!again.contains(asks), "{again}");
            assert!(again.contains("Bekeken met als reden: voorbereiden gesprek"));
        }
        assert!(page(&worker, "/toestemming").await.contains("Toestemming"));
        assert_eq!(reads_about(&app, h).await, before + 4);
        // Another session of the same worker asks again.
        let other = app.web.other_client();
        other.login("consulent").await;
        assert!(page(&other, "").await.contains(asks));
        // A new reason replaces the old one for this session.
        page(&worker, "?reden=werken+aan+het+plan").await;
        assert!(page(&worker, "")
            .await
            .contains("Bekeken met als reden: werken aan het plan"));
    }
);
