//! Item headings and their content: `§ 12` / `KS § 12` / `SN 13` / `1.` / a bare number in
//! running text, a list of items at the front that is not the items, continuations (`(fort.)`),
//! and an item's parts (notes, decision, distribution) by their sub-headings.

use std::sync::LazyLock;

use regex::Regex;

use super::proceedings::{Kind, Reader};
use crate::layout::{Line, RawItem};

/// An item heading: where it stands and what it says.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Index of the line it stands on, and the byte where it begins there.
    pub line: usize,
    pub at: usize,
    pub number: Option<String>,
    pub prefix: Option<String>,
    pub title: String,
    /// The line and byte after the title, where the item's text begins.
    pub body_line: usize,
    pub body_at: usize,
    pub continuation: bool,
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•*·▪-]\s*)?(?:([A-ZÅÄÖ]{1,6}|[A-ZÅÄÖ][a-zåäö]{1,2})\s+)?§\s*(\d{1,4})(\s?[a-z]\b)?\s*(.*)$")
        .unwrap()
});
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•*·▪-]\s*)?([A-ZÅÄÖ]{2,6}|[A-ZÅÄÖ][a-zåäö])\s+(\d{1,4})\s+(\p{Lu}.*)$").unwrap()
});
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•*·▪-]\s*)?(\d{1,2}(?:\.\d{1,2})*)\.\s+(\p{Lu}.{2,})$").unwrap());
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•*·▪-]\s*)?(\d{1,3})\s+(\p{Lu}\p{Ll}.{2,})$").unwrap());
/// A number in running text followed by a title ("… 188 Fastställande av …"), or by a Dnr.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:[A-ZÅÄÖ]{2,6}\s+|§\s*)?(\d{1,4})\.?\s+(?:(?:D\s?nr|Dnr|D)\.?\s+[\w/.:-]*\d[\w/.:-]*\s+)?(\p{Lu}\p{Ll}+)").unwrap()
});
/// A diarienummer at the end of a heading line or on its own line.
static DNR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s{2,}|\s)(?:dnr|d\s?nr|diarienr|diarienummer)\.?:?\s*\S+.*$|\s{2,}[A-ZÅÄÖ]{1,6}[/ ]?\d{2,4}[:/.-]\d+\S*\s*$").unwrap()
});
/// A line that only holds a diarienummer ("SN/2023:152", "KS KF/2022:7", "Dnr 2019/12"), a page
/// number, or an identifier stamp: never a title.
static DNR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:dnr|d\s?nr|diarienr|diarienummer)\b|^(?:[A-ZÅÄÖ]{1,6}[ /])*[A-ZÅÄÖ]{0,6}[/ ]?\d{2,4}[:/.-]\d+\S*$|^sida\s+\d+|^\d+\s*\(\d+\)$|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}").unwrap()
});
/// A line of a table of contents: dot leaders or a page number at the end.
static CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\.{3,}|…+|_{3,})\s*\d*\s*$").unwrap());
static CONTENTS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:innehållsförteckning|ärendeförteckning|ärendelista|föredragningslista|dagordning|register|förteckning över ärenden)\s*:?$").unwrap()
});

/// Sub-headings inside an item, and the part of the item they begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Notes,
    Decision,
    Distribution,
    Proceedings(Kind),
}

