//! Layout detection: which of the known protocol layouts a text follows, and the split of its
//! content lines into a header, raw items and a closing part.
//!
//! Known layouts: the three-column table (item/presenter, notes, decision) with real cells
//! (`Table`), the same table flattened by PDF extraction so the columns follow each other line
//! by line (`InterleavedTable`), the § protocol (`Paragraphs`) and the numbered-heading protocol
//! (`NumberedHeadings`). Anything else is `Unknown`: its text is kept as one item's notes.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::furniture::SourceLine;

/// The layouts the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Table,
    InterleavedTable,
    Paragraphs,
    NumberedHeadings,
    /// Read by the general reader from the conventions of Swedish protocols.
    General,
    Unknown,
}

impl Layout {
    pub fn label_sv(self) -> &'static str {
        match self {
            Layout::Table => "tabell i tre kolumner",
            Layout::InterleavedTable => "tabell i tre kolumner, utläst ur PDF (kolumnerna efter varandra)",
            Layout::Paragraphs => "paragrafprotokoll (§)",
            Layout::NumberedHeadings => "numrerade rubriker",
            Layout::General => "protokoll enligt allmän mall (etiketter i huvudet, §-rubriker)",
            Layout::Unknown => "okänd layout",
        }
    }
}

/// A content line: its text and whether furniture stood between it and the line before.
#[derive(Debug, Clone)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub after_furniture: bool,
}

impl Line {
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// Blank, or only spaces (interleaved PDF text uses a lone space inside a column).
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// An item as the layout delivers it, before its content is interpreted.
#[derive(Debug, Clone, Default)]
pub struct RawItem {
    pub number: String,
    pub title: String,
    /// Table layouts: the first column after the title (presenters, attachments, markers).
    pub side: Vec<String>,
    /// Paragraphs of running text (table layouts: the notes column).
    pub body: Vec<String>,
    /// Table layouts: the decision column, one paragraph per entry.
    pub decision: Vec<String>,
    /// Tab-separated rows found inside the item (a grant table), kept verbatim.
    pub table_rows: Vec<String>,
    /// The paragraph just before the table, which names it.
    pub table_caption: Option<String>,
    /// The general reader has already told notes from decision: the body is notes as it stands.
    pub plain_notes: bool,
    /// The decision's preamble ("Nämnden beslutar följande:").
    pub decision_preamble: Option<String>,
    /// "Beslutet expedieras till": who the decision is sent to.
    pub distribution: Vec<String>,
    /// Beslutsunderlag, yrkanden, omröstning, reservationer … as the general reader found them.
    pub proceedings: samverkan_domain::Proceedings,
    /// The source line number of the item's heading, where the layout has one.
    pub line: Option<usize>,
}

/// The text split by layout.
#[derive(Debug, Clone)]
pub struct Split {
    pub layout: Layout,
    pub header: Vec<Line>,
    /// Lines of a table of contents (layout, regenerated from the items).
    pub contents: Vec<Line>,
    pub items: Vec<RawItem>,
    /// Lines after the last item that close the protocol (signatures, statements).
    pub closing: Vec<Line>,
    /// Lines that only label the layout ("Nr / Ärende/Föredragande / Noteringar / Beslut").
    pub labels: Vec<Line>,
}

static TABLE_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)ärende\s*/\s*föredragande.*noteringar.*beslut").unwrap());
static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+\s+)?§\s*(\d+)\s*(.*)$").unwrap());
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*)\.\s+(\S.*)$").unwrap());
static INTERLEAVED_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})(\s?[a-z])?\s?\.\s*(.*)$").unwrap());
static SUB_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([a-z])/\s*(\S.*)$").unwrap());
static CONTENTS_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(innehållsförteckning|ärendeförteckning|innehåll|dagordning)$").unwrap());
static CONTENTS_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-\s*)?(?:§\s*\d+.*|[a-z]/\s.*|§?\s*\d+.*\.{3,}\s*\d+)$").unwrap());

