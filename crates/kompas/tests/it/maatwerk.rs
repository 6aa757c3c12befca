//! Maatwerk paths in the database: a Wmo melding through report, application
//! and a decision within term; a Jeugdwet application suspended and extended,
//! decided late; steps the law does not allow; stale versions; another
//! municipality's path. The clocks themselves are unit-tested in the domain.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk::{self as mw, Step};
use kompas_store::toegang as tg;
use kompas_store::StoreError;

pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A household with one member in `municipality`; (household, member).
async fn household(app: &TestApp, municipality: i64, number: i64) -> (i64, i64) {
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    let address = tg::Address {
        postcode: Some("9903 XQ".into()),
        house_number: Some(number),
        house_number_addition: None,
        street: "Wilgenlaan".into(),
        city: "Wilgendaal".into(),
        area_code: None,
    };
    let h = tg::create_household(&mut tx, municipality, &address, now)
        .await
        .unwrap();
    let m = tg::add_member(&mut tx, h, "Tineke Tromp", None, "ouder", None, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (h, m)
}

/// Takes a step at the path's current version, in its own transaction.
pub(crate) async fn step(
    app: &TestApp,
    scope: &MunicipalityScope,
    id: i64,
    s: Step,
) -> Result<(), StoreError> {
    let mut tx = app.db.begin().await.unwrap();
    let version = mw::path_by_id(&mut tx, scope, id).await?.unwrap().version;
    mw::record_step(&mut tx, scope, id, version, &s).await?;
    tx.commit().await.unwrap();
    Ok(())
}

/// A path of `law` started on 2 March 2026 for a new household (with its
/// member) in Wilgendaal; (scope, path id, member id).
pub(crate) async fn started(app: &TestApp, law: Law, number: i64) -> (MunicipalityScope, i64, i64) {
    let muni = wilgendaal(app).await;
    let scope = MunicipalityScope::single(muni);
    let (h, member) = household(app, muni, number).await;
    let mut tx = app.db.begin().await.unwrap();
    let id = mw::start_path(
        &mut tx,
        &scope,
        h,
        Some(member),
        law,
        d(3, 2),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (scope, id, member)
}

/// A Wmo path of a new household (`number` on its street) in Wilgendaal:
/// melding on 2 March 2026, report on 20 March, application on 23 March;
/// (scope, path id).
pub(crate) async fn applied(app: &TestApp, number: i64) -> (MunicipalityScope, i64) {
    let (scope, id, _) = started(app, Law::Wmo, number).await;
    step(app, &scope, id, Step::Report(d(3, 20))).await.unwrap();
    step(app, &scope, id, Step::Application(d(3, 23)))
        .await
        .unwrap();
    (scope, id)
}

/// Three hours of household help a week, granted in kind from `start` to `end`.
pub(crate) fn household_help(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> kompas_domain::maatwerk::decision::Line {
    use kompas_domain::maatwerk::codes::{category, Frequency, ProductCode, Unit};
    use kompas_domain::maatwerk::decision::*;
    Line {
        category: category(Law::Wmo, "01").unwrap(),
        product: Some(ProductCode::parse("01A01").unwrap()),
        outcome: Outcome::Granted,
        amount: Some(Amount::Volume {
            quantity: 3,
            unit: Unit::Hour,
            frequency: Frequency::PerWeek,
        }),
        delivery: Delivery::InKind,
        start,
        end,
        reasoning: "Schoonmaken lukt niet meer door de heup; het netwerk doet de boodschappen."
            .into(),
    }
}

async fn load(app: &TestApp, scope: &MunicipalityScope, id: i64) -> Option<mw::PathRow> {
    let mut conn = app.db.begin().await.unwrap();
    mw::path_by_id(&mut conn, scope, id).await.unwrap()
}

both!(
    a_wmo_melding_goes_through_report_and_application_to_a_decision_in_term,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, id, member) = started(&app, Law::Wmo, 401).await;
        let p = load(&app, &scope, id).await.unwrap();
        assert_eq!(p.path.open_term().unwrap().last_day, d(4, 13));
        // An application before the report (and within six weeks) is refused
        // and leaves nothing behind.
        let early = step(&app, &scope, id, Step::Application(d(3, 10))).await;
        assert!(matches!(early, Err(StoreError::Invalid(_))), "{early:?}");
        assert_eq!(load(&app, &scope, id).await.unwrap().path.application, None);
        step(&app, &scope, id, Step::Report(d(3, 27)))
            .await
            .unwrap();
        step(&app, &scope, id, Step::Application(d(4, 1)))
            .await
            .unwrap();
        let open = mw::open_paths(&app.db, &scope, None).await.unwrap();
        let ours = open.iter().find(|p| p.id == id).expect("on the worklist");
        assert_eq!(ours.path.open_term().unwrap().last_day, d(4, 15));
        step(&app, &scope, id, Step::Decide(d(4, 14)))
            .await
            .unwrap();
        let p = load(&app, &scope, id).await.unwrap();
        assert!(p.path.terms().iter().all(|t| t.met() == Some(true)));
        let open = mw::open_paths(&app.db, &scope, None).await.unwrap();
        assert!(
            open.iter().all(|p| p.id != id),
            "off the worklist once decided"
        );
        assert_eq!(p.member_id, Some(member));
    }
);

both!(
    a_youth_care_decision_with_suspension_and_extension_and_a_missed_term,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, id, _) = started(&app, Law::Jeugdwet, 402).await;
        // Eight weeks end on King's Day → 28 April; ten days suspended → 7 May.
        step(
            &app,
            &scope,
            id,
            Step::Suspend {
                from: d(3, 10),
                to: d(3, 19),
                reason: "Wachten op het verslag van de huisarts".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            load(&app, &scope, id)
                .await
                .unwrap()
                .path
                .open_term()
                .unwrap()
                .last_day,
            d(5, 7)
        );
        // An extension announced after the term is refused.
        let late = step(
            &app,
            &scope,
            id,
            Step::Extend {
                notified_on: d(5, 8),
                to: d(6, 1),
            },
        )
        .await;
        assert!(matches!(late, Err(StoreError::Invalid(_))), "{late:?}");
        step(
            &app,
            &scope,
            id,
            Step::Extend {
                notified_on: d(5, 1),
                to: d(5, 25),
            },
        )
        .await
        .unwrap();
        // Whit Monday → 26 May.
        let p = load(&app, &scope, id).await.unwrap();
        assert_eq!(p.path.open_term().unwrap().last_day, d(5, 26));
        step(&app, &scope, id, Step::DefaultNotice(d(5, 28)))
            .await
            .unwrap();
        step(&app, &scope, id, Step::Decide(d(6, 20)))
            .await
            .unwrap();
        let p = load(&app, &scope, id).await.unwrap();
        assert_eq!(p.path.terms()[0].met(), Some(false));
        assert_eq!(p.default_notice_on, Some(d(5, 28)));
        // The penalty runs from 11 June to the decision on 20 June: 10 days.
        let owed = kompas_domain::maatwerk::terms::penalty(d(5, 26), d(5, 28), d(6, 20)).unwrap();
        assert_eq!((owed.days, owed.euros), (10, 230));
        // A decided path takes no more steps.
        let again = step(&app, &scope, id, Step::Decide(d(6, 21))).await;
        assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
    }
);

