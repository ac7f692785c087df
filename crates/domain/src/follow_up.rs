//! Follow-up between meetings: each member organisation's answer to a recommendation, and where
//! an assignment stands. Kept beside the adjusted protocol, never in it, so following up never
//! changes what was signed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{AssignmentStatus, Due, ItemId, OrganisationId};

/// What an organisation's board decided on a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Pending,
    Adopted,
    Rejected,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 3] = [
        ResponseStatus::Pending,
        ResponseStatus::Adopted,
        ResponseStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::Pending => "pending",
            ResponseStatus::Adopted => "adopted",
            ResponseStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<ResponseStatus> {
        ResponseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            ResponseStatus::Pending => "ej beslutat",
            ResponseStatus::Adopted => "antagen",
            ResponseStatus::Rejected => "avslagen",
        }
    }
}

/// One organisation's answer to one recommendation (the item's recommendation at `position`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationResponse {
    pub item_id: ItemId,
    pub position: i32,
    pub organisation_id: OrganisationId,
    pub status: ResponseStatus,
    /// Which board decided: "Kommunstyrelsen", "Regionstyrelsen".
    pub board: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// The organisation's reference (diarienummer, § in its minutes).
    pub reference: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl RecommendationResponse {
    /// Refuses an answer without the date its board decided (unless it is still pending), a
    /// date still to come, or one before the recommendation was made on `recommended_on`.
    pub fn validate(&self, recommended_on: NaiveDate, today: NaiveDate) -> Result<(), crate::DomainError> {
        match (self.status, self.decided_on) {
            (ResponseStatus::Pending, _) => Ok(()),
            (_, None) => Err(crate::DomainError::Missing("beslutsdatum")),
            (_, Some(date)) if date > today => Err(crate::DomainError::DateInFuture(date.to_string())),
            (_, Some(date)) if date < recommended_on => Err(crate::DomainError::DecidedBeforeRecommendation {
                decided: date.to_string(),
                recommended: recommended_on.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

/// Of the organisations a recommendation was addressed to, those that have not yet decided.
pub fn pending_organisations(
    addressed: &[OrganisationId],
    responses: &[RecommendationResponse],
) -> Vec<OrganisationId> {
    addressed
        .iter()
        .copied()
        .filter(|org| {
            !responses
                .iter()
                .any(|r| r.organisation_id == *org && r.status != ResponseStatus::Pending)
        })
        .collect()
}

/// Where an assignment (the item's assignment at `position`) stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentFollowUp {
    pub item_id: ItemId,
    pub position: i32,
    pub status: AssignmentStatus,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// Where the assignment at `position` of `item` stands now: as last followed up beside the
/// protocol, or else as the protocol `recorded` it.
pub fn assignment_status(
    follow_ups: &[AssignmentFollowUp],
    item: crate::ItemId,
    position: usize,
    recorded: AssignmentStatus,
) -> AssignmentStatus {
    follow_ups
        .iter()
        .find(|f| f.item_id == item && usize::try_from(f.position).ok() == Some(position))
        .map_or(recorded, |f| f.status)
}

/// Whether an open assignment's deadline has passed. A month deadline passes when the month ends;
/// a deadline at a meeting is followed up on that meeting's agenda instead.
pub fn is_overdue(due: Option<&Due>, status: AssignmentStatus, today: NaiveDate) -> bool {
    if status != AssignmentStatus::Open {
        return false;
    }
    match due {
        Some(Due::Date { date }) => *date < today,
        Some(Due::Month { year, month }) => {
            let (y, m) = if *month == 12 {
                (*year + 1, 1)
            } else {
                (*year, *month + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1).is_some_and(|first_after| first_after <= today)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(org: i64, status: ResponseStatus) -> RecommendationResponse {
        RecommendationResponse {
            item_id: ItemId(1),
            position: 0,
            organisation_id: OrganisationId(org),
            status,
            board: Some("Kommunstyrelsen".into()),
            decided_on: Some("2013-02-01".parse().unwrap()),
            reference: None,
            recorded_at: "2013-02-02T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn three_answers_of_five_leave_two_pending() {
        let addressed: Vec<_> = (1..=5).map(OrganisationId).collect();
        let responses = [
            response(1, ResponseStatus::Adopted),
            response(2, ResponseStatus::Rejected),
            response(4, ResponseStatus::Adopted),
            response(5, ResponseStatus::Pending),
        ];
        assert_eq!(
            pending_organisations(&addressed, &responses),
            vec![OrganisationId(3), OrganisationId(5)]
        );
    }

    #[test]
    fn an_answer_needs_a_date_that_has_been() {
        let today = "2013-03-01".parse().unwrap();
        let recommended = "2013-01-18".parse().unwrap();
        let mut r = response(1, ResponseStatus::Adopted);
        assert!(r.validate(recommended, today).is_ok());
        r.decided_on = None;
        assert_eq!(
            r.validate(recommended, today),
            Err(crate::DomainError::Missing("beslutsdatum"))
        );
        r.decided_on = Some("2013-04-01".parse().unwrap());
        assert!(r
            .validate(recommended, today)
            .unwrap_err()
            .to_string()
            .contains("2013-04-01"));
        r.decided_on = Some("2013-01-10".parse().unwrap());
        assert_eq!(
            r.validate(recommended, today).unwrap_err().to_string(),
            "Beslutet 2013-01-10 är fattat före rekommendationen 2013-01-18. Kontrollera datumet."
        );
    }

    #[test]
    fn overdue_means_open_and_past_its_deadline() {
        let today: NaiveDate = "2011-05-02".parse().unwrap();
        let april = Due::Month { year: 2011, month: 4 };
        assert!(is_overdue(Some(&april), AssignmentStatus::Open, today));
        assert!(!is_overdue(Some(&april), AssignmentStatus::Reported, today));
        assert!(!is_overdue(
            Some(&april),
            AssignmentStatus::Open,
            "2011-04-30".parse().unwrap()
        ));
        assert!(!is_overdue(Some(&Due::NextMeeting), AssignmentStatus::Open, today));
    }
}
