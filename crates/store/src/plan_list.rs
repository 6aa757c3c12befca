//! "Mijn trajecten": a page of a worker's cases, sorted and cut in SQL.
//!
//! The cases are those the user coordinates or is on the team of, or for a
//! team lead every case of their municipalities (a team lead may open any of
//! them). The sort reads columns of `cases` only: the next open moment is
//! kept on the case (`plan::refresh_next_moment`, migration 0019) and each
//! order is an index (migration 0020), so a team lead's page is read in order
//! rather than sorted; the page's fifty rows then get their details.
//! `kompas bench plan` measures it.

use crate::time::{date, day};
use crate::{in_scope, parsed, Db, DbKind, Result};
use chrono::NaiveDate;
use kompas_domain::plan::CaseStatus;
use kompas_domain::MunicipalityScope;
use serde::Serialize;
use sqlx::Row;

/// Whose cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// The cases the user coordinates or is on the team of.
    Mine(i64),
    /// Every case of the caller's municipalities (a team lead's view).
    Team,
}

/// How a list is sorted; each ends on the case number, so pages are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    /// Current cases first, then the nearest next moment; none last.
    #[default]
    NextMoment,
    /// By household number.
    Household,
    /// Open, lopend, nazorg, afgesloten; within a status by next moment.
    Status,
}

impl CaseSort {
    pub const ALL: [CaseSort; 3] = [CaseSort::NextMoment, CaseSort::Household, CaseSort::Status];

    /// The code in the address (`?sorteer=…`).
    pub fn code(self) -> &'static str {
        match self {
            CaseSort::NextMoment => "moment",
            CaseSort::Household => "huishouden",
            CaseSort::Status => "status",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            CaseSort::NextMoment => "volgend moment",
            CaseSort::Household => "huishouden",
            CaseSort::Status => "status",
        }
    }

    pub fn parse(code: &str) -> Option<CaseSort> {
        CaseSort::ALL.into_iter().find(|s| s.code() == code)
    }

    /// ORDER BY over columns `status`, `next_due`, `household_id`, `id`.
    /// Migration 0020 indexes these expressions as written here: change
    /// them together, or the team lead's list sorts every case again.
    fn order_by(self, t: &str) -> String {
        let moment =
            format!("CASE WHEN {t}.next_due IS NULL THEN 1 ELSE 0 END, {t}.next_due, {t}.id DESC");
        match self {
            CaseSort::NextMoment => {
                format!("CASE WHEN {t}.status = 'afgesloten' THEN 1 ELSE 0 END, {moment}")
            }
            CaseSort::Household => format!("{t}.household_id, {t}.id DESC"),
            CaseSort::Status => format!(
                "CASE {t}.status WHEN 'open' THEN 0 WHEN 'lopend' THEN 1 WHEN 'nazorg' THEN 2 \
                 ELSE 3 END, {moment}"
            ),
        }
    }
}

