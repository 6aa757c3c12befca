//! The monitor on both databases: case events appended in a transaction and
//! read back into the engine, the CBS converter on the real Almere file, the
//! all-or-nothing measurement import with confirmation, the goal-tree CSV
//! round trip, the dashboards, the editor and the small-number rules as a
//! viewer meets them.

use crate::both;
use crate::support::*;
use chrono::{TimeZone, Utc};
use kompas::settings::Settings;
use kompas_app::monitor::{cbs, goal_tree as stored_tree};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::engine::{self, Measure, Slot};
use kompas_domain::monitor::*;
use kompas_interop::monitor::goal_tree;
use kompas_store::case_events::{LoadedColumns, Refresh};
use kompas_store::monitor::{self as store, Scope};
use kompas_store::{case_events, tenancy, Db};
use std::path::PathBuf;

/// A migrated, empty database (no demo) with one municipality.
async fn empty(backend: Backend, code: &str, name: &str) -> Option<(Db, i64, TempDir)> {
    let dir = TempDir::new("kompas-monitor");
    let url = fresh_database(backend, &dir).await?;
    let settings: Settings = settings_for(&url, &dir);
    let db = kompas::open_database(&settings).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let id = tenancy::create_municipality(&mut tx, code, name, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Some((db, id, dir))
}

fn every_kind(m: i64, at: chrono::DateTime<Utc>) -> Vec<CaseEvent> {
    let case = CaseId(70);
    let referral = ReferralId(80);
    let q = QuestionId(60);
    let kinds = vec![
        EventKind::QuestionReceived {
            question: q,
            channel: Channel::PartnerSignal,
        },
        EventKind::FirstContact {
            question: q,
            deadline_met: true,
        },
        EventKind::QuestionClosed {
            question: q,
            outcome: QuestionOutcome::Case { case },
        },
        EventKind::CaseOpened {
            case,
            question: Some(q),
        },
        EventKind::DomainAssessed {
            case,
            domain: LifeDomain::Finances,
            score: DomainScore::new(1).unwrap(),
        },
        EventKind::PlanAgreed { case },
        EventKind::CoordinatorChanged { case },
        EventKind::ReferralSent {
            case,
            referral,
            layer: Layer::OpenAccess,
            offer_id: Some(5),
        },
        EventKind::ReferralAccepted { case, referral },
        EventKind::ReferralStarted { case, referral },
        EventKind::ReferralCompleted {
            case,
            referral,
            outcome: GoalOutcome::Reached,
        },
        EventKind::ReferralDeclined {
            case,
            referral: ReferralId(81),
            reason: DeclineReason::NoCapacity,
        },
        EventKind::ReferralCancelled {
            case,
            referral: ReferralId(82),
        },
        EventKind::Scaled {
            case,
            change: LayerChange::new(Layer::OpenAccess, Layer::Targeted).unwrap(),
        },
        EventKind::Scaled {
            case,
            change: LayerChange::new(Layer::Targeted, Layer::SocialBase).unwrap(),
        },
        EventKind::DomainAssessed {
            case,
            domain: LifeDomain::Finances,
            score: DomainScore::new(4).unwrap(),
        },
        EventKind::CaseClosed {
            case,
            outcome: GoalOutcome::Partly,
        },
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            CaseEvent::new(
                at + chrono::Duration::days(i as i64),
                m,
                Some(AreaCode::parse("WK990101").unwrap()),
                Some(HouseholdId(9)),
                Some(kompas_domain::Role::Coordinator),
                kind,
            )
            .unwrap()
        })
        .collect()
}

