//! Process-wide counters for `/metrics`: HTTP requests by route template and status
//! with latency histograms, response-cache hits, and the work of imports, harvests and
//! webhook deliveries. Plain atomics, written in the Prometheus text format by
//! [`Metrics::render`]: a counter costs one relaxed add on the request path, and no
//! metrics crate (with its registry, macros and exporters) is needed for that.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, LazyLock, RwLock};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: from a cached answer (well under a
/// millisecond) to a whole-list CSV stream.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The series whose keys share a hash.
type Series = Vec<(RouteKey, Arc<RouteStats>)>;

/// The instance's counters; see [`METRICS`].
#[derive(Default)]
pub struct Metrics {
    /// Series by the hash of their key (collisions share a bucket).
    routes: RwLock<HashMap<u64, Series>>,
    pub cache_hits: AtomicU64,
    pub cache_misses: AtomicU64,
    pub imports_ok: AtomicU64,
    pub imports_failed: AtomicU64,
    pub imported_created: AtomicU64,
    pub imported_updated: AtomicU64,
    pub imported_deleted: AtomicU64,
    pub harvests_ok: AtomicU64,
    pub harvests_failed: AtomicU64,
    pub webhooks_delivered: AtomicU64,
    pub webhooks_failed: AtomicU64,
    pub rate_limited: AtomicU64,
}

/// A counter family for output: name, help, and its series (labels, value).
type CounterFamily<'a> = (&'a str, &'a str, &'a [(&'a str, &'a AtomicU64)]);

/// All of the process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

#[derive(Debug, Clone)]
struct RouteKey {
    route: String,
    method: String,
    status: u16,
}

#[derive(Default)]
struct RouteStats {
    count: AtomicU64,
    /// Total latency in microseconds.
    micros: AtomicU64,
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative; summed on output).
    buckets: [AtomicU64; BUCKETS.len()],
}

/// What `/metrics` reports beside the counters: read when it is asked for.
pub struct Gauges {
    pub data_version: i64,
    pub pool_size: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
    pub webhook_queue: i64,
}

