//! Persistence: one `Store` over SQLite (the embedded default) or PostgreSQL.
//!
//! The backend is chosen by the scheme of the database URL. The SQL is shared; only the
//! migrations (`migrations/sqlite`, `migrations/postgres`) and the connection set-up
//! differ. Reads serve the API; writes go through [`Store::begin`] and the helpers in
//! [`write`], always inside one transaction per import unit.

pub mod after_write;
mod db;
pub mod feeds;
pub mod harvest;
pub mod health;
pub mod read;
pub mod renderings;
pub mod rows;
pub mod search;
pub mod tokens;
pub mod votes;
pub mod webhooks;
pub mod write;

use std::str::FromStr;
use std::time::Duration;

use db::Pool;
pub use db::{AnyRow, Arg, Reads, Sql, Tx};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://...")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The write would duplicate or contradict what the store holds.
    #[error("{0}")]
    Conflict(String),
    /// An object could not be rendered for its stored rendering.
    #[error("rendering an object failed: {0}")]
    Render(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Opened read-only (a SQLite file that cannot be written).
    read_only: bool,
    /// Jobs running through this store (see [`health::JobLock`]).
    jobs: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl Store {
    /// Opens (and for SQLite creates) the database and applies pending migrations.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database without migrating.
    pub async fn connect(url: &str) -> Result<Store> {
        let mut read_only = false;
        let pool = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // An in-memory database exists per connection: keep exactly one. Otherwise
            // two per core (at least four): each connection is a thread with its own
            // page cache, and more bought no throughput but a third more memory
            // (BENCHMARKS.md).
            let max = if url.contains(":memory:") || url.contains("mode=memory") {
                1
            } else {
                std::thread::available_parallelism().map_or(4, |n| (2 * n.get() as u32).max(4))
            };
            match SqlitePoolOptions::new()
                .max_connections(max)
                .connect_with(options.clone())
                .await
            {
                Ok(pool) => Pool::Sqlite(pool),
                // A database on a read-only file system (or a read-only copy) cannot
                // keep its WAL index: it is opened as immutable, so reads are served
                // and every write fails with SQLITE_READONLY (a 503 on the API).
                Err(e)
                    if cannot_write(&e)
                        && std::path::Path::new(options.get_filename()).exists() =>
                {
                    tracing::warn!(
                        error = %e,
                        "the SQLite database cannot be written: serving it read-only"
                    );
                    read_only = true;
                    Pool::Sqlite(
                        SqlitePoolOptions::new()
                            .max_connections(max)
                            .connect_with(options.read_only(true).immutable(true))
                            .await?,
                    )
                }
                Err(e) => return Err(e.into()),
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    // While the database is gone a request waits this long for a
                    // connection, then gets a 503 (bench/faults.sh).
                    .acquire_timeout(Duration::from_secs(5))
                    .connect(url)
                    .await?,
            )
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        Ok(Store {
            pool,
            read_only,
            jobs: Default::default(),
        })
    }

    /// Whether writes are impossible (see [`Store::connect`]).
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The embedded migrations of this backend.
    fn migrator(&self) -> sqlx::migrate::Migrator {
        match &self.pool {
            Pool::Sqlite(_) => sqlx::migrate!("migrations/sqlite"),
            Pool::Postgres(_) => sqlx::migrate!("migrations/postgres"),
        }
    }

    /// Applies the embedded migrations of this backend. A read-only SQLite database is
    /// left as it is when it is current, and refused when it is not.
    pub async fn migrate(&self) -> Result<()> {
        if self.read_only {
            return match self.pending_migrations().await? {
                0 => Ok(()),
                n => Err(StoreError::Conflict(format!(
                    "the database is read-only and {n} migration(s) are pending: open it writable once"
                ))),
            };
        }
        let migrator = self.migrator();
        match &self.pool {
            Pool::Sqlite(p) => migrator.run(p).await?,
            Pool::Postgres(p) => migrator.run(p).await?,
        }
        self.ensure_system().await?;
        self.ensure_rendering_state().await?;
        self.ensure_search_state().await
    }

    /// A database without objects has a current (empty) search index; one upgraded
    /// from before the index, or built by another analysis, is rebuilt by `serve`.
    async fn ensure_search_state(&self) -> Result<()> {
        let mut sql = Sql::new("INSERT INTO search_state (id, analyzer, built) SELECT 1, ");
        sql.bind(crate::search::analyze::VERSION)
            .push(", ")
            .bind(crate::oparl::time::now())
            .push(" WHERE NOT EXISTS (SELECT 1 FROM body) ON CONFLICT (id) DO NOTHING");
        self.pool.execute(sql).await?;
        Ok(())
    }

    /// Creates the System row on first start; its `created` is the instance's birth.
    async fn ensure_system(&self) -> Result<()> {
        let now = crate::oparl::time::now();
        let mut sql = Sql::new("INSERT INTO system (id, created, modified) VALUES (1, ");
        sql.bind(now)
            .push(", ")
            .bind(now)
            .push(") ON CONFLICT (id) DO NOTHING");
        self.pool.execute(sql).await?;
        Ok(())
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self.pool.begin().await?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Reads on the pool, as the API does.
    pub fn reads(&self) -> Reads<'_> {
        Reads::Pool(&self.pool)
    }

    pub(crate) async fn fetch_all<T: AnyRow>(&self, sql: Sql) -> Result<Vec<T>> {
        Ok(self.pool.fetch_all(sql).await?)
    }

    pub(crate) async fn fetch_optional<T: AnyRow>(&self, sql: Sql) -> Result<Option<T>> {
        Ok(self.pool.fetch_optional(sql).await?)
    }
}

/// SQLite's CANTOPEN (14) and READONLY (8): the file or its folder is not writable.
fn cannot_write(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "14" || c == "8"))
}

impl Store {
    /// The data version: moved by every committed write transaction.
    pub async fn data_version(&self) -> Result<i64> {
        #[derive(sqlx::FromRow)]
        struct V {
            version: i64,
        }
        let row: Option<V> = self
            .fetch_optional(Sql::new("SELECT version FROM data_version WHERE id = 1"))
            .await?;
        Ok(row.map_or(0, |r| r.version))
    }

    /// Runs one statement without arguments (administration: create or drop databases).
    pub async fn execute_raw(&self, sql: &str) -> Result<u64> {
        Ok(self.pool.execute(Sql::new(sql)).await?)
    }
}
