//! Four demo households whose plans follow the stories in the policy
//! visions, each at another stage: the stories are data
//! (`data/demo/stories.toml`), played here step by step through the store,
//! so the case events are real too.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::maatwerk::decision::DecisionKind;
use kompas_domain::monitor::GoalOutcome;
use kompas_domain::plan::{
    ActionText, Actor, Concerns, ConsentGrant, Goal, GoalStatus, GoalText, HandoverNote, HowOften,
    NetworkHelp, Purpose, ReferralAction, ScaleReason, Scaling,
};
use kompas_domain::toegang::question::{AgeGroup, Channel, OutcomeKind};
use kompas_store::plan::{self as plan, By, Closing, MomentKind, NewReferral};
use kompas_store::toegang::{self as tg, Address, NewQuestion};
use kompas_store::{tenancy, users, Db, Tx};
use serde::Deserialize;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

/// How many households the stories add.
pub const HOUSEHOLDS: usize = 4;

const STORIES: &str = include_str!("../../data/demo/stories.toml");

/// The stories file: one household and its plan per story.
#[derive(Debug, Deserialize)]
pub struct Stories {
    pub story: Vec<StoryData>,
}

#[derive(Debug, Deserialize)]
pub struct StoryData {
    pub address: StoryAddress,
    pub members: Vec<StoryMember>,
    #[serde(default)]
    pub network: Vec<StoryContact>,
    pub question: String,
    pub domains: Vec<LifeDomain>,
    pub days_ago: i64,
    pub step: Vec<Step>,
}

#[derive(Debug, Deserialize)]
pub struct StoryAddress {
    pub postcode: String,
    pub number: i64,
    pub street: String,
}

#[derive(Debug, Deserialize)]
pub struct StoryMember {
    pub name: String,
    pub born: toml::value::Datetime,
    pub role: String,
    /// A test BSN, for the members the iWmo/iJw messages are about.
    #[serde(default)]
    pub bsn: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StoryContact {
    pub name: String,
    pub relation: String,
    pub helps: String,
}

/// One product of a demo decision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryProduct {
    /// WMO020 / JZ020 category code.
    pub category: String,
    pub product: Option<String>,
    pub outcome: kompas_domain::maatwerk::decision::Outcome,
    /// Quantity, unit (WJ756) and frequency (WMO757) of a granted product.
    pub amount: Option<(
        u32,
        kompas_domain::maatwerk::codes::Unit,
        kompas_domain::maatwerk::codes::Frequency,
    )>,
    pub delivery: kompas_domain::maatwerk::decision::Delivery,
    pub start_days_ago: Option<i64>,
    pub end_in_days: Option<i64>,
    pub reasoning: String,
}

/// A decision on a demo path, sent `days_ago`, with an objection against it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryDecision {
    pub days_ago: i64,
    pub products: Vec<StoryProduct>,
    pub objection: Option<StoryObjection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryObjection {
    pub days_ago: i64,
    pub decided_days_ago: i64,
    pub outcome: kompas_domain::maatwerk::objection::ObjectionOutcome,
}

/// Consent for the organisation of the referral it belongs to.
#[derive(Debug, Deserialize)]
pub struct StoryConsent {
    /// Index into the story's members.
    pub member: usize,
    pub domains: Vec<LifeDomain>,
    pub purpose: String,
}

#[derive(Debug, Deserialize)]
pub struct StoryOutcome {
    pub goal: String,
    pub outcome: GoalOutcome,
}