const SUB_HEADINGS: &[(&str, Part)] = &[
    ("Ärendebeskrivning", Part::Notes),
    ("Ärendet", Part::Notes),
    ("Bakgrund", Part::Notes),
    ("Sammanfattning", Part::Notes),
    ("Beslutsunderlag", Part::Proceedings(Kind::Basis)),
    ("Handlingar", Part::Proceedings(Kind::Basis)),
    ("Förslag till beslut", Part::Notes),
    ("Förvaltningens förslag", Part::Notes),
    ("Förvaltningens förslag till beslut", Part::Notes),
    ("Arbetsutskottets förslag", Part::Notes),
    ("Arbetsutskottets förslag till beslut", Part::Notes),
    ("Yrkanden", Part::Proceedings(Kind::Motions)),
    ("Yrkande", Part::Proceedings(Kind::Motions)),
    ("Överläggning", Part::Proceedings(Kind::Motions)),
    ("Beslutsgång", Part::Proceedings(Kind::Procedure)),
    ("Propositionsordning", Part::Proceedings(Kind::Procedure)),
    ("Omröstning", Part::Proceedings(Kind::Votes)),
    ("Votering", Part::Proceedings(Kind::Votes)),
    ("Omröstningsresultat", Part::Proceedings(Kind::Votes)),
    ("Reservation", Part::Proceedings(Kind::Reservations)),
    ("Reservationer", Part::Proceedings(Kind::Reservations)),
    ("Protokollsanteckning", Part::Proceedings(Kind::ProtocolNotes)),
    ("Protokollsanteckningar", Part::Proceedings(Kind::ProtocolNotes)),
    ("Jäv", Part::Proceedings(Kind::Disqualified)),
    ("Anmälan om jäv", Part::Proceedings(Kind::Disqualified)),
    ("Voteringsresultat", Part::Proceedings(Kind::Votes)),
    ("Särskilt yttrande", Part::Proceedings(Kind::ProtocolNotes)),
    ("Särskilda yttranden", Part::Proceedings(Kind::ProtocolNotes)),
    ("Information", Part::Notes),
    ("Beslut", Part::Decision),
    ("Beslutet", Part::Decision),
    ("Beslutar", Part::Decision),
    ("Beslutet expedieras till", Part::Distribution),
    ("Beslutet skickas till", Part::Distribution),
    ("Expedieras till", Part::Distribution),
    ("Expediering", Part::Distribution),
    ("Protokollet ska skickas till", Part::Distribution),
    ("Skickas till", Part::Distribution),
    ("Sändlista", Part::Distribution),
];

/// The part a line begins when it is a sub-heading ("Beslut:", "Ärendebeskrivning").
pub fn sub_heading(line: &str) -> Option<Part> {
    // A stamp in a far column ("Ärendebeskrivning      Document reference: …") is not the heading's.
    let t = line.trim();
    let t = t.split("   ").next().unwrap_or(t);
    let t = t.trim().trim_end_matches(':').trim();
    SUB_HEADINGS
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(t))
        .map(|(_, p)| *p)
}

/// Body text of a heading's line after the number: the title with a trailing Dnr removed.
fn clean_title(rest: &str) -> String {
    if DNR_LINE.is_match(rest.trim()) {
        return String::new();
    }
    let rest = DNR.replace(rest, "");
    rest.trim().trim_matches(['-', '–', ':']).trim().to_string()
}

/// How a heading line is written, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "§ 12", "KS § 12", or "SN 13" with the body's prefix.
    Section,
    /// "1.", "2.1."
    Numbered,
    /// "12 Title"
    Bare,
}

/// All item headings in `lines`, the list at the front and continuations left out.
pub fn headings(lines: &[Line]) -> Vec<Heading> {
    let contents = contents_lines(lines);
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if contents[i] || line.text.chars().count() > 250 {
            continue;
        }
        let t = line.trimmed();
        let at = line.text.len() - line.text.trim_start().len();
        if let Some(c) = SECTION.captures(t) {
            let rest = c.get(4).map_or("", |m| m.as_str());
            let sub = c.get(3).map(|m| m.as_str().trim().to_string());
            let number = match sub {
                Some(s) => format!("{} {s}", &c[2]),
                None => c[2].to_string(),
            };
            found.push((
                Form::Section,
                line_heading(
                    lines,
                    i,
                    at,
                    Some(number),
                    c.get(1).map(|m| m.as_str().to_string()),
                    rest,
                ),
            ));
        } else if let Some(c) = PREFIXED.captures(t) {
            found.push((
                Form::Section,
                line_heading(lines, i, at, Some(c[2].to_string()), Some(c[1].to_string()), &c[3]),
            ));
        } else if let Some(c) = NUMBERED.captures(t) {
            found.push((
                Form::Numbered,
                line_heading(lines, i, at, Some(c[1].to_string()), None, &c[2]),
            ));
        } else if let Some(c) = BARE.captures(t) {
            found.push((
                Form::Bare,
                line_heading(lines, i, at, Some(c[1].to_string()), None, &c[2]),
            ));
        }
    }
    // The strongest form present decides: one § heading is enough, the weaker forms need two.
    let chosen = [Form::Section, Form::Numbered, Form::Bare].into_iter().find(|form| {
        let count = found.iter().filter(|(f, _)| f == form).count();
        count >= if *form == Form::Section { 1 } else { 2 }
    });
    let mut headings: Vec<Heading> = found
        .into_iter()
        .filter(|(form, _)| Some(*form) == chosen)
        .map(|(_, h)| h)
        .collect();
    headings.extend(inline_headings(lines, &headings));
    headings.sort_by_key(|h| (h.line, h.at));
    let headings = ordered(headings);
    drop_lists(lines, headings)
}

