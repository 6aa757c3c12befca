//! The plan module's storage: a household's case with its plan (goals,
//! actions, support from the sociale kaart), team, consent, referrals,
//! scaling, evaluations, closing and aftercare.
//!
//! Every state change is checked by the domain (`kompas_domain::plan`) and
//! appends its case event in the same transaction. Plan changes carry the
//! case's version: a change made on an older page is refused as a conflict.

use crate::case_events::case_event;
use crate::directory::{all, one};
use crate::plan_members::{self as members, ItemKind};
use crate::time::{date, day};
use crate::{parsed, time, Db, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::directory::{Layer, LifeDomain};
use kompas_domain::monitor::{
    CaseId, DeclineReason, EventKind, GoalOutcome, LayerChange, ReferralId,
};
use kompas_domain::plan::{
    Actor, CaseAction, CaseStatus, CaseTableReferral, ClosingGoals, Concerns, ConsentGrant,
    GoalStatus, Handover, HowOften, NetworkHelp, Purpose, ReferralAction, ReferralStatus, Scaling,
};
use kompas_domain::MunicipalityScope;
use kompas_domain::Role;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

fn opt_date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(col)?
        .map(|s| date(&s))
        .transpose()
}

fn layer_of(n: i64) -> Result<Layer> {
    Layer::from_number(n).ok_or_else(|| StoreError::Invalid(format!("laag {n} bestaat niet")))
}

// ---------------------------------------------------------------- the case

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub municipality_id: i64,
    pub household_id: i64,
    pub area_code: Option<String>,
    pub status: CaseStatus,
    pub coordinator_id: Option<i64>,
    pub coordinator_name: Option<String>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub question_id: Option<i64>,
    pub reentry: bool,
    pub version: i64,
    pub plan_agreed_on: Option<NaiveDate>,
    pub plan_agreed_with: Option<String>,
    pub outcome: Option<GoalOutcome>,
    pub close_reason: Option<String>,
}

const CASE_SELECT: &str = "SELECT c.id, c.municipality_id, c.household_id, h.area_code, c.status, \
    c.coordinator_id, u.display_name AS coordinator_name, c.opened_at, c.closed_at, c.question_id, \
    c.reentry, c.version, c.plan_agreed_on, c.plan_agreed_with, c.outcome, c.close_reason \
    FROM cases c JOIN households h ON h.id = c.household_id LEFT JOIN users u ON u.id = c.coordinator_id";

fn case_row(r: &AnyRow) -> Result<CaseRow> {
    Ok(CaseRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        household_id: r.try_get("household_id")?,
        area_code: r.try_get("area_code")?,
        status: parsed(CaseStatus::parse(&r.try_get::<String, _>("status")?))?,
        coordinator_id: r.try_get("coordinator_id")?,
        coordinator_name: r.try_get("coordinator_name")?,
        opened_at: r.try_get("opened_at")?,
        closed_at: r.try_get("closed_at")?,
        question_id: r.try_get("question_id")?,
        reentry: r.try_get::<i64, _>("reentry")? != 0,
        version: r.try_get("version")?,
        plan_agreed_on: opt_date(r, "plan_agreed_on")?,
        plan_agreed_with: r.try_get("plan_agreed_with")?,
        outcome: r
            .try_get::<Option<String>, _>("outcome")?
            .map(|o| parsed(GoalOutcome::parse(&o)))
            .transpose()?,
        close_reason: r.try_get("close_reason")?,
    })
}

/// A case of the caller's municipalities.
pub async fn case_by_id(db: &Db, scope: &MunicipalityScope, id: i64) -> Result<Option<CaseRow>> {
    let sql = format!(
        "{CASE_SELECT} WHERE c.id = $1 AND {}",
        crate::in_scope("c.municipality_id", scope)
    );
    one(db, sqlx::query(&sql).bind(id), case_row).await
}

/// The cases of a household, newest first.
pub async fn cases_of_household(db: &Db, household_id: i64) -> Result<Vec<CaseRow>> {
    let sql = format!("{CASE_SELECT} WHERE c.household_id = $1 ORDER BY c.id DESC");
    all(db, sqlx::query(&sql).bind(household_id), case_row).await
}

/// Is the user the case's coordinator or on its team?
pub async fn is_on_case(db: &Db, case_id: i64, user_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM cases WHERE id = $1 AND coordinator_id = $2) + \
         (SELECT COUNT(*) FROM case_team WHERE case_id = $1 AND user_id = $2) AS n",
    )
    .bind(case_id)
    .bind(user_id)
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    Ok(n > 0)
}

/// Claims the next version of the case's plan; refused when someone else
/// changed it since `version` was read.
pub async fn bump_version(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE cases SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2",
    )
    .bind(case_id)
    .bind(version)
    .bind(time::to_db(now))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict(
            "het plan is intussen door iemand anders gewijzigd".into(),
        ));
    }
    Ok(())
}