/// One step of a plan; goals are named by the `id` their `goal` step gave them.
#[derive(Debug, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    Goal {
        id: String,
        domain: LifeDomain,
        text: String,
        actor: Actor,
        due_in_days: Option<i64>,
        days_ago: i64,
        /// The members (by index) it is about; none: the whole household.
        #[serde(default)]
        members: Vec<usize>,
    },
    Action {
        goal: String,
        text: String,
        actor: Actor,
        #[serde(default)]
        done: bool,
    },
    /// The lightest demo offer of `layer` for `domain` in the support plan.
    Support {
        goal: String,
        layer: u8,
        domain: LifeDomain,
    },
    Note {
        domain: LifeDomain,
        text: String,
        #[serde(default)]
        members: Vec<usize>,
    },
    /// Support from someone of the household's network (by index), layer 1.
    Network {
        contact: usize,
        goal: Option<String>,
        what: String,
        how_often: String,
    },
    /// A referral to an offer, sent; then the partner's steps, and consent
    /// for the receiving organisation.
    Referral {
        goal: String,
        layer: u8,
        domain: LifeDomain,
        note: String,
        then: Vec<ReferralAction>,
        /// Consents for the receiving organisation, one per member.
        #[serde(default)]
        consent: Vec<StoryConsent>,
    },
    Agree {
        days_ago: i64,
        with: String,
    },
    Scale {
        from: u8,
        to: u8,
        reason: String,
        days_ago: i64,
    },
    /// An evaluation `in_days` from now; done (with a note) when given.
    Evaluation {
        in_days: i64,
        done: Option<String>,
    },
    /// A maatwerk path for one member: a Wmo melding or an application under
    /// another law `days_ago`, then (where given) the report, the application
    /// and the decision, each `… _days_ago`.
    Maatwerk {
        law: kompas_domain::maatwerk::Law,
        member: usize,
        days_ago: i64,
        report_days_ago: Option<i64>,
        application_days_ago: Option<i64>,
        decided_days_ago: Option<i64>,
        /// Urgent help granted at once, before the assessment (Wmo 2.3.3).
        temporary: Option<StoryDecision>,
        /// The regular decision, sent on its `days_ago` (then
        /// `decided_days_ago` is left out).
        decision: Option<StoryDecision>,
    },
    /// Closing the case with monthly aftercare calls.
    Close {
        days_ago: i64,
        outcomes: Vec<StoryOutcome>,
        reason: String,
        monthly_calls: i64,
    },
    /// The first aftercare call made.
    FirstCall {
        days_ago: i64,
        note: String,
    },
}

/// The stories of `data/demo/stories.toml`.
pub fn stories() -> anyhow::Result<Stories> {
    Ok(toml::from_str(STORIES)?)
}

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

