//! The resident's own view: a one-time link opens a short session for one
//! member, who sees the plan and who looked at the file, and can ask for a
//! correction; the link works once.

use crate::both;
use crate::support::*;
use kompas_domain::directory::LifeDomain;
use kompas_domain::plan::{Actor, Goal, GoalStatus, GoalText};
use kompas_store::plan::{self as plan, By};
use kompas_store::toegang as tg;

both!(
    a_resident_sees_the_plan_and_who_looked_through_a_one_time_link,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XS", "Lotte Brink").await;
        let (pro, h, member, case) = (fx.pro.clone(), fx.household, fx.member, fx.case);
        let by = By::user(&pro, chrono::Utc::now());
        let goal = Goal {
            domain: LifeDomain::WorkAndEducation,
            text: GoalText::parse("Een opleiding tot doktersassistent kiezen").unwrap(),
            due: None,
            actor: Actor::Resident,
            status: GoalStatus::Running,
        };
        plan::add_goal(
            &mut tx,
            case,
            1,
            &goal,
            &kompas_domain::plan::Concerns::household(),
            by,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let worker = app.web.other_client();
        worker.login("consulent").await;
        let made = worker
            .post_form(
                &format!("/werk/huishoudens/{h}/leden/{member}/inloglink"),
                &[("reden", "plan delen met de inwoner")],
            )
            .await;
        assert_eq!(made.status(), 200);
        let made = made.text().await.unwrap();
        let start = made.find("/mijn/inloggen/").expect("the link is shown");
        let token: String = made[start + "/mijn/inloggen/".len()..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        assert_eq!(token.len(), 64);

        let resident = app.web.other_client();
        let before = resident.get("/mijn").await.text().await.unwrap();
        assert!(
            !before.contains("Een opleiding"),
            "no plan without the link"
        );
        // Opening the link shows a button; the button's POST logs in.
        let res = resident.get(&format!("/mijn/inloggen/{token}")).await;
        assert_eq!(res.status(), 200);
        let res = resident
            .post_form(&format!("/mijn/inloggen/{token}"), &[])
            .await;
        assert_eq!(res.status(), 303);
        let page = resident.get("/mijn").await.text().await.unwrap();
        assert!(page.contains("Welkom, Lotte Brink"), "{page}");
        assert!(page.contains("Een opleiding tot doktersassistent kiezen"));
        // Who looked: the worker's role and organisation and the reason, never a name.
        assert!(page.contains("Consulent van de gemeente"), "{page}");
        assert!(page.contains("plan delen met de inwoner"));
        // The coordinator is named; the list of who looked names roles only.
        assert!(page.contains(&format!("Uw regisseur</dt><dd>{}", pro.display_name)));
        let looks = &page[page.find("Wie heeft uw gegevens bekeken?").unwrap()..];
        assert!(!looks.contains(&pro.display_name), "staff names stay out");

        // The link works once.
        let again = app.web.other_client();
        let res = again.get(&format!("/mijn/inloggen/{token}")).await;
        assert_eq!(res.status(), 410);
        let res = again
            .post_form(&format!("/mijn/inloggen/{token}"), &[])
            .await;
        assert_eq!(res.status(), 410);

        // A correction request lands in the queue for this household.
        let res = resident
            .post_form(
                "/mijn/correctie",
                &[("correctie", "Mijn geboortedatum klopt niet")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let qs = tg::questions_of_household(&app.db, h).await.unwrap();
        assert!(qs
            .iter()
            .any(|q| q.body.contains("Mijn geboortedatum klopt niet")));

        // After logging out the plan is gone from the page.
        resident.post_form("/mijn/uitloggen", &[]).await;
        let after = resident.get("/mijn").await.text().await.unwrap();
        assert!(!after.contains("Een opleiding"));
    }
);
