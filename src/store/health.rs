//! What operators ask of the store: is it reachable, are its migrations current, how
//! busy is the connection pool.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use sqlx::FromRow;

use super::db::Pool;
use super::{Result, Sql, Store};

/// The connection pool of this process.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

#[derive(FromRow)]
struct Version {
    version: i64,
}

impl Store {
    /// One round trip: the cheapest proof that the database answers.
    pub async fn ping(&self) -> Result<()> {
        self.pool.execute(Sql::new("SELECT 1")).await?;
        Ok(())
    }

    /// Migrations this build carries that the database has not applied (0 when
    /// current). A replica of an older build sees none missing and keeps serving.
    pub async fn pending_migrations(&self) -> Result<usize> {
        let migrator = self.migrator();
        let applied: Vec<Version> = self
            .fetch_all(Sql::new(
                "SELECT version FROM _sqlx_migrations WHERE success",
            ))
            .await?;
        let applied: HashSet<i64> = applied.into_iter().map(|v| v.version).collect();
        Ok(migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .count())
    }

    pub fn pool_stats(&self) -> PoolStats {
        let (size, idle, max) = match &self.pool {
            Pool::Sqlite(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
            Pool::Postgres(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
        };
        PoolStats {
            size,
            idle: u32::try_from(idle).unwrap_or(u32::MAX),
            max,
        }
    }
}

/// A job only one process may run at a time (a harvest of one source, a dump), held
/// until dropped. Within a process the store's set of running jobs guards it; across
/// processes on PostgreSQL a session advisory lock does, on a connection of its own
/// taken out of the pool: dropping the guard closes that connection, which ends the
/// session and so releases the lock, also when the process is killed. SQLite databases
/// are served by one machine (the dump's lock file guards dumps across processes).
pub struct JobLock {
    _conn: Option<sqlx::PgConnection>,
    jobs: Arc<Mutex<HashSet<String>>>,
    job: String,
}

impl Drop for JobLock {
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(&self.job);
        }
    }
}

impl Store {
    /// Takes the lock of `job` if nobody else holds it; None when someone does.
    pub async fn try_job_lock(&self, job: &str) -> Result<Option<JobLock>> {
        let claimed = self
            .jobs
            .lock()
            .map(|mut jobs| jobs.insert(job.to_owned()))
            .unwrap_or(false);
        if !claimed {
            return Ok(None);
        }
        // From here the guard releases the in-process claim however this ends.
        let mut lock = JobLock {
            _conn: None,
            jobs: self.jobs.clone(),
            job: job.to_owned(),
        };
        let Pool::Postgres(pool) = &self.pool else {
            return Ok(Some(lock));
        };
        let mut conn = pool.acquire().await?.detach();
        let (taken,): (bool,) =
            sqlx::query_as("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                .bind(format!("ratsinfo:{job}"))
                .fetch_one(&mut conn)
                .await?;
        if !taken {
            return Ok(None);
        }
        lock._conn = Some(conn);
        Ok(Some(lock))
    }
}
