//! Cost splits (kostnadsfördelning) between organisations, exact to the öre.

use serde::{Deserialize, Serialize};

use crate::{BodyId, CostShareId, DomainError, ItemId, Money, OrganisationId};

/// How a total is split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostShareKey {
    /// By population share at the end of the given year (SCB figures).
    Population { year: i32 },
    /// By fixed percentages, e.g. 70 % region and 30 % municipalities.
    FixedPercent,
    /// By volumes (places, hours, cases).
    Volume,
    /// A guaranteed fixed share plus an hourly rate.
    GuaranteedPlusHourly { hourly_rate: Money },
    /// Amounts as decided, with no stated key.
    AsDecided,
}

impl CostShareKey {
    pub fn code(&self) -> &'static str {
        match self {
            CostShareKey::Population { .. } => "population",
            CostShareKey::FixedPercent => "fixed_percent",
            CostShareKey::Volume => "volume",
            CostShareKey::GuaranteedPlusHourly { .. } => "guaranteed_plus_hourly",
            CostShareKey::AsDecided => "as_decided",
        }
    }
}

/// One organisation's (or group's) part of a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSharePart {
    pub organisation_id: Option<OrganisationId>,
    /// The payer as written: "Kommunerna", "Landstinget", "Ronneby kommun".
    pub payer: String,
    /// The key figure as written: "70 %", "29 468 inv.", "120 timmar".
    pub basis: Option<String>,
    pub amount: Money,
}

/// A total split between payers; the parts always sum exactly to the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostShare {
    pub id: CostShareId,
    pub body_id: BodyId,
    pub decided_at_item: Option<ItemId>,
    pub title: String,
    pub total: Money,
    pub key: CostShareKey,
    pub parts: Vec<CostSharePart>,
}

impl CostShare {
    /// Refuses negative amounts and parts that do not sum exactly to the total.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.total.ensure_not_negative()?;
        for part in &self.parts {
            part.amount.ensure_not_negative()?;
        }
        let sum: Money = self.parts.iter().map(|p| p.amount).sum();
        if sum != self.total {
            return Err(DomainError::CostShareMismatch {
                total: self.total.to_string(),
                parts: sum.to_string(),
            });
        }
        Ok(())
    }
}

/// Splits `total` in proportion to `weights`, exactly to the öre.
///
/// Rounding rule (largest remainder): every part gets the floor of its exact share, and the
/// öre left over go one each to the parts with the largest remainders, ties to the earlier part.
pub fn split_by_weights(total: Money, weights: &[u64]) -> Result<Vec<Money>, DomainError> {
    total.ensure_not_negative()?;
    let weight_sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if weight_sum == 0 {
        return Err(DomainError::EmptySplitKey);
    }
    let total_ore = total.ore() as u128;
    let mut parts: Vec<(u128, u128)> = weights
        .iter()
        .map(|w| {
            let exact = total_ore * u128::from(*w);
            (exact / weight_sum, exact % weight_sum)
        })
        .collect();
    let assigned: u128 = parts.iter().map(|(floor, _)| floor).sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for index in order.into_iter().take((total_ore - assigned) as usize) {
        parts[index].0 += 1;
    }
    Ok(parts.into_iter().map(|(ore, _)| Money(ore as i64)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn share(total: Money, parts: &[i64]) -> CostShare {
        CostShare {
            id: CostShareId::NEW,
            body_id: BodyId(1),
            decided_at_item: None,
            title: "Praktiksamordning".into(),
            total,
            key: CostShareKey::FixedPercent,
            parts: parts
                .iter()
                .map(|ore| CostSharePart {
                    organisation_id: None,
                    payer: "x".into(),
                    basis: None,
                    amount: Money(*ore),
                })
                .collect(),
        }
    }

    #[test]
    fn parts_must_sum_to_total() {
        let total = Money::from_kronor(389_000);
        assert!(share(total, &[20_746_700, 18_153_300]).validate().is_ok());
        let err = share(total, &[20_746_700, 18_153_299]).validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Delarna summerar till 388 999,99 kr men totalen är 389 000 kr."
        );
    }

    #[test]
    fn negative_part_is_refused() {
        let err = share(Money(0), &[100, -100]).validate().unwrap_err();
        assert!(matches!(err, DomainError::NegativeAmount(_)));
    }

    #[test]
    fn seventy_thirty_split_is_exact() {
        let parts = split_by_weights(Money::from_kronor(389_000), &[70, 30]).unwrap();
        assert_eq!(parts, vec![Money::from_kronor(272_300), Money::from_kronor(116_700)]);
    }

    #[test]
    fn leftover_ore_go_to_largest_remainders() {
        assert_eq!(
            split_by_weights(Money(7), &[1, 1, 1]).unwrap(),
            vec![Money(3), Money(2), Money(2)]
        );
        assert_eq!(
            split_by_weights(Money(100), &[1, 2]).unwrap(),
            vec![Money(33), Money(67)]
        );
        assert!(split_by_weights(Money(100), &[0, 0]).is_err());
    }

    proptest! {
        #[test]
        fn any_split_sums_exactly(total in 0i64..10_000_000_000, weights in prop::collection::vec(0u64..2_000_000, 1..30)) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let parts = split_by_weights(Money(total), &weights).unwrap();
            prop_assert_eq!(parts.iter().copied().sum::<Money>(), Money(total));
            prop_assert_eq!(parts.len(), weights.len());
        }
    }
}
