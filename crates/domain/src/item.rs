//! Items (§) of a meeting's minutes and what hangs off them: decisions and their clauses,
//! recommendations, assignments, attachments and the distribution list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{DomainError, ItemId, MeetingId, OrganisationId, PersonId, Proceedings};

/// An item's own number label as the protocol writes it: "44", "2.1", "106 c", "2 b", "12.".
///
/// Labels are kept verbatim: protocols repeat numbers (§ 58 twice) and mix styles, so the
/// label is not an identity; the item's position in the meeting is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemNumber(String);

impl ItemNumber {
    /// The highest paragraph number a label may start with; far above any body's year, and
    /// low enough that the next number is always one more.
    pub const MAX: u32 = 99_999;

    /// A label with surrounding space and a leading "§" removed; it must start with a number
    /// of at most [`ItemNumber::MAX`] and be at most 30 characters long.
    pub fn parse(label: &str) -> Result<ItemNumber, DomainError> {
        let trimmed = label.trim().trim_start_matches('§').trim();
        let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
        let within = digits.parse::<u32>().is_ok_and(|n| n <= Self::MAX);
        if within && trimmed.chars().count() <= 30 {
            Ok(ItemNumber(trimmed.to_string()))
        } else {
            let shown: String = label.chars().take(40).collect();
            Err(DomainError::InvalidItemNumber(shown))
        }
    }

    /// A plain paragraph number (at most [`ItemNumber::MAX`]).
    pub fn paragraph(number: u32) -> ItemNumber {
        ItemNumber(number.min(Self::MAX).to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The leading whole number: 106 for "106 c", 2 for "2.1".
    pub fn leading_number(&self) -> u32 {
        self.0
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    }

    /// The parent label of a sub-item: "106" for "106 c", "2" for "2.1", none for "44".
    pub fn parent(&self) -> Option<ItemNumber> {
        let label = self.0.trim_end_matches('.');
        let cut = label.rfind(['.', ' '])?;
        Some(ItemNumber(label[..cut].trim_end().to_string()))
    }
}

impl std::fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who introduces an item (föredragande); a person in the register or just a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presenter {
    pub person_id: Option<PersonId>,
    pub name: String,
    /// Title or organisation as the protocol writes it.
    pub description: Option<String>,
}

/// One "att …" of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// The label a numbered decision list uses ("1", "Beslut 2"), if any.
    pub label: Option<String>,
    pub text: String,
}

/// A decision: an optional preamble ("LSVO beslutar", "Beslut 2016-10-14:") and its clauses.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Decision {
    pub preamble: Option<String>,
    pub clauses: Vec<Clause>,
}

/// Who a recommendation is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Addressee {
    /// One member organisation in the register, with its name as the protocol wrote it.
    Organisation {
        organisation_id: OrganisationId,
        name: String,
    },
    /// A group named in words: "huvudmännen", "kommunerna och landstinget", another body.
    Group { name: String },
}

impl Addressee {
    /// The name as the protocol writes it.
    pub fn name(&self) -> &str {
        match self {
            Addressee::Organisation { name, .. } | Addressee::Group { name } => name,
        }
    }
}

/// A recommendation to member organisations, each of which adopts it in its own board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub text: String,
    pub addressees: Vec<Addressee>,
}

/// When an assignment is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    Date {
        date: NaiveDate,
    },
    /// "i april": a month without a day.
    Month {
        year: i32,
        month: u32,
    },
    /// At a given meeting of the body.
    Meeting {
        meeting_id: MeetingId,
    },
    /// "vid nästa sammanträde", resolved when the next meeting is planned.
    NextMeeting,
}

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    Open,
    Reported,
    Closed,
}

impl AssignmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentStatus::Open => "open",
            AssignmentStatus::Reported => "reported",
            AssignmentStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<AssignmentStatus> {
        [
            AssignmentStatus::Open,
            AssignmentStatus::Reported,
            AssignmentStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Someone is asked to do something and report back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The assignee as the protocol names them ("L-IFO", "Karlskrona kommun", a person).
    pub assignee: String,
    pub assignee_person_id: Option<PersonId>,
    pub assignee_organisation_id: Option<OrganisationId>,
    pub task: String,
    pub due: Option<Due>,
    pub status: AssignmentStatus,
}

/// What became of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemOutcome {
    /// The body decided (see the item's decision).
    Decided,
    /// Postponed (bordlagt), to a given meeting or date if one was named.
    Tabled { until: Option<Due> },
    /// Information received; "läggs till handlingarna".
    Noted,
    /// Discussed without a decision; it may return ("återkommer vid ordinarie möte 10 februari").
    Discussed { returns: Option<Due> },
}

impl ItemOutcome {
    pub fn code(&self) -> &'static str {
        match self {
            ItemOutcome::Decided => "decided",
            ItemOutcome::Tabled { .. } => "tabled",
            ItemOutcome::Noted => "noted",
            ItemOutcome::Discussed { .. } => "discussed",
        }
    }

    /// The Swedish word for the interface.
    pub fn label_sv(&self) -> &'static str {
        match self {
            ItemOutcome::Decided => "Beslut",
            ItemOutcome::Tabled { .. } => "Bordlagt",
            ItemOutcome::Noted => "Läggs till handlingarna",
            ItemOutcome::Discussed { .. } => "Diskuterat",
        }
    }
}

/// A paper belonging to an item, with the label the protocol gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// "Bilaga 3", "3.1", "4.1.1".
    pub label: String,
    pub title: String,
    /// SHA-256 of the stored file, when there is one.
    pub file_sha256: Option<String>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
}

