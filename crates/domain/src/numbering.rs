//! The § series of a body: which meetings share one, which number comes next, that a number
//! is used once in it, and that a meeting's items stand in the order of their numbers.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};

use crate::{DomainError, ItemId, ItemNumber, MeetingId, NumberingRule};

/// An item already numbered in a § series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub item: ItemId,
    pub meeting: MeetingId,
    pub date: NaiveDate,
    pub number: ItemNumber,
}

impl NumberingRule {
    /// The meeting dates that share one § series with a meeting on `date` (from, until
    /// exclusive): its calendar year; `None` when every meeting is a series of its own.
    pub fn series_dates(self, date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            NumberingRule::PerMeeting => None,
            NumberingRule::PerYear => {
                let from = NaiveDate::from_ymd_opt(date.year(), 1, 1)?;
                let until = NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)?;
                Some((from, until))
            }
        }
    }
}

/// One piece of a label for ordering: a number or the text between numbers.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Number(u64),
    Text(String),
}

/// The label cut into numbers and text, separators dropped: "106 c" → 106, "c"; "2.10" → 2, 10.
/// A label sorts before a longer one that starts with it, and a number before text.
fn pieces(label: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = label.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n: u64 = 0;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                chars.next();
            }
            out.push(Piece::Number(n));
        } else if c.is_alphabetic() {
            let mut text = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_alphabetic()) {
                text.extend(c.to_lowercase());
                chars.next();
            }
            out.push(Piece::Text(text));
        } else {
            chars.next();
        }
    }
    out
}

impl ItemNumber {
    /// The reading order of labels: by number, then by the letters or sub-numbers after it
    /// ("9" < "10" < "10 a" < "10 b" < "11"; "2.2" < "2.10").
    pub fn reading_order(&self, other: &ItemNumber) -> Ordering {
        pieces(self.as_str()).cmp(&pieces(other.as_str()))
    }
}

/// Where each of a meeting's items stands: the items (id, number) in their current order,
/// returned in reading order of their numbers; equal numbers keep their order.
pub fn in_number_order(items: &[(ItemId, ItemNumber)]) -> Vec<ItemId> {
    let mut sorted: Vec<&(ItemId, ItemNumber)> = items.iter().collect();
    sorted.sort_by(|a, b| a.1.reading_order(&b.1));
    sorted.into_iter().map(|(id, _)| *id).collect()
}

/// Refuses `number` for `item` (None for a new one) when another item of the series has it.
pub fn ensure_number_free(number: &ItemNumber, item: Option<ItemId>, series: &[Numbered]) -> Result<(), DomainError> {
    match series
        .iter()
        .find(|n| Some(n.item) != item && n.number.reading_order(number) == Ordering::Equal)
    {
        Some(taken) => Err(DomainError::NumberTaken {
            number: number.to_string(),
            date: taken.date.to_string(),
        }),
        None => Ok(()),
    }
}

/// The number to suggest for a new item of `meeting` (held on `date`): one more than the
/// highest number used in the series up to and including this meeting. When a later meeting
/// of the series already uses that number, the highest gets a letter instead ("12 a"), so the
/// series stays in date order and no number is offered twice.
pub fn suggest_number(meeting: MeetingId, date: NaiveDate, series: &[Numbered]) -> ItemNumber {
    let up_to_here = |n: &&Numbered| n.meeting == meeting || n.date < date;
    let highest = series
        .iter()
        .filter(up_to_here)
        .map(|n| n.number.leading_number())
        .max()
        .unwrap_or(0);
    let free = |label: &ItemNumber| ensure_number_free(label, None, series).is_ok();
    let next = ItemNumber::paragraph(highest.saturating_add(1));
    if free(&next) || highest == 0 {
        return next;
    }
    ('a'..='z')
        .filter_map(|letter| ItemNumber::parse(&format!("{highest} {letter}")).ok())
        .find(free)
        .unwrap_or(next)
}

/// `count` consecutive numbers from [`suggest_number`] on, for a new meeting's opening items.
pub fn suggest_numbers(meeting: MeetingId, date: NaiveDate, series: &[Numbered], count: usize) -> Vec<ItemNumber> {
    let mut series = series.to_vec();
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let number = suggest_number(meeting, date, &series);
        series.push(Numbered {
            item: ItemId(0),
            meeting,
            date,
            number: number.clone(),
        });
        out.push(number);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(label: &str) -> ItemNumber {
        ItemNumber::parse(label).unwrap()
    }

    fn numbered(item: i64, meeting: i64, date: &str, label: &str) -> Numbered {
        Numbered {
            item: ItemId(item),
            meeting: MeetingId(meeting),
            date: date.parse().unwrap(),
            number: n(label),
        }
    }

    #[test]
    fn labels_sort_as_they_are_read() {
        let mut labels = vec!["10 b", "2.10", "11", "9", "10", "2.2", "10 a", "106 c"];
        labels.sort_by(|a, b| n(a).reading_order(&n(b)));
        assert_eq!(labels, ["2.2", "2.10", "9", "10", "10 a", "10 b", "11", "106 c"]);
    }

    #[test]
    fn a_late_item_takes_its_place_by_number() {
        let items = [(ItemId(1), n("9")), (ItemId(2), n("13")), (ItemId(3), n("10"))];
        assert_eq!(in_number_order(&items), [ItemId(1), ItemId(3), ItemId(2)]);
    }

    #[test]
    fn a_number_is_used_once_in_the_series() {
        let series = [numbered(1, 1, "2026-02-01", "5"), numbered(2, 2, "2026-04-01", "6")];
        let error = ensure_number_free(&n("§ 6"), None, &series).unwrap_err();
        assert_eq!(
            error.to_string(),
            "§ 6 används redan i protokollet 2026-04-01. Ett paragrafnummer får bara finnas en gång."
        );
        // The item itself keeps its number when saved again.
        assert!(ensure_number_free(&n("6"), Some(ItemId(2)), &series).is_ok());
        assert!(ensure_number_free(&n("6 a"), None, &series).is_ok());
    }

    #[test]
    fn the_suggestion_continues_the_year_and_never_repeats() {
        let series = [
            numbered(1, 1, "2026-02-01", "1"),
            numbered(2, 1, "2026-02-01", "2"),
            numbered(3, 2, "2026-04-01", "3"),
        ];
        // The later meeting continues after the earlier one.
        assert_eq!(
            suggest_number(MeetingId(2), "2026-04-01".parse().unwrap(), &series),
            n("4")
        );
        // The earlier meeting would collide with § 3 of the later one: it gets a letter.
        assert_eq!(
            suggest_number(MeetingId(1), "2026-02-01".parse().unwrap(), &series),
            n("2 a")
        );
        // A new meeting between them continues after the earlier one, avoiding § 3.
        assert_eq!(
            suggest_number(MeetingId(3), "2026-03-01".parse().unwrap(), &series),
            n("2 a")
        );
        assert_eq!(suggest_number(MeetingId(4), "2026-05-01".parse().unwrap(), &[]), n("1"));
        let four = suggest_numbers(MeetingId(4), "2026-05-01".parse().unwrap(), &series, 3);
        assert_eq!(four, [n("4"), n("5"), n("6")]);
    }

    #[test]
    fn per_year_series_is_the_calendar_year() {
        let (from, until) = NumberingRule::PerYear
            .series_dates("2026-06-30".parse().unwrap())
            .unwrap();
        assert_eq!(
            (from.to_string(), until.to_string()),
            ("2026-01-01".into(), "2027-01-01".into())
        );
        assert_eq!(NumberingRule::PerMeeting.series_dates(from), None);
    }
}
