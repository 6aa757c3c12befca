//! Online backup and restore, the same on both databases.
//!
//! A backup is one consistent snapshot (a single read transaction; REPEATABLE
//! READ on PostgreSQL) written as JSON lines: a header, then per table a line
//! naming the columns followed by one line per row, then an end line with the
//! row count, so a cut-off file is noticed. Because the format is neutral, a
//! SQLite backup restores into PostgreSQL and back — the path to grow a region.

use crate::{migrate, Db, DbKind, Result, StoreError};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};
use std::io::{BufRead, Write};

/// Tables in an order that respects foreign keys. `schema_migrations` and
/// `audit_head` are written by the migrations and handled separately.
pub const TABLES: &[&str] = &[
    "regions",
    "municipalities",
    "organizations",
    "users",
    "user_municipalities",
    "sessions",
    "login_attempts",
    "audit_log",
    "oidc_logins",
    "areas",
    "area_postcodes",
    "locations",
    "offers",
    "taxonomies",
    "taxonomy_terms",
    "offer_terms",
    "synonyms",
    "offer_changes",
    "offer_history",
    "offer_reports",
    "offer_translations",
    "households",
    "household_members",
    "network_contacts",
    "cases",
    "case_team",
    "questions",
    "arrears_signals",
    "assessments",
    "assessment_scores",
    "case_handovers",
    "case_partners",
    "goals",
    "goal_actions",
    "support_items",
    "domain_notes",
    "consents",
    "referrals",
    "referral_steps",
    "scalings",
    "case_table_referrals",
    "case_moments",
    "resident_links",
    "resident_sessions",
    "monitor_goals",
    "monitor_indicators",
    "monitor_measurements",
    "monitor_explanations",
    "case_events",
    "maatwerk_providers",
    "maatwerk_products",
    "maatwerk_contracts",
    "maatwerk_paths",
    "maatwerk_suspensions",
    "maatwerk_decisions",
    "maatwerk_decision_lines",
    "maatwerk_objections",
    "maatwerk_letter_texts",
    "maatwerk_decision_documents",
    "maatwerk_catalogue_changes",
    "search_misses",
    "plan_item_members",
    "case_contacts",
    "session_reasons",
];

