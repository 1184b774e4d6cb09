//! Write helpers used inside one transaction: idempotent upserts keyed by `origin`,
//! array links, soft deletion and the `modified` bumps OParl requires.

use super::rows::IdRow;
use super::{Arg, Result, Sql, Tx};
use crate::oparl::ObjectType;
use crate::oparl::time::Micros;
use sqlx::FromRow;

/// The column values of one object, as an import produces them.
#[derive(Debug, Clone)]
pub struct Record {
    /// The table, e.g. `ObjectType::Paper.table()` or `vote_event`.
    pub table: &'static str,
    /// Stable external key: the foreign URL or an import key. Never changes.
    pub origin: String,
    /// Column name and value, `body_id` included for every type but Body.
    pub columns: Vec<(&'static str, Arg)>,
    /// Hash of everything the import knows of this object; equal hash, no change.
    pub content_hash: String,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Copy)]
pub struct Upserted {
    pub id: i64,
    pub outcome: Outcome,
}

/// What the store holds for an origin, as far as an upsert needs it.
#[derive(Debug, Clone, FromRow)]
pub struct Existing {
    pub id: i64,
    pub content_hash: String,
    pub deleted: bool,
}

#[derive(FromRow)]
struct ExistingByOrigin {
    origin: String,
    #[sqlx(flatten)]
    existing: Existing,
}

/// Writes a transaction holds back: the touches of parents whose child changed (a
/// harvest touches thousands), by table and time, and the links of new objects.
#[derive(Debug, Default)]
pub struct Pending {
    pub(super) parents:
        std::collections::BTreeMap<(&'static str, Micros), std::collections::BTreeSet<i64>>,
    pub(super) meetings_of_items:
        std::collections::BTreeMap<Micros, std::collections::BTreeSet<i64>>,
    /// Links of new objects: type and id of the source, property, position, target.
    pub(super) links: Vec<(String, i64, String, i64, i64)>,
}

impl Tx {
    /// The local id of the object with this origin, if it exists.
    pub async fn find_by_origin(&mut self, ty: ObjectType, origin: &str) -> Result<Option<i64>> {
        let mut sql = Sql::new(format!("SELECT id FROM {} WHERE origin = ", ty.table()));
        sql.bind(origin);
        Ok(self.fetch_optional::<IdRow>(sql).await?.map(|r| r.id))
    }

    /// Inserts or updates by origin. An update with the same content hash changes
    /// nothing (and bumps no `modified`); a changed or revived object gets `now`.
    pub async fn upsert(&mut self, record: &Record, now: Micros) -> Result<Upserted> {
        let table = record.table;
        let mut find = Sql::new(format!(
            "SELECT id, content_hash, deleted FROM {table} WHERE origin = "
        ));
        find.bind(record.origin.as_str());
        let existing: Option<Existing> = self.fetch_optional(find).await?;
        self.upsert_known(record, now, existing).await
    }

    /// What the store holds for each of these origins of one table (absent ones are
    /// left out): lets a batch of upserts skip one look-up each.
    pub async fn existing(
        &mut self,
        table: &str,
        origins: &[String],
    ) -> Result<Vec<(String, Existing)>> {
        let mut out = Vec::with_capacity(origins.len());
        for chunk in origins.chunks(200) {
            let mut sql = Sql::new(format!(
                "SELECT origin, id, content_hash, deleted FROM {table} WHERE origin IN "
            ));
            sql.bind_list(chunk.iter().map(String::as_str));
            let rows: Vec<ExistingByOrigin> = self.fetch_all(sql).await?;
            out.extend(rows.into_iter().map(|r| (r.origin, r.existing)));
        }
        Ok(out)
    }