/// A heading that stands at the start of line `i`; its title is the rest of the line or, when
/// that is empty or a Dnr, the next line of text.
fn line_heading(
    lines: &[Line],
    i: usize,
    at: usize,
    number: Option<String>,
    prefix: Option<String>,
    rest: &str,
) -> Heading {
    let continuation = rest.trim_start().starts_with("(fort");
    let mut title = clean_title(rest);
    let mut body_line = i + 1;
    if title.is_empty() || continuation {
        let mut j = i + 1;
        while j < lines.len() && j <= i + 4 {
            let t = lines[j].trimmed().trim_start_matches(['•', '*', '·']).trim();
            if t.is_empty() || DNR_LINE.is_match(t) {
                j += 1;
                continue;
            }
            if !continuation && sub_heading(t).is_none() && !SECTION.is_match(t) {
                title = clean_title(t);
                body_line = j + 1;
            }
            break;
        }
    }
    // A long title wraps onto the next line when it ends mid-phrase.
    if !title.is_empty() && body_line < lines.len() {
        let next = lines[body_line].trimmed();
        let mid_phrase = title.ends_with('-')
            || title.rsplit(' ').next().is_some_and(|w| {
                [
                    "och", "av", "för", "samt", "i", "till", "om", "med", "på", "inom", "mellan",
                ]
                .contains(&w)
            });
        if !next.is_empty()
            && sub_heading(next).is_none()
            && next.chars().count() < 90
            && (mid_phrase || (title.chars().count() > 45 && next.starts_with(|c: char| c.is_lowercase())))
        {
            title = if title.ends_with('-') {
                format!("{title}{next}")
            } else {
                format!("{title} {next}")
            };
            body_line += 1;
        }
    }
    Heading {
        line: i,
        at,
        number,
        prefix,
        title,
        body_line,
        body_at: 0,
        continuation,
    }
}

/// Headings inside long lines (one paragraph per page): numbers followed by a title, kept where
/// they form an ascending sequence.
fn inline_headings(lines: &[Line], line_headings: &[Heading]) -> Vec<Heading> {
    if line_headings.len() >= 2 {
        return Vec::new();
    }
    let mut candidates: Vec<(usize, usize, u32, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.text.chars().count() <= 250 {
            continue;
        }
        for c in INLINE.captures_iter(&line.text) {
            let n = c.get(1).unwrap();
            let Ok(number) = n.as_str().parse::<u32>() else {
                continue;
            };
            if number == 0 || (1900..2100).contains(&number) {
                continue;
            }
            // The number that opens a page's paragraph is the page's.
            if line.text[..n.start()].trim().is_empty() {
                continue;
            }
            let whole = c.get(0).unwrap();
            let at = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
            candidates.push((i, at, number, c.get(2).unwrap().start()));
        }
    }
    // Longest chain of numbers rising by one or two; among equals the closest predecessor.
    let n = candidates.len();
    let mut best: Vec<(usize, Option<usize>)> = vec![(1, None); n];
    for b in 0..n {
        for a in (0..b).rev() {
            let (na, nb) = (candidates[a].2, candidates[b].2);
            if nb > na && nb <= na + 2 && best[a].0 + 1 > best[b].0 {
                best[b] = (best[a].0 + 1, Some(a));
            }
        }
    }
    let Some(end) = (0..n).max_by_key(|k| (best[*k].0, *k)) else {
        return Vec::new();
    };
    if best[end].0 < 2 && !candidates[end].3.eq(&0) && line_headings.is_empty() {
        // A single number is an item only when a Dnr or a § stands by it.
        let (i, at, _, title_at) = candidates[end];
        let heading = &lines[i].text[at..title_at];
        let prefixed = heading.starts_with(|c: char| c.is_uppercase());
        if !heading.contains("nr") && !heading.contains('§') && !prefixed {
            return Vec::new();
        }
    }
    let mut chain = Vec::new();
    let mut k = Some(end);
    while let Some(x) = k {
        chain.push(candidates[x]);
        k = best[x].1;
    }
    chain.reverse();
    chain
        .into_iter()
        .map(|(i, at, number, title_at)| {
            let text = &lines[i].text;
            let (title, end) = inline_title(text, title_at);
            Heading {
                line: i,
                at,
                number: Some(number.to_string()),
                prefix: None,
                title,
                body_line: i,
                body_at: end,
                continuation: false,
            }
        })
        .collect()
}

