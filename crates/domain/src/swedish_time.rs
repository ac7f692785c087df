//! Swedish local time, as every page and document shows times: CET (UTC+1), and CEST (UTC+2)
//! from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, the
//! rule Sweden has followed with the rest of the EU since 1996.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

/// The wall-clock time in Sweden at `at`.
pub fn swedish_local(at: DateTime<Utc>) -> NaiveDateTime {
    let year = at.year();
    let summer = last_sunday(year, 3)..last_sunday(year, 10);
    let offset = if summer.contains(&at) { 2 } else { 1 };
    (at + Duration::hours(offset)).naive_utc()
}

/// Today's date in Sweden.
pub fn today() -> NaiveDate {
    swedish_local(Utc::now()).date()
}

/// A Swedish wall-clock time as RFC 3339 with its offset: "2026-03-13T09:00:00+01:00".
pub fn swedish_rfc3339(local: NaiveDateTime) -> String {
    let winter = local - Duration::hours(1);
    let offset = if swedish_local(winter.and_utc()) == local {
        "+01:00"
    } else {
        "+02:00"
    };
    format!("{}{offset}", local.format("%Y-%m-%dT%H:%M:%S"))
}

/// "2026-12-02 14:05", the way Samverkan writes a moment.
pub fn format_swedish(at: DateTime<Utc>) -> String {
    swedish_local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> DateTime<Utc> {
    let mut day = NaiveDate::from_ymd_opt(year, month, 31)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, month, 30).unwrap_or_default());
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap_or(day);
    }
    day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn local_times_carry_their_offset() {
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(swedish_rfc3339(local("2026-03-13 09:00")), "2026-03-13T09:00:00+01:00");
        assert_eq!(swedish_rfc3339(local("2026-06-12 13:30")), "2026-06-12T13:30:00+02:00");
    }

    #[test]
    fn winter_is_one_hour_ahead_summer_two_and_the_switch_is_at_one_utc() {
        assert_eq!(format_swedish(at("2026-12-02T13:05:00Z")), "2026-12-02 14:05");
        assert_eq!(format_swedish(at("2026-07-01T10:00:00Z")), "2026-07-01 12:00");
        // 2026: summer time from Sunday 29 March to Sunday 25 October.
        assert_eq!(format_swedish(at("2026-03-29T00:59:00Z")), "2026-03-29 01:59");
        assert_eq!(format_swedish(at("2026-03-29T01:00:00Z")), "2026-03-29 03:00");
        assert_eq!(format_swedish(at("2026-10-25T00:59:00Z")), "2026-10-25 02:59");
        assert_eq!(format_swedish(at("2026-10-25T01:00:00Z")), "2026-10-25 02:00");
        assert_eq!(format_swedish(at("2026-12-31T23:30:00Z")), "2027-01-01 00:30");
    }
}
