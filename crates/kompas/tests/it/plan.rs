//! The coordinator's side of the plan over HTTP: a question becomes a case,
//! the case gets its plan, support, a referral, scaling, an evaluation and a
//! closing with aftercare; illegal steps and stale forms change nothing; only
//! workers on the case (or a team lead) reach it, and every view is audited.

use crate::both;
use crate::support::*;
use kompas_domain::monitor::{CaseId, EventKind};
use kompas_store::plan as pl;
use sqlx::Row;

async fn version(app: &TestApp, case: i64) -> String {
    pl::case_by_id(&app.db, &crate::support::everywhere(&app.db).await, case)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string()
}

async fn audit_reads(app: &TestApp, case: i64) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'traject' AND action = 'read' \
         AND object_id = $1 AND purpose IS NOT NULL AND subject IS NOT NULL",
    )
    .bind(case.to_string())
    .fetch_one(app.db.reader())
    .await
    .unwrap()
    .try_get("n")
    .unwrap()
}

/// Posts one step on the case with its current version; returns the page it
/// leads back to (and the redirect's query, which holds the message).
async fn step(
    app: &TestApp,
    who: &Browser,
    case: i64,
    path: &str,
    fields: &[(&str, &str)],
) -> (String, String) {
    let v = version(app, case).await;
    let mut form = fields.to_vec();
    form.push(("versie", &v));
    let res = who
        .post_form(&format!("/werk/trajecten/{case}/{path}"), &form)
        .await;
    assert_eq!(res.status(), 303, "{path}: {}", res.text().await.unwrap());
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("/werk/trajecten/{case}?")), "{to}");
    let page = who.get(&to).await.text().await.unwrap();
    (page, to)
}

