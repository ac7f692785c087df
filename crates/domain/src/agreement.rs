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
        Period::new(self.period.start, self.period.end)?;
        for extension in &self.extensions {
            Period::new(self.period.start, Some(extension.until))?;
        }
        Ok(())
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
