//! Page furniture: what the original layout put on every page (logos, "Justerandes sign",
//! "Utdragsbestyrkande", rule lines, page numbers, a running date header). It is recognised as
//! layout, dropped from the content and listed in the report.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// Why a line was taken for layout rather than content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// "Justerandes sign", "Utdragsbestyrkande" at the foot of a page.
    SignatureFooter,
    /// A line of dashes under the footer.
    Rule,
    /// "Sida 3 av 14", or a page number alone.
    PageNumber,
    /// The meeting date repeated at the top of every page.
    RunningHeader,
    /// Member organisations' logos turned into text ("Varbergs / kommun", "FALKENBERG").
    Logo,
}

/// One line of the source, and whether it is furniture.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// 1-based line number in the source.
    pub number: usize,
    pub text: String,
    pub furniture: Option<FurnitureKind>,
}

static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-–_\s]*-{3,}[-–_\s]*$").unwrap());
static PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:sid(?:a|an)?\.?\s*)?\d{1,3}(?:\s*(?:\(|av|/)\s*\d{1,3}\)?)?$").unwrap());
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap());

/// Splits `text` into lines and marks the furniture.
pub fn mark(text: &str) -> Vec<SourceLine> {
    let mut lines: Vec<SourceLine> = text
        .lines()
        .enumerate()
        .map(|(i, l)| SourceLine {
            number: i + 1,
            text: l.to_string(),
            furniture: None,
        })
        .collect();
    let mut date_seen: HashMap<String, usize> = HashMap::new();
    for line in lines.iter_mut() {
        let t = line.text.trim();
        // A footer is a short line; in a page run together into one paragraph it is text.
        let footer = (t.contains("Justerandes sign") || t.contains("Utdragsbestyrkande")) && t.chars().count() <= 80;
        line.furniture = if footer {
            Some(FurnitureKind::SignatureFooter)
        } else if RULE.is_match(t) {
            Some(FurnitureKind::Rule)
        } else if PAGE.is_match(t) && t.chars().any(|c| c.is_ascii_digit()) && t.len() <= 14 && !t.contains('-') {
            Some(FurnitureKind::PageNumber)
        } else if DATE_ONLY.is_match(t) {
            // The first time the date stands alone it heads the protocol; after that it heads pages.
            let seen = date_seen.entry(t.to_string()).or_default();
            *seen += 1;
            (*seen > 1).then_some(FurnitureKind::RunningHeader)
        } else {
            None
        };
    }
    mark_repeated_headers(&mut lines);
    // Twice: a line next to a line marked in the first round ("Sammanträdesdatum" over a page's
    // date) is furniture of the same page head.
    mark_page_companions(&mut lines);
    mark_page_companions(&mut lines);
    mark_logos(&mut lines);
    lines
}

/// How many non-empty lines away from a page's furniture a companion of it may stand.
const COMPANION_REACH: usize = 1;

/// A line without a number that recurs three or more times, every time right beside page
/// furniture (a page number, a signature footer, a running date), belongs to the page layout:
/// the running title of a page head ("SOCIALNÄMNDEN   SAMMANTRÄDESPROTOKOLL"), the label over
/// the date, a stamp under the footer. A line that also stands elsewhere (a sub-heading such as
/// "Beslut" that happens to open a page) is content. The first occurrence stays, as it may head
/// the protocol.
fn mark_page_companions(lines: &mut [SourceLine]) {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].text.trim().is_empty()).collect();
    let key = |l: &SourceLine| l.text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Per normalised text: (occurrences, later occurrences not beside furniture).
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut beside = vec![false; lines.len()];
    for (k, &i) in filled.iter().enumerate() {
        if lines[i].furniture.is_some() {
            continue;
        }
        let from = k.saturating_sub(COMPANION_REACH);
        let to = (k + COMPANION_REACH + 1).min(filled.len());
        beside[i] = filled[from..to].iter().any(|&j| j != i && lines[j].furniture.is_some());
        let t = key(&lines[i]);
        if t.len() > 160 {
            continue;
        }
        let entry = counts.entry(t).or_default();
        entry.1 += usize::from(entry.0 > 0 && !beside[i]);
        entry.0 += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &i in &filled {
        if lines[i].furniture.is_some() {
            continue;
        }
        let t = key(&lines[i]);
        let Some(&(all, elsewhere)) = counts.get(&t) else {
            continue;
        };
        // The first occurrence may stand elsewhere (the protocol's own head) and stays.
        if all >= 3 && elsewhere == 0 {
            let n = seen.entry(t).or_default();
            *n += 1;
            if *n > 1 {
                lines[i].furniture = Some(FurnitureKind::RunningHeader);
            }
        }
    }
}

