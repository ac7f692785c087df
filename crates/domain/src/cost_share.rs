//! Cost splits (kostnadsfördelning) between organisations, exact to the öre.

use serde::{Deserialize, Serialize};

use crate::money::thousands;
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
        use crate::limits::{check, check_entries, check_opt, TITLE};
        check("Kostnadsfördelning", &self.title, TITLE)?;
        check_entries("Betalare", &self.parts)?;
        self.total.ensure_not_negative()?;
        for part in &self.parts {
            part.amount.ensure_not_negative()?;
            check("Betalare", &part.payer, TITLE)?;
            check_opt("Grund", part.basis.as_deref(), TITLE)?;
        }
        let sum = Money::checked_sum(self.parts.iter().map(|p| p.amount))?;
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

/// One payer in a split and what it is weighed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitParty {
    pub organisation_id: Option<OrganisationId>,
    pub payer: String,
    /// Population, volume, percentage in hundredths (7000 = 70 %), or hours, by the key.
    pub weight: u64,
    /// For a guaranteed share plus an hourly rate: the guaranteed amount.
    pub guaranteed: Money,
}

impl CostShare {
    /// Splits `total` between `parties` by `key`, exactly to the öre (largest remainder, see
    /// [`split_by_weights`]). Percentages must sum to 100 %; a guaranteed share plus an hourly
    /// rate is computed per party and the total is their sum, so `total` must equal it.
    pub fn split(
        body_id: BodyId,
        title: impl Into<String>,
        total: Money,
        key: CostShareKey,
        parties: &[SplitParty],
    ) -> Result<CostShare, DomainError> {
        total.ensure_not_negative()?;
        if parties.is_empty() {
            return Err(DomainError::EmptySplitKey);
        }
        let weights: Vec<u64> = parties.iter().map(|p| p.weight).collect();
        let (amounts, basis): (Vec<Money>, Vec<String>) = match &key {
            CostShareKey::FixedPercent => {
                let sum: u64 = weights.iter().sum();
                if sum != 10_000 {
                    return Err(DomainError::PercentagesNotHundred(percent_text(sum)));
                }
                (
                    split_by_weights(total, &weights)?,
                    weights.iter().map(|w| format!("{} %", percent_text(*w))).collect(),
                )
            }
            CostShareKey::Population { .. } => (
                split_by_weights(total, &weights)?,
                weights.iter().map(|w| format!("{} inv.", thousands(*w))).collect(),
            ),
            CostShareKey::Volume => (
                split_by_weights(total, &weights)?,
                weights.iter().map(|w| thousands(*w)).collect(),
            ),
            CostShareKey::GuaranteedPlusHourly { hourly_rate } => {
                hourly_rate.ensure_not_negative()?;
                let amounts: Vec<Money> = parties
                    .iter()
                    .map(|p| {
                        p.guaranteed.ensure_not_negative()?;
                        p.guaranteed.checked_add(hourly_rate.checked_times(p.weight)?)
                    })
                    .collect::<Result<_, DomainError>>()?;
                let basis = parties
                    .iter()
                    .map(|p| format!("{} + {} tim × {hourly_rate}", p.guaranteed, p.weight))
                    .collect();
                (amounts, basis)
            }
            CostShareKey::AsDecided => return Err(DomainError::Missing("fördelningsnyckel")),
        };
        let share = CostShare {
            id: CostShareId::NEW,
            body_id,
            decided_at_item: None,
            title: title.into(),
            total: if matches!(key, CostShareKey::GuaranteedPlusHourly { .. }) {
                Money::checked_sum(amounts.iter().copied())?
            } else {
                total
            },
            key,
            parts: parties
                .iter()
                .zip(amounts)
                .zip(basis)
                .map(|((p, amount), basis)| CostSharePart {
                    organisation_id: p.organisation_id,
                    payer: p.payer.clone(),
                    basis: Some(basis),
                    amount,
                })
                .collect(),
        };
        share.validate()?;
        Ok(share)
    }
}

/// 7000 hundredths → "70", 3333 → "33,33".
fn percent_text(hundredths: u64) -> String {
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        rest => format!("{},{rest:02}", hundredths / 100),
    }
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

    fn party(payer: &str, weight: u64) -> SplitParty {
        SplitParty {
            organisation_id: None,
            payer: payer.into(),
            weight,
            guaranteed: Money::ZERO,
        }
    }

    #[test]
    fn percentages_must_make_a_hundred() {
        let ok = CostShare::split(
            BodyId(1),
            "Vård- och omsorgscollege",
            Money::from_kronor(389_000),
            CostShareKey::FixedPercent,
            &[party("Kommunerna", 7000), party("Landstinget", 3000)],
        )
        .unwrap();
        assert_eq!(ok.parts[0].amount, Money::from_kronor(272_300));
        assert_eq!(ok.parts[0].basis.as_deref(), Some("70 %"));
        let err = CostShare::split(
            BodyId(1),
            "x",
            Money::from_kronor(100),
            CostShareKey::FixedPercent,
            &[party("A", 7000), party("B", 2000)],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Procentsatserna summerar till 90 % och inte till 100 %."
        );
        let err = CostShare::split(BodyId(1), "x", Money(-1), CostShareKey::Volume, &[party("A", 1)]).unwrap_err();
        assert!(matches!(err, DomainError::NegativeAmount(_)));
    }

    #[test]
    fn an_overflowing_hourly_split_is_refused_not_wrapped() {
        let key = |kronor| CostShareKey::GuaranteedPlusHourly {
            hourly_rate: Money::from_kronor(kronor),
        };
        let hours = |weight| SplitParty {
            guaranteed: Money::from_kronor(100),
            ..party("A", weight)
        };
        for (rate, weight) in [(1_000_000, 10_u64.pow(13)), (0, u64::MAX)] {
            let rate_key = if rate == 0 {
                CostShareKey::GuaranteedPlusHourly { hourly_rate: Money(1) }
            } else {
                key(rate)
            };
            let err = CostShare::split(BodyId(1), "x", Money::ZERO, rate_key, &[hours(weight)]).unwrap_err();
            assert!(matches!(err, DomainError::AmountTooLarge(_)), "{err}");
            assert!(err.to_string().starts_with("Beloppet är för stort."), "{err}");
        }
        let many = vec![
            SplitParty {
                guaranteed: Money::MAX,
                ..party("A", 0)
            };
            3
        ];
        assert!(matches!(
            CostShare::split(BodyId(1), "x", Money::ZERO, key(1), &many),
            Err(DomainError::AmountTooLarge(_))
        ));
    }

    #[test]
    fn guaranteed_share_plus_hourly_rate_adds_up() {
        let rate = Money::from_kronor(850);
        let mut a = party("Östersunds kommun", 120);
        a.guaranteed = Money::from_kronor(50_000);
        let b = party("Krokoms kommun", 10);
        let share = CostShare::split(
            BodyId(1),
            "Vårdhygien",
            Money::ZERO,
            CostShareKey::GuaranteedPlusHourly { hourly_rate: rate },
            &[a, b],
        )
        .unwrap();
        assert_eq!(share.parts[0].amount, Money::from_kronor(50_000 + 102_000));
        assert_eq!(share.parts[1].amount, Money::from_kronor(8_500));
        assert_eq!(share.total, Money::from_kronor(160_500));
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
