//! The harvester's persistent state (see `ingest::harvest`): sources, the cursor of each list of the run in
//! progress, and the objects staged from the source. Every page is staged in one
//! transaction together with its list's cursor, so an interrupted run resumes at
//! the first page it had not committed. None of it is served as OParl data, so its
//! transactions leave the data version alone.

use sqlx::FromRow;

use super::{Reads, Result, Sql, Store, Tx};
use crate::oparl::ObjectType;
use crate::oparl::time::Micros;

#[derive(Debug, Clone, FromRow)]
pub struct SourceRow {
    pub id: i64,
    pub url: String,
    pub created: i64,
    pub modified: i64,
    pub last_full_sync: Option<i64>,
    pub last_sync: Option<i64>,
    pub run: i64,
    pub run_started: Option<i64>,
    pub run_full: bool,
    pub run_report: Option<String>,
    pub report: Option<String>,
}

const SOURCE_COLUMNS: &str = "id, url, created, modified, last_full_sync, last_sync, run, \
     run_started, run_full, run_report, report";

#[derive(Debug, Clone, FromRow)]
pub struct ListRow {
    pub list_url: String,
    pub body_url: String,
    #[sqlx(rename = "type")]
    pub type_: String,
    pub next_url: Option<String>,
    pub done: bool,
    pub truncated: bool,
}

/// One object as staged.
#[derive(Debug, Clone)]
pub struct Staged {
    pub url: String,
    pub ty: ObjectType,
    /// Writing order: referenced types first.
    pub rank: u8,
    pub body_url: Option<String>,
    pub listed: bool,
    pub deleted: bool,
    pub json: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct StagedRow {
    pub url: String,
    #[sqlx(rename = "type")]
    pub type_: String,
    pub rank: i32,
    pub body_url: Option<String>,
    pub json: Option<String>,
}

#[derive(FromRow)]
struct UrlType {
    url: String,
    #[sqlx(rename = "type")]
    type_: String,
}

impl Store {
    pub async fn harvest_sources(&self) -> Result<Vec<SourceRow>> {
        self.fetch_all(Sql::new(format!(
            "SELECT {SOURCE_COLUMNS} FROM harvest_source ORDER BY id"
        )))
        .await
    }

    /// The source with this URL, created on first use.
    pub async fn harvest_source(&self, url: &str, now: Micros) -> Result<SourceRow> {
        let mut tx = self.begin().await?;
        let mut insert = Sql::new("INSERT INTO harvest_source (url, created, modified) VALUES (");
        insert
            .bind(url)
            .push(", ")
            .bind(now)
            .push(", ")
            .bind(now)
            .push(") ON CONFLICT (url) DO NOTHING");
        tx.execute(insert).await?;
        let mut select = Sql::new(format!(
            "SELECT {SOURCE_COLUMNS} FROM harvest_source WHERE url = "
        ));
        select.bind(url);
        let row: Option<SourceRow> = tx.fetch_optional(select).await?;
        tx.commit_bookkeeping().await?;
        row.ok_or_else(|| super::StoreError::Conflict(format!("source {url} vanished")))
    }

    /// Starts a new run: a fresh number, no list cursors.
    pub async fn harvest_start_run(
        &self,
        source: i64,
        run: i64,
        full: bool,
        now: Micros,
        report: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let mut clear = Sql::new("DELETE FROM harvest_list WHERE source_id = ");
        clear.bind(source);
        tx.execute(clear).await?;
        let mut sql = Sql::new("UPDATE harvest_source SET run = ");
        sql.bind(run)
            .push(", run_started = ")
            .bind(now)
            .push(", run_full = ")
            .bind(full)
            .push(", run_report = ")
            .bind(report)
            .push(" WHERE id = ")
            .bind(source);
        tx.execute(sql).await?;
        tx.commit_bookkeeping().await?;
        Ok(())
    }

    /// Registers a list of the run (kept as it is when the run resumes).
    pub async fn harvest_add_list(
        &self,
        source: i64,
        list_url: &str,
        body_url: &str,
        ty: ObjectType,
        first_page: &str,
    ) -> Result<()> {
        let mut sql = Sql::new(
            "INSERT INTO harvest_list (source_id, list_url, body_url, type, next_url) VALUES (",
        );
        sql.bind(source)
            .push(", ")
            .bind(list_url)
            .push(", ")
            .bind(body_url)
            .push(", ")
            .bind(ty.name())
            .push(", ")
            .bind(first_page)
            .push(") ON CONFLICT (source_id, list_url) DO NOTHING");
        self.pool_execute(sql).await
    }

