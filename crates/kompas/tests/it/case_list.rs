//! "Mijn trajecten" at scale (issue 16): paged and sorted in the database,
//! the worker's own cases within their municipalities, a team lead's view of
//! every case of the team.

use crate::both;
use crate::support::*;
use kompas_store::toegang as tg;
use sqlx::Row;

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// The case numbers in the order a list page shows them.
fn listed(page: &str) -> Vec<i64> {
    page.split("<a class=\"utrecht-link\" href=\"/werk/trajecten/")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

both!(
    mijn_trajecten_is_paged_and_sorted_in_the_database,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // 120 more cases for the demo professional, some with moments.
        let mut tx = app.db.begin().await.unwrap();
        let mut made = Vec::new();
        for i in 0..120 {
            let f = household_with_case(&app, &mut tx, &format!("7{:03} AB", i), "Lid").await;
            made.push((f.case, f.household));
        }
        let pro_user = kompas_store::users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap();
        // The nearest open moment of all: case made[7]; made[8]'s earlier one is done.
        for (case, due, done) in [
            (made[7].0, "2000-01-02", None),
            (made[7].0, "2000-06-01", None),
            (made[8].0, "1999-01-01", Some("1999-01-01")),
            (made[8].0, "2000-01-03", None),
        ] {
            sqlx::query(
                "INSERT INTO case_moments (case_id, kind, due_date, done_on, note) VALUES ($1, 'evaluatie', $2, $3, '')",
            )
            .bind(case)
            .bind(due)
            .bind(done)
            .execute(&mut *tx)
            .await
            .unwrap();
            kompas_store::plan::refresh_next_moment(&mut tx, case)
                .await
                .unwrap();
        }
        // A case of Beekhuizen with the same professional as coordinator: not
        // in their municipalities, so never on their list.
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let address = tg::Address {
            postcode: Some("7999 ZZ".into()),
            house_number: Some(1),
            house_number_addition: None,
            street: "Elders".into(),
            city: "Beekhuizen".into(),
            area_code: None,
        };
        let now = chrono::Utc::now();
        let h = tg::create_household(&mut tx, beekhuizen, &address, now)
            .await
            .unwrap();
        let foreign = tg::open_case(
            &mut tx,
            beekhuizen,
            h,
            (pro_user.id, pro_user.role),
            now,
            None,
        )
        .await
        .unwrap();
        // A case handed to a colleague: the professional stays in its team,
        // so it stays on their list (once), with the colleague as coordinator.
        let colleague = kompas_store::users::by_username(&app.db, "regisseur")
            .await
            .unwrap()
            .unwrap();
        let handed = household_with_case(&app, &mut tx, "7999 AA", "Overgedragen").await;
        sqlx::query("UPDATE cases SET coordinator_id = $2 WHERE id = $1")
            .bind(handed.case)
            .bind(colleague.id)
            .execute(&mut *tx)
            .await
            .unwrap();
        kompas_store::plan::add_team_member(&mut tx, handed.case, colleague.id)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mine = scalar(
            &app,
            "SELECT COUNT(*) FROM cases c JOIN municipalities m ON m.id = c.municipality_id \
             WHERE (c.coordinator_id = $1 OR c.id IN (SELECT case_id FROM case_team WHERE user_id = $1)) \
             AND m.cbs_code = 'GM9901'",
            pro_user.id,
        )
        .await;
        assert!(mine >= 120);
        let c = app.other_client();
        c.login("consulent").await;
        let get = |q: &'static str| {
            let c = c.clone();
            async move {
                let res = c.get(&format!("/werk/trajecten{q}")).await;
                assert_eq!(res.status(), 200, "{q}");
                res.text().await.unwrap()
            }
        };

        // By next moment (the default): the nearest open moment first. The
        // lines name the household, and each name shown is a logged read.
        let before = reads_about(&app, made[7].1).await;
        let first = get("").await;
        assert_eq!(reads_about(&app, made[7].1).await, before + 1);
        assert!(first.contains(&format!("/werk/huishoudens/{}\">Lid</a>", made[7].1)));
        // Fifty rows appended at once still make one unbroken chain.
        assert!(matches!(
            kompas_store::audit::verify(&app.db).await.unwrap(),
            kompas_store::audit::Verification::Intact { .. }
        ));
        assert!(
            first.contains(&format!("1–50 van {mine}")),
            "{}",
            &first[..200.min(first.len())]
        );
        let order = listed(&first);
        assert_eq!(order.len(), 50);
        assert_eq!(
            &order[..2],
            &[made[7].0, made[8].0],
            "nearest open moment first"
        );
        assert!(first.contains("sorteer=moment&#38;pagina=2"));

        // Done with made[7]'s nearest moment: its next one is months later,
        // so made[8] leads the list now.
        let moment: i64 = sqlx::query_scalar(
            "SELECT id FROM case_moments WHERE case_id = $1 AND due_date = '2000-01-02'",
        )
        .bind(made[7].0)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        kompas_store::plan::complete_moment(
            &mut tx,
            made[7].0,
            moment,
            "gesproken",
            kompas_store::plan::By::user(&pro_user, chrono::Utc::now()),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let order = listed(&get("").await);
        assert_eq!(&order[..2], &[made[8].0, made[7].0]);

        // Every page once, nothing twice, the other municipality's case never.
        let mut all = Vec::new();
        let pages = (mine + 49) / 50;
        for p in 1..=pages {
            let page = c
                .get(&format!("/werk/trajecten?sorteer=moment&pagina={p}"))
                .await
                .text()
                .await
                .unwrap();
            all.extend(listed(&page));
        }
        let before = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len() as i64, mine);
        assert_eq!(before, all.len());
        assert!(!all.contains(&foreign));
        assert!(all.contains(&handed.case));
        // The count comes with the page; past the last page it is still told.
        let beyond = c
            .get(&format!(
                "/werk/trajecten?sorteer=moment&pagina={}",
                pages + 3
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(listed(&beyond).is_empty());
        assert!(beyond.contains(&format!("van {mine}")), "{beyond}");

        // By household number: ascending.
        let by_household = get("?sorteer=huishouden").await;
        let households: Vec<i64> = by_household
            .split("href=\"/werk/huishoudens/")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(households.len(), 50);
        assert!(
            households.windows(2).all(|w| w[0] <= w[1]),
            "{households:?}"
        );

        // By status: the open ones (all of ours) first.
        let by_status = get("?sorteer=status").await;
        assert!(by_status.contains("<strong aria-current=\"true\">status</strong>"));
        assert_eq!(listed(&by_status)[0], made[8].0);

        // The team lead sees every case of the municipality, and can narrow
        // to their own.
        let team = scalar(
            &app,
            "SELECT COUNT(*) FROM cases WHERE municipality_id = $1",
            wilgendaal(&app).await,
        )
        .await;
        let lead = app.other_client();
        lead.login("teamleider").await;
        let page = lead.get("/werk/trajecten").await.text().await.unwrap();
        assert!(page.contains("Trajecten van het team"));
        assert!(page.contains(&format!("1–50 van {team}")));
        assert!(!listed(&page).contains(&foreign));
        let own = lead
            .get("/werk/trajecten?wie=ik")
            .await
            .text()
            .await
            .unwrap();
        assert!(own.contains("<h1 class=\"utrecht-heading-1\">Mijn trajecten</h1>"));
        assert!(!own.contains(&format!("van {team}")));
    }
);
