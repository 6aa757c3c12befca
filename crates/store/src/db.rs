use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
    }
}

/// A database URL we understand. Its `Debug` and `Display` hide the password,
/// and the text is wiped from memory when dropped.
#[derive(Clone)]
pub struct DatabaseUrl {
    kind: DbKind,
    url: secrecy::SecretString,
}

impl PartialEq for DatabaseUrl {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.expose() == other.expose()
    }
}

impl Eq for DatabaseUrl {}

impl DatabaseUrl {
    /// Accepts `sqlite://PATH` (created when missing) and `postgres://…` /
    /// `postgresql://…`. Anything else is refused loudly rather than guessed.
    pub fn parse(raw: &str) -> crate::Result<Self> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(crate::StoreError::Invalid(
                    "de database-URL 'sqlite://' mist een bestandsnaam, bijvoorbeeld sqlite://data/kompas.db".into(),
                ));
            }
            let path = path.split('?').next().unwrap_or(path);
            return Ok(DatabaseUrl {
                kind: DbKind::Sqlite,
                url: format!("sqlite://{path}?mode=rwc").into(),
            });
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| {
                crate::StoreError::Invalid(format!("de PostgreSQL-URL is ongeldig: {e}"))
            })?;
            return Ok(DatabaseUrl {
                kind: DbKind::Postgres,
                url: raw.to_string().into(),
            });
        }
        Err(crate::StoreError::Invalid(format!(
            "onbekende database-URL '{}': gebruik sqlite://PAD of postgres://…",
            redact(raw)
        )))
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// The file of a SQLite database.
    pub fn sqlite_path(&self) -> Option<&str> {
        match self.kind {
            DbKind::Sqlite => self
                .expose()
                .strip_prefix("sqlite://")
                .and_then(|p| p.split('?').next()),
            DbKind::Postgres => None,
        }
    }

    pub fn expose(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.url)
    }
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", redact(self.expose()))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(self.expose()))
    }
}

/// A pooled connection for reads.
pub type ReadConn = sqlx::pool::PoolConnection<sqlx::Any>;

/// The database handle: readers and one writer (for SQLite; on PostgreSQL both
/// are the same pool). Use `writer()` for anything that changes data.
#[derive(Clone)]
pub struct Db {
    kind: DbKind,
    url: DatabaseUrl,
    read: AnyPool,
    write: AnyPool,
    /// PostgreSQL only: native connections for bulk reads (`COPY … TO STDOUT`),
    /// which the `Any` driver cannot do. Connected on first use.
    bulk: Option<sqlx::PgPool>,
    /// SQLite in a file only: the hot reads on the caller's thread (see
    /// `crate::inline`).
    inline: Option<std::sync::Arc<crate::inline::InlineReads>>,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Db({:?})", self.url)
    }
}

/// Set on every SQLite connection.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// Run when the writing connection opens, before the readers open: analyses
/// (on a bounded sample) the tables that grew or shrank much since their last
/// analysis, SQLite's advice since 3.46. A connection reads the planner's
/// statistics when it opens; without this a database that grew from the demo
/// to a municipality's size is planned as if still small. Only the writer
/// runs it: on a reader it would wait for the write lock.
const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA optimize = 0x10002;";

impl Db {
    pub async fn connect(url: &DatabaseUrl) -> crate::Result<Db> {
        install_default_drivers();
        let timeout = Duration::from_secs(5);
        match url.kind {
            DbKind::Sqlite => {
                if let Some(dir) = url
                    .sqlite_path()
                    .and_then(|p| std::path::Path::new(p).parent())
                {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            crate::StoreError::Invalid(format!(
                                "kan map {} niet maken: {e}",
                                dir.display()
                            ))
                        })?;
                    }
                }
                let opts = |writer: bool| {
                    AnyPoolOptions::new()
                        .acquire_timeout(timeout)
                        // A connection to a local file does not go stale the
                        // way a network one can: no `SELECT 1` round trip to
                        // the connection's thread before every use.
                        .test_before_acquire(false)
                        .after_connect(move |conn, _| {
                            Box::pin(async move {
                                conn.execute(SQLITE_PRAGMAS).await?;
                                if writer {
                                    conn.execute(SQLITE_WRITER_PRAGMAS).await?;
                                }
                                Ok(())
                            })
                        })
                };
                let write = opts(true).max_connections(1).connect(url.expose()).await?;
                let read = opts(false).max_connections(4).connect(url.expose()).await?;
                Ok(Db {
                    kind: DbKind::Sqlite,
                    url: url.clone(),
                    read,
                    write,
                    bulk: None,
                    inline: url
                        .sqlite_path()
                        .filter(|p| !p.is_empty() && !p.contains(":memory:"))
                        .map(|p| std::sync::Arc::new(crate::inline::InlineReads::new(p))),
                })
            }
            DbKind::Postgres => {
                let pool = AnyPoolOptions::new()
                    .acquire_timeout(timeout)
                    .max_connections(16)
                    .connect(url.expose())
                    .await?;
                let bulk = sqlx::postgres::PgPoolOptions::new()
                    .acquire_timeout(timeout)
                    .max_connections(2)
                    .connect_lazy(url.expose())?;
                Ok(Db {
                    kind: DbKind::Postgres,
                    url: url.clone(),
                    read: pool.clone(),
                    write: pool,
                    bulk: Some(bulk),
                    inline: None,
                })
            }
        }
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }
    /// A connection for reads only (on SQLite: not the single writer).
    pub async fn read_conn(&self) -> crate::Result<ReadConn> {
        Ok(self.read.acquire().await?)
    }
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }
    /// The reads `crate::inline` can do on the caller's thread; `None` on
    /// PostgreSQL and in-memory SQLite.
    pub(crate) fn inline(&self) -> Option<&crate::inline::InlineReads> {
        self.inline.as_deref()
    }

    /// Whether the hot reads run on the caller's thread (SQLite in a file).
    pub fn reads_inline(&self) -> bool {
        self.inline.is_some()
    }

    /// The same database with every read through sqlx: for comparing the
    /// two ways of reading.
    pub fn without_inline_reads(&self) -> Db {
        Db {
            inline: None,
            ..self.clone()
        }
    }

    /// Native PostgreSQL connections for bulk reads; `None` on SQLite.
    pub(crate) fn bulk(&self) -> Option<&sqlx::PgPool> {
        self.bulk.as_ref()
    }

    /// A write transaction (on the single writer for SQLite).
    pub async fn begin(&self) -> crate::Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(self.write.begin().await?)
    }

    /// For `/health`: can we reach the database at all?
    pub async fn ping(&self) -> crate::Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
        if let Some(bulk) = &self.bulk {
            bulk.close().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_both_kinds_and_hides_passwords() {
        let s = DatabaseUrl::parse("sqlite://data/k.db");
        assert_eq!(s.as_ref().map(|u| u.kind()).ok(), Some(DbKind::Sqlite));
        assert_eq!(
            s.as_ref().ok().and_then(|u| u.sqlite_path()),
            Some("data/k.db")
        );
        let p = DatabaseUrl::parse("postgres://kompas:geheim@db:5432/kompas");
        let shown = p.map(|u| format!("{u:?} {u}")).unwrap_or_default();
        assert!(!shown.contains("geheim"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[test]
    fn refuses_unknown_urls() {
        let err = DatabaseUrl::parse("mysql://root:pw@x/y")
            .map(|_| ())
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("onbekende database-URL"), "{msg}");
        assert!(!msg.contains("pw@"), "{msg}");
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