/// A question from the desk, linked to a household and closed with a case,
/// as `who`; returns (case id, household id).
async fn open_case(app: &TestApp, who: &Browser) -> (i64, i64) {
    let res = who
        .post_form(
            "/werk/vragen/nieuw",
            &[
                ("vraag", "Wij komen er met de rekeningen niet meer uit"),
                ("leefgebied", "financien"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let q: i64 = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/werk/vragen/")
        .parse()
        .unwrap();
    let qv = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            kompas_store::toegang::question_by_id(&db, &crate::support::everywhere(&db).await, q)
                .await
                .unwrap()
                .unwrap()
                .version
                .to_string()
        }
    };
    let v = qv(app).await;
    let res = who
        .post_form(
            &format!("/werk/vragen/{q}/huishouden"),
            &[
                ("reden", "intake geldzorgen"),
                ("postcode", "9903AB"),
                ("huisnummer", "12"),
                ("versie", &v),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let v = qv(app).await;
    let res = who
        .post_form(
            &format!("/werk/vragen/{q}/afronden"),
            &[("afloop", "traject"), ("versie", &v)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let h = question_of(app, q).await.household_id.unwrap();
    let case = kompas_store::toegang::open_case_of(&app.db, h)
        .await
        .unwrap()
        .expect("a case")
        .id;
    (case, h)
}

/// The app with the demo professional signed in and a fresh case of hers:
/// (app, her browser, case id, household id).
async fn start(backend: Backend) -> Option<(TestApp, Browser, i64, i64)> {
    let app = TestApp::spawn(backend).await?;
    let pro = app.web.other_client();
    pro.login("consulent").await;
    let (case, h) = open_case(&app, &pro).await;
    Some((app, pro, case, h))
}

both!(
    a_coordinator_takes_a_case_from_plan_to_aftercare,
    |backend| async move {
        let Some((app, pro, case, h)) = start(backend).await else {
            return;
        };
        let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();

        // The household page and "Mijn trajecten" lead to the case.
        let household = pro
            .get(&format!("/werk/huishoudens/{h}?reden=plan+maken"))
            .await
            .text()
            .await
            .unwrap();
        assert!(household.contains(&format!("href=\"/werk/trajecten/{case}\"")));
        let mine = pro.get("/werk/trajecten").await.text().await.unwrap();
        assert!(mine.contains(&format!("Traject {case}</a>")), "{mine}");
        assert!(mine.contains("Plan in voorbereiding"));

        // Every view of the case page is an audited read with its purpose.
        assert_eq!(audit_reads(&app, case).await, 0);
        let res = pro.get(&format!("/werk/trajecten/{case}")).await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Plan in voorbereiding"));
        assert!(page.contains("Claire Consulent"), "the coordinator");
        assert_eq!(audit_reads(&app, case).await, 1);
        let v0 = version(&app, case).await;

        // A goal and an action.
        let due = (today + chrono::Days::new(60)).to_string();
        let (page, to) = step(
            &app,
            &pro,
            case,
            "doelen",
            &[
                ("leefgebied", "financien"),
                ("tekst", "Vaste lasten op tijd betalen"),
                ("datum", &due),
                ("uitvoerder", "inwoner"),
            ],
        )
        .await;
        assert!(to.contains("melding="), "{to}");
        assert!(page.contains("Het doel staat in het plan."));
        assert!(page.contains("Vaste lasten op tijd betalen"));
        let goal = pl::goals(&app.db, case).await.unwrap()[0].id;
        let goal_s = goal.to_string();
        let (page, _) = step(
            &app,
            &pro,
            case,
            "acties",
            &[
                ("doel", &goal_s),
                ("tekst", "Afspraak maken bij Geldwijs"),
                ("uitvoerder", "professional"),
            ],
        )
        .await;
        assert!(page.contains("Afspraak maken bij Geldwijs"));
        assert!(page.contains("nog niet gedaan"));

        // Suggestions for the goal's life domain, and a search inside the plan.
        let page = pro
            .get(&format!("/werk/trajecten/{case}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Suggesties voor Financiën"), "{page}");
        let found = pro
            .get(&format!("/werk/trajecten/{case}?zoek=schuldhulpmaatje"))
            .await
            .text()
            .await
            .unwrap();
        assert!(found.contains("Schuldhulpmaatje"));
        assert!(found.contains("Aan plan toevoegen"));
        let offer: i64 = sqlx::query("SELECT id FROM offers WHERE name = 'Schuldhulpmaatje'")
            .fetch_one(app.db.reader())
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let offer_s = offer.to_string();
        let (page, _) = step(&app, &pro, case, "hulp", &[("aanbod", &offer_s)]).await;
        assert!(page.contains("De hulp staat in het plan."));
        assert!(
            page.contains("De zwaarste hulp zit in laag 3 (Laagdrempelige ondersteuning)."),
            "the pyramid names its heaviest layer"
        );
        assert!(page.contains("<svg class=\"kompas-pyramid\""));

        // The plan is agreed with the household.
        let today_s = today.to_string();
        let (page, _) = step(
            &app,
            &pro,
            case,
            "afspreken",
            &[("datum", &today_s), ("met", "Noor en haar zoon")],
        )
        .await;
        assert!(page.contains("Plan afgesproken</dd>") || page.contains("Plan afgesproken"));
        let c = pl::case_by_id(&app.db, &crate::support::everywhere(&app.db).await, case)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.status.code(), "lopend");
        assert_eq!(c.plan_agreed_with.as_deref(), Some("Noor en haar zoon"));

        // A referral in concept with a warm handover, then sent.
        let target = format!("aanbod-{offer}");
        step(
            &app,
            &pro,
            case,
            "verwijzingen",
            &[
                ("naar", &target),
                ("doel", &goal_s),
                (
                    "overdracht",
                    "Noor wil zelf bellen; ochtenden gaan het best.",
                ),
            ],
        )
        .await;
        let r = &pl::referrals_of_case(&app.db, case).await.unwrap()[0];
        assert_eq!(r.status.code(), "concept");
        let (rid, rv) = (r.id.to_string(), r.version.to_string());
        // Nobody consented to sharing with this organisation: the page warns,
        // and sending needs an explicit choice.
        let mut send = vec![
            ("verwijzing", rid.as_str()),
            ("verwijzing_versie", rv.as_str()),
            ("stap", "versturen"),
        ];
        let (page, _) = step(&app, &pro, case, "verwijzingen/stap", &send).await;
        assert!(
            page.contains("Let op:</strong> er is geen toestemming"),
            "{page}"
        );
        assert!(
            page.contains("Niet verstuurd: er is geen toestemming"),
            "{page}"
        );
        let r = &pl::referrals_of_case(&app.db, case).await.unwrap()[0];
        assert_eq!(r.status.code(), "concept");
        send.push(("zonder_toestemming", "ja"));
        let (page, _) = step(&app, &pro, case, "verwijzingen/stap", &send).await;
        assert!(page.contains("is verstuurd"), "{page}");
        let r = &pl::referrals_of_case(&app.db, case).await.unwrap()[0];
        assert_eq!(r.status.code(), "verstuurd");

        // Scaling up, with its reason.
        let (page, _) = step(
            &app,
            &pro,
            case,
            "schalen",
            &[
                ("van_laag", "3"),
                ("naar_laag", "4"),
                ("reden", "De schulden zijn groter dan gedacht"),
            ],
        )
        .await;
        assert!(page.contains("Opgeschaald van laag 3"));

        // An evaluation planned and held.
        let eval = (today + chrono::Days::new(14)).to_string();
        step(&app, &pro, case, "evaluaties", &[("datum", &eval)]).await;
        let m = pl::moments(&app.db, case).await.unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, "evaluatie");
        let mid = m[0].id.to_string();
        let (page, _) = step(
            &app,
            &pro,
            case,
            "momenten",
            &[("moment", &mid), ("notitie", "Eerste betalingen lukken.")],
        )
        .await;
        assert!(page.contains("Eerste betalingen lukken."));
        assert!(pl::moments(&app.db, case).await.unwrap()[0]
            .done_on
            .is_some());

        // An illegal step: ending aftercare while the plan runs. A clear
        // Dutch message, and nothing changed.
        let before = version(&app, case).await;
        let (page, to) = step(&app, &pro, case, "nazorg-beeindigen", &[]).await;
        assert!(to.contains("fout="), "{to}");
        assert!(
            page.contains("er is geen nazorg om te beëindigen"),
            "{page}"
        );
        assert!(page.contains("Er is niets veranderd."));
        assert_eq!(version(&app, case).await, before);
        assert_eq!(
            pl::case_by_id(&app.db, &crate::support::everywhere(&app.db).await, case)
                .await
                .unwrap()
                .unwrap()
                .status
                .code(),
            "lopend"
        );

        // A form from an older page: a readable conflict page that keeps
        // what was typed, and nothing saved.
        let res = pro
            .post_form(
                &format!("/werk/trajecten/{case}/doelen"),
                &[
                    ("leefgebied", "huisvesting"),
                    ("tekst", "Een rustig huis zonder huurachterstand"),
                    ("uitvoerder", "netwerk"),
                    ("versie", &v0),
                ],
            )
            .await;
        assert_eq!(res.status(), 409);
        let conflict = res.text().await.unwrap();
        assert!(conflict.contains("Het plan is intussen gewijzigd"));
        assert!(conflict.contains("Een rustig huis zonder huurachterstand"));
        assert!(conflict.contains("Huisvesting"), "codes in Dutch");
        assert!(conflict.contains(&format!("href=\"/werk/trajecten/{case}\"")));
        assert_eq!(pl::goals(&app.db, case).await.unwrap().len(), 1);

        // The plan for the household: plain, printable, downloadable, audited.
        let reads = audit_reads(&app, case).await;
        let plan = pro
            .get(&format!("/werk/trajecten/{case}/plan"))
            .await
            .text()
            .await
            .unwrap();
        assert!(plan.contains("<h1 class=\"utrecht-heading-1\">Uw plan</h1>"));
        assert!(plan.contains("Vaste lasten op tijd betalen"));
        assert!(plan.contains("Schuldhulpmaatje"));
        assert!(plan.contains("Noor en haar zoon"));
        assert!(!plan.contains("kompas-nav"), "no navigation");
        assert_eq!(audit_reads(&app, case).await, reads + 1);
        let res = pro
            .get(&format!("/werk/trajecten/{case}/plan?download=1"))
            .await;
        assert_eq!(res.status(), 200);
        let disposition = res.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with(&format!("attachment; filename=\"plan-{case}-")),
            "{disposition}"
        );
        assert!(res.text().await.unwrap().contains("Uw plan"));

        // Closing with monthly aftercare, three times.
        let outcome_field = format!("resultaat-{goal}");
        let (page, _) = step(
            &app,
            &pro,
            case,
            "afsluiten",
            &[
                (outcome_field.as_str(), "deels"),
                ("reden", "De vaste lasten worden weer betaald"),
                ("nazorg", "maand"),
                ("aantal", "3"),
            ],
        )
        .await;
        assert!(page.contains("Er zijn 3 nazorgcontacten gepland"), "{page}");
        let c = pl::case_by_id(&app.db, &crate::support::everywhere(&app.db).await, case)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.status.code(), "nazorg");
        let aftercare: Vec<_> = pl::moments(&app.db, case)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == "nazorg")
            .collect();
        assert_eq!(aftercare.len(), 3);
        assert!(aftercare.iter().all(|m| m.due > today));

        // The monitor's events for this case.
        let events = kompas_store::case_events::events(&app.db, &[c.municipality_id])
            .await
            .unwrap();
        let mine = CaseId(case);
        let has = |f: &dyn Fn(&EventKind) -> bool| events.iter().any(|e| f(&e.kind));
        assert!(has(
            &|k| matches!(k, EventKind::PlanAgreed { case } if *case == mine)
        ));
        assert!(has(
            &|k| matches!(k, EventKind::ReferralSent { case, .. } if *case == mine)
        ));
        assert!(has(
            &|k| matches!(k, EventKind::Scaled { case, change } if *case == mine && change.is_up())
        ));
        assert!(has(
            &|k| matches!(k, EventKind::CaseClosed { case, .. } if *case == mine)
        ));

        // The reads of the case page were audited with the household as subject.
        let subject: String = sqlx::query(
            "SELECT subject FROM audit_log WHERE object_type = 'traject' AND action = 'read' AND object_id = $1",
        )
        .bind(case.to_string())
        .fetch_all(app.db.reader())
        .await
        .unwrap()[0]
            .try_get("subject")
            .unwrap();
        assert_eq!(subject, format!("huishouden:{h}"));
    }
);

