//! The most read renderings of locked protocols, held in this process's memory as well as in
//! the database, so that a popular adjusted protocol is served without a database round trip.
//!
//! The database copy stays the truth every server shares; this is only a faster way to it. A
//! copy is forgotten whenever its meeting is indexed again ([`crate::AppState::reindex`]): after
//! every write this process makes to it, and after every change another process makes, as the
//! change log brings it ([`crate::follow`]). Locked protocols change only by publication, so a
//! copy can be out of date only for as long as a change from another process takes to arrive
//! (on PostgreSQL a `NOTIFY`, at most the polling interval).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use samverkan_domain::MeetingId;

/// How many bytes of copies one process holds; beyond it the least recently read go.
pub const BUDGET_BYTES: usize = 64 << 20;

/// One kept rendering: the content hash and meeting version it was made from, and its bytes.
#[derive(Debug, Clone)]
pub struct HotCopy {
    pub hash: String,
    pub version: i64,
    pub content: Bytes,
}

#[derive(Debug)]
struct Held {
    copy: HotCopy,
    last_read: u64,
}

#[derive(Debug, Default)]
struct Inner {
    copies: HashMap<(MeetingId, &'static str), Held>,
    bytes: usize,
    /// Counts reads, to find the least recently read.
    clock: u64,
    /// Counts forgettings: a copy read from the database before one is not put afterwards.
    generation: u64,
}

/// The copies of one process, bounded by bytes.
#[derive(Debug)]
pub struct HotCopies {
    inner: Mutex<Inner>,
    budget: usize,
}

impl Default for HotCopies {
    fn default() -> Self {
        HotCopies::with_budget(BUDGET_BYTES)
    }
}

impl HotCopies {
    pub fn with_budget(budget: usize) -> HotCopies {
        HotCopies {
            inner: Mutex::default(),
            budget,
        }
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves only a cache: go on with it.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The copy of `variant` of the meeting's rendering, if held.
    pub fn get(&self, meeting: MeetingId, variant: &'static str) -> Option<HotCopy> {
        let mut inner = self.inner();
        inner.clock += 1;
        let now = inner.clock;
        let held = inner.copies.get_mut(&(meeting, variant))?;
        held.last_read = now;
        Some(held.copy.clone())
    }

    /// To be read before the database is: [`HotCopies::put`] then refuses a copy that a
    /// forgetting in between may have made out of date.
    pub fn generation(&self) -> u64 {
        self.inner().generation
    }

    /// Holds `copy`, read or made after [`HotCopies::generation`] returned `generation`.
    pub fn put(&self, generation: u64, meeting: MeetingId, variant: &'static str, copy: HotCopy) {
        let size = copy.content.len();
        let mut inner = self.inner();
        if inner.generation != generation || size > self.budget / 4 {
            return;
        }
        inner.clock += 1;
        let last_read = inner.clock;
        if let Some(old) = inner.copies.insert((meeting, variant), Held { copy, last_read }) {
            inner.bytes -= old.copy.content.len();
        }
        inner.bytes += size;
        while inner.bytes > self.budget {
            // Rarely reached and over a few thousand copies at most: a scan is enough.
            let Some(oldest) = inner.copies.iter().min_by_key(|(_, h)| h.last_read).map(|(k, _)| *k) else {
                break;
            };
            if let Some(gone) = inner.copies.remove(&oldest) {
                inner.bytes -= gone.copy.content.len();
            }
        }
    }

    /// Forgets every copy of the meeting's renderings.
    pub fn forget(&self, meeting: MeetingId) {
        let mut inner = self.inner();
        inner.generation += 1;
        let mut freed = 0;
        inner.copies.retain(|(m, _), held| {
            let keep = *m != meeting;
            if !keep {
                freed += held.copy.content.len();
            }
            keep
        });
        inner.bytes -= freed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(bytes: usize) -> HotCopy {
        HotCopy {
            hash: "h".into(),
            version: 1,
            content: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[test]
    fn a_copy_read_before_a_forgetting_is_not_held_after_it() {
        let copies = HotCopies::default();
        let before = copies.generation();
        copies.forget(MeetingId(1));
        copies.put(before, MeetingId(1), "page", copy(10));
        assert!(copies.get(MeetingId(1), "page").is_none());
        copies.put(copies.generation(), MeetingId(1), "page", copy(10));
        assert!(copies.get(MeetingId(1), "page").is_some());
        copies.forget(MeetingId(1));
        assert!(copies.get(MeetingId(1), "page").is_none());
    }

    #[test]
    fn the_least_recently_read_go_when_the_budget_is_spent() {
        let copies = HotCopies::with_budget(400);
        for meeting in 1..=4 {
            copies.put(copies.generation(), MeetingId(meeting), "page", copy(100));
        }
        assert!(copies.get(MeetingId(1), "page").is_some());
        copies.put(copies.generation(), MeetingId(5), "page", copy(100));
        assert!(copies.get(MeetingId(2), "page").is_none(), "the least recently read");
        for kept in [1, 3, 4, 5] {
            assert!(copies.get(MeetingId(kept), "page").is_some());
        }
        assert!(copies.inner().bytes <= 400);
    }
}
