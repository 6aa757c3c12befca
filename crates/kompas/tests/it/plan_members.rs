//! Plans per household member (issue 16): goals, actions and notes belong to
//! members; a partner sees an item only when every member it is about
//! consented (a couple, a parent and child); the household sees its own; the
//! network's support counts as layer 1; a member of another household is
//! refused and changes nothing.

use crate::both;
use crate::support::*;
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::plan::{
    Actor, Concerns, ConsentGrant, Goal, GoalStatus, GoalText, HandoverNote, Purpose,
    ReferralAction,
};
use kompas_store::plan::{self as plan, By};
use kompas_store::toegang as tg;
use std::collections::BTreeSet;

const FATIMA_GOAL: &str = "Fatima rondt haar opleiding tot verzorgende af";
const AMIR_GOAL: &str = "Amir vindt werk in de logistiek";
const JOINT_GOAL: &str = "Samen een overzicht van de vaste lasten";
const AMIR_NOTE: &str = "Amir heeft last van zijn rug na het ongeluk";
const CHILD_GOAL: &str = "Noah gaat met plezier naar de voetbalclub";

/// The case's plan version, read in the transaction.
async fn version(tx: &mut kompas_store::Tx, case: i64) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT version FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(&mut **tx)
        .await
        .unwrap()
        .try_get("version")
        .unwrap()
}

/// A goal about `members` in `domain`.
async fn goal(
    tx: &mut kompas_store::Tx,
    case: i64,
    domain: LifeDomain,
    text: &str,
    members: &[i64],
    by: By,
) -> i64 {
    let v = version(tx, case).await;
    let g = Goal {
        domain,
        text: GoalText::parse(text).unwrap(),
        due: None,
        actor: Actor::Resident,
        status: GoalStatus::Running,
    };
    let about = Concerns::members(members.iter().copied());
    plan::add_goal(tx, case, v, &g, &about, by).await.unwrap()
}

async fn consent(
    app: &TestApp,
    household: i64,
    member: i64,
    org: i64,
    domains: &[LifeDomain],
    by: By,
) {
    let g = ConsentGrant::new(
        member,
        org,
        domains.iter().copied().collect::<BTreeSet<_>>(),
        Purpose::parse("Werk en inkomen samen oppakken").unwrap(),
        kompas_domain::dutch_time::local(chrono::Utc::now() - chrono::Duration::days(1)).date(),
        None,
    )
    .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    plan::add_consent(&mut tx, household, &g, by).await.unwrap();
    tx.commit().await.unwrap();
}

/// A referral to `org`, sent; returns its id.
async fn referral(tx: &mut kompas_store::Tx, case: i64, org: i64, by: By) -> i64 {
    let v = version(tx, case).await;
    let note = HandoverNote::parse("Graag contact opnemen in de ochtend.").unwrap();
    let r = plan::create_referral(
        tx,
        case,
        v,
        &plan::NewReferral {
            goal_id: None,
            offer_id: None,
            organization_id: Some(org),
            layer: Some(Layer::OpenAccess),
            handover_note: &note,
        },
        by,
    )
    .await
    .unwrap();
    plan::referral_step(tx, r, 1, &ReferralAction::Send, "", by)
        .await
        .unwrap();
    r
}

async fn welzijn(app: &TestApp, municipality: i64) -> i64 {
    kompas_store::tenancy::organization_by_name(
        &app.db,
        municipality,
        "Stichting Welzijn Wilgendaal",
    )
    .await
    .unwrap()
    .id
}

async fn partner_page(app: &TestApp, referral: i64) -> String {
    let partner = app.web.other_client();
    partner.login("partner").await;
    partner
        .get(&format!("/partner/verwijzingen/{referral}"))
        .await
        .text()
        .await
        .unwrap()
}

