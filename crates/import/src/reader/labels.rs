//! The labels of a Swedish protocol head and of its notice (anslag/bevis) block, and the split of
//! a head into labelled segments — on separate lines, side by side, or run together in one
//! paragraph as PDF-to-text of hosting sites gives them.

use std::sync::LazyLock;

use regex::Regex;

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PlaceTime,
    Place,
    Time,
    Date,
    Organ,
    /// Members who decide (beslutande, ledamöter, närvarande).
    Voting,
    /// Substitutes who serve (tjänstgörande ersättare).
    Serving,
    /// Substitutes present without serving, and plain "Ersättare".
    Substitutes,
    /// Officials and guests (övriga deltagare, tjänstemän, adjungerade).
    Others,
    Absent,
    /// Those who sent their apologies (anmält förhinder).
    Apologies,
    /// Who is to adjust (utses att justera, justerare).
    Adjusters,
    /// Where and when the protocol is adjusted.
    Adjustment,
    Signatures,
    Secretary,
    Chair,
    /// "Justerande" in the signature block.
    Adjuster,
    Paragraphs,
    /// The notice block: its dates are not the meeting's.
    Notice,
    /// A label whose value is not kept as a field ("Utdragsbestyrkande", "Program").
    Other,
}

impl Kind {
    /// Lists of persons who are at the meeting.
    pub fn is_attendance(self) -> bool {
        matches!(
            self,
            Kind::Voting | Kind::Serving | Kind::Substitutes | Kind::Others | Kind::Absent | Kind::Apologies
        )
    }
}

/// Labels, longest first within each kind's alternatives. Role labels (`Sekreterare`,
/// `Ordförande`, `Justerande`, `Ersättare`) only count where they do not follow a name as its role.
const LABELS: &[(&str, Kind)] = &[
    ("Plats och tid", Kind::PlaceTime),
    ("Tid och plats", Kind::PlaceTime),
    ("Sammanträdesdatum", Kind::Date),
    ("Sammanträdes datum", Kind::Date),
    ("Mötesdatum", Kind::Date),
    ("Datum och tid", Kind::Time),
    ("Plats", Kind::Place),
    ("Lokal", Kind::Place),
    ("Tid", Kind::Time),
    ("Datum", Kind::Date),
    ("Beslutande organ", Kind::Organ),
    ("Organ och §§", Kind::Organ),
    ("Organ", Kind::Organ),
    ("Nämnd/Styrelse", Kind::Organ),
    ("Nämnd", Kind::Organ),
    ("Närvarande, ej tjg ers", Kind::Substitutes),
    ("Närvarande ej tjänstgörande ersättare", Kind::Substitutes),
    ("Närvarande, ej tjänstgörande ersättare", Kind::Substitutes),
    ("Icke tjänstgörande ersättare", Kind::Substitutes),
    ("Ej tjänstgörande ersättare", Kind::Substitutes),
    ("Icke beslutande ersättare", Kind::Substitutes),
    ("Närvarande ersättare", Kind::Serving),
    ("Tjänstgörande ersättare", Kind::Serving),
    ("Beslutande ersättare", Kind::Serving),
    ("Beslutande ledamöter", Kind::Voting),
    ("Beslutandeledamöter", Kind::Voting),
    ("Närvarande ledamöter", Kind::Voting),
    ("Ordinarie ledamöter", Kind::Voting),
    ("Beslutande", Kind::Voting),
    ("Ledamöter", Kind::Voting),
    ("Närvarande", Kind::Voting),
    ("Deltagare", Kind::Voting),
    ("Ersättare", Kind::Substitutes),
    ("Övriga deltagare och föredragande", Kind::Others),
    ("Övriga deltagare", Kind::Others),
    ("Övriga deltagande", Kind::Others),
    ("Övriga närvarande", Kind::Others),
    ("Övriga", Kind::Others),
    ("Närvarande tjänstemän", Kind::Others),
    ("Tjänstemän", Kind::Others),
    ("Tjänstepersoner", Kind::Others),
    ("I tjänsten", Kind::Others),
    ("Särskilt inbjudna", Kind::Others),
    ("Inbjudna", Kind::Others),
    ("Inbjudna gäster", Kind::Others),
    ("Adjungerade", Kind::Others),
    ("Adjungerad", Kind::Others),
    ("Föredragande", Kind::Others),
    ("Frånvarande ledamöter", Kind::Absent),
    ("Frånvarande", Kind::Absent),
    ("Anmält förhinder", Kind::Apologies),
    ("Förhinder", Kind::Apologies),
    ("Justeringens plats och tid", Kind::Adjustment),
    ("Justeringens plats och datum", Kind::Adjustment),
    ("Justeringens tid och plats", Kind::Adjustment),
    ("Justeringens plats", Kind::Adjustment),
    ("Justering, plats och tid", Kind::Adjustment),
    ("Utses att justera", Kind::Adjusters),
    ("Utsedd att justera", Kind::Adjusters),
    ("Utsedda att justera", Kind::Adjusters),
    ("Justerare", Kind::Adjusters),
    ("Protokollet har justerats av", Kind::Signatures),
    ("Underskrifter", Kind::Signatures),
    ("Under-\nskrifter", Kind::Signatures),
    ("Underskrift", Kind::Notice),
    ("Sekreterare", Kind::Secretary),
    ("Ordförande", Kind::Chair),
    ("Justerande", Kind::Adjuster),
    ("Paragrafer", Kind::Paragraphs),
    ("Paragrafnummer", Kind::Paragraphs),
    ("Paragraf", Kind::Paragraphs),
    ("Omfattning", Kind::Paragraphs),
    ("ANSLAG/BEVIS", Kind::Notice),
    ("ANSLAG / BEVIS", Kind::Notice),
    ("BEVIS", Kind::Notice),
    ("Anslag/Bevis", Kind::Notice),
    ("Datum då anslaget sätts upp", Kind::Notice),
    ("Datum då anslaget tas ned", Kind::Notice),
    ("Datum när anslaget sätts upp", Kind::Notice),
    ("Datum när anslaget tas ned", Kind::Notice),
    ("Datum för anslags uppsättande", Kind::Notice),
    ("Datum för anslags nedtagande", Kind::Notice),
    ("Anslaget sätts upp", Kind::Notice),
    ("Anslaget tas ned", Kind::Notice),
    ("Anslaget uppsättes", Kind::Notice),
    ("Anslaget nedtages", Kind::Notice),
    ("Anslag uppsättes", Kind::Notice),
    ("Anslag nedtages", Kind::Notice),
    ("Anslag nedtages tidigast", Kind::Notice),
    ("Tid för anslag", Kind::Notice),
    ("Förvaringsplats för protokollet", Kind::Notice),
    ("Förvaringsplats", Kind::Notice),
    ("Utdragsbestyrkande", Kind::Other),
    ("Program", Kind::Other),
];

