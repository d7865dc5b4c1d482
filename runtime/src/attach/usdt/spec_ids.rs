//! Which slots of a `__bpf_usdt_specs` map are taken. The programs and clones of an
//! object share the map, so every attachment takes its slots here (by the map's kernel
//! id) and gives them back when it detaches.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// Taken slots, per `__bpf_usdt_specs` map (kernel map id); created on first use.
static TAKEN: Mutex<Option<HashMap<u32, BTreeSet<u32>>>> = Mutex::new(None);

/// Slots of one map held by one attachment; released on drop.
#[derive(Debug)]
pub(super) struct SpecIds {
    map_id: u32,
    ids: Vec<u32>,
}

impl SpecIds {
    /// Takes the `count` lowest free slots of map `map_id`, which has `capacity`.
    pub fn take(map_id: u32, capacity: u32, count: usize) -> Result<SpecIds, String> {
        let mut all = TAKEN.lock().unwrap_or_else(|p| p.into_inner());
        let taken = all
            .get_or_insert_with(HashMap::new)
            .entry(map_id)
            .or_default();
        let ids: Vec<u32> = (0..capacity)
            .filter(|id| !taken.contains(id))
            .take(count)
            .collect();
        if ids.len() < count {
            return Err(format!(
                "`__bpf_usdt_specs` is full: {} of its {capacity} slots are taken and {count} \
                 more are needed (define BPF_USDT_MAX_SPEC_CNT larger before including \
                 usdt.bpf.h)",
                taken.len()
            ));
        }
        taken.extend(&ids);
        Ok(SpecIds { map_id, ids })
    }

    /// The slots, in the order asked for.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }
}

impl Drop for SpecIds {
    fn drop(&mut self) {
        let mut all = TAKEN.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(taken) = all.as_mut().and_then(|m| m.get_mut(&self.map_id)) {
            for id in &self.ids {
                taken.remove(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SpecIds;

    #[test]
    fn slots_are_taken_lowest_first_and_given_back() {
        let map = u32::MAX - 7; // no kernel map has this id in a test run
        let a = SpecIds::take(map, 4, 2).expect("free");
        let b = SpecIds::take(map, 4, 1).expect("free");
        assert_eq!((a.ids(), b.ids()), (&[0, 1][..], &[2][..]));
        assert!(SpecIds::take(map, 4, 2)
            .expect_err("full")
            .contains("3 of its 4 slots"));
        drop(a);
        assert_eq!(SpecIds::take(map, 4, 2).expect("given back").ids(), &[0, 1]);
    }
}
