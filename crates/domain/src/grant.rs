//! State grants (stimulansmedel) a body distributes, per activity code and recipient.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{BodyId, DomainError, GrantId, ItemId, Money};

/// One row of a grant allocation table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The date the body decided it; continuation rows of a table share their group's date.
    pub decided_on: Option<NaiveDate>,
    pub decided_at_item: Option<ItemId>,
    /// What the money is for ("Till").
    pub purpose: Option<String>,
    pub amount: Money,
    pub activity_code: Option<String>,
    /// Who receives it; none while undecided ("Ej klart, återkommer.").
    pub recipient: Option<String>,
    pub comment: Option<String>,
    /// Unused money from an earlier year that comes on top of this allocation.
    pub carry_over: Option<Money>,
    pub carry_over_from_year: Option<i32>,
}

/// A grant (e.g. state money for mental health 2023) and how it has been allocated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: GrantId,
    pub body_id: BodyId,
    pub name: String,
    pub year: i32,
    /// The sum received for the year, when known.
    pub total: Option<Money>,
    pub allocations: Vec<Allocation>,
}

impl Grant {
    /// Checks that no amount is negative.
    pub fn validate(&self) -> Result<(), DomainError> {
        if let Some(total) = self.total {
            total.ensure_not_negative()?;
        }
        for allocation in &self.allocations {
            allocation.amount.ensure_not_negative()?;
            if let Some(carry_over) = allocation.carry_over {
                carry_over.ensure_not_negative()?;
            }
        }
        Ok(())
    }

    /// The sum allocated under one activity code.
    pub fn allocated_for(&self, activity_code: &str) -> Money {
        self.allocations
            .iter()
            .filter(|a| a.activity_code.as_deref() == Some(activity_code))
            .map(|a| a.amount)
            .sum()
    }

    pub fn allocated_total(&self) -> Money {
        self.allocations.iter().map(|a| a.amount).sum()
    }
}
