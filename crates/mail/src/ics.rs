//! A calendar invitation (iCalendar, RFC 5545) for a meeting.

use chrono::{DateTime, NaiveTime, Utc};
use samverkan_domain::{Body, Meeting, MeetingStatus};

/// An invitation with one event. Times are local wall-clock time (floating), as the meeting
/// plan states them; a meeting without a start time is an all-day event. A cancelled meeting
/// gives a cancellation of the same event; the meeting's version is the event's sequence, so
/// a calendar takes a moved meeting's new invitation over the old one.
pub fn calendar_invitation(body: &Body, meeting: &Meeting, organizer: &str, now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Samverkan//Kallelse//SV".to_string(),
        format!("METHOD:{}", calendar_method(meeting)),
    ];
    lines.extend(event(body, meeting, Some(organizer), None, now));
    lines.push("END:VCALENDAR".to_string());
    finish(&lines)
}

/// A body's meetings as a calendar to subscribe to (`METHOD:PUBLISH`): one event per meeting,
/// with the address of its page; cancelled ones marked so. `url_of` gives a meeting's page.
pub fn calendar_feed(
    body: &Body,
    meetings: &[Meeting],
    url_of: impl Fn(&Meeting) -> String,
    now: DateTime<Utc>,
) -> String {
    let entries: Vec<(&Body, &Meeting)> = meetings.iter().map(|m| (body, m)).collect();
    calendar_of(&format!("Sammanträden {}", body.short_name), &entries, url_of, now)
}

/// Meetings of several bodies as one calendar named `name` (a person's own meetings).
pub fn calendar_of(
    name: &str,
    meetings: &[(&Body, &Meeting)],
    url_of: impl Fn(&Meeting) -> String,
    now: DateTime<Utc>,
) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Samverkan//Sammanträden//SV".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    for (body, meeting) in meetings {
        lines.extend(event(body, meeting, None, Some(&url_of(meeting)), now));
    }
    lines.push("END:VCALENDAR".to_string());
    finish(&lines)
}

/// One meeting as a VEVENT.
fn event(
    body: &Body,
    meeting: &Meeting,
    organizer: Option<&str>,
    url: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let date = meeting.date.format("%Y%m%d");
    let stamp = |time: NaiveTime| format!("{date}T{}", time.format("%H%M%S"));
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:meeting-{}@samverkan", meeting.id),
        format!("SEQUENCE:{}", meeting.version.max(0)),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
    ];
    if meeting.status == MeetingStatus::Cancelled {
        lines.push("STATUS:CANCELLED".to_string());
    }
    match meeting.start_time {
        Some(start) => {
            lines.push(format!("DTSTART:{}", stamp(start)));
            if let Some(end) = meeting.end_time {
                lines.push(format!("DTEND:{}", stamp(end)));
            }
        }
        None => lines.push(format!("DTSTART;VALUE=DATE:{date}")),
    }
    lines.push(format!(
        "SUMMARY:{}",
        escape(&format!("Sammanträde {}", body.short_name))
    ));
    let place = [meeting.place.as_deref(), meeting.video_link.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&place)));
    }
    if let Some(url) = url {
        lines.push(format!(
            "URL:{}",
            url.chars().filter(|c| !c.is_control()).collect::<String>()
        ));
    }
    if let Some(organizer) = organizer {
        lines.push(format!("ORGANIZER:mailto:{organizer}"));
    }
    lines.push("END:VEVENT".to_string());
    lines
}

/// Folded lines joined with CRLF, as RFC 5545 has them.
fn finish(lines: &[String]) -> String {
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

/// The iTIP method of a meeting's invitation: a request, or the cancellation of one.
pub fn calendar_method(meeting: &Meeting) -> &'static str {
    if meeting.status == MeetingStatus::Cancelled {
        "CANCEL"
    } else {
        "REQUEST"
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks (CRLF,
/// a bare LF or a bare CR each become `\n`); other control characters, which the grammar does
/// not allow, are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverkan_domain::{BodyId, NumberingRule};

    #[test]
    fn line_breaks_and_control_characters_never_reach_a_content_line() {
        assert_eq!(escape("Rum 1\rBEGIN:VALARM"), "Rum 1\\nBEGIN:VALARM");
        assert_eq!(escape("a\r\nb\nc"), "a\\nb\\nc");
        assert_eq!(escape("x\u{7}y\u{1b}[31m"), "xy[31m");
        assert_eq!(escape("Sal A, plan 2; hus \\3"), "Sal A\\, plan 2\\; hus \\\\3");
    }

    #[test]
    fn invitation_has_the_meeting_time_and_place_escaped_and_folded() {
        let body = Body {
            id: BodyId(1),
            name: "Testorganet".into(),
            short_name: "TO".into(),
            parent_id: None,
            county_code: None,
            numbering: NumberingRule::PerYear,
            description: None,
            notice_days: 21,
            logo_sha256: None,
        };
        let meeting = samverkan_domain::Meeting::plan(
            body.id,
            "2026-09-01".parse().unwrap(),
            NaiveTime::from_hms_opt(9, 0, 0),
            NaiveTime::from_hms_opt(12, 30, 0),
            Some("Regionhuset, sal Å; plan 3 – en mycket lång platsbeskrivning som måste vikas".into()),
        )
        .unwrap();
        let ics = calendar_invitation(&body, &meeting, "sekreterare@example.invalid", Utc::now());
        assert!(ics.contains("DTSTART:20260901T090000\r\n"));
        assert!(ics.contains("DTEND:20260901T123000\r\n"));
        assert!(ics.contains("LOCATION:Regionhuset\\, sal Å\\; plan 3"));
        assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
