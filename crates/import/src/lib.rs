//! Imports old protocols into Samverkan's domain model, with nothing lost and nothing invented.
//!
//! The pipeline: [`input`] turns a file (plain text, PDF, DOCX, HTML) into text lines;
//! [`furniture`] marks page furniture (logos, "Justerandes sign", running headers, page numbers)
//! as layout; [`layout`] detects which of the known layouts the text follows and splits it into
//! a head, raw items and a closing; `header` and `content` read them into a
//! [`samverkan_domain::Protocol`], `money` finds grants and cost splits, and [`report`] says what
//! was recognised, what was not, and how much of the source ended up in some field.

mod content;
pub mod corrections;
pub mod dates;
mod error;
pub mod furniture;
mod header;
pub mod input;
pub mod layout;
mod money;
pub mod reader;
pub mod report;

use chrono::{DateTime, NaiveDate, Utc};
use samverkan_domain::{
    Attachment, Body, BodyId, CostShare, DateBasis, Grant, ImportSource, Item, Meeting, MeetingStatus, NumberingRule,
    Protocol, YearlyParameter,
};
use serde::Serialize;

pub use error::{ImportError, MAX_SOURCE_BYTES};
pub use input::{read_source, SourceFormat, SourceText};
pub use layout::Layout;
pub use money::PercentKey;
pub use report::Report;

/// What the caller may decide for an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The body's name, when the protocol does not say it clearly.
    pub body_name: Option<String>,
    /// The meeting date, when the protocol does not say it.
    pub date: Option<NaiveDate>,
    pub imported_at: DateTime<Utc>,
    /// A reviewer's corrections, which override what was read.
    pub corrections: corrections::Corrections,
}

/// A protocol read from a source, with what hangs off its items and the report.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub protocol: Protocol,
    /// Grants found in tables, with the position of the item that decided them.
    pub grants: Vec<(usize, Grant)>,
    /// Cost splits with a total, with the position of their item.
    pub cost_shares: Vec<(usize, CostShare)>,
    /// Percentage keys named without an amount.
    pub percent_keys: Vec<PercentKey>,
    /// Yearly parameters set by decision, with the position of their item.
    pub yearly_parameters: Vec<(usize, YearlyParameter)>,
    pub report: Report,
}

/// Reads a protocol's text into the domain model.
pub fn import(source: &SourceText, options: &ImportOptions) -> Result<Imported, ImportError> {
    let marked = furniture::mark(&source.text);
    let lines = layout::content_lines(&marked);
    let fixed = &options.corrections;
    let (mut split, mut head) = read_layout(&marked, lines.clone());
    if let Some(starts) = &fixed.item_starts {
        // Items begin where the reviewer said, however the layout was read.
        split.items = reader::items::items_at(&lines, starts);
        split.layout = Layout::General;
    }
    if let Some(attendance) = &fixed.attendance {
        head.attendance = attendance.iter().filter_map(|l| corrections::attendee(l)).collect();
    }
    // The date: a reviewer's, else the text's own, else the one given, else the file name's;
    // without any the protocol is kept as an import awaiting review rather than refused.
    let text_date = fixed.date.or(head.date);
    let (meeting_date, date_basis) = match (text_date, options.date, reader::head::file_name_date(&source.file_name)) {
        (Some(date), _, _) if fixed.date.is_some() => (date, DateBasis::Given),
        (Some(date), _, _) => (date, DateBasis::Text),
        (None, Some(date), _) => (date, DateBasis::Given),
        (None, None, Some(date)) => (date, DateBasis::FileName),
        (None, None, None) => (options.imported_at.date_naive(), DateBasis::Unknown),
    };

    let known_names: Vec<String> = head.attendance.iter().filter_map(|a| a.name.clone()).collect();
    let mut items: Vec<Item> = split
        .items
        .iter()
        .map(|raw| content::interpret(raw, meeting_date, &known_names))
        .collect();
    for (number, label, title) in &head.attachments {
        if let Some(item) = items.iter_mut().find(|i| i.number.as_str() == number) {
            item.attachments.push(Attachment {
                label: label.clone(),
                title: title.clone(),
                file_sha256: None,
                file_name: None,
                media_type: None,
            });
        }
    }
    for (position, item) in items.iter_mut().enumerate() {
        item.position = position as i32;
        content::fit_to_limits(item);
    }

    let mut grants = Vec::new();
    let mut cost_shares = Vec::new();
    let mut percent_keys = Vec::new();
    let mut yearly_parameters = Vec::new();
    for (position, (raw, item)) in split.items.iter().zip(&items).enumerate() {
        if !raw.table_rows.is_empty() {
            let name = raw.table_caption.clone().unwrap_or_else(|| item.title.clone());
            let year = meeting_date.format("%Y").to_string().parse().unwrap_or(2000);
            grants.extend(money::grant_table(&name, &raw.table_rows, year).map(|g| (position, g)));
        }
        let text = item_text(item);
        cost_shares.extend(money::cost_share(&item.title, &text).map(|c| (position, c)));
        percent_keys.extend(money::percent_key(item.number.as_str(), &text));
        for clause in item.decision.iter().flat_map(|d| &d.clauses) {
            yearly_parameters.extend(money::yearly_parameter(&clause.text).map(|p| (position, p)));
        }
    }

    let name = options
        .body_name
        .clone()
        .or(head.body_name.clone())
        .unwrap_or_else(|| source.file_name.clone());
    let short_name = head.short_name.clone().unwrap_or_else(|| short_name_of(&name));
    let body = Body {
        id: BodyId::NEW,
        name,
        short_name,
        parent_id: None,
        county_code: None,
        numbering: if matches!(split.layout, Layout::Paragraphs | Layout::General) {
            NumberingRule::PerYear
        } else {
            NumberingRule::PerMeeting
        },
        description: None,
        notice_days: samverkan_domain::DEFAULT_NOTICE_DAYS,
        logo_sha256: None,
    };
    let mut meeting = Meeting::plan(BodyId::NEW, meeting_date, head.start, head.end, head.place.clone())
        .or_else(|_| Meeting::plan(BodyId::NEW, meeting_date, head.start, None, head.place.clone()))
        .expect("a meeting without an end time is always valid");
    meeting.attendance = head.attendance.clone();
    meeting.video_link = head.video_link.clone();
    meeting.secretary = head.secretary.clone().or_else(|| {
        head.attendance
            .iter()
            .find(|a| a.role == Some(samverkan_domain::Role::Sekreterare))
            .and_then(|a| a.name.clone())
    });
    meeting.adjustment.place = head.adjustment_place.clone();
    meeting.adjustment.date = head.adjustment_date;
    meeting.adjustment.adjusters = head.adjusters.clone();
    meeting.next_meetings = next_meetings(&items, &body.short_name, meeting_date);
    meeting.remarks = head.remarks.clone();
    meeting.source = Some(ImportSource {
        file_name: source.file_name.clone(),
        sha256: source.sha256.clone(),
        imported_at: options.imported_at,
        date_basis,
    });
    // Imported protocols are adjusted history: locked with the hash of what was read.
    meeting.status = MeetingStatus::Adjusted;
    let mut protocol = Protocol { body, meeting, items };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    protocol.meeting.adjustment.locked_at = Some(options.imported_at);

    let report = report::build(report::Inputs {
        source,
        marked: &marked,
        split: &split,
        head: &head,
        protocol: &protocol,
        grants: &grants,
        cost_shares: &cost_shares,
        percent_keys: &percent_keys,
        yearly_parameters: &yearly_parameters,
    });
    Ok(Imported {
        protocol,
        grants,
        cost_shares,
        percent_keys,
        yearly_parameters,
        report,
    })
}