/// Content lines (furniture removed), each knowing whether furniture preceded it.
pub fn content_lines(lines: &[SourceLine]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut after_furniture = false;
    for line in lines {
        if line.furniture.is_some() {
            after_furniture = true;
            continue;
        }
        out.push(Line {
            number: line.number,
            text: line.text.replace('\u{a0}', " "),
            after_furniture: after_furniture && !line.text.trim().is_empty(),
        });
        if !line.text.trim().is_empty() {
            after_furniture = false;
        }
    }
    out
}

/// Detects the layout and splits the lines.
pub fn split(mut lines: Vec<Line>) -> Split {
    let closing = take_closing(&mut lines);
    let mut split = split_layout(lines);
    split.closing.extend(closing);
    split
}

/// The signature block or signature statement that ends a protocol: from the name before the
/// first "Ordförande"/"Sekreterare" line (or "På uppdrag av", or "elektroniskt underskrivet")
/// among the last lines, to the end.
fn take_closing(lines: &mut Vec<Line>) -> Vec<Line> {
    static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:vice ordförande|ordförande|sekreterare|justerande|justerare)\b|^på uppdrag av|elektroniskt underskrivet").unwrap()
    });
    let text_lines: Vec<usize> = (0..lines.len()).filter(|i| !lines[*i].is_blank()).collect();
    let tail = &text_lines[text_lines.len().saturating_sub(16)..];
    let Some(k) = tail
        .iter()
        .position(|i| CLOSING.is_match(lines[*i].trimmed()) && !lines[*i].text.contains('\t'))
    else {
        return Vec::new();
    };
    let mut start = tail[k];
    let role_line = !lines[start].trimmed().to_lowercase().starts_with("på uppdrag")
        && !lines[start].trimmed().contains("underskrivet");
    if role_line && k > 0 && is_person_name(lines[tail[k - 1]].trimmed()) {
        start = tail[k - 1];
    }
    lines.split_off(start)
}

fn split_layout(lines: Vec<Line>) -> Split {
    let table_header = lines.iter().position(|l| TABLE_HEADER.is_match(l.trimmed()));
    let layout = match table_header {
        Some(at) if lines[at].text.contains('\t') => Layout::Table,
        Some(_) => Layout::InterleavedTable,
        None if paragraph_headings(&lines).len() >= 3 => Layout::Paragraphs,
        None if numbered_headings(&lines).len() >= 3 => Layout::NumberedHeadings,
        None => Layout::Unknown,
    };
    match layout {
        Layout::Table => split_table(lines, table_header.unwrap_or(0)),
        Layout::InterleavedTable => split_interleaved(lines, table_header.unwrap_or(0)),
        Layout::Paragraphs => split_headings(lines, layout, paragraph_headings),
        Layout::NumberedHeadings => split_headings(lines, layout, numbered_headings),
        Layout::General | Layout::Unknown => split_unknown(lines),
    }
}

/// (line index, number, title) of every item heading.
type Headings = Vec<(usize, String, String)>;

/// "§ 44 Title", "§99", "59 § 58 Title": numbers may repeat but never go back, which keeps
/// references to earlier §§ ("§86 Logopediska insatser …") and the table of contents out.
fn paragraph_headings(lines: &[Line]) -> Headings {
    let contents = contents_range(lines);
    let mut found: Headings = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if contents.contains(&i) {
            continue;
        }
        let Some(c) = PARAGRAPH.captures(line.trimmed()) else {
            continue;
        };
        let number: u32 = c[1].parse().unwrap_or(0);
        let last = found.last().map(|(_, n, _)| n.parse::<u32>().unwrap_or(0)).unwrap_or(0);
        if number >= last && (found.is_empty() || number <= last + 5) && !c[2].contains('\t') {
            found.push((i, c[1].to_string(), c[2].trim().to_string()));
        }
    }
    found
}

