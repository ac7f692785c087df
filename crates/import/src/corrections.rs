//! A reviewer's corrections of an import, which override what was read: the meeting date, the
//! attendance (one person per line) and the source lines where items begin.

use chrono::NaiveDate;
use samverkan_domain::{Attendance, AttendanceStatus, Presence, Role};
use serde::{Deserialize, Serialize};

use crate::reader::names;

/// What a person reviewing an import said; empty fields leave the reading as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Corrections {
    /// The meeting date, whatever the text says.
    pub date: Option<NaiveDate>,
    /// The attendance, one line per person: "Anna Ek (S), ordförande". A line that begins with
    /// "Frånvarande:" names someone absent.
    pub attendance: Option<Vec<String>>,
    /// Source line numbers (from 1) at which an item begins, in order.
    pub item_starts: Option<Vec<usize>>,
}

/// The largest number of item starts a review may set: more than any protocol has §§.
pub const MAX_ITEM_STARTS: usize = 2_000;

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self == &Corrections::default()
    }
}

const ABSENT: &str = "frånvarande:";

/// One corrected attendance line as an attendee.
pub fn attendee(line: &str) -> Option<Attendance> {
    let line = line.trim();
    let (status, rest) = match line.get(..ABSENT.len()) {
        Some(head) if head.to_lowercase() == ABSENT => (AttendanceStatus::Absent, line[ABSENT.len()..].trim()),
        _ => (AttendanceStatus::Present, line),
    };
    let (who, after) = rest.split_once(',').map_or((rest, ""), |(w, a)| (w.trim(), a.trim()));
    if who.is_empty() {
        return None;
    }
    // "Anna Ek (S)": the name without the party, which stays as the organisation.
    let found = names::people(who);
    let (name, party) = match found.first() {
        Some(f) if found.len() == 1 => (f.name.clone(), f.party.clone()),
        _ => (who.to_string(), None),
    };
    let role = Role::ALL.into_iter().find(|r| r.label_sv().eq_ignore_ascii_case(after));
    let title = (!after.is_empty() && role.is_none()).then(|| after.to_string());
    Some(Attendance {
        person_id: None,
        organisation_id: None,
        organisation: party,
        name: Some(name),
        title,
        role,
        voting: role.is_some_and(Role::is_voting),
        status,
        presence: Presence::Whole,
    })
}

/// An attendee as one line of the correction form, as [`attendee`] reads it back.
pub fn line(a: &Attendance) -> String {
    let mut line = if a.status == AttendanceStatus::Present {
        String::new()
    } else {
        "Frånvarande: ".to_string()
    };
    line.push_str(a.name.as_deref().unwrap_or("–"));
    if let Some(party) = &a.organisation {
        if party.chars().count() <= 6 {
            line.push_str(&format!(" ({party})"));
        }
    }
    if let Some(role) = a.role {
        line.push_str(&format!(", {}", role.label_sv()));
    } else if let Some(title) = &a.title {
        line.push_str(&format!(", {title}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrected_line_gives_name_party_and_role() {
        let a = attendee("Anna Ekström (S), ordförande").unwrap();
        assert_eq!(a.name.as_deref(), Some("Anna Ekström"));
        assert_eq!(a.organisation.as_deref(), Some("S"));
        assert_eq!(a.role, Some(Role::Ordforande));
        assert!(a.voting);
        let b = attendee("Frånvarande: Bo Lind, utvecklingsledare").unwrap();
        assert_eq!(b.status, AttendanceStatus::Absent);
        assert_eq!(b.title.as_deref(), Some("utvecklingsledare"));
        assert!(attendee("  ").is_none());
        // What the form shows is read back as the same attendee.
        for a in [a, b] {
            assert_eq!(attendee(&line(&a)), Some(a));
        }
    }
}
