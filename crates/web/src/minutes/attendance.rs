//! Recording who attended: each member's presence, partial presence chosen from the meeting's
//! own §§ (only at some, all but some, part of the meeting) and further participants.

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
    /// Whole meeting, only some §§, all but some, or part of the meeting.
    pub kind: &'static str,
    /// An ersättare (who may be called in to serve), and whether they serve.
    pub substitute: bool,
    pub serves: bool,
    /// The §§ chosen for a partial presence.
    pub chosen: Vec<String>,
    pub note: String,
}

impl Row {
    fn chose(&self, number: &str) -> bool {
        self.chosen.iter().any(|c| c == number)
    }
}

#[derive(Template)]
#[template(path = "attendance.html")]
struct AttendancePage {
    nav: Nav,
    body: Body,
    meeting: Meeting,
    rows: Vec<Row>,
    /// The meeting's § numbers, to choose a partial presence from.
    numbers: Vec<String>,
    /// Participants outside the register, as the form edits them.
    others: String,
    /// How many have reported förhinder.
    apologies: usize,
    error: Option<String>,
}

fn status_code(status: AttendanceStatus) -> &'static str {
    status.code()
}

/// The form for `attendance` (the stored one, or one refused, to show it again as sent).
async fn page(
    state: &AppState,
    viewer: &Viewer,
    meeting: Meeting,
    attendance: Option<Vec<Attendance>>,
    error: Option<String>,
) -> Result<AttendancePage> {
    let attendance = attendance.unwrap_or_else(|| meeting.attendance.clone());
    let body = state.store.body(meeting.body_id).await?;
    let persons = state.store.persons_in(meeting.body_id).await?;
    let organisations = state.store.organisations().await?;
    let numbers = state
        .store
        .items(meeting.id)
        .await?
        .iter()
        .map(|i| i.number.to_string())
        .collect();
    let mut rows = Vec::new();
    for membership in state.store.memberships(body.id).await? {
        if !membership.period.contains(meeting.date) {
            continue;
        }
        let Some(person) = persons.iter().find(|p| p.id == membership.person_id) else {
            continue;
        };
        let recorded = attendance.iter().find(|a| a.person_id == Some(person.id));
        let organisation = membership
            .organisation_id
            .and_then(|id| organisations.iter().find(|o| o.id == id))
            .map(|o| format!(", {}", o.name))
            .unwrap_or_default();
        let presence = recorded.map(|a| a.presence.clone()).unwrap_or(Presence::Whole);
        rows.push(Row {
            key: format!("{}:{}", person.id, membership.id),
            name: person.name.clone(),
            detail: format!("{}{organisation}", membership.role.label_sv()),
            status: recorded.map(|a| status_code(a.status)).unwrap_or("present"),
            kind: presence.kind(),
            substitute: membership.role == Role::Ersattare,
            serves: membership.role == Role::Ersattare && recorded.is_some_and(|a| a.voting),
            chosen: presence.chosen_numbers(),
            note: match &presence {
                Presence::PartOfMeeting { note } => note.clone().unwrap_or_default(),
                _ => String::new(),
            },
        });
    }
    let others = attendance
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
        numbers,
        others,
        apologies: attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::Apologies)
            .count(),
        error,
    })
}

pub async fn attendance_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    Ok(Html(page(&state, &viewer, meeting, None, None).await?.render()?))
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
        let page = page(&state, &viewer, meeting, None, Some(error.to_string())).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let persons = state.store.persons_in(meeting.body_id).await?;
    let memberships = state.store.memberships(meeting.body_id).await?;
    let numbers: Vec<ItemNumber> = state
        .store
        .items(meeting.id)
        .await?
        .into_iter()
        .map(|i| i.number)
        .collect();
    let mut attendance = Vec::new();
    let mut refusal = None;
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
            // An ersättare called in for a member with förhinder serves (tjänstgör) and decides.
            voting: membership.role.is_voting()
                || (membership.role == Role::Ersattare && fields.text(&format!("serves_{key}")).is_some()),
            status,
            presence: match Presence::choose(
                &fields.value(&format!("presence_{key}")),
                &fields.all(&format!("items_{key}")).collect::<Vec<_>>(),
                fields.text(&format!("note_{key}")),
                &numbers,
            ) {
                Ok(presence) => presence,
                Err(error) => {
                    refusal.get_or_insert(format!("{}: {error}", person.name));
                    Presence::Whole
                }
            },
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
    if let Some(refusal) = refusal {
        let page = page(&state, &viewer, meeting, Some(attendance), Some(refusal)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let before = state.hash_before_change(&meeting).await?;
    meeting.attendance = attendance;
    state.store.update_meeting(&meeting).await?;
    state.changed(meeting.id, before).await;
    Ok(see(format!("/moten/{}", meeting.id)))
}
