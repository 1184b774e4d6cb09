//! Each object's OParl JSON, kept in the store beside its row (issue 14): a cold read
//! of an object is one indexed read, a list page one range of renderings.
//!
//! The after-write pass renders, inside the writing transaction, every object the
//! transaction changed, and then every object whose representation shows one whose
//! bytes changed: a Meeting embeds its agenda items, a Paper its consultations, a File
//! lists the papers that refer to it. What shows what is [`shown_in`]; both the old and
//! the new rendering of a changed object name the objects to visit, so that a reference
//! taken away is followed as well as one added. Every object is rendered at most once
//! a pass: all data is written before the pass starts, so a rendering made in it is
//! already final.
//!
//! Ids in a stored rendering start with [`BASE`], which the API replaces by its public
//! URL ([`rebase`]): renderings do not depend on where an instance is served.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sqlx::FromRow;

use super::after_write::Changes;
use super::rows::IdRow;
use super::{Reads, Result, Sql, Store, Tx};
use crate::api::urls::{OPARL_PREFIX, Urls};
use crate::oparl::ObjectType;

/// The representation the renderings follow: raise it when the OParl output changes,
/// and `ratsinfo rerender` brings a database up to it.
pub const VERSION: i64 = 1;

/// The base URL of stored renderings: a private-use character, which no council text
/// opens a string with and which JSON leaves unescaped. One character instead of a host
/// name keeps a paper's rendering a quarter smaller (a paper names 10 to 20 URLs).
pub const BASE: &str = "\u{E000}";

/// Objects rendered per statement.
const CHUNK: usize = 500;

/// Whether renderings of a type are kept. A Body shows its harvest state, which a
/// harvest writes as bookkeeping; bodies are few and rendered on each read.
pub fn stored(ty: ObjectType) -> bool {
    ty != ObjectType::Body
}

/// The table of a type's renderings.
pub fn table(ty: ObjectType) -> String {
    format!("{}_rendering", ty.table())
}

/// The types whose renderings show an object of type `ty`, embedded or as a
/// back-reference (see the renderer in `api::oparl::render`).
fn shown_in(ty: ObjectType) -> &'static [ObjectType] {
    use ObjectType as T;
    match ty {
        T::Organization | T::Person => &[T::Location],
        T::Membership => &[T::Person, T::Organization],
        T::Meeting | T::Paper => &[T::File, T::Location],
        T::AgendaItem => &[T::Meeting, T::File],
        T::Consultation => &[T::Paper, T::AgendaItem],
        T::File => &[T::Meeting, T::AgendaItem, T::Paper, T::File],
        T::Location => &[T::Organization, T::Person, T::Meeting, T::Paper],
        T::Body | T::LegislativeTerm => &[],
    }
}

/// A stored rendering with its ids under the public URL `base`.
pub fn rebase(json: &str, base: &str) -> String {
    json.replace(&format!("\"{BASE}/"), &format!("\"{base}/"))
}