/// Tables whose `id` comes from an identity sequence on PostgreSQL.
const IDENTITY_TABLES: &[&str] = &[
    "regions",
    "municipalities",
    "organizations",
    "users",
    "areas",
    "locations",
    "offers",
    "synonyms",
    "offer_changes",
    "offer_history",
    "offer_reports",
    "households",
    "household_members",
    "network_contacts",
    "cases",
    "questions",
    "arrears_signals",
    "assessments",
    "case_handovers",
    "goals",
    "goal_actions",
    "support_items",
    "domain_notes",
    "consents",
    "referrals",
    "referral_steps",
    "scalings",
    "case_table_referrals",
    "case_moments",
    "resident_links",
    "monitor_goals",
    "monitor_indicators",
    "monitor_measurements",
    "monitor_explanations",
    "case_events",
    "maatwerk_providers",
    "maatwerk_products",
    "maatwerk_contracts",
    "maatwerk_paths",
    "maatwerk_suspensions",
    "maatwerk_decisions",
    "maatwerk_decision_lines",
    "maatwerk_objections",
    "maatwerk_letter_texts",
    "maatwerk_decision_documents",
    "maatwerk_catalogue_changes",
    "search_misses",
    "case_contacts",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColType {
    Int,
    Real,
    Text,
}

async fn columns(
    conn: &mut AnyConnection,
    kind: DbKind,
    table: &str,
) -> Result<Vec<(String, ColType)>> {
    let sql = match kind {
        DbKind::Sqlite => "SELECT name AS c, type AS t FROM pragma_table_info($1) ORDER BY cid",
        DbKind::Postgres => {
            "SELECT column_name::text AS c, data_type::text AS t FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    let rows = sqlx::query(sql).bind(table).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let c: String = r.try_get("c")?;
            let t: String = r.try_get("t")?;
            let t = t.to_lowercase();
            let ty = if t.contains("int") {
                ColType::Int
            } else if t.contains("real") || t.contains("double") {
                ColType::Real
            } else {
                ColType::Text
            };
            Ok((c, ty))
        })
        .collect()
}

/// The table being restored: its name, typed columns and the INSERT statement.
struct TableInProgress {
    name: String,
    columns: Vec<(String, ColType)>,
    insert: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub rows: u64,
    pub schema_version: i64,
}

/// Writes a consistent snapshot of the whole database to `out`.
pub async fn backup(db: &Db, out: &mut impl Write) -> Result<BackupSummary> {
    let io =
        |e: std::io::Error| StoreError::Invalid(format!("schrijven van de back-up mislukt: {e}"));
    let schema_version = migrate::current_version(db).await?;
    let mut tx = db.reader().begin().await?;
    if db.kind() == DbKind::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    let header = json!({
        "kompas_backup": 1,
        "schema_version": schema_version,
        "source": db.kind().as_str(),
        "created_at": crate::time::to_db(chrono::Utc::now()),
    });
    writeln!(out, "{header}").map_err(io)?;
    let mut total = 0_u64;
    for table in TABLES {
        let cols = columns(&mut tx, db.kind(), table).await?;
        let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
        writeln!(out, "{}", json!({ "table": table, "columns": names })).map_err(io)?;
        // Every column in the order: tables keyed by more than their first
        // column (assessment scores) come out the same on both databases.
        let order: Vec<String> = (1..=names.len()).map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT {} FROM {table} ORDER BY {}",
            names.join(", "),
            order.join(", ")
        );
        for r in sqlx::query(&sql).fetch_all(&mut *tx).await? {
            let mut vals = Vec::with_capacity(cols.len());
            for (i, (_, ty)) in cols.iter().enumerate() {
                vals.push(match ty {
                    ColType::Int => json!(r.try_get::<Option<i64>, _>(i)?),
                    ColType::Real => json!(r.try_get::<Option<f64>, _>(i)?),
                    ColType::Text => json!(r.try_get::<Option<String>, _>(i)?),
                });
            }
            writeln!(out, "{}", Value::Array(vals)).map_err(io)?;
            total += 1;
        }
    }
    writeln!(out, "{}", json!({ "end": true, "rows": total })).map_err(io)?;
    tx.commit().await?;
    Ok(BackupSummary {
        rows: total,
        schema_version,
    })
}

fn bad(line: usize, what: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("back-upbestand, regel {line}: {what}"))
}