/// The title of a heading in running text: its words up to the first that begins a sentence
/// (a capital after a lower-case word that is not a preposition), a numbered point, or 14 words.
fn inline_title(text: &str, from: usize) -> (String, usize) {
    const BEFORE_NAMES: &[&str] = &[
        "i", "för", "av", "till", "om", "och", "med", "på", "inom", "mellan", "från", "hos", "vid",
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut end = from;
    let mut offset = from;
    for w in text[from..].split(' ') {
        let start = offset;
        offset += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        if words.len() >= 14 {
            break;
        }
        if let Some(prev) = words.last() {
            let capital = w.starts_with(|c: char| c.is_uppercase());
            let prev_lower = prev.starts_with(|c: char| c.is_lowercase());
            // An adjective before a capital ("den gemensamma Hjälpmedelsnämnden") keeps the phrase.
            let adjective = ["iga", "ska", "mma", "ala", "ella", "ära", "nska"]
                .iter()
                .any(|e| prev.ends_with(e));
            if capital && prev_lower && !BEFORE_NAMES.contains(prev) && !adjective && words.len() >= 2 {
                break;
            }
            // A word in capitals is a sub-heading; "att" after a noun phrase begins a sentence.
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) {
                break;
            }
            if w == "att" && words.len() >= 2 {
                break;
            }
            if w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) && w.ends_with('.') {
                break;
            }
        }
        words.push(w);
        end = start + w.len();
        if w.ends_with(['.', ':']) && words.len() >= 2 {
            break;
        }
    }
    let title = words.join(" ").trim_end_matches(['.', ':']).to_string();
    (title, end.min(text.len()))
}

/// Numbers never go back, except where a list at the front is followed by the items: then the
/// repeated numbers' first occurrences are the list.
fn ordered(headings: Vec<Heading>) -> Vec<Heading> {
    let value = |h: &Heading| -> u32 {
        h.number
            .as_deref()
            .and_then(|n| n.split(['.', ' ']).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    // A number seen again later (not as a continuation): the first one was in a list.
    let mut keep = vec![true; headings.len()];
    for (a, h) in headings.iter().enumerate() {
        if headings[a + 1..]
            .iter()
            .any(|later| !later.continuation && later.number == h.number && later.number.is_some())
            && !h.continuation
        {
            keep[a] = false;
        }
    }
    let mut out: Vec<Heading> = Vec::new();
    for (h, k) in headings.into_iter().zip(keep) {
        if !k {
            continue;
        }
        let last = out.iter().rev().find(|o| !o.continuation).map(value);
        if let Some(last) = last {
            let v = value(&h);
            if v < last && !h.continuation {
                continue;
            }
        }
        out.push(h);
    }
    out
}

/// Headings with nothing under them, two or more in a row, are a list of items (an agenda or
/// register), not the items; the last heading may be cut by the end of an excerpt.
fn drop_lists(lines: &[Line], headings: Vec<Heading>) -> Vec<Heading> {
    let empty: Vec<bool> = (0..headings.len())
        .map(|k| {
            !under(lines, &headings[k], headings.get(k + 1)).any(|t| {
                let t = t.trim();
                t.chars().filter(|c| c.is_alphabetic()).count() > 3 && !DNR_LINE.is_match(t)
            })
        })
        .collect();
    let last = headings.len().saturating_sub(1);
    headings
        .into_iter()
        .enumerate()
        .filter(|(k, _)| {
            let listed =
                empty[*k] && (k.checked_sub(1).is_some_and(|p| empty[p]) || empty.get(k + 1).copied().unwrap_or(false));
            !listed || (*k == last && !empty.get(k.wrapping_sub(1)).copied().unwrap_or(false))
        })
        .map(|(_, h)| h)
        .collect()
}

/// Lines of a table of contents: dot leaders, or the entries under a contents label up to the
/// first blank-separated line that is not an entry.
fn contents_lines(lines: &[Line]) -> Vec<bool> {
    let entry = |t: &str| SECTION.is_match(t) || NUMBERED.is_match(t) || BARE.is_match(t);
    let leader = |t: &str| CONTENTS_LINE.is_match(t) && t.chars().any(|c| c.is_alphanumeric());
    let mut out = vec![false; lines.len()];
    let mut in_list = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trimmed();
        if CONTENTS_LABEL.is_match(t) {
            in_list = true;
            out[i] = true;
            continue;
        }
        if leader(t) {
            out[i] = true;
            continue;
        }
        // An entry that wraps: its page number stands on the next line of text.
        if entry(t) {
            let next = lines[i + 1..].iter().map(Line::trimmed).find(|n| !n.is_empty());
            if next.is_some_and(|n| leader(n) && !entry(n)) {
                out[i] = true;
                continue;
            }
        }
        if in_list {
            if t.is_empty() {
                continue;
            }
            if entry(t) || t.starts_with(['-', '•']) {
                out[i] = true;
            } else {
                in_list = false;
            }
        }
    }
    out
}

/// The text under a heading, line by line: from its body to the next heading.
fn under<'a>(lines: &'a [Line], h: &Heading, next: Option<&Heading>) -> impl Iterator<Item = &'a str> + 'a {
    let (from_line, from_at) = (h.body_line, h.body_at);
    let (to_line, to_at) = next.map_or((lines.len(), 0), |n| (n.line, n.at));
    lines
        .iter()
        .enumerate()
        .skip(from_line)
        .take_while(move |(i, _)| *i <= to_line)
        .filter_map(move |(i, line)| {
            let text = &line.text;
            let start = if i == from_line { from_at.min(text.len()) } else { 0 };
            let end = if i == to_line {
                to_at.min(text.len())
            } else {
                text.len()
            };
            (start <= end && text.is_char_boundary(start) && text.is_char_boundary(end)).then(|| &text[start..end])
        })
}

