//! Changing what was planned or written while the protocol is open: a meeting moved to
//! another day or place, or deleted; an item deleted or moved to another meeting; an
//! attachment removed. Every change is saved with the version it was made on.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use samverkan_domain::*;
use samverkan_storage::StoreError;

use super::{current_meeting, ensure_current, managed_meeting, meeting_item, see, Fields, Result};
use crate::auth::Viewer;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/moten/{id}/andra",
            &["GET", "POST"],
            get(edit_meeting_form).post(save_meeting),
        )
        .route("/moten/{id}/ta-bort", &["POST"], post(delete_meeting))
        .route("/moten/{id}/arenden/{item}/ta-bort", &["POST"], post(delete_item))
        .route("/moten/{id}/arenden/{item}/flytta", &["POST"], post(move_item))
        .route(
            "/moten/{id}/arenden/{item}/bilagor/{index}/ta-bort",
            &["POST"],
            post(remove_attachment),
        )
}

#[derive(Template)]
#[template(path = "meeting_form.html")]
struct MeetingForm {
    nav: Nav,
    meeting: Meeting,
    body: Body,
    fields: Fields,
    error: Option<String>,
}

async fn edit_meeting_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    meeting.ensure_editable().map_err(StoreError::from)?;
    let time = |t: Option<chrono::NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let fields = Fields::from(vec![
        ("date".to_string(), meeting.date.to_string()),
        ("start_time".to_string(), time(meeting.start_time)),
        ("end_time".to_string(), time(meeting.end_time)),
        ("place".to_string(), meeting.place.clone().unwrap_or_default()),
        ("video_link".to_string(), meeting.video_link.clone().unwrap_or_default()),
        ("version".to_string(), meeting.version.to_string()),
    ]);
    let page = MeetingForm {
        nav: Nav::of(&viewer),
        body: state.store.body(meeting.body_id).await?,
        meeting,
        fields,
        error: None,
    };
    Ok(Html(page.render()?))
}

/// Moves the meeting to another day, time or place; the form comes back with what was typed
/// when the change is refused.
async fn save_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let fields = Fields::from(fields);
    let mut changed = meeting.clone();
    let refusal = match (|| -> Result<(), super::FormError> {
        changed.reschedule(
            fields.date("date")?,
            fields.time("start_time")?,
            fields.time("end_time")?,
            fields.text("place"),
            fields.text("video_link"),
        )?;
        Ok(())
    })() {
        Ok(()) => {
            ensure_current(&meeting, &fields)?;
            match state.store.update_meeting(&changed).await {
                Ok(saved) => {
                    state.reindex(saved.id).await;
                    return Ok(see(format!("/moten/{}", saved.id)));
                }
                Err(StoreError::Domain(error)) => error.to_string(),
                Err(other) => return Err(other.into()),
            }
        }
        Err(error) => error.to_string(),
    };
    let page = MeetingForm {
        nav: Nav::of(&viewer),
        body: state.store.body(meeting.body_id).await?,
        meeting,
        fields,
        error: Some(refusal),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// Deletes a meeting planned by mistake (or cancelled) with its items; the secretary confirms
/// it in the form.
async fn delete_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (meeting, fields) = current_meeting(&state, &viewer, &id, fields).await?;
    meeting.ensure_deletable().map_err(StoreError::from)?;
    if fields.text("confirm").as_deref() != Some("ja") {
        return Err(AppError::BadInput(
            "Kryssa i att sammanträdet och dess ärenden ska tas bort.".into(),
        ));
    }
    state.store.delete_meeting(meeting.id, meeting.version).await?;
    state.reindex(meeting.id).await;
    Ok(see(format!("/organ/{}", meeting.body_id)))
}

/// Loads an item of a managed, open meeting for a form sent with the item's version.
async fn current_item(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    item_id: &str,
    fields: &Fields,
) -> Result<(Meeting, Item)> {
    let meeting = managed_meeting(state, viewer, id).await?;
    meeting.ensure_editable().map_err(StoreError::from)?;
    let item = meeting_item(state, &meeting, item_id).await?;
    if fields.text("version").and_then(|v| v.parse::<i64>().ok()) != Some(item.version) {
        return Err(StoreError::Conflict.into());
    }
    Ok((meeting, item))
}

async fn delete_item(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let fields = Fields::from(fields);
    let (meeting, item) = current_item(&state, &viewer, &id, &item_id, &fields).await?;
    let before = state.hash_before_change(&meeting).await?;
    state.store.delete_item(item.id, item.version).await?;
    state.changed(meeting.id, before).await;
    Ok(see(format!("/moten/{}", meeting.id)))
}

/// Moves an item to another open meeting of the same body (the next one, when it is put off),
/// where it takes the next number of that meeting.
async fn move_item(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let fields = Fields::from(fields);
    let (meeting, item) = current_item(&state, &viewer, &id, &item_id, &fields).await?;
    let target = fields
        .text("target")
        .and_then(|t| t.parse().ok())
        .map(MeetingId)
        .ok_or_else(|| AppError::BadInput("Välj det sammanträde ärendet ska flyttas till.".into()))?;
    let target = state.store.meeting(target).await?;
    if target.body_id != meeting.body_id || target.id == meeting.id {
        return Err(AppError::BadInput(
            "Ett ärende kan flyttas till ett annat sammanträde med samma organ.".into(),
        ));
    }
    target.ensure_editable().map_err(StoreError::from)?;
    let before = state.hash_before_change(&meeting).await?;
    let target_before = state.hash_before_change(&target).await?;
    // The item leaves its number behind: the suggestion is made without it.
    let mut series = state.store.series(target.id).await?;
    series.retain(|n| n.item != item.id);
    let number = suggest_number(target.id, target.date, &series);
    let moved = Item {
        meeting_id: target.id,
        number,
        ..item
    };
    let saved = state.store.update_item(&moved).await?;
    state.changed(meeting.id, before).await;
    state.changed(target.id, target_before).await;
    Ok(see(format!("/moten/{}#p{}", target.id, saved.position)))
}

async fn remove_attachment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id, index)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let fields = Fields::from(fields);
    let (meeting, mut item) = current_item(&state, &viewer, &id, &item_id, &fields).await?;
    let index: usize = index.parse().map_err(|_| AppError::PageNotFound)?;
    if index >= item.attachments.len() {
        return Err(AppError::PageNotFound);
    }
    item.attachments.remove(index);
    let before = state.hash_before_change(&meeting).await?;
    state.store.update_item(&item).await?;
    state.changed(meeting.id, before).await;
    Ok(see(format!("/moten/{}/arenden/{}", meeting.id, item.id)))
}
