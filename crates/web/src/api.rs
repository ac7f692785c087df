//! The JSON API under `/api/v1`, described by `openapi.json` (served at `/api/v1/openapi.json`).
//!
//! The API shows what the public may see: confidential items are reduced to their number.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use samverkan_domain::{Body, BodyId, Meeting, MeetingId, Protocol};

use crate::error::{parse_id, ApiError};
use crate::views::public_protocol;
use crate::AppState;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/bodies", get(bodies))
        .route("/bodies/{id}", get(body))
        .route("/bodies/{id}/meetings", get(meetings))
        .route("/bodies/{id}/follow-up", get(follow_up))
        .route("/meetings/{id}", get(protocol))
        .fallback(|| async { ApiError(crate::AppError::PageNotFound) })
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

async fn meetings(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<Meeting>> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    Ok(Json(state.store.meetings(body.id).await?))
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
