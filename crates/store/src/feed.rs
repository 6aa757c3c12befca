//! The directory's change feed: every write that can change a search answer
//! records what it changed under the next number of `directory_head`, in the
//! writer's own transaction. Search indexes (one per instance) remember the
//! last number they applied and read only what changed since.
//!
//! Taking a number is `UPDATE … SET seq = seq + 1`: the head row stays locked
//! until the writer commits, so numbers become visible in order and without
//! gaps, and a reader that sees number n sees every change up to n.

use crate::{Db, Result};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// What a write changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Offer(i64),
    /// Its name shows in (and is searched with) every offer of it.
    Organization(i64),
    /// Offers at this location show its address.
    Location(i64),
    /// A synonym of this municipality was added or removed.
    Synonyms(i64),
    /// Anything may have changed (a restore): indexes rebuild.
    Everything,
}

impl Change {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Change::Offer(id) => ("offer", id),
            Change::Organization(id) => ("organization", id),
            Change::Location(id) => ("location", id),
            Change::Synonyms(m) => ("synonyms", m),
            Change::Everything => ("everything", 0),
        }
    }
}

/// Records `change` under the next number, in the caller's transaction.
pub async fn record(conn: &mut AnyConnection, change: Change) -> Result<i64> {
    let seq: i64 =
        sqlx::query("UPDATE directory_head SET seq = seq + 1 WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *conn)
            .await?
            .try_get("seq")?;
    let (kind, id) = change.parts();
    sqlx::query("INSERT INTO directory_changes (seq, kind, object_id) VALUES ($1, $2, $3)")
        .bind(seq)
        .bind(kind)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// The number of the newest committed change (0 before the first).
pub async fn head(db: &Db) -> Result<i64> {
    Ok(sqlx::query("SELECT seq FROM directory_head WHERE id = 1")
        .fetch_one(db.reader())
        .await?
        .try_get("seq")?)
}

/// What changed after one number, up to `head`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// The newest number these changes cover; apply them and remember it.
    pub head: i64,
    /// Offers to read again (an offer that is gone leaves the index).
    pub offers: BTreeSet<i64>,
    pub synonyms: bool,
    /// Reading changes one by one will not do: the feed was pruned past the
    /// reader's number, it holds more than the limit, the database was
    /// restored, or the reader's number is ahead of this database.
    pub rebuild: bool,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.offers.is_empty() && !self.synonyms && !self.rebuild
    }
}

/// The changes after number `after`, with organisation and location changes
/// resolved to their offers. More than `limit` changes ask for a rebuild.
pub async fn since(db: &Db, after: i64, limit: i64) -> Result<Pending> {
    // The head first: every change up to it is committed and visible to the
    // next statement.
    let head = head(db).await?;
    let mut p = Pending {
        head,
        ..Pending::default()
    };
    if after == head {
        return Ok(p);
    }
    if after > head {
        p.rebuild = true;
        return Ok(p);
    }
    let rows = sqlx::query(
        "SELECT seq, kind, object_id FROM directory_changes WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
    )
    .bind(after)
    .bind(head)
    .bind(limit + 1)
    .fetch_all(db.reader())
    .await?;
    let first: Option<i64> = rows.first().map(|r| r.try_get("seq")).transpose()?;
    if rows.len() as i64 > limit || first != Some(after + 1) {
        p.rebuild = true;
        return Ok(p);
    }
    let (mut organizations, mut locations) = (Vec::new(), Vec::new());
    for r in &rows {
        let id: i64 = r.try_get("object_id")?;
        match r.try_get::<String, _>("kind")?.as_str() {
            "offer" => {
                p.offers.insert(id);
            }
            "organization" => organizations.push(id),
            "location" => locations.push(id),
            "synonyms" => p.synonyms = true,
            _ => p.rebuild = true,
        }
    }
    for (column, ids) in [
        ("organization_id", organizations),
        ("location_id", locations),
    ] {
        for chunk in ids.chunks(100) {
            let list = chunk
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            // Our own integers, not request text: safe in the SQL.
            let sql = format!("SELECT id FROM offers WHERE {column} IN ({list})");
            for r in sqlx::query(&sql).fetch_all(db.reader()).await? {
                p.offers.insert(r.try_get("id")?);
            }
        }
    }
    Ok(p)
}

/// Forgets all but the newest `keep` changes; returns how many went.
pub async fn prune(db: &Db, keep: i64) -> Result<u64> {
    let head = head(db).await?;
    let r = sqlx::query("DELETE FROM directory_changes WHERE seq <= $1")
        .bind(head - keep)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected())
}
