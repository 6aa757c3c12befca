//! Whom the items of a plan are about (`plan_item_members`): a goal, action,
//! support item or note with no rows here is about the whole household.
//! Members are written only when they belong to the case's household, which
//! the insert itself checks in SQL.

use crate::{Db, Result, StoreError};
use kompas_domain::plan::Concerns;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeSet, HashMap};

/// The kinds of plan item that can be about members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Goal,
    Action,
    Support,
    Note,
    Contact,
}

impl ItemKind {
    fn code(self) -> &'static str {
        match self {
            ItemKind::Goal => "doel",
            ItemKind::Action => "actie",
            ItemKind::Support => "hulp",
            ItemKind::Note => "aantekening",
            ItemKind::Contact => "contact",
        }
    }
}

/// Records whom item `item_id` of `case_id` is about. Refuses (and the
/// caller's transaction rolls back) a member of another household.
pub async fn write(
    conn: &mut AnyConnection,
    case_id: i64,
    kind: ItemKind,
    item_id: i64,
    concerns: &Concerns,
) -> Result<()> {
    for member in concerns.ids() {
        let written = sqlx::query(
            "INSERT INTO plan_item_members (case_id, item_kind, item_id, member_id) \
             SELECT c.id, $2, $3, m.id FROM cases c \
             JOIN household_members m ON m.household_id = c.household_id \
             WHERE c.id = $1 AND m.id = $4",
        )
        .bind(case_id)
        .bind(kind.code())
        .bind(item_id)
        .bind(*member)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if written != 1 {
            return Err(StoreError::Invalid(
                "kies alleen leden van dit huishouden".into(),
            ));
        }
    }
    Ok(())
}

/// Whom the items of one kind of a case are about, by item id (items about
/// the whole household are absent: use `unwrap_or_default`).
pub async fn of_case(db: &Db, case_id: i64, kind: ItemKind) -> Result<HashMap<i64, Concerns>> {
    let rows = sqlx::query(
        "SELECT item_id, member_id FROM plan_item_members \
         WHERE case_id = $1 AND item_kind = $2 ORDER BY item_id, member_id",
    )
    .bind(case_id)
    .bind(kind.code())
    .fetch_all(db.reader())
    .await?;
    let mut by_item: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for r in rows {
        by_item
            .entry(r.try_get("item_id")?)
            .or_default()
            .insert(r.try_get("member_id")?);
    }
    Ok(by_item
        .into_iter()
        .map(|(id, members)| (id, Concerns::members(members)))
        .collect())
}
