//! The import report: the layout found, what was recognised, the page furniture dropped, what
//! was left over, and the fidelity — the share of the source's non-furniture characters (in
//! words) that were placed in a typed field (a title, notes, a clause, an attendee …). Text kept
//! only verbatim (the meeting's remarks, or an unknown layout's text as one lump) is kept but
//! not placed, so it does not count.

use std::collections::HashMap;

use samverkan_domain::{CostShare, Grant, Protocol, YearlyParameter};
use serde::Serialize;

use crate::furniture::{FurnitureKind, SourceLine};
use crate::header::Header;
use crate::layout::{Layout, Split};
use crate::{PercentKey, SourceFormat, SourceText};

/// A line of the source, by number.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub line: usize,
    pub text: String,
}

/// What an import found and what it left.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file_name: String,
    pub format: SourceFormat,
    pub sha256: String,
    pub layout: Layout,
    /// One line per kind of fact: "18 paragrafer", "23 närvarande", …
    pub recognised: Vec<String>,
    /// Page furniture dropped as layout.
    pub furniture: Vec<(FurnitureKind, SourceRef)>,
    /// Lines of a table of contents, which the rendered protocol regenerates.
    pub contents_lines: usize,
    /// Lines whose words mostly did not end up in any field.
    pub left_over: Vec<SourceRef>,
    /// Things a person should look at: numbering that disagrees, missing facts.
    pub warnings: Vec<String>,
    /// Characters (of words) in the source outside furniture and table of contents.
    pub source_chars: usize,
    /// Of those, the characters found again in the imported fields.
    pub matched_chars: usize,
    /// matched_chars / source_chars, 0–1.
    pub fidelity: f64,
    /// Per item, the source line its heading stands on (where the layout has headings).
    pub item_lines: Vec<Option<usize>>,
    /// What was placed per part of the source: the head, then each item from its heading to
    /// the next (where the layout has headings).
    pub parts: Vec<PartReport>,
}

/// One part of the source and how much of its text was placed in typed fields.
#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    /// "Huvud" or "§ 12 Title".
    pub part: String,
    pub first_line: usize,
    pub last_line: usize,
    /// Characters of words in the part (outside furniture and the table of contents).
    pub source_chars: usize,
    pub placed_chars: usize,
}

impl PartReport {
    pub fn placed_share(&self) -> f64 {
        if self.source_chars == 0 {
            0.0
        } else {
            self.placed_chars as f64 / self.source_chars as f64
        }
    }
}

/// Splits the counted lines into the head and the items by the items' heading lines.
fn parts(counted: &[(usize, usize, usize)], items: &[(usize, String)], last_line: usize) -> Vec<PartReport> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let mut bounds = vec![("Huvud".to_string(), 1, first.0.saturating_sub(1))];
    for (k, (line, name)) in items.iter().enumerate() {
        let end = items.get(k + 1).map_or(last_line, |next| next.0.saturating_sub(1));
        bounds.push((name.clone(), *line, end.max(*line)));
    }
    bounds
        .into_iter()
        .filter(|(_, from, to)| from <= to)
        .map(|(part, first_line, last_line)| {
            let inside = counted.iter().filter(|(n, _, _)| (first_line..=last_line).contains(n));
            let (source_chars, placed_chars) = inside.fold((0, 0), |(t, m), (_, lt, lm)| (t + lt, m + lm));
            PartReport {
                part,
                first_line,
                last_line,
                source_chars,
                placed_chars,
            }
        })
        .collect()
}

/// Lines that only introduce a list or a section.
const STRUCTURAL_LABELS: [&str; 8] = [
    "Bilagor",
    "Protokollet ska skickas till",
    "Föredragande",
    "Närvarande",
    "Närvarande ledamöter",
    "Deltagare",
    "Underskrifter",
    "Innehållsförteckning",
];

pub(crate) struct Inputs<'a> {
    pub source: &'a SourceText,
    pub marked: &'a [SourceLine],
    pub split: &'a Split,
    pub head: &'a Header,
    pub protocol: &'a Protocol,
    pub grants: &'a [(usize, Grant)],
    pub cost_shares: &'a [(usize, CostShare)],
    pub percent_keys: &'a [PercentKey],
    pub yearly_parameters: &'a [(usize, YearlyParameter)],
}

/// Words as the fidelity counts them: runs of letters and digits, lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

