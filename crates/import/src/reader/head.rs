//! The head of a protocol read by its labels: the body, the meeting's date, time and place, the
//! attendance by group, the secretary, the adjusters and the adjustment.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use samverkan_domain::{AdjusterRole, Attendance, AttendanceStatus, Presence, Role};

use super::labels::{segments, Kind, Segment};
use super::names::{looks_like_person, people, Found};
use crate::dates;
use crate::header::Header;

/// Words that end the name of a deciding or collaborating body.
static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\p{L}-]*(?:nämnd|nämnden|nämndens|styrelse|styrelsen|styrelsens|fullmäktige|fullmäktiges|utskott|utskottet|utskottets|beredning|beredningen|beredningens|beredningsgrupp|beredningsgruppen|gruppen|gruppens|rådet|rådets|direktion|direktionen|direktionens|förbundet|förbundets|kommittén|kommitténs|delegationen|presidiet|samverkansgrupp)$").unwrap()
});
static YEAR_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,5}/((?:19|20)\d\d)\b|\b((?:19|20)\d\d)/\d{1,5}\b|\b((?:19|20)\d\d)\b").unwrap()
});
static SHORT_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(([A-ZÅÄÖ]{2,8})\)").unwrap());

/// A word that ends the name of a body ("omsorgsgruppen", "Socialnämnden").
pub fn is_body_word(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    w.chars().count() >= 5 && BODY_WORD.is_match(w)
}

/// What the labelled head gives, with where the meeting date came from.
pub struct Head {
    pub header: Header,
    /// Byte ranges of the head text that were read into fields.
    pub placed: Vec<std::ops::Range<usize>>,
}