/// One line of "Mijn trajecten": the case with its next open moment and the
/// number of referrals sent on or before `waiting_since` still without an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLine {
    pub id: i64,
    pub household_id: i64,
    pub status: CaseStatus,
    pub coordinator_id: Option<i64>,
    pub coordinator_name: Option<String>,
    pub reentry: bool,
    pub next_due: Option<NaiveDate>,
    pub next_kind: Option<String>,
    /// The name of the household's first registered member, and how many
    /// members it has: enough for a worker to recognise the household.
    pub first_member: Option<String>,
    pub members: i64,
    pub waiting: i64,
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the user's id as `$1` when the list is theirs.
fn with_user(q: Query<'_>, whose: Whose) -> Query<'_> {
    match whose {
        Whose::Mine(u) => q.bind(u),
        Whose::Team => q,
    }
}

/// A page of cases and how many there are in all.
pub async fn case_lines(
    db: &Db,
    scope: &MunicipalityScope,
    whose: Whose,
    sort: CaseSort,
    waiting_since: NaiveDate,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CaseLine>, i64)> {
    // The user's id is `$1` for their own cases; the other values follow it.
    // A worker's cases start from their own ids (team and coordinator), so
    // the database looks up those few cases instead of testing every case;
    // they are sorted in full anyway, so the same pass counts them. A team
    // lead's page is read in index order and counted apart (a window would
    // make the database read every case).
    //
    // PostgreSQL, left to itself, joins those ids to every case of the
    // municipality with a hash (it cannot tell that the union is a tenth of
    // them): a lateral look-up per id, kept apart by `OFFSET 0`, takes half
    // the time. SQLite looks each id up by itself.
    const MINE: &str = "(SELECT case_id AS id FROM case_team WHERE user_id = $1 \
         UNION SELECT id FROM cases WHERE coordinator_id = $1) mine";
    let (from, counted, first) = match (whose, db.kind()) {
        (Whose::Mine(_), DbKind::Postgres) => (
            format!(
                "{MINE} CROSS JOIN LATERAL \
                 (SELECT * FROM cases c WHERE c.id = mine.id OFFSET 0) c"
            ),
            ", COUNT(*) OVER () AS total",
            2,
        ),
        (Whose::Mine(_), DbKind::Sqlite) => (
            format!("{MINE} JOIN cases c ON c.id = mine.id"),
            ", COUNT(*) OVER () AS total",
            2,
        ),
        (Whose::Team, _) => ("cases c".to_string(), "", 1),
    };
    let cases = format!("{from} WHERE {}", in_scope("c.municipality_id", scope));
    // The page is cut from columns of `cases` alone (the next open moment is
    // kept on the case); only its fifty rows get names and referral counts.
    let sql = format!(
        "SELECT p.*, u.display_name AS coordinator_name, \
           (SELECT m.name FROM household_members m WHERE m.household_id = p.household_id \
             ORDER BY m.id LIMIT 1) AS first_member, \
           (SELECT COUNT(*) FROM household_members m WHERE m.household_id = p.household_id) \
             AS members, \
           (SELECT COUNT(*) FROM referrals r WHERE r.case_id = p.id AND r.status = 'verstuurd' \
             AND r.sent_on <= ${since}) AS waiting \
         FROM (SELECT c.id, c.household_id, c.status, c.coordinator_id, c.reentry, c.next_due, \
             c.next_kind{counted} FROM {cases} \
           ORDER BY {} LIMIT ${limit} OFFSET ${offset}) p \
         LEFT JOIN users u ON u.id = p.coordinator_id \
         ORDER BY {}",
        sort.order_by("c"),
        sort.order_by("p"),
        since = first,
        limit = first + 1,
        offset = first + 2,
    );
    let rows = with_user(sqlx::query(&sql), whose)
        .bind(day(waiting_since))
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?;
    let total = match (whose, rows.first()) {
        (Whose::Mine(_), Some(row)) => row.try_get("total")?,
        (Whose::Mine(_), None) if offset == 0 => 0,
        // A team lead's list, or a page past the end of a worker's list.
        _ => {
            let count_sql = format!("SELECT COUNT(*) AS n FROM {cases}");
            with_user(sqlx::query(&count_sql), whose)
                .fetch_one(db.reader())
                .await?
                .try_get("n")?
        }
    };
    let lines = rows
        .iter()
        .map(|r| {
            Ok(CaseLine {
                id: r.try_get("id")?,
                household_id: r.try_get("household_id")?,
                status: parsed(CaseStatus::parse(&r.try_get::<String, _>("status")?))?,
                coordinator_id: r.try_get("coordinator_id")?,
                coordinator_name: r.try_get("coordinator_name")?,
                reentry: r.try_get::<i64, _>("reentry")? != 0,
                next_due: r
                    .try_get::<Option<String>, _>("next_due")?
                    .map(|s| date(&s))
                    .transpose()?,
                next_kind: r.try_get("next_kind")?,
                first_member: r.try_get("first_member")?,
                members: r.try_get("members")?,
                waiting: r.try_get("waiting")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((lines, total))
}
