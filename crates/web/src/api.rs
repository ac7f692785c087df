//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document generated from these
//! handlers and the response types (`ApiDoc`, served at `/api/v1/openapi.json`).
//!
//! The API shows what the public may see (`views::public_protocol`), in its own response types
//! (`api_types`): confidential items are reduced to their number.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use samverkan_domain::{BodyId, MeetingId};

use crate::api_types::{BodyResponse, ErrorResponse, Links, MeetingList, MeetingSummary, ProtocolResponse};

use crate::error::{parse_id, ApiError};
use crate::immutable;
use crate::routes::Routes;
use crate::views::public_protocol;
use crate::AppState;

/// The OpenAPI description of the API, generated from the handlers' annotations.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Samverkan",
        version = env!("CARGO_PKG_VERSION"),
        description = "Public protocols of Swedish regional collaboration bodies in health and social care: bodies, meetings, adjusted protocols and their follow-up. Only what the public may see; confidential items by number only."
    ),
    servers((url = "/api/v1")),
    paths(openapi, bodies, body, meetings, follow_up, protocol, crate::search::search_api),
    components(schemas(crate::api_types::ErrorResponse))
)]
pub struct ApiDoc;

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

/// This document.
#[utoipa::path(get, path = "/openapi.json", responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
async fn openapi() -> impl IntoResponse {
    use utoipa::OpenApi;
    let document = ApiDoc::openapi().to_json().unwrap_or_else(|_| "{}".to_string());
    ([(header::CONTENT_TYPE, "application/json")], document)
}

/// Every collaboration body.
#[utoipa::path(get, path = "/bodies", responses((status = 200, description = "The bodies", body = Vec<BodyResponse>)))]
async fn bodies(State(state): State<AppState>) -> ApiResult<Vec<BodyResponse>> {
    Ok(Json(
        state.store.bodies().await?.iter().map(BodyResponse::from).collect(),
    ))
}

/// One body.
#[utoipa::path(get, path = "/bodies/{id}", params(("id" = i64, Path, description = "The body's id")),
    responses((status = 200, description = "The body", body = BodyResponse), (status = 404, description = "No such body", body = ErrorResponse)))]
async fn body(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<BodyResponse> {
    Ok(Json(BodyResponse::from(
        &state.store.body(BodyId(parse_id(&id)?)).await?,
    )))
}

/// How many meetings one page of a body's list holds.
const MEETINGS_PER_PAGE: i64 = 100;
/// The last page of a body's list anyone may ask for.
const MAX_MEETINGS_PAGE: i64 = 10_000;

#[derive(serde::Deserialize)]
struct PageQuery {
    sida: Option<String>,
}

/// A body's meetings a page at a time, oldest first, with the next page's address
/// (`links.next`, as OParl lists have it) while there are more.
#[utoipa::path(get, path = "/bodies/{id}/meetings",
    params(("id" = i64, Path, description = "The body's id"), ("sida" = Option<i64>, Query, description = "The page, from 1 to 10 000", minimum = 1, maximum = 10000)),
    responses((status = 200, description = "One page of the body's meetings", body = MeetingList),
        (status = 404, description = "No such body", body = ErrorResponse),
        (status = 422, description = "A page number out of range", body = ErrorResponse)))]
async fn meetings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> ApiResult<MeetingList> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let page = match query.sida.as_deref() {
        None => 1,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=MAX_MEETINGS_PAGE).contains(p))
            .ok_or_else(|| crate::AppError::BadInput(format!("Ange ett sidnummer från 1 till {MAX_MEETINGS_PAGE}.")))?,
    };
    let mut found = state
        .store
        .meeting_listings(body.id, (page - 1) * MEETINGS_PER_PAGE, MEETINGS_PER_PAGE + 1)
        .await?;
    let more = found.len() as i64 > MEETINGS_PER_PAGE;
    found.truncate(MEETINGS_PER_PAGE as usize);
    Ok(Json(MeetingList {
        data: found.iter().map(MeetingSummary::from).collect(),
        links: Links {
            next: more.then(|| format!("/api/v1/bodies/{}/meetings?sida={}", body.id, page + 1)),
        },
    }))
}

/// Answers to recommendations, assignments, grants with balances, cost splits and agreements.
#[utoipa::path(get, path = "/bodies/{id}/follow-up", params(("id" = i64, Path, description = "The body's id"),
        ("ar" = Option<i32>, Query, description = "The year of the meetings whose recommendations and assignments are listed; by default the body's latest year with meetings")),
    responses((status = 200, description = "The body's follow-up for one year", body = crate::follow_up::FollowUp),
        (status = 404, description = "No such body", body = ErrorResponse),
        (status = 422, description = "The year is not a year", body = ErrorResponse)))]
async fn follow_up(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<YearQuery>,
) -> ApiResult<crate::follow_up::FollowUp> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let (year, _) = crate::pages::archive_year(&state, body.id, query.ar.as_deref()).await?;
    let members = state.store.member_organisations(body.id).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(Json(
        crate::follow_up::follow_up(&state, body.id, &members, year, today).await?,
    ))
}

#[derive(serde::Deserialize)]
struct YearQuery {
    ar: Option<String>,
}

/// A meeting's protocol as the public may read it: before adjustment the agenda only. An
/// adjusted protocol carries its content hash as ETag and answers 304 to a matching If-None-Match.
#[utoipa::path(get, path = "/meetings/{id}", params(("id" = i64, Path, description = "The meeting's id")),
    responses((status = 200, description = "The protocol", body = ProtocolResponse),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 404, description = "No such meeting", body = ErrorResponse)))]
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
