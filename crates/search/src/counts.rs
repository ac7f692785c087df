//! Collecting what a viewer may see of a search, from columns of numbers (fast fields): the
//! best hits and the total with counts per body, year and kind, in one scored pass over every
//! hit. Who may see a document is a number in a column, checked per hit, so the pass never
//! intersects the query with a posting list of everything public.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column, ColumnValues};
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::{Kind, Visibility};

/// The fast field the counts and the visibility are read from: one number per document
/// holding its body, year, kinds and whether it is restricted ([`Key`]), so that a hit costs
/// one column read.
pub const KEY: &str = "tally_key";

/// What a document is counted under, packed in one number: bit 0 restricted (only members of
/// its body may see it), bits 1–8 its kinds, bits 9–24 its year, bits 25– its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub u64);

impl Key {
    pub fn new(body: i64, year: i32, kinds: &[Kind], restricted: bool) -> Key {
        let body = u64::try_from(body).unwrap_or(0).min(u64::from(u32::MAX));
        let year = u64::try_from(year).unwrap_or(0).min(0xffff);
        let kinds = kinds.iter().map(|k| kind_bit(*k)).fold(0, |a, b| a | b);
        Key(body << 25 | year << 9 | kinds << 1 | u64::from(restricted))
    }

    fn restricted(self) -> bool {
        self.0 & 1 == 1
    }

    fn kinds(self) -> u64 {
        (self.0 >> 1) & 0xff
    }

    fn year(self) -> u64 {
        (self.0 >> 9) & 0xffff
    }

    fn body(self) -> u64 {
        self.0 >> 25
    }
}

/// Who may see what: the keys a viewer's search admits.
#[derive(Debug, Clone)]
pub enum Admits {
    Everything,
    /// Public documents, and those of these bodies (sorted).
    PublicAnd(Vec<u64>),
}

impl Admits {
    pub fn of(visibility: &Visibility) -> Admits {
        match visibility {
            Visibility::Everything => Admits::Everything,
            Visibility::Public => Admits::PublicAnd(Vec::new()),
            Visibility::Member { bodies } => {
                let mut ids: Vec<u64> = bodies.iter().filter_map(|b| u64::try_from(b.0).ok()).collect();
                ids.sort_unstable();
                Admits::PublicAnd(ids)
            }
        }
    }

    fn admits(&self, key: Key) -> bool {
        match self {
            Admits::Everything => true,
            Admits::PublicAnd(bodies) => !key.restricted() || bodies.binary_search(&key.body()).is_ok(),
        }
    }
}

/// The page of best hits (`offset` skipped, then `limit`) among what the viewer may see, and
/// the counts of all they may see. Counting needs every hit anyway, so the best ones are
/// ranked in the same pass: skipping blocks whose best score cannot reach the page
/// (block-max WAND) and then counting in a second pass measured slower.
pub struct VisibleTopDocs {
    pub limit: usize,
    pub offset: usize,
    pub admits: Admits,
}

/// A hit as the heap of best ones orders it: higher score first, then earlier document.
#[derive(Clone, Copy)]
struct Ranked(Score, DocAddress);

impl Ranked {
    fn better(&self, other: &Ranked) -> Ordering {
        self.0
            .partial_cmp(&other.0)
            .unwrap_or(Ordering::Equal)
            .then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.better(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Reversed, so that the heap's top is the worst kept hit.
    fn cmp(&self, other: &Self) -> Ordering {
        other.better(self)
    }
}

impl Collector for VisibleTopDocs {
    type Fruit = (Vec<(Score, DocAddress)>, Counts);
    type Child = NoSegmentCollector;

    fn for_segment(&self, _segment: SegmentOrdinal, _reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(NoSegmentCollector)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let keep = self.limit + self.offset;
        let mut counts = SegmentCounts::new(self.admits.clone(), reader)?;
        let alive = reader.alive_bitset();
        let mut heap = std::collections::BinaryHeap::with_capacity(keep + 1);
        weight.for_each(reader, &mut |doc, score| {
            if !alive.is_none_or(|a| a.is_alive(doc)) {
                return;
            }
            let key = Key(counts.keys.get_val(doc));
            if counts.count(key) {
                heap.push(Ranked(score, DocAddress::new(segment, doc)));
                if heap.len() > keep {
                    heap.pop();
                }
            }
        })?;
        let hits = heap.into_iter().map(|r| (r.0, r.1)).collect();
        Ok((hits, counts.harvest()))
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut counts = Counts::default();
        let mut all = Vec::new();
        for (top, segment_counts) in fruits {
            all.extend(top.into_iter().map(|(s, d)| Ranked(s, d)));
            counts.add(segment_counts);
        }
        all.sort_by(|a, b| b.better(a));
        let page = all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|r| (r.0, r.1))
            .collect();
        Ok((page, counts))
    }
}

/// [`VisibleTopDocs`] does its work in `collect_segment`; this is never fed.
pub struct NoSegmentCollector;

impl SegmentCollector for NoSegmentCollector {
    type Fruit = (Vec<(Score, DocAddress)>, Counts);

