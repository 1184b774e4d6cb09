//! HTTP for the harvester: bounded concurrency, a polite delay, timeouts, and retries
//! with exponential back-off on 5xx, 429 (honouring `Retry-After`) and network errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap, RETRY_AFTER, USER_AGENT};
use tokio::sync::Semaphore;

/// How the client treats the source server.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Pause after each request, per slot.
    pub delay: Duration,
    /// Time limit of one request, body included.
    pub timeout: Duration,
    /// Attempts per URL before giving up (the first one included).
    pub attempts: u32,
    /// First back-off; doubled per attempt.
    pub backoff: Duration,
    /// Upper bound of any single wait, `Retry-After` included.
    pub max_wait: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            concurrency: 4,
            delay: Duration::ZERO,
            timeout: Duration::from_secs(60),
            attempts: 5,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(120),
        }
    }
}

/// Why a URL could not be fetched, after the retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// 404 or 410.
    NotFound,
    /// Any other non-success status that persisted.
    Status(u16),
    /// Connection, TLS or timeout failures that persisted.
    Network(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::NotFound => write!(f, "not found (404)"),
            FetchError::Status(s) => write!(f, "HTTP status {s}"),
            FetchError::Network(e) => write!(f, "network error: {e}"),
        }
    }
}

/// A successful response body.
pub struct Fetched {
    pub body: Vec<u8>,
    /// Attempts it took (1 when the first succeeded).
    pub attempts: u32,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    slots: Arc<Semaphore>,
    options: ClientOptions,
    /// Requests sent, and URLs that needed more than one attempt.
    requests: Arc<AtomicU64>,
    retried: Arc<AtomicU64>,
}

/// Makes ring the process's TLS provider; reqwest is built without one so that a
/// single, quick-to-build provider is linked. A second call changes nothing.
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Client, String> {
        install_tls_provider();
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        let agent = format!(
            "ratsinfo/{} (OParl harvester; +https://github.com/ratsinfo)",
            env!("CARGO_PKG_VERSION")
        );
        if let Ok(agent) = reqwest::header::HeaderValue::from_str(&agent) {
            headers.insert(USER_AGENT, agent);
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(20)))
            .pool_max_idle_per_host(options.concurrency.max(1))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Client {
            http,
            slots: Arc::new(Semaphore::new(options.concurrency.max(1))),
            options,
            requests: Arc::new(AtomicU64::new(0)),
            retried: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Requests sent so far, and URLs that needed a retry.
    pub fn counters(&self) -> (u64, u64) {
        (
            self.requests.load(Ordering::Relaxed),
            self.retried.load(Ordering::Relaxed),
        )
    }

    pub fn concurrency(&self) -> usize {
        self.options.concurrency.max(1)
    }

    /// GETs a URL, retrying what may be transient.
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            if attempt == 2 {
                self.retried.fetch_add(1, Ordering::Relaxed);
            }
            let (result, retry_after) = self.attempt(url).await;
            let retryable = match &result {
                Ok(_) => false,
                Err(FetchError::NotFound) => false,
                Err(FetchError::Status(s)) => *s == 429 || *s == 408 || *s >= 500,
                Err(FetchError::Network(_)) => true,
            };
            if !retryable || attempt >= self.options.attempts {
                return result.map(|body| Fetched {
                    body,
                    attempts: attempt,
                });
            }
            let backoff = self.options.backoff * 2u32.saturating_pow(attempt - 1);
            let wait = retry_after.unwrap_or(backoff).min(self.options.max_wait);
            tracing::debug!(url, attempt, ?wait, error = ?result.err(), "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One request inside a concurrency slot; the slot is held through the delay.
    async fn attempt(&self, url: &str) -> (Result<Vec<u8>, FetchError>, Option<Duration>) {
        let Ok(_slot) = self.slots.acquire().await else {
            return (Err(FetchError::Network("client closed".to_owned())), None);
        };
        let outcome = self.request(url).await;
        if !self.options.delay.is_zero() {
            tokio::time::sleep(self.options.delay).await;
        }
        outcome
    }

    async fn request(&self, url: &str) -> (Result<Vec<u8>, FetchError>, Option<Duration>) {
        let response = match self.http.get(url).send().await {
            Ok(r) => r,
            Err(e) => return (Err(FetchError::Network(describe(&e))), None),
        };
        let status = response.status();
        if !status.is_success() {
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let error = if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
                FetchError::NotFound
            } else {
                FetchError::Status(status.as_u16())
            };
            return (Err(error), retry_after);
        }
        match response.bytes().await {
            Ok(bytes) => (Ok(bytes.to_vec()), None),
            Err(e) => (Err(FetchError::Network(describe(&e))), None),
        }
    }
}

/// reqwest's message plus its causes, which hold the useful part ("connection refused").
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `Retry-After` as delay-seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_after_as_seconds_or_date() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
