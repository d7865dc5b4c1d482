//! Preparing objects ahead of the verifying threads. Preparing an object is mostly the
//! kernel creating maps, and some map types sleep for tens of milliseconds in creation
//! (sockmaps, large preallocated hashes); prefetch threads do it ahead of the workers, so
//! that time overlaps with verification instead of stalling one. How far ahead is bounded
//! twice: at most `LOOKAHEAD` objects, and at most `BUDGET` bytes (of object file) of
//! objects prepared and not yet released, so memory stays flat whatever the objects.

use std::sync::{Condvar, Mutex};

/// How many objects beyond the ones being verified may be prepared in advance.
const LOOKAHEAD: usize = 64;

/// Object-file bytes of prepared, unreleased objects beyond which prefetching waits.
const BUDGET: usize = 1 << 20;

/// The workers' position: the highest object rank (in schedule order) any worker has
/// started, and whether the run is over.
#[derive(Debug, Default)]
pub(crate) struct Frontier {
    /// (highest rank started, finished, bytes of prepared unreleased objects).
    state: Mutex<(usize, bool, usize)>,
    moved: Condvar,
}

impl Frontier {
    /// A worker started an item of the object at `rank`.
    pub fn reach(&self, rank: usize) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if rank > s.0 {
            s.0 = rank;
            self.moved.notify_all();
        }
    }

    /// The run is over: the prefetcher stops.
    pub fn finish(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).1 = true;
        self.moved.notify_all();
    }

    /// An object of `bytes` is being prepared (by a prefetcher or a worker).
    pub fn charge(&self, bytes: usize) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).2 += bytes;
    }

    /// An object of `bytes` was released (or failed to prepare).
    pub fn refund(&self, bytes: usize) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.2 = s.2.saturating_sub(bytes);
        self.moved.notify_all();
    }

    /// Blocks until the object at `rank` (of `bytes`) is within the lookahead and fits
    /// the budget (or nothing else is prepared); false when finished.
    pub fn wait_for(&self, rank: usize, bytes: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !s.1 && (rank > s.0 + LOOKAHEAD || (s.2 > 0 && s.2 + bytes > BUDGET)) {
            s = self.moved.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        !s.1
    }
}

/// Object indices in the order the schedule first reaches them.
pub(crate) fn object_ranks(
    schedule: &[usize],
    object_of: impl Fn(usize) -> usize,
    objects: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut order = Vec::with_capacity(objects);
    let mut rank = vec![usize::MAX; objects];
    for &item in schedule {
        let obj = object_of(item);
        if rank[obj] == usize::MAX {
            rank[obj] = order.len();
            order.push(obj);
        }
    }
    (order, rank)
}

#[cfg(test)]
mod tests {
    use super::{object_ranks, Frontier};

    #[test]
    fn ranks_follow_first_appearance() {
        let objs = [2, 0, 2, 1];
        let (order, rank) = object_ranks(&[0, 1, 2, 3], |i| objs[i], 3);
        assert_eq!(order, vec![2, 0, 1]);
        assert_eq!(rank, vec![1, 2, 0]);
    }

    #[test]
    fn frontier_releases_waiters() {
        let f = Frontier::default();
        assert!(f.wait_for(2, 0), "within the lookahead of rank 0");
        std::thread::scope(|s| {
            let h = s.spawn(|| f.wait_for(5, 0));
            f.reach(3);
            assert!(h.join().unwrap_or(false));
        });
        f.finish();
        assert!(!f.wait_for(100, 0));
    }

    /// Prefetching waits while prepared objects fill the byte budget, goes on when one is
    /// released, and never waits when nothing is prepared (an object over the budget).
    #[test]
    fn budget_bounds_prepared_bytes() {
        let f = Frontier::default();
        assert!(
            f.wait_for(1, super::BUDGET * 2),
            "nothing prepared: never waits"
        );
        f.charge(super::BUDGET - 10);
        std::thread::scope(|s| {
            let h = s.spawn(|| f.wait_for(1, 100));
            std::thread::sleep(std::time::Duration::from_millis(20));
            assert!(!h.is_finished(), "over the budget: waits");
            f.refund(super::BUDGET - 10);
            assert!(h.join().unwrap_or(false), "released: goes on");
        });
    }
}
