//! Rendered responses kept in memory and valid while their validator holds: an object's
//! `modified`, or a list's last change (the largest `modified` in its scope, tombstones
//! included). Every change to what a representation shows moves that validator (the
//! writers bump parents of embedded and listed children), so a hit is never stale.
//!
//! Each entry also remembers the store's data version (moved by every committed write)
//! at which its validator was last confirmed. While the version is the same, a hit
//! needs no query at all: that is the path of repeated reads and of 304s. How often
//! the version itself is read is up to the caller ([`crate::api::AppState`]).
//!
//! Files and locations are not cached: their back-references (which meetings and
//! papers use them) can change without their own `modified` moving.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering::Relaxed;

use actix_web::web::Bytes;

use super::caching::etag_of;

/// Bytes kept at most, both generations together (see [`cost`]).
const LIMIT_BYTES: usize = 32 * 1024 * 1024;

/// Larger responses (list pages of up to 1,000 objects, read once by a crawl) are not
/// kept: they would push out the small, often read ones and hold the most memory.
const MAX_ENTRY_BYTES: usize = LIMIT_BYTES / 64;

#[derive(Clone)]
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
}

struct Entry {
    validator: Option<i64>,
    /// The data version at which the validator was last confirmed.
    version: i64,
    cached: Cached,
}

/// Locks that let one request render a response while others asking for the same key
/// wait and then take it from the cache. Striped by the key's hash: bounded, nothing
/// to clean up, and two keys rarely share a stripe.
const TURNS: usize = 256;

pub struct ResponseCache {
    inner: Mutex<Generations>,
    turns: Box<[tokio::sync::Mutex<()>]>,
}

/// Two generations, each holding up to half the limit. Entries go into the young one;
/// when it is full it becomes the old one and the previous old one is dropped. A hit in
/// the old generation moves the entry back into the young one, so responses read often
/// outlive the turnover that reads of many different objects cause.
#[derive(Default)]
struct Generations {
    young: HashMap<String, Entry>,
    young_size: usize,
    old: HashMap<String, Entry>,
}

impl Generations {
    /// The entry under `key`, moved into the young generation if it was in the old.
    fn entry(&mut self, key: &str) -> Option<&mut Entry> {
        if !self.young.contains_key(key) {
            let (key, entry) = self.old.remove_entry(key)?;
            self.insert(key, entry);
        }
        self.young.get_mut(key)
    }

    fn insert(&mut self, key: String, entry: Entry) {
        self.old.remove(&key);
        if let Some(previous) = self.young.remove(&key) {
            self.young_size = self.young_size.saturating_sub(cost(&key, &previous.cached));
        }
        let cost = cost(&key, &entry.cached);
        if self.young_size + cost > LIMIT_BYTES / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_size = 0;
        }
        self.young_size += cost;
        self.young.insert(key, entry);
    }
}

impl Default for ResponseCache {
    fn default() -> Self {
        ResponseCache {
            inner: Mutex::default(),
            turns: (0..TURNS).map(|_| tokio::sync::Mutex::new(())).collect(),
        }
    }
}

impl ResponseCache {
    /// Waits until no other request renders under `key`'s stripe; hold the guard while
    /// rendering. A burst of identical requests on a cold entry (clients polling a list
    /// right after an import) then costs one rendering, not one each.
    pub async fn turn(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        // Fixed keys: the same key always maps to the same stripe.
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(key);
        self.turns[(hash % TURNS as u64) as usize].lock().await
    }

    /// A hit without any query: nothing was written since the entry was confirmed.
    /// Returns the response and its validator (for `Last-Modified`).
    pub fn fresh(&self, key: &str, version: i64) -> Option<(Cached, Option<i64>)> {
        let mut guard = self.inner.lock().ok()?;
        let entry = guard.entry(key)?;
        let hit = (entry.version == version).then(|| (entry.cached.clone(), entry.validator));
        if hit.is_some() {
            crate::metrics::METRICS.cache_hits.fetch_add(1, Relaxed);
        }
        hit
    }

    /// A hit while the validator holds; confirms the entry at `version`.
    pub fn get(&self, key: &str, validator: Option<i64>, version: i64) -> Option<Cached> {
        let mut guard = self.inner.lock().ok()?;
        let entry = guard.entry(key)?;
        if entry.validator != validator {
            return None;
        }
        entry.version = entry.version.max(version);
        crate::metrics::METRICS.cache_hits.fetch_add(1, Relaxed);
        Some(entry.cached.clone())
    }