both!(
    paths_are_sealed_per_municipality_and_versioned,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let muni = wilgendaal(&app).await;
        let other = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let ours = MunicipalityScope::single(muni);
        let theirs = MunicipalityScope::single(other);
        let (h, member) = household(&app, muni, 403).await;
        let (_, stranger) = household(&app, muni, 404).await;
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        // Another municipality cannot start a path for our household, nor
        // name a member of another household.
        let foreign = mw::start_path(&mut tx, &theirs, h, None, Law::Wmo, d(3, 2), None, now).await;
        assert!(
            matches!(foreign, Err(StoreError::NotFound(_))),
            "{foreign:?}"
        );
        let wrong_member = mw::start_path(
            &mut tx,
            &ours,
            h,
            Some(stranger),
            Law::Wmo,
            d(3, 2),
            None,
            now,
        )
        .await;
        assert!(
            matches!(wrong_member, Err(StoreError::NotFound(_))),
            "{wrong_member:?}"
        );
        let id = mw::start_path(
            &mut tx,
            &ours,
            h,
            Some(member),
            Law::Wmo,
            d(3, 2),
            None,
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(load(&app, &theirs, id).await.is_none());
        assert!(mw::open_paths(&app.db, &theirs, None)
            .await
            .unwrap()
            .is_empty());
        let mut tx = app.db.begin().await.unwrap();
        let step_elsewhere =
            mw::record_step(&mut tx, &theirs, id, 1, &Step::Report(d(3, 20))).await;
        assert!(matches!(step_elsewhere, Err(StoreError::NotFound(_))));
        drop(tx);
        // Two people with the same version: the second is told to reload.
        let mut tx = app.db.begin().await.unwrap();
        mw::record_step(&mut tx, &ours, id, 1, &Step::Report(d(3, 20)))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let stale = mw::record_step(&mut tx, &ours, id, 1, &Step::Application(d(3, 25))).await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    }
);

