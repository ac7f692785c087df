//! "Mitt Samverkan": a signed-in person's own start page — the meetings coming up with their
//! notice and papers (and their answer to it), protocols waiting for their justering, their
//! assignments, what was recommended to their organisation and not yet decided, and for a
//! secretary what is overdue or waits to be published. Members answer the notice from here.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Form;
use chrono::Utc;
use samverkan_domain::swedish_time::today;
use samverkan_domain::*;
use samverkan_storage::StoreError;

use crate::auth::{Action, Viewer};
use crate::error::parse_id;
use crate::nav::Nav;
use crate::pages::{due_text, to_adjust};
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/mitt", &["GET"], get(my_page))
        .route("/moten/{id}/svar", &["POST"], post(answer_notice))
        .route("/kalender/{token}", &["GET"], get(own_calendar))
}

/// How many rows each list of the page shows at most.
const LIMIT: i64 = 20;

struct ComingRow {
    meeting: Meeting,
    body: String,
    answer: Option<AttendanceStatus>,
    may_answer: bool,
}

struct TaskRow {
    meeting: Meeting,
    body: String,
    item: Item,
    text: String,
    due: Option<String>,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "mine.html")]
struct MyPage {
    nav: Nav,
    name: String,
    linked: bool,
    coming: Vec<ComingRow>,
    to_adjust: Vec<(Meeting, String, bool)>,
    assignments: Vec<TaskRow>,
    recommendations: Vec<TaskRow>,
    secretary: bool,
    overdue: Vec<TaskRow>,
    unpublished: Vec<(Meeting, String)>,
    /// The address of the person's own calendar subscription.
    calendar_url: Option<String>,
}

async fn my_page(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, AppError> {
    let user = viewer.user.as_ref().ok_or(AppError::Unauthenticated)?;
    let today = today();
    let bodies = state.store.bodies().await?;
    let short_name = |id: BodyId| {
        bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.short_name.clone())
            .unwrap_or_default()
    };
    let mut page = MyPage {
        nav: Nav::of(&viewer),
        name: user.display_name.clone(),
        linked: user.person_id.is_some(),
        coming: Vec::new(),
        to_adjust: to_adjust(&state, &viewer).await?,
        assignments: Vec::new(),
        recommendations: Vec::new(),
        secretary: false,
        overdue: Vec::new(),
        unpublished: Vec::new(),
        calendar_url: None,
    };
    let Some(person) = user.person_id else {
        return Ok(Html(page.render()?));
    };
    let token = state.store.calendar_token(user.id, &crate::once::new_token()).await?;
    page.calendar_url = Some(format!("{}/kalender/{token}", state.public_url.trim_end_matches('/')));
    let memberships: Vec<Membership> = state
        .store
        .memberships_of(person)
        .await?
        .into_iter()
        .filter(|m| m.period.contains(today))
        .collect();
    let mut member_of: Vec<BodyId> = memberships.iter().map(|m| m.body_id).collect();
    member_of.sort_by_key(|b| b.0);
    member_of.dedup();
    let organisations: Vec<OrganisationId> = memberships.iter().filter_map(|m| m.organisation_id).collect();
    let managed: Vec<BodyId> = memberships
        .iter()
        .filter(|m| matches!(m.role, Role::Sekreterare | Role::Processtod))
        .map(|m| m.body_id)
        .collect();

    for meeting in state.store.coming_meetings(&member_of, today, LIMIT).await? {
        page.coming.push(ComingRow {
            body: short_name(meeting.body_id),
            answer: meeting.answer_of(person),
            may_answer: matches!(meeting.status, MeetingStatus::Planned | MeetingStatus::NoticeSent),
            meeting,
        });
    }

    let mut follow_ups = Vec::new();
    for body in &member_of {
        follow_ups.extend(state.store.assignment_follow_ups(*body, None).await?);
    }
    for (meeting, item) in state.store.assignments_to(person, &organisations, LIMIT).await? {
        for (position, assignment) in item.assignments.iter().enumerate() {
            let mine = assignment.assignee_person_id == Some(person)
                || assignment
                    .assignee_organisation_id
                    .is_some_and(|o| organisations.contains(&o));
            let status = assignment_status(&follow_ups, item.id, position, assignment.status);
            if mine && status != AssignmentStatus::Closed {
                page.assignments.push(TaskRow {
                    body: short_name(meeting.body_id),
                    text: format!("{}: {}", assignment.assignee, assignment.task),
                    due: assignment.due.as_ref().map(due_text),
                    overdue: is_overdue(assignment.due.as_ref(), status, today),
                    meeting: meeting.clone(),
                    item: item.clone(),
                });
            }
        }
    }

    for organisation in &organisations {
        for (meeting, item) in state.store.recommendations_to(*organisation, LIMIT).await? {
            let responses: Vec<RecommendationResponse> = state
                .store
                .responses(meeting.body_id, None)
                .await?
                .into_iter()
                .filter(|r| r.item_id == item.id)
                .collect();
            for (position, recommendation) in item.recommendations.iter().enumerate() {
                let addressed = recommendation.addressees.iter().any(
                    |a| matches!(a, Addressee::Organisation { organisation_id, .. } if organisation_id == organisation),
                );
                let answers: Vec<RecommendationResponse> = responses
                    .iter()
                    .filter(|r| r.position == position as i32)
                    .cloned()
                    .collect();
                if addressed && !pending_organisations(&[*organisation], &answers).is_empty() {
                    page.recommendations.push(TaskRow {
                        body: short_name(meeting.body_id),
                        text: recommendation.text.clone(),
                        due: None,
                        overdue: false,
                        meeting: meeting.clone(),
                        item: item.clone(),
                    });
                }
            }
        }
    }

    if !managed.is_empty() {
        page.secretary = true;
        // The bodies a secretary manages are among those they sit in: their follow-ups are read.
        for (meeting, item) in state.store.overdue_assignments(&managed, today, LIMIT).await? {
            for (position, assignment) in item.assignments.iter().enumerate() {
                let status = assignment_status(&follow_ups, item.id, position, assignment.status);
                if is_overdue(assignment.due.as_ref(), status, today) {
                    page.overdue.push(TaskRow {
                        body: short_name(meeting.body_id),
                        text: format!("{}: {}", assignment.assignee, assignment.task),
                        due: assignment.due.as_ref().map(due_text),
                        overdue: true,
                        meeting: meeting.clone(),
                        item: item.clone(),
                    });
                }
            }
        }
        for meeting in state.store.unpublished(&managed, LIMIT).await? {
            let body = short_name(meeting.body_id);
            page.unpublished.push((meeting, body));
        }
    }
    Ok(Html(page.render()?))
}