    fn collect(&mut self, _doc: DocId, _score: Score) {}

    fn harvest(self) -> Self::Fruit {
        Default::default()
    }
}

/// The bit of a kind among a key's kinds.
fn kind_bit(kind: Kind) -> u64 {
    1 << Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default()
}

/// Hits in all, per body, per year and per kind.
#[derive(Debug, Default)]
pub struct Counts {
    pub total: usize,
    pub bodies: Tally,
    pub years: Tally,
    pub kinds: [u64; Kind::ALL.len()],
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.total += other.total;
        self.bodies.add(other.bodies);
        self.years.add(other.years);
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            *mine += theirs;
        }
    }
}

/// Counts by a number key: small keys (body ids, years) in a list indexed by the key, so that
/// a hit costs an increment rather than a hash lookup; any larger key in a map.
#[derive(Debug, Default)]
pub struct Tally {
    dense: Vec<u64>,
    sparse: HashMap<u64, u64>,
}

impl Tally {
    const DENSE: u64 = 4096;

    fn bump_by(&mut self, key: u64, n: u64) {
        if key < Self::DENSE {
            let at = key as usize;
            if at >= self.dense.len() {
                self.dense.resize(at + 1, 0);
            }
            self.dense[at] += n;
        } else {
            *self.sparse.entry(key).or_default() += n;
        }
    }

    fn add(&mut self, other: Tally) {
        for (key, n) in other.sorted() {
            self.bump_by(key, n);
        }
    }

    /// Every key with a count, in key order.
    pub fn sorted(self) -> impl Iterator<Item = (u64, u64)> {
        let mut sparse: Vec<(u64, u64)> = self.sparse.into_iter().collect();
        sparse.sort_unstable();
        self.dense
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| (key as u64, n))
            .chain(sparse)
    }
}

/// A column's values by document: every document has one, so they are read straight (and a
/// block at a time) without the column's index.
fn values<T>(column: Column<T>) -> Arc<dyn ColumnValues<T>>
where
    T: PartialOrd + Copy + Default + std::fmt::Debug + Send + Sync + 'static,
{
    match column.get_cardinality() {
        Cardinality::Full => column.values,
        _ => column.first_or_default_col(T::default()),
    }
}

/// The counts of one segment's hits.
struct SegmentCounts {
    admits: Admits,
    keys: Arc<dyn ColumnValues<u64>>,
    /// Hits come in the order they were indexed, a meeting's items together: a run of hits of
    /// one body and year is counted once when it ends.
    run: (u64, u64),
    counts: Counts,
}

impl SegmentCounts {
    fn new(admits: Admits, reader: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            admits,
            keys: values(reader.fast_fields().u64(KEY)?),
            run: (0, 0),
            counts: Counts::default(),
        })
    }

    /// Counts a hit if the viewer may see it; says whether it was counted.
    fn count(&mut self, key: Key) -> bool {
        if !self.admits.admits(key) {
            return false;
        }
        self.counts.total += 1;
        let group = key.0 >> 9;
        if group == self.run.0 {
            self.run.1 += 1;
        } else {
            self.end_run();
            self.run = (group, 1);
        }
        let mut kinds = key.kinds();
        while kinds != 0 {
            let bit = kinds.trailing_zeros() as usize;
            if let Some(count) = self.counts.kinds.get_mut(bit) {
                *count += 1;
            }
            kinds &= kinds - 1;
        }
        true
    }

    fn end_run(&mut self) {
        let (group, n) = std::mem::take(&mut self.run);
        if n > 0 {
            let key = Key(group << 9);
            self.counts.bodies.bump_by(key.body(), n);
            self.counts.years.bump_by(key.year(), n);
        }
    }

    fn harvest(mut self) -> Counts {
        self.end_run();
        self.counts
    }
}
