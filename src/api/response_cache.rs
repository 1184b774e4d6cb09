//! Rendered responses kept in memory and valid while their validator holds: an object's
//! `modified`, or a list's last change (the largest `modified` in its scope, tombstones
//! included). Every change to what a representation shows moves that validator (the
//! writers bump parents of embedded and listed children), so a hit is never stale.
//!
//! Files and locations are not cached: their back-references (which meetings and
//! papers use them) can change without their own `modified` moving.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;

use super::caching::etag_of;

/// Bytes of rendered JSON kept before the cache starts over.
const LIMIT_BYTES: usize = 32 * 1024 * 1024;

#[derive(Clone)]
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
}

struct Entry {
    validator: Option<i64>,
    cached: Cached,
}

#[derive(Default)]
pub struct ResponseCache {
    inner: Mutex<(HashMap<String, Entry>, usize)>,
}

impl ResponseCache {
    pub fn get(&self, key: &str, validator: Option<i64>) -> Option<Cached> {
        let guard = self.inner.lock().ok()?;
        let entry = guard.0.get(key)?;
        (entry.validator == validator).then(|| entry.cached.clone())
    }

    pub fn put(&self, key: String, validator: Option<i64>, body: Bytes) -> Cached {
        let cached = Cached {
            etag: etag_of(&body),
            body,
        };
        if let Ok(mut guard) = self.inner.lock() {
            let (map, size) = &mut *guard;
            if *size + cached.body.len() > LIMIT_BYTES {
                map.clear();
                *size = 0;
            }
            *size += cached.body.len();
            if let Some(old) = map.insert(
                key,
                Entry {
                    validator,
                    cached: cached.clone(),
                },
            ) {
                *size = size.saturating_sub(old.cached.body.len());
            }
        }
        cached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_while_the_validator_holds() {
        let cache = ResponseCache::default();
        cache.put("papers/1".into(), Some(5), Bytes::from_static(b"{}"));
        assert!(cache.get("papers/1", Some(5)).is_some());
        assert!(cache.get("papers/1", Some(6)).is_none());
        assert!(cache.get("papers/2", Some(5)).is_none());
    }
}
