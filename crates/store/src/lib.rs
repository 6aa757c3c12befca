//! Storage on SQLite (embedded default) and PostgreSQL (larger regions).
//!
//! Both run the same SQL text through sqlx's `Any` driver: placeholders are `$1`,
//! integers are 64-bit, booleans are 0/1 and times are UTC text (see the first
//! migration). SQLite gets one writer connection and a pool of readers, in WAL
//! mode with `synchronous=FULL`, so an acknowledged write survives a crash.

pub mod arrears_import;
pub mod audit;
pub mod backup;
pub mod case_events;
pub mod db;
pub mod directory;
pub mod feed;
mod inline;
pub mod leases;
pub mod maatwerk;
pub mod migrate;
pub mod monitor;
mod multi_row;
pub mod municipality_contact;
pub mod offer_address;
pub mod offer_translations;
pub mod oidc;
mod pg_copy;
pub mod plan;
pub mod plan_list;
pub mod plan_members;
pub mod privacy;
pub mod resident;
pub mod schema;
pub mod search_misses;
pub mod secrets;
pub mod sessions;
pub mod tenancy;
pub mod time;
pub mod toegang;
pub mod users;

pub use db::{DatabaseUrl, Db, DbKind, ReadConn};
/// A connection or transaction, as repositories take it.
pub use sqlx::AnyConnection as Conn;
/// A write transaction (`Db::begin`).
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Storage errors, with a Dutch message where a user can act on it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("databasefout: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("niet gevonden: {0}")]
    NotFound(String),
    #[error("bestaat al: {0}")]
    Conflict(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A domain rule's refusal (a reason in Dutch) as a store error.
pub(crate) fn parsed<T>(r: std::result::Result<T, String>) -> Result<T> {
    r.map_err(StoreError::Invalid)
}

/// Turns a unique-constraint violation into `Conflict` with a readable text.
pub(crate) fn conflict_on_unique(e: sqlx::Error, what: &str) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        if db.is_unique_violation() {
            return StoreError::Conflict(what.to_string());
        }
    }
    StoreError::Sql(e)
}

/// `column IN (1, 2, 3)` for a caller's scope. The ids are integers of our own
/// type, never text from a request, so writing them into the SQL is safe; it
/// keeps one SQL text for both databases (sqlx `Any` has no array binds).
pub(crate) fn in_scope(column: &str, scope: &kompas_domain::MunicipalityScope) -> String {
    let ids: Vec<String> = scope.ids().iter().map(i64::to_string).collect();
    format!("{column} IN ({})", ids.join(", "))
}