both!(
    a_partner_sees_only_the_goals_of_members_who_consented,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XT", "Fatima Amrani").await;
        let (h, fatima, case) = (fx.household, fx.member, fx.case);
        let now = chrono::Utc::now();
        let amir = tg::add_member(&mut tx, h, "Amir Amrani", None, "partner", None, now)
            .await
            .unwrap();
        let by = By::user(&fx.pro, now);
        let work = LifeDomain::WorkAndEducation;
        goal(&mut tx, case, work, FATIMA_GOAL, &[fatima], by).await;
        let amirs = goal(&mut tx, case, work, AMIR_GOAL, &[amir], by).await;
        goal(
            &mut tx,
            case,
            LifeDomain::Finances,
            JOINT_GOAL,
            &[fatima, amir],
            by,
        )
        .await;
        let about_amir = Concerns::members([amir]);
        plan::add_domain_note(&mut tx, case, work, AMIR_NOTE, &about_amir, by)
            .await
            .unwrap();
        let org = welzijn(&app, fx.municipality).await;
        let r = referral(&mut tx, case, org, by).await;
        tx.commit().await.unwrap();
        // An action on Amir's goal is about Amir too.
        let actions = plan::actions(&app.db, case).await.unwrap();
        assert!(actions.is_empty());
        let mut tx = app.db.begin().await.unwrap();
        let v = version(&mut tx, case).await;
        let text = kompas_domain::plan::ActionText::parse("Cv laten nakijken").unwrap();
        let household = Concerns::household();
        plan::add_action(
            &mut tx,
            case,
            v,
            amirs,
            &text,
            Actor::Resident,
            None,
            &household,
            by,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            plan::actions(&app.db, case).await.unwrap()[0].concerns,
            about_amir
        );

        // Fatima consents for work and finances: her goal only.
        consent(&app, h, fatima, org, &[work, LifeDomain::Finances], by).await;
        let page = partner_page(&app, r).await;
        assert!(page.contains(FATIMA_GOAL), "{page}");
        assert!(
            page.contains("Fatima Amrani: voor Werk en inkomen samen oppakken"),
            "{page}"
        );
        for hidden in [
            AMIR_GOAL,
            JOINT_GOAL,
            AMIR_NOTE,
            "Cv laten nakijken",
            "Amir Amrani",
        ] {
            assert!(!page.contains(hidden), "{hidden:?} needs Amir's consent");
        }

        // Amir consents for work only: his goal, action and note; the joint
        // finance goal still needs his consent for finances.
        consent(&app, h, amir, org, &[work], by).await;
        let page = partner_page(&app, r).await;
        for shown in [FATIMA_GOAL, AMIR_GOAL, AMIR_NOTE, "Cv laten nakijken"] {
            assert!(page.contains(shown), "{shown:?} is consented: {page}");
        }
        assert!(!page.contains(JOINT_GOAL), "{page}");

        // The worker sees everything, with whom each goal is about.
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let case_page = worker
            .get(&format!("/werk/trajecten/{case}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            case_page.contains("Voor: Fatima Amrani, Amir Amrani"),
            "{case_page}"
        );
        assert!(case_page.contains("Voor: Amir Amrani"));
    }
);

both!(
    a_childs_goal_needs_consent_for_the_child_and_the_parent_sees_it,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XU", "Sanne de Wit").await;
        let (h, parent, case) = (fx.household, fx.member, fx.case);
        let now = chrono::Utc::now();
        let born = chrono::NaiveDate::from_ymd_opt(2015, 4, 1);
        let child = tg::add_member(&mut tx, h, "Noah de Wit", born, "kind", None, now)
            .await
            .unwrap();
        let by = By::user(&fx.pro, now);
        let parenting = LifeDomain::Parenting;
        goal(&mut tx, case, parenting, CHILD_GOAL, &[child], by).await;
        goal(
            &mut tx,
            case,
            parenting,
            "Sanne neemt rust op zondag",
            &[parent],
            by,
        )
        .await;
        let org = welzijn(&app, fx.municipality).await;
        let r = referral(&mut tx, case, org, by).await;
        tx.commit().await.unwrap();

        // The parent's consent for herself does not open the child's goal.
        consent(&app, h, parent, org, &[parenting], by).await;
        let page = partner_page(&app, r).await;
        assert!(page.contains("Sanne neemt rust op zondag"), "{page}");
        assert!(!page.contains(CHILD_GOAL), "{page}");
        // Consent recorded for the child (by the parent, as the law lets a
        // parent of a child under 12) opens it.
        consent(&app, h, child, org, &[parenting], by).await;
        assert!(partner_page(&app, r).await.contains(CHILD_GOAL));

        // In the household's own view the parent sees the child's goal; the
        // child would not see the parent's.
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let resident = resident_session(&app, &worker, h, parent).await;
        let mine = resident.get("/mijn").await.text().await.unwrap();
        assert!(mine.contains(CHILD_GOAL), "{mine}");
        assert!(mine.contains("Sanne neemt rust op zondag"));
        let kid = resident_session(&app, &worker, h, child).await;
        let theirs = kid.get("/mijn").await.text().await.unwrap();
        assert!(theirs.contains(CHILD_GOAL), "{theirs}");
        assert!(!theirs.contains("Sanne neemt rust op zondag"), "{theirs}");
    }
);