    pub async fn harvest_lists(&self, source: i64) -> Result<Vec<ListRow>> {
        let mut sql = Sql::new(
            "SELECT list_url, body_url, type, next_url, done, truncated FROM harvest_list WHERE source_id = ",
        );
        sql.bind(source).push(" ORDER BY list_url");
        self.fetch_all(sql).await
    }

    /// Staged objects still to be written, in writing order, after a keyset position.
    pub async fn harvest_pending(
        &self,
        source: i64,
        rank: Option<i32>,
        after: Option<(i32, &str)>,
        limit: i64,
    ) -> Result<Vec<StagedRow>> {
        let mut sql = Sql::new(
            "SELECT url, type, rank, body_url, json FROM harvest_object \
             WHERE json IS NOT NULL AND source_id = ",
        );
        sql.bind(source);
        if let Some(rank) = rank {
            sql.push(" AND rank = ").bind(i64::from(rank));
        }
        if let Some((rank, url)) = after {
            sql.push(" AND (rank > ")
                .bind(i64::from(rank))
                .push(" OR (rank = ")
                .bind(i64::from(rank))
                .push(" AND url > ")
                .bind(url)
                .push("))");
        }
        sql.push(" ORDER BY rank, url LIMIT ").bind(limit);
        self.fetch_all(sql).await
    }

    /// Objects of the given types, listed in an earlier run but not in this one.
    pub async fn harvest_unseen(
        &self,
        source: i64,
        run: i64,
        types: &[ObjectType],
        listed: bool,
    ) -> Result<Vec<(ObjectType, String)>> {
        if types.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql =
            Sql::new("SELECT url, type FROM harvest_object WHERE deleted = FALSE AND source_id = ");
        sql.bind(source)
            .push(" AND listed = ")
            .bind(listed)
            .push(" AND seen_run < ")
            .bind(run)
            .push(" AND type IN ")
            .bind_list(types.iter().map(|t| t.name()))
            .push(" ORDER BY rank, url");
        let rows: Vec<UrlType> = self.fetch_all(sql).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| ObjectType::from_name(&r.type_).map(|t| (t, r.url)))
            .collect())
    }

    /// Whether an object of this source is staged (pending or written).
    pub async fn harvest_known(&self, source: i64, url: &str) -> Result<bool> {
        let mut sql = Sql::new("SELECT 1 AS id FROM harvest_object WHERE source_id = ");
        sql.bind(source).push(" AND url = ").bind(url);
        Ok(self
            .fetch_optional::<super::rows::IdRow>(sql)
            .await?
            .is_some())
    }

    /// Non-deleted objects of a source by type.
    pub async fn harvest_counts(&self, source: i64) -> Result<Vec<(String, i64)>> {
        #[derive(FromRow)]
        struct Count {
            #[sqlx(rename = "type")]
            type_: String,
            n: i64,
        }
        let mut sql = Sql::new(
            "SELECT type, COUNT(*) AS n FROM harvest_object WHERE deleted = FALSE AND source_id = ",
        );
        sql.bind(source).push(" GROUP BY type ORDER BY type");
        let rows: Vec<Count> = self.fetch_all(sql).await?;
        Ok(rows.into_iter().map(|c| (c.type_, c.n)).collect())
    }

    /// Ends the run: the sync times move, the report is kept.
    pub async fn harvest_finish_run(
        &self,
        source: &SourceRow,
        started: Micros,
        full: bool,
        now: Micros,
        report: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let mut sql = Sql::new("UPDATE harvest_source SET last_sync = ");
        sql.bind(started);
        if full {
            sql.push(", last_full_sync = ").bind(started);
        }
        sql.push(", run_started = NULL, run_report = NULL, modified = ")
            .bind(now)
            .push(", report = ")
            .bind(report)
            .push(" WHERE id = ")
            .bind(source.id);
        tx.execute(sql).await?;
        let mut clear = Sql::new("DELETE FROM harvest_list WHERE source_id = ");
        clear.bind(source.id);
        tx.execute(clear).await?;
        tx.commit_bookkeeping().await?;
        Ok(())
    }

    async fn pool_execute(&self, sql: Sql) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.execute(sql).await?;
        tx.commit_bookkeeping().await?;
        Ok(())
    }
}

