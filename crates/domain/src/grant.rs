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
    /// The activity code the carried-over money belongs to, when not the row's own.
    #[serde(default)]
    pub carry_over_activity_code: Option<String>,
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
        use crate::limits::{check, check_entries, check_opt, TEXT, TITLE};
        check("Bidrag", &self.name, TITLE)?;
        check_entries("Fördelningar", &self.allocations)?;
        for a in &self.allocations {
            check_opt("Till", a.purpose.as_deref(), TEXT)?;
            check_opt("Mottagare", a.recipient.as_deref(), TITLE)?;
            check_opt("Kommentar", a.comment.as_deref(), TEXT)?;
        }
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

    /// Per activity code, in the order the codes first appear: what was allocated this year,
    /// what came on top from earlier years (carry-over), and the two together.
    pub fn balance_by_activity(&self) -> Vec<ActivityBalance> {
        let mut out: Vec<ActivityBalance> = Vec::new();
        for a in &self.allocations {
            let code = a.activity_code.clone().unwrap_or_default();
            let at = match out.iter().position(|b| b.activity_code == code) {
                Some(at) => at,
                None => {
                    out.push(ActivityBalance {
                        activity_code: code,
                        allocated: Money::ZERO,
                        carried_over: Money::ZERO,
                    });
                    out.len() - 1
                }
            };
            out[at].allocated = out[at].allocated + a.amount;
        }
        // Carried-over money counts under its own activity code when the table names one.
        for a in &self.allocations {
            let Some(carry) = a.carry_over else { continue };
            let code = a
                .carry_over_activity_code
                .clone()
                .or(a.activity_code.clone())
                .unwrap_or_default();
            match out.iter_mut().find(|b| b.activity_code == code) {
                Some(b) => b.carried_over = b.carried_over + carry,
                None => out.push(ActivityBalance {
                    activity_code: code,
                    allocated: Money::ZERO,
                    carried_over: carry,
                }),
            }
        }
        out
    }

    /// The table as a protocol prints it: one row per allocation; a row that continues the
    /// group above leaves date and purpose empty.
    pub fn table_rows(&self) -> Vec<[String; 6]> {
        let mut previous: Option<NaiveDate> = None;
        self.allocations
            .iter()
            .map(|a| {
                let starts_group = a.purpose.is_some() || a.decided_on != previous;
                previous = a.decided_on;
                [
                    if starts_group {
                        a.decided_on.map(|d| d.to_string()).unwrap_or_default()
                    } else {
                        String::new()
                    },
                    a.purpose.clone().unwrap_or_default(),
                    a.amount.to_string(),
                    a.activity_code.clone().unwrap_or_default(),
                    a.recipient.clone().unwrap_or_default(),
                    a.comment.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }
}

/// What a grant's activity code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityBalance {
    pub activity_code: String,
    pub allocated: Money,
    pub carried_over: Money,
}

impl ActivityBalance {
    /// Allocated plus carried over: what the activity spends in all.
    pub fn total(&self) -> Money {
        self.allocated + self.carried_over
    }
}
