//! The general protocol reader: reads any protocol that follows the conventions of Swedish
//! protocols (the labels of a head, § headings with or without the body's prefix, numbered
//! headings, numbers in running text), whatever file it came from.
//!
//! [`labels`] splits the head into labelled segments, [`names`] finds persons in them,
//! [`head`] reads the fields, and [`items`] finds the item headings (leaving out a list of items
//! at the front) and splits each item into notes, decision and distribution.

pub mod head;
pub mod items;
pub mod labels;
pub mod names;
pub mod proceedings;

use crate::furniture::SourceLine;
use crate::header::Header;
use crate::layout::{Layout, Line, RawItem, Split};

/// Splits a line at its first wide gap when the part after it begins with a label.
fn split_column(text: &str) -> (&str, Option<&str>) {
    static GAP: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\S(\s{3,})\S").unwrap());
    if let Some(c) = GAP.captures(text) {
        let gap = c.get(1).unwrap();
        let right = &text[gap.end()..];
        if labels::segments(right).first().is_some_and(|s| s.label_start == 0) {
            return (&text[..gap.start()], Some(right));
        }
    }
    (text, None)
}

/// What the general reader made of a text.
pub struct Reading {
    pub header: Header,
    pub split: Split,
}

/// Reads the content lines; `marked` (all source lines, furniture included) gives the head,
/// whose running headers often carry the body and the date.
pub fn read(marked: &[SourceLine], lines: Vec<Line>) -> Reading {
    let headings = items::headings(&lines);
    let first = headings.first();
    let head_end_line = first.map(|h| lines[h.line].number);
    let mut head_text = String::new();
    // Where each content line (not furniture) of the head stands in the head text.
    let mut head_lines: Vec<std::ops::Range<usize>> = Vec::new();
    // A second column that begins with a label of its own (a page header beside the attendance)
    // is read after the first, so that it does not cut the list beside it.
    let mut side: Vec<(bool, String)> = Vec::new();
    for line in marked {
        if head_end_line.is_some_and(|end| line.number >= end) {
            break;
        }
        let text = line.text.replace('\u{a0}', " ");
        let (main, right) = split_column(&text);
        let start = head_text.len();
        head_text.push_str(main);
        if line.furniture.is_none() {
            head_lines.push(start..head_text.len());
        }
        head_text.push('\n');
        if let Some(right) = right {
            side.push((line.furniture.is_none(), right.to_string()));
        }
    }
    head_text.push('\n');
    for (content, text) in side {
        let start = head_text.len();
        head_text.push_str(&text);
        if content {
            head_lines.push(start..head_text.len());
        }
        head_text.push('\n');
    }
    if let Some(h) = first {
        let line = &lines[h.line];
        if h.at > 0 && line.text.is_char_boundary(h.at) {
            let start = head_text.len();
            head_text.push_str(&line.text[..h.at]);
            head_lines.push(start..head_text.len());
        }
    }
    let read = head::read(&head_text);
    let mut header = read.header;
    // Head lines nothing was read from are kept, verbatim, as the protocol's remarks.
    for range in &head_lines {
        let text = head_text[range.clone()].trim();
        if text.is_empty() {
            continue;
        }
        let placed: usize = read
            .placed
            .iter()
            .map(|p| p.end.min(range.end).saturating_sub(p.start.max(range.start)))
            .sum();
        if placed * 2 < text.len() {
            header.remarks.push(text.to_string());
        } else {
            header.consumed.push(text.to_string());
        }
    }

    let mut raw_items: Vec<RawItem> = Vec::new();
    for (k, h) in headings.iter().enumerate() {
        let text = items::item_text(&lines, h, headings.get(k + 1));
        if h.continuation {
            if let Some(last) = raw_items.last_mut() {
                let more = items::raw_item(String::new(), String::new(), &text);
                last.body.extend(more.body);
                last.decision.extend(more.decision);
                last.distribution.extend(more.distribution);
                continue;
            }
        }
        let number = h.number.clone().unwrap_or_default();
        let mut raw = items::raw_item(number, h.title.clone(), &text);
        raw.line = Some(lines[h.line].number);
        raw_items.push(raw);
    }
    if header.short_name.is_none() {
        // The prefix the headings carry ("SN § 34") is the body's short name.
        let mut prefixes: Vec<&str> = headings.iter().filter_map(|h| h.prefix.as_deref()).collect();
        prefixes.sort_unstable();
        let most = prefixes
            .chunk_by(|a, b| a == b)
            .max_by_key(|c| c.len())
            .and_then(|c| c.first().copied());
        header.short_name = most.map(str::to_string);
    }
    Reading {
        header,
        split: Split {
            layout: Layout::General,
            header: Vec::new(),
            contents: Vec::new(),
            items: raw_items,
            closing: Vec::new(),
            labels: Vec::new(),
        },
    }
}