    /// Keeps a response rendered after a miss.
    pub fn put(&self, key: String, validator: Option<i64>, version: i64, body: Bytes) -> Cached {
        crate::metrics::METRICS.cache_misses.fetch_add(1, Relaxed);
        let cached = Cached {
            etag: etag_of(&body),
            body,
        };
        if cached.body.len() > MAX_ENTRY_BYTES {
            return cached;
        }
        if let Ok(mut guard) = self.inner.lock() {
            guard.insert(
                key,
                Entry {
                    validator,
                    version,
                    cached: cached.clone(),
                },
            );
        }
        cached
    }
}

/// What an entry holds in memory: its bytes, and the key, ETag and bookkeeping around
/// them (a cache of 1 KB objects spends a tenth on those).
fn cost(key: &str, cached: &Cached) -> usize {
    const PER_ENTRY: usize = 128;
    key.len() + cached.etag.len() + cached.body.len() + PER_ENTRY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_while_the_validator_holds() {
        let cache = ResponseCache::default();
        cache.put("papers/1".into(), Some(5), 1, Bytes::from_static(b"{}"));
        assert!(cache.get("papers/1", Some(5), 1).is_some());
        assert!(cache.get("papers/1", Some(6), 1).is_none());
        assert!(cache.get("papers/2", Some(5), 1).is_none());
    }

    #[tokio::test]
    async fn one_request_renders_while_others_for_the_same_key_wait() {
        let cache = ResponseCache::default();
        let turn = cache.turn("papers/1").await;
        let waiting =
            tokio::time::timeout(std::time::Duration::from_millis(50), cache.turn("papers/1"));
        assert!(waiting.await.is_err(), "a second turn waits");
        drop(turn);
        assert!(
            tokio::time::timeout(std::time::Duration::from_secs(5), cache.turn("papers/1"))
                .await
                .is_ok()
        );
    }

    #[test]
    fn often_read_responses_outlive_turnover_within_the_limit() {
        let cache = ResponseCache::default();
        let body = Bytes::from(vec![b' '; 16 * 1024]);
        cache.put("hot".into(), Some(1), 1, body.clone());
        cache.put("cold".into(), Some(1), 1, body.clone());
        // Enough other responses to turn both generations over several times, with the
        // hot one read now and then, as a popular object is.
        let per_generation = LIMIT_BYTES / 2 / body.len();
        for i in 0..5 * per_generation {
            cache.put(format!("papers/{i}"), Some(1), 1, body.clone());
            if i % (per_generation / 4) == 0 {
                assert!(cache.fresh("hot", 1).is_some(), "hot entry lost at {i}");
            }
        }
        assert!(cache.get("hot", Some(1), 1).is_some());
        assert!(cache.get("cold", Some(1), 1).is_none());
        let guard = cache.inner.lock().expect("lock");
        let held: usize = guard
            .young
            .iter()
            .chain(guard.old.iter())
            .map(|(k, e)| cost(k, &e.cached))
            .sum();
        assert!(held <= LIMIT_BYTES, "{held} bytes held");
        assert!(held > LIMIT_BYTES / 2, "the old generation is kept: {held}");
    }

    #[test]
    fn large_responses_are_served_but_not_kept() {
        let cache = ResponseCache::default();
        let large = Bytes::from(vec![b' '; MAX_ENTRY_BYTES + 1]);
        let served = cache.put("papers?limit=1000".into(), Some(5), 1, large.clone());
        assert_eq!(served.body, large);
        assert!(cache.get("papers?limit=1000", Some(5), 1).is_none());
    }

    #[test]
    fn fresh_hits_need_the_same_data_version() {
        let cache = ResponseCache::default();
        cache.put("papers/1".into(), Some(5), 7, Bytes::from_static(b"{}"));
        assert_eq!(cache.fresh("papers/1", 7).map(|h| h.1), Some(Some(5)));
        assert!(cache.fresh("papers/1", 8).is_none());
        // Confirming the validator at a later version makes it fresh again.
        assert!(cache.get("papers/1", Some(5), 8).is_some());
        assert!(cache.fresh("papers/1", 8).is_some());
    }
}