/// Reads the text by the layout it follows: a known table layout where its column labels stand,
/// else the general reader, unless the § or numbered-heading reader explains the text better.
fn read_layout(marked: &[furniture::SourceLine], lines: Vec<layout::Line>) -> (layout::Split, header::Header) {
    let split = layout::split(lines.clone());
    let head = header::read(&split.header, &split.closing);
    if matches!(split.layout, Layout::Table | Layout::InterleavedTable) {
        return (split, head);
    }
    let general = reader::read(marked, lines);
    let present = |h: &header::Header| {
        h.attendance
            .iter()
            .filter(|a| a.status == samverkan_domain::AttendanceStatus::Present)
            .count()
    };
    if matches!(split.layout, Layout::Paragraphs | Layout::NumberedHeadings) {
        // How much of a protocol a reading explains: persons present, titled items, a body
        // that is not a person's name.
        let explained = |h: &header::Header, s: &layout::Split| {
            // An item with a title and nothing under it is an entry of a list, not an item.
            let titled = s
                .items
                .iter()
                .filter(|i| !i.title.trim().is_empty())
                .filter(|i| !(i.body.is_empty() && i.decision.is_empty() && i.side.is_empty()))
                .count();
            let body = h
                .body_name
                .as_deref()
                .is_some_and(|b| !reader::names::looks_like_person(b));
            present(h) + 2 * titled + if body { 10 } else { 0 }
        };
        if explained(&head, &split) >= explained(&general.header, &general.split) {
            return (split, head);
        }
    }
    // Nothing the general reader knows: no item heading and nobody present. The text is kept as
    // one item, which the fidelity counts as not placed.
    if general.split.items.is_empty() && present(&general.header) == 0 && general.header.adjusters.is_empty() {
        return (split, head);
    }
    (general.split, general.header)
}

/// All the words of an item, for finding amounts and keys in them.
fn item_text(item: &Item) -> String {
    let mut parts: Vec<&str> = item.notes.iter().map(String::as_str).collect();
    parts.extend(
        item.decision
            .iter()
            .flat_map(|d| d.clauses.iter().map(|c| c.text.as_str())),
    );
    parts.join(" ")
}

/// Meeting dates the protocol announces: "Övriga mötestider våren 2011 19 april, 14 juni" and
/// later meetings referred to by date ("vid LSVO 231117").
fn next_meetings(items: &[Item], short_name: &str, meeting_date: NaiveDate) -> Vec<NaiveDate> {
    let year = meeting_date.format("%Y").to_string().parse().unwrap_or(2000);
    let mut found: Vec<NaiveDate> = Vec::new();
    for item in items {
        let texts = item
            .notes
            .iter()
            .chain(item.decision.iter().flat_map(|d| d.clauses.iter().map(|c| &c.text)));
        for text in texts {
            let lower = text.to_lowercase();
            if lower.contains("mötestider") || lower.contains("nästa sammanträde") || lower.contains("nästa möte")
            {
                found.extend(dates::dates_in(text, Some(year)).into_iter().map(|f| f.date));
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            for pair in words.windows(2) {
                if pair[0] == short_name {
                    found.extend(dates::short_date(pair[1].trim_end_matches(['.', ','])));
                }
            }
        }
    }
    found.retain(|d| *d > meeting_date);
    found.sort();
    found.dedup();
    found
}

/// A short name for a body named only in full: its initials when it has several words.
fn short_name_of(name: &str) -> String {
    if name.chars().count() <= 12 {
        return name.to_string();
    }
    name.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
}
