//! The schema as both databases report it, reduced to what must be the same
//! on both: per table its columns (type family, nullability, default), primary
//! key, unique constraints, foreign keys and named indexes.
//!
//! `migrations/sqlite` and `migrations/postgres` are written by hand; this is
//! what keeps them in step. [`differences`] is pure, so the comparison itself is
//! unit-tested with schemas that differ on purpose.

use crate::{Db, DbKind, Result};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Column types by family: what both databases can agree on. SQLite's
/// `INTEGER` and PostgreSQL's `BIGINT` are one family, `REAL` and
/// `DOUBLE PRECISION` another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeFamily {
    Integer,
    Real,
    Text,
    Bytes,
    Boolean,
    Numeric,
    /// A type outside the families above, by its lower-case name.
    Other,
}

impl TypeFamily {
    /// The family of a declared (SQLite) or catalogue (PostgreSQL) type name,
    /// after SQLite's own affinity rules where they apply.
    pub fn of(declared: &str) -> Self {
        let t = declared.trim().to_ascii_lowercase();
        if t.contains("int") || t.contains("serial") {
            Self::Integer
        } else if t.contains("bool") {
            Self::Boolean
        } else if t.contains("char") || t.contains("clob") || t.contains("text") {
            Self::Text
        } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
            Self::Real
        } else if t.contains("blob") || t == "bytea" {
            Self::Bytes
        } else if t.contains("numeric") || t.contains("decimal") {
            Self::Numeric
        } else {
            Self::Other
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub family: TypeFamily,
    pub not_null: bool,
    /// The default as written, without casts or quotes around numbers.
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub table: String,
    pub columns: Vec<String>,
    pub unique: bool,
    /// Has a `WHERE` clause (the clauses themselves are not compared: the two
    /// databases print them differently).
    pub partial: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: BTreeMap<String, Column>,
    pub primary_key: Vec<String>,
    /// Column sets under a `UNIQUE` constraint (their names differ per database).
    pub uniques: BTreeSet<Vec<String>>,
    /// `columns -> table(columns)`.
    pub foreign_keys: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
    /// Indexes made with `CREATE [UNIQUE] INDEX`, by name.
    pub indexes: BTreeMap<String, Index>,
}

/// One way in which two schemas differ, said for a maintainer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference(pub String);

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything in which `a` (named `a_name`) and `b` differ; empty when they
/// are the same.
pub fn differences(a_name: &str, a: &Schema, b_name: &str, b: &Schema) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut say = |s: String| out.push(Difference(s));
    for name in union(a.tables.keys(), b.tables.keys()) {
        let (Some(ta), Some(tb)) = (a.tables.get(name), b.tables.get(name)) else {
            let only = if a.tables.contains_key(name) {
                a_name
            } else {
                b_name
            };
            say(format!("table {name}: only in {only}"));
            continue;
        };
        for col in union(ta.columns.keys(), tb.columns.keys()) {
            match (ta.columns.get(col), tb.columns.get(col)) {
                (Some(ca), Some(cb)) => {
                    if ca.family != cb.family {
                        say(format!(
                            "{name}.{col}: type {:?} in {a_name}, {:?} in {b_name}",
                            ca.family, cb.family
                        ));
                    }
                    if ca.not_null != cb.not_null {
                        say(format!(
                            "{name}.{col}: NOT NULL {} in {a_name}, {} in {b_name}",
                            ca.not_null, cb.not_null
                        ));
                    }
                    if ca.default != cb.default {
                        say(format!(
                            "{name}.{col}: default {:?} in {a_name}, {:?} in {b_name}",
                            ca.default, cb.default
                        ));
                    }
                }
                (Some(_), None) => say(format!("{name}.{col}: only in {a_name}")),
                _ => say(format!("{name}.{col}: only in {b_name}")),
            }
        }
        if ta.primary_key != tb.primary_key {
            say(format!(
                "{name}: primary key {:?} in {a_name}, {:?} in {b_name}",
                ta.primary_key, tb.primary_key
            ));
        }
        for u in ta.uniques.symmetric_difference(&tb.uniques) {
            let only = if ta.uniques.contains(u) {
                a_name
            } else {
                b_name
            };
            say(format!("{name}: UNIQUE {u:?} only in {only}"));
        }
        for fk in ta.foreign_keys.symmetric_difference(&tb.foreign_keys) {
            let only = if ta.foreign_keys.contains(fk) {
                a_name
            } else {
                b_name
            };
            say(format!("{name}: foreign key {fk} only in {only}"));
        }
    }
    for name in union(a.indexes.keys(), b.indexes.keys()) {
        match (a.indexes.get(name), b.indexes.get(name)) {
            (Some(ia), Some(ib)) if ia != ib => say(format!(
                "index {name}: {ia:?} in {a_name}, {ib:?} in {b_name}"
            )),
            (Some(_), None) => say(format!("index {name}: only in {a_name}")),
            (None, Some(_)) => say(format!("index {name}: only in {b_name}")),
            _ => {}
        }
    }
    out
}

