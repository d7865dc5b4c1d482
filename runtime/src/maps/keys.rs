//! [`Keys`]: iterating the keys of a hash-like map with `BPF_MAP_GET_NEXT_KEY`.

use std::marker::PhantomData;

use crate::pod::{self, Pod};
use crate::prepare::map::Map;
use crate::prepare::map::MapError;

/// The keys of a map, fetched one syscall at a time.
///
/// Concurrent deletions can make the kernel restart from the first key, so the iterator
/// stops after `max_entries` keys: it never loops forever, but a map changing during
/// iteration can yield a key twice or miss one.
pub struct Keys<'a, K: Pod> {
    map: &'a Map,
    cur: Option<K>,
    yielded: usize,
    done: bool,
    _key: PhantomData<fn() -> K>,
}

impl<K: Pod> std::fmt::Debug for Keys<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("map", &self.map.name())
            .field("yielded", &self.yielded)
            .finish()
    }
}

impl<'a, K: Pod> Keys<'a, K> {
    /// Iterates `map`'s keys; the caller checked the key size.
    pub(crate) fn new(map: &'a Map) -> Self {
        Keys {
            map,
            cur: None,
            yielded: 0,
            done: false,
            _key: PhantomData,
        }
    }
}

impl<K: Pod> Iterator for Keys<'_, K> {
    type Item = Result<K, MapError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut next = pod::zeroed::<K>();
        let step = self.map.access().get_next_key(
            self.cur.as_ref().map(pod::bytes_of),
            pod::bytes_of_mut(&mut next),
        );
        match step {
            Ok(true) if self.yielded < self.map.spec().max_entries as usize => {
                self.yielded += 1;
                self.cur = Some(next);
                Some(Ok(next))
            }
            Ok(_) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(self.map.err(e)))
            }
        }
    }
}
