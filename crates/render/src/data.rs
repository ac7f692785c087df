//! The plain data a template prints: every line already in the words of a Swedish protocol.

use samverkan_domain::swedish_time;
use samverkan_domain::*;
use serde::Serialize;

/// Who the document is for: the public sees confidential items by number only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Members,
}

#[derive(Serialize)]
pub struct Document {
    /// "SAMMANTRÄDESPROTOKOLL", "KALLELSE", "PROTOKOLLSUTDRAG".
    kind: &'static str,
    title: String,
    body_name: String,
    short_name: String,
    date: String,
    facts: Vec<(String, String)>,
    voting: Vec<String>,
    others: Vec<String>,
    absent: Vec<String>,
    /// Signature lines: (role, name, approval).
    signatures: Vec<(String, String, String)>,
    paragraphs: Option<String>,
    show_outline: bool,
    items: Vec<ItemData>,
    next_meetings: Vec<String>,
    verification: Option<Verification>,
    /// An extract's certification: "Rätt utdraget intygar" with who and when.
    certification: Option<(String, String)>,
    /// Where the template finds the body's logo, when it has one.
    logo: Option<&'static str>,
    adjusted: bool,
}

impl Document {
    /// The document with the body's logo in its head.
    pub fn with_logo(mut self, logo: Option<&crate::Logo>) -> Document {
        self.logo = logo.map(|l| l.path());
        self
    }
}

#[derive(Serialize)]
struct ItemData {
    heading: String,
    presenters: Vec<String>,
    notes: Vec<String>,
    /// Beslutsunderlag, yrkanden, propositionsordning, omröstning: headed, before the decision.
    before: Vec<Section>,
    preamble: Option<String>,
    clauses: Vec<String>,
    /// Reservationer and protokollsanteckningar, after the decision.
    after: Vec<Section>,
    recommendations: Vec<String>,
    assignments: Vec<String>,
    outcome: Option<String>,
    attachments: Vec<String>,
    distribution: Option<String>,
}

#[derive(Serialize)]
struct Verification {
    sha256: String,
    locked_at: String,
    approvals: Vec<String>,
    url: Option<String>,
}

fn time_span(meeting: &Meeting) -> Option<String> {
    let start = meeting.start_time?.format("%H.%M").to_string();
    Some(match meeting.end_time {
        Some(end) => format!("kl. {start}–{}", end.format("%H.%M")),
        None => format!("kl. {start}"),
    })
}

fn presence(presence: &Presence) -> Option<String> {
    match presence {
        Presence::Whole => None,
        Presence::OnlyItems { items } => Some(items.join(", ")),
        Presence::ExceptItems { items } => Some(format!("ej {}", items.join(", "))),
        Presence::PartOfMeeting { note } => Some(note.clone().unwrap_or_else(|| "del av mötet".into())),
    }
}

fn attendance_line(a: &Attendance, organisations: bool) -> String {
    let mut parts = vec![a.name.clone().unwrap_or_else(|| "–".into())];
    parts.extend(a.role.map(|r| r.label_sv().to_string()));
    if organisations {
        parts.extend(a.title.clone());
        parts.extend(a.organisation.clone());
    }
    parts.extend(presence(&a.presence));
    parts.join(", ")
}

fn due(due: &Due) -> String {
    match due {
        Due::Date { date } => format!(", senast {date}"),
        Due::Month { year, month } => format!(", senast {year}-{month:02}"),
        Due::Meeting { .. } => ", till ett senare sammanträde".into(),
        Due::NextMeeting => ", till nästa sammanträde".into(),
    }
}

