//! The rebuild cache: what a build may reuse from the build before it in the same process.
//! It only stores: the code that highlights, sanitizes or renders is passed in by its callers.
//!
//! Only `serve` rebuilds, so only `serve` owns one ([`RebuildCache`]) and passes it to each
//! build; a plain `build` or `check` passes none and computes everything once. Three kinds of
//! work are kept: highlighted code (by language and code), sanitized Markdown HTML (by the HTML)
//! and rendered pages (by template, templates' fingerprint and a hash of the page's data).
//!
//! Each kind keeps two generations: what the running build used, and what the build before it
//! used. A build takes what it needs from either; [`RebuildCache::finish_build`] then drops what
//! the last build did not use, so the cache never holds more than two builds' worth of work and
//! needs no size limit of its own.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Work kept between the builds of one `serve` process. See the module documentation.
#[derive(Default)]
pub struct RebuildCache {
    highlighted: Memo<(String, String), String>,
    sanitized: Memo<String, String>,
    pages: Memo<(String, u64), String>,
}

impl std::fmt::Debug for RebuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RebuildCache").finish_non_exhaustive()
    }
}

/// How much of one build's work was done, and how much was reused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Code snippets highlighted.
    pub highlighted: usize,
    /// Code snippets whose highlighted HTML was reused.
    pub highlights_reused: usize,
    /// Pages rendered with the templates.
    pub rendered: usize,
    /// Pages whose HTML was reused.
    pub pages_reused: usize,
}

impl RebuildCache {
    /// Highlighted `code` in `lang`: from an earlier build, or made by `highlight`.
    pub fn highlighted(
        &self,
        code: &str,
        lang: &str,
        highlight: impl FnOnce() -> String,
    ) -> String {
        let key = (lang.to_string(), code.to_string());
        self.highlighted.get_or_compute(key, highlight)
    }

    /// Sanitized `html`: from an earlier build, or made by `sanitize`.
    pub fn sanitized(&self, html: &str, sanitize: impl FnOnce() -> String) -> String {
        self.sanitized.get_or_compute(html.to_string(), sanitize)
    }

    /// The page rendered from `template` for data with hash `data` (which includes the
    /// templates' fingerprint), computed by `render` if no build rendered it before.
    pub fn page<E>(
        &self,
        template: &str,
        data: u64,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        self.pages
            .try_get_or_compute((template.to_string(), data), render)
    }

    /// Ends a build: drops what it did not use (unless it used nothing, as a build that failed
    /// before rendering does) and returns how much it computed and reused.
    pub fn finish_build(&self) -> CacheStats {
        let (highlighted, highlights_reused) = self.highlighted.finish();
        let (rendered, pages_reused) = self.pages.finish();
        self.sanitized.finish();
        CacheStats {
            highlighted,
            highlights_reused,
            rendered,
            pages_reused,
        }
    }
}

/// Values computed by this build and the one before it, with counts of this build's work.
struct Memo<K, V> {
    generations: Mutex<Generations<K, V>>,
    computed: AtomicUsize,
    reused: AtomicUsize,
}

struct Generations<K, V> {
    current: HashMap<K, V>,
    previous: HashMap<K, V>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            generations: Mutex::new(Generations {
                current: HashMap::new(),
                previous: HashMap::new(),
            }),
            computed: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    fn get_or_compute(&self, key: K, compute: impl FnOnce() -> V) -> V {
        self.try_get_or_compute(key, || Ok::<V, ()>(compute()))
            .unwrap_or_else(|()| unreachable!("computing cannot fail"))
    }

    /// The value for `key` from this build or the last; else `compute`d (outside the lock, so
    /// the threads of a build compute in parallel) and kept if it succeeds.
    fn try_get_or_compute<E>(
        &self,
        key: K,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        {
            let mut guard = self.lock();
            let generations = &mut *guard;
            if let Some(value) = generations.current.get(&key) {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return Ok(value.clone());
            }
            if let Some(value) = generations.previous.remove(&key) {
                self.reused.fetch_add(1, Ordering::Relaxed);
                generations.current.insert(key, value.clone());
                return Ok(value);
            }
        }
        let value = compute()?;
        self.computed.fetch_add(1, Ordering::Relaxed);
        self.lock().current.insert(key, value.clone());
        Ok(value)
    }

    /// Makes this build's values the ones the next build may reuse; returns (computed, reused).
    fn finish(&self) -> (usize, usize) {
        let mut generations = self.lock();
        if !generations.current.is_empty() {
            generations.previous = std::mem::take(&mut generations.current);
        }
        (
            self.computed.swap(0, Ordering::Relaxed),
            self.reused.swap(0, Ordering::Relaxed),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<K, V>> {
        self.generations.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_lives_while_builds_use_it() {
        let memo: Memo<u32, u32> = Memo::default();
        let mut calls = 0;
        {
            let mut get = |key| {
                memo.get_or_compute(key, || {
                    calls += 1;
                    key * 10
                })
            };
            assert_eq!((get(1), get(2), get(1)), (10, 20, 10));
        }
        assert_eq!(memo.finish(), (2, 1));
        // The next build uses 1 only: 2 is dropped after it.
        assert_eq!(memo.get_or_compute(1, || unreachable!()), 10);
        assert_eq!(memo.finish(), (0, 1));
        assert_eq!(memo.get_or_compute(2, || 21), 21);
        assert_eq!(memo.finish(), (1, 0));
        assert_eq!(calls, 2);
    }
}
