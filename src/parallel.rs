//! Parallel work that may run inside a one-time initialisation.
//!
//! Rayon's parallel iterators are the rule here, with one exception. A rayon worker that
//! waits for its jobs runs other queued jobs meanwhile. If it waits inside
//! `OnceLock::get_or_init` (the site's page tree is read on first use, from the middle of
//! the conversion of all pages), one of those other jobs may be a page whose templates ask
//! for the same `OnceLock`: on the same thread, that call never returns. Threads of their
//! own ([`map_on_own_threads`]) never pick up other jobs.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// `items` mapped by `f`, in order, on the calling thread and as many threads of its own
/// (`std::thread::scope`) as the machine has cores besides; the items go in chunks to
/// whichever thread is free, so should a thread not start, the others do its share.
///
/// # Panics
/// When `f` panics: the panic goes on in the caller.
pub fn map_on_own_threads<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if cores <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    // A few chunks per core, so that a slow chunk does not hold the others up.
    let chunk_size = items.len().div_ceil(cores * 4);
    let mut chunks = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(Mutex::new(
            items.by_ref().take(chunk_size).collect::<Vec<T>>(),
        ));
    }
    let done: Vec<Mutex<Vec<R>>> = chunks.iter().map(|_| Mutex::new(Vec::new())).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = chunks.get(index) else {
                break;
            };
            let chunk = std::mem::take(&mut *chunk.lock().unwrap_or_else(PoisonError::into_inner));
            let mapped: Vec<R> = chunk.into_iter().map(&f).collect();
            *done[index].lock().unwrap_or_else(PoisonError::into_inner) = mapped;
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        work();
        for helper in helpers {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
    done.into_iter()
        .flat_map(|mapped| mapped.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_kept_for_every_length() {
        for length in [0, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<usize> = (0..length).collect();
            let mapped = map_on_own_threads(items, |n| n * 2);
            assert_eq!(mapped, (0..length).map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    /// The case the module is for: from inside a rayon job that holds a `OnceLock`'s
    /// initialisation, with other jobs queued that want the same `OnceLock`. Every job gets
    /// the one result. (With rayon's `par_iter` in its place this hangs only now and then,
    /// so this test does not catch that reliably; the reviewer's stress run did.)
    #[test]
    fn work_inside_a_once_lock_on_a_rayon_pool_finishes() {
        use rayon::prelude::*;
        let lock = std::sync::OnceLock::new();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool");
        let sums: Vec<usize> = pool.install(|| {
            (0..64)
                .into_par_iter()
                .map(|_| {
                    *lock.get_or_init(|| {
                        map_on_own_threads((0..1000).collect(), |n: usize| n % 7)
                            .into_iter()
                            .sum::<usize>()
                    })
                })
                .collect()
        });
        assert!(sums.iter().all(|&sum| sum == sums[0]));
    }
}
