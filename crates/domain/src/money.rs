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

    pub fn from_kronor(kronor: i64) -> Money {
        Money(kronor * 100)
    }

    pub fn ore(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Refuses a negative amount with a Swedish sentence naming it.
    pub fn ensure_not_negative(self) -> Result<Money, DomainError> {
        if self.is_negative() {
            Err(DomainError::NegativeAmount(self.to_string()))
        } else {
            Ok(self)
        }
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
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
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
            .ok_or_else(invalid)?;
        Ok(Money(if negative { -ore } else { ore }))
    }
}

impl fmt::Display for Money {
    /// "1 276 000 kr", or "207 467,50 kr" when there are öre.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let kronor = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in kronor.chars().enumerate() {
            if i > 0 && (kronor.len() - i).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        match abs % 100 {
            0 => write!(f, "{sign}{grouped} kr"),
            ore => write!(f, "{sign}{grouped},{ore:02} kr"),
        }
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
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
    fn refuses_garbage() {
        for bad in ["", "kr", "12a kr", "1,234 kr", "1 2 3,4,5"] {
            assert!(Money::parse_swedish(bad).is_err(), "{bad} should be refused");
        }
    }
}
