//! The protocol's head: body, date, time and place, who attended (with organisation, role and
//! partial presence), who was away, the secretary, the adjusters and the adjustment.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;
use samverkan_domain::{Adjuster, AdjusterRole, Attendance, AttendanceStatus, Presence, Role};

use crate::dates;
use crate::layout::{is_person_name, Line};

/// What the head of a protocol says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub body_name: Option<String>,
    pub short_name: Option<String>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: Option<String>,
    pub video_link: Option<String>,
    pub attendance: Vec<Attendance>,
    pub secretary: Option<String>,
    pub adjusters: Vec<Adjuster>,
    pub adjustment_place: Option<String>,
    pub adjustment_date: Option<NaiveDate>,
    /// "Bilaga 3 (§ 51): title" from a list of attachments: (item number, label, title).
    pub attachments: Vec<(String, String, String)>,
    /// "Paragrafer 44-61" as written.
    pub paragraph_range: Option<String>,
    /// Lines of the head that fit no field, kept verbatim.
    pub remarks: Vec<String>,
    /// Labels and the raw text of values read into typed fields (for the fidelity count).
    pub consumed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    None,
    Voting,
    Others,
    Absent,
    Signatures,
}

/// The second line of a label wrapped in a narrow column ("Plats" / "och tid").
static LABEL_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^och\s+(?:tid|plats|datum)$").unwrap());
/// "Tid och plats för sammanträdet: …": the label's own words, not the place.
static FOR_THE_MEETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^för\s+(?:sammanträdet|mötet|sammankomsten)\s*:?").unwrap());
static PROTOKOLL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Protokoll,?\s+(.+)$").unwrap());
static NAME_WITH_SHORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.{3,80}?)\s*\(([A-ZÅÄÖ]{2,10})\)").unwrap());
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(Bilaga\s+\d+)\s*\(§\s*(\d+)\):\s*(.+)$").unwrap());
static ITEM_REFS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:,\s*)?\s*(§§?\s*\d+(?:\s*-\s*\d+)?)\s*$").unwrap());
static EXCEPT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ej\s+punkt(?:en)?\s+(.+)$").unwrap());
/// Labels of the head that may stand in their own table cell, the value in the next.
const FIELD_LABELS: [&str; 9] = [
    "Tid",
    "Plats",
    "Tid och plats",
    "Lokal",
    "Videolänk",
    "Utses att justera",
    "Justeringens plats och tid",
    "Justeringens plats",
    "Sekreterare",
];

static ITEMS_RANGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\d{4}\s*)?Ärende:?\s*\d+\s*-\s*\d+$").unwrap());
static ROLE_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(vice ordförande|ordförande|sekreterare|justerande|justerare)$").unwrap());

/// Reads the head lines, then the closing signatures.
pub fn read(lines: &[Line], closing: &[Line]) -> Header {
    let mut h = read_head(lines);
    read_closing(&mut h, closing);
    h
}

/// The closing block: names with the role under (or beside) them, a signature statement.
fn read_closing(h: &mut Header, lines: &[Line]) {
    let mut pending: Option<String> = None;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let t = clean(line.trimmed());
        let lower = t.to_lowercase();
        let role = [
            "vice ordförande",
            "ordförande",
            "sekreterare",
            "justerande",
            "justerare",
        ]
        .into_iter()
        .find(|r| lower.starts_with(r));
        match (role, pending.take()) {
            (Some(role), Some(name)) => {
                sign(h, role, &name);
                h.consumed.push(name.clone());
                let rest = t[role.len()..].trim();
                if is_person_name(rest) {
                    pending = Some(rest.to_string());
                    h.consumed.push(format!("{role} {rest}"));
                } else if !rest.is_empty() {
                    h.remarks.push(format!("{name}, {t}"));
                } else {
                    h.consumed.push(t.clone());
                }
            }
            (None, Some(name)) => h.remarks.push(format!("{name}, {t}")),
            (_, None) if is_person_name(&t) => pending = Some(t),
            _ => h.remarks.push(t),
        }
    }
    if let Some(name) = pending {
        h.remarks.push(name);
    }
}

