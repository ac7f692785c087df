//! Feeds to follow a body without visiting it: Atom for each body (its adjusted protocols and
//! the notices of coming meetings) and for the notice board, and an iCalendar subscription of a
//! body's meetings. Only what the public may see goes in (the same public view as the pages).

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Days, NaiveTime, Utc};
use samverkan_domain::swedish_time::today;
use samverkan_domain::{Body, BodyId, Meeting, MeetingStatus};

use crate::error::parse_id;
use crate::routes::Routes;
use crate::views::public_protocol;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/organ/{id}/flode.atom", &["GET"], get(body_feed))
        .route("/organ/{id}/kalender.ics", &["GET"], get(body_calendar))
        .route("/anslagstavla.atom", &["GET"], get(board_feed))
}

/// How many entries a feed carries: the latest, not the archive.
const ENTRIES: i64 = 50;

/// One entry of an Atom feed.
struct Entry {
    id: String,
    title: String,
    updated: DateTime<Utc>,
    link: String,
    summary: String,
}

/// Text for XML: the five special characters escaped, and characters XML 1.0 does not allow
/// (control characters other than tab and line breaks) dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn atom(id: &str, title: &str, self_link: &str, alternate: &str, entries: &[Entry]) -> Response {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n",
    );
    out.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<author><name>Samverkan</name></author>\n\
         <link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" href=\"{}\"/>\n",
        xml(id),
        xml(title),
        updated.to_rfc3339(),
        xml(self_link),
        xml(alternate)
    ));
    for e in entries {
        out.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link href=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml(&e.id),
            xml(&e.title),
            e.updated.to_rfc3339(),
            xml(&e.link),
            xml(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        out,
    )
        .into_response()
}

fn base(state: &AppState) -> &str {
    state.public_url.trim_end_matches('/')
}

/// When a meeting day begins, for entries without a time of their own.
fn day_start(meeting: &Meeting) -> DateTime<Utc> {
    meeting.date.and_time(NaiveTime::MIN).and_utc()
}

/// The entry for an adjusted protocol: its public §§ as the summary.
async fn protocol_entry(state: &AppState, body: &Body, meeting: &Meeting) -> Result<Entry, AppError> {
    let protocol = public_protocol(state.store.protocol(meeting.id).await?);
    let paragraphs = protocol
        .items
        .iter()
        .map(|i| format!("§ {} {}", i.number, i.title))
        .collect::<Vec<_>>()
        .join("; ");
    let url = format!("{}/moten/{}", base(state), meeting.id);
    Ok(Entry {
        id: format!("{url}#justerat"),
        title: format!("Justerat protokoll {} {}", body.short_name, meeting.date),
        updated: meeting.adjustment.locked_at.unwrap_or_else(|| day_start(meeting)),
        link: url,
        summary: paragraphs,
    })
}

/// A body's feed: the adjusted protocols (newest first) and the notices of meetings to come.
async fn body_feed(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let mut entries = Vec::new();
    let today = today();
    for meeting in state.store.coming_meetings(&[body.id], today, ENTRIES).await? {
        if meeting.status != MeetingStatus::NoticeSent {
            continue;
        }
        let protocol = public_protocol(state.store.protocol(meeting.id).await?);
        let url = format!("{}/moten/{}", base(&state), meeting.id);
        let when = crate::views::time_span(&meeting)
            .map(|t| format!(" kl. {t}"))
            .unwrap_or_default();
        let place = meeting.place.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
        let agenda = protocol
            .items
            .iter()
            .map(|i| format!("§ {} {}", i.number, i.title))
            .collect::<Vec<_>>()
            .join("; ");
        entries.push(Entry {
            id: format!("{url}#kallelse"),
            title: format!("Kallelse {} {}", body.short_name, meeting.date),
            // When the notice went out (the latest sending, if it was sent again).
            updated: state
                .store
                .dispatches(meeting.id)
                .await?
                .iter()
                .filter(|d| d.kind == samverkan_domain::DispatchKind::Notice)
                .map(|d| d.sent_at)
                .max()
                .unwrap_or_else(|| day_start(&meeting)),
            link: url,
            summary: format!("Sammanträde {}{when}{place}. Dagordning: {agenda}", meeting.date),
        });
    }
    for meeting in state.store.recent_protocols(body.id, ENTRIES).await? {
        entries.push(protocol_entry(&state, &body, &meeting).await?);
    }
    let self_link = format!("{}/organ/{}/flode.atom", base(&state), body.id);
    let page = format!("{}/organ/{}", base(&state), body.id);
    Ok(atom(
        &self_link,
        &format!("{} – protokoll och kallelser", body.name),
        &self_link,
        &page,
        &entries,
    ))
}

/// The notice board's feed: each protocol while its notice is up.
async fn board_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    let today = today();
    let mut entries = Vec::new();
    for (body, meeting) in crate::portal::notices_with_bodies(&state, today, ENTRIES).await? {
        let mut entry = protocol_entry(&state, &body, &meeting).await?;
        if let Some(publication) = &meeting.publication {
            entry.title = format!("Anslag: protokoll {} {}", body.short_name, meeting.date);
            entry.id = entry.id.replace("#justerat", "#anslag");
            entry.updated = publication.posted_on.and_time(NaiveTime::MIN).and_utc();
            let down = publication
                .taken_down_on
                .map(|d| format!(" Tas ned {d}."))
                .unwrap_or_default();
            entry.summary = format!("Anslaget {}.{down} {}", publication.posted_on, entry.summary);
        }
        entries.push(entry);
    }
    let self_link = format!("{}/anslagstavla.atom", base(&state));
    let page = format!("{}/anslagstavla", base(&state));
    Ok(atom(
        &self_link,
        "Samverkan – anslagstavla",
        &self_link,
        &page,
        &entries,
    ))
}

/// A body's meetings from a year back to two years ahead, to subscribe to in a calendar.
async fn body_calendar(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let today = today();
    let from = today.checked_sub_days(Days::new(366)).unwrap_or(today);
    let until = today.checked_add_days(Days::new(731)).unwrap_or(today);
    let meetings = state.store.meetings_between(body.id, from, until, 0, 500).await?;
    let base = base(&state).to_string();
    let ics = samverkan_mail::calendar_feed(&body, &meetings, |m| format!("{base}/moten/{}", m.id), Utc::now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        ics,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(xml("<b>&\"'</b>"), "&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;");
        assert_eq!(xml("a\u{0}b\u{1b}c\nd"), "abc\nd");
    }
}
