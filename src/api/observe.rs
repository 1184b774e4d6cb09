//! The outermost middleware: gives every request an id (the client's `X-Request-Id`
//! when it is a sane token, a fresh one otherwise), runs the request inside a tracing
//! span carrying it, so that every log line of the request names it, answers with the
//! id, and counts the request for `/metrics` under its route template.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

use crate::metrics::METRICS;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A client's id is kept when it is 1 to 128 characters of letters, digits and `-_.:`
/// (a UUID, a proxy's trace id); anything else could forge or garble log lines.
fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A fresh id: a counter through a bijective mixer, offset by a random start per
/// process, so ids never repeat within a process and rarely across replicas.
fn fresh_id() -> String {
    static START: LazyLock<u64> = LazyLock::new(|| {
        let mut seed = [0u8; 8];
        if getrandom::fill(&mut seed).is_err() {
            // No entropy source: the clock still separates processes.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            seed = (nanos ^ u64::from(std::process::id())).to_le_bytes();
        }
        u64::from_le_bytes(seed)
    });
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut z = START.wrapping_add(
        NEXT.fetch_add(1, Relaxed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15),
    );
    // splitmix64's finaliser: a bijection, so distinct counters give distinct ids.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    format!("{:016x}", z ^ (z >> 31))
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map_or_else(fresh_id, str::to_owned);
    let method = req.method().clone();
    let span =
        tracing::info_span!("request", request_id = %id, method = %method, path = %req.path());
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    match result {
        Ok(mut res) => {
            let route = res.request().match_pattern();
            let route = route.as_deref().unwrap_or("unmatched");
            let status = res.status().as_u16();
            METRICS.observe(route, method.as_str(), status, elapsed);
            span.in_scope(|| {
                tracing::debug!(
                    status,
                    micros = elapsed.as_micros() as u64,
                    route,
                    "answered"
                );
            });
            if let Ok(value) = HeaderValue::try_from(id) {
                res.headers_mut().insert(REQUEST_ID, value);
            }
            Ok(res)
        }
        Err(e) => {
            let status = e.as_response_error().status_code().as_u16();
            METRICS.observe("unmatched", method.as_str(), status, elapsed);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_differ_and_client_ids_are_checked() {
        let a = fresh_id();
        let b = fresh_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        assert!(acceptable("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!acceptable("evil\nline"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"x".repeat(129)));
    }
}
