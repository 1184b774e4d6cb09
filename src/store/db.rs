//! The one place that knows there are two database backends.
//!
//! All SQL in ratsinfo is written once, with `$n` placeholders that both SQLite and
//! PostgreSQL understand, and with arguments from the closed [`Arg`] set (integers,
//! text, booleans, bytes; timestamps are integers). This module runs such a statement
//! on whichever backend the store was opened with, so nothing above it is generic over
//! `sqlx::Database` and no `Any` driver is needed.

use sqlx::postgres::{PgPool, PgRow};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{FromRow, Postgres, Sqlite, Transaction};

/// A bind argument. Each variant carries its SQL type even when `None`, because
/// PostgreSQL must know the type of a NULL parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<&i64> for Arg {
    fn from(v: &i64) -> Self {
        Arg::Int(Some(*v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(Some(v))
    }
}
impl From<Option<bool>> for Arg {
    fn from(v: Option<bool>) -> Self {
        Arg::Bool(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_owned()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_owned))
    }
}

/// A statement with its arguments, built by the store's query code.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
    /// The text holds literal id lists: prepared once, it would only fill the
    /// connection's statement cache (and memory) with statements never seen again.
    pub one_off: bool,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            args: Vec::new(),
            one_off: false,
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg` (`$1`, `$2`, ...).
    pub fn bind(&mut self, arg: impl Into<Arg>) -> &mut Self {
        self.args.push(arg.into());
        self.text.push('$');
        self.text.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `(a, b, c)`. Long lists of integers (the ids of a page) are written as
    /// literals, which need no placeholder to be safe: sqlx resolves every placeholder
    /// by scanning the statement's parameter list, so 1,000 ids took a million steps.
    /// Short lists keep placeholders, so that their statements stay prepared in the
    /// connection's cache (a statement with literals is run once and finalised).
    pub fn bind_list<A: Into<Arg>>(&mut self, values: impl IntoIterator<Item = A>) -> &mut Self {
        let values: Vec<Arg> = values.into_iter().map(Into::into).collect();
        let literal =
            values.len() >= LITERAL_LIST && values.iter().all(|v| matches!(v, Arg::Int(Some(_))));
        self.text.push('(');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            match value {
                Arg::Int(Some(n)) if literal => self.text.push_str(&n.to_string()),
                other => {
                    self.bind(other);
                }
            }
        }
        self.text.push(')');
        self.one_off |= literal;
        self
    }
}

/// Integer lists at least this long are written as literals (see [`Sql::bind_list`]).
const LITERAL_LIST: usize = 16;

/// A row type that can be read from both backends.
pub trait AnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Where a read runs: on the pool (the API), or inside an open write transaction (the
/// after-write pass renders what the transaction is about to commit, which no other
/// connection can see yet).
#[derive(Clone, Copy)]
pub enum Reads<'a> {
    Pool(&'a Pool),
    Tx(&'a tokio::sync::Mutex<Tx>),
}

impl Reads<'_> {
    pub async fn fetch_all<T: AnyRow>(&self, sql: Sql) -> sqlx::Result<Vec<T>> {
        match self {
            Reads::Pool(p) => p.fetch_all(sql).await,
            Reads::Tx(t) => t.lock().await.fetch_all(sql).await,
        }
    }

    pub async fn fetch_optional<T: AnyRow>(&self, sql: Sql) -> sqlx::Result<Option<T>> {
        match self {
            Reads::Pool(p) => p.fetch_optional(sql).await,
            Reads::Tx(t) => t.lock().await.fetch_optional(sql).await,
        }
    }
}

/// A write transaction and what it changed: [`Tx::commit`] hands the changes to the
/// after-write passes (`store::after_write`) before it commits.
pub struct Tx {
    conn: TxConn,
    pub(super) changes: super::after_write::Changes,
    /// Writes held back until a statement needs them or the transaction commits: touches
    /// of parents and links of new objects, each written in few statements.
    pub(super) pending: super::write::Pending,
}

enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Pool {
    pub async fn fetch_all<T: AnyRow>(&self, sql: Sql) -> sqlx::Result<Vec<T>> {
        match self {
            Pool::Sqlite(p) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_all(p)
                .await
            }
            Pool::Postgres(p) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_all(p)
                .await
            }
        }
    }

    pub async fn fetch_optional<T: AnyRow>(&self, sql: Sql) -> sqlx::Result<Option<T>> {
        match self {
            Pool::Sqlite(p) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_optional(p)
                .await
            }
            Pool::Postgres(p) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_optional(p)
                .await
            }
        }
    }

    pub async fn execute(&self, sql: Sql) -> sqlx::Result<u64> {
        match self {
            Pool::Sqlite(p) => Ok(bind_all!(
                sqlx::query(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                sql.args
            )
            .execute(p)
            .await?
            .rows_affected()),
            Pool::Postgres(p) => Ok(bind_all!(
                sqlx::query(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                sql.args
            )
            .execute(p)
            .await?
            .rows_affected()),
        }
    }

    /// The plan the database chooses for a statement, one line per step
    /// (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL). PostgreSQL is asked with
    /// sequential scans priced out, so that a small test table still shows whether an
    /// index could serve the statement at all.
    pub async fn plan(&self, sql: Sql) -> sqlx::Result<Vec<String>> {
        use sqlx::Row;
        match self {
            Pool::Sqlite(p) => {
                let text = format!("EXPLAIN QUERY PLAN {}", sql.text);
                let rows = bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), sql.args)
                    .fetch_all(p)
                    .await?;
                rows.iter().map(|r| r.try_get::<String, _>(3)).collect()
            }
            Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SET LOCAL enable_seqscan = off")
                    .execute(&mut *tx)
                    .await?;
                let text = format!("EXPLAIN {}", sql.text);
                let rows = bind_all!(sqlx::query(sqlx::AssertSqlSafe(text)), sql.args)
                    .fetch_all(&mut *tx)
                    .await?;
                tx.rollback().await?;
                rows.iter().map(|r| r.try_get::<String, _>(0)).collect()
            }
        }
    }

    pub async fn begin(&self) -> sqlx::Result<Tx> {
        let conn = match self {
            Pool::Sqlite(p) => TxConn::Sqlite(p.begin().await?),
            Pool::Postgres(p) => TxConn::Postgres(p.begin().await?),
        };
        Ok(Tx {
            conn,
            changes: Default::default(),
            pending: Default::default(),
        })
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

async fn execute_on(conn: &mut TxConn, sql: Sql) -> sqlx::Result<u64> {
    match conn {
        TxConn::Sqlite(t) => Ok(bind_all!(
            sqlx::query(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
            sql.args
        )
        .execute(&mut **t)
        .await?
        .rows_affected()),
        TxConn::Postgres(t) => Ok(bind_all!(
            sqlx::query(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
            sql.args
        )
        .execute(&mut **t)
        .await?
        .rows_affected()),
    }
}

impl Tx {
    pub async fn fetch_all<T: AnyRow>(&mut self, sql: Sql) -> sqlx::Result<Vec<T>> {
        self.links_before(&sql).await?;
        match &mut self.conn {
            TxConn::Sqlite(t) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_all(&mut **t)
                .await
            }
            TxConn::Postgres(t) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_all(&mut **t)
                .await
            }
        }
    }

    pub async fn fetch_optional<T: AnyRow>(&mut self, sql: Sql) -> sqlx::Result<Option<T>> {
        self.links_before(&sql).await?;
        match &mut self.conn {
            TxConn::Sqlite(t) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_optional(&mut **t)
                .await
            }
            TxConn::Postgres(t) => {
                bind_all!(
                    sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql.text)).persistent(!sql.one_off),
                    sql.args
                )
                .fetch_optional(&mut **t)
                .await
            }
        }
    }

    pub async fn execute(&mut self, sql: Sql) -> sqlx::Result<u64> {
        self.links_before(&sql).await?;
        execute_on(&mut self.conn, sql).await
    }

    /// Links held back by [`Tx::insert_links`] are written before any statement that
    /// reads or changes the link table, so every statement sees them.
    async fn links_before(&mut self, sql: &Sql) -> sqlx::Result<()> {
        if self.pending.links.is_empty() || !sql.text.contains("link") {
            return Ok(());
        }
        self.flush_links().await
    }

    /// Writes the held-back links, a hundred rows a statement (five parameters a row;
    /// SQLite binds parameters by name, so keep it modest).
    pub(super) async fn flush_links(&mut self) -> sqlx::Result<()> {
        let rows = std::mem::take(&mut self.pending.links);
        for chunk in rows.chunks(100) {
            let mut ins =
                Sql::new("INSERT INTO link (src_type, src_id, property, position, dst_id) VALUES ");
            for (i, (src, src_id, property, position, dst)) in chunk.iter().enumerate() {
                if i > 0 {
                    ins.push(", ");
                }
                ins.push("(")
                    .bind(src.as_str())
                    .push(", ")
                    .bind(*src_id)
                    .push(", ")
                    .bind(property.as_str())
                    .push(", ")
                    .bind(*position)
                    .push(", ")
                    .bind(*dst)
                    .push(")");
            }
            execute_on(&mut self.conn, ins).await?;
        }
        Ok(())
    }

    /// Whether this transaction is on SQLite (for the few statements that differ).
    pub fn is_sqlite(&self) -> bool {
        matches!(self.conn, TxConn::Sqlite(_))
    }

    /// Runs the after-write passes over what this transaction changed, then commits,
    /// moving the data version (readers' caches check it).
    pub async fn commit(mut self) -> super::Result<()> {
        self.flush_pending().await?;
        let mut tx = super::after_write::run(self).await?;
        tx.execute(Sql::new(
            "UPDATE data_version SET version = version + 1 WHERE id = 1",
        ))
        .await?;
        Ok(tx.commit_bookkeeping().await?)
    }

    /// Commits a transaction that wrote only bookkeeping no response shows (a
    /// harvest's staging and cursors): readers' caches stay valid.
    pub async fn commit_bookkeeping(mut self) -> sqlx::Result<()> {
        self.flush_pending().await?;
        match self.conn {
            TxConn::Sqlite(t) => t.commit().await,
            TxConn::Postgres(t) => t.commit().await,
        }
    }
}
