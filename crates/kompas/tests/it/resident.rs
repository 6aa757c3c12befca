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
        // The coordinator is named; who looked is a short summary per
        // organisation, the full list (role, organisation, reason) a page further.
        assert!(page.contains(&format!(
            "Uw regisseur</dt><dd><bdi>{}</bdi>",
            pro.display_name
        )));
        let looks = &page[page.find("Wie heeft uw gegevens bekeken?").unwrap()..];
        assert!(looks.contains("de gemeente</bdi>: "), "{looks}");
        assert!(looks.contains("href=\"/mijn/inzage\""), "{looks}");
        assert!(!looks.contains(&pro.display_name), "staff names stay out");
        let all = resident.get("/mijn/inzage").await.text().await.unwrap();
        assert!(all.contains("Consulent van de gemeente"), "{all}");
        assert!(all.contains("plan delen met de inwoner"));
        assert!(!all.contains(&pro.display_name), "staff names stay out");

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
        // … and shows on /mijn as her question, with its status in plain words.
        let page = resident
            .get(res.headers()["location"].to_str().unwrap())
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Uw verzoek is ontvangen"), "{page}");
        let mine = &page[page.find("Uw vragen").unwrap()..];
        assert!(mine.contains("Mijn geboortedatum klopt niet"), "{mine}");
        assert!(mine.contains("Ontvangen, we nemen contact met u op"));
        // A request that is too long is refused, and what she typed stays.
        let long = "Mijn adres klopt niet. ".repeat(200);
        let res = resident
            .post_form("/mijn/correctie", &[("correctie", long.as_str())])
            .await;
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Schrijf wat er anders moet"), "{page}");
        assert!(page.contains(long.trim_end()), "the text is kept");

        // After logging out the plan is gone from the page.
        resident.post_form("/mijn/uitloggen", &[]).await;
        let after = resident.get("/mijn").await.text().await.unwrap();
        assert!(!after.contains("Een opleiding"));
    }
);

/// A one-time link for `member`, made by the demo consulent: a signed-in resident.
async fn resident_via_link(app: &TestApp, h: i64, member: i64) -> Browser {
    let worker = app.web.other_client();
    worker.login("consulent").await;
    let made = worker
        .post_form(
            &format!("/werk/huishoudens/{h}/leden/{member}/inloglink"),
            &[("reden", "plan delen")],
        )
        .await
        .text()
        .await
        .unwrap();
    let at = made.find("/mijn/inloggen/").unwrap();
    let link = made[at..at + "/mijn/inloggen/".len() + 64].to_string();
    let resident = app.web.other_client();
    assert_eq!(resident.post_form(&link, &[]).await.status(), 303);
    resident
}

