//! The secretary's work on the web: planning meetings, agendas, minutes, moving a meeting
//! along its life cycle, and the adjusters' approval that locks the protocol.
//!
//! Every handler asks the policy first ([`Viewer::require`]) and saves with the version it
//! read, so a stale save is a conflict and never overwrites someone else's work.

mod attachments;
pub(crate) use attachments::{media_type, MAX_UPLOAD_BYTES};
mod attendance;
mod changes;
mod dispatch;
pub(crate) mod forms;
mod proceedings_form;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Form;
use chrono::Utc;
use samverkan_domain::*;
use samverkan_storage::StoreError;

use crate::auth::{Action, Viewer};
use crate::error::parse_id;
use crate::nav::Nav;
use crate::once::{self, Outcome};
use crate::routes::Routes;
use crate::{AppError, AppState};
use forms::{Fields, FormError, ItemFields, Refusal};

pub fn routes() -> Routes {
    Routes::new()
        .merge(attachments::routes())
        .merge(changes::routes())
        .route(
            "/organ/{id}/moten/nytt",
            &["GET", "POST"],
            get(plan_form).post(plan_meeting),
        )
        .route("/moten/{id}/status", &["POST"], post(change_status))
        .route("/moten/{id}/kallelse", &["POST"], post(dispatch::send_notice))
        .route(
            "/moten/{id}/arenden/{item}/utdrag",
            &["POST"],
            post(dispatch::send_extract),
        )
        .route(
            "/moten/{id}/narvaro",
            &["GET", "POST"],
            get(attendance::attendance_form).post(attendance::save_attendance),
        )
        .route("/moten/{id}/justerare", &["POST"], post(add_adjuster))
        .route(
            "/moten/{id}/justerare/{index}/ta-bort",
            &["POST"],
            post(remove_adjuster),
        )
        .route("/moten/{id}/godkann", &["POST"], post(approve))
        .route(
            "/moten/{id}/arenden/nytt",
            &["GET", "POST"],
            get(new_item_form).post(add_item),
        )
        .route(
            "/moten/{id}/arenden/{item}",
            &["GET", "POST"],
            get(edit_item_form).post(save_item),
        )
        .route("/moten/{id}/arenden/{item}/rattelse", &["POST"], post(correct_later))
        .route("/moten/{id}/protokoll", &["GET"], get(minutes_page))
}

type Result<T, E = AppError> = std::result::Result<T, E>;

fn see(path: String) -> Response {
    Redirect::to(&path).into_response()
}

#[derive(Template)]
#[template(path = "plan_meeting.html")]
struct PlanPage {
    nav: Nav,
    body: Body,
    fields: Fields,
    error: Option<String>,
}

async fn plan_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Html<String>> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::ManageBody(body.id)).await?;
    let page = PlanPage {
        nav: Nav::of(&viewer),
        body,
        fields: Fields::default(),
        error: None,
    };
    Ok(Html(page.render()?))
}

async fn plan_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::ManageBody(body.id)).await?;
    let fields = Fields::from(fields);
    // One meeting, or a year's plan: the further dates get the same times and place.
    let planned = (|| -> Result<Vec<Meeting>, FormError> {
        let mut dates = vec![fields.date("date")?];
        for line in fields.value("more_dates").split(['\n', ',']).map(str::trim) {
            if !line.is_empty() {
                dates.push(forms::parse_date(line)?);
            }
        }
        dates
            .into_iter()
            .map(|date| {
                let mut meeting = Meeting::plan(
                    body.id,
                    date,
                    fields.time("start_time")?,
                    fields.time("end_time")?,
                    fields.text("place"),
                )?;
                meeting.video_link = fields.text("video_link");
                Ok(meeting)
            })
            .collect()
    })();
    let token = fields.text(once::FIELD);
    let fallback = format!("/organ/{}", body.id);
    once::run(&state, token, &fallback, async {
        match planned {
            Ok(meetings) => {
                let mut first = None;
                for meeting in meetings {
                    let stored = state.store.create_meeting(&meeting).await?;
                    if fields.text("standard_items").is_some() {
                        add_standard_items(&state, &stored).await?;
                    }
                    state.reindex(stored.id).await;
                    first.get_or_insert(stored.id);
                }
                let first = first.expect("at least the first date");
                Ok(Outcome::Done(format!("/moten/{first}")))
            }
            Err(error) => {
                let page = PlanPage {
                    nav: Nav::of(&viewer),
                    body: body.clone(),
                    fields: fields.clone(),
                    error: Some(error.to_string()),
                };
                Ok(Outcome::Refused(
                    (StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response(),
                ))
            }
        }
    })
    .await
}