fn read_head(lines: &[Line]) -> Header {
    let closing: &[Line] = &[];
    let mut h = Header::default();
    let mut section = Section::None;
    let mut pending_role: Option<&str> = None;
    let mut last_name: Option<String> = None;
    let mut i = 0;
    // A row of cells that is not an attendance row is read cell by cell, as lines.
    let owned: Vec<Line> = lines
        .iter()
        .chain(closing)
        .flat_map(|line| {
            let first = line
                .text
                .split('\t')
                .map(str::trim)
                .find(|c| !c.is_empty())
                .unwrap_or("");
            let cells: Vec<&str> = line.text.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
            let heading_cell = cells
                .iter()
                .any(|c| c.starts_with("Protokoll") || ITEMS_RANGE.is_match(c));
            let attendance_row = ["Beslutande", "Deltagare", "Närvarande", "Övriga"]
                .iter()
                .any(|l| first.starts_with(l))
                || first.ends_with(':')
                || (cells.len() == 2 && !heading_cell);
            // "Tid\t2026-03-20 kl. 09.00–12.00": a label and its value in two cells.
            if let [label, value] = cells.as_slice() {
                if FIELD_LABELS.contains(label) {
                    return vec![Line {
                        number: line.number,
                        text: format!("{label}: {value}"),
                        after_furniture: false,
                    }];
                }
            }
            if line.text.contains('\t') && !attendance_row {
                line.text
                    .split('\t')
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| Line {
                        number: line.number,
                        text: c.to_string(),
                        after_furniture: false,
                    })
                    .collect()
            } else {
                vec![line.clone()]
            }
        })
        .collect();
    let all: Vec<&Line> = owned.iter().collect();
    while i < all.len() {
        let line = all[i];
        let t = clean(line.trimmed());
        i += 1;
        if t.is_empty() || t.chars().all(|c| c == '.' || c == ' ') {
            if !t.is_empty() {
                h.consumed.push(t);
            }
            continue;
        }
        if line.text.contains('\t') {
            read_row(&mut h, &mut section, &line.text);
            continue;
        }
        // Role alone: in the attendance it names the next person, among signatures the one before.
        if let Some(c) = ROLE_ONLY.captures(&t) {
            let role = c[1].to_lowercase();
            h.consumed.push(t.clone());
            let taken_before = match (&last_name, section) {
                (Some(name), Section::Signatures) => {
                    sign(&mut h, &role, name);
                    true
                }
                _ => false,
            };
            last_name = None;
            if !taken_before {
                if section == Section::Voting {
                    pending_role = Some(if role.contains("ordförande") {
                        "ordförande"
                    } else {
                        "ledamot"
                    });
                } else if let Some(next) = all[i..].iter().find(|l| !l.is_blank()) {
                    let name = clean(next.trimmed());
                    if is_person_name(&name) || name.contains(',') {
                        sign(&mut h, &role, &name);
                        h.consumed.push(name);
                        i += all[i..].iter().position(|l| !l.is_blank()).unwrap_or(0) + 1;
                    }
                }
            }
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Närvarande ledamöter", "Närvarande", "Deltagare", "Beslutande"]) {
            section = Section::Voting;
            h.consumed.push(t[..t.len() - rest.len()].to_string());
            if !rest.is_empty() {
                read_person_list(&mut h, rest, true, AttendanceStatus::Present);
            } else if t.starts_with("Deltagare") {
                i = read_columns(&mut h, &all, i);
            }
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Övriga deltagare och föredragande", "Övriga deltagare", "Övriga"]) {
            section = Section::Others;
            h.consumed.push(t[..t.len() - rest.len()].to_string());
            if !rest.is_empty() {
                add_person(&mut h, rest, false, AttendanceStatus::Present, None);
            }
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Frånvarande", "Förhinder"]) {
            section = Section::Absent;
            h.consumed.push(t[..t.len() - rest.len()].to_string());
            let (text, used) = wrapped(&all, i, rest);
            i += used;
            add_person(&mut h, &text, true, AttendanceStatus::Absent, None);
            continue;
        }
        if strip_label(&t, &["Underskrifter", "På uppdrag av"]).is_some() {
            section = Section::Signatures;
            h.consumed.push(t.clone());
            if t.starts_with("På uppdrag") {
                h.remarks.push(t.clone());
            }
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Sekreterare"]) {
            h.secretary = Some(rest.to_string());
            h.consumed.push(t.clone());
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Utses att justera", "Justerare"]) {
            push_adjuster(&mut h, AdjusterRole::Adjuster, rest);
            h.consumed.push(t.clone());
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Justeringens plats och tid", "Justeringens plats"]) {
            let found = dates::dates_in(rest, None);
            h.adjustment_date = found.first().map(|f| f.date);
            let place = found.first().map(|f| &rest[..f.start]).unwrap_or(rest);
            h.adjustment_place = Some(place.trim().trim_end_matches(',').to_string()).filter(|p| !p.is_empty());
            h.consumed.push(t.clone());
            continue;
        }
        if LABEL_TAIL.is_match(&t) || t.starts_with("Paragrafer") || t == "Sammanträdesprotokoll" || t == "Bilagor" {
            if t.starts_with("Paragrafer") {
                h.paragraph_range = Some(
                    t.trim_start_matches("Paragrafer")
                        .trim_start_matches(':')
                        .trim()
                        .to_string(),
                );
            }
            h.consumed.push(t.clone());
            continue;
        }
        if let Some(c) = ATTACHMENT.captures(&t) {
            h.attachments
                .push((c[2].to_string(), c[1].to_string(), c[3].trim().to_string()));
            h.consumed.push(c[1].to_string());
            continue;
        }
        if t.contains("anmält förhinder") {
            let names = t.split(" har anmält förhinder").next().unwrap_or("");
            for name in split_names(names) {
                h.attendance
                    .push(attendee(Some(name), None, None, true, AttendanceStatus::Apologies));
            }
            h.consumed.push(t.clone());
            continue;
        }
        if let Some(rest) = t.strip_prefix("Tid och plats") {
            let rest = rest.trim_start_matches(':').trim();
            let rest = FOR_THE_MEETING.replace(rest, "");
            let rest = rest.trim();
            read_when_where(&mut h, rest, &t);
            if h.place.is_none() {
                if let Some(next) = all.get(i).filter(|l| !l.is_blank()) {
                    h.place = Some(clean(next.trimmed()));
                    h.consumed.push(next.trimmed().to_string());
                    i += 1;
                }
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix("Tid:") {
            read_when_where(&mut h, rest, &t);
            continue;
        }
        if let Some(rest) = strip_label(&t, &["Videolänk"]) {
            h.video_link = Some(rest.to_string()).filter(|l| !l.is_empty());
            h.consumed.push(t.clone());
            continue;
        }
        if let Some(rest) = t.strip_prefix("Plats:").or_else(|| t.strip_prefix("Lokal:")) {
            h.place = Some(rest.trim().to_string());
            h.consumed.push(t.clone());
            continue;
        }
        if h.body_name.is_none() && body_line(&mut h, &t) {
            continue;
        }
        if h.date.is_none() || h.start.is_none() {
            if let Some(found) = dates::dates_in(&t, None).first() {
                if h.date.is_none() {
                    h.date = Some(found.date);
                    read_when_where(&mut h, &t, &t);
                    continue;
                }
            }
            if let Some((start, end)) = dates::time_range(&t) {
                h.start = Some(start);
                h.end = Some(end);
                h.consumed.push(t.clone());
                if let Some(place) = t.split_once("Lokal").map(|(_, p)| p.trim().to_string()) {
                    h.place = Some(continued_place(&all, &mut i, place));
                } else {
                    // "Strategisk nivå 09.00-14.00": the words beside the time are kept.
                    let rest = t.replace(|c: char| c.is_ascii_digit() || c == '.' || c == '-', "");
                    if !rest.trim().is_empty() {
                        h.remarks.push(t.clone());
                    }
                }
                continue;
            }
        }
        if section == Section::Absent {
            let (text, used) = wrapped(&all, i - 1, "");
            i += used.saturating_sub(1);
            add_person(&mut h, &text, true, AttendanceStatus::Absent, None);
            continue;
        }
        if matches!(section, Section::Voting | Section::Others) && (t.contains(',') || is_person_name(&t)) {
            let role = pending_role.take();
            add_person(&mut h, &t, section == Section::Voting, AttendanceStatus::Present, role);
            continue;
        }
        if section == Section::Signatures && (t.contains(',') || is_person_name(&t)) {
            last_name = Some(t.clone());
            h.consumed.push(t.clone());
            continue;
        }
        if ITEMS_RANGE.is_match(&t) || t.chars().all(|c| c.is_ascii_digit()) {
            h.consumed.push(t.clone()); // "Ärende: 1-16", "2011": the range of items and the year
            continue;
        }
        h.remarks.push(t);
    }
    if let (Some(name), None) = (&last_name, h.adjusters.last()) {
        h.remarks.push(name.clone());
    }
    h
}

/// Strips markdown emphasis that some sources carry ("**14 okt 2016**").
fn clean(t: &str) -> String {
    t.replace("**", "").trim().to_string()
}

/// The rest of a line after one of `labels` (and an optional colon); none if no label leads.
fn strip_label<'a>(t: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = t.strip_prefix(label)?;
        if rest.is_empty() || rest.starts_with(':') || rest.starts_with(' ') {
            Some(rest.trim_start_matches(':').trim())
        } else {
            None
        }
    })
}