/// The objects of the types in `shown_in(ty)` that a rendering of a `ty` refers to.
fn referenced(ty: ObjectType, json: &str, out: &mut Vec<(ObjectType, i64)>) {
    let targets = shown_in(ty);
    if targets.is_empty() {
        return;
    }
    let prefix = format!("\"{BASE}{OPARL_PREFIX}/");
    let mut rest = json;
    while let Some(at) = rest.find(&prefix) {
        rest = &rest[at + prefix.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        if let Some((segment, id)) = rest[..end].split_once('/')
            && let Some(target) = ObjectType::from_segment(segment)
            && targets.contains(&target)
            && let Ok(id) = id.parse::<i64>()
        {
            out.push((target, id));
        }
    }
}

#[derive(FromRow)]
struct Stored {
    id: i64,
    json: String,
}

#[derive(FromRow)]
struct VersionRow {
    version: i64,
}

/// Whether the stored renderings follow this build's [`VERSION`].
async fn current(reads: Reads<'_>) -> Result<bool> {
    let row: Option<VersionRow> = reads
        .fetch_optional(Sql::new("SELECT version FROM rendering_state WHERE id = 1"))
        .await?;
    Ok(row.is_some_and(|r| r.version == VERSION))
}

impl Store {
    /// Whether the stored renderings can be served (else `ratsinfo rerender` is due).
    pub async fn renderings_current(&self) -> Result<bool> {
        current(self.reads()).await
    }

    /// A database without objects has current (no) renderings; one upgraded from
    /// before them has none until `rerender`.
    pub(super) async fn ensure_rendering_state(&self) -> Result<()> {
        let mut sql = Sql::new("INSERT INTO rendering_state (id, version) SELECT 1, ");
        sql.bind(VERSION)
            .push(" WHERE NOT EXISTS (SELECT 1 FROM body) ON CONFLICT (id) DO NOTHING");
        self.pool.execute(sql).await?;
        Ok(())
    }

    /// The stored rendering of one object: its `modified` and JSON (under [`BASE`]).
    pub async fn rendering(&self, ty: ObjectType, id: i64) -> Result<Option<(i64, String)>> {
        #[derive(FromRow)]
        struct Row {
            modified: i64,
            json: String,
        }
        let mut sql = Sql::new(format!(
            "SELECT modified, json FROM {} WHERE id = ",
            table(ty)
        ));
        sql.bind(id);
        let row: Option<Row> = self.fetch_optional(sql).await?;
        Ok(row.map(|r| (r.modified, r.json)))
    }

    /// Renders every stored object afresh and keeps what differs; returns how many
    /// renderings changed (none on a consistent database). Marks the renderings current.
    pub async fn rerender(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
        #[derive(FromRow)]
        struct Count {
            n: i64,
        }
        let mut changed = 0;
        let tx = tokio::sync::Mutex::new(self.begin().await?);
        let mut total = 0;
        for ty in ObjectType::ALL.into_iter().filter(|t| stored(*t)) {
            let sql = Sql::new(format!("SELECT COUNT(*) AS n FROM {}", ty.table()));
            if let Some(c) = Reads::Tx(&tx).fetch_optional::<Count>(sql).await? {
                total += c.n as u64;
            }
        }
        let mut done = 0;
        for ty in ObjectType::ALL.into_iter().filter(|t| stored(*t)) {
            let mut after = 0;
            loop {
                let mut sql = Sql::new(format!("SELECT id FROM {} WHERE id > ", ty.table()));
                sql.bind(after)
                    .push(" ORDER BY id LIMIT ")
                    .bind(CHUNK as i64);
                let ids: Vec<i64> = Reads::Tx(&tx)
                    .fetch_all::<IdRow>(sql)
                    .await?
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                let Some(&last) = ids.last() else { break };
                after = last;
                changed += refresh_chunk(&tx, ty, &ids, None).await?;
                done += ids.len() as u64;
                progress(done, total);
            }
            // Renderings of objects no longer in the table.
            let sql = Sql::new(format!(
                "DELETE FROM {0} WHERE NOT EXISTS (SELECT 1 FROM {1} t WHERE t.id = {0}.id)",
                table(ty),
                ty.table()
            ));
            changed += tx.lock().await.execute(sql).await?;
        }
        let mut tx = tx.into_inner();
        let mut sql = Sql::new("INSERT INTO rendering_state (id, version) VALUES (1, ");
        sql.bind(VERSION)
            .push(") ON CONFLICT (id) DO UPDATE SET version = excluded.version");
        tx.execute(sql).await?;
        tx.commit_bookkeeping().await?;
        Ok(changed)
    }
}

/// Renders `ids` of `ty` inside the transaction, writes the renderings whose bytes
/// changed and removes those of objects that are gone; returns how many changed. With
/// `follow`, the objects that show a changed one are added to it.
async fn refresh_chunk(
    tx: &tokio::sync::Mutex<Tx>,
    ty: ObjectType,
    ids: &[i64],
    mut follow: Option<&mut Vec<(ObjectType, i64)>>,
) -> Result<u64> {
    let reads = Reads::Tx(tx);
    let mut sql = Sql::new(format!("SELECT id, json FROM {} WHERE id IN ", table(ty)));
    sql.bind_list(ids.iter().copied());
    let mut old: HashMap<i64, String> = reads
        .fetch_all::<Stored>(sql)
        .await?
        .into_iter()
        .map(|s| (s.id, s.json))
        .collect();
    let fresh = crate::api::oparl::render_ids(reads, &Urls::new(BASE), ty, ids).await?;
    let mut writes = Vec::new();
    for (id, modified, json) in fresh {
        let before = old.remove(&id);
        if before.as_deref() == Some(json.as_str()) {
            continue;
        }
        if let Some(out) = follow.as_deref_mut() {
            if let Some(before) = &before {
                referenced(ty, before, out);
            }
            referenced(ty, &json, out);
        }
        writes.push((id, modified, json));
    }
    // What is left of `old` belongs to rows that no longer exist.
    if let Some(out) = follow {
        for before in old.values() {
            referenced(ty, before, out);
        }
    }
    let changed = (writes.len() + old.len()) as u64;
    let mut t = tx.lock().await;
    for chunk in writes.chunks(100) {
        let mut sql = Sql::new(format!(
            "INSERT INTO {} (id, modified, json) VALUES ",
            table(ty)
        ));
        for (i, (id, modified, json)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(*id)
                .push(", ")
                .bind(*modified)
                .push(", ")
                .bind(json.as_str())
                .push(")");
        }
        sql.push(
            " ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, json = excluded.json",
        );
        sql.one_off = true;
        t.execute(sql).await?;
    }
    if !old.is_empty() {
        let gone: Vec<i64> = old.into_keys().collect();
        let mut sql = Sql::new(format!("DELETE FROM {} WHERE id IN ", table(ty)));
        sql.bind_list(gone);
        t.execute(sql).await?;
    }
    Ok(changed)
}

/// The after-write pass (see the module documentation).
pub(super) async fn refresh(tx: Tx, changes: &Changes) -> Result<Tx> {
    let cell = tokio::sync::Mutex::new(tx);
    if !current(Reads::Tx(&cell)).await? {
        return Ok(cell.into_inner());
    }
    let mut queue: BTreeMap<ObjectType, BTreeSet<i64>> = BTreeMap::new();
    for ty in ObjectType::ALL.into_iter().filter(|t| stored(*t)) {
        let ids = changes.of(ty.table());
        if !ids.is_empty() {
            queue.entry(ty).or_default().extend(ids);
        }
    }
    // An agenda item shows its vote; a location the bodies that refer to it.
    let shown_by = [
        ("vote_event", "agenda_item_id", ObjectType::AgendaItem),
        ("body", "location_id", ObjectType::Location),
    ];
    for (table, column, target) in shown_by {
        for chunk in changes.of(table).chunks(CHUNK) {
            let mut sql = Sql::new(format!(
                "SELECT {column} AS id FROM {table} WHERE {column} IS NOT NULL AND id IN "
            ));
            sql.bind_list(chunk.iter().copied());
            let rows: Vec<IdRow> = Reads::Tx(&cell).fetch_all(sql).await?;
            queue
                .entry(target)
                .or_default()
                .extend(rows.into_iter().map(|r| r.id));
        }
    }
    // A location a changed body referred to before the change still lists it.
    for body in changes.of("body") {
        let mut sql = Sql::new("SELECT id FROM location_rendering WHERE json LIKE ");
        sql.bind(format!("%\"{BASE}{OPARL_PREFIX}/bodies/{body}\"%"));
        let rows: Vec<IdRow> = Reads::Tx(&cell).fetch_all(sql).await?;
        queue
            .entry(ObjectType::Location)
            .or_default()
            .extend(rows.into_iter().map(|r| r.id));
    }
    let mut done: HashSet<(ObjectType, i64)> = HashSet::new();
    let mut found = Vec::new();
    while let Some((ty, ids)) = queue.pop_first() {
        let ids: Vec<i64> = ids
            .into_iter()
            .filter(|id| done.insert((ty, *id)))
            .collect();
        for chunk in ids.chunks(CHUNK) {
            refresh_chunk(&cell, ty, chunk, Some(&mut found)).await?;
            for (target, id) in found.drain(..) {
                if !done.contains(&(target, id)) {
                    queue.entry(target).or_default().insert(id);
                }
            }
        }
    }
    Ok(cell.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_rebased_and_followed() {
        let urls = Urls::new(BASE);
        let json = format!(
            r#"{{"id":"{}","name":"Vorlage {BASE}/x","mainFile":{{"id":"{}"}},"body":"{}"}}"#,
            urls.object(ObjectType::Paper, 7),
            urls.object(ObjectType::File, 9),
            urls.object(ObjectType::Body, 1),
        );
        assert_eq!(
            rebase(&json, "https://rat.example"),
            r#"{"id":"https://rat.example/oparl/v1.1/papers/7","name":"Vorlage \u{E000}/x","mainFile":{"id":"https://rat.example/oparl/v1.1/files/9"},"body":"https://rat.example/oparl/v1.1/bodies/1"}"#
                .replace("\\u{E000}", BASE)
        );
        // A paper's rendering shows its files to them (back-references), not its body.
        let mut found = Vec::new();
        referenced(ObjectType::Paper, &json, &mut found);
        assert_eq!(found, vec![(ObjectType::File, 9)]);
    }
}