impl Tx {
    /// Stages objects (insert or replace by URL) as seen in this run.
    pub async fn harvest_stage(&mut self, source: i64, run: i64, objects: &[Staged]) -> Result<()> {
        // One row per URL (a page may repeat an object; PostgreSQL refuses to update a
        // row twice in one statement): the last one wins, as it would one by one.
        let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            last.insert(o.url.as_str(), i);
        }
        let rows: Vec<&Staged> = objects
            .iter()
            .enumerate()
            .filter(|(i, o)| last.get(o.url.as_str()) == Some(i))
            .map(|(_, o)| o)
            .collect();
        // Nine parameters a row; a few dozen rows per statement.
        for chunk in rows.chunks(50) {
            let mut sql = Sql::new(
                "INSERT INTO harvest_object (source_id, url, type, rank, body_url, listed, deleted, seen_run, json) VALUES ",
            );
            for (i, o) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.push("(")
                    .bind(source)
                    .push(", ")
                    .bind(o.url.as_str())
                    .push(", ")
                    .bind(o.ty.name())
                    .push(", ")
                    .bind(i64::from(o.rank))
                    .push(", ")
                    .bind(o.body_url.clone())
                    .push(", ")
                    .bind(o.listed)
                    .push(", ")
                    .bind(o.deleted)
                    .push(", ")
                    .bind(run)
                    .push(", ")
                    .bind(o.json.as_str())
                    .push(")");
            }
            sql.push(
                " ON CONFLICT (source_id, url) DO UPDATE SET type = excluded.type, \
                 rank = excluded.rank, body_url = COALESCE(excluded.body_url, harvest_object.body_url), \
                 listed = (excluded.listed OR harvest_object.listed), deleted = excluded.deleted, \
                 seen_run = excluded.seen_run, json = excluded.json",
            );
            self.execute(sql).await?;
        }
        Ok(())
    }

    /// Moves a list's cursor: the next page to fetch, or done.
    pub async fn harvest_advance(
        &mut self,
        source: i64,
        list_url: &str,
        next: Option<&str>,
        truncated: bool,
    ) -> Result<()> {
        let mut sql = Sql::new("UPDATE harvest_list SET next_url = ");
        sql.bind(next)
            .push(", done = ")
            .bind(next.is_none())
            .push(", truncated = (truncated OR ")
            .bind(truncated)
            .push("), pages = pages + 1 WHERE source_id = ")
            .bind(source)
            .push(" AND list_url = ")
            .bind(list_url);
        self.execute(sql).await?;
        Ok(())
    }

    /// The staged content is written: keep the row, drop the JSON.
    pub async fn harvest_applied(&mut self, source: i64, written: &[(String, bool)]) -> Result<()> {
        for deleted in [false, true] {
            let urls: Vec<&str> = written
                .iter()
                .filter(|(_, d)| *d == deleted)
                .map(|(u, _)| u.as_str())
                .collect();
            for chunk in urls.chunks(200) {
                let mut sql = Sql::new("UPDATE harvest_object SET json = NULL, deleted = ");
                sql.bind(deleted)
                    .push(" WHERE source_id = ")
                    .bind(source)
                    .push(" AND url IN ")
                    .bind_list(chunk.iter().copied());
                self.execute(sql).await?;
            }
        }
        Ok(())
    }

    /// Saves the partial report of the run in progress.
    pub async fn harvest_save_report(&mut self, source: i64, report: &str) -> Result<()> {
        let mut sql = Sql::new("UPDATE harvest_source SET run_report = ");
        sql.bind(report).push(" WHERE id = ").bind(source);
        self.execute(sql).await?;
        Ok(())
    }
}

impl Reads<'_> {
    /// The sources the bodies with these origins were harvested from, by origin.
    pub async fn harvest_sources_of_bodies(
        &self,
        origins: &[&str],
    ) -> Result<Vec<(String, SourceRow)>> {
        #[derive(FromRow)]
        struct Hit {
            body: String,
            #[sqlx(flatten)]
            source: SourceRow,
        }
        if origins.is_empty() {
            return Ok(Vec::new());
        }
        let columns: Vec<String> = SOURCE_COLUMNS
            .split(", ")
            .map(|c| format!("s.{}", c.trim()))
            .collect();
        let mut sql = Sql::new(format!(
            "SELECT o.url AS body, {} FROM harvest_object o JOIN harvest_source s ON s.id = o.source_id \
             WHERE o.type = 'Body' AND o.deleted = FALSE AND o.url IN ",
            columns.join(", ")
        ));
        sql.bind_list(origins.iter().copied())
            .push(" ORDER BY s.id");
        let rows: Vec<Hit> = Reads::fetch_all(self, sql).await?;
        Ok(rows.into_iter().map(|h| (h.body, h.source)).collect())
    }
}