/// Labels that are also the role a person holds, written after the name.
const ROLE_LABELS: &[&str] = &["Sekreterare", "Ordförande", "Justerande", "Ersättare", "Justerare"];

/// A labelled part of the head.
#[derive(Debug, Clone)]
pub struct Segment {
    pub kind: Kind,
    pub label: String,
    /// Byte range of the label and of its value (up to the next label) in the head text.
    pub label_start: usize,
    pub value_start: usize,
    pub value_end: usize,
}

static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut labels: Vec<&str> = LABELS.iter().map(|(l, _)| *l).collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let alternation = labels
        .iter()
        .map(|l| regex::escape(l).replace("\\n", r"\s*").replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!("(?i)(?:{alternation})")).unwrap()
});

fn kind_of(found: &str) -> Option<(&'static str, Kind)> {
    let squashed = found.split_whitespace().collect::<Vec<_>>().join(" ");
    LABELS
        .iter()
        .find(|(l, _)| {
            l.replace('\n', "")
                .replace("- ", "-")
                .eq_ignore_ascii_case(&squashed.replace("- ", "-"))
                || l.to_lowercase() == squashed.to_lowercase()
        })
        .map(|(l, k)| (*l, *k))
}

/// The labelled segments of `text`, in order. A label must begin with a capital letter, stand
/// at a word boundary, and not be the role written after a person's name.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut found: Vec<(usize, usize, &'static str, Kind)> = Vec::new();
    for m in LABEL_RE.find_iter(text) {
        let s = m.as_str();
        if !s.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-') {
            continue;
        }
        let after = text[m.end()..].chars().next();
        if after.is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        let Some((label, kind)) = kind_of(s) else { continue };
        // Upper-case labels are only the notice block's and those written in capitals throughout.
        if ROLE_LABELS.contains(&label) && is_role_position(text, m.start()) {
            continue;
        }
        // "Tid" and "Plats" inside a sentence ("Tid för anslag" is its own label) are words.
        if matches!(kind, Kind::Time | Kind::Place | Kind::Date | Kind::Organ)
            && !starts_field(text, m.start(), m.end())
        {
            continue;
        }
        found.push((m.start(), m.end(), label, kind));
    }
    let mut out = Vec::new();
    for (k, (start, end, label, kind)) in found.iter().enumerate() {
        let value_end = found.get(k + 1).map(|f| f.0).unwrap_or(text.len());
        let mut value_start = *end;
        while text[value_start..].starts_with([':', ' ', '\t']) {
            value_start += 1;
        }
        out.push(Segment {
            kind: *kind,
            label: label.to_string(),
            label_start: *start,
            value_start: value_start.min(value_end),
            value_end,
        });
    }
    out
}

/// A role word right after a name and its comma or party ("Anna Berg (S), Ordförande").
fn is_role_position(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    if before.ends_with(',') {
        return true;
    }
    let line_start = !before.contains('\n') || before.ends_with('\n') || before.is_empty();
    if line_start && before.ends_with('\n') {
        return false;
    }
    // "… (M) Ordförande" and "… Karlsson Ordförande" in one run: a role when the word before is
    // part of a name, a party, or a role's qualifier ("1:e vice").
    let last = before.split_whitespace().last().unwrap_or("");
    last.ends_with(')') || last.eq_ignore_ascii_case("vice")
}

/// Whether a short label like "Tid" or "Plats" starts a field: at a line start or after a
/// colon-free gap, followed by a colon, a value on the same line or a line break.
fn starts_field(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let line_start = before.is_empty() || before.ends_with('\n') || text[..start].ends_with("  ");
    let rest = &text[end..];
    let colon = rest.starts_with(':');
    line_start || colon || before.ends_with(|c: char| c.is_ascii_digit() || c == ')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_on_lines_and_run_together() {
        let text = "Plats och tid: Rådhuset kl. 13.00\nBeslutande:\nAnna Berg (S), Ordförande\nUtses att justeraOla Ek";
        let kinds: Vec<Kind> = segments(text).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::PlaceTime, Kind::Voting, Kind::Adjusters]);
        let run = "1 Plats och tid Rådhuset Beslutande Anna Berg (S) ordförande Ersättare Ola Ek (M) Övriga deltagare Eva Lund, sekreterare";
        let kinds: Vec<Kind> = segments(run).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::PlaceTime, Kind::Voting, Kind::Substitutes, Kind::Others]);
    }
}