/// A line that names the body: "Protokoll Länssamordningsgrupp (LSG) 2012-01-12 …",
/// "Sociala vård- och omsorgsgruppen (SVOM)", "LSVO", "Protokoll, Strategisk nivå …".
fn body_line(h: &mut Header, t: &str) -> bool {
    if let Some(c) = PROTOKOLL.captures(t) {
        let rest = c[1].to_string();
        let cut = dates::dates_in(&rest, None)
            .first()
            .map(|f| f.start)
            .unwrap_or(rest.len());
        let name = rest[..cut].trim().trim_end_matches(['.', ',']).to_string();
        set_body(h, &name);
        if cut < rest.len() {
            read_when_where(h, &rest[cut..], t);
        } else {
            h.consumed.push(t.to_string());
        }
        return true;
    }
    if NAME_WITH_SHORT.is_match(t) && !t.contains(',') && t.len() < 90 {
        set_body(h, t);
        h.consumed.push(t.to_string());
        return true;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if (2..=10).contains(&letters) && !t.contains(' ') && t.chars().all(|c| c.is_uppercase() || c == '-') {
        h.body_name = Some(t.to_string());
        h.short_name = Some(t.to_string());
        h.consumed.push(t.to_string());
        return true;
    }
    false
}

fn set_body(h: &mut Header, name: &str) {
    match NAME_WITH_SHORT.captures(name) {
        Some(c) => {
            h.body_name = Some(c[1].trim().to_string());
            h.short_name = Some(c[2].to_string());
        }
        None => h.body_name = Some(name.to_string()),
    }
}

/// Date, time and place from one stretch of text: "Fredagen den 20 oktober 2023 kl. 08.15 -
/// 12.00, via Teams"; "2012-01-12 09.30- 12.00 Lokal: Norsjörummet Landstinget".
fn read_when_where(h: &mut Header, text: &str, raw: &str) {
    if let Some(found) = dates::dates_in(text, None).first() {
        h.date.get_or_insert(found.date);
    }
    let mut after = text.to_string();
    if let Some((start, end)) = dates::time_range(text) {
        h.start = Some(start);
        h.end = Some(end);
        let end_text = end.format("%H.%M").to_string();
        if let Some(pos) = text.rfind(&end_text) {
            after = text[pos + end_text.len()..].to_string();
        }
    } else if let Some(found) = dates::dates_in(text, None).first() {
        after = text[found.end..].to_string();
    }
    let place = after
        .trim()
        .trim_start_matches([',', ' '])
        .trim_start_matches("Lokal:")
        .trim_start_matches("Lokal")
        .trim();
    if !place.is_empty() {
        h.place = Some(place.to_string());
    }
    h.consumed.push(raw.to_string());
}

/// "Lokal Kaptenen Stadshuset Umeå" continued by "kommun" on the next line.
fn continued_place(all: &[&Line], i: &mut usize, place: String) -> String {
    match all.get(*i) {
        Some(next) if !next.is_blank() && next.trimmed().chars().all(|c| c.is_lowercase()) => {
            *i += 1;
            format!("{place} {}", next.trimmed())
        }
        _ => place,
    }
}

/// A line that ends with a comma goes on on the next line.
fn wrapped(all: &[&Line], i: usize, first: &str) -> (String, usize) {
    let mut text = first.to_string();
    let mut used = 0;
    let mut at = i;
    if text.is_empty() {
        if let Some(line) = all.get(at) {
            text = clean(line.trimmed());
            used += 1;
            at += 1;
        }
    }
    while text.ends_with(',') {
        match all.get(at).filter(|l| !l.is_blank()) {
            Some(next) => {
                text = format!("{text} {}", clean(next.trimmed()));
                used += 1;
                at += 1;
            }
            None => break,
        }
    }
    (text, used)
}

/// A table row in the head: "Beslutande\tName, ordförande\tOrganisation", "\tName\tOrg",
/// "Kungsbacka:\tEva Apelvi", or the whole list in two cells ("\tDeltagare\tnames\torgs").
fn read_row(h: &mut Header, section: &mut Section, row: &str) {
    let cells: Vec<String> = row.split('\t').map(clean).filter(|c| !c.is_empty()).collect();
    let mut cells = cells.as_slice();
    if let Some(first) = cells.first() {
        let label = first.trim_end_matches(':');
        match label {
            "Beslutande" | "Deltagare" | "Närvarande" => {
                *section = Section::Voting;
                h.consumed.push(first.clone());
                cells = &cells[1..];
            }
            "Övriga deltagare" | "Övriga" => {
                *section = Section::Others;
                h.consumed.push(first.clone());
                cells = &cells[1..];
            }
            _ => {}
        }
    }
    match cells {
        [names, orgs] if split_glued_names(names).len() > 3 => {
            let people = split_glued_names(names);
            let organisations = split_organisations(orgs);
            for (k, (name, role)) in people.iter().enumerate() {
                let mut a = attendee(
                    Some(name.clone()),
                    None,
                    organisations.get(k).cloned(),
                    true,
                    AttendanceStatus::Present,
                );
                a.role = role.as_deref().and_then(role_from_word);
                h.attendance.push(a);
            }
            h.consumed.push(names.clone());
            h.consumed.push(orgs.clone());
        }
        [org, names] if org.ends_with(':') => {
            let organisation = org.trim_end_matches(':').to_string();
            h.consumed.push(org.clone());
            if names.trim() == "-" {
                h.consumed.push("-".into());
                h.attendance
                    .push(attendee(None, None, Some(organisation), true, AttendanceStatus::Absent));
            } else {
                for name in split_names(names) {
                    let (name, detail) = split_parenthesis(&name);
                    let mut a = attendee(
                        Some(name),
                        None,
                        Some(organisation.clone()),
                        true,
                        AttendanceStatus::Present,
                    );
                    if let Some(detail) = detail {
                        match EXCEPT.captures(&detail) {
                            Some(c) => {
                                a.presence = Presence::ExceptItems {
                                    items: vec![c[1].to_string()],
                                }
                            }
                            None => a.title = Some(detail),
                        }
                    }
                    h.attendance.push(a);
                }
            }
        }
        [person, org] => {
            let voting = *section != Section::Others;
            add_person(h, person, voting, AttendanceStatus::Present, None);
            if let Some(last) = h.attendance.last_mut() {
                last.organisation = Some(org.clone());
            }
        }
        [single] => h.remarks.push(single.clone()),
        _ => {
            for cell in cells {
                h.remarks.push(cell.clone());
            }
        }
    }
}

/// "Name, title, Organisation (del av mötet) §99": the name first, the organisation last.
fn add_person(h: &mut Header, text: &str, voting: bool, status: AttendanceStatus, role: Option<&str>) {
    let text = text.trim().trim_end_matches(',');
    let (text, part) = match text.strip_suffix("(del av mötet)") {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    let (text, items) = match ITEM_REFS.captures(text) {
        Some(c) => (text[..c.get(0).unwrap().start()].trim(), Some(c[1].to_string())),
        None => (text, None),
    };
    let mut parts: Vec<&str> = text.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return;
    }
    let name = parts.remove(0).to_string();
    let (name, inline_role) = split_role(&name);
    let organisation = (parts.len() >= 2 || parts.last().is_some_and(|p| looks_like_organisation(p)))
        .then(|| parts.pop().map(str::to_string))
        .flatten();
    let title = Some(parts.join(", ")).filter(|t| !t.is_empty());
    let mut a = attendee(Some(name), title, organisation, voting, status);
    a.role = role.or(inline_role.as_deref()).and_then(role_from_word);
    if let Some(items) = items {
        a.presence = Presence::OnlyItems { items: vec![items] };
    } else if part {
        a.presence = Presence::PartOfMeeting { note: None };
        h.consumed.push("del av mötet".into());
    }
    h.attendance.push(a);
}

fn read_person_list(h: &mut Header, text: &str, voting: bool, status: AttendanceStatus) {
    for name in split_names(text) {
        add_person(h, &name, voting, status, None);
    }
}

/// The two columns of an extracted table: names one per line, then their organisations; any
/// names beyond the organisations are guests present for given items ("ärende 3-9").
fn read_columns(h: &mut Header, all: &[&Line], mut i: usize) -> usize {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    while i < all.len() {
        let line = all[i];
        if line.is_blank() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
                if blocks.len() == 2 {
                    break;
                }
            }
        } else if line.text.contains('\t') {
            break;
        } else {
            current.push(clean(line.trimmed()));
        }
        i += 1;
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let (names, orgs) = match blocks.as_slice() {
        [names, orgs] => (names.clone(), orgs.clone()),
        [names] => (names.clone(), Vec::new()),
        _ => return i,
    };
    let members = if orgs.is_empty() {
        names.len()
    } else {
        orgs.len().min(names.len())
    };
    for (k, line) in names.iter().take(members).enumerate() {
        let (name, role) = split_role(line.trim_end_matches(','));
        let mut a = attendee(Some(name), None, orgs.get(k).cloned(), true, AttendanceStatus::Present);
        a.role = role.as_deref().and_then(role_from_word);
        h.attendance.push(a);
    }
    h.consumed.extend(orgs.iter().cloned());
    let guests = names[members..].join(" ");
    read_guests(h, &guests);
    i
}

