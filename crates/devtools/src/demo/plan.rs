//! Four demo households whose plans follow the stories in the policy
//! visions, each at another stage. Names, places and texts are invented for
//! Kompas; only the shape of each story comes from the seeds:
//!
//! - the Hendriks family: Joep (14) skips school while his parents separate
//!   and have debts — plan agreed, referral accepted, evaluation coming up;
//! - Lieke (17) ran away from home and was helped by a 16–27 team — closed,
//!   with monthly aftercare calls (one done);
//! - Samira (26) and Karim (29), who came as refugees: integration, study,
//!   a medical pause and work again — plan running, one referral declined;
//! - mevrouw Tromp (95) lives at home on her network plus household help —
//!   plan running for years, a yearly evaluation.
//!
//! Everything goes through the store, so the case events are real too.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::GoalOutcome;
use kompas_domain::plan::{
    ActionText, Actor, ConsentGrant, Goal, GoalStatus, GoalText, HandoverNote, Purpose,
    ReferralAction, ScaleReason, Scaling,
};
use kompas_domain::toegang::question::{AgeGroup, Channel, OutcomeKind};
use kompas_store::plan::{self as plan, By, Closing, MomentKind, NewReferral};
use kompas_store::toegang::{self as tg, Address, NewQuestion};
use kompas_store::{tenancy, users, Db, Tx};
use sqlx::Row;
use std::collections::BTreeSet;

/// How many households the stories add.
pub const HOUSEHOLDS: usize = 4;

async fn version(tx: &mut Tx, case: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query("SELECT version FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(&mut **tx)
        .await?
        .try_get("version")?)
}