fn union<'a>(
    a: impl Iterator<Item = &'a String>,
    b: impl Iterator<Item = &'a String>,
) -> BTreeSet<&'a String> {
    a.chain(b).collect()
}

/// A default as both databases can agree on it: PostgreSQL's casts
/// (`'[]'::text`) and parentheses go, and a quoted number is a number.
fn normalize_default(raw: Option<String>) -> Option<String> {
    let mut d = raw?.trim().to_string();
    while d.starts_with('(') && d.ends_with(')') {
        d = d[1..d.len() - 1].trim().to_string();
    }
    if let Some(pos) = d.rfind("::") {
        if !d[pos..].contains('\'') {
            d.truncate(pos);
        }
    }
    let unquoted = d.trim_matches('\'');
    if d.starts_with('\'') && unquoted.parse::<f64>().is_ok() {
        d = unquoted.to_string();
    }
    Some(d)
}

/// Reads the schema the database holds now.
pub async fn read(db: &Db) -> Result<Schema> {
    match db.kind() {
        DbKind::Sqlite => read_sqlite(db).await,
        DbKind::Postgres => read_postgres(db).await,
    }
}

fn text_list(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

async fn read_sqlite(db: &Db) -> Result<Schema> {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>("name"))
    .collect::<std::result::Result<_, _>>()?;
    for t in tables {
        let mut table = Table::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for r in sqlx::query(
            "SELECT name, type, \"notnull\" AS nn, dflt_value, pk FROM pragma_table_info($1)",
        )
        .bind(&t)
        .fetch_all(db.reader())
        .await?
        {
            let name: String = r.try_get("name")?;
            let key: i64 = r.try_get("pk")?;
            if key > 0 {
                pk.push((key, name.clone()));
            }
            let declared: String = r.try_get("type")?;
            table.columns.insert(
                name,
                Column {
                    family: TypeFamily::of(&declared),
                    // Primary-key columns are NOT NULL on PostgreSQL by rule.
                    not_null: r.try_get::<i64, _>("nn")? != 0 || key > 0,
                    default: normalize_default(r.try_get("dflt_value")?),
                },
            );
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        for r in sqlx::query(
            "SELECT \"from\" AS f, \"table\" AS t, \"to\" AS c, id FROM pragma_foreign_key_list($1) \
             ORDER BY id, seq",
        )
        .bind(&t)
        .fetch_all(db.reader())
        .await?
        {
            let from: String = r.try_get("f")?;
            let to_table: String = r.try_get("t")?;
            // `REFERENCES t` without a column names t's primary key: SQLite
            // leaves `to` empty then.
            let to: Option<String> = r.try_get("c")?;
            let to = to.unwrap_or_default();
            let to = if to.is_empty() { "id".to_string() } else { to };
            table
                .foreign_keys
                .insert(format!("({from}) -> {to_table}({to})"));
        }
        for r in sqlx::query(
            "SELECT l.name AS name, l.\"unique\" AS u, l.origin AS origin, l.partial AS partial, \
             (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) AS cols \
             FROM pragma_index_list($1) l",
        )
        .bind(&t)
        .fetch_all(db.reader())
        .await?
        {
            let origin: String = r.try_get("origin")?;
            let cols = text_list(&r.try_get::<Option<String>, _>("cols")?.unwrap_or_default());
            match origin.as_str() {
                "u" => {
                    table.uniques.insert(cols);
                }
                "c" => {
                    schema.indexes.insert(
                        r.try_get("name")?,
                        Index {
                            table: t.clone(),
                            columns: cols,
                            unique: r.try_get::<i64, _>("u")? != 0,
                            partial: r.try_get::<i64, _>("partial")? != 0,
                        },
                    );
                }
                _ => {} // "pk": read from the columns above
            }
        }
        schema.tables.insert(t, table);
    }
    Ok(schema)
}

async fn read_postgres(db: &Db) -> Result<Schema> {
    let mut schema = Schema::default();
    for r in sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, \
         (is_nullable = 'NO') AS nn, column_default::text AS d \
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .fetch_all(db.reader())
    .await?
    {
        let t: String = r.try_get("t")?;
        let ty: String = r.try_get("ty")?;
        schema.tables.entry(t).or_default().columns.insert(
            r.try_get("c")?,
            Column {
                family: TypeFamily::of(&ty),
                not_null: r.try_get("nn")?,
                default: normalize_default(r.try_get("d")?),
            },
        );
    }
    // Constraints, their columns in key order.
    for r in sqlx::query(
        "SELECT cl.relname::text AS t, co.contype::text AS kind, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(co.conkey) WITH ORDINALITY k(attnum, n) \
            JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum) AS cols, \
         ft.relname::text AS ft, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(co.confkey) WITH ORDINALITY k(attnum, n) \
            JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum) AS fcols \
         FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid \
         JOIN pg_namespace ns ON ns.oid = cl.relnamespace LEFT JOIN pg_class ft ON ft.oid = co.confrelid \
         WHERE ns.nspname = current_schema() AND co.contype IN ('p', 'u', 'f')",
    )
    .fetch_all(db.reader())
    .await?
    {
        let t: String = r.try_get("t")?;
        let kind: String = r.try_get("kind")?;
        let cols = text_list(&r.try_get::<Option<String>, _>("cols")?.unwrap_or_default());
        let table = schema.tables.entry(t).or_default();
        match kind.as_str() {
            "p" => table.primary_key = cols,
            "u" => {
                table.uniques.insert(cols);
            }
            _ => {
                let ft: Option<String> = r.try_get("ft")?;
                let fcols: Option<String> = r.try_get("fcols")?;
                table.foreign_keys.insert(format!(
                    "({}) -> {}({})",
                    cols.join(","),
                    ft.unwrap_or_default(),
                    fcols.unwrap_or_default()
                ));
            }
        }
    }
    // Indexes that no constraint made.
    for r in sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS t, ix.indisunique AS u, \
         (ix.indpred IS NOT NULL) AS partial, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n) \
            JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS cols \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = current_schema() \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = ix.indexrelid)",
    )
    .fetch_all(db.reader())
    .await?
    {
        schema.indexes.insert(
            r.try_get("name")?,
            Index {
                table: r.try_get("t")?,
                columns: text_list(&r.try_get::<Option<String>, _>("cols")?.unwrap_or_default()),
                unique: r.try_get("u")?,
                partial: r.try_get("partial")?,
            },
        );
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(family: TypeFamily, not_null: bool, default: Option<&str>) -> Column {
        Column {
            family,
            not_null,
            default: default.map(str::to_string),
        }
    }

    fn offers() -> Schema {
        let mut t = Table::default();
        t.columns
            .insert("id".into(), col(TypeFamily::Integer, true, None));
        t.columns
            .insert("name".into(), col(TypeFamily::Text, true, Some("''")));
        t.primary_key = vec!["id".into()];
        t.uniques.insert(vec!["name".into()]);
        let mut s = Schema::default();
        s.tables.insert("offers".into(), t);
        s.indexes.insert(
            "offers_name".into(),
            Index {
                table: "offers".into(),
                columns: vec!["name".into()],
                unique: false,
                partial: false,
            },
        );
        s
    }

    fn diff(b: &Schema) -> Vec<String> {
        differences("sqlite", &offers(), "postgres", b)
            .into_iter()
            .map(|d| d.0)
            .collect()
    }

    #[test]
    fn the_same_schema_has_no_differences() {
        assert!(diff(&offers()).is_empty());
    }

    #[test]
    fn a_column_of_another_type_family_is_a_difference() {
        let mut b = offers();
        if let Some(t) = b.tables.get_mut("offers") {
            t.columns
                .insert("name".into(), col(TypeFamily::Integer, true, Some("''")));
        }
        assert_eq!(
            diff(&b),
            ["offers.name: type Text in sqlite, Integer in postgres"]
        );
    }

    #[test]
    fn nullability_and_defaults_are_compared() {
        let mut b = offers();
        if let Some(t) = b.tables.get_mut("offers") {
            t.columns
                .insert("name".into(), col(TypeFamily::Text, false, Some("'x'")));
        }
        let d = diff(&b);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].contains("NOT NULL true in sqlite, false in postgres"));
        assert!(d[1].contains("default"));
    }

    #[test]
    fn an_index_that_differs_or_is_missing_is_a_difference() {
        let mut b = offers();
        if let Some(i) = b.indexes.get_mut("offers_name") {
            i.unique = true;
        }
        assert_eq!(diff(&b).len(), 1);
        assert!(diff(&b)[0].starts_with("index offers_name:"));
        b.indexes.clear();
        assert_eq!(diff(&b), ["index offers_name: only in sqlite"]);
    }

    #[test]
    fn unique_constraints_primary_keys_and_foreign_keys_are_compared() {
        let mut b = offers();
        if let Some(t) = b.tables.get_mut("offers") {
            t.uniques.clear();
            t.primary_key = vec!["id".into(), "name".into()];
            t.foreign_keys.insert("(id) -> other(id)".into());
        }
        let d = diff(&b);
        assert_eq!(d.len(), 3, "{d:?}");
    }

    #[test]
    fn families_fold_the_two_dialects_together() {
        assert_eq!(TypeFamily::of("BIGINT"), TypeFamily::of("INTEGER"));
        assert_eq!(TypeFamily::of("bigint"), TypeFamily::Integer);
        assert_eq!(TypeFamily::of("double precision"), TypeFamily::of("REAL"));
        assert_eq!(TypeFamily::of("text"), TypeFamily::of("VARCHAR(20)"));
        assert_eq!(TypeFamily::of("bytea"), TypeFamily::of("BLOB"));
        assert_ne!(TypeFamily::of("TEXT"), TypeFamily::of("INTEGER"));
    }

    #[test]
    fn defaults_lose_casts_and_quotes_around_numbers() {
        let n = |s: &str| normalize_default(Some(s.to_string()));
        assert_eq!(n("'[]'::text"), n("'[]'"));
        assert_eq!(n("'0'::bigint"), Some("0".to_string()));
        assert_eq!(n("(0)"), Some("0".to_string()));
        assert_eq!(n("'onbekend'::text"), Some("'onbekend'".to_string()));
        assert_ne!(n("'a'"), n("'b'"));
    }
}