/// Reads the head text.
pub fn read(text: &str) -> Head {
    let segs = segments(text);
    let mut h = Header::default();
    let mut placed: Vec<std::ops::Range<usize>> = Vec::new();
    let year = context_year(text);

    // The meeting date: a labelled date, then the date beside time and place, then any date
    // of the head outside the adjustment and the notice.
    let excluded = |at: usize| {
        segs.iter()
            .any(|s| matches!(s.kind, Kind::Adjustment | Kind::Notice) && (s.label_start..s.value_end).contains(&at))
    };
    for kinds in [&[Kind::Date][..], &[Kind::PlaceTime, Kind::Time][..]] {
        if h.date.is_some() {
            break;
        }
        for s in segs.iter().filter(|s| kinds.contains(&s.kind)) {
            let value = &text[s.value_start..s.value_end];
            if let Some(found) = dates::dates_in(value, year).first() {
                h.date = Some(found.date);
                break;
            }
        }
    }
    if h.date.is_none() {
        h.date = dates::dates_in(text, year)
            .into_iter()
            .find(|f| !excluded(f.start) && !near_notice_word(text, f.start))
            .map(|f| f.date);
    }

    for (k, s) in segs.iter().enumerate() {
        let value = text[s.value_start..s.value_end].trim();
        h.consumed.push(s.label.clone());
        placed.push(s.label_start..s.value_start);
        match s.kind {
            Kind::PlaceTime | Kind::Time | Kind::Place => {
                if let Some((start, end)) = dates::time_range(value) {
                    h.start.get_or_insert(start);
                    h.end.get_or_insert(end);
                }
                if s.kind != Kind::Time && h.place.is_none() {
                    h.place = place_of(value);
                }
                placed.push(first_line(s, value));
            }
            Kind::Date => {
                placed.push(first_line(s, value));
            }
            Kind::Organ => {
                if h.body_name.is_none() {
                    if let Some(name) = body_in(value).or_else(|| plain_body(value)) {
                        h.body_name = Some(name);
                        placed.push(first_line(s, value));
                    }
                }
            }
            Kind::Adjustment => {
                let first = value.lines().next().unwrap_or("");
                let found = dates::dates_in(value, year);
                h.adjustment_date = found.first().map(|f| f.date);
                let place = found.first().map(|f| &value[..f.start]).unwrap_or(first);
                let place = place.trim().trim_end_matches([',', ' ']).to_string();
                if !place.is_empty() && place.chars().count() < 80 {
                    h.adjustment_place = Some(place);
                }
                placed.push(first_line(s, value));
            }
            Kind::Paragraphs => {
                let first = value.lines().next().unwrap_or("").trim();
                if first.chars().any(|c| c.is_ascii_digit()) && first.chars().count() < 40 {
                    h.paragraph_range = Some(first.to_string());
                    placed.push(first_line(s, value));
                }
            }
            Kind::Voting | Kind::Serving | Kind::Substitutes | Kind::Others | Kind::Absent | Kind::Apologies => {
                let found = people(value);
                read_group(&mut h, s.kind, &found);
                placed.extend(found.iter().map(|f| offset(s, text, f)));
            }
            Kind::Adjusters | Kind::Secretary | Kind::Chair | Kind::Adjuster | Kind::Signatures => {
                let found = people(value);
                let role = match s.kind {
                    Kind::Secretary => Some(AdjusterRole::Secretary),
                    Kind::Chair => Some(AdjusterRole::Chair),
                    Kind::Adjusters | Kind::Adjuster => Some(AdjusterRole::Adjuster),
                    _ => None,
                };
                for (n, f) in found.iter().enumerate() {
                    match role {
                        Some(role) if n == 0 => sign(&mut h, role, &f.name),
                        // Several adjusters may be named together; elsewhere further names are
                        // present persons whose group label the layout lost.
                        Some(AdjusterRole::Adjuster) if s.kind == Kind::Adjusters => {
                            sign(&mut h, AdjusterRole::Adjuster, &f.name)
                        }
                        _ => {
                            let group = segs[..k].iter().rev().find(|p| p.kind.is_attendance()).map(|p| p.kind);
                            read_group(&mut h, group.unwrap_or(Kind::Others), std::slice::from_ref(f));
                        }
                    }
                }
                placed.extend(found.iter().map(|f| offset(s, text, f)));
            }
            Kind::Notice | Kind::Other => {}
        }
        // A list of persons with their roles whose group label was lost ("…ande: Anna Berg
        // ordförande Ola Ek vice ordförande …") still tells who was there.
        if matches!(
            s.kind,
            Kind::PlaceTime | Kind::Place | Kind::Time | Kind::Organ | Kind::Date
        ) {
            let found = people(value);
            let with_role = |f: &Found| {
                let a = f.after.to_lowercase();
                [
                    "ordförande",
                    "vice ordförande",
                    "ledamot",
                    "ersättare",
                    "tjänstgörande",
                    "sekreterare",
                ]
                .iter()
                .any(|r| a.starts_with(r))
            };
            if found.iter().filter(|f| with_role(f)).count() >= 2 {
                let first = found.iter().position(with_role).unwrap_or(0);
                read_group(&mut h, Kind::Voting, &found[first..]);
                placed.extend(found[first..].iter().map(|f| offset(s, text, f)));
            }
        }
    }

    // The body: a labelled organ, else the first name of a body in the head.
    if h.body_name.is_none() {
        h.body_name = body_in(text);
    }
    if let Some(name) = h.body_name.clone() {
        if let Some(at) = text.find(&name) {
            if let Some(c) = SHORT_IN_BRACKETS.captures(text[at + name.len()..].trim_start()) {
                h.short_name = Some(c[1].to_string());
            }
        }
    }
    // The secretary named by role in the attendance.
    for a in &h.attendance {
        let title = a.title.as_deref().unwrap_or("").to_lowercase();
        if h.secretary.is_none() && title.contains("sekreterare") && !title.contains("politisk") {
            h.secretary = a.name.clone();
        }
    }
    if let Some(secretary) = h.secretary.clone() {
        h.adjusters
            .retain(|a| a.name != secretary || a.role == AdjusterRole::Secretary);
    }
    Head { header: h, placed }
}

/// Where a person found in a segment's trimmed value stands in the head text.
fn offset(s: &Segment, text: &str, f: &Found) -> std::ops::Range<usize> {
    let raw = &text[s.value_start..s.value_end];
    let base = s.value_start + (raw.len() - raw.trim_start().len());
    (base + f.start)..(base + f.end + f.after.len().min(200))
}

/// The part of the head text a segment's value placed in a field: as long as its first line.
fn first_line(s: &Segment, value: &str) -> std::ops::Range<usize> {
    let len = value.lines().next().map_or(0, str::len);
    s.value_start..(s.value_start + len).min(s.value_end)
}

/// A year the head gives in a diarienummer ("LS 9/2012") or elsewhere, for dates without one.
fn context_year(text: &str) -> Option<i32> {
    YEAR_CONTEXT
        .captures_iter(text)
        .find_map(|c| c.get(1).or(c.get(2)).or(c.get(3)).and_then(|m| m.as_str().parse().ok()))
}

/// A date right after a word of the adjustment or notice ("justera", "anslag", "tas ned").
fn near_notice_word(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text[from..at].to_lowercase();
    [
        "justera",
        "anslag",
        "uppsätt",
        "nedtag",
        "tas ned",
        "sätts upp",
        "justering",
    ]
    .iter()
    .any(|w| before.contains(w))
}

