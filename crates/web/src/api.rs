//! The JSON API under `/api/v1`, described by `openapi.json` (served at `/api/v1/openapi.json`).
//!
//! The API shows what the public may see (`views::public_protocol`), in its own response types
//! (`api_types`): confidential items are reduced to their number.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use samverkan_domain::{BodyId, MeetingId};

use crate::api_types::{BodyResponse, MeetingSummary, ProtocolResponse};

use crate::error::{parse_id, ApiError};
use crate::immutable;
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

async fn bodies(State(state): State<AppState>) -> ApiResult<Vec<BodyResponse>> {
    Ok(Json(
        state.store.bodies().await?.iter().map(BodyResponse::from).collect(),
    ))
}

async fn body(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<BodyResponse> {
    Ok(Json(BodyResponse::from(
        &state.store.body(BodyId(parse_id(&id)?)).await?,
    )))
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

async fn protocol(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let protocol = state.store.protocol(MeetingId(parse_id(&id)?)).await?;
    let etag = immutable::etag(&protocol.meeting, "json");
    if let Some(response) = immutable::not_modified(&request, etag.as_deref()) {
        return Ok(response);
    }
    let response = Json(ProtocolResponse::from(&public_protocol(protocol))).into_response();
    Ok(immutable::tagged(response, etag.as_deref(), true))
}
