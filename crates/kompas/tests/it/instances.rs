//! Several instances on one database: the directory's change feed and job
//! leases on both databases, and two real servers on one PostgreSQL.

use crate::both;
use crate::directory::{breiclub_edit, draft, form_version, seed, seed_offers};
use crate::support::*;
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_search::SearchQuery;
use kompas_store::directory::{self as dir, Location, OfferPlace, OrganizationInput};
use kompas_store::{feed, leases};
use std::time::{Duration, Instant};

both!(
    the_change_feed_names_what_each_directory_write_changed,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = seed(&app).await;
        let start = feed::head(&app.db).await.unwrap();
        let m = wilgendaal(&app).await;
        let other = draft(
            "test-feed-other",
            "Klusjesdienst",
            Layer::SocialBase,
            LifeDomain::Housing,
            &["klussen"],
        );
        let lone = seed_offers(&app, std::slice::from_ref(&other)).await[0];
        let after_seed = feed::head(&app.db).await.unwrap();
        assert!(after_seed > start, "a saved offer takes a number");

        // Renaming the organisation changes the text of each of its offers.
        let mut tx = app.db.begin().await.unwrap();
        let org = dir::upsert_organization(
            &mut tx,
            m,
            &OrganizationInput {
                hsds_id: "stichting-welzijn-wilgendaal".into(),
                name: "Welzijn Wilgendaal Samen".into(),
                ..OrganizationInput::default()
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let p = feed::since(&app.db, after_seed, 1_000).await.unwrap();
        assert!(!p.rebuild && !p.synonyms, "{p:?}");
        for id in &ids {
            assert!(
                p.offers.contains(id),
                "offer {id} of the organisation: {p:?}"
            );
        }
        assert_eq!(p.head, after_seed + 1, "one write, one number");

        // A location change names the offers there; a synonym only the synonyms.
        let mut tx = app.db.begin().await.unwrap();
        let loc = dir::upsert_location(
            &mut tx,
            &Location {
                hsds_id: "test-feed-buurthuis".into(),
                organization_id: Some(org),
                name: "Buurthuis De Linde".into(),
                ..Location::default()
            },
        )
        .await
        .unwrap();
        let moved = dir::offer_by_id(&app.db, lone).await.unwrap().unwrap();
        dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: m,
                organization_id: moved.organization_id,
                location_id: Some(loc),
            },
            &moved.draft,
            None,
            None,
            "test",
            "verhuisd",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let before_synonym = feed::head(&app.db).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        dir::add_synonym(&mut tx, m, "klusjesman", "klussen", chrono::Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let p = feed::since(&app.db, before_synonym, 1_000).await.unwrap();
        assert!(p.synonyms && p.offers.is_empty() && !p.rebuild, "{p:?}");
        let p = feed::since(&app.db, after_seed + 1, 1_000).await.unwrap();
        assert_eq!(p.offers.iter().copied().collect::<Vec<_>>(), vec![lone]);

        // Saving an offer unchanged, or a write that rolls back, takes no number.
        let head = feed::head(&app.db).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let same = dir::offer_by_id(&app.db, lone).await.unwrap().unwrap();
        let saved = dir::save_offer(
            &mut tx,
            OfferPlace {
                municipality_id: m,
                organization_id: same.organization_id,
                location_id: Some(loc),
            },
            &same.draft,
            None,
            None,
            "test",
            "niets",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        assert!(matches!(saved, dir::Saved::Unchanged(_)));
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        dir::add_synonym(&mut tx, m, "klusser", "klussen", chrono::Utc::now())
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(feed::head(&app.db).await.unwrap(), head);
        assert!(feed::since(&app.db, head, 1_000).await.unwrap().is_empty());

        // More than the limit, a pruned feed, or a number this database never
        // gave: the reader must rebuild.
        assert!(feed::since(&app.db, start, 2).await.unwrap().rebuild);
        assert!(feed::since(&app.db, head + 5, 1_000).await.unwrap().rebuild);
        feed::prune(&app.db, 1).await.unwrap();
        assert!(feed::since(&app.db, start, 1_000).await.unwrap().rebuild);
        let last = feed::since(&app.db, head - 1, 1_000).await.unwrap();
        assert!(
            !last.rebuild && last.synonyms,
            "the newest change is kept: {last:?}"
        );
    }
);

both!(
    a_job_lease_is_taken_once_per_due_time,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let t = chrono::Utc::now() + chrono::Duration::days(1);
        let next = t + chrono::Duration::minutes(10);
        assert!(leases::take(&app.db, "test.job", "a", t, next)
            .await
            .unwrap());
        assert!(!leases::take(&app.db, "test.job", "b", t, next)
            .await
            .unwrap());
        assert!(
            !leases::take(
                &app.db,
                "test.job",
                "a",
                next - chrono::Duration::seconds(1),
                next
            )
            .await
            .unwrap(),
            "not due before its time, not even for the holder"
        );
        assert!(leases::take(
            &app.db,
            "test.job",
            "b",
            next,
            next + chrono::Duration::minutes(10)
        )
        .await
        .unwrap());
        let (holder, _) = leases::last_taken(&app.db, "test.job")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(holder, "b");
        // Another job has its own lease.
        assert!(leases::take(&app.db, "test.other", "a", t, next)
            .await
            .unwrap());
    }
);

/// Polls `found` every 20 ms until it holds; fails after `limit`.
async fn within<F, Fut>(limit: Duration, what: &str, mut found: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !found().await {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The ids the index of `app` finds for `text`, asked directly (no catch-up
/// before the search: only the background poll brings changes).
fn indexed_ids(app: &TestApp, text: &str) -> Vec<u64> {
    let q = SearchQuery {
        text: text.into(),
        municipality_id: app.state.home_municipality.map(|m| m as u64),
        limit: 10,
        ..SearchQuery::default()
    };
    app.state
        .search
        .search(&q, 20_000)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

async fn hsds_names(app: &TestApp, text: &str) -> String {
    app.get(&format!("/api/hsds/services?search={text}"))
        .await
        .text()
        .await
        .unwrap()
}

// Two servers only make sense on a shared database server: PostgreSQL. With
// KOMPAS_REQUIRE_POSTGRES=1 this runs (or fails), never skips.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_share_edits_sessions_and_jobs() {
    let Some(a) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let b = a.second_instance().await;
    // Offers saved through A's database after B started reach B's index.
    let ids = seed(&a).await;
    within(Duration::from_secs(2), "new offers on B", || async {
        indexed_ids(&b, "zonnebloemcafé").contains(&(ids[0] as u64))
    })
    .await;
    let rebuilds = b.state.index_feed.rebuilds();

    // A login on A is a session on B too (sessions live in the database).
    a.login("redacteur").await;
    let on_b = Browser {
        base: b.web.base.clone(),
        client: a.web.client.clone(),
    };
    let edit = format!("/redactie/aanbod/{}", ids[0]);
    let form = on_b.get(&edit).await;
    assert_eq!(form.status(), 200, "A's session works on B");
    assert_eq!(
        b.web.other_client().get(&edit).await.status(),
        303,
        "without it B sends you to log in"
    );
    let form = form.text().await.unwrap();
    let version = form_version(&form);

    // B answers (and caches) a search for a word the offer has not yet.
    assert!(!indexed_ids(&b, "breiclub").contains(&(ids[0] as u64)));
    assert!(!hsds_names(&b, "breiclub").await.contains("Zonnebloemcaf"));

    // An edit on A is searchable on B within 2 s, without a rebuild, and
    // B's cached answer gives way.
    let fields = breiclub_edit(&version);
    assert_eq!(a.post_form(&edit, &fields).await.status(), 303);
    within(Duration::from_secs(2), "the edit on B", || async {
        indexed_ids(&b, "breiclub").contains(&(ids[0] as u64))
    })
    .await;
    assert_eq!(
        b.state.index_feed.rebuilds(),
        rebuilds,
        "followed, not rebuilt"
    );
    assert!(hsds_names(&b, "breiclub").await.contains("Zonnebloemcaf"));
    assert!(b
        .get("/zoeken?q=breiclub")
        .await
        .text()
        .await
        .unwrap()
        .contains("Zonnebloemcafé"));
    assert_eq!(
        kompas_web::directory::generation(&b.state),
        kompas_web::directory::generation(&a.state),
        "both at the same feed number"
    );

    // A scheduled job due on both runs on one. A day on, A's session has
    // expired: the purge removes it, so it no longer works anywhere.
    let t = chrono::Utc::now() + chrono::Duration::days(1);
    let (on_a_ran, on_b_ran) = tokio::join!(
        kompas::jobs::run_due(&a.state, "instance-a", t),
        kompas::jobs::run_due(&b.state, "instance-b", t)
    );
    let (on_a_ran, on_b_ran) = (on_a_ran.unwrap(), on_b_ran.unwrap());
    for job in [kompas::jobs::PURGE_SESSIONS, kompas::jobs::PRUNE_FEED] {
        assert!(
            on_a_ran.contains(&job) != on_b_ran.contains(&job),
            "{job} ran once: A {on_a_ran:?}, B {on_b_ran:?}"
        );
        let (holder, _) = leases::last_taken(&a.db, job).await.unwrap().unwrap();
        let ran_on = if on_a_ran.contains(&job) {
            "instance-a"
        } else {
            "instance-b"
        };
        assert_eq!(holder, ran_on);
    }
    assert_eq!(
        on_b.get(&edit).await.status(),
        303,
        "the purged session is gone on B"
    );
    assert_eq!(a.get(&edit).await.status(), 303, "and on A");
    let (again_a, again_b) = tokio::join!(
        kompas::jobs::run_due(&a.state, "instance-a", t),
        kompas::jobs::run_due(&b.state, "instance-b", t)
    );
    assert!(
        again_a.unwrap().is_empty() && again_b.unwrap().is_empty(),
        "not due again yet"
    );
}
