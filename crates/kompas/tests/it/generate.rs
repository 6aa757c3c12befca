//! The offer generator: deterministic, valid, covering every layer and life
//! domain, and loadable through the normal save path on both databases.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_devtools::generate::{self, default_areas, Generator, Town};
use kompas_domain::directory::{Layer, LifeDomain, OfferDraft};
use kompas_search::{SearchIndex, SearchQuery};
use kompas_store::directory as dir;
use std::collections::HashSet;

fn town(today: NaiveDate) -> Town {
    Town {
        municipality_code: "GM9990".into(),
        municipality_name: "Generatorstad".into(),
        areas: default_areas("GM9990"),
        today,
    }
}

fn drafts(seed: u64, count: usize, today: NaiveDate) -> Vec<OfferDraft> {
    Generator::new(seed, count, town(today))
        .map(|o| o.draft)
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_valid_offers_over_all_layers_and_domains() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let a = drafts(7, 300, today);
    assert_eq!(a.len(), 300);
    assert_eq!(a, drafts(7, 300, today), "same seed, same offers");
    assert_ne!(a, drafts(8, 300, today), "another seed, other offers");

    for d in &a {
        assert!(d.problems().is_empty(), "{}: {:?}", d.hsds_id, d.problems());
    }
    let ids: HashSet<&str> = a.iter().map(|d| d.hsds_id.as_str()).collect();
    assert_eq!(ids.len(), a.len(), "ids are unique");
    for l in Layer::ALL {
        assert!(a.iter().any(|d| d.layer == l), "layer {l:?} occurs");
    }
    for ld in LifeDomain::ALL {
        assert!(
            a.iter().any(|d| d.life_domains.contains(ld)),
            "life domain {ld:?} occurs"
        );
    }
    // A pyramid: many offers in layers 2 and 3, few in 5.
    let in_layer = |l: Layer| a.iter().filter(|d| d.layer == l).count();
    assert!(in_layer(Layer::SocialBase) + in_layer(Layer::OpenAccess) > a.len() / 2);
    assert!(in_layer(Layer::Intensive) < in_layer(Layer::SocialBase));
    // About one in ten is stale.
    let stale = a.iter().filter(|d| d.is_stale(today)).count();
    assert!((10..=60).contains(&stale), "{stale} stale of 300");
    // Realistic text: several sentences and resident keywords.
    assert!(a
        .iter()
        .all(|d| d.description.len() > 60 && d.keywords.len() >= 3));
}

both!(
    generated_offers_load_through_save_offer_and_a_second_run_changes_nothing,
    |backend| async move {
        let dir = TempDir::new("kompas-generate");
        let Some(url) = fresh_database(backend, &dir).await else {
            return;
        };
        let settings = settings_for(&url, &dir);
        let db = kompas::open_database(&settings).await.expect("database");
        let now = chrono::Utc::now();
        let opts = generate::Options {
            count: 300,
            seed: 7,
            municipality: "GM9990".into(),
        };
        let mut batches = 0;
        let report = generate::run(&db, &opts, now, |_| batches += 1)
            .await
            .unwrap();
        assert_eq!(report.created, 300);
        assert_eq!(
            report.areas_created, 12,
            "an empty database gets twelve wijken"
        );
        assert!(report.organizations >= 30 && report.locations >= report.organizations);
        assert_eq!(batches, 1);

        // What is stored is exactly what the generator made, with history.
        let stored = dir::offers_after(&db, 0, 1_000).await.unwrap();
        assert_eq!(stored.len(), 300);
        let expected = drafts(7, 300, now.date_naive());
        for (s, d) in stored.iter().zip(&expected) {
            // Storage keeps lists in one canonical order.
            let mut d = d.clone();
            d.normalize();
            assert_eq!(s.draft, d);
        }
        let first = stored.first().unwrap();
        assert_eq!(dir::offer_history(&db, first.id).await.unwrap().len(), 1);
        assert_eq!(
            dir::areas(&db, first.municipality_id).await.unwrap().len(),
            12
        );

        let again = generate::run(&db, &opts, now, |_| {}).await.unwrap();
        assert_eq!((again.created, again.unchanged), (0, 300));
        assert_eq!(again.areas_created, 0);

        // And it is searchable the way the server indexes it.
        let index = SearchIndex::open(None).unwrap();
        index
            .rebuild(stored.iter().map(kompas_web::directory::indexed), "test")
            .unwrap();
        let found = index
            .search(
                &SearchQuery {
                    text: "schulden".into(),
                    limit: 10,
                    ..SearchQuery::default()
                },
                kompas_web::directory::day_number(now.date_naive()),
            )
            .unwrap();
        assert!(found.total > 0);
    }
);