/// The items every meeting opens with.
const STANDARD_ITEMS: [&str; 4] = [
    "Mötet öppnas",
    "Val av justerare",
    "Godkännande av dagordning",
    "Föregående protokoll",
];

/// Puts the standard opening items on a new meeting's agenda, numbered by the body's rule,
/// followed by what falls due at it: tabled items and open assignments of earlier meetings, and
/// the yearly duties of the body's agreements.
async fn add_standard_items(state: &AppState, meeting: &Meeting) -> Result<()> {
    let mut items: Vec<Item> = STANDARD_ITEMS
        .into_iter()
        .map(|title| Item::new(ItemNumber::paragraph(0), title))
        .collect();
    // Where assignments stand is followed up beside the protocols; it decides what comes back.
    let follow_ups = state.store.assignment_follow_ups(meeting.body_id, None).await?;
    // Only what can come back is read: tabled items and items with assignments.
    let mut earlier = state.store.returning_items(meeting.body_id, meeting.date).await?;
    for (_, items) in &mut earlier {
        for item in items {
            let id = item.id;
            for (position, assignment) in item.assignments.iter_mut().enumerate() {
                assignment.status = assignment_status(&follow_ups, id, position, assignment.status);
            }
        }
    }
    let agreements = state.store.agreements(meeting.body_id).await?;
    items.extend(carried_over(&earlier, &agreements, meeting, 0));
    let series = state.store.series(meeting.id).await?;
    let numbers = suggest_numbers(meeting.id, meeting.date, &series, items.len());
    for ((position, mut item), number) in items.into_iter().enumerate().zip(numbers) {
        item.meeting_id = meeting.id;
        item.position = position as i32;
        item.number = number;
        state.store.add_item(&item).await?;
    }
    Ok(())
}

/// Loads a meeting and checks that the viewer manages its body.
async fn managed_meeting(state: &AppState, viewer: &Viewer, id: &str) -> Result<Meeting> {
    let meeting = state.store.meeting(MeetingId(parse_id(id)?)).await?;
    viewer.require(state, Action::ManageBody(meeting.body_id)).await?;
    Ok(meeting)
}

/// Loads a managed meeting for a submitted form, refusing one built on an older version.
async fn current_meeting(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    fields: Vec<(String, String)>,
) -> Result<(Meeting, Fields)> {
    let meeting = managed_meeting(state, viewer, id).await?;
    let fields = Fields::from(fields);
    ensure_current(&meeting, &fields)?;
    Ok((meeting, fields))
}

/// Refuses a form built on an older version of the meeting than the stored one.
fn ensure_current(meeting: &Meeting, fields: &Fields) -> Result<()> {
    if fields.text("version").and_then(|v| v.parse::<i64>().ok()) == Some(meeting.version) {
        Ok(())
    } else {
        Err(StoreError::Conflict.into())
    }
}

async fn change_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (mut meeting, fields) = current_meeting(&state, &viewer, &id, fields).await?;
    let to = fields
        .text("to")
        .and_then(|code| MeetingStatus::from_code(&code))
        .filter(|to| *to != MeetingStatus::Adjusted)
        .ok_or_else(|| AppError::BadInput("Okänd status.".into()))?;
    meeting.transition(to, None, Utc::now()).map_err(StoreError::from)?;
    if to == MeetingStatus::Published && meeting.publication.is_none() {
        // Up on the board for the body's own posting period.
        let body = state.store.body(meeting.body_id).await?;
        meeting.publication = Some(body.notice_from(Utc::now().date_naive()));
    }
    let meeting = state.store.update_meeting(&meeting).await?;
    state.reindex(meeting.id).await;
    if to == MeetingStatus::Cancelled {
        dispatch::announce_cancellation(&state, &viewer, &meeting).await?;
    }
    Ok(see(format!("/moten/{}", meeting.id)))
}

