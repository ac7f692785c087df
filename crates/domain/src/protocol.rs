//! The protocol: a meeting with its items, as one aggregate, and its canonical text and hash.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{AttendanceStatus, Body, Due, Item, ItemOutcome, Meeting, Presence, Section};

/// A meeting's whole minutes: the body, the meeting and its items in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protocol {
    pub body: Body,
    pub meeting: Meeting,
    pub items: Vec<Item>,
}

impl Protocol {
    /// The protocol's content as plain text, one fact per line, in a fixed order.
    ///
    /// Only what the minutes say goes in (no ids, versions or status), so the text, and the
    /// hash of it that locks an adjusted protocol, stay the same in every backend and export.
    pub fn canonical_text(&self) -> String {
        let m = &self.meeting;
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(format!("Organ: {} ({})", self.body.name, self.body.short_name));
        line(format!("Datum: {}", m.date));
        if let Some(start) = m.start_time {
            let end = m
                .end_time
                .map(|e| format!(" – {}", e.format("%H.%M")))
                .unwrap_or_default();
            line(format!("Tid: {}{end}", start.format("%H.%M")));
        }
        if let Some(place) = &m.place {
            line(format!("Plats: {place}"));
        }
        if let Some(link) = &m.video_link {
            line(format!("Videolänk: {link}"));
        }
        for a in &m.attendance {
            let status = match a.status {
                AttendanceStatus::Present => "närvarande",
                AttendanceStatus::Absent => "frånvarande",
                AttendanceStatus::Apologies => "anmält förhinder",
            };
            let presence = match &a.presence {
                Presence::Whole => String::new(),
                Presence::OnlyItems { items } => format!(", endast {}", items.join(", ")),
                Presence::ExceptItems { items } => format!(", ej {}", items.join(", ")),
                Presence::PartOfMeeting { note } => format!(
                    ", del av mötet{}",
                    note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default()
                ),
            };
            line(format!(
                "{}: {}{}{}{}, {status}{presence}",
                if a.voting { "Beslutande" } else { "Övrig deltagare" },
                a.name.as_deref().unwrap_or("-"),
                a.title.as_deref().map(|t| format!(", {t}")).unwrap_or_default(),
                a.organisation.as_deref().map(|o| format!(", {o}")).unwrap_or_default(),
                a.role.map(|r| format!(", {}", r.label_sv())).unwrap_or_default(),
            ));
        }
        if let Some(secretary) = &m.secretary {
            line(format!("Sekreterare: {secretary}"));
        }
        for adjuster in &m.adjustment.adjusters {
            line(format!("{}: {}", adjuster.role.label_sv(), adjuster.name));
        }
        if let Some(place) = &m.adjustment.place {
            line(format!("Justeringens plats: {place}"));
        }
        if let Some(date) = m.adjustment.date {
            line(format!("Justeringens datum: {date}"));
        }
        for item in &self.items {
            write_item(&mut line, item, m.confidential_key.as_deref());
        }
        for date in &m.next_meetings {
            line(format!("Nästa sammanträde: {date}"));
        }
        for remark in &m.remarks {
            line(format!("Anteckning: {remark}"));
        }
        out
    }

    /// SHA-256 of [`Protocol::canonical_text`], as lowercase hex.
    pub fn content_sha256(&self) -> String {
        hex::encode(Sha256::digest(self.canonical_text().as_bytes()))
    }
}

/// What stands in the canonical text, and so in every public copy, for a confidential item.
pub const CONFIDENTIAL_TITLE: &str = "Sekretessbelagt ärende";

/// A confidential item is written as its number and a digest of its content: the public text
/// never carries what it says, yet the protocol's hash still binds every word of it. With the
/// protocol's secret key the digest is an HMAC-SHA256, which nobody without the key can match
/// against a guess; protocols locked before keys existed keep their plain SHA-256.
fn write_item(line: &mut impl FnMut(String), item: &Item, key: Option<&str>) {
    if item.confidential {
        let content = item_content(item);
        line(format!("§ {} {CONFIDENTIAL_TITLE}", item.number));
        match key {
            Some(key) => {
                use hmac::{Hmac, Mac};
                let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
                mac.update(content.as_bytes());
                line(format!(
                    "  Sekretess, innehållets HMAC-SHA256 med protokollets nyckel: {}",
                    hex::encode(mac.finalize().into_bytes())
                ));
            }
            None => line(format!(
                "  Sekretess, innehållets SHA-256: {}",
                hex::encode(Sha256::digest(content.as_bytes()))
            )),
        }
    } else {
        write_item_content(line, item);
    }
}

/// An item's content as the canonical text would write it, as one string.
fn item_content(item: &Item) -> String {
    let mut content = String::new();
    write_item_content(
        &mut |l: String| {
            content.push_str(l.trim_end());
            content.push('\n');
        },
        item,
    );
    content
}