both!(
    case_events_are_appended_in_a_transaction_and_feed_the_engine,
    |backend| async move {
        let Some((db, m, _dir)) = empty(backend, "GM9901", "Wilgendaal").await else {
            return;
        };
        let at = Utc.with_ymd_and_hms(2025, 2, 1, 9, 0, 0).unwrap();
        let events = every_kind(m, at);
        // A rolled-back step leaves no event behind.
        let mut tx = db.begin().await.unwrap();
        case_events::append_case_event(&mut tx, &events[0])
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(count(&db, m).await, 0);
        let mut tx = db.begin().await.unwrap();
        for e in &events {
            case_events::append_case_event(&mut tx, e).await.unwrap();
        }
        tx.commit().await.unwrap();
        assert_eq!(
            case_events::events(&db, &[m]).await.unwrap(),
            events,
            "every kind reads back as written"
        );
        let cols = case_events::load_columns(&db, &[m]).await.unwrap();
        let cube = engine::compute(&cols, 10);
        let gm = cube.slot_of(&Slot::Municipality(m)).unwrap();
        let year = Period::year(2025).unwrap();
        let cell = |measure| cube.get(measure, 0, year, gm).map(|c| (c.num, c.den));
        assert_eq!(cell(Measure::Questions), Some((1, 1)));
        assert_eq!(cell(Measure::ReferralsAccepted), Some((1, 2)));
        assert_eq!(cell(Measure::CasesClosed), Some((1, 1)));
        let change = cube.get(Measure::ScoreChange, 0, year, gm).unwrap();
        assert_eq!(change.mean, Some(3.0), "finances 1 → 4");
        // A second batch through the bulk path.
        let mut tx = db.begin().await.unwrap();
        let more = every_kind(m, at + chrono::Duration::days(400));
        assert_eq!(
            case_events::append_case_events(&mut tx, &more)
                .await
                .unwrap(),
            more.len() as u64
        );
        tx.commit().await.unwrap();
        assert_eq!(count(&db, m).await, (events.len() * 2) as i64);
    }
);

async fn count(db: &Db, m: i64) -> i64 {
    case_events::coverage_up_to(db, &[m], i64::MAX)
        .await
        .unwrap()
        .count
}

/// Every cell of the engine's result, named by its area rather than by the
/// area's number in the columns.
fn cells(loaded: &LoadedColumns) -> Vec<(String, engine::Cell)> {
    let cube = engine::compute(loaded.columns(), 10);
    let mut cells: Vec<(String, engine::Cell)> = cube
        .cells
        .iter()
        .map(|(k, c)| {
            let slot = &cube.slots[k.slot as usize];
            let key = format!(
                "{:?} {} {} {slot:?}",
                k.measure,
                k.category,
                k.period.code()
            );
            (key, c.clone())
        })
        .collect();
    cells.sort_by(|a, b| a.0.cmp(&b.0));
    cells
}

