//! Recording who attended: each member's presence, partial presence ("§§ 50-53", "ej 6",
//! "del av mötet") and further participants.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use samverkan_domain::*;

use super::{current_meeting, managed_meeting, see, Result};
use crate::auth::Viewer;
use crate::nav::Nav;
use crate::AppState;

/// One line of the attendance form.
pub struct Row {
    pub key: String,
    pub name: String,
    pub detail: String,
    pub status: &'static str,
    pub presence: String,
}

#[derive(Template)]
#[template(path = "attendance.html")]
struct AttendancePage {
    nav: Nav,
    body: Body,
    meeting: Meeting,
    rows: Vec<Row>,
    /// Participants outside the register, as the form edits them.
    others: String,
    error: Option<String>,
}

/// The presence text as the secretary writes it.
pub fn presence_text(presence: &Presence) -> String {
    match presence {
        Presence::Whole => String::new(),
        Presence::OnlyItems { items } => items.join(", "),
        Presence::ExceptItems { items } => format!("ej {}", items.join(", ")),
        Presence::PartOfMeeting { note } => note.clone().unwrap_or_else(|| "del av mötet".into()),
    }
}

/// Reads "§ 49", "§§ 50-53, § 55", "ej 6", "del av mötet (till kl. 11)" or nothing.
pub fn parse_presence(text: &str) -> Presence {
    let text = text.trim();
    let list = |s: &str| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    };
    if text.is_empty() {
        Presence::Whole
    } else if let Some(rest) = text.strip_prefix("ej ").or_else(|| text.strip_prefix("Ej ")) {
        Presence::ExceptItems { items: list(rest) }
    } else if text.to_lowercase().starts_with("del av mötet") {
        Presence::PartOfMeeting {
            note: Some(text.to_string()),
        }
    } else {
        Presence::OnlyItems { items: list(text) }
    }
}

fn status_code(status: AttendanceStatus) -> &'static str {
    status.code()
}

async fn page(state: &AppState, viewer: &Viewer, meeting: Meeting, error: Option<String>) -> Result<AttendancePage> {
    let body = state.store.body(meeting.body_id).await?;
    let persons = state.store.persons().await?;
    let organisations = state.store.organisations().await?;
    let mut rows = Vec::new();
    for membership in state.store.memberships(body.id).await? {
        if !membership.period.contains(meeting.date) {
            continue;
        }
        let Some(person) = persons.iter().find(|p| p.id == membership.person_id) else {
            continue;
        };
        let recorded = meeting.attendance.iter().find(|a| a.person_id == Some(person.id));
        let organisation = membership
            .organisation_id
            .and_then(|id| organisations.iter().find(|o| o.id == id))
            .map(|o| format!(", {}", o.name))
            .unwrap_or_default();
        rows.push(Row {
            key: format!("{}:{}", person.id, membership.id),
            name: person.name.clone(),
            detail: format!("{}{organisation}", membership.role.label_sv()),
            status: recorded.map(|a| status_code(a.status)).unwrap_or("present"),
            presence: recorded.map(|a| presence_text(&a.presence)).unwrap_or_default(),
        });
    }
    let others = meeting
        .attendance
        .iter()
        .filter(|a| a.person_id.is_none())
        .map(|a| match (&a.name, &a.title) {
            (Some(name), Some(title)) => format!("{name}, {title}"),
            (name, _) => name.clone().unwrap_or_default(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(AttendancePage {
        nav: Nav::of(viewer),
        body,
        meeting,
        rows,
        others,
        error,
    })
}

pub async fn attendance_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    Ok(Html(page(&state, &viewer, meeting, None).await?.render()?))
}

/// Saves the attendance list: one line per member, keyed `person:membership`.
pub async fn save_attendance(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (mut meeting, fields) = current_meeting(&state, &viewer, &id, fields).await?;
    if let Err(error) = meeting.ensure_editable() {
        let page = page(&state, &viewer, meeting, Some(error.to_string())).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let persons = state.store.persons().await?;
    let memberships = state.store.memberships(meeting.body_id).await?;
    let mut attendance = Vec::new();
    for key in fields.all("member") {
        let membership = key
            .split_once(':')
            .and_then(|(_, m)| m.parse::<i64>().ok())
            .and_then(|m| memberships.iter().find(|x| x.id.0 == m));
        let Some(membership) = membership else { continue };
        let Some(person) = persons.iter().find(|p| p.id == membership.person_id) else {
            continue;
        };
        let status = fields
            .text(&format!("status_{key}"))
            .and_then(|s| AttendanceStatus::from_code(&s))
            .unwrap_or(AttendanceStatus::Present);
        attendance.push(Attendance {
            person_id: Some(person.id),
            organisation_id: membership.organisation_id,
            organisation: None,
            name: Some(person.name.clone()),
            title: person.title.clone(),
            role: Some(membership.role),
            voting: membership.role.is_voting(),
            status,
            presence: parse_presence(&fields.value(&format!("presence_{key}"))),
        });
    }
    // Further participants, one "Name, title" per line: present, not deciding.
    for line in fields.value("others").lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, title) = match line.split_once(',') {
            Some((name, title)) => (name.trim(), Some(title.trim().to_string())),
            None => (line, None),
        };
        attendance.push(Attendance {
            person_id: None,
            organisation_id: None,
            organisation: None,
            name: Some(name.to_string()),
            title,
            role: None,
            voting: false,
            status: AttendanceStatus::Present,
            presence: Presence::Whole,
        });
    }
    let before = state.hash_before_change(&meeting).await?;
    meeting.attendance = attendance;
    state.store.update_meeting(&meeting).await?;
    state.changed(meeting.id, before).await;
    Ok(see(format!("/moten/{}", meeting.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_presence_reads_the_protocol_forms() {
        assert_eq!(parse_presence(""), Presence::Whole);
        assert_eq!(
            parse_presence("§ 49, §§ 50-53"),
            Presence::OnlyItems {
                items: vec!["§ 49".into(), "§§ 50-53".into()]
            }
        );
        assert_eq!(
            parse_presence("ej 6"),
            Presence::ExceptItems {
                items: vec!["6".into()]
            }
        );
        assert!(matches!(parse_presence("del av mötet"), Presence::PartOfMeeting { .. }));
        for presence in [
            Presence::Whole,
            Presence::OnlyItems {
                items: vec!["§ 49".into()],
            },
            Presence::ExceptItems {
                items: vec!["6".into()],
            },
        ] {
            assert_eq!(parse_presence(&presence_text(&presence)), presence);
        }
    }
}