/// "Märta Sjöberg, ärende 2 b, Marie Ernestad o Kristina Nordmark ärende 3-9, …"
fn read_guests(h: &mut Header, text: &str) {
    static GUEST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(.+?),?\s+ärende\s+(\d+(?:\s?[a-z]\b)?(?:\s*-\s*\d+)?),?").unwrap());
    for c in GUEST.captures_iter(text) {
        for name in split_names(&c[1]) {
            let mut a = attendee(Some(name), None, None, false, AttendanceStatus::Present);
            a.presence = Presence::OnlyItems {
                items: vec![format!("ärende {}", &c[2])],
            };
            h.attendance.push(a);
        }
    }
    h.consumed.push(text.to_string());
}

/// "A, B och C" or "A o B": the names in a list.
pub fn split_names(text: &str) -> Vec<String> {
    text.split(", ")
        .flat_map(|p| p.split(" och "))
        .flat_map(|p| p.split(" o "))
        .flat_map(|p| p.split(" & "))
        .map(|p| p.trim().trim_end_matches(['.', ',']).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Names run together without separators: "Sofie Edberg, Ordförande Britt-Inger Högberg, Kerstin
/// Lagerwall Margit Håkansson …": two capitalised words make a name; a role word after a comma
/// belongs to the name before it.
fn split_glued_names(text: &str) -> Vec<(String, Option<String>)> {
    let mut people: Vec<(String, Option<String>)> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let bare = word.trim_end_matches(',');
        if role_from_word(bare).is_some() && current.is_empty() {
            if let Some(last) = people.last_mut() {
                last.1 = Some(bare.to_string());
                continue;
            }
        }
        if bare == "Övriga" && current.is_empty() {
            continue;
        }
        current.push(bare);
        if current.len() == 2 || word.ends_with(',') {
            people.push((current.join(" "), None));
            current.clear();
        }
    }
    if !current.is_empty() {
        people.push((current.join(" "), None));
    }
    people
}

/// "Landstinget Landstinget Skellefteå kommun Region Västerbotten" → organisations.
fn split_organisations(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let pair = (w == "Region" && i + 1 < words.len())
            || words
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case("kommun") || *n == "landsting");
        if pair {
            out.push(format!("{w} {}", words[i + 1]));
            i += 2;
        } else {
            out.push(w.to_string());
            i += 1;
        }
    }
    out
}