async fn status_of(conn: &mut AnyConnection, case_id: i64) -> Result<CaseStatus> {
    let s: String = sqlx::query("SELECT status FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("traject {case_id}")))?
        .try_get("status")?;
    parsed(CaseStatus::parse(&s))
}

/// Who did a step, and when.
#[derive(Debug, Clone, Copy)]
pub struct By {
    pub user_id: i64,
    pub role: Role,
    pub at: DateTime<Utc>,
}

impl By {
    pub fn user(u: &crate::users::User, at: DateTime<Utc>) -> By {
        By {
            user_id: u.id,
            role: u.role,
            at,
        }
    }

    pub fn today(&self) -> NaiveDate {
        kompas_domain::dutch_time::local(self.at).date()
    }
}

/// Agrees the plan with the household (again, after a change).
pub async fn agree_plan(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    on: NaiveDate,
    with_whom: &str,
    by: By,
) -> Result<()> {
    let to = parsed(status_of(conn, case_id).await?.apply(CaseAction::AgreePlan))?;
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query(
        "UPDATE cases SET status = $2, plan_agreed_on = $3, plan_agreed_with = $4 WHERE id = $1",
    )
    .bind(case_id)
    .bind(to.code())
    .bind(day(on))
    .bind(with_whom)
    .execute(&mut *conn)
    .await?;
    case_event(
        conn,
        case_id,
        Some(by.role),
        by.at,
        EventKind::PlanAgreed {
            case: CaseId(case_id),
        },
    )
    .await
}

/// Hands the case to another coordinator, with a note.
pub async fn hand_over(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    h: &Handover,
    by: By,
) -> Result<()> {
    if !status_of(conn, case_id).await?.is_current() {
        return Err(StoreError::Invalid(
            "dit traject is afgesloten; er is geen regisseur meer nodig".into(),
        ));
    }
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query("UPDATE cases SET coordinator_id = $2 WHERE id = $1")
        .bind(case_id)
        .bind(h.to_user())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO case_handovers (case_id, from_user, to_user, note, at, by_user) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(h.from_user())
    .bind(h.to_user())
    .bind(h.note())
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .execute(&mut *conn)
    .await?;
    add_team_member(conn, case_id, h.to_user()).await?;
    case_event(
        conn,
        case_id,
        Some(by.role),
        by.at,
        EventKind::CoordinatorChanged {
            case: CaseId(case_id),
        },
    )
    .await
}

pub async fn add_team_member(conn: &mut AnyConnection, case_id: i64, user_id: i64) -> Result<()> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM case_team WHERE case_id = $1 AND user_id = $2")
            .bind(case_id)
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    if n == 0 {
        sqlx::query("INSERT INTO case_team (case_id, user_id) VALUES ($1, $2)")
            .bind(case_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverRow {
    pub from_name: Option<String>,
    pub to_name: String,
    pub note: String,
    pub at: String,
}

pub async fn handovers(db: &Db, case_id: i64) -> Result<Vec<HandoverRow>> {
    let q = sqlx::query(
        "SELECT f.display_name AS from_name, t.display_name AS to_name, x.note, x.at FROM case_handovers x \
         LEFT JOIN users f ON f.id = x.from_user JOIN users t ON t.id = x.to_user WHERE x.case_id = $1 ORDER BY x.id",
    )
    .bind(case_id);
    all(db, q, |r| {
        Ok(HandoverRow {
            from_name: r.try_get("from_name")?,
            to_name: r.try_get("to_name")?,
            note: r.try_get("note")?,
            at: r.try_get("at")?,
        })
    })
    .await
}

/// The professionals on the team: (id, name, role code).
pub async fn team(db: &Db, case_id: i64) -> Result<Vec<(i64, String, String)>> {
    let q = sqlx::query(
        "SELECT u.id, u.display_name, u.role FROM case_team t JOIN users u ON u.id = t.user_id \
         WHERE t.case_id = $1 ORDER BY u.display_name",
    )
    .bind(case_id);
    all(db, q, |r| {
        Ok((
            r.try_get("id")?,
            r.try_get("display_name")?,
            r.try_get("role")?,
        ))
    })
    .await
}

// ---------------------------------------------------------------- goals and actions

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRow {
    pub id: i64,
    pub domain: LifeDomain,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub actor: Actor,
    pub status: GoalStatus,
    /// The members it is about (none: the whole household).
    pub concerns: Concerns,
}

/// Fills in whom each row is about, from `plan_item_members`.
async fn with_concerns<T>(
    db: &Db,
    case_id: i64,
    kind: ItemKind,
    mut rows: Vec<T>,
    slot: fn(&mut T) -> (i64, &mut Concerns),
) -> Result<Vec<T>> {
    let mut of = members::of_case(db, case_id, kind).await?;
    for row in &mut rows {
        let (id, concerns) = slot(row);
        *concerns = of.remove(&id).unwrap_or_default();
    }
    Ok(rows)
}

pub async fn goals(db: &Db, case_id: i64) -> Result<Vec<GoalRow>> {
    let q = sqlx::query(
        "SELECT id, life_domain, text, due_date, actor, status FROM goals WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id);
    let rows = all(db, q, |r| {
        Ok(GoalRow {
            id: r.try_get("id")?,
            domain: parsed(LifeDomain::parse(&r.try_get::<String, _>("life_domain")?))?,
            text: r.try_get("text")?,
            due: opt_date(r, "due_date")?,
            actor: parsed(Actor::parse(&r.try_get::<String, _>("actor")?))?,
            status: parsed(GoalStatus::parse(&r.try_get::<String, _>("status")?))?,
            concerns: Concerns::household(),
        })
    })
    .await?;
    with_concerns(db, case_id, ItemKind::Goal, rows, |g| {
        (g.id, &mut g.concerns)
    })
    .await
}

/// A goal of a current case, about `concerns`; returns its id.
pub async fn add_goal(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    g: &kompas_domain::plan::Goal,
    concerns: &Concerns,
    by: By,
) -> Result<i64> {
    refuse_when_closed(conn, case_id).await?;
    bump_version(conn, case_id, version, by.at).await?;
    let r = sqlx::query(
        "INSERT INTO goals (case_id, life_domain, text, due_date, actor, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(g.domain.code())
    .bind(g.text.as_str())
    .bind(g.due.map(day))
    .bind(g.actor.code())
    .bind(g.status.code())
    .bind(time::to_db(by.at))
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    members::write(conn, case_id, ItemKind::Goal, id, concerns).await?;
    Ok(id)
}

async fn refuse_when_closed(conn: &mut AnyConnection, case_id: i64) -> Result<()> {
    if status_of(conn, case_id).await?.is_closed() {
        return Err(StoreError::Invalid(
            "dit traject is afgesloten; het plan verandert niet meer".into(),
        ));
    }
    Ok(())
}

/// Sets a goal's status during the case (an evaluation).
pub async fn set_goal_status(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    goal_id: i64,
    status: GoalStatus,
    by: By,
) -> Result<()> {
    refuse_when_closed(conn, case_id).await?;
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query("UPDATE goals SET status = $3 WHERE id = $1 AND case_id = $2")
        .bind(goal_id)
        .bind(case_id)
        .bind(status.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub goal_id: i64,
    pub text: String,
    pub actor: Actor,
    pub due: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub concerns: Concerns,
}

pub async fn actions(db: &Db, case_id: i64) -> Result<Vec<ActionRow>> {
    let rows = all(
        db,
        sqlx::query(
            "SELECT a.id, a.goal_id, a.text, a.actor, a.due_date, a.done_on FROM goal_actions a \
         JOIN goals g ON g.id = a.goal_id WHERE g.case_id = $1 ORDER BY a.id",
        )
        .bind(case_id),
        |r| {
            Ok(ActionRow {
                id: r.try_get("id")?,
                goal_id: r.try_get("goal_id")?,
                text: r.try_get("text")?,
                actor: parsed(Actor::parse(&r.try_get::<String, _>("actor")?))?,
                due: opt_date(r, "due_date")?,
                done_on: opt_date(r, "done_on")?,
                concerns: Concerns::household(),
            })
        },
    )
    .await?;
    with_concerns(db, case_id, ItemKind::Action, rows, |a| {
        (a.id, &mut a.concerns)
    })
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn add_action(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    goal_id: i64,
    text: &kompas_domain::plan::ActionText,
    actor: Actor,
    due: Option<NaiveDate>,
    concerns: &Concerns,
    by: By,
) -> Result<i64> {
    refuse_when_closed(conn, case_id).await?;
    goal_of_case(conn, case_id, goal_id).await?;
    bump_version(conn, case_id, version, by.at).await?;
    let r = sqlx::query(
        "INSERT INTO goal_actions (goal_id, text, actor, due_date) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(goal_id)
    .bind(text.as_str())
    .bind(actor.code())
    .bind(due.map(day))
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    // An action is about its goal's members unless it names its own.
    let concerns = if concerns.is_household() {
        goal_concerns(conn, case_id, goal_id).await?
    } else {
        concerns.clone()
    };
    members::write(conn, case_id, ItemKind::Action, id, &concerns).await?;
    Ok(id)
}

/// Whom a goal of the case is about.
async fn goal_concerns(conn: &mut AnyConnection, case_id: i64, goal_id: i64) -> Result<Concerns> {
    let rows = sqlx::query(
        "SELECT member_id FROM plan_item_members WHERE case_id = $1 AND item_kind = 'doel' AND item_id = $2",
    )
    .bind(case_id)
    .bind(goal_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Concerns::members(
        rows.iter()
            .map(|r| r.try_get::<i64, _>("member_id"))
            .collect::<std::result::Result<Vec<_>, _>>()?,
    ))
}

async fn goal_of_case(conn: &mut AnyConnection, case_id: i64, goal_id: i64) -> Result<()> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM goals WHERE id = $1 AND case_id = $2")
        .bind(goal_id)
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    if n == 0 {
        return Err(StoreError::Invalid(format!(
            "doel {goal_id} hoort niet bij dit traject"
        )));
    }
    Ok(())
}

pub async fn mark_action_done(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    action_id: i64,
    by: By,
) -> Result<()> {
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query(
        "UPDATE goal_actions SET done_on = $3 WHERE id = $1 AND goal_id IN (SELECT id FROM goals WHERE case_id = $2)",
    )
    .bind(action_id)
    .bind(case_id)
    .bind(day(by.today()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- support and notes

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportRow {
    pub id: i64,
    pub goal_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub title: String,
    pub layer: Layer,
    pub added_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Support from someone of the household's network: who and how often.
    pub network: Option<NetworkGiver>,
    pub concerns: Concerns,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkGiver {
    pub contact_id: i64,
    pub name: String,
    pub how_often: String,
}

pub async fn support_items(db: &Db, case_id: i64) -> Result<Vec<SupportRow>> {
    let rows = all(
        db,
        sqlx::query(
            "SELECT s.id, s.goal_id, s.offer_id, s.title, s.layer, s.added_on, s.ended_on, \
             s.network_contact_id, n.name AS network_name, s.how_often FROM support_items s \
             LEFT JOIN network_contacts n ON n.id = s.network_contact_id \
             WHERE s.case_id = $1 ORDER BY s.layer, s.id",
        )
        .bind(case_id),
        |r| {
            let network = match r.try_get::<Option<i64>, _>("network_contact_id")? {
                Some(contact_id) => Some(NetworkGiver {
                    contact_id,
                    name: r.try_get("network_name")?,
                    how_often: r
                        .try_get::<Option<String>, _>("how_often")?
                        .unwrap_or_default(),
                }),
                None => None,
            };
            Ok(SupportRow {
                id: r.try_get("id")?,
                goal_id: r.try_get("goal_id")?,
                offer_id: r.try_get("offer_id")?,
                title: r.try_get("title")?,
                layer: layer_of(r.try_get("layer")?)?,
                added_on: date(&r.try_get::<String, _>("added_on")?)?,
                ended_on: opt_date(r, "ended_on")?,
                network,
                concerns: Concerns::household(),
            })
        },
    )
    .await?;
    with_concerns(db, case_id, ItemKind::Support, rows, |s| {
        (s.id, &mut s.concerns)
    })
    .await
}

/// Support from an offer of the sociale kaart, in the offer's layer.
pub async fn add_support_item(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    goal_id: Option<i64>,
    offer_id: i64,
    by: By,
) -> Result<i64> {
    refuse_when_closed(conn, case_id).await?;
    if let Some(g) = goal_id {
        goal_of_case(conn, case_id, g).await?;
    }
    let offer = sqlx::query("SELECT name, layer FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("aanbod {offer_id}")))?;
    bump_version(conn, case_id, version, by.at).await?;
    let r = sqlx::query(
        "INSERT INTO support_items (case_id, goal_id, offer_id, title, layer, added_on) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case_id)
    .bind(goal_id)
    .bind(offer_id)
    .bind(offer.try_get::<String, _>("name")?)
    .bind(offer.try_get::<i64, _>("layer")?)
    .bind(day(by.today()))
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    if let Some(g) = goal_id {
        let concerns = goal_concerns(conn, case_id, g).await?;
        members::write(conn, case_id, ItemKind::Support, id, &concerns).await?;
    }
    let layer = layer_of(offer.try_get::<i64, _>("layer")?)?;
    let kind = EventKind::SupportAdded {
        case: CaseId(case_id),
        layer,
        network: false,
    };
    case_event(conn, case_id, Some(by.role), by.at, kind).await?;
    Ok(id)
}

/// Support from someone of the household's network: layer 1 (own strength
/// and network) in the pyramid. The contact must be of the case's household.
#[allow(clippy::too_many_arguments)]
pub async fn add_network_support(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    goal_id: Option<i64>,
    contact_id: i64,
    what: &NetworkHelp,
    how_often: &HowOften,
    concerns: &Concerns,
    by: By,
) -> Result<i64> {
    refuse_when_closed(conn, case_id).await?;
    if let Some(g) = goal_id {
        goal_of_case(conn, case_id, g).await?;
    }
    let known = sqlx::query(
        "SELECT n.id FROM network_contacts n JOIN cases c ON c.household_id = n.household_id \
         WHERE c.id = $1 AND n.id = $2",
    )
    .bind(case_id)
    .bind(contact_id)
    .fetch_optional(&mut *conn)
    .await?;
    if known.is_none() {
        return Err(StoreError::Invalid(
            "kies iemand uit het netwerk van dit huishouden".into(),
        ));
    }
    bump_version(conn, case_id, version, by.at).await?;
    let r = sqlx::query(
        "INSERT INTO support_items (case_id, goal_id, title, layer, added_on, network_contact_id, how_often) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(goal_id)
    .bind(what.as_str())
    .bind(i64::from(Layer::OwnStrength.number()))
    .bind(day(by.today()))
    .bind(contact_id)
    .bind(how_often.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    let concerns = match goal_id {
        Some(g) if concerns.is_household() => goal_concerns(conn, case_id, g).await?,
        _ => concerns.clone(),
    };
    members::write(conn, case_id, ItemKind::Support, id, &concerns).await?;
    let kind = EventKind::SupportAdded {
        case: CaseId(case_id),
        layer: Layer::OwnStrength,
        network: true,
    };
    case_event(conn, case_id, Some(by.role), by.at, kind).await?;
    Ok(id)
}

pub async fn end_support_item(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    item_id: i64,
    by: By,
) -> Result<()> {
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query(
        "UPDATE support_items SET ended_on = $3 WHERE id = $1 AND case_id = $2 AND ended_on IS NULL",
    )
    .bind(item_id)
    .bind(case_id)
    .bind(day(by.today()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRow {
    pub id: i64,
    pub domain: LifeDomain,
    pub note: String,
    pub author: Option<String>,
    pub at: String,
    pub concerns: Concerns,
}

pub async fn domain_notes(db: &Db, case_id: i64) -> Result<Vec<NoteRow>> {
    let q = sqlx::query(
        "SELECT n.id, n.life_domain, n.note, u.display_name AS author, n.at FROM domain_notes n \
         LEFT JOIN users u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.life_domain, n.id",
    )
    .bind(case_id);
    let rows = all(db, q, |r| {
        Ok(NoteRow {
            id: r.try_get("id")?,
            domain: parsed(LifeDomain::parse(&r.try_get::<String, _>("life_domain")?))?,
            note: r.try_get("note")?,
            author: r.try_get("author")?,
            at: r.try_get("at")?,
            concerns: Concerns::household(),
        })
    })
    .await?;
    with_concerns(db, case_id, ItemKind::Note, rows, |n| {
        (n.id, &mut n.concerns)
    })
    .await
}

pub async fn add_domain_note(
    conn: &mut AnyConnection,
    case_id: i64,
    domain: LifeDomain,
    note: &str,
    concerns: &Concerns,
    by: By,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO domain_notes (case_id, life_domain, note, author_id, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case_id)
    .bind(domain.code())
    .bind(note)
    .bind(by.user_id)
    .bind(time::to_db(by.at))
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    members::write(conn, case_id, ItemKind::Note, id, concerns).await?;
    Ok(id)
}

// ---------------------------------------------------------------- consent

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsentRow {
    pub id: i64,
    pub member_id: i64,
    pub member_name: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub grant: ConsentGrant,
    pub given_at: String,
}

pub async fn consents_of_household(db: &Db, household_id: i64) -> Result<Vec<ConsentRow>> {
    let q = sqlx::query(
        "SELECT c.id, c.member_id, m.name AS member_name, c.organization_id, o.name AS organization_name, \
         c.domains, c.purpose, c.valid_from, c.valid_until, c.given_at, c.withdrawn_at FROM consents c \
         JOIN household_members m ON m.id = c.member_id JOIN organizations o ON o.id = c.organization_id \
         WHERE c.household_id = $1 ORDER BY c.id",
    )
    .bind(household_id);
    all(db, q, |r| {
        let domains: BTreeSet<LifeDomain> =
            crate::directory::codes(&r.try_get::<String, _>("domains")?, LifeDomain::parse)?
                .into_iter()
                .collect();
        let mut grant = parsed(ConsentGrant::new(
            r.try_get("member_id")?,
            r.try_get("organization_id")?,
            domains,
            parsed(Purpose::parse(&r.try_get::<String, _>("purpose")?))?,
            date(&r.try_get::<String, _>("valid_from")?)?,
            opt_date(r, "valid_until")?,
        ))?;
        if let Some(w) = r.try_get::<Option<String>, _>("withdrawn_at")? {
            parsed(grant.withdraw(time::from_db(&w)?))?;
        }
        Ok(ConsentRow {
            id: r.try_get("id")?,
            member_id: r.try_get("member_id")?,
            member_name: r.try_get("member_name")?,
            organization_id: r.try_get("organization_id")?,
            organization_name: r.try_get("organization_name")?,
            grant,
            given_at: r.try_get("given_at")?,
        })
    })
    .await
}

pub async fn add_consent(
    conn: &mut AnyConnection,
    household_id: i64,
    g: &ConsentGrant,
    by: By,
) -> Result<i64> {
    let member_ok: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM household_members WHERE id = $1 AND household_id = $2",
    )
    .bind(g.member_id())
    .bind(household_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    if member_ok == 0 {
        return Err(StoreError::Invalid(
            "deze persoon hoort niet bij het huishouden".into(),
        ));
    }
    // Consent goes to an organisation of the household's own municipality only.
    let organization_ok: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM organizations o JOIN households h ON h.municipality_id = o.municipality_id \
         WHERE o.id = $1 AND h.id = $2",
    )
    .bind(g.organization_id())
    .bind(household_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    if organization_ok == 0 {
        return Err(StoreError::Invalid(
            "deze organisatie werkt niet in de gemeente van dit huishouden".into(),
        ));
    }
    let domains: Vec<&str> = g.domains().iter().map(|d| d.code()).collect();
    let r = sqlx::query(
        "INSERT INTO consents (household_id, member_id, organization_id, domains, purpose, valid_from, \
         valid_until, given_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(household_id)
    .bind(g.member_id())
    .bind(g.organization_id())
    .bind(domains.join(" "))
    .bind(g.purpose().as_str())
    .bind(day(g.from()))
    .bind(g.until().map(day))
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get("id")?)
}

/// Withdraws a consent at once; a second withdrawal is refused.
pub async fn withdraw_consent(
    conn: &mut AnyConnection,
    household_id: i64,
    consent_id: i64,
    by: By,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE consents SET withdrawn_at = $3, withdrawn_by = $4 \
         WHERE id = $1 AND household_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(consent_id)
    .bind(household_id)
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Invalid(
            "deze toestemming is al ingetrokken of bestaat niet".into(),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- referrals

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralRow {
    pub id: i64,
    pub case_id: i64,
    pub household_id: i64,
    pub goal_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub offer_name: Option<String>,
    pub organization_id: i64,
    pub organization_name: String,
    pub layer: Layer,
    pub status: ReferralStatus,
    pub handover_note: String,
    pub decline_reason: Option<DeclineReason>,
    pub outcome: Option<GoalOutcome>,
    pub answer_note: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub updated_at: String,
    pub version: i64,
}

const REFERRAL_SELECT: &str = "SELECT r.id, r.case_id, c.household_id, r.goal_id, r.offer_id, \
    f.name AS offer_name, r.organization_id, o.name AS organization_name, r.layer, r.status, \
    r.handover_note, r.decline_reason, r.outcome, r.answer_note, r.sent_on, r.updated_at, r.version \
    FROM referrals r JOIN cases c ON c.id = r.case_id JOIN organizations o ON o.id = r.organization_id \
    LEFT JOIN offers f ON f.id = r.offer_id";

fn referral_row(r: &AnyRow) -> Result<ReferralRow> {
    let code = |col: &str| -> Result<Option<String>> { Ok(r.try_get(col)?) };
    Ok(ReferralRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        household_id: r.try_get("household_id")?,
        goal_id: r.try_get("goal_id")?,
        offer_id: r.try_get("offer_id")?,
        offer_name: r.try_get("offer_name")?,
        organization_id: r.try_get("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        layer: layer_of(r.try_get("layer")?)?,
        status: parsed(ReferralStatus::parse(&r.try_get::<String, _>("status")?))?,
        handover_note: r.try_get("handover_note")?,
        decline_reason: code("decline_reason")?
            .map(|c| parsed(DeclineReason::parse(&c)))
            .transpose()?,
        outcome: code("outcome")?
            .map(|c| parsed(GoalOutcome::parse(&c)))
            .transpose()?,
        answer_note: r.try_get("answer_note")?,
        sent_on: opt_date(r, "sent_on")?,
        updated_at: r.try_get("updated_at")?,
        version: r.try_get("version")?,
    })
}

/// A referral of one case (the coordinator's side).
pub async fn referral_of_case(db: &Db, case_id: i64, id: i64) -> Result<Option<ReferralRow>> {
    let sql = format!("{REFERRAL_SELECT} WHERE r.id = $1 AND r.case_id = $2");
    one(db, sqlx::query(&sql).bind(id).bind(case_id), referral_row).await
}

/// A referral sent to one organisation (the partner's side; concepts stay with
/// the coordinator).
pub async fn referral_for_organization(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> Result<Option<ReferralRow>> {
    let sql = format!(
        "{REFERRAL_SELECT} WHERE r.id = $1 AND r.organization_id = $2 AND r.status <> 'concept'"
    );
    one(
        db,
        sqlx::query(&sql).bind(id).bind(organization_id),
        referral_row,
    )
    .await
}

pub async fn referrals_of_case(db: &Db, case_id: i64) -> Result<Vec<ReferralRow>> {
    let sql = format!("{REFERRAL_SELECT} WHERE r.case_id = $1 ORDER BY r.id");
    all(db, sqlx::query(&sql).bind(case_id), referral_row).await
}

/// A partner's inbox: its referrals once sent (never concepts), open ones first.
pub async fn referrals_of_organization(db: &Db, organization_id: i64) -> Result<Vec<ReferralRow>> {
    let sql = format!(
        "{REFERRAL_SELECT} WHERE r.organization_id = $1 AND r.status <> 'concept' \
         ORDER BY CASE WHEN r.status IN ('verstuurd', 'geaccepteerd', 'gestart') THEN 0 ELSE 1 END, r.id DESC"
    );
    all(db, sqlx::query(&sql).bind(organization_id), referral_row).await
}

/// A referral in concept, to an offer (its organisation and layer) or an organisation.
pub struct NewReferral<'a> {
    pub goal_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub layer: Option<Layer>,
    pub handover_note: &'a kompas_domain::plan::HandoverNote,
}

pub async fn create_referral(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    n: &NewReferral<'_>,
    by: By,
) -> Result<i64> {
    refuse_when_closed(conn, case_id).await?;
    if let Some(g) = n.goal_id {
        goal_of_case(conn, case_id, g).await?;
    }
    let (organization_id, layer) = match n.offer_id {
        Some(offer) => {
            let r = sqlx::query("SELECT organization_id, layer FROM offers WHERE id = $1")
                .bind(offer)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("aanbod {offer}")))?;
            (
                r.try_get::<Option<i64>, _>("organization_id")?,
                r.try_get::<i64, _>("layer")?,
            )
        }
        None => (
            n.organization_id,
            n.layer.map_or(3, |l| i64::from(l.number())),
        ),
    };
    let organization_id = organization_id.ok_or_else(|| {
        StoreError::Invalid("kies een organisatie of een aanbod met een organisatie".into())
    })?;
    bump_version(conn, case_id, version, by.at).await?;
    let now = time::to_db(by.at);
    let r = sqlx::query(
        "INSERT INTO referrals (case_id, goal_id, offer_id, organization_id, layer, status, handover_note, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'concept', $6, $7, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(n.goal_id)
    .bind(n.offer_id)
    .bind(organization_id)
    .bind(layer)
    .bind(n.handover_note.as_str())
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = r.try_get("id")?;
    sqlx::query(
        "INSERT INTO case_partners (case_id, organization_id) SELECT $1, $2 WHERE NOT EXISTS \
         (SELECT 1 FROM case_partners WHERE case_id = $1 AND organization_id = $2)",
    )
    .bind(case_id)
    .bind(organization_id)
    .execute(&mut *conn)
    .await?;
    step_row(conn, id, ReferralStatus::Draft, by, "").await?;
    Ok(id)
}

async fn step_row(
    conn: &mut AnyConnection,
    referral_id: i64,
    status: ReferralStatus,
    by: By,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO referral_steps (referral_id, status, at, by_user, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(referral_id)
    .bind(status.code())
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One step on a referral; the domain decides whether it is allowed now.
/// Who may take it (coordinator or receiving partner) is the caller's check.
pub async fn referral_step(
    conn: &mut AnyConnection,
    referral_id: i64,
    version: i64,
    action: &ReferralAction,
    note: &str,
    by: By,
) -> Result<ReferralStatus> {
    let r = sqlx::query("SELECT case_id, status, layer, offer_id FROM referrals WHERE id = $1")
        .bind(referral_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("verwijzing {referral_id}")))?;
    let case_id: i64 = r.try_get("case_id")?;
    let from = parsed(ReferralStatus::parse(&r.try_get::<String, _>("status")?))?;
    let to = parsed(from.apply(action))?;
    let (decline, outcome) = match action {
        ReferralAction::Decline(reason) => (Some(reason.code()), None),
        ReferralAction::Complete(o) => (None, Some(o.code())),
        _ => (None, None),
    };
    let n = sqlx::query(
        "UPDATE referrals SET status = $3, decline_reason = COALESCE($4, decline_reason), \
         outcome = COALESCE($5, outcome), answer_note = CASE WHEN $6 = '' THEN answer_note ELSE $6 END, \
         sent_on = CASE WHEN $3 = 'verstuurd' THEN $7 ELSE sent_on END, updated_at = $8, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(referral_id)
    .bind(version)
    .bind(to.code())
    .bind(decline)
    .bind(outcome)
    .bind(note)
    .bind(day(by.today()))
    .bind(time::to_db(by.at))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict(
            "deze verwijzing is intussen gewijzigd; bekijk haar opnieuw".into(),
        ));
    }
    step_row(conn, referral_id, to, by, note).await?;
    let (case, referral) = (CaseId(case_id), ReferralId(referral_id));
    let kind = match *action {
        ReferralAction::Send => EventKind::ReferralSent {
            case,
            referral,
            layer: layer_of(r.try_get("layer")?)?,
            offer_id: r.try_get("offer_id")?,
        },
        ReferralAction::Accept => EventKind::ReferralAccepted { case, referral },
        ReferralAction::Decline(reason) => EventKind::ReferralDeclined {
            case,
            referral,
            reason,
        },
        ReferralAction::Start => EventKind::ReferralStarted { case, referral },
        ReferralAction::Complete(outcome) => EventKind::ReferralCompleted {
            case,
            referral,
            outcome,
        },
        ReferralAction::Cancel => EventKind::ReferralCancelled { case, referral },
    };
    case_event(conn, case_id, Some(by.role), by.at, kind).await?;
    Ok(to)
}

// ---------------------------------------------------------------- scaling and case tables

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalingRow {
    pub from: Layer,
    pub to: Layer,
    pub reason: String,
    pub at: String,
    pub by_name: Option<String>,
}

pub async fn add_scaling(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    s: &Scaling,
    by: By,
) -> Result<()> {
    refuse_when_closed(conn, case_id).await?;
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query(
        "INSERT INTO scalings (case_id, from_layer, to_layer, reason, at, by_user) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(i64::from(s.change.from().number()))
    .bind(i64::from(s.change.to().number()))
    .bind(s.reason.as_str())
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .execute(&mut *conn)
    .await?;
    case_event(
        conn,
        case_id,
        Some(by.role),
        by.at,
        EventKind::Scaled {
            case: CaseId(case_id),
            change: s.change,
        },
    )
    .await
}

pub async fn scalings(db: &Db, case_id: i64) -> Result<Vec<ScalingRow>> {
    all(
        db,
        sqlx::query(
            "SELECT s.from_layer, s.to_layer, s.reason, s.at, u.display_name FROM scalings s \
         LEFT JOIN users u ON u.id = s.by_user WHERE s.case_id = $1 ORDER BY s.id",
        )
        .bind(case_id),
        |r| {
            Ok(ScalingRow {
                from: layer_of(r.try_get("from_layer")?)?,
                to: layer_of(r.try_get("to_layer")?)?,
                reason: r.try_get("reason")?,
                at: r.try_get("at")?,
                by_name: r.try_get("display_name")?,
            })
        },
    )
    .await
}

/// The layer change a scaling makes, refused when both layers are the same.
pub fn layer_change(from: Layer, to: Layer) -> Result<LayerChange> {
    parsed(LayerChange::new(from, to))
}

pub async fn add_case_table(
    conn: &mut AnyConnection,
    case_id: i64,
    t: &CaseTableReferral,
    by: By,
) -> Result<()> {
    let reasons: Vec<&str> = t.reasons().iter().map(|r| r.code()).collect();
    sqlx::query(
        "INSERT INTO case_table_referrals (case_id, table_code, reasons, note, at, by_user) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(t.table().code())
    .bind(reasons.join(" "))
    .bind(t.note().as_str())
    .bind(time::to_db(by.at))
    .bind(by.user_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// (table code, reason codes, note, at) per time the case was brought to a table.
pub async fn case_tables(db: &Db, case_id: i64) -> Result<Vec<(String, String, String, String)>> {
    let q = sqlx::query(
        "SELECT table_code, reasons, note, at FROM case_table_referrals WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id);
    all(db, q, |r| {
        Ok((
            r.try_get("table_code")?,
            r.try_get("reasons")?,
            r.try_get("note")?,
            r.try_get("at")?,
        ))
    })
    .await
}

// ---------------------------------------------------------------- evaluations and aftercare

/// `evaluatie` or `nazorg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MomentKind {
    Evaluation,
    Aftercare,
}

impl MomentKind {
    pub fn code(self) -> &'static str {
        match self {
            MomentKind::Evaluation => "evaluatie",
            MomentKind::Aftercare => "nazorg",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MomentRow {
    pub id: i64,
    pub kind: String,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

pub async fn moments(db: &Db, case_id: i64) -> Result<Vec<MomentRow>> {
    let q = sqlx::query(
        "SELECT id, kind, due_date, done_on, note FROM case_moments WHERE case_id = $1 ORDER BY due_date, id",
    )
    .bind(case_id);
    all(db, q, |r| {
        Ok(MomentRow {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            due: date(&r.try_get::<String, _>("due_date")?)?,
            done_on: opt_date(r, "done_on")?,
            note: r.try_get("note")?,
        })
    })
    .await
}

pub async fn add_moment(
    conn: &mut AnyConnection,
    case_id: i64,
    kind: MomentKind,
    due: NaiveDate,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO case_moments (case_id, kind, due_date) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(case_id)
    .bind(kind.code())
    .bind(day(due))
    .fetch_one(&mut *conn)
    .await?;
    refresh_next_moment(conn, case_id).await?;
    Ok(r.try_get("id")?)
}

/// The next open moment of a case as SET clauses over `cases` (the earliest
/// due moment not yet done), for one case or many.
const NEXT_MOMENT: &str = "next_due = (SELECT k.due_date FROM case_moments k \
       WHERE k.case_id = cases.id AND k.done_on IS NULL ORDER BY k.due_date, k.id LIMIT 1), \
     next_kind = (SELECT k.kind FROM case_moments k \
       WHERE k.case_id = cases.id AND k.done_on IS NULL ORDER BY k.due_date, k.id LIMIT 1)";

/// Keeps the case's next open moment (`cases.next_due`, `next_kind`) in step
/// with its moments, for the lists that sort on it (`plan_list`).
pub async fn refresh_next_moment(conn: &mut AnyConnection, case_id: i64) -> Result<()> {
    set_next_moment(conn, "id = $1", case_id).await
}

/// The same for every case numbered `first` or higher, after moments were
/// written in bulk (the generators).
pub async fn refresh_next_moments_from(conn: &mut AnyConnection, first: i64) -> Result<()> {
    set_next_moment(conn, "id >= $1", first).await
}

async fn set_next_moment(conn: &mut AnyConnection, cases: &str, id: i64) -> Result<()> {
    sqlx::query(&format!("UPDATE cases SET {NEXT_MOMENT} WHERE {cases}"))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks an evaluation or aftercare contact as done, with what came out of it.
pub async fn complete_moment(
    conn: &mut AnyConnection,
    case_id: i64,
    moment_id: i64,
    note: &str,
    by: By,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE case_moments SET done_on = $3, note = $4, by_user = $5 \
         WHERE id = $1 AND case_id = $2 AND done_on IS NULL",
    )
    .bind(moment_id)
    .bind(case_id)
    .bind(day(by.today()))
    .bind(note)
    .bind(by.user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Invalid(
            "dit moment is al afgerond of hoort niet bij dit traject".into(),
        ));
    }
    refresh_next_moment(conn, case_id).await
}

// ---------------------------------------------------------------- closing

/// How a case closes: an outcome per goal, the case's own outcome when it
/// has no goals, a reason, and the aftercare contacts when there is aftercare.
pub struct Closing<'a> {
    pub goal_outcomes: &'a [(i64, GoalOutcome)],
    pub chosen: Option<GoalOutcome>,
    pub reason: &'a str,
    pub aftercare: Vec<NaiveDate>,
}

/// Closes the case; returns its outcome.
pub async fn close_case(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    c: &Closing<'_>,
    by: By,
) -> Result<GoalOutcome> {
    let with_aftercare = !c.aftercare.is_empty();
    let to = parsed(
        status_of(conn, case_id)
            .await?
            .apply(CaseAction::Close { with_aftercare }),
    )?;
    if c.reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "schrijf kort waarom het traject wordt afgesloten".into(),
        ));
    }
    let goals: Vec<(i64, GoalStatus)> =
        sqlx::query("SELECT id, status FROM goals WHERE case_id = $1 ORDER BY id")
            .bind(case_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    parsed(GoalStatus::parse(&r.try_get::<String, _>("status")?))?,
                ))
            })
            .collect::<Result<_>>()?;
    let closing = parsed(ClosingGoals::new(&goals, c.goal_outcomes))?;
    let outcome = parsed(closing.case_outcome(c.chosen))?;
    bump_version(conn, case_id, version, by.at).await?;
    for (goal, o) in closing.outcomes() {
        sqlx::query("UPDATE goals SET status = $2 WHERE id = $1")
            .bind(goal)
            .bind(GoalStatus::from_outcome(*o).code())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "UPDATE cases SET status = $2, closed_at = $3, outcome = $4, close_reason = $5 WHERE id = $1",
    )
    .bind(case_id)
    .bind(to.code())
    .bind(time::to_db(by.at))
    .bind(outcome.code())
    .bind(c.reason.trim())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE support_items SET ended_on = $2 WHERE case_id = $1 AND ended_on IS NULL")
        .bind(case_id)
        .bind(day(by.today()))
        .execute(&mut *conn)
        .await?;
    for d in &c.aftercare {
        add_moment(conn, case_id, MomentKind::Aftercare, *d).await?;
    }
    case_event(
        conn,
        case_id,
        Some(by.role),
        by.at,
        EventKind::CaseClosed {
            case: CaseId(case_id),
            outcome,
        },
    )
    .await?;
    Ok(outcome)
}

/// Ends the aftercare: the case is closed for good.
pub async fn end_aftercare(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    by: By,
) -> Result<()> {
    let to = parsed(
        status_of(conn, case_id)
            .await?
            .apply(CaseAction::EndAftercare),
    )?;
    bump_version(conn, case_id, version, by.at).await?;
    sqlx::query("UPDATE cases SET status = $2 WHERE id = $1")
        .bind(case_id)
        .bind(to.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------- contact on a referral

/// How to reach someone: a name and what they left of phone and e-mail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The case's coordinator and their work phone and e-mail.
pub async fn coordinator_contact(db: &Db, case_id: i64) -> Result<Option<Contact>> {
    let row = sqlx::query(
        "SELECT u.display_name, u.work_phone, u.work_email FROM cases c \
         JOIN users u ON u.id = c.coordinator_id WHERE c.id = $1",
    )
    .bind(case_id)
    .fetch_optional(db.reader())
    .await?;
    row.map(|r| {
        Ok(Contact {
            name: r.try_get("display_name")?,
            phone: r.try_get("work_phone")?,
            email: r.try_get("work_email")?,
        })
    })
    .transpose()
}

/// The household's address, and the phone and e-mail left with the question
/// that opened the case when the one who left them is among `members`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseholdContact {
    pub address: String,
    pub contact: Option<Contact>,
}

/// How to reach the household, for a partner acting with the consent of
/// `members` (their ids); `None` without any.
pub async fn household_contact(
    db: &Db,
    case_id: i64,
    members: &[i64],
) -> Result<Option<HouseholdContact>> {
    if members.is_empty() {
        return Ok(None);
    }
    let Some(r) = sqlx::query(
        "SELECT h.street, h.house_number, h.house_number_addition, h.postcode, h.city, \
         q.contact_name, q.contact_phone, q.contact_email FROM cases c \
         JOIN households h ON h.id = c.household_id \
         LEFT JOIN questions q ON q.id = c.question_id WHERE c.id = $1",
    )
    .bind(case_id)
    .fetch_optional(db.reader())
    .await?
    else {
        return Ok(None);
    };
    let number = r
        .try_get::<Option<i64>, _>("house_number")?
        .map(|n| n.to_string())
        .unwrap_or_default();
    let addition = r
        .try_get::<Option<String>, _>("house_number_addition")?
        .unwrap_or_default();
    let postcode = r
        .try_get::<Option<String>, _>("postcode")?
        .unwrap_or_default();
    let street: String = r.try_get("street")?;
    let city: String = r.try_get("city")?;
    let address = format!("{street} {number} {addition}, {postcode} {city}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches([',', ' '])
        .to_string();
    // The question's contact details only when they are a consenting member's.
    let names: Vec<String> = {
        let mut out = Vec::new();
        for m in members {
            let n: Option<String> = sqlx::query("SELECT name FROM household_members WHERE id = $1")
                .bind(*m)
                .fetch_optional(db.reader())
                .await?
                .map(|r| r.try_get("name"))
                .transpose()?;
            out.extend(n);
        }
        out
    };
    let contact = match r.try_get::<Option<String>, _>("contact_name")? {
        Some(name) if names.iter().any(|n| n.eq_ignore_ascii_case(name.trim())) => Some(Contact {
            name,
            phone: r.try_get("contact_phone")?,
            email: r.try_get("contact_email")?,
        }),
        _ => None,
    };
    Ok(Some(HouseholdContact { address, contact }))
}

// ---------------------------------------------------------------- the contact log

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub kind: kompas_domain::plan::ContactKind,
    pub held_on: NaiveDate,
    pub report: String,
    pub shared: bool,
    pub author: Option<String>,
    pub concerns: Concerns,
}

/// The case's contacts, newest first.
pub async fn contacts(db: &Db, case_id: i64) -> Result<Vec<ContactRow>> {
    let q = sqlx::query(
        "SELECT k.id, k.kind, k.held_on, k.report, k.shared, u.display_name AS author \
         FROM case_contacts k LEFT JOIN users u ON u.id = k.author_id \
         WHERE k.case_id = $1 ORDER BY k.held_on DESC, k.id DESC",
    )
    .bind(case_id);
    let rows = all(db, q, |r| {
        Ok(ContactRow {
            id: r.try_get("id")?,
            kind: parsed(kompas_domain::plan::ContactKind::parse(
                &r.try_get::<String, _>("kind")?,
            ))?,
            held_on: date(&r.try_get::<String, _>("held_on")?)?,
            report: r.try_get("report")?,
            shared: r.try_get::<i64, _>("shared")? == 1,
            author: r.try_get("author")?,
            concerns: Concerns::household(),
        })
    })
    .await?;
    with_concerns(db, case_id, ItemKind::Contact, rows, |c| {
        (c.id, &mut c.concerns)
    })
    .await
}

/// Records a contact on the case (also after closing: aftercare calls).
pub async fn add_contact(
    conn: &mut AnyConnection,
    case_id: i64,
    version: i64,
    c: &kompas_domain::plan::Contact,
    concerns: &Concerns,
    by: By,
) -> Result<i64> {
    bump_version(conn, case_id, version, by.at).await?;
    let r = sqlx::query(
        "INSERT INTO case_contacts (case_id, kind, held_on, report, shared, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(c.kind.code())
    .bind(day(c.on))
    .bind(c.report.as_str())
    .bind(i64::from(c.shared))
    .bind(by.user_id)
    .bind(time::to_db(by.at))
    .fetch_one(&mut *conn)
    .await?;
    let id = r.try_get("id")?;
    members::write(conn, case_id, ItemKind::Contact, id, concerns).await?;
    Ok(id)
}

// ---------------------------------------------------------------- the worker's agenda

/// Open evaluations and aftercare contacts of the cases `user_id`
/// coordinates or is on the team of, and the first-contact deadlines of open
/// questions assigned to them, due on or before `until`.
pub async fn agenda(
    db: &Db,
    user_id: i64,
    until: NaiveDate,
) -> Result<Vec<kompas_domain::plan::AgendaItem>> {
    use kompas_domain::plan::{AgendaItem, AgendaKind};
    let moments = sqlx::query(
        "SELECT m.id, m.case_id, m.kind, m.due_date FROM case_moments m JOIN cases c ON c.id = m.case_id \
         WHERE m.done_on IS NULL AND m.due_date <= $2 AND c.status <> 'afgesloten' \
         AND (c.coordinator_id = $1 OR c.id IN (SELECT case_id FROM case_team WHERE user_id = $1))",
    )
    .bind(user_id)
    .bind(day(until))
    .fetch_all(db.reader())
    .await?;
    let mut items = Vec::new();
    for r in moments {
        items.push(AgendaItem {
            kind: if r.try_get::<String, _>("kind")? == "nazorg" {
                AgendaKind::Aftercare
            } else {
                AgendaKind::Evaluation
            },
            id: r.try_get("id")?,
            case_id: Some(r.try_get("case_id")?),
            question_id: None,
            due: date(&r.try_get::<String, _>("due_date")?)?,
        });
    }
    let questions = sqlx::query(
        "SELECT id, due_date FROM questions WHERE assigned_to = $1 AND status <> 'afgerond' \
         AND first_contact_at IS NULL AND due_date <= $2",
    )
    .bind(user_id)
    .bind(day(until))
    .fetch_all(db.reader())
    .await?;
    for r in questions {
        let id: i64 = r.try_get("id")?;
        items.push(AgendaItem {
            kind: AgendaKind::QuestionDeadline,
            id,
            case_id: None,
            question_id: Some(id),
            due: date(&r.try_get::<String, _>("due_date")?)?,
        });
    }
    Ok(kompas_domain::plan::agenda::sorted(items))
}

// ---------------------------------------------------------------- the team's caseload

/// One worker's load, for the team lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerLoad {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// Current cases they coordinate.
    pub cases: i64,
    /// Open evaluations and aftercare contacts past their date, in those cases.
    pub overdue_moments: i64,
    /// Referrals of those cases sent on or before `late_if_sent_by` and not answered.
    pub late_referrals: i64,
    /// Open questions assigned to them.
    pub open_questions: i64,
}

/// The caseload of every worker of the caller's municipalities, heaviest
/// first, and the number of open questions nobody has taken yet.
pub async fn caseload(
    db: &Db,
    scope: &MunicipalityScope,
    today: NaiveDate,
    late_if_sent_by: NaiveDate,
) -> Result<(Vec<WorkerLoad>, i64)> {
    let cases_in = crate::in_scope("c.municipality_id", scope);
    let sql = format!(
        "SELECT u.id, u.display_name, u.role, \
         (SELECT COUNT(*) FROM cases c WHERE c.coordinator_id = u.id AND c.status <> 'afgesloten' AND {cases_in}) AS cases, \
         (SELECT COUNT(*) FROM case_moments m JOIN cases c ON c.id = m.case_id WHERE c.coordinator_id = u.id \
            AND c.status <> 'afgesloten' AND m.done_on IS NULL AND m.due_date < $1 AND {cases_in}) AS overdue, \
         (SELECT COUNT(*) FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.coordinator_id = u.id \
            AND r.status = 'verstuurd' AND r.sent_on <= $2 AND {cases_in}) AS late, \
         (SELECT COUNT(*) FROM questions q WHERE q.assigned_to = u.id AND q.status <> 'afgerond' AND {}) AS questions \
         FROM users u WHERE {} AND u.disabled = 0 AND u.role IN ('professional', 'coordinator', 'team_lead')",
        crate::in_scope("q.municipality_id", scope),
        crate::in_scope("u.municipality_id", scope),
    );
    let rows = sqlx::query(&sql)
        .bind(day(today))
        .bind(day(late_if_sent_by))
        .fetch_all(db.reader())
        .await?;
    let mut loads = Vec::with_capacity(rows.len());
    for r in rows {
        loads.push(WorkerLoad {
            user_id: r.try_get("id")?,
            name: r.try_get("display_name")?,
            role: r
                .try_get::<String, _>("role")?
                .parse()
                .map_err(|e| StoreError::Invalid(format!("{e}")))?,
            cases: r.try_get("cases")?,
            overdue_moments: r.try_get("overdue")?,
            late_referrals: r.try_get("late")?,
            open_questions: r.try_get("questions")?,
        });
    }
    loads.sort_by(|a, b| {
        (b.cases + b.open_questions)
            .cmp(&(a.cases + a.open_questions))
            .then_with(|| a.name.cmp(&b.name))
    });
    let unassigned: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM questions q WHERE q.assigned_to IS NULL AND q.status <> 'afgerond' AND {}",
        crate::in_scope("q.municipality_id", scope)
    ))
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    Ok((loads, unassigned))
}