/// An event written with an id of our choosing, as a transaction that
/// committed late (or a restore) leaves behind.
async fn insert_with_id(db: &Db, id: i64, e: &CaseEvent) {
    let r = e.to_row();
    sqlx::query(
        "INSERT INTO case_events (id, kind, at, municipality_id, household_id, question_id, channel) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(r.kind)
    .bind(kompas_store::time::to_db(r.at))
    .bind(r.municipality_id)
    .bind(r.household_id)
    .bind(r.question_id)
    .bind(r.channel)
    .execute(db.writer())
    .await
    .unwrap();
}

both!(
    columns_refreshed_with_new_events_equal_a_full_load,
    |backend| async move {
        let Some((db, m, _dir)) = empty(backend, "GM9901", "Wilgendaal").await else {
            return;
        };
        let mut tx = db.begin().await.unwrap();
        let other = tenancy::create_municipality(&mut tx, "GM9902", "Elders", None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let at = Utc.with_ymd_and_hms(2025, 2, 1, 9, 0, 0).unwrap();
        let append = |events: Vec<CaseEvent>| {
            let db = db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                case_events::append_case_events(&mut tx, &events)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        };
        append(every_kind(m, at)).await;
        append(every_kind(other, at)).await;
        let mut loaded = LoadedColumns::load(&db, &[m]).await.unwrap();
        assert_eq!(loaded.columns().len(), 17, "only the municipality's own");
        assert_eq!(loaded.refresh(&db, &[m]).await.unwrap(), Refresh::Unchanged);

        // New events, among them some older than those loaded, another
        // municipality's and a wijk not seen before.
        let mut later = every_kind(m, at + chrono::Duration::days(300));
        later.extend(every_kind(m, at - chrono::Duration::days(200)));
        let mut elsewhere = every_kind(m, at + chrono::Duration::days(3));
        for e in &mut elsewhere {
            e.wijk = Some(AreaCode::parse("WK990102").unwrap());
            e.household = Some(HouseholdId(10));
        }
        later.extend(elsewhere);
        append(later).await;
        append(every_kind(other, at)).await;
        let before = cells(&loaded);
        assert_eq!(
            loaded.refresh(&db, &[m]).await.unwrap(),
            Refresh::Appended(51)
        );
        let full = LoadedColumns::load(&db, &[m]).await.unwrap();
        assert_eq!(loaded.coverage(), full.coverage());
        assert_eq!(loaded.columns().len(), 68);
        let refreshed = cells(&loaded);
        assert_ne!(refreshed, before, "the new events count");
        assert_eq!(refreshed, cells(&full), "cell by cell");

        // An event committed late under a lower id than the newest loaded one:
        // appending would miss it, so everything is loaded again.
        let newest = loaded.coverage().unwrap().max_id;
        let q = |n: i64| {
            CaseEvent::new(
                at,
                m,
                None,
                Some(HouseholdId(500 + n)),
                None,
                EventKind::QuestionReceived {
                    question: QuestionId(500 + n),
                    channel: Channel::Resident,
                },
            )
            .unwrap()
        };
        insert_with_id(&db, newest + 100, &q(1)).await;
        assert_eq!(
            loaded.refresh(&db, &[m]).await.unwrap(),
            Refresh::Appended(1)
        );
        insert_with_id(&db, newest + 50, &q(2)).await;
        assert_eq!(loaded.refresh(&db, &[m]).await.unwrap(), Refresh::Reloaded);
        let full = LoadedColumns::load(&db, &[m]).await.unwrap();
        assert_eq!(loaded.columns().len(), 70);
        assert_eq!(cells(&loaded), cells(&full));

        // Events deleted (a restore, or retention): loaded again, not kept.
        sqlx::query("DELETE FROM case_events WHERE id = $1")
            .bind(newest + 50)
            .execute(db.writer())
            .await
            .unwrap();
        assert_eq!(loaded.refresh(&db, &[m]).await.unwrap(), Refresh::Reloaded);
        assert_eq!(loaded.columns().len(), 69);
        assert_eq!(
            cells(&loaded),
            cells(&LoadedColumns::load(&db, &[m]).await.unwrap())
        );
    }
);

fn almere() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/cbs/kerncijfers-wijken-buurten-almere-2018-2025.csv")
}

async fn value(db: &Db, m: i64, code: &str, period: &str, area: &str) -> Option<(f64, bool)> {
    let ind = store::indicators(db, Scope::Municipality(m))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.draft.code.as_str() == code)?;
    store::measurements(db, ind.id)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.period.code() == period && x.area.as_str() == area)
        .map(|x| (x.value, x.series_break))
}