fn item_data(item: &Item, audience: Audience, agenda_only: bool) -> ItemData {
    let heading = |title: &str| format!("§ {} {title}", item.number);
    if item.confidential && audience == Audience::Public {
        return ItemData {
            heading: heading(CONFIDENTIAL_TITLE),
            presenters: vec![],
            notes: vec!["Ärendet omfattas av sekretess och redovisas inte här.".into()],
            before: vec![],
            preamble: None,
            clauses: vec![],
            after: vec![],
            recommendations: vec![],
            assignments: vec![],
            outcome: None,
            attachments: vec![],
            distribution: None,
        };
    }
    let presenters = item
        .presenters
        .iter()
        .map(|p| match &p.description {
            Some(d) => format!("{}, {d}", p.name),
            None => p.name.clone(),
        })
        .collect();
    if agenda_only {
        return ItemData {
            heading: heading(&item.title),
            presenters,
            notes: vec![],
            before: vec![],
            preamble: None,
            clauses: vec![],
            after: vec![],
            recommendations: vec![],
            assignments: vec![],
            outcome: None,
            attachments: item
                .attachments
                .iter()
                .map(|a| format!("{}: {}", a.label, a.title))
                .collect(),
            distribution: None,
        };
    }
    ItemData {
        heading: heading(&item.title),
        presenters,
        notes: item.notes.clone(),
        before: item.proceedings.sections_before_decision(),
        preamble: item.decision.as_ref().and_then(|d| d.preamble.clone()),
        clauses: item
            .decision
            .iter()
            .flat_map(|d| {
                d.clauses.iter().map(|c| match &c.label {
                    Some(label) => format!("{label}. {}", c.text),
                    None => c.text.clone(),
                })
            })
            .collect(),
        after: item.proceedings.sections_after_decision(),
        recommendations: item
            .recommendations
            .iter()
            .map(|r| {
                let to: Vec<&str> = r.addressees.iter().map(Addressee::name).collect();
                format!("Till {}: {}", to.join(", "), r.text)
            })
            .collect(),
        assignments: item
            .assignments
            .iter()
            .map(|a| {
                format!(
                    "{}: {}{}",
                    a.assignee,
                    a.task,
                    a.due.as_ref().map(due).unwrap_or_default()
                )
            })
            .collect(),
        outcome: match &item.outcome {
            Some(ItemOutcome::Tabled { until }) => Some(format!(
                "Ärendet bordläggs{}.",
                until.as_ref().map(due).unwrap_or_default()
            )),
            Some(ItemOutcome::Noted) => Some("Informationen läggs till handlingarna.".into()),
            Some(ItemOutcome::Discussed { returns: Some(d) }) => {
                Some(format!("Ärendet återkommer{}.", due(d).trim_start_matches(',')))
            }
            _ => None,
        },
        attachments: item
            .attachments
            .iter()
            .map(|a| format!("{}: {}", a.label, a.title))
            .collect(),
        distribution: (!item.distribution.is_empty()).then(|| item.distribution.join(", ")),
    }
}

fn base(protocol: &Protocol, kind: &'static str) -> Document {
    let m = &protocol.meeting;
    let mut facts = Vec::new();
    let when = match time_span(m) {
        Some(time) => format!("{} {time}", m.date),
        None => m.date.to_string(),
    };
    facts.push(("Tid".to_string(), when));
    if let Some(place) = &m.place {
        facts.push(("Plats".to_string(), place.clone()));
    }
    if let Some(link) = &m.video_link {
        facts.push(("Videolänk".to_string(), link.clone()));
    }
    Document {
        kind,
        title: format!("{} {} {}", kind_word(kind), protocol.body.short_name, m.date),
        body_name: protocol.body.name.clone(),
        short_name: protocol.body.short_name.clone(),
        date: m.date.to_string(),
        facts,
        voting: vec![],
        others: vec![],
        absent: vec![],
        signatures: vec![],
        certification: None,
        logo: None,
        paragraphs: None,
        show_outline: false,
        items: vec![],
        next_meetings: m.next_meetings.iter().map(|d| d.to_string()).collect(),
        verification: None,
        adjusted: m.status.is_locked(),
    }
}

fn kind_word(kind: &str) -> &'static str {
    match kind {
        "KALLELSE" => "Kallelse",
        "PROTOKOLLSUTDRAG" => "Protokollsutdrag",
        _ => "Protokoll",
    }
}