both!(
    mijn_shows_contact_next_evaluation_goals_and_a_readable_summary_of_who_looked,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 MV", "Noor Visser").await;
        let by = By::user(&fx.pro, now);
        kompas_store::users::set_work_contact(
            &mut tx,
            fx.pro.id,
            Some("06 12 34 56 78"),
            Some("c.onsulent@wilgendaal.example"),
            now,
        )
        .await
        .unwrap();
        let today = kompas_domain::dutch_time::local(now).date();
        let due = today + chrono::Duration::days(20);
        plan::add_moment(&mut tx, fx.case, plan::MomentKind::Evaluation, due)
            .await
            .unwrap();
        plan::add_moment(
            &mut tx,
            fx.case,
            plan::MomentKind::Aftercare,
            today + chrono::Duration::days(90),
        )
        .await
        .unwrap();
        let goal = Goal {
            domain: LifeDomain::Finances,
            text: GoalText::parse("Noor heeft overzicht over haar rekeningen").unwrap(),
            due: None,
            actor: Actor::Resident,
            status: GoalStatus::Partly,
        };
        plan::add_goal(
            &mut tx,
            fx.case,
            1,
            &goal,
            &kompas_domain::plan::Concerns::household(),
            by,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // Thirty reads by a partner organisation, as the log holds them.
        let welzijn = kompas_store::tenancy::organization_by_name(
            &app.db,
            fx.municipality,
            "Stichting Welzijn Wilgendaal",
        )
        .await
        .unwrap()
        .id;
        for _ in 0..30 {
            let e = kompas_domain::AuditEntry {
                at: kompas_store::time::to_db(chrono::Utc::now()),
                actor_user_id: None,
                actor_username: Some("partner".into()),
                actor_role: Some("partner".into()),
                actor_organization_id: Some(welzijn),
                municipality_id: Some(fx.municipality),
                action: kompas_domain::AuditAction::Read,
                object_type: "verwijzing".into(),
                object_id: None,
                subject: Some(format!("huishouden:{}", fx.household)),
                purpose: Some("verwijzing bekijken".into()),
                legal_ground: None,
                outcome: kompas_domain::AuditOutcome::Success,
                detail: None,
            };
            kompas_store::audit::record(&app.db, &e).await.unwrap();
        }

        let resident = resident_via_link(&app, fx.household, fx.member).await;
        let page = resident.get("/mijn").await.text().await.unwrap();
        // How to reach the coordinator.
        assert!(page.contains("href=\"tel:0612345678\""), "{page}");
        assert!(page.contains("c.onsulent@wilgendaal.example"));
        // The next evaluation, in Dutch words and local time.
        use chrono::Datelike;
        use kompas_domain::dutch_time::MONTHS;
        let long = |d: chrono::NaiveDate| {
            format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
        };
        assert!(
            page.contains(&format!("Volgende evaluatie</dt><dd>{}", long(due))),
            "{page}"
        );
        assert!(page.contains("We maken samen een plan"));
        // The goal as the worker wrote it (marked Dutch), its status in plain words.
        assert!(
            page.contains("lang=\"nl\" dir=\"ltr\">Noor heeft overzicht over haar rekeningen</h3>")
        );
        assert!(page.contains("Voor een deel gelukt"), "{page}");
        assert!(page.contains("<dd>U zelf</dd>"));
        // Who looked: one line per organisation for this month, counted.
        let name = MONTHS[today.month0() as usize];
        let month = format!(
            "{}{} {}",
            name[..1].to_uppercase(),
            &name[1..],
            today.year()
        );
        let looks = &page[page.find("Wie heeft uw gegevens bekeken?").unwrap()..];
        assert!(
            looks.contains(&format!("<h3 class=\"utrecht-heading-3\">{month}</h3>")),
            "{looks}"
        );
        assert!(
            looks.contains("Stichting Welzijn Wilgendaal</bdi>: 30 keer bekeken"),
            "{looks}"
        );
        // No list of dozens of rows on /mijn itself.
        assert!(!looks.contains("verwijzing bekijken"), "{looks}");

        // The full list, 25 at a time, newest first.
        let first = resident.get("/mijn/inzage").await.text().await.unwrap();
        assert!(first.contains("Pagina 1 van 2."), "{first}");
        let at = first
            .find("href=\"/mijn/inzage?pagina=2&amp;tot=")
            .expect("a next page");
        let next: String = first[at + 6..]
            .chars()
            .take_while(|c| *c != '"')
            .collect::<String>()
            .replace("&amp;", "&");
        // The newest rows are the resident's own and the worker's link.
        assert!(first.contains("u of iemand uit uw huishouden"), "{first}");
        assert!(first.contains("Medewerker van Stichting Welzijn Wilgendaal"));
        let second = resident.get(&next).await.text().await.unwrap();
        assert!(second.contains("Pagina 2 van 2."), "{second}");
        assert!(second.contains("href=\"/mijn/inzage?pagina=1&amp;tot="));
        assert_eq!(
            first.matches("verwijzing bekijken").count()
                + second.matches("verwijzing bekijken").count(),
            30,
            "every row once, over the pages"
        );
        assert!(
            first
                .matches("<li><p class=\"utrecht-paragraph\"><strong>")
                .count()
                == 25
        );

        // The same page in English and in Arabic (right to left); what the
        // worker wrote stays Dutch.
        let en = resident.get("/mijn?taal=en").await.text().await.unwrap();
        assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
        assert!(en.contains("Your coordinator"), "{en}");
        assert!(en.contains("Partly done"));
        assert!(
            en.contains("Stichting Welzijn Wilgendaal</bdi>: looked 30 times"),
            "{en}"
        );
        assert!(en.contains("Noor heeft overzicht over haar rekeningen"));
        let ar = resident.get("/mijn?taal=ar").await.text().await.unwrap();
        assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
        assert!(ar.contains("منسّقك"));
        assert!(
            ar.contains("lang=\"nl\" dir=\"ltr\">Noor heeft overzicht over haar rekeningen</h3>")
        );
        let inzage = resident.get("/mijn/inzage").await.text().await.unwrap();
        assert!(inzage.contains("من اطّلع على ملفي؟"), "the choice sticks");
    }
);
