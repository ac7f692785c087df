//! The JSON API under `/api/v1`, described by `openapi.json` (served at `/api/v1/openapi.json`).
//!
//! The API shows what the public may see: confidential items are reduced to their number.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Json;
use chrono::{NaiveDate, NaiveTime};
use samverkan_domain::{Body, BodyId, Meeting, MeetingId, Protocol};
use serde::Serialize;

use crate::error::{parse_id, ApiError};
use crate::routes::Routes;
use crate::views::public_protocol;
use crate::AppState;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn routes() -> Routes {
    Routes::new()
        .route("/openapi.json", &["GET"], get(openapi))
        .route("/bodies", &["GET"], get(bodies))
        .route("/bodies/{id}", &["GET"], get(body))
        .route("/bodies/{id}/meetings", &["GET"], get(meetings))
        .route("/bodies/{id}/follow-up", &["GET"], get(follow_up))
        .route("/meetings/{id}", &["GET"], get(protocol))
        .with_router(|router| router.fallback(|| async { ApiError(crate::AppError::PageNotFound) }))
}

type ApiResult<T> = Result<Json<T>, ApiError>;

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn bodies(State(state): State<AppState>) -> ApiResult<Vec<Body>> {
    Ok(Json(state.store.bodies().await?))
}

async fn body(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Body> {
    Ok(Json(state.store.body(BodyId(parse_id(&id)?)).await?))
}

/// One meeting in a body's list: when, where, where it stands, and the hash once adjusted.
/// Its own type, so that nothing of a draft (attendance, adjusters, comments) can slip in.
#[derive(Serialize)]
struct MeetingSummary {
    id: i64,
    body_id: i64,
    date: NaiveDate,
    start_time: Option<NaiveTime>,
    end_time: Option<NaiveTime>,
    place: Option<String>,
    status: &'static str,
    content_sha256: Option<String>,
    published_on: Option<NaiveDate>,
    url: String,
}

impl From<&Meeting> for MeetingSummary {
    fn from(m: &Meeting) -> Self {
        MeetingSummary {
            id: m.id.0,
            body_id: m.body_id.0,
            date: m.date,
            start_time: m.start_time,
            end_time: m.end_time,
            place: m.place.clone(),
            status: m.status.code(),
            content_sha256: m.adjustment.content_sha256.clone(),
            published_on: m.publication.as_ref().map(|p| p.posted_on),
            url: format!("/api/v1/meetings/{}", m.id),
        }
    }
}

async fn meetings(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<MeetingSummary>> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    Ok(Json(
        state
            .store
            .meetings(body.id)
            .await?
            .iter()
            .map(MeetingSummary::from)
            .collect(),
    ))
}

/// Answers to recommendations, assignments, grants with balances, cost splits and agreements.
async fn follow_up(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<crate::follow_up::FollowUp> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    Ok(Json(
        crate::follow_up::follow_up(&state, body.id, chrono::Utc::now().date_naive()).await?,
    ))
}

async fn protocol(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Protocol> {
    let protocol = state.store.protocol(MeetingId(parse_id(&id)?)).await?;
    Ok(Json(public_protocol(protocol)))
}
