//! The one place that runs after objects are written, inside the writing transaction.
//!
//! Every write helper records what it changed in the transaction's [`Changes`]; when
//! the transaction commits, [`run`] hands them to each pass that keeps derived data
//! true or tells others: the search index, the webhook outbox, then the stored renderings
//! (`store::renderings`), so that no importer has to know about them and nothing is
//! served that they missed.

use std::collections::{BTreeMap, BTreeSet};

use super::{Result, Tx};
use crate::oparl::ObjectType;

/// Objects changed in one transaction, by table.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    ids: BTreeMap<&'static str, BTreeSet<i64>>,
}

impl Changes {
    pub fn add(&mut self, table: &'static str, id: i64) {
        self.ids.entry(table).or_default().insert(id);
    }

    pub fn extend(&mut self, table: &'static str, ids: impl IntoIterator<Item = i64>) {
        self.ids.entry(table).or_default().extend(ids);
    }

    /// The changed ids of one table, ascending.
    pub fn of(&self, table: &str) -> Vec<i64> {
        self.ids
            .get(table)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.values().all(BTreeSet::is_empty)
    }
}

/// The table of a source type named as in `link.src_type` (OParl names and `VoteEvent`).
pub fn table_of(type_name: &str) -> Option<&'static str> {
    if type_name == "VoteEvent" {
        return Some("vote_event");
    }
    ObjectType::from_name(type_name).map(ObjectType::table)
}

impl Tx {
    /// Records that an object was written (the write helpers call this themselves;
    /// code that writes with its own statements calls it too).
    pub fn changed(&mut self, table: &'static str, id: i64) {
        self.changes.add(table, id);
    }

    /// Records many written objects of one table.
    pub fn changed_all(&mut self, table: &'static str, ids: impl IntoIterator<Item = i64>) {
        self.changes.extend(table, ids);
    }
}

/// The passes, in order. Each sees everything the transaction changed.
pub(super) async fn run(mut tx: Tx) -> Result<Tx> {
    let changes = std::mem::take(&mut tx.changes);
    if changes.is_empty() {
        return Ok(tx);
    }
    super::search::update(&mut tx, &changes).await?;
    super::webhooks::enqueue(&mut tx, &changes).await?;
    super::renderings::refresh(tx, &changes).await
}
