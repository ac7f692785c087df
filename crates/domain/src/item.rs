//! Items (§) of a meeting's minutes and what hangs off them: decisions and their clauses,
//! recommendations, assignments, attachments and the distribution list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{DomainError, ItemId, MeetingId, OrganisationId, PersonId};

/// An item's own number label as the protocol writes it: "44", "2.1", "106 c", "2 b", "12.".
///
/// Labels are kept verbatim: protocols repeat numbers (§ 58 twice) and mix styles, so the
/// label is not an identity; the item's position in the meeting is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemNumber(String);

impl ItemNumber {
    /// A label with surrounding space and a leading "§" removed; it must start with a digit.
    pub fn parse(label: &str) -> Result<ItemNumber, DomainError> {
        let trimmed = label.trim().trim_start_matches('§').trim();
        if trimmed.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            Ok(ItemNumber(trimmed.to_string()))
        } else {
            Err(DomainError::InvalidItemNumber(label.to_string()))
        }
    }

    /// A plain paragraph number.
    pub fn paragraph(number: u32) -> ItemNumber {
        ItemNumber(number.to_string())
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
