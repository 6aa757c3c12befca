//! Costs of maatwerk against the budget, on both databases: a granted
//! in-kind product allocated to a contracted provider commits volume ×
//! tariff over its months; approved claim lines are realised, rejected ones
//! not; the budget difference; a mapping override moves a category to
//! another taakveld; another municipality sees nothing; the pages for policy
//! staff, the budget form with its errors, and small client counts hidden.

use crate::both;
use crate::maatwerk::{applied, household_help};
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::maatwerk::allocation::Taakveld;
use kompas_domain::maatwerk::costs::{self, CostReport, Count};
use kompas_domain::maatwerk::decision::{DecisionDraft, DecisionKind};
use kompas_domain::maatwerk::Law;
use kompas_domain::monitor::SuppressionPolicy;
use kompas_domain::MunicipalityScope;
use kompas_store::maatwerk::{self as mw, Direction, NewClaimLine, NewMessage};
use kompas_store::StoreError;
use sqlx::Row;

/// The demo provider with a contract for 01A01 (€ 32,85 an hour from 2026).
const AGB: &str = "75990011";
const TARIFF: i64 = 3285;

async fn provider(app: &TestApp, municipality: i64) -> i64 {
    sqlx::query("SELECT id FROM maatwerk_providers WHERE agb_code = $1 AND municipality_id = $2")
        .bind(AGB)
        .bind(municipality)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

/// Household help (3 hours a week, April to June of `year`) decided, sent and
/// allocated to the demo provider; with a 323 holding an approved April line,
/// a rejected and an approved May line. (scope, municipality, household).
async fn allocated_and_claimed(
    app: &TestApp,
    number: i64,
    year: i32,
) -> (MunicipalityScope, i64, i64) {
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(year, m, day).unwrap();
    let (scope, path) = applied(app, number).await;
    let municipality = wilgendaal(app).await;
    let provider = provider(app, municipality).await;
    let now = chrono::Utc::now();
    let draft = DecisionDraft {
        law: Law::Wmo,
        kind: DecisionKind::First,
        replaces: None,
        lines: vec![household_help(Some(d(4, 1)), Some(d(6, 30)))],
    };
    let mut tx = app.db.begin().await.unwrap();
    let decision = mw::save_decision(&mut tx, &scope, path, &draft, None, now)
        .await
        .unwrap();
    kompas_app::maatwerk::send_decision(&mut tx, &scope, decision, crate::maatwerk::d(3, 30), now)
        .await
        .unwrap();
    let allocation = mw::allocate(&mut tx, &scope, decision, 1, provider, now)
        .await
        .unwrap();
    let household = mw::allocation_by_id(&mut tx, &scope, allocation)
        .await
        .unwrap()
        .unwrap()
        .household_id;
    let message = mw::insert_message(
        &mut tx,
        &NewMessage {
            municipality_id: municipality,
            law: Law::Wmo,
            kind: "323".into(),
            direction: Direction::In,
            message_ref: format!("DECL{number}"),
            dated_on: d(6, 5),
            agb_code: AGB.into(),
            provider_id: Some(provider),
            household_id: Some(household),
            replies_to: None,
            answer_due_on: None,
            status: "deels".into(),
            summary: "Declaratie april en mei".into(),
            problems: Some("TR321".into()),
            xml: "<Bericht/>".into(),
            file_name: None,
        },
        &[allocation],
        now,
    )
    .await
    .unwrap();
    let line = |reference: &str, from: NaiveDate, to: NaiveDate, volume: i64, approved: bool| {
        NewClaimLine {
            municipality_id: municipality,
            message_id: message,
            provider_id: provider,
            allocation: Some((allocation, household)),
            law: Law::Wmo,
            reference: reference.into(),
            category: "01".into(),
            product_code: Some("01A01".into()),
            period_from: from,
            period_to: to,
            volume,
            unit: "04".into(),
            tariff_cents: TARIFF,
            claimed_cents: volume * TARIFF,
            approved_cents: if approved { volume * TARIFF } else { 0 },
            rejected_rules: (!approved).then(|| "TR321".to_string()),
        }
    };
    for l in [
        line("APR", d(4, 1), d(4, 30), 12, true),
        line("MEI-TEVEEL", d(5, 1), d(5, 31), 40, false),
        line("MEI", d(5, 1), d(5, 31), 10, true),
    ] {
        mw::insert_claim_line(&mut tx, &l, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    (scope, municipality, household)
}

async fn report(
    app: &TestApp,
    scope: &MunicipalityScope,
    municipality: i64,
    year: i32,
) -> CostReport {
    let mut conn = app.db.read_conn().await.unwrap();
    let f = mw::cost_facts(&mut conn, scope, municipality, year)
        .await
        .unwrap();
    costs::compute(
        year,
        NaiveDate::from_ymd_opt(year + 1, 1, 15).unwrap(),
        &f.allocations,
        &f.lines,
        &f.map,
        &mw::budget_map(&f.budgets),
        SuppressionPolicy::default(),
    )
}

both!(
    costs_add_up_committed_realised_budget_and_taakveld,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // A year the demo's own allocations do not reach, so only these count.
        let year = 2031;
        let (scope, municipality, _) = allocated_and_claimed(&app, 601, year).await;
        let now = chrono::Utc::now();
        let hh = Taakveld::parse("6.71a").unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let before = mw::set_budget(&mut tx, &scope, municipality, year, hh, 100_000, None, now)
            .await
            .unwrap();
        assert_eq!(before, None);
        tx.commit().await.unwrap();

        let r = report(&app, &scope, municipality, year).await;
        // 3 hours a week at € 32,85, per day pro rata: April 30, May 31, June 30 days.
        let week = 3 * TARIFF;
        let (apr, may, jun) = (week * 30 / 7, week * 31 / 7, week * 30 / 7);
        assert_eq!(r.months[2].committed, 0);
        assert_eq!(r.months[3].committed, apr);
        assert_eq!(r.months[4].committed, may);
        assert_eq!(r.months[5].committed, jun);
        assert_eq!(r.months[6].committed, 0);
        // Realised: the approved lines only, in the month they start.
        assert_eq!(r.months[3].realised, 12 * TARIFF);
        assert_eq!(r.months[4].realised, 10 * TARIFF);
        let realised = 22 * TARIFF;
        assert_eq!(r.taakvelden.len(), 1, "{:?}", r.taakvelden);
        let row = &r.taakvelden[0];
        assert_eq!(row.taakveld, Some(hh));
        assert_eq!(row.budget, 100_000);
        assert_eq!(row.year.committed, apr + may + jun);
        assert_eq!(row.year.realised, realised);
        // The year is over: the forecast is what was realised.
        assert_eq!(row.forecast, Some(realised));
        assert_eq!(row.difference, 100_000 - realised);
        assert_eq!(r.laws[0].law, Some(Law::Wmo));
        assert_eq!(r.laws[0].year, row.year);
        // One household: fewer than the threshold, hidden with its cost per client.
        assert_eq!(r.clients, Count::Hidden);
        assert_eq!(r.per_client, None);
        assert_eq!(r.categories[0].clients, Count::Hidden);

        // The municipality books household help on 6.71d instead.
        let mut tx = app.db.begin().await.unwrap();
        let other = Taakveld::parse("6.71d").unwrap();
        mw::set_taakveld(
            &mut tx,
            &scope,
            municipality,
            Law::Wmo,
            "01",
            Some(other),
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let r = report(&app, &scope, municipality, year).await;
        let moved: Vec<_> = r.taakvelden.iter().map(|t| (t.taakveld, t.year)).collect();
        assert_eq!(moved.len(), 2, "{moved:?}");
        assert_eq!(moved[0].0, Some(hh));
        assert_eq!(moved[0].1, costs::Money::default());
        assert_eq!(moved[1].0, Some(other));
        assert_eq!(moved[1].1.realised, realised);
        // Back to the default: the override row goes.
        let mut tx = app.db.begin().await.unwrap();
        mw::set_taakveld(&mut tx, &scope, municipality, Law::Wmo, "01", Some(hh), now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = app.db.read_conn().await.unwrap();
        let map = mw::taakveld_map(&mut conn, &scope, municipality)
            .await
            .unwrap();
        assert!(!map.is_override(Law::Wmo, "01"));
        assert_eq!(map.of(Law::Wmo, "01"), Some(hh));
    }
);

both!(
    another_municipality_never_sees_the_costs,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, municipality, _) = allocated_and_claimed(&app, 602, 2026).await;
        let other = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let theirs = MunicipalityScope::single(other);
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        let hh = Taakveld::parse("6.71a").unwrap();
        mw::set_budget(&mut tx, &scope, municipality, 2026, hh, 500_000, None, now)
            .await
            .unwrap();
        mw::set_taakveld(
            &mut tx,
            &scope,
            municipality,
            Law::Wmo,
            "02",
            Taakveld::parse("6.71c").ok(),
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let mut conn = app.db.read_conn().await.unwrap();
        // Asking for our municipality with their scope: nothing.
        let f = mw::cost_facts(&mut conn, &theirs, municipality, 2026)
            .await
            .unwrap();
        assert!(f.allocations.is_empty() && f.lines.is_empty() && f.budgets.is_empty());
        assert!(!f.map.is_override(Law::Wmo, "02"));
        // Their own municipality: none of ours.
        let f = mw::cost_facts(&mut conn, &theirs, other, 2026)
            .await
            .unwrap();
        assert!(f.allocations.is_empty() && f.lines.is_empty() && f.budgets.is_empty());
        drop(conn);
        // Nor can they write ours.
        let mut tx = app.db.begin().await.unwrap();
        let e = mw::set_budget(&mut tx, &theirs, municipality, 2026, hh, 1, None, now).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        let e = mw::set_taakveld(&mut tx, &theirs, municipality, Law::Wmo, "01", None, now).await;
        assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
        drop(tx);
        let r = report(&app, &scope, municipality, 2026).await;
        assert_eq!(r.total.budget, 500_000);
    }
);

both!(
    the_cost_pages_show_figures_and_keep_the_budget,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        allocated_and_claimed(&app, 603, 2026).await;
        app.login("beleid").await;
        let page = app.get("/monitor/kosten?jaar=2026").await;
        assert_eq!(page.status(), 200);
        let body = page.text().await.unwrap();
        assert!(body.contains("Kosten van maatwerk"), "{body}");
        assert!(body.contains("6.71a Huishoudelijke hulp (Wmo)"), "{body}");
        // € 32,85 × 22 hours approved = € 722,70: € 723 in whole euros.
        assert!(body.contains("€ 723"), "{body}");
        assert!(body.contains("<svg"), "a chart");
        assert!(
            body.contains("Tabel bij: Uitgaven maatwerk 2026"),
            "its table"
        );
        // One client: hidden.
        assert!(body.contains("verborgen"), "{body}");
        let home = app.get("/monitor").await.text().await.unwrap();
        assert!(home.contains("href=\"/monitor/kosten\""));

        // A budget above a million, and one that is not an amount.
        let form = app.get("/monitor/kosten/begroting?jaar=2026").await;
        assert_eq!(form.status(), 200);
        let bad = app
            .post_form(
                "/monitor/kosten/begroting",
                &[
                    ("jaar", "2026"),
                    ("begroting-6.71a", "1.250.000"),
                    ("begroting-6.71b", "heel veel"),
                ],
            )
            .await;
        assert_eq!(bad.status(), 422);
        let body = bad.text().await.unwrap();
        assert!(body.contains("is geen bedrag"), "{body}");
        assert!(
            body.contains("value=\"heel veel\""),
            "what was typed is kept"
        );
        assert!(body.contains("value=\"1.250.000\""), "{body}");
        let ok = app
            .post_form(
                "/monitor/kosten/begroting",
                &[("jaar", "2026"), ("begroting-6.71a", "1.250.000")],
            )
            .await;
        assert_eq!(ok.status(), 303);
        let body = app
            .get("/monitor/kosten?jaar=2026")
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("€ 1.250.000"), "{body}");
        let audited = count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'begroting_maatwerk' AND object_id = CAST($1 AS TEXT)",
            2026,
        )
        .await;
        assert_eq!(audited, 1);
        // The mapping: household help to 6.71d.
        let moved = app
            .post_form(
                "/monitor/kosten/taakvelden",
                &[("jaar", "2026"), ("taakveld-wmo-01", "6.71d")],
            )
            .await;
        assert_eq!(moved.status(), 303);
        let wrong = app
            .post_form(
                "/monitor/kosten/taakvelden",
                &[("jaar", "2026"), ("taakveld-wmo-01", "9.99")],
            )
            .await;
        assert_eq!(wrong.status(), 422);
        let body = app
            .get("/monitor/kosten?jaar=2026")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            body.contains("6.71d Overige maatwerkarrangementen (Wmo)"),
            "{body}"
        );
        // The council report has a costs section.
        let report = app.get("/monitor/raadsrapportage").await;
        assert_eq!(report.status(), 200);
        assert!(report.text().await.unwrap().contains("Kosten van maatwerk"));
        // A team lead reads, but cannot enter a budget.
        let lead = app.other_client();
        lead.login("teamleider").await;
        assert_eq!(lead.get("/monitor/kosten").await.status(), 200);
        assert_ne!(lead.get("/monitor/kosten/begroting").await.status(), 200);
        // A year that is not one.
        assert_eq!(app.get("/monitor/kosten?jaar=twee").await.status(), 422);
    }
);
