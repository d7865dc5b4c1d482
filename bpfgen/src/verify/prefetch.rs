//! Preparing objects ahead of the verifying threads. Preparing an object is mostly the
//! kernel creating maps, and some map types sleep for tens of milliseconds in creation
//! (sockmaps, large preallocated hashes); prefetch threads do it up to `LOOKAHEAD` objects
//! ahead of the workers, so that time overlaps with verification instead of stalling one.

use std::sync::{Condvar, Mutex};

/// How many objects beyond the ones being verified may be prepared in advance.
const LOOKAHEAD: usize = 64;

/// The workers' position: the highest object rank (in schedule order) any worker has
/// started, and whether the run is over.
#[derive(Debug, Default)]
pub(crate) struct Frontier {
    state: Mutex<(usize, bool)>,
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

    /// Blocks until the object at `rank` is within the lookahead; false when finished.
    pub fn wait_for(&self, rank: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while !s.1 && rank > s.0 + LOOKAHEAD {
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
        assert!(f.wait_for(2), "within the lookahead of rank 0");
        std::thread::scope(|s| {
            let h = s.spawn(|| f.wait_for(5));
            f.reach(3);
            assert!(h.join().unwrap_or(false));
        });
        f.finish();
        assert!(!f.wait_for(100));
    }
}
