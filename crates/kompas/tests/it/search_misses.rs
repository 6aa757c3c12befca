//! Searches that found nothing or little: counted as query text only, per
//! municipality and month, and turned into synonyms by that municipality's
//! editors (issue 14).

use crate::both;
use crate::support::*;
use kompas_domain::directory::search_miss::search_month;
use kompas_domain::directory::SearchMissQuery;
use kompas_domain::MunicipalityScope;
use kompas_store::search_misses as sm;

fn query(raw: &str) -> SearchMissQuery {
    SearchMissQuery::new(raw).unwrap()
}

async fn beekhuizen(app: &TestApp) -> i64 {
    kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
        .await
        .unwrap()
        .id
}

both!(
    misses_are_counted_per_month_and_kept_to_their_municipality,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (m, other) = (wilgendaal(&app).await, beekhuizen(&app).await);
        let (ours, theirs) = (
            MunicipalityScope::single(m),
            MunicipalityScope::single(other),
        );
        let now = chrono::Utc::now();
        let q = query("rijbewijs keuring");
        // Parallel searches for the same words each count, on both databases.
        let mut writes = Vec::new();
        for found in [2_i64, 0, 1, 2, 1, 2, 2, 1, 2, 2] {
            let (db, q) = (app.db.clone(), q.clone());
            writes.push(tokio::spawn(async move {
                sm::record(&db, m, "2026-11", &q, found, now).await
            }));
        }
        for w in writes {
            w.await.unwrap().unwrap();
        }
        sm::record(&app.db, m, "2026-12", &q, 1, now).await.unwrap();
        sm::record(&app.db, m, "2026-12", &query("taalcafe"), 0, now)
            .await
            .unwrap();
        sm::record(&app.db, m, "2026-12", &query("taalcafe"), 2, now)
            .await
            .unwrap();
        sm::record(&app.db, other, "2026-12", &query("taalcafe"), 0, now)
            .await
            .unwrap();

        let nov = sm::list(&app.db, &ours, "2026-11", false).await.unwrap();
        assert_eq!(nov.len(), 1);
        assert_eq!(
            (nov[0].searches, nov[0].found),
            (10, 0),
            "counted, fewest kept"
        );
        let dec = sm::list(&app.db, &ours, "2026-12", false).await.unwrap();
        let seen: Vec<_> = dec.iter().map(|r| (r.query.as_str(), r.searches)).collect();
        assert_eq!(
            seen,
            [("taalcafe", 2), ("rijbewijs keuring", 1)],
            "most searched first"
        );
        assert_eq!(
            sm::months(&app.db, &ours).await.unwrap(),
            ["2026-12", "2026-11"]
        );

        // Another municipality sees and handles only its own.
        let theirs_dec = sm::list(&app.db, &theirs, "2026-12", true).await.unwrap();
        assert_eq!(theirs_dec.len(), 1);
        assert_eq!(theirs_dec[0].municipality_id, other);
        let id = dec[0].id;
        assert!(sm::by_id(&app.db, &theirs, id).await.unwrap().is_none());
        let mut tx = app.db.begin().await.unwrap();
        assert!(matches!(
            sm::mark_handled(&mut tx, &theirs, id, 1, now).await,
            Err(kompas_store::StoreError::NotFound(_))
        ));
        let editor = kompas_store::users::by_username(&app.db, "redacteur")
            .await
            .unwrap()
            .unwrap();
        sm::mark_handled(&mut tx, &ours, id, editor.id, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // Handled queries are hidden unless asked for, and stay handled.
        let open = sm::list(&app.db, &ours, "2026-12", false).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].query, "rijbewijs keuring");
        sm::record(&app.db, m, "2026-12", &query("taalcafe"), 0, now)
            .await
            .unwrap();
        let all = sm::list(&app.db, &ours, "2026-12", true).await.unwrap();
        let handled = all.iter().find(|r| r.id == id).unwrap();
        assert_eq!(handled.searches, 3);
        assert!(handled.handled_at.is_some());
    }
);