fn write_item_content(line: &mut impl FnMut(String), item: &Item) {
    line(format!("§ {} {}", item.number, item.title));
    for p in &item.presenters {
        line(format!(
            "  Föredragande: {}{}",
            p.name,
            p.description.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
        ));
    }
    for note in &item.notes {
        line(format!("  {note}"));
    }
    // Written only when present, so the text (and hash) of a protocol without them is unchanged.
    for l in item
        .proceedings
        .sections_before_decision()
        .iter()
        .flat_map(Section::lines)
    {
        line(format!("  {l}"));
    }
    if let Some(decision) = &item.decision {
        if let Some(preamble) = &decision.preamble {
            line(format!("  {preamble}"));
        }
        for clause in &decision.clauses {
            let label = clause.label.as_deref().map(|l| format!("{l} ")).unwrap_or_default();
            line(format!("  {label}{}", clause.text));
        }
    }
    for l in item
        .proceedings
        .sections_after_decision()
        .iter()
        .flat_map(Section::lines)
    {
        line(format!("  {l}"));
    }
    for r in &item.recommendations {
        let to: Vec<String> = r.addressees.iter().map(|a| a.name().to_string()).collect();
        line(format!("  Rekommendation till {}: {}", to.join(", "), r.text));
    }
    for a in &item.assignments {
        line(format!(
            "  Uppdrag till {}: {}{}",
            a.assignee,
            a.task,
            a.due.as_ref().map(due_text).unwrap_or_default()
        ));
    }
    match &item.outcome {
        Some(ItemOutcome::Tabled { until }) => line(format!(
            "  Bordlagt{}",
            until.as_ref().map(due_text).unwrap_or_default()
        )),
        Some(ItemOutcome::Discussed { returns: Some(due) }) => line(format!("  Återkommer{}", due_text(due))),
        Some(ItemOutcome::Noted) => line("  Läggs till handlingarna".to_string()),
        _ => {}
    }
    for attachment in &item.attachments {
        line(format!("  {}: {}", attachment.label, attachment.title));
    }
    if !item.distribution.is_empty() {
        line(format!(
            "  Protokollet ska skickas till: {}",
            item.distribution.join(", ")
        ));
    }
}

fn due_text(due: &Due) -> String {
    match due {
        Due::Date { date } => format!(" senast {date}"),
        Due::Month { year, month } => format!(" senast {year}-{month:02}"),
        Due::Meeting { meeting_id } => format!(" till sammanträde {meeting_id}"),
        Due::NextMeeting => " till nästa sammanträde".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BodyId, ItemNumber, NumberingRule};

    fn protocol(notes: &str) -> Protocol {
        let mut secret = Item::new(ItemNumber::paragraph(7), "Ärende om Namn Namnsson");
        secret.notes = vec![notes.to_string()];
        secret.confidential = true;
        Protocol {
            body: Body {
                id: BodyId(1),
                name: "Testorganet".into(),
                short_name: "TO".into(),
                parent_id: None,
                county_code: None,
                numbering: NumberingRule::PerYear,
                description: None,
                notice_days: 21,
                logo_sha256: None,
            },
            meeting: Meeting::plan(BodyId(1), "2026-02-02".parse().unwrap(), None, None, None).unwrap(),
            items: vec![Item::new(ItemNumber::paragraph(6), "Öppet ärende"), secret],
        }
    }

    #[test]
    fn canonical_text_binds_a_confidential_item_without_revealing_it() {
        let text = protocol("Uppgifter om hälsa.").canonical_text();
        assert!(text.contains("§ 6 Öppet ärende"));
        assert!(text.contains("§ 7 Sekretessbelagt ärende"));
        assert!(!text.contains("Namnsson"));
        assert!(!text.contains("hälsa"));
        assert_ne!(
            protocol("Uppgifter om hälsa.").content_sha256(),
            protocol("Andra uppgifter.").content_sha256(),
            "the hash still covers the confidential content"
        );
    }

    #[test]
    fn with_a_key_a_guess_of_the_confidential_content_cannot_be_confirmed() {
        // What anyone could compute from a guess of the item's text.
        let guess_digest = |p: &Protocol| hex::encode(Sha256::digest(item_content(&p.items[1]).as_bytes()));
        let legacy = protocol("Uppgifter om hälsa.");
        assert!(
            legacy.canonical_text().contains(&guess_digest(&legacy)),
            "without a key, a guess can be checked"
        );
        let mut keyed = protocol("Uppgifter om hälsa.");
        keyed.meeting.ensure_confidential_key([7; 32]);
        let text = keyed.canonical_text();
        assert!(!text.contains(&guess_digest(&keyed)), "with a key it cannot");
        assert!(text.contains("HMAC-SHA256 med protokollets nyckel"));
        let mut other_key = protocol("Uppgifter om hälsa.");
        other_key.meeting.ensure_confidential_key([8; 32]);
        assert_ne!(keyed.content_sha256(), other_key.content_sha256());
        // The key stays once given, and never leaves in JSON.
        keyed.meeting.ensure_confidential_key([9; 32]);
        assert_eq!(keyed.content_sha256(), protocol_with_key([7; 32]).content_sha256());
        assert!(!serde_json::to_string(&keyed).unwrap().contains(&hex::encode([7u8; 32])));
    }

    fn protocol_with_key(key: [u8; 32]) -> Protocol {
        let mut p = protocol("Uppgifter om hälsa.");
        p.meeting.ensure_confidential_key(key);
        p
    }
}