/// "2.1. Title" after a blank line, in increasing order.
fn numbered_headings(lines: &[Line]) -> Headings {
    let mut found: Headings = Vec::new();
    let mut last: Vec<u32> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trimmed();
        if i > 0 && !lines[i - 1].is_blank() {
            continue;
        }
        let Some(c) = NUMBERED.captures(t) else { continue };
        let title = c[2].trim();
        if title.len() > 120 || title.starts_with(|ch: char| ch.is_lowercase()) {
            continue;
        }
        let key: Vec<u32> = c[1].split('.').filter_map(|p| p.parse().ok()).collect();
        let first_step = last.is_empty() && key.first() == Some(&1);
        if first_step || (!last.is_empty() && key > last && key[0] <= last[0] + 1) {
            last = key;
            found.push((i, c[1].to_string(), title.to_string()));
        }
    }
    found
}

/// Indices of a table of contents: its heading and the entries that follow.
fn contents_range(lines: &[Line]) -> Vec<usize> {
    let Some(start) = lines.iter().position(|l| CONTENTS_HEADING.is_match(l.trimmed())) else {
        return Vec::new();
    };
    let mut range = vec![start];
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let t = line.trimmed();
        if t.is_empty() {
            continue;
        }
        let dot_leader = t.contains("....") || t.contains(". . .");
        if CONTENTS_ENTRY.is_match(t) && (t.contains('\t') || t.starts_with('-') || dot_leader) {
            range.push(i);
        } else {
            break;
        }
    }
    range
}

fn split_headings(lines: Vec<Line>, layout: Layout, headings: fn(&[Line]) -> Headings) -> Split {
    let found = headings(&lines);
    let contents_idx = contents_range(&lines);
    let first = found.first().map(|h| h.0).unwrap_or(lines.len());
    let header: Vec<Line> = lines[..first]
        .iter()
        .enumerate()
        .filter(|(i, _)| !contents_idx.contains(i))
        .map(|(_, l)| l.clone())
        .collect();
    let contents: Vec<Line> = contents_idx.iter().map(|i| lines[*i].clone()).collect();
    let mut items = Vec::new();
    for (k, (start, number, title)) in found.iter().enumerate() {
        let end = found.get(k + 1).map(|h| h.0).unwrap_or(lines.len());
        let mut body_lines = &lines[start + 1..end];
        let mut title = title.clone();
        if title.is_empty() {
            // "§ 97" alone: the title is the next line with text.
            if let Some(pos) = body_lines.iter().position(|l| !l.is_blank()) {
                title = body_lines[pos].trimmed().to_string();
                body_lines = &body_lines[pos + 1..];
            }
        }
        let paragraphs = paragraphs(body_lines);
        let first = items.len();
        if layout == Layout::Paragraphs {
            items.extend(with_sub_items(number, title, paragraphs));
        } else {
            items.push(raw_item(number.clone(), title, paragraphs));
        }
        if let Some(item) = items.get_mut(first) {
            item.line = Some(lines[*start].number);
        }
    }
    Split {
        layout,
        header,
        contents,
        items,
        closing: Vec::new(),
        labels: Vec::new(),
    }
}

/// A § item whose body holds lettered sub-items ("a/ Title" after a blank line) becomes the
/// item followed by one item per letter: "106 a", "106 b".
fn with_sub_items(number: &str, title: String, paragraphs: Vec<Paragraph>) -> Vec<RawItem> {
    let mut items = vec![raw_item(number.to_string(), title, Vec::new())];
    let mut current: Vec<Paragraph> = Vec::new();
    for paragraph in paragraphs {
        if let Some(c) = SUB_ITEM
            .captures(&paragraph.text)
            .filter(|_| paragraph.single_line && paragraph.after_blank)
        {
            let done = std::mem::take(&mut current);
            let last = items.pop().expect("there is always one item");
            items.push(raw_item(last.number, last.title, done));
            items.push(raw_item(
                format!("{number} {}", &c[1]),
                c[2].trim().to_string(),
                Vec::new(),
            ));
        } else {
            current.push(paragraph);
        }
    }
    let last = items.pop().expect("there is always one item");
    items.push(raw_item(last.number, last.title, current));
    items
}