fn looks_like_organisation(p: &str) -> bool {
    let lower = p.to_lowercase();
    ["kommun", "region", "landsting", "förbund", "förvaltning"]
        .iter()
        .any(|w| lower.contains(w))
}

/// "Harriet Jorderud, ordförande" / "Yngve Sundin, sekreterare" → name and role word.
fn split_role(text: &str) -> (String, Option<String>) {
    match text.rsplit_once(',') {
        Some((name, role)) if role_from_word(role.trim()).is_some() => {
            (name.trim().to_string(), Some(role.trim().to_string()))
        }
        _ => (text.trim().to_string(), None),
    }
}

fn split_parenthesis(text: &str) -> (String, Option<String>) {
    match text.split_once('(') {
        Some((name, rest)) => (
            name.trim().to_string(),
            Some(rest.trim_end_matches(')').trim().to_string()),
        ),
        None => (text.to_string(), None),
    }
}

fn role_from_word(word: &str) -> Option<Role> {
    match word.to_lowercase().as_str() {
        "ordförande" | "ordf" | "ordf." => Some(Role::Ordforande),
        "vice ordförande" => Some(Role::ViceOrdforande),
        "sekreterare" => Some(Role::Sekreterare),
        "processtöd" => Some(Role::Processtod),
        _ => None,
    }
}

