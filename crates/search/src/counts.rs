//! Counting a search's hits per body, year and kind from columns of numbers (fast fields),
//! in the same pass that scores them: a counter per hit instead of a walk over facet paths,
//! so a broad query over decades of protocols still answers in milliseconds.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::Kind;

/// The fast fields the counts are read from.
pub const BODY: &str = "body_id";
pub const YEAR: &str = "year";
pub const KINDS: &str = "kinds";

/// The bit of a kind in the `kinds` field.
pub fn kind_bit(kind: Kind) -> u64 {
    1 << Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default()
}

/// Hits per body, per year and per kind.
#[derive(Debug, Default)]
pub struct Counts {
    pub bodies: HashMap<i64, u64>,
    pub years: HashMap<u64, u64>,
    pub kinds: [u64; Kind::ALL.len()],
}

impl Counts {
    fn add(&mut self, other: Counts) {
        for (body, n) in other.bodies {
            *self.bodies.entry(body).or_default() += n;
        }
        for (year, n) in other.years {
            *self.years.entry(year).or_default() += n;
        }
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            *mine += theirs;
        }
    }
}

pub struct CountsCollector;

impl Collector for CountsCollector {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        let fast = reader.fast_fields();
        Ok(SegmentCounts {
            body: fast.i64(BODY)?,
            year: fast.u64(YEAR)?,
            kinds: fast.u64(KINDS)?,
            // Bodies and years are few: the last one seen is counted without a hash lookup,
            // and hits come in document order, which is the order they were indexed in.
            last_body: (i64::MIN, 0),
            last_year: (u64::MAX, 0),
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for fruit in fruits {
            all.add(fruit);
        }
        Ok(all)
    }
}

pub struct SegmentCounts {
    body: Column<i64>,
    year: Column<u64>,
    kinds: Column<u64>,
    last_body: (i64, u64),
    last_year: (u64, u64),
    counts: Counts,
}

impl SegmentCounts {
    fn flush(&mut self) {
        let (body, n) = std::mem::replace(&mut self.last_body, (i64::MIN, 0));
        if n > 0 {
            *self.counts.bodies.entry(body).or_default() += n;
        }
        let (year, n) = std::mem::replace(&mut self.last_year, (u64::MAX, 0));
        if n > 0 {
            *self.counts.years.entry(year).or_default() += n;
        }
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(body) = self.body.first(doc) {
            if body == self.last_body.0 {
                self.last_body.1 += 1;
            } else {
                let (previous, n) = std::mem::replace(&mut self.last_body, (body, 1));
                if n > 0 {
                    *self.counts.bodies.entry(previous).or_default() += n;
                }
            }
        }
        if let Some(year) = self.year.first(doc) {
            if year == self.last_year.0 {
                self.last_year.1 += 1;
            } else {
                let (previous, n) = std::mem::replace(&mut self.last_year, (year, 1));
                if n > 0 {
                    *self.counts.years.entry(previous).or_default() += n;
                }
            }
        }
        let mut kinds = self.kinds.first(doc).unwrap_or_default();
        while kinds != 0 {
            let bit = kinds.trailing_zeros() as usize;
            if let Some(count) = self.counts.kinds.get_mut(bit) {
                *count += 1;
            }
            kinds &= kinds - 1;
        }
    }

    fn harvest(mut self) -> Counts {
        self.flush();
        self.counts
    }
}
