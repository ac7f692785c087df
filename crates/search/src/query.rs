//! Search requests, their filters and visibility, and the results with facet counts.

use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use samverkan_domain::{BodyId, ItemId, MeetingId, OrganisationId};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{Index, Searcher, TantivyDocument, Term};

use crate::counts::{Admits, VisibleTopDocs};
use crate::snippets;
use crate::{Fields, SearchError};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// What an item contains, as the kind facet names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Decision,
    Recommendation,
    Assignment,
    Tabled,
    Noted,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Decision,
        Kind::Recommendation,
        Kind::Assignment,
        Kind::Tabled,
        Kind::Noted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Decision => "decision",
            Kind::Recommendation => "recommendation",
            Kind::Assignment => "assignment",
            Kind::Tabled => "tabled",
            Kind::Noted => "noted",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            Kind::Decision => "Beslut",
            Kind::Recommendation => "Rekommendation",
            Kind::Assignment => "Uppdrag",
            Kind::Tabled => "Bordlagt",
            Kind::Noted => "Läggs till handlingarna",
        }
    }
}

/// Whose search it is: what they may see decides what is searched at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Adjusted protocols, without confidential items.
    Public,
    /// The public part, plus everything of these bodies (drafts and confidential items).
    Member { bodies: Vec<BodyId> },
    /// Everything (administrators).
    Everything,
}

/// Narrowing a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub body: Option<BodyId>,
    pub year: Option<i32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<Kind>,
    /// An organisation addressed by a recommendation or given an assignment.
    pub organisation: Option<OrganisationId>,
    /// A presenter or assignee, as the protocol names them.
    pub person: Option<String>,
    /// Open (or reported) assignments when true, closed ones when false.
    pub open_assignments: Option<bool>,
}

/// The furthest into a result list a search may start; deeper pages are refused.
pub const MAX_OFFSET: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub visibility: Visibility,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
}

impl SearchRequest {
    /// A public search for `query` with no filters, first page.
    pub fn public(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            visibility: Visibility::Public,
            filters: Filters::default(),
            limit: 20,
            offset: 0,
        }
    }
}

/// A piece of a snippet; highlighted pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub highlighted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub item_id: ItemId,
    pub meeting_id: MeetingId,
    pub body_id: BodyId,
    pub date: NaiveDate,
    pub number: String,
    pub title: String,
    pub snippet: Vec<Segment>,
    pub score: f32,
}

/// How many hits fall under each value of a facet, among what the viewer may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub bodies: Vec<(BodyId, u64)>,
    pub years: Vec<(i32, u64)>,
    pub kinds: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// Days since 1 January year 1, the date field's unit.
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

fn facet_query(fields: &Fields, path: &[&str]) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(fields.facets, &Facet::from_path(path)),
        IndexRecordOption::Basic,
    ))
}

pub fn search(
    index: &Index,
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let text = request.query.trim();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::TooLong { max: MAX_QUERY_CHARS });
    }
    if text.is_empty() {
        return Err(SearchError::EmptyQuery);
    }
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.text]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, 2.0);
    // Lenient: a stray quote or "AND OR (" searches for what can be read instead of failing.
    let (user_query, _errors) = parser.parse_query_lenient(text);

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user_query.box_clone())];
    let f = &request.filters;
    let mut facet_filter = |path: &[&str]| clauses.push((Occur::Must, facet_query(fields, path)));
    if let Some(body) = f.body {
        facet_filter(&["body", &body.0.to_string()]);
    }
    if let Some(year) = f.year {
        facet_filter(&["year", &year.to_string()]);
    }
    if let Some(kind) = f.kind {
        facet_filter(&["kind", kind.code()]);
    }
    if let Some(organisation) = f.organisation {
        facet_filter(&["organisation", &organisation.0.to_string()]);
    }
    if let Some(person) = &f.person {
        facet_filter(&["person", &person.trim().to_lowercase()]);
    }
    if let Some(open) = f.open_assignments {
        facet_filter(&["assignment", if open { "open" } else { "closed" }]);
    }
    if f.from.is_some() || f.to.is_some() {
        let bound = |date: Option<NaiveDate>| match date {
            Some(date) => Bound::Included(day_number(date)),
            None => Bound::Unbounded,
        };
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new_i64_bounds(
                "date".to_string(),
                bound(f.from),
                bound(f.to),
            )),
        ));
    }
    // Without filters the query is the user's own, not wrapped in a one-clause boolean.
    let query: Box<dyn Query> = match clauses.len() {
        1 => user_query.box_clone(),
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    // The collector keeps offset + limit hits in memory, so the offset is bounded before it
    // reaches it: a page number from a query string never decides an allocation.
    if request.offset > MAX_OFFSET {
        return Err(SearchError::PageTooFar { max_hits: MAX_OFFSET });
    }
    let (top, facet_counts) = searcher.search(
        &*query,
        &VisibleTopDocs {
            limit: request.limit.clamp(1, 100),
            offset: request.offset,
            admits: Admits::of(&request.visibility),
        },
    )?;
    let total = facet_counts.total;
    let snippets = snippets::generator(searcher, &*user_query, fields.text, 220)?;
    let title_snippets = snippets::generator(searcher, &*user_query, fields.title, 150)?;

    let mut hits = Vec::with_capacity(top.len());
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let int = |field| doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or_default();
        let string = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        // The text around a match; when only the title matched, the title with its match.
        let mut snippet = snippets.snippet_from_doc(&doc);
        if snippet.highlighted().is_empty() {
            let title = title_snippets.snippet_from_doc(&doc);
            if !title.highlighted().is_empty() {
                snippet = title;
            }
        }
        hits.push(Hit {
            item_id: ItemId(int(fields.item_id)),
            meeting_id: MeetingId(int(fields.meeting_id)),
            body_id: BodyId(int(fields.body_id)),
            date: NaiveDate::from_num_days_from_ce_opt(int(fields.date) as i32).unwrap_or_default(),
            number: string(fields.number),
            title: string(fields.title),
            snippet: segments(snippet.fragment(), snippet.highlighted()),
            score,
        });
    }
    let bodies: Vec<(BodyId, u64)> = facet_counts
        .bodies
        .sorted()
        .filter_map(|(b, n)| Some((BodyId(i64::try_from(b).ok()?), n)))
        .collect();
    let years: Vec<(i32, u64)> = facet_counts
        .years
        .sorted()
        .filter_map(|(y, n)| Some((i32::try_from(y).ok()?, n)))
        .collect();
    // By code, as the facet paths sorted them.
    let mut kinds: Vec<(String, u64)> = Kind::ALL
        .into_iter()
        .zip(facet_counts.kinds)
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| (kind.code().to_string(), n))
        .collect();
    kinds.sort();
    let facets = Facets { bodies, years, kinds };
    Ok(SearchResults { total, hits, facets })
}

/// Splits a snippet's fragment at its highlighted ranges.
fn segments(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for range in highlighted {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        if range.start > at {
            out.push(Segment {
                text: fragment[at..range.start].to_string(),
                highlighted: false,
            });
        }
        out.push(Segment {
            text: fragment[range.clone()].to_string(),
            highlighted: true,
        });
        at = range.end;
    }
    if at < fragment.len() {
        out.push(Segment {
            text: fragment[at..].to_string(),
            highlighted: false,
        });
    }
    out
}