/// The lightest active demo offer for a life domain in a layer (any domain when none fits).
async fn offer(
    tx: &mut Tx,
    municipality: i64,
    layer: u8,
    domain: LifeDomain,
) -> anyhow::Result<i64> {
    let r = sqlx::query(
        "SELECT id FROM offers WHERE municipality_id = $1 AND layer = $2 AND status = 'active' \
         ORDER BY CASE WHEN life_domains LIKE $3 THEN 0 ELSE 1 END, id LIMIT 1",
    )
    .bind(municipality)
    .bind(i64::from(layer))
    .bind(format!("%{}%", domain.code()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

fn day(at: DateTime<Utc>) -> NaiveDate {
    kompas_domain::dutch_time::local(at).date()
}

struct Story<'a> {
    tx: &'a mut Tx,
    municipality: i64,
    pro: &'a users::User,
    now: DateTime<Utc>,
    case: i64,
    household: i64,
}

impl Story<'_> {
    fn by(&self, days_ago: i64) -> By {
        By::user(self.pro, self.now - Duration::days(days_ago))
    }

    /// A household at an address with its members (name, birth date, role),
    /// a question that was taken up and closed with a case.
    async fn begin(
        tx: &mut Tx,
        municipality: i64,
        pro: &users::User,
        now: DateTime<Utc>,
        (postcode, number, street): (&str, i64, &str),
        members: &[(&str, (i32, u32, u32), &str)],
        (question, domains, days_ago): (&str, &[LifeDomain], i64),
    ) -> anyhow::Result<(i64, Vec<i64>, i64)> {
        let at = now - Duration::days(days_ago);
        let area = kompas_store::directory::area_for_postcode_in(tx, &postcode[..4]).await?;
        let address = Address {
            postcode: Some(postcode.into()),
            house_number: Some(number),
            house_number_addition: None,
            street: street.into(),
            city: "Wilgendaal".into(),
            area_code: area.clone(),
        };
        let h = tg::create_household(tx, municipality, &address, at).await?;
        let mut ids = Vec::new();
        for (name, (y, m, d), role) in members {
            let born = NaiveDate::from_ymd_opt(*y, *m, *d);
            ids.push(tg::add_member(tx, h, name, born, role, None, at).await?);
        }
        let q = NewQuestion {
            municipality_id: municipality,
            channel: Channel::Professional,
            urgent: false,
            body: question.into(),
            life_domains: domains.to_vec(),
            contact_name: Some(members[0].0.into()),
            contact_phone: None,
            contact_email: None,
            contact_way: None,
            age_group: AgeGroup::Adult,
            area_code: area,
            household_id: Some(h),
            submitted_by: Some(pro.id),
            submitter_organization: None,
            reason: None,
            received_at: at,
            due_date: day(at) + Duration::days(7),
        };
        let qid = tg::create_question(tx, &q, Some(pro.role)).await?;
        let case = tg::open_case(tx, municipality, h, (pro.id, pro.role), at, Some(qid)).await?;
        tg::close_question(
            tx,
            qid,
            1,
            &tg::Closing {
                outcome: OutcomeKind::CaseOpened,
                offer_id: None,
                case_id: Some(case),
                note: "Samen een plan maken.".into(),
                at,
            },
            Some(pro.role),
        )
        .await?;
        Ok((h, ids, case))
    }

    async fn goal(
        &mut self,
        domain: LifeDomain,
        text: &str,
        actor: Actor,
        due_in_days: Option<i64>,
        days_ago: i64,
    ) -> anyhow::Result<i64> {
        let by = self.by(days_ago);
        let g = Goal {
            domain,
            text: GoalText::parse(text).map_err(anyhow::Error::msg)?,
            due: due_in_days.map(|d| day(self.now) + Duration::days(d)),
            actor,
            status: GoalStatus::Running,
        };
        let v = version(self.tx, self.case).await?;
        Ok(plan::add_goal(self.tx, self.case, v, &g, by).await?)
    }

    async fn action(
        &mut self,
        goal: i64,
        text: &str,
        actor: Actor,
        done: bool,
    ) -> anyhow::Result<()> {
        let by = self.by(20);
        let v = version(self.tx, self.case).await?;
        let t = ActionText::parse(text).map_err(anyhow::Error::msg)?;
        let a = plan::add_action(self.tx, self.case, v, goal, &t, actor, None, by).await?;
        if done {
            let v = version(self.tx, self.case).await?;
            let by = self.by(5);
            plan::mark_action_done(self.tx, self.case, v, a, by).await?;
        }
        Ok(())
    }

    async fn support(&mut self, goal: i64, layer: u8, domain: LifeDomain) -> anyhow::Result<i64> {
        let o = offer(self.tx, self.municipality, layer, domain).await?;
        let v = version(self.tx, self.case).await?;
        let by = self.by(30);
        Ok(plan::add_support_item(self.tx, self.case, v, Some(goal), o, by).await?)
    }

    async fn note(&mut self, domain: LifeDomain, text: &str) -> anyhow::Result<()> {
        let by = self.by(25);
        plan::add_domain_note(self.tx, self.case, domain, text, by).await?;
        Ok(())
    }

    async fn agree(&mut self, days_ago: i64, with_whom: &str) -> anyhow::Result<()> {
        let by = self.by(days_ago);
        let v = version(self.tx, self.case).await?;
        plan::agree_plan(self.tx, self.case, v, day(by.at), with_whom, by).await?;
        Ok(())
    }

    /// A referral to an offer, sent; then the partner's steps.
    async fn referral(
        &mut self,
        goal: i64,
        layer: u8,
        domain: LifeDomain,
        note: &str,
        steps: &[ReferralAction],
    ) -> anyhow::Result<(i64, i64)> {
        let o = offer(self.tx, self.municipality, layer, domain).await?;
        let v = version(self.tx, self.case).await?;
        let note = HandoverNote::parse(note).map_err(anyhow::Error::msg)?;
        let by = self.by(40);
        let r = plan::create_referral(
            self.tx,
            self.case,
            v,
            &NewReferral {
                goal_id: Some(goal),
                offer_id: Some(o),
                organization_id: None,
                layer: None,
                handover_note: &note,
            },
            by,
        )
        .await?;
        // A new referral is at version 1; every step moves it one on.
        for (i, step) in (1_i64..).zip(std::iter::once(&ReferralAction::Send).chain(steps)) {
            let by = self.by(41 - 3 * i);
            plan::referral_step(self.tx, r, i, step, "", by).await?;
        }
        let org: i64 = sqlx::query("SELECT organization_id FROM referrals WHERE id = $1")
            .bind(r)
            .fetch_one(&mut **self.tx)
            .await?
            .try_get("organization_id")?;
        Ok((r, org))
    }

    async fn consent(
        &mut self,
        member: i64,
        org: i64,
        domains: &[LifeDomain],
        purpose: &str,
    ) -> anyhow::Result<()> {
        let by = self.by(41);
        let g = ConsentGrant::new(
            member,
            org,
            domains.iter().copied().collect::<BTreeSet<_>>(),
            Purpose::parse(purpose).map_err(anyhow::Error::msg)?,
            day(by.at),
            None,
        )
        .map_err(anyhow::Error::msg)?;
        plan::add_consent(self.tx, self.household, &g, by).await?;
        Ok(())
    }

    async fn scale(&mut self, from: u8, to: u8, reason: &str, days_ago: i64) -> anyhow::Result<()> {
        let layer =
            |n: u8| Layer::from_number(i64::from(n)).ok_or_else(|| anyhow::anyhow!("laag {n}"));
        let s = Scaling::new(
            plan::layer_change(layer(from)?, layer(to)?)?,
            ScaleReason::parse(reason).map_err(anyhow::Error::msg)?,
        );
        let v = version(self.tx, self.case).await?;
        let by = self.by(days_ago);
        plan::add_scaling(self.tx, self.case, v, &s, by).await?;
        Ok(())
    }

    async fn moment(
        &mut self,
        kind: MomentKind,
        in_days: i64,
        done_note: Option<&str>,
    ) -> anyhow::Result<()> {
        let id = plan::add_moment(
            self.tx,
            self.case,
            kind,
            day(self.now) + Duration::days(in_days),
        )
        .await?;
        if let Some(note) = done_note {
            let by = self.by(-in_days);
            plan::complete_moment(self.tx, self.case, id, note, by).await?;
        }
        Ok(())
    }
}

/// Loads the four stories once (skipped when the Hendriks family is there).
pub async fn load(db: &Db, now: DateTime<Utc>) -> anyhow::Result<()> {
    let m = tenancy::municipality_by_code(db, "GM9901").await?;
    let known: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM household_members WHERE name = 'Joep Hendriks'")
            .fetch_one(db.reader())
            .await?
            .try_get("n")?;
    if known > 0 {
        return Ok(());
    }
    let pro = users::by_username(db, "regisseur")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo-account regisseur ontbreekt"))?;
    let mut tx = db.begin().await?;
    hendriks(&mut tx, m.id, &pro, now).await?;
    lieke(&mut tx, m.id, &pro, now).await?;
    samira_and_karim(&mut tx, m.id, &pro, now).await?;
    tromp(&mut tx, m.id, &pro, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn hendriks(
    tx: &mut Tx,
    municipality: i64,
    pro: &users::User,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (household, members, case) = Story::begin(
        tx,
        municipality,
        pro,
        now,
        ("9903 AF", 12, "Korenbloemstraat"),
        &[
            ("Ilse Hendriks", (1984, 6, 2), "ouder"),
            ("Rob Hendriks", (1982, 1, 19), "ouder"),
            ("Joep Hendriks", (2012, 3, 8), "kind"),
        ],
        (
            "De mentor van Joep meldt veel ongeoorloofd verzuim. Thuis is het onrustig: de ouders gaan uit elkaar en er zijn schulden.",
            &[LifeDomain::WorkAndEducation, LifeDomain::DomesticRelations, LifeDomain::Finances],
            70,
        ),
    )
    .await?;
    let mut s = Story {
        tx,
        municipality,
        pro,
        now,
        case,
        household,
    };
    let school = s
        .goal(
            LifeDomain::WorkAndEducation,
            "Joep gaat weer elke schooldag naar school",
            Actor::Resident,
            Some(60),
            60,
        )
        .await?;
    s.action(
        school,
        "Gesprek met Joep, zijn mentor en de leerplichtambtenaar",
        Actor::Professional,
        true,
    )
    .await?;
    s.action(
        school,
        "Ouders zetten het rooster van beide huizen in één agenda",
        Actor::Resident,
        false,
    )
    .await?;
    s.support(school, 3, LifeDomain::Parenting).await?;
    let money = s
        .goal(
            LifeDomain::Finances,
            "De ouders hebben een overzicht van alle schulden",
            Actor::Professional,
            Some(30),
            60,
        )
        .await?;
    s.support(money, 2, LifeDomain::Finances).await?;
    let home = s
        .goal(
            LifeDomain::DomesticRelations,
            "De ouders maken samen afspraken over de zorg voor Joep",
            Actor::Network,
            None,
            58,
        )
        .await?;
    s.action(
        home,
        "Oma Hendriks is er op woensdagmiddag voor Joep",
        Actor::Network,
        false,
    )
    .await?;
    s.note(
        LifeDomain::Finances,
        "Achterstand bij energie en zorgverzekering; nog geen beslag.",
    )
    .await?;
    s.note(
        LifeDomain::DomesticRelations,
        "Veel spanning bij de overdracht tussen de twee huizen.",
    )
    .await?;
    let (_, org) = s
        .referral(
            money,
            4,
            LifeDomain::Finances,
            "Beide ouders willen hulp bij de schulden. Graag eerst een gesprek met moeder; zij heeft de post.",
            &[ReferralAction::Accept, ReferralAction::Start],
        )
        .await?;
    s.consent(
        members[0],
        org,
        &[LifeDomain::Finances],
        "schuldhulpverlening voor het gezin",
    )
    .await?;
    s.agree(50, "Ilse en Rob Hendriks, met Joep erbij").await?;
    s.moment(MomentKind::Evaluation, 10, None).await?;
    Ok(())
}

async fn lieke(
    tx: &mut Tx,
    municipality: i64,
    pro: &users::User,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (household, members, case) = Story::begin(
        tx,
        municipality,
        pro,
        now,
        ("9901 AF", 3, "Havenstraat"),
        &[
            ("Lieke de Graaf", (2008, 9, 14), "kind"),
            ("Marjan de Graaf", (1975, 4, 30), "ouder"),
        ],
        (
            "De nachtopvang meldt een meisje van 17 dat al een paar keer van huis is weggelopen en buiten heeft geslapen.",
            &[LifeDomain::Housing, LifeDomain::DomesticRelations, LifeDomain::WorkAndEducation],
            300,
        ),
    )
    .await?;
    let mut s = Story {
        tx,
        municipality,
        pro,
        now,
        case,
        household,
    };
    let bed = s
        .goal(
            LifeDomain::Housing,
            "Lieke heeft elke nacht een veilige slaapplek",
            Actor::Professional,
            None,
            295,
        )
        .await?;
    s.scale(3, 4, "Lieke slaapt buiten; er dreigt dakloosheid.", 290)
        .await?;
    let exam = s
        .goal(
            LifeDomain::WorkAndEducation,
            "Lieke haalt haar vwo-diploma",
            Actor::Resident,
            None,
            280,
        )
        .await?;
    s.support(exam, 3, LifeDomain::WorkAndEducation).await?;
    let talk = s
        .goal(
            LifeDomain::DomesticRelations,
            "Lieke en haar moeder kunnen weer met elkaar praten",
            Actor::Network,
            None,
            280,
        )
        .await?;
    s.action(
        talk,
        "Drie gesprekken met Lieke en haar moeder, met de hulpverlener van het jongerenteam",
        Actor::Professional,
        true,
    )
    .await?;
    s.agree(270, "Lieke de Graaf").await?;
    s.moment(
        MomentKind::Evaluation,
        -120,
        Some("Slaapplek geregeld; gesprekken thuis gaan beter."),
    )
    .await?;
    s.scale(
        4,
        2,
        "Het gaat goed; Lieke woont op kamers en heeft geen zware hulp meer nodig.",
        60,
    )
    .await?;
    let _ = members;
    // Closed a month ago with three monthly calls; the first one is done.
    let v = version(s.tx, case).await?;
    let cal = kompas_domain::toegang::calendar::WorkingCalendar::default();
    let closed = s.by(30);
    let calls = kompas_domain::plan::follow_ups(
        day(closed.at),
        kompas_domain::plan::Frequency::Monthly,
        kompas_domain::plan::FollowUpCount::new(3).map_err(anyhow::Error::msg)?,
        &cal,
    );
    plan::close_case(
        s.tx,
        case,
        v,
        &Closing {
            goal_outcomes: &[
                (bed, GoalOutcome::Reached),
                (exam, GoalOutcome::Reached),
                (talk, GoalOutcome::Partly),
            ],
            chosen: None,
            reason: "Lieke studeert in een andere stad en woont op kamers, zonder hulp.",
            aftercare: calls,
        },
        closed,
    )
    .await?;
    let first: i64 = sqlx::query(
        "SELECT MIN(id) AS id FROM case_moments WHERE case_id = $1 AND kind = 'nazorg'",
    )
    .bind(case)
    .fetch_one(&mut **s.tx)
    .await?
    .try_get("id")?;
    let by = s.by(1);
    plan::complete_moment(
        s.tx,
        case,
        first,
        "Gebeld: het gaat goed met de studie.",
        by,
    )
    .await?;
    Ok(())
}

async fn samira_and_karim(
    tx: &mut Tx,
    municipality: i64,
    pro: &users::User,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (household, members, case) = Story::begin(
        tx,
        municipality,
        pro,
        now,
        ("9902 AF", 41, "Lijsterbeslaan"),
        &[
            ("Samira Haddad", (2000, 2, 11), "partner"),
            ("Karim Haddad", (1997, 7, 23), "partner"),
        ],
        (
            "Een stel dat vier jaar geleden als vluchteling kwam, wil studeren en werken. Karim moest om medische redenen stoppen met werken.",
            &[LifeDomain::LanguageAndSkills, LifeDomain::WorkAndEducation, LifeDomain::PhysicalHealth],
            200,
        ),
    )
    .await?;
    let mut s = Story {
        tx,
        municipality,
        pro,
        now,
        case,
        household,
    };
    let study = s
        .goal(
            LifeDomain::WorkAndEducation,
            "Samira begint aan de mbo-opleiding voor de kinderopvang",
            Actor::Resident,
            Some(90),
            190,
        )
        .await?;
    s.support(study, 2, LifeDomain::WorkAndEducation).await?;
    let exam = s
        .goal(
            LifeDomain::LanguageAndSkills,
            "Karim haalt zijn inburgeringsexamen",
            Actor::Resident,
            Some(120),
            190,
        )
        .await?;
    s.support(exam, 2, LifeDomain::LanguageAndSkills).await?;
    let health = s
        .goal(
            LifeDomain::PhysicalHealth,
            "Karim herstelt eerst; daarna zoekt hij weer werk als kok",
            Actor::Resident,
            None,
            185,
        )
        .await?;
    s.note(
        LifeDomain::PhysicalHealth,
        "Medische pauze op advies van de huisarts; opnieuw bekijken bij de evaluatie.",
    )
    .await?;
    let (_, org) = s
        .referral(
            exam,
            3,
            LifeDomain::LanguageAndSkills,
            "Karim wil extra lessen voor het examen; hij kan alleen 's ochtends.",
            &[ReferralAction::Decline(
                kompas_domain::monitor::DeclineReason::NoCapacity,
            )],
        )
        .await?;
    s.consent(
        members[1],
        org,
        &[LifeDomain::LanguageAndSkills],
        "aanmelding voor extra taallessen",
    )
    .await?;
    s.referral(
        health,
        4,
        LifeDomain::WorkAndEducation,
        "Na zijn herstel wil Karim stap voor stap terug naar werk in de keuken.",
        &[ReferralAction::Accept],
    )
    .await?;
    s.agree(170, "Samira en Karim Haddad").await?;
    s.moment(
        MomentKind::Evaluation,
        -20,
        Some("Samira is aangenomen voor de opleiding. Karim herstelt goed."),
    )
    .await?;
    s.moment(MomentKind::Evaluation, 70, None).await?;
    Ok(())
}

async fn tromp(
    tx: &mut Tx,
    municipality: i64,
    pro: &users::User,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (household, _, case) = Story::begin(
        tx,
        municipality,
        pro,
        now,
        ("9905 AF", 7, "Dorpsstraat"),
        &[("Geertruida Tromp", (1931, 5, 17), "anders")],
        (
            "Mevrouw Tromp (95) woont alleen en loopt slecht. Ze wil thuis blijven wonen; schoonmaken lukt niet meer.",
            &[LifeDomain::DailyLiving, LifeDomain::SocialNetwork],
            420,
        ),
    )
    .await?;
    for (name, relation, helps) in [
        (
            "Wil (vriendin)",
            "vriend",
            "Boodschappen op woensdag en een kop koffie",
        ),
        ("Zoon van de buren", "buur", "Houdt de tuin bij"),
    ] {
        tg::add_network_contact(
            tx,
            household,
            name,
            relation,
            helps,
            now - Duration::days(420),
        )
        .await?;
    }
    let mut s = Story {
        tx,
        municipality,
        pro,
        now,
        case,
        household,
    };
    let home = s
        .goal(
            LifeDomain::DailyLiving,
            "Mevrouw Tromp woont zelfstandig in haar eigen huis",
            Actor::Network,
            None,
            410,
        )
        .await?;
    s.support(home, 4, LifeDomain::DailyLiving).await?;
    let friends = s
        .goal(
            LifeDomain::SocialNetwork,
            "Mevrouw Tromp houdt haar vaste contacten in de buurt",
            Actor::Network,
            None,
            410,
        )
        .await?;
    s.support(friends, 1, LifeDomain::SocialNetwork).await?;
    s.agree(400, "Geertruida Tromp, met haar vriendin Wil")
        .await?;
    s.moment(
        MomentKind::Evaluation,
        -35,
        Some("Huishoudelijke hulp bevalt goed; netwerk is er nog elke week."),
    )
    .await?;
    s.moment(MomentKind::Evaluation, 330, None).await?;
    Ok(())
}
