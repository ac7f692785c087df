//! The search index follows the database. Triggers append every change to what search sees to
//! `search_changes` in the same transaction as the change; each process applies the entries it
//! has not applied yet (on PostgreSQL woken by the triggers' `NOTIFY`, and polled on both backends;
//! see `samverkan serve`), so a protocol saved through another
//! server or imported by the CLI is found everywhere, and a restart replays only what it missed.
//!
//! Change ids are handed out when a transaction writes, not when it commits, so on PostgreSQL a
//! lower id can become visible after a higher one. The follower therefore re-reads a window of
//! the last [`LOOKBACK`] ids and applies those it has not seen, instead of trusting the highest.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::{AppError, AppState};

/// How many change ids below the highest seen are read again for late commits.
const LOOKBACK: i64 = 1000;
/// The most changes applied in one round.
const BATCH: i64 = 2000;

/// Where this process stands in the change log.
#[derive(Debug, Default)]
pub struct Follower {
    /// Every change at or below this id has been applied.
    floor: i64,
    /// Changes above the floor that have been applied.
    seen: BTreeSet<i64>,
    /// A file next to the index that keeps the floor across restarts.
    marker: Option<PathBuf>,
}

impl Follower {
    /// A follower whose floor is kept in `marker`; it starts from the floor kept there, if any
    /// (then the index is known to hold everything up to it).
    pub fn with_marker(marker: PathBuf) -> (Follower, bool) {
        let kept = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|t| t.trim().parse::<i64>().ok());
        let follower = Follower {
            floor: kept.unwrap_or(0),
            seen: BTreeSet::new(),
            marker: Some(marker),
        };
        (follower, kept.is_some())
    }

    /// Every change at or below this id has been applied.
    pub fn floor(&self) -> i64 {
        self.floor
    }

    fn keep(&self) {
        if let Some(marker) = &self.marker {
            if let Err(error) = std::fs::write(marker, self.floor.to_string()) {
                tracing::warn!(?error, "the search index's place in the change log could not be kept");
            }
        }
    }
}

impl AppState {
    /// Applies to this process's index every change it has not applied yet; returns how many
    /// meetings were indexed again.
    pub async fn apply_search_changes(&self) -> Result<usize, AppError> {
        let mut follower = self.follower.lock().await;
        let start = (follower.floor - LOOKBACK).max(0);
        let changes = self.store.search_changes(start, BATCH).await?;
        let mut meetings = BTreeSet::new();
        for (id, meeting) in &changes {
            if *id > follower.floor && follower.seen.insert(*id) {
                meetings.insert(*meeting);
            }
        }
        self.reindex_all(&meetings.iter().copied().collect::<Vec<_>>()).await;
        // Everything more than the window below the highest seen is settled; the floor is kept
        // on disk only when it moves, not on every round.
        if let Some(highest) = follower.seen.last().copied() {
            let settled = highest - LOOKBACK;
            if settled > follower.floor {
                follower.floor = settled;
                let floor = follower.floor;
                follower.seen.retain(|id| *id > floor);
                follower.keep();
            }
        }
        Ok(meetings.len())
    }

    /// Marks the index as holding every change up to `last` (after a rebuild).
    pub(crate) async fn settle_search_changes(&self, last: i64) {
        let mut follower = self.follower.lock().await;
        follower.floor = last;
        follower.seen.clear();
        follower.keep();
    }
}