/// The place beside the time: the value without its date, time and weekday.
fn place_of(value: &str) -> Option<String> {
    static NOISE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?|\b(?:kl\.?|klockan)\b|\b\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}|\b\d{4}-\d{2}-\d{2}\b|\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\b(?:\s+den)?|\bden\s+\d{1,2}\s+\p{L}+(?:\s+\d{4})?|\b\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)(?:\s+\d{4})?").unwrap()
    });
    let first = value.lines().find(|l| !l.trim().is_empty())?;
    let cleaned = NOISE.replace_all(first, "");
    let cleaned = cleaned
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let cleaned = cleaned.trim_matches([',', ' ', '.']).to_string();
    (!cleaned.is_empty() && cleaned.chars().count() < 120).then_some(cleaned)
}

/// Reads one attendance group.
fn read_group(h: &mut Header, kind: Kind, found: &[Found]) {
    // In a presence table most names carry a mark; those without one were not there.
    let marks = found.iter().filter(|f| f.marked).count();
    let table = found.len() >= 3 && marks * 2 >= found.len();
    for f in found {
        let absent = matches!(kind, Kind::Absent | Kind::Apologies) || f.replaced || (table && !f.marked);
        let status = match kind {
            Kind::Apologies => AttendanceStatus::Apologies,
            _ if absent => AttendanceStatus::Absent,
            _ => AttendanceStatus::Present,
        };
        if h.attendance.iter().any(|a| a.name.as_deref() == Some(f.name.as_str())) {
            continue;
        }
        let after = f.after.trim();
        let presence = partial_presence(after);
        let lower = after.to_lowercase();
        let role = if lower.starts_with("ordf") || lower.contains(" ordförande") && !lower.contains("vice") {
            Some(Role::Ordforande)
        } else if lower.contains("vice ordf") {
            Some(Role::ViceOrdforande)
        } else if lower.contains("sekreterare") && !lower.contains("politisk") {
            Some(Role::Sekreterare)
        } else if kind == Kind::Serving || kind == Kind::Substitutes || lower.contains("ersättare") {
            Some(Role::Ersattare)
        } else if kind == Kind::Voting {
            Some(Role::Ledamot)
        } else {
            None
        };
        let title = (!after.is_empty() && after.chars().count() < 120).then(|| after.to_string());
        h.attendance.push(Attendance {
            person_id: None,
            organisation_id: None,
            name: Some(f.name.clone()),
            organisation: f.party.clone().filter(|p| p.chars().count() > 4),
            role,
            title,
            voting: matches!(kind, Kind::Voting | Kind::Serving) && !absent,
            status,
            presence,
        });
    }
}

/// "§§ 34–36", "17-25", "(delvis)", "p6", "ej 13", "§ 159": presence for part of the meeting.
fn partial_presence(after: &str) -> Presence {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)§+\s*\d+(?:\s*[-–]\s*\d+)?|\b(?:ej|from|fr\.?o\.?m\.?)\s+§?\s*\d+|\bdelvis\b|\bp\s?\d+\b|\bdel av (?:mötet|sammanträdet)\b|\b\d{1,3}\s*[-–]\s*\d{1,3}\b|\bärende\s+\d+").unwrap()
    });
    match PART.find(after) {
        Some(m) => Presence::PartOfMeeting {
            note: Some(m.as_str().to_string()),
        },
        None => Presence::Whole,
    }
}

fn sign(h: &mut Header, role: AdjusterRole, name: &str) {
    if role == AdjusterRole::Secretary && h.secretary.is_none() {
        h.secretary = Some(name.to_string());
    }
    if role == AdjusterRole::Secretary {
        return;
    }
    if h.adjusters.iter().any(|a| a.name == name) {
        return;
    }
    h.adjusters.push(samverkan_domain::Adjuster {
        person_id: None,
        name: name.to_string(),
        role,
        approved_at: None,
        approved_sha256: None,
        comment: None,
    });
}