async fn add_adjuster(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (mut meeting, fields) = current_meeting(&state, &viewer, &id, fields).await?;
    meeting.ensure_editable().map_err(StoreError::from)?;
    let person_id = fields
        .text("person_id")
        .and_then(|id| id.parse().ok())
        .map(PersonId)
        .ok_or_else(|| AppError::BadInput("Välj en person.".into()))?;
    let person = state.store.person(person_id).await?;
    let role = match fields.text("role").as_deref() {
        Some("chair") => AdjusterRole::Chair,
        _ => AdjusterRole::Adjuster,
    };
    meeting
        .add_adjuster(Adjuster {
            person_id: Some(person.id),
            name: person.name,
            role,
            approved_at: None,
            approved_sha256: None,
            comment: None,
        })
        .map_err(StoreError::from)?;
    state.store.update_meeting(&meeting).await?;
    Ok(see(format!("/moten/{}", meeting.id)))
}

/// Removes a place to sign, before the minutes go out for adjustment.
async fn remove_adjuster(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, index)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (mut meeting, _) = current_meeting(&state, &viewer, &id, fields).await?;
    let index: usize = index.parse().map_err(|_| AppError::PageNotFound)?;
    meeting.remove_adjuster(index).map_err(StoreError::from)?;
    state.store.update_meeting(&meeting).await?;
    Ok(see(format!("/moten/{}", meeting.id)))
}

/// An adjuster approves the protocol as it stands; the approval that completes the chair's and
/// every adjuster's on the same content locks it (a domain command, run by the store in one
/// transaction).
async fn approve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let mut meeting = state.store.meeting(MeetingId(parse_id(&id)?)).await?;
    viewer.require(&state, Action::Approve(&meeting)).await?;
    let fields = Fields::from(fields);
    ensure_current(&meeting, &fields)?;
    let person = viewer
        .user
        .as_ref()
        .and_then(|u| u.person_id)
        .ok_or(AppError::Forbidden)?;
    if fields.text("action").as_deref() == Some("comment") {
        // A comment asks the secretary for a change; it approves nothing.
        meeting.ensure_editable().map_err(StoreError::from)?;
        let comment = fields
            .text("comment")
            .ok_or_else(|| AppError::BadInput("Skriv en kommentar.".into()))?;
        let adjuster = meeting
            .adjustment
            .adjusters
            .iter_mut()
            .find(|a| a.person_id == Some(person) && a.approves())
            .ok_or(AppError::Forbidden)?;
        adjuster.comment = Some(comment);
        state.store.update_meeting(&meeting).await?;
        return Ok(see(format!("/moten/{}", meeting.id)));
    }
    let (meeting, _) = state
        .store
        .approve(meeting.id, meeting.version, person, fields.text("comment"), Utc::now())
        .await?;
    state.reindex(meeting.id).await;
    Ok(see(format!("/moten/{}", meeting.id)))
}

#[derive(Template)]
#[template(path = "item_form.html")]
struct ItemPage {
    nav: Nav,
    meeting: Meeting,
    body: Body,
    /// None for a new item.
    item_id: Option<ItemId>,
    fields: ItemFields,
    organisations: Vec<Organisation>,
    /// The body's other open meetings, to move the item to.
    move_targets: Vec<Meeting>,
    error: Option<Refusal>,
}

impl ItemPage {
    /// Whether the refusal is about the field with this id (to mark it and show it there).
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().and_then(|e| e.field) == Some(field)
    }

    /// The attributes that tie a refused field to its message and give it the focus (the
    /// field ids are the template's own words, never input).
    fn aria(&self, field: &str) -> String {
        if self.invalid(field) {
            format!(r#" aria-invalid="true" aria-describedby="{field}-error" autofocus"#)
        } else {
            String::new()
        }
    }

    fn error_message(&self) -> &str {
        self.error.as_ref().map(|e| e.message.as_str()).unwrap_or_default()
    }
}

