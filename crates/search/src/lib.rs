//! Swedish full-text search over every protocol, with facets, filters and visibility rules.
//!
//! One tantivy document per item (§): its title, and in one text field everything else the
//! item says (presenters, notes, decision clauses, recommendations, assignments, attachment
//! titles). Words are lower-cased and stemmed with the Swedish Snowball stemmer, so
//! "hemsjukvården" finds "hemsjukvård" and "beslutade" finds "beslut". Facets carry body,
//! year, kind, organisations addressed, people and assignment status, for filtering; who may
//! see an item is a number column checked on every hit of every query (`counts`), so what a
//! viewer may not see is never counted, never snippeted and never found.

mod counts;
mod document;
mod error;
mod query;
mod snippets;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use samverkan_domain::{MeetingId, Protocol};
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub use error::SearchError;
pub use query::{Facets, Filters, Hit, Kind, SearchRequest, SearchResults, Segment, Visibility, MAX_OFFSET};

/// The name of the Swedish analyzer in the index.
const SWEDISH: &str = "sv_stem";
/// Memory for the writer of a rebuild: two threads, each with half.
const REBUILD_HEAP: usize = 64 * 1024 * 1024;
/// Memory for the writer of everyday updates: one thread with tantivy's least. A commit sets up
/// fresh segment writers sized by this budget, so a smaller one makes each small update
/// cheaper (21 → 9 ms a commit of 25 items, measured).
const UPDATE_HEAP: usize = 16 * 1024 * 1024;

/// The fields of the schema.
#[derive(Clone, Copy)]
struct Fields {
    item_id: Field,
    meeting_id: Field,
    body_id: Field,
    key: Field,
    date: Field,
    number: Field,
    title: Field,
    text: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let swedish = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(SWEDISH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        item_id: builder.add_i64_field("item_id", INDEXED | STORED),
        meeting_id: builder.add_i64_field("meeting_id", INDEXED | STORED),
        body_id: builder.add_i64_field("body_id", STORED),
        // Body, year, kinds and visibility in one column of numbers, for counting hits (`counts`).
        key: builder.add_u64_field(counts::KEY, FAST),
        date: builder.add_i64_field("date", INDEXED | STORED | FAST),
        number: builder.add_text_field("number", STORED),
        title: builder.add_text_field("title", swedish.clone()),
        text: builder.add_text_field("text", swedish),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
    };
    (builder.build(), fields)
}

/// The search index, on disk or in memory, with one writer.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// Always a writer, but a different one while a rebuild runs ([`SearchIndex::start_rebuild`]):
    /// the option lets one be dropped (releasing the index's lock) before the next is made.
    writer: Mutex<Option<IndexWriter>>,
    /// What each meeting was last indexed from (a digest of its protocol), so that the same
    /// protocol indexed twice (after a save, and again when its change-log entry comes round)
    /// costs no second commit.
    indexed: Mutex<HashMap<i64, u64>>,
    fields: Fields,
}