both!(
    the_almere_cbs_file_imports_with_known_values,
    |backend| async move {
        let Some((db, m, _dir)) = empty(backend, "GM0034", "Almere").await else {
            return;
        };
        let text = std::fs::read_to_string(almere()).expect("the CBS reference file");
        let now = Utc::now();
        let dry = cbs::import(&db, &text, None, true, now).await.unwrap();
        assert!(dry.ok() && !dry.stored, "{dry}");
        assert!(
            store::indicators(&db, Scope::Municipality(m))
                .await
                .unwrap()
                .is_empty(),
            "a dry run stores nothing"
        );
        let report = cbs::import(&db, &text, None, false, now).await.unwrap();
        assert!(report.ok() && report.stored, "{report}");
        let notes = report.to_string();
        assert!(
            notes.contains("2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025"),
            "{notes}"
        );
        for column in [
            "wmoclienten_86",
            "wmoclienten_89",
            "wmoclienten_93",
            "wmoclienten_98",
        ] {
            assert!(
                notes.contains(column),
                "the stem maps every edition: {notes}"
            );
        }
        // Values read by hand from the file.
        let v = |code: &'static str, period: &'static str, area: &'static str| {
            let db = db.clone();
            async move { value(&db, m, code, period, area).await }
        };
        assert_eq!(
            v("cbs-wmo-clienten", "2023", "GM0034").await,
            Some((9375.0, false))
        );
        assert_eq!(
            v("cbs-wmo-clienten", "2023", "WK003401").await,
            Some((195.0, false))
        );
        assert_eq!(
            v("cbs-wmo-clienten", "2018", "GM0034").await,
            Some((10820.0, false))
        );
        assert_eq!(
            v("cbs-bijstand", "2018", "GM0034").await,
            Some((6150.0, false))
        );
        assert_eq!(
            v("cbs-inwoners", "2025", "GM0034").await,
            Some((229574.0, false))
        );
        assert_eq!(
            v("cbs-inwoners", "2022", "BU00340101").await,
            Some((695.0, true)),
            "boundary change 3 in 2022"
        );
        assert_eq!(
            v("cbs-wmo-clienten-per-1000", "2023", "GM0034").await,
            Some((42.0, false))
        );
        assert_eq!(
            v("cbs-jongeren-jeugdzorg-pct", "2023", "GM0034").await,
            Some((11.4, false)),
            "114 in the file is 11.4"
        );
        assert_eq!(
            v("cbs-jongeren-jeugdzorg-pct", "2021", "WK003402").await,
            Some((7.0, true))
        );
        // WK003402 was a large wijk until 2021 and a small one from 2022, on new boundaries.
        assert_eq!(
            v("cbs-inwoners", "2021", "WK003402").await,
            Some((109415.0, true))
        );
        assert_eq!(
            v("cbs-inwoners", "2022", "WK003402").await,
            Some((2860.0, true))
        );
        assert_eq!(
            v("cbs-inwoners", "2023", "WK003402").await,
            Some((2860.0, false))
        );
        // Not published in the 2025 edition: no value rather than a zero.
        assert_eq!(v("cbs-wmo-clienten", "2025", "GM0034").await, None);
        let areas = kompas_store::directory::areas(&db, m).await.unwrap();
        assert_eq!(areas.iter().filter(|a| a.kind == "wijk").count(), 71);
        assert_eq!(areas.iter().filter(|a| a.kind == "buurt").count(), 291);
        // A second import replaces; nothing doubles.
        let total = |db: Db| async move {
            store::measurements_of_scope(&db, Scope::Municipality(m))
                .await
                .unwrap()
                .len()
        };
        let before = total(db.clone()).await;
        assert_eq!(before, 7276);
        cbs::import(&db, &text, Some("GM0034"), false, now)
            .await
            .unwrap();
        assert_eq!(total(db.clone()).await, before);
        // Another municipality's file is refused without the municipality.
        let other = cbs::import(&db, &text, Some("GM0363"), false, now)
            .await
            .unwrap();
        assert!(other.errors[0].reason.contains("bestaat niet"), "{other}");
    }
);

both!(
    the_goal_tree_round_trips_through_csv,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let wilgendaal = tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let exported = stored_tree::export(&app.db, Scope::Municipality(wilgendaal.id))
            .await
            .unwrap();
        let first = goal_tree::parse(&exported).unwrap();
        assert_eq!(first.indicators.len(), 23);
        assert_eq!(
            first,
            goal_tree::parse(kompas_devtools::demo::monitor::GOAL_TREE_CSV).unwrap(),
            "the demo tree, unchanged"
        );
        // Into the region's tree and out again: the same tree.
        let region = Scope::Region(wilgendaal.region_id.unwrap());
        let report = stored_tree::import(&app.db, region, &exported, false, Utc::now())
            .await
            .unwrap();
        assert!(report.stored, "{report}");
        let again = stored_tree::export(&app.db, region).await.unwrap();
        assert_eq!(goal_tree::parse(&again).unwrap(), first);
    }
);

fn as_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, x)| (*k, x.as_str())).collect()
}

/// The id of an indicator of Wilgendaal's tree.
async fn indicator_id(app: &TestApp, code: &str) -> i64 {
    let m = tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    store::indicators(&app.db, Scope::Municipality(m.id))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.draft.code.as_str() == code)
        .unwrap()
        .id
}