fn date(d: &toml::value::Datetime) -> anyhow::Result<NaiveDate> {
    let d = d.date.ok_or_else(|| anyhow::anyhow!("{d} is geen datum"))?;
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        .ok_or_else(|| anyhow::anyhow!("{d} is geen datum"))
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
    let stories = stories()?;
    let mut tx = db.begin().await?;
    for data in &stories.story {
        let mut s = Story::begin(&mut tx, m.id, &pro, now, data).await?;
        for step in &data.step {
            s.play(step).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A story being played: its case, members and goals so far.
struct Story<'a> {
    tx: &'a mut Tx,
    municipality: i64,
    pro: &'a users::User,
    now: DateTime<Utc>,
    case: i64,
    household: i64,
    members: Vec<i64>,
    network: Vec<i64>,
    goals: HashMap<String, i64>,
}

impl<'a> Story<'a> {
    /// The household at its address with its members and network, and a
    /// question that was taken up and closed with a case.
    async fn begin(
        tx: &'a mut Tx,
        municipality: i64,
        pro: &'a users::User,
        now: DateTime<Utc>,
        data: &StoryData,
    ) -> anyhow::Result<Story<'a>> {
        let at = now - Duration::days(data.days_ago);
        let postcode = &data.address.postcode;
        let four = postcode.get(..4).unwrap_or(postcode);
        let area = kompas_store::directory::area_for_postcode_in(tx, four).await?;
        let address = Address {
            postcode: Some(postcode.clone()),
            house_number: Some(data.address.number),
            house_number_addition: None,
            street: data.address.street.clone(),
            city: "Wilgendaal".into(),
            area_code: area.clone(),
        };
        let h = tg::create_household(tx, municipality, &address, at).await?;
        let mut members = Vec::new();
        for m in &data.members {
            let born = Some(date(&m.born)?);
            members
                .push(tg::add_member(tx, h, &m.name, born, &m.role, m.bsn.as_deref(), at).await?);
        }
        let q = NewQuestion {
            municipality_id: municipality,
            channel: Channel::Professional,
            urgent: false,
            body: data.question.clone(),
            life_domains: data.domains.clone(),
            contact_name: data.members.first().map(|m| m.name.clone()),
            contact_phone: None,
            contact_email: None,
            contact_way: None,
            age_group: AgeGroup::Adult,
            area_code: area,
            postcode: None,
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
        let mut network = Vec::new();
        for c in &data.network {
            network.push(tg::add_network_contact(tx, h, &c.name, &c.relation, &c.helps, at).await?);
        }
        Ok(Story {
            tx,
            municipality,
            pro,
            now,
            case,
            household: h,
            members,
            network,
            goals: HashMap::new(),
        })
    }

    /// Starts a maatwerk path and takes its steps (report, application,
    /// decision; each `None` is not taken yet) through the store.
    async fn maatwerk(
        &mut self,
        law: kompas_domain::maatwerk::Law,
        member: i64,
        days_ago: i64,
        [report, application, decided]: [Option<i64>; 3],
        [temporary, decision]: [Option<&StoryDecision>; 2],
    ) -> anyhow::Result<()> {
        use kompas_store::maatwerk::{self as mw, Step as MwStep};
        let scope = kompas_domain::MunicipalityScope::single(self.municipality);
        let now = self.now;
        let on = |days: i64| day(now - Duration::days(days));
        let id = mw::start_path(
            self.tx,
            &scope,
            self.household,
            Some(member),
            law,
            on(days_ago),
            Some(self.pro.id),
            self.now - Duration::days(days_ago),
        )
        .await?;
        if let Some(t) = temporary {
            self.decide(&scope, id, law, DecisionKind::Temporary, t)
                .await?;
        }
        let steps = [
            report.map(|d| MwStep::Report(on(d))),
            application
                .filter(|_| law == kompas_domain::maatwerk::Law::Wmo)
                .map(|d| MwStep::Application(on(d))),
            decided.map(|d| MwStep::Decide(on(d))),
        ];
        for (version, step) in (1..).zip(steps.iter().flatten()) {
            mw::record_step(self.tx, &scope, id, version, step).await?;
        }
        if let Some(d) = decision {
            self.decide(&scope, id, law, DecisionKind::First, d).await?;
        }
        Ok(())
    }

    /// A decision on a path, sent as the consultant sends one (letter
    /// stored, support in the plan), and the objection against it.
    async fn decide(
        &mut self,
        scope: &kompas_domain::MunicipalityScope,
        path: i64,
        law: kompas_domain::maatwerk::Law,
        kind: DecisionKind,
        d: &StoryDecision,
    ) -> anyhow::Result<()> {
        use kompas_domain::maatwerk::codes::{category, ProductCode};
        use kompas_domain::maatwerk::decision::{Amount, DecisionDraft, Line};
        use kompas_store::maatwerk as mw;
        let today = day(self.now);
        let mut lines = Vec::new();
        for p in &d.products {
            lines.push(Line {
                category: category(law, &p.category).map_err(anyhow::Error::msg)?,
                product: p
                    .product
                    .as_deref()
                    .map(ProductCode::parse)
                    .transpose()
                    .map_err(anyhow::Error::msg)?,
                outcome: p.outcome,
                amount: p.amount.map(|(quantity, unit, frequency)| Amount::Volume {
                    quantity,
                    unit,
                    frequency,
                }),
                delivery: p.delivery,
                start: p.start_days_ago.map(|n| today - Duration::days(n)),
                end: p.end_in_days.map(|n| today + Duration::days(n)),
                reasoning: p.reasoning.clone(),
            });
        }
        let draft = DecisionDraft {
            law,
            kind,
            replaces: None,
            lines,
        };
        let at = self.now - Duration::days(d.days_ago);
        let id = mw::save_decision(self.tx, scope, path, &draft, Some(self.pro.id), at).await?;
        kompas_app::maatwerk::send_decision(self.tx, scope, id, day(at), at).await?;
        if let Some(o) = &d.objection {
            let received = self.now - Duration::days(o.days_ago);
            let objection =
                mw::register_objection(self.tx, scope, id, day(received), false, received).await?;
            let decided = day(self.now - Duration::days(o.decided_days_ago));
            mw::decide_objection(self.tx, scope, objection, decided, o.outcome).await?;
        }
        Ok(())
    }

    fn by(&self, days_ago: i64) -> By {
        By::user(self.pro, self.now - Duration::days(days_ago))
    }

    /// The members named by index in a story, as the plan stores them.
    fn concerns(&self, members: &[usize]) -> anyhow::Result<Concerns> {
        let mut ids = Vec::new();
        for i in members {
            ids.push(
                *self
                    .members
                    .get(*i)
                    .ok_or_else(|| anyhow::anyhow!("lid {i} bestaat niet"))?,
            );
        }
        Ok(Concerns::members(ids))
    }

    fn goal_id(&self, name: &str) -> anyhow::Result<i64> {
        self.goals
            .get(name)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("doel '{name}' komt in het verhaal niet voor"))
    }

    async fn play(&mut self, step: &Step) -> anyhow::Result<()> {
        match step {
            Step::Maatwerk {
                law,
                member,
                days_ago,
                report_days_ago,
                application_days_ago,
                decided_days_ago,
                temporary,
                decision,
            } => {
                let member = *self
                    .members
                    .get(*member)
                    .ok_or_else(|| anyhow::anyhow!("maatwerk: lid {member} bestaat niet"))?;
                self.maatwerk(
                    *law,
                    member,
                    *days_ago,
                    [*report_days_ago, *application_days_ago, *decided_days_ago],
                    [temporary.as_ref(), decision.as_ref()],
                )
                .await?;
            }
            Step::Goal {
                id,
                domain,
                text,
                actor,
                due_in_days,
                days_ago,
                members,
            } => {
                let g = Goal {
                    domain: *domain,
                    text: GoalText::parse(text).map_err(anyhow::Error::msg)?,
                    due: due_in_days.map(|d| day(self.now) + Duration::days(d)),
                    actor: *actor,
                    status: GoalStatus::Running,
                };
                let (v, by) = (version(self.tx, self.case).await?, self.by(*days_ago));
                let about = self.concerns(members)?;
                let goal = plan::add_goal(self.tx, self.case, v, &g, &about, by).await?;
                self.goals.insert(id.clone(), goal);
            }
            Step::Action {
                goal,
                text,
                actor,
                done,
            } => {
                self.action(self.goal_id(goal)?, text, *actor, *done)
                    .await?
            }
            Step::Support {
                goal,
                layer,
                domain,
            } => {
                let o = offer(self.tx, self.municipality, *layer, *domain).await?;
                let (v, by) = (version(self.tx, self.case).await?, self.by(30));
                let goal = Some(self.goal_id(goal)?);
                plan::add_support_item(self.tx, self.case, v, goal, o, by).await?;
            }
            Step::Note {
                domain,
                text,
                members,
            } => {
                let by = self.by(25);
                let about = self.concerns(members)?;
                plan::add_domain_note(self.tx, self.case, *domain, text, &about, by).await?;
            }
            Step::Network {
                contact,
                goal,
                what,
                how_often,
            } => {
                let contact = *self
                    .network
                    .get(*contact)
                    .ok_or_else(|| anyhow::anyhow!("netwerk: contact {contact} bestaat niet"))?;
                let goal = goal.as_deref().map(|g| self.goal_id(g)).transpose()?;
                let what = NetworkHelp::parse(what).map_err(anyhow::Error::msg)?;
                let how_often = HowOften::parse(how_often).map_err(anyhow::Error::msg)?;
                let (v, by) = (version(self.tx, self.case).await?, self.by(30));
                let household = Concerns::household();
                plan::add_network_support(
                    self.tx, self.case, v, goal, contact, &what, &how_often, &household, by,
                )
                .await?;
            }
            Step::Referral {
                goal,
                layer,
                domain,
                note,
                then,
                consent,
            } => {
                let goal = self.goal_id(goal)?;
                let org = self.referral(goal, *layer, *domain, note, then).await?;
                for c in consent {
                    self.consent(c, org).await?;
                }
            }
            Step::Agree { days_ago, with } => {
                let (v, by) = (version(self.tx, self.case).await?, self.by(*days_ago));
                plan::agree_plan(self.tx, self.case, v, day(by.at), with, by).await?;
            }
            Step::Scale {
                from,
                to,
                reason,
                days_ago,
            } => self.scale(*from, *to, reason, *days_ago).await?,
            Step::Evaluation { in_days, done } => {
                let on = day(self.now) + Duration::days(*in_days);
                let id = plan::add_moment(self.tx, self.case, MomentKind::Evaluation, on).await?;
                if let Some(note) = done {
                    let by = self.by(-in_days);
                    plan::complete_moment(self.tx, self.case, id, note, by).await?;
                }
            }
            Step::Close {
                days_ago,
                outcomes,
                reason,
                monthly_calls,
            } => {
                self.close(*days_ago, outcomes, reason, *monthly_calls)
                    .await?
            }
            Step::FirstCall { days_ago, note } => {
                let first: i64 = sqlx::query(
                    "SELECT MIN(id) AS id FROM case_moments WHERE case_id = $1 AND kind = 'nazorg'",
                )
                .bind(self.case)
                .fetch_one(&mut **self.tx)
                .await?
                .try_get("id")?;
                let by = self.by(*days_ago);
                plan::complete_moment(self.tx, self.case, first, note, by).await?;
            }
        }
        Ok(())
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
        let household = Concerns::household();
        let a =
            plan::add_action(self.tx, self.case, v, goal, &t, actor, None, &household, by).await?;
        if done {
            let v = version(self.tx, self.case).await?;
            let by = self.by(5);
            plan::mark_action_done(self.tx, self.case, v, a, by).await?;
        }
        Ok(())
    }

    /// Sends the referral and takes the partner's steps; the receiving organisation.
    async fn referral(
        &mut self,
        goal: i64,
        layer: u8,
        domain: LifeDomain,
        note: &str,
        steps: &[ReferralAction],
    ) -> anyhow::Result<i64> {
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
        Ok(
            sqlx::query("SELECT organization_id FROM referrals WHERE id = $1")
                .bind(r)
                .fetch_one(&mut **self.tx)
                .await?
                .try_get("organization_id")?,
        )
    }

    async fn consent(&mut self, c: &StoryConsent, org: i64) -> anyhow::Result<()> {
        let member = *self
            .members
            .get(c.member)
            .ok_or_else(|| anyhow::anyhow!("lid {} bestaat niet", c.member))?;
        let by = self.by(41);
        let g = ConsentGrant::new(
            member,
            org,
            c.domains.iter().copied().collect::<BTreeSet<_>>(),
            Purpose::parse(&c.purpose).map_err(anyhow::Error::msg)?,
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

    async fn close(
        &mut self,
        days_ago: i64,
        outcomes: &[StoryOutcome],
        reason: &str,
        monthly_calls: i64,
    ) -> anyhow::Result<()> {
        let goal_outcomes = outcomes
            .iter()
            .map(|o| Ok((self.goal_id(&o.goal)?, o.outcome)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let v = version(self.tx, self.case).await?;
        let cal = kompas_domain::toegang::calendar::WorkingCalendar::default();
        let closed = self.by(days_ago);
        let calls = kompas_domain::plan::follow_ups(
            day(closed.at),
            kompas_domain::plan::Frequency::Monthly,
            kompas_domain::plan::FollowUpCount::new(monthly_calls).map_err(anyhow::Error::msg)?,
            &cal,
        );
        plan::close_case(
            self.tx,
            self.case,
            v,
            &Closing {
                goal_outcomes: &goal_outcomes,
                chosen: None,
                reason,
                aftercare: calls,
            },
            closed,
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stories_parse_and_every_step_names_a_goal_of_its_own_story() {
        let s = stories().unwrap();
        assert_eq!(s.story.len(), HOUSEHOLDS);
        for story in &s.story {
            assert!(!story.members.is_empty() && !story.step.is_empty());
            for m in &story.members {
                date(&m.born).unwrap();
            }
            let mut goals = std::collections::HashSet::new();
            for step in &story.step {
                let named = match step {
                    Step::Goal { id, .. } => {
                        goals.insert(id.as_str());
                        continue;
                    }
                    Step::Action { goal, .. }
                    | Step::Support { goal, .. }
                    | Step::Referral { goal, .. } => vec![goal.as_str()],
                    Step::Close { outcomes, .. } => {
                        outcomes.iter().map(|o| o.goal.as_str()).collect()
                    }
                    _ => vec![],
                };
                for g in named {
                    assert!(goals.contains(g), "{g} before its goal step");
                }
            }
        }
    }
}