impl SearchIndex {
    /// An index in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    /// Opens the index in `directory`, or creates it empty if it is missing or unreadable
    /// (then `true` is returned: the caller rebuilds it from the database).
    pub fn open_or_create(directory: &Path) -> Result<(SearchIndex, bool), SearchError> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(directory).map_err(SearchError::Directory)?;
        let opened = Index::open_in_dir(directory)
            .ok()
            .filter(|index| index.schema() == schema)
            .and_then(|index| Self::from_index(index, fields).ok());
        if let Some(index) = opened {
            return Ok((index, false));
        }
        // Missing, corrupt or of an older schema: start afresh.
        std::fs::remove_dir_all(directory).map_err(SearchError::Directory)?;
        std::fs::create_dir_all(directory).map_err(SearchError::Directory)?;
        let index = Index::create_in_dir(directory, schema)?;
        Ok((Self::from_index(index, fields)?, true))
    }

    fn from_index(index: Index, fields: Fields) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(SWEDISH, snippets::analyzer());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = index.writer_with_num_threads(1, UPDATE_HEAP)?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(Some(writer)),
            indexed: Mutex::default(),
            fields,
        })
    }

    /// The writer, locked.
    fn writer(&self) -> Result<WriterGuard<'_>, SearchError> {
        let guard = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        if guard.is_none() {
            return Err(SearchError::Poisoned);
        }
        Ok(WriterGuard(guard))
    }

    /// Puts a writer with `threads` threads and `heap` bytes in place of the present one.
    fn replace_writer(&self, threads: usize, heap: usize) -> Result<(), SearchError> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        // The old writer goes first: only one may hold the index's lock.
        drop(guard.take());
        *guard = Some(self.index.writer_with_num_threads(threads, heap)?);
        Ok(())
    }

    /// Replaces what the index holds of one meeting with its protocol as it is now.
    pub fn index_protocol(&self, protocol: &Protocol) -> Result<(), SearchError> {
        self.update(std::slice::from_ref(protocol), &[])
    }

    /// Indexes these protocols anew and removes these meetings, in one commit: a commit is
    /// what an update costs, so changes that arrive together are written together.
    pub fn update(&self, protocols: &[Protocol], removed: &[MeetingId]) -> Result<(), SearchError> {
        let fresh: Vec<(&Protocol, (i64, u64))> = {
            let indexed = self.indexed.lock().map_err(|_| SearchError::Poisoned)?;
            protocols
                .iter()
                .map(|p| (p, (p.meeting.id.0, digest(p))))
                .filter(|(_, (id, digest))| indexed.get(id) != Some(digest))
                .collect()
        };
        if fresh.is_empty() && removed.is_empty() {
            return Ok(());
        }
        let mut writer = self.writer()?;
        for meeting in removed {
            writer.delete_term(Term::from_field_i64(self.fields.meeting_id, meeting.0));
        }
        for (protocol, _) in &fresh {
            writer.delete_term(Term::from_field_i64(self.fields.meeting_id, protocol.meeting.id.0));
            for document in document::documents(protocol, &self.fields) {
                writer.add_document(document)?;
            }
        }
        writer.commit()?;
        drop(writer);
        let mut indexed = self.indexed.lock().map_err(|_| SearchError::Poisoned)?;
        for meeting in removed {
            indexed.remove(&meeting.0);
        }
        indexed.extend(fresh.into_iter().map(|(_, entry)| entry));
        drop(indexed);
        self.reader.reload()?;
        Ok(())
    }

    /// Removes a meeting from the index.
    pub fn remove_meeting(&self, meeting: MeetingId) -> Result<(), SearchError> {
        self.update(&[], &[meeting])
    }

    /// Empties the index and adds every protocol given; returns how many items it indexed.
    pub fn rebuild(&self, protocols: impl IntoIterator<Item = Protocol>) -> Result<usize, SearchError> {
        let mut rebuild = self.start_rebuild()?;
        for protocol in protocols {
            rebuild.add(&protocol)?;
        }
        rebuild.commit()
    }

    /// A rebuild fed a protocol at a time, so that an archive is never in memory at once: nothing
    /// of it is seen by searches until [`Rebuild::commit`] (unless a meeting indexed meanwhile
    /// commits the writer; a server rebuilds before it serves).
    pub fn start_rebuild(&self) -> Result<Rebuild<'_>, SearchError> {
        self.replace_writer(2, REBUILD_HEAP)?;
        self.writer()?.delete_all_documents()?;
        self.indexed.lock().map_err(|_| SearchError::Poisoned)?.clear();
        Ok(Rebuild {
            index: self,
            count: 0,
            committed: false,
        })
    }

    /// Runs a search; see [`SearchRequest`].
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        query::search(&self.index, &self.reader.searcher(), &self.fields, request)
    }
}

/// A rebuild under way ([`SearchIndex::start_rebuild`]). It holds no lock between protocols,
/// so it may be fed from async code.
pub struct Rebuild<'a> {
    index: &'a SearchIndex,
    /// Items added so far.
    count: usize,
    committed: bool,
}

impl Rebuild<'_> {
    /// Adds one protocol's items.
    pub fn add(&mut self, protocol: &Protocol) -> Result<(), SearchError> {
        let writer = self.index.writer()?;
        for document in document::documents(protocol, &self.index.fields) {
            writer.add_document(document)?;
            self.count += 1;
        }
        drop(writer);
        let mut indexed = self.index.indexed.lock().map_err(|_| SearchError::Poisoned)?;
        indexed.insert(protocol.meeting.id.0, digest(protocol));
        Ok(())
    }

    /// Makes the new index the one searched; returns how many items it holds.
    pub fn commit(mut self) -> Result<usize, SearchError> {
        let mut writer = self.index.writer()?;
        writer.commit()?;
        drop(writer);
        self.committed = true;
        self.index.replace_writer(1, UPDATE_HEAP)?;
        self.index.reader.reload()?;
        Ok(self.count)
    }
}

/// A rebuild given up half-way (an error while the protocols were read) is rolled back, so that
/// the next update does not commit an index emptied and half filled.
impl Drop for Rebuild<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if let Ok(mut writer) = self.index.writer() {
            let _ = writer.rollback();
        }
        // What the rolled-back rebuild recorded is not in the index.
        if let Ok(mut indexed) = self.index.indexed.lock() {
            indexed.clear();
        }
        let _ = self.index.replace_writer(1, UPDATE_HEAP);
    }
}

/// A digest of everything a protocol says, as the index would be built from it (its debug form
/// streamed through SipHash: no copy of a large protocol is made).
fn digest(protocol: &Protocol) -> u64 {
    use std::fmt::Write as _;
    use std::hash::Hasher as _;
    struct Sink(std::collections::hash_map::DefaultHasher);
    impl std::fmt::Write for Sink {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut sink = Sink(std::collections::hash_map::DefaultHasher::new());
    let _ = write!(sink, "{protocol:?}");
    sink.0.finish()
}

/// The locked writer, present by construction of [`SearchIndex::writer`].
struct WriterGuard<'a>(std::sync::MutexGuard<'a, Option<IndexWriter>>);

impl std::ops::Deref for WriterGuard<'_> {
    type Target = IndexWriter;

    fn deref(&self) -> &IndexWriter {
        // Checked when the guard was made; the lock is held since.
        self.0.as_ref().expect("a writer is always in place")
    }
}

impl std::ops::DerefMut for WriterGuard<'_> {
    fn deref_mut(&mut self) -> &mut IndexWriter {
        self.0.as_mut().expect("a writer is always in place")
    }
}
