//! What the public may see of a protocol, and small formatting helpers shared by pages and API.

use chrono::NaiveTime;
use samverkan_domain::{Item, Meeting, Protocol};

/// An item as an agenda shows it before the minutes are adjusted: number, title, presenters.
pub fn agenda_item(item: &Item) -> Item {
    Item {
        notes: Vec::new(),
        decision: None,
        recommendations: Vec::new(),
        assignments: Vec::new(),
        outcome: None,
        distribution: Vec::new(),
        ..item.clone()
    }
}

/// What the public sees of a meeting: once adjusted, everything but the adjusters' comments
/// (internal notes to the secretary); before, only when and where, without attendance or
/// signatures.
pub fn public_meeting(mut meeting: Meeting) -> Meeting {
    if meeting.status.is_locked() {
        for adjuster in &mut meeting.adjustment.adjusters {
            adjuster.comment = None;
        }
    } else {
        meeting.attendance.clear();
        meeting.adjustment = Default::default();
        meeting.secretary = None;
        meeting.remarks.clear();
    }
    meeting
}

/// What the public sees of a protocol: the meeting by [`public_meeting`], confidential items
/// reduced by [`Item::public_view`], and before adjustment only the agenda ([`agenda_item`]).
pub fn public_protocol(protocol: Protocol) -> Protocol {
    let locked = protocol.meeting.status.is_locked();
    Protocol {
        items: protocol
            .items
            .iter()
            .map(|i| {
                if locked {
                    i.public_view()
                } else {
                    agenda_item(&i.public_view())
                }
            })
            .collect(),
        meeting: public_meeting(protocol.meeting),
        body: protocol.body,
    }
}

/// "13.00–15.30", the way Swedish protocols write a time span.
pub fn time_span(meeting: &Meeting) -> Option<String> {
    let format = |t: NaiveTime| t.format("%H.%M").to_string();
    let start = meeting.start_time.map(format)?;
    Some(match meeting.end_time.map(format) {
        Some(end) => format!("{start}–{end}"),
        None => start,
    })
}

/// A moment as pages show it: Swedish local time, "2026-12-02 14:05".
pub fn moment(at: &chrono::DateTime<chrono::Utc>) -> String {
    samverkan_domain::swedish_time::format_swedish(*at)
}