/// A member answers the notice: "kommer" or "förhinder". The secretary sees the answer in the
/// attendance and can call an ersättare.
async fn answer_notice(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut meeting = state.store.meeting(MeetingId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::ViewDrafts(meeting.body_id)).await?;
    let fields = crate::minutes::forms::Fields::from(fields);
    if fields.text("version").and_then(|v| v.parse::<i64>().ok()) != Some(meeting.version) {
        return Err(StoreError::Conflict.into());
    }
    let person = viewer
        .user
        .as_ref()
        .and_then(|u| u.person_id)
        .ok_or(AppError::Forbidden)?;
    let coming = match fields.text("answer").as_deref() {
        Some("kommer") => true,
        Some("forhinder") => false,
        _ => {
            return Err(AppError::BadInput(
                "Svara att du kommer eller att du har förhinder.".into(),
            ))
        }
    };
    let membership = state
        .store
        .memberships(meeting.body_id)
        .await?
        .into_iter()
        .find(|m| m.person_id == person && m.period.contains(meeting.date))
        .ok_or(AppError::Forbidden)?;
    let line = Attendance {
        person_id: Some(person),
        organisation_id: membership.organisation_id,
        organisation: None,
        name: Some(state.store.person(person).await?.name),
        title: None,
        role: Some(membership.role),
        voting: matches!(membership.role, Role::Ordforande | Role::ViceOrdforande | Role::Ledamot),
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    };
    meeting.answer_notice(line, coming).map_err(StoreError::from)?;
    state.store.update_meeting(&meeting).await?;
    Ok(Redirect::to("/mitt").into_response())
}

/// A person's own meetings (of every body they sit in, from a month back) as a calendar to
/// subscribe to; the address carries a secret of its own, since calendars cannot log in.
async fn own_calendar(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let token = token.trim_end_matches(".ics");
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::PageNotFound);
    }
    let user = state
        .store
        .user_by_calendar_token(token)
        .await?
        .ok_or(AppError::PageNotFound)?;
    let person = user.person_id.ok_or(AppError::PageNotFound)?;
    let today = today();
    let bodies = current_bodies(&state, person, today).await?;
    let from = today.checked_sub_days(chrono::Days::new(31)).unwrap_or(today);
    let meetings = state.store.coming_meetings(&bodies, from, 200).await?;
    let all = state.store.bodies().await?;
    let entries: Vec<(&Body, &Meeting)> = meetings
        .iter()
        .filter_map(|m| all.iter().find(|b| b.id == m.body_id).map(|b| (b, m)))
        .collect();
    let base = state.public_url.trim_end_matches('/').to_string();
    let ics = samverkan_mail::calendar_of(
        &format!("Mina sammanträden – {}", user.display_name),
        &entries,
        |m| format!("{base}/moten/{}", m.id),
        Utc::now(),
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        ics,
    )
        .into_response())
}

/// The bodies a person is a member of on `day`, from their own memberships in one read.
pub(crate) async fn current_bodies(
    state: &AppState,
    person: PersonId,
    day: chrono::NaiveDate,
) -> Result<Vec<BodyId>, AppError> {
    let mut bodies: Vec<BodyId> = state
        .store
        .memberships_of(person)
        .await?
        .into_iter()
        .filter(|m| m.period.contains(day))
        .map(|m| m.body_id)
        .collect();
    bodies.sort_by_key(|b| b.0);
    bodies.dedup();
    Ok(bodies)
}