/// Where a redirect points.
fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

both!(
    a_consultant_starts_a_path_follows_its_terms_and_records_the_decision,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let f = household_with_case(&app, &mut tx, "9901 MW", "Tineke Tromp").await;
        tx.commit().await.unwrap();
        let (h, member) = (f.household, f.member);
        let pro = &app.web;
        pro.login("consulent").await;
        let page = pro
            .get(&format!("/werk/huishoudens/{h}?reden=maatwerk"))
            .await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Traject starten"));
        // A law that does not exist is refused on the household page.
        let bad = pro
            .post_form(
                &format!("/werk/huishoudens/{h}/maatwerk"),
                &[("reden", "maatwerk"), ("wet", "wlz"), ("datum", "2-3-2026")],
            )
            .await;
        assert!(
            location(&bad).starts_with(&format!("/werk/huishoudens/{h}?")),
            "{}",
            location(&bad)
        );
        let member_id = member.to_string();
        let started = pro
            .post_form(
                &format!("/werk/huishoudens/{h}/maatwerk"),
                &[
                    ("reden", "maatwerk"),
                    ("wet", "wmo"),
                    ("lid", &member_id),
                    ("datum", "2-3-2026"),
                ],
            )
            .await;
        let to = location(&started);
        assert!(to.starts_with("/werk/maatwerk/"), "{to}");
        let id: i64 = to["/werk/maatwerk/".len()..]
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let body = pro.get(&to).await.text().await.unwrap();
        assert!(body.contains("onderzoek afronden"), "{body}");
        assert!(body.contains("13 april 2026"), "{body}");
        assert!(body.contains("te laat"), "the six weeks have long passed");
        // The worklist shows it, late.
        let list = pro.get("/werk/maatwerk").await.text().await.unwrap();
        assert!(list.contains(&format!("/werk/maatwerk/{id}\"")), "{list}");
        assert!(list.contains("te laat"));
        // Households the consultant does not work on stay off the list (the
        // demo's youth-care path for Joep is the coordinator's).
        assert!(!list.contains("Jeugdwet"), "{list}");
        let coordinator = app.web.other_client();
        coordinator.login("regisseur").await;
        let theirs = coordinator
            .get("/werk/maatwerk")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            theirs.contains("Jeugdwet") && theirs.contains("dwangsom mogelijk"),
            "{theirs}"
        );
        assert!(
            !theirs.contains(&format!("/werk/maatwerk/{id}\"")),
            "not on the coordinator's list"
        );
        // Steps: report, application, decision in term.
        let path = format!("/werk/maatwerk/{id}/stap");
        for (stap, datum) in [("verslag", "27-3-2026"), ("aanvraag", "2026-04-01")] {
            let res = pro
                .post_form(&path, &[("stap", stap), ("datum", datum)])
                .await;
            assert!(
                location(&res).contains("Opgeslagen"),
                "{stap}: {}",
                location(&res)
            );
        }
        let body = pro
            .get(&format!("/werk/maatwerk/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("beschikking geven"), "{body}");
        assert!(body.contains("15 april 2026"), "{body}");
        assert!(
            body.contains("dwangsom mogelijk"),
            "a late decision shows its exposure"
        );
        let res = pro
            .post_form(&path, &[("stap", "besluit"), ("datum", "14-4-2026")])
            .await;
        assert!(location(&res).contains("Opgeslagen"));
        let body = pro
            .get(&format!("/werk/maatwerk/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("Er loopt geen termijn meer"), "{body}");
        assert!(!pro
            .get("/werk/maatwerk")
            .await
            .text()
            .await
            .unwrap()
            .contains(&format!("/werk/maatwerk/{id}\"")));
        // A second decision on the same path is refused with the reason.
        let again = pro
            .post_form(&path, &[("stap", "besluit"), ("datum", "15-4-2026")])
            .await;
        assert!(
            location(&again).contains("al%20gedaan") || location(&again).contains("al+gedaan"),
            "{}",
            location(&again)
        );
        // Every look and step is in the audit log.
        let rows = count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'maatwerktraject' AND object_id = CAST($1 AS TEXT)",
            id,
        )
        .await;
        assert_eq!(rows, 7, "the start, three steps and three views");
        // A colleague without a link to the household gets no further.
        let other = app.web.other_client();
        other.login("regisseur").await;
        assert_eq!(
            other.get(&format!("/werk/maatwerk/{id}")).await.status(),
            403
        );
    }
);

both!(
    a_decision_is_saved_sent_once_and_changed_only_by_a_new_decision,
    |backend| async move {
        use kompas_domain::maatwerk::codes::{Frequency, Unit};
        use kompas_domain::maatwerk::decision::*;
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, id) = applied(&app, 405).await;
        let help = household_help(Some(d(4, 1)), Some(d(12, 31)));
        let first = DecisionDraft {
            law: Law::Wmo,
            kind: DecisionKind::First,
            replaces: None,
            lines: vec![help.clone()],
        };
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        // A draft with something to fix is refused with the reason.
        let mut thin = first.clone();
        thin.lines[0].reasoning = "Nodig.".into();
        let refused = mw::save_decision(&mut tx, &scope, id, &thin, None, now).await;
        assert!(
            matches!(&refused, Err(StoreError::Invalid(m)) if m.contains("motivering")),
            "{refused:?}"
        );
        let dec = mw::save_decision(&mut tx, &scope, id, &first, None, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let read = mw::decision_by_id(&mut tx, &scope, dec)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read.draft, first, "read back as written");
        assert_eq!(read.sent_on, None);
        // A change cannot replace a decision that was not sent.
        let change = DecisionDraft {
            kind: DecisionKind::Change,
            replaces: Some(dec),
            lines: vec![Line {
                amount: Some(Amount::Volume {
                    quantity: 4,
                    unit: Unit::Hour,
                    frequency: Frequency::PerWeek,
                }),
                ..help.clone()
            }],
            ..first.clone()
        };
        assert!(mw::save_decision(&mut tx, &scope, id, &change, None, now)
            .await
            .is_err());
        drop(tx);
        let mut tx = app.db.begin().await.unwrap();
        mw::send_decision(&mut tx, &scope, dec, d(4, 2))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // Sending closes the path's term, in time.
        let p = load(&app, &scope, id).await.unwrap();
        assert_eq!(p.path.decided, Some(d(4, 2)));
        assert!(p.path.terms().iter().all(|t| t.met() == Some(true)));
        let mut tx = app.db.begin().await.unwrap();
        let again = mw::send_decision(&mut tx, &scope, dec, d(4, 3)).await;
        assert!(
            matches!(&again, Err(StoreError::Invalid(m)) if m.contains("nieuw besluit")),
            "{again:?}"
        );
        // The change is a new decision naming the sent one; the first stays as it was.
        let changed = mw::save_decision(&mut tx, &scope, id, &change, None, now)
            .await
            .unwrap();
        mw::send_decision(&mut tx, &scope, changed, d(6, 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let old = mw::decision_by_id(&mut tx, &scope, dec)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((old.draft, old.sent_on), (first, Some(d(4, 2))));
        let new = mw::decision_by_id(&mut tx, &scope, changed)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(new.draft.replaces, Some(dec));
        // Another municipality sees none of it.
        let other = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let theirs = MunicipalityScope::single(other);
        assert!(mw::decision_by_id(&mut tx, &theirs, dec)
            .await
            .unwrap()
            .is_none());
        let foreign = mw::send_decision(&mut tx, &theirs, changed, d(6, 2)).await;
        assert!(matches!(foreign, Err(StoreError::NotFound(_))));
    }
);

both!(
    an_objection_is_registered_postponed_once_and_decided_once,
    |backend| async move {
        use kompas_domain::maatwerk::codes::category;
        use kompas_domain::maatwerk::decision::*;
        use kompas_domain::maatwerk::objection::ObjectionOutcome;
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, id, _) = started(&app, Law::Jeugdwet, 406).await;
        let refusal = DecisionDraft {
            law: Law::Jeugdwet,
            kind: DecisionKind::First,
            replaces: None,
            lines: vec![Line {
                category: category(Law::Jeugdwet, "54").unwrap(),
                product: None,
                outcome: Outcome::Refused,
                amount: None,
                delivery: Delivery::InKind,
                start: None,
                end: None,
                reasoning: "De huisarts verwijst al naar de jeugd-ggz; die hulp gaat voor.".into(),
            }],
        };
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        let dec = mw::save_decision(&mut tx, &scope, id, &refusal, None, now)
            .await
            .unwrap();
        // No objection against a decision that was not sent.
        let early = mw::register_objection(&mut tx, &scope, dec, d(3, 20), false, now).await;
        assert!(matches!(early, Err(StoreError::Invalid(_))), "{early:?}");
        mw::send_decision(&mut tx, &scope, dec, d(3, 6))
            .await
            .unwrap();
        let obj = mw::register_objection(&mut tx, &scope, dec, d(4, 17), true, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let o = mw::objection_by_id(&mut tx, &scope, obj)
            .await
            .unwrap()
            .unwrap();
        assert!(o.objection.in_time());
        // Twelve weeks with a committee after the six-week term: 10 July.
        assert_eq!(o.objection.decide_by(), d(7, 10));
        mw::postpone_objection(&mut tx, &scope, obj).await.unwrap();
        let twice = mw::postpone_objection(&mut tx, &scope, obj).await;
        assert!(matches!(twice, Err(StoreError::Invalid(_))));
        mw::decide_objection(
            &mut tx,
            &scope,
            obj,
            d(8, 14),
            ObjectionOutcome::PartlyUpheld,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let o = mw::objection_by_id(&mut tx, &scope, obj)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.objection.decide_by(), d(8, 21), "postponed by six weeks");
        assert_eq!(
            (o.decided_on, o.outcome),
            (Some(d(8, 14)), Some(ObjectionOutcome::PartlyUpheld))
        );
        let again =
            mw::decide_objection(&mut tx, &scope, obj, d(8, 15), ObjectionOutcome::Rejected).await;
        assert!(matches!(again, Err(StoreError::Invalid(_))));
        let other = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let theirs = MunicipalityScope::single(other);
        assert!(mw::objection_by_id(&mut tx, &theirs, obj)
            .await
            .unwrap()
            .is_none());
        let foreign = mw::register_objection(&mut tx, &theirs, dec, d(4, 1), false, now).await;
        assert!(matches!(foreign, Err(StoreError::NotFound(_))));
    }
);

/// The id at the end of a redirect to `prefix{id}?…`.
fn id_after(to: &str, prefix: &str) -> i64 {
    assert!(to.starts_with(prefix), "{to}");
    to[prefix.len()..]
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

both!(
    a_consultant_composes_sends_prints_and_changes_a_decision_and_it_joins_the_plan,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let f = household_with_case(&app, &mut tx, "9901 MW", "Tineke Tromp").await;
        tx.commit().await.unwrap();
        let pro = &app.web;
        pro.login("consulent").await;
        let h = f.household;
        let member = f.member.to_string();
        let started = pro
            .post_form(
                &format!("/werk/huishoudens/{h}/maatwerk"),
                &[
                    ("reden", "maatwerk"),
                    ("wet", "wmo"),
                    ("lid", &member),
                    ("datum", "2-3-2026"),
                ],
            )
            .await;
        let path = id_after(&location(&started), "/werk/maatwerk/");
        // Urgent help first: a temporary provision before the assessment.
        let form = pro
            .get(&format!("/werk/maatwerk/{path}/besluit?soort=tijdelijk"))
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains("value=\"tijdelijk\" selected"), "{form}");
        let compose = format!("/werk/maatwerk/{path}/besluit");
        // A form with mistakes comes back with every problem per product.
        let bad = pro
            .post_form(
                &compose,
                &[
                    ("soort", "tijdelijk"),
                    ("p1_categorie", "01"),
                    ("p1_uitkomst", "toegekend"),
                    ("p1_omvang", "drie"),
                    ("p1_eenheid", "04"),
                    ("p1_frequentie", "2"),
                    ("p1_start", "2-3-2026"),
                    ("p1_motivering", "Nodig."),
                ],
            )
            .await;
        assert_eq!(bad.status(), 200);
        let bad = bad.text().await.unwrap();
        assert!(
            bad.contains("Product 1, omvang: vul een heel getal in"),
            "{bad}"
        );
        assert!(bad.contains("value=\"drie\""), "what was typed stays");
        // A product code the municipality's catalogue does not have is refused.
        let unknown = pro
            .post_form(
                &compose,
                &[
                    ("soort", "tijdelijk"),
                    ("p1_categorie", "01"),
                    ("p1_product", "ZZ999"),
                    ("p1_uitkomst", "toegekend"),
                    ("p1_omvang", "2"),
                    ("p1_eenheid", "04"),
                    ("p1_frequentie", "2"),
                    ("p1_start", "3-3-2026"),
                    ("p1_eind", "30-4-2026"),
                    (
                        "p1_motivering",
                        "Na uw val kunt u nu het huis niet schoonhouden.",
                    ),
                ],
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            unknown.contains("ZZ999 staat niet in de productenlijst"),
            "{unknown}"
        );
        assert!(
            unknown.contains("list=\"productcodes\""),
            "codes are suggested"
        );
        let temp = pro
            .post_form(
                &compose,
                &[
                    ("soort", "tijdelijk"),
                    ("p1_categorie", "01"),
                    ("p1_uitkomst", "toegekend"),
                    ("p1_omvang", "2"),
                    ("p1_eenheid", "04"),
                    ("p1_frequentie", "2"),
                    ("p1_levering", "natura"),
                    ("p1_start", "3-3-2026"),
                    ("p1_eind", "30-4-2026"),
                    (
                        "p1_motivering",
                        "Na uw val kunt u nu het huis niet schoonhouden; dit kan niet wachten.",
                    ),
                ],
            )
            .await;
        let temp = id_after(&location(&temp), "/werk/maatwerk/besluiten/");
        let sent = pro
            .post_form(
                &format!("/werk/maatwerk/besluiten/{temp}/versturen"),
                &[("datum", "3-3-2026")],
            )
            .await;
        assert!(location(&sent).contains("verstuurd"), "{}", location(&sent));
        // The path's own term still runs: the assessment goes on.
        let page = pro
            .get(&format!("/werk/maatwerk/{path}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("onderzoek afronden"), "{page}");
        assert!(
            page.contains("Tijdelijke voorziening (spoed), verstuurd op dinsdag 3 maart 2026"),
            "{page}"
        );
        // Then the regular path: report, application, decision.
        for (stap, datum) in [("verslag", "27-3-2026"), ("aanvraag", "1-4-2026")] {
            pro.post_form(
                &format!("/werk/maatwerk/{path}/stap"),
                &[("stap", stap), ("datum", datum)],
            )
            .await;
        }
        let first = pro
            .post_form(
                &compose,
                &[
                    ("soort", "eerste"),
                    ("p1_categorie", "01"),
                    ("p1_product", "01a01"),
                    ("p1_uitkomst", "toegekend"),
                    ("p1_omvang", "3"),
                    ("p1_eenheid", "04"),
                    ("p1_frequentie", "2"),
                    ("p1_levering", "natura"),
                    ("p1_start", "1-5-2026"),
                    ("p1_eind", "30-4-2027"),
                    ("p1_motivering", "U kunt uw huis niet zelf schoonhouden.\nUw netwerk kan dit niet overnemen."),
                    ("p2_categorie", "11"),
                    ("p2_uitkomst", "afgewezen"),
                    ("p2_motivering", "Een rollator uit de uitleen past beter bij wat u nodig heeft."),
                ],
            )
            .await;
        let first = id_after(&location(&first), "/werk/maatwerk/besluiten/");
        let draft = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(draft.contains("Concept"), "{draft}");
        assert!(draft.contains("Beste Tineke Tromp"), "{draft}");
        assert!(draft.contains("U krijgt dit niet"), "{draft}");
        // A draft has no document yet.
        assert_eq!(
            pro.get(&format!("/werk/maatwerk/besluiten/{first}/document"))
                .await
                .status(),
            404
        );
        pro.post_form(
            &format!("/werk/maatwerk/besluiten/{first}/versturen"),
            &[("datum", "14-4-2026")],
        )
        .await;
        let page = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Verstuurd."), "{page}");
        // Six weeks from the day after sending (Awb 6:7, 6:8).
        assert!(page.contains("uiterlijk dinsdag 26 mei 2026"), "{page}");
        // The term of the path was met and is closed.
        let path_page = pro
            .get(&format!("/werk/maatwerk/{path}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            path_page.contains("Er loopt geen termijn meer"),
            "{path_page}"
        );
        // The stored document is a PDF with the letter's reference in it.
        let doc = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}/document"))
            .await;
        assert_eq!(doc.status(), 200);
        assert_eq!(doc.headers()["content-type"], "application/pdf");
        let bytes = doc.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let reference = format!("WMO-{first:06}");
        assert!(bytes
            .windows(reference.len())
            .any(|w| w == reference.as_bytes()));
        let print = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}/brief"))
            .await
            .text()
            .await
            .unwrap();
        assert!(print.contains(&format!("Kenmerk: {reference}")), "{print}");
        // Sent is final: sending again is refused, the document stays one.
        let again = pro
            .post_form(
                &format!("/werk/maatwerk/besluiten/{first}/versturen"),
                &[("datum", "15-4-2026")],
            )
            .await;
        assert!(
            location(&again).contains("al+verstuurd")
                || location(&again).contains("al%20verstuurd"),
            "{}",
            location(&again)
        );
        // The granted product is support in the plan, layer 4; the refused one is not.
        let support = kompas_store::plan::support_items(&app.db, f.case)
            .await
            .unwrap();
        let granted: Vec<_> = support
            .iter()
            .filter(|s| s.title.contains(&reference))
            .collect();
        assert_eq!(granted.len(), 1, "{support:?}");
        assert_eq!(granted[0].layer.number(), 4);
        assert!(
            granted[0].title.contains("3 uur per week"),
            "{}",
            granted[0].title
        );
        assert!(!support.iter().any(|s| s.title.contains("Rolstoelen")));
        // A change replaces it: the form starts from the granted products.
        let change_form = pro
            .get(&format!(
                "/werk/maatwerk/{path}/besluit?vervangt={first}&soort=wijziging"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(change_form.contains("value=\"01A01\""), "{change_form}");
        assert!(
            !change_form.contains("rollator"),
            "refused products are not carried over"
        );
        let change = pro
            .post_form(
                &compose,
                &[
                    ("soort", "wijziging"),
                    ("vervangt", &first.to_string()),
                    ("p1_categorie", "01"),
                    ("p1_uitkomst", "toegekend"),
                    ("p1_omvang", "4"),
                    ("p1_eenheid", "04"),
                    ("p1_frequentie", "2"),
                    ("p1_start", "1-9-2026"),
                    ("p1_eind", "30-4-2027"),
                    (
                        "p1_motivering",
                        "Sinds de zomer heeft u meer hulp nodig in huis.",
                    ),
                ],
            )
            .await;
        let change = id_after(&location(&change), "/werk/maatwerk/besluiten/");
        pro.post_form(
            &format!("/werk/maatwerk/besluiten/{change}/versturen"),
            &[("datum", "20-8-2026")],
        )
        .await;
        let support = kompas_store::plan::support_items(&app.db, f.case)
            .await
            .unwrap();
        let old = support
            .iter()
            .find(|s| s.title.contains(&reference))
            .unwrap();
        assert_eq!(
            old.ended_on,
            Some(d(9, 1)),
            "the old grant ends when the new one starts"
        );
        assert!(support
            .iter()
            .any(|s| s.title.contains("4 uur per week") && s.ended_on.is_none()));
        // An objection against the first decision, in time, decided.
        let obj = pro
            .post_form(
                &format!("/werk/maatwerk/besluiten/{first}/bezwaar"),
                &[("datum", "20-5-2026")],
            )
            .await;
        assert!(
            location(&obj).contains("geregistreerd"),
            "{}",
            location(&obj)
        );
        let page = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("nog open"), "{page}");
        let objection: i64 = count(
            &app,
            "SELECT MAX(id) AS n FROM maatwerk_objections WHERE decision_id = $1",
            first,
        )
        .await;
        pro.post_form(
            &format!("/werk/maatwerk/bezwaren/{objection}"),
            &[
                ("actie", "beslissen"),
                ("uitkomst", "ongegrond"),
                ("datum", "25-6-2026"),
            ],
        )
        .await;
        let page = pro
            .get(&format!("/werk/maatwerk/besluiten/{first}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Ongegrond op donderdag 25 juni 2026"),
            "{page}"
        );
        // Every step is a case event for the monitor, with ids and codes only.
        for (kind, n) in [
            ("maatwerk_requested", 1),
            ("maatwerk_report_sent", 1),
            ("maatwerk_application", 1),
            ("decision_sent", 3),
            ("product_decided", 4),
            ("objection_received", 1),
            ("objection_decided", 1),
        ] {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM case_events WHERE path_id = $1 AND kind = '{kind}'"
            );
            assert_eq!(count(&app, &sql, path).await, n, "{kind}");
        }
        let in_term = "SELECT COUNT(*) AS n FROM case_events WHERE path_id = $1 \
             AND kind = 'decision_sent' AND deadline_met = 1 AND outcome = 'eerste' AND decision_id IS NOT NULL";
        assert_eq!(
            count(&app, in_term, path).await,
            1,
            "the first decision met its term"
        );
        // The resident sees the granted help and reads the letters.
        let made = pro
            .post_form(
                &format!("/werk/huishoudens/{h}/leden/{member}/inloglink"),
                &[("reden", "besluit delen")],
            )
            .await
            .text()
            .await
            .unwrap();
        let at = made.find("/mijn/inloggen/").unwrap();
        let link = &made[at..at + "/mijn/inloggen/".len() + 64];
        let resident = app.web.other_client();
        assert_eq!(resident.post_form(link, &[]).await.status(), 303);
        let mine = resident.get("/mijn").await.text().await.unwrap();
        assert!(
            mine.contains("Hulp bij het huishouden: 4 uur per week"),
            "{mine}"
        );
        assert!(mine.contains(&format!("/mijn/besluiten/{first}")), "{mine}");
        let letter = resident
            .get(&format!("/mijn/besluiten/{first}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(letter.contains("Niet eens met dit besluit?"), "{letter}");
        // Another household's decision, or a draft, is not found for them.
        let mut tx = app.db.begin().await.unwrap();
        let g = household_with_case(&app, &mut tx, "9902 AB", "Gert Gerritsen").await;
        tx.commit().await.unwrap();
        let scope = kompas_domain::MunicipalityScope::single(g.municipality);
        let mut tx = app.db.begin().await.unwrap();
        let their_path = mw::start_path(
            &mut tx,
            &scope,
            g.household,
            None,
            Law::Wmo,
            d(3, 2),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (theirs, _) = sent_decision_with_objection(&app, &scope, their_path).await;
        assert_eq!(
            resident
                .get(&format!("/mijn/besluiten/{theirs}"))
                .await
                .status(),
            404
        );
        // Someone not working on the household reaches none of it.
        let other = app.web.other_client();
        other.login("regisseur").await;
        for url in [
            format!("/werk/maatwerk/besluiten/{first}"),
            format!("/werk/maatwerk/besluiten/{first}/document"),
            format!("/werk/maatwerk/besluiten/{first}/brief"),
        ] {
            assert_eq!(other.get(&url).await.status(), 403, "{url}");
        }
    }
);

both!(
    an_admin_words_the_letters_and_the_next_decision_uses_the_words,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let admin = app.web.other_client();
        admin.login("beheer").await;
        let page = admin.get("/beheer/maatwerk/brieven").await;
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("(standaardtekst van Kompas)"));
        // Without the last day to object the text is refused, and kept.
        let refused = admin
            .post_form(
                "/beheer/maatwerk/brieven",
                &[
                    ("wet", "wmo"),
                    ("grondslag", "Op grond van de Wmo 2015 en onze verordening."),
                    ("bezwaar", "Bezwaar kan altijd."),
                    ("adres", "Postbus 12, 9901 AA Wilgendaal"),
                ],
            )
            .await;
        assert_eq!(refused.status(), 422);
        let body = refused.text().await.unwrap();
        assert!(body.contains("moet {bezwaar_tot} bevatten"), "{body}");
        assert!(body.contains("Bezwaar kan altijd."));
        let saved = admin
            .post_form(
                "/beheer/maatwerk/brieven",
                &[
                    ("wet", "wmo"),
                    ("grondslag", "Op grond van de Wmo 2015 en onze verordening."),
                    (
                        "bezwaar",
                        "Niet eens? Schrijf ons uiterlijk {bezwaar_tot}{adres}, met kenmerk {kenmerk}.",
                    ),
                    ("adres", "Postbus 12, 9901 AA Wilgendaal"),
                ],
            )
            .await;
        assert!(
            location(&saved).contains("opgeslagen"),
            "{}",
            location(&saved)
        );
        // A decision sent now carries them; a consultant cannot change them.
        let (scope, path, _) = started(&app, Law::Wmo, 77).await;
        let (decision, _) = sent_decision_with_objection(&app, &scope, path).await;
        let mut conn = app.db.begin().await.unwrap();
        let d = mw::decision_by_id(&mut conn, &scope, decision)
            .await
            .unwrap()
            .unwrap();
        let letter = mw::letter_of(&mut conn, &scope, &d).await.unwrap();
        assert!(
            letter
                .objection
                .contains(", Postbus 12, 9901 AA Wilgendaal, met kenmerk WMO-"),
            "{}",
            letter.objection
        );
        assert_eq!(
            letter.legal_basis,
            "Op grond van de Wmo 2015 en onze verordening."
        );
        drop(conn);
        let pro = &app.web;
        pro.login("consulent").await;
        assert_eq!(pro.get("/beheer/maatwerk/brieven").await.status(), 403);
    }
);