fn raw_item(number: String, title: String, paragraphs: Vec<Paragraph>) -> RawItem {
    let table_caption = paragraphs
        .iter()
        .position(|p| p.text.contains('\t'))
        .and_then(|at| at.checked_sub(1))
        .map(|at| paragraphs[at].text.clone());
    let (table_rows, body): (Vec<_>, Vec<_>) = paragraphs.into_iter().partition(|p| p.text.contains('\t'));
    RawItem {
        number,
        title,
        table_caption,
        body: body.into_iter().map(|p| p.text).collect(),
        table_rows: table_rows.into_iter().map(|p| p.text).collect(),
        ..RawItem::default()
    }
}

/// A paragraph of running text and whether it was one line in the source.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub text: String,
    pub single_line: bool,
    /// A blank line (or the start) came before it.
    pub after_blank: bool,
}

/// Paragraphs of a stretch of lines: blank lines separate them; every list entry, numbered
/// line and table row is its own paragraph; a paragraph broken by a page (furniture between,
/// no full stop before, lower case after) is joined again.
pub fn paragraphs(lines: &[Line]) -> Vec<Paragraph> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[-•*]\s|\d{1,2}[.)]\s|[a-z]/\s)").unwrap());
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    let mut after_blank = true;
    for line in lines {
        let t = line.text.trim_end();
        let trimmed = t.trim();
        if trimmed.is_empty() {
            open = false;
            after_blank = true;
            continue;
        }
        let continues_page = line.after_furniture
            && trimmed.starts_with(|c: char| c.is_lowercase())
            && out.last().is_some_and(|p| !p.text.ends_with(['.', ':', '!', '?']));
        let own = LIST.is_match(trimmed) || t.contains('\t');
        if continues_page || (open && !own && !out.last().is_some_and(|p| p.text.contains('\t'))) {
            let last = out.last_mut().expect("open implies a paragraph");
            last.text.push(' ');
            last.text.push_str(trimmed);
            last.single_line = false;
        } else {
            out.push(Paragraph {
                // Leading tabs are empty cells of a table row and must stay.
                text: if t.contains('\t') {
                    t.trim_matches(' ').to_string()
                } else {
                    trimmed.to_string()
                },
                single_line: true,
                after_blank,
            });
        }
        open = true;
        after_blank = false;
    }
    out
}

/// The three-column table with real cells: "N\ttitle\tnotes\tdecision", continued by rows
/// whose first cell is empty.
fn split_table(lines: Vec<Line>, header_at: usize) -> Split {
    static ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3}(?:\s?[a-z])?)\.?$").unwrap());
    let header = lines[..header_at].to_vec();
    let mut items: Vec<RawItem> = Vec::new();
    let mut closing = Vec::new();
    let mut continues_page = false;
    for line in &lines[header_at + 1..] {
        if line.is_blank() {
            continues_page = true;
            continue;
        }
        if !line.text.contains('\t') {
            closing.push(line.clone());
            continue;
        }
        let cells: Vec<&str> = line.text.split('\t').collect();
        let first = cells[0].trim();
        if let Some(c) = ROW.captures(first) {
            let title_cell = cell_paragraphs(cells.get(1).copied().unwrap_or(""));
            let mut item = RawItem {
                number: c[1].to_string(),
                ..RawItem::default()
            };
            let mut title_parts = title_cell.into_iter();
            item.title = title_parts.next().unwrap_or_default();
            // Further paragraphs in the title cell ("Material tidigare utskickat") are notes.
            item.body = title_parts.collect();
            item.body.extend(cell_paragraphs(cells.get(2).copied().unwrap_or("")));
            item.decision = cell_paragraphs(cells.get(3).copied().unwrap_or(""));
            items.push(item);
        } else if let Some(item) = items.last_mut() {
            append_cell(&mut item.side, cells.get(1).copied().unwrap_or(""), continues_page);
            append_cell(&mut item.body, cells.get(2).copied().unwrap_or(""), continues_page);
            append_cell(&mut item.decision, cells.get(3).copied().unwrap_or(""), continues_page);
        } else {
            closing.push(line.clone());
        }
        continues_page = false;
    }
    Split {
        layout: Layout::Table,
        header,
        contents: Vec::new(),
        items,
        closing,
        labels: vec![lines[header_at].clone()],
    }
}