both!(
    only_workers_on_the_case_or_a_team_lead_reach_it,
    |backend| async move {
        let Some((app, pro, case, _)) = start(backend).await else {
            return;
        };
        let c = pl::case_by_id(&app.db, &crate::support::everywhere(&app.db).await, case)
            .await
            .unwrap()
            .unwrap();

        // A second professional of the same municipality, not on the case.
        let hash =
            kompas_web::auth::password::hash(kompas_devtools::demo::DEMO_PASSWORD.to_string())
                .await
                .unwrap();
        let mut tx = app.db.begin().await.unwrap();
        let other_id = kompas_store::users::create(
            &mut tx,
            &kompas_store::users::NewUser {
                username: kompas_domain::Username::parse("consulent-twee").unwrap(),
                display_name: "Cor Collega".into(),
                role: kompas_domain::Role::Professional,
                municipality_id: c.municipality_id,
                organization_id: None,
                password_hash: Some(hash),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let sealed = kompas_store::secrets::seal_totp(
            &app.state.secrets,
            other_id,
            kompas_devtools::demo::DEMO_TOTP_SECRET,
        )
        .unwrap();
        kompas_store::users::set_totp_secret(&mut tx, other_id, Some(&sealed), chrono::Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let other = app.web.other_client();
        other.login("consulent-twee").await;
        let v = version(&app, case).await;
        assert_eq!(
            other.get(&format!("/werk/trajecten/{case}")).await.status(),
            403
        );
        assert_eq!(
            other
                .get(&format!("/werk/trajecten/{case}/plan"))
                .await
                .status(),
            403
        );
        for path in ["doelen", "afspreken", "afsluiten", "nazorg-beeindigen"] {
            let res = other
                .post_form(
                    &format!("/werk/trajecten/{case}/{path}"),
                    &[
                        ("versie", &v),
                        ("leefgebied", "financien"),
                        ("tekst", "Niet van mij"),
                        ("uitvoerder", "inwoner"),
                        ("met", "niemand"),
                        ("reden", "niet mijn traject"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 403, "{path}");
        }
        assert!(pl::goals(&app.db, case).await.unwrap().is_empty());
        assert_eq!(version(&app, case).await, v, "nothing changed");
        assert_eq!(audit_reads(&app, case).await, 0, "no read happened");
        assert!(!other
            .get("/werk/trajecten")
            .await
            .text()
            .await
            .unwrap()
            .contains(&format!("Traject {case}<")));

        // A coordinator not on the case: also refused. A team lead of the
        // municipality may look.
        let coordinator = app.web.other_client();
        coordinator.login("regisseur").await;
        assert_eq!(
            coordinator
                .get(&format!("/werk/trajecten/{case}"))
                .await
                .status(),
            403
        );
        let lead = app.web.other_client();
        lead.login("teamleider").await;
        assert_eq!(
            lead.get(&format!("/werk/trajecten/{case}")).await.status(),
            200
        );
        assert_eq!(audit_reads(&app, case).await, 1);

        // After a handover the new coordinator is on the case.
        let regisseur = kompas_store::users::by_username(&app.db, "regisseur")
            .await
            .unwrap()
            .unwrap();
        let to = regisseur.id.to_string();
        let (page, _) = step(
            &app,
            &pro,
            case,
            "overdragen",
            &[
                ("aan", &to),
                ("notitie", "Eerste gesprek gehad; plan volgt."),
            ],
        )
        .await;
        assert!(page.contains("Ravi Regisseur is nu de regisseur"), "{page}");
        assert!(page.contains("Eerste gesprek gehad; plan volgt."));
        assert_eq!(
            coordinator
                .get(&format!("/werk/trajecten/{case}"))
                .await
                .status(),
            200
        );
        // A handover without a note is refused.
        let (page, to) = step(
            &app,
            &coordinator,
            case,
            "overdragen",
            &[("aan", &other_id.to_string()), ("notitie", " ")],
        )
        .await;
        assert!(to.contains("fout="));
        assert!(page.contains("Schrijf voor de nieuwe regisseur"), "{page}");
    }
);

both!(
    the_demo_stories_stand_at_their_stages,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        use sqlx::Row;
        let status_of = |name: &'static str| {
            let db = app.db.clone();
            async move {
                sqlx::query(
                    "SELECT c.status FROM cases c JOIN household_members m ON m.household_id = c.household_id \
                     WHERE m.name = $1",
                )
                .bind(name)
                .fetch_one(db.reader())
                .await
                .unwrap()
                .try_get::<String, _>("status")
                .unwrap()
            }
        };
        assert_eq!(status_of("Joep Hendriks").await, "lopend");
        assert_eq!(status_of("Lieke de Graaf").await, "nazorg");
        assert_eq!(status_of("Karim Haddad").await, "lopend");
        assert_eq!(status_of("Geertruida Tromp").await, "lopend");
        let open_aftercare: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM case_moments k JOIN cases c ON c.id = k.case_id \
             JOIN household_members m ON m.household_id = c.household_id \
             WHERE m.name = 'Lieke de Graaf' AND k.kind = 'nazorg' AND k.done_on IS NULL",
        )
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(open_aftercare, 2, "one of three monthly calls done");
        // Loading the demo again changes nothing.
        let before: i64 = count(&app, "SELECT COUNT(*) AS n FROM cases WHERE id > $1", 0).await;
        kompas_devtools::demo::plan::load(&app.db, chrono::Utc::now())
            .await
            .unwrap();
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM cases WHERE id > $1", 0).await,
            before
        );
    }
);