/// The rows of the current month for Wilgendaal, once the background write of
/// `expected` searches for `text` has landed.
async fn wait_for(app: &TestApp, text: &str, expected: i64) -> sm::SearchMiss {
    let scope = MunicipalityScope::single(wilgendaal(app).await);
    let month = search_month(chrono::Utc::now());
    for _ in 0..100 {
        let rows = sm::list(&app.db, &scope, &month, true).await.unwrap();
        if let Some(r) = rows
            .into_iter()
            .find(|r| r.query == text && r.searches == expected)
        {
            return r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no search miss '{text}' with {expected} searches");
}

async fn results_for(app: &Browser, q: &str) -> String {
    app.get(&format!("/zoeken?q={q}"))
        .await
        .text()
        .await
        .unwrap()
}

both!(
    editors_turn_a_search_that_found_nothing_into_a_synonym,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        crate::directory::seed(&app).await;
        let visitor = app.other_client();
        assert!(results_for(&visitor, "qwxplonk")
            .await
            .contains("0 resultaten"));
        results_for(&visitor, "%20Qwxplonk%20").await;
        let miss = wait_for(&app, "qwxplonk", 2).await;
        assert_eq!(miss.found, 0);
        // A BSN-like number is never stored; the words around it are.
        results_for(&visitor, "plofkip+123456782").await;
        wait_for(&app, "plofkip #", 1).await;
        // Only a number: nothing to keep. A later page or a full page: no miss.
        results_for(&visitor, "0612345678").await;
        results_for(&visitor, "zonnebloem").await;
        results_for(&visitor, "qwxplonk&pagina=2").await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let scope = MunicipalityScope::single(wilgendaal(&app).await);
        let month = search_month(chrono::Utc::now());
        let rows = sm::list(&app.db, &scope, &month, true).await.unwrap();
        let queries: Vec<_> = rows.iter().map(|r| r.query.as_str()).collect();
        assert_eq!(queries, ["qwxplonk", "plofkip #"]);
        assert_eq!(rows[0].searches, 2);

        // Beekhuizen's editor neither sees nor handles Wilgendaal's queries.
        let bram = beekhuizen_editor(&app).await;
        let page = bram.get("/redactie/zoekvragen").await.text().await.unwrap();
        assert!(!page.contains("qwxplonk"));
        for action in ["synoniem", "niet-nodig"] {
            let res = bram
                .post_form(
                    &format!("/redactie/zoekvragen/{}/{action}", miss.id),
                    &[("woord", "qwxplonk"), ("betekent", "schulden")],
                )
                .await;
            assert_eq!(res.status(), 404, "{action}");
        }
        assert!(sm::by_id(&app.db, &scope, miss.id)
            .await
            .unwrap()
            .unwrap()
            .handled_at
            .is_none());
        assert!(!results_for(&visitor, "qwxplonk")
            .await
            .contains("Geldmaatje Zonnebloem"));

        // Wilgendaal's editor sees both, most searched first, and makes a synonym.
        app.login("redacteur").await;
        let page = app.get("/redactie/zoekvragen").await.text().await.unwrap();
        let (a, b) = (
            page.find("qwxplonk").unwrap(),
            page.find("plofkip #").unwrap(),
        );
        assert!(a < b);
        assert!(!page.contains("123456782"));
        let empty = app
            .post_form(
                &format!("/redactie/zoekvragen/{}/synoniem", miss.id),
                &[("woord", "qwxplonk"), ("betekent", "")],
            )
            .await;
        assert_eq!(empty.status(), 422, "what it means is needed");
        let made = app
            .post_form(
                &format!("/redactie/zoekvragen/{}/synoniem", miss.id),
                &[("woord", "qwxplonk"), ("betekent", "schulden")],
            )
            .await;
        assert_eq!(made.status(), 303);
        assert!(results_for(&visitor, "qwxplonk")
            .await
            .contains("Geldmaatje Zonnebloem"));
        let synonyms = app.get("/redactie/synoniemen").await.text().await.unwrap();
        assert!(synonyms.contains("qwxplonk"));
        // Handled: hidden by default, shown on request.
        let page = app.get("/redactie/zoekvragen").await.text().await.unwrap();
        assert!(!page.contains(">qwxplonk<"));
        let page = app
            .get(&format!(
                "/redactie/zoekvragen?maand={month}&afgehandeld=ja"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(">qwxplonk<"));
        assert!(page.contains("Afgehandeld op"));

        // "Niet nodig" handles the other one without a synonym.
        let other = wait_for(&app, "plofkip #", 1).await;
        let res = app
            .post_form(
                &format!("/redactie/zoekvragen/{}/niet-nodig", other.id),
                &[],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(sm::list(&app.db, &scope, &month, false)
            .await
            .unwrap()
            .is_empty());
    }
);
