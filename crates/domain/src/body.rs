//! Collaboration bodies, their sub-groups, and how they number their paragraphs.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::BodyId;

/// How a body numbers the items (§) of its minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberingRule {
    /// § 1 at the first meeting of each calendar year, then onwards through the year.
    PerYear,
    /// Every meeting starts again at 1.
    PerMeeting,
}

impl NumberingRule {
    pub fn code(self) -> &'static str {
        match self {
            NumberingRule::PerYear => "per_year",
            NumberingRule::PerMeeting => "per_meeting",
        }
    }

    pub fn from_code(code: &str) -> Option<NumberingRule> {
        match code {
            "per_year" => Some(NumberingRule::PerYear),
            "per_meeting" => Some(NumberingRule::PerMeeting),
            _ => None,
        }
    }
}

/// A collaboration body (samverkansorgan), possibly a sub-group of another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub id: BodyId,
    pub name: String,
    /// The short name protocols use ("LSVO", "SVOM").
    pub short_name: String,
    pub parent_id: Option<BodyId>,
    /// The county the body works in ("10" for Blekinge), if it is regional.
    pub county_code: Option<String>,
    pub numbering: NumberingRule,
    pub description: Option<String>,
    /// How many days an adjusted protocol stays on the notice board (three weeks for a nämnd
    /// under the Local Government Act; an agreement-based body may follow a rule of its own).
    #[serde(default = "default_notice_days")]
    pub notice_days: u32,
    /// The body's own logo (PNG or JPEG, stored by its SHA-256), for its pages and documents.
    #[serde(default)]
    pub logo_sha256: Option<String>,
}

/// The posting period the law gives a nämnd's protocol: three weeks.
pub const DEFAULT_NOTICE_DAYS: u32 = 21;

fn default_notice_days() -> u32 {
    DEFAULT_NOTICE_DAYS
}

impl Body {
    /// Refuses a name or description longer than its field allows.
    pub fn validate(&self) -> Result<(), crate::DomainError> {
        use crate::limits::{check, check_opt, TEXT, TITLE};
        check("Namn", &self.name, TITLE)?;
        check("Förkortning", &self.short_name, TITLE)?;
        check_opt("Beskrivning", self.description.as_deref(), TEXT)?;
        if !(1..=365).contains(&self.notice_days) {
            return Err(crate::DomainError::NoticeDays(self.notice_days));
        }
        Ok(())
    }

    /// The notice of a protocol of this body posted on `posted_on`: up for the body's period.
    pub fn notice_from(&self, posted_on: chrono::NaiveDate) -> crate::Publication {
        crate::Publication {
            posted_on,
            taken_down_on: posted_on.checked_add_days(chrono::Days::new(u64::from(self.notice_days))),
        }
    }

    /// The phrase that opens a decision: "LSVO beslutar".
    pub fn decision_preamble(&self) -> String {
        format!("{} beslutar", self.short_name)
    }
}

/// The first § number of a meeting held on `date`, given the earlier meetings of the same body
/// as (date, highest § used) pairs. Per-year numbering starts at 1 with the first meeting of a
/// calendar year and continues after the highest number used earlier that year.
pub fn first_paragraph_number(rule: NumberingRule, date: NaiveDate, earlier_meetings: &[(NaiveDate, u32)]) -> u32 {
    match rule {
        NumberingRule::PerMeeting => 1,
        NumberingRule::PerYear => earlier_meetings
            .iter()
            .filter(|(d, _)| d.year() == date.year() && *d < date)
            .map(|(_, highest)| *highest)
            .max()
            .unwrap_or(0)
            .saturating_add(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn per_year_numbering_starts_at_one_in_january_and_continues() {
        let earlier = [
            (date("2012-10-26"), 43),
            (date("2012-01-20"), 9),
            (date("2011-12-09"), 71),
        ];
        assert_eq!(
            first_paragraph_number(NumberingRule::PerYear, date("2013-01-18"), &earlier),
            1
        );
        assert_eq!(
            first_paragraph_number(NumberingRule::PerYear, date("2012-11-30"), &earlier),
            44
        );
        assert_eq!(
            first_paragraph_number(NumberingRule::PerYear, date("2012-02-10"), &earlier),
            10
        );
        assert_eq!(
            first_paragraph_number(NumberingRule::PerYear, date("2012-01-12"), &[]),
            1
        );
    }

    #[test]
    fn per_meeting_numbering_always_starts_at_one() {
        let earlier = [(date("2016-09-01"), 8)];
        assert_eq!(
            first_paragraph_number(NumberingRule::PerMeeting, date("2016-10-14"), &earlier),
            1
        );
    }
}
