//! Member organisations (huvudmän), people, and memberships with a role and a period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{BodyId, DomainError, MembershipId, OrganisationId, PersonId};

/// What kind of member organisation this is; a kommun carries its SCB code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A region (formerly landsting), identified by its county code ("23").
    Region { county_code: String },
    /// A municipality, identified by its four-digit SCB code ("2380").
    Kommun { municipality_code: String },
    /// A regional federation (regionförbund).
    Regionforbund,
    /// Anything else: a state agency, a university, another group.
    Other,
}

impl OrganisationKind {
    /// The stable word stored in databases and shown in the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            OrganisationKind::Region { .. } => "region",
            OrganisationKind::Kommun { .. } => "kommun",
            OrganisationKind::Regionforbund => "regionforbund",
            OrganisationKind::Other => "other",
        }
    }

    /// The SCB or county code, where the kind has one.
    pub fn reference_code(&self) -> Option<&str> {
        match self {
            OrganisationKind::Region { county_code } => Some(county_code),
            OrganisationKind::Kommun { municipality_code } => Some(municipality_code),
            _ => None,
        }
    }

    /// Rebuilds a kind from its stored code and reference code.
    pub fn from_code(code: &str, reference_code: Option<String>) -> Option<OrganisationKind> {
        Some(match (code, reference_code) {
            ("region", Some(county_code)) => OrganisationKind::Region { county_code },
            ("kommun", Some(municipality_code)) => OrganisationKind::Kommun { municipality_code },
            ("regionforbund", _) => OrganisationKind::Regionforbund,
            ("other", _) => OrganisationKind::Other,
            _ => return None,
        })
    }

    /// The Swedish word for the kind, for the interface.
    pub fn label_sv(&self) -> &'static str {
        match self {
            OrganisationKind::Region { .. } => "Region",
            OrganisationKind::Kommun { .. } => "Kommun",
            OrganisationKind::Regionforbund => "Regionförbund",
            OrganisationKind::Other => "Övrig",
        }
    }
}

/// A member organisation (huvudman) or any other organisation people come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    /// Inhabitants at `population_year`'s end, used for population-share cost keys.
    pub population: Option<i64>,
    pub population_year: Option<i32>,
}

/// A person who attends, presents, adjusts or is assigned something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// Job title as written in protocols ("förvaltningschef").
    pub title: Option<String>,
    pub email: Option<String>,
}

/// The role a person holds in a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Ordforande,
    ViceOrdforande,
    Ledamot,
    Ersattare,
    Adjungerad,
    Sekreterare,
    Processtod,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Ordforande,
        Role::ViceOrdforande,
        Role::Ledamot,
        Role::Ersattare,
        Role::Adjungerad,
        Role::Sekreterare,
        Role::Processtod,
    ];

    /// The stable code stored in databases.
    pub fn code(self) -> &'static str {
        match self {
            Role::Ordforande => "ordforande",
            Role::ViceOrdforande => "vice_ordforande",
            Role::Ledamot => "ledamot",
            Role::Ersattare => "ersattare",
            Role::Adjungerad => "adjungerad",
            Role::Sekreterare => "sekreterare",
            Role::Processtod => "processtod",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Swedish word as protocols write it.
    pub fn label_sv(self) -> &'static str {
        match self {
            Role::Ordforande => "ordförande",
            Role::ViceOrdforande => "vice ordförande",
            Role::Ledamot => "ledamot",
            Role::Ersattare => "ersättare",
            Role::Adjungerad => "adjungerad",
            Role::Sekreterare => "sekreterare",
            Role::Processtod => "processtöd",
        }
    }

    /// Whether the role takes part in decisions (beslutande).
    pub fn is_voting(self) -> bool {
        matches!(self, Role::Ordforande | Role::ViceOrdforande | Role::Ledamot)
    }
}

/// A span of dates; an open end means "until further notice".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Period {
    /// A period whose end, if any, is not before its start.
    pub fn new(start: NaiveDate, end: Option<NaiveDate>) -> Result<Period, DomainError> {
        match end {
            Some(end) if end < start => Err(DomainError::PeriodEndsBeforeStart {
                start: start.to_string(),
                end: end.to_string(),
            }),
            _ => Ok(Period { start, end }),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.start && self.end.is_none_or(|end| date <= end)
    }
}

/// Who sits in a body, for which organisation, in which role, from when to when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: MembershipId,
    pub body_id: BodyId,
    pub person_id: PersonId,
    pub organisation_id: Option<OrganisationId>,
    pub role: Role,
    pub period: Period,
}

impl Organisation {
    /// Refuses a name longer than its field allows.
    pub fn validate(&self) -> Result<(), crate::DomainError> {
        crate::limits::check("Namn", &self.name, crate::limits::TITLE)
    }
}

impl Person {
    /// Refuses a name, title or address longer than its field allows.
    pub fn validate(&self) -> Result<(), crate::DomainError> {
        use crate::limits::{check, check_opt, TITLE};
        check("Namn", &self.name, TITLE)?;
        check_opt("Titel", self.title.as_deref(), TITLE)?;
        check_opt("E-post", self.email.as_deref(), TITLE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn period_refuses_end_before_start() {
        let err = Period::new(date("2024-01-01"), Some(date("2023-12-31"))).unwrap_err();
        assert!(err.to_string().contains("slutar"));
        let open = Period::new(date("2024-01-01"), None).unwrap();
        assert!(open.contains(date("2030-05-05")));
        assert!(!open.contains(date("2023-12-31")));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert!(Role::Ledamot.is_voting());
        assert!(!Role::Adjungerad.is_voting());
    }
}