/// The first name of a body in `text`: a word that ends like a body ("…nämnden", "…styrelse",
/// "…utskott", "…förbundet") with what belongs to it before ("Vård- och", "Kommunstyrelsens",
/// "Gemensamma") and after ("för upphandling", a proper name), capitals made sentence case.
pub fn body_in(text: &str) -> Option<String> {
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, raw) in words.iter().enumerate() {
            let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !BODY_WORD.is_match(w) || w.chars().count() < 5 {
                continue;
            }
            let lower_w = w.to_lowercase();
            // A body in the genitive before another noun ("Socialutskottets sammanträde") is
            // named in the nominative.
            let genitive = lower_w.ends_with('s') && !lower_w.ends_with("rådets") && {
                let next = words.get(i + 1).map(|n| n.to_lowercase()).unwrap_or_default();
                !next.is_empty() && !BODY_WORD.is_match(&next)
            };
            let mut start = i;
            while start > 0 {
                let prev = words[start - 1];
                let p = prev.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                let joins = prev.ends_with('-')
                    || (p == "och" && start >= 2 && words[start - 2].ends_with('-'))
                    || (p.ends_with('s') && p.starts_with(|c: char| c.is_uppercase()) && p.chars().count() > 3 && !p.chars().all(char::is_uppercase))
                    || (p == "läns" || p == "kommuns")
                    // An adjective before a body word in lower case ("Gemensamma nämnden").
                    || (start == i
                        && w.starts_with(|c: char| c.is_lowercase())
                        && p.starts_with(|c: char| c.is_uppercase())
                        && p.ends_with(['a', 'e']));
                if !joins {
                    break;
                }
                start -= 1;
            }
            let mut end = i + 1;
            if !genitive {
                // "för upphandling av …", "i Kalmar län" are part of the name; a proper name after
                // "-förbundet" too ("Samordningsförbundet Sydnärke").
                if words.get(end).is_some_and(|n| *n == "för") {
                    let mut k = end + 1;
                    while k < words.len() && k < end + 4 && words[k].chars().all(|c| c.is_lowercase() || c == '-') {
                        k += 1;
                    }
                    if k > end + 1 {
                        end = k;
                    }
                } else if lower_w.ends_with("förbundet") {
                    if let Some(next) = words.get(end) {
                        if next.starts_with(|c: char| c.is_uppercase()) && next.chars().skip(1).all(char::is_lowercase)
                        {
                            end += 1;
                        }
                    }
                }
            }
            let mut name = words[start..end].join(" ");
            name = name
                .trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
                .to_string();
            if genitive && end == i + 1 {
                name.pop();
            }
            if name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
                name = sentence_case(&name);
            }
            return Some(name);
        }
    }
    None
}

/// A labelled organ that is no body word: its first line as written.
fn plain_body(value: &str) -> Option<String> {
    let first = value.lines().map(str::trim).find(|l| !l.is_empty())?;
    let cut = dates::dates_in(first, None).first().map_or(first.len(), |f| f.start);
    let name = first[..cut].trim().trim_end_matches([',', '.']);
    (name.chars().count() >= 3 && name.chars().count() < 80 && !looks_like_person(name)).then(|| name.to_string())
}

fn sentence_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A date in a file name ("…-2022-11-07.txt", "protokoll_20221107.pdf"), the fallback when the
/// text gives none.
pub fn file_name_date(file_name: &str) -> Option<NaiveDate> {
    static ISO_IN_NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?([0-2]\d|3[01])").unwrap());
    let c = ISO_IN_NAME.captures(file_name)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_textbook_head() {
        let head = read(
            "SOCIALNÄMNDEN\nPlats: Stadshuset, Sessionssalen\nTid: 2024-03-12, klockan 18:00-20:15\n\nBeslutande:\nAnna Berg (S), Ordförande\nOla Ek (M), Ledamot\n\nTjänstgörande ersättare:\nPer Lund (S) ersätter Eva Holm (S)\n\nÖvriga deltagare:\nKarin Sand, Nämndsekreterare\nLena Vik, Controller, §§ 3–5\n\nUtses att justera: Ola Ek\nJusteringens plats och datum: Digital justering, 2024-03-19\n",
        );
        let h = head.header;
        assert_eq!(h.body_name.as_deref(), Some("Socialnämnden"));
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2024-03-12"));
        assert_eq!(h.place.as_deref(), Some("Stadshuset, Sessionssalen"));
        let present: Vec<&str> = h
            .attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::Present)
            .filter_map(|a| a.name.as_deref())
            .collect();
        assert_eq!(present, ["Anna Berg", "Ola Ek", "Per Lund", "Karin Sand", "Lena Vik"]);
        assert!(h
            .attendance
            .iter()
            .any(|a| a.name.as_deref() == Some("Eva Holm") && a.status == AttendanceStatus::Absent));
        assert_eq!(h.secretary.as_deref(), Some("Karin Sand"));
        assert_eq!(h.adjusters[0].name, "Ola Ek");
        assert_eq!(h.adjustment_date.map(|d| d.to_string()).as_deref(), Some("2024-03-19"));
    }

    #[test]
    fn a_year_from_the_diarienummer() {
        let head = read("Landstingsstyrelsen LS 4/2019\nTid Tisdagen den 11 december, kl 9.00");
        assert_eq!(head.header.date.map(|d| d.to_string()).as_deref(), Some("2019-12-11"));
    }
}