/// The text of an item: from its heading's body to the next heading.
pub fn item_text(lines: &[Line], h: &Heading, next: Option<&Heading>) -> Vec<String> {
    under(lines, h, next).map(str::to_string).collect()
}

static ATT_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:,|;|\s)\s*(?:samt\s+|och\s+)?(?:att)\s").unwrap());
static DECIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\p{Lu}][\p{L}-]*(?:\s+[\p{L}-]+){0,4}\s+)(?:beslutar|beslutade|beslöt)\b(.*)$").unwrap()
});

/// Reads an item's lines into notes, decision and distribution by its sub-headings.
pub fn raw_item(number: String, title: String, text: &[String]) -> RawItem {
    let mut item = RawItem {
        number,
        title,
        plain_notes: true,
        ..RawItem::default()
    };
    let mut part = Part::Notes;
    let mut paragraph: Vec<String> = Vec::new();
    let mut paragraphs: Vec<(Part, String)> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, paragraphs: &mut Vec<(Part, String)>, part: Part| {
        if !paragraph.is_empty() {
            paragraphs.push((part, paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in text {
        let t = line.trim();
        if t.is_empty() || t.chars().all(|c| matches!(c, '_' | '-' | '–' | '.' | ' ')) {
            flush(&mut paragraph, &mut paragraphs, part);
            continue;
        }
        if let Some(p) = sub_heading(t) {
            flush(&mut paragraph, &mut paragraphs, part);
            part = p;
            paragraphs.push((Part::Notes, format!("\u{1}{t}")));
            continue;
        }
        // A dash or bullet starts a new point; an indented line after one continues it.
        if t.starts_with(['-', '–', '•', '*']) {
            flush(&mut paragraph, &mut paragraphs, part);
        }
        paragraph.push(t.to_string());
    }
    flush(&mut paragraph, &mut paragraphs, part);

    let mut proceedings = Reader::default();
    for (part, p) in paragraphs {
        if let Some(heading) = p.strip_prefix('\u{1}') {
            // Sub-headings stay in the notes as the structure a reader sees, except "Beslut"
            // and the proceedings, which their own fields stand for.
            if matches!(sub_heading(heading), Some(Part::Notes | Part::Distribution)) {
                item.body.push(heading.to_string());
            }
            continue;
        }
        match part {
            Part::Proceedings(kind) if proceedings.under_heading(kind, &p) => {}
            Part::Proceedings(_) => item.body.push(p),
            Part::Decision | Part::Notes if proceedings.in_notes(&p) => {}
            Part::Decision => decision_paragraph(&mut item, &p),
            Part::Distribution if p.chars().count() <= 120 => item.distribution.push(p),
            Part::Distribution => item.body.push(p),
            Part::Notes => {
                if !item.decision.is_empty() && p.starts_with("att ") {
                    item.decision.push(p);
                } else if DECIDES.is_match(&p) && !p.contains("föreslå") && p.chars().count() < 2000 {
                    decision_paragraph(&mut item, &p);
                } else {
                    item.body.push(p);
                }
            }
        }
    }
    item.proceedings = proceedings.proceedings;
    item
}

/// A paragraph of a decision: a preamble ("Nämnden beslutar följande:"), a dashed point, or a
/// sentence with one or more "att" clauses.
fn decision_paragraph(item: &mut RawItem, p: &str) {
    let point = p.trim_start_matches(['-', '–', '•', '*']).trim();
    if p.starts_with(['-', '–', '•', '*']) {
        item.decision.push(point.to_string());
        return;
    }
    if p.ends_with(':') && item.decision_preamble.is_none() && p.chars().count() < 200 {
        item.decision_preamble = Some(p.to_string());
        return;
    }
    if let Some(at) = p.find(" att ").filter(|_| DECIDES.is_match(p) || p.contains("besluta")) {
        let (head, rest) = p.split_at(at);
        let rest = rest.trim_start();
        if item.decision_preamble.is_none() {
            item.decision_preamble = Some(head.trim().to_string());
        } else {
            item.body.push(head.trim().to_string());
        }
        let mut starts: Vec<usize> = vec![0];
        starts.extend(ATT_CLAUSE.find_iter(rest).map(|m| m.start()).filter(|s| *s > 0));
        starts.push(rest.len());
        for pair in starts.windows(2) {
            let clause = rest[pair[0]..pair[1]].trim().trim_start_matches([',', ';']).trim();
            if !clause.is_empty() {
                item.decision.push(clause.to_string());
            }
        }
        return;
    }
    item.decision.push(point.to_string());
}

/// Items that begin where a reviewer said: at the content lines with the given source line
/// numbers. Each start's number and title are read from its line as a heading would be; a line
/// without a number takes the one after the previous item's. A number that names no line is
/// skipped.
pub fn items_at(lines: &[Line], starts: &[usize]) -> Vec<RawItem> {
    let mut at: Vec<usize> = starts
        .iter()
        .take(crate::corrections::MAX_ITEM_STARTS)
        .filter_map(|n| lines.iter().position(|l| l.number == *n))
        .collect();
    at.sort_unstable();
    at.dedup();
    let mut items = Vec::new();
    let mut last_number = 0u32;
    for (k, &i) in at.iter().enumerate() {
        let end = at.get(k + 1).copied().unwrap_or(lines.len());
        let t = lines[i].trimmed();
        let numbered = SECTION
            .captures(t)
            .map(|c| (c.get(2).map(|m| m.as_str()), c.get(4).map_or("", |m| m.as_str())))
            .or_else(|| {
                PREFIXED
                    .captures(t)
                    .map(|c| (c.get(2).map(|m| m.as_str()), c.get(3).map_or("", |m| m.as_str())))
            })
            .or_else(|| {
                NUMBERED
                    .captures(t)
                    .map(|c| (c.get(1).map(|m| m.as_str()), c.get(2).map_or("", |m| m.as_str())))
            });
        let (number, heading) = match numbered {
            Some((Some(number), rest)) => {
                let h = line_heading(&lines[..end], i, 0, Some(number.to_string()), None, rest);
                (number.to_string(), h)
            }
            _ => {
                let number = (last_number + 1).to_string();
                let h = line_heading(&lines[..end], i, 0, Some(number.clone()), None, t);
                (number, h)
            }
        };
        last_number = number
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(last_number + 1);
        let text: Vec<String> = lines[heading.body_line.min(end)..end]
            .iter()
            .map(|l| l.text.clone())
            .collect();
        let mut raw = raw_item(number, heading.title, &text);
        raw.line = Some(lines[i].number);
        items.push(raw);
    }
    items
}