pub(crate) fn build(x: Inputs<'_>) -> Report {
    let mut bag: HashMap<String, usize> = HashMap::new();
    let mut add = |text: &str| {
        for w in words(text) {
            *bag.entry(w).or_default() += 1;
        }
    };
    // What was placed: the protocol without its verbatim remarks, and without the lump an
    // unknown layout makes of the whole text.
    let mut placed = x.protocol.clone();
    placed.meeting.remarks.clear();
    if x.split.layout == Layout::Unknown {
        for item in &mut placed.items {
            item.notes.clear();
            item.title.clear();
        }
    }
    add(&placed.canonical_text());
    for consumed in &x.head.consumed {
        add(consumed);
    }
    for (_, grant) in x.grants {
        add(&grant.name);
    }
    for label in &x.split.labels {
        add(&label.text);
    }

    let contents: Vec<usize> = x.split.contents.iter().map(|l| l.number).collect();
    let mut source_chars = 0;
    let mut matched_chars = 0;
    let mut left_over = Vec::new();
    // (line, characters, characters placed) of every counted line, for the parts.
    let mut counted: Vec<(usize, usize, usize)> = Vec::new();
    for line in x
        .marked
        .iter()
        .filter(|l| l.furniture.is_none() && !contents.contains(&l.number))
    {
        let (mut line_total, mut line_matched) = (0, 0);
        // A bare structural label ("Bilagor:") is represented by the fields it introduces.
        let label = STRUCTURAL_LABELS.contains(&line.text.trim().trim_end_matches(':'));
        // Inline markup ("<p>", "<i>", "**") is layout, not words.
        for w in words(&crate::layout::strip_markup(&line.text)) {
            if label {
                let chars = w.chars().count();
                line_total += chars;
                line_matched += chars;
                continue;
            }
            let chars = w.chars().count();
            line_total += chars;
            if let Some(count) = bag.get_mut(&w).filter(|c| **c > 0) {
                *count -= 1;
                line_matched += chars;
            }
        }
        source_chars += line_total;
        matched_chars += line_matched;
        counted.push((line.number, line_total, line_matched));
        if line_total > 0 && line_matched * 2 < line_total {
            left_over.push(SourceRef {
                line: line.number,
                text: line.text.trim().to_string(),
            });
        }
    }

    let p = x.protocol;
    let m = &p.meeting;
    let count = |f: &dyn Fn(&samverkan_domain::Item) -> usize| p.items.iter().map(f).sum::<usize>();
    let mut recognised = vec![
        format!("Organ: {} ({})", p.body.name, p.body.short_name),
        format!(
            "Sammanträde: {}{}{}",
            m.date,
            m.start_time
                .map(|s| format!(
                    " kl. {}–{}",
                    s.format("%H.%M"),
                    m.end_time.map(|e| e.format("%H.%M").to_string()).unwrap_or_default()
                ))
                .unwrap_or_default(),
            m.place.as_deref().map(|pl| format!(", {pl}")).unwrap_or_default()
        ),
        format!("{} rader i närvarolistan", m.attendance.len()),
        format!("{} ärenden/paragrafer", p.items.len()),
        format!("{} föredragande", count(&|i| i.presenters.len())),
        format!(
            "{} beslut med {} att-satser",
            count(&|i| i.decision.is_some() as usize),
            count(&|i| i.decision.as_ref().map_or(0, |d| d.clauses.len()))
        ),
        format!("{} rekommendationer", count(&|i| i.recommendations.len())),
        format!("{} uppdrag", count(&|i| i.assignments.len())),
        format!("{} bilagor", count(&|i| i.attachments.len())),
        format!("{} mottagare av protokollet", count(&|i| i.distribution.len())),
        format!("{} justerare/underskrifter", m.adjustment.adjusters.len()),
    ];
    if !x.grants.is_empty() {
        let rows: usize = x.grants.iter().map(|(_, g)| g.allocations.len()).sum();
        recognised.push(format!("{} bidragstabell(er) med {rows} rader", x.grants.len()));
    }
    for (_, share) in x.cost_shares {
        recognised.push(format!(
            "Kostnadsfördelning: {} av {}",
            share
                .parts
                .iter()
                .map(|p| format!("{} {}", p.payer, p.amount))
                .collect::<Vec<_>>()
                .join(", "),
            share.total
        ));
    }
    for key in x.percent_keys {
        recognised.push(format!(
            "Fördelningsnyckel i § {}: {}",
            key.item,
            key.parts
                .iter()
                .map(|(w, pc)| format!("{w} {pc} %"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (_, parameter) in x.yearly_parameters {
        recognised.push(format!(
            "Årlig parameter {}: {} {}",
            parameter.year,
            parameter.value,
            parameter.unit.as_deref().unwrap_or("")
        ));
    }
    if !m.next_meetings.is_empty() {
        recognised.push(format!(
            "Kommande sammanträden: {}",
            m.next_meetings
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    let mut warnings = Vec::new();
    let contents_numbers: Vec<String> = x
        .split
        .contents
        .iter()
        .filter_map(|l| {
            let t = l.trimmed().trim_start_matches('-').trim();
            let rest = t.strip_prefix('§')?;
            Some(rest.trim().split(|c: char| !c.is_ascii_digit()).next()?.to_string())
        })
        .collect();
    let item_numbers: Vec<String> = p
        .items
        .iter()
        .filter(|i| i.number.parent().is_none())
        .map(|i| i.number.leading_number().to_string())
        .collect();
    if !contents_numbers.is_empty() && contents_numbers != item_numbers {
        warnings.push(format!(
            "Innehållsförteckningen och protokollet numrerar olika: förteckningen {}, protokollet {}. Båda paragraferna behålls som de står.",
            contents_numbers.join(", "),
            item_numbers.join(", ")
        ));
    }
    if m.attendance.is_empty() {
        warnings.push("Ingen närvarolista hittades.".into());
    }
    if p.body.name == x.source.file_name {
        warnings.push("Organet kunde inte läsas ur texten; filnamnet används. Ange det med --body.".into());
    } else if crate::reader::names::looks_like_person(&p.body.name) {
        warnings.push(format!(
            "Organets namn ({}) ser ut som ett personnamn; kontrollera det.",
            p.body.name
        ));
    }
    match m.source.as_ref().map(|s| s.date_basis) {
        Some(samverkan_domain::DateBasis::FileName) => {
            warnings.push(format!("Sammanträdesdatumet ({}) stod inte i texten utan har hämtats ur filnamnet.", m.date))
        }
        Some(samverkan_domain::DateBasis::Unknown) => warnings.push(
            "Inget sammanträdesdatum hittades: protokollet sparas som import att granska, med importdagen som datum. Ange datumet med --date.".into(),
        ),
        _ => {}
    }
    let notes_len = |i: &samverkan_domain::Item| i.notes.iter().map(String::len).sum::<usize>();
    let total_notes: usize = p.items.iter().map(notes_len).sum();
    if p.items.len() >= 3 {
        if let Some(big) = p.items.iter().max_by_key(|i| notes_len(i)) {
            if notes_len(big) * 10 > total_notes * 7 {
                warnings.push(format!(
                    "Ärende {} innehåller det mesta av texten; kontrollera var ärendena börjar.",
                    big.number.as_str()
                ));
            }
        }
    }
    if x.split.layout == Layout::Unknown {
        warnings.push("Okänd layout: texten har lagts in som ett enda ärende.".into());
    }

    Report {
        file_name: x.source.file_name.clone(),
        format: x.source.format,
        sha256: x.source.sha256.clone(),
        layout: x.split.layout,
        recognised,
        furniture: x
            .marked
            .iter()
            .filter_map(|l| {
                l.furniture.map(|k| {
                    (
                        k,
                        SourceRef {
                            line: l.number,
                            text: l.text.trim().to_string(),
                        },
                    )
                })
            })
            .collect(),
        contents_lines: x.split.contents.len(),
        left_over,
        warnings,
        source_chars,
        matched_chars,
        fidelity: if source_chars == 0 {
            1.0
        } else {
            matched_chars as f64 / source_chars as f64
        },
        item_lines: x.split.items.iter().map(|i| i.line).collect(),
        parts: parts(
            &counted,
            &x.split
                .items
                .iter()
                .zip(&x.protocol.items)
                .filter_map(|(raw, item)| Some((raw.line?, format!("§ {} {}", item.number, item.title))))
                .collect::<Vec<_>>(),
            x.marked.len(),
        ),
    }
}

impl Report {
    /// The report as the CLI prints it, in Swedish.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "Fil: {} ({:?}, SHA-256 {})\n",
            self.file_name, self.format, self.sha256
        ));
        out.push_str(&format!("Layout: {}\n", self.layout.label_sv()));
        out.push_str("Känt igen:\n");
        for line in &self.recognised {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str(&format!(
            "Sidlayout borttagen: {} rader (logotyper, sidfötter, sidhuvuden); innehållsförteckning: {} rader\n",
            self.furniture.len(),
            self.contents_lines
        ));
        for warning in &self.warnings {
            out.push_str(&format!("Obs: {warning}\n"));
        }
        out.push_str(&format!(
            "Återgivning: {:.2} % ({} av {} tecken i ord)\n",
            self.fidelity * 100.0,
            self.matched_chars,
            self.source_chars
        ));
        if !self.parts.is_empty() {
            out.push_str("Placerat per del:\n");
            for part in &self.parts {
                out.push_str(&format!(
                    "  rad {}–{} {}: {:.0} % av {} tecken\n",
                    part.first_line,
                    part.last_line,
                    part.part.chars().take(60).collect::<String>(),
                    part.placed_share() * 100.0,
                    part.source_chars
                ));
            }
        }
        if !self.left_over.is_empty() {
            out.push_str("Inte återfunnet i något fält:\n");
            for r in &self.left_over {
                out.push_str(&format!("  rad {}: {}\n", r.line, r.text));
            }
        }
        out
    }
}