/// A resident session for `member` through a one-time link the worker makes.
async fn resident_session(app: &TestApp, worker: &Browser, h: i64, member: i64) -> Browser {
    let made = worker
        .post_form(
            &format!("/werk/huishoudens/{h}/leden/{member}/inloglink"),
            &[("reden", "plan delen met het gezin")],
        )
        .await
        .text()
        .await
        .unwrap();
    let start = made.find("/mijn/inloggen/").expect("the link is shown");
    let token: String = made[start + "/mijn/inloggen/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    let resident = app.web.other_client();
    let res = resident
        .post_form(&format!("/mijn/inloggen/{token}"), &[])
        .await;
    assert_eq!(res.status(), 303);
    resident
}

both!(
    network_support_counts_as_layer_one_and_strangers_are_refused,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XV", "Ria Simons").await;
        let other = household_with_case(&app, &mut tx, "9903 XW", "Kees Buitenhuis").await;
        let now = chrono::Utc::now();
        let friend = tg::add_network_contact(&mut tx, fx.household, "Wil", "vriend", "", now)
            .await
            .unwrap();
        let stranger = tg::add_network_contact(&mut tx, other.household, "Jan", "buur", "", now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let case = fx.case;
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let post = |fields| post_step(&app, &worker, case, "hulp/netwerk", fields);
        // Someone of another household's network, or a member of another
        // household: refused, nothing saved.
        let page = post(vec![
            ("netwerk", stranger.to_string()),
            ("wat", "Boodschappen".into()),
            ("hoe_vaak", "Elke week".into()),
        ])
        .await;
        assert!(
            page.contains("kies iemand uit het netwerk van dit huishouden")
                || page.contains("Kies iemand uit het netwerk van dit huishouden"),
            "{page}"
        );
        let page = post(vec![
            ("netwerk", friend.to_string()),
            ("wat", "Boodschappen".into()),
            ("hoe_vaak", "Elke week".into()),
            ("lid", other.member.to_string()),
        ])
        .await;
        assert!(
            page.contains("Kies alleen leden van dit huishouden"),
            "{page}"
        );
        assert!(plan::support_items(&app.db, case).await.unwrap().is_empty());

        let page = post(vec![
            ("netwerk", friend.to_string()),
            ("wat", "Doet de boodschappen met haar".into()),
            ("hoe_vaak", "Elke woensdag".into()),
        ])
        .await;
        assert!(page.contains("Netwerk: Wil (Elke woensdag)"), "{page}");
        let items = plan::support_items(&app.db, case).await.unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].layer, Layer::OwnStrength);
        assert_eq!(items[0].network.as_ref().unwrap().contact_id, friend);
        // The pyramid counts it in layer 1.
        let pyramid = &page[page.find("Hulp per laag").unwrap()..];
        assert!(
            pyramid.contains(
                "1. Eigen kracht en netwerk</th><td class=\"utrecht-table__cell\">1</td>"
            ),
            "{pyramid}"
        );
        // The monitor counts it as layer 1, from the network; the refused
        // attempts left no event.
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT layer, outcome FROM case_events WHERE case_id = $1 AND kind = 'support_added'",
        )
        .bind(case)
        .fetch_all(app.db.reader())
        .await
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].try_get::<i64, _>("layer").unwrap(), 1);
        assert_eq!(rows[0].try_get::<String, _>("outcome").unwrap(), "netwerk");
    }
);

both!(
    a_contact_report_shared_with_the_household_shows_on_its_page,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut tx = app.db.begin().await.unwrap();
        let fx = household_with_case(&app, &mut tx, "9903 XX", "Mila Jansen").await;
        tx.commit().await.unwrap();
        let (h, mila, case) = (fx.household, fx.member, fx.case);
        let worker = app.web.other_client();
        worker.login("consulent").await;
        let post = |fields| post_step(&app, &worker, case, "contact", fields);
        // A contact in the future is refused and saves nothing.
        let tomorrow = (kompas_domain::dutch_time::local(chrono::Utc::now()).date()
            + chrono::Days::new(1))
        .to_string();
        let page = post(vec![
            ("soort", "gesprek".into()),
            ("datum", tomorrow),
            ("verslag", "Nog niet gebeurd".into()),
        ])
        .await;
        assert!(page.contains("kies vandaag of een eerdere dag"), "{page}");
        assert!(plan::contacts(&app.db, case).await.unwrap().is_empty());

        post(vec![
            ("soort", "huisbezoek".into()),
            (
                "verslag",
                // A report of more than one line (a text area).
                "Afgesproken: Mila belt zelf de woningcorporatie.\nVolgende week bellen we na."
                    .into(),
            ),
            ("delen", "ja".into()),
            ("lid", mila.to_string()),
        ])
        .await;
        let page = post(vec![
            ("soort", "telefoon".into()),
            (
                "verslag",
                "Overleg met de huisarts over de slaapproblemen.".into(),
            ),
        ])
        .await;
        assert!(page.contains("Huisbezoek,"), "{page}");
        assert!(page.contains("Gedeeld met het huishouden"));
        assert!(page.contains("Overleg met de huisarts"));
        let contacts = plan::contacts(&app.db, case).await.unwrap();
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts.iter().filter(|c| c.shared).count(), 1);

        // The household reads the shared report, not the other one.
        let resident = resident_session(&app, &worker, h, mila).await;
        let mine = resident.get("/mijn").await.text().await.unwrap();
        assert!(mine.contains("Verslagen van gesprekken"), "{mine}");
        assert!(mine.contains("Afgesproken: Mila belt zelf de woningcorporatie."));
        assert!(mine.contains("Volgende week bellen we na."), "{mine}");
        assert!(!mine.contains("Overleg met de huisarts"), "{mine}");
    }
);

/// Posts a step on the case with its current version; the page it leads to.
async fn post_step(
    app: &TestApp,
    worker: &Browser,
    case: i64,
    path: &str,
    fields: Vec<(&'static str, String)>,
) -> String {
    let mut tx = app.db.begin().await.unwrap();
    let v = version(&mut tx, case).await.to_string();
    drop(tx);
    let mut form = fields;
    form.push(("versie", v));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = worker
        .post_form(&format!("/werk/trajecten/{case}/{path}"), &form)
        .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    worker.get(&to).await.text().await.unwrap()
}
