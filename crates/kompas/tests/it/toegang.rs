//! Toegang end to end over HTTP: a resident's question, a partner's signal,
//! triage by a professional through to a case, the household page behind a
//! reason, and an audit row for every read of personal data.

use crate::both;
use crate::support::*;

async fn audit_rows(app: &TestApp, object_type: &str, action: &str, object_id: i64) -> i64 {
    use sqlx::Row;
    sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = $1 AND action = $2 AND object_id = $3",
    )
    .bind(object_type)
    .bind(action)
    .bind(object_id.to_string())
    .fetch_one(app.db.reader())
    .await
    .unwrap()
    .try_get("n")
    .unwrap()
}

async fn newest_question(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT MAX(id) AS id FROM questions")
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

async fn version_of(app: &TestApp, id: i64) -> String {
    question_of(app, id).await.version.to_string()
}

both!(
    a_resident_question_is_triaged_to_a_case_and_every_read_is_audited,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // The demo's monitor history is older than this moment.
        let start = chrono::Utc::now();
        // The resident: a refused form keeps what was typed.
        let resident = app.web.other_client();
        let res = resident
            .post_form(
                "/vraag-stellen",
                &[
                    ("vraag", "Ik kan de huur niet meer betalen"),
                    ("telefoon", "12"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Ik kan de huur niet meer betalen"),
            "the text is kept"
        );
        assert!(page.contains("telefoonnummer van 10 cijfers"));
        assert!(page.contains("Zet een vinkje"));
        let res = resident
            .post_form(
                "/vraag-stellen",
                &[
                    ("vraag", "Ik kan de huur niet meer betalen"),
                    ("contact", "telefoon"),
                    ("telefoon", "06 12345678"),
                    ("naam", "Noor Verbeek"),
                    ("postcode", "9903 AB"),
                    ("leefgebied", "financien"),
                    ("leefgebied", "huisvesting"),
                    ("toestemming", "ja"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        let confirm = resident.get(&to).await.text().await.unwrap();
        assert!(confirm.contains("binnen 5 werkdagen"), "{confirm}");
        let id = newest_question(&app).await;
        let q = question_of(&app, id).await;
        assert_eq!(
            q.area_code.as_deref(),
            Some("WK990103"),
            "wijk from the postcode"
        );
        assert_eq!(q.life_domains.len(), 2);

        // A bot that fills the hidden field is thanked and forgotten.
        let bot = app.web.other_client();
        let res = bot
            .post_form(
                "/vraag-stellen",
                &[
                    ("vraag", "koop nu"),
                    ("toestemming", "ja"),
                    ("website", "http://spam"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(newest_question(&app).await, id, "nothing stored");

        // The professional: the queue names the asker and quotes the first
        // words, and showing them is a logged read of that question.
        let pro = app.web.other_client();
        pro.login("consulent").await;
        assert_eq!(audit_rows(&app, "vraag", "read", id).await, 0);
        let queue = pro.get("/werk/wachtrij").await.text().await.unwrap();
        assert!(
            queue.contains(&format!("Vraag {id}: Noor Verbeek")),
            "{queue}"
        );
        assert!(queue.contains("Ik kan de huur niet meer betalen"));
        assert_eq!(
            audit_rows(&app, "vraag", "read", id).await,
            1,
            "the queue's lines are audited"
        );
        let filtered = pro
            .get("/werk/wachtrij?kanaal=partner")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !filtered.contains(&format!("Vraag {id}:")),
            "the channel filter applies"
        );

        let page = pro
            .get(&format!("/werk/vragen/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Noor Verbeek"));
        assert_eq!(
            audit_rows(&app, "vraag", "read", id).await,
            2,
            "opening is audited"
        );

        let v = version_of(&app, id).await;
        let res = pro
            .post_form(
                &format!("/werk/vragen/{id}/toewijzen"),
                &[("aan", "ik"), ("versie", &v)],
            )
            .await;
        assert_eq!(res.status(), 303);
        // A stale version is a conflict, not a silent overwrite.
        let res = pro
            .post_form(
                &format!("/werk/vragen/{id}/toewijzen"),
                &[("aan", ""), ("versie", &v)],
            )
            .await;
        assert_eq!(res.status(), 409);

        // The postcode the resident typed is kept and offered again.
        let question_page = pro
            .get(&format!("/werk/vragen/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            question_page.contains("name=\"postcode\" type=\"text\" value=\"9903 AB\""),
            "{question_page}"
        );
        // Link a household at the resident's address (asks a reason).
        let v = version_of(&app, id).await;
        let res = pro
            .post_form(
                &format!("/werk/vragen/{id}/huishouden"),
                &[
                    ("reden", "intake huurachterstand"),
                    ("postcode", "9903AB"),
                    ("huisnummer", "7"),
                    ("versie", &v),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let h = question_of(&app, id).await.household_id.expect("linked");

        // The household page asks why before it shows anything.
        let ask = pro
            .get(&format!("/werk/huishoudens/{h}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(ask.contains("Waarom bekijkt u dit huishouden?"));
        let before = audit_rows(&app, "huishouden", "read", h).await;
        let res = pro
            .get(&format!("/werk/huishoudens/{h}?reden=brede+uitvraag"))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(audit_rows(&app, "huishouden", "read", h).await, before + 1);

        // Members: an invalid BSN is refused with a clear message and nothing stored.
        let res = pro
            .post_form(
                &format!("/werk/huishoudens/{h}/leden"),
                &[
                    ("reden", "brede uitvraag"),
                    ("naam", "Noor Verbeek"),
                    ("geboortedatum", "03-07-1985"),
                    ("rol", "ouder"),
                    ("bsn", "123456789"),
                ],
            )
            .await;
        let back = res.headers()["location"].to_str().unwrap().to_string();
        let page = pro.get(&back).await.text().await.unwrap();
        assert!(page.contains("elfproef"), "{page}");
        assert!(kompas_store::toegang::members(&app.db, h)
            .await
            .unwrap()
            .is_empty());
        pro.post_form(
            &format!("/werk/huishoudens/{h}/leden"),
            &[
                ("reden", "brede uitvraag"),
                ("naam", "Noor Verbeek"),
                ("geboortedatum", "03-07-1985"),
                ("rol", "ouder"),
                ("bsn", "111222333"),
            ],
        )
        .await;
        assert_eq!(
            kompas_store::toegang::members(&app.db, h)
                .await
                .unwrap()
                .len(),
            1
        );

        // Two assessments: the page shows the change per domain, a chart and its table.
        for (fin, hous) in [("1", "3"), ("3", "2")] {
            pro.post_form(
                &format!("/werk/huishoudens/{h}/leefgebieden"),
                &[
                    ("reden", "brede uitvraag"),
                    ("score-financien", fin),
                    ("score-huisvesting", hous),
                ],
            )
            .await;
        }
        pro.post_form(
            &format!("/werk/huishoudens/{h}/positieve-gezondheid"),
            &[
                ("reden", "brede uitvraag"),
                ("lichaamsfuncties", "6"),
                ("mentaal-welbevinden", "4"),
                ("zingeving", "7"),
                ("kwaliteit-van-leven", "5"),
                ("meedoen", "3"),
                ("dagelijks-functioneren", "8"),
                ("bron", "papier"),
            ],
        )
        .await;
        let page = pro
            .get(&format!("/werk/huishoudens/{h}?reden=brede+uitvraag"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Financiën: 1 → 3 (2 beter)"), "{page}");
        assert!(page.contains("Huisvesting: 3 → 2 (1 slechter)"));
        assert!(page.contains("<svg"), "charts");
        assert!(page.contains("Mentaal welbevinden"));

        // Close with a case; a second open case for the household is refused.
        let v = version_of(&app, id).await;
        let res = pro
            .post_form(
                &format!("/werk/vragen/{id}/afronden"),
                &[("afloop", "traject"), ("versie", &v)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let case = kompas_store::toegang::open_case_of(&app.db, h)
            .await
            .unwrap()
            .expect("case");
        let q = question_of(&app, id).await;
        assert_eq!(q.case_id, Some(case.id));
        assert_eq!(q.status.code(), "afgerond");
        // The case page tells the story as it came in: the resident's own
        // words, the channel, the postcode typed, and the newest scores.
        let story = pro
            .get(&format!("/werk/trajecten/{}", case.id))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            story.contains("Ik kan de huur niet meer betalen"),
            "{story}"
        );
        assert!(story.contains("Postcode</dt><dd>9903 AB"), "{story}");
        assert!(story.contains("Scores bij de laatste uitvraag"), "{story}");

        // Every step left its case event for the monitor: ids and codes only.
        use kompas_domain::monitor::{CaseId, EventKind, QuestionId, QuestionOutcome};
        let events = kompas_store::case_events::events(&app.db, &[q.municipality_id])
            .await
            .unwrap();
        let steps: Vec<&EventKind> = events
            .iter()
            .filter(|e| e.at >= start)
            .map(|e| &e.kind)
            .filter(|k| match k {
                EventKind::QuestionReceived { question, .. }
                | EventKind::FirstContact { question, .. }
                | EventKind::QuestionClosed { question, .. } => *question == QuestionId(id),
                EventKind::CaseOpened { case: c, .. } => *c == CaseId(case.id),
                _ => false,
            })
            .collect();
        assert_eq!(
            steps,
            vec![
                &EventKind::QuestionReceived {
                    question: QuestionId(id),
                    channel: kompas_domain::toegang::question::Channel::Resident
                },
                &EventKind::CaseOpened {
                    case: CaseId(case.id),
                    question: Some(QuestionId(id))
                },
                // Closing without a recorded contact counts as the first contact.
                &EventKind::FirstContact {
                    question: QuestionId(id),
                    deadline_met: true
                },
                &EventKind::QuestionClosed {
                    question: QuestionId(id),
                    outcome: QuestionOutcome::Case {
                        case: CaseId(case.id)
                    }
                },
            ]
        );
        let opened = events
            .iter()
            .find(|e| {
                e.kind
                    == EventKind::CaseOpened {
                        case: CaseId(case.id),
                        question: Some(QuestionId(id)),
                    }
            })
            .unwrap();
        assert_eq!(opened.household.map(|h| h.0), Some(h));
        let mut tx = app.db.begin().await.unwrap();
        let again = kompas_store::toegang::open_case(
            &mut tx,
            q.municipality_id,
            h,
            (
                case.coordinator_id.unwrap(),
                kompas_domain::Role::Coordinator,
            ),
            chrono::Utc::now(),
            None,
        )
        .await;
        assert!(
            matches!(again, Err(kompas_store::StoreError::Conflict(_))),
            "one open case per household"
        );
        drop(tx);

        // Still reachable through the case team after the question closed.
        assert_eq!(
            pro.get(&format!("/werk/huishoudens/{h}?reden=plan"))
                .await
                .status(),
            200
        );
        // A colleague with no link to the household cannot open it.
        let other = app.web.other_client();
        other.login("regisseur").await;
        assert_eq!(
            other
                .get(&format!("/werk/huishoudens/{h}?reden=nieuwsgierig"))
                .await
                .status(),
            403
        );
    }
);

both!(
    a_partner_sees_only_the_status_of_its_own_signals,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let partner = app.web.other_client();
        partner.login("partner").await;
        let res = partner
            .post_form(
                "/partner/signalen",
                &[
                    ("reden", "geldzorgen"),
                    ("zorg", "Gezin Bakker vraagt steeds om voedselpakketten"),
                    ("naam", "Fam. Bakker"),
                    ("spoed", "ja"),
                    ("leeftijd", "jeugd"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Uw melding is ontvangen"));
        assert!(page.contains("Ontvangen"), "status shown");
        let id = newest_question(&app).await;
        let q = question_of(&app, id).await;
        assert!(q.urgent);
        let cal = kompas_domain::toegang::calendar::WorkingCalendar::default();
        let received = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
        assert_eq!(
            q.due_date,
            cal.add_working_days(received, 1),
            "urgent: one working day"
        );

        // Triage picks it up; the partner sees the new status but never the household.
        let pro = app.web.other_client();
        pro.login("consulent").await;
        let v = version_of(&app, id).await;
        pro.post_form(
            &format!("/werk/vragen/{id}/toewijzen"),
            &[("aan", "ik"), ("versie", &v)],
        )
        .await;
        let v = version_of(&app, id).await;
        pro.post_form(
            &format!("/werk/vragen/{id}/huishouden"),
            &[
                ("reden", "signaal school"),
                ("postcode", "9901 AA"),
                ("huisnummer", "3"),
                ("versie", &v),
            ],
        )
        .await;
        let h = question_of(&app, id).await.household_id.unwrap();
        let page = partner.get("/partner/signalen").await.text().await.unwrap();
        assert!(page.contains("Opgepakt"));
        assert!(
            !page.contains("Fam. Bakker"),
            "the partner does not see the details back"
        );
        for path in [
            format!("/werk/huishoudens/{h}?reden=x"),
            format!("/werk/vragen/{id}"),
            "/werk/wachtrij".to_string(),
        ] {
            assert_eq!(partner.get(&path).await.status(), 403, "{path}");
        }
    }
);

both!(
    the_demo_households_fill_the_queue_and_leave_their_case_events,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        use kompas_domain::monitor::EventKind;
        let m = kompas_store::tenancy::municipality_by_code(&app.db, "GM9901")
            .await
            .unwrap();
        let count = |sql: &'static str| {
            let db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .bind(m.id)
                    .fetch_one(db.reader())
                    .await
                    .unwrap()
            }
        };
        let households = "SELECT COUNT(*) FROM households WHERE municipality_id = $1";
        assert_eq!(
            count(households).await,
            (kompas_devtools::demo::toegang::HOUSEHOLDS + kompas_devtools::demo::plan::HOUSEHOLDS)
                as i64
        );
        // Loading again writes nothing.
        assert_eq!(
            kompas_devtools::demo::toegang::load(&app.db, chrono::Utc::now())
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            count(households).await,
            (kompas_devtools::demo::toegang::HOUSEHOLDS + kompas_devtools::demo::plan::HOUSEHOLDS)
                as i64
        );

        // The queue: urgent items, overdue items, some assigned to the consulent.
        let pro = app.web.other_client();
        pro.login("consulent").await;
        let queue = pro.get("/werk/wachtrij").await.text().await.unwrap();
        assert!(queue.contains("kompas-badge--urgent"), "urgent: {queue}");
        assert!(
            queue.contains("kompas-badge--late") && queue.contains("te laat"),
            "overdue: {queue}"
        );
        assert!(queue.contains("utrecht-table__cell\">ik</td>"), "mine");
        let urgent = pro
            .get("/werk/wachtrij?spoed=ja")
            .await
            .text()
            .await
            .unwrap();
        assert!(urgent.contains("kompas-badge--urgent"));
        assert!(!urgent.contains("Er staat niets in de wachtrij"));

        // At most one open case per household, and there are cases.
        assert!(
            count("SELECT COUNT(*) FROM cases WHERE municipality_id = $1 AND status = 'open'")
                .await
                > 10
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM (SELECT household_id FROM cases WHERE municipality_id = $1 \
                 AND status <> 'afgesloten' GROUP BY household_id HAVING COUNT(*) > 1) x"
            )
            .await,
            0
        );

        // Every demo question left its question_received event.
        let events = kompas_store::case_events::events(&app.db, &[m.id])
            .await
            .unwrap();
        let received: std::collections::HashSet<i64> = events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::QuestionReceived { question, .. } => Some(question.0),
                _ => None,
            })
            .collect();
        let questions: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM questions WHERE municipality_id = $1")
                .bind(m.id)
                .fetch_all(app.db.reader())
                .await
                .unwrap();
        assert!(questions.len() > 300, "{}", questions.len());
        let missing: Vec<&i64> = questions.iter().filter(|q| !received.contains(q)).collect();
        assert!(missing.is_empty(), "no question_received for {missing:?}");
        let closed = count(
            "SELECT COUNT(*) FROM questions WHERE municipality_id = $1 AND status = 'afgerond'",
        )
        .await;
        let closings = events
            .iter()
            .filter(|e| {
                matches!(e.kind, EventKind::QuestionClosed { question, .. }
                    if questions.contains(&question.0))
            })
            .count();
        assert_eq!(closings as i64, closed);

        // BSNs, where there are any, pass the elfproef.
        let bsns: Vec<String> = sqlx::query_scalar(
            "SELECT m.bsn FROM household_members m JOIN households h ON h.id = m.household_id \
             WHERE h.municipality_id = $1 AND m.bsn IS NOT NULL",
        )
        .bind(m.id)
        .fetch_all(app.db.reader())
        .await
        .unwrap();
        assert!(!bsns.is_empty());
        assert!(bsns.iter().all(|b| kompas_domain::Bsn::parse(b).is_ok()));

        // A household from the queue opens for the consulent, with its people.
        let h: i64 = sqlx::query_scalar(
            "SELECT MIN(household_id) FROM questions WHERE municipality_id = $1 \
             AND status <> 'afgerond' AND household_id IS NOT NULL",
        )
        .bind(m.id)
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        let res = pro
            .get(&format!("/werk/huishoudens/{h}?reden=demo+bekijken"))
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        let member = &kompas_store::toegang::members(&app.db, h).await.unwrap()[0];
        assert!(page.contains(&member.name), "{page}");

        // The partner sees its signals in every status.
        let partner = app.web.other_client();
        partner.login("partner").await;
        let page = partner.get("/partner/signalen").await.text().await.unwrap();
        for status in ["Ontvangen", "Opgepakt", "Afgerond"] {
            assert!(page.contains(status), "{status}");
        }
    }
);