/// One numbered entry (§, punkt) in a meeting's agenda and minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub meeting_id: MeetingId,
    /// Incremented by every save; a save with a stale version is refused.
    pub version: i64,
    /// Order within the meeting, from 0.
    pub position: i32,
    pub number: ItemNumber,
    pub title: String,
    pub presenters: Vec<Presenter>,
    /// What was reported and discussed, one paragraph per entry.
    pub notes: Vec<String>,
    /// Beslutsunderlag, jäv, yrkanden, propositionsordning, omröstning, reservationer and
    /// protokollsanteckningar.
    #[serde(default)]
    pub proceedings: Proceedings,
    pub decision: Option<Decision>,
    pub recommendations: Vec<Recommendation>,
    pub assignments: Vec<Assignment>,
    pub outcome: Option<ItemOutcome>,
    pub attachments: Vec<Attachment>,
    /// "Protokollet ska skickas till": who receives the decision.
    pub distribution: Vec<String>,
    /// Secret (sekretess): left out of everything the public sees.
    pub confidential: bool,
    /// An earlier item this one follows up or corrects.
    pub follows_up: Option<ItemId>,
}

impl Item {
    /// Refuses a text longer than its field allows (see [`crate::limits`]).
    pub fn validate(&self) -> Result<(), DomainError> {
        use crate::limits::{check, check_entries, check_opt, NOTE, TEXT, TITLE};
        check("Rubrik", &self.title, TITLE)?;
        check("Paragrafnummer", self.number.as_str(), TITLE)?;
        check_entries("Föredragande", &self.presenters)?;
        for presenter in &self.presenters {
            check("Föredragande", &presenter.name, TITLE)?;
            check_opt("Föredragandes titel", presenter.description.as_deref(), TITLE)?;
        }
        check_entries("Anteckningar", &self.notes)?;
        for note in &self.notes {
            // One paragraph is typeset as one: its length bounds the line-breaking work.
            check("Anteckningsstycke", note, TEXT)?;
        }
        let notes: usize = self.notes.iter().map(|n| n.len()).sum();
        if notes > NOTE {
            check("Anteckningar", &self.notes.concat(), NOTE)?;
        }
        if let Some(decision) = &self.decision {
            check_opt("Beslutets inledning", decision.preamble.as_deref(), TEXT)?;
            check_entries("Att-satser", &decision.clauses)?;
            for clause in &decision.clauses {
                check_opt("Att-satsens nummer", clause.label.as_deref(), TITLE)?;
                check("Att-sats", &clause.text, TEXT)?;
            }
        }
        check_entries("Rekommendationer", &self.recommendations)?;
        for recommendation in &self.recommendations {
            check("Rekommendation", &recommendation.text, TEXT)?;
            check_entries("Mottagare", &recommendation.addressees)?;
            for addressee in &recommendation.addressees {
                check("Mottagare", addressee.name(), TITLE)?;
            }
        }
        check_entries("Uppdrag", &self.assignments)?;
        for assignment in &self.assignments {
            check("Uppdragstagare", &assignment.assignee, TITLE)?;
            check("Uppdrag", &assignment.task, TEXT)?;
        }
        self.proceedings.validate()?;
        check_entries("Bilagor", &self.attachments)?;
        for attachment in &self.attachments {
            check("Bilagans beteckning", &attachment.label, TITLE)?;
            check("Bilagans titel", &attachment.title, TITLE)?;
            check_opt("Filnamn", attachment.file_name.as_deref(), TITLE)?;
        }
        check_entries("Protokollet ska skickas till", &self.distribution)?;
        for recipient in &self.distribution {
            check("Protokollet ska skickas till", recipient, TITLE)?;
        }
        Ok(())
    }

    /// What the public may see of this item: a confidential item keeps only its number and
    /// position (as in the canonical text), anything else is shown whole.
    pub fn public_view(&self) -> Item {
        if !self.confidential {
            return self.clone();
        }
        Item {
            id: self.id,
            meeting_id: self.meeting_id,
            version: self.version,
            position: self.position,
            confidential: true,
            ..Item::new(self.number.clone(), crate::CONFIDENTIAL_TITLE)
        }
    }

    /// An empty item with a number and title, ready to be filled in.
    pub fn new(number: ItemNumber, title: impl Into<String>) -> Item {
        Item {
            id: ItemId::NEW,
            meeting_id: MeetingId::NEW,
            version: 0,
            position: 0,
            number,
            title: title.into(),
            presenters: Vec::new(),
            notes: Vec::new(),
            proceedings: Proceedings::default(),
            decision: None,
            recommendations: Vec::new(),
            assignments: Vec::new(),
            outcome: None,
            attachments: Vec::new(),
            distribution: Vec::new(),
            confidential: false,
            follows_up: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_keep_labels_and_know_their_parent() {
        let sub = ItemNumber::parse("§ 106 c").unwrap();
        assert_eq!(sub.as_str(), "106 c");
        assert_eq!(sub.leading_number(), 106);
        assert_eq!(sub.parent().unwrap().as_str(), "106");
        assert_eq!(ItemNumber::parse("2.1").unwrap().parent().unwrap().as_str(), "2");
        assert_eq!(ItemNumber::parse("4.1.1").unwrap().parent().unwrap().as_str(), "4.1");
        assert_eq!(ItemNumber::parse("44").unwrap().parent(), None);
        assert_eq!(ItemNumber::parse("12.").unwrap().parent(), None);
        assert!(ItemNumber::parse("Övrigt").is_err());
    }
}
