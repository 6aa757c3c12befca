//! SQLite reads on the caller's own thread, for the reads every search pays
//! for: the offers of a results page, their organisations and translations.
//! sqlx runs each SQLite connection on a thread of its own and hands every
//! statement and every row across threads; for a page of ten offers that
//! hand-off took about two thirds of the read, and under load the thread
//! switches were a fifth of the HSDS search API's CPU (`kompas bench search`).
//! These reads are short (an indexed list of ids), and in WAL mode they run
//! beside the writer, so running them where the request runs costs less than
//! waking another thread. On PostgreSQL, for an in-memory database, and when
//! SQLite answers "busy", the same SQL goes through sqlx as before.
//!
//! rusqlite (MIT) is the well-kept synchronous binding; it shares sqlx's
//! `libsqlite3-sys`, so there is still one SQLite in the binary.

use crate::{Result, StoreError};
use sqlx::any::AnyRow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A value read from a column of either driver's row.
pub(crate) trait Column: Sized {
    fn from_any(row: &AnyRow, name: &str) -> Result<Self>;
    fn from_inline(row: &rusqlite::Row<'_>, column: usize) -> Result<Self>;
}

macro_rules! columns {
    ($($t:ty),*) => {$(
        impl Column for $t {
            fn from_any(row: &AnyRow, name: &str) -> Result<Self> {
                Ok(sqlx::Row::try_get::<$t, _>(row, name)?)
            }
            fn from_inline(row: &rusqlite::Row<'_>, column: usize) -> Result<Self> {
                row.get::<_, $t>(column).map_err(failed)
            }
        }
    )*};
}

columns!(
    i64,
    String,
    f64,
    bool,
    Option<i64>,
    Option<String>,
    Option<f64>
);

/// A row of either driver, so a row is mapped by one function.
pub(crate) trait Columns {
    fn col<T: Column>(&self, name: &str) -> Result<T>;
}

impl Columns for AnyRow {
    fn col<T: Column>(&self, name: &str) -> Result<T> {
        T::from_any(self, name)
    }
}

/// A statement's columns by name. rusqlite finds a column by name by
/// comparing it with every column's name in turn, which for the offers'
/// forty columns was a tenth of the search API's CPU.
type ColumnPlaces = HashMap<String, usize>;

/// A row read here, its columns found by name through its statement's
/// [`ColumnPlaces`].
pub(crate) struct InlineRow<'a> {
    row: &'a rusqlite::Row<'a>,
    places: &'a ColumnPlaces,
}

impl Columns for InlineRow<'_> {
    fn col<T: Column>(&self, name: &str) -> Result<T> {
        let place = self
            .places
            .get(name)
            .ok_or_else(|| StoreError::Invalid(format!("SQLite: geen kolom {name}")))?;
        T::from_inline(self.row, *place)
    }
}

fn failed(e: rusqlite::Error) -> StoreError {
    StoreError::Invalid(format!("SQLite: {e}"))
}

/// Whether SQLite asked to come back later (another connection holds a lock
/// this read needs): the caller reads through sqlx instead, which waits.
fn busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Connections kept between reads: one per thread that reads at once.
const KEPT: usize = 8;

/// A connection and the column places of the statements it prepared.
struct Kept {
    conn: rusqlite::Connection,
    places: HashMap<String, Arc<ColumnPlaces>>,
}

/// Read-only connections to one SQLite file, opened when first needed.
pub(crate) struct InlineReads {
    path: String,
    idle: Mutex<Vec<Kept>>,
}

impl InlineReads {
    pub fn new(path: &str) -> InlineReads {
        InlineReads {
            path: path.to_string(),
            idle: Mutex::new(Vec::new()),
        }
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Never wait long on the request's thread: "busy" goes to sqlx.
        conn.busy_timeout(std::time::Duration::from_millis(20))?;
        conn.pragma_update(None, "query_only", true)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }

    /// The rows of `sql` (with `$1…$n` bound to `args`), each mapped; None
    /// when SQLite was busy.
    pub fn all<T>(
        &self,
        sql: &str,
        args: &[i64],
        map: fn(&InlineRow<'_>) -> Result<T>,
    ) -> Result<Option<Vec<T>>> {
        let kept = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut kept = match kept {
            Some(k) => k,
            None => match self.open() {
                Ok(conn) => Kept {
                    conn,
                    places: HashMap::new(),
                },
                Err(e) if busy(&e) => return Ok(None),
                Err(e) => return Err(failed(e)),
            },
        };
        let read = (|| -> std::result::Result<Vec<T>, Failure> {
            let mut statement = kept.conn.prepare_cached(sql)?;
            let places = match kept.places.get(sql) {
                Some(p) => p.clone(),
                None => {
                    let p: Arc<ColumnPlaces> = Arc::new(
                        statement
                            .column_names()
                            .into_iter()
                            .enumerate()
                            .map(|(i, n)| (n.to_string(), i))
                            .collect(),
                    );
                    kept.places.insert(sql.to_string(), p.clone());
                    p
                }
            };
            let mut rows = statement.query(rusqlite::params_from_iter(args))?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let row = InlineRow {
                    row,
                    places: &places,
                };
                out.push(map(&row).map_err(Failure::Map)?);
            }
            Ok(out)
        })();
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < KEPT {
                idle.push(kept);
            }
        }
        match read {
            Ok(rows) => Ok(Some(rows)),
            Err(Failure::Sqlite(e)) if busy(&e) => Ok(None),
            Err(Failure::Sqlite(e)) => Err(failed(e)),
            Err(Failure::Map(e)) => Err(e),
        }
    }
}

enum Failure {
    Sqlite(rusqlite::Error),
    Map(StoreError),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::Sqlite(e)
    }
}
