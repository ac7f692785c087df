//! Agreements (överenskommelser) between member organisations, with periods, extensions and
//! yearly parameters set by decision.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{AgreementId, BodyId, DomainError, ItemId, OrganisationId, Period};

/// A prolongation of an agreement's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementExtension {
    pub until: NaiveDate,
    pub decided_at_item: Option<ItemId>,
    pub note: Option<String>,
}

/// A value the agreement says must be set each year (e.g. "3,0 kalenderdagar för 2024").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlyParameter {
    pub year: i32,
    pub name: String,
    /// The value as decided, verbatim ("3,0"), with its unit.
    pub value: String,
    pub unit: Option<String>,
    pub decided_at_item: Option<ItemId>,
}

/// A signed agreement between organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: AgreementId,
    pub body_id: BodyId,
    pub title: String,
    pub parties: Vec<OrganisationId>,
    pub period: Period,
    pub extensions: Vec<AgreementExtension>,
    pub parameters: Vec<YearlyParameter>,
    /// A yearly duty the agreement creates, e.g. "set the number of days every November".
    pub yearly_duty: Option<String>,
    /// The month (1–12) the yearly duty falls due.
    pub yearly_duty_month: Option<u32>,
}

impl Agreement {
    /// Checks the period and that every extension lies after the period's start.
    pub fn validate(&self) -> Result<(), DomainError> {
        use crate::limits::{check, check_entries, check_opt, TEXT, TITLE};
        check("Överenskommelse", &self.title, TITLE)?;
        check_opt("Årlig uppgift", self.yearly_duty.as_deref(), TEXT)?;
        check_entries("Förlängningar", &self.extensions)?;
        check_entries("Årliga värden", &self.parameters)?;
        for e in &self.extensions {
            check_opt("Anteckning", e.note.as_deref(), TEXT)?;
        }
        for p in &self.parameters {
            check("Värdets namn", &p.name, TITLE)?;
            check("Värde", &p.value, TITLE)?;
            check_opt("Enhet", p.unit.as_deref(), TITLE)?;
        }
        if let Some(month) = self.yearly_duty_month.filter(|m| !(1..=12).contains(m)) {
            return Err(DomainError::InvalidMonth(month));
        }
        Period::new(self.period.start, self.period.end)?;
        for extension in &self.extensions {
            Period::new(self.period.start, Some(extension.until))?;
        }
        Ok(())
    }

    /// Refuses a party that is not among `members` (the body's member organisations).
    pub fn validate_parties(&self, members: &[crate::Organisation]) -> Result<(), DomainError> {
        match self.parties.iter().find(|p| !members.iter().any(|m| m.id == **p)) {
            Some(outsider) => Err(DomainError::NotAParty(format!("Organisationen {outsider}"))),
            None => Ok(()),
        }
    }

    /// The last day the agreement runs, counting extensions; none if open-ended.
    pub fn effective_end(&self) -> Option<NaiveDate> {
        let extended = self.extensions.iter().map(|e| e.until).max();
        match (self.period.end, extended) {
            (None, _) => None,
            (Some(end), Some(ext)) => Some(end.max(ext)),
            (Some(end), None) => Some(end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Organisation, OrganisationKind};

    fn agreement(parties: Vec<OrganisationId>, start: &str, end: Option<&str>) -> Agreement {
        Agreement {
            id: AgreementId(1),
            body_id: BodyId(1),
            title: "Avtal om vårdhygienisk kompetens".into(),
            parties,
            period: Period {
                start: start.parse().unwrap(),
                end: end.map(|e| e.parse().unwrap()),
            },
            extensions: Vec::new(),
            parameters: Vec::new(),
            yearly_duty: None,
            yearly_duty_month: None,
        }
    }

    #[test]
    fn parties_must_be_members_and_the_period_run_forwards() {
        let member = Organisation {
            id: OrganisationId(1),
            name: "Östersunds kommun".into(),
            kind: OrganisationKind::Other,
            population: None,
            population_year: None,
        };
        assert!(agreement(vec![OrganisationId(1)], "2013-01-01", None)
            .validate_parties(std::slice::from_ref(&member))
            .is_ok());
        let err = agreement(vec![OrganisationId(1), OrganisationId(9)], "2013-01-01", None)
            .validate_parties(&[member])
            .unwrap_err();
        assert!(err.to_string().contains("inte part"), "{err}");
        let err = agreement(Vec::new(), "2013-01-01", Some("2012-12-31"))
            .validate()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Perioden slutar (2012-12-31) innan den börjar (2013-01-01)."
        );
    }
}
