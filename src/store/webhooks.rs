//! Webhook subscriptions and their outbox. The after-write pass [`enqueue`] turns the
//! papers, meetings and decisions a transaction changed into delivery rows of the
//! matching subscriptions, in that transaction: a change and its announcement commit
//! together, and nothing leaves the machine while a write is open.

use sqlx::FromRow;

use super::after_write::Changes;
use super::{Result, Sql, Store, Tx};
use crate::oparl::time::now;

#[derive(Debug, Clone, FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    /// Comma-separated kinds (`Paper`, `Meeting`, `VoteEvent`); all when absent.
    pub kinds: Option<String>,
    pub body_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub paper_type: Option<String>,
    pub created: i64,
    pub active: bool,
}

impl WebhookRow {
    fn wants(&self, kind: &str) -> bool {
        self.kinds
            .as_deref()
            .is_none_or(|k| k.split(',').any(|k| k.trim() == kind))
    }
}

/// A new subscription.
#[derive(Debug, Clone, Default)]
pub struct NewWebhook {
    pub url: String,
    pub secret: String,
    pub kinds: Option<String>,
    pub body_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub paper_type: Option<String>,
}

/// The kinds of change a subscription can ask for.
pub const KINDS: [&str; 3] = ["Paper", "Meeting", "VoteEvent"];

impl NewWebhook {
    /// What is wrong with the subscription, in words for the command line and the API.
    pub fn problem(&self) -> Option<String> {
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Some(format!(
                "url {:?}: an http:// or https:// URL is needed",
                self.url
            ));
        }
        if self.secret.chars().count() < 16 {
            return Some("secret: at least 16 characters, please".to_owned());
        }
        if let Some(k) = &self.kinds
            && let Some(bad) = k.split(',').map(str::trim).find(|k| !KINDS.contains(k))
        {
            return Some(format!("type {bad:?}: one of Paper, Meeting, VoteEvent"));
        }
        None
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub kind: String,
    pub object_id: i64,
    pub event: String,
    pub created: i64,
    pub attempts: i64,
    pub next_attempt: i64,
    pub delivered: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// How far a subscription's deliveries got.
#[derive(Debug, Clone, Copy, Default, FromRow)]
pub struct DeliveryCounts {
    pub webhook_id: i64,
    pub delivered: i64,
    pub pending: i64,
    pub total: i64,
}

/// What a changed object offers the filters.
#[derive(Debug, FromRow)]
struct Candidate {
    id: i64,
    body_id: i64,
    deleted: bool,
    paper_type: Option<String>,
    organization_id: Option<i64>,
    /// Decisions on non-public items are never announced.
    hidden: bool,
}

/// The after-write pass: queue a delivery per matching subscription and change.
pub(super) async fn enqueue(tx: &mut Tx, changes: &Changes) -> Result<()> {
    let papers = changes.of("paper");
    let meetings = changes.of("meeting");
    let votes = changes.of("vote_event");
    if papers.is_empty() && meetings.is_empty() && votes.is_empty() {
        return Ok(());
    }
    let hooks: Vec<WebhookRow> = tx
        .fetch_all(Sql::new("SELECT * FROM webhook WHERE active = TRUE"))
        .await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let queries: [(&str, &[i64], &str); 3] = [
        (
            "Paper",
            &papers,
            "SELECT p.id, p.body_id, p.deleted, p.paper_type, CAST(NULL AS BIGINT) AS organization_id, FALSE AS hidden FROM paper p WHERE p.id IN ",
        ),
        (
            "Meeting",
            &meetings,
            "SELECT m.id, m.body_id, m.deleted, CAST(NULL AS TEXT) AS paper_type, \
             (SELECT MIN(l.dst_id) FROM link l WHERE l.src_type = 'Meeting' AND l.property = 'organization' AND l.src_id = m.id) AS organization_id, \
             FALSE AS hidden FROM meeting m WHERE m.id IN ",
        ),
        (
            "VoteEvent",
            &votes,
            "SELECT v.id, v.body_id, v.deleted, CAST(NULL AS TEXT) AS paper_type, v.organization_id, \
             COALESCE(a.public = FALSE, FALSE) AS hidden FROM vote_event v \
             LEFT JOIN agenda_item a ON a.id = v.agenda_item_id WHERE v.id IN ",
        ),
    ];
    let at = now();
    for (kind, ids, select) in queries {
        if ids.is_empty() || !hooks.iter().any(|h| h.wants(kind)) {
            continue;
        }
        for chunk in ids.chunks(500) {
            let mut sql = Sql::new(select);
            sql.bind_list(chunk.iter().copied());
            let candidates: Vec<Candidate> = tx.fetch_all(sql).await?;
            let mut rows: Vec<(i64, i64, &str)> = Vec::new();
            for c in candidates.iter().filter(|c| !c.hidden) {
                for h in hooks.iter().filter(|h| h.wants(kind)) {
                    let matches = h.body_id.is_none_or(|b| b == c.body_id)
                        && h.paper_type
                            .as_deref()
                            .is_none_or(|t| kind == "Paper" && c.paper_type.as_deref() == Some(t))
                        && h.organization_id
                            .is_none_or(|o| c.organization_id == Some(o));
                    if matches {
                        rows.push((h.id, c.id, if c.deleted { "deleted" } else { "changed" }));
                    }
                }
            }
            for batch in rows.chunks(200) {
                let mut sql = Sql::new(
                    "INSERT INTO webhook_delivery (webhook_id, kind, object_id, event, created, next_attempt) VALUES ",
                );
                for (i, (hook, object, event)) in batch.iter().enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    sql.push("(")
                        .bind(*hook)
                        .push(", ")
                        .bind(kind)
                        .push(", ")
                        .bind(*object)
                        .push(", ")
                        .bind(*event)
                        .push(", ")
                        .bind(at)
                        .push(", ")
                        .bind(at)
                        .push(")");
                }
                tx.execute(sql).await?;
            }
        }
    }
    Ok(())
}