impl Metrics {
    /// Counts one answered request. `route` is the matched route template
    /// (`/oparl/v1.1/papers/{id}`), never the path, so that ids do not multiply series.
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let stats = self.route_stats(route, method, status);
        stats.count.fetch_add(1, Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        stats.micros.fetch_add(micros, Relaxed);
        let secs = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            stats.buckets[i].fetch_add(1, Relaxed);
        }
    }

    fn route_stats(&self, route: &str, method: &str, status: u16) -> Arc<RouteStats> {
        // Looked up by a hash of the borrowed parts, so that counting a request
        // allocates nothing once its series exists.
        let hash = {
            use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
            BuildHasherDefault::<DefaultHasher>::default().hash_one((route, method, status))
        };
        let same = |k: &RouteKey| k.route == route && k.method == method && k.status == status;
        if let Ok(routes) = self.routes.read()
            && let Some(series) = routes.get(&hash)
            && let Some((_, stats)) = series.iter().find(|(k, _)| same(k))
        {
            return stats.clone();
        }
        match self.routes.write() {
            Ok(mut routes) => {
                let series = routes.entry(hash).or_default();
                if let Some((_, stats)) = series.iter().find(|(k, _)| same(k)) {
                    return stats.clone();
                }
                let stats = Arc::<RouteStats>::default();
                let key = RouteKey {
                    route: route.to_owned(),
                    method: method.to_owned(),
                    status,
                };
                series.push((key, stats.clone()));
                stats
            }
            // A poisoned map (a panic while inserting) still counts, uncollected.
            Err(_) => Arc::default(),
        }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::with_capacity(16 * 1024);
        let routes: Vec<(RouteKey, Arc<RouteStats>)> = self
            .routes
            .read()
            .map(|r| r.values().flatten().cloned().collect())
            .unwrap_or_default();
        let mut routes = routes;
        routes.sort_by(|a, b| {
            (&a.0.route, &a.0.method, a.0.status).cmp(&(&b.0.route, &b.0.method, b.0.status))
        });
        head(
            &mut out,
            "ratsinfo_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        for (k, s) in &routes {
            let _ = writeln!(
                out,
                "ratsinfo_http_requests_total{{{}}} {}",
                labels(k),
                s.count.load(Relaxed)
            );
        }
        head(
            &mut out,
            "ratsinfo_http_request_duration_seconds",
            "histogram",
            "Time from the request's arrival to its response, by route template, method and status.",
        );
        for (k, s) in &routes {
            let l = labels(k);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(&s.buckets) {
                cumulative += n.load(Relaxed);
                let _ = writeln!(
                    out,
                    "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = s.count.load(Relaxed);
            let _ = writeln!(
                out,
                "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "ratsinfo_http_request_duration_seconds_sum{{{l}}} {}",
                s.micros.load(Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                out,
                "ratsinfo_http_request_duration_seconds_count{{{l}}} {count}"
            );
        }
        let counters: [CounterFamily; 6] = [
            (
                "ratsinfo_response_cache_lookups_total",
                "Look-ups of rendered OParl responses in memory, by result.",
                &[
                    ("result=\"hit\"", &self.cache_hits),
                    ("result=\"miss\"", &self.cache_misses),
                ],
            ),
            (
                "ratsinfo_imports_total",
                "Minutes files imported over HTTP, by outcome.",
                &[
                    ("outcome=\"ok\"", &self.imports_ok),
                    ("outcome=\"failed\"", &self.imports_failed),
                ],
            ),
            (
                "ratsinfo_imported_objects_total",
                "Objects written by imports over HTTP, by change.",
                &[
                    ("change=\"created\"", &self.imported_created),
                    ("change=\"updated\"", &self.imported_updated),
                    ("change=\"deleted\"", &self.imported_deleted),
                ],
            ),
            (
                "ratsinfo_harvests_total",
                "Harvests run by this process, by outcome.",
                &[
                    ("outcome=\"ok\"", &self.harvests_ok),
                    ("outcome=\"failed\"", &self.harvests_failed),
                ],
            ),
            (
                "ratsinfo_webhook_attempts_total",
                "Webhook delivery attempts, by outcome.",
                &[
                    ("outcome=\"delivered\"", &self.webhooks_delivered),
                    ("outcome=\"failed\"", &self.webhooks_failed),
                ],
            ),
            (
                "ratsinfo_rate_limited_total",
                "Requests refused with 429 by the per-client rate limit.",
                &[("", &self.rate_limited)],
            ),
        ];
        for (name, help, series) in counters {
            head(&mut out, name, "counter", help);
            for (label, value) in series {
                if label.is_empty() {
                    let _ = writeln!(out, "{name} {}", value.load(Relaxed));
                } else {
                    let _ = writeln!(out, "{name}{{{label}}} {}", value.load(Relaxed));
                }
            }
        }
        let gauges: [(&str, &str, String); 5] = [
            (
                "ratsinfo_data_version",
                "The store's data version: moved by every committed write.",
                gauges.data_version.to_string(),
            ),
            (
                "ratsinfo_db_pool_connections",
                "Open database connections of this process.",
                gauges.pool_size.to_string(),
            ),
            (
                "ratsinfo_db_pool_idle_connections",
                "Open database connections not in use (none idle at the maximum means requests wait).",
                gauges.pool_idle.to_string(),
            ),
            (
                "ratsinfo_db_pool_max_connections",
                "The most database connections this process opens.",
                gauges.pool_max.to_string(),
            ),
            (
                "ratsinfo_webhook_queue",
                "Webhook deliveries not yet delivered and not given up.",
                gauges.webhook_queue.to_string(),
            ),
        ];
        for (name, help, value) in gauges {
            head(&mut out, name, "gauge", help);
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }
}

fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn labels(k: &RouteKey) -> String {
    format!(
        "route=\"{}\",method=\"{}\",status=\"{}\"",
        escape(&k.route),
        escape(&k.method),
        k.status
    )
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_end_in_the_count() {
        let m = Metrics::default();
        m.observe("/a/{id}", "GET", 200, Duration::from_micros(300));
        m.observe("/a/{id}", "GET", 200, Duration::from_millis(30));
        m.observe("/a/{id}", "GET", 200, Duration::from_secs(30));
        let text = m.render(&Gauges {
            data_version: 7,
            pool_size: 1,
            pool_idle: 1,
            pool_max: 4,
            webhook_queue: 0,
        });
        let l = r#"route="/a/{id}",method="GET",status="200""#;
        assert!(text.contains(&format!(
            "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"0.0005\"}} 1"
        )));
        assert!(text.contains(&format!(
            "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"0.05\"}} 2"
        )));
        assert!(text.contains(&format!(
            "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"10\"}} 2"
        )));
        assert!(text.contains(&format!(
            "ratsinfo_http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} 3"
        )));
        assert!(text.contains("ratsinfo_data_version 7"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
