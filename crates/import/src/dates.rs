//! Swedish dates and times as protocols write them: 2023-10-20, 231117, "20 oktober 2023",
//! "14 okt 2016", "i april", "08.15 - 12.00", "kl. 13.00 – 16.00".

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

const MONTHS: [(&str, u32); 12] = [
    ("januari", 1),
    ("februari", 2),
    ("mars", 3),
    ("april", 4),
    ("maj", 5),
    ("juni", 6),
    ("juli", 7),
    ("augusti", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
];

/// A Swedish month name written out ("mars", "oktober").
pub fn is_month_name(word: &str) -> bool {
    let word = word.to_lowercase();
    MONTHS.iter().any(|(name, _)| *name == word)
}

/// The month a Swedish month name or its abbreviation ("okt", "sept") stands for.
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == word || (word.len() >= 3 && name.starts_with(word)))
        .map(|(_, n)| *n)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(?:\s*-\s*\d{1,2})?\s+([a-zåäö]{3,9})\.?(?:\s+(\d{4}))?\b").unwrap());
static SHORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{2})(\d{2})(\d{2})\b").unwrap());
static TIME_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:kl\.?\s*)?\b(\d{1,2})[.:](\d{2})\s*[-–—]\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})\b").unwrap()
});

/// A date found in text, with where it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// Every full date in `text` in the order they stand: ISO dates, and day-month-year in words.
/// A day and month without a year take `default_year` when one is given.
pub fn dates_in(text: &str, default_year: Option<i32>) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for c in ISO.captures_iter(text) {
        let m = c.get(0).unwrap();
        if let Some(date) = ymd(&c[1], &c[2], &c[3]) {
            found.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    for c in WORDS.captures_iter(text) {
        let m = c.get(0).unwrap();
        let Some(month) = month_number(&c[2]) else { continue };
        let year = c.get(3).and_then(|y| y.as_str().parse().ok()).or(default_year);
        let (Some(year), Ok(day)) = (year, c[1].parse::<u32>()) else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            if !found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                found.push(FoundDate {
                    date,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The first full date in `text`.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    dates_in(text, None).first().map(|f| f.date)
}

/// A six-digit date "231117" (yymmdd, 2000s), as bodies write meeting references ("LSVO 231117").
pub fn short_date(token: &str) -> Option<NaiveDate> {
    let c = SHORT.captures(token)?;
    if c.get(0)?.as_str().len() != token.trim().len() {
        return None;
    }
    NaiveDate::from_ymd_opt(2000 + c[1].parse::<i32>().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// "i april" / "i april 2011": a month (in `year`) named as a deadline.
pub fn month_deadline(text: &str, year: i32) -> Option<(i32, u32)> {
    static IN_MONTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:i|under|senast i)\s+([a-zåäö]{3,9})(?:\s+(\d{4}))?\b").unwrap());
    IN_MONTH.captures_iter(text).find_map(|c| {
        let month = month_number(&c[1])?;
        let year = c.get(2).and_then(|y| y.as_str().parse().ok()).unwrap_or(year);
        Some((year, month))
    })
}

/// The first time range "08.15 - 12.00", "kl. 13.00 – 16.00", "09.30- 12.00".
pub fn time_range(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let c = TIME_RANGE.captures(text)?;
    let time = |h: &str, m: &str| NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0);
    Some((time(&c[1], &c[2])?, time(&c[3], &c[4])?))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_form_the_protocols_use() {
        assert_eq!(first_date("Protokoll 2012-01-12 09.30- 12.00"), Some(d("2012-01-12")));
        assert_eq!(
            first_date("Fredagen den 20 oktober 2023 kl. 08.15"),
            Some(d("2023-10-20"))
        );
        assert_eq!(first_date("Fredagen den 14 okt 2016"), Some(d("2016-10-14")));
        assert_eq!(first_date("22 februari 2011"), Some(d("2011-02-22")));
        assert_eq!(short_date("231117"), Some(d("2023-11-17")));
        assert_eq!(short_date("231317"), None);
        assert_eq!(month_deadline("att i april återkomma", 2011), Some((2011, 4)));
        assert_eq!(
            dates_in("våren 2011 19 april, 14 juni,", Some(2011))
                .iter()
                .map(|f| f.date)
                .collect::<Vec<_>>(),
            vec![d("2011-04-19"), d("2011-06-14")]
        );
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        assert_eq!(time_range("kl. 13.00 – 16.00"), Some((t("13:00"), t("16:00"))));
        assert_eq!(time_range("10.00  - 15.30 Lokal"), Some((t("10:00"), t("15:30"))));
        assert_eq!(time_range("09.00-14.00"), Some((t("09:00"), t("14:00"))));
        assert_eq!(
            first_date("den 31 februari 2011"),
            None,
            "an impossible date is not a date"
        );
    }
}