async fn item_page(
    state: &AppState,
    viewer: &Viewer,
    meeting: Meeting,
    item_id: Option<ItemId>,
    fields: ItemFields,
    error: Option<Refusal>,
) -> Result<ItemPage> {
    let mut fields = fields;
    if let Some(id) = item_id {
        // The attachments as stored, whatever the form sent.
        fields.attachments = ItemFields::from_item(&state.store.item(id).await?).attachments;
    }
    // Meetings some years either side; a page shows its neighbours, not the whole archive.
    let around = |years: i64| meeting.date.checked_add_signed(chrono::Duration::days(365 * years));
    let move_targets = match (item_id, around(-1), around(2)) {
        (Some(_), Some(from), Some(until)) => state
            .store
            .meetings_between(meeting.body_id, from, until, 0, 100)
            .await?
            .into_iter()
            .filter(|m| {
                m.id != meeting.id && m.ensure_editable().is_ok() && m.status != MeetingStatus::SentForAdjustment
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(ItemPage {
        nav: Nav::of(viewer),
        move_targets,
        body: state.store.body(meeting.body_id).await?,
        organisations: recipients(state, &meeting, item_id).await?,
        meeting,
        item_id,
        fields,
        error,
    })
}

/// The organisations a recommendation of `meeting` can go to: the body's member organisations
/// (every organisation when the body has none registered), and any the item already addresses.
async fn recipients(state: &AppState, meeting: &Meeting, item: Option<ItemId>) -> Result<Vec<Organisation>> {
    let members: Vec<OrganisationId> = state
        .store
        .memberships(meeting.body_id)
        .await?
        .into_iter()
        .filter(|m| m.period.contains(meeting.date))
        .filter_map(|m| m.organisation_id)
        .collect();
    let addressed: Vec<OrganisationId> = match item {
        Some(id) => state
            .store
            .item(id)
            .await?
            .recommendations
            .iter()
            .flat_map(|r| &r.addressees)
            .filter_map(|a| match a {
                Addressee::Organisation { organisation_id, .. } => Some(*organisation_id),
                Addressee::Group { .. } => None,
            })
            .collect(),
        None => Vec::new(),
    };
    let all = state.store.organisations().await?;
    if members.is_empty() {
        return Ok(all);
    }
    Ok(all
        .into_iter()
        .filter(|o| members.contains(&o.id) || addressed.contains(&o.id))
        .collect())
}

async fn new_item_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    meeting.ensure_editable().map_err(StoreError::from)?;
    let number = next_number(&state, &meeting).await?;
    let mut fields = ItemFields::for_new(&number);
    // A recommendation goes to every member organisation unless the secretary says otherwise.
    fields.recommendation_to = recipients(&state, &meeting, None)
        .await?
        .iter()
        .map(|o| o.id.0)
        .collect();
    Ok(Html(
        item_page(&state, &viewer, meeting, None, fields, None)
            .await?
            .render()?,
    ))
}

/// The § number to suggest for a new item of `meeting`, by the body's series.
async fn next_number(state: &AppState, meeting: &Meeting) -> Result<ItemNumber> {
    let series = state.store.series(meeting.id).await?;
    Ok(suggest_number(meeting.id, meeting.date, &series))
}

async fn add_item(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let token = fields.text(once::FIELD);
    let fallback = format!("/moten/{}", meeting.id);
    once::run(&state, token, &fallback, async {
        let fields = ItemFields::from(fields);
        let position = state.store.items(meeting.id).await?.len() as i32;
        let organisations = recipients(&state, &meeting, None).await?;
        let mut item = Item::new(ItemNumber::paragraph(1), "");
        item.meeting_id = meeting.id;
        item.position = position;
        let refusal = match fields.apply(&mut item, &organisations) {
            Ok(()) => {
                let before = state.hash_before_change(&meeting).await?;
                match state.store.add_item(&item).await {
                    Ok(stored) => {
                        state.changed(meeting.id, before).await;
                        return Ok(Outcome::Done(format!("/moten/{}#p{}", meeting.id, stored.position)));
                    }
                    Err(StoreError::Domain(error)) => Refusal::from(error),
                    Err(other) => return Err(other.into()),
                }
            }
            Err(error) => Refusal::from(error),
        };
        let page = item_page(&state, &viewer, meeting.clone(), None, fields, Some(refusal)).await?;
        Ok(Outcome::Refused(
            (StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response(),
        ))
    })
    .await
}

async fn edit_item_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let item = meeting_item(&state, &meeting, &item_id).await?;
    let fields = ItemFields::from_item(&item);
    Ok(Html(
        item_page(&state, &viewer, meeting, Some(item.id), fields, None)
            .await?
            .render()?,
    ))
}

async fn meeting_item(state: &AppState, meeting: &Meeting, item_id: &str) -> Result<Item> {
    let item = state.store.item(ItemId(parse_id(item_id)?)).await?;
    if item.meeting_id != meeting.id {
        return Err(AppError::PageNotFound);
    }
    Ok(item)
}

async fn save_item(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let stored = meeting_item(&state, &meeting, &item_id).await?;
    let fields = Fields::from(fields);
    // Saved from the one-page minutes, the secretary goes back there, to the same §.
    let back_to_minutes = fields.text("return").as_deref() == Some("protokoll");
    let mut fields = ItemFields::from(fields);
    let organisations = recipients(&state, &meeting, Some(stored.id)).await?;
    let mut item = stored.clone();
    let before = state.hash_before_change(&meeting).await?;
    let (status, refusal) = match fields.apply(&mut item, &organisations) {
        Ok(()) => match state.store.update_item(&item).await {
            Ok(saved) => {
                state.changed(meeting.id, before).await;
                return Ok(see(if back_to_minutes {
                    format!("/moten/{}/protokoll#item-{}", meeting.id, saved.id)
                } else {
                    format!("/moten/{}#p{}", meeting.id, saved.position)
                }));
            }
            // Keep what the user wrote, and let a deliberate second save win over the newer version.
            Err(StoreError::Conflict) => {
                fields.version = stored.version;
                (StatusCode::CONFLICT, Refusal::general(StoreError::Conflict.to_string()))
            }
            Err(StoreError::Domain(error)) => (StatusCode::UNPROCESSABLE_ENTITY, Refusal::from(error)),
            Err(other) => return Err(other.into()),
        },
        Err(error) => (StatusCode::UNPROCESSABLE_ENTITY, Refusal::from(error)),
    };
    let page = item_page(&state, &viewer, meeting, Some(stored.id), fields, Some(refusal)).await?;
    Ok((status, Html(page.render()?)).into_response())
}

/// An adjusted protocol never changes: a correction is a new item at a later, open meeting of
/// the same body, linked to the item it corrects.
async fn correct_later(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let item = meeting_item(&state, &meeting, &item_id).await?;
    let fields = Fields::from(fields);
    let target = fields
        .text("target")
        .and_then(|t| t.parse().ok())
        .map(MeetingId)
        .ok_or_else(|| AppError::BadInput("Välj det sammanträde där rättelsen ska tas upp.".into()))?;
    let target = state.store.meeting(target).await?;
    if target.body_id != meeting.body_id || target.date <= meeting.date {
        return Err(AppError::BadInput(
            "Rättelsen tas upp vid ett senare sammanträde med samma organ.".into(),
        ));
    }
    target.ensure_editable().map_err(StoreError::from)?;
    let token = fields.text(once::FIELD);
    let fallback = format!("/moten/{}", target.id);
    once::run(&state, token, &fallback, async {
        let number = next_number(&state, &target).await?;
        let mut correction = Item::new(
            number,
            format!(
                "Rättelse av § {} i protokollet {}: {}",
                item.number, meeting.date, item.title
            ),
        );
        correction.meeting_id = target.id;
        correction.position = state.store.items(target.id).await?.len() as i32;
        correction.follows_up = Some(item.id);
        let stored = state.store.add_item(&correction).await?;
        state.reindex(target.id).await;
        Ok(Outcome::Done(format!("/moten/{}/arenden/{}", target.id, stored.id)))
    })
    .await
}

/// One § on the one-page minutes: the item and its form as it stands.
struct MinutesItem {
    item: Item,
    fields: ItemFields,
}

#[derive(Template)]
#[template(path = "minutes.html")]
struct MinutesPage {
    nav: Nav,
    body: Body,
    meeting: Meeting,
    items: Vec<MinutesItem>,
    organisations: Vec<Organisation>,
    present: usize,
    apologies: usize,
}

/// The minutes on one page, to write during the meeting: the attendance at the top, then
/// every § with its own form (notes, decision, recommendation, assignment, outcome), saved
/// one § at a time — without JavaScript as a plain form that comes back here, with it in
/// place. Each form carries its item's version, so a conflicting save is refused as on the
/// item's own page.
async fn minutes_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    meeting.ensure_editable().map_err(StoreError::from)?;
    let items = state
        .store
        .items(meeting.id)
        .await?
        .into_iter()
        .map(|item| MinutesItem {
            fields: ItemFields::from_item(&item),
            item,
        })
        .collect();
    let count = |status: AttendanceStatus| meeting.attendance.iter().filter(|a| a.status == status).count();
    let page = MinutesPage {
        nav: Nav::of(&viewer),
        body: state.store.body(meeting.body_id).await?,
        organisations: recipients(&state, &meeting, None).await?,
        present: count(AttendanceStatus::Present),
        apologies: count(AttendanceStatus::Apologies),
        items,
        meeting,
    };
    Ok(Html(page.render()?))
}