/// A line with a date or number that recurs verbatim on three or more pages ("Regional
/// samverkansgrupp …\tProtokoll RSK 2026-03-20") is a running page header: every occurrence
/// after the first is layout. Twice is not enough: an item's title stands in the list of items
/// at the front and again over the item.
fn mark_repeated_headers(lines: &mut [SourceLine]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for line in lines.iter().filter(|l| l.furniture.is_none()) {
        let t = line.text.trim();
        if t.len() >= 8 && t.len() <= 160 && t.chars().any(|c| c.is_ascii_digit()) {
            *counts.entry(t.to_string()).or_default() += 1;
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in lines.iter_mut().filter(|l| l.furniture.is_none()) {
        let t = line.text.trim().to_string();
        if counts.get(&t).is_some_and(|c| *c >= 3) {
            let n = seen.entry(t).or_default();
            *n += 1;
            if *n > 1 {
                line.furniture = Some(FurnitureKind::RunningHeader);
            }
        }
    }
}

/// A logo zone: consecutive short, word-only lines in which place names (the member
/// municipalities and regions, from the reference data) dominate, and which shows the signs of a
/// logo turned into text: a lone "kommun" or words in capitals. Lines at the zone's edges that
/// are not place names (a distribution list just above the logos) stay content.
fn mark_logos(lines: &mut [SourceLine]) {
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && lines[end].furniture.is_none() && logo_like(&lines[end].text) {
            end += 1;
        }
        if end == start {
            start += 1;
            continue;
        }
        let placeish = |l: &SourceLine| is_place_word(l.text.trim());
        let (mut first, mut last) = (start, end);
        while first < last && !placeish(&lines[first]) {
            first += 1;
        }
        while last > first && !placeish(&lines[last - 1]) {
            last -= 1;
        }
        let zone: Vec<&str> = lines[first..last]
            .iter()
            .map(|l| l.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let lone_kommun = zone.iter().any(|t| t.eq_ignore_ascii_case("kommun"));
        let capitals = zone
            .iter()
            .filter(|t| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase))
            .count();
        if zone.len() >= 4 && (lone_kommun || capitals >= 2) {
            // A short line left hanging on a preposition ("Ett samarbete mellan") introduces
            // the logos that follow it.
            let intro = lines[..first].iter().rposition(|l| !l.text.trim().is_empty());
            if let Some(intro) = intro.filter(|i| introduces(lines[*i].text.trim())) {
                lines[intro].furniture = Some(FurnitureKind::Logo);
            }
            for line in &mut lines[first..last] {
                if !line.text.trim().is_empty() {
                    line.furniture = Some(FurnitureKind::Logo);
                }
            }
        }
        start = end;
    }
}

/// A municipality or region name (also in the genitive, "Varbergs"), "kommun", "region", or a
/// word in capitals.
fn is_place_word(t: &str) -> bool {
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    if ["kommun", "region", "landsting"].contains(&lower.as_str()) || lower.starts_with("region ") {
        return true;
    }
    if !t.chars().any(char::is_lowercase) {
        return true;
    }
    let bare = lower.trim_end_matches(" kommun");
    samverkan_reference::municipalities().iter().any(|m| {
        let name = m.short_name.to_lowercase();
        name == bare || format!("{name}s") == bare
    })
}

/// A short phrase that ends on a preposition or conjunction, so what follows completes it.
fn introduces(t: &str) -> bool {
    const OPEN_ENDS: [&str; 8] = ["mellan", "av", "med", "för", "och", "samt", "inom", "i"];
    t.chars().count() <= 40
        && t.rsplit(' ')
            .next()
            .is_some_and(|last| OPEN_ENDS.contains(&last.to_lowercase().as_str()))
}

fn logo_like(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || (t.chars().count() <= 25
            && t.split_whitespace().count() <= 3
            && t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers_rules_headers_and_logos_are_layout() {
        let text = "2012-11-30\n\n§ 44 Sammanträdet öppnas\nText.\nJusterandes sign \tJusterandes sign\tUtdragsbestyrkande\t\n---\t---\t--\n\n2012-11-30\n\nmer text\nSida 2 av 9\n\nVarbergs\nkommun\n\nFALKENBERG\nHitta det här\n\nHYLTE\n\nRegion Halland\n";
        let lines = mark(text);
        let kinds: Vec<_> = lines.iter().map(|l| l.furniture).collect();
        assert_eq!(kinds[0], None, "the first date heads the protocol");
        assert_eq!(kinds[4], Some(FurnitureKind::SignatureFooter));
        assert_eq!(kinds[5], Some(FurnitureKind::Rule));
        assert_eq!(kinds[7], Some(FurnitureKind::RunningHeader));
        assert_eq!(kinds[10], Some(FurnitureKind::PageNumber));
        assert!(kinds[12..]
            .iter()
            .zip(&lines[12..])
            .all(|(k, l)| l.text.is_empty() || *k == Some(FurnitureKind::Logo)));
    }

    #[test]
    fn a_page_head_without_numbers_is_layout_but_a_sub_heading_is_not() {
        let page =
            |n: usize, body: &str| format!("NÄMNDEN    PROTOKOLL\nSida {n} av 4\n\nMötesdatum\n2024-05-06\n\n{body}\n");
        let text = [
            page(1, "Beslut\nText ett."),
            page(2, "Beslut\nText två."),
            page(3, "Mer text.\n\nBeslut\nText tre."),
            page(4, "Beslut\nText fyra."),
        ]
        .concat();
        let lines = mark(&text);
        let marked = |t: &str| {
            lines
                .iter()
                .filter(|l| l.text.trim() == t)
                .map(|l| l.furniture.is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(marked("NÄMNDEN    PROTOKOLL"), [false, true, true, true]);
        assert_eq!(marked("Mötesdatum"), [false, true, true, true]);
        assert_eq!(marked("Beslut"), [false; 4], "it also stands away from the page head");
    }

    #[test]
    fn a_list_of_organisations_is_not_a_logo() {
        let lines = mark("Landstinget\nSkellefteå kommun\nUmeå kommun\nRobertsfors kommun\nMalå kommun\n");
        assert!(lines.iter().all(|l| l.furniture.is_none()));
    }
}