both!(
    measurements_import_all_or_nothing_with_confirmation,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beleid").await;
        let id = indicator_id(&app, "eenzaamheid").await;
        let count = || async { store::measurements(&app.db, id).await.unwrap().len() };
        let before = count().await;
        let bad = "periode;gebied;indicator;waarde\n2026;GM9901;eenzaamheid;10,5\n2026;WK999999;eenzaamheid;11\n2026-13;GM9901;eenzaamheid;9\n2026;GM9901;geluk;9\n";
        let res = app
            .post_form("/monitor/metingen/import", &[("csv", bad)])
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("Niets opgeslagen"), "{page}");
        assert!(
            page.contains("regel 3, kolom gebied: gebied WK999999 is onbekend"),
            "{page}"
        );
        assert!(page.contains("regel 4, kolom periode"), "{page}");
        assert!(
            page.contains(
                "regel 5, kolom indicator: indicator &#39;geluk&#39; staat niet in de doelenboom"
            ),
            "{page}"
        );
        assert_eq!(count().await, before, "nothing half-imported");
        let implausible = "periode;gebied;indicator;waarde;opmerking\n2026;GM9901;eenzaamheid;10,5;\n2026;WK990101;eenzaamheid;140;telfout?\n";
        let res = app
            .post_form("/monitor/metingen/import", &[("csv", implausible)])
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("buiten het plausibele bereik"), "{page}");
        assert_eq!(count().await, before);
        let res = app
            .post_form(
                "/monitor/metingen/import",
                &[("csv", implausible), ("bevestig", "ja")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let list = store::measurements(&app.db, id).await.unwrap();
        assert_eq!(list.len(), before + 2);
        let odd = list
            .iter()
            .find(|m| m.area.as_str() == "WK990101" && m.period.code() == "2026")
            .unwrap();
        assert_eq!(
            (odd.value, odd.note.as_str(), odd.entered_by.as_str()),
            (140.0, "telfout?", "Bas Beleid")
        );
        // One by hand, with a note.
        let res = app
            .post_form(
                "/monitor/metingen",
                &[
                    ("indicator", "eenzaamheid"),
                    ("periode", "2021"),
                    ("gebied", "GM9901"),
                    ("waarde", "11,9"),
                    ("opmerking", "uit het oude rapport"),
                    ("voorlopig", "ja"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let by_hand = store::measurements(&app.db, id)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.period.code() == "2021")
            .unwrap();
        assert!(
            by_hand.provisional && by_hand.note == "uit het oude rapport" && by_hand.value == 11.9
        );
        // A computed indicator takes no measurements.
        let res = app
            .post_form(
                "/monitor/metingen/import",
                &[(
                    "csv",
                    "periode;gebied;indicator;waarde\n2026-K1;GM9901;beweging-voorkant;50\n",
                )],
            )
            .await;
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("wordt berekend uit de registratie"));
    }
);

both!(
    the_editor_builds_the_tree_and_explains_figures,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beleid").await;
        let res = app
            .post_form(
                "/monitor/doelenboom/doelen",
                &[
                    ("soort", "hoofddoel"),
                    ("nummer", "5"),
                    ("titel", "Wonen in de wijk"),
                    ("omschrijving", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let dup = app
            .post_form(
                "/monitor/doelenboom/doelen",
                &[
                    ("soort", "hoofddoel"),
                    ("nummer", "5"),
                    ("titel", "Nog eens"),
                ],
            )
            .await;
        assert_eq!(dup.status(), 422);
        assert!(dup.text().await.unwrap().contains("nummer 5 bestaat al"));
        let m = tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let scope = Scope::Municipality(m.id);
        let main = store::goals(&app.db, scope)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.code == "5")
            .unwrap();
        let main_id = main.id.to_string();
        let res = app
            .post_form(
                "/monitor/doelenboom/doelen",
                &[
                    ("soort", "koers"),
                    ("hoofddoel", &main_id),
                    ("nummer", "5.1"),
                    ("titel", "Betaalbaar wonen"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let course = store::goals(&app.db, scope)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.code == "5.1")
            .unwrap();
        assert_eq!(course.parent_id, Some(main.id));
        // A bad indicator keeps what was typed and names the fields.
        let course_id = course.id.to_string();
        let fields = |target: &'static str| {
            vec![
                ("koers", course_id.clone()),
                ("code", "woonlasten".to_string()),
                ("naam", "Huishoudens met hoge woonlasten".to_string()),
                (
                    "definitie",
                    "Deel van de huurders met een woonquote boven 40%".to_string(),
                ),
                ("eenheid", "%".to_string()),
                ("richting", "lager".to_string()),
                ("bron", "Woonmonitor".to_string()),
                ("gebiedsniveau", "wijk".to_string()),
                ("frequentie", "jaar".to_string()),
                ("nulmeting", "14".to_string()),
                ("nulmeting_periode", "2024".to_string()),
                ("streefwaarde", target.to_string()),
                ("streefwaarde_periode", "2028".to_string()),
                ("plausibel_min", "0".to_string()),
                ("plausibel_max", "100".to_string()),
            ]
        };

        let bad = fields("veel minder");
        let res = app
            .post_form("/monitor/doelenboom/indicatoren/nieuw", &as_refs(&bad))
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("streefwaarde: &#39;veel minder&#39; is geen getal"),
            "{page}"
        );
        assert!(
            page.contains("value=\"Huishoudens met hoge woonlasten\""),
            "what was typed stays"
        );
        let good = fields("10");
        assert_eq!(
            app.post_form("/monitor/doelenboom/indicatoren/nieuw", &as_refs(&good))
                .await
                .status(),
            303
        );
        let ind = store::indicators(&app.db, scope)
            .await
            .unwrap()
            .into_iter()
            .find(|i| i.draft.code.as_str() == "woonlasten")
            .unwrap();
        assert_eq!(ind.goal_id, Some(course.id));
        // The course cannot go while it holds the indicator.
        let res = app
            .post_form(
                &format!("/monitor/doelenboom/doelen/{}/verwijderen", course.id),
                &[],
            )
            .await;
        assert_eq!(res.status(), 422);
        // An explanation shows beside the figure.
        let res = app
            .post_form(
                "/monitor/toelichting",
                &[
                    ("onderwerp", &format!("indicator:{}", ind.id)),
                    ("tekst", "Nieuwe meting vanaf 2024."),
                    ("terug", &format!("/monitor/indicatoren/{}", ind.id)),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let page = app
            .get(&format!("/monitor/indicatoren/{}", ind.id))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Toelichting van de gemeente")
                && page.contains("Nieuwe meting vanaf 2024."),
            "{page}"
        );
        // The dashboard lists it under its course.
        let page = app.get("/monitor").await.text().await.unwrap();
        assert!(
            page.contains("Koers 5.1: Betaalbaar wonen")
                && page.contains("Huishoudens met hoge woonlasten")
        );
        // Another municipality's indicator is not found.
        let beekhuizen = tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        let theirs = store::indicators(&app.db, Scope::Municipality(beekhuizen.id))
            .await
            .unwrap()[0]
            .id;
        assert_eq!(
            app.get(&format!("/monitor/doelenboom/indicatoren/{theirs}"))
                .await
                .status(),
            404
        );
        assert_eq!(
            app.get(&format!("/monitor/indicatoren/{theirs}"))
                .await
                .status(),
            404
        );
    }
);

both!(
    dashboards_show_aggregates_with_small_numbers_hidden,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("teamleider").await;
        let page = app.get("/monitor").await.text().await.unwrap();
        assert!(page.contains("Monitor sociaal domein Wilgendaal"), "{page}");
        for status in ["Op koers", "Achter op schema"] {
            assert!(page.contains(status), "{status}");
        }
        assert!(
            page.contains("Registratie Kompas (vragen en trajecten)"),
            "data freshness per source"
        );
        assert!(
            !page.contains("/monitor/doelenboom"),
            "a team lead does not edit"
        );
        let voorkant = indicator_id(&app, "beweging-voorkant").await;
        let page = app
            .get(&format!("/monitor/indicatoren/{voorkant}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("role=\"img\"") && page.contains("<desc id=\"i-trend-uitleg\">"),
            "an accessible chart"
        );
        assert!(
            page.contains("Tabel bij: Vragen beantwoord aan de voorkant: verloop in Wilgendaal")
        );
        assert!(
            page.contains("wijken van Wilgendaal")
                && page.contains("gemeenten van Regio Wilgenland")
        );
        assert!(page.contains("nulmeting") && page.contains("streefwaarde"));
        // The computed cells as CSV: wijk counts rounded to fives, small cells hidden.
        let res = app.get("/monitor/registratie/vragen/csv?per=maand").await;
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(';').collect())
            .collect();
        assert!(
            rows.iter().any(|r| r[4] == "verborgen"),
            "some cells are hidden"
        );
        for r in rows
            .iter()
            .filter(|r| r[1].starts_with("WK") && r[4] != "verborgen")
        {
            let n: i64 = r[5].parse().unwrap();
            assert_eq!(n % 5, 0, "wijk counts are rounded: {r:?}");
        }
        // No visible wijk cell of fewer than ten households: recount from the events.
        let m = tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let events = case_events::events(&app.db, &[m.id]).await.unwrap();
        let mut households: std::collections::HashMap<
            (String, String),
            std::collections::HashSet<i64>,
        > = Default::default();
        for e in &events {
            if let (EventKind::QuestionReceived { .. }, Some(w), Some(h)) =
                (&e.kind, &e.wijk, e.household)
            {
                let (_, month) = engine::local_day_and_month(e.at);
                let p = Period::containing(Granularity::Month, month).code();
                households
                    .entry((p, w.to_string()))
                    .or_default()
                    .insert(h.0);
            }
        }
        for r in rows
            .iter()
            .filter(|r| r[1].starts_with("WK") && r[3] == "totaal" && r[4] != "verborgen")
        {
            let n = households
                .get(&(r[0].to_string(), r[1].to_string()))
                .map_or(0, |s| s.len());
            assert!(n >= 10, "{r:?} shows {n} households");
        }
        // Every registration figure has its page.
        assert_eq!(app.get("/monitor/registratie").await.status(), 200);
        for d in engine::MEASURES.iter() {
            let res = app
                .get(&format!("/monitor/registratie/{}?per=jaar", d.code))
                .await;
            assert_eq!(res.status(), 200, "{}", d.code);
        }
        assert_eq!(app.get("/monitor/registratie/geluk").await.status(), 404);
    }
);

both!(
    the_council_report_has_the_tree_and_the_chosen_indicators,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beleid").await;
        let a = indicator_id(&app, "wmo-per-1000").await;
        let b = indicator_id(&app, "beweging-voorkant").await;
        let page = app
            .get(&format!(
                "/monitor/raadsrapportage?indicator={a}&indicator={b}"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Raadsrapportage sociaal domein Wilgendaal"));
        assert!(
            page.contains("Koers 2.1: Meer mensen redden zich zonder maatwerk"),
            "the goal tree"
        );
        assert_eq!(
            page.matches("class=\"kompas-council__section\"").count(),
            2,
            "only the chosen indicators"
        );
        assert!(
            page.contains("Sinds 2024 kunnen inwoners"),
            "the municipality's explanation"
        );
        let all = app
            .get("/monitor/raadsrapportage")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            all.matches("class=\"kompas-council__section\"").count() > 10,
            "without a choice: every indicator with a target"
        );
    }
);

both!(new_case_events_reach_the_dashboard, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.login("beleid").await;
    let m = tenancy::municipality_by_code(&app.db, "GM9901")
        .await
        .unwrap();
    let count = |page: String| -> String {
        let i = page.find("Binnengekomen vragen en signalen").unwrap();
        let j = page[i..].find("Laatste cijfer:</strong> ").unwrap()
            + i
            + "Laatste cijfer:</strong> ".len();
        page[j..].split('<').next().unwrap().to_string()
    };
    let before = count(
        app.get("/monitor/registratie?per=jaar")
            .await
            .text()
            .await
            .unwrap(),
    );
    // Toegang registers 12 questions from 12 households last year.
    let last_year = chrono::Datelike::year(&Utc::now()) - 1;
    let at = Utc.with_ymd_and_hms(last_year, 6, 1, 10, 0, 0).unwrap();
    let mut tx = app.db.begin().await.unwrap();
    for i in 0..12 {
        let e = CaseEvent::new(
            at,
            m.id,
            None,
            Some(HouseholdId(900_000 + i)),
            None,
            EventKind::QuestionReceived {
                question: QuestionId(900_000 + i),
                channel: Channel::Resident,
            },
        )
        .unwrap();
        case_events::append_case_event(&mut tx, &e).await.unwrap();
    }
    tx.commit().await.unwrap();
    let after = count(
        app.get("/monitor/registratie?per=jaar")
            .await
            .text()
            .await
            .unwrap(),
    );
    let n = |s: &str| {
        s.split(' ')
            .next()
            .unwrap()
            .replace('.', "")
            .parse::<i64>()
            .unwrap()
    };
    assert_eq!(n(&after), n(&before) + 12, "{before} → {after}");
});