impl Store {
    pub async fn add_webhook(&self, hook: &NewWebhook) -> Result<i64> {
        #[derive(FromRow)]
        struct Id {
            id: i64,
        }
        let mut sql = Sql::new(
            "INSERT INTO webhook (url, secret, kinds, body_id, organization_id, paper_type, created) VALUES (",
        );
        sql.bind(hook.url.as_str())
            .push(", ")
            .bind(hook.secret.as_str())
            .push(", ")
            .bind(hook.kinds.clone())
            .push(", ")
            .bind(hook.body_id)
            .push(", ")
            .bind(hook.organization_id)
            .push(", ")
            .bind(hook.paper_type.clone())
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row: Option<Id> = tx.fetch_optional(sql).await?;
        tx.commit().await?;
        Ok(row.map_or(0, |r| r.id))
    }

    pub async fn webhook(&self, id: i64) -> Result<Option<WebhookRow>> {
        let mut sql = Sql::new("SELECT * FROM webhook WHERE id = ");
        sql.bind(id);
        self.fetch_optional(sql).await
    }

    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>> {
        self.fetch_all(Sql::new("SELECT * FROM webhook ORDER BY id"))
            .await
    }

    /// Removes a subscription and its queued deliveries; whether it existed.
    pub async fn remove_webhook(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let mut sql = Sql::new("DELETE FROM webhook_delivery WHERE webhook_id = ");
        sql.bind(id);
        tx.execute(sql).await?;
        let mut sql = Sql::new("DELETE FROM webhook WHERE id = ");
        sql.bind(id);
        let n = tx.execute(sql).await?;
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Deliveries due at `at` that may still be tried, oldest first.
    pub async fn due_deliveries(
        &self,
        at: i64,
        max_attempts: i64,
        limit: i64,
    ) -> Result<Vec<DeliveryRow>> {
        let mut sql =
            Sql::new("SELECT * FROM webhook_delivery WHERE delivered IS NULL AND next_attempt <= ");
        sql.bind(at)
            .push(" AND attempts < ")
            .bind(max_attempts)
            .push(" ORDER BY next_attempt, id LIMIT ")
            .bind(limit);
        self.fetch_all(sql).await
    }

    /// Deliveries not yet made that will still be tried (the outbox's length).
    pub async fn queued_deliveries(&self, max_attempts: i64) -> Result<i64> {
        let mut sql = Sql::new(
            "SELECT COUNT(*) AS n FROM webhook_delivery WHERE delivered IS NULL AND attempts < ",
        );
        sql.bind(max_attempts);
        let row: Option<super::rows::CountRow> = self.fetch_optional(sql).await?;
        Ok(row.map_or(0, |r| r.n))
    }

    /// Per subscription: deliveries made, still to be tried, and in all; one query for
    /// every subscription.
    pub async fn delivery_counts(
        &self,
        max_attempts: i64,
    ) -> Result<std::collections::HashMap<i64, DeliveryCounts>> {
        let mut sql = Sql::new(
            "SELECT webhook_id, \
             SUM(CASE WHEN delivered IS NOT NULL THEN 1 ELSE 0 END) AS delivered, \
             SUM(CASE WHEN delivered IS NULL AND attempts < ",
        );
        sql.bind(max_attempts).push(
            " THEN 1 ELSE 0 END) AS pending, COUNT(*) AS total \
             FROM webhook_delivery GROUP BY webhook_id",
        );
        let rows: Vec<DeliveryCounts> = self.fetch_all(sql).await?;
        Ok(rows.into_iter().map(|r| (r.webhook_id, r)).collect())
    }

    pub async fn deliveries(&self, webhook: i64) -> Result<Vec<DeliveryRow>> {
        let mut sql = Sql::new("SELECT * FROM webhook_delivery WHERE webhook_id = ");
        sql.bind(webhook).push(" ORDER BY id");
        self.fetch_all(sql).await
    }

    /// Records an attempt: delivered (`next_attempt` None) or when to try again.
    pub async fn record_attempt(
        &self,
        delivery: i64,
        at: i64,
        status: Option<i64>,
        error: Option<&str>,
        next_attempt: Option<i64>,
    ) -> Result<()> {
        let mut sql =
            Sql::new("UPDATE webhook_delivery SET attempts = attempts + 1, last_status = ");
        sql.bind(status)
            .push(", last_error = ")
            .bind(error.map(str::to_owned));
        match next_attempt {
            None => sql.push(", delivered = ").bind(at),
            Some(n) => sql.push(", next_attempt = ").bind(n),
        };
        sql.push(" WHERE id = ").bind(delivery);
        let mut tx = self.begin().await?;
        tx.execute(sql).await?;
        tx.commit().await?;
        Ok(())
    }
}
