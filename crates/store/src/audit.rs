//! Appending to and verifying the hash-chained audit log.

use crate::multi_row::{rows_per_statement, value_rows};
use crate::{time, Db, Result, StoreError};
use chrono::{DateTime, Utc};
use kompas_domain::audit::{ChainBreak, ChainVerifier, StoredAuditEntry};
use kompas_domain::{AuditAction, AuditEntry, ChainHash};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Appends `entry` inside the caller's transaction, so the audit row commits or
/// rolls back together with the change it records. Returns its sequence number.
pub async fn append(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<i64> {
    append_many(conn, std::slice::from_ref(entry)).await
}

/// Appends `entries` in order inside the caller's transaction: one lock of
/// the head and one INSERT for them all (a list page logs a read per row).
/// Returns the sequence number of the last one (0 when there are none:
/// nothing is written, not even the head's lock taken).
pub async fn append_many(conn: &mut AnyConnection, entries: &[AuditEntry]) -> Result<i64> {
    const PER_ROW: usize = 17;
    if entries.is_empty() {
        return Ok(0);
    }
    // Touching the head row first takes its write lock on both databases, so
    // concurrent appenders line up and each sees the latest hash.
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    let mut seq: i64 = head.try_get("seq")?;
    let mut prev_hex: String = head.try_get("hash")?;
    let mut chained = Vec::with_capacity(entries.len());
    for entry in entries {
        let prev = ChainHash::from_hex(&prev_hex)
            .ok_or_else(|| StoreError::Invalid("de kop van het auditlog is beschadigd".into()))?;
        seq += 1;
        let hash = entry.chain_hash(seq, prev).to_hex();
        chained.push((
            seq,
            entry,
            std::mem::replace(&mut prev_hex, hash.clone()),
            hash,
        ));
    }
    for part in chained.chunks(rows_per_statement(conn, PER_ROW)) {
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES {}",
            value_rows(part.len(), PER_ROW)
        );
        let mut q = sqlx::query(&sql);
        for (seq, entry, prev, hash) in part {
            q = q
                .bind(*seq)
                .bind(&entry.at)
                .bind(entry.actor_user_id)
                .bind(&entry.actor_username)
                .bind(&entry.actor_role)
                .bind(entry.actor_organization_id)
                .bind(entry.municipality_id)
                .bind(entry.action.as_str())
                .bind(&entry.object_type)
                .bind(&entry.object_id)
                .bind(&entry.subject)
                .bind(&entry.purpose)
                .bind(&entry.legal_ground)
                .bind(entry.outcome.as_str())
                .bind(&entry.detail)
                .bind(prev)
                .bind(hash);
        }
        q.execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&prev_hex)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// Appends one entry in a transaction of its own.
pub async fn record(db: &Db, entry: &AuditEntry) -> Result<i64> {
    let mut tx = db.writer().begin().await?;
    let seq = append(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(seq)
}

const COLUMNS: &str = "seq, at, actor_user_id, actor_username, actor_role, actor_organization_id, \
    municipality_id, action, object_type, object_id, subject, purpose, legal_ground, outcome, \
    detail, prev_hash, hash";

fn from_row(r: &AnyRow) -> Result<StoredAuditEntry> {
    let action: String = r.try_get("action")?;
    let outcome: String = r.try_get("outcome")?;
    Ok(StoredAuditEntry {
        seq: r.try_get("seq")?,
        entry: AuditEntry {
            at: r.try_get("at")?,
            actor_user_id: r.try_get("actor_user_id")?,
            actor_username: r.try_get("actor_username")?,
            actor_role: r.try_get("actor_role")?,
            actor_organization_id: r.try_get("actor_organization_id")?,
            municipality_id: r.try_get("municipality_id")?,
            action: action.parse().map_err(StoreError::Invalid)?,
            object_type: r.try_get("object_type")?,
            object_id: r.try_get("object_id")?,
            subject: r.try_get("subject")?,
            purpose: r.try_get("purpose")?,
            legal_ground: r.try_get("legal_ground")?,
            outcome: outcome.parse().map_err(StoreError::Invalid)?,
            detail: r.try_get("detail")?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// What the privacy officer narrows the audit log to; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Rows about this household (`subject`).
    pub household_id: Option<i64>,
    /// Rows written by this account.
    pub actor_user_id: Option<i64>,
    /// Rows written by accounts of this organisation.
    pub organization_id: Option<i64>,
    pub action: Option<AuditAction>,
    /// From this moment (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this moment (exclusive).
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// The WHERE clause (scope first) and its values for `$1…`.
    fn sql(&self, scope: &kompas_domain::MunicipalityScope) -> (String, Vec<Value>) {
        let mut parts = vec![crate::in_scope("municipality_id", scope)];
        let mut values = Vec::new();
        let mut add = |column: &str, v: Value| {
            values.push(v);
            parts.push(format!("{column} ${}", values.len()));
        };
        if let Some(h) = self.household_id {
            add("subject =", Value::Text(format!("huishouden:{h}")));
        }
        if let Some(u) = self.actor_user_id {
            add("actor_user_id =", Value::Int(u));
        }
        if let Some(o) = self.organization_id {
            add("actor_organization_id =", Value::Int(o));
        }
        if let Some(a) = self.action {
            add("action =", Value::Text(a.as_str().into()));
        }
        if let Some(t) = self.from {
            add("at >=", Value::Text(time::to_db(t)));
        }
        if let Some(t) = self.until {
            add("at <", Value::Text(time::to_db(t)));
        }
        (parts.join(" AND "), values)
    }
}

/// A value bound to a filter's placeholder.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &'q [Value],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in values {
        q = match v {
            Value::Int(i) => q.bind(*i),
            Value::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

/// A page of the caller's municipalities' entries that match `filter`,
/// newest first, and how many match in all. The filter and the page are
/// applied in SQL.
pub async fn search(
    db: &Db,
    scope: &kompas_domain::MunicipalityScope,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<StoredAuditEntry>, i64)> {
    let (filter_sql, values) = filter.sql(scope);
    let total: i64 = bind_all(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE {filter_sql}"
        )),
        &values,
    )
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    let n = values.len();
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log WHERE {filter_sql} ORDER BY seq DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind_all(sqlx::query(&sql), &values)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// The newest entries of the whole installation, for the operator (command
/// line and tests); never behind a web page.
pub async fn recent_installation_wide(db: &Db, limit: i64) -> Result<Vec<StoredAuditEntry>> {
    newest(db, "1 = 1", limit).await
}

async fn newest(db: &Db, filter: &str, limit: i64) -> Result<Vec<StoredAuditEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE {filter} ORDER BY seq DESC LIMIT $1");
    sqlx::query(&sql)
        .bind(limit)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The outcome of `kompas audit verify`.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Intact { rows: u64 },
    Broken(ChainBreak),
}

/// Re-checks the whole chain in batches and compares its end with the head row.
pub async fn verify(db: &Db) -> Result<Verification> {
    const BATCH: i64 = 5_000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0_i64;
    let mut last: Option<StoredAuditEntry> = None;
    loop {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
        let rows = sqlx::query(&sql)
            .bind(after)
            .bind(BATCH)
            .fetch_all(db.reader())
            .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let stored = match from_row(r) {
                Ok(s) => s,
                Err(e) => {
                    let seq: i64 = r.try_get("seq").unwrap_or(after + 1);
                    return Ok(Verification::Broken(ChainBreak {
                        seq,
                        reason: format!("regel is onleesbaar: {e}"),
                    }));
                }
            };
            if let Err(b) = verifier.check(&stored) {
                return Ok(Verification::Broken(b));
            }
            after = stored.seq;
            last = Some(stored);
        }
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.reader())
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    let (last_seq, last_hash) = last
        .map(|l| (l.seq, l.hash))
        .unwrap_or((0, ChainHash::GENESIS.to_hex()));
    if head_seq != last_seq || head_hash != last_hash {
        return Ok(Verification::Broken(ChainBreak {
            seq: last_seq + 1,
            reason: format!(
                "het log eindigt bij regel {last_seq}, maar de kop verwacht regel {head_seq}; regels aan het eind zijn verwijderd of gewijzigd"
            ),
        }));
    }
    Ok(Verification::Intact {
        rows: verifier.checked(),
    })
}

/// Who looked at what about `subject` (for the resident's own view, later).
pub async fn for_subject(db: &Db, subject: &str) -> Result<Vec<StoredAuditEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE subject = $1 ORDER BY seq");
    sqlx::query(&sql)
        .bind(subject)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(from_row)
        .collect()
}