/// A cell continued on the next page: its first paragraph finishes the last one when that one
/// stopped mid-sentence.
fn append_cell(column: &mut Vec<String>, cell: &str, page_break: bool) {
    let mut parts = cell_paragraphs(cell).into_iter();
    if let Some(first) = parts.next() {
        match column.last_mut() {
            Some(last) if page_break && !last.ends_with(['.', ':', '!', '?']) => {
                last.push(' ');
                last.push_str(&first);
            }
            _ => column.push(first),
        }
    }
    column.extend(parts);
}

/// Text without inline HTML tags and emphasis marks.
pub fn strip_markup(text: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^>]{0,40}>").unwrap());
    TAG.replace_all(text, "").replace("**", "")
}

/// The paragraphs of a table cell: HTML paragraphs (`<p>`) split it; other tags are dropped.
pub fn cell_paragraphs(cell: &str) -> Vec<String> {
    cell.split("</p>")
        .flat_map(|p| p.split("<p>"))
        .map(|p| strip_markup(p).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The same table after PDF extraction: each item starts with "N. title" in the narrow first
/// column; then come its notes as long lines, then the decision as short lines.
fn split_interleaved(lines: Vec<Line>, header_at: usize) -> Split {
    let header = lines[..header_at].to_vec();
    let body = &lines[header_at + 1..];
    let narrow = narrow_column(body);
    let mut starts: Vec<(usize, String, String)> = Vec::new();
    let mut last_number = 0;
    for (i, line) in body.iter().enumerate() {
        let t = line.trimmed();
        let after_blank = i == 0 || body[i - 1].is_blank();
        let Some(c) = INTERLEAVED_ITEM.captures(t) else {
            continue;
        };
        let number: u32 = c[1].parse().unwrap_or(0);
        if after_blank && t.chars().count() <= narrow && number >= last_number.max(1) && number <= last_number + 2 {
            last_number = number;
            let label = match c.get(2) {
                Some(letter) => format!("{} {}", &c[1], letter.as_str().trim()),
                None => format!("{}.", &c[1]),
            };
            starts.push((i, label, c[3].trim().to_string()));
        }
    }
    let mut items = Vec::new();
    for (k, (start, number, first_title)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|s| s.0).unwrap_or(body.len());
        items.push(interleaved_item(number, first_title, &body[start + 1..end], narrow));
    }
    Split {
        layout: Layout::InterleavedTable,
        header,
        contents: Vec::new(),
        items,
        closing: Vec::new(),
        labels: vec![lines[header_at].clone()],
    }
}

/// The widest a line of the table's narrow column gets, from the text's own widths: the wide
/// columns' lines fill most of the page (their 90th percentile in length), the narrow column's
/// stay within three fifths of that.
fn narrow_column(body: &[Line]) -> usize {
    let mut widths: Vec<usize> = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.trimmed().chars().count())
        .collect();
    widths.sort_unstable();
    let wide = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    (wide * 3 / 5).max(16)
}