/// Restores a backup into a freshly migrated, empty database, all or nothing.
pub async fn restore(db: &Db, input: impl BufRead) -> Result<BackupSummary> {
    let version = migrate::current_version(db).await?;
    let mut lines = input.lines().enumerate().map(|(i, l)| (i + 1, l));
    let (n, first) = lines.next().ok_or_else(|| bad(1, "het bestand is leeg"))?;
    let header: Value =
        serde_json::from_str(&first.map_err(|e| bad(n, e))?).map_err(|e| bad(n, e))?;
    if header.get("kompas_backup") != Some(&json!(1)) {
        return Err(bad(n, "dit is geen kompas-back-up"));
    }
    let schema_version = header
        .get("schema_version")
        .and_then(Value::as_i64)
        .ok_or_else(|| bad(n, "schemaversie ontbreekt"))?;
    if schema_version != version {
        return Err(StoreError::Invalid(format!(
            "de back-up heeft schemaversie {schema_version}, de database {version}; migreer eerst naar dezelfde versie"
        )));
    }
    let mut tx = db.writer().begin().await?;
    let users: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let audit: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if users > 0 || audit > 0 {
        return Err(StoreError::Invalid(
            "terugzetten kan alleen in een lege database; maak een nieuwe database en voer eerst 'kompas migrate' uit".into(),
        ));
    }
    let mut current: Option<TableInProgress> = None;
    let mut total = 0_u64;
    let mut ended = false;
    for (n, line) in lines {
        let line = line.map_err(|e| bad(n, e))?;
        let v: Value = serde_json::from_str(&line).map_err(|e| bad(n, e))?;
        match v {
            Value::Object(o) if o.contains_key("table") => {
                let table = o.get("table").and_then(Value::as_str).unwrap_or_default();
                if !TABLES.contains(&table) {
                    return Err(bad(n, format!("onbekende tabel '{table}'")));
                }
                let schema = columns(&mut tx, db.kind(), table).await?;
                let names: Vec<String> = o
                    .get("columns")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| c.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut cols = Vec::new();
                for name in &names {
                    let ty = schema
                        .iter()
                        .find(|(c, _)| c == name)
                        .map(|(_, t)| *t)
                        .ok_or_else(|| bad(n, format!("kolom '{name}' bestaat niet in {table}")))?;
                    cols.push((name.clone(), ty));
                }
                // Reals go in as text and are cast: PostgreSQL through the Any
                // driver refuses a bound double (or a null one) here.
                let params: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, (_, ty))| match ty {
                        ColType::Real => format!("CAST(${} AS DOUBLE PRECISION)", i + 1),
                        _ => format!("${}", i + 1),
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    params.join(", ")
                );
                current = Some(TableInProgress {
                    name: table.to_string(),
                    columns: cols,
                    insert: sql,
                });
            }
            Value::Object(o) if o.contains_key("end") => {
                let expected = o.get("rows").and_then(Value::as_u64).unwrap_or(u64::MAX);
                if expected != total {
                    return Err(bad(
                        n,
                        format!("{expected} regels verwacht, {total} gelezen"),
                    ));
                }
                ended = true;
                break;
            }
            Value::Array(vals) => {
                let TableInProgress {
                    name: table,
                    columns: cols,
                    insert: sql,
                } = current
                    .as_ref()
                    .ok_or_else(|| bad(n, "gegevens voordat een tabel is genoemd"))?;
                if vals.len() != cols.len() {
                    return Err(bad(
                        n,
                        format!(
                            "{} waarden voor {} kolommen van {table}",
                            vals.len(),
                            cols.len()
                        ),
                    ));
                }
                let mut q = sqlx::query(sql);
                for (val, (col, ty)) in vals.iter().zip(cols) {
                    q = match (ty, val) {
                        (ColType::Int, Value::Null) => q.bind(None::<i64>),
                        (ColType::Int, Value::Number(x)) => q.bind(x.as_i64()),
                        (ColType::Real, Value::Null) => q.bind(None::<String>),
                        (ColType::Real, Value::Number(x)) => {
                            q.bind(x.as_f64().map(|v| v.to_string()))
                        }
                        (ColType::Text, Value::Null) => q.bind(None::<String>),
                        (ColType::Text, Value::String(s)) => q.bind(s.clone()),
                        _ => return Err(bad(n, format!("ongeldige waarde voor {table}.{col}"))),
                    };
                }
                q.execute(&mut *tx).await.map_err(|e| bad(n, e))?;
                total += 1;
            }
            _ => return Err(bad(n, "onbekende regel")),
        }
    }
    if !ended {
        return Err(StoreError::Invalid(
            "de back-up is onvolledig (het einde ontbreekt); er is niets teruggezet".into(),
        ));
    }
    // The chain head follows the last restored audit row.
    sqlx::query(
        "UPDATE audit_head SET seq = COALESCE((SELECT MAX(seq) FROM audit_log), 0), \
         hash = COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), hash) WHERE id = 1",
    )
    .execute(&mut *tx)
    .await?;
    // Search indexes built from another database rebuild from this one.
    crate::feed::record(&mut tx, crate::feed::Change::Everything).await?;
    if db.kind() == DbKind::Postgres {
        for table in IDENTITY_TABLES {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(BackupSummary {
        rows: total,
        schema_version,
    })
}
