//! Swedish kronor as integer öre, written the Swedish way ("1 276 000 kr").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use crate::DomainError;

/// An amount in öre. Never a float, so that sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount Samverkan accepts: a thousand billion kronor, above any public budget
    /// it will split. Every amount and sum stays far inside `i64`, so arithmetic on accepted
    /// amounts cannot overflow.
    pub const MAX: Money = Money(1_000_000_000_000 * 100);

    pub fn from_kronor(kronor: i64) -> Money {
        Money(kronor * 100)
    }

    pub fn ore(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Refuses a negative amount, or one above [`Money::MAX`], with a Swedish sentence naming it.
    pub fn ensure_not_negative(self) -> Result<Money, DomainError> {
        if self.is_negative() {
            Err(DomainError::NegativeAmount(self.to_string()))
        } else {
            self.ensure_within_bounds()
        }
    }

    /// Refuses an amount whose size is above [`Money::MAX`].
    pub fn ensure_within_bounds(self) -> Result<Money, DomainError> {
        if self.0.checked_abs().is_none_or(|ore| ore > Money::MAX.0) {
            Err(DomainError::AmountTooLarge(Money::MAX.to_string()))
        } else {
            Ok(self)
        }
    }

    /// `self + other`, refused above [`Money::MAX`].
    pub fn checked_add(self, other: Money) -> Result<Money, DomainError> {
        let sum = self.0.checked_add(other.0).map(Money);
        sum.ok_or_else(|| DomainError::AmountTooLarge(Money::MAX.to_string()))?
            .ensure_within_bounds()
    }

    /// `self × factor` (hours, volumes), refused above [`Money::MAX`].
    pub fn checked_times(self, factor: u64) -> Result<Money, DomainError> {
        let product = i64::try_from(factor)
            .ok()
            .and_then(|f| self.0.checked_mul(f))
            .map(Money);
        product
            .ok_or_else(|| DomainError::AmountTooLarge(Money::MAX.to_string()))?
            .ensure_within_bounds()
    }

    /// The sum of `amounts`, refused when it or any step passes [`Money::MAX`].
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Result<Money, DomainError> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    /// Parses "1 276 000 kr", "389000", "207 467,50 kr", "1 276 tkr" (thousands) or "12,5 mnkr".
    pub fn parse_swedish(text: &str) -> Result<Money, DomainError> {
        let invalid = || DomainError::InvalidAmount(text.trim().to_string());
        let lower = text.trim().to_lowercase();
        let (number, multiplier) = if let Some(rest) = lower.strip_suffix("mnkr").or_else(|| lower.strip_suffix("mkr"))
        {
            (rest, 1_000_000 * 100_i64)
        } else if let Some(rest) = lower.strip_suffix("tkr") {
            (rest, 1_000 * 100)
        } else if let Some(rest) = lower.strip_suffix("kr").or_else(|| lower.strip_suffix("kronor")) {
            (rest, 100)
        } else {
            (lower.as_str(), 100)
        };
        let number: String = number
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
            .collect();
        let number = number.trim_end_matches(":-");
        let (negative, number) = match number.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, number),
        };
        let (whole, fraction) = match number.split_once([',', '.']) {
            Some((w, f)) => (w, f),
            None => (number, ""),
        };
        if whole.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        // Only digits are left, so a failed parse means too many of them.
        let whole: i64 = whole
            .parse()
            .map_err(|_| DomainError::AmountTooLarge(Money::MAX.to_string()))?;
        // Scale the fraction to the multiplier's number of decimals; excess precision is an error
        // rather than a silent rounding.
        let decimals = (multiplier as f64).log10() as u32;
        if fraction.len() as u32 > decimals {
            return Err(invalid());
        }
        let fraction_value: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| invalid())?
        };
        let fraction_ore = fraction_value * 10_i64.pow(decimals - fraction.len() as u32);
        let ore = whole
            .checked_mul(multiplier)
            .and_then(|v| v.checked_add(fraction_ore))
            .ok_or_else(|| DomainError::AmountTooLarge(Money::MAX.to_string()))?;
        Money(if negative { -ore } else { ore }).ensure_within_bounds()
    }
}

/// 1276000 → "1 276 000": digits in groups of three, as Swedish writes numbers.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    /// "1 276 000 kr", or "207 467,50 kr" when there are öre.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let grouped = thousands(abs / 100);
        match abs % 100 {
            0 => write!(f, "{sign}{grouped} kr"),
            ore => write!(f, "{sign}{grouped},{ore:02} kr"),
        }
    }
}

// The operators saturate rather than wrap or panic, so that even a sum of stored amounts that
// slipped past the bounds can never turn into a small, plausible figure; rules that accept
// amounts use the checked forms above.
impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |sum, m| sum + m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_space_grouping() {
        assert_eq!(Money::from_kronor(1_276_000).to_string(), "1 276 000 kr");
        assert_eq!(Money::from_kronor(389_000).to_string(), "389 000 kr");
        assert_eq!(Money(20_746_750).to_string(), "207 467,50 kr");
        assert_eq!(Money(7).to_string(), "0,07 kr");
        assert_eq!(Money(-100).to_string(), "-1 kr");
    }

    #[test]
    fn parses_swedish_forms() {
        assert_eq!(
            Money::parse_swedish("1 276 000 kr").unwrap(),
            Money::from_kronor(1_276_000)
        );
        assert_eq!(Money::parse_swedish("207 467,50 kr").unwrap(), Money(20_746_750));
        assert_eq!(Money::parse_swedish("389000").unwrap(), Money::from_kronor(389_000));
        assert_eq!(Money::parse_swedish("250 tkr").unwrap(), Money::from_kronor(250_000));
        assert_eq!(
            Money::parse_swedish("12,5 mnkr").unwrap(),
            Money::from_kronor(12_500_000)
        );
        assert_eq!(Money::parse_swedish("5000:-").unwrap(), Money::from_kronor(5000));
    }

    #[test]
    fn amounts_above_the_ceiling_are_refused_never_wrapped() {
        let too_large = |r: Result<Money, DomainError>| matches!(r, Err(DomainError::AmountTooLarge(_)));
        assert!(too_large(Money::parse_swedish("99999999999999999999 kr")));
        assert!(too_large(Money::parse_swedish("1 000 000 000 001 kr")));
        assert_eq!(Money::parse_swedish("1 000 000 000 000 kr"), Ok(Money::MAX));
        assert!(too_large(Money::from_kronor(1).checked_times(u64::MAX)));
        assert!(too_large(Money(1).checked_times(Money::MAX.0 as u64 + 1)));
        assert!(too_large(Money::MAX.checked_add(Money(1))));
        assert!(too_large(Money::checked_sum([Money::MAX, Money::MAX])));
        assert_eq!(Money(i64::MAX) + Money(1), Money(i64::MAX), "saturates");
        assert!(too_large(Money(i64::MIN).ensure_within_bounds()));
    }

    #[test]
    fn refuses_garbage() {
        for bad in ["", "kr", "12a kr", "1,234 kr", "1 2 3,4,5"] {
            assert!(Money::parse_swedish(bad).is_err(), "{bad} should be refused");
        }
    }
}
