//! What operators ask of the store: is it reachable, are its migrations current, how
//! busy is the connection pool.

use std::collections::HashSet;

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
        let migrator = match &self.pool {
            Pool::Sqlite(_) => sqlx::migrate!("migrations/sqlite"),
            Pool::Postgres(_) => sqlx::migrate!("migrations/postgres"),
        };
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