fn interleaved_item(number: &str, first_title: &str, lines: &[Line], narrow: usize) -> RawItem {
    #[derive(PartialEq, Clone, Copy)]
    enum Column {
        Title,
        Side,
        Notes,
        Decision,
    }
    let mut item = RawItem {
        number: number.to_string(),
        title: first_title.to_string(),
        ..RawItem::default()
    };
    let mut column = Column::Title;
    // Within a column a line of spaces separates paragraphs; an empty line ends a cell.
    let (mut space_break, mut empty_break) = (false, false);
    for line in lines {
        if line.text.is_empty() {
            empty_break = true;
            continue;
        }
        if line.is_blank() {
            space_break = true;
            continue;
        }
        let t = line.trimmed();
        let long = t.chars().count() > narrow;
        let no_break = !space_break && !empty_break;
        let lowercase = t.starts_with(|c: char| c.is_lowercase());
        let next = if long || (column == Column::Notes && (no_break || !empty_break)) {
            // A long line is notes; so is the short last line of a notes paragraph, and a short
            // paragraph that follows notes within the same cell.
            Column::Notes
        } else {
            match column {
                // The title goes on until a presenter, an attachment or a marker; after a break
                // only a line in lower case still continues it ("demens –").
                Column::Title if (no_break || lowercase) && !looks_like_side(t) => Column::Title,
                Column::Title | Column::Side if looks_like_side(t) || (column == Column::Side && no_break) => {
                    Column::Side
                }
                Column::Title | Column::Side if item.body.is_empty() => Column::Notes,
                _ => Column::Decision,
            }
        };
        match next {
            Column::Title => item.title = join(&item.title, t),
            _ => {
                let target = match next {
                    Column::Side => &mut item.side,
                    Column::Notes => &mut item.body,
                    _ => &mut item.decision,
                };
                static LIST_ENTRY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\d{1,2}\.\s|[-•]\s)").unwrap());
                let joins = next == column
                    && !space_break
                    && !LIST_ENTRY.is_match(t)
                    && (no_break || target.last().is_some_and(|last| continues(last, t)));
                match target.last_mut() {
                    Some(last) if joins => *last = join(last, t),
                    _ => target.push(t.to_string()),
                }
            }
        }
        column = next;
        space_break = false;
        empty_break = false;
    }
    item
}

fn looks_like_side(t: &str) -> bool {
    t.starts_with("Bilaga") || t.starts_with("Bordlagt") || is_person_name(t)
}

/// Two or three capitalised words: "Märta Sjöberg", "Britt Inger Högberg".
pub fn is_person_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_alphabetic() || c == '-')
                && w.chars().skip(1).any(char::is_lowercase)
        })
}

/// Whether a short line continues the paragraph before it rather than starting a new one.
fn continues(previous: &str, next: &str) -> bool {
    !previous.ends_with(['.', '!', '?']) || next.starts_with(|c: char| c.is_lowercase())
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a} {b}")
    }
}

fn split_unknown(lines: Vec<Line>) -> Split {
    let paragraphs = paragraphs(&lines);
    let items = if paragraphs.is_empty() {
        Vec::new()
    } else {
        vec![raw_item("1".into(), "Importerad text".into(), paragraphs)]
    };
    Split {
        layout: Layout::Unknown,
        header: Vec::new(),
        contents: Vec::new(),
        items,
        closing: Vec::new(),
        labels: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                number: i + 1,
                text: t.to_string(),
                after_furniture: false,
            })
            .collect()
    }

    #[test]
    fn paragraph_headings_never_go_back() {
        let found = paragraph_headings(&lines(
            "§ 97\nGodkännande\n§ 98\nFöregående\n§86 Logopedi: kommentar\n§ 99 Titel\n59 § 99 Igen\n",
        ));
        let numbers: Vec<_> = found.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(numbers, ["97", "98", "99", "99"]);
    }

    #[test]
    fn numbered_headings_skip_lists_inside_items() {
        let found = numbered_headings(&lines(
            "1. Föregående protokoll\n\n2. Hemsjukvård\n\n2.1. Status\n\n1. en punkt i en lista\n\n2.2. Utvärdering\n\n3. Analys\n",
        ));
        let numbers: Vec<_> = found.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "2.1", "2.2", "3"]);
    }

    #[test]
    fn table_cells_split_on_html_paragraphs() {
        assert_eq!(
            cell_paragraphs("<p>Ett <i>två</i>.</p> <p>Tre</p>"),
            vec!["Ett två.".to_string(), "Tre".to_string()]
        );
    }
}
