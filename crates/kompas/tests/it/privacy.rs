//! Privacy rights: a person's data in one export (JSON and a readable page),
//! and the retention job that deletes files after 15 years (20 with youth
//! care) and logs what it deleted.

use crate::both;
use crate::support::*;
use kompas_store::toegang as tg;
use sqlx::Row;

/// Closes the household's case and dates its whole file `years` back.
async fn age_file(app: &TestApp, household: i64, years: i64) {
    let then =
        kompas_store::time::to_db(chrono::Utc::now() - chrono::Duration::days(365 * years + 5));
    for sql in [
        "UPDATE cases SET status = 'afgesloten', closed_at = $2 WHERE household_id = $1",
        "UPDATE households SET updated_at = $2 WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(household)
            .bind(&then)
            .execute(app.db.writer())
            .await
            .unwrap();
    }
}

both!(
    a_persons_data_is_exported_and_old_files_are_deleted_with_a_log,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let adult = household_with_case(&app, &mut tx, "9903 YA", "Bram Veldkamp").await;
        tg::add_member(
            &mut tx,
            adult.household,
            "Saar Veldkamp",
            None,
            "partner",
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let youth = household_with_case(&app, &mut tx, "9903 YB", "Nina Kool").await;
        let born = chrono::NaiveDate::from_ymd_opt(2005, 3, 1).unwrap();
        tg::add_member(
            &mut tx,
            youth.household,
            "Daan Kool",
            Some(born),
            "kind",
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let current = household_with_case(&app, &mut tx, "9903 YC", "Ole Smit").await;
        tx.commit().await.unwrap();

        // The export: everything about Bram, the other member by role only.
        let dir = app.dir.0.join("inzage");
        let mut out = Vec::new();
        kompas::privacy_cli::export(
            &app.db,
            kompas::privacy_cli::Person::Member(adult.member),
            &dir,
            &mut out,
        )
        .await
        .unwrap();
        let json =
            std::fs::read_to_string(dir.join(format!("persoon-{}.json", adult.member))).unwrap();
        let d: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(d["persoon"]["name"], "Bram Veldkamp");
        assert_eq!(d["trajecten"].as_array().unwrap().len(), 1);
        assert_eq!(d["andere_gezinsleden"][0]["role"], "partner");
        assert!(!json.contains("Saar"), "another member's name stays out");
        let page =
            std::fs::read_to_string(dir.join(format!("persoon-{}.html", adult.member))).unwrap();
        assert!(page.contains("Uw gegevens bij de gemeente"));
        assert!(page.contains("Bram Veldkamp"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export' AND object_id = CAST($1 AS TEXT)", adult.member).await,
            1
        );

        // Sixteen years later: the adult file is past 15 years, the file with
        // a child in it keeps its 20, and a current case is never touched.
        age_file(&app, adult.household, 16).await;
        age_file(&app, youth.household, 16).await;
        let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
        let mut out = Vec::new();
        let n = kompas::privacy_cli::retention(&app.db, today, true, &mut out)
            .await
            .unwrap();
        assert_eq!(n, 1);
        let printed = String::from_utf8(out).unwrap();
        assert!(
            printed.contains(&format!("huishouden {}", adult.household)),
            "{printed}"
        );
        let households = "SELECT COUNT(*) AS n FROM households WHERE id = $1";
        assert_eq!(
            count(&app, households, adult.household).await,
            1,
            "dry run keeps it"
        );

        let mut out = Vec::new();
        kompas::privacy_cli::retention(&app.db, today, false, &mut out)
            .await
            .unwrap();
        assert_eq!(count(&app, households, adult.household).await, 0);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM household_members WHERE household_id = $1",
                adult.household
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM cases WHERE id = $1",
                adult.case
            )
            .await,
            0
        );
        assert_eq!(
            count(&app, households, youth.household).await,
            1,
            "youth care: 20 years"
        );
        assert_eq!(count(&app, households, current.household).await, 1);
        let log: String = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'delete' AND object_type = 'huishouden' AND object_id = CAST($1 AS TEXT)",
        )
        .bind(adult.household)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("detail")
        .unwrap();
        assert!(log.contains("household_members: 2"), "{log}");
        assert!(!log.contains("Veldkamp"), "the log names no one");
        // The audit chain stays whole after the deletion.
        assert!(matches!(
            kompas_store::audit::verify(&app.db).await.unwrap(),
            kompas_store::audit::Verification::Intact { .. }
        ));
    }
);
