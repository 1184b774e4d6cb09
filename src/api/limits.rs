//! Per-client rate limiting: a GCRA bucket per client (governor), `429` problems with
//! `Retry-After`, and `RateLimit-Limit`/`-Remaining`/`-Reset` on every answer (the
//! IETF httpapi draft's fields). Reads are keyed by the client's address (the
//! `X-Forwarded-For` of a trusted proxy); writes that present a bearer token by the
//! token, so one uploader behind a shared address does not use up a whole office.
//!
//! governor was chosen over actix-governor for its small, maintained core (MIT, no
//! dependency on the actix version): the middleware here answers with the project's
//! problem bodies and the draft's headers, which actix-governor does not.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::api::AppState;
use crate::api::error::ApiError;
use crate::metrics::METRICS;

/// Buckets of clients not seen for a while are dropped after this many checks.
const RETAIN_EVERY: u64 = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    /// The first 128 bits of the SHA-256 of the Authorization header.
    Token([u8; 16]),
}

type Limiter =
    RateLimiter<Client, DefaultKeyedStateStore<Client>, DefaultClock, StateInformationMiddleware>;

/// The limits of `serve --rate-limit`, `--rate-burst`, `--trusted-proxy`.
pub struct RateLimit {
    limiter: Limiter,
    clock: DefaultClock,
    per_second: u32,
    burst: u32,
    /// `RateLimit-Limit` and `RateLimit-Policy`, the same on every answer.
    limit_header: HeaderValue,
    policy_header: HeaderValue,
    /// Loopback clients are not limited (`serve --demo`: one person on a laptop).
    pub exempt_loopback: bool,
    /// Peers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    checks: AtomicU64,
}

impl RateLimit {
    /// `per_second` requests a second on average, up to `burst` at once; None when
    /// `per_second` is zero (no limit).
    pub fn new(per_second: u32, burst: u32) -> Option<RateLimit> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(rate);
        let window = (burst.get() / per_second).max(1);
        Some(RateLimit {
            limit_header: HeaderValue::from(burst.get()),
            policy_header: HeaderValue::from_str(&format!("{burst};w={window}"))
                .unwrap_or_else(|_| HeaderValue::from_static("")),
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
                .with_middleware::<StateInformationMiddleware>(),
            clock: DefaultClock::default(),
            per_second,
            burst: burst.get(),
            exempt_loopback: false,
            trusted_proxies: Vec::new(),
            checks: AtomicU64::new(0),
        })
    }

    fn client(&self, req: &ServiceRequest) -> Option<Client> {
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        if writes && let Some(auth) = req.headers().get(AUTHORIZATION) {
            let digest = Sha256::digest(auth.as_bytes());
            let mut key = [0u8; 16];
            key.copy_from_slice(&digest[..16]);
            return Some(Client::Token(key));
        }
        let peer = req.peer_addr().map(|a| a.ip());
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let ip = client_address(peer, forwarded, &self.trusted_proxies)
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if self.exempt_loopback && ip.is_loopback() {
            return None;
        }
        Some(Client::Address(ip))
    }
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the last
/// address of `X-Forwarded-For` that is not itself a trusted proxy (earlier entries
/// are the client's own claims and could be forged).
pub fn client_address(
    peer: Option<IpAddr>,
    forwarded: Option<&str>,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let Some(forwarded) = forwarded else {
        return Some(peer);
    };
    let mut last = peer;
    for hop in forwarded.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => last = ip,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(last),
        }
    }
    Some(last)
}

const LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
const POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

pub async fn limit<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let Some(rl) = state.rate_limit.as_ref() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let Some(client) = rl.client(&req) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if rl.checks.fetch_add(1, Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
        rl.limiter.retain_recent();
    }
    match rl.limiter.check_key(&client) {
        Ok(snapshot) => {
            let mut res = next.call(req).await?;
            let remaining = snapshot.remaining_burst_capacity();
            let used = u64::from(rl.burst.saturating_sub(remaining));
            rl.describe(
                res.headers_mut(),
                remaining,
                used.div_ceil(u64::from(rl.per_second)),
            );
            Ok(res.map_into_left_body())
        }
        Err(not_until) => {
            METRICS.rate_limited.fetch_add(1, Relaxed);
            let wait = not_until.wait_time_from(rl.clock.now());
            let retry_after = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
            let error = ApiError::TooManyRequests {
                detail: format!(
                    "Too many requests: this instance answers {} requests a second per client (bursts of {}). Please wait {retry_after} s; bulk downloads are at /dumps/.",
                    rl.per_second, rl.burst
                ),
                retry_after,
            };
            let mut res = error.error_response();
            rl.describe(res.headers_mut(), 0, retry_after);
            Ok(req.into_response(res).map_into_right_body())
        }
    }
}

impl RateLimit {
    /// The `RateLimit-*` fields of an answer.
    fn describe(
        &self,
        headers: &mut actix_web::http::header::HeaderMap,
        remaining: u32,
        reset: u64,
    ) {
        headers.insert(LIMIT, self.limit_header.clone());
        headers.insert(REMAINING, HeaderValue::from(remaining));
        headers.insert(RESET, HeaderValue::from(reset));
        headers.insert(POLICY, self.policy_header.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn forwarded_addresses_count_only_behind_trusted_proxies() {
        let proxy = [ip("127.0.0.1"), ip("10.0.0.2")];
        // A direct client: its claims are ignored.
        assert_eq!(
            client_address(Some(ip("203.0.113.9")), Some("198.51.100.1"), &proxy),
            Some(ip("203.0.113.9"))
        );
        // Behind the proxy: the rightmost address the proxies did not add.
        assert_eq!(
            client_address(
                Some(ip("127.0.0.1")),
                Some("6.6.6.6, 198.51.100.7, 10.0.0.2"),
                &proxy
            ),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), None, &proxy),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), Some("garbage"), &proxy),
            Some(ip("127.0.0.1"))
        );
    }
}