fn verification(protocol: &Protocol, url: Option<&str>) -> Option<Verification> {
    let adjustment = &protocol.meeting.adjustment;
    let sha256 = adjustment.content_sha256.clone()?;
    Some(Verification {
        sha256,
        locked_at: adjustment
            .locked_at
            .map(swedish_time::format_swedish)
            .unwrap_or_default(),
        approvals: adjustment
            .adjusters
            .iter()
            .map(|a| match a.approved_at {
                Some(at) => format!(
                    "{} ({}) godkände {}",
                    a.name,
                    a.role.label_sv().to_lowercase(),
                    swedish_time::format_swedish(at)
                ),
                None => format!("{} ({}) har inte godkänt", a.name, a.role.label_sv().to_lowercase()),
            })
            .collect(),
        url: url.map(str::to_string),
    })
}

fn paragraphs(items: &[Item]) -> Option<String> {
    let first = items.first()?.number.as_str().to_string();
    let last = items.last()?.number.as_str().to_string();
    Some(if first == last {
        first
    } else {
        format!("{first}–{last}")
    })
}

pub fn protocol(protocol: &Protocol, audience: Audience, verify_url: Option<&str>) -> Document {
    let m = &protocol.meeting;
    let mut doc = base(protocol, "SAMMANTRÄDESPROTOKOLL");
    for a in &m.attendance {
        let line = attendance_line(a, true);
        match (a.status, a.voting) {
            (AttendanceStatus::Present, true) => doc.voting.push(line),
            (AttendanceStatus::Present, false) => doc.others.push(line),
            (AttendanceStatus::Apologies, _) => doc.absent.push(format!("{line} (anmält förhinder)")),
            (AttendanceStatus::Absent, _) => doc.absent.push(line),
        }
    }
    if let Some(secretary) = &m.secretary {
        doc.signatures
            .push(("Sekreterare".into(), secretary.clone(), String::new()));
    }
    for a in &m.adjustment.adjusters {
        let approved = a
            .approved_at
            .map(|t| format!("godkänt {}", t.format("%Y-%m-%d")))
            .unwrap_or_default();
        doc.signatures
            .push((a.role.label_sv().to_string(), a.name.clone(), approved));
    }
    let adjusters: Vec<&str> = m
        .adjustment
        .adjusters
        .iter()
        .filter(|a| a.role == AdjusterRole::Adjuster)
        .map(|a| a.name.as_str())
        .collect();
    if !adjusters.is_empty() {
        doc.facts.push(("Utses att justera".into(), adjusters.join(", ")));
    }
    let adjustment_when = [m.adjustment.place.clone(), m.adjustment.date.map(|d| d.to_string())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !adjustment_when.is_empty() {
        doc.facts.push(("Justeringens plats och tid".into(), adjustment_when));
    }
    doc.paragraphs = paragraphs(&protocol.items);
    doc.show_outline = protocol.items.len() > 3;
    doc.items = protocol.items.iter().map(|i| item_data(i, audience, false)).collect();
    doc.verification = verification(protocol, verify_url);
    doc
}

pub fn notice(protocol: &Protocol) -> Document {
    let mut doc = base(protocol, "KALLELSE");
    doc.items = protocol
        .items
        .iter()
        .map(|i| item_data(i, Audience::Public, true))
        .collect();
    doc.next_meetings.clear();
    doc
}

pub fn extract(protocol: &Protocol, item: ItemId, verify_url: Option<&str>) -> Option<Document> {
    let item = protocol.items.iter().find(|i| i.id == item)?;
    let mut doc = base(protocol, "PROTOKOLLSUTDRAG");
    doc.title = format!(
        "Protokollsutdrag {} {} § {}",
        protocol.body.short_name, protocol.meeting.date, item.number
    );
    doc.items = vec![item_data(item, Audience::Members, false)];
    doc.verification = verification(protocol, verify_url);
    // The protocol's secretary certifies the extract as of the adjustment it is drawn from:
    // the same locked content gives the same extract, whenever it is printed.
    let m = &protocol.meeting;
    let when = m
        .adjustment
        .locked_at
        .map(|at| samverkan_domain::swedish_time::swedish_local(at).date())
        .or(m.adjustment.date)
        .unwrap_or(m.date);
    doc.certification = m.status.is_locked().then(|| {
        (
            m.secretary.clone().unwrap_or_else(|| "Sekreteraren".to_string()),
            when.to_string(),
        )
    });
    doc.next_meetings.clear();
    Some(doc)
}
