//! Forward-only migrations, one list per database, kept in step (a test compares
//! the resulting schemas). Each migration runs in its own transaction: a failing
//! one leaves the database at the version it had.

use crate::{Db, DbKind, Result, StoreError};
use sha2::{Digest, Sha256};
use sqlx::Row;

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $(($v:literal, $name:literal)),* $(,)?) => {
        &[$(Migration {
            version: $v,
            name: $name,
            sql: include_str!(concat!("../../../migrations/", $dir, "/", $name, ".sql")),
        }),*]
    };
}

pub const SQLITE: &[Migration] = migrations!("sqlite":
    (1, "0001_foundation"), (2, "0002_sociale_kaart"), (3, "0003_toegang"), (4, "0004_monitor"), (5, "0005_plan"), (6, "0006_trust"), (7, "0007_instances"), (8, "0008_maatwerk"), (9, "0009_maatwerk_letters"), (10, "0010_maatwerk_catalogue"), (11, "0011_maatwerk_worklist"), (12, "0012_berichten"), (13, "0013_search_misses"), (14, "0014_plan_members"), (15, "0015_lists_at_scale"), (16, "0016_offer_translations"), (17, "0017_municipality_contact"), (18, "0018_resident_digid"), (19, "0019_case_next_moment"), (20, "0020_case_list_order"), (21, "0021_audit_one_subject_index"));
pub const POSTGRES: &[Migration] = migrations!("postgres":
    (1, "0001_foundation"), (2, "0002_sociale_kaart"), (3, "0003_toegang"), (4, "0004_monitor"), (5, "0005_plan"), (6, "0006_trust"), (7, "0007_instances"), (8, "0008_maatwerk"), (9, "0009_maatwerk_letters"), (10, "0010_maatwerk_catalogue"), (11, "0011_maatwerk_worklist"), (12, "0012_berichten"), (13, "0013_search_misses"), (14, "0014_plan_members"), (15, "0015_lists_at_scale"), (16, "0016_offer_translations"), (17, "0017_municipality_contact"), (18, "0018_resident_digid"), (19, "0019_case_next_moment"), (20, "0020_case_list_order"), (21, "0021_audit_one_subject_index"));

pub fn for_kind(kind: DbKind) -> &'static [Migration] {
    match kind {
        DbKind::Sqlite => SQLITE,
        DbKind::Postgres => POSTGRES,
    }
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// The highest applied version, 0 for an empty database.
pub async fn current_version(db: &Db) -> Result<i64> {
    sqlx::query(CREATE_TABLE).execute(db.writer()).await?;
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        .fetch_one(db.writer())
        .await?;
    Ok(row.try_get::<i64, _>("v")?)
}

/// Applies the migrations of this binary. Returns the versions applied now.
pub async fn run(db: &Db) -> Result<Vec<i64>> {
    run_list(db, for_kind(db.kind())).await
}

/// Applies `list` (ordered by version). Refuses a database that is newer than
/// the list or whose applied migrations were changed afterwards.
///
/// Several instances may start at once against one PostgreSQL: they take
/// turns on an advisory lock, so each migration is applied exactly once and
/// the others find it done. (SQLite has one writer connection already.)
pub async fn run_list(db: &Db, list: &[Migration]) -> Result<Vec<i64>> {
    let mut conn = db.writer().acquire().await?;
    let postgres = db.kind() == DbKind::Postgres;
    if postgres {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply(&mut conn, list).await;
    if postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

/// The advisory-lock key of `kompas migrate` (any fixed number; "KOMPAS" in ASCII).
const MIGRATION_LOCK: i64 = 0x4b4f_4d50_4153;

async fn apply(conn: &mut sqlx::AnyConnection, list: &[Migration]) -> Result<Vec<i64>> {
    sqlx::query(CREATE_TABLE).execute(&mut *conn).await?;
    let applied: Vec<(i64, String)> =
        sqlx::query("SELECT version, checksum FROM schema_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("version")?, r.try_get("checksum")?)))
            .collect::<std::result::Result<_, sqlx::Error>>()?;
    let newest_known = list.last().map_or(0, |m| m.version);
    for (version, sum) in &applied {
        match list.iter().find(|m| m.version == *version) {
            Some(m) if checksum(m.sql) != *sum => {
                return Err(StoreError::Invalid(format!(
                    "migratie {version} ({}) is veranderd nadat hij is uitgevoerd; herstel het bestand",
                    m.name
                )))
            }
            Some(_) => {}
            None if *version > newest_known => {
                return Err(StoreError::Invalid(format!(
                    "de database heeft versie {version}, nieuwer dan deze kompas ({newest_known}); gebruik een nieuwere kompas"
                )))
            }
            None => {
                return Err(StoreError::Invalid(format!(
                    "de database kent migratie {version}, die deze kompas niet heeft"
                )))
            }
        }
    }
    let mut done = Vec::new();
    for m in list {
        if applied.iter().any(|(v, _)| *v == m.version) {
            continue;
        }
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::raw_sql(m.sql).execute(&mut *tx).await.map_err(|e| {
            StoreError::Invalid(format!("migratie {} ({}) mislukt: {e}", m.version, m.name))
        })?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(checksum(m.sql))
        .bind(crate::time::to_db(chrono::Utc::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        done.push(m.version);
    }
    Ok(done)
}
