//! The worker's agenda (issue 16): evaluations and aftercare of their own
//! cases and deadlines of their questions, on a page and as an iCalendar feed
//! that holds numbers only; a new feed link revokes the old one.

use crate::both;
use crate::support::*;
use kompas_store::plan::{self as plan, MomentKind};

both!(
    the_agenda_shows_own_moments_and_the_feed_holds_no_names,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 YB", "Sem Kuipers").await;
        let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
        let soon = today + chrono::Days::new(5);
        let moment = plan::add_moment(&mut tx, fx.case, MomentKind::Evaluation, soon)
            .await
            .unwrap();
        let past = today - chrono::Days::new(2);
        plan::add_moment(&mut tx, fx.case, MomentKind::Aftercare, past)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // The consulent opened the case (coordinator): the agenda shows both,
        // the late one marked.
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let page = worker.get("/werk/agenda").await.text().await.unwrap();
        let eval = format!("Evaluatie, traject {}", fx.case);
        assert!(page.contains(&eval), "{page}");
        assert!(page.contains(&format!("Nazorgcontact, traject {}", fx.case)));
        assert!(page.contains("Over tijd"));
        // Another worker, not on the case, does not see it.
        let other = app.web.other_client();
        other.login("regisseur").await;
        let theirs = other.get("/werk/agenda").await.text().await.unwrap();
        assert!(!theirs.contains(&eval), "{theirs}");

        // A feed link, shown once; the feed is iCalendar with numbers only.
        let made = worker
            .post_form("/werk/agenda/link", &[])
            .await
            .text()
            .await
            .unwrap();
        let at = made.find("/agenda/").expect("the link is shown");
        let token: String = made[at + "/agenda/".len()..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        assert_eq!(token.len(), 64);
        let calendar = app.web.other_client();
        let res = calendar.get(&format!("/agenda/{token}")).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let ics = res.text().await.unwrap();
        assert!(
            ics.contains(&format!("UID:moment-{moment}@kompas")),
            "{ics}"
        );
        assert!(ics.contains(&format!("SUMMARY:Evaluatie\\, traject {}", fx.case)));
        assert!(
            !ics.contains("Sem Kuipers") && !ics.contains("9903"),
            "{ics}"
        );

        // A new link stops the old one; a made-up token finds nothing.
        worker.post_form("/werk/agenda/link", &[]).await;
        assert_eq!(
            calendar.get(&format!("/agenda/{token}")).await.status(),
            404
        );
        assert_eq!(calendar.get("/agenda/abc").await.status(), 404);
    }
);

/// One number in the caseload table: the cell after `name`'s row header, `n` cells on.
fn cell(page: &str, name: &str, n: usize) -> String {
    let row = &page[page.find(&format!(">{name} <")).expect(name)..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"utrecht-table__cell\">")
        .nth(n)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

both!(
    the_team_lead_sees_the_caseload_per_worker,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let lead = app.web.other_client();
        lead.login("teamleider").await;
        let before = lead.get("/werk/team").await.text().await.unwrap();
        let consulent = kompas_store::users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap();
        let name = consulent.display_name.clone();
        let cases: i64 = cell(&before, &name, 1).parse().unwrap();
        let overdue: i64 = cell(&before, &name, 2).parse().unwrap();
        let late: i64 = cell(&before, &name, 3).parse().unwrap();

        // A new case of the consulent with an overdue evaluation and a
        // referral sent a month ago without an answer.
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 YC", "Lars Mulder").await;
        let today = kompas_domain::dutch_time::local(chrono::Utc::now()).date();
        plan::add_moment(
            &mut tx,
            fx.case,
            MomentKind::Evaluation,
            today - chrono::Days::new(3),
        )
        .await
        .unwrap();
        let by = plan::By::user(&fx.pro, chrono::Utc::now());
        let note = kompas_domain::plan::HandoverNote::parse("Graag bellen.").unwrap();
        let org = kompas_store::tenancy::organizations(&app.db, fx.municipality)
            .await
            .unwrap()
            .remove(0)
            .id;
        let r = plan::create_referral(
            &mut tx,
            fx.case,
            1,
            &plan::NewReferral {
                goal_id: None,
                offer_id: None,
                organization_id: Some(org),
                layer: Some(kompas_domain::directory::Layer::OpenAccess),
                handover_note: &note,
            },
            by,
        )
        .await
        .unwrap();
        plan::referral_step(
            &mut tx,
            r,
            1,
            &kompas_domain::plan::ReferralAction::Send,
            "",
            by,
        )
        .await
        .unwrap();
        sqlx::query("UPDATE referrals SET sent_on = $2 WHERE id = $1")
            .bind(r)
            .bind((today - chrono::Days::new(30)).to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let after = lead.get("/werk/team").await.text().await.unwrap();
        assert_eq!(cell(&after, &name, 1), (cases + 1).to_string(), "{after}");
        assert_eq!(cell(&after, &name, 2), (overdue + 1).to_string());
        assert_eq!(cell(&after, &name, 3), (late + 1).to_string());
        assert!(after.contains("Nieuwe vragen zonder behandelaar:"));
        // Only a team lead has this view.
        let worker = app.web.other_client();
        worker.login("consulent").await;
        assert_eq!(worker.get("/werk/team").await.status(), 403);
    }
);