fn attendee(
    name: Option<String>,
    title: Option<String>,
    organisation: Option<String>,
    voting: bool,
    status: AttendanceStatus,
) -> Attendance {
    Attendance {
        person_id: None,
        organisation_id: None,
        organisation,
        name,
        title,
        role: None,
        voting,
        status,
        presence: Presence::Whole,
    }
}

/// A signature: "Ordförande" / "Justerande" / "Sekreterare" with the name that goes with it.
fn sign(h: &mut Header, role: &str, name: &str) {
    let name = name.split(',').next().unwrap_or(name).trim();
    match role {
        "sekreterare" => {
            h.secretary.get_or_insert_with(|| name.to_string());
            push_adjuster(h, AdjusterRole::Secretary, name);
        }
        r if r.contains("ordförande") => push_adjuster(h, AdjusterRole::Chair, name),
        _ => push_adjuster(h, AdjusterRole::Adjuster, name),
    }
}

fn push_adjuster(h: &mut Header, role: AdjusterRole, name: &str) {
    let name = name.trim();
    if name.is_empty() || h.adjusters.iter().any(|a| a.name == name && a.role == role) {
        return;
    }
    h.adjusters.push(Adjuster {
        person_id: None,
        name: name.to_string(),
        role,
        approved_at: None,
        approved_sha256: None,
        comment: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_names_are_pulled_apart() {
        let people = split_glued_names(
            "Sofie Edberg, Ordförande Britt-Inger Högberg, Kerstin Lagerwall Yngve Sundin, sekreterare Övriga",
        );
        let names: Vec<_> = people.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "Sofie Edberg",
                "Britt-Inger Högberg",
                "Kerstin Lagerwall",
                "Yngve Sundin"
            ]
        );
        assert_eq!(people[0].1.as_deref(), Some("Ordförande"));
        assert_eq!(people[3].1.as_deref(), Some("sekreterare"));
        assert_eq!(
            split_organisations("Landstinget Skellefteå kommun Region Västerbotten"),
            ["Landstinget", "Skellefteå kommun", "Region Västerbotten"]
        );
    }
}
