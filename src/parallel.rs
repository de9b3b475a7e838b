//! A small work queue over scoped threads: the pages of a book are independent, so their
//! conversion (and the escaping of their text for JSON) runs on every core.

use std::sync::{Mutex, PoisonError};

/// Below this many items per thread, starting threads costs more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 8;

/// Applies `f` to every item on as many threads as the machine has cores and returns the
/// results in the items' order. Threads take the next item when they are free, so one long
/// page does not hold up the rest. A panic in `f` is resumed on the calling thread.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let count = items.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count.div_ceil(MIN_ITEMS_PER_THREAD))
        .max(1);
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let next = || queue.lock().unwrap_or_else(PoisonError::into_inner).next();
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((index, item)) = next() {
                        done.push((index, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = map(items, |n| n * n);
        assert_eq!(squares, (0..1000).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn few_items_and_no_items_work() {
        assert_eq!(map(vec!["a"], str::len), vec![1]);
        assert!(map(Vec::<u8>::new(), |b| b).is_empty());
    }
}