    /// [`Tx::upsert`] when the caller already knows what the store holds.
    pub async fn upsert_known(
        &mut self,
        record: &Record,
        now: Micros,
        existing: Option<Existing>,
    ) -> Result<Upserted> {
        let table = record.table;
        match existing {
            None => {
                let mut sql = Sql::new(format!(
                    "INSERT INTO {table} (origin, created, modified, deleted, content_hash"
                ));
                for (col, _) in &record.columns {
                    sql.push(", ").push(col);
                }
                sql.push(") VALUES (")
                    .bind(record.origin.as_str())
                    .push(", ")
                    .bind(now)
                    .push(", ")
                    .bind(now)
                    .push(", FALSE, ")
                    .bind(record.content_hash.as_str());
                for (_, value) in &record.columns {
                    sql.push(", ").bind(value.clone());
                }
                sql.push(") RETURNING id");
                let row: Option<IdRow> = self.fetch_optional(sql).await?;
                let id = row.map(|r| r.id).ok_or(sqlx::Error::RowNotFound)?;
                self.changed(table, id);
                Ok(Upserted {
                    id,
                    outcome: Outcome::Created,
                })
            }
            Some(e) if e.content_hash == record.content_hash && !e.deleted => Ok(Upserted {
                id: e.id,
                outcome: Outcome::Unchanged,
            }),
            Some(e) => {
                let mut sql = Sql::new(format!("UPDATE {table} SET modified = "));
                sql.bind(now)
                    .push(", deleted = FALSE, content_hash = ")
                    .bind(record.content_hash.as_str());
                for (col, value) in &record.columns {
                    sql.push(", ").push(col).push(" = ").bind(value.clone());
                }
                sql.push(" WHERE id = ").bind(e.id);
                self.execute(sql).await?;
                self.changed(table, e.id);
                Ok(Upserted {
                    id: e.id,
                    outcome: Outcome::Updated,
                })
            }
        }
    }

    /// Sets one column of an object without touching `modified` (used to fill
    /// references once all objects of an import have ids).
    pub async fn set_column(
        &mut self,
        ty: ObjectType,
        id: i64,
        column: &str,
        value: Arg,
    ) -> Result<()> {
        let mut sql = Sql::new(format!("UPDATE {} SET {column} = ", ty.table()));
        sql.bind(value).push(" WHERE id = ").bind(id);
        self.execute(sql).await?;
        self.changed(ty.table(), id);
        Ok(())
    }

    /// Replaces the array reference `property` of an object.
    pub async fn set_links(
        &mut self,
        src: ObjectType,
        src_id: i64,
        property: &str,
        dst_ids: &[i64],
    ) -> Result<()> {
        self.set_named_links(src.name(), src_id, property, dst_ids)
            .await
    }

    /// Replaces array references of a source named by its type name (also non-OParl
    /// types such as `VoteEvent`).
    pub async fn set_named_links(
        &mut self,
        src: &str,
        src_id: i64,
        property: &str,
        dst_ids: &[i64],
    ) -> Result<()> {
        let mut del = Sql::new("DELETE FROM link WHERE src_type = ");
        del.bind(src)
            .push(" AND src_id = ")
            .bind(src_id)
            .push(" AND property = ")
            .bind(property);
        self.execute(del).await?;
        self.insert_links(src, src_id, &[(property, dst_ids)])
            .await?;
        if let Some(table) = super::after_write::table_of(src) {
            self.changed(table, src_id);
        }
        Ok(())
    }

    /// Replaces several array references of a source at once.
    pub async fn replace_links(
        &mut self,
        src: &str,
        src_id: i64,
        links: &[(&str, &[i64])],
    ) -> Result<()> {
        if links.is_empty() {
            return Ok(());
        }
        let mut del = Sql::new("DELETE FROM link WHERE src_type = ");
        del.bind(src)
            .push(" AND src_id = ")
            .bind(src_id)
            .push(" AND property IN ")
            .bind_list(links.iter().map(|(property, _)| *property));
        self.execute(del).await?;
        self.insert_links(src, src_id, links).await?;
        if let Some(table) = super::after_write::table_of(src) {
            self.changed(table, src_id);
        }
        Ok(())
    }

    /// Inserts array references of a source that has none yet (a new object), a few
    /// hundred rows per statement: one round trip instead of one per reference.
    pub async fn insert_links(
        &mut self,
        src: &str,
        src_id: i64,
        links: &[(&str, &[i64])],
    ) -> Result<()> {
        let rows: Vec<(&str, usize, i64)> = links
            .iter()
            .flat_map(|(property, ids)| {
                ids.iter()
                    .enumerate()
                    .map(move |(position, dst)| (*property, position, *dst))
            })
            .collect();
        // Held back and written in few statements (see [`Tx::flush_links`]).
        self.pending
            .links
            .extend(rows.iter().map(|(property, position, dst)| {
                (
                    src.to_owned(),
                    src_id,
                    (*property).to_owned(),
                    *position as i64,
                    *dst,
                )
            }));
        if !rows.is_empty()
            && let Some(table) = super::after_write::table_of(src)
        {
            self.changed(table, src_id);
        }
        Ok(())
    }

