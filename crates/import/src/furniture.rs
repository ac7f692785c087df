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
    mark_logos(&mut lines);
    lines
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
            // "Ett samarbete mellan" introduces the logos that follow it.
            let intro = lines[..first].iter().rposition(|l| !l.text.trim().is_empty());
            if let Some(intro) = intro.filter(|i| lines[*i].text.trim().ends_with("mellan")) {
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
    fn a_list_of_organisations_is_not_a_logo() {
        let lines = mark("Landstinget\nSkellefteå kommun\nUmeå kommun\nRobertsfors kommun\nMalå kommun\n");
        assert!(lines.iter().all(|l| l.furniture.is_none()));
    }
}
