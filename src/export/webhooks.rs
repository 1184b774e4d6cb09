//! Webhook deliveries: the worker of `serve` sends what the outbox holds (see
//! `store::webhooks`) as signed JSON POSTs and retries failures with growing pauses.
//!
//! Each delivery is `{"event", "type", "id", "page", "delivery", "subscription"}` with
//! the headers `X-Ratsinfo-Event`, `X-Ratsinfo-Delivery` and `X-Ratsinfo-Signature:
//! sha256=<hex>`, the HMAC-SHA256 of the body under the subscription's secret; the
//! receiver fetches the object from `id`. A 2xx answer delivers; anything else is tried
//! again after 30 s, 1 min, 2 min, ... up to 6 h between attempts, at most
//! [`MAX_ATTEMPTS`] times. Every attempt is recorded with its status.

use std::collections::HashMap;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::api::urls::Urls;
use crate::oparl::ObjectType;
use crate::oparl::time::now;
use crate::store::webhooks::{DeliveryRow, WebhookRow};
use crate::store::{Store, StoreError};

pub const MAX_ATTEMPTS: i64 = 10;
/// Deliveries sent per round of the worker.
const BATCH: i64 = 100;

/// The pause before attempt `attempts + 1`, in microseconds.
pub fn backoff(attempts: i64) -> i64 {
    let seconds = (30i64 << attempts.clamp(0, 20)).min(6 * 3600);
    seconds * 1_000_000
}

/// `sha256=<hex>` of a body under a secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        // HMAC takes keys of any length; this branch cannot be reached.
        Err(_) => return String::new(),
    };
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    format!(
        "sha256={}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn payload(urls: &Urls, d: &DeliveryRow) -> serde_json::Value {
    let (id, page) = match d.kind.as_str() {
        "Paper" => (
            urls.object(ObjectType::Paper, d.object_id),
            format!("{}/papers/{}", urls.base(), d.object_id),
        ),
        "Meeting" => (
            urls.object(ObjectType::Meeting, d.object_id),
            format!("{}/meetings/{}", urls.base(), d.object_id),
        ),
        _ => (
            urls.vote(d.object_id),
            format!("{}/votes/{}", urls.base(), d.object_id),
        ),
    };
    serde_json::json!({
        "event": d.event,
        "type": d.kind,
        "id": id,
        "page": page,
        "delivery": d.id,
        "subscription": d.webhook_id,
    })
}

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub failed: usize,
}

/// Sends the deliveries due at `at` once each.
pub async fn deliver_due(
    store: &Store,
    urls: &Urls,
    http: &reqwest::Client,
    at: i64,
) -> Result<Round, StoreError> {
    let due = store.due_deliveries(at, MAX_ATTEMPTS, BATCH).await?;
    if due.is_empty() {
        return Ok(Round::default());
    }
    let hooks: HashMap<i64, WebhookRow> = store
        .webhooks()
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let mut round = Round::default();
    for d in due {
        let Some(hook) = hooks.get(&d.webhook_id) else {
            continue;
        };
        let body = payload(urls, &d).to_string();
        let sent = http
            .post(&hook.url)
            .header("content-type", "application/json")
            .header("x-ratsinfo-event", d.event.as_str())
            .header("x-ratsinfo-delivery", d.id.to_string())
            .header(
                "x-ratsinfo-signature",
                signature(&hook.secret, body.as_bytes()),
            )
            .body(body)
            .send()
            .await;
        let done = now().max(at);
        match sent {
            Ok(resp) if resp.status().is_success() => {
                let status = i64::from(resp.status().as_u16());
                store
                    .record_attempt(d.id, done, Some(status), None, None)
                    .await?;
                round.delivered += 1;
            }
            Ok(resp) => {
                let status = i64::from(resp.status().as_u16());
                let next = done + backoff(d.attempts);
                store
                    .record_attempt(
                        d.id,
                        done,
                        Some(status),
                        Some("not a 2xx answer"),
                        Some(next),
                    )
                    .await?;
                round.failed += 1;
            }
            Err(e) => {
                let next = done + backoff(d.attempts);
                store
                    .record_attempt(d.id, done, None, Some(&e.to_string()), Some(next))
                    .await?;
                round.failed += 1;
            }
        }
    }
    let m = &crate::metrics::METRICS;
    m.webhooks_delivered
        .fetch_add(round.delivered as u64, std::sync::atomic::Ordering::Relaxed);
    m.webhooks_failed
        .fetch_add(round.failed as u64, std::sync::atomic::Ordering::Relaxed);
    Ok(round)
}

/// The HTTP client of deliveries: short timeouts, so a slow receiver holds up little.
pub fn client() -> Result<reqwest::Client, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!(
            "ratsinfo/",
            env!("CARGO_PKG_VERSION"),
            " (webhooks)"
        ))
        .build()
        .map_err(|e| format!("cannot build the webhook client: {e}"))
}

/// The worker: a round every `every`, forever; failures are logged, never fatal.
pub async fn run(store: Store, urls: Urls, every: Duration) {
    let http = match client() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook deliveries are off");
            return;
        }
    };
    loop {
        match deliver_due(&store, &urls, &http, now()).await {
            Ok(r) if r.delivered + r.failed > 0 => {
                tracing::info!(
                    delivered = r.delivered,
                    failed = r.failed,
                    "webhook deliveries"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "webhook round failed"),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_stop_at_six_hours() {
        assert_eq!(backoff(0), 30_000_000);
        assert_eq!(backoff(1), 60_000_000);
        assert_eq!(backoff(30), 6 * 3600 * 1_000_000);
    }

    #[test]
    fn signatures_are_hmac_sha256_of_the_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