    /// Bumps `modified` of an object, e.g. the parent of a changed embedded object.
    pub async fn touch(&mut self, ty: ObjectType, id: i64, now: Micros) -> Result<()> {
        self.pending
            .parents
            .entry((ty.table(), now))
            .or_default()
            .insert(id);
        self.changed(ty.table(), id);
        Ok(())
    }

    /// [`Tx::touch`] for the meeting an agenda item is part of.
    pub fn touch_meeting_of_item(&mut self, item: i64, now: Micros) {
        self.pending
            .meetings_of_items
            .entry(now)
            .or_default()
            .insert(item);
    }

    /// Writes the pending touches: one statement per table and time (and chunk of ids).
    /// Nothing reads `modified` in between, so deferring them changes no result.
    pub(super) async fn flush_pending(&mut self) -> sqlx::Result<()> {
        self.flush_links().await?;
        let pending = std::mem::take(&mut self.pending);
        for ((table, now), ids) in pending.parents {
            let ids: Vec<i64> = ids.into_iter().collect();
            for chunk in ids.chunks(500) {
                let mut sql = Sql::new(format!("UPDATE {table} SET modified = "));
                sql.bind(now)
                    .push(" WHERE id IN ")
                    .bind_list(chunk)
                    .push(" AND modified < ")
                    .bind(now);
                self.execute(sql).await?;
            }
        }
        for (now, items) in pending.meetings_of_items {
            let items: Vec<i64> = items.into_iter().collect();
            for chunk in items.chunks(500) {
                let mut sql = Sql::new("UPDATE meeting SET modified = ");
                sql.bind(now)
                    .push(" WHERE id IN (SELECT meeting_id FROM agenda_item WHERE id IN ")
                    .bind_list(chunk)
                    .push(") AND modified < ")
                    .bind(now);
                self.execute(sql).await?;
            }
        }
        Ok(())
    }

    /// Soft-deletes an object: it stays, answering with a tombstone.
    pub async fn delete(&mut self, ty: ObjectType, id: i64, now: Micros) -> Result<bool> {
        let mut sql = Sql::new(format!(
            "UPDATE {} SET deleted = TRUE, modified = ",
            ty.table()
        ));
        sql.bind(now)
            .push(", content_hash = 'deleted' WHERE id = ")
            .bind(id)
            .push(" AND deleted = FALSE");
        let deleted = self.execute(sql).await? > 0;
        if deleted {
            self.changed(ty.table(), id);
        }
        Ok(deleted)
    }

    /// Soft-deletes the live children of `parent` (by `column`) that are not in `keep`;
    /// returns how many were deleted.
    pub async fn delete_children_except(
        &mut self,
        ty: ObjectType,
        column: &str,
        parent: i64,
        keep: &[i64],
        now: Micros,
    ) -> Result<u64> {
        let mut sql = Sql::new(format!(
            "UPDATE {} SET deleted = TRUE, modified = ",
            ty.table()
        ));
        sql.bind(now)
            .push(", content_hash = 'deleted' WHERE deleted = FALSE AND ")
            .push(column)
            .push(" = ")
            .bind(parent);
        if !keep.is_empty() {
            sql.push(" AND id NOT IN ").bind_list(keep);
        }
        sql.push(" RETURNING id");
        let rows: Vec<IdRow> = self.fetch_all(sql).await?;
        self.changed_all(ty.table(), rows.iter().map(|r| r.id));
        Ok(rows.len() as u64)
    }

    /// Stores the bytes ratsinfo serves for a file.
    pub async fn put_file_content(&mut self, file_id: i64, bytes: &[u8]) -> Result<()> {
        let mut sql = Sql::new("INSERT INTO file_content (file_id, bytes) VALUES (");
        sql.bind(file_id)
            .push(", ")
            .bind(Arg::Bytes(Some(bytes.to_vec())))
            .push(") ON CONFLICT (file_id) DO UPDATE SET bytes = excluded.bytes");
        self.execute(sql).await?;
        self.changed(ObjectType::File.table(), file_id);
        Ok(())
    }
}
